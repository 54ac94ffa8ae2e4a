"""What changed between two days: the tracks whose status at the end of one day differs from the other's,
with the steps dated in between. A weekly briefing is written from this."""

from dataclasses import dataclass
from datetime import date

from django.db.models import F, Q

from exportwatch.core.csvexport import csv_lines

from .models import LicenceApplication, Status, StatusChange
from .timeline.dates import event_date_label

# A briefing names at most this many tracks; filters narrow a longer one.
TRACKS_LISTED = 500


@dataclass
class TrackChange:
    track: LicenceApplication
    before: str | None
    after: str | None
    steps: list[StatusChange]

    @property
    def before_label(self) -> str:
        return Status(self.before).label if self.before else ""

    @property
    def after_label(self) -> str:
        return Status(self.after).label if self.after else ""


def changes_between(tracks, since: date, until: date) -> list[TrackChange]:
    """The tracks (a filtered LicenceApplication queryset) whose status differs between the end of `since` and
    the end of `until`, latest change first, each with its counting steps dated after `since` up to `until`;
    two queries."""
    moved = StatusChange.objects.counting().filter(event_date__gt=since, event_date__lte=until)
    changed = (
        tracks.filter(pk__in=moved.values("application_id"))
        .with_statuses_on(since, until)
        .filter(Q(status_before__isnull=True) | ~Q(status_before=F("status_after")))
        .select_related("company", "chip", "chip__vendor", "country", "authority")
        .order_by(F("date_after").desc(nulls_last=True), "chip__name", "country__name", "id")[:TRACKS_LISTED]
    )
    changed = list(changed)
    steps: dict[int, list[StatusChange]] = {track.pk: [] for track in changed}
    for step in moved.filter(application__in=steps).only("application_id", "status", "event_date",
                                                            "date_precision").in_date_order():
        step.date_label = event_date_label(step.event_date, step.date_precision)  # as every page writes dates
        steps[step.application_id].append(step)
    return [TrackChange(track, track.status_before, track.status_after, steps[track.pk]) for track in changed]


CHANGES_CSV_HEADER = ["application_id", "company", "chip", "country_code", "country", "authority", "since", "until",
                      "status_before", "status_after", "steps_between"]


def change_rows(changes: list[TrackChange], since: date, until: date):
    """One row per changed track; the steps between as "date status" joined by "; "."""
    for change in changes:
        track = change.track
        between = "; ".join(f"{event_date_label(step.event_date, step.date_precision)} {step.status}"
                            for step in change.steps)
        yield [track.pk, track.company.name, track.chip.name, track.country.code, track.country.name,
               track.authority.short_name, since, until, change.before or "", change.after or "", between]


def changes_csv_lines(changes: list[TrackChange], since: date, until: date):
    return csv_lines(CHANGES_CSV_HEADER, change_rows(changes, since, until))
