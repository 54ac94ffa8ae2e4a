"""The status matrix and an as-of chip page at 300 products × 60 destinations, on 10k and on 1M status changes.

    DATABASE_URL=postgres://postgres@localhost:5432/exportwatch .venv/bin/python bench/bench_matrix.py

For each size it (re)creates the scratch database ew_bench_matrix, tops the catalogue up to 300 products
with made-up SKUs, seeds the status changes as bench_timeline does (two tracks per product × destination,
skewed towards a few of each, dates 2019–2025), and fetches as an anonymous reader: the whole matrix today,
the matrix as of a past day, and the busiest chip's page as of that day. It prints each page's median warm
time, its query count, its main SQL's bare time, and how much slower each page is on 1M than on 10k.
"""

import argparse
import os

from bench_timeline import busiest_pages, measure, seed
from common import Timer, scratch_database

DATABASE = "ew_bench_matrix"
PRODUCTS = 300
DESTINATIONS = 60
AS_OF = "2023-06-30"


def add_products(total: int) -> None:
    """Made-up SKUs from the catalogue's vendors until there are `total` products."""
    from exportwatch.catalog.models import ChipSku, Company

    vendors = list(Company.objects.filter(chips__isnull=False).distinct().order_by("id"))
    missing = total - ChipSku.objects.count()
    ChipSku.objects.bulk_create(
        ChipSku(kind=ChipSku.Kind.SKU, name=f"Bench {n}", slug=f"bench-{n}", vendor=vendors[n % len(vendors)])
        for n in range(max(missing, 0))
    )


def pages() -> list[tuple[str, str]]:
    chip_url = dict(busiest_pages())["chip"]
    return [("matrix", "/matrix/"), (f"matrix as of {AS_OF}", f"/matrix/?as_of={AS_OF}"),
            (f"chip as of {AS_OF}", f"{chip_url}?as_of={AS_OF}")]


def run(changes: int, runs: int, plans) -> list[dict]:
    scratch_database(DATABASE)
    add_products(PRODUCTS)
    with Timer() as timer:
        seed(changes, PRODUCTS, DESTINATIONS)
    print(f"seeded {changes:,} status changes on {PRODUCTS} products × {DESTINATIONS} destinations "
          f"in {timer.seconds:.0f} s")
    from django.db import connection

    results = [measure(name, url, runs, plans) for name, url in pages()]
    connection.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs=2, default=[10_000, 1_000_000], metavar=("SMALL", "LARGE"))
    parser.add_argument("--runs", type=int, default=5, help="warm runs per page; the median counts")
    parser.add_argument("--plans", default="/tmp/bench_matrix_plans.txt", help="where EXPLAIN output goes")
    args = parser.parse_args()
    os.environ["DEBUG"] = "0"
    base_url = os.environ.get("DATABASE_URL", "postgres://postgres@localhost:5432/exportwatch")
    with open(args.plans, "w", encoding="utf-8") as plans:
        small = run(args.sizes[0], args.runs, plans)
        os.environ["DATABASE_URL"] = base_url  # scratch_database derives the next one from it
        large = run(args.sizes[1], args.runs, plans)
    small_label, large_label = (f"ms at {size:,}" for size in args.sizes)
    print(f"{'page':<26}{'queries':>8}{small_label:>14}{large_label:>16}{'ratio':>7}{'main SQL ms (large)':>21}")
    for before, after in zip(small, large, strict=True):
        print(f"{before['page']:<26}{after['queries']:>8}{before['page_ms']:>14.0f}{after['page_ms']:>16.0f}"
              f"{after['page_ms'] / before['page_ms']:>7.2f}{after['main_ms']:>21.1f}")


if __name__ == "__main__":
    main()
