"""A screening-list source polled against a local server: its file streams to disk through the guarded client and
is loaded; a 304, a refused file and an oversized one each end as the spec says."""

import pytest

from exportwatch.ingest.models import IngestRun, Source
from exportwatch.ingest.polling import poll_source
from exportwatch.ingest.tasks import poll_source as poll_source_task
from exportwatch.screening.models import ListedEntity, ScreeningLoad
from tests.factories import SourceFactory

from .list_files import CONSOLIDATED_CSV, CONSOLIDATED_JSON

pytestmark = pytest.mark.django_db

PATH = "/downloadable_consolidated_screening_list/v1/consolidated.json"
ETAG = '"csl-2031-03-03"'


def serve(server, body, *, etag=None, content_type="application/json"):
    """Serve `body`; with `etag`, answer 304 to a request that already has it."""

    def answer(handler):
        if etag and handler.headers.get("If-None-Match") == etag:
            handler.send_response(304)
            handler.end_headers()
            return
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        if etag:
            handler.send_header("ETag", etag)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    server.routes[PATH] = answer


@pytest.fixture
def source(server):
    return SourceFactory(kind=Source.Kind.SCREENING_LIST, url=server.url(PATH))


def poll_again(source):
    source.refresh_from_db()
    return poll_source(source)


def test_a_poll_loads_the_file_into_listed_entities(server, source):
    serve(server, CONSOLIDATED_JSON, etag=ETAG)
    outcome = poll_source(source)
    source.refresh_from_db()
    assert not outcome.error and outcome.listing.added == 5
    assert ListedEntity.objects.count() == 5
    assert ScreeningLoad.objects.get().source == source
    assert (source.etag, source.error_count, source.last_error) == (ETAG, 0, "")


def test_a_csv_file_loads_too(server, source):
    serve(server, CONSOLIDATED_CSV, content_type="text/csv")
    assert poll_source(source).listing.added == 3


def test_a_poll_answered_not_modified_loads_nothing(server, source):
    serve(server, CONSOLIDATED_JSON, etag=ETAG)
    poll_source(source)
    outcome = poll_again(source)
    assert outcome.not_modified and outcome.listing is None
    assert ScreeningLoad.objects.count() == 1


def test_polling_an_unchanged_file_again_writes_no_load(server, source):
    serve(server, CONSOLIDATED_JSON)  # no ETag: the file is read and compared again
    poll_source(source)
    outcome = poll_again(source)
    assert not outcome.error and outcome.listing.load is None and outcome.listing.entries == 5
    assert ScreeningLoad.objects.count() == 1


def test_a_truncated_file_fails_the_poll_with_the_reason_and_changes_nothing(server, source):
    serve(server, CONSOLIDATED_JSON)
    poll_source(source)
    serve(server, CONSOLIDATED_JSON[: len(CONSOLIDATED_JSON) // 2])
    outcome = poll_again(source)
    source.refresh_from_db()
    assert "not whole JSON" in outcome.error and "not whole JSON" in source.last_error
    assert source.error_count == 1
    assert ListedEntity.objects.listed().count() == 5
    assert ScreeningLoad.objects.filter(state="failed").count() == 1


def test_the_file_may_be_bigger_than_a_news_page_but_not_than_its_own_cap(server, source, settings):
    serve(server, CONSOLIDATED_JSON)
    settings.FETCH_MAX_BYTES = 1024
    settings.SCREENING_MAX_BYTES = len(CONSOLIDATED_JSON)
    assert poll_source(source).listing.added == 5
    settings.SCREENING_MAX_BYTES = len(CONSOLIDATED_JSON) - 1
    outcome = poll_again(source)
    assert "larger than the" in outcome.error


def test_the_poll_task_keeps_a_refused_file_on_its_run(server, source):
    serve(server, b"<html>maintenance</html>", content_type="text/html")
    poll_source_task(source.pk, trigger="admin")
    run = IngestRun.objects.get(source=source)
    assert run.state == IngestRun.State.FAILED
    assert "could not load the screening list" in run.errors[0]["message"]
