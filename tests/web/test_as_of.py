"""?as_of=YYYY-MM-DD on the timelines and their CSV: the records as they stood at the end of that day."""

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exportwatch.ingest.demo import load_demo

pytestmark = pytest.mark.django_db

H20_CHINA = ("nvidia-h20", "CN")


@pytest.fixture
def demo():
    return load_demo()


def _status_of_h20_to_china(client, url, as_of):
    statuses = client.get(url, {"as_of": as_of}).context["track_statuses"]
    return {(t.chip.slug, t.country.code): t.current_status_value for t in statuses}[H20_CHINA]


@pytest.mark.parametrize("url", ["/chips/nvidia-h20/", "/countries/cn/", "/chips/nvidia-h20/cn/",
                                 "/companies/nvidia/"])
@pytest.mark.parametrize(
    ("as_of", "expected"),
    [("2025-06-01", "requirement_imposed"), ("2025-07-20", "assured"), ("2025-09-01", "granted")],
)
def test_each_timeline_shows_the_status_of_h20_to_china_on_the_day_asked(client, demo, url, as_of, expected):
    assert _status_of_h20_to_china(client, url, as_of) == expected


def test_steps_after_the_day_are_not_listed(client, demo):
    steps = client.get("/chips/nvidia-h20/cn/", {"as_of": "2025-07-20"}).context["object_list"]
    assert steps and all(step.event_date <= date(2025, 7, 20) for step in steps)


def test_the_picture_draws_a_line_at_the_day(client, demo):
    html = client.get("/chips/nvidia-h20/", {"as_of": "2025-07-20"}).content.decode()
    assert 'class="as-of"' in html
    assert "as of 20 Jul 2025" in html


def test_without_a_day_the_page_shows_the_status_now_and_no_line(client, demo):
    response = client.get("/chips/nvidia-h20/")
    assert 'class="as-of"' not in response.content.decode()
    assert "Status now" in response.content.decode()


def test_the_page_says_how_coarse_dates_count(client, demo):
    html = client.get("/chips/nvidia-h20/", {"as_of": "2025-07-20"}).content.decode()
    assert "counts from the first day of that period" in html


def test_the_timeline_csv_keeps_only_steps_dated_by_the_day(client, demo, role_users):
    client.force_login(role_users["analyst"])
    response = client.get("/changes/export/", {"columns": "timeline", "chip": "nvidia-h20", "as_of": "2025-07-20"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows and max(row["event_date"] for row in rows) <= "2025-07-20"


def test_the_as_of_chip_page_stays_within_ten_queries(client, demo):
    with CaptureQueriesContext(connection) as queries:
        client.get("/chips/nvidia-h20/", {"as_of": "2025-07-20"})
    assert len(queries.captured_queries) <= 10


GROWING_PAGES = ["/matrix/?as_of=2025-07-20", "/chips/nvidia-h20/?as_of=2025-07-20",
                 "/changes/between/?since=2025-06-01&until=2025-09-01", "/changes/?format=json&as_of=2025-07-20"]


def _grow_tenfold():
    """Ten times the demo's steps: more destinations for H20 and more steps on the tracks already there."""
    from exportwatch.licences.models import LicenceApplication, StatusChange
    from tests.factories import CountryFactory, record_step

    h20 = LicenceApplication.objects.filter(chip__slug="nvidia-h20").first()
    target = 10 * StatusChange.objects.count()
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for index in range(target - StatusChange.objects.count()):
        country = CountryFactory(code=f"X{letters[index % 26]}", name=f"Land {letters[index % 26]}")
        track, _ = LicenceApplication.objects.get_or_create(company=h20.company, chip=h20.chip, country=country,
                                                            authority=h20.authority)
        record_step(track, ["applied", "granted", "denied"][index % 3], date(2025, 1 + index % 12, 1 + index % 28))


@pytest.mark.parametrize("url", GROWING_PAGES)
def test_a_page_makes_the_same_queries_when_the_data_grows_tenfold(client_as, demo, url):
    client = client_as("analyst")
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    _grow_tenfold()
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after.captured_queries) == len(before.captured_queries)
