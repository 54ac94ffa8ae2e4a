"""exportwatch settings: one module, every value read from the environment.

Each variable is parsed by a small typed helper that refuses values it does not understand, so a
typo such as DEBUG=maybe stops the process at start instead of silently meaning False.
"""

import json
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off")


def env_int(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from None
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise ImproperlyConfigured(f"{name}={value} is outside the allowed range {minimum}..{maximum}")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [part.strip() for part in raw.split(",") if part.strip()]


DEBUG = env_bool("DEBUG", False)
# The embedded demo (`make run`: no DATABASE_URL, or a SQLite one) is the only place a server runs without a secret.
EMBEDDED_DEMO = env_str("DATABASE_URL").startswith("sqlite") or not env_str("DATABASE_URL")
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or EMBEDDED_DEMO):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set: every server on PostgreSQL needs its own long random secret "
            "(only DEBUG or the embedded SQLite demo run without one)")
    SECRET_KEY = "django-insecure-local-only-" + str(BASE_DIR)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "exportwatch.core.apps.ExportwatchAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "axes",
    "exportwatch.core",
    "exportwatch.catalog",
    "exportwatch.licences",
    "exportwatch.ingest",
    "exportwatch.screening",
    "exportwatch.alerts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "exportwatch.core.access.LoginRequiredBySettingMiddleware",
    "exportwatch.core.history.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "exportwatch.urls"
WSGI_APPLICATION = "exportwatch.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# With no DATABASE_URL the project runs on an embedded SQLite file, so `make run` needs no server.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'exportwatch.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Triggers read this setting in an exception block; when it is unset every row pays for a rolled-back
    # subtransaction (measured 9x slower inserts), so every connection starts with it set to "none".
    # Options given in DATABASE_URL (sslmode=verify-full, sslrootcert=...) are kept beside this one.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c pgtrigger.ignore={}"
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded demo ignores the INCLUDE columns of the timeline indexes; they only matter at scale.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
    DATABASES["default"]["OPTIONS"] = {"timeout": 30, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
TEST_DATABASE_NAME = env_str("TEST_DATABASE_NAME")
if TEST_DATABASE_NAME:
    DATABASES["default"]["TEST"] = {"NAME": TEST_DATABASE_NAME}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# Browsing is public unless this is set; export and editing always need a role.
REQUIRE_LOGIN = env_bool("REQUIRE_LOGIN", False)

# Failed logins lock the pair (user, address), not the whole address, so one typo-prone user
# behind a shared NAT does not lock out colleagues.
AXES_FAILURES_PER_USER = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_SPRAY_USERNAMES = env_int("AXES_SPRAY_USERNAMES", 10, minimum=2)
AXES_FAILURE_LIMIT = "exportwatch.core.access.failure_limit"
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Whose address a failure counts against (see core.access.client_address).
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
AXES_CLIENT_IP_CALLABLE = "exportwatch.core.access.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env_bool("MANIFEST_STATIC", False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Security: production turns these on through SECURE=1 (behind TLS).
SECURE = env_bool("SECURE", False)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Only the site's own scripts and styles; the admin's inline-free scripts are served from 'self' too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# The starter sources (ingest/starter_sources.py) are created enabled only where this is on: compose, not make run.
STARTER_SOURCES_ENABLED = env_bool("STARTER_SOURCES_ENABLED", False)

# JSON requests a user may make per minute (core.api). With several server processes, set CACHE_URL so they
# count together.
API_REQUESTS_PER_MINUTE = env_int("API_REQUESTS_PER_MINUTE", 120, minimum=1)
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}

# Celery: with no REDIS_URL, tasks run in-process so the embedded mode needs no broker.
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A hard limit well below the visibility timeout: Redis never redelivers a task that is still running. Items do
# not wait for a redelivery after a killed worker: their claims run out in seconds and the sweep takes them.
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300, minimum=10)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 30
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 600, minimum=CELERY_TASK_TIME_LIMIT * 2),
    "socket_connect_timeout": 3,
}
# A web request that enqueues while Redis is down gives up within seconds; the sweep queues the work later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("CELERY_MAX_TASKS_PER_CHILD", 200, minimum=1)
CELERY_TASK_ROUTES = {
    "exportwatch.ingest.tasks.poll_source": {"queue": "fetch"},
    "exportwatch.ingest.tasks.ingest_url": {"queue": "fetch"},
    "exportwatch.ingest.tasks.process_items": {"queue": "extract"},
    # Beat's own tasks are quick; on the fetch queue they never wait behind a backlog of extraction.
    "exportwatch.ingest.tasks.poll_due_sources": {"queue": "fetch"},
    "exportwatch.ingest.tasks.sweep_stuck_items": {"queue": "fetch"},
    "exportwatch.alerts.tasks.send_alerts": {"queue": "fetch"},
    "exportwatch.alerts.tasks.send_daily_digests": {"queue": "fetch"},
}
CELERY_TASK_DEFAULT_QUEUE = "extract"
# A worker's claim on its items runs out after this long, and the sweep hands them to another (ingest/claims.py);
# a batch's time limit is a few seconds shorter. The fault suite shortens both to keep its runtime down.
INGEST_CLAIM_SECONDS = env_int("INGEST_CLAIM_SECONDS", 20, minimum=10, maximum=600)
INGEST_SWEEP_SECONDS = env_int("INGEST_SWEEP_SECONDS", 10, minimum=2, maximum=3600)
# Alert emails of users who want one a day go out at this hour, UTC.
ALERTS_DAILY_HOUR = env_int("ALERTS_DAILY_HOUR", 7, minimum=0, maximum=23)
CELERY_BEAT_SCHEDULE = {
    "poll-due-sources": {
        "task": "exportwatch.ingest.tasks.poll_due_sources",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Often, so a stopped worker's items are back in work within a minute of its claims running out.
    "sweep-stuck-items": {
        "task": "exportwatch.ingest.tasks.sweep_stuck_items",
        "schedule": float(INGEST_SWEEP_SECONDS),
        "options": {"expires": INGEST_SWEEP_SECONDS - 1},
    },
    # Alerts (alerts/tasks.py): the feeds and the as-they-come emails every minute, the daily digests once a day.
    "send-alerts": {
        "task": "exportwatch.alerts.tasks.send_alerts",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "send-daily-alert-digests": {
        "task": "exportwatch.alerts.tasks.send_daily_digests",
        "schedule": crontab(hour=ALERTS_DAILY_HOUR, minute=0),
        "options": {"expires": 3600},
    },
}

# Email (alert digests): printed on the console unless an SMTP host is given, or another EMAIL_BACKEND named
# (the file backend writes each message under EMAIL_FILE_PATH).
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", not EMAIL_USE_SSL)
if EMAIL_USE_SSL and EMAIL_USE_TLS:
    raise ImproperlyConfigured("EMAIL_USE_SSL and EMAIL_USE_TLS cannot both be on: SSL is port 465, STARTTLS 587")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1, maximum=300)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "exportwatch <alerts@localhost>")
# Emails link back to the site here (no request to read the address from in a worker).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Only for the worker fault tests: seconds a run of the alert tasks waits between committing its digests and
# sending them, so a test can kill the worker there.
ALERTS_FAULT_PAUSE_SECONDS = env_int("ALERTS_FAULT_PAUSE_SECONDS", 0, minimum=0, maximum=60)

# Fetching: hosts named here may resolve to internal addresses (tests, local mirrors).
FETCH_ALLOWED_INTERNAL_HOSTS = env_list("FETCH_ALLOWED_INTERNAL_HOSTS")
FETCH_TIMEOUT_SECONDS = env_int("FETCH_TIMEOUT_SECONDS", 20, minimum=1, maximum=300)
FETCH_MAX_BYTES = env_int("FETCH_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
# A local file to ingest is read whole: bigger ones are refused with a request to split them.
INGEST_MAX_FILE_BYTES = env_int("INGEST_MAX_FILE_BYTES", 200 * 1024 * 1024, minimum=1024)
FETCH_MAX_REDIRECTS = env_int("FETCH_MAX_REDIRECTS", 5, minimum=0, maximum=20)
FETCH_USER_AGENT = env_str("FETCH_USER_AGENT", "exportwatch/0.1 (+https://github.com/exportwatch)")
# The screening list is one file of tens of megabytes, streamed to a temporary file: its own size cap and deadline.
SCREENING_MAX_BYTES = env_int("SCREENING_MAX_BYTES", 200 * 1024 * 1024, minimum=1024)
SCREENING_FETCH_TIMEOUT_SECONDS = env_int("SCREENING_FETCH_TIMEOUT_SECONDS", 180, minimum=1, maximum=3600)



def _scorer_review_percent() -> int:
    """The learned scorer's own review threshold: the lowest confidence from which its events were right 95% of the
    time out of fold on real news (README, "Extraction")."""
    model = BASE_DIR / "exportwatch" / "ingest" / "extraction" / "model.json"
    try:
        return round(100 * float(json.loads(model.read_text(encoding="utf-8"))["review_threshold"]))
    except (OSError, ValueError, KeyError):
        return 70


# Events below this confidence wait in the editors' review queue.
REVIEW_CONFIDENCE_THRESHOLD = float(
    env_int("REVIEW_CONFIDENCE_PERCENT", _scorer_review_percent(), minimum=0, maximum=100)
) / 100

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO").upper()},
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}
