"""Pipeline throughput on realistic pages: N news items stored and processed by one worker process.

    python bench/bench_pipeline.py [N]

Items are the realistic pages of `pages.py` (about 2,000 characters, several events on a few busy tracks).
Prints items/s for storing, for extraction + recording, and end to end (one process = one worker), and
the extraction time per item on its own.
"""

import json
import sys
import tempfile
import time
from pathlib import Path

from common import Timer, scratch_database
from pages import make_items


def extraction_ms_per_item(items: list[dict]) -> float:
    from exportwatch.ingest import pipeline
    from exportwatch.ingest.extraction import extract

    gazetteer = pipeline.Catalogue.load().gazetteer
    sample = items[:500]
    started = time.perf_counter()
    for item in sample:
        extract(title=item["title"], text=item["body"], published=None, gazetteer=gazetteer)
    return 1000 * (time.perf_counter() - started) / len(sample)


def main(count: int) -> None:
    scratch_database("exportwatch_bench_pipeline")
    from exportwatch.ingest import pipeline
    from exportwatch.ingest.models import IngestRun
    from exportwatch.ingest.parsing import parse_bytes
    from exportwatch.ingest.tasks import BATCH_SIZE

    items = make_items(count)
    path = Path(tempfile.mkdtemp()) / "bench.jsonl"
    path.write_text("\n".join(json.dumps(item) for item in items))
    data = path.read_bytes()
    print(f"{count} items, {len(data) / count:.0f} bytes each on average")

    pipeline.Catalogue.load()  # build the gazetteer outside the timings, as a running worker has it
    print(f"extraction alone:   {extraction_ms_per_item(items):8.2f} ms per item")
    run = IngestRun.objects.create(trigger=IngestRun.Trigger.COMMAND, target=str(path))
    with Timer() as parsing:
        parsed = parse_bytes(data, name=str(path))
        stored = pipeline.store_items(parsed.items, run=run)
    with Timer() as processing:
        for start in range(0, len(stored.new_ids), BATCH_SIZE):
            pipeline.process_items(stored.new_ids[start : start + BATCH_SIZE], run=run)
    run = pipeline.finish_run(run)
    total = parsing.seconds + processing.seconds
    print(f"parse + store:      {count / parsing.seconds:8.0f} items/s ({parsing.seconds:.2f} s)")
    print(f"extract + record:   {count / processing.seconds:8.0f} items/s ({processing.seconds:.2f} s)")
    print(f"end to end:         {count / total:8.0f} items/s per worker process ({total:.2f} s)")
    print(f"events recorded: {run.events_recorded}, failed items: {run.items_failed}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5_000)
