"""Who may open each alerts URL: every signed-in role its own watchlist; anyone the token addresses; nobody else's."""

import pytest
from django.urls import reverse

from exportwatch.alerts.digests import unsubscribe_token
from exportwatch.alerts.models import AlertSettings, Follow, FollowKind
from exportwatch.alerts.services import follow
from tests.conftest import ROLES

ALL_ROLES = ["anonymous", *ROLES]
LOGIN_MIDDLEWARE = "exportwatch.core.access.LoginRequiredBySettingMiddleware"
SIGNED_IN_PAGES = {
    "watchlist": ("get", lambda: reverse("watchlist"), {}),
    "follow": ("post", lambda: reverse("follow"), {"chip": "nvidia-h20"}),
    "frequency": ("post", lambda: reverse("alert_frequency"), {"frequency": "daily"}),
    "new_feed_address": ("post", lambda: reverse("new_feed_address"), {}),
}
# What a signed-in user gets: the page, or the redirect back after a button.
SIGNED_IN_STATUS = {"watchlist": 200, "follow": 302, "frequency": 302, "new_feed_address": 302}


@pytest.fixture
def login_required(settings):
    settings.REQUIRE_LOGIN = True
    if LOGIN_MIDDLEWARE not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [*settings.MIDDLEWARE, LOGIN_MIDDLEWARE]


@pytest.fixture
def owner(role_users, h20_to_china):
    """The viewer, following H20 and with alert settings, whose follow, feed and link the others try."""
    viewer = role_users["viewer"]
    follow(viewer, FollowKind.CHIP, {"chip": h20_to_china.chip})
    return viewer


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_every_signed_in_role_may_use_its_watchlist_and_anonymous_visitors_must_sign_in(client_as, h20_to_china, role,
                                                                                     name):
    method, url, data = SIGNED_IN_PAGES[name]
    response = getattr(client_as(role), method)(url(), data)
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == SIGNED_IN_STATUS[name]


@pytest.mark.parametrize("name", ["follow", "frequency", "new_feed_address"])
def test_buttons_answer_post_only(client_as, role_users, name):
    _, url, _ = SIGNED_IN_PAGES[name]
    assert client_as("viewer").get(url()).status_code == 405


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_may_remove_a_follow(client_as, owner, role):
    followed = Follow.objects.get(user=owner)
    response = client_as(role).post(reverse("unfollow", args=[followed.pk]))
    assert response.status_code == (302 if role == "viewer" else 404)
    assert Follow.objects.filter(pk=followed.pk).exists() == (role != "viewer")


def test_removing_a_follow_needs_a_sign_in(client_as, owner):
    followed = Follow.objects.get(user=owner)
    response = client_as("anonymous").post(reverse("unfollow", args=[followed.pk]))
    assert response["Location"].startswith(reverse("login"))
    assert Follow.objects.filter(pk=followed.pk).exists()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_personal_feed_opens_to_whoever_has_its_address(client_as, owner, role):
    token = AlertSettings.for_user(owner).feed_token
    assert client_as(role).get(reverse("personal_feed", args=[token])).status_code == 200


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_unsubscribe_link_opens_to_whoever_has_it(client_as, owner, role):
    assert client_as(role).get(reverse("unsubscribe", args=[unsubscribe_token(owner.pk)])).status_code == 200


def test_with_require_login_the_feed_and_unsubscribe_link_still_open_without_a_sign_in(client, owner, login_required):
    token = AlertSettings.for_user(owner).feed_token
    assert client.get(reverse("personal_feed", args=[token])).status_code == 200
    link = reverse("unsubscribe", args=[unsubscribe_token(owner.pk)])
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 200
    undo = reverse("resubscribe", args=[unsubscribe_token(owner.pk)])
    assert client.post(undo, {"frequency": "daily"}).status_code == 200


def test_with_require_login_a_wrong_feed_token_is_not_found(client, owner, login_required):
    assert client.get(reverse("personal_feed", args=["guess"])).status_code == 404


def test_with_require_login_the_watchlist_sends_anonymous_visitors_to_sign_in(client, owner, login_required):
    response = client.get(reverse("watchlist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_watchlist_shows_only_the_users_own_follows(client_as, owner):
    page = client_as("analyst").get(reverse("watchlist")).content.decode()
    assert "You follow nothing yet." in page
