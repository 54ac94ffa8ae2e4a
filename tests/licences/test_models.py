"""Database constraints hold against bad writes, whoever makes them."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from exportwatch.catalog.models import Country
from exportwatch.licences.models import Evidence, LicenceApplication, StatusChange
from tests.factories import ApplicationFactory, NewsItemFactory, UserFactory, record_step

pytestmark = pytest.mark.django_db


def _raw_change(application, **overrides):
    values = {
        "application": application,
        "company": application.company,
        "chip": application.chip,
        "country": application.country,
        "authority": application.authority,
        "status": "granted",
        "event_date": date(2025, 8, 1),
        "date_precision": "day",
        "reported_at": timezone.now(),
        "origin": "ingested",
    } | overrides
    return StatusChange(**values)


def _refused(obj):
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()


def test_a_status_outside_the_vocabulary_is_refused():
    _refused(_raw_change(ApplicationFactory(), status="approved"))


def test_a_confidence_above_one_is_refused():
    _refused(_raw_change(ApplicationFactory(), confidence=1.5))


def test_a_dated_change_must_not_claim_unknown_precision():
    _refused(_raw_change(ApplicationFactory(), date_precision="unknown"))


def test_an_undated_change_must_say_its_precision_is_unknown():
    _refused(_raw_change(ApplicationFactory(), event_date=None, date_precision="day"))


def test_an_editor_change_must_name_its_editor():
    _refused(_raw_change(ApplicationFactory(), origin="editor", recorded_by=None))


def test_the_same_ingested_step_cannot_be_written_twice():
    application = ApplicationFactory()
    _raw_change(application).save()
    _refused(_raw_change(application))


def test_a_track_is_unique_per_company_chip_country_and_authority():
    application = ApplicationFactory()
    duplicate = LicenceApplication(
        company=application.company, chip=application.chip, country=application.country, authority=application.authority
    )
    _refused(duplicate)


def test_one_news_item_is_evidence_for_a_change_only_once():
    change = record_step(ApplicationFactory(), "granted")
    item = change.evidence.get().news_item
    _refused(Evidence(status_change=change, news_item=item, sentence="again"))


def test_a_country_code_must_be_two_capital_letters():
    _refused(Country(code="cn", name="lower case"))


def test_a_recorded_step_cannot_change_its_status():
    change = record_step(ApplicationFactory(), "granted")
    with pytest.raises(Exception, match="step_is_append_only"), transaction.atomic():
        StatusChange.objects.filter(pk=change.pk).update(status="denied")


def test_a_recorded_step_cannot_be_deleted():
    change = record_step(ApplicationFactory(), "granted", editor=UserFactory())
    with pytest.raises(Exception, match="step_is_never_deleted"), transaction.atomic():
        StatusChange.objects.filter(pk=change.pk).delete()


def test_a_recorded_step_keeps_who_recorded_it():
    change = record_step(ApplicationFactory(), "granted", editor=UserFactory())
    with pytest.raises(Exception, match="step_is_append_only"), transaction.atomic():
        StatusChange.objects.filter(pk=change.pk).update(recorded_by=UserFactory())


def test_evidence_cannot_be_rewritten():
    evidence = record_step(ApplicationFactory(), "granted").evidence.get()
    with pytest.raises(Exception, match="evidence_is_append_only"), transaction.atomic():
        Evidence.objects.filter(pk=evidence.pk).update(sentence="A different sentence.")


def test_evidence_cannot_be_deleted():
    evidence = record_step(ApplicationFactory(), "granted").evidence.get()
    with pytest.raises(Exception, match="evidence_is_never_deleted"), transaction.atomic():
        Evidence.objects.filter(pk=evidence.pk).delete()


def test_review_fields_of_a_step_can_change():
    change = record_step(ApplicationFactory(), "granted", confidence=0.5)
    StatusChange.objects.filter(pk=change.pk).update(review_state="confirmed", confidence=F("confidence") + 0.1)
    change.refresh_from_db()
    assert change.review_state == "confirmed"


def test_evidence_keeps_its_news_item():
    change = record_step(ApplicationFactory(), "granted", news_item=NewsItemFactory(url="https://news.example/a"))
    assert change.evidence.get().news_item.url == "https://news.example/a"
