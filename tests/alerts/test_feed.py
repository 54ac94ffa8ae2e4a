"""The personal Atom feed: the steps that reached a user, newest first, at a secret address."""

import pytest
from django.urls import reverse

from exportwatch.alerts.matching import record_alerts
from exportwatch.alerts.models import AlertSettings
from exportwatch.licences.models import Status
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _feed(client, user):
    return client.get(reverse("personal_feed", args=[AlertSettings.for_user(user).feed_token]))


def test_the_feed_lists_the_steps_that_reached_the_user_newest_first(client, reader, reader_follows_h20_to_china,
                                                                    new_confirmed_step):
    applied = new_confirmed_step(status=Status.APPLIED)
    record_alerts()
    granted = new_confirmed_step(status=Status.GRANTED)
    record_alerts()
    response = _feed(client, reader)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert body.count("<entry>") == 2
    assert body.index(f"status-change:{granted.pk}") < body.index(f"status-change:{applied.pk}")


def test_the_feed_holds_only_its_own_users_steps(client, reader, reader_follows_h20_to_china, new_confirmed_step):
    new_confirmed_step()
    record_alerts()
    assert _feed(client, UserFactory(username="someone-else")).content.count(b"<entry>") == 0


def test_a_wrong_feed_token_is_not_found(client, reader):
    AlertSettings.for_user(reader)
    assert client.get(reverse("personal_feed", args=["not-the-token"])).status_code == 404


def test_a_new_feed_address_retires_the_old_one(client, reader):
    old = AlertSettings.for_user(reader).feed_token
    client.force_login(reader)
    client.post(reverse("new_feed_address"))
    new = AlertSettings.for_user(reader).feed_token
    assert new != old
    assert client.get(reverse("personal_feed", args=[old])).status_code == 404
    assert client.get(reverse("personal_feed", args=[new])).status_code == 200
