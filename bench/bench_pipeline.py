"""Pipeline throughput: N news items of ~2 KB stored and processed by one worker process.

    python bench/bench_pipeline.py [N]

Prints items/s for storing, for extraction + recording, and end to end (one process = one worker).
"""

import json
import random
import sys
import tempfile
from pathlib import Path

from common import Timer, scratch_database

EVENT_SENTENCES = [
    "{company} said on Tuesday that the U.S. Commerce Department had granted licences to ship its {chip} to {country}.",
    "The U.S. has told {company} that exports of the {chip} to {country} now require a licence.",
    "{company} has applied for export licences covering the {chip} for customers in {country}.",
    "Washington is still reviewing {company}'s licence applications for the {chip} to {country}.",
]
FILLER = [
    "Analysts expect demand for data-centre accelerators to stay strong through next year.",
    "Shares of the chipmaker rose 2% in early trading after the announcement.",
    "The company declined to comment on individual customers or order volumes.",
    "Supply of advanced packaging capacity remains tight across the industry.",
    "The quarterly report showed revenue ahead of the consensus estimate.",
    "Industry groups have lobbied for clearer rules on what can be shipped.",
]
PAIRS = [("Nvidia", "H20"), ("AMD", "MI308"), ("Nvidia", "H100"), ("Nvidia", "A100"), ("AMD", "MI250")]
COUNTRIES = ["China", "Russia", "the United Arab Emirates", "Saudi Arabia", "Vietnam"]


def make_items(count: int, seed: int = 7):
    rng = random.Random(seed)
    for n in range(count):
        company, chip = rng.choice(PAIRS)
        sentences = [rng.choice(FILLER) for _ in range(24)]
        if n % 3 == 0:  # a third of the items report an event, as a news feed filtered on the topic might
            sentence = rng.choice(EVENT_SENTENCES).format(company=company, chip=chip, country=rng.choice(COUNTRIES))
            sentences.insert(rng.randrange(len(sentences)), sentence)
        yield {
            "url": f"https://bench.example/{n}",
            "title": f"{company} {chip} update {n}",
            "published": f"2025-0{1 + n % 9}-1{n % 9}T10:00:00Z",
            "body": " ".join(sentences),
            "source": "Bench Wire",
        }


def main(count: int) -> None:
    scratch_database("exportwatch_bench_pipeline")
    from exportwatch.ingest import pipeline
    from exportwatch.ingest.models import IngestRun
    from exportwatch.ingest.parsing import parse_bytes
    from exportwatch.ingest.tasks import BATCH_SIZE

    path = Path(tempfile.mkdtemp()) / "bench.jsonl"
    path.write_text("\n".join(json.dumps(item) for item in make_items(count)))
    data = path.read_bytes()
    print(f"{count} items, {len(data) / count:.0f} bytes each on average")

    pipeline.Catalogue.load()  # build the gazetteer outside the timings, as a running worker has it
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
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
