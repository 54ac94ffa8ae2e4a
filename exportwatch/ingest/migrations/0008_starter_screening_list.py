"""The Consolidated Screening List as a starter source, for deployments that have the others already; disabled
unless STARTER_SOURCES_ENABLED is on where the migration runs."""

from django.db import migrations


def load(apps, schema_editor):
    from exportwatch.ingest.starter_sources import load_starter_sources

    load_starter_sources(apps, kind="csl")


class Migration(migrations.Migration):
    dependencies = [
        ("ingest", "0007_source_kind_screening_list"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
