"""Site-wide views and the two shapes every list shares: a filtered page and its filtered CSV export."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.db.models import Count
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.defaultfilters import floatformat
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views.generic import ListView, TemplateView, View

from . import api
from .access import can_export, can_see_rejected, export_required
from .csvexport import column_value, streaming_csv_response

logger = logging.getLogger("exportwatch.export")

SEARCH_LIMIT = 20
STATUS_COUNTS_SECONDS = 60


class PageContextMixin:
    """What every page template may ask about the reader: export rights, the editors' view, the review bar."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["user_can_export"] = can_export(user)
        context["user_sees_rejected"] = can_see_rejected(user)
        context["review_threshold"] = settings.REVIEW_CONFIDENCE_THRESHOLD
        # As the step table shows it, formatted once per page instead of once per low-confidence row.
        context["review_threshold_label"] = floatformat(settings.REVIEW_CONFIDENCE_THRESHOLD, 2)
        return context


def health(request):
    """For load balancers and compose health checks: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def filter_problem(filterset) -> str:
    """Why a FilterSet's filters were refused ("Invalid filters: …"), or "" when they are fine or none were given."""
    if filterset.is_bound and not filterset.is_valid():
        return f"Invalid filters: {filterset.errors.as_text()}"
    return ""


class CappedPaginator(Paginator):
    """Counts at most `cap` rows, so a page costs the same with a thousand steps or a million.

    Beyond the cap the list says "10,000+ rows" and offers pages up to the cap; filters narrow it further.
    """

    cap = 10_000

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap

    @property
    def count_label(self) -> str:
        return f"{self.cap:,}+" if self.is_capped else f"{self.count:,}"


class FilteredListView(PageContextMixin, ListView):
    """A paginated list narrowed by its FilterSet, with a CSV link that carries the same filters.

    Subclasses set `filterset_class`, `export_url_name` and `get_base_queryset`; `fixed_filters` maps
    filters a page has fixed (chip on the chip page) to their value, for the export link.
    """

    filterset_class = None
    export_url_name = ""
    paginate_by = 50
    paginator_class = CappedPaginator
    json_columns = ()  # the CSV's columns: JSON rows are keyed by their headers (core.api)

    def get(self, request, *args, **kwargs):
        if self.json_columns and api.wants_json(request):
            return api.guarded(request, self.json_data)
        return super().get(request, *args, **kwargs)

    def json_data(self) -> dict:
        filterset = self.get_filterset()
        if problem := filter_problem(filterset):
            raise api.ApiError(400, problem)
        page, next_url = api.cursor_page(self.request, self.json_queryset(filterset.qs))
        rows = ([column_value(obj, column) for column in self.json_columns] for obj in page)
        return {"results": api.records([column.header for column in self.json_columns], rows), "next": next_url}

    def json_queryset(self, queryset):
        """The filtered rows as JSON reads them (a page may have deferred what its CSV columns need)."""
        return queryset

    def get_base_queryset(self):
        return self.filterset_class._meta.model._default_manager.all()

    def get_fixed_filters(self) -> dict[str, str]:
        return {}

    def get_filterset(self):
        return self.filterset_class(
            self.request.GET or None,
            queryset=self.get_base_queryset(),
            request=self.request,
            **({"fixed": tuple(self.get_fixed_filters())} if self.get_fixed_filters() else {}),
        )

    def get_queryset(self):
        self.filterset = self.get_filterset()
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filterset"] = self.filterset
        context["export_url_name"] = self.export_url_name
        context["export_query"] = self.export_query()
        return context

    def export_query(self):
        """The current filters, without the page number, plus the ones the page has fixed."""
        query = self.request.GET.copy()
        query.pop("page", None)
        for name, value in self.get_fixed_filters().items():
            query[name] = value
        return query


@method_decorator(export_required, name="dispatch")
class FilteredExportView(View):
    """Streams the rows of a list as CSV, narrowed by the list's own FilterSet; `?format=excel` adds a BOM."""

    filterset_class = None
    filename = "export.csv"

    def get_base_queryset(self):
        return self.filterset_class._meta.model._default_manager.all()

    def csv_lines(self, queryset):
        raise NotImplementedError

    def get(self, request):
        filterset = self.filterset_class(request.GET or None, queryset=self.get_base_queryset(), request=request)
        if problem := filter_problem(filterset):
            # Exporting everything because one filter was mistyped would be worse than refusing.
            return HttpResponseBadRequest(problem, content_type="text/plain")
        excel = request.GET.get("format") == "excel"
        # Who took which data out, with which filters: the audit trail for exports.
        logger.info("export %s by %s: %s", request.path, request.user.get_username(), request.GET.urlencode())
        return streaming_csv_response(self.csv_lines(filterset.qs), self.filename, excel=excel)


class HomeView(PageContextMixin, TemplateView):
    """Latest steps, counts by status, and the chips and countries that moved lately."""

    template_name = "core/home.html"
    latest_count = 12
    recent_window = 200
    recent_names = 12

    def get_context_data(self, **kwargs):
        from exportwatch.licences.models import Status, StatusChange
        from exportwatch.licences.views import attach_source_counts, prepare_steps, step_rows

        context = super().get_context_data(**kwargs)
        # The newest rows only, so the page costs the same with a thousand or a million steps.
        recent = list(step_rows(StatusChange.objects.counting().latest_first())[: self.recent_window])
        latest = recent[: self.latest_count]
        prepare_steps(latest)
        attach_source_counts(latest)
        context["latest_changes"] = latest
        context["recent_chips"] = _unique([change.chip for change in recent])[: self.recent_names]
        context["recent_countries"] = _unique([change.country for change in recent])[: self.recent_names]
        counts = _status_counts()
        context["status_counts"] = [(value, label, counts.get(value, 0)) for value, label in Status.choices]
        return context


def _status_counts() -> dict[str, int]:
    """Steps per status over the whole table; cached briefly because it scans every row."""
    from exportwatch.licences.models import StatusChange

    def count():
        rows = StatusChange.objects.counting().order_by().values("status").annotate(n=Count("id"))
        return {row["status"]: row["n"] for row in rows}

    return cache.get_or_set("exportwatch:status-counts", count, STATUS_COUNTS_SECONDS)


def _unique(objects: list) -> list:
    """Drop repeats, keeping the order in which objects first appear."""
    return list({obj.pk: obj for obj in objects}.values())


class SearchView(PageContextMixin, TemplateView):
    """One box over companies, chips (aliases included), countries and news titles."""

    template_name = "core/search.html"

    def get_context_data(self, **kwargs):
        from exportwatch.catalog.filters import ChipFilterSet, CompanyFilterSet, CountryFilterSet
        from exportwatch.catalog.models import ChipSku
        from exportwatch.ingest.models import NewsItem

        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:100]
        context["query"] = query
        if not query:
            return context
        # The catalogue lists' own name-or-alias filters, so search and lists agree on what matches.
        data = {"q": query}
        context["companies"] = CompanyFilterSet(data).qs[:SEARCH_LIMIT]
        context["chips"] = ChipFilterSet(data, queryset=ChipSku.objects.select_related("vendor")).qs[:SEARCH_LIMIT]
        context["countries"] = CountryFilterSet(data).qs[:SEARCH_LIMIT]
        context["news_items"] = NewsItem.objects.filter(title__icontains=query).order_by("-published_at", "-id")[
            :SEARCH_LIMIT
        ]
        return context



class ApiDocsView(PageContextMixin, TemplateView):
    """/api/: every JSON endpoint with its fields, filters and a curl example, built from the code that serves it."""

    template_name = "core/api.html"

    def get_context_data(self, **kwargs):
        from exportwatch.catalog import views as catalog
        from exportwatch.licences import views as licences
        from exportwatch.licences.changes import CHANGES_CSV_HEADER
        from exportwatch.licences.exports import TIMELINE_COLUMNS
        from exportwatch.licences.matrix import MATRIX_CSV_HEADER
        from exportwatch.screening.views import ENTITY_COLUMNS

        def headers(columns):
            return [column.header for column in columns]

        steps = headers(TIMELINE_COLUMNS)
        endpoints = [
            ("Status matrix", "/matrix/", "company, kind, authority, group, status, as_of", MATRIX_CSV_HEADER, False),
            ("What changed between two days", "/changes/between/", "since, until, company, chip, country, authority",
             CHANGES_CSV_HEADER, False),
            ("Status changes", "/changes/", "company, chip, country, authority, event_date_after, event_date_before, "
             "as_of, status, origin, review_state, confidence", steps, True),
            ("Chip timeline", "/chips/nvidia-h20/", "as on /changes/", steps, True),
            ("Country timeline", "/countries/cn/", "as on /changes/", steps, True),
            ("Chip × country timeline", "/chips/nvidia-h20/cn/", "as on /changes/", steps, True),
            ("Company timeline", "/companies/nvidia/", "as on /changes/", steps, True),
            ("Licence applications", "/applications/", "company, chip, country, authority, current_status",
             headers(licences.APPLICATION_COLUMNS), True),
            ("Chips", "/chips/", "q, kind, vendor", headers(catalog.CHIP_COLUMNS), True),
            ("Countries", "/countries/", "q, group", headers(catalog.COUNTRY_COLUMNS), True),
            ("Companies", "/companies/", "q", headers(catalog.COMPANY_COLUMNS), True),
            ("Listed entities (screening lists)", "/screening/entities/", "q, list_name, country, company, listed",
             headers(ENTITY_COLUMNS), True),
        ]
        context = super().get_context_data(**kwargs)
        context["endpoints"] = [
            {"title": title, "path": path, "filters": filters, "fields": fields, "paginated": paginated}
            for title, path, filters, fields, paginated in endpoints
        ]
        context["base_url"] = self.request.build_absolute_uri("/").rstrip("/")
        context["rate"] = settings.API_REQUESTS_PER_MINUTE
        context["page_size"], context["max_page_size"] = api.DEFAULT_LIMIT, api.MAX_LIMIT
        return context
