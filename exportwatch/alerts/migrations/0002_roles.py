"""Give the roles their permissions on follows, alerts and digests, which exist only once this app's tables do: the
admin role reads them (as it reads users), no other role sees them in the admin."""

from django.db import migrations

from exportwatch.core.roles import sync_roles


def update_roles(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("alerts", "0001_initial"),
        ("screening", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(update_roles, migrations.RunPython.noop),
    ]
