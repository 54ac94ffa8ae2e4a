"""Following and unfollowing: the buttons on the pages, the watchlist, and what the database allows."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from exportwatch.alerts.models import Follow, FollowKind
from exportwatch.alerts.services import follow

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, reader):
    client.force_login(reader)
    return client


def _follow(client, **fields):
    return client.post(reverse("follow"), {"next": "/somewhere/", **fields})


def test_the_chip_country_page_has_a_follow_button_for_that_pair(signed_in, h20_to_china):
    page = signed_in.get(reverse("chip_country_detail", args=["nvidia-h20", "CN"])).content.decode()
    assert "Follow this chip to this country" in page
    assert '<input type="hidden" name="chip" value="nvidia-h20">' in page
    assert '<input type="hidden" name="country" value="CN">' in page


def test_following_h20_to_china_from_its_page_makes_one_chip_country_follow(signed_in, reader, h20_to_china):
    response = _follow(signed_in, chip="nvidia-h20", country="CN", next="/chips/nvidia-h20/cn/")
    assert response.status_code == 302
    assert response["Location"] == "/chips/nvidia-h20/cn/"
    followed = Follow.objects.get(user=reader)
    assert (followed.kind, followed.chip, followed.country) == (FollowKind.CHIP_COUNTRY, h20_to_china.chip,
                                                               h20_to_china.country)


def test_the_page_then_offers_to_unfollow(signed_in, h20_to_china):
    _follow(signed_in, chip="nvidia-h20", country="CN")
    page = signed_in.get(reverse("chip_country_detail", args=["nvidia-h20", "CN"])).content.decode()
    assert "You follow this chip to this country" in page
    assert "Unfollow" in page


@pytest.mark.parametrize("url_name,args,text", [
    ("chip_detail", ["nvidia-h20"], "Follow this chip"),
    ("country_detail", ["CN"], "Follow this country"),
    ("company_detail", ["nvidia"], "Follow this company"),
    ("application_detail", [], "Follow this licence track"),
])
def test_chip_country_company_and_track_pages_have_their_follow_button(signed_in, h20_to_china, url_name, args, text):
    page = signed_in.get(reverse(url_name, args=args or [h20_to_china.pk])).content.decode()
    assert f"{text}</button>" in page


@pytest.mark.parametrize("url", ["/chips/", "/countries/", "/companies/", "/applications/", "/changes/", "/matrix/",
                                 "/changes/between/"])
def test_every_list_offers_to_follow_it(signed_in, db, url):
    assert b"Follow this list</button>" in signed_in.get(url).content


@pytest.mark.parametrize("url", ["/chips/?kind=sku", "/countries/?group=D:5", "/companies/?q=nvidia",
                                 "/applications/?current_status=granted", "/changes/?status=granted",
                                 "/matrix/?authority=us-bis&as_of=2025-07-20", "/changes/between/?chip=nvidia-h20"])
def test_every_list_can_be_followed_with_its_filters(signed_in, reader, h20_to_china, url):
    assert _follow(signed_in, list_url=url).status_code == 302
    assert Follow.objects.get(user=reader).kind == FollowKind.SAVED_LIST


def test_an_anonymous_visitor_is_offered_to_sign_in_instead(client, h20_to_china):
    page = client.get(reverse("chip_detail", args=["nvidia-h20"])).content.decode()
    assert "Sign in to follow this chip" in page


def test_following_twice_keeps_one_follow_and_its_start(signed_in, reader, h20_to_china):
    _follow(signed_in, chip="nvidia-h20")
    started = Follow.objects.get(user=reader).created_at
    _follow(signed_in, chip="nvidia-h20")
    assert list(Follow.objects.filter(user=reader).values_list("created_at", flat=True)) == [started]


def test_following_a_list_keeps_its_filters_in_one_spelling(signed_in, reader, h20_to_china):
    _follow(signed_in, list_url="/changes/?status=granted&page=3&chip=nvidia-h20&country=")
    assert Follow.objects.get(user=reader).list_url == "/changes/?chip=nvidia-h20&status=granted"


def test_a_page_that_is_not_a_list_cannot_be_followed_as_one(signed_in, reader):
    response = _follow(signed_in, list_url="/admin/")
    assert response.status_code == 400
    assert not Follow.objects.filter(user=reader).exists()


def test_a_list_with_filters_its_page_refuses_cannot_be_followed(signed_in, reader):
    response = _follow(signed_in, list_url="/changes/?chip=no-such-chip")
    assert response.status_code == 400
    assert b"Select a valid choice" in response.content


def test_a_follow_naming_nothing_or_too_much_is_refused(signed_in, reader, h20_to_china):
    assert _follow(signed_in).status_code == 400
    assert _follow(signed_in, chip="nvidia-h20", company="nvidia").status_code == 400
    assert not Follow.objects.filter(user=reader).exists()


def test_the_button_goes_back_only_to_this_site(signed_in, h20_to_china):
    response = _follow(signed_in, chip="nvidia-h20", next="https://evil.example/")
    assert response["Location"] == reverse("watchlist")


def test_following_a_track_from_its_page_makes_a_track_follow(signed_in, reader, h20_to_china):
    _follow(signed_in, application=str(h20_to_china.pk))
    assert Follow.objects.get(user=reader).application == h20_to_china


def test_unfollowing_removes_the_follow(signed_in, reader, h20_to_china):
    followed = follow(reader, FollowKind.CHIP, {"chip": h20_to_china.chip})
    response = signed_in.post(reverse("unfollow", args=[followed.pk]))
    assert response.status_code == 302
    assert not Follow.objects.filter(user=reader).exists()


def test_the_watchlist_lists_the_follows_with_remove_buttons_and_the_feed_address(signed_in, reader, h20_to_china):
    follow(reader, FollowKind.CHIP_COUNTRY, {"chip": h20_to_china.chip, "country": h20_to_china.country})
    follow(reader, FollowKind.SAVED_LIST, {"list_url": "/changes/?status=granted"})
    page = signed_in.get(reverse("watchlist")).content.decode()
    assert "Nvidia H20 → China" in page
    assert "Status changes where status is granted" in page
    assert page.count(">Unfollow</button>") == 2
    assert "/alerts/feed/" in page


def test_the_frequency_form_changes_how_often_emails_come(signed_in, reader):
    signed_in.post(reverse("alert_frequency"), {"frequency": "immediate"})
    assert reader.alert_settings.frequency == "immediate"


def test_the_database_refuses_a_follow_with_two_targets(reader, h20_to_china):
    with pytest.raises(IntegrityError):
        Follow.objects.create(user=reader, kind=FollowKind.CHIP, chip=h20_to_china.chip, company=h20_to_china.company)


def test_the_database_refuses_a_follow_without_its_target(reader):
    with pytest.raises(IntegrityError):
        Follow.objects.create(user=reader, kind=FollowKind.COUNTRY)


def test_the_database_refuses_a_second_follow_of_the_same_target(reader, h20_to_china):
    Follow.objects.create(user=reader, kind=FollowKind.CHIP, chip=h20_to_china.chip)
    with pytest.raises(IntegrityError):
        Follow.objects.create(user=reader, kind=FollowKind.CHIP, chip=h20_to_china.chip)
