"""The alerts admin: read-only lists, no feed secrets, and sending an interrupted digest again on purpose."""

import pytest
from django.urls import reverse

from exportwatch.alerts.digests import claim, make_digests
from exportwatch.alerts.matching import record_alerts
from exportwatch.alerts.models import AlertSettings, Digest, Frequency
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def interrupted_digest(reader, reader_follows_h20_to_china, new_confirmed_step):
    new_confirmed_step()
    record_alerts()
    make_digests(Frequency.DAILY)
    digest = Digest.objects.get()
    claim(digest)  # a run started sending it and was killed
    return digest


@pytest.mark.parametrize("model", ["follow", "alertsettings", "digest", "alert"])
def test_every_alerts_list_opens_in_the_admin(superuser_client, interrupted_digest, model):
    assert superuser_client.get(reverse(f"admin:alerts_{model}_changelist")).status_code == 200


def test_the_admin_never_shows_a_feed_address(superuser_client, reader, interrupted_digest):
    alert_settings = AlertSettings.for_user(reader)
    page = superuser_client.get(reverse("admin:alerts_alertsettings_change", args=[alert_settings.pk]))
    assert page.status_code == 200
    assert alert_settings.feed_token.encode() not in page.content


def test_an_interrupted_digest_can_be_sent_again_on_purpose(superuser_client, interrupted_digest):
    superuser_client.post(reverse("admin:alerts_digest_changelist"),
                          {"action": "send_again", "_selected_action": [interrupted_digest.pk]})
    interrupted_digest.refresh_from_db()
    assert interrupted_digest.state == "pending"  # the next run of the alert task sends it
