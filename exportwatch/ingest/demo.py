"""Demo data: the reference timeline (data/demo_timeline.json) as licence tracks with their sources.

Each source URL becomes a processed NewsItem, and each step of a timeline row is recorded through
`record_status_change` with that item as evidence, so the demo obeys the same rules as ingested news.
Rows about rules without a company point at catalogue regulations instead; rows that are no licence step
(an enforcement case, an accounting charge) say why they are skipped. Loading twice adds nothing.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from django.db import transaction

from exportwatch.catalog.models import Authority, ChipSku, Company, Country, Regulation
from exportwatch.catalog.reference import load_reference_catalogue
from exportwatch.core.history import acting_as
from exportwatch.licences.models import Origin
from exportwatch.licences.services import Claim, record_status_change

from .models import NewsItem

TIMELINE_PATH = Path(__file__).resolve().parent / "data" / "demo_timeline.json"
ACTOR = "command load_demo"


@dataclass
class DemoSummary:
    rows: int = 0
    items_created: int = 0
    changes_created: int = 0
    evidence_created: int = 0
    regulation_rows: int = 0
    skipped: list[str] = field(default_factory=list)

    def __str__(self):
        return (
            f"Demo timeline: {self.rows} rows, {self.items_created} new news items, "
            f"{self.changes_created} new status changes, {self.evidence_created} new evidence links, "
            f"{self.regulation_rows} rows shown as regulations, {len(self.skipped)} skipped."
        )


def read_timeline() -> list[dict]:
    with open(TIMELINE_PATH, encoding="utf-8") as file:
        return json.load(file)


def load_demo() -> DemoSummary:
    """Record the reference timeline; safe to run again."""
    summary = DemoSummary()
    with transaction.atomic(), acting_as(ACTOR):
        # The demo names catalogue rows by slug, so make sure they are all there first.
        load_reference_catalogue()
        catalogue = _Catalogue()
        for row in read_timeline():
            summary.rows += 1
            _load_row(row, catalogue, summary)
    return summary


def _load_row(row: dict, catalogue: "_Catalogue", summary: DemoSummary) -> None:
    if row.get("skip"):
        summary.skipped.append(f"row {row['row']}: {row['skip']}")
        return
    items = [_news_item(url, row, summary) for url in row["sources"]]
    if row.get("regulations"):
        catalogue.check_regulations(row["regulations"])
        summary.regulation_rows += not row.get("steps")
    for step in row.get("steps", []):
        for claim in _claims(step, row, catalogue):
            for item in items:
                recorded = record_status_change(
                    claim,
                    news_item=item,
                    sentence=row["description"],
                    origin=Origin.REFERENCE,
                    note=step.get("note", ""),
                )
                summary.changes_created += recorded.created
                summary.evidence_created += recorded.evidence_created


def _claims(step: dict, row: dict, catalogue: "_Catalogue"):
    """One claim per company × product × destination the step covers."""
    if "date" in step:  # a step that restates an earlier event carries that event's own date
        event_date, precision = date.fromisoformat(step["date"]), step.get("precision", "day")
    else:
        event_date, precision = date.fromisoformat(row["date"]), row["precision"]
    for company in step["companies"]:
        for chip in step["chips"]:
            for country in step["countries"]:
                yield Claim(
                    company=catalogue.companies[company],
                    chip=catalogue.chips[chip],
                    country=catalogue.countries[country],
                    authority=catalogue.authorities[row["authority"]],
                    status=step["status"],
                    event_date=event_date,
                    date_precision=precision,
                    conditions=step.get("conditions", ""),
                )


def _news_item(url: str, row: dict, summary: DemoSummary) -> NewsItem:
    text = row["description"]
    published = datetime.combine(date.fromisoformat(row["date"]), datetime.min.time(), tzinfo=UTC)
    item, created = NewsItem.objects.get_or_create(
        canonical_url=url,
        defaults={
            "url": url,
            "title": text,
            "outlet": urlsplit(url).hostname.removeprefix("www."),
            "published_at": published,
            "language": "en",
            "raw_body": text,
            "text": text,
            "content_hash": hashlib.sha256(text.encode()).hexdigest(),
            "state": NewsItem.State.PROCESSED,
            "processed_at": published,
        },
    )
    summary.items_created += created
    return item


class _Catalogue:
    """The catalogue rows the timeline names, read once; a missing one fails loudly with its name."""

    def __init__(self):
        self.companies = _Lookup("company", {c.slug: c for c in Company.objects.all()})
        self.chips = _Lookup("chip", {c.slug: c for c in ChipSku.objects.all()})
        self.countries = _Lookup("country", {c.code: c for c in Country.objects.all()})
        self.authorities = _Lookup("authority", {a.slug: a for a in Authority.objects.all()})
        self.regulation_slugs = set(Regulation.objects.values_list("slug", flat=True))

    def check_regulations(self, slugs: list[str]) -> None:
        missing = set(slugs) - self.regulation_slugs
        if missing:
            raise LookupError(f"demo timeline names unknown regulations: {', '.join(sorted(missing))}")


class _Lookup(dict):
    def __init__(self, what: str, rows: dict):
        super().__init__(rows)
        self.what = what

    def __missing__(self, key):
        raise LookupError(f"demo timeline names an unknown {self.what}: {key!r}")
