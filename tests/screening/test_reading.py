"""Reading the screening-list file: trade.gov's JSON and CSV give the same entries; a file that is not whole or
that says what it cannot mean is refused with the reason."""

import io
from datetime import date

import pytest

from exportwatch.screening.reading import UnreadableFile, read_entries

from .list_files import CONSOLIDATED_CSV, CONSOLIDATED_JSON, json_file, results


def read(data: bytes) -> list:
    return list(read_entries(io.BytesIO(data)))


def refusal(data: bytes) -> UnreadableFile:
    with pytest.raises(UnreadableFile) as refused:
        read(data)
    return refused.value


def test_a_json_entry_keeps_its_list_names_addresses_citation_and_dates():
    huawei = read(CONSOLIDATED_JSON)[0]
    assert huawei.key == ("Entity List (EL) - Bureau of Industry and Security",
                          "3f8c2a9d1b7e4c6a8f0d2b4e6a8c0e2f4a6b8d0c")
    assert (huawei.name, huawei.alt_names, huawei.entity_type) == (
        "Huawei Technologies Co., Ltd.", ("Huawei", "Huawei Technologies"), "Entity")
    assert huawei.addresses[0]["city"] == "Shenzhen" and huawei.country == "CN"
    assert (huawei.federal_register_notice, huawei.start_date) == ("84 FR 22961", date(2019, 5, 16))
    assert huawei.license_policy == "Presumption of denial."


def test_a_numbered_entry_of_a_treasury_list_is_read_with_its_number_as_id():
    person = read(CONSOLIDATED_JSON)[-1]
    assert (person.entry_id, person.entity_type, person.start_date) == ("36512", "Individual", None)


def test_the_csv_gives_the_entries_of_the_json_with_names_split_and_the_country_from_each_address():
    from_json = {entry.key: entry for entry in read(CONSOLIDATED_JSON)}
    from_csv = read(CONSOLIDATED_CSV)
    assert len(from_csv) == 3
    for entry in from_csv:
        same = from_json[entry.key]
        assert (entry.name, entry.alt_names, entry.start_date, entry.federal_register_notice) == (
            same.name, same.alt_names, same.start_date, same.federal_register_notice)
    assert [entry.country for entry in from_csv] == ["CN", "China", "HK"]


@pytest.mark.parametrize("data", [CONSOLIDATED_JSON, CONSOLIDATED_CSV])
def test_a_file_starting_with_a_byte_order_mark_reads_as_without(data):
    assert read(b"\xef\xbb\xbf" + data) == read(data)


def test_reading_the_same_file_twice_gives_the_same_content_hashes():
    assert [e.content_hash for e in read(CONSOLIDATED_JSON)] == [e.content_hash for e in read(CONSOLIDATED_JSON)]


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.95])
def test_a_json_file_cut_short_is_refused(cut):
    error = refusal(CONSOLIDATED_JSON[: int(len(CONSOLIDATED_JSON) * cut)])
    assert "not whole JSON" in str(error)


def test_a_file_holding_fewer_entries_than_its_total_is_refused():
    error = refusal(json_file(results()[:2], total=5))
    assert "says it holds 5 entries but has 2" in str(error)


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty"),
    (b'{"total": 0, "results": []}', "no list of results"),
    (b'{"results": "none"}', "no list of results"),
    (b'{"error": "maintenance"}', "no list of results"),
    (b"<html><body>Service unavailable</body></html>", "no _id, source, name column"),
])
def test_a_file_without_entries_is_refused(data, reason):
    assert reason in str(refusal(data))


@pytest.mark.parametrize(("field", "value", "reason"), [
    ("name", "", "entry 1 has no name"),
    ("id", None, "entry 1 has no id"),
    ("source", None, "entry 1 has no source"),
    ("start_date", "20/08/2020", "start_date '20/08/2020' is not a YYYY-MM-DD date"),
    ("alt_names", "Huawei", "alt_names must be a list of names"),
    ("addresses", {"city": "Shenzhen"}, "addresses must be a list of objects"),
    ("federal_register_notice", ["84 FR 22961"], "federal_register_notice must be text"),
])
def test_a_json_entry_it_cannot_vouch_for_refuses_the_file_with_the_entry(field, value, reason):
    entries = results()
    entries[0][field] = value
    error = refusal(json_file(entries))
    assert reason in str(error)
    assert '"license_policy": "Presumption of denial."' in error.excerpt or '"type": "Entity"' in error.excerpt


def test_the_same_entry_twice_refuses_the_file():
    entries = results()
    assert "appears twice" in str(refusal(json_file([*entries, entries[0]])))


def test_a_csv_date_that_is_not_a_date_refuses_the_file_with_its_line():
    broken = CONSOLIDATED_CSV.replace(b"2020-12-22", b"22 Dec 2020")
    assert "line 3: start_date '22 Dec 2020' is not a YYYY-MM-DD date" in str(refusal(broken))


def test_a_csv_cut_short_is_refused():
    lines = CONSOLIDATED_CSV.splitlines(keepends=True)
    cut = b"".join(lines[:2]) + lines[2][:60]
    assert "fewer cells than the header" in str(refusal(cut))


def test_a_csv_cut_inside_a_quoted_cell_is_refused():
    cut = CONSOLIDATED_CSV[: CONSOLIDATED_CSV.index(b"Bantian") + 4]
    assert "is not CSV" in str(refusal(cut))


def test_a_csv_row_with_more_cells_than_its_header_is_refused():
    broken = CONSOLIDATED_CSV.replace(b",Huawei; Huawei Technologies,", b",Huawei,Huawei Technologies,")
    assert "more cells than the header" in str(refusal(broken))


def test_a_csv_that_is_not_utf8_is_refused():
    broken = CONSOLIDATED_CSV.replace(b"Huawei Technologies Co.", "Huawei Technologies Cö.".encode("latin-1"))
    assert "not UTF-8" in str(refusal(broken))


def test_an_entry_of_another_shape_is_named_in_the_refusal():
    entries = results()
    entries[2] = ["not", "an", "object"]
    assert "entry 3 is not a JSON object" in str(refusal(json_file(entries)))


def test_unknown_fields_are_ignored():
    entries = results()
    entries[0]["new_field_next_year"] = {"anything": [1, 2]}
    assert read(json_file(entries))[0].content_hash == read(CONSOLIDATED_JSON)[0].content_hash

