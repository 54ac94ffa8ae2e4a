"""What changed between two days: tracks whose status differs, before → after, with the steps between."""

import csv
import io
from datetime import date

import pytest

from exportwatch.ingest.demo import load_demo
from exportwatch.licences.changes import changes_between
from exportwatch.licences.models import LicenceApplication, Status
from tests.factories import ApplicationFactory, record_step

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return load_demo()


def _changes(since, until, tracks=None):
    return changes_between(tracks or LicenceApplication.objects.all(), since, until)


def test_a_track_whose_status_moved_shows_before_after_and_the_steps_between():
    track = ApplicationFactory()
    record_step(track, Status.REQUIREMENT_IMPOSED, date(2025, 4, 9))
    record_step(track, Status.APPLIED, date(2025, 7, 14))
    record_step(track, Status.GRANTED, date(2025, 8, 12))
    [change] = _changes(date(2025, 7, 1), date(2025, 9, 1))
    assert (change.before, change.after) == (Status.REQUIREMENT_IMPOSED, Status.GRANTED)
    assert [step.status for step in change.steps] == [Status.APPLIED, Status.GRANTED]


def test_a_track_with_no_step_before_reads_as_new():
    track = ApplicationFactory()
    record_step(track, Status.APPLIED, date(2025, 7, 14))
    [change] = _changes(date(2025, 7, 1), date(2025, 9, 1))
    assert (change.before, change.after) == (None, Status.APPLIED)


def test_a_track_that_ends_where_it_began_is_left_out():
    track = ApplicationFactory()
    record_step(track, Status.GRANTED, date(2025, 6, 1))
    record_step(track, Status.REVOKED, date(2025, 7, 1))
    record_step(track, Status.GRANTED, date(2025, 8, 1))
    assert _changes(date(2025, 6, 15), date(2025, 9, 1)) == []


def test_a_track_with_no_step_between_the_days_is_left_out():
    record_step(ApplicationFactory(), Status.GRANTED, date(2025, 6, 1))
    assert _changes(date(2025, 7, 1), date(2025, 9, 1)) == []


def test_the_page_lists_h20_to_china_from_imposed_to_granted_over_the_summer(client, demo):
    changes = client.get("/changes/between/", {"since": "2025-06-01", "until": "2025-09-01"}).context["changes"]
    h20 = next(c for c in changes if (c.track.chip.slug, c.track.country.code) == ("nvidia-h20", "CN"))
    assert (h20.before, h20.after) == (Status.REQUIREMENT_IMPOSED, Status.GRANTED)


def test_days_in_the_wrong_order_are_refused_with_a_reason(client, demo):
    response = client.get("/changes/between/", {"since": "2025-09-01", "until": "2025-06-01"})
    assert "The first day must come on or before the second." in response.content.decode()
    assert response.context["changes"] == []


def test_without_days_the_page_covers_the_last_week(client, demo):
    context = client.get("/changes/between/").context
    assert (context["until"] - context["since"]).days == 7


def test_the_csv_has_a_row_per_changed_track_with_the_steps_between(client, demo, role_users):
    client.force_login(role_users["analyst"])
    response = client.get("/changes/between/export/", {"since": "2025-06-01", "until": "2025-09-01",
                                                       "chip": "nvidia-h20", "country": "CN"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(row["status_before"], row["status_after"]) for row in rows] == [("requirement_imposed", "granted")]
    assert "applied" in rows[0]["steps_between"] and "granted" in rows[0]["steps_between"]
