"""Create the role groups (viewer, analyst, editor, admin) with their permissions, as defined in core/roles.py."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

from exportwatch.core.roles import ROLES, sync_roles


def create_all_permissions(apps):
    # Django creates permissions only after `migrate` finishes; the groups need them now.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, apps=apps, verbosity=0)


def create_roles(apps, schema_editor):
    create_all_permissions(apps)
    sync_roles(apps)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("catalog", "0003_unique_category_name"),
        ("licences", "0001_initial"),
        ("ingest", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_roles, remove_roles),
    ]
