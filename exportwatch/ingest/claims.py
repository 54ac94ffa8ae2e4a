"""Who is working on which news item, so many workers share the work and a lost worker's items come back.

A worker claims items before it processes them: the claim names it and runs out after INGEST_CLAIM_SECONDS,
longer than a batch may take (the task's time limit). Items whose claim ran out belong to a worker that stopped
(killed, or timed out); the sweep hands them to another. An attempt is spent by each new claim, so an item that
kills its worker again and again is parked after MAX_ATTEMPTS, but not by a later try of the same task after a
transient error (a deadlock, a dropped connection): that try continues the claim it already holds.
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import NewsItem

MAX_ATTEMPTS = 3
OPEN_STATES = (NewsItem.State.PENDING, NewsItem.State.FAILED)
WORKER_STOPPED = "its worker stopped before finishing (killed, or over its time limit)"


@dataclass(frozen=True)
class Claimant:
    """A task on its nth try. Celery keeps a task's id across retries and counts them, so a retry after a
    transient error is the same task on a later try, while a redelivery after a killed worker is the same try."""

    task_id: str
    try_number: int = 0

    @classmethod
    def local(cls) -> "Claimant":
        """A claimant for work done in this process (the `ingest` command, evaluation)."""
        return cls(f"local-{uuid.uuid4().hex}")

    @property
    def key(self) -> str:
        return f"{self.task_id}#{self.try_number}"

    def earlier_keys(self) -> list[str]:
        return [f"{self.task_id}#{number}" for number in range(self.try_number)]

    def next_try(self) -> "Claimant":
        return Claimant(self.task_id, self.try_number + 1)


def claim(item_ids: list[int], claimant: Claimant) -> list[int]:
    """Claim the given items that are still open and not held by a live claim elsewhere; park those out of
    attempts. Returns the ids claimed, in id order. Rows another claimer has locked are skipped, not waited for."""
    now = timezone.now()
    earlier = set(claimant.earlier_keys())
    continued, counted, stopped, parked = [], [], [], []
    with transaction.atomic():
        rows = (NewsItem.objects.select_for_update(skip_locked=True)
                .filter(pk__in=item_ids, state__in=OPEN_STATES).order_by("id")
                .values_list("id", "claimed_by", "claim_expires_at", "attempts", "error"))
        for item_id, holder, expires_at, attempts, error in rows:
            if holder in earlier:
                continued.append(item_id)
                continue
            if holder and holder != claimant.key and expires_at > now:
                continue  # another worker is on it
            if holder:  # its claim ran out, or this very try was delivered again: that worker stopped
                stopped.append(item_id)
                error = WORKER_STOPPED
            if attempts >= MAX_ATTEMPTS:
                parked.append((item_id, error or WORKER_STOPPED))
            else:
                counted.append(item_id)
        expires_at = now + timedelta(seconds=settings.INGEST_CLAIM_SECONDS)
        held = {"claimed_by": claimant.key, "claim_expires_at": expires_at}
        NewsItem.objects.filter(pk__in=stopped).update(error=WORKER_STOPPED)
        NewsItem.objects.filter(pk__in=continued).update(**held)
        NewsItem.objects.filter(pk__in=counted).update(attempts=F("attempts") + 1, **held)
        for item_id, error in parked:
            NewsItem.objects.filter(pk=item_id).update(
                state=NewsItem.State.PARKED, claimed_by="", claim_expires_at=None,
                error=f"parked after {MAX_ATTEMPTS} attempts; the last one: {error}"[:2000])
    return sorted(continued + counted)


def released() -> dict:
    """The fields that end a claim, for an update that settles an item."""
    return {"claimed_by": "", "claim_expires_at": None}
