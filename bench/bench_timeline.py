"""How fast the timeline pages render on a big table, against the bare SQL of their own main query.

    DATABASE_URL=postgres://postgres@localhost:5432/exportwatch .venv/bin/python bench/bench_timeline.py [N]
    ... bench/bench_timeline.py 1000000 --keep          # keep the seeded scratch database afterwards
    ... bench/bench_timeline.py --reuse --sql "CREATE INDEX ..."   # try a candidate index on it

It (re)creates the scratch database ew_bench_timeline, seeds N status changes (default 1,000,000) on
60 chips × 40 destinations × 2 authorities with dates 2019–2025, skewed the way news is (a few chips
and countries carry most steps), evidence for 40 % of them, then fetches the busiest chip page,
country page, chip × country page and the /changes/ list as an anonymous reader through
django.test.Client with DEBUG off. For each page: the median of --runs warm responses, the number of
queries, and the median time of the page's main query (its page of status changes) re-run bare.
EXPLAIN (ANALYZE, BUFFERS) of each page's main and slowest query goes to --plans.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import time

from common import ROOT, Timer, scratch_database

DATABASE = "ew_bench_timeline"
CHIPS = 60
COUNTRIES = 40
NEWS_ITEMS = 200_000
# The busiest first: the skewed draw below gives the first chips and countries most of the steps.
HOT_CHIPS = ["nvidia-h20", "nvidia-h100", "nvidia-a100", "nvidia-h200", "nvidia-b30a", "amd-mi308", "nvidia-h800"]
HOT_COUNTRIES = ["CN", "AE", "SA", "MY", "SG", "IN", "RU", "KR", "JP", "TW", "NL", "VN", "HK", "IL", "QA"]


def use_database(name: str) -> None:
    """Point Django at an already seeded scratch database (for --reuse)."""
    base = os.environ.get("DATABASE_URL", "postgres://postgres@localhost:5432/exportwatch")
    os.environ["DATABASE_URL"] = f"{base.rpartition('/')[0]}/{name}"
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exportwatch.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def drop_database(name: str) -> None:
    from django.db import connection

    connection.close()
    server = os.environ["DATABASE_URL"].rpartition("/")[0]
    subprocess.run(["psql", f"{server}/postgres", "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=True)


def ordered_ids(queryset, key: str, hot: list[str], count: int) -> list[int]:
    """The ids of `count` rows, the `hot` natural keys first in their order, then the rest by id."""
    rows = list(queryset.values_list(key, "id"))
    first = [pk for value in hot for key_value, pk in rows if key_value == value]
    rest = [pk for key_value, pk in rows if key_value not in hot]
    return (first + rest)[:count]


def seed(changes: int, n_chips: int = CHIPS, n_countries: int = COUNTRIES) -> None:
    """Tracks for every chip × country pair, `changes` status changes on them, news items and evidence."""
    from django.db import connection

    from exportwatch.catalog.models import Authority, ChipSku, Company, Country

    # SKUs and families before categories: timelines are mostly about named chips.
    chips = ordered_ids(ChipSku.objects.order_by("-kind", "id"), "slug", HOT_CHIPS, n_chips)
    countries = ordered_ids(Country.objects.order_by("code"), "code", HOT_COUNTRIES, n_countries)
    us_bis = Authority.objects.get(slug="us-bis").pk
    others = list(Authority.objects.exclude(pk=us_bis).order_by("id").values_list("id", flat=True))
    fallback_company = Company.objects.get(slug="applied-materials").pk  # for categories, which have no vendor

    with connection.cursor() as cursor:
        # A scratch database: skip the history triggers (and FK checks), they are not what is measured.
        cursor.execute("SET session_replication_role = replica")
        # Two tracks per chip × country: US BIS and one other authority; the company is the chip's vendor.
        cursor.execute(
            """
            INSERT INTO licences_licenceapplication (company_id, chip_id, country_id, authority_id, note, created_at)
            SELECT coalesce(c.vendor_id, %(company)s), c.id, k.id,
                   CASE WHEN lane = 0 THEN %(us)s
                        ELSE (%(others)s::int[])[1 + (ch.i + k.i) %% cardinality(%(others)s::int[])] END,
                   '', now()
            FROM unnest(%(chips)s::int[]) WITH ORDINALITY AS ch(id, i)
            JOIN catalog_chipsku AS c ON c.id = ch.id
            CROSS JOIN unnest(%(countries)s::int[]) WITH ORDINALITY AS k(id, i)
            CROSS JOIN generate_series(0, 1) AS lane
            """,
            {"company": fallback_company, "us": us_bis, "others": others, "chips": chips, "countries": countries},
        )
        # Number the tracks so a drawn (chip rank, country rank, lane) finds its track by one key.
        cursor.execute(
            """
            CREATE TEMP TABLE bench_track AS
            SELECT ((array_position(%(chips)s::int[], chip_id) - 1) * %(n_countries)s
                    + array_position(%(countries)s::int[], country_id) - 1) * 2 + (authority_id <> %(us)s)::int AS k,
                   id, company_id, chip_id, country_id, authority_id
            FROM licences_licenceapplication
            """,
            {"chips": chips, "countries": countries, "n_countries": n_countries, "us": us_bis},
        )
        cursor.execute("CREATE UNIQUE INDEX ON bench_track (k)")
        cursor.execute("SELECT setseed(0.42)")  # the same data on every run
        # Draws that repeat an ingested step (same track, status, date) are skipped, so top up until N.
        while (missing := changes - count_rows(cursor, "licences_statuschange")) > 0:
            cursor.execute(STATUS_CHANGES_SQL, {"n": missing, "chips": n_chips, "countries": n_countries})
        cursor.execute(
            """
            INSERT INTO ingest_newsitem (url, canonical_url, title, outlet, published_at, language, raw_body, text,
                                         content_hash, state, error, attempts, received_at, claimed_by)
            SELECT 'https://news.example/' || n || '?utm_source=feed', 'https://news.example/' || n,
                   'Export licence news, story ' || n, 'Bench Wire',
                   timestamptz '2019-01-01' + n * interval '20 minutes', 'en', '', '', md5(n::text), 'processed', '',
                   0, now(), ''
            FROM generate_series(1, %s) AS n
            """,
            [NEWS_ITEMS],
        )
        # 40 % of the steps have evidence, one to three items each (about 0.8 evidence rows per step).
        cursor.execute(
            """
            INSERT INTO licences_evidence (status_change_id, news_item_id, sentence, confidence, created_at)
            SELECT sc.id, first.id + (sc.id * 7919 + j * 104729) %% %(items)s,
                   'The company said it had been told a licence would be required for shipments (step '
                   || sc.id || ').', 0.9, sc.reported_at
            FROM licences_statuschange AS sc
            CROSS JOIN (SELECT min(id) AS id FROM ingest_newsitem) AS first
            CROSS JOIN LATERAL generate_series(0, sc.id %% 3) AS j
            WHERE sc.id %% 5 < 2
            """,
            {"items": NEWS_ITEMS},
        )
        cursor.execute("SET session_replication_role = DEFAULT")
        # As after autovacuum: fresh statistics and a visibility map, so index-only scans are possible.
        cursor.execute("VACUUM ANALYZE")


def count_rows(cursor, table: str) -> int:
    cursor.execute(f"SELECT count(*) FROM {table}")
    return cursor.fetchone()[0]


# Skewed draws: rank = floor(size · u^p), so rank 0 (H20, China) gets the most steps; dates lean
# recent; 10 % month- and 4.5 % year-precise dates, 0.5 % undated; 5 % rejected, 25 % confirmed.
STATUS_CHANGES_SQL = """
INSERT INTO licences_statuschange (application_id, company_id, chip_id, country_id, authority_id, status,
    event_date, date_precision, reported_at, origin, confidence, review_state, conditions, note, created_at)
SELECT t.id, t.company_id, t.chip_id, t.country_id, t.authority_id, d.status,
       CASE WHEN d.p < 0.005 THEN NULL
            WHEN d.p < 0.05 THEN date_trunc('year', d.day)::date
            WHEN d.p < 0.15 THEN date_trunc('month', d.day)::date
            ELSE d.day END,
       CASE WHEN d.p < 0.005 THEN 'unknown' WHEN d.p < 0.05 THEN 'year' WHEN d.p < 0.15 THEN 'month' ELSE 'day' END,
       d.day + d.lag * interval '20 days', 'ingested', round(d.confidence::numeric, 2),
       CASE WHEN d.r < 0.05 THEN 'rejected' WHEN d.r < 0.30 THEN 'confirmed' ELSE 'unreviewed' END,
       '', '', now()
FROM (
    SELECT floor(%(chips)s * power(random(), 2.2))::int AS chip,
           floor(%(countries)s * power(random(), 2.5))::int AS country,
           (random() < 0.2)::int AS lane,
           date '2019-01-01' + floor(2557 * power(random(), 0.7))::int AS day,
           (ARRAY['requirement_imposed', 'requirement_imposed', 'requirement_lifted', 'applied', 'applied',
                  'under_review', 'assured', 'granted', 'granted', 'denied', 'revoked'])[1 + floor(random() * 11)::int]
               AS status,
           random() AS p, random() AS lag, 0.3 + 0.7 * random() AS confidence, random() AS r
    FROM generate_series(1, %(n)s)
) AS d
JOIN bench_track AS t ON t.k = (d.chip * %(countries)s + d.country) * 2 + d.lane
ON CONFLICT DO NOTHING
"""


def busiest_pages() -> list[tuple[str, str]]:
    """The pages readers open most: the busiest chip, country, pair and company, and the list of all changes."""
    from django.db.models import Count

    from exportwatch.licences.models import StatusChange

    def top(*fields):
        return StatusChange.objects.order_by().values(*fields).annotate(n=Count("id")).order_by("-n")[0]

    chip = top("chip__slug")["chip__slug"]
    country = top("country__code")["country__code"].lower()
    pair = top("chip__slug", "country__code")
    company = top("company__slug")["company__slug"]
    return [
        ("chip", f"/chips/{chip}/"),
        ("country", f"/countries/{country}/"),
        ("chip × country", f"/chips/{pair['chip__slug']}/{pair['country__code'].lower()}/"),
        ("company", f"/companies/{company}/"),
        ("changes", "/changes/"),
    ]


SERVER_CURSOR = re.compile(r'^DECLARE "[^"]+" NO SCROLL CURSOR WITH HOLD FOR ')


def bare_ms(sql: str, runs: int) -> float:
    """Median time to run `sql` and fetch every row, with no ORM around it."""
    from django.db import connection

    times = []
    with connection.cursor() as cursor:
        for _ in range(runs):
            with Timer() as timer:
                cursor.execute(sql)
                cursor.fetchall()
            times.append(timer.seconds * 1000)
    return statistics.median(times)


def is_main_query(sql: str) -> bool:
    """The page's own rows: a LIMITed SELECT of status changes (not the paginator's COUNT)."""
    return 'FROM "licences_statuschange"' in sql and " LIMIT " in sql and not sql.startswith("SELECT COUNT")


def label(sql: str) -> str:
    table = sql.split(" FROM ", 1)[1].split()[0].strip('"') if " FROM " in sql else sql[:20]
    return f"COUNT {table}" if sql.startswith("SELECT COUNT") else table


def measure(name: str, url: str, runs: int, plans) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for _ in range(2):  # warm: connection, templates, PostgreSQL's cache
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(runs):
        with Timer() as timer:
            response = client.get(url)
        assert response.status_code == 200, url
        times.append(timer.seconds * 1000)
    # Counted in a run of its own: recording queries costs time too.
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    # Choice lists of the filter form come through server-side cursors: re-run their SELECT.
    queries = [SERVER_CURSOR.sub("", query["sql"]) for query in captured.captured_queries]
    timed = [(bare_ms(sql, runs), sql) for sql in queries]
    main = next((item for item in timed if is_main_query(item[1])), max(timed))
    slowest = max(timed)
    server_ms = {}
    for title, (_, sql) in [("main", main), ("slowest", slowest)][: 1 if slowest is main else 2]:
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        server_ms[title] = float(re.search(r"Execution Time: ([\d.]+) ms", plan)[1])
        plans.write(f"=== {name} {url}: {title} query ({label(sql)})\n{sql}\n\n{plan}\n\n")
    return {
        "page": name,
        "queries": len(queries),
        "page_ms": statistics.median(times),
        "main_ms": main[0],
        "server_ms": server_ms["main"],
        "all_sql_ms": sum(ms for ms, _ in timed),
        "slowest": f"{label(slowest[1])} {slowest[0]:.1f}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("changes", nargs="?", type=int, default=1_000_000, help="status changes to seed")
    parser.add_argument("--runs", type=int, default=7, help="warm runs per page; the median counts")
    parser.add_argument("--reuse", action="store_true", help=f"measure {DATABASE} as seeded last time (implies --keep)")
    parser.add_argument("--keep", action="store_true", help=f"keep {DATABASE} for --reuse instead of dropping it")
    parser.add_argument("--sql", action="append", default=[], help="statement to run before measuring, e.g. an index")
    parser.add_argument("--plans", default="/tmp/bench_timeline_plans.txt", help="where EXPLAIN output goes")
    args = parser.parse_args()

    os.environ["DEBUG"] = "0"  # production settings: no query log, no debug pages
    if args.reuse:
        use_database(DATABASE)
    else:
        scratch_database(DATABASE)
        with Timer() as timer:
            seed(args.changes)
        print(f"seeded {args.changes:,} status changes in {timer.seconds:.0f} s")

    from django.db import connection

    with connection.cursor() as cursor:
        for statement in args.sql:
            with Timer() as timer:
                cursor.execute(statement)
            print(f"ran in {timer.seconds:.1f} s: {statement}")
        if args.sql:
            cursor.execute("ANALYZE licences_statuschange")
        rows = count_rows(cursor, "licences_statuschange"), count_rows(cursor, "licences_evidence")
    print(f"{rows[0]:,} status changes, {rows[1]:,} evidence rows; median of {args.runs} warm runs")

    with open(args.plans, "w", encoding="utf-8") as plans:
        results = [measure(name, url, args.runs, plans) for name, url in busiest_pages()]
    print(
        f"{'page':<16}{'queries':>8}{'page ms':>9}{'main SQL ms':>13}{'ratio':>7}{'server ms':>11}{'all SQL ms':>12}"
        "  slowest query (ms)"
    )
    for r in results:
        print(
            f"{r['page']:<16}{r['queries']:>8}{r['page_ms']:>9.1f}{r['main_ms']:>13.1f}"
            f"{r['page_ms'] / r['main_ms']:>7.1f}{r['server_ms']:>11.1f}{r['all_sql_ms']:>12.1f}  {r['slowest']}"
        )
    print("  main SQL: the page's rows query run bare through the driver (execute + fetch); server: its")
    print("  EXPLAIN ANALYZE execution time; all SQL: every query of the page run bare;")
    print("  ratio: page ms / main SQL ms (aim ≤ 2, ≤ 8 queries)")
    print(f"  plans of each page's main and slowest query: {args.plans}")

    if not (args.keep or args.reuse):
        drop_database(DATABASE)


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"total {time.perf_counter() - started:.0f} s")
