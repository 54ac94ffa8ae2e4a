import pytest

from exportwatch.ingest.extraction import Gazetteer
from exportwatch.ingest.extraction.gazetteer import AUTHORITY, CHIP, COMPANY, COUNTRY
from exportwatch.ingest.extraction.sentences import Sentence

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


def test_a_name_in_traditional_chinese_is_found_by_its_simplified_alias(gazetteer):
    text = Sentence("英偉達表示", 0).text
    assert keys(gazetteer, text, COMPANY) == ["nvidia"]


def test_a_japanese_sentence_keeps_its_own_kanji():
    assert Sentence("日本政府は輸出規制を強化した", 0).text == "日本政府は輸出規制を強化した"


def test_a_sentence_in_traditional_chinese_is_quoted_as_written():
    sentence = Sentence("美國商務部已開始核發許可證", 0)
    assert sentence.written == "美國商務部已開始核發許可證"
    assert sentence.text == "美国商务部已开始核发许可证"


def test_a_newspaper_named_after_a_country_is_not_the_country(gazetteer):
    assert keys(gazetteer, "The Korea Herald reported the sale", COUNTRY) == []


@pytest.mark.django_db
def test_the_bureau_as_chinese_press_names_it_is_not_chinas_commerce_ministry():
    gazetteer = Gazetteer.from_catalog()
    text = Sentence("監督出口管制的商務部工業暨安全局已開始核發許可證", 0).text
    assert keys(gazetteer, text, AUTHORITY) == ["us-bis"]


@pytest.mark.django_db
def test_the_us_commerce_secretary_in_chinese_is_the_bureau_not_chinas_ministry():
    gazetteer = Gazetteer.from_catalog()
    assert keys(gazetteer, "商务部长卢特尼克表示,英伟达必须接受许可条款。", AUTHORITY) == ["us-bis"]


def test_a_typographic_apostrophe_is_read_as_a_plain_one():
    sentence = Sentence("The licence wasn’t renewed.", 0)
    assert sentence.text == "The licence wasn't renewed."
    assert sentence.written == "The licence wasn’t renewed."
