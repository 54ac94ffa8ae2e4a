"""How fast the evidence CSV streams, against PostgreSQL's bare COPY of the same SELECT.

    .venv/bin/python bench/bench_export.py              # 200k evidence rows
    .venv/bin/python bench/bench_export.py --rows 1000000
    .venv/bin/python bench/bench_export.py --reuse      # keep the seeded scratch database from last time

It (re)creates a scratch database (default ew_bench_export), migrates it, seeds N evidence rows on
N/2 status changes with bulk SQL, then measures each way of exporting in its own process so that
each peak RSS is its own. Output goes to /dev/null; the best of --repeat rounds counts.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
METHODS = {
    "bare_copy": "COPY of the same SELECT, raw columns, bytes to /dev/null",
    "evidence_csv": "evidence_csv() on PostgreSQL: COPY with inert cells in SQL",
    "orm": "evidence_csv(use_copy=False): values_list + iterator + csv.writer",
}


def setup_django(database: str) -> None:
    os.environ["DATABASE_URL"] = f"postgres://postgres@localhost:5432/{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exportwatch.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def recreate_database(database: str) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@localhost:5432/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{database}"')


def seed(rows: int) -> None:
    """N news items, N/2 status changes with two pieces of evidence each, on 100 licence tracks."""
    from django.core.management import call_command
    from django.db import connection

    from exportwatch.catalog.models import Authority, ChipSku, Company, Country
    from exportwatch.licences.models import LicenceApplication

    call_command("migrate", verbosity=0)
    authority = Authority.objects.first() or Authority.objects.create(
        name="Bench authority", short_name="BENCH", slug="bench", country=Country.objects.get(code="US")
    )
    companies = [
        Company.objects.get_or_create(slug=f"bench-co-{n}", defaults={"name": f"Bench Co {n}"})[0] for n in range(10)
    ]
    countries = list(Country.objects.order_by("code")[:10])
    for company in companies:
        chip = ChipSku.objects.get_or_create(slug=f"{company.slug}-x1", defaults={"name": "X1", "vendor": company})[0]
        for country in countries:
            LicenceApplication.objects.get_or_create(company=company, chip=chip, country=country, authority=authority)

    changes = rows // 2
    with connection.cursor() as cursor:
        # A scratch database: skip the history triggers, they are not what is measured.
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            """
            INSERT INTO ingest_newsitem (url, canonical_url, title, outlet, published_at, language, raw_body, text,
                                         content_hash, state, error, attempts, received_at)
            SELECT 'https://news.example/2025/' || n || '?utm_source=feed', 'https://news.example/2025/' || n,
                   CASE WHEN n %% 50 = 0 THEN '=HYPERLINK("x")' ELSE 'Nvidia resumes H20 sales, story ' || n END,
                   'Bench Wire', timestamptz '2024-01-01' + n * interval '1 minute', 'en', '', '',
                   md5(n::text), 'processed', '', 0, now()
            FROM generate_series(1, %s) AS n
            """,
            [rows],
        )
        cursor.execute(
            """
            INSERT INTO licences_statuschange (application_id, company_id, chip_id, country_id, authority_id, status,
                event_date, date_precision, reported_at, origin, confidence, review_state, conditions, note, created_at)
            SELECT a.id, a.company_id, a.chip_id, a.country_id, a.authority_id,
                   (ARRAY['requirement_imposed', 'applied', 'under_review', 'assured', 'granted',
                          'denied'])[1 + n %% 6],
                   date '2020-01-01' + n / 100, 'day', timestamptz '2020-01-01' + n * interval '1 minute',
                   'ingested', 0.5 + (n %% 50) / 100.0, 'unreviewed', '', '', now()
            FROM generate_series(1, %s) AS n
            JOIN (SELECT id, company_id, chip_id, country_id, authority_id, row_number() OVER (ORDER BY id) - 1 AS k
                  FROM licences_licenceapplication) AS a ON a.k = n %% 100
            """,
            [changes],
        )
        cursor.execute(
            """
            INSERT INTO licences_evidence (status_change_id, news_item_id, sentence, confidence, created_at)
            SELECT sc.id, item.id,
                   'Nvidia said on Monday that the U.S. government had assured it licences would be granted, '
                   || 'and it hoped to start deliveries soon (item ' || item.id || ').',
                   0.9, now()
            FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM ingest_newsitem) AS item
            JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM licences_statuschange) AS sc
              ON sc.k = item.k / 2
            """
        )
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("ANALYZE")


def current_rss_kib() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def measure(method: str) -> dict:
    """Export every status change's evidence one way; rows, seconds, bytes and the process's peak RSS."""
    import psycopg
    from django.db import connection

    from exportwatch.licences.exports import DATE_ORDER, EVIDENCE_COLUMNS, evidence_csv
    from exportwatch.licences.models import StatusChange

    status_changes = StatusChange.objects.all()
    connection.ensure_connection()
    rss_before = highest_rss = current_rss_kib()
    started = time.perf_counter()
    written = lines = chunks = 0
    if method == "bare_copy":
        raw = status_changes.order_by(*DATE_ORDER, "evidence__id").values_list(*(c.lookup for c in EVIDENCE_COLUMNS))
        sql, params = raw.query.get_compiler(using="default").as_sql()
        statement = psycopg.ClientCursor(connection.connection).mogrify(f"COPY ({sql}) TO STDOUT (FORMAT csv)", params)
        with open(os.devnull, "wb") as out, connection.cursor() as cursor, cursor.copy(statement) as copy:
            for data in copy:
                written += out.write(data)
                lines += 1
                if lines % 5000 == 0:
                    highest_rss = max(highest_rss, current_rss_kib())
    else:
        with open(os.devnull, "w", encoding="utf-8") as out:
            for text in evidence_csv(status_changes, use_copy=method == "evidence_csv"):
                written += out.write(text)
                lines += text.count("\n")
                chunks += 1
                if chunks % 500 == 0:
                    highest_rss = max(highest_rss, current_rss_kib())
        lines -= 1  # the header
    seconds = time.perf_counter() - started
    highest_rss = max(highest_rss, current_rss_kib())
    return {
        "rows": lines,
        "seconds": seconds,
        "bytes": written,
        "rss_before_kib": rss_before,
        "rss_streaming_kib": highest_rss,
        "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def run_measure(database: str, method: str) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--database", database, "--measure", method],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=200_000, help="evidence rows to seed (default 200000)")
    parser.add_argument("--database", default="ew_bench_export")
    parser.add_argument("--reuse", action="store_true", help="measure the database seeded last time")
    parser.add_argument("--repeat", type=int, default=5, help="rounds; the best of each method counts")
    parser.add_argument("--measure", choices=METHODS, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.measure:
        setup_django(args.database)
        print(json.dumps(measure(args.measure)))
        return

    if not args.reuse:
        recreate_database(args.database)
        setup_django(args.database)
        started = time.perf_counter()
        seed(args.rows)
        print(f"seeded {args.rows} evidence rows in {time.perf_counter() - started:.1f} s")

    # Rounds take turns through the methods, so load from other processes falls on each alike.
    results = {}
    for _ in range(args.repeat):
        for method in METHODS:
            run = run_measure(args.database, method)
            if method not in results or run["seconds"] < results[method]["seconds"]:
                results[method] = run

    bare = results["bare_copy"]["rows"] / results["bare_copy"]["seconds"]
    print(f"{'method':<14}{'rows':>10}{'seconds':>10}{'rows/s':>11}{'× COPY':>8}{'MB out':>8}"
          f"{'RSS start MB':>14}{'RSS max MB':>12}{'peak RSS MB':>13}")
    for method, run in results.items():
        speed = run["rows"] / run["seconds"]
        print(
            f"{method:<14}{run['rows']:>10}{run['seconds']:>10.2f}{speed:>11,.0f}{speed / bare:>8.2f}"
            f"{run['bytes'] / 1e6:>8.1f}{run['rss_before_kib'] / 1024:>14.1f}"
            f"{run['rss_streaming_kib'] / 1024:>12.1f}{run['peak_kib'] / 1024:>13.1f}"
        )
    for method, description in METHODS.items():
        print(f"  {method}: {description}")
    print("  RSS start/max: resident memory before and while streaming; peak RSS: the process's high-water mark")


if __name__ == "__main__":
    main()
