"""The starter sources, disabled unless STARTER_SOURCES_ENABLED is on where the migration runs."""

from django.db import migrations


def load(apps, schema_editor):
    from exportwatch.ingest.starter_sources import load_starter_sources

    load_starter_sources(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("ingest", "0005_source_kind_federal_register"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
