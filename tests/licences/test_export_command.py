"""manage.py export_csv: the contract's two CSVs to stdout or a file, with filters."""

import csv
import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from exportwatch.licences.exports import EVIDENCE_HEADER, STATUS_CHANGE_HEADER
from tests.factories import ApplicationFactory, CountryFactory, record_step

pytestmark = pytest.mark.django_db


def _export(*args) -> list[dict]:
    out = io.StringIO()
    call_command("export_csv", *args, stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


@pytest.fixture
def two_tracks():
    # Made-up names: the reference catalogue loaded by migrations already holds the real ones.
    z20 = ApplicationFactory(company__name="Acme Semi", company__slug="acme", chip__name="Z20", chip__slug="z20")
    z100 = ApplicationFactory(company=z20.company, chip__name="Z100", chip__slug="z100", chip__vendor=z20.company)
    record_step(z20, "applied", date(2025, 7, 14))
    record_step(z20, "granted", date(2025, 8, 12))
    record_step(z100, "requirement_imposed", date(2022, 8, 31))
    return z20, z100


def test_it_writes_the_evidence_csv_to_stdout(two_tracks):
    out = io.StringIO()
    call_command("export_csv", "evidence", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == ",".join(EVIDENCE_HEADER)
    assert len(lines) == 4


def test_it_writes_the_timeline_csv_to_a_file(two_tracks, tmp_path):
    target = tmp_path / "timeline.csv"
    call_command("export_csv", "status_changes", "--output", str(target), stdout=io.StringIO())
    with target.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0] == STATUS_CHANGE_HEADER
    assert [row[2] for row in rows[1:]] == ["requirement_imposed", "applied", "granted"]


def test_the_chip_filter_keeps_that_chip_only(two_tracks):
    rows = _export("evidence", "--chip", "z20")
    assert {row["chip"] for row in rows} == {"Z20"} and len(rows) == 2


def test_the_status_filter_keeps_that_status_only(two_tracks):
    rows = _export("status_changes", "--status", "granted")
    assert [(row["chip"], row["status"]) for row in rows] == [("Z20", "granted")]


def test_the_country_and_company_filters_combine(two_tracks):
    record_step(ApplicationFactory(company=two_tracks[0].company, country=CountryFactory(code="AE")), "granted")
    rows = _export("evidence", "--country", "ae", "--company", "acme")
    assert [row["country_code"] for row in rows] == ["AE"]


def test_an_unknown_chip_is_an_error_not_an_empty_file(two_tracks):
    with pytest.raises(CommandError, match="no chip with slug 'z2o'"):
        call_command("export_csv", "evidence", "--chip", "z2o", stdout=io.StringIO())
