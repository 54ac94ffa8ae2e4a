from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "exportwatch.ingest"
    label = "ingest"
