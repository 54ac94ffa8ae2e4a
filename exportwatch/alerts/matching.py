"""Which confirmed steps and screening-list changes concern which follows, and recording them as alerts, at most
once per user and step or change.

A follow covers a step when the step is confirmed, became confirmed after the follow was made (an editor
confirmed it later, or recorded it confirmed later), and is about what the follow names: its chip, its country,
both, its company, its track, or a step its saved list picks (lists.py). Unreviewed and rejected steps never
alert anyone; a step an editor rejects after it went out stays in the feed (alerts are a record of what was sent).
A followed company or country also alerts its user to every change a screening-list load finds in its entries
after the follow was made: an entity added, removed or changed.
"""

import logging
from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from exportwatch.licences.models import StatusChange
from exportwatch.screening.models import ListingChange

from .lists import steps_in
from .models import Alert, Follow, FollowKind

logger = logging.getLogger(__name__)


def confirmed_after(moment: datetime) -> QuerySet:
    """Steps confirmed after `moment`: reviewed then, or recorded confirmed then (an editor's own step)."""
    became_confirmed = Q(reviewed_at__gt=moment) | Q(reviewed_at__isnull=True, created_at__gt=moment)
    return StatusChange.objects.confirmed().filter(became_confirmed)


def steps_for(follow: Follow) -> QuerySet:
    """The confirmed steps a follow covers."""
    steps = confirmed_after(follow.created_at)
    if follow.kind == FollowKind.SAVED_LIST:
        return steps_in(follow.list_url, steps)
    return steps.filter(**follow.step_filter())


def step_alerts(follow: Follow) -> list[Alert]:
    """Unsaved alerts for the steps a follow covers that its user has not had yet (from this follow or another)."""
    already = Alert.objects.filter(user_id=follow.user_id, step=OuterRef("pk"))
    step_ids = steps_for(follow).exclude(Exists(already)).order_by("pk").values_list("pk", flat=True)
    return [Alert(user_id=follow.user_id, step_id=step_id, follow=follow) for step_id in step_ids]


def listing_alerts(follow: Follow) -> list[Alert]:
    """Unsaved alerts for the screening-list changes of a followed company's or country's entities, found by loads
    that finished after the follow was made."""
    entities = follow.entity_filter()
    if entities is None:
        return []
    already = Alert.objects.filter(user_id=follow.user_id, listing_change=OuterRef("pk"))
    changes = ListingChange.objects.filter(load__finished_at__gt=follow.created_at,
                                           **{f"entity__{name}": value for name, value in entities.items()})
    change_ids = changes.exclude(Exists(already)).order_by("pk").values_list("pk", flat=True)
    return [Alert(user_id=follow.user_id, listing_change_id=change_id, follow=follow) for change_id in change_ids]


# What a follow can alert about.
ALERT_SOURCES = (step_alerts, listing_alerts)


def record_alerts() -> int:
    """Add an alert for every new step and list change every active user's follows cover; return how many were
    new to look at.

    Safe to run twice at once or again after a crash: the unique (user, step) and (user, change) constraints drop
    repeats (INSERT … ON CONFLICT DO NOTHING), so each reaches a user once however many follows or runs find it.
    """
    found = 0
    follows = Follow.objects.filter(user__is_active=True).order_by("user_id", "id")
    for follow in follows:
        alerts = [alert for source in ALERT_SOURCES for alert in source(follow)]
        Alert.objects.bulk_create(alerts, ignore_conflicts=True)
        found += len(alerts)
    if found:
        logger.info("recorded up to %s new alerts", found)
    return found
