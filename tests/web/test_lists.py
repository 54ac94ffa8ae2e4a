"""Checks written once and applied to every list and timeline: the filter form, filtered CSV, query counts."""

import csv
import html
import io
import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exportwatch.licences.models import Status
from tests.factories import ApplicationFactory, ChipFactory, CompanyFactory, CountryFactory, record_step

from .conftest import PAGE_NAMES, page_urls


@dataclass(frozen=True)
class ListCase:
    url: str
    filters: dict
    csv_key: str  # the CSV column that identifies a row
    page_key: str = "pk"  # the attribute of a page row that matches it


LISTS = {
    "chip_list": ListCase("/chips/", {"q": "H20"}, "slug", "slug"),
    "country_list": ListCase("/countries/", {"q": "China"}, "code", "code"),
    "company_list": ListCase("/companies/", {"q": "nvid"}, "slug", "slug"),
    "application_list": ListCase("/applications/", {"country": "CN"}, "application_id"),
    "change_list": ListCase("/changes/", {"status": "granted"}, "status_change_id"),
    "chip": ListCase("/chips/nvidia-h20/", {"country": "MY"}, "status_change_id"),
    "country": ListCase("/countries/cn/", {"chip": "amd-mi308"}, "status_change_id"),
    "chip_country": ListCase("/chips/nvidia-h20/cn/", {"status": "applied"}, "status_change_id"),
    "company": ListCase("/companies/nvidia/", {"event_date_after": "2025-07-01"}, "status_change_id"),
    "application": ListCase("/applications/{track}/", {"confidence": "0.8"}, "status_change_id"),
}


@pytest.fixture
def lists_data(story):
    """The story plus tracks on another chip and another destination, so each filter leaves something out."""
    amd = CompanyFactory(name="AMD", slug="amd")
    mi308 = ChipFactory(vendor=amd, name="MI308", slug="amd-mi308")
    malaysia = CountryFactory(code="MY", name="Malaysia")
    record_step(ApplicationFactory(company=amd, chip=mi308, country=story["country"], authority=story["authority"]),
                Status.GRANTED, date(2025, 8, 5))
    record_step(ApplicationFactory(company=story["company"], chip=story["chip"], country=malaysia,
                                   authority=story["authority"]), Status.REQUIREMENT_IMPOSED, date(2025, 7, 15))
    return story


def _url(case, story):
    return case.url.format(track=story["track"].pk)


def _csv_rows(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))


def _export_link(page_html: str) -> str:
    """The first CSV link on a page, as the browser would follow it."""
    match = re.search(r'href="(/[a-z]+/export/[^"]*)"', page_html)
    return html.unescape(match.group(1))


@pytest.mark.parametrize("name", LISTS)
def test_the_filter_form_is_the_filtersets_own_form(client_as, lists_data, name):
    response = client_as("analyst").get(_url(LISTS[name], lists_data))
    form = response.context["filterset"].form
    page = response.content.decode()
    for field in form:
        assert str(field) in page


@pytest.mark.parametrize("name", LISTS)
def test_a_filter_narrows_the_page(client_as, lists_data, name):
    case = LISTS[name]
    everything = client_as("analyst").get(_url(case, lists_data)).context["paginator"].count
    narrowed = client_as("analyst").get(_url(case, lists_data), case.filters).context["paginator"].count
    assert 0 < narrowed < everything


@pytest.mark.parametrize("name", LISTS)
def test_the_csv_link_exports_exactly_the_rows_the_page_shows(client_as, lists_data, name):
    case = LISTS[name]
    client = client_as("analyst")
    response = client.get(_url(case, lists_data), case.filters)
    shown = {str(getattr(row, case.page_key)) for row in response.context["object_list"]}
    exported = {row[case.csv_key] for row in _csv_rows(client.get(_export_link(response.content.decode())))}
    assert exported == shown


@pytest.mark.parametrize("name", LISTS)
def test_the_csv_link_carries_the_current_filters(client_as, lists_data, name):
    case = LISTS[name]
    page = client_as("analyst").get(_url(case, lists_data), case.filters).content.decode()
    link = _export_link(page)
    for key, value in case.filters.items():
        assert f"{key}={value}".lower() in link.lower().replace("%3a", ":")


@pytest.mark.parametrize("name", LISTS)
def test_the_excel_option_starts_with_a_byte_order_mark(client_as, lists_data, name):
    page = client_as("analyst").get(_url(LISTS[name], lists_data)).content.decode()
    excel = html.unescape(re.search(r'href="(/[a-z]+/export/[^"]*format=excel[^"]*)"', page).group(1))
    body = b"".join(client_as("analyst").get(excel).streaming_content)
    assert body.startswith("\ufeff".encode())


@pytest.mark.parametrize("url", ["/changes/export/?status=nonsense", "/applications/export/?country=ZZZ"])
def test_an_export_with_an_invalid_filter_is_refused(client_as, lists_data, url):
    assert client_as("analyst").get(url).status_code == 400


def test_the_evidence_csv_has_the_documented_header(client_as, story):
    body = b"".join(client_as("analyst").get("/changes/export/?chip=nvidia-h20").streaming_content).decode()
    assert body.splitlines()[0] == (
        "event_date,date_precision,status,company,chip,country_code,country,authority,application_id,"
        "status_change_id,confidence,review_state,source_url,source_title,source_published,evidence"
    )


def test_an_analyst_export_leaves_out_rejected_steps(client_as, story):
    rows = _csv_rows(client_as("analyst").get("/changes/export/?columns=timeline&chip=nvidia-h20"))
    assert str(story["steps"]["revoked"].pk) not in {row["status_change_id"] for row in rows}


def test_an_editor_export_includes_rejected_steps_marked(client_as, story):
    rows = _csv_rows(client_as("editor").get("/changes/export/?columns=timeline&chip=nvidia-h20"))
    by_id = {row["status_change_id"]: row for row in rows}
    assert by_id[str(story["steps"]["revoked"].pk)]["review_state"] == "rejected"


def _grow(story, count: int, start: int) -> None:
    """`count` more tracks for the story's chip, country and company, and more steps on the story itself."""
    item = story["news_item"]
    for i in range(start, start + count):
        code = "Q" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[i % 26] if i < 26 else "X" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[i % 26]
        country = CountryFactory(code=code, name=f"Land {code}")
        when = date(2023, 1, 1) + timedelta(days=3 * i)
        record_step(ApplicationFactory(company=story["company"], chip=story["chip"], country=country,
                                       authority=story["authority"]), Status.APPLIED, when, news_item=item)
        chip = ChipFactory(vendor=story["company"], name=f"Q{i}")
        record_step(ApplicationFactory(company=story["company"], chip=chip, country=story["country"],
                                       authority=story["authority"]), Status.GRANTED, when, news_item=item)
        record_step(story["track"], Status.UNDER_REVIEW, when, news_item=item)


def _queries(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["anonymous", "editor"])
def test_no_page_needs_more_queries_for_ten_times_the_data(client_as, story, role):
    client = client_as(role)
    urls = page_urls(story)
    _grow(story, 3, start=0)
    small = {name: _queries(client, url) for name, url in urls.items()}
    _grow(story, 30, start=3)
    large = {name: _queries(client, url) for name, url in urls.items()}
    assert large == small


# Guards: the design aims at eight queries for a chip timeline; the country page adds its group memberships.
# Each timeline: +1 for its tracks' status; the country page +1 for its screening-list entries.
MAX_QUERIES = {"chip": 9, "chip_country": 9, "country": 11, "home": 4}


@pytest.mark.parametrize("name", MAX_QUERIES)
def test_a_timeline_page_stays_within_its_query_budget(client_as, story, name):
    assert _queries(client_as("anonymous"), page_urls(story)[name]) <= MAX_QUERIES[name]


@pytest.mark.parametrize("name", [n for n in PAGE_NAMES if n in LISTS])
def test_every_page_list_is_paginated(client_as, story, name):
    assert client_as("anonymous").get(page_urls(story)[name]).context["paginator"].per_page <= 100
