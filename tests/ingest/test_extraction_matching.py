import pytest

from exportwatch.ingest.extraction import Gazetteer
from exportwatch.ingest.extraction.gazetteer import CHIP, COMPANY, COUNTRY

from .test_extraction_fixtures import small_gazetteer


@pytest.fixture(scope="module")
def gazetteer():
    return small_gazetteer()


def keys(gazetteer, text, kind):
    return [mention.key for mention in gazetteer.find(text) if mention.kind == kind]


def test_an_alias_maps_to_its_company(gazetteer):
    assert keys(gazetteer, "Advanced Micro Devices said so.", COMPANY) == ["amd"]


def test_a_chinese_name_matches_without_spaces(gazetteer):
    assert keys(gazetteer, "美国要求英伟达H20芯片对华出口须获得许可", COMPANY) == ["nvidia"]
    assert keys(gazetteer, "美国要求英伟达H20芯片对华出口须获得许可", CHIP) == ["nvidia-h20"]


def test_the_longest_name_wins(gazetteer):
    assert keys(gazetteer, "its Instinct MI308 accelerator", CHIP) == ["amd-mi308"]
    assert [m.text for m in gazetteer.find("its Instinct MI308 accelerator")] == ["Instinct MI308"]


def test_a_sku_is_not_found_inside_a_longer_sku(gazetteer):
    assert keys(gazetteer, "the H200 launch", CHIP) == ["nvidia-h200"]


def test_a_short_name_needs_word_boundaries(gazetteer):
    assert keys(gazetteer, "The army and Armenia's harmonised rules", COMPANY) == []


def test_a_short_name_keeps_its_case(gazetteer):
    assert keys(gazetteer, "an arm of the government", COMPANY) == []
    assert keys(gazetteer, "Arm said it complies", COMPANY) == ["arm"]


def test_an_all_caps_headline_still_matches(gazetteer):
    assert keys(gazetteer, "NVIDIA AND ASML SHARES FALL", COMPANY) == ["nvidia", "asml"]


def test_a_bank_named_after_china_is_not_china(gazetteer):
    assert keys(gazetteer, "中国人民银行宣布降息", COUNTRY) == []


def test_us_pronoun_is_not_the_united_states(gazetteer):
    assert keys(gazetteer, "Let us see what happens", COUNTRY) == []


def test_an_empty_gazetteer_finds_nothing():
    assert Gazetteer().find("Nvidia H20 China") == []


@pytest.mark.django_db
def test_the_gazetteer_reads_the_catalogue():
    gazetteer = Gazetteer.from_catalog()
    assert "nvidia" in keys(gazetteer, "英伟达表示", COMPANY)
    assert "CN" in keys(gazetteer, "exports to China", COUNTRY)
