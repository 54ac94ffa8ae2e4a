"""Settings come from the environment through typed helpers that refuse nonsense."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from exportwatch.settings import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("raw,expected", [("1", True), ("yes", True), ("ON", True), ("0", False), ("off", False)])
def test_a_boolean_accepts_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG") is expected


def test_a_boolean_that_is_neither_stops_the_process(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG='maybe' is not a boolean"):
        env_bool("DEBUG")


def test_a_number_outside_its_range_is_refused(monkeypatch):
    monkeypatch.setenv("FETCH_TIMEOUT_SECONDS", "0")
    with pytest.raises(ImproperlyConfigured, match="outside the allowed range"):
        env_int("FETCH_TIMEOUT_SECONDS", 20, minimum=1)


def test_a_number_that_is_not_one_is_refused(monkeypatch):
    monkeypatch.setenv("FETCH_TIMEOUT_SECONDS", "twenty")
    with pytest.raises(ImproperlyConfigured, match="is not a whole number"):
        env_int("FETCH_TIMEOUT_SECONDS", 20)


def test_a_list_ignores_blank_entries(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "a.example, ,b.example,")
    assert env_list("ALLOWED_HOSTS") == ["a.example", "b.example"]


def _manage(*args, **env):
    full_env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}} | env
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120
    )


def test_the_process_refuses_to_start_with_a_nonsense_boolean():
    result = _manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="a-long-random-production-secret-" + "x" * 40,
        ALLOWED_HOSTS="exportwatch.example",
        SECURE="1",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_server_on_postgresql_refuses_to_start_without_a_secret():
    result = _manage("check", DATABASE_URL="postgres://postgres@localhost:5432/exportwatch")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_the_embedded_demo_runs_without_a_secret(tmp_path):
    result = _manage("check", DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    assert result.returncode == 0, result.stderr


def test_the_celery_hard_limit_stays_below_the_broker_visibility_timeout():
    from django.conf import settings

    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > settings.CELERY_TASK_TIME_LIMIT
    assert settings.CELERY_TASK_SERIALIZER == "json" and settings.CELERY_ACCEPT_CONTENT == ["json"]


def _review_threshold(**env) -> float:
    code = ("import django; django.setup(); from django.conf import settings; "
            "print(settings.REVIEW_CONFIDENCE_THRESHOLD)")
    full_env = {k: v for k, v in os.environ.items() if k != "REVIEW_CONFIDENCE_PERCENT"} | env
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env=full_env | {"DJANGO_SETTINGS_MODULE": "exportwatch.settings"})
    return float(result.stdout.strip())


def test_the_review_threshold_defaults_to_the_learned_scorers_own():
    from exportwatch.ingest.extraction.scorer import shipped_scorer

    assert _review_threshold() == round(shipped_scorer().review_threshold, 2)


def test_the_review_threshold_can_be_set_in_the_environment():
    assert _review_threshold(REVIEW_CONFIDENCE_PERCENT="70") == 0.7


def test_options_in_the_database_url_are_kept():
    code = ("import django; django.setup(); from django.conf import settings; "
            "print(settings.DATABASES['default']['OPTIONS'])")
    url = "postgres://postgres@localhost:5432/exportwatch?sslmode=verify-full&sslrootcert=/etc/ssl/root.crt"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env=os.environ | {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "exportwatch.settings"})
    options = result.stdout
    assert "'sslmode': 'verify-full'" in options and "'sslrootcert': '/etc/ssl/root.crt'" in options
    assert "pgtrigger.ignore" in options


def test_compose_publishes_the_proxy_trusting_web_server_only_on_the_local_host():
    compose = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert "BEHIND_PROXY: ${BEHIND_PROXY:-1}" in compose
    assert '- "127.0.0.1:8000:8000"' in compose
    assert '- "8000:8000"' not in compose
