"""Digests: one email per due user with their new steps, each step once, and what the email says."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from exportwatch.alerts.digests import DIGEST_LENGTH, claim, make_digests, unsubscribe_token
from exportwatch.alerts.matching import record_alerts
from exportwatch.alerts.models import AlertSettings, Digest, FollowKind, Frequency
from exportwatch.alerts.services import follow
from exportwatch.alerts.tasks import send_alerts, send_daily_digests
from exportwatch.licences.models import Status
from tests.factories import UserFactory, record_step

pytestmark = pytest.mark.django_db


@pytest.fixture
def immediate(reader):
    AlertSettings.objects.update_or_create(user=reader, defaults={"frequency": Frequency.IMMEDIATE})
    return reader


def _feed_entries(client, user) -> int:
    token = AlertSettings.for_user(user).feed_token
    return client.get(reverse("personal_feed", args=[token])).content.count(b"<entry>")


def test_following_h20_to_china_and_confirming_a_step_gives_one_email_and_one_feed_entry(
        client, immediate, reader_follows_h20_to_china, new_confirmed_step, mailoutbox):
    new_confirmed_step()
    send_alerts()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["reader@example.org"]
    assert _feed_entries(client, immediate) == 1


def test_running_the_task_again_sends_nothing_more(client, immediate, reader_follows_h20_to_china, new_confirmed_step,
                                                   mailoutbox):
    new_confirmed_step()
    send_alerts()
    send_alerts()
    send_daily_digests()
    assert len(mailoutbox) == 1
    assert _feed_entries(client, immediate) == 1


def test_a_later_step_comes_in_a_later_email(immediate, reader_follows_h20_to_china, new_confirmed_step, mailoutbox):
    new_confirmed_step(status=Status.APPLIED, day=date(2025, 7, 14))
    send_alerts()
    new_confirmed_step(status=Status.GRANTED, day=date(2025, 8, 1))
    send_alerts()
    assert [message.subject for message in mailoutbox] == ["exportwatch: 1 update on what you follow"] * 2
    assert "Applied" in mailoutbox[0].body and "Granted" in mailoutbox[1].body


def test_the_email_names_track_status_date_and_links_the_chip_country_page(immediate, reader_follows_h20_to_china,
                                                                          new_confirmed_step, mailoutbox):
    step = new_confirmed_step(status=Status.GRANTED, day=date(2025, 8, 14))
    send_alerts()
    body = mailoutbox[0].body
    assert "Granted: Nvidia H20 → China (US BIS), 14 Aug 2025" in body
    assert f"http://127.0.0.1:8000/chips/nvidia-h20/cn/#step-{step.pk}" in body
    assert "Because you follow Nvidia H20 → China" in body


def test_the_email_has_an_html_part_with_the_same_steps(immediate, reader_follows_h20_to_china, new_confirmed_step,
                                                        mailoutbox):
    step = new_confirmed_step()
    send_alerts()
    html, mime_type = mailoutbox[0].alternatives[0]
    assert mime_type == "text/html"
    assert f'href="http://127.0.0.1:8000/chips/nvidia-h20/cn/#step-{step.pk}"' in html
    assert "Nvidia H20 → China (US BIS)" in html


def test_the_email_offers_one_click_unsubscribe(immediate, reader_follows_h20_to_china, new_confirmed_step, mailoutbox):
    new_confirmed_step()
    send_alerts()
    message = mailoutbox[0]
    link = "http://127.0.0.1:8000" + reverse("unsubscribe", args=[unsubscribe_token(immediate.pk)])
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in message.body


def test_daily_readers_get_nothing_from_the_minute_run_and_one_email_from_the_daily_run(
        reader, reader_follows_h20_to_china, new_confirmed_step, mailoutbox):
    new_confirmed_step(status=Status.APPLIED)
    send_alerts()
    assert mailoutbox == []
    new_confirmed_step(status=Status.GRANTED)
    send_daily_digests()
    assert len(mailoutbox) == 1
    assert "2 updates" in mailoutbox[0].body


def test_a_reader_who_turned_emails_off_gets_the_feed_but_no_email(client, reader, reader_follows_h20_to_china,
                                                                   new_confirmed_step, mailoutbox):
    AlertSettings.objects.filter(user=reader).update(frequency=Frequency.OFF)
    new_confirmed_step()
    send_alerts()
    send_daily_digests()
    assert mailoutbox == []
    assert _feed_entries(client, reader) == 1


def test_a_reader_without_an_email_address_gets_the_feed_only(client, h20_to_china, new_confirmed_step, mailoutbox):
    silent = UserFactory(username="no-email", email="")
    follow(silent, FollowKind.CHIP, {"chip": h20_to_china.chip})
    new_confirmed_step()
    send_daily_digests()
    assert mailoutbox == []
    assert _feed_entries(client, silent) == 1


def test_a_digest_interrupted_while_sending_is_not_sent_again(immediate, reader_follows_h20_to_china,
                                                              new_confirmed_step, mailoutbox):
    new_confirmed_step()
    record_alerts()
    make_digests(Frequency.IMMEDIATE)
    assert claim(Digest.objects.get())  # a run started sending it, then its worker was killed
    send_alerts()
    assert mailoutbox == []
    assert Digest.objects.get().state == "sending"


def test_a_digest_the_mail_server_did_not_take_goes_out_on_the_next_run(immediate, reader_follows_h20_to_china,
                                                                        new_confirmed_step, mailoutbox, settings):
    new_confirmed_step()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens there
    send_alerts()
    assert Digest.objects.get().state == "pending"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_alerts()
    assert len(mailoutbox) == 1
    assert Digest.objects.get().state == "sent"


def test_a_long_digest_lists_the_first_steps_and_counts_the_rest(immediate, reader_follows_h20_to_china, h20_to_china,
                                                                  editor, mailoutbox):
    for n in range(DIGEST_LENGTH + 3):
        record_step(h20_to_china, Status.GRANTED, date(2025, 1, 1) + timedelta(days=n), editor=editor)
    send_alerts()
    body = mailoutbox[0].body
    assert body.count("Granted: ") == DIGEST_LENGTH
    assert "… and 3 more" in body
