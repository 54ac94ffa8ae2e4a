"""How the extractor carries products, companies, destinations and dates across sentences and clauses."""

from datetime import UTC, datetime

import pytest

from exportwatch.ingest.extraction import ExtractedEvent, rule_events
from exportwatch.ingest.extraction.extractor import most_specific

from .test_extraction_fixtures import small_gazetteer

PUBLISHED = datetime(2025, 4, 16, 14, 30, tzinfo=UTC)  # a Wednesday


@pytest.fixture(scope="module")
def gazetteer():
    return small_gazetteer()


def events(gazetteer, text, title=""):
    return rule_events(title=title, text=text, published=PUBLISHED, gazetteer=gazetteer)


def tuples(gazetteer, text, title=""):
    return {(e.company, e.chip, e.country, e.status) for e in events(gazetteer, text, title)}


def test_products_listed_in_the_next_sentence_belong_to_the_requirement(gazetteer):
    text = ("Nvidia said it was told on Monday that the new licence requirements for China apply at once. "
            "The change affects its A100 and H100 products.")
    assert tuples(gazetteer, text) == {
        ("nvidia", "nvidia-a100", "CN", "requirement_imposed"),
        ("nvidia", "nvidia-h100", "CN", "requirement_imposed"),
    }


def test_a_pronoun_subject_carries_the_chip_of_the_sentence_before(gazetteer):
    text = ("The MI308 was designed for buyers in China. "
            "It was placed under a licence requirement for China in April, together with the H20.")
    found = tuples(gazetteer, text)
    assert ("amd", "amd-mi308", "CN", "requirement_imposed") in found
    assert ("nvidia", "nvidia-h20", "CN", "requirement_imposed") in found


def test_a_revoked_licence_covers_the_product_the_company_was_licensed_for(gazetteer):
    text = ("Washington has revoked the export licences that let Intel supply Huawei. "
            "Intel had held a licence since 2021 to ship laptop chips to Huawei.")
    assert ("intel", "laptop-chips", "CN", "revoked") in tuples(gazetteer, text)


def test_a_fab_named_by_a_chinese_city_is_in_china(gazetteer):
    text = "TSMC said the validated end-user authorisation for its Nanjing plant will be revoked."
    assert tuples(gazetteer, text) == {("tsmc", "chipmaking-equipment", "CN", "revoked")}


def test_a_nationality_of_companies_is_not_a_destination(gazetteer):
    text = "Korean chipmakers lost the waiver for their plants in China, and Samsung must now seek licences."
    assert {country for _, _, country, _ in tuples(gazetteer, text)} == {"CN"}


def test_a_country_named_as_destination_is_not_its_authority(gazetteer):
    text = "Nvidia now needs a licence to ship AI chips to Malaysia."
    [event] = events(gazetteer, text)
    assert (event.country, event.authority) == ("MY", "us-bis")


def test_a_recipient_after_a_place_possessive_is_not_an_exporter(gazetteer):
    text = "Commerce approved exports of Nvidia A100 chips to Abu Dhabi's G42 and Humain on Tuesday."
    assert tuples(gazetteer, text) == {
        ("nvidia", "nvidia-a100", "AE", "granted"),
        ("nvidia", "nvidia-a100", "SA", "granted"),
    }


def test_the_seller_of_a_plant_is_not_borrowed_as_an_exporter(gazetteer):
    text = ("The waiver covered Samsung and the Dalian plant SK hynix bought from Intel. "
            "Commerce said it plans to approve licences for chipmaking equipment for the companies in China.")
    companies = {company for company, _, _, status in tuples(gazetteer, text) if status == "assured"}
    assert companies == {"samsung", "sk-hynix"}


def test_both_companies_borrows_the_two_companies_named_earlier(gazetteer):
    text = ("TSMC said its plant is not affected. Samsung and SK hynix lost their waivers for China. "
            "Intel declined to comment on the matter. "
            "For both companies, Commerce plans to approve licences for chipmaking equipment.")
    companies = {company for company, _, _, status in tuples(gazetteer, text) if status == "assured"}
    assert companies == {"samsung", "sk-hynix"}


def test_countries_of_a_group_named_in_the_next_sentence_are_destinations(gazetteer):
    text = ("The rule imposes licence requirements on A100 exports to countries in three groups. "
            "Those groups include Saudi Arabia and Vietnam.")
    assert {country for _, _, country, _ in tuples(gazetteer, text)} == {"SA", "VN"}


def test_a_product_in_a_denied_clause_is_left_out(gazetteer):
    text = "The MI308 is caught by the new China licence requirement; AMD says the MI100 is not."
    assert tuples(gazetteer, text) == {("amd", "amd-mi308", "CN", "requirement_imposed")}


def test_each_clause_keeps_its_own_product(gazetteer):
    title = "Nvidia applies for H20 licences for China; AMD says its MI308 licences for China are under review"
    found = tuples(gazetteer, "", title=title)
    assert ("amd", "amd-mi308", "CN", "under_review") in found
    assert ("nvidia", "nvidia-h20", "CN", "under_review") not in found


def test_the_dateline_day_is_not_the_event_day(gazetteer):
    text = ("SAN JOSE, April 16 (Wire) - Nvidia said officials informed it last Wednesday that H20 exports to "
            "China require a licence.")
    [event] = events(gazetteer, text)
    assert event.event_date.isoformat() == "2025-04-09"


def test_the_dateline_place_is_not_a_destination(gazetteer):
    text = "HONG KONG - The US has revoked licences for Nvidia H20 exports to China."
    assert {country for _, _, country, _ in tuples(gazetteer, text)} == {"CN"}


def test_an_effective_date_in_the_sentence_before_is_not_the_event_day(gazetteer):
    text = ("The Commerce Department revoked the waiver for Samsung's plants in China. "
            "The change takes effect on 31 December. "
            "US officials said they plan to approve licences for chipmaking equipment to keep the plants running.")
    assured = [event for event in events(gazetteer, text) if event.status == "assured"]
    assert assured and all(event.event_date is None or event.event_date.month != 12 for event in assured)


def test_a_received_letter_next_to_a_requirement_is_that_companys_requirement(gazetteer):
    text = ("Samsung said it received a letter from Commerce dated April 10. "
            "The letter says that a licence is now required to export HBM to China.")
    found = {(e.company, e.chip, e.country, e.status, e.event_date.isoformat()) for e in events(gazetteer, text)}
    assert ("samsung", "hbm", "CN", "requirement_imposed", "2025-04-10") in found


def test_a_received_letter_alone_is_not_a_requirement(gazetteer):
    assert events(gazetteer, "Samsung said it received a letter from lawmakers about HBM sales to China.") == []


def test_the_exporter_named_just_after_a_category_rule_is_its_company(gazetteer):
    text = ("The package places HBM under a licence requirement for China. "
            "Samsung, which sells HBM to Chinese buyers, is the most exposed supplier.")
    assert ("samsung", "hbm", "CN", "requirement_imposed") in tuples(gazetteer, text)


def test_companies_named_next_for_comparison_are_not_the_exporters_of_a_category_step(gazetteer):
    text = ("Regulators slow Nvidia and AMD licences for Gulf AI chip orders. "
            "Applications from both companies for buyers in the UAE have gone unanswered. "
            "For now, Gulf buyers are still waiting on Commerce. "
            "Intel also makes AI chips and declined to comment.")
    assert {company for company, *_ in tuples(gazetteer, text)} == {"nvidia", "amd"}


def test_a_company_that_makes_a_category_of_chips_is_not_a_plant(gazetteer):
    text = "Licences for AI chips to the UAE are under review. Intel makes AI chips."
    assert ("ai-chips", "AE", "under_review") in {(chip, country, status) for _, chip, country, status
                                                   in tuples(gazetteer, text)}


def test_goods_sent_to_a_region_go_to_the_countries_of_it_the_article_names(gazetteer):
    text = ("Data-centre projects in Saudi Arabia and the UAE are waiting for chips. "
            "Licences for Nvidia's H100 shipments to the Middle East have been delayed for weeks.")
    found = {(e.chip, e.country, e.status) for e in events(gazetteer, text)}
    assert {("nvidia-h100", "SA", "under_review"), ("nvidia-h100", "AE", "under_review")} <= found


def test_buyers_in_a_region_name_no_destination(gazetteer):
    text = "Saudi Arabia hosts new data centres. Buyers in the Gulf will now need a licence for the H100."
    assert not {e.country for e in events(gazetteer, text)} & {"SA"}


def test_a_chip_category_beside_a_named_sku_of_the_company_gives_way_to_it(gazetteer):
    def event(chip, country="CN"):
        return ExtractedEvent("nvidia", chip, country, "us-bis", "requirement_imposed", None, "unknown", 0.9, "")

    kept = most_specific([event("ai-chips"), event("nvidia-h20"), event("ai-chips", "AE")], gazetteer)
    assert [(e.chip, e.country) for e in kept] == [("nvidia-h20", "CN"), ("ai-chips", "AE")]


def test_a_country_naming_a_newspaper_is_no_destination(gazetteer):
    text = "英国《金融时报》报道,美国商务部已批准英伟达向中国出口H20芯片的许可。"
    assert {e.country for e in events(gazetteer, text)} <= {"CN"}


def test_a_companys_chips_are_the_one_kind_of_product_it_sells(gazetteer):
    text = "Washington has granted licences for Nvidia's advanced chips bound for the UAE."
    assert tuples(gazetteer, text) == {("nvidia", "ai-chips", "AE", "granted")}


def test_the_chips_of_a_company_without_one_product_line_stay_unnamed(gazetteer):
    text = "Washington has granted licences for AMD's advanced chips bound for the UAE."
    assert tuples(gazetteer, text) == set()


def test_a_country_that_approves_exports_is_not_their_destination(gazetteer):
    text = "The US has approved exports of Nvidia's H100 to the United Arab Emirates."
    assert tuples(gazetteer, text) == {("nvidia", "nvidia-h100", "AE", "granted")}


def test_a_model_number_with_a_space_after_its_series_colon_is_still_named(gazetteer):
    text = "Since January ASML has needed a licence to ship its NXT: 2000i scanners to China."
    assert ("asml", "asml-nxt2000i", "CN", "requirement_imposed") in tuples(gazetteer, text)


def test_an_authorisation_to_keep_a_plant_making_chips_covers_its_tools(gazetteer):
    text = "Intel received a one-year authorisation to continue its memory chip production in China."
    assert tuples(gazetteer, text) == {("intel", "chipmaking-equipment", "CN", "granted")}


def test_chips_sold_to_a_country_are_still_the_export(gazetteer):
    text = "SK hynix received licences to sell memory chips to China."
    assert tuples(gazetteer, text) == {("sk-hynix", "memory-chips", "CN", "granted")}


def test_a_chip_category_stands_for_the_companys_sku_named_two_sentences_later(gazetteer):
    text = ("Washington has granted Nvidia licences to ship its AI chips to the UAE. The approvals followed months "
            "of talks. The shipments are of the H100.")
    assert ("nvidia", "nvidia-h100", "AE", "granted") in tuples(gazetteer, text)


def test_the_products_a_later_sentence_calls_affected_are_those_of_the_requirement(gazetteer):
    text = ("The government told the company it had imposed a new licence requirement on exports of AI chips to "
            "China. Sales there were a quarter of revenue. Analysts expect a hit. Shares fell. The two affected "
            "chips are the A100 and H100.")
    assert {("nvidia", "nvidia-a100", "CN", "requirement_imposed"),
            ("nvidia", "nvidia-h100", "CN", "requirement_imposed")} <= tuples(gazetteer, text)


def test_countries_a_rule_exempts_are_not_its_destinations(gazetteer):
    text = ("Exports of the H20 will need an individual licence from Commerce. "
            "For South Korea, Taiwan and Singapore a simplified procedure applies, but China is not among them.")
    assert {country for _, _, country, _ in tuples(gazetteer, text)} == {"CN"}


def test_a_chip_designer_is_not_the_exporter_of_chipmaking_equipment_named_beside_its_chips(gazetteer):
    text = "Nvidia said exports of AI chips and chipmaking equipment to China now need a licence."
    assert tuples(gazetteer, text) == {("nvidia", "ai-chips", "CN", "requirement_imposed")}


def test_a_shipment_that_includes_a_named_chip_names_the_chip_of_a_category_grant(gazetteer):
    text = ("Commerce has authorised exports of Nvidia's AI chips to Saudi Arabia. "
            "The buyer will build a data centre near Riyadh. "
            "The approval covers 35,000 units for the first phase. "
            "The shipment includes Nvidia's H200 accelerators.")
    assert ("nvidia", "nvidia-h200", "SA", "granted") in tuples(gazetteer, text)


def test_companies_affected_by_the_delays_the_sentence_before_reports_have_their_licences_under_review(gazetteer):
    text = ("Licence applications for AI chips bound for the UAE have faced delays in recent weeks. "
            "Nvidia, AMD and Intel all make accelerator chips and have been affected by these delays.")
    assert {company for company, _, _, status in tuples(gazetteer, text) if status == "under_review"} == {
        "nvidia", "amd", "intel"}


def test_a_licence_to_operate_existing_factories_covers_chipmaking_equipment(gazetteer):
    text = ("Samsung and SK hynix lose their authorisation for their plants in China. "
            "Commerce will accept licence applications to allow the companies to operate their existing factories "
            "in China.")
    assert {("samsung", "chipmaking-equipment", "CN", "assured"),
            ("sk-hynix", "chipmaking-equipment", "CN", "assured")} <= tuples(gazetteer, text)


@pytest.mark.parametrize("text", [
    "Synopsys sagte, für Chipdesign-Software nach China seien nun Lizenzen erforderlich.",
    "A Synopsys disse que a exportação de software de design de chips para a China exige licença.",
])
def test_chip_design_software_in_german_and_portuguese_is_eda_software(gazetteer, text):
    assert {chip for _, chip, _, _ in tuples(gazetteer, text)} == {"eda-software"}


def test_each_product_named_in_other_words_goes_with_the_company_named_nearest(gazetteer):
    text = ("Intel has held a licence to ship laptop central processors to Huawei since 2020, while Qualcomm "
            "received one for smartphone chips the same year.")
    assert tuples(gazetteer, text) == {("intel", "laptop-chips", "CN", "granted"),
                                       ("qualcomm", "smartphone-chips", "CN", "granted")}


def test_a_d5_country_is_china(gazetteer):
    text = "In April the government imposed a new licence requirement for exports of the H20 to a D5 country."
    assert tuples(gazetteer, text) == {("nvidia", "nvidia-h20", "CN", "requirement_imposed")}


def test_a_trademark_sign_does_not_hide_a_product_name(gazetteer):
    text = "These controls prevent us from shipping the H20™ to China without a licence."
    assert ("nvidia", "nvidia-h20", "CN", "requirement_imposed") in tuples(gazetteer, text)


def test_a_category_in_a_sentence_naming_no_company_stands_for_the_products_named_just_before(gazetteer):
    text = ("Nvidia can sell the H20 again and AMD the MI308. "
            "Earlier this year, the administration imposed restrictions on exports of AI chips to China.")
    imposed = {(company, chip) for company, chip, _, status in tuples(gazetteer, text)
               if status == "requirement_imposed"}
    assert imposed == {("nvidia", "nvidia-h20"), ("amd", "amd-mi308")}


def test_the_makers_of_a_product_are_the_memory_makers_the_article_names_with_it(gazetteer):
    text = ("The rule restricts exports of HBM. "
            "HBM is produced by Samsung and SK hynix, and Nvidia puts it in its accelerators. "
            "Analysts expect a slowdown. Prices rose. Shares fell. "
            "Under the new rules, HBM producers will need a licence to sell the parts to Chinese firms.")
    assert {company for company, chip, _, _ in tuples(gazetteer, text) if chip == "hbm"} == {"samsung", "sk-hynix"}


def test_goods_sold_to_firms_of_a_nationality_go_to_their_country(gazetteer):
    text = "Samsung will need a licence to sell HBM to Chinese firms."
    assert tuples(gazetteer, text) == {("samsung", "hbm", "CN", "requirement_imposed")}


def test_a_requirement_reported_on_a_day_takes_the_day_of_the_act_a_few_sentences_later(gazetteer):
    text = ("Nvidia will book a charge after the US imposed new export restrictions on its H20, the company said "
            "on Tuesday. "
            "The US cited the chip's memory bandwidth. "
            "AMD's MI308 is also restricted, according to reports. "
            "On April 9, the government informed Nvidia that H20 exports to China require a licence.")
    title = "Nvidia will book a charge after the US imposed new export restrictions on its H20"
    dated = {e.event_date.isoformat() for e in events(gazetteer, text, title=title)
             if e.chip == "nvidia-h20" and e.status == "requirement_imposed" and e.event_date}
    assert dated == {"2025-04-09"}


def test_a_plant_named_by_its_city_in_traditional_chinese_is_in_china(gazetteer):
    text = "美国表示，TSMC南京廠的VEU授權將於12月31日到期。"
    assert {country for _, _, country, _ in tuples(gazetteer, text)} == {"CN"}


def test_5g_socs_are_smartphone_chips(gazetteer):
    text = "Qualcomm has applied for a licence to sell 5G SoCs to Huawei."
    assert tuples(gazetteer, text) == {("qualcomm", "smartphone-chips", "CN", "applied")}


def test_tools_used_to_make_a_category_of_chips_are_chipmaking_equipment(gazetteer):
    text = "SK hynix now needs licences for tools used to make advanced memory chips in China."
    assert {chip for _, chip, _, _ in tuples(gazetteer, text)} == {"chipmaking-equipment"}


def test_a_requirement_reported_in_traditional_chinese_is_read_like_simplified(gazetteer):
    text = "美國政府今年4月要求英偉達向中國出口H20晶片須獲得許可證。"
    found = events(gazetteer, text)
    assert {(e.company, e.chip, e.country, e.status) for e in found} == {
        ("nvidia", "nvidia-h20", "CN", "requirement_imposed")}
    assert found[0].sentence == text


def test_the_place_where_leaders_held_talks_is_not_a_destination(gazetteer):
    text = "Nvidia was assured it would get licences for the H200 to China after talks held in Busan, South Korea."
    assert tuples(gazetteer, text) == {("nvidia", "nvidia-h200", "CN", "assured")}


def test_the_place_of_talks_in_chinese_is_not_a_destination(gazetteer):
    text = "两国元首在韩国釜山举行会谈后,美方已批准英伟达向中国出口H200晶片。"
    assert {country for _, _, country, _ in tuples(gazetteer, text)} == {"CN"}


def test_an_assurance_that_the_company_would_get_licences_is_an_assurance(gazetteer):
    text = "Nvidia said it had been assured by the government that it would receive licences to sell the H20 to China."
    assert tuples(gazetteer, text) == {("nvidia", "nvidia-h20", "CN", "assured")}


def test_a_negation_with_a_typographic_apostrophe_is_no_grant(gazetteer):
    assert tuples(gazetteer, "Nvidia’s licence to ship the H20 to China wasn’t renewed.") == {
        ("nvidia", "nvidia-h20", "CN", "revoked")}


def test_the_chip_an_exporter_needs_a_licence_for_is_the_one_it_named_last(gazetteer):
    text = ("AMD designed the MI308 for buyers in China. "
            "The design met the rules of the time. "
            "Reviewers at the bureau were not convinced. "
            "AMD needs a licence to export the chip.")
    assert ("amd", "amd-mi308", "CN", "requirement_imposed") in tuples(gazetteer, text)


def test_a_product_name_right_after_another_describes_it(gazetteer):
    text = "Licences granted in September allow Nvidia to ship GB300 Grace Blackwell processors to the UAE."
    assert {chip for _, chip, _, _ in tuples(gazetteer, text)} == {"nvidia-gb300"}


def test_former_holders_of_an_authorisation_are_the_companies_named_before(gazetteer):
    text = ("The bureau revoked the validated end-user status of Samsung's plant in China. "
            "The rule takes effect on Dec. 31. "
            "Officials gave no details. "
            "Nothing else changed. "
            "Shares were flat. "
            "The bureau said it plans to approve licence applications to allow former VEU participants to operate "
            "their fabs in China.")
    assert ("samsung", "chipmaking-equipment", "CN", "assured") in tuples(gazetteer, text)


def test_a_plant_another_company_acquired_is_not_the_sellers_any_more(gazetteer):
    text = ("The bureau revoked the authorisations of SK hynix and of Intel Semiconductor (Dalian), which SK hynix "
            "acquired. The bureau intends to grant licences to allow the companies to operate their fabs in China.")
    found = tuples(gazetteer, text)
    assert ("sk-hynix", "chipmaking-equipment", "CN", "assured") in found
    assert ("intel", "chipmaking-equipment", "CN", "assured") not in found


def test_goods_for_a_recipients_plant_go_where_the_plant_is(gazetteer):
    text = "The bureau revoked Intel's licence to ship chipmaking equipment to SK hynix's plant in Dalian, China."
    assert tuples(gazetteer, text) == {("intel", "chipmaking-equipment", "CN", "revoked")}


def test_every_nationality_listed_before_companies_says_whose_firms(gazetteer):
    text = ("The bureau revoked Intel's licence for chipmaking equipment. "
            "The programme had waived restrictions on Korean, U.S. and Taiwanese companies.")
    assert "KR" not in {country for _, _, country, _ in tuples(gazetteer, text)}


def test_a_company_the_sentence_says_is_spared_is_no_party_to_the_action(gazetteer):
    text = ("TSMC, on the other hand, stands outside the action because the bureau revoked the validated end-user "
            "status of Samsung's plants in China.")
    assert "tsmc" not in {company for company, _, _, _ in tuples(gazetteer, text)}


def test_a_lifting_reported_elsewhere_is_not_dated_by_the_letter_it_ends(gazetteer):
    text = ("On April 2, the bureau lifted the licence requirements on EDA software for China. "
            "Cadence said the requirements of the March 23 letter have been lifted. "
            "Shares rose. "
            "Synopsys said the restrictions on its EDA software for China have been revoked.")
    dated = {e.company: e.event_date.isoformat() for e in events(gazetteer, text)
             if e.status == "requirement_lifted" and e.event_date}
    assert dated.get("synopsys") == "2025-04-02"


def test_a_headline_step_takes_the_day_its_lead_gives_the_rule(gazetteer):
    title = "Commerce eases licence review for Nvidia H20 sales to China"
    text = ("On April 14, the Commerce Department released a rule changing how it reviews such licence requests. "
            "On April 2 officials had assured AMD that licences for MI308 sales to China would be granted.")
    dated = {e.event_date.isoformat() for e in events(gazetteer, text, title=title) if e.chip == "nvidia-h20"}
    assert dated == {"2025-04-14"}


def test_a_headline_step_is_not_dated_by_a_lead_about_something_else(gazetteer):
    title = "US requires a licence for Nvidia H20 exports to China"
    text = ("TAIPEI - Chip shares are expected to open lower on Monday, traders said. "
            "The Commerce Department told AMD on Friday that MI308 exports to China require a licence.")
    dated = {e.event_date.isoformat() for e in events(gazetteer, text, title=title) if e.chip == "nvidia-h20"}
    assert dated == {"2025-04-11"}


def test_a_sentence_dated_only_by_a_month_keeps_its_month_over_a_neighbours_day(gazetteer):
    text = ("Nvidia reported its results on Tuesday. "
            "In late March, Washington introduced restrictions that banned Nvidia from selling the H20 to China.")
    [event] = events(gazetteer, text)
    assert (event.event_date.isoformat(), event.date_precision) == ("2025-03-01", "month")
