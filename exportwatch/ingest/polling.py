"""Polling one Source: a conditional fetch, a parse, and the Source's schedule and error state brought up to date.

It returns the parsed items and stores none: the pipeline stores them. Failures back off exponentially
with jitter (never sooner than a Retry-After asks), and a source that is gone or keeps failing is disabled.
"""

import logging
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from exportwatch.ingest import federal_register, screening_list
from exportwatch.ingest.fetching import FetchError, FetchErrorKind, FetchResponse, fetch
from exportwatch.ingest.models import Source
from exportwatch.ingest.parsing import ParsedItem, ParseError, parse_bytes
from exportwatch.screening.loading import LoadOutcome
from exportwatch.screening.reading import UnreadableFile

logger = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(days=7)
DISABLE_AFTER_FAILURES = 10
# A delay is spread over ±20 % so sources that failed together do not retry together.
JITTER = 0.2
_ACCEPT = {
    Source.Kind.FEED: "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
    Source.Kind.PAGE: "text/html, application/xhtml+xml;q=0.9, */*;q=0.5",
    Source.Kind.FEDERAL_REGISTER: "application/json",
}
# Pages of Federal Register results followed in one poll (newest first, so later ones were seen before).
FEDERAL_REGISTER_PAGES = 5
_URL_MAX_LENGTH = Source._meta.get_field("url").max_length


@dataclass
class PollOutcome:
    items: list[ParsedItem] = field(default_factory=list)
    errors: list[ParseError] = field(default_factory=list)
    not_modified: bool = False
    error: str = ""  # why the poll failed as a whole; empty when it succeeded
    warnings: list[ParseError] = field(default_factory=list)
    regulations: int = 0  # new Regulations, for a Federal Register source
    listing: LoadOutcome | None = None  # what a screening-list load changed; None when the file was not loaded


def sources_due(now: datetime | None = None) -> QuerySet[Source]:
    """Enabled sources whose next check is due (never-checked ones first)."""
    now = now or timezone.now()
    return (
        Source.objects.filter(enabled=True)
        .filter(Q(next_check_at__isnull=True) | Q(next_check_at__lte=now))
        .order_by(F("next_check_at").asc(nulls_first=True), "pk")
    )


def poll_source(source: Source, *, now: datetime | None = None) -> PollOutcome:
    """Fetch `source` with its stored validators, parse what changed, and record the result on the row."""
    now = now or timezone.now()
    if source.kind == Source.Kind.SCREENING_LIST:
        return _screening_list(source, now)
    try:
        response = fetch(
            source.url,
            etag=source.etag or None,
            last_modified=source.last_modified or None,
            accept=_ACCEPT.get(source.kind),
        )
    except FetchError as error:
        _record_failure(source, error.message, now, retry_after=error.retry_after,
                        gone=error.kind == FetchErrorKind.GONE)
        return PollOutcome(error=error.message)

    if response.not_modified:
        _record_success(source, response, now)
        return PollOutcome(not_modified=True)

    if source.kind == Source.Kind.FEDERAL_REGISTER:
        return _federal_register(source, response, now)

    parsed = parse_bytes(response.body, name=response.url, content_type=response.headers.get("content-type"))
    if parsed.errors and not parsed.items:
        message = f"could not read {response.url}: {parsed.errors[0]}"
        _record_failure(source, message, now)
        return PollOutcome(errors=parsed.errors, error=message, warnings=parsed.warnings)

    _record_success(source, response, now)
    return PollOutcome(items=parsed.items, errors=parsed.errors, warnings=parsed.warnings)


def _federal_register(source: Source, response: FetchResponse, now: datetime) -> PollOutcome:
    """Store the documents of the first page and of up to FEDERAL_REGISTER_PAGES − 1 following ones as
    Regulations, and hand them back as news items for the pipeline to store and read."""
    from exportwatch.catalog.models import Authority

    from .extraction import Gazetteer

    gazetteer, authority = Gazetteer.from_catalog(), Authority.objects.get(slug="us-bis")
    outcome, body, url = PollOutcome(), response.body, response.url
    for number in range(FEDERAL_REGISTER_PAGES):
        try:
            page = federal_register.read_page(body, name=url)
        except ValueError as error:
            if number == 0:
                _record_failure(source, str(error), now)
            outcome.error = str(error)
            return outcome
        outcome.errors += page.refused
        outcome.regulations += federal_register.store(page.documents, authority=authority, gazetteer=gazetteer)
        outcome.items += [federal_register.as_news_item(document) for document in page.documents if document.url]
        if number == 0:
            _record_success(source, response, now)
        if not page.next_url:
            break
        try:
            following = fetch(page.next_url, accept=_ACCEPT[Source.Kind.FEDERAL_REGISTER])
        except FetchError as error:
            outcome.error = f"the next page {page.next_url} failed: {error.message}"
            break
        body, url = following.body, following.url
    return outcome


def _screening_list(source: Source, now: datetime) -> PollOutcome:
    """Load the source's screening-list file, streamed to disk; a refused file fails the poll and changes nothing."""
    try:
        response, listing = screening_list.fetch_and_load(source)
    except FetchError as error:
        _record_failure(source, error.message, now, retry_after=error.retry_after,
                        gone=error.kind == FetchErrorKind.GONE)
        return PollOutcome(error=error.message)
    except UnreadableFile as error:
        message = f"could not load the screening list {source.url}: {error}"
        _record_failure(source, message, now)
        return PollOutcome(error=message)
    _record_success(source, response, now)
    return PollOutcome(not_modified=response.not_modified, listing=listing)


def backoff_delay(error_count: int, interval: timedelta, *, rng: random.Random | None = None) -> timedelta:
    """How long to wait after `error_count` consecutive failures: interval × 2^errors, jittered, at most a week."""
    rng = rng or random
    # The exponent is bounded first: 2**error_count grows past any timedelta long before ten failures.
    exponent = min(error_count, 20)
    delay = interval * (2 ** exponent) * rng.uniform(1 - JITTER, 1 + JITTER)
    return min(delay, MAX_BACKOFF)


def _record_success(source: Source, response: FetchResponse, now: datetime) -> None:
    source.last_checked_at = now
    source.next_check_at = now + timedelta(minutes=source.interval_minutes)
    source.error_count = 0
    source.last_error = ""
    if not response.not_modified or "etag" in response.headers:
        source.etag = response.headers.get("etag", "")[:500]
    if not response.not_modified or "last-modified" in response.headers:
        source.last_modified = response.headers.get("last-modified", "")[:100]
    fields = ["last_checked_at", "next_check_at", "error_count", "last_error", "etag", "last_modified"]
    if response.permanent_redirect and _can_move(source, response.permanent_redirect):
        logger.info("source %s moved permanently from %s to %s", source.pk, source.url, response.permanent_redirect)
        source.url = response.permanent_redirect
        fields.append("url")
    source.save(update_fields=[*fields, "updated_at"])


def _can_move(source: Source, new_url: str) -> bool:
    if len(new_url) > _URL_MAX_LENGTH:
        return False
    if Source.objects.filter(url=new_url).exclude(pk=source.pk).exists():
        # Another source already polls the new address; keep this one as it is rather than break uniqueness.
        logger.warning("source %s moved to %s, which source already exists; URL kept", source.pk, new_url)
        return False
    return True


def _record_failure(source: Source, message: str, now: datetime, *, retry_after: datetime | None = None,
                    gone: bool = False) -> None:
    source.last_checked_at = now
    source.error_count += 1
    source.last_error = message
    delay = backoff_delay(source.error_count, timedelta(minutes=source.interval_minutes))
    next_check = now + delay
    if retry_after:
        next_check = min(max(next_check, retry_after), now + MAX_BACKOFF)
    source.next_check_at = next_check
    fields = ["last_checked_at", "error_count", "last_error", "next_check_at"]
    if gone:
        _disable(source, f"The server answered 410 Gone: the feed was removed for good. ({message})")
        fields += ["enabled", "disabled_reason"]
    elif source.error_count >= DISABLE_AFTER_FAILURES:
        _disable(source, f"Disabled after {source.error_count} failed fetches in a row; the last: {message}")
        fields += ["enabled", "disabled_reason"]
    source.save(update_fields=[*fields, "updated_at"])


def _disable(source: Source, reason: str) -> None:
    source.enabled = False
    source.disabled_reason = reason
