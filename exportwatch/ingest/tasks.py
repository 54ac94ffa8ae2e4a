"""Thin Celery tasks: they take ids and plain values (JSON only) and call the pipeline's functions.

Every task is idempotent through database constraints, item states and claims, so a redelivery after a killed
worker, a retry or a second beat changes nothing. Transient database errors (deadlocks, dropped connections) are
retried soon, with jitter, as the same task's next try, which spends no attempt (claims.py).
"""

import logging
from datetime import timedelta

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from exportwatch import celery_app

from . import claims, pipeline
from .models import IngestRun, NewsItem, Source
from .polling import poll_source as fetch_source_items

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
# A stored item or URL run nobody has claimed is waiting for its message; once the queue is empty and it is still
# waiting after this long, its message was lost (Redis restarted empty, or was down when the work was stored).
UNCLAIMED_PATIENCE = timedelta(seconds=20)
# Retries come within seconds: an outage of the database rides on them, and a retry lands while its claim holds.
RETRYING = {
    "autoretry_for": pipeline.TRANSIENT_ERRORS,
    "retry_backoff": 1,
    "retry_backoff_max": 10,
    "retry_jitter": True,
    "max_retries": 30,
}
# A batch of 100 realistic items takes under a second; the hard limit ends a stuck one well inside its claim.
PROCESSING_LIMITS = {"soft_time_limit": settings.INGEST_CLAIM_SECONDS - 8,
                     "time_limit": settings.INGEST_CLAIM_SECONDS - 4}


def _user(user_id):
    return get_user_model().objects.filter(pk=user_id).first() if user_id else None


def _start_run(trigger: str, target: str, *, user_id=None, source=None, window_key=None) -> IngestRun:
    return IngestRun.objects.create(
        trigger=trigger, target=target, started_by=_user(user_id), source=source, window_key=window_key
    )


def enqueue(task, *args, **kwargs) -> None:
    """Publish `task` once the current transaction commits (at once outside one).

    An unreachable broker is logged, not raised: nothing is lost, because the database is the outbox: stored
    items stay pending and a URL run stays unfetched for the sweep, and a due source stays due for the next beat.
    """

    def publish():
        task.apply_async(args, kwargs)

    transaction.on_commit(publish, robust=True)


def publish_now(task, *args, **kwargs) -> bool:
    """Publish `task` at once, outside any transaction; False when the broker could not be reached (logged),
    so a command can say what really happened."""
    try:
        task.apply_async(args, kwargs)
    except Exception:  # kombu raises its own errors for an unreachable broker; the sweep takes over
        logger.warning("could not queue %s: the broker is unreachable; the sweep will", task.name, exc_info=True)
        return False
    return True


def enqueue_processing(item_ids: list[int], run: IngestRun) -> None:
    for start in range(0, len(item_ids), BATCH_SIZE):
        enqueue(process_items, item_ids[start : start + BATCH_SIZE], run_id=run.pk)


def publish_processing(item_ids: list[int], run: IngestRun) -> bool:
    """Queue the items' processing now; False when any batch could not be queued (those wait for the sweep)."""
    return all([publish_now(process_items, item_ids[start:start + BATCH_SIZE], run_id=run.pk)
                for start in range(0, len(item_ids), BATCH_SIZE)])


def _finish_if_done(run: IngestRun) -> None:
    """Settle the run once none of its items is still in work (pending, or failed with a retry to come)."""
    if not NewsItem.objects.filter(ingest_run=run, state__in=claims.OPEN_STATES).exists():
        pipeline.finish_run(run)


@shared_task(bind=True, **RETRYING, **PROCESSING_LIMITS)
def process_items(self, item_ids: list[int], run_id: int | None = None, trigger: str = "sweep",
                  user_id: int | None = None):
    """Extract and record events for these items (an admin retry first gives failed items a fresh start)."""
    if trigger == IngestRun.Trigger.ADMIN and not self.request.retries:
        pipeline.requeue(item_ids)
    run = IngestRun.objects.filter(pk=run_id).first() or _start_run(
        trigger, f"{len(item_ids)} stored items", user_id=user_id
    )
    claimant = claims.Claimant(self.request.id or "eager", self.request.retries)
    try:
        result = pipeline.process_items(item_ids, run=run, claimant=claimant)
    except SoftTimeLimitExceeded:
        pipeline.give_up(item_ids, claimant, f"processing took longer than {PROCESSING_LIMITS['soft_time_limit']} s")
        raise
    _finish_if_done(run)
    return {"processed": result.processed, "failed": result.failed, "events": result.events_recorded}


@shared_task(bind=True, **RETRYING)
def ingest_url(self, url: str, run_id: int):
    """Fetch one URL (feed, page or file) in a worker, store its items, then queue their processing."""
    if not claim_fetch(run_id, self.request.id or "eager"):
        return  # fetched already, or another worker is fetching it
    run = IngestRun.objects.get(pk=run_id)
    stored = pipeline.store_target(url, run=run)
    enqueue_processing(stored.new_ids, run)
    if not stored.new_ids:
        pipeline.finish_run(run)


def claim_fetch(run_id: int, task_id: str) -> bool:
    """Whether this task may fetch the run's URL: nobody has started, this task started before a transient error
    or its worker was killed, or whoever started is long past its time limit."""
    now = timezone.now()
    free = Q(fetched_by="") | Q(fetched_by=task_id) | Q(
        fetch_started_at__lt=now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT))
    return IngestRun.objects.filter(free, pk=run_id, state=IngestRun.State.RUNNING).update(
        fetched_by=task_id, fetch_started_at=now) == 1


@shared_task(**RETRYING)
def poll_source(source_id: int, trigger: str = "schedule", user_id: int | None = None, window_key: str | None = None):
    """Fetch a source with conditional GET, store what is new and queue its processing."""
    source = Source.objects.filter(pk=source_id).first()
    if source is None:
        return
    try:
        with transaction.atomic():
            run = _start_run(trigger, source.url, user_id=user_id, source=source, window_key=window_key)
    except IntegrityError:  # this window's run exists: a second beat or a redelivery
        return
    outcome = fetch_source_items(source)
    if outcome.error:
        pipeline.record_error(run, source.url, outcome.error)
    pipeline.record_parse_errors(run, outcome.errors, outcome.warnings)
    stored = pipeline.store_items(outcome.items, run=run, source=source)
    enqueue_processing(stored.new_ids, run)
    if not stored.new_ids:
        pipeline.finish_run(run)


@shared_task(expires=55)
def poll_due_sources():
    """Beat: queue each enabled source whose next check is due, once per source and minute window."""
    now = timezone.now()
    due = Source.objects.filter(enabled=True).exclude(next_check_at__gt=now).values_list("id", flat=True)
    window = now.strftime("%Y%m%d%H%M")
    for source_id in due:
        enqueue(poll_source, source_id, trigger="schedule", window_key=f"source:{source_id}:{window}")


@shared_task(expires=settings.INGEST_SWEEP_SECONDS - 1)
def sweep_stuck_items(unclaimed_patience_seconds: float = UNCLAIMED_PATIENCE.total_seconds()) -> int:
    """Beat: put items back in work that nothing is working on: failed ones with attempts left, those whose
    worker stopped (their claim ran out), and, once the queue is empty, those whose message was lost. Items tried
    before go one per task, so one that keeps failing cannot take a batch down with it."""
    now = timezone.now()
    stopped = Q(state=NewsItem.State.PENDING, claim_expires_at__lt=now)
    stuck = Q(state=NewsItem.State.FAILED) | stopped
    if _queue_is_empty("extract"):
        cutoff = now - timedelta(seconds=unclaimed_patience_seconds)
        stuck |= Q(state=NewsItem.State.PENDING, claimed_by="", received_at__lt=cutoff)
    rows = list(NewsItem.objects.filter(stuck).order_by("id").values_list("id", "ingest_run_id", "attempts")[:10_000])
    never_tried: dict = {}
    for item_id, run_id, attempts in rows:
        if attempts:
            enqueue(process_items, [item_id], run_id=run_id, trigger=IngestRun.Trigger.SWEEP)
        else:
            never_tried.setdefault(run_id, []).append(item_id)
    # Each item goes back to work under its own run, which is settled again when they are done.
    for run_id, item_ids in never_tried.items():
        for start in range(0, len(item_ids), BATCH_SIZE):
            enqueue(process_items, item_ids[start:start + BATCH_SIZE], run_id=run_id, trigger=IngestRun.Trigger.SWEEP)
    requeue_unfetched_urls(now - timedelta(seconds=unclaimed_patience_seconds))
    settle_runs_left_running(now - timedelta(seconds=unclaimed_patience_seconds))
    return len(rows)


def _queue_is_empty(queue: str) -> bool:
    """Whether the broker holds no message for `queue` (False when it cannot be asked: nothing can be sent)."""
    try:
        with celery_app.connection_for_read() as connection:
            return connection.default_channel.queue_declare(queue=queue).message_count == 0
    except Exception:  # kombu raises its own errors for an unreachable broker
        logger.warning("could not ask the broker how long the %s queue is", queue, exc_info=True)
        return False


def requeue_unfetched_urls(cutoff) -> int:
    """URL runs nobody fetched (queued while the broker was down, or lost with it) and those whose fetching worker
    stopped: the run row is their outbox entry."""
    unfetched = Q(fetched_by="", started_at__lt=cutoff) if _queue_is_empty("fetch") else Q(pk__in=[])
    stopped = Q(fetch_started_at__lt=timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT))
    runs = (IngestRun.objects.filter(unfetched | stopped, state=IngestRun.State.RUNNING, source=None,
                                     target__regex=r"^https?://", items_new=0, items_duplicate=0, errors=[])
            .values_list("id", "target"))
    for run_id, url in runs:
        enqueue(ingest_url, url, run_id)
    return len(runs)


def settle_runs_left_running(cutoff) -> int:
    """Runs whose work is all done but which were never settled (the worker that finished the last item was killed
    before it could settle the run)."""
    done = (IngestRun.objects.filter(state=IngestRun.State.RUNNING, started_at__lt=cutoff)
            .filter(Q(items__isnull=False) | Q(items_duplicate__gt=0) | ~Q(errors=[]))
            .exclude(items__state__in=claims.OPEN_STATES).distinct())
    runs = list(done)
    for run in runs:
        pipeline.finish_run(run)
    return len(runs)
