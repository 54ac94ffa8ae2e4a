"""What comes in: sources to poll, every news item as received, and a record of each ingest run."""

import pghistory
from django.conf import settings
from django.db import models
from django.urls import reverse

from exportwatch.catalog.models import ChipSku, Company
from exportwatch.core.history import tracked
from exportwatch.core.models import TimeStampedModel


@tracked()
class Source(TimeStampedModel):
    """A feed or page polled on its own schedule, with the caching headers and errors of its last fetch."""

    class Kind(models.TextChoices):
        FEED = "feed", "RSS/Atom feed"
        PAGE = "page", "Article page"
        FEDERAL_REGISTER = "fedreg", "Federal Register API search (rules become regulations)"
        SCREENING_LIST = "csl", "Consolidated Screening List (entities become dated listings)"

    name = models.CharField(
        max_length=200,
    )
    kind = models.CharField(
        max_length=8,
        choices=Kind.choices,
        default=Kind.FEED,
    )
    url = models.URLField(
        max_length=2000,
        unique=True,
    )
    enabled = models.BooleanField(
        default=True,
    )
    interval_minutes = models.PositiveIntegerField(
        default=60,
    )
    etag = models.CharField(
        max_length=500,
        blank=True,
    )
    last_modified = models.CharField(
        max_length=100,
        blank=True,
    )
    last_checked_at = models.DateTimeField(
        null=True,
        blank=True,
    )
    next_check_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
    )
    last_error = models.TextField(
        blank=True,
    )
    error_count = models.PositiveIntegerField(
        default=0,
        help_text="Consecutive failed fetches; reset by a success.",
    )
    disabled_reason = models.TextField(
        blank=True,
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(interval_minutes__gte=5),
                name="%(app_label)s_%(class)s_interval_at_least_5_minutes",
            ),
        ]

    def __str__(self):
        return self.name


class IngestRun(models.Model):
    """One run of the pipeline: what started it, what it read, and what came of it."""

    class Trigger(models.TextChoices):
        COMMAND = "command", "Command line"
        SCHEDULE = "schedule", "Schedule"
        ADMIN = "admin", "Admin action"
        SWEEP = "sweep", "Sweep of stuck items"

    class State(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        PARTIAL = "partial", "Finished with errors"
        FAILED = "failed", "Failed"

    trigger = models.CharField(
        max_length=10,
        choices=Trigger.choices,
    )
    target = models.TextField(
        help_text="The file, URL or source the run read.",
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.SET_NULL,
        related_name="runs",
        null=True,
        blank=True,
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="ingest_runs",
        null=True,
        blank=True,
    )
    window_key = models.CharField(
        max_length=200,
        null=True,
        blank=True,
        unique=True,
        help_text="Set for scheduled runs, so a second beat in the same window starts nothing.",
    )
    state = models.CharField(
        max_length=10,
        choices=State.choices,
        default=State.RUNNING,
    )
    started_at = models.DateTimeField(
        auto_now_add=True,
    )
    finished_at = models.DateTimeField(
        null=True,
        blank=True,
    )
    items_new = models.PositiveIntegerField(
        default=0,
    )
    items_duplicate = models.PositiveIntegerField(
        default=0,
    )
    items_failed = models.PositiveIntegerField(
        default=0,
    )
    events_recorded = models.PositiveIntegerField(
        default=0,
    )
    errors = models.JSONField(
        default=list,
        blank=True,
    )
    fetched_by = models.CharField(
        max_length=100,
        blank=True,
        help_text="The task fetching the run's URL; until one starts, the run is the URL's outbox entry.",
    )
    fetch_started_at = models.DateTimeField(
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["-started_at"]

    def __str__(self):
        return f"Run #{self.pk} ({self.get_trigger_display()}): {self.target[:80]}"

    @property
    def actor(self) -> str:
        return f"ingest run {self.pk}"


# What a news item says is the evidence behind public steps: every edit of it is kept with its editor. Only such
# edits are recorded, not the pipeline's own state changes, so two hundred thousand items cost no history rows.
CONTENT_FIELDS = ("title", "text", "published_at", "outlet", "language")


@pghistory.track(pghistory.UpdateEvent("content_edited", condition=pghistory.AnyChange(*CONTENT_FIELDS)),
                 fields=[*CONTENT_FIELDS], model_name="NewsItemContentEvent")
class NewsItem(models.Model):
    """A news item exactly as received, stored before anything else happens to it."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for extraction"
        PROCESSED = "processed", "Processed"
        FAILED = "failed", "Failed"
        PARKED = "parked", "Parked after repeated failures"

    url = models.TextField(
        help_text="The URL as received.",
    )
    canonical_url = models.CharField(
        max_length=2000,
        unique=True,
    )
    title = models.TextField(
        blank=True,
    )
    outlet = models.CharField(
        max_length=200,
        blank=True,
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
    )
    language = models.CharField(
        max_length=16,
        blank=True,
    )
    raw_body = models.TextField(
        blank=True,
        help_text="The body as received (text or HTML).",
    )
    text = models.TextField(
        blank=True,
        help_text="Normalised plain text the extractor reads.",
    )
    content_hash = models.CharField(
        max_length=64,
        db_index=True,
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        related_name="copies",
        null=True,
        blank=True,
        help_text="The first item seen with the same text (a syndicated copy).",
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.SET_NULL,
        related_name="items",
        null=True,
        blank=True,
    )
    ingest_run = models.ForeignKey(
        IngestRun,
        on_delete=models.SET_NULL,
        related_name="items",
        null=True,
        blank=True,
    )
    state = models.CharField(
        max_length=10,
        choices=State.choices,
        default=State.PENDING,
    )
    error = models.TextField(
        blank=True,
    )
    attempts = models.PositiveSmallIntegerField(
        default=0,
    )
    claimed_by = models.CharField(
        max_length=100,
        blank=True,
        help_text="The task processing the item now (see ingest/claims.py).",
    )
    claim_expires_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the claim runs out: a worker that has not finished by then is taken to have stopped.",
    )
    received_at = models.DateTimeField(
        auto_now_add=True,
    )
    processed_at = models.DateTimeField(
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["state", "received_at"], name="ingest_item_state_received"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["pending", "processed", "failed", "parked"]),
                name="%(app_label)s_%(class)s_state_in_vocabulary",
            ),
        ]

    def __str__(self):
        return self.title or self.canonical_url

    def get_absolute_url(self):
        return reverse("newsitem_detail", args=[self.pk])


class ChipCandidate(models.Model):
    """A chip-like name the catalogue does not know, seen next to a vendor, waiting for an editor."""

    class State(models.TextChoices):
        NEW = "new", "New"
        ACCEPTED = "accepted", "Accepted into the catalogue"
        IGNORED = "ignored", "Ignored"

    name = models.CharField(
        max_length=100,
    )
    vendor = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        related_name="chip_candidates",
    )
    first_item = models.ForeignKey(
        NewsItem,
        on_delete=models.SET_NULL,
        related_name="chip_candidates",
        null=True,
        blank=True,
    )
    context = models.TextField(
        blank=True,
        help_text="The sentence it was first seen in.",
    )
    times_seen = models.PositiveIntegerField(
        default=1,
    )
    state = models.CharField(
        max_length=10,
        choices=State.choices,
        default=State.NEW,
    )
    accepted_as = models.ForeignKey(
        ChipSku,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(
        auto_now_add=True,
    )

    class Meta:
        ordering = ["-times_seen", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "name"],
                name="%(app_label)s_%(class)s_unique_vendor_name",
            ),
        ]

    def __str__(self):
        return f"{self.vendor.name} {self.name}"
