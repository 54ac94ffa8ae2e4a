"""Add what is missing from the reference catalogue, e.g. after the shipped JSON gained names."""

from django.core.management.base import BaseCommand
from django.db import transaction

from exportwatch.catalog.reference import load_reference_catalogue
from exportwatch.core.history import acting_as


class Command(BaseCommand):
    help = "Create missing reference rows and add missing aliases; rows editors changed keep their values."

    def handle(self, *args, **options):
        with transaction.atomic(), acting_as("command load_catalogue"):
            added = load_reference_catalogue()
        summary = ", ".join(f"{count} {what}" for what, count in added.items())
        self.stdout.write(f"Reference catalogue: added {summary}.")
