"""The screening list on the site: a company's and a country's listed entities with their dates, what a load
changed, and the list of every entry with its filters."""

import io
from datetime import date

import pytest

from exportwatch.ingest.screening_list import load_file
from exportwatch.licences.views import LISTINGS_SHOWN
from exportwatch.screening.loading import load
from exportwatch.screening.models import ScreeningLoad
from exportwatch.screening.reading import UnreadableFile

from .list_files import CONSOLIDATED_JSON, by_name, json_file, results

pytestmark = pytest.mark.django_db

HUAWEI = "Huawei Technologies Co., Ltd."
SMIC = "Semiconductor Manufacturing International Corporation"


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def two_loads():
    """A first load of the fixture, then one a week later without SMIC and with a new citation for Huawei."""
    load_file(io.BytesIO(CONSOLIDATED_JSON))
    entries = [entry for entry in results() if entry["name"] != SMIC]
    by_name(entries, HUAWEI)["federal_register_notice"] = "84 FR 22961; 85 FR 51596"
    second = load(io.BytesIO(json_file(entries)), today=date(2031, 3, 10))
    return ScreeningLoad.objects.order_by("id").first(), second.load


def test_the_company_page_shows_its_listed_entities_with_the_day_each_was_listed(client):
    load_file(io.BytesIO(CONSOLIDATED_JSON))
    html = page(client, "/companies/huawei/")
    assert "Listed entities <span class=\"muted\">(2)</span>" in html
    assert HUAWEI in html and "Beijing Huawei Digital Technologies" in html
    assert '<time datetime="2019-05-16">16 May 2019</time>' in html and "84 FR 22961" in html
    assert '<abbr title="Entity List (EL) - Bureau of Industry and Security">EL</abbr>' in html


def test_a_removed_entity_shows_the_day_it_was_removed(client, two_loads):
    html = page(client, "/companies/smic/")
    assert '<tr class="is-removed">' in html and '<time datetime="2031-03-10">10 Mar 2031</time>' in html


def test_a_company_without_listings_says_so(client):
    assert "No entries on the screening lists." in page(client, "/companies/nvidia/")


def test_the_country_page_shows_the_entities_listed_there(client):
    load_file(io.BytesIO(CONSOLIDATED_JSON))
    html = page(client, "/countries/cn/")
    assert HUAWEI in html and SMIC in html and "Novosibirsk" not in html


def test_a_long_section_shows_the_first_entries_and_links_to_all(client):
    many = [{**results()[0], "id": f"affiliate-{n}", "name": f"Huawei Affiliate {n}"} for n in range(30)]
    load_file(io.BytesIO(json_file(many)))
    html = page(client, "/companies/huawei/")
    assert html.count("Huawei Affiliate") == LISTINGS_SHOWN
    assert '<a href="/screening/entities/?company=huawei">All 30 entries</a>' in html


def test_the_load_page_lists_what_the_load_added_removed_and_changed(client, two_loads):
    _, second = two_loads
    html = page(client, f"/screening/loads/{second.pk}/")
    assert "Removed (1)" in html and "Changed (1)" in html and "Added (0)" in html
    assert SMIC in html
    assert "<del>84 FR 22961</del> → <ins>84 FR 22961; 85 FR 51596</ins>" in html


def test_the_load_page_narrows_to_one_kind_of_change(client, two_loads):
    _, second = two_loads
    html = page(client, f"/screening/loads/{second.pk}/?kind=removed")
    assert SMIC in html and "<del>" not in html


def test_the_loads_list_shows_each_load_with_its_counts(client, two_loads):
    first, second = two_loads
    html = page(client, "/screening/loads/")
    assert f"/screening/loads/{first.pk}/" in html and f"/screening/loads/{second.pk}/" in html


def test_a_refused_load_shows_its_reason_to_editors_only(client_as):
    with pytest.raises(UnreadableFile):
        load(io.BytesIO(CONSOLIDATED_JSON[:300]))
    refused = ScreeningLoad.objects.get()
    assert "not whole JSON" not in page(client_as("viewer"), f"/screening/loads/{refused.pk}/")
    assert "not whole JSON" in page(client_as("editor"), f"/screening/loads/{refused.pk}/")


@pytest.mark.parametrize(("query", "shown", "hidden"), [
    ("company=huawei", HUAWEI, SMIC),
    ("country=RU", "Novosibirsk", HUAWEI),
    ("q=SMIC", SMIC, HUAWEI),
    ("listed=no", SMIC, HUAWEI),
])
def test_the_entity_list_filters(client, two_loads, query, shown, hidden):
    html = page(client, f"/screening/entities/?{query}")
    assert shown in html and hidden not in html


def test_the_entity_list_exports_csv_with_its_filters(client_as, two_loads):
    response = client_as("analyst").get("/screening/entities/export/?company=huawei")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith("list,entry_id,name,type,country_code,company")
    assert len(lines) == 3 and all(",CN,Huawei," in line for line in lines[1:])
