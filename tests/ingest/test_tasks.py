"""Task behaviour around the broker: after commit only, once per beat window, nothing lost when Redis is down."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone

from exportwatch import celery_app
from exportwatch.ingest import pipeline
from exportwatch.ingest.models import IngestRun, NewsItem
from exportwatch.ingest.parsing import ParsedItem
from exportwatch.ingest.tasks import (
    claim_fetch,
    enqueue_processing,
    poll_due_sources,
    poll_source,
    requeue_unfetched_urls,
    sweep_stuck_items,
)
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

STORY = "Nvidia said the U.S. Commerce Department granted it licences to ship H20 chips to China on Tuesday."


@pytest.fixture
def eager(settings):
    """Tasks run in this process, so their effect is visible in this test's transaction."""
    settings.FETCH_ALLOWED_INTERNAL_HOSTS = ["127.0.0.1"]
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def _stored_items(count=2):
    run = IngestRun.objects.create(trigger=IngestRun.Trigger.COMMAND, target="test")
    items = [ParsedItem(url=f"https://news.example/{n}", body=STORY) for n in range(count)]
    return run, pipeline.store_items(items, run=run).new_ids


def test_nothing_is_published_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                run, ids = _stored_items()
                enqueue_processing(ids, run)
                raise RuntimeError("the request failed after queueing")
        except RuntimeError:
            pass
    assert callbacks == [] and not NewsItem.objects.exists()


def test_the_sweep_processes_items_that_were_never_picked_up(eager, django_capture_on_commit_callbacks):
    run, ids = _stored_items()
    NewsItem.objects.update(received_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        swept = sweep_stuck_items()
    assert swept == 2
    assert set(NewsItem.objects.values_list("state", flat=True)) == {"processed"}


def test_the_sweep_retries_a_failed_item_with_attempts_left(eager, django_capture_on_commit_callbacks):
    _stored_items()
    NewsItem.objects.update(received_at=timezone.now() - timedelta(hours=1), state="failed", attempts=1,
                            error="OperationalError: the connection was lost")
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_stuck_items() == 2
    assert set(NewsItem.objects.values_list("state", flat=True)) == {"processed"}


def test_a_run_whose_failed_items_succeed_on_a_retry_ends_succeeded(eager, django_capture_on_commit_callbacks):
    run, ids = _stored_items()
    NewsItem.objects.update(received_at=timezone.now() - timedelta(hours=1), state="failed", attempts=1,
                            error="OperationalError: the connection was lost")
    assert pipeline.finish_run(run).state == IngestRun.State.FAILED
    with django_capture_on_commit_callbacks(execute=True):
        sweep_stuck_items()
    run.refresh_from_db()
    assert (run.state, run.items_failed) == (IngestRun.State.SUCCEEDED, 0)


def test_a_run_with_a_refused_line_and_processed_items_is_partial():
    run, ids = _stored_items()
    pipeline.record_error(run, "line 3", "the line is not valid JSON")
    pipeline.process_items(ids, run=run)
    run = pipeline.finish_run(run)
    assert (run.state, run.items_failed) == (IngestRun.State.PARTIAL, 1)


def test_warnings_alone_do_not_make_a_run_partial():
    run, ids = _stored_items()
    pipeline.record_parse_errors(run, [], [pipeline.ParseError("line 1", "the language 'xx!' is not a tag")])
    pipeline.process_items(ids, run=run)
    assert pipeline.finish_run(run).state == IngestRun.State.SUCCEEDED


def test_the_sweep_fetches_a_url_run_that_was_never_queued(eager, django_capture_on_commit_callbacks):
    run = IngestRun.objects.create(trigger=IngestRun.Trigger.COMMAND, target="http://127.0.0.1:9/news.jsonl")
    IngestRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        sweep_stuck_items()
    run.refresh_from_db()
    assert run.state == IngestRun.State.FAILED  # fetched at last; nothing listens there, and the run says so
    assert "http://127.0.0.1:9/news.jsonl" in run.errors[0]["location"]


def test_the_sweep_leaves_a_url_run_a_worker_is_fetching(eager):
    run = IngestRun.objects.create(trigger=IngestRun.Trigger.COMMAND, target="http://127.0.0.1:9/news.jsonl")
    IngestRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - timedelta(hours=1), fetched_by="task-a",
                                               fetch_started_at=timezone.now())
    assert requeue_unfetched_urls(timezone.now()) == 0


def test_a_url_is_fetched_once_however_often_its_task_is_delivered(eager):
    run = IngestRun.objects.create(trigger=IngestRun.Trigger.COMMAND, target="http://127.0.0.1:9/news.jsonl")
    assert claim_fetch(run.pk, "task-a") and claim_fetch(run.pk, "task-a")  # a retry or redelivery of that task
    assert not claim_fetch(run.pk, "task-b")


def test_the_sweep_settles_a_run_whose_items_were_all_processed_by_a_worker_killed_before_settling(eager):
    run, ids = _stored_items()
    pipeline.process_items(ids, run=run)
    IngestRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - timedelta(hours=1))
    sweep_stuck_items()
    run.refresh_from_db()
    assert run.state == IngestRun.State.SUCCEEDED and run.finished_at


def test_the_sweep_leaves_a_run_with_items_in_work(eager):
    run, _ = _stored_items()
    IngestRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - timedelta(hours=1))
    NewsItem.objects.update(received_at=timezone.now())  # just stored: their own task is coming
    sweep_stuck_items()
    assert IngestRun.objects.get(pk=run.pk).state == IngestRun.State.RUNNING


def test_the_url_task_runs_on_the_fetch_queue(settings):
    assert settings.CELERY_TASK_ROUTES["exportwatch.ingest.tasks.ingest_url"] == {"queue": "fetch"}


def test_the_sweep_leaves_recent_items_to_their_own_task(eager):
    _stored_items()
    assert sweep_stuck_items() == 0


def test_a_second_poll_in_the_same_window_starts_no_second_run(eager):
    source = SourceFactory(url="http://127.0.0.1:9/feed.xml")
    poll_source(source.pk, window_key="source:1:202511291200")
    poll_source(source.pk, window_key="source:1:202511291200")
    assert IngestRun.objects.filter(source=source).count() == 1


def test_the_beat_polls_only_enabled_sources_that_are_due(eager, django_capture_on_commit_callbacks):
    due = SourceFactory(url="http://127.0.0.1:9/due.xml", next_check_at=timezone.now() - timedelta(minutes=1))
    SourceFactory(url="http://127.0.0.1:9/later.xml", next_check_at=timezone.now() + timedelta(hours=1))
    SourceFactory(url="http://127.0.0.1:9/off.xml", enabled=False)
    with django_capture_on_commit_callbacks(execute=True):
        poll_due_sources()
    assert list(IngestRun.objects.values_list("source", flat=True)) == [due.pk]


def test_a_failed_fetch_is_kept_on_the_source_and_the_run(eager):
    source = SourceFactory(url="http://127.0.0.1:9/feed.xml")
    poll_source(source.pk)
    source.refresh_from_db()
    run = IngestRun.objects.get(source=source)
    assert source.error_count == 1 and source.last_error
    assert run.state == IngestRun.State.FAILED and run.errors


def test_no_task_is_scheduled_further_ahead_than_the_broker_keeps_it():
    # A countdown or ETA beyond Redis's visibility timeout makes the message loop; we use neither.
    code = "\n".join(path.read_text() for path in Path("exportwatch").rglob("*.py"))
    assert not re.search(r"\b(countdown|eta)\s*=", code)
