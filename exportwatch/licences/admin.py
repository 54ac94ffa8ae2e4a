"""Admin for licence tracks, their append-only status changes, evidence, and the editors' review queue.

Status changes are never saved by the admin itself: new steps go through `record_status_change` and
review decisions through `review_status_change` (DESIGN.md invariant 5). Existing steps are read-only
except their review fields, and neither steps nor evidence can be deleted.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html

from exportwatch.core.admin import ExportwatchModelAdmin, ReadOnlyAdmin

from .models import Evidence, LicenceApplication, ReviewState, Status, StatusChange
from .services import Claim, ReviewConflict, record_status_change, review_status_change

# What an editor may still change on a recorded step.
REVIEW_FIELDS = ("review_state", "note")
# What an editor states when recording a new step; the track comes from the application.
NEW_STEP_FIELDS = ("status", "event_date", "date_precision", "conditions", "note")


def claim_for(application, data) -> Claim:
    """The claim a form describes, for `application` (which may be None while the form is only validated)."""
    return Claim(
        company=getattr(application, "company", None),
        chip=getattr(application, "chip", None),
        country=getattr(application, "country", None),
        authority=getattr(application, "authority", None),
        status=data.get("status"),
        event_date=data.get("event_date"),
        date_precision=data.get("date_precision"),
        conditions=data.get("conditions") or "",
    )


def check_claim(form, application) -> None:
    """Report a claim the service would refuse (unknown status, date and precision disagreeing) on the form."""
    if form.errors:
        return
    try:
        claim_for(application, form.cleaned_data)
    except ValueError as error:
        raise ValidationError(str(error)) from None


def record_from_form(form, application, editor):
    """Record a new step through the one writer and return the status change it names."""
    claim = claim_for(application, form.cleaned_data)
    recorded = record_status_change(claim, editor=editor, note=form.cleaned_data.get("note", ""))
    return recorded.status_change


def review_from_form(form, editor):
    """Apply a changed review decision or note, compare-and-set against the state the editor saw."""
    change = form.instance
    seen_state = form.cleaned_data.get("seen_review_state") or form.initial["review_state"]
    seen = StatusChange(pk=change.pk, review_state=seen_state)
    return review_status_change(seen, decision=change.review_state, editor=editor, note=change.note)


def external_link(url: str, text: str):
    """A link to a news item's own page; anything but http(s) stays plain text (item URLs come from outside)."""
    if not url.lower().startswith(("https://", "http://")):
        return text
    return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', url, text)


def is_low_confidence(change) -> bool:
    return change.confidence < settings.REVIEW_CONFIDENCE_THRESHOLD


class StepForm(forms.ModelForm):
    """A status change as editors see it: the step's own fields only while it is new, review fields after."""

    # The review state when the page was loaded, so a decision made meanwhile by someone else is not overwritten.
    seen_review_state = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = StatusChange
        fields = (*NEW_STEP_FIELDS, "review_state")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            fixed = [name for name in self.fields if name not in (*REVIEW_FIELDS, "seen_review_state")]
        else:
            # A new editor step starts confirmed (the service decides); there is nothing to review yet.
            fixed = [name for name in self.fields if name == "review_state"]
        for name in fixed:
            self.fields[name].disabled = True
        self.fields["seen_review_state"].initial = self.instance.review_state

    def clean(self):
        cleaned_data = super().clean()
        if not self.instance.pk:
            check_claim(self, self.instance.application if self.instance.application_id else None)
        return cleaned_data


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    form = StepForm
    extra = 0
    fields = (
        *NEW_STEP_FIELDS,
        "origin",
        "confidence",
        "review_state",
        "seen_review_state",
        "reviewed_by",
        "change_link",
    )
    readonly_fields = ("origin", "confidence", "reviewed_by", "change_link")
    ordering = ("event_date", "reported_at", "id")
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reviewed_by")

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="evidence")
    def change_link(self, change):
        if not change.pk:
            return ""
        url = reverse("admin:licences_statuschange_change", args=[change.pk])
        return format_html('<a href="{}">#{} and its evidence</a>', url, change.pk)


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ("news_item_link", "sentence", "confidence", "created_at")
    readonly_fields = fields
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("news_item")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="news item")
    def news_item_link(self, evidence):
        item = evidence.news_item
        return external_link(item.url, item.title or item.url)


@admin.register(LicenceApplication)
class LicenceApplicationAdmin(ExportwatchModelAdmin):
    list_display = ("__str__", "company", "chip", "country", "authority", "current_status", "current_event_date")
    list_select_related = ("company", "chip", "chip__vendor", "country", "authority")
    list_filter = ("authority", ("country", admin.RelatedOnlyFieldListFilter))
    search_fields = ("company__name", "chip__name", "country__code", "country__name", "authority__short_name")
    autocomplete_fields = ("company", "chip", "country", "authority")
    readonly_fields = ("current_status_now", "created_at")
    fields = ("company", "chip", "country", "authority", "note", "current_status_now", "created_at")
    inlines = (StatusChangeInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).with_current_status()

    def get_readonly_fields(self, request, obj=None):
        # The track's key is fixed once steps hang off it; a different track is a new application.
        if obj is not None:
            return (*self.readonly_fields, "company", "chip", "country", "authority")
        return self.readonly_fields

    @admin.display(description="current status", ordering="current_status_value")
    def current_status(self, application):
        value = application.current_status_value
        return Status(value).label if value else "—"

    @admin.display(description="since", ordering="current_event_date")
    def current_event_date(self, application):
        return application.current_event_date

    @admin.display(description="current status")
    def current_status_now(self, application):
        value = application.current_status
        return Status(value).label if value else "—"

    def save_formset(self, request, form, formset, change):
        if formset.model is not StatusChange:
            return super().save_formset(request, form, formset, change)
        # The admin's change message reads these lists, which formset.save() would otherwise fill.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for step_form in formset.forms:
            if not step_form.has_changed():
                continue
            if step_form.instance.pk:
                if _review_or_report(request, step_form):
                    formset.changed_objects.append((step_form.instance, step_form.changed_data))
            else:
                formset.new_objects.append(record_from_form(step_form, form.instance, request.user))
        return None


def _review_or_report(request, form) -> bool:
    """Apply the form's review decision; a conflict with another editor becomes an error message."""
    try:
        review_from_form(form, request.user)
    except ReviewConflict as conflict:
        messages.error(request, str(conflict))
        return False
    return True


class ReviewQueueFilter(admin.SimpleListFilter):
    """The editors' queue: unreviewed steps, and separately those below the confidence threshold."""

    title = "review queue"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        threshold = settings.REVIEW_CONFIDENCE_THRESHOLD
        return (
            ("unreviewed", "Unreviewed"),
            ("low", f"Low confidence (below {threshold:.2f})"),
            ("unreviewed_low", f"Unreviewed and below {threshold:.2f}"),
        )

    def queryset(self, request, queryset):
        threshold = settings.REVIEW_CONFIDENCE_THRESHOLD
        if self.value() == "unreviewed":
            return queryset.awaiting_review()
        if self.value() == "low":
            return queryset.filter(confidence__lt=threshold)
        if self.value() == "unreviewed_low":
            return queryset.awaiting_review().filter(confidence__lt=threshold)
        return queryset


class StatusChangeForm(StepForm):
    """The standalone add/change form: like an inline row, plus the application when adding."""

    class Meta(StepForm.Meta):
        fields = ("application", *StepForm.Meta.fields)

    def clean(self):
        cleaned_data = forms.ModelForm.clean(self)
        if not self.instance.pk:
            check_claim(self, cleaned_data.get("application"))
        return cleaned_data


@admin.register(StatusChange)
class StatusChangeAdmin(ExportwatchModelAdmin):
    form = StatusChangeForm
    list_display = (
        "id",
        "settled",
        "track",
        "status",
        "event_date",
        "confidence_flag",
        "review_state",
        "origin",
        "evidence_sentence",
        "source_link",
    )
    list_display_links = ("id", "track")
    # The row's own track columns, plus the application's for __str__ (the action checkbox's label).
    list_select_related = (
        "company",
        "chip",
        "country",
        "authority",
        "application__company",
        "application__chip",
        "application__country",
        "application__authority",
    )
    list_filter = (ReviewQueueFilter, "review_state", "status", "origin", "date_precision", "authority")
    search_fields = ("chip__name", "company__name", "country__code", "country__name", "note")
    ordering = ("-id",)
    actions = ("confirm", "reject")
    readonly_fields = (
        "track",
        "origin",
        "confidence",
        "reported_at",
        "recorded_by",
        "reviewed_by",
        "reviewed_at",
        "created_at",
    )
    autocomplete_fields = ("application",)
    inlines = (EvidenceInline,)
    # A revert of an append-only step only takes back review decisions.
    revert_fields = ("review_state", "reviewed_by", "reviewed_at", "note")

    def get_queryset(self, request):
        # Correlated subqueries run only for the rows on the page, unlike a join with GROUP BY over the table.
        evidence = Evidence.objects.filter(status_change=OuterRef("pk"))
        evidence_count = evidence.values("status_change").annotate(count=Count("id")).values("count")
        return (
            super()
            .get_queryset(request)
            .annotate(
                first_sentence=Subquery(evidence.order_by("id").values("sentence")[:1]),
                first_source_url=Subquery(evidence.order_by("id").values("news_item__url")[:1]),
                evidence_count=Coalesce(Subquery(evidence_count), 0),
            )
        )

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("application", *NEW_STEP_FIELDS)
        return ("track", *NEW_STEP_FIELDS, "review_state", "seen_review_state", *self.readonly_fields[1:])

    def get_urls(self):
        queue = path(
            "review-queue/",
            self.admin_site.admin_view(self.review_queue_view),
            name="licences_statuschange_review_queue",
        )
        return [queue, *super().get_urls()]

    def review_queue_view(self, request):
        """A short address for the queue: unreviewed steps, least confident first."""
        changelist = reverse("admin:licences_statuschange_changelist")
        # The changelist numbers its columns from the action checkbox, which comes first.
        confidence_column = list(self.get_list_display(request)).index("confidence_flag") + 1
        return redirect(f"{changelist}?queue=unreviewed&o={confidence_column}")

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            if form.has_changed():
                _review_or_report(request, form)
            return
        recorded = record_from_form(form, form.cleaned_data["application"], request.user)
        # The admin redirects to the object it saved; point it at the step the service recorded.
        obj.pk = recorded.pk
        obj.refresh_from_db()

    @admin.display(description="track")
    def track(self, change):
        return f"{change.company.name} {change.chip.name} → {change.country.code} ({change.authority.short_name})"

    @admin.display(description="settled", boolean=True)
    def settled(self, change):
        """False (a red mark) for steps still unreviewed or reported with low confidence and not yet confirmed."""
        if change.review_state == ReviewState.UNREVIEWED:
            return False
        return not (is_low_confidence(change) and change.review_state != ReviewState.CONFIRMED)

    @admin.display(description="confidence", ordering="confidence")
    def confidence_flag(self, change):
        if is_low_confidence(change):
            return format_html("<strong>⚠ {}</strong> low", f"{change.confidence:.2f}")
        return f"{change.confidence:.2f}"

    @admin.display(description="evidence")
    def evidence_sentence(self, change):
        if not change.first_sentence:
            return "—"
        more = f" (+{change.evidence_count - 1} more)" if change.evidence_count > 1 else ""
        return f"{change.first_sentence[:200]}{more}"

    @admin.display(description="source")
    def source_link(self, change):
        if not change.first_source_url:
            return "—"
        return external_link(change.first_source_url, "source")

    @admin.action(description="Confirm the selected status changes", permissions=["change"])
    def confirm(self, request, queryset):
        self._review_selected(request, queryset, ReviewState.CONFIRMED)

    @admin.action(description="Reject the selected status changes", permissions=["change"])
    def reject(self, request, queryset):
        self._review_selected(request, queryset, ReviewState.REJECTED)

    def _review_selected(self, request, queryset, decision) -> None:
        done = 0
        for change in queryset.order_by("id"):
            try:
                review_status_change(change, decision=decision, editor=request.user)
            except ReviewConflict as conflict:
                messages.error(request, str(conflict))
                continue
            done += 1
        if done:
            label = ReviewState(decision).label.lower()
            messages.success(request, f"{label.capitalize()} {done} status change{'s' if done != 1 else ''}.")


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    """Evidence is written by the service alongside its step; here it is only looked at."""

    list_display = ("id", "status_change_label", "news_item", "short_sentence", "confidence", "created_at")
    list_select_related = ("status_change", "news_item")
    search_fields = ("sentence", "news_item__title", "news_item__canonical_url")
    ordering = ("-id",)

    @admin.display(description="status change")
    def status_change_label(self, evidence):
        change = evidence.status_change
        return f"#{change.pk} {change.get_status_display()} {change.event_date or 'undated'}"

    @admin.display(description="sentence")
    def short_sentence(self, evidence):
        return evidence.sentence[:200]
