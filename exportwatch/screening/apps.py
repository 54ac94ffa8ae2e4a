from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "exportwatch.screening"
    label = "screening"
    verbose_name = "Screening lists"
