"""The matrix page: filters, as-of links, CSV with the page's cells, and a query count that stays put."""

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exportwatch.ingest.demo import load_demo
from exportwatch.licences.models import Status
from tests.factories import ApplicationFactory, CountryFactory, record_step

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return load_demo()


def test_a_country_group_filter_keeps_its_members_on_the_day_asked(client, demo):
    response = client.get("/matrix/", {"group": "D:5", "as_of": "2025-09-01"})
    codes = {country.code for country in response.context["matrix"].columns}
    assert codes and codes <= {"CN", "RU", "BY", "IR", "KP", "VE", "CU", "SY", "MM"}


def test_the_status_filter_keeps_only_cells_in_those_states(client, demo):
    response = client.get("/matrix/", {"status": ["granted"], "as_of": "2025-09-01"})
    assert {cell.state for cell in response.context["matrix"].cells} == {"granted"}


def test_rows_are_grouped_by_vendor_with_categories_last(client, demo):
    last = client.get("/matrix/").context["matrix"].pages
    groups = [group.vendor for page in range(1, last + 1)
              for group in client.get("/matrix/", {"page": page}).context["matrix"].groups]
    vendors = list(dict.fromkeys(groups))  # a vendor's rows may run over two pages
    assert vendors[-1] == "Categories and materials"
    assert vendors[:-1] == sorted(vendors[:-1], key=str.lower)


def test_a_cell_links_to_its_track_at_the_same_day(client, demo):
    html = client.get("/matrix/", {"as_of": "2025-07-20"}).content.decode()
    assert 'href="/chips/nvidia-h20/cn/?as_of=2025-07-20"' in html


def test_a_mistyped_date_is_named_and_the_matrix_left_empty(client, demo):
    response = client.get("/matrix/", {"as_of": "2025-13-40"})
    assert response.status_code == 200
    assert "Enter a valid date" in response.content.decode()
    assert response.context["matrix"].cells == []


def _all_pages(client, **params):
    """The cells of every page of the matrix."""
    last = client.get("/matrix/", params).context["matrix"].pages
    return [cell for page in range(1, last + 1)
            for cell in client.get("/matrix/", {**params, "page": page}).context["matrix"].cells]


def test_the_csv_has_one_row_per_cell_of_every_page(client, demo, role_users):
    client.force_login(role_users["analyst"])
    cells = _all_pages(client, as_of="2025-07-20")
    body = b"".join(client.get("/matrix/export/", {"as_of": "2025-07-20"}).streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == len(cells)
    h20 = next(row for row in rows if (row["product_slug"], row["country_code"]) == ("nvidia-h20", "CN"))
    assert (h20["state"], h20["as_of"]) == ("assured", "2025-07-20")


def test_the_page_costs_the_same_few_queries_however_many_tracks(client, demo):
    with CaptureQueriesContext(connection) as small:
        client.get("/matrix/", {"as_of": "2025-09-01"})
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        country = CountryFactory(code=f"X{letter}", name=f"Land {letter}")
        record_step(ApplicationFactory(country=country), Status.APPLIED, date(2025, 7, 1))
    with CaptureQueriesContext(connection) as large:
        client.get("/matrix/", {"as_of": "2025-09-01"})
    assert len(large.captured_queries) == len(small.captured_queries) <= 10


def test_names_in_the_grid_are_escaped(client):
    from tests.factories import ChipFactory

    chip = ChipFactory(name='<img src=x onerror="alert(1)">', slug="hostile-chip")
    record_step(ApplicationFactory(chip=chip, company=chip.vendor), Status.APPLIED, date(2025, 7, 1))
    html = client.get("/matrix/").content.decode()
    assert '<img src=x onerror="alert(1)">' not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
