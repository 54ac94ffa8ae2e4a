from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exportwatch.ingest.extraction import ExtractedEvent, Extraction, extract
from exportwatch.ingest.extraction.reading import SentenceReader
from exportwatch.ingest.extraction.sentences import Sentence

from .test_extraction_fixtures import small_gazetteer

PUBLISHED = datetime(2025, 4, 16, 14, 30, tzinfo=UTC)  # a Wednesday


@pytest.fixture(scope="module")
def gazetteer():
    return small_gazetteer()


def run(gazetteer, text, title=""):
    return extract(title=title, text=text, published=PUBLISHED, gazetteer=gazetteer)


def tuples(result):
    return {(e.company, e.chip, e.country, e.status) for e in result.events}


def test_a_requirement_is_extracted_with_its_date_and_sentence(gazetteer):
    text = "The US government informed Nvidia on April 9 that exports of its H20 to China require a licence."
    [event] = run(gazetteer, text).events
    assert isinstance(event, ExtractedEvent)
    assert (event.company, event.chip, event.country) == ("nvidia", "nvidia-h20", "CN")
    assert event.status == "requirement_imposed"
    assert (event.event_date.isoformat(), event.date_precision) == ("2025-04-09", "day")
    assert event.authority == "us-bis"
    assert event.sentence == text


def test_a_chip_implies_its_vendor(gazetteer):
    assert tuples(run(gazetteer, "Exports of the MI308 to China now require a licence.")) == {
        ("amd", "amd-mi308", "CN", "requirement_imposed")
    }


def test_china_including_hong_kong_and_macau_is_china(gazetteer):
    text = "Exports of the H20 to China, including Hong Kong and Macau, require a licence."
    assert {country for _, _, country, _ in tuples(run(gazetteer, text))} == {"CN"}


def test_the_part_refers_to_the_chip_of_the_previous_sentence(gazetteer):
    text = "AMD built the MI308 for Chinese customers. The part would need a licence for export to China."
    assert ("amd", "amd-mi308", "CN", "requirement_imposed") in tuples(run(gazetteer, text))


def test_the_company_named_only_in_the_headline_is_used(gazetteer):
    result = run(gazetteer, "The toolmaker now needs a licence to ship chipmaking equipment to China.",
                 title="ASML hit by Dutch rule")
    assert tuples(result) == {("asml", "chipmaking-equipment", "CN", "requirement_imposed")}


def test_a_dutch_action_has_the_dutch_authority(gazetteer):
    [event] = run(gazetteer, "The Dutch government now requires ASML to obtain a licence for DUV lithography "
                             "exports to China.").events
    assert event.authority == "nl-mfa"


def test_a_dutch_action_reported_in_chinese_has_the_dutch_authority(gazetteer):
    text = "荷兰星期五公布,将扩大对阿斯麦光刻设备的出口许可要求。"
    assert SentenceReader(gazetteer).read(Sentence(text, 0), gazetteer.find(text)).authority == "nl-mfa"

def test_a_headline_alone_gives_an_event(gazetteer):
    result = run(gazetteer, "", title="US revokes licence for Nvidia H20 exports to China")
    assert tuples(result) == {("nvidia", "nvidia-h20", "CN", "revoked")}


def test_a_hedged_article_gives_no_event(gazetteer):
    text = "Washington is considering whether to require licences for H20 exports to China."
    assert run(gazetteer, text).events == []


def test_a_negated_grant_gives_no_grant(gazetteer):
    assert run(gazetteer, "Nvidia has not received licences for H20 exports to China.").events == []


def test_page_furniture_is_ignored(gazetteer):
    text = "Read more: US grants Nvidia H20 licences for China\nNVDA ▲ | AMD ▼ | TSMC ▲\nHome | World | Tech | Markets"
    assert run(gazetteer, text).events == []


def test_a_missing_space_after_a_full_stop_still_splits_sentences(gazetteer):
    text = "Nvidia may seek licences for the H20 in China.The MI308 now needs a licence for China."
    assert tuples(run(gazetteer, text)) == {("amd", "amd-mi308", "CN", "requirement_imposed")}


def test_a_grant_keeps_its_conditions(gazetteer):
    [event] = run(gazetteer, "Commerce granted Nvidia licences for H20 exports to China in exchange for a "
                             "15% revenue share.").events
    assert event.status == "granted" and event.conditions.startswith("15% revenue share")


def test_an_unknown_chip_next_to_its_vendor_is_reported(gazetteer):
    result = run(gazetteer, "Nvidia B40 samples reached Chinese customers.")
    assert [(u.vendor, u.name) for u in result.unknown_chips] == [("nvidia", "B40")]


def test_a_known_chip_is_not_reported_as_unknown(gazetteer):
    assert run(gazetteer, "Nvidia H20 shipments resumed.").unknown_chips == []


@settings(max_examples=200, deadline=None)
@given(title=st.text(max_size=200), text=st.text(max_size=2000))
def test_arbitrary_text_never_crashes_extract(gazetteer, title, text):
    assert isinstance(extract(title=title, text=text, published=None, gazetteer=gazetteer), Extraction)


@settings(max_examples=100, deadline=None)
@given(noise=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_noise_around_a_stated_event_never_crashes(gazetteer, noise):
    text = f"{noise} Exports of the H20 to China now require a licence. {noise}"
    assert isinstance(run(gazetteer, text), Extraction)


def test_a_line_without_a_full_stop_is_its_own_sentence(gazetteer):
    text = "Nvidia weighs options\nExports of the MI308 to China now require a licence."
    assert tuples(run(gazetteer, text)) == {("amd", "amd-mi308", "CN", "requirement_imposed")}


def test_owners_of_affected_plants_are_not_borrowed_as_exporters(gazetteer):
    text = ("ASML told staff it will comply. Plants owned by foreign firms, including TSMC, are affected. "
            "The toolmaker now needs a licence to ship chipmaking equipment to China.")
    assert {company for company, _, _, _ in tuples(run(gazetteer, text))} == {"asml"}


def test_the_us_is_not_the_destination_of_a_us_rule(gazetteer):
    text = "ASML now needs a licence from the United States to ship DUV lithography systems."
    assert all(country != "US" for _, _, country, _ in tuples(run(gazetteer, text)))


def test_a_base_design_named_in_an_apposition_is_not_the_product(gazetteer):
    text = ("AMD built the MI308 for Chinese customers. "
            "The part, a cut-down version of the H20, needs a licence for China.")
    assert tuples(run(gazetteer, text)) == {("amd", "amd-mi308", "CN", "requirement_imposed")}


def test_a_date_in_a_later_clause_belongs_to_another_act(gazetteer):
    text = ("The government informed Nvidia on April 9 that exports of the H20 to China require a licence, "
            "and on April 14 said the requirement would stay.")
    [event] = run(gazetteer, text).events
    assert event.event_date.isoformat() == "2025-04-09"


def test_an_undated_event_takes_the_day_of_another_sentence_with_the_same_status(gazetteer):
    text = ("Nvidia said the H20 no longer needs a licence for China. "
            "In a letter dated April 2, the Commerce Department rescinded the requirement.")
    [event] = run(gazetteer, text).events
    assert (event.status, event.event_date.isoformat()) == ("requirement_lifted", "2025-04-02")


def test_a_requirement_reads_its_date_from_the_rule_announcement(gazetteer):
    text = ("The Commerce Department on Monday published new export rules. Analysts expect a long fight. "
            "The H20 now needs a licence for China.")
    [event] = run(gazetteer, text).events
    assert event.event_date.isoformat() == "2025-04-14"
