"""Ingestion through real Celery workers, the real Redis and the real PostgreSQL.

These tests commit their data (the worker is another process), so they use transactional databases
with serialized rollback, which restores the reference catalogue afterwards.
"""

import json
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from exportwatch.catalog.models import Regulation
from exportwatch.ingest.models import IngestRun, NewsItem, Source
from exportwatch.ingest.tasks import poll_source
from exportwatch.licences.models import Evidence, StatusChange
from tests.ingest.worker import ROOT, Worker, wait_until, worker_environment

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True),
              pytest.mark.usefixtures("empty_queues")]

STORY = (
    "Nvidia said on Tuesday that the U.S. Commerce Department had granted it licences to ship its H20 chips "
    "to China, clearing the way for sales to resume."
)


@pytest.fixture
def worker(tmp_path):
    started = Worker.start(tmp_path / "worker.log", FETCH_ALLOWED_INTERNAL_HOSTS="127.0.0.1")
    yield started
    started.stop()


def _feed(count: int) -> bytes:
    entries = "".join(
        f"<item><title>H20 licences granted, report {n}</title><link>https://news.example/h20-{n}</link>"
        f"<guid>h20-{n}</guid><pubDate>Wed, 13 Aug 2025 10:00:00 GMT</pubDate>"
        f"<description>{STORY}</description></item>"
        for n in range(count)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Chip wire</title>'
        f"<link>https://news.example/</link><description>test</description>{entries}</channel></rss>"
    ).encode()


class FeedServer:
    """A local feed that answers 304 when the client sends back its ETag."""

    etag = '"feed-v1"'

    def __init__(self, body: bytes):
        self.requests: list[dict] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(dict(self.headers))
                if self.headers.get("If-None-Match") == server.etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                self.send_header("ETag", server.etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/feed.xml"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()


@pytest.fixture
def feed_server():
    server = FeedServer(_feed(3))
    yield server
    server.close()


def _all_processed():
    return NewsItem.objects.exists() and not NewsItem.objects.exclude(state=NewsItem.State.PROCESSED).exists()


def test_a_worker_polls_a_feed_and_gets_304_the_second_time(worker, feed_server):
    source = Source.objects.create(name="Chip wire", url=feed_server.url, kind=Source.Kind.FEED)
    poll_source.delay(source.pk)
    wait_until(_all_processed, message="items processed")
    assert NewsItem.objects.count() == 3
    assert StatusChange.objects.filter(chip__slug="nvidia-h20", country__code="CN", status="granted").count() == 1
    assert Evidence.objects.count() == 3

    poll_source.delay(source.pk, trigger="admin")
    wait_until(lambda: IngestRun.objects.filter(trigger="admin").exclude(finished_at=None).exists(),
               message="second run finished")
    assert feed_server.requests[-1].get("If-None-Match") == FeedServer.etag
    assert NewsItem.objects.count() == 3
    assert IngestRun.objects.get(trigger="admin").items_new == 0


def test_a_worker_polls_the_federal_register_into_regulations_once(worker, server):
    document = {
        "document_number": "2031-00201", "type": "Rule", "citation": "96 FR 2001",
        "title": "Licence requirements for exports of the Nvidia H20 to China",
        "abstract": "Exports of the H20 to China need a licence.", "publication_date": "2031-03-02",
        "html_url": "https://www.federalregister.gov/documents/2031/03/02/2031-00201/h20",
    }
    page = json.dumps({"count": 1, "results": [document], "next_page_url": None}).encode()
    server.add("/api/v1/documents.json", body=page, headers={"Content-Type": "application/json"})
    source = Source.objects.create(name="Federal Register", url=server.url("/api/v1/documents.json"),
                                   kind=Source.Kind.FEDERAL_REGISTER)

    for trigger in ("schedule", "admin"):
        poll_source.delay(source.pk, trigger=trigger)
        wait_until(lambda trigger=trigger: IngestRun.objects.filter(trigger=trigger).exclude(finished_at=None).exists(),
                   message=f"{trigger} poll finished")

    regulation = Regulation.objects.get(document_number="2031-00201")
    assert regulation.citation == "96 FR 2001"
    assert list(regulation.chips.values_list("slug", flat=True)) == ["nvidia-h20"]


def _jsonl(tmp_path, count: int, name: str = "items.jsonl"):
    path = tmp_path / name
    lines = (
        json.dumps({"url": f"https://news.example/story-{n}", "title": f"Licences for H20, copy {n}",
                    "published": "2025-08-13T10:00:00Z", "body": STORY, "source": "Wire"})
        for n in range(count)
    )
    path.write_text("\n".join(lines) + "\n")
    return path


def _ingest_in_subprocess(*args, **env):
    return subprocess.Popen(
        [sys.executable, "manage.py", "ingest", "--no-progress", *args], cwd=ROOT, env=worker_environment(**env),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _rows():
    return (NewsItem.objects.count(), StatusChange.objects.count(), Evidence.objects.count())


def test_two_processes_ingesting_one_file_at_once_give_one_result(tmp_path):
    path = _jsonl(tmp_path, 40)
    first, second = _ingest_in_subprocess(str(path)), _ingest_in_subprocess(str(path))
    for process in (first, second):
        _, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr
    assert _rows() == (40, 1, 40)
    assert _all_processed()


def test_a_killed_workers_items_are_back_in_work_within_a_minute(tmp_path):
    path = _jsonl(tmp_path, 300)
    queued = _ingest_in_subprocess("--async", str(path))
    queued.communicate(timeout=300)
    assert NewsItem.objects.count() == 300  # stored before any processing

    doomed = Worker.start(tmp_path / "doomed.log")
    wait_until(lambda: NewsItem.objects.filter(state=NewsItem.State.PROCESSED).exists(), message="some progress")
    doomed.kill()
    killed_at = time.monotonic()
    assert not _all_processed(), "the worker finished before it could be killed; make the batch larger"

    survivor = Worker.start(tmp_path / "survivor.log", beat=True)  # nobody sweeps by hand: the schedule does
    try:
        wait_until(_all_processed, timeout=60 - (time.monotonic() - killed_at), message="all items processed")
    finally:
        survivor.stop()
    assert _rows() == (300, 1, 300)
    assert not NewsItem.objects.exclude(attempts__lte=2).exists()  # at most the killed try and this one


def test_queueing_while_redis_is_down_stores_everything_for_the_sweep(tmp_path):
    path = _jsonl(tmp_path, 5)
    queued = _ingest_in_subprocess("--async", str(path), REDIS_URL="redis://127.0.0.1:9/0")  # nothing listens
    stdout, stderr = queued.communicate(timeout=120)
    assert queued.returncode == 0, stderr
    assert "stored 5 new items, but the broker is unreachable" in stdout  # it says what really happened
    assert set(NewsItem.objects.values_list("state", flat=True)) == {"pending"}
    assert NewsItem.objects.count() == 5


def test_a_url_queued_while_redis_is_down_is_kept_and_said_so(tmp_path):
    queued = _ingest_in_subprocess("--async", "https://news.example/a-page", REDIS_URL="redis://127.0.0.1:9/0")
    stdout, stderr = queued.communicate(timeout=120)
    assert queued.returncode == 0, stderr
    assert "nothing is queued yet" in stdout
    run = IngestRun.objects.get()
    assert (run.target, run.state) == ("https://news.example/a-page", IngestRun.State.RUNNING)


TRACKS = [("Nvidia", "H20", "China"), ("AMD", "MI308", "China"), ("Nvidia", "H100", "the United Arab Emirates")]
EVENTS = [
    "The Commerce Department granted {company} licences on {day} to ship the {chip} to {country}.",
    "{company} said exports of the {chip} to {country} now require a licence, a rule it learned of on {day}.",
    "{company} applied on {day} for licences to sell the {chip} in {country}.",
]


def _dense_jsonl(tmp_path, count: int, name: str, reverse: bool = False):
    """Items that each report several steps on a few shared tracks, as a topic feed does."""
    lines = []
    for n in range(count):
        sentences = [EVENTS[(n + k) % len(EVENTS)].format(
            company=TRACKS[(n + k) % 3][0], chip=TRACKS[(n + k) % 3][1], country=TRACKS[(n + k) % 3][2],
            day=f"August {1 + (n + k) % 9}") for k in range(3)]
        lines.append(json.dumps({"url": f"https://news.example/dense-{n}", "title": f"Licence news {n}",
                                 "published": "2025-08-20T10:00:00Z", "body": " ".join(sentences)}))
    path = tmp_path / name
    path.write_text("\n".join(reversed(lines) if reverse else lines) + "\n")
    return path


def _clean_slate():
    """Drop what the run wrote (the append-only tables refuse DELETE, not TRUNCATE) for a serial rerun."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE licences_evidence, licences_statuschange, licences_licenceapplication, "
                       "ingest_chipcandidate, ingest_newsitem, ingest_ingestrun CASCADE")


def _serial_result(tmp_path, path):
    _clean_slate()
    process = _ingest_in_subprocess(str(path))
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr
    return _rows()


def test_two_commands_on_one_file_in_opposite_orders_neither_deadlock_nor_differ(tmp_path):
    forward, backward = _dense_jsonl(tmp_path, 150, "forward.jsonl"), _dense_jsonl(tmp_path, 150, "backward.jsonl",
                                                                                 reverse=True)
    first, second = _ingest_in_subprocess(str(forward)), _ingest_in_subprocess(str(backward))
    for process in (first, second):
        _, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr
    assert _all_processed()
    concurrent = _rows()
    assert concurrent == _serial_result(tmp_path, forward)


def test_a_worker_with_two_processes_on_shared_tracks_loses_nothing(tmp_path):
    path = _dense_jsonl(tmp_path, 400, "dense.jsonl")
    queued = _ingest_in_subprocess("--async", str(path))
    queued.communicate(timeout=300)
    busy = Worker.start(tmp_path / "busy.log", concurrency=2)
    try:
        wait_until(_all_processed, timeout=240, message="all items processed by two processes")
    finally:
        busy.stop()
    assert not NewsItem.objects.filter(state__in=[NewsItem.State.FAILED, NewsItem.State.PARKED]).exists()
    assert "deadlock" not in busy.log.read_text(errors="replace").lower()
    assert _rows() == _serial_result(tmp_path, path)
