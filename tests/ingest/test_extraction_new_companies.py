"""Companies the catalogue does not hold, found by how the text presents them, and proposed to editors."""

import io
import json
from datetime import UTC, date, datetime

import pytest
from django.conf import settings
from django.core.management import call_command

from exportwatch.catalog.models import Company
from exportwatch.ingest.extraction import Gazetteer, rule_events
from exportwatch.ingest.extraction.dates import find_anchor
from exportwatch.ingest.extraction.new_companies import NEW, find_new_companies
from exportwatch.ingest.extraction.sentences import split_article
from exportwatch.licences.models import StatusChange

from .test_extraction_fixtures import small_gazetteer

PUBLISHED = datetime(2023, 7, 24, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def gazetteer():
    return small_gazetteer()


def names(gazetteer, text):
    entries, _, _ = find_new_companies(text, gazetteer.find(text), gazetteer.known_names.__contains__)
    return {entry.names[0] for entry in entries}


def test_a_name_with_an_industry_word_is_a_company(gazetteer):
    assert names(gazetteer, "Orbital Chemical said the rule covers its etching gases.") == {"Orbital Chemical"}


def test_a_corporate_suffix_marks_a_company_and_is_dropped_from_its_name(gazetteer):
    assert names(gazetteer, "Shares of Kestrel Corp fell on the news.") == {"Kestrel"}


def test_a_name_after_a_description_of_its_trade_is_a_company(gazetteer):
    assert names(gazetteer, "The rule hits photoresist maker Veltro and others.") == {"Veltro"}


def test_a_name_listed_beside_known_companies_is_a_company(gazetteer):
    assert "Quillon" in names(gazetteer, "Samsung, Quillon and TSMC all supply the plant.")


def test_a_known_company_that_begins_a_longer_name_is_a_different_company(gazetteer):
    assert names(gazetteer, "Samsung Display has asked for licences to supply panels.") == {"Samsung Display"}


def test_a_chipmakers_own_plant_company_is_no_new_company(gazetteer):
    assert names(gazetteer, "The bureau removed Intel Semiconductor (Dalian) from the list.") == set()

def test_a_new_company_goes_by_its_name_without_a_generic_systems(gazetteer):
    assert names(gazetteer, "AI chipmaker Veltro Systems has applied for licences.") == {"Veltro"}

def test_sentence_adverbs_places_and_institutions_are_not_companies(gazetteer):
    text = "However, Nvidia said the Commerce Department and the White House had not decided."
    assert names(gazetteer, text) == set()


def test_a_nationality_before_the_description_gives_the_home_country(gazetteer):
    text = "Korean chemicals maker Hanseol said it needs licences."
    entries, _, _ = find_new_companies(text, gazetteer.find(text), gazetteer.known_names.__contains__)
    assert [(entry.names[0], entry.headquarters) for entry in entries] == [("Hanseol", "KR")]


def test_a_new_company_takes_part_in_events_under_its_new_key(gazetteer):
    text = "Japan now requires toolmaker Veltro to obtain licences to ship chipmaking equipment to China."
    found = rule_events(title="", text=text, published=PUBLISHED, gazetteer=gazetteer)
    assert any(event.company == NEW + "veltro" for event in found)


# --- page furniture and crawler dates ---------------------------------------------------------------------------

def test_bylines_and_timestamps_are_not_sentences():
    text = "Published: 31 Aug. 2025, 19:40\nBy Jane Roe | 02/09/2023\n10:42 AM EST\nThe rule took effect."
    assert [s.text for s in split_article("", text)] == ["The rule took effect."]


def test_a_crawlers_date_line_anchors_the_dates_and_leaves_the_first_sentence():
    text = " date 2025-08-10 The bureau began issuing licences on Friday."
    assert find_anchor(text, date(2025, 8, 12)) == date(2025, 8, 10)
    assert [s.text for s in split_article("", text)] == ["The bureau began issuing licences on Friday."]



def test_photo_captions_are_not_sentences():
    text = "2025年4月2日,图为一家芯片工厂的外景。\nFile photo: a wafer plant.\n美国商务部周三发布新规。"
    assert [s.text for s in split_article("", text)] == ["美国商务部周三发布新规。"]


def test_a_line_that_only_begins_like_furniture_is_news():
    text = "Shares of Nvidia fell after the rule.\nPhotoresist makers need licences.\nShare this article"
    assert [s.text for s in split_article("", text)] == [
        "Shares of Nvidia fell after the rule.", "Photoresist makers need licences."]


def test_a_hard_wrapped_sentence_is_read_as_one():
    text = ("Shipments of the H20 to China are the clearest example of licences\n"
            "not being approved, officials said.\nAMD declined to comment.")
    assert [s.text for s in split_article("", text)] == [
        "Shipments of the H20 to China are the clearest example of licences not being approved, officials said.",
        "AMD declined to comment."]


def test_on_a_page_wrapped_at_a_fixed_width_a_line_goes_on_whatever_its_case():
    lines = [
        "SUMMARY: In this final rule, the Bureau of Industry and Security (BIS)",
        "amends the Export Administration Regulations to revise the existing",
        "Validated End-User (VEU) list for the People's Republic of China by",
        "removing the first company's plant in Dalian, Liaoning Province;",
        "Samsung's plant in Xi'an, Shaanxi Province; and the plant of the third",
        "company in Wuxi, so that every one of them now needs a licence for",
        "each shipment of equipment it wants to bring into its Chinese plant.",
        "The rule takes effect at the end of the year, one hundred and twenty",
        "days after this publication, and the Bureau will review applications",
        "for the plants case by case under its usual licensing procedures.",
    ]
    first, second = " ".join(lines[:7]), " ".join(lines[7:])
    assert [s.text for s in split_article("", "\n".join(lines))] == [first, second]


def test_pinyin_a_page_prints_after_chinese_characters_is_left_out():
    text = "美国商务(wù)部撤销(xiāo)了对部分EDA工具的强制许可要求。"
    assert [s.text for s in split_article("", text)] == ["美国商务部撤销了对部分EDA工具的强制许可要求。"]


def test_a_sentence_ending_in_a_number_ends_there():
    text = "It needs a licence for groups D:1 and D:5. A licence is also required for Macau."
    assert [s.text for s in split_article("", text)] == [
        "It needs a licence for groups D:1 and D:5.", "A licence is also required for Macau."]

def test_a_headline_line_is_not_joined_to_the_next_capitalised_line():
    text = "Nvidia wins licences\nThe bureau granted them on Friday."
    assert [s.text for s in split_article("", text)] == ["Nvidia wins licences", "The bureau granted them on Friday."]

# --- proposed companies in the pipeline ---------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_pipeline_proposes_a_new_company_and_keeps_its_steps_in_the_review_queue(tmp_path):
    feed = tmp_path / "news.jsonl"
    feed.write_text(json.dumps({
        "url": "https://example.org/veltro-licence",
        "title": "Veltro wins licences",
        "published": "2023-08-02T09:00:00Z",
        "body": "Japanese photoresist maker Veltro Chemical said on Tuesday that the trade ministry had granted it "
                "licences to ship photoresist to South Korea.",
    }) + "\n", encoding="utf-8")

    call_command("ingest", str(feed), "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())

    company = Company.objects.get(name="Veltro Chemical")
    assert company.is_proposed
    assert company.headquarters.code == "JP"
    steps = StatusChange.objects.filter(application__company=company)
    assert steps.exists()
    assert all(step.confidence < settings.REVIEW_CONFIDENCE_THRESHOLD for step in steps)


@pytest.mark.django_db
def test_a_proposed_company_is_not_read_as_known_until_an_editor_confirms_it():
    Company.objects.create(name="Veltro Chemical", slug="veltro-chemical", is_proposed=True)
    assert "veltro-chemical" not in Gazetteer.from_catalog().company_by_slug

    Company.objects.filter(slug="veltro-chemical").update(is_proposed=False)
    assert "veltro-chemical" in Gazetteer.from_catalog().company_by_slug


def test_a_known_company_before_a_lower_case_industry_word_is_no_new_company(gazetteer):
    assert names(gazetteer, "Few ASML systems as advanced remain in service, said a Shenzhen magnet maker.") == set()


def test_a_material_granted_to_the_maker_named_before_is_its_export(gazetteer):
    text = ("Veltro Corp. has received a permit to resume shipments to South Korea.\n"
            "The Tokyo-based maker of photoresist was granted the licence on Monday.")
    found = {(e.company, e.chip, e.country, e.status)
             for e in rule_events(title="", text=text, published=PUBLISHED, gazetteer=gazetteer)}
    assert (NEW + "veltro", "photoresist", "KR", "granted") in found
