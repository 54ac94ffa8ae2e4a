"""Email settings come from the environment: the console by default, SMTP once a host is given."""

import os
import subprocess
import sys

from tests.ingest.worker import ROOT

PRINT_BACKEND = "from django.conf import settings; print(settings.EMAIL_BACKEND)"


def _settings_with(**env) -> subprocess.CompletedProcess:
    plain = {name: value for name, value in os.environ.items() if not name.startswith("EMAIL_")}
    env = plain | {"DJANGO_SETTINGS_MODULE": "exportwatch.settings"} | env
    return subprocess.run([sys.executable, "-c", PRINT_BACKEND], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_emails_go_to_the_console_by_default():
    assert _settings_with().stdout.strip() == "django.core.mail.backends.console.EmailBackend"


def test_an_smtp_host_in_the_environment_sends_through_it():
    assert _settings_with(EMAIL_HOST="smtp.example.org").stdout.strip() == "django.core.mail.backends.smtp.EmailBackend"


def test_ssl_and_starttls_at_once_stop_the_process():
    result = _settings_with(EMAIL_USE_SSL="1", EMAIL_USE_TLS="1")
    assert result.returncode != 0
    assert "EMAIL_USE_SSL and EMAIL_USE_TLS cannot both be on" in result.stderr
