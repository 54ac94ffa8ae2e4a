"""Shared set-up for benchmarks: a scratch PostgreSQL database, migrated, with Django configured."""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def scratch_database(name: str) -> str:
    """Drop and create database `name` next to DATABASE_URL's, migrate it, and point Django at it."""
    base = os.environ.get("DATABASE_URL", "postgres://postgres@localhost:5432/exportwatch")
    server, _, _ = base.rpartition("/")
    admin_url = f"{server}/postgres"
    subprocess.run(["psql", admin_url, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run(["psql", admin_url, "-qc", f"CREATE DATABASE {name}"], check=True)
    url = f"{server}/{name}"
    os.environ["DATABASE_URL"] = url
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exportwatch.settings")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True, env=os.environ)
    import django

    django.setup()
    return url


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
