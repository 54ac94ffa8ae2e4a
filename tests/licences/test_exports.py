"""The evidence and timeline CSVs: the contract's columns, one row per source, inert cells, COPY = ORM, flat memory."""

import csv
import io
import random
import tracemalloc
from datetime import UTC, date, datetime, timedelta

import pgtrigger
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exportwatch.core.history import acting_as
from exportwatch.ingest.models import NewsItem
from exportwatch.licences.exports import (
    COPY_PIECE_BYTES,
    EVIDENCE_HEADER,
    STATUS_CHANGE_HEADER,
    evidence_csv,
    status_changes_csv,
)
from exportwatch.licences.models import Evidence, Origin, ReviewState, StatusChange
from tests.factories import ApplicationFactory, ChipFactory, NewsItemFactory, record_step

pytestmark = pytest.mark.django_db

CONTRACT_EVIDENCE_HEADER = (
    "event_date,date_precision,status,company,chip,country_code,country,authority,application_id,"
    "status_change_id,confidence,review_state,source_url,source_title,source_published,evidence"
)
CONTRACT_TIMELINE_HEADER = (
    "event_date,date_precision,status,company,chip,country_code,country,authority,application_id,"
    "status_change_id,confidence,review_state,sources"
)
SOURCE_HEADERS = ["source_url", "source_title", "source_published", "evidence"]
FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+1", "-2", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]
# Bulk seeding in statements of this many rows: one huge statement is slower to bind.
SEED_BATCH = 2000
BOTH_PATHS = pytest.mark.parametrize("use_copy", [True, False], ids=["copy", "orm"])


def _rows(lines) -> list[dict]:
    return list(csv.DictReader(io.StringIO("".join(lines))))


def _all(export, use_copy=None, **filters) -> list[dict]:
    return _rows(export(StatusChange.objects.filter(**filters), use_copy=use_copy))


def test_the_evidence_header_is_the_contract():
    assert ",".join(EVIDENCE_HEADER) == CONTRACT_EVIDENCE_HEADER


def test_the_timeline_header_is_the_contract():
    assert ",".join(STATUS_CHANGE_HEADER) == CONTRACT_TIMELINE_HEADER


@BOTH_PATHS
def test_an_empty_export_is_just_the_header(use_copy):
    lines = list(evidence_csv(StatusChange.objects.none(), use_copy=use_copy))
    assert lines == [CONTRACT_EVIDENCE_HEADER + "\n"]


@BOTH_PATHS
def test_a_syndicated_story_gives_one_row_per_source_item(use_copy):
    application = ApplicationFactory()
    for _ in range(3):
        change = record_step(application, "granted", date(2025, 8, 12), sentence="Licences were issued.")
    rows = _all(evidence_csv, use_copy)
    assert len(rows) == 3
    assert {row["status_change_id"] for row in rows} == {str(change.pk)}
    assert len({row["source_url"] for row in rows}) == 3


@BOTH_PATHS
def test_a_timeline_row_counts_the_items_that_support_it(use_copy):
    application = ApplicationFactory()
    for _ in range(3):
        record_step(application, "granted", date(2025, 8, 12))
    [row] = _all(status_changes_csv, use_copy)
    assert row["sources"] == "3"


@BOTH_PATHS
def test_an_editor_only_change_appears_with_empty_source_columns(use_copy, editor):
    change = record_step(ApplicationFactory(), "applied", date(2025, 7, 14), editor=editor)
    [row] = _all(evidence_csv, use_copy)
    assert row["status_change_id"] == str(change.pk)
    assert [row[header] for header in SOURCE_HEADERS] == ["", "", "", ""]
    [timeline_row] = _all(status_changes_csv, use_copy)
    assert timeline_row["sources"] == "0"


@BOTH_PATHS
def test_a_row_names_the_catalogue_entries_and_the_item_as_received(use_copy):
    application = ApplicationFactory(company__name="Acme Semi", chip__name="Z20")
    item = NewsItemFactory(
        url="https://www.reuters.example/tech/h20?utm_source=feed",
        canonical_url="https://reuters.example/tech/h20",
        title="Nvidia to resume H20 sales to China",
        published_at=datetime(2025, 7, 15, 1, 2, 3, 456789, tzinfo=UTC),
    )
    change = record_step(
        application, "assured", date(2025, 7, 14), news_item=item, confidence=0.85,
        sentence="Washington assured Nvidia that licences would be granted.",
    )
    [row] = _all(evidence_csv, use_copy)
    assert row == {
        "event_date": "2025-07-14",
        "date_precision": "day",
        "status": "assured",
        "company": "Acme Semi",
        "chip": "Z20",
        "country_code": "CN",
        "country": application.country.name,
        "authority": application.authority.short_name,
        "application_id": str(application.pk),
        "status_change_id": str(change.pk),
        "confidence": "0.85",
        "review_state": "unreviewed",
        "source_url": "https://www.reuters.example/tech/h20?utm_source=feed",
        "source_title": "Nvidia to resume H20 sales to China",
        "source_published": "2025-07-15T01:02:03Z",
        "evidence": "Washington assured Nvidia that licences would be granted.",
    }


@BOTH_PATHS
@pytest.mark.parametrize("formula", FORMULAS)
def test_formula_cells_come_back_inert_after_parsing(use_copy, formula):
    application = ApplicationFactory(company__name=formula, chip__name=formula)
    item = NewsItemFactory(url=formula, title=formula)
    record_step(application, "denied", news_item=item, sentence=formula)
    [row] = _all(evidence_csv, use_copy)
    for header in ["company", "chip", "source_url", "source_title", "evidence"]:
        assert row[header] == "'" + formula


@BOTH_PATHS
def test_numeric_columns_are_left_as_numbers(use_copy):
    change = record_step(ApplicationFactory(), "granted", confidence=1.0)
    [row] = _all(evidence_csv, use_copy)
    assert (row["application_id"], row["status_change_id"], row["confidence"]) == (
        str(change.application_id), str(change.pk), "1",
    )


@BOTH_PATHS
def test_rows_are_in_date_order_with_undated_steps_last(use_copy):
    application = ApplicationFactory()
    undated = record_step(application, "under_review", None)
    late = record_step(application, "granted", date(2025, 8, 12))
    early = record_step(application, "requirement_imposed", date(2025, 4, 9))
    ids = [row["status_change_id"] for row in _all(evidence_csv, use_copy)]
    assert ids == [str(early.pk), str(late.pk), str(undated.pk)]


@BOTH_PATHS
def test_filters_on_the_queryset_restrict_the_rows(use_copy):
    z20 = ApplicationFactory(chip__name="Z20")
    z100 = ApplicationFactory(chip__name="Z100")
    record_step(z20, "granted")
    record_step(z100, "denied")
    rows = _rows(evidence_csv(StatusChange.objects.for_chip(z20.chip.slug), use_copy=use_copy))
    assert [row["chip"] for row in rows] == ["Z20"]


@BOTH_PATHS
def test_a_filter_on_evidence_picks_changes_and_keeps_all_their_sources(use_copy):
    application = ApplicationFactory()
    record_step(application, "granted", news_item=NewsItemFactory(outlet="Reuters"))
    record_step(application, "granted", news_item=NewsItemFactory(outlet="Bloomberg"))
    record_step(application, "denied", news_item=NewsItemFactory(outlet="Bloomberg"))
    picked = StatusChange.objects.filter(evidence__news_item__outlet__in=["Reuters", "Bloomberg"])
    rows = _rows(evidence_csv(picked, use_copy=use_copy))
    assert len(rows) == 3
    reuters_only = StatusChange.objects.filter(evidence__news_item__outlet="Reuters")
    assert len(_rows(evidence_csv(reuters_only, use_copy=use_copy))) == 2


def _awkward_text(rng: random.Random) -> str:
    alphabet = 'ab ,"\'\n\r\t=+-@\\.;中国英伟达é€'
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))


def _seed_awkward_data(editor):
    rng = random.Random(20250714)
    application = ApplicationFactory(company__name="Hua, \"Wei\"", chip__name="Ascend 910C\n")
    record_step(application, "applied", None, editor=editor, confidence=1.0)
    record_step(application, "granted", date(2025, 8, 12), news_item=NewsItemFactory(title="", published_at=None))
    fixed = ["", " leading space", "trailing ", "\\.", "a\rb", "'already quoted", "\"", "-0.5", *FORMULAS]
    for index, text in enumerate(fixed + [_awkward_text(rng) for _ in range(40)]):
        item = NewsItemFactory(url=f"https://news.example/{index}{text}", title=text)
        record_step(
            application, "under_review", date(2024, 1, 1) + timedelta(days=3 * index),
            news_item=item, sentence=text or "x", confidence=rng.choice([0.1, 0.123456789, 2 / 3, 1.0]),
        )


@pytest.mark.parametrize("export", [evidence_csv, status_changes_csv])
def test_the_copy_path_and_the_orm_path_write_identical_bytes(export, editor):
    _seed_awkward_data(editor)
    copy_output = "".join(export(StatusChange.objects.all(), use_copy=True))
    orm_output = "".join(export(StatusChange.objects.all(), use_copy=False))
    assert copy_output.count("\n") > 50
    assert copy_output == orm_output


def test_chinese_text_survives_the_copy_stream_across_pieces():
    _bulk_seed(changes=10, items_per_change=10, sentence="英伟达获准向中国出口H20芯片。" * 30)
    copy_output = "".join(evidence_csv(StatusChange.objects.all(), use_copy=True))
    assert len(copy_output.encode()) > 2 * COPY_PIECE_BYTES
    assert copy_output == "".join(evidence_csv(StatusChange.objects.all(), use_copy=False))


def test_the_copy_path_reads_in_one_query():
    record_step(ApplicationFactory(), "granted")
    with CaptureQueriesContext(connection) as captured:
        list(evidence_csv(StatusChange.objects.all(), use_copy=True))
    # Inside a transaction (as here) a savepoint goes around the COPY; that is all.
    reads = [query["sql"] for query in captured if "SAVEPOINT" not in query["sql"]]
    assert len(reads) == 1 and reads[0].startswith("COPY (SELECT")


def test_an_abandoned_copy_stream_leaves_the_connection_usable():
    _bulk_seed(changes=50, items_per_change=40, sentence="x" * 200)
    lines = evidence_csv(StatusChange.objects.all(), use_copy=True)
    next(lines), next(lines)
    lines.close()
    assert StatusChange.objects.count() == 50


@pytest.mark.parametrize("rows", [3, 30])
def test_the_orm_path_reads_in_a_number_of_queries_that_does_not_grow_with_rows(rows, django_assert_num_queries):
    application = ApplicationFactory()
    for _ in range(rows):
        record_step(application, "granted")
    with django_assert_num_queries(1):
        lines = list(evidence_csv(StatusChange.objects.all(), use_copy=False))
    assert len(lines) == rows + 1


def _bulk_seed(*, changes: int, items_per_change: int, sentence: str):
    """Many rows fast: the service writes one at a time, which would take minutes for 20k rows."""
    # Outside a history context each tracked insert pays for two failed setting lookups (about 10x slower);
    # a context and an ignore list naming a delete-only trigger give both a value and skip nothing here.
    with acting_as("test seed"), pgtrigger.ignore("licences.StatusChange:step_is_never_deleted"):
        _bulk_insert(changes, items_per_change, sentence)


def _bulk_insert(changes: int, items_per_change: int, sentence: str):
    application = ApplicationFactory(chip=ChipFactory())
    reported_at = datetime(2025, 7, 14, tzinfo=UTC)
    status_changes = StatusChange.objects.bulk_create(
        [
            StatusChange(
                application=application,
                company_id=application.company_id,
                chip_id=application.chip_id,
                country_id=application.country_id,
                authority_id=application.authority_id,
                status="granted",
                event_date=date(2020, 1, 1) + timedelta(days=index),
                reported_at=reported_at,
                origin=Origin.INGESTED,
                review_state=ReviewState.UNREVIEWED,
            )
            for index in range(changes)
        ],
        batch_size=SEED_BATCH,
    )
    items = NewsItem.objects.bulk_create(
        [
            NewsItem(
                url=f"https://news.example/bulk/{index}",
                canonical_url=f"https://news.example/bulk/{index}",
                title=f"Bulk story {index}",
                published_at=reported_at,
                content_hash=f"{index:064d}",
            )
            for index in range(changes * items_per_change)
        ],
        batch_size=SEED_BATCH,
    )
    Evidence.objects.bulk_create(
        [
            Evidence(status_change=status_changes[index // items_per_change], news_item=item, sentence=sentence)
            for index, item in enumerate(items)
        ],
        batch_size=SEED_BATCH,
    )


def _peak_memory_of_streaming(lines) -> tuple[int, int]:
    """(rows, peak bytes of Python memory) while `lines` is consumed and thrown away."""
    tracemalloc.start()
    try:
        rows = sum(text.count("\n") for text in lines)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return rows, peak


@BOTH_PATHS
def test_streaming_20k_rows_takes_no_more_memory_than_streaming_4k(use_copy):
    _bulk_seed(changes=1000, items_per_change=20, sentence="The licence was granted. " * 20)
    first_200_changes = StatusChange.objects.filter(event_date__lt=date(2020, 1, 1) + timedelta(days=200))
    rows_4k, peak_4k = _peak_memory_of_streaming(evidence_csv(first_200_changes, use_copy=use_copy))
    rows_20k, peak_20k = _peak_memory_of_streaming(evidence_csv(StatusChange.objects.all(), use_copy=use_copy))
    assert (rows_4k, rows_20k) == (4_001, 20_001)
    assert peak_20k < peak_4k * 1.2
    # The CSV is over 10 MB; a few chunks of rows is all that may be held at once.
    assert peak_20k < 8_000_000
