"""The personal Atom feed: the steps and screening-list changes that reached a user through their follows, newest
first.

Its address holds a secret token instead of asking for a sign-in, so feed readers can fetch it; the watchlist
page makes a new one, which retires the old address.
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape

from exportwatch.licences.feeds import FEED_LENGTH, TimelineFeed

from .models import ALERT_RELATIONS, Alert, AlertSettings


class PersonalFeed(TimelineFeed):
    """Items are alerts; a step is written as on the timeline feeds (same id, so a reader that has both shows it
    once), a list change as what the load found."""

    def get_object(self, request, token):
        return get_object_or_404(AlertSettings, feed_token=token)

    def title(self, alert_settings):
        return "exportwatch: what you follow"

    def link(self, alert_settings):
        return reverse("watchlist")

    def items(self, alert_settings):
        alerts = Alert.objects.filter(user=alert_settings.user_id)
        return alerts.select_related(*ALERT_RELATIONS).order_by("-created_at", "-id")[:FEED_LENGTH]

    def item_title(self, alert):
        if alert.step_id:
            return super().item_title(alert.step)
        return f"{alert.headline}: {alert.subject} ({alert.date_label})"

    def item_description(self, alert):
        if alert.step_id:
            return super().item_description(alert.step)
        entity = alert.listing_change.entity
        citation = f" Federal Register: {entity.federal_register_notice}." if entity.federal_register_notice else ""
        return escape(f"{alert.headline} on {alert.date_label}: {entity.name}.{citation}")

    def item_link(self, alert):
        return alert.path

    def item_guid(self, alert):
        if alert.step_id:
            return super().item_guid(alert.step)
        return f"urn:exportwatch:listing-change:{alert.listing_change_id}"

    def item_pubdate(self, alert):
        return alert.step.reported_at if alert.step_id else alert.listing_change.load.finished_at

    def item_updateddate(self, alert):
        return super().item_updateddate(alert.step) if alert.step_id else alert.listing_change.load.finished_at
