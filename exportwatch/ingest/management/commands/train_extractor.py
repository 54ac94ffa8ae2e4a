"""manage.py train_extractor [CORPUS.jsonl ...]: fit the extractor's scorer, report it cross-validated by story."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from exportwatch.ingest import learning
from exportwatch.ingest.corpora import CorpusError, read_corpus
from exportwatch.ingest.extraction import Gazetteer
from exportwatch.ingest.extraction.scorer import MODEL_PATH

SHARED_EVAL = Path(settings.BASE_DIR).parent / "shared" / "eval"
FIXTURES = Path(settings.BASE_DIR) / "tests" / "fixtures" / "extraction"
# eval/realpages-5 and -6 are left out on purpose: they are the held-out sets of our own real pages (eval/README.md).
DEFAULT_CORPORA = [SHARED_EVAL / "dev.jsonl", *sorted(FIXTURES.glob("holdout*.jsonl")),
                   SHARED_EVAL / "realnews" / "realnews.jsonl",
                   *(Path(settings.BASE_DIR) / "eval" / f"realpages-{n}.jsonl" for n in (1, 2, 3, 4))]


class Command(BaseCommand):
    help = "Train the extractor's scorer on labelled corpora and write its model (cross-validated by story)."

    def add_arguments(self, parser):
        parser.add_argument("corpora", nargs="*", type=Path, metavar="CORPUS.jsonl",
                            help="Labelled corpora (default: dev, written hold-outs, realnews, realpages-1 to -4).")
        parser.add_argument("--output", type=Path, default=MODEL_PATH, help=f"Model file (default {MODEL_PATH}).")
        parser.add_argument("--review-corpus", default="realnews",
                            help="Corpus on which events above the review threshold must be 95%% right.")
        parser.add_argument("--dry-run", action="store_true", help="Report the scores; write no model.")

    def handle(self, *args, corpora, output, review_corpus, dry_run, **options):
        try:
            read = [read_corpus(path) for path in corpora or DEFAULT_CORPORA]
        except CorpusError as error:
            raise CommandError(str(error)) from error
        for corpus in read:
            if corpus.without_text:
                self.stdout.write(self.style.WARNING(
                    f"{corpus.name}: {len(corpus.without_text)} items have no text here and are left out"))
        gazetteer = Gazetteer.from_catalog()
        items = learning.labelled_items(read, gazetteer)
        report = learning.train(items, gazetteer, review_corpus=review_corpus)
        self._print(report)
        if not dry_run:
            learning.save(report.model, output)
            self.stdout.write(f"model written to {output}")

    def _print(self, report):
        model = report.model
        self.stdout.write(f"{model['examples']} labelled candidates; record threshold {model['record_threshold']}, "
                          f"review threshold {model['review_threshold']}")
        self.stdout.write("cross-validated by story (out of fold):")
        for corpus, score in report.out_of_fold.items():
            self.stdout.write(f"  {corpus:10} precision {score.precision:.3f} recall {score.recall:.3f} "
                              f"f1 {score.f1:.3f}  (tp {score.tp}, fp {score.fp}, fn {score.fn})")
        reviewed = report.reviewed_precision
        self.stdout.write(f"  {report.review_corpus}: events at or above the review threshold are right "
                          f"{reviewed.precision:.3f} of the time ({reviewed.tp} of {reviewed.tp + reviewed.fp})")
        levels = ", ".join(f"{level}: {row['precision']:.2f} of {row['events']}"
                           for level, row in model["precision_from_confidence"].items())
        self.stdout.write(f"  {report.review_corpus}: precision of events from each confidence up: {levels}")
