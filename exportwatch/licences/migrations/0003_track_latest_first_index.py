"""Each track's latest step first (DESC NULLS LAST), for current-status lookups; PostgreSQL only.

`LicenceApplication.objects.with_current_status()` reads one row per track in `latest_first` order;
without this index every track's steps are sorted (0.9 s for a company page at 1M steps). SQLite
cannot index NULLS LAST, and the embedded demo does not need it.
"""

from django.db import migrations

INDEX = "licences_sc_application_latest_first"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON licences_statuschange "
            "(application_id, event_date DESC NULLS LAST, reported_at DESC, id DESC) INCLUDE (review_state, status)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("licences", "0002_timeline_indexes"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
    ]
