"""ASML's immersion scanners by their bare model numbers ("the 1970i and 1980i"), as news often writes them."""

from django.db import migrations


def load_catalogue(apps, schema_editor):
    from exportwatch.catalog.reference import load_reference_catalogue

    load_reference_catalogue(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0014_display_makers_and_oled_panels"),
    ]

    operations = [
        migrations.RunPython(load_catalogue, migrations.RunPython.noop),
    ]
