"""Licence tracks and their history: LicenceApplication, StatusChange (append-only) and Evidence.

Status changes are written only by `licences.services.record_status_changes`; see DESIGN.md.
"""

import pgtrigger
from django.conf import settings
from django.db import models
from django.urls import reverse

from exportwatch.catalog.models import Authority, ChipSku, Company, Country
from exportwatch.core.history import tracked

from .querysets import LicenceApplicationQuerySet, StatusChangeQuerySet


class Status(models.TextChoices):
    """The eight steps of a licence track.

    Any status may follow any other: news reports steps out of order and rules change both ways, so
    the current status is simply the latest reported step, never a state machine's output.
    """

    REQUIREMENT_IMPOSED = "requirement_imposed", "Requirement imposed"
    REQUIREMENT_LIFTED = "requirement_lifted", "Requirement lifted"
    APPLIED = "applied", "Applied"
    UNDER_REVIEW = "under_review", "Under review"
    ASSURED = "assured", "Assured"
    GRANTED = "granted", "Granted"
    DENIED = "denied", "Denied"
    REVOKED = "revoked", "Revoked"


class DatePrecision(models.TextChoices):
    """How much of `event_date` the sources support; a month-precise date is stored as its first day."""

    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"
    UNKNOWN = "unknown", "Unknown"


class Origin(models.TextChoices):
    INGESTED = "ingested", "Ingested from news"
    EDITOR = "editor", "Recorded by an editor"
    REFERENCE = "reference", "Reference data"


class ReviewState(models.TextChoices):
    """unreviewed → confirmed or rejected; an editor may reverse a decision, ingestion never does."""

    UNREVIEWED = "unreviewed", "Unreviewed"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


@tracked()
class LicenceApplication(models.Model):
    """One company's licence track for a product to a destination under one authority.

    Its current status is derived from its status changes (latest event date, then reported time;
    rejected changes do not count) and is never stored or edited on its own.
    """

    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        related_name="licence_applications",
    )
    chip = models.ForeignKey(
        ChipSku,
        on_delete=models.PROTECT,
        related_name="licence_applications",
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="licence_applications",
        verbose_name="destination",
    )
    authority = models.ForeignKey(
        Authority,
        on_delete=models.PROTECT,
        related_name="licence_applications",
    )
    note = models.TextField(
        blank=True,
    )
    created_at = models.DateTimeField(
        auto_now_add=True,
    )

    objects = LicenceApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["company__name", "chip__name", "country__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "chip", "country", "authority"],
                name="%(app_label)s_%(class)s_unique_track",
            ),
        ]

    def __str__(self):
        return f"{self.company.name} {self.chip.name} → {self.country.code} ({self.authority.short_name})"

    def get_absolute_url(self):
        return reverse("application_detail", args=[self.pk])

    @property
    def current_change(self):
        return self.status_changes.counting().latest_first().first()

    @property
    def current_status(self) -> str | None:
        change = self.current_change
        return change.status if change else None


@tracked()
class StatusChange(models.Model):
    """One reported step of a licence track. Append-only: corrections are new rows or review decisions.

    The track's company, chip, country and authority are copied onto each row so timelines filter
    and sort on one indexed table.
    """

    application = models.ForeignKey(
        LicenceApplication,
        on_delete=models.PROTECT,
        related_name="status_changes",
    )
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        related_name="status_changes",
    )
    chip = models.ForeignKey(
        ChipSku,
        on_delete=models.PROTECT,
        related_name="status_changes",
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="status_changes",
    )
    authority = models.ForeignKey(
        Authority,
        on_delete=models.PROTECT,
        related_name="status_changes",
    )
    status = models.CharField(
        max_length=24,
        choices=Status.choices,
    )
    event_date = models.DateField(
        null=True,
        blank=True,
    )
    date_precision = models.CharField(
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    reported_at = models.DateTimeField(
        help_text="When the step was first reported.",
    )
    origin = models.CharField(
        max_length=10,
        choices=Origin.choices,
    )
    confidence = models.FloatField(
        default=1.0,
    )
    review_state = models.CharField(
        max_length=10,
        choices=ReviewState.choices,
        default=ReviewState.UNREVIEWED,
    )
    conditions = models.TextField(
        blank=True,
        help_text="Conditions attached to a grant, e.g. a revenue share.",
    )
    note = models.TextField(
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="recorded_status_changes",
        null=True,
        blank=True,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reviewed_status_changes",
        null=True,
        blank=True,
    )
    reviewed_at = models.DateTimeField(
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(
        auto_now_add=True,
    )

    objects = StatusChangeQuerySet.as_manager()

    class Meta:
        ordering = ["event_date", "reported_at", "id"]
        permissions = [
            ("export_statuschange", "Can export status changes and evidence as CSV"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values),
                name="%(app_label)s_%(class)s_status_in_vocabulary",
            ),
            models.CheckConstraint(
                condition=models.Q(date_precision__in=DatePrecision.values),
                name="%(app_label)s_%(class)s_precision_in_vocabulary",
            ),
            models.CheckConstraint(
                condition=models.Q(origin__in=Origin.values),
                name="%(app_label)s_%(class)s_origin_in_vocabulary",
            ),
            models.CheckConstraint(
                condition=models.Q(review_state__in=ReviewState.values),
                name="%(app_label)s_%(class)s_review_state_in_vocabulary",
            ),
            models.CheckConstraint(
                condition=models.Q(confidence__gte=0) & models.Q(confidence__lte=1),
                name="%(app_label)s_%(class)s_confidence_between_0_and_1",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(event_date__isnull=True, date_precision=DatePrecision.UNKNOWN)
                    | (models.Q(event_date__isnull=False) & ~models.Q(date_precision=DatePrecision.UNKNOWN))
                ),
                name="%(app_label)s_%(class)s_date_matches_precision",
            ),
            models.CheckConstraint(
                condition=~models.Q(origin=Origin.EDITOR) | models.Q(recorded_by__isnull=False),
                name="%(app_label)s_%(class)s_editor_change_names_editor",
            ),
            # Ingestion finds its own earlier rows by this key, so a re-run or a second worker adds nothing.
            models.UniqueConstraint(
                fields=["application", "status", "event_date", "date_precision"],
                condition=models.Q(origin=Origin.INGESTED),
                name="%(app_label)s_%(class)s_unique_ingested_step",
            ),
        ]
        # Each timeline filters on its key and reads in date order (in_date_order / latest_first);
        # review_state rides along so counting what a reader may see needs no table visits. The index for
        # latest_first over all steps (DESC NULLS LAST) is made by migration 0002 on PostgreSQL only,
        # since SQLite cannot index NULLS LAST.
        indexes = [
            models.Index(
                fields=["chip", "event_date", "reported_at", "id"],
                include=["review_state"],
                name="licences_sc_chip_date",
            ),
            models.Index(
                fields=["country", "event_date", "reported_at", "id"],
                include=["review_state"],
                name="licences_sc_country_date",
            ),
            models.Index(
                fields=["chip", "country", "event_date", "reported_at", "id"],
                include=["review_state"],
                name="licences_sc_chip_country_date",
            ),
            models.Index(
                fields=["company", "event_date", "reported_at", "id"],
                include=["review_state"],
                name="licences_sc_company_date",
            ),
            models.Index(
                fields=["application", "event_date", "reported_at", "id"],
                name="licences_sc_application_date",
            ),
            models.Index(fields=["event_date", "reported_at", "id"], name="licences_sc_date_order"),
            models.Index(fields=["review_state", "confidence"], name="licences_sc_review_queue"),
        ]
        triggers = [
            # The step itself never changes after it is written; editors review or add new rows.
            pgtrigger.ReadOnly(
                name="step_is_append_only",
                fields=["application", "company", "chip", "country", "authority", "status", "origin", "recorded_by",
                        "created_at"],
            ),
            pgtrigger.Protect(
                name="step_is_never_deleted",
                operation=pgtrigger.Delete,
            ),
        ]

    def __str__(self):
        return f"{self.get_status_display()} {self.event_date or 'undated'} · {self.application}"

    @property
    def counts(self) -> bool:
        return self.review_state != ReviewState.REJECTED


@tracked()
class Evidence(models.Model):
    """A news item that reports a status change, with the sentence that supports it."""

    status_change = models.ForeignKey(
        StatusChange,
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    news_item = models.ForeignKey(
        "ingest.NewsItem",
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    sentence = models.TextField()
    confidence = models.FloatField(
        default=1.0,
    )
    created_at = models.DateTimeField(
        auto_now_add=True,
    )

    class Meta:
        verbose_name_plural = "evidence"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["status_change", "news_item"],
                name="%(app_label)s_%(class)s_unique_change_item",
            ),
            models.CheckConstraint(
                condition=models.Q(confidence__gte=0) & models.Q(confidence__lte=1),
                name="%(app_label)s_%(class)s_confidence_between_0_and_1",
            ),
        ]
        triggers = [
            # Evidence is what a public step rests on: once written it neither changes nor goes away.
            pgtrigger.ReadOnly(name="evidence_is_append_only"),
            pgtrigger.Protect(name="evidence_is_never_deleted", operation=pgtrigger.Delete),
        ]

    def __str__(self):
        return f"Evidence for #{self.status_change_id} from item #{self.news_item_id}"
