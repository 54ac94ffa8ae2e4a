from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "exportwatch.alerts"
    label = "alerts"
    verbose_name = "watchlists and alerts"
