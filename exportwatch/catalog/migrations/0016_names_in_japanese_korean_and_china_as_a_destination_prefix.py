"""The toolmakers and design-software makers in Japanese and Korean script, and China as the Chinese and Japanese
press name it before a verb of trade ("对华出口", "対中輸出": exports to China)."""

from django.db import migrations


def load_catalogue(apps, schema_editor):
    from exportwatch.catalog.reference import load_reference_catalogue

    load_reference_catalogue(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0015_asml_model_numbers_alone"),
    ]

    operations = [
        migrations.RunPython(load_catalogue, migrations.RunPython.noop),
    ]
