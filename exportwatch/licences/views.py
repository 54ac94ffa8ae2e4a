"""Timelines (chip, country, chip × country, company, application), the lists, and their CSV exports."""

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe

from exportwatch.catalog.models import ChipSku, Company, Country, Regulation
from exportwatch.core.access import can_see_rejected
from exportwatch.core.csvexport import Column, queryset_csv_lines
from exportwatch.core.views import FilteredExportView, FilteredListView

from .exports import evidence_csv, status_changes_csv
from .filters import ApplicationFilterSet, StatusChangeFilterSet
from .models import Evidence, LicenceApplication, ReviewState, Status, StatusChange
from .timeline.dates import event_date_label
from .timeline.svg import Mark, Marker, timeline_svg

WEB_SCHEMES = ("http://", "https://")


def visible_changes(user):
    """Everyone sees the steps that count; editors also see the rejected ones (marked as such)."""
    changes = StatusChange.objects.all()
    return changes if can_see_rejected(user) else changes.counting()


def web_link(url: str) -> str:
    """The URL if it is an ordinary web address, else "" so javascript: and the like are never links."""
    return url if url.strip().lower().startswith(WEB_SCHEMES) else ""


def prepare_steps(changes) -> None:
    """Give each step what its row shows: the date at its precision and whether it still needs care."""
    threshold = settings.REVIEW_CONFIDENCE_THRESHOLD
    for change in changes:
        change.date_label = event_date_label(change.event_date, change.date_precision)
        change.is_rejected = change.review_state == ReviewState.REJECTED
        change.is_unreviewed = change.review_state == ReviewState.UNREVIEWED
        change.is_low_confidence = change.confidence < threshold
        for evidence in getattr(change, "_prefetched_objects_cache", {}).get("evidence", []):
            evidence.source_link = web_link(evidence.news_item.url)


def label_applications(applications):
    """Name each track's current status ("Granted"), which the database gives as its code."""
    for application in applications:
        value = application.current_status_value
        application.current_status_label = Status(value).label if value else ""
    return applications


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


def with_evidence(changes):
    return changes.prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.select_related("news_item").order_by("created_at", "id"))
    )


class TimelineView(FilteredListView):
    """A page of steps drawn as an SVG with one lane per `lane_label`, the same steps in a table below."""

    filterset_class = StatusChangeFilterSet
    export_url_name = "changes_export"
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

    def get_base_queryset(self):
        changes = self.narrow(visible_changes(self.request.user).for_timeline())
        return with_evidence(changes) if self.show_evidence else changes

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        steps = context["object_list"]
        prepare_steps(steps)
        if not self.show_evidence:
            attach_source_counts(steps)
        regulations = list(self.regulations().select_related("authority"))
        context["regulations"] = regulations
        context["timeline_svg"] = self.picture(steps, regulations, context["page_obj"])
        if self.feed():
            context["feed_url"], context["feed_title"] = self.feed()
        return context

    def picture(self, steps, regulations, page) -> str:
        lanes = list(dict.fromkeys(self.lane_label(change) for change in steps))
        marks = [
            Mark(
                lane=self.lane_label(change),
                when=change.event_date,
                status=change.status,
                label=f"{change.get_status_display()}, {change.date_label}: {change.company.name} {change.chip.name} "
                f"to {change.country.name}" + (" (rejected)" if change.is_rejected else ""),
                tentative=change.is_unreviewed or change.is_low_confidence,
                rejected=change.is_rejected,
            )
            for change in steps
        ]
        markers = [Marker(when=r.published_on, label=f"{r.title} ({r.published_on:%-d %b %Y})") for r in regulations]
        total = page.paginator.count_label
        shown = f"steps {page.start_index()}–{page.end_index()} of {total}" if steps else "no steps"
        description = (
            f"{shown}, in {len(lanes)} lane{'s' if len(lanes) != 1 else ''}: {', '.join(lanes) or 'none'}; "
            f"{len(markers)} regulation marker{'s' if len(markers) != 1 else ''}. The table below lists the same steps."
        )
        # timeline_svg escapes every text it draws.
        svg = timeline_svg(lanes=lanes, marks=marks, markers=markers, title=self.picture_title, description=description)
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

    def narrow(self, changes):
        return changes.for_chip(self.chip)

    def lane_label(self, change):
        return change.country.name

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

    def narrow(self, changes):
        return changes.for_country(self.country)

    def lane_label(self, change):
        return str(change.chip)

    def regulations(self):
        return self.country.regulations.all()

    def feed(self):
        return reverse("country_feed", args=[self.country.code]), f"{self.country.name}: licence steps"

    def get_context_data(self, **kwargs):
        memberships = self.country.group_memberships.select_related("group").order_by("group__code", "valid_from")
        return super().get_context_data(country=self.country, memberships=memberships, **kwargs)


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

    def narrow(self, changes):
        return changes.for_chip(self.chip).for_country(self.country)

    def lane_label(self, change):
        return f"{change.company.name} · {change.authority.short_name}"

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

    def narrow(self, changes):
        return changes.for_company(self.company)

    def lane_label(self, change):
        return f"{change.chip.name} → {change.country.code}"

    def regulations(self):
        return self.company.regulations.all()

    def get_context_data(self, **kwargs):
        applications = (
            LicenceApplication.objects.filter(company=self.company)
            .with_current_status()
            .select_related("company", "chip", "chip__vendor", "country", "authority")[:100]
        )
        applications = label_applications(list(applications))
        return super().get_context_data(company=self.company, applications=applications, **kwargs)


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

    def regulations(self):
        return self.application.chip.regulations.all()

    def get_context_data(self, **kwargs):
        return super().get_context_data(application=self.application, **kwargs)


class ChangeListView(FilteredListView):
    """Every visible step, newest first, with all filters."""

    template_name = "licences/change_list.html"
    filterset_class = StatusChangeFilterSet
    export_url_name = "changes_export"

    def get_base_queryset(self):
        return (
            visible_changes(self.request.user)
            .select_related("company", "chip", "chip__vendor", "country", "authority")
            .latest_first()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        prepare_steps(context["object_list"])
        attach_source_counts(context["object_list"])
        return context


class ApplicationListView(FilteredListView):
    template_name = "licences/application_list.html"
    filterset_class = ApplicationFilterSet
    export_url_name = "applications_export"

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
        columns = [
            Column("application_id", "id"),
            Column("company", "company__name"),
            Column("chip", "chip__name"),
            Column("country_code", "country__code"),
            Column("country", "country__name"),
            Column("authority", "authority__short_name"),
            Column("current_status", "current_status_value"),
            Column("current_event_date", "current_event_date"),
        ]
        return queryset_csv_lines(queryset, columns)

