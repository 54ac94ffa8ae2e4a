"""Read event dates in a sentence: explicit days, months and years, and weekdays anchored to the publication day.

Own small rules rather than dateparser.search_dates, which reads "may apply" as 16 May and the digits of
"in May the H20" as a day. A date is never later than the anchor (the dateline or the publication day).
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

DAY, MONTH, YEAR, UNKNOWN = "day", "month", "year", "unknown"

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_DE_WEEKDAYS = {"montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5, "sonntag": 6}
# German modifiers as the English ones: "am vergangenen Freitag" is last Friday.
_DE_MODIFIERS = {"vergangenen": "last", "letzten": "last", "kommenden": "next", "nächsten": "next", "am": "on"}
_ZH_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}

# Month names are matched capitalised only, so the modal "may" never becomes a date.
_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_DAY_NUMBER = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:A-Za-z])"
_YEAR_NUMBER = r"(?P<year>(?:19|20)\d{2})(?!\d)"
_MONTH_WITHOUT_DIGITS = re.compile(
    rf"\b(?:in|since|from|by|during|until|of|through|early|late|mid|end of)\s+(?:early |late |mid-)?{_MONTH}(?![\w])"
)
# Every other pattern needs a digit; weekdays and "today"/"yesterday" need one of these.
_DIGIT = re.compile(r"\d")
_MAY_NAME_A_DAY = re.compile(r"day|tag\b|mittwoch|周|星期|礼拜|今天|昨天|昨日|天后", re.I)
# "美国政府十三日正式允许": Taiwanese and Hong Kong papers write the day in Chinese numerals (10th to 31st; a
# lone "五日" may as well be "five days").
_ZH_NUMERAL_DAY = re.compile(r"(?P<day>[二三]?十[一二三四五六七八九]?)日(?![内前后以起])")
_ZH_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_PATTERNS = [
    (DAY, re.compile(r"\b(?P<iso_year>(?:19|20)\d{2})-(?P<iso_month>[01]\d)-(?P<iso_day>[0-3]\d)\b")),
    (DAY, re.compile(rf"\b{_MONTH}\s+{_DAY_NUMBER}(?:,?\s+{_YEAR_NUMBER})?")),
    (DAY, re.compile(rf"(?<![\w.])(?<!\d\.){_DAY_NUMBER}\s+{_MONTH}(?:,?\s+{_YEAR_NUMBER})?")),
    (DAY, re.compile(r"(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月(?P<day>\d{1,2})日")),
    (DAY, re.compile(r"(?<!\d)(?<!\d月)(?P<day>\d{1,2})日")),
    (DAY, _ZH_NUMERAL_DAY),
    # "on the 14th": a day of the anchor's month, like "14日"
    (DAY, re.compile(r"\bon the (?P<day>[0-3]?\d)(?:st|nd|rd|th)\b(?!\s+of\b)")),
    (MONTH, re.compile(rf"\b{_MONTH}(?:,?\s+{_YEAR_NUMBER})(?![\d])")),
    (MONTH, _MONTH_WITHOUT_DIGITS),
    (MONTH, re.compile(r"(?:(?P<year>\d{4})年|今年)?(?P<month>\d{1,2})月(?![\d日份])")),
    (YEAR, re.compile(rf"\b(?:in|since|from|during|until|of)\s+(?:early |late |mid-)?{_YEAR_NUMBER}")),
    (YEAR, re.compile(r"(?P<year>\d{4})年(?![\d]{1,2}月)")),
]
_WEEKDAY = re.compile(
    r"\b(?:(?P<modifier>last|this|on|from|since|until|by|next|starting|before|after)\s+)?"
    r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:'s)?\b"
)
_DE_WEEKDAY = re.compile(
    r"\b(?:am\s+)?(?P<modifier>vergangenen|letzten|kommenden|nächsten|am)?\s*"
    r"(?P<weekday>Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag)\b"
)
_ZH_WEEKDAY = re.compile(r"(?P<modifier>上|本|下)?(?:周|星期|礼拜)(?P<weekday>[一二三四五六日天])")
_RELATIVE_DAY = re.compile(r"\b(?P<word>today|yesterday)\b|(?P<zh>今天|昨天|昨日)", re.I)
# "said on Thursday that it had been notified a day earlier": the day before the date just mentioned.
_DAY_EARLIER = re.compile(r"\b(?:a|one) day (?:earlier|before)\b|\bthe (?:day before|previous day)\b", re.I)
# "met on the 6th; two days later, the department began issuing licences": days after the date just mentioned.
_DAYS_LATER = re.compile(r"\b(?P<count>two|three|four|five|\d) days (?:later|afterwards)\b|(?P<zh>[两二三四五])天后",
                         re.I)
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5}
_FUTURE_MODIFIERS = {"from", "next", "starting", "until", "by", "下"}
# A date that tells when something was said rather than when the action happened.
_SPEECH_BEFORE = re.compile(
    r"\b(?:said|says|told|reported|confirmed|disclosed|wrote|added|stated)\b[^.,;]{0,25}$|"
    r"\b(?:said|disclosed|stated|confirmed) in (?:a|an|its) (?:\w+ )?(?:filing|statement|release)\s+(?:on\s+)?$", re.I
)

# Dates that fall this many days after the anchor are a future event's; later ones belong to last year.
_FUTURE_WINDOW_DAYS = 120
# Datelines ("WASHINGTON, July 9 --", "本报北京12月3日电") give the writer's local day.
_DATELINE = re.compile(
    rf"^[A-Z][A-Za-z .,'()-]{{2,60}}?,?\s+{_MONTH}\s+{_DAY_NUMBER}\b|"
    r"本报\S{0,6}?(?P<zh_month>\d{1,2})月(?P<zh_day>\d{1,2})日电",
    re.MULTILINE,
)


# A date right after the action itself ("informed the company on April 9") is that action's date.
_ACTION_VERB = (r"(?:informed|notified|told|ordered|published|issued|unveiled|announced|released|imposed|added|granted|"
                r"revoked|approved|rescinded|took effect|effective|dated)")
# "issued by the Bureau of Industry and Security (BIS) on September 29": the agent may stand between verb and day.
_ACTION_BEFORE = re.compile(
    rf"\b{_ACTION_VERB}\b[^.;]{{0,30}}$|\b{_ACTION_VERB}\s+by\s+(?:the\s+)?(?:[\w.&'()-]+\s+){{1,8}}?on\s+$",
    re.I,
)


# "The Commerce Department on Friday put SMIC on its Entity List": the action verb follows the date, also
# after a named subject ("On December 2, the Bureau of Industry and Security (BIS) released").
_ACTION_AFTER = re.compile(
    r"^[\s,]*(?:(?:the\s+)?(?:[A-Z][\w.&'-]*|of|and|for|\([\"“]?[A-Z]+[\"”]?\))\s+){0,8}?"
    r"(?:put|placed|added|published|issued|announced|released|unveiled|imposed|revoked|granted|approved|"
    r"informed|notified|told|ordered|rescinded|suspended)\b",
    re.I,
)
# "said on Friday that it had placed SMIC on the list": the day an authority announces its own act.
_SPEECH_OF_OWN_ACT = re.compile(
    r"^\s*(?:that\s+)?(?:it|they)\s+(?:had|has|have)\s+(?:\w+\s+)?(?:placed|added|revoked|granted|approved|"
    r"imposed|rescinded|suspended|issued|published|informed|notified)\b", re.I
)
_DOCUMENT_AFTER = re.compile(r"^,?\s+(?:\w+\s+)?(?:letters?|rules?|notices?|notifications?|orders?|filings?|"
                             r"announcements?|regulations?|guidance|memo)\b", re.I)
_DETERMINER_BEFORE = re.compile(r"\b(?:the|its|their|this|that)\s+$", re.I)
# "with effect from 7 September", "effective Dec. 31", "starting Monday": when a rule applies, not when it was made.
_EFFECTIVE_BEFORE = re.compile(r"\b(?:takes? effect\b[^.;]{0,20}|effect(?:ive)?|from|starting|as of|begins?|"
                               r"beginning|until|through)\s+(?:on\s+)?(?:\w+,?\s+)?$", re.I)
# "Effective 15 January, BIS revised its policy": a sentence that opens on the day reports the act of that day.
_OPENING_EFFECTIVE = re.compile(r"^\W*effective(?: from| as of)?\s*$", re.I)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: date | None  # None for a day after the anchor: a future event's date
    precision: str
    is_speech: bool = False
    is_action: bool = False
    is_effective: bool = False
    of_document: bool = False  # "the May 23 letter", "its October 7 rules": the day of a document named


def _month_number(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _in_anchor_past(month: int, day: int, anchor: date) -> date | None:
    """The month and day in the anchor's year, or last year's when that is far in the future."""
    this_year = _safe_date(anchor.year, month, day)
    if this_year is None:
        return None
    if this_year <= anchor:
        return this_year
    if (this_year - anchor).days <= _FUTURE_WINDOW_DAYS:
        return None
    return _safe_date(anchor.year - 1, month, day)


# What follows the day of a dateline: an optional year and agency, then a dash or colon.
_DATELINE_END = re.compile(r"^(?:,?\s*\d{4})?\s*(?:\([^)]{0,40}\))?\s*[-–—:]")


# A crawler's date line before the text: "date 2025-08-10 The Commerce Department ...".
_CRAWL_DATE = re.compile(r"^\s*(?:date|published|updated|posted)\s*:?\s*(?P<iso>(?:19|20)\d{2}-[01]\d-[0-3]\d)\b", re.I)


def dateline_end(sentence: str) -> int:
    """Where a dateline at the start of the sentence ends ("SANTA CLARA, April 15 (Wire) -"), else 0."""
    crawled = _CRAWL_DATE.match(sentence)
    if crawled:
        return crawled.end()
    match = _DATELINE.match(sentence)
    if not match or not _DATELINE_END.match(sentence[match.end():]):
        return 0
    return match.end()


def find_anchor(text: str, published: date | None) -> date | None:
    """The day a crawler's date line gives, else the dateline day when the first lines carry one close to
    `published`, else `published`."""
    crawled = _CRAWL_DATE.match(text)
    if crawled:
        return _safe_date(*(int(part) for part in crawled.group("iso").split("-"))) or published
    match = _DATELINE.search(text[:600])
    if not match or published is None:
        return published
    if match.group("zh_month"):
        month, day = int(match.group("zh_month")), int(match.group("zh_day"))
    else:
        month, day = _month_number(match.group("month")), int(match.group("day"))
    # A local dateline may be a day ahead of the UTC publication time, or a few days behind it.
    dateline = _in_anchor_past(month, day, published + timedelta(days=1))
    if dateline and timedelta(days=-1) <= published - dateline <= timedelta(days=3):
        return dateline
    return published


def _explicit(kind: str, match: re.Match, anchor: date) -> tuple[date | None, str]:
    groups = match.groupdict()
    if groups.get("iso_year"):
        value = _safe_date(int(groups["iso_year"]), int(groups["iso_month"]), int(groups["iso_day"]))
        return (value if value and value <= anchor else None), DAY
    year = int(groups["year"]) if groups.get("year") else None
    month_text = groups.get("month")
    if kind == YEAR:
        return (date(year, 1, 1) if year <= anchor.year else None), YEAR
    if month_text is None:  # a Chinese day of the anchor's month ("3日", "十三日")
        day = _day_number(groups["day"])
        value = _safe_date(anchor.year, anchor.month, day)
        if value and value > anchor:
            previous = anchor.replace(day=1) - timedelta(days=1)
            value = _safe_date(previous.year, previous.month, day)
        return value, DAY
    month = int(month_text) if month_text.isdigit() else _month_number(month_text)
    if not 1 <= month <= 12:
        return None, UNKNOWN
    day = int(groups["day"]) if kind == DAY else 1
    if year is not None:
        value = _safe_date(year, month, day)
        return (value if value and value <= anchor else None), kind
    return _in_anchor_past(month, day, anchor), kind


def _day_number(text: str) -> int:
    """ "13" or "十三" as 13."""
    if text.isdigit():
        return int(text)
    tens, _, units = text.partition("十")
    return 10 * _ZH_DIGITS.get(tens, 1) + _ZH_DIGITS.get(units, 0)


def _weekday(modifier: str, weekday: int, anchor: date) -> date | None:
    back = (anchor.weekday() - weekday) % 7
    if modifier in ("last", "上"):
        back = back or 7
        if modifier == "上":  # the given day of last calendar week
            back = anchor.weekday() + 7 - weekday
    elif modifier in _FUTURE_MODIFIERS and back:
        return None  # the coming weekday: a future date is never an event date
    return anchor - timedelta(days=back)


def _is_quoted(sentence: str, position: int) -> bool:
    before = sentence[:position]
    return (before.count('"') % 2 == 1 or before.count("“") > before.count("”")
            or before.count("「") > before.count("」"))


def find_dates(sentence: str, anchor: date | None) -> list[DateMention]:
    """Every date expression in the sentence, resolved against the anchor, in text order."""
    if anchor is None:
        return []
    found: list[DateMention] = []
    taken: set[int] = set()

    def add(start, end, value, precision):
        if any(index in taken for index in range(start, end)):
            return
        taken.update(range(start, end))
        is_speech = bool(_SPEECH_BEFORE.search(sentence[:start]))
        is_action = bool(_ACTION_BEFORE.search(sentence[:start]) or _ACTION_AFTER.match(sentence[end:end + 90])
                         or (is_speech and _SPEECH_OF_OWN_ACT.match(sentence[end:end + 40])))
        is_effective = bool(_EFFECTIVE_BEFORE.search(sentence[max(0, start - 30):start])) and not (
            _OPENING_EFFECTIVE.match(sentence[:start]) and sentence[end:end + 1] == ",")
        of_document = bool(_DETERMINER_BEFORE.search(sentence[max(0, start - 8):start])
                           and _DOCUMENT_AFTER.match(sentence[end:end + 30]))
        found.append(DateMention(start, end, value, precision, is_speech, is_action, is_effective, of_document))

    has_digit = bool(_DIGIT.search(sentence))
    for kind, pattern in _PATTERNS:
        if not has_digit and pattern not in (_MONTH_WITHOUT_DIGITS, _ZH_NUMERAL_DAY):
            continue
        for match in pattern.finditer(sentence):
            value, precision = _explicit(kind, match, anchor)
            add(match.start(), match.end(), value, precision)
    if not _MAY_NAME_A_DAY.search(sentence):
        return sorted(found, key=lambda mention: mention.start)
    for match in _WEEKDAY.finditer(sentence):
        modifier = (match.group("modifier") or "").lower()
        add(match.start(), match.end(), _weekday(modifier, _WEEKDAYS[match.group("weekday").lower()], anchor), DAY)
    for match in _DE_WEEKDAY.finditer(sentence):
        modifier = _DE_MODIFIERS.get((match.group("modifier") or "").lower(), "")
        add(match.start(), match.end(), _weekday(modifier, _DE_WEEKDAYS[match.group("weekday").lower()], anchor), DAY)
    for match in _ZH_WEEKDAY.finditer(sentence):
        modifier = match.group("modifier") or ""
        add(match.start(), match.end(), _weekday(modifier, _ZH_WEEKDAYS[match.group("weekday")], anchor), DAY)
    for match in _RELATIVE_DAY.finditer(sentence):
        if _is_quoted(sentence, match.start()):
            continue  # "'Today, the bureau closed ...,' it said in a notice posted on Friday": the speaker's today
        word = (match.group("word") or match.group("zh")).lower()
        back = 0 if word in ("today", "今天") else 1
        add(match.start(), match.end(), anchor - timedelta(days=back), DAY)
    for match in _DAY_EARLIER.finditer(sentence):
        reference = _last_day_before(found, match.start()) or anchor
        add(match.start(), match.end(), reference - timedelta(days=1), DAY)
    for match in _DAYS_LATER.finditer(sentence):
        reference = _last_day_before(found, match.start())
        count = match.group("count") or match.group("zh")
        days = int(count) if count.isdigit() else _COUNTS[count.lower()]
        later = reference + timedelta(days=days) if reference else None
        add(match.start(), match.end(), later if later and later <= anchor else None, DAY)
    return sorted(found, key=lambda mention: mention.start)


def _last_day_before(found: list[DateMention], position: int) -> date | None:
    """The day the sentence named last before `position`, which "a day earlier" and "two days later" count from."""
    earlier = [m for m in found if m.start < position and m.precision == DAY and m.value]
    return max(earlier, key=lambda mention: mention.start).value if earlier else None
