"""Load the reference catalogue (countries, companies, chips, authorities, groups, rules) on migrate."""

from django.db import migrations


def load_catalogue(apps, schema_editor):
    from exportwatch.catalog.reference import load_reference_catalogue

    load_reference_catalogue(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0001_initial"),
    ]

    operations = [
        # Reversing keeps the rows: editors may have built on them, and the tables go with 0001 anyway.
        migrations.RunPython(load_catalogue, migrations.RunPython.noop),
    ]
