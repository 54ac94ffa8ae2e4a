"""The reference catalogue that `migrate` loads, and the loader's promise to add and never overwrite."""

import pycountry
import pytest

from exportwatch.catalog.models import Authority, ChipSku, Company, Country, CountryGroupMembership, Regulation
from exportwatch.catalog.reference import load_reference_catalogue

pytestmark = pytest.mark.django_db

CATEGORIES = [
    "chipmaking equipment", "EDA software", "DUV lithography", "EUV lithography", "HBM", "AI chips", "laptop chips",
    "smartphone chips", "gallium", "germanium", "antimony", "graphite", "rare earths", "hydrogen fluoride",
    "photoresist", "memory chips",
]
CANONICAL_COMPANIES = [
    "Nvidia", "AMD", "Intel", "Qualcomm", "Samsung", "SK Hynix", "TSMC", "ASML", "Applied Materials", "Lam Research",
    "KLA", "Tokyo Electron", "Micron", "Synopsys", "Cadence", "Siemens", "Xilinx", "Broadcom", "Kioxia", "Skyworks",
    "Nikon", "Screen Holdings", "ASM International", "Stella Chemifa", "SMIC", "Huawei",
]
# Products the evaluation labels name, by vendor (None for categories).
LABELLED_PRODUCTS = {
    "Nvidia": [
        "H20", "H100", "A100", "A800", "H800", "L40", "L40S", "RTX 4090", "B30A", "H200", "GB300", "DGX systems",
    ],
    "AMD": ["MI250", "MI250X", "MI308", "MI309"],
    "Intel": ["Gaudi", "Core Ultra 9"],
    "ASML": ["NXT:1970i", "NXT:1980i", "NXT:2000i", "NXT:2050i", "NXT:2100i"],
    "Huawei": ["Kirin"],
    None: ["fluorinated polyimide"],
}


def test_every_iso_country_is_present_with_a_chinese_name():
    assert Country.objects.count() == len(pycountry.countries)
    assert not Country.objects.filter(name_zh="").exists()
    assert Country.objects.get(code="CN").name_zh == "中国"


def test_countries_carry_the_names_news_uses():
    codes = ["KR", "TW", "RU", "VN", "IR", "KP", "MO"]
    names = dict(Country.objects.filter(code__in=codes).values_list("code", "name"))
    assert names == {
        "KR": "South Korea", "TW": "Taiwan", "RU": "Russia", "VN": "Vietnam", "IR": "Iran", "KP": "North Korea",
        "MO": "Macau",
    }
    assert "Macao" in Country.objects.get(code="MO").aliases
    assert "Emirati" in Country.objects.get(code="AE").demonyms


def test_every_category_of_the_design_is_present_without_a_vendor():
    categories = ChipSku.objects.filter(kind=ChipSku.Kind.CATEGORY, vendor=None)
    assert set(CATEGORIES) <= set(categories.values_list("name", flat=True))


def test_companies_use_the_canonical_names():
    assert set(CANONICAL_COMPANIES) <= set(Company.objects.values_list("name", flat=True))
    assert Company.objects.get(slug="sk-hynix").headquarters.code == "KR"


def test_every_product_the_labels_name_is_in_the_catalogue():
    for vendor, names in LABELLED_PRODUCTS.items():
        for name in names:
            assert ChipSku.objects.filter(vendor__name=vendor, name=name).exists(), (vendor, name)


def _products(slug: str) -> set[str]:
    return set(Company.objects.get(slug=slug).products.values_list("name", flat=True))


def test_companies_say_what_they_sell_for_news_that_names_no_product():
    assert _products("sk-hynix") == {"memory chips"}
    assert _products("lam-research") == {"chipmaking equipment"}
    assert _products("synopsys") == {"EDA software"}


def test_companies_the_news_names_as_customers_are_buyers():
    buyers = set(Company.objects.filter(is_buyer=True).values_list("slug", flat=True))
    assert {"g42", "humain", "huawei", "smic", "bytedance"} <= buyers
    assert not buyers & {"nvidia", "microsoft", "asml"}


def test_main_destinations_are_named_in_the_languages_of_the_press():
    aliases = set(Country.objects.get(code="RU").aliases)
    assert {"Russland", "Rosja", "Россия", "러시아", "روسيا"} <= aliases


def test_authorities_and_rules_are_present():
    authorities = set(Authority.objects.values_list("slug", flat=True))
    assert {"us-bis", "cn-mofcom", "nl-mfa", "jp-meti", "my-miti"} <= authorities
    h20_letter = Regulation.objects.get(slug="us-2025-04-nvidia-h20-letter")
    assert list(h20_letter.chips.values_list("name", flat=True)) == ["H20"]
    assert h20_letter.companies.get().name == "Nvidia"


def test_ai_diffusion_tiers_end_when_the_rule_was_rescinded():
    tier_dates = CountryGroupMembership.objects.filter(group__code__startswith="AI-TIER").values_list(
        "valid_from", "valid_to"
    )
    assert {(str(start), str(end)) for start, end in tier_dates} == {("2025-01-15", "2025-05-13")}


def test_loading_it_again_changes_nothing():
    assert set(load_reference_catalogue().values()) == {0}


def test_it_keeps_an_editors_edit():
    nvidia = Company.objects.get(slug="nvidia")
    nvidia.website = "https://investor.nvidia.com"
    nvidia.aliases = ["Team Green"]
    nvidia.save()

    load_reference_catalogue()

    nvidia.refresh_from_db()
    assert nvidia.website == "https://investor.nvidia.com"
    assert nvidia.aliases[0] == "Team Green"


def test_it_adds_missing_aliases_to_an_existing_row():
    h20 = ChipSku.objects.get(slug="nvidia-h20")
    h20.aliases = ["H20"]
    h20.save()

    added = load_reference_catalogue()

    h20.refresh_from_db()
    assert {"H-20", "H20芯片", "China-specific Hopper part"} <= set(h20.aliases)
    assert added["chip aliases"] == len(h20.aliases) - 1


def test_it_recreates_a_missing_row():
    Regulation.objects.filter(slug="us-2025-04-amd-mi308-letter").delete()

    load_reference_catalogue()

    assert Regulation.objects.get(slug="us-2025-04-amd-mi308-letter").chips.get().name == "MI308"


def test_the_ai_diffusion_rescission_lifts_the_ai_diffusion_rule():
    rescission = Regulation.objects.get(slug="us-2025-05-diffusion-rescission")
    assert rescission.lifts.slug == "us-2025-01-ai-diffusion"


def test_the_october_2023_chip_rule_covers_country_groups_d1_and_d5():
    rule = Regulation.objects.get(slug="us-2023-10-advanced-computing-ifr")
    assert set(rule.country_groups.values_list("code", flat=True)) == {"D:1", "D:5"}


def test_the_a100x_is_its_own_product_not_another_name_of_the_a100():
    assert ChipSku.objects.filter(slug="nvidia-a100x", family__slug="nvidia-ampere").exists()
    assert "A100X" not in ChipSku.objects.get(slug="nvidia-a100").aliases


def test_the_materials_of_japans_2019_controls_carry_their_japanese_and_korean_names():
    assert {"photo-resist", "フォトレジスト", "포토레지스트"} <= set(ChipSku.objects.get(slug="photoresist").aliases)
    assert {"フッ化水素", "불화수소"} <= set(ChipSku.objects.get(slug="hydrogen-fluoride").aliases)


@pytest.mark.parametrize("model", ["1970i", "1980i", "2000i", "2050i", "2100i"])
def test_asmls_immersion_scanners_are_known_by_their_bare_model_numbers(model):
    assert model in ChipSku.objects.get(slug=f"asml-nxt{model}").aliases


def test_china_is_named_as_the_chinese_and_japanese_press_write_exports_to_china():
    assert {"对华", "對華", "対中"} <= set(Country.objects.get(code="CN").aliases)


@pytest.mark.parametrize(("slug", "names"), [
    ("lam-research", {"ラムリサーチ", "램리서치"}),
    ("applied-materials", {"アプライドマテリアルズ", "어플라이드 머티어리얼즈"}),
    ("synopsys", {"シノプシス", "시놉시스"}),
    ("cadence", {"ケイデンス", "케이던스"}),
])
def test_toolmakers_and_design_software_makers_carry_their_japanese_and_korean_names(slug, names):
    assert names <= set(Company.objects.get(slug=slug).aliases)


@pytest.mark.parametrize(("slug", "names"), [
    ("duv-lithography", {"duv-machines", "DUV-Anlagen", "DUV露光装置", "DUV 노광장비"}),
    ("euv-lithography", {"euv-machines", "EUV-Anlagen", "EUV露光装置", "EUV 노광장비"}),
])
def test_lithography_scanners_carry_the_names_dutch_german_japanese_and_korean_news_use(slug, names):
    assert names <= set(ChipSku.objects.get(slug=slug).aliases)


def test_the_places_the_news_names_most_carry_their_names_in_the_news_languages():
    assert {"Chine", "Cina", "Trung Quốc", "Çin"} <= set(Country.objects.get(code="CN").aliases)
    assert {"Émirats arabes unis", "Arabia Saudita"} <= set(
        Country.objects.get(code="AE").aliases) | set(Country.objects.get(code="SA").aliases)


def test_short_translated_names_that_other_words_share_are_left_out():
    assert "Mỹ" not in Country.objects.get(code="US").aliases
    assert "Nga" not in Country.objects.get(code="RU").aliases
