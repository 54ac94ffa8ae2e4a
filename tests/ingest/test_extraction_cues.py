import json
from pathlib import Path

import pytest

from exportwatch.ingest.extraction.cues import CUES, find_status_cues
from exportwatch.ingest.extraction.sentences import split_article

FIXTURES = Path(__file__).parents[1] / "fixtures" / "extraction"


def statuses(sentence):
    return {cue.status for cue in find_status_cues(sentence)}


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("The US told Nvidia that exports of the H20 to China now require a licence.", "requirement_imposed"),
        ("The foundry is now barred from shipping such chips to Chinese customers.", "requirement_imposed"),
        ("The company no longer needs a licence to ship the tools to China.", "requirement_lifted"),
        ("Washington rescinded the requirement with immediate effect.", "requirement_lifted"),
        ("Nvidia said it is filing applications to resume sales of the H20.", "applied"),
        ("Intel asked Washington for permission to keep supplying Huawei.", "applied"),
        ("The applications sit unprocessed at Commerce.", "under_review"),
        ("The government has assured it the licences will be granted.", "assured"),
        ("The Commerce Department plans to grant licences for the existing fabs.", "assured"),
        ("Qualcomm received the green light from Washington to sell 4G chips.", "granted"),
        ("Commerce began issuing H20 licences for China in August.", "granted"),
        ("The White House turned down Nvidia's plan to sell the B30A.", "denied"),
        ("The US has revoked export licences that allowed Intel to supply Huawei.", "revoked"),
        ("TSMC was also stripped of its authorisation.", "revoked"),
        ("美国商务部已将H200芯片对华出口的许可申请转交跨部门审查。", "under_review"),
        ("Washington had cut off sales of chip design tools to China in May.", "requirement_imposed"),
        ("The restrictions on design software and services for customers in China have been revoked.",
         "requirement_lifted"),
        ("Licence applications for the H200 will now be reviewed case by case instead of under a presumption of "
         "denial.", "assured"),
        ("The rule moves the chip from a presumption of denial to case-by-case review.", "assured"),
        ("Applications to ship the H200 to China are no longer subject to a presumption of denial.", "assured"),
        ("Washington eased its limits by allowing Nvidia to sell the H200 to China.", "assured"),
        ("The move followed the requirement to seek approval for exports of its most advanced tools.",
         "requirement_imposed"),
        ("美国将H200对华出口许可由推定拒绝改为逐案审查。", "assured"),
        ("삼성전자는 미국 상무부에 반도체 수출 허가를 신청했다.", "applied"),
        ("The bureau will instead review each application case-by-case.", "assured"),
        ("The exemption that let the two memory makers ship tools to their fabs without a licence has been closed.",
         "revoked"),
        ("Commerce will accept licence applications to allow the companies to keep their plants running.", "assured"),
        ("Licence applications for the region have faced delays in recent weeks.", "under_review"),
        ("Intel has kept the export licences that let it sell laptop chips to Huawei.", "granted"),
        ("Thousands of licence applications for China are in limbo at the agency.", "under_review"),
        ("Commerce authorized H100 order fulfilment through the company's Hong Kong facility.", "granted"),
        ("The validated end-user status will end on Dec 31 for the three plants.", "revoked"),
        ("该厂的VEU授权将于12月31日到期。", "revoked"),
        ("Administracja cofnęła firmie licencje VEU.", "revoked"),
        ("The H20 is the best-known case of licences not being swiftly approved.", "under_review"),
        ("Washington requires foreign chipmakers that use US tools, including TSMC, to apply for a licence to sell "
         "chips to Huawei.", "requirement_imposed"),
        ("Für Lieferungen an Kunden in China sind nun Lizenzen erforderlich.", "requirement_imposed"),
        ("As empresas seriam obrigadas a obter licenças antes de exportar para a China.", "requirement_imposed"),
        ("Washington revogou as restrições à exportação de software para a China.", "requirement_lifted"),
        ("Die Regierung hat die Exportbeschränkungen für Software wieder aufgehoben.", "requirement_lifted"),
        ("Rząd zniósł ograniczenia eksportu oprogramowania do Chin.", "requirement_lifted"),
        ("Commerce relaxes export licence review for H200 sales to China", "assured"),
        ("Before the rule took effect, the toolmaker had managed to apply for licences for some scanners.", "applied"),
    ],
)
def test_a_cue_reports_its_status(sentence, status):
    assert status in statuses(sentence)


def test_a_hedged_sentence_is_not_an_event():
    assert statuses("The chipmaker said it may seek licences for some customers.") == set()


def test_a_weighed_approval_is_not_an_assurance():
    assert statuses("Officials are considering whether they could approve licences.") == set()


def test_a_negated_grant_is_not_a_grant():
    assert "granted" not in statuses("G42 has not received any licences so far.")


def test_a_licence_not_yet_received_is_pending():
    assert statuses("AMD has not yet received a licence for the MI308.") == {"under_review"}


def test_a_denied_rumour_is_not_an_event():
    assert statuses("Infineon denied reports that it had suspended deliveries.") == set()


def test_a_company_plan_to_apply_is_not_an_application():
    assert statuses("AMD says it plans to apply for licences but cannot be sure they will be granted.") == set()


@pytest.mark.parametrize("sentence", [
    "The guidance explains how to apply for licences to ship the chips.",
    "The form asks for details needed even to apply for one of these licences.",
])
def test_a_duty_or_purpose_to_apply_is_not_an_application(sentence):
    assert "applied" not in statuses(sentence)


def test_what_a_licence_would_have_prohibited_is_no_requirement():
    assert "requirement_imposed" not in statuses(
        "Intel retained the licences, which would have prohibited it from selling the chips to Huawei otherwise.")


def test_a_licence_expected_to_expire_is_not_revoked():
    assert "revoked" not in statuses("Sources believe the licence is expected to expire later this year.")


def test_the_possibility_of_a_restriction_is_no_restriction():
    assert statuses("The president had raised the possibility of restricting exports of AI chips.") == set()


def test_a_call_to_revoke_is_not_a_revocation():
    assert statuses("Lawmakers have called for the revocation of all licences for Huawei.") == set()


def test_a_raised_forecast_is_not_a_lifted_requirement():
    assert statuses("TSMC lifted its full-year growth forecast on strong AI demand.") == set()


def test_a_reported_grant_is_marked_as_reported():
    [cue] = find_status_cues("Sources said the licence was granted last week.")
    assert cue.status == "granted" and cue.reported


def test_a_licence_that_is_required_is_a_requirement():
    assert statuses("A national export licence will be required to ship the systems.") == {"requirement_imposed"}


def test_a_requirement_that_now_applies_is_a_requirement():
    assert statuses("AMD said a similar requirement now applies to its MI308 product.") == {"requirement_imposed"}


def test_a_question_is_not_an_event():
    assert statuses("Has Commerce actually issued any licence for the chip?") == set()


def test_a_chinese_pledge_to_issue_licences_is_an_assurance_not_a_grant():
    assert statuses("该公司表示,美国政府已向其保证将发放出口许可证。") == {"assured"}


def test_a_chinese_submitted_application_is_an_application():
    assert statuses("该公司正在向美国政府提交出口许可申请。") == {"applied"}


def test_a_chinese_application_entering_review_is_pending():
    assert statuses("商务部已告知该公司,其出口许可申请将进入审查程序。") == {"under_review"}


def test_will_not_permit_is_a_refusal():
    assert statuses("The White House told agencies it will not permit Nvidia to sell the chip.") == {"denied"}


def test_a_partial_pledge_with_a_refusal_is_an_assurance():
    sentence = "US officials said they would license upkeep tools but would not approve capacity expansion."
    assert statuses(sentence) == {"assured"}


def test_an_authority_approving_the_exports_is_a_grant():
    assert statuses("The United States has approved the export of the accelerators to the UAE.") == {"granted"}


def test_an_authorisation_that_lets_exports_go_ahead_is_a_grant():
    assert statuses("The same authorisation lets the company fulfil orders through Hong Kong.") == {"granted"}


def test_applications_moving_forward_for_review_are_pending():
    assert statuses("Commerce said its licence applications would move forward for review.") == {"under_review"}


def test_negotiating_the_terms_of_licences_is_pending():
    assert statuses("The chipmaker is still negotiating with Washington over the terms of its export licences.") == {
        "under_review"}
    assert statuses("该公司仍在与美国政府就出口许可条款进行谈判。") == {"under_review"}


def test_resuming_sales_as_licences_are_processed_is_pending():
    assert statuses("AMD also plans to resume sales of its MI308 accelerators in China as licences are processed.") == {
        "under_review"}


def test_an_administration_that_barred_shipments_imposed_a_requirement():
    assert statuses("The administration had barred shipments of such accelerators to China in April.") == {
        "requirement_imposed"}


def test_restrictions_that_halted_exports_were_imposed():
    assert statuses("The company welcomed the end of licensing restrictions that had halted exports of its chips.") >= \
        {"requirement_imposed"}


def test_a_step_taken_after_getting_licences_reports_the_grant():
    assert statuses("The firm paused production even after getting licences from the administration.") == {"granted"}


def test_a_request_named_as_a_noun_is_no_filing():
    assert "applied" not in statuses("The old policy presumed denial of any request for permission to sell.")


def test_a_class_of_would_be_applicants_is_no_filing():
    assert "applied" not in statuses("Companies seeking export approval must certify their supply at home.")


def test_seeking_clearance_is_a_filing():
    assert statuses("The chipmaker is seeking clearance for sales of its accelerator in China.") == {"applied"}


def test_being_able_to_supply_without_additional_licences_is_a_grant():
    assert statuses("The letter ensures the firm can supply its plants with tools for a year without meeting "
                    "additional licensing requirements.") == {"granted"}


def test_restrictions_that_have_now_been_rescinded_are_lifted():
    assert statuses("The letters set out new requirements, but these restrictions have now been rescinded.") >= {
        "requirement_lifted"}


def test_restrictions_described_between_commas_and_then_removed_are_lifted():
    assert statuses("The export restrictions relating to China, as set out in earlier letters, have been "
                    "immediately removed.") == {"requirement_lifted"}


def test_a_status_named_earlier_that_will_lapse_is_revoked():
    assert statuses("That status will lapse on December 31, after which every tool shipment needs a licence.") == {
        "revoked"}


def test_banning_a_class_of_makers_named_by_example_from_selling_imposes_a_requirement():
    assert statuses("The rules in effect banned chip design software makers such as Synopsys from selling to China.") \
        == {"requirement_imposed"}


def test_rules_that_limit_sales_impose_a_requirement():
    sentence = "The regulations published on Oct. 17 limit sales of some scanners to Chinese fabs."
    assert statuses(sentence) == {"requirement_imposed"}


def test_rules_that_could_limit_sales_are_speculation():
    assert statuses("Officials are drafting rules that could restrict shipments of the chips.") == set()


def test_a_drafted_requirement_is_speculation():
    assert statuses("As drafted, it would require exporters to obtain licences for such shipments.") == set()


def test_a_revoked_status_named_by_reference_is_a_revocation():
    assert statuses("Washington said in August that it would revoke that status at the end of the year.") == {
        "revoked"
    }


def test_a_licence_that_is_needed_is_a_requirement():
    assert statuses("Officials told the company that a licence is needed to ship the part.") == {
        "requirement_imposed"
    }


def test_case_by_case_review_beside_a_presumption_of_denial_is_no_assurance():
    assert "assured" not in statuses("Applications for the A100 face a presumption of denial; other chips are "
                                     "reviewed case by case.")


def test_a_licence_that_would_allow_something_is_a_hypothetical():
    assert statuses("Lawmakers urged Commerce to refuse any licence that would allow such sales to China.") == set()


def test_a_presumption_of_denial_in_chinese_is_no_denial():
    assert "denied" not in statuses("美国将H200对华出口许可由推定拒绝改为逐案审查。")


def test_the_requirement_to_seek_approval_is_no_application():
    assert "applied" not in statuses("The requirement to seek approval for such exports took effect in June.")


def test_not_having_to_apply_in_korean_is_no_application():
    assert "applied" not in statuses("이 지위 덕분에 기업들은 개별 라이선스를 신청하지 않아도 장비를 들여올 수 있었다.")


@pytest.mark.parametrize("sentence", [
    "Instead of a presumption of denial, BIS will conduct a case-by-case review of the licence applications.",
    "The bureau published its new licence review policy for the chips on Tuesday.",
])
def test_the_rules_of_licence_review_are_no_review_under_way(sentence):
    assert "under_review" not in statuses(sentence)


def test_a_government_allowing_sales_in_chinese_is_an_assurance():
    assert statuses("美国政府周三正式允许英伟达的H200芯片出口中国。") == {"assured"}


def test_a_chinese_assurance_may_name_a_long_product_with_latin_words_between():
    assert statuses("美国政府上月宣布允许英伟达的H200 AI加速芯片出口至中国大陆。") == {"assured"}


def test_a_government_that_will_not_allow_sales_in_chinese_denies_them():
    assert statuses("美国政府不会允许英伟达销售降规版芯片到中国。") == {"denied"}


def test_allowing_sales_if_something_happens_is_no_assurance_in_chinese():
    assert statuses("官员表示,如果政府允许H200出口中国,需求将大增。") == set()


def test_a_requirement_reported_as_going_to_apply_is_imposed():
    assert statuses("Officials said on Friday that a licence requirement would apply to the MI308 from May.") == {
        "requirement_imposed"}


def test_models_that_became_subject_to_restrictions_are_under_a_requirement():
    assert statuses("The H20, which became subject to export restrictions in April, sold well.") == {
        "requirement_imposed"}


def test_implementing_export_restrictions_imposes_a_requirement():
    assert statuses("On 1 January the Netherlands implemented export restrictions on lithography tools to China.") == {
        "requirement_imposed"}


def test_a_rule_restricting_a_companys_ability_to_sell_imposes_a_requirement():
    assert statuses("The company said the new rule will restrict its ability to sell tools to customers in China.") == {
        "requirement_imposed"}


def test_a_licence_that_was_not_renewed_has_ended():
    assert statuses("The licence wasn't renewed last year after pressure from Washington.") == {"revoked"}


def test_a_licence_not_renewed_in_dutch_has_ended():
    assert statuses("De regering heeft de exportvergunning van ASML niet verlengd.") == {"revoked"}


def test_licences_delayed_until_a_day_are_no_longer_waiting():
    assert statuses("The bureau delayed issuing licences until last Friday, officials said.") == set()


def test_a_government_that_banned_their_export_imposed_a_requirement():
    assert statuses("Shipments stopped after the administration banned their export in April.") == {
        "requirement_imposed"}


def test_pressing_another_government_to_relax_curbs_is_no_lifting():
    assert statuses("Beijing presses Washington to relax curbs on chip exports.") == set()


def test_restrictions_that_targeted_a_processor_imposed_a_requirement():
    assert statuses("It was designed after the 2023 restrictions that targeted the H800.") == {"requirement_imposed"}


def test_an_assurance_in_quotation_marks_is_an_assurance():
    assert statuses('Nvidia said the government had "assured" it that licences would be granted.') == {"assured"}


def test_licences_that_allow_shipments_are_granted():
    assert statuses("The licences allow Nvidia to ship the chips to the UAE.") == {"granted"}


def test_what_a_draft_would_do_is_not_done():
    assert statuses("People familiar with the draft say it would place AI chips under a licence requirement.") == set()


def test_a_postponed_rule_imposes_nothing():
    assert statuses("The US has postponed a rule that would limit exports to units of listed companies.") == set()


def test_announcing_an_export_control_package_against_a_country_imposes_a_requirement():
    assert statuses("The United States on Monday announced a new export control package against China.") == {
        "requirement_imposed"}


def test_closing_a_described_loophole_ends_an_exemption():
    assert statuses("The bureau closed a Biden-era loophole that let the plants import tools without a licence.") == {
        "revoked"}


def test_buyers_approved_to_acquire_chips_hold_a_grant():
    assert statuses("The department confirmed that Humain and G42 are now approved to acquire Nvidia's chips.") == {
        "granted"}


def test_a_korean_request_with_no_decision_yet_is_under_review():
    assert statuses("삼성전자 요청에 대한 결론은 아직 나오지 않은 상태다.") == {"under_review"}


def test_a_korean_licence_obtained_is_granted():
    assert statuses("삼성전자가 중국 공장으로의 장비 수입을 위해 연간 라이선스(허가)를 획득했다.") == {"granted"}


def test_a_government_that_accepted_a_request_to_export_granted_it():
    assert statuses("The Japanese government accepted the request of a maker to export hydrogen fluoride.") == {
        "granted"}


# Japanese, Korean, German, Dutch, French and Spanish: the statuses in the words real pages use for them (sentences
# of our own).
@pytest.mark.parametrize(("sentence", "status"), [
    ("米商務省は13日、対中輸出に関する規制を緩和した。", "requirement_lifted"),
    ("商務省は審査方針を改め、原則不許可から案件ごとの審査に切り替えた。", "assured"),
    ("大統領は中国の顧客への販売を認める方針を明らかにした。", "assured"),
    ("商務省はH200の対中輸出を許可した。", "granted"),
    ("AMDはMI325Xを中国で販売するための輸出許可を申請している。", "applied"),
    ("商務省はファーウェイ向けの輸出許可を取り消した。", "revoked"),
    ("不足が広がる中、米政府は装置を販売するためのライセンスを承認するのに時間がかかっている。", "under_review"),
    ("A100の中国への出荷が禁止された。", "requirement_imposed"),
    ("미 상무부는 엔비디아가 신청한 H20 칩 수출 허가서를 발급하기 시작했다.", "granted"),
    ("엔비디아는 미 정부에 공식 신청서를 제출했다.", "applied"),
    ("미국 정부는 해당 칩의 대중국 판매를 전면 금지했다.", "requirement_imposed"),
    ("미국 정부가 삼성전자 중국 공장의 장비 반입을 허용하기로 했다.", "granted"),
    ("미국산 반도체 장비 반입 규제 유예 방침이 공식화됐다.", "granted"),
    ("상무부는 화웨이에 대한 수출 허가를 취소했다.", "revoked"),
    ("Die Regierung hat Lizenzen für die Lieferung der H20-Chips genehmigt.", "granted"),
    ("Die Chips wurden in der vergangenen Woche wieder für den chinesischen Markt freigegeben.", "granted"),
    ("Das Handelsministerium hatte den Export der Chips im April untersagt.", "requirement_imposed"),
    ("Nvidia hat bei der Regierung Lizenzen für die H20 beantragt.", "applied"),
    ("Das Ministerium hat die Lizenz des Herstellers widerrufen.", "revoked"),
    ("ASML mag vanaf september bepaalde machines niet meer naar China exporteren.", "requirement_imposed"),
    ("Voor de machines geldt voortaan een nationale vergunningsplicht.", "requirement_imposed"),
    ("Ook voor onderhoud zal het bedrijf een vergunning moeten aanvragen.", "requirement_imposed"),
    ("De regering heeft de vergunning voor de machines ingetrokken.", "revoked"),
    ("De fabrikant heeft toestemming gekregen om de machines nog vier maanden te leveren.", "granted"),
    ("Voor meer machines moet eerst een vergunning worden aangevraagd.", "requirement_imposed"),
    ("Het bedrijf heeft een vergunning aangevraagd voor de levering.", "applied"),
    ("De nieuwste machines mogen al jaren niet naar China geëxporteerd worden.", "requirement_imposed"),
    ("Er gold al een vergunningplicht voor de meest geavanceerde apparatuur.", "requirement_imposed"),
    ("Die Behörde hat begonnen, Lizenzen für den Export der Chips nach China zu erteilen.", "granted"),
    ("Die Regierung habe dem Hersteller zugesichert, die nötigen Exportlizenzen zu bewilligen.", "assured"),
    ("Der Präsident sagte, er werde dem Hersteller erlauben, die Chips in China zu verkaufen.", "assured"),
    ("Im April hatte die Regierung ein Verbot für den Export der Chips verhängt.", "requirement_imposed"),
    ("최근 행정부는 VEU 명단에서 두 회사를 제외했다.", "revoked"),
    ("행정부는 장비를 공급할 경우 건별로 허가를 받도록 했다.", "requirement_imposed"),
    ("상무부는 일일이 허가를 받을 필요가 없도록 한 포괄허가를 폐지할 것이라고 밝혔다.", "revoked"),
    ("Les États-Unis ont révoqué les licences qui permettaient au fabricant d'expédier des puces.", "revoked"),
    ("Le ministère a confirmé avoir supprimé les permis d'exportation de processeurs.", "revoked"),
    ("Le gouvernement a interdit l'exportation de puces avancées vers la Chine.", "requirement_imposed"),
    ("Le ministère a accordé des licences au fabricant pour vendre la puce.", "granted"),
    ("Le fabricant a demandé des licences pour vendre la puce.", "applied"),
    ("Washington a levé les restrictions sur les logiciels de conception.", "requirement_lifted"),
    ("El gobierno revocó las licencias de los dos fabricantes.", "revoked"),
    ("El departamento concedió licencias al fabricante para exportar a China.", "granted"),
    ("El fabricante solicitó licencias para vender el chip.", "applied"),
    ("El gobierno prohibió la exportación de los chips a China.", "requirement_imposed"),
    ("Il produttore ha detto che il governo approverà la licenza per l'esportazione.", "assured"),
    ("Restava in vigore il divieto di esportazione verso la Cina.", "requirement_imposed"),
    ("Il governo ha rilasciato le licenze per l'esportazione dei chip.", "granted"),
    ("Rząd częściowo cofnął licencję na eksport niektórych maszyn.", "revoked"),
    ("Licencja na dostawę maszyn w 2023 r. została niedawno częściowo cofnięta przez rząd.", "revoked"),
    ("Bộ Thương mại đã bắt đầu cấp phép cho hãng xuất khẩu chip sang Trung Quốc.", "granted"),
    ("Tháng trước, chính phủ đảo ngược lệnh cấm bán chip sang Trung Quốc.", "requirement_lifted"),
    ("Hãng cho biết đã nộp đơn xin phép bán lại chip.", "applied"),
    ("الحكومة تبدأ منح الشركة تراخيص لتصدير الرقائق.", "granted"),
    ("A empresa ainda não recebeu a licença necessária para as vendas.", "under_review"),
    ("Министерство выдало компании лицензии на экспорт чипов.", "granted"),
    ("США ввели запрет на экспорт чипов в Китай.", "requirement_imposed"),
    ("Hükümet çiplerin Çin'e ihracatını yasakladı.", "requirement_imposed"),
])
def test_a_status_in_another_language_is_read(sentence, status):
    assert statuses(sentence) == {status}


@pytest.mark.parametrize("sentence", [
    "실제 라이선스 발급은 이뤄지지 않았다.",  # no licence was issued
    "Die Genehmigung wurde nicht erteilt.",  # the permit was not issued
    "Nvidia will Exportlizenzen erhalten, um Chips zu verkaufen.",  # wants to obtain licences
    "Bronnen achten het onwaarschijnlijk dat die toestemming alsnog verleend wordt.",  # unlikely to be granted
    "상무부는 연간 1000건의 수출 허가 신청이 추가로 발생할 것으로 예상했다.",  # applications expected, none filed
    "Компания не получила лицензию.",  # no licence received
])
def test_a_negated_wished_for_unlikely_or_counted_licence_in_another_language_is_no_event(sentence):
    assert statuses(sentence) == set()


def test_licences_already_issued_and_then_withdrawn_in_german_are_revoked():
    assert statuses("Die USA haben einzelnen Lieferanten bereits erteilte Lizenzen entzogen.") == {"revoked"}


def test_chips_blocked_by_export_controls_need_a_licence_and_were_not_denied():
    assert statuses("The maker listed the accelerators blocked by the new export controls.") == {
        "requirement_imposed"}


def test_a_chinese_licence_requirement_cancelled_for_a_long_list_of_goods_is_lifted():
    assert statuses("美国政府已取消对中国出售芯片设计软件及相关服务的出口许可要求。") == {"requirement_lifted"}


def test_suppliers_told_they_no_longer_need_a_chinese_licence_are_lifted():
    assert statuses("商务部通知三家供应商,对华业务不再需要获得政府的特别许可。") == {"requirement_lifted"}


def test_imposing_licence_control_in_chinese_wording_imposes_a_requirement():
    assert statuses("美国商务部要求对出口至中国的设计工具实施全面许可证管控。") == {"requirement_imposed"}


def test_assurances_from_officials_named_at_length_are_still_assurances():
    assert statuses("Despite assurances from the commerce secretary and several other senior officials in July that "
                    "licences for the chip would be granted, none arrived.") == {"assured"}


def test_issuing_a_licensing_rule_grants_no_licence():
    assert statuses("On January 13, the administration issued a new licensing rule for these chips.") == set()


def test_letting_tools_leave_for_a_korean_makers_plant_each_year_is_granted():
    assert statuses("미국 정부가 연간 허가제로 장비 반출을 허용하기로 했다.") == {"granted"}


def test_waiting_for_a_renewed_licence_is_pending_not_a_renewal():
    assert statuses("The toolmaker has been waiting for the renewed export licence since June.") == {"under_review"}


def test_approvals_that_allow_sales_are_granted():
    assert statuses("The new approvals allow US companies to sell the servers to the two firms.") == {"granted"}


@pytest.mark.parametrize("sentence", [
    "两党议员计划提出立案,将禁止该公司向中国出口先进芯片。",  # a bill that would ban
    "该法案将命令商务部停止向竞争对手发放芯片出口许可证。",  # a bill that would stop licences
    "拒绝北京获取这些芯片对国家安全至关重要。",  # denying Beijing the chips is an aim, not a refusal
])
def test_what_a_chinese_bill_would_do_or_a_policy_aim_is_no_event(sentence):
    assert statuses(sentence) == set()


def test_a_chinese_licence_issued_for_a_long_named_destination_is_granted():
    assert statuses("美国商务部开始向该公司发放H20芯片出口至中国大陆的许可证。") == {"granted"}


def test_a_chinese_negation_far_before_the_cue_negates_nothing_it_says():
    assert statuses("数周没有行动的美国商务部开始向该公司发放芯片出口至中国大陆的许可证。") == {"granted"}


def test_a_chinese_negation_of_the_verb_phrase_still_cancels_the_cue():
    assert statuses("两家公司自2023年起无需为每批设备单独申请许可。") == set()


def test_being_reassured_in_vietnamese_that_licences_will_come_soon_is_an_assurance_not_a_grant():
    assert statuses("Hãng đã được trấn an rằng sẽ sớm được cấp phép.") == {"assured"}


@pytest.mark.parametrize("sentence", [
    "Last spring the administration banned exports of the accelerator to China.",  # "banned", not "ban" + "ed"
    "Regulators placed the new memory parts under export restrictions in December.",
    "The rule covers both processors, placing them firmly under the new licensing requirement.",
    "Washington restricts the company's A800 and H800 GPUs to China from next month.",
    "The government started blocking the cut-down accelerators from China on Tuesday.",
    "The first data-centre GPUs that were banned included the flagship model.",
    "The agency now demands exporters such as the two designers obtain a licence for each shipment.",
])
def test_a_requirement_in_common_english_wording_is_imposed(sentence):
    assert statuses(sentence) == {"requirement_imposed"}


@pytest.mark.parametrize("sentence", [
    "Trump lifted a long-standing ban on sending advanced chips to China.",  # the noun "ban" is lifted, not imposed
    "The distributor restricted the chips to customers in approved markets.",  # no place after "to"
])
def test_a_lifted_ban_or_a_sellers_own_limit_imposes_nothing(sentence):
    assert "requirement_imposed" not in statuses(sentence)


def test_a_german_export_ban_lifted_is_lifted():
    lifted = "Die Regierung hat das Exportverbot für die KI-Chips nach China aufgehoben."
    assert statuses(lifted) == {"requirement_lifted"}


def test_a_korean_status_withdrawn_is_revoked():
    assert statuses("상무부가 두 회사 중국 공장에 부여했던 VEU 지위를 철회하기로 했다.") == {"revoked"}


def test_a_korean_decision_to_allow_exports_to_resume_is_an_assurance():
    assert statuses("정부는 지난달 입장을 바꿔 칩 수출 재개를 허용키로 했다.") == {"assured"}


def test_korean_exports_brought_under_control_are_a_requirement():
    assert statuses("미국 정부가 고대역폭메모리의 중국 수출을 통제했다.") == {"requirement_imposed"}


# Each cue runs only when one of its keywords is in the sentence; these wordings had fallen between the two.
@pytest.mark.parametrize(("sentence", "status"), [
    ("Washington approves exports of the accelerators to the Gulf.", "granted"),
    ("The toolmaker receives an exemption for its service work in China.", "granted"),
    ("同社は米政府から輸出の許可を得た。", "granted"),
    ("Міністерство надала дозвіл на експорт чипів.", "granted"),
    ("该公司的出口许可申请仍悬而未决。", "under_review"),
    ("The two firms are seeking exemptions for their plants in China.", "applied"),
    ("政府は先端装置の輸出を厳しく制限した。", "requirement_imposed"),
])
def test_a_cue_is_found_whichever_of_its_wordings_the_sentence_uses(sentence, status):
    assert statuses(sentence) == {status}


def test_a_licence_the_company_waits_to_receive_is_no_grant():
    assert statuses("The supplier will stop shipping to the fab until it receives licences.") == set()


def _written_sentences() -> list[str]:
    """Every sentence of the written hold-outs, split and normalised as the extractor reads them."""
    rows = [row for path in sorted(FIXTURES.glob("holdout*.jsonl")) for row in path.read_text().splitlines()]
    items = [json.loads(row) for row in rows]
    return [sentence.text for item in items for sentence in split_article(item["title"], item["body"])]


def test_the_keyword_prefilter_never_hides_a_match_in_the_written_corpora():
    sentences = _written_sentences()
    hidden = {(cue.keywords[0], match.group(0)) for sentence in sentences for cue in CUES
              for match in [cue.pattern.search(sentence)]
              if match and not any(keyword in sentence.lower() for keyword in cue.keywords)}
    assert hidden == set()


@pytest.mark.parametrize("sentence", [
    "The agency issued a final rule revising the license review policy for exports of certain processors to China.",
    "The rule will update the bureau's review policy for exports of the accelerators destined to China and Macau.",
    "Chips eligible for the case-by-case licensing policy under the rule include the two vendors' accelerators.",
])
def test_a_review_policy_eased_by_rule_is_an_assurance(sentence):
    assert statuses(sentence) == {"assured"}


def test_applications_that_have_not_been_approved_are_pending():
    sentence = "Applications from the phone maker's two memory suppliers have also not been approved."
    assert statuses(sentence) == {"under_review"}


def test_a_licence_acquired_is_granted():
    assert statuses("The panel maker has acquired a licence to keep supplying the phone maker.") == {"granted"}


@pytest.mark.parametrize(("sentence", "status"), [
    ("The export licence for the two immersion scanners, which cost about €85 million each, was withdrawn.",
     "revoked"),
    ("The designer said its export application is under US Commerce Department review.", "under_review"),
    ("Last month the phone-chip maker was approved to sell 4G parts to the telecoms group.", "granted"),
    ("US officials have indicated that licences to keep the existing lines running will be granted.", "assured"),
])
def test_a_status_stated_across_a_longer_phrase_is_read(sentence, status):
    assert statuses(sentence) == {status}


@pytest.mark.parametrize("sentence", [
    "The merger is under Chinese antitrust review.",  # a review, but of no licence
    "The chipmaker said it expects its licences will be granted soon.",  # a company's hope, not a government's word
])
def test_a_review_of_no_licence_or_a_companys_hope_is_no_event(sentence):
    assert statuses(sentence) == set()


def test_a_company_that_will_be_allowed_to_sell_has_a_promise_not_a_licence():
    assert statuses("The president announced that the company will be authorized to sell the chips to China.") == {
        "assured"}


def test_a_company_that_will_be_permitted_to_continue_shipping_holds_its_licence():
    assert statuses("The toolmaker will be permitted to continue shipping the scanners until year-end.") == {
        "granted"}


def test_a_validated_end_user_list_revised_by_removing_plants_revokes_their_status():
    sentence = ("The final rule revises the existing Validated End-User (VEU) list for the PRC by removing the two "
                "memory makers' plants.")
    assert statuses(sentence) == {"revoked"}


@pytest.mark.parametrize("sentence", [
    "Het kabinet scherpt de regels aan voor de export van geavanceerde chipmachines.",
    "De exportregels voor deze lithografiemachines zijn opnieuw aangescherpt.",
])
def test_dutch_rules_tightened_impose_a_requirement(sentence):
    assert statuses(sentence) == {"requirement_imposed"}


def test_korean_equipment_allowed_in_year_by_year_is_granted():
    assert statuses("미국 정부가 두 회사 중국 공장에 대한 장비 반입을 1년 단위로 허용하기로 했다.") == {"granted"}


def test_a_chinese_licence_requirement_revoked_is_lifted_and_a_licence_revoked_is_revoked():
    assert statuses("美国商务部撤销了对部分EDA工具的强制许可要求。") == {"requirement_lifted"}
    assert statuses("美国商务部撤销了该公司向华为出口芯片的许可证。") == {"revoked"}


@pytest.mark.parametrize("sentence", [
    "The department said it will review applications for the chips on a case-by-case basis, easing its stance.",
    "Both designers will be granted the right to export some of the processors to China.",
])
def test_a_promise_of_permission_or_an_eased_review_policy_is_an_assurance(sentence):
    assert statuses(sentence) == {"assured"}


def test_case_by_case_review_inside_a_new_requirement_is_no_assurance():
    sentence = "The rule requires a licence for each shipment, and applications will be reviewed case by case."
    assert statuses(sentence) == {"requirement_imposed"}


@pytest.mark.parametrize("sentence", [
    "Japan's new export controls on 23 types of chipmaking equipment took effect on Sunday.",
    "The toolmaker could ship the scanners until January, when new Dutch restrictions take effect.",
    "The restrictions came into force on September 1.",
])
def test_a_rule_coming_into_force_is_a_requirement(sentence):
    assert statuses(sentence) == {"requirement_imposed"}


def test_a_lifting_coming_into_force_is_a_lifting():
    assert statuses("The lifting of the restrictions takes effect on Monday.") == {"requirement_lifted"}


@pytest.mark.parametrize("sentence", [
    "该公司的某些GPU型号不再被允许出口到中国。",  # no longer allowed to be exported
    "美国商务部告知该公司不能将这款芯片销往中国。",  # told it cannot sell the chip to China
])
def test_chinese_chips_no_longer_allowed_out_are_a_requirement(sentence):
    assert statuses(sentence) == {"requirement_imposed"}


def test_chips_that_may_no_longer_be_exported_need_a_licence():
    assert statuses("Under the new rule, certain GPUs may no longer be exported to China.") == {"requirement_imposed"}


def test_beijing_approving_imports_of_a_chip_grants_no_export_licence():
    assert statuses("据报道,中国已批准该公司的H200芯片进口。") == set()
    assert statuses("美国商务部已批准该公司向中国出口H200芯片的许可证。") == {"granted"}


@pytest.mark.parametrize("sentence", [
    "US clears the designer to export its accelerators to China.",
    "The Commerce Department's approval on August 9, 2025 to export the chips to China saved the quarter.",
])
def test_a_headline_clearance_or_a_dated_approval_to_export_is_granted(sentence):
    assert statuses(sentence) == {"granted"}


@pytest.mark.parametrize(("sentence", "status"), [
    ("미국이 그 칩의 중국 판매를 승인했다.", "granted"),  # approved the chip's sales to China
    ("미국이 지난 4월 중국 수출을 제한한 칩이다.", "requirement_imposed"),  # the chip whose exports it restricted
    ("Rząd wycofał zezwolenie na eksport niektórych maszyn do Chin.", "revoked"),  # withdrew the export permit
])
def test_korean_approvals_and_restrictions_and_polish_withdrawals_are_read(sentence, status):
    assert statuses(sentence) == {status}


def test_an_easing_that_characterises_the_reported_step_is_no_lifting_of_its_own():
    sentence = ("The department said it would allow the company to resume shipments to China, marking the latest move "
                "by the administration to ease export restrictions.")
    assert statuses(sentence) == {"assured"}
    assert statuses("The administration eased export restrictions on the chips on Tuesday.") == {"requirement_lifted"}
