import pytest
from django.conf import settings


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
