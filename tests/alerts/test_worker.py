"""A digest goes out exactly once through real Celery workers, also when a worker dies in the middle of the task.

The task pauses (ALERTS_FAULT_PAUSE_SECONDS) after its digests are committed and before it sends them; the tests
kill the worker there, then let the task run again, and count the messages the file email backend wrote. These
tests commit their data (the worker is another process), so they use transactional databases with serialized
rollback, which restores the reference catalogue afterwards.
"""

import os
import signal
from pathlib import Path

import pytest
from django.urls import reverse

from exportwatch.alerts.models import AlertSettings, Digest, Frequency
from exportwatch.alerts.tasks import send_alerts
from tests.ingest.worker import Worker, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True),
              pytest.mark.usefixtures("empty_queues")]


@pytest.fixture
def mail_dir(tmp_path) -> Path:
    return tmp_path / "mail"


@pytest.fixture
def confirmed_h20_step_for_an_immediate_reader(reader, reader_follows_h20_to_china, new_confirmed_step):
    AlertSettings.objects.filter(user=reader).update(frequency=Frequency.IMMEDIATE)
    return new_confirmed_step()


def _email_env(mail_dir: Path, **extra) -> dict:
    return {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend", "EMAIL_FILE_PATH": str(mail_dir),
            **extra}


def _messages_sent(mail_dir: Path) -> list[str]:
    """The subject of every message the file backend wrote (one file per connection, messages one after another)."""
    files = sorted(mail_dir.glob("*.log")) if mail_dir.exists() else []
    lines = (line for path in files for line in path.read_text().splitlines())
    return [line.removeprefix("Subject: ") for line in lines if line.startswith("Subject: ")]


def _pool_processes(worker: Worker) -> list[int]:
    """The worker's pool processes: the children of its main process, read from /proc."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # the process ended while we looked
        if parent == worker.process.pid:
            children.append(int(stat.parent.name))
    return children


def _feed_entries(client, user) -> int:
    feed = client.get(reverse("personal_feed", args=[AlertSettings.for_user(user).feed_token]))
    return feed.content.decode().count("<entry>")


def _digest_committed():
    return Digest.objects.exists()


def _digest_sent():
    return Digest.objects.filter(sent_at__isnull=False).exists()


def test_a_digest_goes_out_once_when_its_process_is_killed_and_the_task_is_redelivered(
        tmp_path, mail_dir, client, reader, confirmed_h20_step_for_an_immediate_reader):
    worker = Worker.start(tmp_path / "worker.log", **_email_env(mail_dir, ALERTS_FAULT_PAUSE_SECONDS="3"))
    try:
        send_alerts.delay()
        wait_until(_digest_committed, timeout=60, message="the digest committed")
        [process] = _pool_processes(worker)
        os.kill(process, signal.SIGKILL)  # the task's own process dies; the worker puts the message back
        wait_until(_digest_sent, timeout=60, message="the redelivered task sent the digest")
    finally:
        worker.stop()
    assert "WorkerLostError" in worker.log.read_text()
    assert _messages_sent(mail_dir) == ["exportwatch: 1 update on what you follow"]
    assert Digest.objects.count() == 1
    assert _feed_entries(client, reader) == 1


def test_a_digest_goes_out_once_when_the_whole_worker_is_killed_and_the_next_run_takes_over(
        tmp_path, mail_dir, client, reader, confirmed_h20_step_for_an_immediate_reader):
    doomed = Worker.start(tmp_path / "doomed.log", **_email_env(mail_dir, ALERTS_FAULT_PAUSE_SECONDS="30"))
    send_alerts.delay()
    wait_until(_digest_committed, timeout=60, message="the digest committed")
    doomed.kill()
    assert _messages_sent(mail_dir) == []

    survivor = Worker.start(tmp_path / "survivor.log", **_email_env(mail_dir))
    try:
        send_alerts.delay()  # the next minute's run from the beat
        send_alerts.delay()  # and one more, as a second beat or a redelivery would
        wait_until(lambda: survivor.log.read_text().count("succeeded") == 2, timeout=60, message="both runs done")
    finally:
        survivor.stop()
    assert _digest_sent()
    assert _messages_sent(mail_dir) == ["exportwatch: 1 update on what you follow"]
    assert _feed_entries(client, reader) == 1
