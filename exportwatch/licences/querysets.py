"""QuerySets that read like the question: StatusChange.objects.for_chip(h20).for_country("CN")."""

from django.db import models
from django.db.models import F, OuterRef, Subquery


def _key(value, field: str = "pk"):
    """Accept a model instance, a primary key or a natural key (slug or code)."""
    return getattr(value, field) if hasattr(value, field) else value


class StatusChangeQuerySet(models.QuerySet):
    def for_chip(self, chip):
        if isinstance(chip, str) and not chip.isdigit():
            return self.filter(chip__slug=chip)
        return self.filter(chip=_key(chip))

    def for_country(self, country):
        if isinstance(country, str) and not country.isdigit():
            return self.filter(country__code=country.upper())
        return self.filter(country=_key(country))

    def for_company(self, company):
        if isinstance(company, str) and not company.isdigit():
            return self.filter(company__slug=company)
        return self.filter(company=_key(company))

    def confirmed(self):
        return self.filter(review_state="confirmed")

    def counting(self):
        """What counts towards a track's status: everything an editor has not rejected."""
        return self.exclude(review_state="rejected")

    def awaiting_review(self):
        return self.filter(review_state="unreviewed")

    def in_date_order(self):
        return self.order_by(F("event_date").asc(nulls_last=True), "reported_at", "id")

    def latest_first(self):
        return self.order_by(F("event_date").desc(nulls_last=True), "-reported_at", "-id")

    def for_timeline(self):
        return self.select_related("company", "chip", "chip__vendor", "country", "authority").in_date_order()


def latest_counting_step(as_of=None):
    """The latest counting step of the track in the outer query (OuterRef("pk")). With `as_of`, the latest dated
    on or before that day: a month- or year-precise step counts from the first day of its period, an undated one
    not at all."""
    from .models import StatusChange

    latest = StatusChange.objects.filter(application=OuterRef("pk")).counting().latest_first()
    return latest if as_of is None else latest.filter(event_date__lte=as_of)


class LicenceApplicationQuerySet(models.QuerySet):
    def with_current_status(self, as_of=None):
        """Annotate `current_status_value` and `current_event_date` from the latest counting step, in the database."""
        latest = latest_counting_step(as_of)
        return self.annotate(
            current_status_value=Subquery(latest.values("status")[:1]),
            current_event_date=Subquery(latest.values("event_date")[:1]),
        )

    def with_statuses_on(self, before, after):
        """Annotate `status_before` and `status_after`: the status at the end of each of two days."""
        return self.annotate(
            status_before=Subquery(latest_counting_step(before).values("status")[:1]),
            status_after=Subquery(latest_counting_step(after).values("status")[:1]),
            date_after=Subquery(latest_counting_step(after).values("event_date")[:1]),
        )

    def current_step_ids(self, as_of=None):
        """The id of each track's latest counting step (None for a track with none yet), as a values queryset."""
        return self.annotate(current_step_id=Subquery(latest_counting_step(as_of).values("id")[:1])).values(
            "current_step_id"
        )
