"""The one writer of status changes (DESIGN.md invariant 5): views, admin, commands and tasks call this.

`record_status_changes` (and `record_status_change` for one claim) is idempotent: a claim already on
file, from the same or another news item, adds evidence to the existing step instead of a new row, and it
never alters what an editor decided. A batch locks all its tracks in one order and writes in bulk.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from exportwatch.catalog.models import Authority, ChipSku, Company, Country

from .models import DatePrecision, Evidence, LicenceApplication, Origin, ReviewState, Status, StatusChange


@dataclass(frozen=True)
class Claim:
    """A reported step: who, what, where, which status, and when."""

    company: Company
    chip: ChipSku
    country: Country
    authority: Authority
    status: str
    event_date: date | None = None
    date_precision: str = DatePrecision.UNKNOWN
    confidence: float = 1.0
    conditions: str = ""

    def __post_init__(self):
        if self.status not in Status.values:
            raise ValueError(f"unknown status {self.status!r}; expected one of {', '.join(Status.values)}")
        if (self.event_date is None) != (self.date_precision == DatePrecision.UNKNOWN):
            raise ValueError("an undated claim must have precision 'unknown', and a dated one must not")
        if not 0 <= self.confidence <= 1:
            raise ValueError(f"confidence {self.confidence} is outside 0..1")


@dataclass(frozen=True)
class Recorded:
    status_change: StatusChange
    created: bool
    evidence_created: bool


@dataclass(frozen=True)
class Report:
    """One claim as reported: by a news item (with its supporting sentence) or vouched for by an editor."""

    claim: Claim
    news_item: object | None = None  # ingest.NewsItem
    sentence: str = ""
    editor: object | None = None
    origin: str | None = None
    reported_at: datetime | None = None
    note: str = ""


def _dates_agree(existing: StatusChange, claim: Claim) -> bool:
    """Two reports describe the same step when their dates agree at the coarser precision of the two. Days must be
    equal: a day's tolerance would chain (the 11th, 12th and 13th are one step or two depending on which came first),
    and the result must not depend on the order workers read the news in."""
    if existing.event_date is None or claim.event_date is None:
        return existing.event_date is None and claim.event_date is None
    a, b = existing.event_date, claim.event_date
    precisions = {existing.date_precision, claim.date_precision}
    if DatePrecision.YEAR in precisions:
        return a.year == b.year
    if DatePrecision.MONTH in precisions:
        return (a.year, a.month) == (b.year, b.month)
    return a == b


def _track_key(claim: Claim) -> tuple[int, int, int, int]:
    return (claim.company.pk, claim.chip.pk, claim.country.pk, claim.authority.pk)


def _lock_tracks(claims: list[Claim]) -> dict[tuple, LicenceApplication]:
    """Get or create every track the claims name and lock them all, in id order, in one statement. Two writers
    whose batches share tracks insert the new ones in key order and lock them all in id order, so they wait
    for each other instead of deadlocking."""
    keys = {_track_key(claim): claim for claim in claims}
    new = [LicenceApplication(company=c.company, chip=c.chip, country=c.country, authority=c.authority)
           for _, c in sorted(keys.items())]
    LicenceApplication.objects.bulk_create(new, ignore_conflicts=True)  # another writer's track stays as it is
    wanted = Q()
    for company, chip, country, authority in keys:
        wanted |= Q(company_id=company, chip_id=chip, country_id=country, authority_id=authority)
    locked = LicenceApplication.objects.select_for_update().filter(wanted).order_by("id")
    return {(t.company_id, t.chip_id, t.country_id, t.authority_id): t for t in locked}


def _steps_on_file(tracks, claims: list[Claim]) -> dict[tuple, list[StatusChange]]:
    """The tracks' steps of the claimed statuses, by (track id, status), oldest first."""
    found: dict[tuple, list[StatusChange]] = defaultdict(list)
    steps = StatusChange.objects.filter(application__in=tracks, status__in={c.status for c in claims}).order_by("id")
    for step in steps:
        found[(step.application_id, step.status)].append(step)
    return found


def record_status_changes(reports: list[Report]) -> list[Recorded]:
    """Record claimed steps with their evidence (a news item and sentence) or the editor who vouches for them.

    Idempotent: a step already on file, from the same or another news item, gains evidence instead of a new
    row, and what an editor decided is never altered. All tracks are locked at once and the rows written in
    bulk, so a batch of many items costs a handful of statements.
    """
    for report in reports:
        if report.news_item is None and report.editor is None:
            raise ValueError("a status change needs evidence (news_item) or an editor who records it")
    if not reports:
        return []
    claims = [report.claim for report in reports]
    # No savepoint of its own: a caller that wants one around a failure (the pipeline per batch) has it.
    with transaction.atomic(savepoint=False):
        tracks = _lock_tracks(claims)
        on_file = _steps_on_file(tracks.values(), claims)
        known = {step.pk for steps in on_file.values() for step in steps}
        steps, created_by, changed = [], {}, {}
        for index, report in enumerate(reports):
            step, is_new = _step_for(report, tracks[_track_key(report.claim)], on_file, changed)
            steps.append(step)
            if is_new:
                created_by[id(step)] = index  # later reports of the same step in the batch merely merge
        StatusChange.objects.bulk_create(list({id(step): step for step in steps if id(step) in created_by}.values()))
        for step, fields in changed.values():
            if step.pk in known:
                StatusChange.objects.filter(pk=step.pk).update(**{field: getattr(step, field) for field in fields})
        evidence = _new_evidence(reports, steps, known)
        Evidence.objects.bulk_create(evidence.values())
    return [Recorded(step, created_by.get(id(step)) == index, (index, step.pk) in evidence)
            for index, step in enumerate(steps)]


def _step_for(report: Report, track: LicenceApplication, on_file: dict, changed: dict):
    """The step this report is about, on file or new in this batch (then filed under its track and status)."""
    claim = report.claim
    origin = report.origin or (Origin.EDITOR if report.editor is not None else Origin.INGESTED)
    reported_at = report.reported_at or getattr(report.news_item, "published_at", None) or timezone.now()
    same = on_file[(track.pk, claim.status)]
    step = min((existing for existing in same if _dates_agree(existing, claim)), key=_canonical, default=None)
    if step is not None:
        fields = _merge_report(step, claim, reported_at)
        if fields:
            changed.setdefault(id(step), (step, set()))[1].update(fields)
        return step, False
    step = StatusChange(
        application=track,
        company=claim.company,
        chip=claim.chip,
        country=claim.country,
        authority=claim.authority,
        status=claim.status,
        event_date=claim.event_date,
        date_precision=claim.date_precision,
        reported_at=reported_at,
        origin=origin,
        confidence=claim.confidence,
        review_state=ReviewState.UNREVIEWED if origin == Origin.INGESTED else ReviewState.CONFIRMED,
        conditions=claim.conditions,
        note=report.note,
        recorded_by=report.editor,
    )
    same.append(step)
    return step, True


def _canonical(step: StatusChange) -> tuple:
    """Which of several agreeing steps a coarse report joins (the most precise, then the earliest), so the choice
    does not depend on which was filed first."""
    return (-_PRECISION_RANK[step.date_precision], step.event_date or date.min)


def _new_evidence(reports: list[Report], steps: list[StatusChange], known: set[int]) -> dict[tuple, Evidence]:
    """Evidence rows not yet on file, one per (step, news item), keyed by (report index, step id)."""
    items = {report.news_item.pk for report in reports if report.news_item is not None}
    filed = set(Evidence.objects.filter(status_change_id__in=known, news_item_id__in=items)
                .values_list("status_change_id", "news_item_id")) if known and items else set()
    evidence = {}
    for index, (report, step) in enumerate(zip(reports, steps, strict=True)):
        pair = (step.pk, getattr(report.news_item, "pk", None))
        if report.news_item is None or pair in filed:
            continue
        filed.add(pair)
        evidence[(index, step.pk)] = Evidence(status_change=step, news_item=report.news_item,
                                              sentence=report.sentence, confidence=report.claim.confidence)
    return evidence


def record_status_change(claim: Claim, *, news_item=None, sentence: str = "", editor=None, origin: str | None = None,
                         reported_at: datetime | None = None, note: str = "") -> Recorded:
    """One claimed step (see record_status_changes)."""
    report = Report(claim, news_item, sentence, editor, origin, reported_at, note)
    return record_status_changes([report])[0]


_PRECISION_RANK = {DatePrecision.UNKNOWN: 0, DatePrecision.YEAR: 1, DatePrecision.MONTH: 2, DatePrecision.DAY: 3}


def _merge_report(change: StatusChange, claim: Claim, reported_at: datetime) -> set[str]:
    """Fold another report of the same step in; return the fields it changed. Only unreviewed ingested rows are
    refined (editors win)."""
    updates = {}
    if reported_at < change.reported_at:
        updates["reported_at"] = reported_at
    editable = change.origin == Origin.INGESTED and change.review_state == ReviewState.UNREVIEWED
    if editable:
        if claim.confidence > change.confidence:
            updates["confidence"] = claim.confidence
        if _PRECISION_RANK[claim.date_precision] > _PRECISION_RANK[change.date_precision]:
            updates["event_date"] = claim.event_date
            updates["date_precision"] = claim.date_precision
        if _fuller(claim.conditions, change.conditions):  # the fuller text, whichever report came first
            updates["conditions"] = claim.conditions
    for field, value in updates.items():
        setattr(change, field, value)
    return set(updates)


def _fuller(conditions: str, than: str) -> bool:
    return (len(conditions), conditions) > (len(than), than)


def review_status_change(change: StatusChange, *, decision: str, editor, note: str = "") -> StatusChange:
    """An editor confirms or rejects a step (or reopens it). Compare-and-set, so two editors cannot both win."""
    if decision not in ReviewState.values:
        raise ValueError(f"unknown review decision {decision!r}")
    updates = {"review_state": decision, "reviewed_by": editor, "reviewed_at": timezone.now()}
    if note:
        updates["note"] = note
    updated = StatusChange.objects.filter(pk=change.pk, review_state=change.review_state).update(**updates)
    if not updated:
        raise ReviewConflict(f"status change #{change.pk} was reviewed by someone else meanwhile; reload it")
    change.refresh_from_db()
    return change


class ReviewConflict(Exception):
    pass
