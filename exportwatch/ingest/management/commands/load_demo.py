"""Load the reference timeline as demo licence tracks (what `make run` shows)."""

from django.core.management.base import BaseCommand

from exportwatch.ingest.demo import load_demo


class Command(BaseCommand):
    help = "Record the reference timeline's events with their source links; running it again adds nothing."

    def add_arguments(self, parser):
        parser.add_argument("--show-skipped", action="store_true", help="List the timeline rows left out and why.")

    def handle(self, *args, show_skipped=False, **options):
        summary = load_demo()
        self.stdout.write(str(summary))
        if show_skipped:
            for reason in summary.skipped:
                self.stdout.write(f"  {reason}")
