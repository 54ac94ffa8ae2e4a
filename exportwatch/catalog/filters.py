"""Filters of the catalogue lists (chips, countries, companies); the page and its CSV use the same one."""

from datetime import date

import django_filters
from django.db.models import Q

from .models import ChipSku, Company, Country, CountryGroup, CountryGroupMembership


def _matching(queryset, fields: list[str], value: str):
    """Rows where any of `fields` (names or alias lists) contains `value`, ignoring case."""
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": value})
    return queryset.filter(condition)


class ChipFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Name or alias",
        method="filter_q",
    )
    kind = django_filters.ChoiceFilter(
        choices=ChipSku.Kind.choices,
    )
    vendor = django_filters.ModelChoiceFilter(
        queryset=Company.objects.filter(chips__isnull=False).distinct(),
        to_field_name="slug",
    )

    class Meta:
        model = ChipSku
        fields = []

    def filter_q(self, queryset, name, value):
        return _matching(queryset, ["name", "aliases", "family__name", "vendor__name"], value)


class CountryFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Name or code",
        method="filter_q",
    )
    group = django_filters.ModelChoiceFilter(
        queryset=CountryGroup.objects.all(),
        to_field_name="code",
        label="Country group",
        method="filter_group",
    )

    class Meta:
        model = Country
        fields = []

    def filter_q(self, queryset, name, value):
        return _matching(queryset, ["code", "name", "name_zh", "aliases"], value)

    def filter_group(self, queryset, name, value):
        # Today's members only.
        held = CountryGroupMembership.objects.valid_on(date.today()).filter(group=value)
        return queryset.filter(pk__in=held.values("country"))


class CompanyFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Name or alias",
        method="filter_q",
    )
    headquarters = django_filters.ModelChoiceFilter(
        queryset=Country.objects.filter(headquartered_companies__isnull=False).distinct(),
        to_field_name="code",
    )

    class Meta:
        model = Company
        fields = []

    def filter_q(self, queryset, name, value):
        return _matching(queryset, ["name", "aliases"], value)
