"""The filters of every status-change list and timeline, and of the applications list.

One FilterSet serves the page, its CSV export and any later API; the form on the page is
`filterset.form`. Pages that already fix a dimension (the chip on a chip page) drop that filter.
"""

from datetime import date, timedelta

import django_filters
from django import forms

from exportwatch.catalog.models import Authority, ChipSku, Company, Country, CountryGroup, CountryGroupMembership
from exportwatch.core.access import can_see_rejected

from .models import LicenceApplication, Origin, ReviewState, Status, StatusChange


def _chips():
    # __str__ names the vendor, so fetch it with the chip.
    return ChipSku.objects.select_related("vendor")


class DroppableFilterSet(django_filters.FilterSet):
    """A FilterSet that can leave out the filters a page has fixed already."""

    def __init__(self, *args, fixed=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in fixed:
            self.filters.pop(name, None)


class TrackFilterSet(DroppableFilterSet):
    """The four keys of a licence track, shared by every list of tracks or their steps."""

    company = django_filters.ModelChoiceFilter(
        queryset=Company.objects.all(),
        to_field_name="slug",
    )
    chip = django_filters.ModelChoiceFilter(
        queryset=_chips(),
        to_field_name="slug",
        label="Chip or product",
    )
    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(),
        to_field_name="code",
        label="Destination",
    )
    authority = django_filters.ModelChoiceFilter(
        queryset=Authority.objects.all(),
        to_field_name="slug",
    )


class AsOfFilter(django_filters.DateFilter):
    """`?as_of=YYYY-MM-DD`: the records as they stood at the end of that day, picked with a date input."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "As of")
        super().__init__(widget=forms.DateInput(attrs={"type": "date"}), **kwargs)


def _unchanged(queryset, name, value):
    return queryset


class StatusChangeFilterSet(TrackFilterSet):
    event_date = django_filters.DateFromToRangeFilter(
        label="Event date",
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    # A month- or year-precise step is stored on the first day of its period, so it counts from that day;
    # an undated one is left out.
    as_of = AsOfFilter(field_name="event_date", lookup_expr="lte")
    status = django_filters.MultipleChoiceFilter(
        choices=Status.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    origin = django_filters.ChoiceFilter(
        choices=Origin.choices,
    )
    review_state = django_filters.ChoiceFilter(
        choices=ReviewState.choices,
        label="Review",
    )
    confidence = django_filters.NumberFilter(
        field_name="confidence",
        lookup_expr="gte",
        label="Confidence at least",
        widget=forms.NumberInput(attrs={"min": 0, "max": 1, "step": "0.05"}),
    )
    application = django_filters.NumberFilter(
        field_name="application_id",
        widget=forms.HiddenInput,
    )

    class Meta:
        model = StatusChange
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if "review_state" in self.filters and not (request and can_see_rejected(request.user)):
            # Public readers never see rejected steps, so they cannot ask for them either.
            visible = [choice for choice in ReviewState.choices if choice[0] != ReviewState.REJECTED]
            self.filters["review_state"].extra["choices"] = visible


class ApplicationFilterSet(TrackFilterSet):
    current_status = django_filters.ChoiceFilter(
        choices=Status.choices,
        field_name="current_status_value",
        label="Current status",
    )

    class Meta:
        model = LicenceApplication
        fields = []



class MatrixFilterSet(DroppableFilterSet):
    """The matrix's tracks by vendor, product kind, authority and country group; `status` and `as_of` leave the
    tracks alone and are read by the page, which applies them to the cells."""

    company = django_filters.ModelChoiceFilter(
        queryset=Company.objects.filter(is_proposed=False),
        to_field_name="slug",
    )
    kind = django_filters.ChoiceFilter(
        field_name="chip__kind",
        choices=ChipSku.Kind.choices,
        label="Product kind",
    )
    authority = django_filters.ModelChoiceFilter(
        queryset=Authority.objects.all(),
        to_field_name="slug",
    )
    group = django_filters.ModelChoiceFilter(
        queryset=CountryGroup.objects.all(),
        to_field_name="code",
        label="Country group",
        method="filter_group",
    )
    status = django_filters.MultipleChoiceFilter(
        choices=[*Status.choices, ("by_rule", "Licence required by rule")],
        widget=forms.CheckboxSelectMultiple,
        label="Status",
        method=_unchanged,
    )
    as_of = AsOfFilter(method=_unchanged)

    class Meta:
        model = LicenceApplication
        fields = []

    @property
    def as_of_date(self) -> date | None:
        return as_of_date(self)

    def group_country_ids(self) -> frozenset[int] | None:
        """The members of the chosen country group on the as-of day (today by default); None without a group."""
        group = self.form.cleaned_data.get("group") if self.is_valid() else None
        if group is None:
            return None
        return frozenset(group_members(group, self.as_of_date or date.today()).values_list("pk", flat=True))

    def filter_group(self, queryset, name, group):
        return queryset.filter(country__in=group_members(group, self.as_of_date or date.today()))


def group_members(group: CountryGroup, day: date):
    """The countries in a group on a day."""
    held = CountryGroupMembership.objects.valid_on(day).filter(group=group)
    return Country.objects.filter(pk__in=held.values("country"))


def as_of_date(filterset) -> date | None:
    """The valid `as_of` day a bound FilterSet was asked for, else None."""
    return filterset.form.cleaned_data.get("as_of") if filterset.is_bound and filterset.is_valid() else None


class _TwoDaysForm(forms.Form):
    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError("The first day must come on or before the second.")
        return data


class TrackChangesFilterSet(TrackFilterSet):
    """Which tracks the changes view compares, and the two days; `since` and `until` are read by the page."""

    since = AsOfFilter(label="Since the end of", method=_unchanged)
    until = AsOfFilter(label="Until the end of", method=_unchanged)

    class Meta:
        model = LicenceApplication
        fields = []
        form = _TwoDaysForm

    def clean_days(self, today: date) -> tuple[date, date]:
        """The two days asked for; by default the week up to today. Call after is_valid()."""
        chosen = self.form.cleaned_data if self.is_bound else {}
        until = chosen.get("until") or today
        since = chosen.get("since") or until - timedelta(days=7)
        return since, until
