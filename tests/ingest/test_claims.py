"""Claims share items among workers: a live claim is left alone, a run-out one is taken over and costs the
stopped worker's attempt, and a later try of the same task after a transient error costs nothing."""

from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from exportwatch import celery_app
from exportwatch.ingest import claims, pipeline
from exportwatch.ingest.claims import Claimant
from exportwatch.ingest.models import IngestRun, NewsItem
from exportwatch.ingest.parsing import ParsedItem
from exportwatch.ingest.tasks import process_items, sweep_stuck_items

pytestmark = pytest.mark.django_db

STORY = "Nvidia said the U.S. Commerce Department granted it licences to ship H20 chips to China on Tuesday."


@pytest.fixture
def item_id():
    run = IngestRun.objects.create(trigger=IngestRun.Trigger.COMMAND, target="test")
    return pipeline.store_items([ParsedItem(url="https://news.example/1", body=STORY)], run=run).new_ids[0]


def _item(item_id) -> NewsItem:
    return NewsItem.objects.get(pk=item_id)


def test_a_claim_spends_an_attempt_and_names_its_claimant(item_id):
    assert claims.claim([item_id], Claimant("task-a")) == [item_id]
    item = _item(item_id)
    assert (item.attempts, item.claimed_by) == (1, "task-a#0")


def test_an_item_held_by_a_live_claim_is_left_to_its_claimant(item_id):
    claims.claim([item_id], Claimant("task-a"))
    assert claims.claim([item_id], Claimant("task-b")) == []
    assert (_item(item_id).attempts, _item(item_id).claimed_by) == (1, "task-a#0")


def test_a_later_try_of_the_same_task_continues_its_claim_without_spending_an_attempt(item_id):
    claims.claim([item_id], Claimant("task-a"))
    assert claims.claim([item_id], Claimant("task-a", try_number=1)) == [item_id]
    assert (_item(item_id).attempts, _item(item_id).claimed_by) == (1, "task-a#1")


def test_the_same_try_delivered_again_spends_an_attempt_because_its_worker_stopped(item_id):
    claims.claim([item_id], Claimant("task-a"))
    claims.claim([item_id], Claimant("task-a"))
    assert (_item(item_id).attempts, _item(item_id).error) == (2, claims.WORKER_STOPPED)


def test_a_run_out_claim_is_taken_over_and_says_its_worker_stopped(item_id):
    claims.claim([item_id], Claimant("task-a"))
    NewsItem.objects.update(claim_expires_at=timezone.now() - timedelta(seconds=1))
    assert claims.claim([item_id], Claimant("task-b")) == [item_id]
    item = _item(item_id)
    assert (item.attempts, item.claimed_by, item.error) == (2, "task-b#0", claims.WORKER_STOPPED)


def test_an_item_out_of_attempts_is_parked_with_the_reason_of_its_last_attempt(item_id):
    NewsItem.objects.update(state=NewsItem.State.FAILED, attempts=claims.MAX_ATTEMPTS,
                            error="ValueError: the extractor choked")
    assert claims.claim([item_id], Claimant("task-a")) == []
    item = _item(item_id)
    assert item.state == NewsItem.State.PARKED
    assert item.error == "parked after 3 attempts; the last one: ValueError: the extractor choked"
    assert item.claimed_by == ""


def test_a_processed_item_is_released(item_id):
    run = IngestRun.objects.get()
    pipeline.process_items([item_id], run=run)
    item = _item(item_id)
    assert (item.state, item.claimed_by, item.claim_expires_at) == (NewsItem.State.PROCESSED, "", None)


@pytest.fixture
def eager():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def test_a_deadlock_is_retried_by_the_task_without_spending_an_attempt(item_id, eager, monkeypatch):
    real_extract, calls = pipeline._extract, []

    def deadlocked_once(item, catalogue):
        calls.append(item.pk)
        if len(calls) == 1:
            raise OperationalError("deadlock detected")
        return real_extract(item, catalogue)

    monkeypatch.setattr(pipeline, "_extract", deadlocked_once)
    process_items.apply(args=[[item_id]], kwargs={"run_id": IngestRun.objects.get().pk}, throw=False)
    item = _item(item_id)
    assert (item.state, item.attempts, len(calls)) == (NewsItem.State.PROCESSED, 1, 2)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the connection really drops: no test transaction
def test_a_dropped_connection_in_the_command_is_retried_without_spending_an_attempt(item_id, monkeypatch):
    real_extract, calls = pipeline._extract, []

    def dropped_once(item, catalogue):
        calls.append(item.pk)
        if len(calls) == 1:
            with connection.cursor() as cursor:  # the server ends this session, as a failover or restart would
                cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
        return real_extract(item, catalogue)

    monkeypatch.setattr(pipeline, "_extract", dropped_once)
    pipeline.process_items_here([item_id], run=IngestRun.objects.get())
    assert (_item(item_id).state, _item(item_id).attempts, len(calls)) == (NewsItem.State.PROCESSED, 1, 2)


def test_the_sweep_leaves_an_item_whose_claim_still_holds(item_id, eager):
    claims.claim([item_id], Claimant("task-a"))
    NewsItem.objects.update(received_at=timezone.now() - timedelta(hours=1))
    assert sweep_stuck_items() == 0


def test_the_sweep_hands_an_item_whose_claim_ran_out_to_another_task(item_id, eager,
                                                                      django_capture_on_commit_callbacks):
    claims.claim([item_id], Claimant("task-a"))
    NewsItem.objects.update(claim_expires_at=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_stuck_items() == 1
    item = _item(item_id)
    assert (item.state, item.attempts) == (NewsItem.State.PROCESSED, 2)
