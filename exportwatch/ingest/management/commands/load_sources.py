from django.core.management.base import BaseCommand
from django.db import transaction

from exportwatch.core.history import acting_as
from exportwatch.ingest.starter_sources import load_starter_sources


class Command(BaseCommand):
    help = "Add the starter sources that are not on file (enabled only with STARTER_SOURCES_ENABLED)."

    def handle(self, *args, **options):
        with transaction.atomic(), acting_as("command load_sources"):
            created = load_starter_sources()
        self.stdout.write(f"Starter sources: {created} added.")
