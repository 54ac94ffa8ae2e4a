"""The unsubscribe link of the emails: no sign-in needed, one button (or the mail client's one click), an undo."""

import pytest
from django.core import signing
from django.urls import reverse

from exportwatch.alerts.digests import unsubscribe_token
from exportwatch.alerts.models import AlertSettings, Frequency

pytestmark = pytest.mark.django_db


@pytest.fixture
def daily_reader(reader):
    AlertSettings.objects.create(user=reader, frequency=Frequency.DAILY)
    return reader


def _link(user) -> str:
    return reverse("unsubscribe", args=[unsubscribe_token(user.pk)])


def _frequency(user) -> str:
    return AlertSettings.objects.get(user=user).frequency


def test_the_link_opens_a_page_with_one_button_without_signing_in(client, daily_reader):
    response = client.get(_link(daily_reader))
    assert response.status_code == 200
    assert b"Stop alert emails" in response.content


def test_opening_the_link_alone_unsubscribes_nobody(client, daily_reader):
    client.get(_link(daily_reader))  # what a mail scanner following links does
    assert _frequency(daily_reader) == Frequency.DAILY


def test_the_button_turns_alert_emails_off_and_says_so(client, daily_reader):
    response = client.post(_link(daily_reader))
    assert response.status_code == 200
    assert b"You will get no more alert emails" in response.content
    assert _frequency(daily_reader) == Frequency.OFF


def test_a_mail_clients_one_click_post_turns_alert_emails_off(client, daily_reader):
    client.handler.enforce_csrf_checks = True  # a mail client has no CSRF cookie
    response = client.post(_link(daily_reader), "List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert _frequency(daily_reader) == Frequency.OFF


def test_the_undo_button_brings_back_the_frequency_chosen_before(client, daily_reader):
    AlertSettings.objects.filter(user=daily_reader).update(frequency=Frequency.IMMEDIATE)
    client.post(_link(daily_reader))
    response = client.post(reverse("resubscribe", args=[unsubscribe_token(daily_reader.pk)]),
                           {"frequency": Frequency.IMMEDIATE})
    assert response.status_code == 200
    assert b"Alert emails are on again" in response.content
    assert _frequency(daily_reader) == Frequency.IMMEDIATE


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_link_is_refused(client, daily_reader, method):
    token = unsubscribe_token(daily_reader.pk)
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")  # one character of the signature changed
    response = getattr(client, method)(reverse("unsubscribe", args=[forged]))
    assert response.status_code == 404
    assert _frequency(daily_reader) == Frequency.DAILY


def test_a_link_for_another_user_cannot_be_made_by_editing_the_id(client, daily_reader):
    _, signature = unsubscribe_token(daily_reader.pk).split(":", 1)
    other_id = signing.b64_encode(str(daily_reader.pk + 1).encode()).decode()
    response = client.post(reverse("unsubscribe", args=[f"{other_id}:{signature}"]))
    assert response.status_code == 404
