"""Saved lists: a list page's URL with its filters, followed like a chip or a country.

A saved list covers the confirmed steps its page's own FilterSet picks: on the steps list, the steps the filters
keep; on a list of tracks (applications, matrix, what changed), the steps of the tracks listed; on the chips,
countries or companies list, the steps of the chips, destinations or companies listed. Filters that only choose
what a page shows (the matrix's status and day, the changes view's two days) leave the steps alone. A list is
judged as its page reads it now, so a step on a company that joins the list later counts from then on.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import Resolver404, resolve

from exportwatch.catalog.filters import ChipFilterSet, CompanyFilterSet, CountryFilterSet
from exportwatch.catalog.models import ChipSku, Company, Country
from exportwatch.core.views import filter_problem
from exportwatch.licences.filters import (
    ApplicationFilterSet,
    MatrixFilterSet,
    StatusChangeFilterSet,
    TrackChangesFilterSet,
)
from exportwatch.licences.models import LicenceApplication, StatusChange

# Parameters that say how a list is shown or paged, not which rows it holds.
NOT_FILTERS = {"page", "format", "cursor", "limit", "columns"}


@dataclass(frozen=True)
class FollowableList:
    """A list page users may follow: its title, its FilterSet and how the rows it lists lead to steps."""

    title: str
    filterset_class: type
    rows: Callable[[], QuerySet] | None = None  # None: the list holds steps, and its filters apply to them
    step_field: str = ""  # the StatusChange field that names a listed row

    def filterset(self, data: QueryDict | None, steps: QuerySet):
        return self.filterset_class(data, queryset=steps if self.rows is None else self.rows())

    def steps(self, data: QueryDict | None, steps: QuerySet) -> QuerySet:
        listed = self.filterset(data, steps).qs
        if self.rows is None:
            return listed
        return steps.filter(**{f"{self.step_field}__in": listed.order_by().values("pk")})


FOLLOWABLE_LISTS = {
    "change_list": FollowableList("Status changes", StatusChangeFilterSet),
    "application_list": FollowableList("Licence applications", ApplicationFilterSet,
                                       LicenceApplication.objects.with_current_status, "application"),
    "matrix": FollowableList("Status matrix", MatrixFilterSet, LicenceApplication.objects.all, "application"),
    "track_changes": FollowableList("What changed", TrackChangesFilterSet, LicenceApplication.objects.all,
                                    "application"),
    "chip_list": FollowableList("Chips", ChipFilterSet, ChipSku.objects.all, "chip"),
    "country_list": FollowableList("Countries", CountryFilterSet, Country.objects.all, "country"),
    "company_list": FollowableList("Companies", CompanyFilterSet, Company.objects.all, "company"),
}


def _followable(path: str) -> FollowableList | None:
    try:
        return FOLLOWABLE_LISTS.get(resolve(path).url_name)
    except Resolver404:
        return None


def normalize(url: str) -> str | None:
    """The list URL in one spelling (filters sorted; paging, format and empty values left out), or None when it
    is not one of the site's followable list pages."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or _followable(parts.path) is None:
        return None
    filters = sorted((name, value) for name, value in parse_qsl(parts.query) if name not in NOT_FILTERS)
    query = urlencode(filters)
    return f"{parts.path}?{query}" if query else parts.path


def _parts(list_url: str) -> tuple[FollowableList | None, QueryDict | None]:
    """The list a saved URL names and its filters (None without any, as the page reads a bare URL)."""
    parts = urlsplit(list_url)
    return _followable(parts.path), QueryDict(parts.query) or None


def validated(url: str) -> str:
    """The normalized list URL; ValidationError when it is not a list page or the page would refuse its filters."""
    normal = normalize(url)
    if normal is None:
        raise ValidationError("Only the site's lists can be followed: chips, countries, companies, applications, "
                              "status changes, the matrix and what changed.")
    followable, data = _parts(normal)
    if problem := filter_problem(followable.filterset(data, StatusChange.objects.none())):
        raise ValidationError(problem)
    return normal


def steps_in(list_url: str, steps: QuerySet) -> QuerySet:
    """The steps among `steps` that a saved list covers (none when its filters no longer hold, e.g. a chip went)."""
    followable, data = _parts(list_url)
    if followable is None or filter_problem(followable.filterset(data, steps)):
        return steps.none()
    return followable.steps(data, steps)


def describe(list_url: str) -> str:
    """ "Status changes where chip is nvidia-h20, status is granted", for the watchlist and the emails."""
    followable, data = _parts(list_url)
    title = followable.title if followable else list_url
    filters = ", ".join(f"{name} is {' or '.join(values)}" for name, values in data.lists()) if data else ""
    return f"{title} where {filters}" if filters else f"{title}: all"

