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
