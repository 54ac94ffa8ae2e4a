"""Score the extractor on a gold corpus: run extract() on every item, write an evidence-style CSV, call score.py.

    DATABASE_URL=sqlite:////tmp/extract.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/extract.sqlite3 .venv/bin/python bench/score_extractor.py [--verbose]

    DATABASE_URL=sqlite:////tmp/extract.sqlite3 .venv/bin/python bench/score_extractor.py \
        --gold tests/fixtures/extraction/holdout.jsonl

The catalogue comes from the (migrated) database through Gazetteer.from_catalog(). Scores are printed for
the whole corpus; for dev also for its two slices: tidy articles (d001-d045) and scraped-page imitations (d046-).
"""

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from datetime import datetime
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exportwatch.settings")
django.setup()

from exportwatch.catalog.models import ChipSku, Company  # noqa: E402
from exportwatch.ingest.extraction import Gazetteer, extract  # noqa: E402
from exportwatch.ingest.text import normalise_text  # noqa: E402

GOLD = Path("/work/shared/eval/dev.jsonl")
SCORER = Path("/work/shared/eval/score.py")
COLUMNS = ["event_date", "date_precision", "status", "company", "chip", "country_code", "authority",
           "confidence", "source_url", "source_title", "source_published", "evidence"]
SCRAPED_FROM = 46  # d046 onwards imitate scraped pages


def keeps_line_breaks() -> bool:
    return normalise_text("one\ntwo") == "one\ntwo"


def pipeline_text(body: str) -> str:
    """The body as the pipeline hands it to extract(): normalise_text, with single line breaks kept."""
    if keeps_line_breaks():
        return normalise_text(body)
    # normalise_text still joins wrapped lines: apply the agreed rule here (NFKC, "\n" kept, "\n\n" paragraphs).
    lines = (" ".join(line.split()) for line in unicodedata.normalize("NFKC", body).splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def read_items(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def write_predictions(items: list[dict], gazetteer: Gazetteer, out: Path, normalise: bool) -> float:
    """Write the predictions CSV; return the seconds spent inside extract() alone."""
    company_names = dict(Company.objects.values_list("slug", "name"))
    chip_names = dict(ChipSku.objects.values_list("slug", "name"))
    extracting = 0.0
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for item in items:
            published = datetime.fromisoformat(item["published"].replace("Z", "+00:00"))
            body = pipeline_text(item["body"]) if normalise else item["body"]
            started = time.process_time()  # CPU time: other jobs on the machine do not count
            result = extract(title=item["title"], text=body, published=published, gazetteer=gazetteer,
                             language=item.get("language", ""))
            extracting += time.process_time() - started
            for event in result.events:
                writer.writerow([
                    event.event_date.isoformat() if event.event_date else "", event.date_precision, event.status,
                    company_names[event.company], chip_names[event.chip], event.country, event.authority,
                    event.confidence, item["url"], item["title"], item["published"], event.sentence,
                ])
    return extracting


def slices_of(items: list[dict]) -> dict[str, list[dict]]:
    """The whole corpus, plus dev's two slices when the items are dev's (ids d001...)."""
    slices = {"all": items}
    if all(item["id"].startswith("d") for item in items):
        slices["d001-d045"] = [i for i in items if int(i["id"][1:]) < SCRAPED_FROM]
        slices[f"d{SCRAPED_FROM:03}-"] = [i for i in items if int(i["id"][1:]) >= SCRAPED_FROM]
    return slices


def score(gold: Path, predictions: Path, verbose: bool) -> str:
    command = [sys.executable, str(SCORER), str(gold), str(predictions)] + (["--verbose"] if verbose else [])
    return subprocess.run(command, capture_output=True, text=True, check=False).stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=GOLD, help="gold JSON Lines file to score (default: dev)")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "extractor-predictions.csv")
    parser.add_argument("--raw", action="store_true", help="pass bodies as written, not as the pipeline would")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()

    gazetteer = Gazetteer.from_catalog()
    items = read_items(args.gold)
    write_predictions(items, gazetteer, args.out, normalise=not args.raw)  # warm-up: compiles every regex
    seconds = min(write_predictions(items, gazetteer, args.out, normalise=not args.raw) for _ in range(3))
    size = sum(len(item["body"]) for item in items) / len(items)
    print(f"extract(): {seconds * 1000 / len(items):.2f} ms/item ({len(items) / seconds:.0f} items/s, "
          f"mean body {size:.0f} chars); line breaks kept by normalise_text: {keeps_line_breaks()}; "
          f"predictions: {args.out}")

    with tempfile.TemporaryDirectory() as folder:
        slices = slices_of(items)
        for name, chosen in slices.items():
            gold = Path(folder) / f"{name}.jsonl"
            gold.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in chosen), encoding="utf-8")
            print(f"\n== {name}")
            print(score(gold, args.out, args.verbose and (name != "all" or len(slices) == 1)))


if __name__ == "__main__":
    main()
