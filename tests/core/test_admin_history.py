"""The admin's History page shows who or what changed an object, and an editor can revert to an earlier version."""

import pytest
from django.urls import reverse
from pghistory.models import Events

from exportwatch.catalog.models import Company
from exportwatch.core.history import acting_as
from exportwatch.licences.models import ReviewState
from exportwatch.licences.services import review_status_change
from tests.factories import ApplicationFactory, CompanyFactory, UserFactory, record_step

pytestmark = pytest.mark.django_db


def _company_form(company, **changes):
    data = {"name": company.name, "slug": company.slug, "aliases": "\n".join(company.aliases), "website": ""}
    return {**data, "headquarters": "", **changes}


def _latest_event(obj):
    return Events.objects.tracks(obj).order_by("-pgh_id").first()


def _history(client, obj):
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_history", args=[obj.pk])
    return client.get(url).content.decode()


def _revert_url(obj, event):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_revert", args=[obj.pk, event.pgh_id])


def _first_event(obj):
    return obj.pgh_event_model.objects.filter(pgh_obj_id=obj.pk).order_by("pgh_id").first()


def test_a_form_edit_records_the_editor_in_history(client, editor):
    company = CompanyFactory(name="Chipco")
    client.force_login(editor)
    url = reverse("admin:catalog_company_change", args=[company.pk])
    response = client.post(url, _company_form(company, name="Chipco Holdings"))
    assert response.status_code == 302
    event = _latest_event(company)
    assert event.pgh_diff["name"] == ["Chipco", "Chipco Holdings"]
    assert event.pgh_context["actor"] == "user edith"
    assert (event.pgh_context["username"], event.pgh_context["user"]) == ("edith", editor.pk)


def test_the_history_page_names_an_ingest_run_that_changed_the_object(client, editor):
    company = CompanyFactory()
    with acting_as("ingest run 1"):
        company.website = "https://chipco.example"
        company.save()
    client.force_login(editor)
    assert "ingest run 1" in _history(client, company)


def test_the_history_page_names_a_command_that_changed_objects_in_bulk(client, editor):
    companies = CompanyFactory.create_batch(2)
    with acting_as("command x"):
        Company.objects.filter(pk__in=[c.pk for c in companies]).update(website="https://bulk.example")
    client.force_login(editor)
    for company in companies:
        page = _history(client, company)
        assert "command x" in page
        assert "https://bulk.example" in page


def test_revert_restores_the_old_values(client, editor):
    company = CompanyFactory(name="Chipco", aliases=["CHPC"])
    client.force_login(editor)
    url = reverse("admin:catalog_company_change", args=[company.pk])
    assert client.post(url, _company_form(company, name="Renamed")).status_code == 302
    client.post(_revert_url(company, _first_event(company)))
    company.refresh_from_db()
    assert (company.name, company.aliases) == ("Chipco", ["CHPC"])


def test_a_revert_is_itself_recorded_with_the_editor(client, editor):
    company = CompanyFactory(name="Chipco")
    with acting_as("command rename"):
        Company.objects.filter(pk=company.pk).update(name="Renamed")
    client.force_login(editor)
    client.post(_revert_url(company, _first_event(company)))
    event = _latest_event(company)
    assert event.pgh_diff["name"] == ["Renamed", "Chipco"]
    assert event.pgh_context["actor"] == "user edith (revert)"
    assert event.pgh_context["username"] == "edith"


def test_the_revert_page_asks_first_and_changes_nothing(client, editor):
    company = CompanyFactory(name="Chipco")
    with acting_as("command rename"):
        Company.objects.filter(pk=company.pk).update(name="Renamed")
    client.force_login(editor)
    response = client.get(_revert_url(company, _first_event(company)))
    assert "Yes, revert" in response.content.decode()
    company.refresh_from_db()
    assert company.name == "Renamed"


def test_a_status_change_revert_takes_back_only_the_review(client, editor):
    application = ApplicationFactory()
    change = record_step(application, "granted", confidence=0.5)
    inserted = _first_event(change)
    record_step(application, "granted", confidence=0.8)  # a second report raises the confidence
    review_status_change(change, decision=ReviewState.CONFIRMED, editor=UserFactory())
    client.force_login(editor)
    client.post(_revert_url(change, inserted))
    change.refresh_from_db()
    assert (change.review_state, change.reviewed_by, change.confidence) == (ReviewState.UNREVIEWED, None, 0.8)


def test_a_model_the_admin_shows_read_only_cannot_be_reverted(client, editor):
    evidence = record_step(ApplicationFactory(), "applied").evidence.get()
    client.force_login(editor)
    assert client.post(_revert_url(evidence, _first_event(evidence))).status_code == 403
