"""The screening-list pages: the loads of the file, what one load changed, and the listed entities with their CSV."""

from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.views.generic import ListView

from exportwatch.core.csvexport import Column, queryset_csv_lines
from exportwatch.core.views import CappedPaginator, FilteredExportView, FilteredListView, PageContextMixin

from .filters import ListedEntityFilterSet
from .models import ListedEntity, ListingChange, ScreeningLoad
from .reading import STORED_FIELDS

ENTITY_COLUMNS = [
    Column("list", "list_name"),
    Column("entry_id", "entry_id"),
    Column("name", "name"),
    Column("type", "entity_type"),
    Column("country_code", "country__code"),
    Column("company", "company__name"),
    Column("federal_register_notice", "federal_register_notice"),
    Column("start_date", "start_date"),
    Column("first_seen_on", "first_seen_on"),
    Column("removed_on", "removed_on"),
    Column("alt_names", lambda entity: "; ".join(entity.alt_names)),
]
FIELD_LABELS = {name: ListedEntity._meta.get_field(name).verbose_name for name in STORED_FIELDS}
# A load's errors may quote internals of the file; those who tend the ingest queue read them, as on news items.
ERROR_PERMISSION = "ingest.view_ingestrun"


class LoadListView(PageContextMixin, ListView):
    """Every load of a screening list that changed something or was refused, newest first."""

    template_name = "screening/load_list.html"
    paginate_by = 50
    paginator_class = CappedPaginator
    queryset = ScreeningLoad.objects.select_related("source")

    def get_context_data(self, **kwargs):
        return super().get_context_data(show_error=self.request.user.has_perm(ERROR_PERMISSION), **kwargs)


class LoadDetailView(PageContextMixin, ListView):
    """What one load changed: its additions, removals and changes (`?kind=` narrows to one), by entity name."""

    template_name = "screening/load_detail.html"
    paginate_by = 100
    paginator_class = CappedPaginator

    @cached_property
    def load(self):
        return get_object_or_404(ScreeningLoad.objects.select_related("source"), pk=self.kwargs["pk"])

    @cached_property
    def kind(self) -> str:
        kind = self.request.GET.get("kind", "")
        return kind if kind in ListingChange.Kind.values else ""

    def get_queryset(self):
        changes = (self.load.changes.select_related("entity", "entity__country", "entity__company")
                   .order_by("kind", "entity__name", "id"))
        return changes.filter(kind=self.kind) if self.kind else changes

    def get_context_data(self, **kwargs):
        context = super().get_context_data(load=self.load, kind=self.kind, kinds=self.kind_tabs(),
                                           show_error=self.request.user.has_perm(ERROR_PERMISSION), **kwargs)
        for change in context["object_list"]:
            change.differences = differences(change)
        return context

    def kind_tabs(self) -> list[tuple[str, str, int]]:
        counts = {"added": self.load.added, "removed": self.load.removed, "changed": self.load.changed}
        return [(kind, label, counts[kind]) for kind, label in ListingChange.Kind.choices]


def differences(change: ListingChange) -> list[tuple[str, str, str]]:
    """(field label, before, after) of each field a change changed, as text."""
    return [(FIELD_LABELS.get(name, name), shown(change.before.get(name)), shown(value))
            for name, value in change.after.items()]


def shown(value) -> str:
    """A stored value as one line of text: names and addresses joined by "; ", an address's parts by ", "."""
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        return "; ".join(shown_address(item) if isinstance(item, dict) else str(item) for item in value)
    return str(value)


def shown_address(address: dict) -> str:
    return ", ".join(str(part) for part in address.values() if part)


class ListedEntityListView(FilteredListView):
    """Every screening-list entry, on its list first, with its list, country, company and dates."""

    template_name = "screening/entity_list.html"
    filterset_class = ListedEntityFilterSet
    export_url_name = "screening_entities_export"
    json_columns = ENTITY_COLUMNS

    def get_base_queryset(self):
        return ListedEntity.objects.select_related("country", "company").listed_first()


class ListedEntityExportView(FilteredExportView):
    filterset_class = ListedEntityFilterSet
    filename = "listed-entities.csv"

    def get_base_queryset(self):
        return ListedEntity.objects.select_related("country", "company").order_by("id")

    def csv_lines(self, queryset):
        return queryset_csv_lines(queryset, ENTITY_COLUMNS)
