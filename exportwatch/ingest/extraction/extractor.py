"""Turn one news item into licence-event candidates: per sentence a status cue, then who, what, where and when."""

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from . import cues, dates
from .gazetteer import AUTHORITY, CHIP, COMPANY, COUNTRY, DEMONYM, Gazetteer, Mention
from .sentences import Sentence, split_article
from .types import ExtractedEvent, Extraction, UnknownChip

# Longer texts are cut here: the events of a news item are in its first pages, and time stays bounded.
MAX_TEXT_CHARS = 40_000
DEFAULT_AUTHORITY = "us-bis"
REVIEW_THRESHOLD = 0.7

# Plain wordings of product categories, for sentences that name no catalogue product. Each has lower-case
# keywords, one of which any match contains, so most sentences skip the regex.
GENERIC_PRODUCTS = [
    (("equipment", "tool", "machinery", "etch", "deposition", "设备"),
     re.compile(r"\b(?:equipments?|tools?|toolmakers?|machinery|scanners|etch\w*|deposition)\b|设备", re.I),
     "chipmaking equipment"),
    (("ai", "accelerator", "gpu", "graphics processor"),
     re.compile(r"\bAI (?:chips?|accelerators?|processors?|GPUs?)|\baccelerators\b|\bGPUs\b|\bgraphics processors\b|"
                r"AI芯片", re.I),
     "AI chips"),
    (("laptop", "notebook", "pc", "笔记本"),
     re.compile(r"\b(?:laptop|notebook|PC)s? (?:chips?|processors?|CPUs?)\b|"
                r"\b(?:chips?|processors?|CPUs?)\b[^.;]{0,30}?\b(?:laptop|notebook)s?\b|笔记本", re.I),
     "laptop chips"),
    (("smartphone", "handset", "mobile", "phone", "4g", "5g", "kirin"),
     re.compile(r"\b(?:smartphone|handset|mobile|phone|4G|5G)s?\s+(?:\w+\s+)?(?:chips?|processors?|parts)\b|\bKirin\b|"
                r"\b(?:chips?|processors?)\b[^.;]{0,30}?\b(?:smartphone|handset|phone)s?\b", re.I),
     "smartphone chips"),
    (("eda", "electronic design automation", "design software"),
     re.compile(r"\bEDA\b|electronic design automation|chip-design software|design software", re.I),
     "EDA software"),
    (("hbm", "high-bandwidth memory", "高带宽存储器"),
     re.compile(r"\bHBM\w*\b|high-bandwidth memory|高带宽存储器", re.I),
     "HBM"),
    # Validated end-user status and fab waivers cover the tools that go into a fab.
    (("validated end", "veu", "waiver"),
     re.compile(r"\bvalidated end[- ]users?\b|\bVEU\b|\bwaivers?\b", re.I),
     "chipmaking equipment"),
]
# "the chipmaker", "the part", "both companies": the entity is named in an earlier sentence.
_COMPANY_REFERENCE = re.compile(
    r"\b(?:the|both|all (?:three|four|two)|the (?:two|three|four)) (?:company|companies|chipmakers?|"
    r"foundry|toolmakers?|"
    r"firms?|group|designer|supplier|manufacturer|maker)\b|\b(?:it|its|they|their|them)\b|该公司|公司",
    re.I,
)
_CHIP_REFERENCE = re.compile(
    r"\b(?:the|this|that|such|these|those|either|both) (?:part|chip|chips|accelerators?|processors?|products?|GPUs?|"
    r"models?|parts)\b|\b(?:it|its|them)\b|该芯片",
    re.I,
)
# Words after a country that make it a government or a person rather than a destination.
_GOVERNMENT_AFTER = re.compile(
    r"^(?:'s|’s)?\s*(?:\w+\s+)?(?:ministry|government|officials?|regulators?|president|prime minister|premier|"
    r"leader|authorities|presidential|media|embassy|negotiators|counterparts|customs|commerce|trade|economy|"
    r"internet regulator|state|lawmakers|hawks)\b",
    re.I,
)
_NOT_DESTINATION_BEFORE = re.compile(
    r"(?:\bnot|\bexcept|\bexcluding|\bfrom|\boutside(?: of)?|\bbut not)\s+(?:the\s+)?$", re.I
)
_INCLUSION_GAP = re.compile(r"^[\s,(]*(?:including|incl\.?|as well as|and|plus)?\s*(?:the\s+)?$|"
                            r"^\s*(?:,|and|or)\s*(?:the\s+)?$", re.I)
_RECIPIENT_BEFORE = re.compile(
    r"(?:\bto|\bsupplying|\bsupply|\bsupplies|\bserving|\bsell(?:ing)? to|\bcustomers?(?: such as| including)?|"
    r"\bbuyers?(?: such as| including)?|\bfor (?:its |the )?customers?|向|对)\s*(?:China's\s+)?$",
    re.I,
)
# "fabs owned by foreign firms, including SK hynix and Intel": owners of affected plants, not exporters.
_OWNER_BEFORE = re.compile(r"\b(?:owned|run|operated|held) by\b[^.;:]{0,60}$", re.I)
# Raw materials have many unnamed exporters: a company must be named with them, never borrowed.
MATERIALS = ("gallium", "germanium", "antimony", "graphite", "rare earths", "hydrogen fluoride", "photoresist")
# Export controls in this catalogue are almost all American; the US is a destination only of Chinese rules.
_ORIGIN_COUNTRY = "US"
_DESTINATION_OF_ORIGIN_ONLY_FOR = {"cn-mofcom"}
_AUTHORITY_WORDS = [
    ("nl-mfa", ("dutch", "netherlands", "hague", "荷兰"), re.compile(r"\bDutch\b|\bNetherlands\b|\bThe Hague\b|荷兰")),
    ("jp-meti", ("meti", "japan", "日本", "经济产业省"), re.compile(r"\bMETI\b|\bJapan(?:ese)?\b|日本|经济产业省")),
    ("cn-mofcom", ("mofcom", "commerce ministry", "商务部"),
     re.compile(r"\bMOFCOM\b|China's commerce ministry|Chinese commerce ministry|(?<!美国)商务部")),
    ("my-miti", ("miti", "malaysia", "马来西亚"), re.compile(r"\bMITI\b|\bMalaysia(?:n)?\b|马来西亚")),
]
_UNKNOWN_CHIP = re.compile(r"^(?:'s|’s)?\s+(?:new\s+|upcoming\s+|planned\s+)?(?P<name>[A-Z]{1,3}\d{2,4}[A-Z]{0,2})\b")
_TITLE_CONFIDENCE = 0.75
# "The part, a cut-down MI300 built for China": the named chip is the base design, not the exported product.
_BASE_PRODUCT_BEFORE = re.compile(r"\b(?:cut-down|pared-back|scaled-back|version of|variant of|based on|"
                                  r"derived from|successor to)\s+(?:the\s+|an?\s+|its\s+)?$", re.I)
# "each shipment will need its own licence" after a revocation is its consequence, not a new requirement.
_CONSEQUENCE_OF_REVOCATION = re.compile(r"\b(?:its own|separate|individual)\b|\beach\b", re.I)
_NEW_CLAUSE = re.compile(r"[;]|,\s*(?:and|but|while|whereas)\b|\band (?:on|then|later)\b", re.I)
_RULE_WORD = re.compile(r"\b(?:rules?|controls|regulations?|package|Entity List|requirements?|curbs|restrictions|"
                        r"measures?|notice)\b", re.I)


@dataclass
class _Reading:
    """What one sentence names: exporters, recipients, products, destinations, authority."""

    sentence: Sentence
    mentions: list[Mention]
    exporters: list[str] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)  # named as owners of affected plants
    chips: list[str] = field(default_factory=list)
    destinations: list[str] = field(default_factory=list)
    authority: str = ""


# Control and format characters (zero-width, bidi marks, NUL) carry no text.
_INVISIBLE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ud800-\udfff]"
)


def _clean(text: str) -> str:
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text or "")[:MAX_TEXT_CHARS])


def _unique(items):
    return list(dict.fromkeys(items))


class _Extractor:
    def __init__(self, gazetteer: Gazetteer, title: str, text: str, published: datetime | None):
        self.gazetteer = gazetteer
        text = _clean(text)
        self.sentences = split_article(_clean(title), text)
        published_day = published.date() if isinstance(published, datetime) else published
        self.anchor = dates.find_anchor(text, published_day)
        self._dates_by_sentence: dict[int, list[dates.DateMention]] = {}
        self._cues_by_sentence: dict[int, list[cues.StatusCue]] = {}
        self.category_slugs = gazetteer.category_slugs([category for _, _, category in GENERIC_PRODUCTS])
        self.readings = [self._read(sentence) for sentence in self.sentences]

    # --- reading a sentence -------------------------------------------------------------------------------

    def _read(self, sentence: Sentence) -> _Reading:
        text = sentence.text
        reading = _Reading(sentence, self.gazetteer.find(text))
        chip_vendors = set()
        for mention in reading.mentions:
            if mention.kind == CHIP and not _BASE_PRODUCT_BEFORE.search(text[max(0, mention.start - 25):mention.start]):
                reading.chips.append(mention.key)
                chip_vendors.add(self.gazetteer.chip_by_slug[mention.key].vendor)
        reading.chips = self._most_specific(_unique(reading.chips)) or self._generic_chips(text)
        recipients = []
        for mention in reading.mentions:
            if mention.kind != COMPANY:
                continue
            if mention.key not in chip_vendors and self._is_recipient(text, mention):
                recipients.append(mention.key)
            else:
                reading.exporters.append(mention.key)
                if _OWNER_BEFORE.search(text[max(0, mention.start - 80):mention.start]):
                    reading.owners.append(mention.key)
        reading.exporters = _unique(reading.exporters)
        reading.authority = self._authority(text, reading.mentions)
        reading.destinations = self._destinations(text, reading, recipients)
        return reading

    def _most_specific(self, chips: list[str]) -> list[str]:
        # "An event names the most specific product the text supports": SKUs hide their family and categories.
        kinds = {slug: self.gazetteer.chip_by_slug[slug].kind for slug in chips}
        if any(kind == "sku" for kind in kinds.values()):
            return [slug for slug in chips if kinds[slug] == "sku" or not self._is_chip_category(slug)]
        return chips

    def _is_chip_category(self, slug: str) -> bool:
        entry = self.gazetteer.chip_by_slug[slug]
        return entry.kind == "family" or (entry.kind == "category" and "chip" in entry.names[0].lower())

    def _is_recipient(self, text: str, mention: Mention) -> bool:
        company = self.gazetteer.company_by_slug[mention.key]
        if _RECIPIENT_BEFORE.search(text[max(0, mention.start - 30):mention.start]):
            return True
        # Chinese firms are the buyers in export-control news, not the exporters.
        return company.headquarters == "CN"

    def _authority(self, text: str, mentions: list[Mention]) -> str:
        for mention in mentions:
            if mention.kind == AUTHORITY:
                return mention.key
        lowered = text.lower()
        for slug, keywords, pattern in _AUTHORITY_WORDS:
            known = slug in self.gazetteer.authority_by_slug
            if known and any(keyword in lowered for keyword in keywords) and pattern.search(text):
                return slug
        return ""

    def _destinations(self, text: str, reading: _Reading, recipients: list[str]) -> list[str]:
        places = [m for m in reading.mentions if m.kind in (COUNTRY, DEMONYM)]
        found = []
        inside_inclusion = False
        previous = None
        for mention in places:
            gap = text[previous.end:mention.start] if previous else ""
            if previous and previous.key == "CN" and re.search(r"\bincluding\b|包括", gap) and len(gap) < 40:
                inside_inclusion = True
            elif previous and not (inside_inclusion and _INCLUSION_GAP.match(gap)):
                inside_inclusion = False
            previous = mention
            if inside_inclusion:
                continue
            if _GOVERNMENT_AFTER.match(text[mention.end:mention.end + 40]):
                continue
            if self._names_home_company(text, mention, reading.mentions):
                continue
            if _NOT_DESTINATION_BEFORE.search(text[max(0, mention.start - 20):mention.start]):
                continue
            found.append(mention.key)
        for slug in recipients:
            headquarters = self.gazetteer.company_by_slug[slug].headquarters
            if headquarters:
                found.append(headquarters)
        return _unique(found)

    def _names_home_company(self, text: str, place: Mention, mentions: list[Mention]) -> bool:
        """ "Taiwan's TSMC", "Japan's Kioxia": the country says where the company is from."""
        following = next((m for m in mentions if m.start > place.end), None)
        if following is None or following.kind != COMPANY:
            return False
        if not re.fullmatch(r"(?:'s|’s)?\s+(?:\w+\s+){0,2}?", text[place.end:following.start]):
            return False
        return self.gazetteer.company_by_slug[following.key].headquarters == place.key

    # --- events -------------------------------------------------------------------------------------------

    def _generic_chips(self, text: str) -> list[str]:
        lowered = text.lower()
        return _unique(
            self.category_slugs[category]
            for keywords, pattern, category in GENERIC_PRODUCTS
            if category in self.category_slugs and any(k in lowered for k in keywords) and pattern.search(text)
        )

    def _context(self, index: int, attribute: str, reach: int = 2) -> list[str]:
        """The nearest earlier sentence (or the title) that names something of this kind."""
        for back in range(1, reach + 1):
            if index - back < 0:
                break
            values = getattr(self.readings[index - back], attribute)
            if values:
                return values
        title = self.readings[0] if self.readings and self.readings[0].sentence.is_title else None
        return getattr(title, attribute) if title and index > 0 else []

    def _chips_for(self, index: int) -> tuple[list[str], bool]:
        reading = self.readings[index]
        if reading.chips:
            return reading.chips, False
        if _CHIP_REFERENCE.search(reading.sentence.text):
            return self._context(index, "chips", reach=1), True
        following = self.readings[index + 1] if index + 1 < len(self.readings) else None
        if following and following.sentence.paragraph == reading.sentence.paragraph and following.chips:
            return following.chips, True
        return self._context(index, "chips", reach=2), True

    def _companies_for(self, index: int, chip: str) -> tuple[list[str], bool]:
        entry = self.gazetteer.chip_by_slug[chip]
        if entry.vendor:
            return [entry.vendor], False
        reading = self.readings[index]
        if reading.exporters:
            return self._nearest_exporters(reading, chip), False
        if entry.names[0].lower() in MATERIALS:
            return [], False
        reach = 4 if _COMPANY_REFERENCE.search(reading.sentence.text) else 3
        return self._borrowed_exporters(index, reach), True

    def _borrowed_exporters(self, index: int, reach: int) -> list[str]:
        """Exporters of the nearest earlier sentence or the title, leaving out owners of affected plants."""
        earlier = [self.readings[index - back] for back in range(1, reach + 1) if index - back >= 0]
        if self.readings[0].sentence.is_title and index > 0:
            earlier.append(self.readings[0])
        for reading in earlier:
            exporters = [slug for slug in reading.exporters if slug not in reading.owners]
            if exporters:
                return exporters
        return []

    def _nearest_exporters(self, reading: _Reading, chip: str) -> list[str]:
        """With several products and several companies ("Intel's laptop chips and Qualcomm's smartphone
        chips"), each product goes with the company named closest to it."""
        products = [m for m in reading.mentions if m.kind == CHIP and m.key in reading.chips]
        if len(reading.exporters) < 2 or len({m.key for m in products}) < 2:
            return reading.exporters
        companies = [m for m in reading.mentions if m.kind == COMPANY and m.key in reading.exporters]
        nearest = {
            min(companies, key=lambda company: abs(company.start - product.start)).key
            for product in products
            if product.key == chip
        }
        return [slug for slug in reading.exporters if slug in nearest] or reading.exporters

    def _countries_for(self, index: int, company: str) -> tuple[list[str], bool]:
        authority_country = self.gazetteer.authority_by_slug.get(self._authority_for(index))
        # The exporter's home and the acting authority's country are origins, not destinations.
        home = self.gazetteer.company_by_slug.get(company)
        excluded = {home.headquarters if home else ""}
        if authority_country:
            excluded.add(authority_country.country)
        if self._authority_for(index) not in _DESTINATION_OF_ORIGIN_ONLY_FOR:
            excluded.add(_ORIGIN_COUNTRY)
        reading = self.readings[index]
        own = [code for code in reading.destinations if code not in excluded]
        if own:
            return own, False
        neighbours = [index - 1, index + 1, index - 2, 0]
        for neighbour in neighbours:
            if 0 <= neighbour < len(self.readings) and neighbour != index:
                codes = [code for code in self.readings[neighbour].destinations if code not in excluded]
                if codes:
                    return codes, True
        counts = Counter(code for r in self.readings for code in r.destinations if code not in excluded)
        return ([counts.most_common(1)[0][0]] if counts else []), True

    def _authority_for(self, index: int) -> str:
        for candidate in (index, index - 1, 0):
            if 0 <= candidate < len(self.readings) and self.readings[candidate].authority:
                return self.readings[candidate].authority
        known = DEFAULT_AUTHORITY in self.gazetteer.authority_by_slug or not self.gazetteer.authorities
        return DEFAULT_AUTHORITY if known else ""

    def _date_for(self, index: int, cue: cues.StatusCue) -> tuple[date | None, str]:
        """The cue's own date; else one from the sentences just before; else the day of another cue of
        the same status; else, for rules, the day the article says the rule was announced."""
        mentions = self._dates_in(index)
        if mentions:
            best = min(mentions, key=lambda mention: self._date_distance(index, cue, mention))
            if best.precision == dates.DAY:
                return best.value, best.precision
        found = self._date_of_same_status(index, cue.status)
        if found[0] is None:
            found = self._date_nearby(index)
        if found[0] is None and cue.status in (cues.IMPOSED, cues.LIFTED):
            found = self._announcement_date()
        if found[0] is None and mentions:
            return best.value, best.precision
        return found

    def _date_distance(self, index: int, cue: cues.StatusCue, mention: dates.DateMention) -> int:
        text = self.readings[index].sentence.text
        if mention.start >= cue.end:
            gap = mention.start - cue.end
            # "informed it on April 9 that ... require a licence, and on April 14 said": a later clause, another act.
            if _NEW_CLAUSE.search(text[cue.end:mention.start]):
                gap += 80
        else:
            gap = cue.start - mention.end
        return (gap + (60 if mention.is_speech else 0) + (30 if mention.precision != dates.DAY else 0)
                + (40 if mention.is_effective else 0) - (40 if mention.is_action else 0))

    def _date_of_same_status(self, index: int, status: str) -> tuple[date | None, str]:
        """Articles say what happened, then when: "The bureau rescinded the requirement on July 2"."""
        for other in sorted(range(len(self.readings)), key=lambda candidate: abs(candidate - index)):
            if other == index or self.readings[other].sentence.is_title:
                continue
            for cue in self._cues_in(other):
                if cue.status != status:
                    continue
                mentions = [m for m in self._dates_in(other) if m.precision == dates.DAY]
                if mentions:
                    best = min(mentions, key=lambda mention, cue=cue: self._date_distance(other, cue, mention))
                    return best.value, best.precision
        return None, dates.UNKNOWN

    def _announcement_date(self) -> tuple[date | None, str]:
        """The day of the first body sentence that reports a rule being issued ("controls, released on Monday")."""
        for index, reading in enumerate(self.readings):
            if reading.sentence.is_title or not _RULE_WORD.search(reading.sentence.text):
                continue
            for mention in self._dates_in(index):
                if mention.is_action and mention.precision == dates.DAY and not mention.is_effective:
                    return mention.value, mention.precision
        return None, dates.UNKNOWN

    def _cues_in(self, index: int) -> list[cues.StatusCue]:
        if index not in self._cues_by_sentence:
            self._cues_by_sentence[index] = cues.find_status_cues(self.readings[index].sentence.text)
        return self._cues_by_sentence[index]

    def _dates_in(self, index: int) -> list[dates.DateMention]:
        if index not in self._dates_by_sentence:
            found = dates.find_dates(self.readings[index].sentence.text, self.anchor)
            self._dates_by_sentence[index] = [mention for mention in found if mention.value is not None]
        return self._dates_by_sentence[index]

    def _date_nearby(self, index: int) -> tuple[date | None, str]:
        """A sentence without a date follows up the one before ("The rule was published on Friday. As a
        result, ... need a licence"): take the last date of the previous two sentences of the body."""
        for back in (1, 2):
            if index - back < 0 or self.readings[index - back].sentence.is_title:
                break
            mentions = [m for m in self._dates_in(index - back) if not m.is_speech] or self._dates_in(index - back)
            if mentions:
                return mentions[-1].value, mentions[-1].precision
        return None, dates.UNKNOWN

    def events(self) -> list[ExtractedEvent]:
        chosen: dict[tuple, ExtractedEvent] = {}
        for index in range(len(self.readings)):
            for cue in self._cues_in(index):
                if self._follows_revocation(index, cue):
                    continue
                for event in self._events_for_cue(index, cue):
                    key = (event.company, event.chip, event.country, event.status)
                    if key not in chosen or _better(event, chosen[key]):
                        chosen[key] = event
        return list(chosen.values())

    def _follows_revocation(self, index: int, cue: cues.StatusCue) -> bool:
        if cue.status != cues.IMPOSED or not _CONSEQUENCE_OF_REVOCATION.search(self.readings[index].sentence.text):
            return False
        earlier = range(max(0, index - 2), index)
        return any(other.status == cues.REVOKED for candidate in earlier for other in self._cues_in(candidate))

    def _events_for_cue(self, index: int, cue: cues.StatusCue):
        reading = self.readings[index]
        text = reading.sentence.text
        chips, chips_borrowed = self._chips_for(index)
        event_date, precision = self._date_for(index, cue)
        authority = self._authority_for(index)
        for chip in chips:
            companies, companies_borrowed = self._companies_for(index, chip)
            for company in companies:
                countries, countries_borrowed = self._countries_for(index, company)
                for country in countries:
                    confidence = 0.9 - 0.1 * (chips_borrowed + companies_borrowed + countries_borrowed)
                    if cue.reported:
                        confidence -= 0.15
                    if reading.sentence.is_title:
                        confidence = min(confidence, _TITLE_CONFIDENCE)
                    yield ExtractedEvent(
                        company=company,
                        chip=chip,
                        country=country,
                        authority=authority,
                        status=cue.status,
                        event_date=event_date,
                        date_precision=precision if event_date else dates.UNKNOWN,
                        confidence=round(max(confidence, 0.3), 2),
                        sentence=text,
                        conditions=_conditions(text) if cue.status == cues.GRANTED else "",
                    )

    def unknown_chips(self) -> list[UnknownChip]:
        known = self.gazetteer.chip_names_lower
        found = {}
        for reading in self.readings:
            text = reading.sentence.text
            for mention in reading.mentions:
                if mention.kind != COMPANY:
                    continue
                match = _UNKNOWN_CHIP.match(text[mention.end:mention.end + 30])
                name = match.group("name") if match else ""
                if name and name.lower() not in known:
                    found.setdefault((mention.key, name), UnknownChip(mention.key, name, text))
        return list(found.values())


_CONDITIONS = re.compile(
    r"\b\d{1,3}(?:\.\d+)?\s?(?:%|per ?cent|percent)\s+(?:of\s+)?(?:the\s+)?(?:revenue|sales|cut|"
    r"share|fee)\w*(?:\s+share)?|"
    r"\bon condition that [^.;]+|\bprovided (?:that )?[^.;]+|收取\d{1,3}%的费用",
    re.I,
)


def _conditions(text: str) -> str:
    match = _CONDITIONS.search(text)
    return match.group(0).strip() if match else ""


def _better(new: ExtractedEvent, old: ExtractedEvent) -> bool:
    """A dated event beats an undated one; then the more confident; the earlier sentence wins ties."""
    if (new.event_date is None) != (old.event_date is None):
        return new.event_date is not None
    return new.confidence > old.confidence


def extract(
    *, title: str, text: str, published: datetime | None, gazetteer: Gazetteer, language: str = ""
) -> Extraction:
    """The licence events one news item reports, and chip-like names the catalogue does not know."""
    extractor = _Extractor(gazetteer, title or "", text or "", published)
    return Extraction(events=extractor.events(), unknown_chips=extractor.unknown_chips())
