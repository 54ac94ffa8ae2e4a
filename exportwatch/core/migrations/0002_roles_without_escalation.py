"""Give the roles their current permissions: the admin role no longer changes accounts, history or login logs, and
no role deletes news items or ingest runs. It runs after every app's latest migration, so their permissions exist."""

from django.db import migrations

from exportwatch.core.roles import sync_roles


def update_roles(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_roles"),
        ("catalog", "0006_company_is_proposed"),
        ("ingest", "0002_news_item_content_history"),
        ("licences", "0004_evidence_append_only"),
    ]

    operations = [
        migrations.RunPython(update_roles, migrations.RunPython.noop),
    ]
