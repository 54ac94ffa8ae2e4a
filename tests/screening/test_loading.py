"""Loading the list: each load records additions, removals and changes as dated changes of that load, in one
transaction; a refused file changes nothing and says why; a reload that changes nothing writes nothing."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exportwatch.catalog.models import Company
from exportwatch.ingest.screening_list import load_file
from exportwatch.screening.loading import load
from exportwatch.screening.models import ListedEntity, ListingChange, ScreeningLoad
from exportwatch.screening.reading import UnreadableFile

from .list_files import CONSOLIDATED_CSV, CONSOLIDATED_JSON, by_name, json_file, results

pytestmark = pytest.mark.django_db

FIRST_DAY, SECOND_DAY = date(2031, 3, 3), date(2031, 3, 10)
HUAWEI = "Huawei Technologies Co., Ltd."
SMIC = "Semiconductor Manufacturing International Corporation"
WRITES = ("INSERT", "UPDATE", "DELETE")


def load_bytes(data: bytes, day=FIRST_DAY, **options):
    return load(io.BytesIO(data), today=day, url="consolidated.json", **options)


def changes_on(day) -> set[tuple[str, str]]:
    return set(ListingChange.objects.filter(changed_on=day).values_list("kind", "entity__name"))


def test_a_first_load_adds_every_entry_as_a_dated_addition():
    outcome = load_bytes(CONSOLIDATED_JSON)
    assert (outcome.entries, outcome.added, outcome.removed, outcome.changed) == (5, 5, 0, 0)
    assert outcome.load.state == ScreeningLoad.State.SUCCEEDED and outcome.load.file_bytes == len(CONSOLIDATED_JSON)
    assert changes_on(FIRST_DAY) == {("added", entry["name"]) for entry in results()}


def test_an_entry_keeps_what_the_file_says_and_the_day_it_was_first_seen():
    load_bytes(CONSOLIDATED_JSON)
    huawei = ListedEntity.objects.get(name=HUAWEI)
    assert (huawei.list_code, huawei.country.code, huawei.federal_register_notice) == ("EL", "CN", "84 FR 22961")
    assert (huawei.start_date, huawei.first_seen_on, huawei.removed_on) == (date(2019, 5, 16), FIRST_DAY, None)
    assert huawei.alt_names == ["Huawei", "Huawei Technologies"]
    assert huawei.addresses[0]["postal_code"] == "518129"


def test_an_entry_without_a_start_date_is_listed_since_it_was_first_seen():
    load_bytes(CONSOLIDATED_JSON)
    assert ListedEntity.objects.get(entry_id="36512").listed_since == FIRST_DAY


def test_a_csv_address_names_its_country_by_code_or_by_name():
    load_bytes(CONSOLIDATED_CSV)
    countries = dict(ListedEntity.objects.values_list("name", "country__code"))
    assert (countries[HUAWEI], countries[SMIC], countries["HUAWEI, Li"]) == ("CN", "CN", "HK")


def test_a_second_load_records_its_additions_and_removals_dated_that_day():
    load_bytes(json_file([entry for entry in results() if entry["name"] != SMIC]))
    load_bytes(json_file([entry for entry in results() if entry["name"] != HUAWEI]), day=SECOND_DAY)
    assert changes_on(SECOND_DAY) == {("added", SMIC), ("removed", HUAWEI)}
    assert ListedEntity.objects.get(name=HUAWEI).removed_on == SECOND_DAY
    assert ListedEntity.objects.listed().count() == 4


def test_a_changed_entry_records_the_fields_that_changed_before_and_after():
    load_bytes(CONSOLIDATED_JSON)
    entries = results()
    by_name(entries, HUAWEI).update(federal_register_notice="84 FR 22961; 85 FR 51596", license_policy="Denial.")
    outcome = load_bytes(json_file(entries), day=SECOND_DAY)
    change = ListingChange.objects.get(load=outcome.load)
    assert (change.kind, change.entity.name, outcome.changed) == ("changed", HUAWEI, 1)
    assert change.before == {"federal_register_notice": "84 FR 22961", "license_policy": "Presumption of denial."}
    assert change.after == {"federal_register_notice": "84 FR 22961; 85 FR 51596", "license_policy": "Denial."}
    assert ListedEntity.objects.get(name=HUAWEI).license_policy == "Denial."


def test_an_entry_back_on_its_list_is_added_again():
    load_bytes(CONSOLIDATED_JSON)
    load_bytes(json_file([entry for entry in results() if entry["name"] != SMIC]), day=SECOND_DAY)
    later = date(2031, 4, 1)
    load_bytes(CONSOLIDATED_JSON, day=later)
    assert changes_on(later) == {("added", SMIC)}
    assert ListedEntity.objects.get(name=SMIC).removed_on is None


def test_reloading_the_same_file_writes_no_rows():
    load_bytes(CONSOLIDATED_JSON)
    with CaptureQueriesContext(connection) as queries:
        outcome = load_bytes(CONSOLIDATED_JSON, day=SECOND_DAY)
    assert outcome.load is None and outcome.entries == 5
    assert [query["sql"] for query in queries if query["sql"].lstrip().upper().startswith(WRITES)] == []
    assert ScreeningLoad.objects.count() == 1


def test_a_file_whose_other_fields_changed_is_a_reload_that_writes_nothing():
    load_bytes(CONSOLIDATED_JSON)
    entries = results()
    for entry in entries:
        entry["remarks"] = "Rebuilt hourly."
    assert load_bytes(json_file(entries, sources_used=[{"last_imported": "later"}]), day=SECOND_DAY).load is None


def test_a_file_of_one_list_removes_nothing_from_another():
    load_bytes(CONSOLIDATED_JSON)
    entity_list_only = [entry for entry in results() if entry["source"].startswith("Entity List")]
    outcome = load_bytes(json_file(entity_list_only), day=SECOND_DAY)
    assert outcome.load is None
    assert ListedEntity.objects.get(entry_id="36512").removed_on is None


def test_a_refused_file_changes_nothing_and_keeps_the_reason_on_a_failed_load():
    load_bytes(CONSOLIDATED_JSON)
    before = list(ListedEntity.objects.order_by("id").values())
    entries = [entry for entry in results() if entry["name"] != SMIC]
    entries[0]["start_date"] = "soon"
    with pytest.raises(UnreadableFile):
        load_bytes(json_file(entries), day=SECOND_DAY)
    assert list(ListedEntity.objects.order_by("id").values()) == before
    assert not ListingChange.objects.filter(changed_on=SECOND_DAY).exists()
    failed = ScreeningLoad.objects.get(state=ScreeningLoad.State.FAILED)
    assert "start_date 'soon' is not a YYYY-MM-DD date" in failed.error and HUAWEI in failed.excerpt


def test_a_file_cut_short_after_batches_were_written_changes_nothing():
    many = [{**results()[0], "id": f"bulk-{n}", "name": f"Shell Company {n}"} for n in range(1_200)]
    data = json_file(many)
    with pytest.raises(UnreadableFile, match="not whole JSON"):
        load_bytes(data[: int(len(data) * 0.9)])
    assert not ListedEntity.objects.exists() and not ListingChange.objects.exists()
    assert ScreeningLoad.objects.get().state == ScreeningLoad.State.FAILED


def test_new_entities_are_linked_to_the_catalogue_company_their_names_name():
    load_file(io.BytesIO(CONSOLIDATED_JSON))
    linked = dict(ListedEntity.objects.values_list("name", "company__slug"))
    assert (linked[HUAWEI], linked["Beijing Huawei Digital Technologies Co., Ltd."], linked[SMIC]) == (
        "huawei", "huawei", "smic")


def test_a_person_is_never_linked_to_a_company_whatever_the_name():
    load_file(io.BytesIO(CONSOLIDATED_JSON))
    assert ListedEntity.objects.get(name="HUAWEI, Li").company is None


def test_a_short_form_the_news_uses_links_no_company():
    load_file(io.BytesIO(CONSOLIDATED_JSON))
    assert ListedEntity.objects.get(name="Applied Science Institute of Novosibirsk").company is None


def test_an_entity_naming_two_companies_is_linked_to_neither():
    entries = [{**results()[0], "name": "Huawei and SMIC Joint Venture", "alt_names": []}]
    load_file(io.BytesIO(json_file(entries)))
    assert ListedEntity.objects.get().company is None


def test_a_load_never_changes_an_editors_company_link():
    load_file(io.BytesIO(CONSOLIDATED_JSON))
    ListedEntity.objects.filter(name=HUAWEI).update(company=Company.objects.get(slug="smic"))
    entries = results()
    by_name(entries, HUAWEI)["license_policy"] = "Denial."
    load_file(io.BytesIO(json_file(entries)))
    assert ListedEntity.objects.get(name=HUAWEI).company.slug == "smic"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # two connections: no test transaction
def test_two_workers_loading_the_same_file_at_once_write_it_once():
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def load_in_a_thread(_):
        try:
            return load_bytes(CONSOLIDATED_JSON).load is not None
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        wrote = list(pool.map(load_in_a_thread, range(2)))
    assert sorted(wrote) == [False, True]
    assert ListedEntity.objects.count() == 5 and ListingChange.objects.count() == 5
