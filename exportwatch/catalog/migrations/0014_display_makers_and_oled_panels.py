"""Samsung Display and LG Display, and the OLED panels they asked licences for when the 2020 Huawei rule
caught the US-made driver chips inside them."""

from django.db import migrations


def load_catalogue(apps, schema_editor):
    from exportwatch.catalog.reference import load_reference_catalogue

    load_reference_catalogue(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0013_materials_in_japanese_and_korean"),
    ]

    operations = [
        migrations.RunPython(load_catalogue, migrations.RunPython.noop),
    ]
