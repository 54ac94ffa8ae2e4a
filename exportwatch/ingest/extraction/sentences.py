"""Split a scraped article into sentences, leaving out page furniture (navigation, tickers, captions, links)."""

import re
from dataclasses import dataclass, field

from .chinese import as_simplified

# Lines that introduce links to other stories, shares, ads or legal notices rather than reporting.
_FURNITURE_PREFIX = re.compile(
    r"^\s*[\[(]?\s*(?:read more|related|also read|more on|see also|lees (?:ook|verder)|share|subscribe|"
    r"sponsored|advertisement|copyright|tags?\s*:|filed under|most read|markets\s*:|photo|image|caption|"
    r"comments?\b|forwarded|you are receiving|view in browser|editorial standards|reporting\s*:|"
    r"editing by|earnings call transcript|listen to this|we use cookies|elsewhere\s*:|相关|责任编辑|"
    r"分享|来源|首页|版权|elsewhere\b)(?![a-z])",  # whole words: "Shares fell" and "Photoresist makers" are news
    re.IGNORECASE,
)
# Lines that only say when or by whom a page was written: "Published: 31 Aug. 2025, 19:40", "By Jane Doe |
# 02/09/2023", "Updated 3 hours ago", "10:42 AM EST".
_BYLINE_OR_TIMESTAMP = re.compile(
    r"^\s*(?:(?:published|updated|posted|last updated|first published|modified)\b.{0,60}$|"
    r"by\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}\s*(?:[|,/·•-].{0,40})?$|"
    r"[\d\s:./,-]*(?:\d{1,2}:\d{2}\s*(?:am|pm)?\s*(?:[A-Z]{2,4}|GMT[+-]?\d*|UTC[+-]?\d*)?)[\d\s:./,-]*$|"
    r"\d+\s+(?:minutes?|hours?|days?)\s+ago$)",
    re.IGNORECASE,
)
# Photo captions: "2025年8月27日,图为英伟达的标志" (pictured is ...), "File photo: ...", "Pictured: ...".
_CAPTION = re.compile(r"^.{0,24}?(?:图为|圖為|图片来源|圖片來源)|^\s*(?:file photo|pictured)\b", re.IGNORECASE)
# A crawler's date in front of the first line ("date 2025-08-10 ..."): the anchor reads it, no sentence keeps it.
_CRAWL_DATE_PREFIX = re.compile(r"^\s*date\s+\d{4}-\d{2}-\d{2}\s*")
_LINK_LIST_HEADER = re.compile(r"^\s*(?:related|read more|more stories|also read|相关阅读|相关新闻)\b.{0,30}$", re.I)
_BULLET = re.compile(r"^\s*(?:[•·▪◦*-]|\d+[.)])\s+")
_TICKER = re.compile(r"[▲▼]")
_BRACKETED = re.compile(r"\[[^\]]{0,400}\]")
# Pinyin a page prints after each Chinese character ("半导(dǎo)体"): it splits every Chinese word the rules read.
_PINYIN_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\)")
_LOWER_ASCII = re.compile(r"[a-z]")
_UPPER_ASCII = re.compile(r"[A-Z]")
_NAV_SEPARATORS = re.compile(r"\s[|›»>·]\s")
_ABBREVIATIONS = {
    "corp", "inc", "co", "ltd", "mr", "ms", "mrs", "dr", "st", "no", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "vs", "e.g", "i.e", "gov", "sen", "rep",
    "n.v", "approx", "fig", "jr", "sr",
}
# A full stop, then a capital, a digit, a quote or CJK after white space; or a missing space as in "rules.The".
_SENTENCE_END = re.compile(
    r"(?<=[.!?])[\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9\u4e00-\u9fff])|(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])|(?<=[。！？])"
)


# Typographic apostrophes read as the typewriter's, so "wasn’t" is the negation "wasn't" to every rule.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


@dataclass(frozen=True)
class Sentence:
    """`text` is what the rules read (Traditional Chinese in Simplified forms, plain apostrophes; same length);
    `written` is the sentence as the page has it, quoted as evidence."""

    written: str
    paragraph: int
    is_title: bool = False
    text: str = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "text", as_simplified(self.written).translate(_APOSTROPHES))


def _is_nav_line(line: str) -> bool:
    parts = _NAV_SEPARATORS.split(line)
    return len(parts) >= 3 and sum(len(part) for part in parts) / len(parts) < 30


def _is_all_caps(line: str) -> bool:
    if _LOWER_ASCII.search(line):
        return False
    capitals = len(_UPPER_ASCII.findall(line))
    return capitals >= 8 and capitals > len(line.replace(" ", "")) / 2


def is_furniture(line: str) -> bool:
    """Navigation, tickers, share and related links, captions and repeated ALL-CAPS headlines."""
    return bool(
        _FURNITURE_PREFIX.match(line) or _TICKER.search(line) or _is_nav_line(line) or _is_all_caps(line)
        or _BYLINE_OR_TIMESTAMP.match(line) or _CAPTION.match(line)
    )


_LAST_WORD = re.compile(r"(?<![\w.])([\w.]+)[.]$")


def _split_sentences(block: str) -> list[str]:
    pieces = []
    start = 0
    for boundary in _SENTENCE_END.finditer(block):
        # The word before the full stop, read from a short tail so long paragraphs cost no more per stop than short
        # ones: an abbreviation or an initial ("J.") does not end a sentence; a number does ("groups A:5 and A:6.").
        head = block[max(start, boundary.start() - 40):boundary.start()].rstrip()
        last_word = _LAST_WORD.search(head)
        word = last_word.group(1) if last_word else ""
        if word and (word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())):
            continue
        pieces.append(block[start:boundary.end()].strip())
        start = boundary.end()
    pieces.append(block[start:].strip())
    return [piece for piece in pieces if piece]


_LINE_END = re.compile(r"[.!?:;\"”’)\]。！？]$")
_SENTENCE_LINE_END = re.compile(r"[.!?。！？][\"”’)\]]?$")
# A page wrapped at a fixed width (the Federal Register's text edition, e-mailed wire copy): most of its long lines
# are within a few characters of one width.
_WRAPPED_WIDTH = (60, 80)


def _is_hard_wrapped(lines: list[str]) -> bool:
    long_lines = [len(line) for line in lines if len(line) > 40]
    wrapped = [length for length in long_lines if _WRAPPED_WIDTH[0] <= length <= _WRAPPED_WIDTH[1]]
    return len(wrapped) >= 8 and len(wrapped) >= 0.7 * len(long_lines)


def _unwrapped_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line), a hard-wrapped sentence joined into one: wire copy broken every sixty characters goes on
    in lower case on the next line; on a page wrapped at a fixed width, any line that fills the width and ends no
    sentence goes on in the next, whatever its case ("the People's" / "Republic of China"; "Co. Ltd;" / "and")."""
    raw = [line.strip() for line in text.splitlines()]
    wrapped = _is_hard_wrapped(raw)
    lines: list[tuple[int, str]] = []
    for number, line in enumerate(raw):
        previous = lines[-1][1] if lines else ""
        goes_on = previous and line and (
            (line[:1].islower() and not _LINE_END.search(previous))
            or (wrapped and len(previous) >= _WRAPPED_WIDTH[0] and not _SENTENCE_LINE_END.search(previous)))
        if goes_on:
            lines[-1] = (lines[-1][0], f"{previous} {line}")
        else:
            lines.append((number, line))
    return lines


def split_article(title: str, text: str) -> list[Sentence]:
    """The title (as sentence 0) and the body's sentences with their paragraph numbers, furniture removed."""
    sentences = [Sentence(title.strip(), -1, is_title=True)] if title and title.strip() else []
    in_link_list = False
    text = _CRAWL_DATE_PREFIX.sub("", text, count=1)
    for paragraph, line in _unwrapped_lines(text):
        line = _PINYIN_GLOSS.sub("", _BRACKETED.sub(" ", line)).strip()
        if not line:
            continue
        if _LINK_LIST_HEADER.match(line):
            in_link_list = True
            continue
        is_bullet = bool(_BULLET.match(line))
        if in_link_list and is_bullet:
            continue
        in_link_list = False
        # Bullets flattened into one line ("At a glance • one • two") are separate statements.
        for block in re.split(r"\s[•▪]\s", _BULLET.sub("", line)):
            if is_furniture(block):
                continue
            sentences.extend(Sentence(piece, paragraph) for piece in _split_sentences(block))
    return sentences
