"""Who gets what: every URL for every role, login-by-setting, export rights, and failed-login lockout."""

import pytest
from django.urls import reverse

from tests.conftest import ROLES

from .conftest import EXPORT_NAMES, FEED_NAMES, PAGE_NAMES, PASSWORD, export_urls, page_urls

ALL_ROLES = ["anonymous", *ROLES]
EXPORT_STATUS = {"anonymous": 302, "viewer": 403, "analyst": 200, "editor": 200, "admin": 200}
LOGIN_MIDDLEWARE = "exportwatch.core.access.LoginRequiredBySettingMiddleware"


@pytest.fixture
def login_required(settings):
    settings.REQUIRE_LOGIN = True
    if LOGIN_MIDDLEWARE not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [*settings.MIDDLEWARE, LOGIN_MIDDLEWARE]


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("name", PAGE_NAMES + FEED_NAMES)
def test_every_page_is_public_by_default(client_as, story, role, name):
    response = client_as(role).get(page_urls(story)[name])
    assert response.status_code == 200


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("name", EXPORT_NAMES)
def test_export_needs_the_export_permission(client_as, story, role, name):
    response = client_as(role).get(export_urls(story)[name])
    assert response.status_code == EXPORT_STATUS[role]
    if role == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", PAGE_NAMES + FEED_NAMES)
def test_require_login_sends_anonymous_visitors_to_login(client_as, story, login_required, name):
    response = client_as("anonymous").get(page_urls(story)[name])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["home", "chip", "chip_feed"])
def test_require_login_lets_a_viewer_in(client_as, story, login_required, name):
    assert client_as("viewer").get(page_urls(story)[name]).status_code == 200


def test_require_login_keeps_the_login_page_open(client, login_required, db):
    assert client.get(reverse("login")).status_code == 200


def test_login_page_uses_the_site_layout(client, db):
    response = client.get(reverse("login"))
    assert b'class="site-header"' in response.content
    assert b'name="password"' in response.content


def _sign_in(client, username, password, address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_an_analyst_signs_in_with_the_login_page(client, role_users):
    response = _sign_in(client, "analyst-user", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"].username == "analyst-user"


def test_logout_is_by_post_only(client_as):
    client = client_as("viewer")
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert not client.get(reverse("home")).context["user"].is_authenticated


def test_five_failures_lock_that_user_from_that_address(client, role_users, settings):
    for _ in range(settings.AXES_FAILURES_PER_USER):
        _sign_in(client, "analyst-user", "wrong password")
    response = _sign_in(client, "analyst-user", PASSWORD)
    assert response.status_code == 429


def test_a_locked_user_does_not_lock_colleagues_on_the_same_address(client, role_users, settings):
    for _ in range(settings.AXES_FAILURES_PER_USER):
        _sign_in(client, "analyst-user", "wrong password")
    assert _sign_in(client, "viewer-user", PASSWORD).status_code == 302


def test_a_locked_user_can_still_sign_in_from_another_address(client, role_users, settings):
    for _ in range(settings.AXES_FAILURES_PER_USER):
        _sign_in(client, "analyst-user", "wrong password")
    assert _sign_in(client, "analyst-user", PASSWORD, address="10.0.0.2").status_code == 302


def test_an_address_trying_many_names_is_locked_for_every_name(client, role_users, settings):
    for n in range(settings.AXES_SPRAY_USERNAMES):
        _sign_in(client, f"guess-{n}", "Summer2025!")
    assert _sign_in(client, "viewer-user", PASSWORD).status_code == 429
    assert _sign_in(client, "viewer-user", PASSWORD, address="10.0.0.2").status_code == 302


def test_behind_the_proxy_each_client_is_judged_by_the_address_the_proxy_saw(client, role_users, settings):
    settings.BEHIND_PROXY = True

    def through_proxy(username, password, client_address):
        # The proxy appends the address it saw to whatever the client claimed.
        return client.post(reverse("login"), {"username": username, "password": password},
                           REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR=f"10.9.9.9, {client_address}")

    for _ in range(settings.AXES_FAILURES_PER_USER):
        through_proxy("analyst-user", "wrong password", "81.2.69.142")
    assert through_proxy("analyst-user", PASSWORD, "81.2.69.142").status_code == 429
    assert through_proxy("analyst-user", PASSWORD, "93.184.216.34").status_code == 302


def test_four_failures_do_not_lock(client, role_users, settings):
    for _ in range(settings.AXES_FAILURES_PER_USER - 1):
        _sign_in(client, "analyst-user", "wrong password")
    assert _sign_in(client, "analyst-user", PASSWORD).status_code == 302


def test_an_export_is_logged_with_user_and_filters(client_as, story, caplog):
    with caplog.at_level("INFO", logger="exportwatch.export"):
        client_as("analyst").get("/changes/export/?chip=nvidia-h20")
    assert "analyst-user" in caplog.text
    assert "chip=nvidia-h20" in caplog.text


def test_the_lockout_page_is_in_the_site_style(client, role_users, settings):
    settings.AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
    for _ in range(settings.AXES_FAILURES_PER_USER):
        _sign_in(client, "analyst-user", "wrong password")
    response = _sign_in(client, "analyst-user", PASSWORD)
    assert response.status_code == 429
    assert b"Too many failed sign-ins" in response.content
