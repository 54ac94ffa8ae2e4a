"""The filter of the listed-entities list; the page, its CSV and its JSON use the same one."""

import django_filters
from django.db.models import Q

from exportwatch.catalog.models import Company, Country

from .models import ListedEntity


def _list_choices():
    names = ListedEntity.objects.order_by("list_name").values_list("list_name", flat=True).distinct()
    return [(name, name) for name in names]


class ListedEntityFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Name or other name",
        method="filter_q",
    )
    list_name = django_filters.ChoiceFilter(
        label="List",
        choices=_list_choices,
    )
    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.filter(listed_entities__isnull=False).distinct(),
        to_field_name="code",
    )
    company = django_filters.ModelChoiceFilter(
        queryset=Company.objects.filter(listed_entities__isnull=False).distinct(),
        to_field_name="slug",
    )
    listed = django_filters.ChoiceFilter(
        label="On the list",
        choices=[("yes", "Listed now"), ("no", "Removed")],
        method="filter_listed",
    )

    class Meta:
        model = ListedEntity
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(alt_names__icontains=value))

    def filter_listed(self, queryset, name, value):
        return queryset.filter(removed_on__isnull=value == "yes")
