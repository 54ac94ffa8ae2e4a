from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "exportwatch.catalog"
    label = "catalog"
