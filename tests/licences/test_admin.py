"""Licence admin: steps go through the one writer, reviews through compare-and-set, and the review queue."""

from datetime import date

import pytest
from django.contrib import admin
from django.urls import reverse

from exportwatch.licences import admin as licences_admin
from exportwatch.licences.models import Evidence, LicenceApplication, Origin, ReviewState, StatusChange
from exportwatch.licences.services import ReviewConflict
from tests.factories import ApplicationFactory, record_step

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:licences_statuschange_changelist"


def _run_action(client, action, changes):
    data = {"action": action, "_selected_action": [change.pk for change in changes]}
    return client.post(reverse(CHANGELIST), data, follow=True)


def _review_states(changes):
    return [StatusChange.objects.get(pk=change.pk).review_state for change in changes]


def _inline_management(prefix, total, initial):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _application_form(application, steps):
    """POST data for the application page: the note plus one inline row per dict in `steps`."""
    prefix = "status_changes"
    existing = [step for step in steps if "id" in step]
    data = {"note": application.note, **_inline_management(prefix, len(steps), len(existing))}
    for index, step in enumerate(steps):
        data.update({f"{prefix}-{index}-{name}": value for name, value in step.items()})
        data[f"{prefix}-{index}-application"] = application.pk
    return data


def _existing_row(change, **changes):
    row = {
        "id": change.pk,
        "status": change.status,
        "event_date": change.event_date.isoformat(),
        "date_precision": change.date_precision,
        "conditions": change.conditions,
        "note": change.note,
        "review_state": change.review_state,
        "seen_review_state": change.review_state,
    }
    return {**row, **changes}


@pytest.fixture
def steps():
    application = ApplicationFactory()
    return [
        record_step(application, status, date(2025, month, 1), confidence=0.5)
        for month, status in ((4, "requirement_imposed"), (7, "applied"), (8, "granted"))
    ]


def test_confirm_confirms_the_selected_steps_and_no_others(client, editor, steps):
    client.force_login(editor)
    _run_action(client, "confirm", steps[:2])
    assert _review_states(steps) == [ReviewState.CONFIRMED, ReviewState.CONFIRMED, ReviewState.UNREVIEWED]


def test_reject_rejects_the_selected_step_and_names_the_editor(client, editor, steps):
    client.force_login(editor)
    _run_action(client, "reject", steps[1:2])
    rejected = StatusChange.objects.get(pk=steps[1].pk)
    assert (rejected.review_state, rejected.reviewed_by) == (ReviewState.REJECTED, editor)
    assert _review_states([steps[0], steps[2]]) == [ReviewState.UNREVIEWED, ReviewState.UNREVIEWED]


def test_a_review_conflict_is_reported_and_the_other_steps_are_still_reviewed(client, editor, steps, monkeypatch):
    real_review = licences_admin.review_status_change

    def someone_else_got_there_first(change, **kwargs):
        if change.pk == steps[0].pk:
            raise ReviewConflict(f"status change #{change.pk} was reviewed by someone else meanwhile; reload it")
        return real_review(change, **kwargs)

    monkeypatch.setattr(licences_admin, "review_status_change", someone_else_got_there_first)
    client.force_login(editor)
    response = _run_action(client, "confirm", steps)
    messages = [str(message) for message in response.context["messages"]]
    assert f"status change #{steps[0].pk} was reviewed by someone else meanwhile; reload it" in messages
    assert _review_states(steps) == [ReviewState.UNREVIEWED, ReviewState.CONFIRMED, ReviewState.CONFIRMED]


def test_the_review_queue_lists_only_unreviewed_steps(client, editor, steps):
    record_step(ApplicationFactory(), "denied", editor=editor)  # an editor's step starts confirmed
    client.force_login(editor)
    response = client.get(reverse("admin:licences_statuschange_review_queue"), follow=True)
    listed = {change.pk for change in response.context["cl"].result_list}
    assert listed == {change.pk for change in steps}


def test_the_low_confidence_filter_lists_only_steps_below_the_threshold(client, editor, settings):
    settings.REVIEW_CONFIDENCE_THRESHOLD = 0.7
    application = ApplicationFactory()
    doubtful = record_step(application, "applied", confidence=0.4)
    record_step(application, "granted", confidence=0.9)
    client.force_login(editor)
    response = client.get(reverse(CHANGELIST), {"queue": "low"})
    assert [change.pk for change in response.context["cl"].result_list] == [doubtful.pk]


def test_the_changelist_shows_the_evidence_sentence_and_source_link(client, editor):
    change = record_step(ApplicationFactory(), "granted", sentence="Washington granted the licences.")
    client.force_login(editor)
    page = client.get(reverse(CHANGELIST)).content.decode()
    assert "Washington granted the licences." in page
    assert change.evidence.get().news_item.url in page


def test_a_new_inline_step_is_recorded_by_the_service_for_the_editor(client, editor):
    application = ApplicationFactory()
    client.force_login(editor)
    new_row = {"status": "applied", "event_date": "2025-07-14", "date_precision": "day", "conditions": "", "note": ""}
    url = reverse("admin:licences_licenceapplication_change", args=[application.pk])
    assert client.post(url, _application_form(application, [new_row])).status_code == 302
    change = application.status_changes.get()
    assert (change.origin, change.recorded_by, change.review_state) == (Origin.EDITOR, editor, ReviewState.CONFIRMED)


def test_an_inline_step_with_a_date_but_unknown_precision_is_refused(client, editor):
    application = ApplicationFactory()
    client.force_login(editor)
    new_row = {"status": "applied", "event_date": "2025-07-14", "date_precision": "unknown"}
    url = reverse("admin:licences_licenceapplication_change", args=[application.pk])
    assert client.post(url, _application_form(application, [new_row])).status_code == 200
    assert not application.status_changes.exists()


def test_an_existing_inline_step_takes_a_review_but_keeps_its_status(client, editor, steps):
    application = steps[0].application
    rows = [_existing_row(steps[0], status="denied", review_state="rejected"), *map(_existing_row, steps[1:])]
    client.force_login(editor)
    url = reverse("admin:licences_licenceapplication_change", args=[application.pk])
    assert client.post(url, _application_form(application, rows)).status_code == 302
    step = StatusChange.objects.get(pk=steps[0].pk)
    assert (step.status, step.review_state, step.reviewed_by) == ("requirement_imposed", "rejected", editor)


def test_the_add_form_records_a_step_through_the_service(client, editor):
    application = ApplicationFactory()
    client.force_login(editor)
    data = {
        "application": application.pk,
        "status": "granted",
        "event_date": "2025-08-08",
        "date_precision": "day",
        "conditions": "15% revenue share",
        "note": "",
        **_inline_management("evidence", 0, 0),
    }
    assert client.post(reverse("admin:licences_statuschange_add"), data).status_code == 302
    change = application.status_changes.get()
    assert (change.origin, change.recorded_by, change.conditions) == (Origin.EDITOR, editor, "15% revenue share")


@pytest.mark.parametrize("model", [StatusChange, Evidence])
def test_append_only_rows_cannot_be_deleted_in_the_admin(client, editor, rf, model):
    request = rf.get("/")
    request.user = editor
    assert not admin.site._registry[model].has_delete_permission(request)


def test_an_application_shows_its_current_status(client, editor, steps):
    client.force_login(editor)
    page = client.get(reverse("admin:licences_licenceapplication_changelist")).content.decode()
    assert "Granted" in page
    detail = client.get(reverse("admin:licences_licenceapplication_change", args=[steps[0].application.pk]))
    assert "Granted" in detail.content.decode()


def test_the_application_changelist_counts_a_rejected_step_out_of_the_current_status(client, editor, steps):
    client.force_login(editor)
    _run_action(client, "reject", steps[2:])
    response = client.get(reverse("admin:licences_licenceapplication_changelist"))
    (application,) = response.context["cl"].result_list
    assert isinstance(application, LicenceApplication)
    assert application.current_status_value == "applied"


def _change_form(change, **review):
    """POST data for a step's own page: its review fields plus the read-only evidence rows."""
    evidence = list(change.evidence.order_by("id"))
    data = {"review_state": change.review_state, "seen_review_state": change.review_state, "note": change.note}
    data.update(review)
    data.update(_inline_management("evidence", len(evidence), len(evidence)))
    data.update({f"evidence-{index}-id": item.pk for index, item in enumerate(evidence)})
    data.update({f"evidence-{index}-status_change": change.pk for index in range(len(evidence))})
    return data


def test_the_change_form_records_a_review_decision_and_note(client, editor, steps):
    client.force_login(editor)
    url = reverse("admin:licences_statuschange_change", args=[steps[0].pk])
    assert client.post(url, _change_form(steps[0], review_state="rejected", note="Rumour only")).status_code == 302
    step = StatusChange.objects.get(pk=steps[0].pk)
    assert (step.review_state, step.note, step.reviewed_by) == ("rejected", "Rumour only", editor)


def test_a_review_that_crossed_another_editors_decision_is_refused_with_a_message(client, editor, steps):
    from exportwatch.licences.services import review_status_change
    from tests.factories import UserFactory

    seen = _change_form(steps[0], review_state="rejected")  # the page as our editor loaded it
    review_status_change(steps[0], decision=ReviewState.CONFIRMED, editor=UserFactory(username="otto"))
    client.force_login(editor)
    url = reverse("admin:licences_statuschange_change", args=[steps[0].pk])
    response = client.post(url, seen, follow=True)
    messages = [str(message) for message in response.context["messages"]]
    assert any("reviewed by someone else meanwhile" in message for message in messages)
    assert StatusChange.objects.get(pk=steps[0].pk).review_state == ReviewState.CONFIRMED


def test_a_news_url_that_is_not_http_is_never_made_a_link(client, editor):
    from tests.factories import NewsItemFactory

    item = NewsItemFactory(url="javascript:alert(1)", canonical_url="https://news.example/odd")
    record_step(ApplicationFactory(), "granted", news_item=item)
    client.force_login(editor)
    assert 'href="javascript:' not in client.get(reverse(CHANGELIST)).content.decode()
