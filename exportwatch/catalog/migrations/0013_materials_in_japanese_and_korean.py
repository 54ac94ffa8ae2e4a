"""The materials of Japan's 2019 controls on South Korea as Japanese and Korean press names them ("フッ化水素",
"불화수소", "フォトレジスト"), and "photo-resist" with its hyphen."""

from django.db import migrations


def load_catalogue(apps, schema_editor):
    from exportwatch.catalog.reference import load_reference_catalogue

    load_reference_catalogue(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0012_a100x_is_its_own_product"),
    ]

    operations = [
        migrations.RunPython(load_catalogue, migrations.RunPython.noop),
    ]
