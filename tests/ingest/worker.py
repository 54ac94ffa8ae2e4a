"""A real Celery worker in a subprocess, pointed at the test database and the test Redis."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def worker_environment(**extra) -> dict:
    database = settings.DATABASES["default"]
    host, port = database["HOST"] or "localhost", database["PORT"] or 5432
    url = f"postgres://{database['USER']}@{host}:{port}/{connection.settings_dict['NAME']}"
    return os.environ | {"DATABASE_URL": url, "REDIS_URL": settings.REDIS_URL, "PYTHONUNBUFFERED": "1"} | extra


class Worker:
    """Start with `Worker.start()`; stop politely with `stop()` or brutally with `kill()`."""

    def __init__(self, process: subprocess.Popen, log: Path):
        self.process = process
        self.log = log

    @classmethod
    def start(cls, log: Path, *, concurrency: int = 1, beat: bool = False, **env) -> "Worker":
        """A worker on both queues; with `beat`, it runs the schedule too (the sweep, the polls)."""
        log.parent.mkdir(parents=True, exist_ok=True)
        schedule = ["--beat", "--schedule", str(log.with_suffix(".beat"))] if beat else []
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "exportwatch", "worker", "--queues", "fetch,extract",
             "--concurrency", str(concurrency), "--pool", "prefork", "--loglevel", "INFO", "--without-gossip",
             "--without-mingle", "--without-heartbeat", *schedule],
            cwd=ROOT,
            env=worker_environment(**env),
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so kill() takes the pool children too
        )
        worker = cls(process, log)
        worker.wait_for_log("ready", timeout=60)
        return worker

    def wait_for_log(self, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.log.read_text(errors="replace"):
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited early:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.2)
        raise TimeoutError(f"worker log never said {text!r}:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)


def wait_until(condition, timeout: float = 90, interval: float = 0.2, message: str = "condition"):
    """Poll until `condition()` is truthy; a bounded wait for work another process does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"timed out waiting for {message}")
