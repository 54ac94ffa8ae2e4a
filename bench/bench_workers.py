"""Draining realistic items with one and with two Celery worker processes (the database on the same machine).

    python bench/bench_workers.py [N]

N realistic pages (`pages.py`) are stored and queued with `ingest --async` while no worker runs; then the workers
start and the clock runs from the first one being ready until every item is processed. Each worker process has
concurrency 1; both runs use their own scratch database and a Redis server of their own, and must record the same
evidence with no failed item.
"""

import json
import sys
import tempfile
import time
from pathlib import Path

import common  # noqa: F401  (puts the repository on the path)
from pages import make_items

from tests.soak import Database, Plan, Stack, fresh_database, migrated_template


def drain(path: Path, workers: int, template: str, workdir: Path) -> tuple[float, object]:
    """Seconds from the first worker being ready until every item is processed, and what the run recorded."""
    url = fresh_database(f"exportwatch_bench_workers_{workers}", template)
    stack, database = Stack(workdir, url, Plan()), Database(url)
    names = [f"worker{n}" for n in range(1, workers + 1)]
    try:
        stack.start_redis()
        stack.ingest_and_wait("--async", str(path))
        for name in names:
            stack.start_worker(name)
        stack.wait_until_ready(names[:1])
        started = time.monotonic()
        while database.rows("SELECT count(*) FROM ingest_newsitem WHERE state = 'pending'")[0][0]:
            time.sleep(0.05)
        return time.monotonic() - started, database.outcome()
    finally:
        stack.stop_all()
        database.close()


def main(count: int) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="bench-workers-"))
    path = workdir / "items.jsonl"
    path.write_text("\n".join(json.dumps(item) for item in make_items(count, seed=3)) + "\n", encoding="utf-8")
    template = migrated_template("exportwatch_bench_workers_template")
    results = {}
    for workers in (1, 2):
        (workdir / str(workers)).mkdir()
        seconds, outcome = drain(path, workers, template, workdir / str(workers))
        failed = sum(1 for state in outcome.items.values() if state != "processed")
        results[workers] = (seconds, outcome)
        print(f"{workers} worker process{'es' if workers > 1 else ''}: {count / seconds:6.0f} items/s "
              f"({seconds:.1f} s), {failed} failed, {len(outcome.steps)} steps, {len(outcome.evidence)} evidence")
    (one, first), (two, second) = results[1], results[2]
    same = first.evidence == second.evidence and first.steps == second.steps
    print(f"two workers drain {one / two:.2f}x as fast as one; evidence {'identical' if same else 'DIFFERENT'}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 4_000)
