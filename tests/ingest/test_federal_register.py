"""A Federal Register source against a local server: documents become Regulations once, linked to what they
name; bad documents and bad pages are refused with a reason. The pages are written here in the API's shape."""

import json

import pytest

from exportwatch.catalog.models import Regulation
from exportwatch.ingest.federal_register import read_page
from exportwatch.ingest.models import Source
from exportwatch.ingest.polling import poll_source
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

CHIP_RULE = {
    "document_number": "2031-00101",
    "title": "Revisions to license requirements for advanced computing items: H20 exports to China",
    "type": "Rule",
    "abstract": "The Bureau of Industry and Security requires a license to export the Nvidia H20 to China.",
    "publication_date": "2031-01-15",
    "effective_on": "2031-02-01",
    "citation": "96 FR 1234",
    "html_url": "https://www.federalregister.gov/documents/2031/01/15/2031-00101/revisions",
    "agencies": [{"name": "Industry and Security Bureau", "slug": "industry-and-security-bureau"}],
}
NOTICE = {
    "document_number": "2031-00102",
    "title": "Entity List additions",
    "type": "Notice",
    "abstract": "Adds entities.",
    "publication_date": "2031-01-16",
    "html_url": "javascript:alert(1)",
}


def _page(results, next_url=None) -> bytes:
    return json.dumps({"count": len(results), "total_pages": 1, "results": results,
                       "next_page_url": next_url}).encode()


def _json_route(server, path, body):
    server.add(path, body=body, headers={"Content-Type": "application/json"})


@pytest.fixture
def source(server):
    return SourceFactory(kind=Source.Kind.FEDERAL_REGISTER, url=server.url("/api/v1/documents.json"))


def test_a_rule_becomes_a_regulation_linked_to_the_chip_company_and_country_it_names(server, source):
    _json_route(server, "/api/v1/documents.json", _page([CHIP_RULE]))
    outcome = poll_source(source)
    regulation = Regulation.objects.get(document_number="2031-00101")
    assert outcome.regulations == 1 and not outcome.error
    assert (regulation.kind, regulation.citation, str(regulation.effective_on)) == ("rule", "96 FR 1234", "2031-02-01")
    assert set(regulation.chips.values_list("slug", flat=True)) == {"nvidia-h20"}
    assert set(regulation.companies.values_list("slug", flat=True)) == {"nvidia"}
    assert set(regulation.countries.values_list("code", flat=True)) == {"CN"}


def test_polling_again_adds_nothing_and_keeps_an_editors_changes(server, source):
    _json_route(server, "/api/v1/documents.json", _page([CHIP_RULE]))
    poll_source(source)
    Regulation.objects.filter(document_number="2031-00101").update(title="Edited by an editor")
    source.refresh_from_db()
    source.next_check_at = None
    outcome = poll_source(source)
    assert outcome.regulations == 0
    assert Regulation.objects.get(document_number="2031-00101").title == "Edited by an editor"


def test_the_following_pages_are_read_too(server, source):
    _json_route(server, "/api/v1/documents.json", _page([CHIP_RULE], next_url=server.url("/page2.json")))
    _json_route(server, "/page2.json", _page([NOTICE]))
    assert poll_source(source).regulations == 2
    assert Regulation.objects.get(document_number="2031-00102").kind == "guidance"


def test_a_document_without_a_number_is_refused_and_its_neighbours_kept(server, source):
    _json_route(server, "/api/v1/documents.json", _page([{"title": "No number"}, CHIP_RULE]))
    outcome = poll_source(source)
    assert outcome.regulations == 1
    assert ["document_number" in error.message for error in outcome.errors] == [True]


def test_a_web_address_that_is_not_https_is_not_kept(server, source):
    _json_route(server, "/api/v1/documents.json", _page([NOTICE]))
    poll_source(source)
    assert Regulation.objects.get(document_number="2031-00102").url == ""


@pytest.mark.parametrize(
    ("body", "reason"),
    [(b'{"results": [{"document_number": "2031-', "not the Federal Register's JSON"),
     (b"<html>maintenance</html>", "not the Federal Register's JSON"),
     (b'{"results": "none"}', "no list of results")],
)
def test_a_truncated_or_foreign_page_fails_the_poll_with_the_reason(server, source, body, reason):
    _json_route(server, "/api/v1/documents.json", body)
    outcome = poll_source(source)
    source.refresh_from_db()
    assert reason in outcome.error and reason in source.last_error
    assert source.error_count == 1
    assert not Regulation.objects.filter(document_number__startswith="2031-").exists()


@pytest.mark.parametrize(("field", "value"), [("publication_date", "15/01/2031"), ("publication_date", None),
                                              ("effective_on", "soon")])
def test_a_date_that_is_not_a_date_refuses_the_document(field, value):
    page = read_page(json.dumps({"results": [{**CHIP_RULE, field: value}]}).encode(), name="page")
    assert page.documents == []
    assert field in page.refused[0].message


def test_the_steps_a_rule_implies_are_proposed_for_review_never_confirmed(server, source):
    from exportwatch.ingest import pipeline
    from exportwatch.ingest.models import IngestRun
    from exportwatch.licences.models import StatusChange

    _json_route(server, "/api/v1/documents.json", _page([CHIP_RULE]))
    outcome = poll_source(source)
    run = IngestRun.objects.create(trigger="schedule", target=source.url, source=source)
    stored = pipeline.store_items(outcome.items, run=run, source=source)
    pipeline.process_items_here(stored.new_ids, run=run)
    step = StatusChange.objects.get(chip__slug="nvidia-h20", country__code="CN")
    assert (step.status, step.review_state) == ("requirement_imposed", "unreviewed")
    assert step.evidence.get().news_item.url == CHIP_RULE["html_url"]


def test_a_regulation_from_the_federal_register_shows_on_its_chip_and_country_pages(server, source, client):
    _json_route(server, "/api/v1/documents.json", _page([CHIP_RULE]))
    poll_source(source)
    for url in ("/chips/nvidia-h20/", "/countries/cn/"):
        assert CHIP_RULE["title"] in client.get(url).content.decode()
