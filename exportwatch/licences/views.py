"""Timelines (chip, country, chip × country, company, application), the lists, and their CSV exports."""

import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Q
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import floatformat, truncatechars
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.views.generic import TemplateView, View

from exportwatch.catalog.models import ChipSku, Company, Country, Regulation
from exportwatch.core import api
from exportwatch.core.access import can_see_rejected, export_required
from exportwatch.core.csvexport import Column, queryset_csv_lines, streaming_csv_response
from exportwatch.core.views import FilteredExportView, FilteredListView, PageContextMixin, filter_problem

from .changes import CHANGES_CSV_HEADER, change_rows, changes_between, changes_csv_lines
from .exports import TIMELINE_COLUMNS, evidence_csv, status_changes_csv, with_source_counts
from .filters import (
    ApplicationFilterSet,
    MatrixFilterSet,
    StatusChangeFilterSet,
    TrackChangesFilterSet,
    as_of_date,
)
from .matrix import MATRIX_CSV_HEADER, Matrix, grid_body, matrix_csv_lines, matrix_rows, status_matrix
from .models import DatePrecision, Evidence, LicenceApplication, ReviewState, Status, StatusChange
from .timeline.dates import event_date_label
from .timeline.statuses import STATUS_LETTERS
from .timeline.svg import Mark, Marker, timeline_svg

WEB_SCHEMES = ("http://", "https://")
STATUS_LABELS = dict(Status.choices)
STATUS_LEGEND = [(value, label, STATUS_LETTERS[value]) for value, label in Status.choices]
STEP_RELATIONS = ("company", "chip", "chip__vendor", "country", "authority")

# The columns a step's row and mark show. The related rows also carry specs, JSON aliases and
# timestamps, which would otherwise be fetched and parsed for each of a page's hundred rows.
STEP_COLUMNS = (
    "status",
    "event_date",
    "date_precision",
    "confidence",
    "review_state",
    "conditions",
    "recorded_by",
    "company__name",
    "company__slug",
    "chip__name",
    "chip__slug",
    "chip__vendor__name",
    "country__name",
    "country__code",
    "authority__short_name",
)
# And those an evidence item shows: not the news item's raw body and text, which run to kilobytes.
EVIDENCE_COLUMNS = (
    "status_change",
    "sentence",
    "news_item__url",
    "news_item__canonical_url",
    "news_item__title",
    "news_item__outlet",
    "news_item__published_at",
)


def visible_changes(user):
    """Everyone sees the steps that count; editors also see the rejected ones (marked as such)."""
    changes = StatusChange.objects.all()
    return changes if can_see_rejected(user) else changes.counting()


def web_link(url: str) -> str:
    """The URL if it is an ordinary web address, else "" so javascript: and the like are never links."""
    return url if url.strip().lower().startswith(WEB_SCHEMES) else ""


def step_rows(changes, shared=()):
    """The related rows and columns a step table needs, and nothing else.

    `shared` names relations all the page's steps have in common (the chip on a chip page): those are
    not joined; the view sets the object it already holds on each step instead (share_relations).
    """
    joined = [name for name in STEP_RELATIONS if name.split("__")[0] not in shared]
    columns = [column for column in STEP_COLUMNS if column.split("__")[0] not in shared]
    return changes.select_related(*joined).only(*columns, *shared)


def share_relations(changes, shared: dict) -> None:
    """Set each shared related object (name → object) on every step, as step_rows(shared=…) expects."""
    for change in changes:
        for name, related in shared.items():
            setattr(change, name, related)


def prepare_steps(changes) -> None:
    """Give each step what its row shows, worked out once here rather than by the template for every row.

    The template needs only plain strings and flags: the date at its precision, the status label, the
    row's class, the review flags, the confidence as shown, and the links.
    """
    threshold = settings.REVIEW_CONFIDENCE_THRESHOLD
    # A page's steps share a few tracks, companies and confidence figures: make each once per page.
    track_url = cache(lambda slug, code: reverse("chip_country_detail", args=[slug, code]))
    company_url = cache(lambda slug: reverse("company_detail", args=[slug]))
    confidence_label = cache(lambda confidence: floatformat(confidence, 2))  # as the template's filter did
    for change in changes:
        change.anchor = f"step-{change.pk}"
        change.date_label = event_date_label(change.event_date, change.date_precision)
        # A machine-readable <time> only when the day itself is known.
        precise = change.event_date and change.date_precision == DatePrecision.DAY
        change.iso_date = change.event_date.isoformat() if precise else ""
        change.status_label = STATUS_LABELS.get(change.status, change.status)
        change.is_rejected = change.review_state == ReviewState.REJECTED
        change.is_unreviewed = change.review_state == ReviewState.UNREVIEWED
        change.is_low_confidence = change.confidence < threshold
        change.confidence_label = confidence_label(change.confidence) if change.is_low_confidence else ""
        if change.is_rejected:
            change.row_class = "is-rejected"
        elif change.is_unreviewed or change.is_low_confidence:
            change.row_class = "is-tentative"
        else:
            change.row_class = ""
        change.track_url = track_url(change.chip.slug, change.country.code)
        change.company_url = company_url(change.company.slug)


def prepare_evidence(evidence) -> None:
    """What an evidence item shows: its source as a safe link and title, the date, the item's page."""
    news_item = evidence.news_item
    evidence.source_link = web_link(news_item.url)
    # The title, or for a link its address.
    fallback = news_item.canonical_url if evidence.source_link else "Untitled item"
    evidence.source_title = cut(news_item.title or fallback, 120)
    published = news_item.published_at
    # The local day, written like every other date on the site ("14 Jul 2025").
    evidence.published_label = template_localtime(published).strftime("%-d %b %Y") if published else ""
    evidence.detail_url = reverse("newsitem_detail", args=[evidence.news_item_id])


def cut(text: str, length: int) -> str:
    """What truncatechars gives, without its character-by-character walk for the usual short text."""
    if len(text) <= length and unicodedata.is_normalized("NFC", text):
        return text
    return truncatechars(text, length)


def label_applications(applications):
    """Name each track's current status ("Granted"), which the database gives as its code, and give it the links
    its row shows, each made once per page rather than by the template for every row."""
    urls = cache(lambda name, *args: reverse(name, args=args))
    for application in applications:
        value = application.current_status_value
        application.current_status_label = Status(value).label if value else ""
        application.url = urls("application_detail", application.pk)
        application.company_url = urls("company_detail", application.company.slug)
        application.chip_url = urls("chip_detail", application.chip.slug)
        application.track_url = urls("chip_country_detail", application.chip.slug, application.country.code)
    return applications


TRACKS_SHOWN = 25  # a summary above the timeline; the applications list and the matrix hold the rest


def track_statuses(tracks, as_of) -> tuple[list, bool]:
    """Up to TRACKS_SHOWN tracks with their status at the end of `as_of` (now when None), and whether there are
    more, in one query."""
    related = ("company", "chip", "chip__vendor", "country", "authority")
    shown = list(tracks.with_current_status(as_of).select_related(*related)[: TRACKS_SHOWN + 1])
    return label_applications(shown[:TRACKS_SHOWN]), len(shown) > TRACKS_SHOWN


LISTINGS_SHOWN = 25  # the rest are on the listed-entities list, which the section links to


def listings(entities, **list_filter) -> dict:
    """A page's screening-list section: up to LISTINGS_SHOWN of `entities` (a company's or country's listed_entities),
    on the list first, how many there are, and the filter of the full list."""
    shown = list(entities.listed_first().select_related("country")[: LISTINGS_SHOWN + 1])
    count = entities.count() if len(shown) > LISTINGS_SHOWN else len(shown)
    return {"listed_entities": shown[:LISTINGS_SHOWN], "listed_count": count, "listed_query": urlencode(list_filter)}


def attach_source_counts(changes) -> None:
    """Set `source_count` on each step with one query for the page, not an aggregate over the whole timeline."""
    changes = list(changes)
    counts = dict(
        Evidence.objects.filter(status_change__in=[change.pk for change in changes])
        .order_by()
        .values_list("status_change")
        .annotate(n=Count("id"))
    )
    for change in changes:
        change.source_count = counts.get(change.pk, 0)
        change.sources_label = f"{change.source_count} source{'' if change.source_count == 1 else 's'}"


def attach_evidence(changes) -> None:
    """Set `evidence_items` on each step, oldest first, with one query for the page.

    What prefetch_related would do, without building a related manager and queryset for every step.
    """
    items = {change.pk: [] for change in changes}
    evidence = (
        Evidence.objects.filter(status_change__in=list(items))
        .select_related("news_item")
        .only(*EVIDENCE_COLUMNS)
        .order_by("created_at", "id")
    )
    for item in evidence:
        prepare_evidence(item)
        items[item.status_change_id].append(item)
    for change in changes:
        change.evidence_items = items[change.pk]


class TimelineView(FilteredListView):
    """A page of steps drawn as an SVG with one lane per `lane_label`, the same steps in a table below."""

    filterset_class = StatusChangeFilterSet
    export_url_name = "changes_export"
    json_columns = TIMELINE_COLUMNS
    paginate_by = 100
    show_evidence = False
    picture_title = "Timeline"

    def narrow(self, changes):
        return changes

    def lane_label(self, change) -> str:
        raise NotImplementedError

    def regulations(self):
        return Regulation.objects.none()

    def feed(self) -> tuple[str, str] | None:
        """The (url, title) of this timeline's Atom feed, if it has one."""
        return None

    def shared_relations(self) -> dict:
        """The related objects all of this page's steps share, which the page has fetched already."""
        return {}

    def tracks(self):
        """The licence tracks this timeline is about, whose status the page shows on its day."""
        return LicenceApplication.objects.none()

    def get_base_queryset(self):
        changes = visible_changes(self.request.user).in_date_order()
        return self.narrow(step_rows(changes, shared=self.shared_relations()))

    def json_queryset(self, queryset):
        return with_source_counts(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        steps = context["object_list"]
        share_relations(steps, self.shared_relations())
        prepare_steps(steps)
        if self.show_evidence:
            attach_evidence(steps)
        else:
            attach_source_counts(steps)
        regulations = list(self.regulations().select_related("authority"))
        context["regulations"] = regulations
        as_of = as_of_date(self.filterset)
        context["as_of"] = as_of
        context["track_statuses"], context["more_tracks"] = track_statuses(self.tracks(), as_of)
        context["tracks_query"] = self.get_fixed_filters()
        context["timeline_svg"] = self.picture(steps, regulations, context["page_obj"], as_of)
        if self.feed():
            context["feed_url"], context["feed_title"] = self.feed()
        return context

    def picture(self, steps, regulations, page, as_of) -> str:
        marks = [
            Mark(
                lane=self.lane_label(change),
                when=change.event_date,
                status=change.status,
                label=f"{change.status_label}, {change.date_label}: {change.company.name} {change.chip.name} "
                f"to {change.country.name}" + (" (rejected)" if change.is_rejected else ""),
                tentative=change.is_unreviewed or change.is_low_confidence,
                rejected=change.is_rejected,
            )
            for change in steps
        ]
        lanes = list(dict.fromkeys(mark.lane for mark in marks))  # in order of first step, each labelled once
        markers = [Marker(when=r.published_on, label=f"{r.title} ({r.published_on:%-d %b %Y})") for r in regulations]
        total = page.paginator.count_label
        shown = f"steps {page.start_index()}–{page.end_index()} of {total}" if steps else "no steps"
        description = (
            f"{shown}, in {len(lanes)} lane{'s' if len(lanes) != 1 else ''}: {', '.join(lanes) or 'none'}; "
            f"{len(markers)} regulation marker{'s' if len(markers) != 1 else ''}. The table below lists the same steps."
        )
        # timeline_svg escapes every text it draws.
        if as_of:
            description += f" A line marks {as_of:%-d %b %Y}, the day the page is read as of."
        svg = timeline_svg(lanes=lanes, marks=marks, markers=markers, title=self.picture_title, description=description,
                           as_of=as_of)
        return mark_safe(svg)


class ChipTimelineView(TimelineView):
    template_name = "licences/chip_detail.html"

    @cached_property
    def chip(self):
        return get_object_or_404(ChipSku.objects.select_related("vendor", "family"), slug=self.kwargs["slug"])

    @property
    def picture_title(self):
        return f"{self.chip}: licence steps by destination"

    def get_fixed_filters(self):
        return {"chip": self.chip.slug}

    def shared_relations(self):
        return {"chip": self.chip}

    def narrow(self, changes):
        return changes.for_chip(self.chip)

    def lane_label(self, change):
        return change.country.name

    def tracks(self):
        return LicenceApplication.objects.filter(chip=self.chip)

    def regulations(self):
        return self.chip.regulations.all()

    def feed(self):
        return reverse("chip_feed", args=[self.chip.slug]), f"{self.chip}: licence steps"

    def get_context_data(self, **kwargs):
        return super().get_context_data(chip=self.chip, **kwargs)


class CountryTimelineView(TimelineView):
    template_name = "licences/country_detail.html"

    @cached_property
    def country(self):
        return get_object_or_404(Country, code=self.kwargs["code"].upper())

    @property
    def picture_title(self):
        return f"{self.country.name}: licence steps by chip"

    def get_fixed_filters(self):
        return {"country": self.country.code}

    def shared_relations(self):
        return {"country": self.country}

    def narrow(self, changes):
        return changes.for_country(self.country)

    def lane_label(self, change):
        return str(change.chip)

    def tracks(self):
        return LicenceApplication.objects.filter(country=self.country)

    def regulations(self):
        return self.country.regulations.all()

    def feed(self):
        return reverse("country_feed", args=[self.country.code]), f"{self.country.name}: licence steps"

    def get_context_data(self, **kwargs):
        memberships = self.country.group_memberships.select_related("group").order_by("group__code", "valid_from")
        listed = listings(self.country.listed_entities, country=self.country.code)
        return super().get_context_data(country=self.country, memberships=memberships, **listed, **kwargs)


class ChipCountryTimelineView(TimelineView):
    """The full story of one licence track: every step with its evidence sentences and sources."""

    template_name = "licences/chip_country_detail.html"
    show_evidence = True

    @cached_property
    def chip(self):
        return get_object_or_404(ChipSku.objects.select_related("vendor"), slug=self.kwargs["slug"])

    @cached_property
    def country(self):
        return get_object_or_404(Country, code=self.kwargs["code"].upper())

    @property
    def picture_title(self):
        return f"{self.chip} to {self.country.name}: licence steps"

    def get_fixed_filters(self):
        return {"chip": self.chip.slug, "country": self.country.code}

    def shared_relations(self):
        return {"chip": self.chip, "country": self.country}

    def narrow(self, changes):
        return changes.for_chip(self.chip).for_country(self.country)

    def lane_label(self, change):
        return f"{change.company.name} · {change.authority.short_name}"

    def tracks(self):
        return LicenceApplication.objects.filter(chip=self.chip, country=self.country)

    def regulations(self):
        # Rules on this chip that name this country, or name no country at all.
        return (
            Regulation.objects.filter(chips=self.chip)
            .filter(Q(countries=self.country) | Q(countries__isnull=True))
            .distinct()
        )

    def feed(self):
        url = reverse("chip_country_feed", args=[self.chip.slug, self.country.code])
        return url, f"{self.chip} to {self.country.name}: licence steps"

    def get_context_data(self, **kwargs):
        return super().get_context_data(chip=self.chip, country=self.country, **kwargs)


class CompanyTimelineView(TimelineView):
    template_name = "licences/company_detail.html"

    @cached_property
    def company(self):
        return get_object_or_404(Company.objects.select_related("headquarters"), slug=self.kwargs["slug"])

    @property
    def picture_title(self):
        return f"{self.company.name}: licence steps by chip and destination"

    def get_fixed_filters(self):
        return {"company": self.company.slug}

    def shared_relations(self):
        return {"company": self.company}

    def narrow(self, changes):
        return changes.for_company(self.company)

    def lane_label(self, change):
        return f"{change.chip.name} → {change.country.code}"

    def regulations(self):
        return self.company.regulations.all()

    def tracks(self):
        return LicenceApplication.objects.filter(company=self.company)

    def get_context_data(self, **kwargs):
        listed = listings(self.company.listed_entities, company=self.company.slug)
        return super().get_context_data(company=self.company, **listed, **kwargs)


class ApplicationTimelineView(TimelineView):
    template_name = "licences/application_detail.html"
    show_evidence = True

    @cached_property
    def application(self):
        related = ("company", "chip", "chip__vendor", "country", "authority")
        return get_object_or_404(LicenceApplication.objects.select_related(*related), pk=self.kwargs["pk"])

    @property
    def picture_title(self):
        return f"{self.application}: licence steps"

    def get_fixed_filters(self):
        return {"application": str(self.application.pk)}

    def narrow(self, changes):
        return changes.filter(application=self.application)

    def lane_label(self, change):
        return change.authority.short_name

    def tracks(self):
        return LicenceApplication.objects.filter(pk=self.application.pk)

    def regulations(self):
        return self.application.chip.regulations.all()

    def get_context_data(self, **kwargs):
        return super().get_context_data(application=self.application, **kwargs)


class ChangeListView(FilteredListView):
    """Every visible step, newest first, with all filters."""

    template_name = "licences/change_list.html"
    filterset_class = StatusChangeFilterSet
    export_url_name = "changes_export"
    json_columns = TIMELINE_COLUMNS

    def get_base_queryset(self):
        return step_rows(visible_changes(self.request.user).latest_first())

    def json_queryset(self, queryset):
        return with_source_counts(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        prepare_steps(context["object_list"])
        attach_source_counts(context["object_list"])
        return context


APPLICATION_COLUMNS = [
    Column("application_id", "id"),
    Column("company", "company__name"),
    Column("chip", "chip__name"),
    Column("country_code", "country__code"),
    Column("country", "country__name"),
    Column("authority", "authority__short_name"),
    Column("current_status", "current_status_value"),
    Column("current_event_date", "current_event_date"),
]


class ApplicationListView(FilteredListView):
    template_name = "licences/application_list.html"
    filterset_class = ApplicationFilterSet
    export_url_name = "applications_export"
    json_columns = APPLICATION_COLUMNS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        label_applications(context["object_list"])
        return context

    def get_base_queryset(self):
        return LicenceApplication.objects.with_current_status().select_related(
            "company", "chip", "chip__vendor", "country", "authority"
        )


class StatusChangeExportView(FilteredExportView):
    """`?columns=timeline` gives one row per step; the default gives one row per piece of evidence."""

    filterset_class = StatusChangeFilterSet

    def get_base_queryset(self):
        return visible_changes(self.request.user).in_date_order()

    @property
    def filename(self):
        return "status-changes.csv" if self.request.GET.get("columns") == "timeline" else "evidence.csv"

    def csv_lines(self, queryset):
        if self.request.GET.get("columns") == "timeline":
            return status_changes_csv(queryset)
        return evidence_csv(queryset)


class ApplicationExportView(FilteredExportView):
    filterset_class = ApplicationFilterSet
    filename = "applications.csv"

    def get_base_queryset(self):
        return LicenceApplication.objects.with_current_status().order_by("id")

    def csv_lines(self, queryset):
        return queryset_csv_lines(queryset, APPLICATION_COLUMNS)



class MatrixView(PageContextMixin, TemplateView):
    """Who may ship which product where: the status of every product × destination, at a date if asked."""

    template_name = "licences/matrix.html"

    def get(self, request, *args, **kwargs):
        self.filterset = MatrixFilterSet(request.GET or None, queryset=LicenceApplication.objects.all(),
                                         request=request)
        if api.wants_json(request):
            return api.guarded(request, self.json_data)
        if filter_problem(self.filterset):
            # A mistyped filter shows its error on an empty matrix rather than a wrong one.
            self.matrix = Matrix(columns=[], groups=[], as_of=None)
        else:
            self.matrix = status_matrix(self.filterset, page=_page_number(request))
        return super().get(request, *args, **kwargs)

    def json_data(self) -> dict:
        """Every filled cell (the grid is bounded by the catalogue, so it comes whole, without a cursor)."""
        if problem := filter_problem(self.filterset):
            raise api.ApiError(400, problem)
        return {"results": api.records(MATRIX_CSV_HEADER, matrix_rows(status_matrix(self.filterset))), "next": None}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        export_query = self.request.GET.copy()
        export_query.pop("page", None)  # the CSV and JSON hold every page
        context.update(filterset=self.filterset, matrix=self.matrix, grid=grid_body(self.matrix), legend=STATUS_LEGEND,
                       export_url_name="matrix_export", export_query=export_query)
        return context


def _page_number(request) -> int:
    """?page=N, or the first page for anything that is not a whole number."""
    page = request.GET.get("page", "1")
    return int(page) if page.isdigit() else 1


class MatrixExportView(View):
    """The matrix's cells as CSV, one row per cell, with the page's filters."""

    @method_decorator(export_required)
    def get(self, request):
        filterset = MatrixFilterSet(request.GET or None, queryset=LicenceApplication.objects.all(), request=request)
        if problem := filter_problem(filterset):
            return HttpResponseBadRequest(problem, content_type="text/plain")
        matrix = status_matrix(filterset)
        return streaming_csv_response(matrix_csv_lines(matrix), "status-matrix.csv",
                                      excel=request.GET.get("format") == "excel")


@dataclass
class AskedChanges:
    """What a request to the changes view asks for: its filters and, when they are valid, the two days."""

    filterset: TrackChangesFilterSet
    since: date | None = None
    until: date | None = None

    @classmethod
    def of(cls, request) -> "AskedChanges":
        filterset = TrackChangesFilterSet(request.GET or None, queryset=LicenceApplication.objects.all(),
                                          request=request)
        if filter_problem(filterset):
            return cls(filterset)
        return cls(filterset, *filterset.clean_days(timezone.localdate()))

    @property
    def error(self) -> str:
        return filter_problem(self.filterset)

    def changes(self):
        return changes_between(self.filterset.qs, self.since, self.until) if self.since else []


class TrackChangesView(PageContextMixin, TemplateView):
    """Tracks whose status differs between the ends of two days, with the steps between: a briefing's source."""

    template_name = "licences/track_changes.html"

    def get(self, request, *args, **kwargs):
        self.asked = AskedChanges.of(request)
        if api.wants_json(request):
            return api.guarded(request, self.json_data)
        return super().get(request, *args, **kwargs)

    def json_data(self) -> dict:
        """Every changed track (at most TRACKS_LISTED, so without a cursor)."""
        asked = self.asked
        if asked.error:
            raise api.ApiError(400, asked.error)
        rows = change_rows(asked.changes(), asked.since, asked.until)
        return {"results": api.records(CHANGES_CSV_HEADER, rows), "next": None}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        asked = self.asked
        context.update(filterset=asked.filterset, since=asked.since, until=asked.until, changes=asked.changes(),
                       export_url_name="track_changes_export", export_query=self.request.GET)
        return context


class TrackChangesExportView(View):
    @method_decorator(export_required)
    def get(self, request):
        asked = AskedChanges.of(request)
        if asked.error:
            return HttpResponseBadRequest(asked.error, content_type="text/plain")
        lines = changes_csv_lines(asked.changes(), asked.since, asked.until)
        return streaming_csv_response(lines, "track-changes.csv", excel=request.GET.get("format") == "excel")
