"""The latest-first index also carries each step's date precision, so the status matrix reads a track's current
step from the index alone (PostgreSQL only, as the index itself)."""

from django.db import migrations

INDEX = "licences_sc_application_latest_first"
COLUMNS = "(application_id, event_date DESC NULLS LAST, reported_at DESC, id DESC)"


def include(columns: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
            schema_editor.execute(f"CREATE INDEX {INDEX} ON licences_statuschange {COLUMNS} INCLUDE ({columns})")

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("licences", "0004_evidence_append_only"),
    ]

    operations = [
        migrations.RunPython(include("review_state, status, date_precision"), include("review_state, status")),
    ]
