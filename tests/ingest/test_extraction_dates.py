from datetime import date

from exportwatch.ingest.extraction.dates import find_anchor, find_dates

WEDNESDAY = date(2025, 4, 16)


def first(sentence, anchor=WEDNESDAY):
    mentions = find_dates(sentence, anchor)
    return (mentions[0].value, mentions[0].precision) if mentions else None


def test_on_a_weekday_is_the_latest_such_day_up_to_the_anchor():
    assert first("The company said on Tuesday that it was informed.") == (date(2025, 4, 15), "day")


def test_the_anchor_weekday_itself_is_today():
    assert first("Nvidia said on Wednesday it expects charges.") == (WEDNESDAY, "day")


def test_last_weekday_is_in_the_week_before():
    assert first("It was notified last Wednesday.") == (date(2025, 4, 9), "day")
    assert first("It was notified last Friday.") == (date(2025, 4, 11), "day")


def test_a_chinese_last_week_weekday():
    assert first("美方上周二通知英伟达") == (date(2025, 4, 8), "day")


def test_a_month_and_day_takes_the_anchor_year():
    assert first("the government informed the company on April 9 that") == (date(2025, 4, 9), "day")


def test_a_day_after_the_anchor_is_never_an_event_date():
    assert [m.value for m in find_dates("The rule takes effect on May 15.", WEDNESDAY)] == [None]


def test_a_late_month_without_year_is_last_year():
    assert first("the rules published on December 2", date(2025, 1, 16)) == (date(2024, 12, 2), "day")


def test_in_a_month_has_month_precision():
    assert first("Commerce began issuing licences in August.", date(2025, 11, 20)) == (date(2025, 8, 1), "month")


def test_a_year_alone_has_year_precision():
    assert first("The Dutch government granted the licence in 2018.") == (date(2018, 1, 1), "year")


def test_sku_digits_are_not_a_day():
    assert first("in May the H20 needed a licence", date(2025, 7, 1)) == (date(2025, 5, 1), "month")
    assert find_dates("the H20 and the MI308 may need licences", WEDNESDAY) == []


def test_the_modal_may_is_not_a_month():
    assert find_dates("The company may apply for a licence.", WEDNESDAY) == []


def test_a_chinese_day_of_the_month():
    assert first("本月8日,美方表示", date(2025, 12, 19)) == (date(2025, 12, 8), "day")
    assert first("12月2日,美国商务部发布新规", date(2024, 12, 4)) == (date(2024, 12, 2), "day")


def test_a_dateline_anchors_relative_dates():
    text = "WASHINGTON, July 9 -- The Commerce Department will issue licences, Ross said on Tuesday."
    assert find_anchor(text, date(2019, 7, 10)) == date(2019, 7, 9)


def test_without_a_dateline_the_publication_day_anchors():
    assert find_anchor("Nvidia said on Tuesday.", WEDNESDAY) == WEDNESDAY


def test_a_sentence_that_opens_on_an_effective_day_reports_the_act_of_that_day():
    found = find_dates("Effective 15 January 2026, BIS revised how it reviews the applications.", date(2026, 2, 1))
    assert [(mention.value, mention.is_effective) for mention in found] == [(date(2026, 1, 15), False)]


def test_a_day_a_rule_takes_effect_is_not_the_day_it_was_made():
    found = find_dates("The rule applies with effect from 31 December 2025.", date(2026, 1, 10))
    assert [(mention.value, mention.is_effective) for mention in found] == [(date(2025, 12, 31), True)]


def test_a_day_after_the_agent_of_a_passive_action_dates_the_act():
    sentence = "The rule, issued by the Bureau of Industry and Security (BIS) on April 11, widens the list."
    [mention] = find_dates(sentence, WEDNESDAY)
    assert mention.is_action


def test_a_german_last_weekday_is_in_the_week_before():
    assert first("Das Amt habe das Unternehmen am vergangenen Freitag informiert.") == (date(2025, 4, 11), "day")


def test_a_german_weekday_is_the_latest_such_day():
    assert first("Der Konzern teilte am Montag mit, dass er informiert worden sei.") == (date(2025, 4, 14), "day")


def test_days_later_count_from_the_date_just_mentioned():
    mentions = find_dates("Huang met the president on April 6 and two days later the bureau began issuing licences.",
                          WEDNESDAY)
    assert [m.value for m in mentions] == [date(2025, 4, 6), date(2025, 4, 8)]


def test_days_later_in_chinese_count_from_the_date_just_mentioned():
    assert [m.value for m in find_dates("黄仁勋本月6日再访白宫,两天后,商务部开始核发许可。", WEDNESDAY)] == [
        date(2025, 4, 6), date(2025, 4, 8)]


def test_today_inside_a_quotation_is_the_speakers_day_not_the_publication_day():
    sentence = '"Today, the bureau closed a loophole," the bureau said in a notice posted on Friday.'
    assert [m.value for m in find_dates(sentence, WEDNESDAY)] == [date(2025, 4, 11)]


def test_a_day_in_chinese_numerals_is_a_day_of_the_anchor_month():
    assert first("美国商务部十三日宣布新规。") == (date(2025, 4, 13), "day")
    assert first("该部二十一日发布公告。", date(2025, 5, 2)) == (date(2025, 4, 21), "day")


def test_chinese_numerals_counting_days_are_no_date():
    assert first("企业须在十日内提交申请。") is None
