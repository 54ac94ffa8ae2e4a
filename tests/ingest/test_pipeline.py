"""The pipeline stores every item first, recognises copies, keeps every error, and never doubles a row."""

import io
import json
from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from exportwatch.ingest import claims, pipeline
from exportwatch.ingest.models import ChipCandidate, IngestRun, NewsItem
from exportwatch.ingest.parsing import ParsedItem
from exportwatch.licences.models import Evidence, StatusChange

pytestmark = pytest.mark.django_db

GRANT = ("Nvidia said on Tuesday that the U.S. Commerce Department had granted it licences to ship "
         "its H20 chips to China.")
PUBLISHED = datetime(2025, 8, 13, 10, tzinfo=UTC)


def _run(target="test"):
    return IngestRun.objects.create(trigger=IngestRun.Trigger.COMMAND, target=target)


def _item(url="https://news.example/h20-granted", body=GRANT, title="Chip export news", **fields):
    return ParsedItem(url=url, title=title, published=PUBLISHED, body=body, **fields)


def _store_and_process(items, run=None):
    run = run or _run()
    stored = pipeline.store_items(items, run=run)
    pipeline.process_items(stored.new_ids, run=run)
    return pipeline.finish_run(run)


def test_an_item_is_stored_before_it_is_processed():
    run = _run()
    stored = pipeline.store_items([_item()], run=run)
    item = NewsItem.objects.get(pk=stored.new_ids[0])
    assert item.state == NewsItem.State.PENDING and not Evidence.objects.exists()


def test_processing_records_the_reported_step_with_its_sentence():
    _store_and_process([_item()])
    change = StatusChange.objects.get()
    assert (change.company.name, change.chip.name, change.country.code, change.status) == (
        "Nvidia", "H20", "CN", "granted")
    assert "granted it licences" in change.evidence.get().sentence


def test_the_same_url_with_tracking_parameters_is_a_duplicate():
    run = _store_and_process([_item(), _item(url="https://www.news.example/h20-granted/?utm_source=x#top")])
    assert (NewsItem.objects.count(), run.items_new, run.items_duplicate) == (1, 1, 1)


def test_the_same_text_under_another_url_is_a_recognised_copy_that_adds_evidence():
    _store_and_process([_item()])
    _store_and_process([_item(url="https://syndicated.example/wire/h20")])
    original, copy = NewsItem.objects.order_by("id")
    assert copy.duplicate_of == original
    assert StatusChange.objects.count() == 1 and Evidence.objects.count() == 2


def test_ingesting_the_same_items_again_changes_nothing():
    _store_and_process([_item()])
    before = (NewsItem.objects.count(), StatusChange.objects.count(), Evidence.objects.count())
    run = _store_and_process([_item()])
    assert (NewsItem.objects.count(), StatusChange.objects.count(), Evidence.objects.count()) == before
    assert run.items_duplicate == 1 and run.state == IngestRun.State.SUCCEEDED


def test_processing_an_item_twice_records_nothing_new():
    run = _run()
    stored = pipeline.store_items([_item()], run=run)
    pipeline.process_items(stored.new_ids, run=run)
    NewsItem.objects.update(state=NewsItem.State.PENDING)
    second = pipeline.process_items(stored.new_ids, run=run)
    assert second.events_recorded == 0 and Evidence.objects.count() == 1


def test_a_hedged_report_records_no_step():
    _store_and_process([_item(body="Nvidia may seek licences to ship its H20 chips to China, people said.")])
    assert not StatusChange.objects.exists()
    assert NewsItem.objects.get().state == NewsItem.State.PROCESSED


def test_an_item_that_fails_keeps_its_error_and_can_be_retried(monkeypatch):
    run = _run()
    stored = pipeline.store_items([_item()], run=run)

    def broken(*args, **kwargs):
        raise RuntimeError("extractor exploded")

    monkeypatch.setattr(pipeline, "extract", broken)
    result = pipeline.process_items(stored.new_ids, run=run)
    item = NewsItem.objects.get()
    assert result.failed == 1 and item.state == NewsItem.State.FAILED and "extractor exploded" in item.error

    monkeypatch.undo()
    pipeline.process_items(stored.new_ids, run=run)
    assert NewsItem.objects.get().state == NewsItem.State.PROCESSED


def test_an_item_that_keeps_failing_is_parked_not_retried_forever():
    run = _run()
    stored = pipeline.store_items([_item()], run=run)
    NewsItem.objects.update(attempts=claims.MAX_ATTEMPTS)
    pipeline.process_items(stored.new_ids, run=run)
    item = NewsItem.objects.get()
    assert item.state == NewsItem.State.PARKED and "parked" in item.error


def test_an_editor_retry_gives_a_parked_item_a_fresh_start():
    run = _run()
    stored = pipeline.store_items([_item()], run=run)
    NewsItem.objects.update(state=NewsItem.State.PARKED, attempts=claims.MAX_ATTEMPTS)
    pipeline.requeue(stored.new_ids)
    pipeline.process_items(stored.new_ids, run=run)
    assert NewsItem.objects.get().state == NewsItem.State.PROCESSED


def test_an_unknown_chip_next_to_a_vendor_waits_for_an_editor():
    body = "The U.S. granted licences to ship the Nvidia B40 to China on Tuesday, the company said."
    _store_and_process([_item(body=body)])
    candidate = ChipCandidate.objects.get()
    assert (candidate.vendor.name, candidate.name, candidate.state) == ("Nvidia", "B40", "new")


class TestRefusedInput:
    """Each refused input leaves a clear error on its run, with the input kept for an editor."""

    def _ingest(self, path):
        call_command("ingest", str(path), "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())
        return IngestRun.objects.get()

    def test_an_internal_address_is_refused_at_fetch(self):
        run = self._ingest("http://127.0.0.1:6379/")
        assert run.state == IngestRun.State.FAILED
        assert "127.0.0.1" in run.errors[0]["message"]

    def test_a_feed_that_declares_entities_is_refused_before_parsing(self, tmp_path):
        path = tmp_path / "laughs.xml"
        path.write_text('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaa">]><rss><channel>&a;</channel></rss>')
        run = self._ingest(path)
        assert "entit" in run.errors[0]["message"].lower() and not NewsItem.objects.exists()

    def test_binary_data_is_refused(self, tmp_path):
        path = tmp_path / "image.png"
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
        run = self._ingest(path)
        assert run.state == IngestRun.State.FAILED and run.errors

    def test_invalid_json_lines_are_reported_by_line_while_good_lines_are_kept(self, tmp_path):
        good = json.dumps({"url": "https://news.example/ok", "title": "ok", "body": GRANT})
        path = tmp_path / "mixed.jsonl"
        path.write_text(f'{good}\n{{"url": broken json\n{{"title": "no url"}}\n')
        run = self._ingest(path)
        assert NewsItem.objects.count() == 1 and run.state == IngestRun.State.PARTIAL
        locations = [error["location"] for error in run.errors]
        assert locations == ["line 2", "line 3"]
        assert '{"url": broken json' in run.errors[0]["input"]

    def test_a_missing_file_is_a_clear_error(self, tmp_path):
        run = self._ingest(tmp_path / "nope.jsonl")
        assert "no such file" in run.errors[0]["message"]

    def test_an_oversized_download_is_refused(self, settings, tmp_path):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        class Huge(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"x" * 200_000)

            def log_message(self, *args):
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Huge)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        settings.FETCH_ALLOWED_INTERNAL_HOSTS = ["127.0.0.1"]
        settings.FETCH_MAX_BYTES = 50_000
        try:
            run = self._ingest(f"http://127.0.0.1:{server.server_port}/big.txt")
        finally:
            server.shutdown()
        assert run.state == IngestRun.State.FAILED and not NewsItem.objects.exists()
        assert "50000" in run.errors[0]["message"].replace(",", "") or "large" in run.errors[0]["message"]


def test_a_batch_that_runs_out_of_time_is_rolled_back_and_left_pending(monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    run = _run()
    stored = pipeline.store_items([_item(), _item(url="https://news.example/second")], run=run)

    def out_of_time(*args, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(pipeline, "extract", out_of_time)
    with pytest.raises(SoftTimeLimitExceeded):
        pipeline.process_items(stored.new_ids, run=run)
    assert set(NewsItem.objects.values_list("state", flat=True)) == {"pending"}
