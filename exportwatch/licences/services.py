"""The one writer of status changes (DESIGN.md invariant 5): views, admin, commands and tasks call this.

`record_status_change` is idempotent: a claim already on file, from the same or another news item,
adds evidence to the existing step instead of a new row, and it never alters what an editor decided.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
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


def _dates_agree(existing: StatusChange, claim: Claim) -> bool:
    """Two reports describe the same step when their dates agree at the coarser precision of the two."""
    if existing.event_date is None or claim.event_date is None:
        return existing.event_date is None and claim.event_date is None
    a, b = existing.event_date, claim.event_date
    precisions = {existing.date_precision, claim.date_precision}
    if DatePrecision.YEAR in precisions:
        return a.year == b.year
    if DatePrecision.MONTH in precisions:
        return (a.year, a.month) == (b.year, b.month)
    return abs((a - b).days) <= 1


def _find_same_step(application: LicenceApplication, claim: Claim) -> StatusChange | None:
    candidates = application.status_changes.filter(status=claim.status).order_by("id")
    return next((change for change in candidates if _dates_agree(change, claim)), None)


def _lock_application(claim: Claim) -> LicenceApplication:
    """Get or create the track and lock it, so concurrent writers of one track take turns."""
    key = {"company": claim.company, "chip": claim.chip, "country": claim.country, "authority": claim.authority}
    application = LicenceApplication.objects.select_for_update().filter(**key).first()
    if application is not None:
        return application
    try:
        with transaction.atomic():
            application = LicenceApplication.objects.create(**key)
    except IntegrityError:  # another worker created it between our read and our insert
        pass
    return LicenceApplication.objects.select_for_update().get(**key)


def _locked_track(claim: Claim, locked_tracks: dict | None) -> LicenceApplication:
    if locked_tracks is None:
        return _lock_application(claim)
    key = (claim.company.pk, claim.chip.pk, claim.country.pk, claim.authority.pk)
    if key not in locked_tracks:
        locked_tracks[key] = _lock_application(claim)
    return locked_tracks[key]


def record_status_change(
    claim: Claim,
    *,
    news_item=None,
    sentence: str = "",
    editor=None,
    origin: str | None = None,
    reported_at: datetime | None = None,
    note: str = "",
    locked_tracks: dict | None = None,
) -> Recorded:
    """Record a claimed step with its evidence (a news item and sentence) or the editor who vouches for it.

    A caller writing many claims in one transaction may pass `locked_tracks`, a dict this function fills
    with the tracks it has locked, so each track is looked up and locked once per transaction.
    """
    if news_item is None and editor is None:
        raise ValueError("a status change needs evidence (news_item) or an editor who records it")
    origin = origin or (Origin.EDITOR if editor is not None else Origin.INGESTED)
    reported_at = reported_at or getattr(news_item, "published_at", None) or timezone.now()

    # No savepoint of its own: a caller that wants one around a failure (the pipeline per item) has it.
    with transaction.atomic(savepoint=False):
        application = _locked_track(claim, locked_tracks)
        change = _find_same_step(application, claim)
        created = change is None
        if created:
            change = StatusChange.objects.create(
                application=application,
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
                note=note,
                recorded_by=editor,
            )
        else:
            _merge_report(change, claim, reported_at)
        evidence_created = False
        if news_item is not None and (created or not change.evidence.filter(news_item=news_item).exists()):
            # The track is locked, so no other writer can add this evidence meanwhile.
            Evidence.objects.create(
                status_change=change, news_item=news_item, sentence=sentence, confidence=claim.confidence
            )
            evidence_created = True
    return Recorded(status_change=change, created=created, evidence_created=evidence_created)


_PRECISION_RANK = {DatePrecision.UNKNOWN: 0, DatePrecision.YEAR: 1, DatePrecision.MONTH: 2, DatePrecision.DAY: 3}


def _merge_report(change: StatusChange, claim: Claim, reported_at: datetime) -> None:
    """Fold another report of the same step in. Only unreviewed ingested rows are refined (editors win)."""
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
        if claim.conditions and not change.conditions:
            updates["conditions"] = claim.conditions
    if updates:
        StatusChange.objects.filter(pk=change.pk).update(**updates)
        for field, value in updates.items():
            setattr(change, field, value)


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
