"""The health check that compose and load balancers call."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_health_check_answers_ok_when_the_database_does(client):
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok\n")


def test_the_health_check_stays_open_when_login_is_required(client, settings):
    settings.REQUIRE_LOGIN = True
    assert client.get("/healthz").status_code == 200
