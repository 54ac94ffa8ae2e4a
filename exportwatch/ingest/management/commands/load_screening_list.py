"""manage.py load_screening_list FILE: load a downloaded Consolidated Screening List file (JSON or CSV)."""

from django.core.management.base import BaseCommand, CommandError

from exportwatch.core.history import acting_as
from exportwatch.ingest.screening_list import load_file
from exportwatch.screening.reading import UnreadableFile


class Command(BaseCommand):
    help = "Load a Consolidated Screening List file (trade.gov's JSON or CSV): additions, removals and changes."

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="FILE")

    def handle(self, *args, path, **options):
        try:
            with open(path, "rb") as file, acting_as("command load_screening_list"):
                outcome = load_file(file, url=path)
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error}") from None
        except UnreadableFile as error:
            raise CommandError(f"{path} was refused and nothing changed: {error}") from None
        if not outcome.changed_anything:
            self.stdout.write(f"{path}: {outcome.entries} entries, all as on file; nothing written.")
            return
        self.stdout.write(f"{path}: {outcome.entries} entries; {outcome.added} added, {outcome.removed} removed, "
                          f"{outcome.changed} changed (load #{outcome.load.pk}).")
