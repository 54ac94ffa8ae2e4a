"""The streaming CSV kernel: inert formula cells, typed cells, line format, the download response."""

import csv
import io
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exportwatch.catalog.models import Company
from exportwatch.core.csvexport import (
    Column,
    cell_text,
    csv_lines,
    inert,
    queryset_csv_lines,
    streaming_csv_response,
)
from exportwatch.licences.models import ReviewState
from tests.factories import CompanyFactory


def _parse(lines) -> list[list[str]]:
    return list(csv.reader(io.StringIO("".join(lines))))


@pytest.mark.parametrize(
    "formula",
    ['=HYPERLINK("http://evil.example","click")', "+1", "-2", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"],
)
def test_a_cell_a_spreadsheet_would_run_gets_a_leading_apostrophe(formula):
    assert inert(formula) == "'" + formula


def test_ordinary_text_is_left_as_it_is():
    assert inert("Nvidia H20 licences granted, 1+1 = 2") == "Nvidia H20 licences granted, 1+1 = 2"


def test_nul_characters_are_removed():
    assert inert("H2\x000") == "H20"


def test_none_is_an_empty_cell():
    assert inert(None) == "" and cell_text(None) == ""


def test_numbers_are_not_neutralised():
    assert [cell_text(-2), cell_text(-0.5), cell_text(Decimal("-1.50"))] == ["-2", "-0.5", "-1.50"]


def test_floats_are_written_as_postgresql_writes_them():
    assert [cell_text(1.0), cell_text(0.9), cell_text(0.00001)] == ["1", "0.9", "1e-05"]


def test_dates_and_times_are_iso_8601_in_utc():
    beijing = timezone(timedelta(hours=8))
    assert cell_text(date(2025, 7, 14)) == "2025-07-14"
    assert cell_text(datetime(2025, 7, 14, 17, 30, 5, 123, tzinfo=beijing)) == "2025-07-14T09:30:05Z"
    assert cell_text(datetime(2025, 7, 14, 9, 30, 5)) == "2025-07-14T09:30:05Z"


def test_booleans_are_words():
    assert [cell_text(True), cell_text(False)] == ["true", "false"]


def test_csv_lines_start_with_the_header_and_end_in_lf():
    lines = list(csv_lines(["a", "b"], [(1, "x")]))
    assert lines == ["a,b\n", "1,x\n"]


def test_csv_lines_quote_commas_quotes_and_line_breaks_and_parse_back():
    awkward = ['a,b', 'say "hi"', "two\nlines", "carriage\rreturn", "英伟达 H20"]
    assert _parse(csv_lines(["v"] * 5, [awkward]))[1] == awkward


def test_csv_lines_make_formula_cells_inert_after_parsing():
    parsed = _parse(csv_lines(["cell", "number"], [("=cmd|' /C calc'!A0", -2)]))
    assert parsed[1] == ["'=cmd|' /C calc'!A0", "-2"]


def test_a_streaming_response_is_an_attachment_of_utf8_csv():
    response = streaming_csv_response(iter(["a\n", b"b\n"]), "evidence.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="evidence.csv"'
    assert b"".join(response.streaming_content) == b"a\nb\n"


def test_an_excel_response_starts_with_a_byte_order_mark():
    response = streaming_csv_response(iter(["中国\n"]), "countries.csv", excel=True)
    assert b"".join(response.streaming_content) == "\ufeff中国\n".encode()


@pytest.mark.django_db
def test_queryset_csv_lines_follow_lookups_and_callables():
    CompanyFactory(name="=Evil Corp", slug="evil")
    columns = [
        Column("name", "name"),
        Column("slug", "slug"),
        Column("name_length", lambda company: len(company.name)),
    ]
    parsed = _parse(queryset_csv_lines(Company.objects.filter(slug="evil"), columns))
    assert parsed == [["name", "slug", "name_length"], ["'=Evil Corp", "evil", "10"]]


@pytest.mark.django_db
def test_queryset_csv_lines_with_lookups_only_read_in_one_query_whatever_the_rows():
    def queries_for(count):
        CompanyFactory.create_batch(count)
        columns = [Column("name", "name"), Column("country", "headquarters__code")]
        with CaptureQueriesContext(connection) as captured:
            lines = list(queryset_csv_lines(Company.objects.all(), columns, chunk_size=5))
        assert len(lines) == Company.objects.count() + 1
        return len(captured)

    assert queries_for(3) == queries_for(30)


def test_a_choices_member_is_written_as_its_value():
    assert cell_text(ReviewState.CONFIRMED) == "confirmed"
    assert type(cell_text(ReviewState.CONFIRMED)) is str
