"""Fixtures every part of the suite shares: users in each role, a local HTTP server, empty Celery queues."""

import pytest
from django.conf import settings

from tests.servers import LocalServer

ROLES = ["viewer", "analyst", "editor", "admin"]


def pytest_configure(config):
    # The suite's promise is that it talks to the real PostgreSQL; refuse to run quietly on SQLite.
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise pytest.UsageError("set DATABASE_URL to a PostgreSQL database (make test does this)")


@pytest.fixture
def editor(db):
    from django.contrib.auth.models import Group

    from exportwatch.core.roles import sync_roles
    from tests.factories import UserFactory

    sync_roles()  # a flush by an earlier transactional test removes the groups the migration made
    user = UserFactory(username="edith", is_staff=True)
    user.groups.add(Group.objects.get(name="editor"))
    return user


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Real hashing costs a quarter second per user; no test here is about hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def role_users(db):
    """A user in each role group; the groups come from core.roles (created again after a flush)."""
    from django.contrib.auth.models import Group

    from exportwatch.core.roles import sync_roles
    from tests.factories import UserFactory

    sync_roles()
    users = {}
    for role in ROLES:
        user = UserFactory(username=f"{role}-user", is_staff=role in {"editor", "admin"})
        user.groups.add(Group.objects.get(name=role))
        users[role] = user
    return users


@pytest.fixture
def client_as(client, role_users):
    """client_as("analyst") is a test client signed in as that role; "anonymous" stays signed out."""

    def sign_in(role):
        if role != "anonymous":
            client.force_login(role_users[role])
        return client

    return sign_in


@pytest.fixture
def server(settings):
    """A local HTTP server the guarded client may reach, for the polling and source specs."""
    settings.FETCH_ALLOWED_INTERNAL_HOSTS = ["127.0.0.1"]
    settings.FETCH_TIMEOUT_SECONDS = 5
    settings.SCREENING_FETCH_TIMEOUT_SECONDS = 5
    settings.FETCH_MAX_REDIRECTS = 3
    with LocalServer() as local_server:
        yield local_server


@pytest.fixture
def empty_queues():
    """Nothing left in the Celery queues from another test, before or after (for specs with a real worker)."""
    from exportwatch import celery_app

    celery_app.control.purge()
    yield
    celery_app.control.purge()
