"""Wording, grammar and date patterns found by scoring on a fresh hold-out set; every sentence here is new."""

from datetime import UTC, date, datetime

import pytest

from exportwatch.ingest.extraction import rule_events
from exportwatch.ingest.extraction.cues import find_status_cues
from exportwatch.ingest.extraction.dates import find_dates
from exportwatch.ingest.extraction.gazetteer import AuthorityEntry, ChipEntry, CompanyEntry, CountryEntry, Gazetteer
from exportwatch.ingest.extraction.reading import SentenceReader, fab_locations
from exportwatch.ingest.extraction.sentences import Sentence

from .test_extraction_fixtures import small_gazetteer

PUBLISHED = datetime(2025, 4, 16, 14, 30, tzinfo=UTC)  # a Wednesday
WEDNESDAY = PUBLISHED.date()


@pytest.fixture(scope="module")
def gazetteer():
    return small_gazetteer()


def statuses(sentence):
    return {cue.status for cue in find_status_cues(sentence)}


def events(gazetteer, text, title=""):
    return rule_events(title=title, text=text, published=PUBLISHED, gazetteer=gazetteer)


def tuples(found):
    return {(e.company, e.chip, e.country, e.status) for e in found}


def destinations(found):
    return {e.country for e in found}


# --- status wording -----------------------------------------------------------------------------------------

def test_a_requirement_with_adverbs_before_the_participle():
    assert statuses("Permits are now also required for shipments of the tools to Vietnam.") == {"requirement_imposed"}


def test_a_product_banned_from_a_country_without_a_licence_is_a_requirement():
    assert "requirement_imposed" in statuses("Since January the accelerator has been banned from Russia without "
                                             "an export licence.")


def test_lifting_a_requirement_that_had_been_imposed_reports_both():
    assert statuses("Officials removed the licence requirement that they had imposed on the simulation tools "
                    "in March.") == {"requirement_lifted", "requirement_imposed"}


def test_restrictions_no_longer_in_force_are_lifted():
    assert "requirement_lifted" in statuses("The export restrictions on the design tools, announced in spring, "
                                            "are no longer in force.")


def test_a_pledge_that_permits_would_be_approved_is_an_assurance_not_a_grant():
    assert statuses("Commerce officials pledged that the permits would be approved within weeks.") == {"assured"}


def test_licences_that_would_be_approved_are_not_granted():
    assert "granted" not in statuses("Analysts said the licences would be approved only after the summit.")


def test_reviewing_licence_applications_is_under_review():
    assert statuses("The agency is still reviewing the company's licence applications.") == {"under_review"}


def test_reviewing_exports_in_general_is_not_a_pending_application():
    assert "under_review" not in statuses("The department said it was reviewing exports of sensitive items.")


def test_authorising_a_named_company_to_keep_shipping_is_a_grant():
    assert statuses("Washington authorised Intel to keep supplying the older processors.") == {"granted"}


def test_a_licence_recalled_between_commas_as_issued_is_a_grant():
    assert "granted" in statuses("The order cancels permits, issued in 2021, for the laptop parts.")


def test_being_informed_of_foreign_export_curbs_is_a_requirement():
    assert statuses("The supplier was informed of fresh American export curbs on its scanners.") == {
        "requirement_imposed"}


def test_a_requirement_communicated_to_the_company_is_a_requirement():
    assert statuses("The new requirement was communicated to the firm in a letter.") == {"requirement_imposed"}


def test_removal_from_the_chinese_veu_list_is_a_revocation():
    assert statuses("美方已将该厂从经验证最终用户名单中移除。") == {"revoked"}


def test_a_latin_authority_name_inside_chinese_text_can_pledge():
    assert statuses("BIS表示计划批准部分出口许可申请。") == {"assured"}


def test_issuing_a_long_named_licence_in_chinese_is_a_grant():
    assert statuses("美方开始发放先进芯片对华出口许可证。") == {"granted"}


def test_declining_to_comment_in_chinese_is_not_a_denial():
    assert statuses("该公司拒绝置评。") == set()


def test_no_need_to_apply_in_chinese_is_not_an_application():
    assert "applied" not in statuses("两家公司此前无需逐批申请许可。")


def test_a_company_filing_is_not_a_report_by_unnamed_sources():
    [cue] = find_status_cues("Licences are now required for the parts, according to a regulatory filing.")
    assert not cue.reported
    [cue] = find_status_cues("Licences are now required for the parts, according to two officials.")
    assert cue.reported


# --- dates ---------------------------------------------------------------------------------------------------

def test_on_the_nth_is_that_day_of_the_anchor_month():
    [mention] = find_dates("The ministry said on the 3rd that it had approved the requests.", WEDNESDAY)
    assert mention.value == date(2025, 4, 3)


def test_on_the_nth_after_the_anchor_is_in_the_month_before():
    [mention] = find_dates("The notice arrived on the 28th.", WEDNESDAY)
    assert mention.value == date(2025, 3, 28)


def test_a_day_earlier_is_the_day_before_the_date_just_mentioned():
    mentions = find_dates("The firm said on Tuesday it had been told a day earlier.", WEDNESDAY)
    assert [m.value for m in mentions] == [date(2025, 4, 15), date(2025, 4, 14)]


def test_a_day_given_for_a_filing_is_when_it_was_said():
    [mention] = find_dates("Licences are required, the company disclosed in a regulatory filing on Monday.", WEDNESDAY)
    assert mention.is_speech


# --- who, what, when across sentences -------------------------------------------------------------------------

def test_a_company_a_licence_is_granted_to_holds_it(gazetteer):
    found = events(gazetteer, "Licences were granted to Samsung for chipmaking equipment shipments to its plant in "
                              "China.")
    assert ("samsung", "chipmaking-equipment", "CN", "granted") in tuples(found)


def test_products_listed_at_the_start_of_the_next_paragraph_belong_to_the_lead(gazetteer):
    text = ("The US told Nvidia on Monday that licence requirements for several of its data-centre products bound "
            "for China take effect at once.\n\nThe products affected are the A100 and H100.")
    found = {(e.chip, e.event_date) for e in events(gazetteer, text)}
    assert found == {("nvidia-a100", date(2025, 4, 14)), ("nvidia-h100", date(2025, 4, 14))}


def test_the_day_of_the_act_beats_the_day_it_was_disclosed(gazetteer):
    text = ("Licences are now required for exports of the H20 to China, Nvidia disclosed in a filing on Tuesday. "
            "The requirement was communicated to the company last Wednesday.")
    [event] = events(gazetteer, text)
    assert event.event_date == date(2025, 4, 9)


# --- second hold-out round: wording ---------------------------------------------------------------------------

def test_restrictions_that_were_lifted_in_the_passive_are_lifted():
    assert "requirement_lifted" in statuses("The vendor said it was told the curbs on its design tools were lifted.")


def test_suspending_licences_or_adding_requirements_is_not_a_lifting():
    found = statuses("Officials said some licences had been suspended or additional licence requirements imposed.")
    assert "requirement_lifted" not in found


def test_applications_still_being_reviewed_are_under_review():
    assert "under_review" in statuses("Its applications for the accelerator are still being reviewed, two people said.")


def test_a_letter_ordering_a_halt_in_the_gerund_is_a_requirement():
    assert "requirement_imposed" in statuses("Officials sent a letter to the foundry ordering it to stop shipping "
                                             "the parts to two buyers.")


def test_sales_barred_without_a_licence_are_a_requirement():
    assert "requirement_imposed" in statuses("Back then Washington barred sales of the boards without a licence.")


def test_plural_revocations_of_licences_are_revocations():
    assert "revoked" in statuses("The revocations cover licences that let two suppliers ship parts to the group.")


def test_a_chinese_veu_status_being_withdrawn_is_a_revocation():
    assert "revoked" in statuses("美方通知该公司，将撤销其无锡工厂的VEU资格。")


def test_a_chinese_licence_requirement_being_put_in_place_is_a_requirement():
    assert "requirement_imposed" in statuses("新规对这两款芯片出口实施许可证要求。")


def test_a_rule_being_drafted_is_speculation():
    assert statuses("The agency is drafting a rule that would require licences for such shipments.") == set()


def test_an_approval_that_is_far_from_certain_is_speculation():
    assert statuses("It is far from certain that regulators would allow the part to be sold.") == set()


def test_a_lower_case_bureau_pledging_licences_is_an_assurance():
    assert "assured" in statuses("The bureau said it intends to grant licences for the existing plants.")


def test_a_company_that_would_apply_has_not_applied():
    assert "applied" not in statuses("The toolmaker said it would apply for licences where it can.")


def test_a_merger_that_needs_approval_is_not_a_licence_requirement():
    assert statuses("Its pending acquisition of a software rival still needs approval from regulators.") == set()


def test_may_before_a_day_number_is_the_month_not_a_hedge():
    assert "requirement_imposed" in statuses("It got a letter on May 29 informing it of new export restrictions.")


# --- second hold-out round: who and what ----------------------------------------------------------------------

def test_a_joint_subject_shares_the_product(gazetteer):
    found = events(gazetteer, "Samsung and SK hynix now need a licence to export HBM to China.")
    assert {("samsung", "hbm", "CN", "requirement_imposed"), ("sk-hynix", "hbm", "CN", "requirement_imposed")} \
        <= tuples(found)


def test_what_buyers_make_is_not_the_exported_product(gazetteer):
    found = events(gazetteer, "Samsung now needs a licence to export HBM to China, including to customers that "
                              "package it with AI chips.")
    assert {e.chip for e in found} == {"hbm"}


def test_a_cue_in_a_relative_clause_belongs_to_the_product_before_it(gazetteer):
    found = events(gazetteer, "The H200 is far stronger than the H20 that Nvidia was permitted to sell in China.")
    assert {e.chip for e in found if e.status == "granted"} == {"nvidia-h20"}


def test_a_product_after_but_is_in_another_clause(gazetteer):
    found = events(gazetteer, "China licences for the H20 were granted, but the H200 path is unclear.")
    assert {e.chip for e in found if e.status == "granted"} == {"nvidia-h20"}


def test_the_addressee_of_a_letter_is_the_exporter(gazetteer):
    found = events(gazetteer, "Commerce sent a letter to TSMC ordering it to stop shipping AI chips to China.")
    assert {e.company for e in found} == {"tsmc"}


def test_a_company_that_only_declined_comment_is_not_borrowed(gazetteer):
    text = ("Intel declined to comment. Washington said the rules require exporters to obtain a licence before "
            "shipping chipmaking equipment to China.")
    assert "intel" not in {e.company for e in events(gazetteer, text)}


def test_a_chinese_company_is_never_borrowed_as_the_exporter(gazetteer):
    text = ("Huawei and TSMC were named in the report. Any future supply of AI chips to China will require a "
            "licence, officials said.")
    assert "huawei" not in {e.company for e in events(gazetteer, text)}


def test_a_timeline_sentence_without_a_product_continues_the_one_before(gazetteer):
    text = ("In April, Washington required licences for the H20 in China. In August, licences were granted. "
            "Buyers now want the H200.")
    assert ("nvidia", "nvidia-h20", "CN", "granted") in tuples(events(gazetteer, text))


def test_a_family_gives_way_to_its_sku_with_the_same_status(gazetteer):
    family = Gazetteer(
        companies=gazetteer.companies,
        chips=[*gazetteer.chips, ChipEntry("nvidia-blackwell", ("Blackwell",), "nvidia", "family"),
               ChipEntry("nvidia-gb300", ("GB300",), "nvidia")],
        countries=gazetteer.countries, authorities=gazetteer.authorities,
    )
    found = events(family, "Commerce said it had approved exports of Nvidia GB300 chips to the UAE.",
                   title="Washington clears Blackwell exports to the UAE")
    assert {e.chip for e in found} == {"nvidia-gb300"}


def test_a_fab_city_inside_chinese_text_is_in_china():
    assert fab_locations("将撤销其南京工厂的VEU资格") == ["CN"]


# --- second hold-out round: dates -----------------------------------------------------------------------------

def test_an_action_verb_after_a_named_subject_dates_the_act():
    [mention] = find_dates('On April 14, the Bureau of Industry and Security ("BIS") released two rules.', WEDNESDAY)
    assert mention.is_action


def test_an_authority_saying_it_had_acted_dates_the_act():
    [mention] = find_dates("The department said on Friday that it had placed the firm on the list.", WEDNESDAY)
    assert mention.is_action


def test_a_rule_taking_effect_in_some_days_on_a_date_is_an_effective_date():
    [mention] = find_dates("The change takes effect in 120 days, on April 1.", WEDNESDAY)
    assert mention.is_effective


# --- third hold-out round: wording ----------------------------------------------------------------------------

def test_a_requirement_rescinded_after_a_long_noun_phrase_is_lifted():
    assert statuses("The licence requirement for simulation software exports to Russia was rescinded last "
                    "week.") == {"requirement_lifted"}


def test_the_month_may_before_a_noun_is_not_a_hedge():
    assert "requirement_imposed" in statuses("The May notices had required the toolmaker to obtain a licence for "
                                             "each shipment.")


def test_granting_two_named_companies_an_authorisation_is_a_grant():
    assert statuses("Officials granted Samsung and SK hynix open-ended authorisation for the plants.") == {"granted"}


# --- third hold-out round: who and what -----------------------------------------------------------------------

def test_a_correction_notice_and_the_headline_it_withdraws_report_nothing(gazetteer):
    text = ("CORRECTION: An earlier version of this article said in the headline that Nvidia had been cleared "
            "to ship the H20 to China. Nvidia is still waiting for a decision on its H20 licences for China.")
    found = events(gazetteer, text, title="Nvidia cleared to ship H20 to China")
    assert "granted" not in {e.status for e in found}


def test_a_chip_used_as_a_unit_of_measure_is_not_the_export(gazetteer):
    text = ("Nvidia has received licences to ship AI chips to the UAE. The licences, granted in March, allow the "
            "equivalent of 5,000 A100 chips.")
    assert "nvidia-a100" not in {e.chip for e in events(gazetteer, text)}


def test_chips_of_a_class_counted_as_equivalents_are_the_export(gazetteer):
    text = "Commerce said G42 in the UAE is now approved to acquire the equivalent of 5,000 H100-class processors."
    assert "nvidia-h100" in {e.chip for e in events(gazetteer, text)}


@pytest.mark.parametrize("text", [
    "The foundry needs a licence to ship chips made with American equipment to Huawei.",
    "Washington banned the supply of semiconductors made with U.S. equipment to the Chinese company.",
])
def test_equipment_used_to_make_a_product_is_not_the_product(gazetteer, text):
    assert "chipmaking-equipment" not in SentenceReader(gazetteer).generic_chips(text)


def test_chip_machines_are_chipmaking_equipment(gazetteer):
    assert SentenceReader(gazetteer).generic_chips("ASML may no longer ship certain chip machines to China.") == [
        "chipmaking-equipment"]


@pytest.mark.parametrize("text", [
    "Exports of chip-designing software to China now need a licence.",
    "Washington cut off sales of the software tools used to design semiconductors to Chinese firms.",
])
def test_design_software_in_other_words_is_eda_software(gazetteer, text):
    assert SentenceReader(gazetteer).generic_chips(text) == ["eda-software"]


def test_a_possessive_company_after_a_recipient_starts_a_new_clause(gazetteer):
    text = ("The licences were granted in 2020. Qualcomm's licence let it ship smartphone chips to Huawei, and "
            "Intel's licence let it sell laptop chips to Huawei.")
    found = tuples(events(gazetteer, text))
    assert ("intel", "laptop-chips", "CN", "granted") in found
    assert ("qualcomm", "laptop-chips", "CN", "granted") not in found


def test_lithography_goes_only_with_a_lithography_maker(gazetteer):
    toolmaker = Gazetteer(
        companies=[*gazetteer.companies, CompanyEntry("tokyo-electron", ("Tokyo Electron",), "JP")],
        chips=gazetteer.chips, countries=gazetteer.countries, authorities=gazetteer.authorities,
    )
    text = ("Tokyo Electron expects little impact. The trade ministry will require licences for immersion DUV "
            "scanners and etching tools bound for China.")
    assert ("tokyo-electron", "duv-lithography") not in {(e.company, e.chip) for e in events(toolmaker, text)}


def test_only_asml_exports_euv_scanners_while_nikon_exports_duv_ones():
    gazetteer = Gazetteer(
        companies=[CompanyEntry("nikon", ("Nikon",), "JP"), CompanyEntry("asml", ("ASML",), "NL")],
        chips=[ChipEntry("euv-lithography", ("EUV lithography", "EUV scanners"), "", "category"),
               ChipEntry("duv-lithography", ("DUV lithography", "DUV scanners"), "", "category")],
        countries=[CountryEntry("CN", ("China",))],
    )
    text = "Japan will require licences for Nikon's DUV scanners and for EUV scanners bound for China."
    assert {(e.company, e.chip) for e in events(gazetteer, text)} == {("nikon", "duv-lithography")}


def test_a_next_sentence_listing_a_category_gives_the_product(gazetteer):
    text = ("TSMC must now obtain a licence before shipping to Huawei.\n\nThe change covers the smartphone chips it "
            "makes for the Chinese company.")
    assert ("tsmc", "smartphone-chips", "CN", "requirement_imposed") in tuples(events(gazetteer, text))


# --- third hold-out round: dates ------------------------------------------------------------------------------

def test_each_product_takes_the_day_of_its_own_clause(gazetteer):
    text = ("On April 9 Nvidia was informed that its H20 would need a licence for China, and AMD said on April 15 "
            "that its MI308 was caught by the same requirement.")
    days = {e.chip: e.event_date for e in events(gazetteer, text) if e.status == "requirement_imposed"}
    assert days == {"nvidia-h20": date(2025, 4, 9), "amd-mi308": date(2025, 4, 15)}


def test_a_pledge_without_a_day_takes_the_day_of_the_notice_before_it(gazetteer):
    text = ("The Commerce Department on Friday revoked the waivers that let Samsung bring tools into its China "
            "plants.\nMarket data\nKOSPI up 1%\nWon steady\nCommerce said it plans to grant licences for tools "
            "that keep Samsung's China plants running.")
    [assured] = [e for e in events(gazetteer, text) if e.status == "assured"]
    assert assured.event_date == date(2025, 4, 11)


# --- fourth hold-out round: long scraped pages ----------------------------------------------------------------

def test_officials_discussing_whether_to_restrict_is_not_a_requirement():
    assert statuses("Aides are debating whether to put the accelerator on the list of parts that cannot be sold "
                    "abroad without a licence.") == set()


def test_licences_approved_as_a_condition_are_not_a_grant():
    assert "granted" not in statuses("The designer will restart deliveries once its licences are approved.")
    assert "granted" in statuses("Deliveries restarted when the licences were approved in March.")


def test_a_listed_set_of_companies_required_to_obtain_licences():
    assert "requirement_imposed" in statuses("The notices required Samsung, Micron and Kioxia to obtain export "
                                             "licences for their memory stacks.")


def test_products_off_limits_under_rules_are_a_requirement():
    assert "requirement_imposed" in statuses("The spring rules, under which the two accelerators became off limits "
                                             "for Vietnam, still stand.")
    assert statuses("The Hong Kong office is off limits to visitors.") == set()


def test_a_status_lost_with_three_words_before_the_noun_is_a_revocation():
    assert "revoked" in statuses("The Wuxi plant will lose its special US authorisation in the new year.")


def test_licences_that_began_to_be_issued_are_granted():
    assert "granted" in statuses("Licences for the accelerator began to be issued last month.")


def test_a_licence_held_up_is_not_held():
    assert "granted" not in statuses("The scanner never arrived because The Hague held up the licence for years.")


def test_what_a_company_was_still_allowed_to_sell_is_not_a_grant():
    assert "granted" not in statuses("The charge covers the chip, the fastest part it was still allowed to sell "
                                     "in Malaysia.")


def test_a_region_gives_no_country_to_borrow(gazetteer):
    text = ("AMD has shipped accelerators to China for years.\nOfficials have delayed licence requests from AMD for "
            "AI chips bound for the Middle East.")
    assert not [e for e in events(gazetteer, text) if e.status == "under_review"]


def test_a_country_is_not_borrowed_from_a_neighbouring_paragraph(gazetteer):
    text = ("Buyers in China placed big orders.\n\nToolmakers sell widely in Korea.\n\nThe Hague said ASML now "
            "needs a Dutch licence to ship its DUV scanners outside the EU.\n\nAnalysts expect sales to China to "
            "fall.")
    countries = {e.country for e in events(gazetteer, text) if e.status == "requirement_imposed"}
    assert countries == {"CN"}


def test_the_product_before_under_which_is_not_covered(gazetteer):
    text = "The H20 was built for the rules of 2023, under which the A100 became off limits for China."
    chips = {e.chip for e in events(gazetteer, text) if e.status == "requirement_imposed"}
    assert chips == {"nvidia-a100"}


def test_the_day_of_a_document_is_not_the_day_a_later_step_happened_to_it(gazetteer):
    text = ("Nvidia said the requirements of the April 9 letter have been lifted for the H20 to China. "
            "Commerce lifted the requirements on April 14, the company said.")
    [event] = [e for e in events(gazetteer, text) if e.status == "requirement_lifted"]
    assert event.event_date == date(2025, 4, 14)


def test_a_document_dated_in_passing_still_dates_the_requirement_it_set(gazetteer):
    text = "The April 9 letter told Nvidia that exports of the H20 to China require a licence."
    [event] = [e for e in events(gazetteer, text) if e.status == "requirement_imposed"]
    assert event.event_date == date(2025, 4, 9)


@pytest.fixture
def memory_makers():
    return Gazetteer(
        companies=[CompanyEntry("samsung", ("Samsung", "삼성전자"), "KR", ("memory-chips",)),
                   CompanyEntry("sk-hynix", ("SK hynix", "SK하이닉스"), "KR", ("memory-chips",)),
                   CompanyEntry("huawei", ("Huawei", "화웨이"), "CN", (), buyer=True)],
        chips=[ChipEntry("memory-chips", ("memory chips",), "", "category"),
               ChipEntry("chipmaking-equipment", ("chipmaking equipment",), "", "category")],
        countries=[CountryEntry("CN", ("China", "중국", "中國"))],
    )


def test_chips_in_korean_beside_exporters_of_one_product_line_are_that_line(memory_makers):
    text = "삼성전자와 SK하이닉스가 화웨이에 대한 반도체 수출 허가를 신청했다."
    assert tuples(events(memory_makers, text)) == {("samsung", "memory-chips", "CN", "applied"),
                                                   ("sk-hynix", "memory-chips", "CN", "applied")}


def test_chip_making_equipment_in_chinese_is_equipment_not_chips(memory_makers):
    assert SentenceReader(memory_makers).generic_chips("美國允許三星將晶片製造設備輸入中國工廠。") == [
        "chipmaking-equipment"]


def test_a_family_other_than_the_named_skus_own_is_kept_apart():
    gazetteer = Gazetteer(
        companies=[CompanyEntry("nvidia", ("Nvidia",), "US")],
        chips=[ChipEntry("nvidia-h200", ("H200",), "nvidia", "sku", "nvidia-hopper"),
               ChipEntry("nvidia-h20", ("H20",), "nvidia", "sku", "nvidia-hopper"),
               ChipEntry("nvidia-hopper", ("Hopper",), "nvidia", "family"),
               ChipEntry("nvidia-blackwell", ("Blackwell",), "nvidia", "family")],
        countries=[CountryEntry("CN", ("China",))],
    )
    text = ("The H200 outperforms the H20 but lags behind Nvidia's Blackwell processor, which remains blocked from "
            "sales to China.")
    assert tuples(events(gazetteer, text)) == {("nvidia", "nvidia-blackwell", "CN", "requirement_imposed")}


@pytest.mark.parametrize(("maker", "goods", "other"), [
    (CompanyEntry("stella", ("Stella Chemifa",), "JP", ("hydrogen-fluoride",)), "hydrogen-fluoride",
     CompanyEntry("samsung", ("Samsung",), "KR", ("memory-chips",))),
    (CompanyEntry("samsung-display", ("Samsung Display",), "KR", ("oled-panels",)), "oled-panels",
     CompanyEntry("intel", ("Intel",), "US", ("laptop-chips",))),
])
def test_only_a_maker_of_materials_or_display_panels_exports_them(maker, goods, other):
    gazetteer = Gazetteer(companies=[maker, other], chips=[ChipEntry(goods, (goods,), "", "category")])
    assert gazetteer.may_export(maker.slug, goods)
    assert not gazetteer.may_export(other.slug, goods)


def test_the_japanese_government_named_in_korean_is_the_trade_ministry():
    gazetteer = Gazetteer(authorities=[AuthorityEntry("jp-meti", ("METI",), "JP")])
    text = "스텔라케미화학이 일본 정부로부터 한국에 대한 수출 허가를 받았다."
    assert SentenceReader(gazetteer).read(Sentence(text, 0), gazetteer.find(text)).authority == "jp-meti"


def test_a_buyer_described_as_a_telecom_equipment_maker_names_no_equipment(gazetteer):
    found = events(gazetteer, "The US has revoked licences allowing Huawei, the Chinese telecom equipment maker, to "
                              "buy laptop chips from Intel.")
    assert tuples(found) == {("intel", "laptop-chips", "CN", "revoked")}


def test_artificial_intelligence_related_chips_are_ai_chips(gazetteer):
    found = events(gazetteer, "The bureau sent letters to Nvidia restricting its exports of certain artificial "
                              "intelligence-related chips to China.")
    assert tuples(found) == {("nvidia", "ai-chips", "CN", "requirement_imposed")}


def test_the_countries_that_imposed_restrictions_are_not_where_the_goods_go(gazetteer):
    found = events(gazetteer, "Restrictions imposed by the United States and the UAE on chipmaking equipment exports "
                              "to China now bind ASML.")
    assert destinations(found) == {"CN"}


def test_chips_covered_by_a_rule_that_eases_licensing_are_assured_not_newly_restricted(gazetteer):
    found = events(gazetteer, "The bureau eased its licensing policy for exports of certain chips to China from a "
                              "presumption of denial to case-by-case review. The chips covered by this rule are the "
                              "Nvidia H200 and its equivalents.")
    assert tuples(found) == {("nvidia", "nvidia-h200", "CN", "assured")}


def test_the_country_a_war_is_waged_against_is_not_a_destination(gazetteer):
    found = events(gazetteer, "Days after the invasion of Vietnam began, the US barred Nvidia from exporting AI chips "
                              "to China.")
    assert destinations(found) == {"CN"}


def _makers_of_one_kind_of_chip():
    return Gazetteer(
        companies=[CompanyEntry("intel", ("Intel",), "US", ("laptop-chips",)),
                   CompanyEntry("qualcomm", ("Qualcomm",), "US", ("smartphone-chips",)),
                   CompanyEntry("huawei", ("Huawei",), "CN"), CompanyEntry("kioxia", ("Kioxia",), "JP")],
        chips=[ChipEntry("laptop-chips", ("laptop chips",), "", "category"),
               ChipEntry("smartphone-chips", ("smartphone chips",), "", "category")],
        countries=[CountryEntry("CN", ("China", "中国")), CountryEntry("JP", ("Japan", "日本"))],
    )


def test_a_licence_to_sell_chips_revoked_from_makers_of_one_kind_of_chip_covered_that_kind():
    text = "The United States has revoked licences that let Intel and Qualcomm sell chips to Huawei."
    assert tuples(events(_makers_of_one_kind_of_chip(), text)) == {
        ("intel", "laptop-chips", "CN", "revoked"), ("qualcomm", "smartphone-chips", "CN", "revoked")}


def test_chip_licences_revoked_from_a_maker_name_no_kind_of_chip():
    text = "Intel is getting its chip licences revoked in China."
    assert tuples(events(_makers_of_one_kind_of_chip(), text)) == set()


def test_a_country_then_its_company_described_in_chinese_is_the_companys_home():
    gazetteer = _makers_of_one_kind_of_chip()
    text = "消息人士透露,日本的记忆体大厂Kioxia也至少有一项许可遭到取消。"
    reading = SentenceReader(gazetteer).read(Sentence(text, 0), gazetteer.find(text))
    assert "JP" not in reading.destinations


def test_every_place_of_an_upper_case_dateline_with_its_agency_is_where_the_story_was_filed(gazetteer):
    text = "WASHINGTON/HONG KONG (Reuters) – The US has revoked licences that let Intel ship laptop chips to Huawei."
    assert destinations(events(gazetteer, text)) == {"CN"}


def test_companies_granted_licences_to_export_hold_them_and_their_nationality_is_not_a_destination(gazetteer):
    text = ("The United States has granted annual licences to Samsung Electronics and SK Hynix, allowing the Korean "
            "memory giants to export chipmaking equipment to their plants in China.")
    assert tuples(events(gazetteer, text)) == {("samsung", "chipmaking-equipment", "CN", "granted"),
                                              ("sk-hynix", "chipmaking-equipment", "CN", "granted")}


def test_a_model_named_after_its_family_is_the_product():
    gazetteer = Gazetteer(
        companies=[CompanyEntry("nvidia", ("Nvidia",), "US")],
        chips=[ChipEntry("nvidia-blackwell", ("Blackwell",), "nvidia", "family"),
               ChipEntry("nvidia-gb300", ("GB300",), "nvidia", family="nvidia-blackwell")],
        countries=[CountryEntry("AE", ("United Arab Emirates",))],
    )
    text = "Commerce approved the export of Nvidia's Blackwell GB300 processors to the United Arab Emirates."
    assert tuples(events(gazetteer, text)) == {("nvidia", "nvidia-gb300", "AE", "granted")}


def _display_and_chip_makers():
    return Gazetteer(
        companies=[CompanyEntry("samsung-display", ("Samsung Display",), "KR", ("oled-panels",)),
                   CompanyEntry("intel", ("Intel",), "US", ("laptop-chips",)),
                   CompanyEntry("huawei", ("Huawei",), "CN")],
        chips=[ChipEntry("oled-panels", ("OLED panels",), "", "category"),
               ChipEntry("laptop-chips", ("laptop chips",), "", "category")],
        countries=[CountryEntry("CN", ("China",))],
    )


def test_a_display_maker_licensed_to_supply_its_panels_is_granted_them():
    text = "Samsung Display has won a US licence to supply its panels to Huawei."
    assert tuples(events(_display_and_chip_makers(), text)) == {("samsung-display", "oled-panels", "CN", "granted")}


def test_a_chipmaker_licensed_to_supply_unnamed_products_is_given_no_kind_of_chip():
    text = "Intel has won a US licence to supply its products to Huawei."
    assert tuples(events(_display_and_chip_makers(), text)) == set()


def _toolmakers():
    return Gazetteer(
        companies=[CompanyEntry("lam-research", ("Lam Research",), "US", ("chipmaking-equipment",)),
                   CompanyEntry("applied-materials", ("Applied Materials",), "US", ("chipmaking-equipment",)),
                   CompanyEntry("smic", ("SMIC",), "CN")],
        chips=[ChipEntry("chipmaking-equipment", ("chipmaking equipment",), "", "category")],
        countries=[CountryEntry("CN", ("China",))],
    )


def test_exporters_the_next_sentence_lists_as_affected_are_the_steps_exporters():
    text = ("Washington has been slow to approve licences for American companies to sell chipmaking equipment to "
            "China's SMIC.\n\nAmong the US companies affected were Lam Research and Applied Materials.")
    assert tuples(events(_toolmakers(), text)) == {("lam-research", "chipmaking-equipment", "CN", "under_review"),
                                                  ("applied-materials", "chipmaking-equipment", "CN", "under_review")}


def test_companies_named_next_without_being_affected_are_not_the_steps_exporters():
    text = ("Washington has been slow to approve licences for American companies to sell chipmaking equipment to "
            "China's SMIC.\n\nLam Research and Applied Materials reported results on Wednesday.")
    assert tuples(events(_toolmakers(), text)) == set()


def test_the_models_listed_under_an_affected_models_header_are_the_ones_a_requirement_covers(gazetteer):
    text = ("Under the new rule, Nvidia's AI chips can no longer be exported to China.\n"
            "The company said it was assessing the impact.\nIts shares fell in late trading.\n"
            "The affected models include:\nA100\nH100")
    assert tuples(events(gazetteer, text)) == {("nvidia", "nvidia-a100", "CN", "requirement_imposed"),
                                              ("nvidia", "nvidia-h100", "CN", "requirement_imposed")}
