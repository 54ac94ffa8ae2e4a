from django.apps import AppConfig


class LicencesConfig(AppConfig):
    name = "exportwatch.licences"
    label = "licences"
