"""Every tracked write is kept with who or what made it, including bulk writes outside requests."""

import pytest

from exportwatch.catalog.models import Company
from exportwatch.core.history import acting_as
from tests.factories import CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db


def _last_event(company):
    return company.events.order_by("pgh_id").last()


def test_a_change_inside_an_ingest_run_names_the_run():
    company = CompanyFactory(name="Chipco")
    with acting_as("ingest run 7"):
        Company.objects.filter(pk=company.pk).update(website="https://chipco.example")
    event = _last_event(company)
    assert event.pgh_label == "update"
    assert event.pgh_context.metadata["actor"] == "ingest run 7"


def test_a_bulk_update_by_a_command_records_one_event_per_row():
    companies = CompanyFactory.create_batch(3)
    with acting_as("command fix_websites"):
        Company.objects.filter(pk__in=[c.pk for c in companies]).update(website="https://example.org")
    for company in companies:
        assert _last_event(company).pgh_context.metadata["actor"] == "command fix_websites"


def test_a_person_acting_outside_a_request_is_named():
    editor = UserFactory(username="edith")
    company = CompanyFactory()
    with acting_as("user edith", user=editor):
        company.aliases = ["Chipco Inc"]
        company.save()
    metadata = _last_event(company).pgh_context.metadata
    assert (metadata["username"], metadata["user"]) == ("edith", editor.pk)


def test_a_deletion_is_kept_too():
    company = CompanyFactory()
    pk = company.pk
    with acting_as("command cleanup"):
        company.delete()
    deleted = Company.pgh_event_models["delete"].objects.get(pgh_obj_id=pk, pgh_label="delete")
    assert deleted.pgh_context.metadata["actor"] == "command cleanup"
