"""Atom feeds of the chip, country and chip × country timelines: the newest steps that count.

Atom summaries are HTML to feed readers, so every text put into one is escaped here first; titles are
plain text and the feed generator escapes them for XML.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from exportwatch.catalog.models import ChipSku, Country

from .models import StatusChange
from .timeline.dates import event_date_label

FEED_LENGTH = 50


class TimelineFeed(Feed):
    feed_type = Atom1Feed

    def narrow(self, changes, obj):
        raise NotImplementedError

    def items(self, obj):
        changes = StatusChange.objects.counting().select_related("company", "chip", "chip__vendor", "country")
        return self.narrow(changes, obj).latest_first()[:FEED_LENGTH]

    def item_title(self, change):
        when = event_date_label(change.event_date, change.date_precision)
        track = f"{change.company.name} {change.chip.name} → {change.country.name}"
        return f"{change.get_status_display()}: {track} ({when})"

    def item_description(self, change):
        parts = [f"{change.get_status_display()} ({event_date_label(change.event_date, change.date_precision)})."]
        if change.conditions:
            parts.append(f"Conditions: {change.conditions}")
        if change.review_state == "unreviewed":
            parts.append("Not yet reviewed by an editor.")
        return escape(" ".join(parts))

    def item_link(self, change):
        page = reverse("chip_country_detail", args=[change.chip.slug, change.country.code])
        return f"{page}#step-{change.pk}"

    def item_guid(self, change):
        return f"urn:exportwatch:status-change:{change.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, change):
        return change.reported_at

    def item_updateddate(self, change):
        return change.reviewed_at or change.reported_at


class ChipFeed(TimelineFeed):
    def get_object(self, request, slug):
        return get_object_or_404(ChipSku.objects.select_related("vendor"), slug=slug)

    def title(self, chip):
        return f"{chip}: export licence steps"

    def link(self, chip):
        return chip.get_absolute_url()

    def narrow(self, changes, chip):
        return changes.for_chip(chip)


class CountryFeed(TimelineFeed):
    def get_object(self, request, code):
        return get_object_or_404(Country, code=code.upper())

    def title(self, country):
        return f"{country.name}: export licence steps"

    def link(self, country):
        return country.get_absolute_url()

    def narrow(self, changes, country):
        return changes.for_country(country)


class ChipCountryFeed(TimelineFeed):
    def get_object(self, request, slug, code):
        chip = get_object_or_404(ChipSku.objects.select_related("vendor"), slug=slug)
        return chip, get_object_or_404(Country, code=code.upper())

    def title(self, pair):
        chip, country = pair
        return f"{chip} to {country.name}: export licence steps"

    def link(self, pair):
        chip, country = pair
        return reverse("chip_country_detail", args=[chip.slug, country.slug])

    def narrow(self, changes, pair):
        chip, country = pair
        return changes.for_chip(chip).for_country(country)
