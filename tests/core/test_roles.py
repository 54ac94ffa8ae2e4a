"""The four role groups carry exactly their permissions, and only editors and admins get into the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from exportwatch.core.roles import NEVER_GRANTED, ROLES
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def _granted(role: str) -> set[str]:
    rows = Group.objects.get(name=role).permissions.values_list("content_type__app_label", "codename")
    return {f"{app_label}.{codename}" for app_label, codename in rows}


def _staff_user_in(role: str):
    user = UserFactory(username=f"{role}-staff", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.mark.parametrize("role", ["viewer", "analyst", "editor"])
def test_a_role_group_has_exactly_the_permissions_its_definition_lists(role):
    assert _granted(role) == ROLES[role]


def test_the_admin_group_has_every_permission_of_the_product_but_rewriting_history():
    apps = ("catalog", "licences", "ingest")
    every = Permission.objects.filter(content_type__app_label__in=apps).select_related("content_type")
    product = {f"{p.content_type.app_label}.{p.codename}" for p in every if not p.codename.endswith("event")}
    history = {f"{p.content_type.app_label}.{p.codename}" for p in every if p.codename.endswith("event")}
    assert product - NEVER_GRANTED <= _granted("admin")
    assert {name for name in history if ".view_" not in name}.isdisjoint(_granted("admin"))


def test_not_even_the_admin_group_may_delete_the_record():
    assert not _granted("admin") & NEVER_GRANTED
    assert {"ingest.delete_newsitem", "ingest.delete_ingestrun", "licences.delete_evidence"} <= NEVER_GRANTED


def test_the_admin_group_cannot_raise_its_own_rights_or_wipe_its_traces():
    granted = _granted("admin")
    assert {"auth.view_user", "axes.view_accesslog", "pghistory.view_events"} <= granted
    escalation = {"auth.change_user", "auth.add_user", "auth.change_group", "auth.change_permission"}
    traces = {"axes.delete_accesslog", "axes.delete_accessfailurelog", "pghistory.delete_events",
              "admin.delete_logentry"}
    assert not granted & (escalation | traces)


def test_an_admin_may_unlock_a_locked_out_user():
    assert "axes.delete_accessattempt" in _granted("admin")


def test_a_staff_admin_cannot_make_itself_superuser(client):
    admin_user = _staff_user_in("admin")
    client.force_login(admin_user)
    response = client.post(reverse("admin:auth_user_change", args=[admin_user.pk]),
                           {"username": admin_user.username, "is_active": "on", "is_staff": "on",
                            "is_superuser": "on"})
    admin_user.refresh_from_db()
    assert response.status_code == 403
    assert not admin_user.is_superuser


def test_a_viewer_reads_the_catalogue_and_licences_but_cannot_export():
    granted = _granted("viewer")
    assert {"catalog.view_chipsku", "licences.view_statuschange"} <= granted
    assert "licences.export_statuschange" not in granted


def test_an_analyst_may_export_but_not_edit():
    granted = _granted("analyst")
    assert "licences.export_statuschange" in granted
    assert not any(name.split(".")[1].startswith(("add_", "change_", "delete_")) for name in granted)


def test_an_editor_reviews_and_tends_the_ingest_queue_but_deletes_nothing():
    granted = _granted("editor")
    assert {"licences.change_statuschange", "ingest.change_source", "ingest.change_chipcandidate"} <= granted
    assert "ingest.change_ingestrun" not in granted
    assert not any(".delete_" in name for name in granted)


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_a_staff_user_who_is_only_a_viewer_or_analyst_cannot_open_the_admin(client, role):
    client.force_login(_staff_user_in(role))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_a_staff_editor_or_admin_opens_the_admin(client, role):
    client.force_login(_staff_user_in(role))
    assert client.get(reverse("admin:index")).status_code == 200


def test_create_demo_users_makes_one_user_per_role_in_its_group(capsys):
    call_command("create_demo_users")
    for role in ROLES:
        user = User.objects.get(username=role)
        assert list(user.groups.values_list("name", flat=True)) == [role]


def test_create_demo_users_lets_only_editors_and_admins_into_the_admin(capsys):
    call_command("create_demo_users")
    staff = set(User.objects.filter(username__in=ROLES, is_staff=True).values_list("username", flat=True))
    assert staff == {"editor", "admin"}


def test_create_demo_users_prints_a_working_random_password_for_each_user(capsys):
    call_command("create_demo_users")
    passwords = _printed_passwords(capsys.readouterr().out)
    assert set(passwords) == set(ROLES)
    assert len(set(passwords.values())) == len(ROLES)
    for username, password in passwords.items():
        assert User.objects.get(username=username).check_password(password)


def test_create_demo_users_leaves_an_existing_user_of_that_name_alone(capsys):
    existing = UserFactory(username="admin", is_superuser=True)
    existing.set_password("a-password-its-owner-chose")
    existing.save()
    call_command("create_demo_users")
    existing.refresh_from_db()
    assert existing.check_password("a-password-its-owner-chose")
    assert existing.is_superuser
    assert "exists already, left as it is" in capsys.readouterr().out


def test_create_demo_users_with_reset_gives_new_passwords(capsys):
    call_command("create_demo_users")
    first = _printed_passwords(capsys.readouterr().out)
    call_command("create_demo_users", "--reset")
    second = _printed_passwords(capsys.readouterr().out)
    user = User.objects.get(username="editor")
    assert not user.check_password(first["editor"])
    assert user.check_password(second["editor"])


def _printed_passwords(output: str) -> dict[str, str]:
    rows = (line.split() for line in output.splitlines() if line.startswith("  "))
    return {row[0]: row[1] for row in rows if len(row) == 2}
