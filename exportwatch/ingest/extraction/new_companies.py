"""Companies the catalogue does not hold yet, found by the way news presents a company.

Real news names exporters nobody listed in advance (a Japanese chemicals maker, a display maker, a magnet
maker). Rather than a longer alias list, a name counts as a company when the text presents it as one:

- with a corporate suffix or an industry word: "Lasertec Corp", "Kokusai Electric", "Mitsui Chemicals";
- after a description of what it does: "Japanese chemicals maker JSR", "AI chipmaker Cerebras";
- before such a description: "Lasertec, a Japanese maker of inspection tools";
- in a list with companies the catalogue knows: "Tokyo Electron, Lasertec and Screen Holdings".

Each becomes a company entry keyed NEW + its normalised name; the pipeline proposes it to editors, and
the events it takes part in wait for their review.
"""

import re

from .gazetteer import COMPANY, COUNTRY, DEMONYM, CompanyEntry, Mention, normalised

NEW = "new:"

_WORD = r"[A-Z][A-Za-z0-9&'’.-]*"
_NAME = rf"{_WORD}(?:[ -]{_WORD}){{0,2}}"
# Industry words capitalised or in capitals ("Kokusai Electric", "KOKUSAI ELECTRIC"), never in lower case: "ASML
# systems" and "a Shenzhen magnet maker" name no company.
_INDUSTRY = (r"(?=[A-Z])(?i:Chemicals?|Electric|Electronics|Electron|Display|Materials|Semiconductors?|Mag|Magnets?|"
             r"Technologies|Tech|High-Tech|Industries|Instruments|Photonics|Systems|Precision|Optical|Microsystems|"
             r"Memory|Devices)")
_SUFFIX = r"Corp(?:oration)?\.?|Co\.,? Ltd\.?|Co\.|Inc\.?|Ltd\.?|Limited|Holdings|Group|plc|AG|SE|N\.V\.|GmbH|K\.K\."
_DESCRIPTION = (r"(?:maker|makers|manufacturer|supplier|producer|firm|company|startup|start-up|designer|chipmaker|"
                r"toolmaker)")

_START = r"(?<![\w&'’.-])"  # a name starts a word
# Each pattern is tried only where its anchor word is, a cheap search, rather than at every capital letter.
_PATTERNS = [
    # "Kokusai Electric", "Shin-Etsu Chemical", "JL Mag", "Lasertec Corp": the industry word stays, a suffix goes.
    (re.compile(rf" (?:{_INDUSTRY})(?![\w-])"),
     re.compile(rf"{_START}(?P<name>{_WORD}(?: {_WORD})? (?:{_INDUSTRY}))(?:,? (?:{_SUFFIX}))?(?![\w-])")),
    (re.compile(rf",? (?:{_SUFFIX})(?![\w-])"), re.compile(rf"{_START}(?P<name>{_NAME}),? (?:{_SUFFIX})(?![\w-])")),
    # "chemicals maker JSR", "AI chipmaker Cerebras"
    (re.compile(rf"\b{_DESCRIPTION}\s+[A-Z]"), re.compile(rf"{_DESCRIPTION}\s+(?P<name>{_NAME})")),
    # "Lasertec, a Japanese maker of ..."
    (re.compile(r",\s+(?:a|an|the)\s"),
     re.compile(rf"{_START}(?P<name>{_NAME}),\s+(?:a|an|the)\s+(?:[\w-]+\s+){{0,3}}?{_DESCRIPTION}\b")),
]
# How far before its anchor a pattern's match may start.
_REACH = 60
# A list item: a capitalised name between commas, "and" or "or".
_LIST_ITEM = re.compile(rf"(?P<name>{_NAME})(?=\s*(?:,|\band\b|\bor\b|$))")

# Words that start capitalised names that are not companies: articles, places, institutions, outlets, titles.
_NOT_A_COMPANY = re.compile(
    r"^(?:The|A|An|This|That|These|Those|Its|Their|Our|US|U\.S\.|UK|EU|American|Chinese|Japanese|Korean|Taiwanese|"
    r"Dutch|German|European|Asian|Western|Global|National|International|Commerce|Department|Ministry|Bureau|"
    r"Government|White|House|Congress|Senate|President|Secretary|Minister|Reuters|Bloomberg|Nikkei|Xinhua|"
    r"January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday|In|On|At|For|But|And|Or|As|If|When|While|After|Before|"
    r"Since|Under|With|Without|According|Shares|Analysts|Officials|Some|Other|Many|Several|Both|All|New|"
    r"Chief|CEO|CFO|CTO|Mr|Ms|Dr|However|Separately|Meanwhile|Interestingly|Similarly|Additionally|Also|Further|"
    r"Moreover|Still|Yet|Last|Next|Earlier|Later|Today|Yesterday|Country|Countries|Co|Entity|Securities|Exchange|"
    r"Silicon|Consumer|Battery|Asia|Pacific|Beltway|Formosa|Philadelphia|AI|GPU|GPUs|CPU|DRAM|NAND|HBM|EDA|"
    r"Jensen|Huang|Xi|Trump|Biden)\b"
)
_TRAILING_PUNCTUATION = re.compile(r"[.,'’-]+$")
# "Cerebras Systems" goes by "Cerebras"; "Kokusai Electric" and "Mitsui Chemicals" keep the word that names them.
_GENERIC_TAIL = re.compile(r"(?<=\w) (?:Systems|Technologies)$")


def _clean(name: str) -> str:
    name = re.sub(r"(?:'s|’s)$", "", name.strip())
    return _TRAILING_PUNCTUATION.sub("", name).strip()


def _overlaps(start: int, end: int, taken: list[Mention]) -> bool:
    return any(start < mention.end and mention.start < end for mention in taken)


def _is_company_name(name: str) -> bool:
    return len(name) >= 2 and not _NOT_A_COMPANY.match(name) and any(char.isalpha() for char in name)


# "Intel Semiconductor (Dalian)", "Samsung China Semiconductor": a chipmaker's own plant company, not a new firm.
_OWN_SUBSIDIARY = re.compile(r"^\s+(?:China\s+)?Semiconductors?$")


def _covered(start: int, end: int, known: list[Mention], text: str) -> bool:
    """Whether a known name overlaps the span other than as a company name it merely begins with: "Samsung
    Display" is a company of its own, "Samsung Electronics" an alias of one the catalogue holds."""
    return any(start < m.end and m.start < end and not (
        m.kind == COMPANY and m.start == start and m.end < end and not _OWN_SUBSIDIARY.match(text[m.end:end]))
        for m in known)


def _from_patterns(text: str, known: list[Mention]):
    for anchor, pattern in _PATTERNS:
        for found in anchor.finditer(text):
            begin = max(0, found.start() - _REACH)
            # The last match before the anchor's end is the one the anchor belongs to.
            match = None
            for candidate in pattern.finditer(text, begin, min(len(text), found.end() + _REACH)):
                if candidate.start() <= found.start() <= candidate.end():
                    match = candidate
            if match is None:
                continue
            name = _clean(match.group("name"))
            start = match.start("name")
            if _is_company_name(name) and not _covered(start, start + len(name), known, text):
                yield name, start


def _from_lists(text: str, known: list[Mention]):
    """Unknown names listed beside known companies: "Tokyo Electron, Lasertec and Screen Holdings"."""
    companies = [m for m in known if m.kind == COMPANY]
    for company in companies:
        for direction in (-1, 1):
            position = company.start if direction < 0 else company.end
            for _ in range(4):
                if direction > 0:
                    gap = re.match(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)", text[position:])
                    if not gap:
                        break
                    item = _LIST_ITEM.match(text, position + gap.end())
                    if not item:
                        break
                    start, end = item.start("name"), item.end("name")
                else:
                    head = text[max(0, position - 60):position]
                    item = re.search(rf"(?P<name>{_NAME})(?P<gap>\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+))$", head)
                    if not item:
                        break
                    start = position - len(head) + item.start("name")
                    end = start + len(item.group("name"))
                if _overlaps(start, end, known):
                    break  # a known name (another company, a country) carries the list on its own
                name = _clean(text[start:end])
                if not _is_company_name(name):
                    break
                yield name, start
                position = start if direction < 0 else end


def _home(text: str, start: int, known: list[Mention]) -> str:
    """The country a nationality word just before the name or its description points to ("Japanese ...")."""
    before = [m for m in known if m.kind in (DEMONYM, COUNTRY) and start - 60 <= m.end <= start]
    return before[-1].key if before else ""


def find_new_companies(text: str, known: list[Mention], is_known_name):
    """Entries and mentions of companies `text` presents that the catalogue lacks (`is_known_name` says whether
    a normalised name is already a company, chip or place of the catalogue), and the known mentions a longer
    new name replaces ("Samsung" in "Samsung Display")."""
    entries: dict[str, CompanyEntry] = {}
    spans: dict[int, tuple[str, str]] = {}
    for name, start in [*_from_patterns(text, known), *_from_lists(text, known)]:
        short = _GENERIC_TAIL.sub("", name)
        key = normalised(short)
        if not key or is_known_name(key):
            continue
        slug = NEW + key
        names = (short, name) if short != name else (name,)
        entries.setdefault(slug, CompanyEntry(slug, names, _home(text, start, known), proposed=True))
        spans.setdefault(start, (slug, name))
    mentions = [Mention(COMPANY, slug, start, start + len(name), name) for start, (slug, name) in spans.items()]
    superseded = [m for m in known if any(m.start == n.start and m.end < n.end for n in mentions)]
    # Every later naming of a found company counts too ("Lasertec Corp ... Lasertec said").
    for entry in entries.values():
        for match in re.finditer(rf"(?<![\w-]){re.escape(entry.names[0])}(?![\w-])", text):
            if match.start() not in spans and not _overlaps(match.start(), match.end(), known):
                mentions.append(Mention(COMPANY, entry.slug, match.start(), match.end(), entry.names[0]))
    return list(entries.values()), _without_overlaps(mentions), superseded


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    taken: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if not _overlaps(mention.start, mention.end, taken):
            taken.append(mention)
    return taken
