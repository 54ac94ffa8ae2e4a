"""Loading a 20 MB Consolidated Screening List: peak memory and time of a first load, and what reloads write.

    DATABASE_URL=postgres://postgres@localhost:5432/exportwatch .venv/bin/python bench/bench_screening.py
    .venv/bin/python bench/bench_screening.py --megabytes 60

It (re)creates the scratch database ew_bench_screening, writes a file in the shape of trade.gov's consolidated.json
(entries like the Entity List's: names, other names, one or two addresses, citations, licence texts, and the fields
we do not keep), then loads it in a fresh process each time, so each peak RSS is that load's own: a first load, a
reload of the same file, and a reload in which 1% of the entries were changed, 1% removed and 1% added. Rows written
are PostgreSQL's own counters of inserted, updated and deleted rows over every table, read after each process ended.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, scratch_database

DATABASE = "ew_bench_screening"
ENTITY_LIST = "Entity List (EL) - Bureau of Industry and Security"
COUNTRIES = ["CN", "RU", "IR", "AE", "HK", "PK", "BY", "SG", "TR", "KP"]
CITIES = ["Shenzhen", "Beijing", "Moscow", "Tehran", "Dubai", "Hong Kong", "Karachi", "Minsk", "Singapore", "Istanbul"]
FIRMS = ["Technologies", "Electronics", "Microsystems", "Trading", "Semiconductor", "Precision Instruments",
         "Aerospace", "Industrial", "Optics", "Logistics"]
LICENCE_TEXT = ("For all items subject to the EAR. (See §§ 736.2(b)(3)(vi), 744.11(a)(2)(i) and (ii) and 744.21(b) of "
                "the EAR).")


def entry(number: int, rng: random.Random) -> dict:
    """One made-up entry in the real file's shape, about 800 bytes of JSON."""
    country = rng.choice(COUNTRIES)
    name = f"{rng.choice(CITIES)} {rng.choice(FIRMS)} Co., Ltd. {number}"
    return {
        "id": f"{number:040x}",
        "name": name,
        "alt_names": [f"{name.split()[0]} {rng.choice(FIRMS)} {number}" for _ in range(rng.randint(0, 3))],
        "type": "Entity",
        "addresses": [{"address": f"Room {rng.randint(100, 999)}, Building {rng.randint(1, 40)}, {n + 1} Road",
                       "city": rng.choice(CITIES), "state": None, "postal_code": str(rng.randint(100000, 999999)),
                       "country": country} for n in range(rng.randint(1, 2))],
        "source": ENTITY_LIST,
        "programs": [],
        "federal_register_notice": f"{rng.randint(84, 90)} FR {rng.randint(1000, 99999)}",
        "start_date": f"20{rng.randint(10, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "end_date": None,
        "standard_order": "Y",
        "license_requirement": LICENCE_TEXT,
        "license_policy": rng.choice(["Presumption of denial.", "Case-by-case review.", "Policy of denial."]),
        "remarks": None,
        "source_list_url": "https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern/entity-list",
        "source_information_url": "https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern",
        "entity_number": None,
        "ids": [],
    }


def entries_for(megabytes: float) -> list[dict]:
    rng = random.Random(10)
    entries, size = [], 0
    while size < megabytes * 1024 * 1024:
        entries.append(entry(len(entries), rng))
        size += len(json.dumps(entries[-1])) + 2
    return entries


def write_file(path: Path, entries: list[dict]) -> None:
    path.write_text(json.dumps({"sources_used": [{"source": ENTITY_LIST}], "total": len(entries),
                                "results": entries}))


def edited(entries: list[dict]) -> list[dict]:
    """The same list a week later: 1% of the entries changed, 1% gone, 1% new."""
    rng, share = random.Random(11), len(entries) // 100
    kept = [dict(item) for item in entries[share:]]
    for item in kept[:share]:
        item["license_policy"] = "Policy of denial."
        item["federal_register_notice"] += "; 91 FR 1234"
    return kept + [entry(len(entries) + n, rng) for n in range(share)]


def rows_written() -> int:
    """Rows inserted, updated and deleted in every table since the database was made (finished processes only)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_user_tables")
        return int(cursor.fetchone()[0])


def load_in_a_new_process(path: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", str(path)], cwd=ROOT, env=os.environ,
                          check=True, capture_output=True, text=True)
    time.sleep(0.7)  # the child's counters reach pg_stat_user_tables shortly after it exits
    return json.loads(done.stdout.strip().splitlines()[-1])


def child(path: str) -> None:
    """One load, in this process: its time and this process's peak RSS, as JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exportwatch.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from exportwatch.ingest.screening_list import load_file

    before_load = memory_mb("VmRSS")
    started = time.perf_counter()
    with open(path, "rb") as file:
        outcome = load_file(file, url=path)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "peak_rss_mb": memory_mb("VmHWM"), "rss_before_mb": before_load,
                      "entries": outcome.entries,
                      "added": outcome.added, "removed": outcome.removed, "changed": outcome.changed}))


def memory_mb(field: str) -> float:
    """This process's resident memory now (VmRSS) or at its peak (VmHWM). Not getrusage's ru_maxrss: Linux carries
    that over from the parent through fork and exec, so a child would report the generator's memory as its own."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megabytes", type=float, default=20)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    scratch_database(DATABASE)
    entries = entries_for(args.megabytes)
    with tempfile.TemporaryDirectory() as folder:
        first, later = Path(folder) / "consolidated.json", Path(folder) / "consolidated-later.json"
        write_file(first, entries)
        write_file(later, edited(entries))
        print(f"file: {first.stat().st_size / 1024 / 1024:.1f} MB, {len(entries):,} entries")
        for label, path in [("first load", first), ("reload, same file", first), ("reload, 3% different", later)]:
            before = rows_written()
            result = load_in_a_new_process(path)
            written = rows_written() - before
            print(f"{label}: {result['seconds']:.1f} s, peak RSS {result['peak_rss_mb']:.0f} MB "
                  f"({result['rss_before_mb']:.0f} MB before loading), "
                  f"{result['added']:,} added, {result['removed']:,} removed, {result['changed']:,} changed, "
                  f"{written:,} rows written")


if __name__ == "__main__":
    main()
