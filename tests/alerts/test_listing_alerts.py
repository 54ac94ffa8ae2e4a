"""Screening-list changes of a followed company or country reach its follower once, by email and in the feed."""

import io

import pytest
from django.db import IntegrityError
from django.urls import reverse

from exportwatch.alerts.digests import make_digests, send_pending_digests
from exportwatch.alerts.matching import record_alerts
from exportwatch.alerts.models import Alert, AlertSettings, FollowKind, Frequency
from exportwatch.alerts.services import follow
from exportwatch.screening.loading import load
from tests.factories import CompanyFactory, CountryFactory
from tests.screening.list_files import by_name, json_file, results

pytestmark = pytest.mark.django_db

SMIC = "Semiconductor Manufacturing International Corporation"
HUAWEI = "Huawei Technologies Co., Ltd."


def _load(entries, match_company=None):
    return load(io.BytesIO(json_file(entries)), match_company=match_company)


def _listing_alerts(user):
    return Alert.objects.filter(user=user, listing_change__isnull=False)


@pytest.fixture
def reader_follows_china(reader):
    return follow(reader, FollowKind.COUNTRY, {"country": CountryFactory(code="CN")})


def test_a_followed_country_gets_an_alert_for_each_of_its_entities_a_load_adds(reader, reader_follows_china):
    _load(results())
    record_alerts()
    alerted = {alert.listing_change.entity.name for alert in _listing_alerts(reader)}
    assert SMIC in alerted and HUAWEI in alerted
    assert "Applied Science Institute of Novosibirsk" not in alerted


def test_changes_a_load_found_before_the_follow_alert_nobody(reader):
    _load(results())
    follow(reader, FollowKind.COUNTRY, {"country": CountryFactory(code="CN")})
    record_alerts()
    assert not _listing_alerts(reader).exists()


def test_an_entity_removed_from_the_list_alerts_its_country_follower(reader):
    entries = results()
    _load(entries)
    follow(reader, FollowKind.COUNTRY, {"country": CountryFactory(code="CN")})
    _load([entry for entry in entries if entry["name"] != SMIC])
    record_alerts()
    [alert] = _listing_alerts(reader)
    assert (alert.listing_change.kind, alert.listing_change.entity.name) == ("removed", SMIC)


def test_a_followed_company_gets_the_changes_of_the_entities_linked_to_it(reader):
    huawei = CompanyFactory(name="Huawei", slug="huawei")
    follow(reader, FollowKind.COMPANY, {"company": huawei})
    _load(results(), match_company=lambda entry: huawei.pk if entry.name == HUAWEI else None)
    record_alerts()
    assert [alert.listing_change.entity.name for alert in _listing_alerts(reader)] == [HUAWEI]


def test_recording_again_alerts_no_list_change_twice(reader, reader_follows_china):
    _load(results())
    record_alerts()
    first = _listing_alerts(reader).count()
    record_alerts()
    assert _listing_alerts(reader).count() == first > 0


def test_the_database_refuses_a_second_alert_for_one_list_change_and_user(reader, reader_follows_china):
    _load(results())
    record_alerts()
    alert = _listing_alerts(reader).first()
    with pytest.raises(IntegrityError):
        Alert.objects.create(user=reader, listing_change=alert.listing_change)


def test_an_alert_names_a_step_or_a_list_change_never_neither(reader):
    with pytest.raises(IntegrityError):
        Alert.objects.create(user=reader)


def test_the_digest_says_which_entity_was_added_to_which_list(reader, reader_follows_china, mailoutbox):
    entries = [by_name(results(), SMIC)]
    _load(entries)
    AlertSettings.objects.filter(user=reader).update(frequency=Frequency.IMMEDIATE)
    record_alerts()
    make_digests(Frequency.IMMEDIATE)
    send_pending_digests()
    [message] = mailoutbox
    assert f"Added to the EL: {SMIC} (China)" in message.body
    assert "/screening/loads/" in message.body


def test_the_personal_feed_lists_the_list_change(client, reader, reader_follows_china):
    _load([by_name(results(), SMIC)])
    record_alerts()
    change = _listing_alerts(reader).get().listing_change
    body = client.get(reverse("personal_feed", args=[AlertSettings.for_user(reader).feed_token])).content.decode()
    assert f"urn:exportwatch:listing-change:{change.pk}" in body
    assert SMIC in body
