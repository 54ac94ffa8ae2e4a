"""Give the roles their screening-list permissions, which exist only once this app's tables do."""

from django.db import migrations

from exportwatch.core.roles import sync_roles


def update_roles(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):

    # After every app whose permissions the roles name, so the order migrations run in changes nothing.
    dependencies = [
        ("core", "0002_roles_without_escalation"),
        ("screening", "0001_initial"),
        ("axes", "0010_accessattemptexpiration"),
        ("pghistory", "0007_auto_20250421_0444"),
    ]

    operations = [
        migrations.RunPython(update_roles, migrations.RunPython.noop),
    ]
