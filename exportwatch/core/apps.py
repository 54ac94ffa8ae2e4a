from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "exportwatch.core"
    label = "core"
