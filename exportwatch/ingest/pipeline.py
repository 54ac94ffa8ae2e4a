"""The ingest pipeline as plain functions: store every item first, then extract and record its events.

Contract of each step:
- `store_items` writes parsed items as NewsItems (state pending) and returns their ids; an item whose
  canonical URL is already stored is a duplicate and is not written again. Nothing else happens first.
- `process_items` extracts events from pending items and records them through the one writer; an item
  that fails keeps its error and is retried later, and after MAX_ATTEMPTS it is parked, never dropped.
Tasks and the `ingest` command are thin wrappers around these.
"""

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connection, transaction
from django.db.models import F
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.text import slugify
from tenacity import Retrying, retry_if_exception_type, stop_after_delay, wait_random_exponential

from exportwatch.catalog.models import Authority, ChipSku, Company, Country
from exportwatch.core.history import acting_as
from exportwatch.licences.services import Claim, Report, record_status_changes

from . import claims
from .canonical import canonical_url, content_hash
from .claims import Claimant
from .extraction import Extraction, Gazetteer, NewCompany, extract
from .fetching import FetchError, fetch
from .models import ChipCandidate, IngestRun, NewsItem
from .parsing import ParsedItem, ParseError, parse_bytes
from .text import normalise_text, truncate

logger = logging.getLogger(__name__)

# A deadlock, a serialization failure or a dropped connection: worth the same work again, not an item's fault.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)

# Storage caps: a pathological item is kept, cut to a size the extractor and pages can handle.
MAX_TEXT_CHARS = 200_000
MAX_RAW_CHARS = 1_000_000
MAX_TITLE_CHARS = 1_000
ERROR_EXCERPT_CHARS = 10_000


@dataclass
class StoreResult:
    new_ids: list[int] = field(default_factory=list)
    duplicates: int = 0
    failed: int = 0


@dataclass
class ProcessResult:
    processed: int = 0
    failed: int = 0
    events_recorded: int = 0


def _append_to_run(run: IngestRun, entries: list[dict], failed: int) -> None:
    """Add error entries to a run. PostgreSQL appends them in place (the list is never read back, so thousands of
    bad lines cost no more each than the first), and workers writing to one run lose none."""
    runs = IngestRun.objects.filter(pk=run.pk)
    if connection.vendor == "postgresql":
        appended = RawSQL("errors || %s::jsonb", [json.dumps(entries)])
        runs.update(errors=appended, items_failed=F("items_failed") + failed)
        return
    with transaction.atomic():  # SQLite, the embedded demo mode: one writer at a time anyway
        locked = runs.select_for_update().get()
        locked.errors = [*locked.errors, *entries]
        locked.items_failed += failed
        locked.save(update_fields=["errors", "items_failed"])


def _entry(location: str, message: str, excerpt: str) -> dict:
    # PostgreSQL's JSON cannot hold NUL; everything else of the input is kept, up to the excerpt cap.
    return {"location": location, "message": message, "input": excerpt[:ERROR_EXCERPT_CHARS].replace("\x00", "")}


def record_error(run: IngestRun, location: str, message: str, excerpt: str = "") -> None:
    """Keep a bad input on the run, with what was wrong and the input itself, for an editor to see."""
    _append_to_run(run, [_entry(location, message, excerpt)], failed=1)


def record_parse_errors(run: IngestRun, errors: list[ParseError], warnings=()) -> None:
    entries = [_entry(error.location, error.message, error.excerpt) for error in errors]
    entries += [_entry(warning.location, f"warning: {warning.message}", warning.excerpt) for warning in warnings]
    if entries:
        _append_to_run(run, entries, failed=len(errors))


def stored_texts(parsed: ParsedItem) -> tuple[str, str]:
    """The title and text a parsed item is stored with, which is what the extractor reads."""
    return (truncate(normalise_text(parsed.title or ""), MAX_TITLE_CHARS),
            truncate(normalise_text(parsed.body or ""), MAX_TEXT_CHARS))


def _news_item(parsed: ParsedItem, canonical: str, run: IngestRun, source) -> NewsItem:
    title, text = stored_texts(parsed)
    return NewsItem(
        url=parsed.url,
        canonical_url=canonical,
        title=title,
        outlet=(parsed.outlet or "")[:200],
        published_at=parsed.published,
        language=(parsed.language or "")[:16],
        raw_body=(parsed.body_html or parsed.body or "")[:MAX_RAW_CHARS],
        text=text,
        content_hash=content_hash(text or parsed.url),
        source=source,
        ingest_run=run,
    )


@transaction.atomic  # all or nothing, so a retry after a transient error neither doubles nor skips an item
def store_items(parsed_items: list[ParsedItem], *, run: IngestRun, source=None) -> StoreResult:
    """Store items in bulk; a canonical URL seen before is a duplicate, the same text elsewhere a copy."""
    result = StoreResult()
    candidates: dict[str, NewsItem] = {}
    for parsed in parsed_items:
        try:
            canonical = canonical_url(parsed.url)
        except ValueError as error:
            record_error(run, parsed.url, f"invalid URL: {error}", parsed.body or "")
            result.failed += 1
            continue
        if canonical in candidates:
            result.duplicates += 1
            continue
        candidates[canonical] = _news_item(parsed, canonical, run, source)

    existing = set(NewsItem.objects.filter(canonical_url__in=candidates).values_list("canonical_url", flat=True))
    result.duplicates += len(existing)
    fresh = [item for canonical, item in candidates.items() if canonical not in existing]
    originals = dict(  # the oldest item with the same text is the original (a dict keeps the last value it is given)
        NewsItem.objects.filter(content_hash__in={item.content_hash for item in fresh}, duplicate_of=None)
        .order_by("-id")
        .values_list("content_hash", "id")
    )
    for item in fresh:
        item.duplicate_of_id = originals.get(item.content_hash)
    # Another worker may store the same URL meanwhile: the unique constraint decides, nothing doubles. Rows go in
    # in URL order, so two writers of overlapping items wait for each other instead of deadlocking.
    NewsItem.objects.bulk_create(sorted(fresh, key=lambda item: item.canonical_url), batch_size=500,
                                 ignore_conflicts=True)
    stored = dict(
        NewsItem.objects.filter(canonical_url__in=[item.canonical_url for item in fresh], ingest_run=run)
        .values_list("canonical_url", "id")
    )
    result.new_ids = [stored[item.canonical_url] for item in fresh if item.canonical_url in stored]
    result.duplicates += len(fresh) - len(result.new_ids)
    IngestRun.objects.filter(pk=run.pk).update(
        items_new=F("items_new") + len(result.new_ids), items_duplicate=F("items_duplicate") + result.duplicates
    )
    return result


class Catalogue:
    """The gazetteer and the rows its slugs name, built once and rebuilt when the catalogue changes."""

    _cached: "Catalogue | None" = None

    def __init__(self, version):
        self.version = version
        self.gazetteer = Gazetteer.from_catalog()
        self.companies = {c.slug: c for c in Company.objects.all()}
        self.chips = {c.slug: c for c in ChipSku.objects.all()}
        self.countries = {c.code: c for c in Country.objects.all()}
        self.authorities = {a.slug: a for a in Authority.objects.all()}

    @staticmethod
    def current_version():
        """Changes when an editor changes the catalogue; proposing a company from the news does not change it."""
        return tuple(
            (rows.count(), rows.order_by("-updated_at").values_list("updated_at", flat=True).first())
            for rows in (Company.objects.filter(is_proposed=False), ChipSku.objects, Country.objects, Authority.objects)
        )

    @classmethod
    def load(cls) -> "Catalogue":
        version = cls.current_version()
        if cls._cached is None or cls._cached.version != version:
            cls._cached = cls(version)
        return cls._cached


def _proposed_company(new: NewCompany, catalogue: Catalogue) -> Company:
    """The company a news item named that the catalogue lacked, added as proposed (or found, if a worker did)."""
    company = Company.objects.filter(name__iexact=new.name).first()
    if company is None:
        company, _ = Company.objects.get_or_create(name=new.name[:100], defaults={
            "slug": _free_slug(new.name), "headquarters": catalogue.countries.get(new.headquarters),
            "is_proposed": True})
    return company


def _free_slug(name: str) -> str:
    base = slugify(name)[:90] or "company"
    taken = set(Company.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    return next(slug for slug in (base, *(f"{base}-{n}" for n in range(2, len(taken) + 3))) if slug not in taken)


def _propose_companies(extracted: list[tuple[NewsItem, Extraction]], catalogue: Catalogue) -> dict[str, Company]:
    """The companies the batch's items name that the catalogue lacks, by key, added in name order: two workers
    proposing the same names take their rows in the same order instead of deadlocking."""
    new = {company.key: company for _, extraction in extracted for company in extraction.new_companies}
    return {key: _proposed_company(company, catalogue)
            for key, company in sorted(new.items(), key=lambda pair: pair[1].name.lower())}


def _claims(extraction: Extraction, catalogue: Catalogue, proposed: dict[str, Company]):
    """Turn extracted events into claims on catalogue rows, once per distinct step. A company proposed from the
    news keeps its steps in the review queue until an editor confirms it."""
    seen = set()
    for event in extraction.events:
        key = (event.company, event.chip, event.country, event.status, event.event_date)
        if key in seen:
            continue
        seen.add(key)
        authority = catalogue.authorities.get(event.authority) or catalogue.authorities.get("us-bis")
        company = catalogue.companies.get(event.company) or proposed.get(event.company)
        parts = (company, catalogue.chips.get(event.chip),
                 catalogue.countries.get(event.country), authority)
        if None in parts:
            logger.warning("extracted event names something the catalogue lacks: %s", key)
            continue
        company, chip, country, authority = parts
        confidence = min(max(event.confidence, 0.0), 1.0)
        if company.is_proposed:
            confidence = min(confidence, settings.REVIEW_CONFIDENCE_THRESHOLD - 0.01)
        claim = Claim(
            company=company,
            chip=chip,
            country=country,
            authority=authority,
            status=event.status,
            event_date=event.event_date,
            date_precision=event.date_precision,
            confidence=round(max(confidence, 0.0), 3),
            conditions=event.conditions,
        )
        yield claim, event.sentence


def _note_unknown_chips(extracted: list[tuple[NewsItem, Extraction]], catalogue: Catalogue) -> None:
    """Chip candidates for editors, in (vendor, name) order so concurrent workers take their rows in one order."""
    sightings = sorted((((unknown.vendor, unknown.name[:100]), item, unknown)
                        for item, extraction in extracted for unknown in extraction.unknown_chips),
                       key=lambda sighting: sighting[0])
    for (vendor_slug, name), item, unknown in sightings:
        vendor = catalogue.companies.get(vendor_slug)
        if vendor is None:
            continue
        candidate, created = ChipCandidate.objects.get_or_create(
            vendor=vendor, name=name, defaults={"first_item": item, "context": unknown.sentence}
        )
        if not created:
            ChipCandidate.objects.filter(pk=candidate.pk).update(times_seen=F("times_seen") + 1)


def _extract(item: NewsItem, catalogue: Catalogue) -> Extraction:
    return extract(
        title=item.title, text=item.text, published=item.published_at, gazetteer=catalogue.gazetteer,
        language=item.language,
    )


def _record(extracted: list[tuple[NewsItem, Extraction]], catalogue: Catalogue) -> int:
    """Write the events of several items through the one writer in one go; how many were new steps or evidence."""
    proposed = _propose_companies(extracted, catalogue)
    reports = [Report(claim, news_item=item, sentence=sentence)
               for item, extraction in extracted for claim, sentence in _claims(extraction, catalogue, proposed)]
    _note_unknown_chips(extracted, catalogue)
    return sum(result.created or result.evidence_created for result in record_status_changes(reports))


def _mark_failed(item: NewsItem, error: Exception) -> None:
    logger.error("processing news item %s failed: %s", item.pk, error, exc_info=error)
    NewsItem.objects.filter(pk=item.pk).update(
        state=NewsItem.State.FAILED, error=f"{type(error).__name__}: {error}"[:2000], **claims.released()
    )


def process_items(item_ids: list[int], *, run: IngestRun, claimant: Claimant | None = None) -> ProcessResult:
    """Extract and record events for the given items that still need it. Safe to run twice or concurrently.

    The items are claimed first (claims.py), then processed in one transaction that locks them. Each item is
    extracted on its own (a bad one keeps its error); their events are then written in one go, and should that
    write fail, item by item in savepoints, so only a bad item fails. A transient database error (deadlock,
    dropped connection) is raised for the caller to retry with the same claimant's next try.
    """
    result = ProcessResult()
    catalogue = Catalogue.load()
    claimant = claimant or Claimant.local()
    claimed = claims.claim(item_ids, claimant)
    with acting_as(run.actor), transaction.atomic():
        items = NewsItem.objects.select_for_update(skip_locked=True).filter(
            pk__in=claimed, state__in=claims.OPEN_STATES, claimed_by=claimant.key
        ).order_by("id")
        extracted = []
        for item in items:
            try:
                extracted.append((item, _extract(item, catalogue)))
            except (SoftTimeLimitExceeded, *TRANSIENT_ERRORS):  # not the item's fault: the whole batch tries again
                raise
            except Exception as error:  # one bad item must not stop the batch; it keeps its error
                _mark_failed(item, error)
                result.failed += 1
        processed = _write(extracted, catalogue, result)
        NewsItem.objects.filter(pk__in=processed).update(
            state=NewsItem.State.PROCESSED, error="", processed_at=timezone.now(), **claims.released()
        )
        result.processed = len(processed)
    # Failed items are counted when the run is settled (finish_run), so a later successful retry undoes them.
    IngestRun.objects.filter(pk=run.pk).update(events_recorded=F("events_recorded") + result.events_recorded)
    return result


def _write(extracted: list[tuple[NewsItem, Extraction]], catalogue: Catalogue, result: ProcessResult) -> list[int]:
    """Record the batch's events in one savepoint; if that fails, item by item, so only a bad item fails.
    Returns the ids of the items whose events are written."""
    try:
        with transaction.atomic():
            result.events_recorded += _record(extracted, catalogue)
        return [item.pk for item, _ in extracted]
    except (SoftTimeLimitExceeded, *TRANSIENT_ERRORS):
        raise
    except Exception as error:
        logger.warning("writing a batch of %d items failed (%s); writing them one by one", len(extracted), error)
    written = []
    for item, extraction in extracted:
        try:
            with transaction.atomic():
                result.events_recorded += _record([(item, extraction)], catalogue)
            written.append(item.pk)
        except (SoftTimeLimitExceeded, *TRANSIENT_ERRORS):
            raise
        except Exception as error:  # one bad item must not stop the batch; it keeps its error
            _mark_failed(item, error)
            result.failed += 1
    return written


def transient_retries() -> Retrying:
    """Retries for work done in this process (the `ingest` command): after a transient database error, a moment's
    wait with jitter and a fresh connection, then the same work again; an outage of two minutes is ridden out."""
    return Retrying(retry=retry_if_exception_type(TRANSIENT_ERRORS), stop=stop_after_delay(120),
                    wait=wait_random_exponential(multiplier=0.5, max=10),
                    before_sleep=lambda state: close_old_connections(), reraise=True)


def process_items_here(item_ids: list[int], *, run: IngestRun) -> ProcessResult:
    """`process_items` in this process, retried after transient errors as one claimant's later tries."""
    claimant = Claimant.local()
    for attempt in transient_retries():
        with attempt:
            return process_items(item_ids, run=run, claimant=claimant)
        claimant = claimant.next_try()


def give_up(item_ids: list[int], claimant: Claimant, reason: str) -> None:
    """The claimant stops before finishing (its time ran out): its items fail with the reason, for a later retry."""
    NewsItem.objects.filter(pk__in=item_ids, claimed_by=claimant.key).update(
        state=NewsItem.State.FAILED, error=reason, **claims.released()
    )


def requeue(item_ids: list[int]) -> int:
    """An editor's retry: failed or parked items start again with a fresh attempt count."""
    return NewsItem.objects.filter(pk__in=item_ids).exclude(state=NewsItem.State.PROCESSED).update(
        state=NewsItem.State.PENDING, attempts=0, error="", **claims.released()
    )


class InputError(Exception):
    """The target of an ingest cannot be read at all (no such file, unsupported scheme, fetch refused)."""


def read_target(target: str) -> tuple[bytes, str, str | None]:
    """The bytes of a local file or an http(s) URL fetched through the guarded client: (data, name, content type)."""
    scheme = target.split(":", 1)[0].lower() if "://" in target else ""
    if scheme in ("http", "https"):
        try:
            response = fetch(target)
        except FetchError as error:
            raise InputError(f"{target}: {error}") from error
        # The full header, so a declared charset reaches the decoder.
        return response.body, response.url, response.headers.get("content-type")
    if scheme:
        raise InputError(f"{target}: only local files and http(s) URLs can be ingested, not {scheme}:")
    path = Path(target)
    if not path.is_file():
        raise InputError(f"{target}: no such file")
    size = path.stat().st_size
    if size > settings.INGEST_MAX_FILE_BYTES:
        raise InputError(f"{target}: the file is {size:,} bytes, more than the {settings.INGEST_MAX_FILE_BYTES:,} "
                         "allowed (INGEST_MAX_FILE_BYTES); split it into smaller files")
    return path.read_bytes(), str(path), None


def store_target(target: str, *, run: IngestRun, source=None) -> StoreResult:
    """Read, parse and store one file or URL; every unreadable part is recorded on the run."""
    try:
        data, name, content_type = read_target(target)
    except InputError as error:
        record_error(run, target, str(error))
        return StoreResult(failed=1)
    return _store_parsed(parse_bytes(data, name=name, content_type=content_type), run=run, source=source)


@transaction.atomic  # the refused lines and the stored items together, so a retry records neither twice
def _store_parsed(parsed, *, run: IngestRun, source) -> StoreResult:
    record_parse_errors(run, parsed.errors, parsed.warnings)
    return store_items(parsed.items, run=run, source=source)


def finish_run(run: IngestRun) -> IngestRun:
    """Settle a run's state and failure count from its items and its refused input, whenever asked: an item that
    fails now and succeeds on a later retry leaves the run succeeded. It succeeded only when every item was
    processed and nothing was refused; it is partial when some were."""
    run.refresh_from_db()
    items = NewsItem.objects.filter(ingest_run=run)
    failed_items = items.filter(state__in=[NewsItem.State.FAILED, NewsItem.State.PARKED]).count()
    refused = sum(1 for entry in run.errors if not entry["message"].startswith("warning:"))
    run.items_failed = refused + failed_items
    succeeded_any = items.filter(state=NewsItem.State.PROCESSED).exists() or run.items_duplicate
    run.state = (
        IngestRun.State.SUCCEEDED if not run.items_failed
        else IngestRun.State.PARTIAL if succeeded_any
        else IngestRun.State.FAILED
    )
    run.finished_at = timezone.now()
    run.save(update_fields=["state", "finished_at", "items_failed"])
    return run
