"""JSON for scripts: the rows of each CSV keyed by its header, the CSV's permission, cursors, errors, a rate."""

import csv
import io
from urllib.parse import urlencode

import pytest

from exportwatch.ingest.demo import load_demo

pytestmark = pytest.mark.django_db

# Each JSON endpoint and the CSV export whose header its fields must equal.
ENDPOINTS = {
    "/matrix/": "/matrix/export/",
    "/changes/between/?since=2025-06-01&until=2025-09-01": "/changes/between/export/?since=2025-06-01&until=2025-09-01",
    "/changes/": "/changes/export/?columns=timeline",
    "/chips/nvidia-h20/": "/changes/export/?columns=timeline&chip=nvidia-h20",
    "/countries/cn/": "/changes/export/?columns=timeline&country=CN",
    "/chips/nvidia-h20/cn/": "/changes/export/?columns=timeline&chip=nvidia-h20&country=CN",
    "/companies/nvidia/": "/changes/export/?columns=timeline&company=nvidia",
    "/applications/": "/applications/export/",
    "/chips/": "/chips/export/",
    "/countries/": "/countries/export/",
    "/companies/": "/companies/export/",
}
STATUS = {"anonymous": 401, "viewer": 403, "analyst": 200, "editor": 200, "admin": 200}


@pytest.fixture
def demo():
    return load_demo()


def _json(client, url, **params):
    joiner = "&" if "?" in url else "?"
    return client.get(f"{url}{joiner}{urlencode({'format': 'json', **params})}")


def _csv_header(client, url):
    body = b"".join(client.get(url).streaming_content).decode()
    return next(csv.reader(io.StringIO(body)))


@pytest.mark.parametrize("url", ENDPOINTS)
def test_the_fields_are_the_csv_header(client_as, demo, url):
    client = client_as("analyst")
    rows = _json(client, url).json()["results"]
    assert rows
    assert list(rows[0]) == _csv_header(client, ENDPOINTS[url])


@pytest.mark.parametrize("role", STATUS)
@pytest.mark.parametrize("url", ENDPOINTS)
def test_json_takes_the_permission_csv_takes(client_as, story, role, url):
    response = _json(client_as(role), url)
    assert response.status_code == STATUS[role]
    if response.status_code != 200:
        assert response.json()["error"]


def test_an_accept_header_that_prefers_json_gets_json(client_as, story):
    response = client_as("analyst").get("/changes/", HTTP_ACCEPT="application/json")
    assert response["Content-Type"] == "application/json"


def test_a_browser_accept_header_gets_the_page(client_as, story):
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client_as("analyst").get("/changes/", HTTP_ACCEPT=accept)
    assert response["Content-Type"].startswith("text/html")


def test_following_next_visits_every_row_once_in_id_order(client_as, demo):
    client = client_as("analyst")
    seen, url = [], "/changes/?format=json&limit=7"
    while url:
        page = client.get(url).json()
        seen += [row["status_change_id"] for row in page["results"]]
        url = page["next"]
    everything = [row["status_change_id"] for row in _json(client, "/changes/", limit=1000).json()["results"]]
    assert seen == sorted(everything) and len(set(seen)) == len(seen) > 7


def test_the_filters_of_the_page_narrow_the_json(client_as, demo):
    rows = _json(client_as("analyst"), "/changes/", chip="nvidia-h20", country="CN").json()["results"]
    assert {(row["chip"], row["country_code"]) for row in rows} == {("H20", "CN")}


def test_as_of_narrows_a_timeline_and_the_matrix(client_as, demo):
    client = client_as("analyst")
    steps = _json(client, "/chips/nvidia-h20/cn/", as_of="2025-07-20").json()["results"]
    assert max(row["event_date"] for row in steps) <= "2025-07-20"
    cells = _json(client, "/matrix/", as_of="2025-07-20").json()["results"]
    h20 = next(row for row in cells if (row["product_slug"], row["country_code"]) == ("nvidia-h20", "CN"))
    assert h20["state"] == "assured"


@pytest.mark.parametrize(("params", "reason"), [({"cursor": "abc"}, "whole numbers"), ({"limit": "0"}, "limit"),
                                                ({"as_of": "2025-02-30"}, "Invalid filters")])
def test_a_bad_parameter_is_refused_with_the_reason(client_as, story, params, reason):
    response = _json(client_as("analyst"), "/changes/", **params)
    assert response.status_code == 400
    assert reason in response.json()["error"]


def test_past_the_rate_a_user_waits(client_as, story, settings):
    settings.API_REQUESTS_PER_MINUTE = 2
    client = client_as("analyst")
    statuses = [_json(client, "/chips/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert _json(client, "/chips/")["Retry-After"] == "60"


def test_the_api_page_lists_every_endpoint_with_its_fields(client, db):
    html = client.get("/api/").content.decode()
    for url in ENDPOINTS:
        assert f"<code>{url.split('?')[0]}</code>" in html
    assert "<code>status_change_id</code>" in html
