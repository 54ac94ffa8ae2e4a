"""Broad status words and the candidate events built from them: what the learned scorer gets to weigh."""

from datetime import UTC, datetime

import pytest

from exportwatch.ingest.extraction import CompanyEntry, Gazetteer
from exportwatch.ingest.extraction.extractor import read_candidates
from exportwatch.ingest.extraction.lexicon import find_status_words

from .test_extraction_fixtures import small_gazetteer

PUBLISHED = datetime(2025, 9, 3, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def gazetteer():
    return small_gazetteer()


def candidates(gazetteer, text, title=""):
    _, found = read_candidates(title=title, text=text, published=PUBLISHED, gazetteer=gazetteer)
    return {candidate.key: candidate for candidate in found}


def words(sentence):
    return {(word.status, sentence[word.start:word.end].lower()) for word in find_status_words(sentence)}


# --- broad words ------------------------------------------------------------------------------------------------

def test_a_plain_status_word_is_found_without_qualifiers():
    [word] = [w for w in find_status_words("Washington banned the sales last spring.")
              if w.status == "requirement_imposed"]
    assert not (word.hedged or word.negated or word.future or word.conditional)


def test_a_hedge_before_the_word_is_kept_as_a_qualifier():
    [word] = [w for w in find_status_words("Officials may approve the sales.") if w.status == "granted"]
    assert word.hedged


def test_a_negation_before_the_word_is_kept_as_a_qualifier():
    [word] = [w for w in find_status_words("The bureau has not approved the sales.") if w.status == "granted"]
    assert word.negated


def test_a_condition_before_the_word_is_kept_as_a_qualifier():
    [word] = [w for w in find_status_words("If the licences are granted, the company will say so.")
              if w.status == "granted"]
    assert word.conditional


def test_words_are_found_in_the_languages_of_the_press():
    assert ("granted", "genehmigt") in words("Die Ausfuhr wurde genehmigt.")
    assert ("applied", "申請") in words("該公司已提出申請。")
    assert ("requirement_imposed", "규제") in words("미국의 수출 규제가 강화됐다.")


def test_a_sentence_without_status_words_has_none():
    assert find_status_words("The company reported record revenue for the quarter.") == []


# --- candidates -------------------------------------------------------------------------------------------------

def test_parts_named_beside_the_cue_cost_nothing(gazetteer):
    found = candidates(gazetteer, "The Commerce Department granted Nvidia licences to ship the H20 to China.")
    candidate = found[("nvidia", "nvidia-h20", "CN", "granted")]
    assert candidate.features["cost_best"] == 0
    assert candidate.features["best_precise"] == 1
    assert candidate.features["rule_chose"] == 1


def test_a_vendor_is_implied_by_its_product(gazetteer):
    found = candidates(gazetteer, "Licences to ship the MI308 to China were granted on Friday.")
    assert found[("amd", "amd-mi308", "CN", "granted")].features["company_implied"] == 1


def test_a_broad_word_alone_still_makes_a_candidate_the_rules_did_not_choose(gazetteer):
    found = candidates(gazetteer, "Earlier this year Washington curbed the H20 in China.")
    candidate = found[("nvidia", "nvidia-h20", "CN", "requirement_imposed")]
    assert candidate.features["best_precise"] == 0
    assert candidate.features["rule_chose"] == 0


def test_parts_farther_from_the_cue_cost_more(gazetteer):
    text = "Nvidia designed the H20 for China. It sold well. Then the licences were granted."
    key = ("nvidia", "nvidia-h20", "CN", "granted")
    far = candidates(gazetteer, text)[key]
    near = candidates(gazetteer, "Licences for the H20 to China were granted.")[key]
    assert far.features["cost_best"] > near.features["cost_best"]


def test_a_company_that_names_no_product_implies_what_it_sells():
    gazetteer = small_gazetteer()
    sells = Gazetteer(
        companies=[*gazetteer.companies, CompanyEntry("micron", ("Micron",), "US", ("hbm",))],
        chips=gazetteer.chips, countries=gazetteer.countries, authorities=gazetteer.authorities,
    )
    found = candidates(sells, "Micron said it had obtained licences to resume sales to Huawei in China.")
    assert found[("micron", "hbm", "CN", "granted")].features["product_implied"] == 1


def test_an_item_without_any_destination_has_no_candidates(gazetteer):
    assert candidates(gazetteer, "Licences for the H20 were granted.") == {}


def test_every_candidate_carries_the_same_features(gazetteer):
    text = ("Washington banned exports of the H20 to China in April. In July Nvidia applied for licences, "
            "and in August the licences were granted. The MI308 is still under review.")
    names = {tuple(candidate.features) for candidate in candidates(gazetteer, text).values()}
    assert len(names) == 1
