"""The places export-control news names most, in the other languages that news comes in ("Chine", "Cina",
"Trung Quốc", "Çin"), from pycountry's translations."""

from django.db import migrations


def load_catalogue(apps, schema_editor):
    from exportwatch.catalog.reference import load_reference_catalogue

    load_reference_catalogue(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0017_lithography_machines_in_dutch_german_japanese_and_korean"),
    ]

    operations = [
        migrations.RunPython(load_catalogue, migrations.RunPython.noop),
    ]
