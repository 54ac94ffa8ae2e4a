"""record_status_change is the one writer: idempotent, evidence-backed, and it lets editors win."""

import itertools
from datetime import date

import pytest
from django.db import transaction

from exportwatch.licences.models import LicenceApplication, StatusChange
from exportwatch.licences.services import (
    Claim,
    Report,
    ReviewConflict,
    record_status_change,
    record_status_changes,
    review_status_change,
)
from tests.factories import (
    ApplicationFactory,
    AuthorityFactory,
    ChipFactory,
    CountryFactory,
    NewsItemFactory,
    UserFactory,
    record_step,
)

pytestmark = pytest.mark.django_db


def _claim(application, **overrides):
    values = {
        "company": application.company,
        "chip": application.chip,
        "country": application.country,
        "authority": application.authority,
        "status": "granted",
        "event_date": date(2025, 8, 12),
        "date_precision": "day",
        "confidence": 0.8,
    } | overrides
    return Claim(**values)


def test_a_claim_needs_evidence_or_an_editor():
    with pytest.raises(ValueError, match="needs evidence"):
        record_status_change(_claim(ApplicationFactory()))


def test_an_unknown_status_is_refused_before_any_write():
    with pytest.raises(ValueError, match="unknown status 'approved'"):
        _claim(ApplicationFactory(), status="approved")


def test_the_same_item_recorded_twice_changes_nothing():
    application, item = ApplicationFactory(), NewsItemFactory()
    first = record_status_change(_claim(application), news_item=item, sentence="Licences were issued.")
    second = record_status_change(_claim(application), news_item=item, sentence="Licences were issued.")
    assert first.created and not second.created and not second.evidence_created
    assert StatusChange.objects.count() == 1
    assert first.status_change.evidence.count() == 1


def test_syndicated_copies_add_evidence_to_one_step():
    application = ApplicationFactory()
    for _ in range(10):
        record_status_change(_claim(application), news_item=NewsItemFactory(), sentence="Licences were issued.")
    change = StatusChange.objects.get()
    assert change.evidence.count() == 10


def test_a_report_one_day_off_is_another_step():
    application = ApplicationFactory()
    record_status_change(_claim(application), news_item=NewsItemFactory())
    record_status_change(_claim(application, event_date=date(2025, 8, 13)), news_item=NewsItemFactory())
    assert StatusChange.objects.count() == 2


# Reports of one track in every order must leave the same steps and evidence: workers read the news in any order.
REPORTS = [
    {"event_date": date(2025, 8, 11)},
    {"event_date": date(2025, 8, 12), "confidence": 0.9},
    {"event_date": date(2025, 8, 12), "conditions": "end users vetted"},
    {"event_date": date(2025, 8, 13)},
    {"event_date": None, "date_precision": "unknown"},
]


def _steps_after(application, items, order) -> set:
    class Undo(Exception):
        pass

    try:
        with transaction.atomic():
            for index in order:
                record_status_change(_claim(application, **REPORTS[index]), news_item=items[index])
            steps = {(step.event_date, step.date_precision, step.confidence, step.conditions,
                      frozenset(step.evidence.values_list("news_item", flat=True)))
                     for step in StatusChange.objects.all()}
            raise Undo
    except Undo:
        return steps


def test_the_steps_recorded_do_not_depend_on_the_order_of_the_reports():
    application, items = ApplicationFactory(), [NewsItemFactory() for _ in REPORTS]
    outcomes = {frozenset(_steps_after(application, items, order))
                for order in itertools.permutations(range(len(REPORTS)))}
    assert len(outcomes) == 1
    assert len(next(iter(outcomes))) == 4


def test_a_month_precise_report_joins_the_earliest_day_of_its_month_on_file():
    application = ApplicationFactory()
    for day in (20, 9):
        record_status_change(_claim(application, event_date=date(2025, 8, day)), news_item=NewsItemFactory())
    month = record_status_change(_claim(application, event_date=date(2025, 8, 1), date_precision="month"),
                                 news_item=NewsItemFactory())
    assert month.status_change.event_date == date(2025, 8, 9)


def test_a_month_precise_report_joins_a_day_precise_step_in_that_month():
    application = ApplicationFactory()
    record_status_change(_claim(application), news_item=NewsItemFactory())
    record_status_change(
        _claim(application, event_date=date(2025, 8, 1), date_precision="month"), news_item=NewsItemFactory()
    )
    assert StatusChange.objects.get().event_date == date(2025, 8, 12)


def test_a_more_precise_date_refines_an_unreviewed_ingested_step():
    application = ApplicationFactory()
    record_status_change(_claim(application, event_date=date(2025, 8, 1), date_precision="month"),
                         news_item=NewsItemFactory())
    record_status_change(_claim(application), news_item=NewsItemFactory())
    change = StatusChange.objects.get()
    assert (change.event_date, change.date_precision) == (date(2025, 8, 12), "day")


def test_ingestion_never_changes_a_step_an_editor_confirmed():
    application, editor = ApplicationFactory(), UserFactory()
    change = record_status_change(
        _claim(application, event_date=date(2025, 8, 1), date_precision="month", confidence=0.4),
        news_item=NewsItemFactory(),
    ).status_change
    review_status_change(change, decision="confirmed", editor=editor)
    record_status_change(_claim(application, confidence=0.99), news_item=NewsItemFactory())
    change.refresh_from_db()
    assert (change.date_precision, change.confidence, change.review_state) == ("month", 0.4, "confirmed")


def test_new_evidence_for_a_rejected_step_leaves_it_rejected():
    application, editor = ApplicationFactory(), UserFactory()
    change = record_status_change(_claim(application), news_item=NewsItemFactory()).status_change
    review_status_change(change, decision="rejected", editor=editor)
    result = record_status_change(_claim(application), news_item=NewsItemFactory())
    assert not result.created
    assert StatusChange.objects.get().review_state == "rejected"


def test_an_editor_step_is_confirmed_and_names_the_editor():
    editor = UserFactory()
    change = record_status_change(_claim(ApplicationFactory()), editor=editor).status_change
    assert (change.origin, change.review_state, change.recorded_by) == ("editor", "confirmed", editor)


def test_an_ingested_step_waits_for_review():
    change = record_status_change(_claim(ApplicationFactory()), news_item=NewsItemFactory()).status_change
    assert (change.origin, change.review_state) == ("ingested", "unreviewed")


def test_the_track_is_created_on_first_report():
    chip = ChipFactory()
    claim = Claim(company=chip.vendor, chip=chip, country=CountryFactory(code="AE"), authority=AuthorityFactory(),
                  status="granted")
    record_status_change(claim, news_item=NewsItemFactory())
    assert LicenceApplication.objects.get().chip == chip


def test_a_stale_review_decision_is_refused():
    editor = UserFactory()
    change = record_step(ApplicationFactory(), "granted")
    stale = StatusChange.objects.get(pk=change.pk)
    review_status_change(change, decision="confirmed", editor=editor)
    with pytest.raises(ReviewConflict):
        review_status_change(stale, decision="rejected", editor=editor)


class TestCurrentStatus:
    def test_it_is_the_latest_step_by_event_date(self):
        application = ApplicationFactory()
        record_step(application, "granted", date(2025, 8, 12))
        record_step(application, "requirement_imposed", date(2025, 4, 9))
        record_step(application, "applied", date(2025, 7, 14))
        assert application.current_status == "granted"

    def test_on_the_same_date_the_later_report_wins(self):
        application = ApplicationFactory()
        record_step(application, "applied", date(2025, 7, 14))
        record_step(application, "assured", date(2025, 7, 14))
        assert application.current_status == "assured"

    def test_rejected_steps_do_not_count(self):
        application = ApplicationFactory()
        record_step(application, "applied", date(2025, 7, 14))
        granted = record_step(application, "granted", date(2025, 8, 12))
        review_status_change(granted, decision="rejected", editor=UserFactory())
        assert application.current_status == "applied"

    def test_the_database_annotation_agrees_with_the_property(self):
        application = ApplicationFactory()
        record_step(application, "requirement_imposed", date(2025, 4, 9))
        record_step(application, "granted", date(2025, 8, 12))
        annotated = LicenceApplication.objects.with_current_status().get(pk=application.pk)
        assert annotated.current_status_value == application.current_status == "granted"

    def test_a_track_with_no_steps_has_no_status(self):
        assert ApplicationFactory().current_status is None


class TestQuerySets:
    def test_status_changes_for_a_chip_and_country_in_date_order(self):
        application = ApplicationFactory()
        other = ApplicationFactory()
        later = record_step(application, "granted", date(2025, 8, 12))
        earlier = record_step(application, "requirement_imposed", date(2025, 4, 9))
        record_step(other, "granted", date(2025, 1, 1))
        found = StatusChange.objects.for_chip(application.chip).for_country(application.country.code).in_date_order()
        assert list(found) == [earlier, later]

    def test_for_chip_accepts_a_slug(self):
        application = ApplicationFactory()
        change = record_step(application, "granted")
        assert list(StatusChange.objects.for_chip(application.chip.slug)) == [change]

    def test_confirmed_only(self):
        application = ApplicationFactory()
        confirmed = record_step(application, "granted", date(2025, 8, 12))
        record_step(application, "applied", date(2025, 7, 14))
        review_status_change(confirmed, decision="confirmed", editor=UserFactory())
        assert list(StatusChange.objects.confirmed()) == [confirmed]


# --- many reports at once -----------------------------------------------------------------------------------------

def test_a_batch_writes_each_step_once_with_evidence_from_every_item():
    application = ApplicationFactory()
    first, second = NewsItemFactory(), NewsItemFactory()
    recorded = record_status_changes([
        Report(_claim(application), news_item=first, sentence="Licences were issued."),
        Report(_claim(application, confidence=0.9), news_item=second, sentence="The licences came through."),
        Report(_claim(application), news_item=first, sentence="Licences were issued."),
    ])
    step = StatusChange.objects.get()
    assert [r.created for r in recorded] == [True, False, False]
    assert [r.evidence_created for r in recorded] == [True, True, False]
    assert step.confidence == 0.9
    assert step.evidence.count() == 2


def test_a_batch_over_several_tracks_creates_each_track_once():
    application = ApplicationFactory()
    elsewhere = CountryFactory(code="ZZ", name="Zedland")
    claims = [_claim(application, status="applied"), _claim(application, status="applied", country=elsewhere),
              _claim(application, status="applied")]
    record_status_changes([Report(claim, news_item=NewsItemFactory(), sentence="Filed.") for claim in claims])
    assert LicenceApplication.objects.filter(chip=application.chip).count() == 2
    assert StatusChange.objects.filter(chip=application.chip).count() == 2


def test_new_tracks_are_inserted_in_key_order_whatever_order_the_reports_come_in():
    # Two writers inserting the same new tracks in opposite orders would each wait on the other's row.
    application = ApplicationFactory()
    countries = [CountryFactory(code=code, name=f"Land {code}") for code in ("XA", "XB", "XC")]
    claims = [_claim(application, status="applied", country=country) for country in reversed(countries)]
    record_status_changes([Report(claim, news_item=NewsItemFactory(), sentence="Filed.") for claim in claims])
    new_tracks = LicenceApplication.objects.filter(country__in=countries).order_by("id")
    assert [track.country_id for track in new_tracks] == [country.pk for country in countries]


def test_a_batch_merges_into_a_step_already_on_file_and_leaves_an_editors_decision():
    application = ApplicationFactory()
    editor = UserFactory()
    confirmed = record_status_change(_claim(application, confidence=1.0), editor=editor).status_change
    record_status_changes([Report(_claim(application, confidence=0.3, conditions="15% of revenue"),
                                  news_item=NewsItemFactory(), sentence="Licences were issued.")])
    confirmed.refresh_from_db()
    assert (confirmed.confidence, confirmed.conditions, confirmed.review_state) == (1.0, "", "confirmed")
    assert confirmed.evidence.count() == 1
