"""Who gets what on the screening-list pages: public like every page unless REQUIRE_LOGIN, CSV and JSON for analysts
and up, the admin for editors and admins, and what came from the file read-only there."""

import io

import pytest
from django.urls import reverse

from exportwatch.ingest.screening_list import load_file
from exportwatch.screening.models import ListedEntity, ScreeningLoad
from tests.conftest import ROLES

from .list_files import CONSOLIDATED_JSON

pytestmark = pytest.mark.django_db

ALL_ROLES = ["anonymous", *ROLES]
EXPORT_STATUS = {"anonymous": 302, "viewer": 403, "analyst": 200, "editor": 200, "admin": 200}
JSON_STATUS = {"anonymous": 401, "viewer": 403, "analyst": 200, "editor": 200, "admin": 200}
ADMIN_STATUS = {"anonymous": 302, "viewer": 302, "analyst": 302, "editor": 200, "admin": 200}
LOGIN_MIDDLEWARE = "exportwatch.core.access.LoginRequiredBySettingMiddleware"


@pytest.fixture
def loaded():
    load_file(io.BytesIO(CONSOLIDATED_JSON))
    return ScreeningLoad.objects.get()


def pages(load) -> list[str]:
    return ["/screening/loads/", f"/screening/loads/{load.pk}/", f"/screening/loads/{load.pk}/?kind=added",
            "/screening/entities/", "/screening/entities/?country=CN", "/companies/huawei/", "/countries/cn/"]


def admin_pages(load) -> list[str]:
    entity = ListedEntity.objects.get(entry_id="36512")
    return [reverse("admin:screening_screeningload_changelist"), reverse("admin:screening_listedentity_changelist"),
            reverse("admin:screening_listingchange_changelist"),
            reverse("admin:screening_screeningload_change", args=[load.pk]),
            reverse("admin:screening_listedentity_change", args=[entity.pk])]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_screening_page_is_public_by_default(client_as, loaded, role):
    client = client_as(role)
    assert {url: client.get(url).status_code for url in pages(loaded)} == {url: 200 for url in pages(loaded)}


def test_require_login_sends_anonymous_visitors_to_login(client_as, loaded, settings):
    settings.REQUIRE_LOGIN = True
    if LOGIN_MIDDLEWARE not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [*settings.MIDDLEWARE, LOGIN_MIDDLEWARE]
    client = client_as("anonymous")
    for url in [*pages(loaded), "/screening/entities/export/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url
    assert client_as("viewer").get("/screening/entities/").status_code == 200


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_entities_csv_needs_the_export_permission(client_as, loaded, role):
    response = client_as(role).get("/screening/entities/export/")
    assert response.status_code == EXPORT_STATUS[role]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_entities_json_needs_the_export_permission(client_as, loaded, role):
    response = client_as(role).get("/screening/entities/?format=json")
    assert response.status_code == JSON_STATUS[role]
    if response.status_code == 200:
        assert {row["name"] for row in response.json()["results"]} >= {"Huawei Technologies Co., Ltd."}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_screening_admin_is_for_editors_and_admins(client_as, loaded, role):
    client = client_as(role)
    for url in admin_pages(loaded):
        assert client.get(url).status_code == ADMIN_STATUS[role], url


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_in_the_admin_a_load_is_read_only_and_nothing_is_added_or_deleted(client_as, loaded, role):
    client = client_as(role)
    entity = ListedEntity.objects.get(entry_id="36512")
    assert b'name="state"' not in client.get(reverse("admin:screening_screeningload_change", args=[loaded.pk])).content
    assert client.get(reverse("admin:screening_listedentity_add")).status_code == 403
    assert client.get(reverse("admin:screening_listedentity_delete", args=[entity.pk])).status_code == 403
    assert client.get(reverse("admin:screening_screeningload_delete", args=[loaded.pk])).status_code == 403


def test_an_editor_links_an_entity_to_a_company_and_the_history_keeps_who(client_as, loaded):
    from exportwatch.catalog.models import Company

    client = client_as("editor")
    entity = ListedEntity.objects.get(name="Applied Science Institute of Novosibirsk")
    company = Company.objects.get(slug="applied-materials")
    url = reverse("admin:screening_listedentity_change", args=[entity.pk])
    response = client.post(url, {"company": company.pk, "name": "edited name is ignored"})
    assert response.status_code == 302
    entity.refresh_from_db()
    assert (entity.company, entity.name) == (company, "Applied Science Institute of Novosibirsk")
    assert entity.pgh_event_model.objects.get(pgh_obj=entity).pgh_context.metadata["username"] == "editor-user"
