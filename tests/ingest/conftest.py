"""A local HTTP server the guarded client may reach, for the polling and source specs."""

import pytest

from tests.servers import LocalServer


@pytest.fixture
def server(settings):
    settings.FETCH_ALLOWED_INTERNAL_HOSTS = ["127.0.0.1"]
    settings.FETCH_TIMEOUT_SECONDS = 5
    settings.FETCH_MAX_REDIRECTS = 3
    with LocalServer() as local_server:
        yield local_server
