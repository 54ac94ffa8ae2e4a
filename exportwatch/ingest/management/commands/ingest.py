"""manage.py ingest PATH_OR_URL ...: store every item first, then extract licence events from them."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from exportwatch.ingest import pipeline
from exportwatch.ingest.models import IngestRun
from exportwatch.ingest.tasks import BATCH_SIZE, ingest_url, publish_now, publish_processing


class Command(BaseCommand):
    help = "Ingest JSON Lines, RSS/Atom, HTML or text files, or http(s) URLs, and extract licence events."

    def add_arguments(self, parser):
        parser.add_argument("targets", nargs="+", metavar="PATH_OR_URL")
        parser.add_argument(
            "--async", dest="run_async", action="store_true",
            help="Queue the work on Celery instead of doing it here (files are still stored here first).",
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not draw a progress bar.")

    def handle(self, *args, targets, run_async=False, no_progress=False, verbosity=1, **options):
        runs = []
        for target in targets:
            run = IngestRun.objects.create(trigger=IngestRun.Trigger.COMMAND, target=target)
            if run_async and target.lower().startswith(("http://", "https://")):
                if publish_now(ingest_url, target, run.pk):
                    self.stdout.write(f"{target}: queued as run #{run.pk}")
                else:
                    self.stdout.write(self.style.WARNING(
                        f"{target}: the broker is unreachable, so nothing is queued yet; run #{run.pk} keeps the "
                        "URL and the sweep queues it once the broker is back"))
            elif run_async:
                stored = pipeline.store_target(target, run=run)
                count = len(stored.new_ids)
                if publish_processing(stored.new_ids, run):
                    self.stdout.write(f"{target}: stored {count} new items, processing queued (run #{run.pk})")
                else:
                    self.stdout.write(self.style.WARNING(
                        f"{target}: stored {count} new items, but the broker is unreachable, so their processing "
                        f"is not queued; the sweep queues them once the broker is back (run #{run.pk})"))
            else:
                self._ingest_here(target, run, show_progress=not no_progress and verbosity > 0)
            runs.append(run)
        if not run_async:
            self._summarise(runs)

    def _ingest_here(self, target, run, *, show_progress):
        stored = pipeline.transient_retries()(pipeline.store_target, target, run=run)
        ids = stored.new_ids
        with tqdm(total=len(ids), desc=target[-40:], unit="item", disable=not show_progress, file=self.stderr) as bar:
            for start in range(0, len(ids), BATCH_SIZE):
                batch = ids[start : start + BATCH_SIZE]
                pipeline.process_items_here(batch, run=run)
                bar.update(len(batch))
        pipeline.transient_retries()(pipeline.finish_run, run)

    def _summarise(self, runs):
        for run in runs:
            run.refresh_from_db()
            for error in run.errors[:20]:
                self.stderr.write(f"  {error['location']}: {error['message']}")
            if len(run.errors) > 20:
                self.stderr.write(f"  … and {len(run.errors) - 20} more errors on run #{run.pk} (see the admin)")
        totals = {
            field: sum(getattr(run, field) for run in runs)
            for field in ("items_new", "items_duplicate", "items_failed", "events_recorded")
        }
        self.stdout.write(
            "items new {items_new}, duplicate {items_duplicate}, failed {items_failed}; "
            "events recorded {events_recorded}".format(**totals)
        )
        if totals["items_failed"]:
            self.stdout.write(self.style.WARNING("Some input failed; every error is kept on its ingest run."))
