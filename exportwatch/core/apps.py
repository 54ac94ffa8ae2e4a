from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    name = "exportwatch.core"
    label = "core"


class ExportwatchAdminConfig(admin_apps.AdminConfig):
    """The admin, restricted to editors and admins (see core.admin.ExportwatchAdminSite)."""

    default = False
    default_site = "exportwatch.core.admin.ExportwatchAdminSite"
