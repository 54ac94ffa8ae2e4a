"""Beat tasks of the alerts: thin, JSON-only, and safe to run twice, redelivered or side by side.

Every minute `send_alerts` records the alerts of new confirmed steps (the personal feeds have them at once),
makes digests for the users who want email as steps come, and sends every digest not yet sent. Once a day, at
ALERTS_DAILY_HOUR (UTC), `send_daily_digests` does the same for the users who want one email a day. How a run
that is killed or runs twice still sends each step to each user at most once: see digests.py.
"""

import logging
import time

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from .digests import make_digests, send_pending_digests
from .matching import record_alerts
from .models import Frequency

logger = logging.getLogger(__name__)

# A dropped database connection is retried within seconds; what the failed try committed stays, and counts.
RETRYING = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 1,
    "retry_backoff_max": 10,
    "retry_jitter": True,
    "max_retries": 5,
}


def deliver(frequency: str) -> dict:
    """Record new alerts, group those waiting for users of `frequency` into digests, send every pending digest."""
    found = record_alerts()
    made = make_digests(frequency)
    pause_for_fault_tests()
    sent = send_pending_digests()
    return {"alerts_found": found, "digests_made": made, "digests_sent": sent}


def pause_for_fault_tests() -> None:
    """The worker fault tests kill a worker here, with digests committed and not yet sent; 0 (no pause) elsewhere."""
    if settings.ALERTS_FAULT_PAUSE_SECONDS:
        logger.warning("pausing %s s between committing digests and sending them (ALERTS_FAULT_PAUSE_SECONDS)",
                       settings.ALERTS_FAULT_PAUSE_SECONDS)
        time.sleep(settings.ALERTS_FAULT_PAUSE_SECONDS)


@shared_task(expires=55, **RETRYING)
def send_alerts() -> dict:
    """Beat, every minute: the feeds' new alerts, and the emails of users who want them as they come."""
    return deliver(Frequency.IMMEDIATE)


@shared_task(expires=3600, **RETRYING)
def send_daily_digests() -> dict:
    """Beat, once a day: the email of users who want one a day (and any digest still waiting to go out)."""
    return deliver(Frequency.DAILY)
