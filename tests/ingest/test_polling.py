"""Polling a Source against a real local server: schedule, caching headers, errors, backoff and disabling."""

import random
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from exportwatch.ingest.models import NewsItem, Source
from exportwatch.ingest.polling import MAX_BACKOFF, backoff_delay, poll_source, sources_due
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

ATOM = (Path(__file__).parent.parent / "fixtures" / "feeds" / "atom.xml").read_bytes()
HOUR = timedelta(hours=1)


def serve_with_etag(server, path, etag, body):
    """Answer 304 to a request that already has `etag`, else the body with that ETag."""

    def answer(handler):
        if handler.headers.get("If-None-Match") == etag:
            handler.send_response(304)
            handler.send_header("ETag", etag)
            handler.end_headers()
            return
        handler.send_response(200)
        handler.send_header("Content-Type", "application/atom+xml; charset=utf-8")
        handler.send_header("ETag", etag)
        handler.send_header("Last-Modified", "Tue, 15 Jul 2025 10:00:00 GMT")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    server.routes[path] = answer


def test_it_returns_the_feeds_items_and_schedules_the_next_check(server):
    server.add("/feed", body=ATOM, headers={"ETag": '"v1"', "Content-Type": "application/atom+xml"})
    source = SourceFactory(url=server.url("/feed"), interval_minutes=30, last_error="old", error_count=2)
    now = timezone.now()

    outcome = poll_source(source, now=now)

    assert [item.url for item in outcome.items] == ["https://chippolicy.example/2025/07/15/h20"]
    assert outcome.error == ""
    source.refresh_from_db()
    assert source.last_checked_at == now
    assert source.next_check_at == now + timedelta(minutes=30)
    assert source.etag == '"v1"'
    assert (source.error_count, source.last_error) == (0, "")


def test_it_stores_no_news_items_itself(server):
    server.add("/feed", body=ATOM)
    source = SourceFactory(url=server.url("/feed"))

    poll_source(source)

    assert NewsItem.objects.count() == 0


def test_it_sends_the_stored_validators_and_keeps_them_on_304(server):
    serve_with_etag(server, "/feed", '"v1"', ATOM)
    source = SourceFactory(url=server.url("/feed"))
    poll_source(source)
    later = timezone.now() + HOUR

    outcome = poll_source(source, now=later)

    assert outcome.not_modified is True
    assert outcome.items == []
    sent = server.requests[1][1]
    assert sent["If-None-Match"] == '"v1"'
    assert sent["If-Modified-Since"] == "Tue, 15 Jul 2025 10:00:00 GMT"
    source.refresh_from_db()
    assert source.etag == '"v1"'
    assert source.last_modified == "Tue, 15 Jul 2025 10:00:00 GMT"
    assert source.last_checked_at == later


def test_it_waits_at_least_as_long_as_retry_after_asks(server):
    server.add("/feed", status=429, headers={"Retry-After": "3600"})
    source = SourceFactory(url=server.url("/feed"), interval_minutes=5)
    now = timezone.now()

    outcome = poll_source(source, now=now)

    assert "429" in outcome.error
    source.refresh_from_db()
    assert source.next_check_at >= now + HOUR
    assert source.error_count == 1
    assert source.enabled is True


def test_it_disables_a_source_that_answers_410(server):
    server.add("/feed", status=410)
    source = SourceFactory(url=server.url("/feed"))

    poll_source(source)

    source.refresh_from_db()
    assert source.enabled is False
    assert "410 Gone" in source.disabled_reason


@pytest.mark.parametrize("status", [301, 308])
def test_it_stores_the_new_url_after_a_permanent_redirect(server, status):
    server.add_redirect("/old-feed", status, "/new-feed")
    server.add("/new-feed", body=ATOM)
    source = SourceFactory(url=server.url("/old-feed"))

    poll_source(source)

    source.refresh_from_db()
    assert source.url == server.url("/new-feed")


@pytest.mark.parametrize("status", [302, 307])
def test_it_keeps_the_url_after_a_temporary_redirect(server, status):
    server.add_redirect("/feed", status, "/todays-feed")
    server.add("/todays-feed", body=ATOM)
    source = SourceFactory(url=server.url("/feed"))

    outcome = poll_source(source)

    assert len(outcome.items) == 1
    source.refresh_from_db()
    assert source.url == server.url("/feed")


def test_it_keeps_the_url_when_another_source_already_has_the_new_one(server):
    server.add_redirect("/old-feed", 301, "/new-feed")
    server.add("/new-feed", body=ATOM)
    SourceFactory(url=server.url("/new-feed"))
    source = SourceFactory(url=server.url("/old-feed"))

    outcome = poll_source(source)

    assert len(outcome.items) == 1
    source.refresh_from_db()
    assert source.url == server.url("/old-feed")


def test_it_backs_off_further_after_each_consecutive_failure(server):
    server.add("/feed", status=500)
    source = SourceFactory(url=server.url("/feed"), interval_minutes=60)
    now = timezone.now()

    delays = []
    for _ in range(5):
        poll_source(source, now=now)
        delays.append(source.next_check_at - now)

    assert delays == sorted(delays) and len(set(delays)) == 5
    source.refresh_from_db()
    assert source.error_count == 5
    assert "answered 500" in source.last_error


def test_it_resets_the_error_count_after_a_success(server):
    server.add("/feed", status=503)
    source = SourceFactory(url=server.url("/feed"))
    poll_source(source)
    poll_source(source)
    server.add("/feed", body=ATOM)
    now = timezone.now()

    poll_source(source, now=now)

    source.refresh_from_db()
    assert (source.error_count, source.last_error) == (0, "")
    assert source.next_check_at == now + timedelta(minutes=source.interval_minutes)


def test_it_disables_a_source_after_ten_failures_in_a_row(server):
    server.add("/feed", status=502)
    source = SourceFactory(url=server.url("/feed"))

    for _ in range(9):
        poll_source(source)
    assert source.enabled is True
    poll_source(source)

    source.refresh_from_db()
    assert source.enabled is False
    assert source.disabled_reason.startswith("Disabled after 10 failed fetches in a row")


def test_it_records_an_unreadable_body_as_a_failure(server):
    server.add("/feed", body=b"%PDF-1.7 not a feed", headers={"ETag": '"pdf"'})
    source = SourceFactory(url=server.url("/feed"))

    outcome = poll_source(source)

    assert "a PDF document" in outcome.error
    assert outcome.errors
    source.refresh_from_db()
    assert source.error_count == 1
    assert source.etag == ""  # so the next poll reads the body again instead of getting a 304


def test_it_records_a_refused_address_without_connecting(settings):
    settings.FETCH_ALLOWED_INTERNAL_HOSTS = []
    source = SourceFactory(url="http://169.254.169.254/latest/meta-data/")

    outcome = poll_source(source)

    assert "not a public address" in outcome.error
    source.refresh_from_db()
    assert source.last_error == outcome.error


def test_it_grows_the_backoff_delay_exponentially_within_its_jitter():
    interval = timedelta(minutes=60)

    for failures in range(1, 7):
        delay = backoff_delay(failures, interval)
        assert interval * 2**failures * 0.8 <= delay <= interval * 2**failures * 1.2


def test_it_caps_the_backoff_delay_at_a_week():
    assert backoff_delay(50, timedelta(minutes=60)) == MAX_BACKOFF


def test_it_spreads_the_delays_of_sources_that_failed_together():
    rng = random.Random(7)

    delays = {backoff_delay(3, timedelta(minutes=60), rng=rng) for _ in range(20)}

    assert len(delays) > 1


def test_it_lists_the_sources_that_are_due():
    now = timezone.now()
    never_checked = SourceFactory(next_check_at=None)
    due = SourceFactory(next_check_at=now - HOUR)
    SourceFactory(next_check_at=now + HOUR)
    SourceFactory(next_check_at=now - HOUR, enabled=False)

    assert list(sources_due(now)) == [never_checked, due]


def test_it_only_changes_the_source_it_polls(server):
    server.add("/feed", status=500)
    source = SourceFactory(url=server.url("/feed"))
    other = SourceFactory()

    poll_source(source)

    assert Source.objects.get(pk=other.pk).error_count == 0
