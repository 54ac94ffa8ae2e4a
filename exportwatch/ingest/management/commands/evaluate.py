"""manage.py evaluate CORPUS.jsonl ...: ingest → export_csv evidence → the shared scorer, per labelled corpus.

Everything happens inside one transaction that is rolled back, so the database is left as it was; items
must be new to it, or the pipeline would skip them as duplicates (`make eval` uses a scratch database).
"""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from exportwatch.ingest import pipeline
from exportwatch.ingest.canonical import canonical_url
from exportwatch.ingest.corpora import Corpus, CorpusError, read_corpus
from exportwatch.ingest.models import IngestRun, NewsItem
from exportwatch.ingest.parsing import parse_bytes
from exportwatch.ingest.tasks import BATCH_SIZE
from exportwatch.licences.exports import evidence_csv
from exportwatch.licences.models import StatusChange

DEFAULT_SCORER = Path(settings.BASE_DIR).parent / "shared" / "eval" / "score.py"


class Command(BaseCommand):
    help = "Score the extractor end to end on labelled corpora: ingest, export the evidence CSV, run the scorer."

    def add_arguments(self, parser):
        parser.add_argument("corpora", nargs="+", metavar="CORPUS.jsonl")
        parser.add_argument("--texts", type=Path, metavar="DIR",
                            help="Where a labels-only corpus keeps its page texts (default var/eval/<corpus name>/).")
        parser.add_argument("--scorer", type=Path, default=DEFAULT_SCORER, metavar="score.py")
        parser.add_argument("--misses", action="store_true", help="List every missed and extra tuple.")

    def handle(self, *args, corpora, texts, scorer, misses, **options):
        if not scorer.is_file():
            raise CommandError(f"no scorer at {scorer}; pass --scorer PATH to the shared score.py")
        for path in corpora:
            try:
                corpus = read_corpus(Path(path), texts)
            except CorpusError as error:
                raise CommandError(str(error)) from error
            self._evaluate(corpus, scorer, misses)

    def _evaluate(self, corpus: Corpus, scorer: Path, misses: bool):
        self.stdout.write(self.style.MIGRATE_HEADING(f"== {corpus.name}: {len(corpus.items)} items"))
        if corpus.without_text:
            self.stdout.write(self.style.WARNING(
                f"{len(corpus.without_text)} labelled items have no text here and count as missed "
                f"(restore them into var/eval/{corpus.name}/)"))
        self._refuse_known_items(corpus)
        with tempfile.TemporaryDirectory() as scratch, transaction.atomic():
            evidence = Path(scratch) / "evidence.csv"
            seconds = self._ingest_and_export(corpus, evidence)
            transaction.set_rollback(True)  # leave the database as it was
            command = [sys.executable, str(scorer), str(corpus.path), str(evidence), *(["--verbose"] if misses else [])]
            scored = subprocess.run(command, capture_output=True, text=True)
        if scored.returncode not in (0, 1):
            raise CommandError(f"the scorer failed on {corpus.path}: {scored.stderr.strip()}")
        self.stdout.write(scored.stdout.rstrip())
        per_item = 1000 * seconds / len(corpus.items) if corpus.items else 0
        self.stdout.write(f"extraction and recording: {per_item:.1f} ms per item\n")

    def _refuse_known_items(self, corpus: Corpus):
        urls = {canonical_url(item.url) for item in corpus.items}
        known = NewsItem.objects.filter(canonical_url__in=urls).count()
        if known:
            raise CommandError(
                f"{known} items of {corpus.path} are already stored in this database, so ingest would skip them; "
                "evaluate in a scratch database (make eval does)")

    def _ingest_and_export(self, corpus: Corpus, evidence: Path) -> float:
        run = IngestRun.objects.create(trigger=IngestRun.Trigger.COMMAND, target=f"evaluate {corpus.path}")
        parsed = parse_bytes(corpus.as_json_lines(), name=corpus.path.name)
        pipeline.record_parse_errors(run, parsed.errors)
        ids = pipeline.store_items(parsed.items, run=run).new_ids
        started = time.perf_counter()
        for start in range(0, len(ids), BATCH_SIZE):
            pipeline.process_items(ids[start:start + BATCH_SIZE], run=run)
        seconds = time.perf_counter() - started
        changes = StatusChange.objects.filter(evidence__news_item__ingest_run=run)
        with evidence.open("w", encoding="utf-8", newline="") as file:
            file.writelines(evidence_csv(changes))
        return seconds
