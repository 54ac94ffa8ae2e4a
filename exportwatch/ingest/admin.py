"""Admin for what comes in: sources (with "Ingest now"), news items (with "Retry processing"),
ingest runs (read-only) and chip candidates (accept into the catalogue or ignore).

Tasks are enqueued after commit (`tasks.enqueue`), so a worker never starts before the admin's transaction commits.
"""

from django import forms
from django.contrib import admin, messages
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from exportwatch.catalog.models import ChipSku
from exportwatch.core.admin import ExportwatchModelAdmin, plural

from .fetching import FetchError, FetchErrorKind, validate_url
from .models import CONTENT_FIELDS, ChipCandidate, IngestRun, NewsItem, Source
from .tasks import enqueue, poll_source, process_items


class SourceForm(forms.ModelForm):
    url = forms.URLField(max_length=2000, assume_scheme="https")

    class Meta:
        model = Source
        fields = ["name", "kind", "url", "enabled", "interval_minutes", "disabled_reason"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            validate_url(url)
        except FetchError as error:
            # A name that does not resolve now may later; an internal or malformed address never will.
            if error.kind in (FetchErrorKind.INVALID_URL, FetchErrorKind.BLOCKED_ADDRESS):
                raise forms.ValidationError(str(error)) from error
        return url


@admin.register(Source)
class SourceAdmin(ExportwatchModelAdmin):
    form = SourceForm
    list_display = (
        "name",
        "kind",
        "enabled",
        "interval_minutes",
        "last_checked_at",
        "next_check_at",
        "error_count",
        "short_last_error",
    )
    list_filter = ("enabled", "kind")
    search_fields = ("name", "url")
    readonly_fields = ("etag", "last_modified", "last_checked_at", "next_check_at", "error_count", "last_error")
    actions = ("ingest_now",)

    @admin.display(description="last error")
    def short_last_error(self, source):
        return source.last_error[:120]

    @admin.action(description="Ingest now", permissions=["change"])
    def ingest_now(self, request, queryset):
        sources = list(queryset.values_list("pk", flat=True))
        for source_pk in sources:
            enqueue(poll_source, source_pk, trigger="admin", user_id=request.user.pk)
        messages.success(request, f"Queued {plural(len(sources), 'source')} for fetching.")


@admin.register(NewsItem)
class NewsItemAdmin(ExportwatchModelAdmin):
    list_display = ("short_title", "outlet", "published_at", "language", "state", "attempts", "short_error", "source")
    list_select_related = ("source",)
    list_filter = ("state", "language", "source")
    search_fields = ("title", "canonical_url", "outlet")
    ordering = ("-id",)
    actions = ("retry_processing",)
    raw_id_fields = ("duplicate_of", "source", "ingest_run")
    # What arrived is kept as it arrived; editors may only fix the descriptive fields before a retry.
    readonly_fields = (
        "url",
        "canonical_url",
        "raw_body",
        "content_hash",
        "duplicate_of",
        "source",
        "ingest_run",
        "state",
        "error",
        "attempts",
        "received_at",
        "processed_at",
    )

    def get_readonly_fields(self, request, obj=None):
        """Once an item is evidence for a step, what it says is part of the record and no longer edited."""
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.evidence.exists():
            return (*fields, *CONTENT_FIELDS)
        return fields

    @admin.display(description="title", ordering="title")
    def short_title(self, item):
        return (item.title or item.canonical_url)[:120]

    @admin.display(description="error")
    def short_error(self, item):
        return item.error[:120]

    @admin.action(description="Retry processing", permissions=["change"])
    def retry_processing(self, request, queryset):
        item_ids = list(queryset.values_list("pk", flat=True))
        enqueue(process_items, item_ids, trigger="admin", user_id=request.user.pk)
        messages.success(request, f"Queued {plural(len(item_ids), 'news item')} for processing.")


@admin.register(IngestRun)
class IngestRunAdmin(ExportwatchModelAdmin):
    """A record of what happened; nobody edits it."""

    list_display = (
        "id",
        "trigger",
        "short_target",
        "source",
        "started_by",
        "state",
        "started_at",
        "finished_at",
        "items_new",
        "items_duplicate",
        "items_failed",
        "events_recorded",
        "error_count",
    )
    list_select_related = ("source", "started_by")
    list_filter = ("state", "trigger")
    search_fields = ("target",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="target")
    def short_target(self, run):
        return run.target[:80]

    @admin.display(description="errors")
    def error_count(self, run):
        return len(run.errors or [])


@admin.register(ChipCandidate)
class ChipCandidateAdmin(ExportwatchModelAdmin):
    list_display = ("name", "vendor", "times_seen", "state", "accepted_as", "first_item", "created_at")
    list_select_related = ("vendor", "accepted_as", "accepted_as__vendor", "first_item")
    list_filter = ("state",)
    search_fields = ("name", "vendor__name", "context")
    readonly_fields = ("first_item", "context", "times_seen", "accepted_as", "created_at")
    autocomplete_fields = ("vendor",)
    actions = ("accept_into_catalogue", "ignore")

    @admin.action(description="Accept into catalogue", permissions=["change"])
    def accept_into_catalogue(self, request, queryset):
        accepted = 0
        for candidate in queryset.select_related("vendor").exclude(state=ChipCandidate.State.ACCEPTED):
            try:
                with transaction.atomic():
                    accept_candidate(candidate)
            except IntegrityError as error:
                messages.error(request, f"Could not accept {candidate}: {error}")
                continue
            accepted += 1
        messages.success(request, f"Accepted {plural(accepted, 'candidate')} into the catalogue.")

    @admin.action(description="Ignore", permissions=["change"])
    def ignore(self, request, queryset):
        ignored = queryset.filter(state=ChipCandidate.State.NEW).update(state=ChipCandidate.State.IGNORED)
        messages.success(request, f"Ignored {plural(ignored, 'candidate')}.")


def accept_candidate(candidate: ChipCandidate) -> ChipSku:
    """Add the candidate to the catalogue as a SKU of its vendor (or link the chip already there)."""
    chip = ChipSku.objects.filter(vendor=candidate.vendor, name__iexact=candidate.name).first()
    if chip is None:
        chip = ChipSku.objects.create(
            kind=ChipSku.Kind.SKU,
            vendor=candidate.vendor,
            name=candidate.name,
            slug=slugify(f"{candidate.vendor.slug}-{candidate.name}"),
        )
    candidate.state = ChipCandidate.State.ACCEPTED
    candidate.accepted_as = chip
    candidate.save(update_fields=["state", "accepted_as"])
    return chip
