"""The catalogue lists (chips, countries, companies) and their CSV exports.

The chip, country and company pages are timelines and live in the licences app.
"""

from exportwatch.core.csvexport import Column, queryset_csv_lines
from exportwatch.core.views import FilteredExportView, FilteredListView

from .filters import ChipFilterSet, CompanyFilterSet, CountryFilterSet
from .models import ChipSku, Company, Country

CHIP_COLUMNS = [
    Column("slug", "slug"),
    Column("name", "name"),
    Column("kind", "kind"),
    Column("vendor", "vendor__name"),
    Column("family", "family__name"),
    Column("datacenter", "is_datacenter"),
    Column("tpp", lambda chip: chip.tpp),
    Column("performance_density", lambda chip: chip.performance_density),
    Column("eccn_3a090_class", lambda chip: chip.eccn_3a090_class),
    Column("die_area_mm2", "die_area_mm2"),
    Column("aliases", lambda chip: "; ".join(chip.aliases)),
]
COUNTRY_COLUMNS = [
    Column("code", "code"),
    Column("name", "name"),
    Column("name_zh", "name_zh"),
]
COMPANY_COLUMNS = [
    Column("slug", "slug"),
    Column("name", "name"),
    Column("headquarters", "headquarters__code"),
    Column("website", "website"),
]


class ChipListView(FilteredListView):
    template_name = "catalog/chip_list.html"
    filterset_class = ChipFilterSet
    export_url_name = "chips_export"
    json_columns = CHIP_COLUMNS

    def get_base_queryset(self):
        return ChipSku.objects.select_related("vendor", "family")


class CountryListView(FilteredListView):
    template_name = "catalog/country_list.html"
    filterset_class = CountryFilterSet
    export_url_name = "countries_export"
    json_columns = COUNTRY_COLUMNS
    paginate_by = 100


class CompanyListView(FilteredListView):
    template_name = "catalog/company_list.html"
    filterset_class = CompanyFilterSet
    export_url_name = "companies_export"
    json_columns = COMPANY_COLUMNS

    def get_base_queryset(self):
        return Company.objects.select_related("headquarters")


class ChipExportView(FilteredExportView):
    filterset_class = ChipFilterSet
    filename = "chips.csv"

    def get_base_queryset(self):
        return ChipSku.objects.select_related("vendor", "family").order_by("id")

    def csv_lines(self, queryset):
        return queryset_csv_lines(queryset, CHIP_COLUMNS)


class CountryExportView(FilteredExportView):
    filterset_class = CountryFilterSet
    filename = "countries.csv"

    def get_base_queryset(self):
        return Country.objects.order_by("code")

    def csv_lines(self, queryset):
        return queryset_csv_lines(queryset, COUNTRY_COLUMNS)


class CompanyExportView(FilteredExportView):
    filterset_class = CompanyFilterSet
    filename = "companies.csv"

    def get_base_queryset(self):
        return Company.objects.order_by("name")

    def csv_lines(self, queryset):
        return queryset_csv_lines(queryset, COMPANY_COLUMNS)
