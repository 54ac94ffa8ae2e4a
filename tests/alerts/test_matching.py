"""Which steps alert whom: confirmed steps, confirmed after the follow began, about what the follow names."""

from datetime import date

import pytest
from django.db import IntegrityError

from exportwatch.alerts.matching import record_alerts
from exportwatch.alerts.models import Alert, FollowKind
from exportwatch.alerts.services import follow
from exportwatch.licences.models import ReviewState, Status
from exportwatch.licences.services import review_status_change
from tests.factories import ApplicationFactory, CountryFactory, UserFactory, record_step

pytestmark = pytest.mark.django_db


def _alerted(user) -> set[int]:
    return set(Alert.objects.filter(user=user).values_list("step_id", flat=True))


def test_a_step_confirmed_after_the_follow_becomes_an_alert(reader, reader_follows_h20_to_china, new_confirmed_step):
    step = new_confirmed_step()
    record_alerts()
    assert _alerted(reader) == {step.pk}


def test_an_unreviewed_step_is_not_an_alert(reader, reader_follows_h20_to_china, h20_to_china):
    record_step(h20_to_china, Status.APPLIED, date(2025, 7, 14))
    record_alerts()
    assert _alerted(reader) == set()


def test_a_rejected_step_is_not_an_alert(reader, reader_follows_h20_to_china, h20_to_china, editor):
    step = record_step(h20_to_china, Status.REVOKED, date(2025, 9, 1))
    review_status_change(step, decision=ReviewState.REJECTED, editor=editor)
    record_alerts()
    assert _alerted(reader) == set()


def test_a_step_confirmed_before_the_follow_is_not_an_alert(reader, h20_to_china, new_confirmed_step):
    new_confirmed_step()
    follow(reader, FollowKind.CHIP_COUNTRY, {"chip": h20_to_china.chip, "country": h20_to_china.country})
    record_alerts()
    assert _alerted(reader) == set()


def test_a_step_reported_before_the_follow_and_confirmed_after_it_is_an_alert(reader, h20_to_china, confirm):
    step = record_step(h20_to_china, Status.APPLIED, date(2025, 7, 14))
    follow(reader, FollowKind.CHIP_COUNTRY, {"chip": h20_to_china.chip, "country": h20_to_china.country})
    confirm(step)
    record_alerts()
    assert _alerted(reader) == {step.pk}


def test_a_step_an_editor_records_is_confirmed_and_alerts_at_once(reader, reader_follows_h20_to_china, h20_to_china,
                                                                   editor):
    step = record_step(h20_to_china, Status.ASSURED, date(2025, 7, 15), editor=editor)
    record_alerts()
    assert _alerted(reader) == {step.pk}


def test_a_chip_to_country_follow_ignores_the_chips_other_destinations(reader, reader_follows_h20_to_china,
                                                                       new_confirmed_step, h20_to_china):
    h20_to_india = ApplicationFactory(company=h20_to_china.company, chip=h20_to_china.chip,
                                      country=CountryFactory(code="IN", name="India"), authority=h20_to_china.authority)
    new_confirmed_step(track=h20_to_india)
    record_alerts()
    assert _alerted(reader) == set()


@pytest.mark.parametrize("kind", ["chip", "country", "company", "track"])
def test_each_kind_of_follow_covers_its_own_steps_only(reader, new_confirmed_step, h20_to_china, h100_to_uae, kind):
    targets = {
        "chip": (FollowKind.CHIP, {"chip": h20_to_china.chip}),
        "country": (FollowKind.COUNTRY, {"country": h20_to_china.country}),
        "company": (FollowKind.COMPANY, {"company": h20_to_china.company}),
        "track": (FollowKind.TRACK, {"application": h20_to_china}),
    }
    follow(reader, *targets[kind])
    h20_step, h100_step = new_confirmed_step(), new_confirmed_step(track=h100_to_uae)
    record_alerts()
    expected = {h20_step.pk, h100_step.pk} if kind == "company" else {h20_step.pk}  # Nvidia makes both
    assert _alerted(reader) == expected


def test_a_saved_list_of_steps_covers_the_steps_its_filters_keep(reader, new_confirmed_step, h20_to_china):
    follow(reader, FollowKind.SAVED_LIST, {"list_url": "/changes/?status=granted"})
    granted, denied = new_confirmed_step(status=Status.GRANTED), new_confirmed_step(status=Status.DENIED)
    record_alerts()
    assert _alerted(reader) == {granted.pk}
    assert denied.pk not in _alerted(reader)


@pytest.mark.parametrize("list_url", ["/chips/?q=H100", "/applications/?country=AE"])
def test_a_saved_list_of_chips_or_tracks_covers_the_steps_of_what_it_lists(reader, new_confirmed_step, h100_to_uae,
                                                                           list_url):
    follow(reader, FollowKind.SAVED_LIST, {"list_url": list_url})
    new_confirmed_step()
    h100_step = new_confirmed_step(track=h100_to_uae)
    record_alerts()
    assert _alerted(reader) == {h100_step.pk}


def test_two_follows_covering_one_step_give_one_alert(reader, reader_follows_h20_to_china, h20_to_china,
                                                      new_confirmed_step):
    follow(reader, FollowKind.CHIP, {"chip": h20_to_china.chip})
    new_confirmed_step()
    record_alerts()
    assert Alert.objects.filter(user=reader).count() == 1


def test_recording_again_adds_nothing(reader, reader_follows_h20_to_china, new_confirmed_step):
    new_confirmed_step()
    record_alerts()
    record_alerts()
    assert Alert.objects.filter(user=reader).count() == 1


def test_every_follower_gets_the_step(reader, reader_follows_h20_to_china, h20_to_china, new_confirmed_step):
    other = UserFactory(username="other-reader", email="other@example.org")
    follow(other, FollowKind.CHIP, {"chip": h20_to_china.chip})
    step = new_confirmed_step()
    record_alerts()
    assert _alerted(reader) == _alerted(other) == {step.pk}


def test_the_database_refuses_a_second_alert_for_the_same_user_and_step(reader, new_confirmed_step):
    step = new_confirmed_step()
    Alert.objects.create(user=reader, step=step)
    with pytest.raises(IntegrityError):
        Alert.objects.create(user=reader, step=step)
