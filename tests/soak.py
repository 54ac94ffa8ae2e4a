"""The fault suite: realistic items through two worker processes while workers are SIGKILLed, Redis dies and
comes back empty, every database connection is dropped for a while and two commands ingest one file in opposite
orders. The result must equal a clean run with one worker: the same steps, the same evidence, no item failed or
parked, every run finished.

    python -m tests.soak            # make soak: 4,000 items, 10 kills, 30 s of dropped connections
    python -m tests.soak --short    # the version the suite runs (tests/ingest/test_soak.py)

It works on scratch databases and on a Redis server of its own, which it kills and restarts; nothing else on
the machine is touched. Recovery is the time from a fault until every item it hit is processed: for a killed
worker, the items its batch held; for Redis and the database, every item stored and not yet processed.
"""

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from bench.pages import make_items, make_page
from tests.servers import LocalServer

ROOT = Path(__file__).resolve().parents[1]
SERVER = os.environ.get("SOAK_DATABASE_SERVER", "postgres://postgres@localhost:5432")
HARNESS = "soak-harness"  # the application name of our own connections, which the connection dropper spares


@dataclass(frozen=True)
class Plan:
    items: int = 4000
    kills: int = 10
    drop_seconds: float = 30
    claim_seconds: int | None = None  # None: the product's own settings
    sweep_seconds: int | None = None
    settle_timeout: float = 600


SHORT = Plan(items=300, kills=2, drop_seconds=5, claim_seconds=10, sweep_seconds=3, settle_timeout=240)


@dataclass
class Phase:
    fault: str
    urls: set[str]
    recoveries: list[float] = field(default_factory=list)


@dataclass
class Outcome:
    """What a run left in the database, compared as sets so row order and ids do not matter."""

    items: dict[str, str]  # canonical URL -> state
    steps: set[tuple]
    evidence: set[tuple]  # (item URL, *step)
    runs_unfinished: int


# The database ------------------------------------------------------------------------------------------------


def _admin(sql: str) -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def migrated_template(name: str) -> str:
    """A migrated database to clone each run from (cloning takes a second, migrating many)."""
    _admin(f"DROP DATABASE IF EXISTS {name}")
    _admin(f"CREATE DATABASE {name}")
    env = os.environ | {"DATABASE_URL": f"{SERVER}/{name}", "SECRET_KEY": "soak", "REDIS_URL": ""}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    return name


def fresh_database(name: str, template: str) -> str:
    _admin(f"DROP DATABASE IF EXISTS {name}")
    _admin(f"CREATE DATABASE {name} TEMPLATE {template}")
    return f"{SERVER}/{name}"


class Database:
    """Our own connection to a run's database, reconnecting when the connection dropper got it anyway."""

    def __init__(self, url: str):
        self.url = url
        self.connection = None

    def rows(self, sql: str, params=()) -> list[tuple]:
        for _ in range(50):
            try:
                if self.connection is None or self.connection.closed:
                    self.connection = psycopg.connect(self.url, autocommit=True, application_name=HARNESS)
                return self.connection.execute(sql, params).fetchall()
            except psycopg.OperationalError:
                self.connection = None
                time.sleep(0.2)
        raise RuntimeError(f"the database at {self.url} stayed unreachable")

    def unprocessed(self) -> set[int]:
        return {row[0] for row in self.rows("SELECT id FROM ingest_newsitem WHERE state <> 'processed'")}

    def held_by(self, task_id: str | None) -> set[int]:
        """The items a task holds a claim on (on any of its tries)."""
        return {row[0] for row in self.rows("SELECT id FROM ingest_newsitem WHERE state <> 'processed' AND "
                                            "split_part(claimed_by, '#', 1) = %s", [task_id or ""])}

    def drop_connections(self, seconds: float) -> None:
        """Terminate every other session on this database, again and again, for `seconds`."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.rows("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                      "AND pid <> pg_backend_pid() AND application_name <> %s", [HARNESS])
            time.sleep(0.2)

    def outcome(self) -> Outcome:
        step = ("co.slug, ch.slug, cn.code, s.status, s.event_date, s.date_precision, s.review_state, "
                "round(s.confidence::numeric, 3), s.conditions")
        joins = ("JOIN catalog_company co ON co.id = s.company_id JOIN catalog_chipsku ch ON ch.id = s.chip_id "
                 "JOIN catalog_country cn ON cn.id = s.country_id")
        return Outcome(
            items=dict(self.rows("SELECT canonical_url, state FROM ingest_newsitem")),
            steps=set(self.rows(f"SELECT {step} FROM licences_statuschange s {joins}")),
            evidence=set(self.rows(
                f"SELECT n.canonical_url, e.sentence, round(e.confidence::numeric, 3), {step} FROM licences_evidence e "
                f"JOIN ingest_newsitem n ON n.id = e.news_item_id JOIN licences_statuschange s "
                f"ON s.id = e.status_change_id {joins}")),
            runs_unfinished=self.rows("SELECT count(*) FROM ingest_ingestrun WHERE state = 'running'")[0][0],
        )

    def close(self):
        if self.connection is not None:
            self.connection.close()


# The processes -----------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Stack:
    """A Redis server, a beat and named Celery workers for one run, each a process group we may kill."""

    def __init__(self, workdir: Path, database_url: str, plan: Plan):
        self.workdir = workdir
        self.redis_port = _free_port()
        self.processes: dict[str, subprocess.Popen] = {}
        self.started_at: dict[str, int] = {}  # where each process's latest start begins in its log
        self.env = os.environ | {
            "DATABASE_URL": database_url, "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "SECRET_KEY": "soak", "PYTHONUNBUFFERED": "1", "FETCH_ALLOWED_INTERNAL_HOSTS": "127.0.0.1",
        }
        for name, value in (("INGEST_CLAIM_SECONDS", plan.claim_seconds), ("INGEST_SWEEP_SECONDS", plan.sweep_seconds)):
            if value is not None:
                self.env[name] = str(value)

    def _start(self, name: str, command: list[str]) -> None:
        path = self.workdir / f"{name}.log"
        self.started_at[name] = len(path.read_text(errors="replace")) if path.exists() else 0
        log = path.open("a")
        self.processes[name] = subprocess.Popen(command, cwd=self.workdir if name == "redis" else ROOT, env=self.env,
                                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def start_redis(self) -> None:
        self._start("redis", ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "",
                              "--appendonly", "no"])
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.redis_port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def start_worker(self, name: str) -> None:
        self._start(name, [sys.executable, "-m", "celery", "-A", "exportwatch", "worker", "-n", f"{name}@soak",
                           "--queues", "fetch,extract", "--concurrency", "1", "--loglevel", "INFO",
                           "--without-gossip", "--without-mingle", "--without-heartbeat"])

    def start_beat(self) -> None:
        self._start("beat", [sys.executable, "-m", "celery", "-A", "exportwatch", "beat", "--loglevel", "INFO",
                             "--schedule", str(self.workdir / "beat-schedule")])

    def wait_until_ready(self, workers: list[str], timeout: float = 60) -> None:
        """Until every named worker has said it is ready since it last started."""
        deadline = time.monotonic() + timeout
        for name in workers:
            log = self.workdir / f"{name}.log"
            while " ready." not in log.read_text(errors="replace")[self.started_at[name]:]:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"worker {name} is not ready:\n{log.read_text()[-2000:]}")
                time.sleep(0.1)

    def worker_running(self, task_id: str | None, workers: list[str]) -> str:
        """The worker whose log shows it received the task (the first one when there is no task)."""
        for name in workers:
            if task_id and task_id in (self.workdir / f"{name}.log").read_text(errors="replace"):
                return name
        return workers[0]

    def kill(self, name: str) -> None:
        process = self.processes.pop(name)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.kill(name)

    def ingest(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "manage.py", "ingest", "--no-progress", *args], cwd=ROOT,
                                env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def ingest_and_wait(self, *args: str) -> str:
        process = self.ingest(*args)
        stdout, stderr = process.communicate(timeout=600)
        if process.returncode:
            raise RuntimeError(f"ingest {' '.join(args)} failed:\n{stderr[-3000:]}")
        return stdout


OUTBOX_PAGE = "/news/outbox-page"


def page_server(page: dict) -> LocalServer:
    """A news page over HTTP, for a URL queued while Redis is down."""
    html = (f"<html><head><title>{page['title']}</title></head><body><article><h1>{page['title']}</h1>"
            + "".join(f"<p>{paragraph}</p>" for paragraph in page["body"].split("\n\n"))
            + "</article></body></html>").encode()
    server = LocalServer()
    server.add(OUTBOX_PAGE, body=html, headers={"Content-Type": "text/html; charset=utf-8"})
    return server


class Recovery:
    """Watches, from each fault, for the moment every item stored before it is processed."""

    def __init__(self, database: Database):
        self.database = database
        self.open: list[tuple[Phase, float, set[int]]] = []
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def fault(self, phase: Phase, items: set[int] | None = None) -> None:
        """A fault now, hitting `items` (by default every item not yet processed)."""
        snapshot = self.database.unprocessed() if items is None else items
        with self.lock:
            self.open.append((phase, time.monotonic(), snapshot))

    def _watch(self) -> None:
        watcher = Database(self.database.url)
        while not self.stopped.wait(0.5):
            unprocessed = watcher.unprocessed()
            now = time.monotonic()
            with self.lock:
                for entry in list(self.open):
                    phase, started, snapshot = entry
                    if not snapshot & unprocessed:
                        phase.recoveries.append(now - started)
                        self.open.remove(entry)
        watcher.close()

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join()


# The runs ----------------------------------------------------------------------------------------------------


def _write(path: Path, items: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(item) for item in items) + "\n", encoding="utf-8")
    return path


@dataclass
class Portions:
    kills: list[Path]
    redis_before: Path
    redis_during: Path
    drops: Path
    commands: Path
    commands_reversed: Path
    page: dict
    urls: dict[str, set[str]]


def portions(items: list[dict], plan: Plan, workdir: Path) -> Portions:
    """The items split by the fault that meets them, each as a JSON Lines file."""
    n = len(items)
    cuts = [0, int(n * 0.40), int(n * 0.48), int(n * 0.56), int(n * 0.76), n]
    kill_part, before, during, drops, commands = (items[a:b] for a, b in zip(cuts, cuts[1:], strict=False))
    size = -(-len(kill_part) // plan.kills)
    kill_files = [_write(workdir / f"kill-{k}.jsonl", kill_part[k * size:(k + 1) * size]) for k in range(plan.kills)]
    page = make_page(n, random.Random(n))
    urls = {"kills": kill_part, "redis": before + during, "drops": drops, "commands": commands}
    return Portions(
        kills=kill_files, redis_before=_write(workdir / "redis-before.jsonl", before),
        redis_during=_write(workdir / "redis-during.jsonl", during), drops=_write(workdir / "drops.jsonl", drops),
        commands=_write(workdir / "commands.jsonl", commands),
        commands_reversed=_write(workdir / "commands-reversed.jsonl", commands[::-1]), page=page,
        urls={name: {item["url"] for item in part} for name, part in urls.items()},
    )


def settle(database: Database, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        waiting = database.rows("SELECT (SELECT count(*) FROM ingest_newsitem WHERE state IN ('pending', 'failed')),"
                                " (SELECT count(*) FROM ingest_ingestrun WHERE state = 'running')")[0]
        if waiting == (0, 0):
            return
        time.sleep(0.5)
    raise TimeoutError(f"still waiting after {timeout:.0f} s: {waiting[0]} items in work, {waiting[1]} runs running")


def clean_run(parts: Portions, page_url: str, database_url: str, plan: Plan, workdir: Path) -> Outcome:
    """One worker process, no faults: the reference."""
    stack, database = Stack(workdir, database_url, plan), Database(database_url)
    try:
        stack.start_redis()
        stack.start_beat()
        stack.start_worker("only")
        for path in [*parts.kills, parts.redis_before, parts.redis_during, parts.drops]:
            stack.ingest_and_wait("--async", str(path))
        stack.ingest_and_wait("--async", page_url)
        stack.ingest_and_wait(str(parts.commands))
        settle(database, plan.settle_timeout)
        return database.outcome()
    finally:
        stack.stop_all()
        database.close()


def _claimed_task(database: Database, timeout: float = 60) -> str | None:
    """The id of a task holding items now, polled finely so the fault meets work in flight."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        held = database.rows("SELECT claimed_by FROM ingest_newsitem WHERE claimed_by <> '' AND state = 'pending' "
                             "LIMIT 1")
        if held:
            return held[0][0].split("#")[0]
        time.sleep(0.01)
    return None


def _feed_and_catch_work(stack: Stack, database: Database, path: Path) -> str | None:
    """Queue a file and return once a worker holds some of it (the task's id), the command still finishing."""
    feeder = stack.ingest("--async", str(path))
    task_id = _claimed_task(database)
    _, stderr = feeder.communicate(timeout=600)
    if feeder.returncode:
        raise RuntimeError(f"ingest {path} failed:\n{stderr[-3000:]}")
    return task_id


def faulty_run(parts: Portions, page_url: str, database_url: str, plan: Plan, workdir: Path,
               log=print) -> tuple[Outcome, list[Phase]]:
    stack, database = Stack(workdir, database_url, plan), Database(database_url)
    phases = [Phase(f"{plan.kills} worker SIGKILLs", parts.urls["kills"]),
              Phase("Redis killed, restarted empty (a file and a URL queued meanwhile)", parts.urls["redis"]),
              Phase(f"{plan.drop_seconds:.0f} s of dropped database connections", parts.urls["drops"]),
              Phase("two commands on one file in opposite orders", parts.urls["commands"])]
    kills, redis, drops, commands = phases
    recovery = Recovery(database)
    workers = ["one", "two"]
    try:
        stack.start_redis()
        stack.start_beat()
        for name in workers:
            stack.start_worker(name)
        for number, path in enumerate(parts.kills, 1):
            stack.wait_until_ready(workers)
            task_id = _feed_and_catch_work(stack, database, path)
            victim = stack.worker_running(task_id, workers)
            recovery.fault(kills, database.held_by(task_id))
            stack.kill(victim)
            log(f"  kill {number}: SIGKILL to worker {victim} in the middle of a batch")
            time.sleep(1)
            stack.start_worker(victim)

        stack.wait_until_ready(workers)
        recovery.fault(redis)
        _feed_and_catch_work(stack, database, parts.redis_before)
        stack.kill("redis")
        log("  Redis killed in the middle of a batch")
        log("  " + stack.ingest_and_wait("--async", str(parts.redis_during)).strip())
        log("  " + stack.ingest_and_wait("--async", page_url).strip())
        time.sleep(3)
        stack.start_redis()
        log("  Redis restarted, empty")

        recovery.fault(drops)
        _feed_and_catch_work(stack, database, parts.drops)
        log(f"  dropping every database connection for {plan.drop_seconds:.0f} s")
        database.drop_connections(plan.drop_seconds)

        recovery.fault(commands)
        forward, backward = stack.ingest(str(parts.commands)), stack.ingest(str(parts.commands_reversed))
        for process in (forward, backward):
            _, stderr = process.communicate(timeout=600)
            if process.returncode:
                raise RuntimeError(f"a concurrent ingest command failed:\n{stderr[-3000:]}")
        log("  two commands done")
        settle(database, plan.settle_timeout)
        time.sleep(1)  # the recovery watcher's last look
        return database.outcome(), phases
    finally:
        recovery.stop()
        stack.stop_all()
        database.close()


# The verdict -------------------------------------------------------------------------------------------------


def differences(clean: Outcome, faulty: Outcome) -> list[str]:
    found = []
    states = Counter(faulty.items.values())
    if set(states) != {"processed"}:
        found.append(f"items not processed: {states}")
    if faulty.items.keys() != clean.items.keys():
        found.append(f"items differ: {len(faulty.items.keys() ^ clean.items.keys())} URLs in one run only")
    for name in ("steps", "evidence"):
        extra, missing = getattr(faulty, name) - getattr(clean, name), getattr(clean, name) - getattr(faulty, name)
        if extra or missing:
            found.append(f"{name}: {len(missing)} missing, {len(extra)} extra; e.g. {sorted(missing | extra)[:2]}")
    if faulty.runs_unfinished:
        found.append(f"{faulty.runs_unfinished} runs still running")
    return found


def table(phases: list[Phase], clean: Outcome, faulty: Outcome) -> str:
    lines = ["| fault | items | steps evidenced | evidence rows | recovery (s) |", "|---|---|---|---|---|"]
    for phase in phases:
        evidence = {row for row in faulty.evidence if row[0] in phase.urls}
        reference = {row for row in clean.evidence if row[0] in phase.urls}
        steps = {row[3:] for row in evidence}
        recovery = f"{max(phase.recoveries):.0f}" if phase.recoveries else "–"
        same = "" if evidence == reference else f" (clean run: {len(reference)})"
        lines.append(f"| {phase.fault} | {len(phase.urls)} | {len(steps)} | {len(evidence)}{same} | {recovery} |")
    lines.append(f"| **whole run** | {len(faulty.items)} | {len(faulty.steps)} | {len(faulty.evidence)} | |")
    return "\n".join(lines)


def run(plan: Plan, workdir: Path, log=print) -> tuple[list[str], str]:
    """Both runs; returns the differences from the clean run (none when all is well) and the results table."""
    for name in ("clean", "faulty"):
        (workdir / name).mkdir(parents=True, exist_ok=True)
    items = make_items(plan.items, seed=11)
    parts = portions(items, plan, workdir)
    suffix = "short" if plan.items < 1000 else "full"
    template = migrated_template(f"exportwatch_soak_{suffix}_template")
    with page_server(parts.page) as server:
        page_url = server.url(OUTBOX_PAGE)
        log(f"clean run: {plan.items} items, one worker process")
        started = time.monotonic()
        clean = clean_run(parts, page_url, fresh_database(f"exportwatch_soak_{suffix}_clean", template), plan,
                          workdir / "clean")
        log(f"  {len(clean.steps)} steps, {len(clean.evidence)} evidence rows ({time.monotonic() - started:.0f} s)")
        log(f"faulty run: two worker processes, {plan.kills} kills, Redis restart, "
            f"{plan.drop_seconds:.0f} s of dropped connections, two opposite commands")
        started = time.monotonic()
        faulty, phases = faulty_run(parts, page_url, fresh_database(f"exportwatch_soak_{suffix}_faulty", template),
                                    plan, workdir / "faulty", log=log)
        log(f"  done in {time.monotonic() - started:.0f} s")
    return differences(clean, faulty), table(phases, clean, faulty)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", action="store_true", help="the quick version the test suite runs")
    arguments = parser.parse_args()
    plan = SHORT if arguments.short else Plan()
    workdir = Path(tempfile.mkdtemp(prefix="soak-"))
    found, results = run(plan, workdir)
    print(results)
    print(f"logs: {workdir}")
    if found:
        print("DIFFERENT from the clean run:\n  " + "\n  ".join(found))
        return 1
    print("the faulty run equals the clean run: same steps, same evidence, 0 failed, 0 parked, every run finished")
    return 0


if __name__ == "__main__":
    sys.exit(main())
