"""Turn one news item into licence-event candidates: per sentence a status cue, then who, what, where and when."""

import bisect
import re
import unicodedata
from dataclasses import replace
from datetime import datetime

from exportwatch.ingest.text import TRADEMARK_SIGNS

from . import cues, dates
from .candidates import Candidate, find_candidates
from .destinations import Destinations
from .event_dates import EventDates
from .gazetteer import CHIP, COMPANY, DISPLAYS, MATERIALS, Gazetteer, Mention
from .new_companies import NEW, find_new_companies
from .reading import EQUIPMENT, Reading, SentenceReader, generic_product_starts, unique
from .scorer import Scorer, shipped_scorer
from .sentences import split_article
from .types import ExtractedEvent, Extraction, NewCompany, UnknownChip

# Longer texts are cut here: the events of a news item are in its first pages, and time stays bounded.
MAX_TEXT_CHARS = 40_000
DEFAULT_AUTHORITY = "us-bis"
REVIEW_THRESHOLD = 0.7

# "the chipmaker", "the part", "both companies": the entity is named in an earlier sentence.
# "to allow former VEU participants to operate their fabs": the holders the article named, however far back.
_HOLDERS_REFERENCE = re.compile(r"\b(?:former|existing|current) (?:\w+ )?(?:participants|licensees|holders)\b", re.I)
_COMPANY_REFERENCE = re.compile(
    r"\b(?:the|both|all (?:three|four|two)|the (?:two|three|four)) (?:[\w-]+-based )?(?:company|companies|chipmakers?|"
    r"foundry|toolmakers?|firms?|group|designer|supplier|manufacturer|maker)\b|\b(?:it|its|they|their|them)\b|该公司|公司",
    re.I,
)
_CHIP_REFERENCE = re.compile(
    r"\b(?:the|this|that|such|these|those|either|both) (?:part|chip|chips|accelerators?|processors?|products?|GPUs?|"
    r"models?|parts)\b|\b(?:it|its|them)\b|该芯片",
    re.I,
)
# The broadest categories, said of a company, stand for its products the article names: "its AI chips", "its
# chip machines". Narrower ones ("DUV scanners", "laptop chips") name the goods themselves.
_STANDS_FOR_SKUS = ("ai chips", EQUIPMENT)
# Lithography scanners come from these makers only: a toolmaker named nearby does not export them.
# Who makes each kind of lithography machine: ASML alone makes EUV scanners.
LITHOGRAPHY_MAKERS = {"duv lithography": ("asml", "nikon", "canon"), "euv lithography": ("asml",)}
LITHOGRAPHY = tuple(LITHOGRAPHY_MAKERS)
# "An earlier version of this story said ...": a correction notice repeats the claim it withdraws.
_CORRECTION = re.compile(r"\b(?:earlier|previous) version of this (?:story|article|report)\b|^CORRECTION\b", re.I)
_UNKNOWN_CHIP = re.compile(r"^(?:'s|’s)?\s+(?:new\s+|upcoming\s+|planned\s+)?(?P<name>[A-Z]{1,3}\d{2,4}[A-Z]{0,2})\b")
_TITLE_CONFIDENCE = 0.75
# "each shipment will need its own licence" after a revocation is its consequence, not a new requirement.
_CONSEQUENCE_OF_REVOCATION = re.compile(r"\b(?:its own|separate|individual)\b|\beach\b", re.I)
# "It was placed under a licence requirement": a pronoun subject carries the product of the sentence before.
_PRONOUN_SUBJECT = re.compile(r"^(?:It|They|The (?:chip|part|product|processor|accelerator)s?|These (?:chips|parts|"
                              r"products)|Both (?:chips|parts|products))\b|^该芯片")
# "The change affects shipments of its A100, A800 and H100": the next sentence lists what the event covers.
_LISTS_WHAT_IS_COVERED = re.compile(r"\b(?:affect(?:s|ed)?|cover(?:s|ed)?|appl(?:y|ies|ied) to|include[sd]?|including|"
                                    r"such as|among them|namely|concerns?)\b|涉及|包括", re.I)
# Chips named by a generic word, in the languages the news comes in; not "chip licences" or "chipmaker Intel".
_CHIPS_WORD = re.compile(r"(?:\b(?:chips?|semiconductors?|processors?|puces|Halbleiter|chipsets?)\b|"
                         r"芯片|晶片|半导体|半導体|반도체)(?!\s*(?:makers?|manufacturers?|licen|production|制造|製造|厂商|廠商))",
                         re.I)
_PANELS_WORD = re.compile(r"\b(?:panels?|displays?|screens?)\b", re.I)
# "both companies", "the three firms": how many exporters an earlier sentence must have named.
_COUNTED_COMPANIES = re.compile(r"\b(?P<count>both|two|three|four)\s+(?:\w+\s+)?(?:companies|firms|chipmakers|"
                                r"makers|suppliers|vendors|toolmakers|groups)\b", re.I)
_COUNTS = {"both": 2, "two": 2, "three": 3, "four": 4}
# "H20 licences granted, but B30A path uncertain": each clause has its own product; so has "the rules, under
# which the A800 became off limits" against the product named before it.
_CLAUSE_BOUNDARY = re.compile(r";|,?\s+but\s+|,\s+(?:under|by|through) which\b")
# "the H20 that Nvidia was permitted to sell": the cue belongs to the product its relative clause follows.
_RELATIVE_CLAUSE = re.compile(r"^\s+(?:that|which)\b[^,;]*$")
# "The two targeted chips are ...", "the affected products include ...": which products a requirement covers.
_AFFECTED_PRODUCTS = re.compile(r"\b(?:targeted|affected|restricted|covered)\s+(?:chips|products|GPUs|processors|"
                                r"models|accelerators)\b|\b(?:chips|products|models) in question\b|"
                                r"\b(?:shipments?|orders?|deal|sales?|approvals?|licen[cs]es?)\s+(?:\w+\s+)?includ(?:e|es|ed)\b|"
                                r"\b(?:models|products|chips) (?:affected )?include\b|这些(?:型号|产品|芯片)包括|"
                                r"受影响的(?:型号|产品|芯片)", re.I)
# "The affected models include:" before a list: the header of products the lines after it name.
_LIST_HEADER_END = re.compile(r"[:：]\s*$")
# "HBM producers", "EDA vendors": the makers of a product, whichever the article names.
_MAKERS_AFTER = re.compile(r"^\s+(?:producers|makers|manufacturers|vendors|suppliers)\b", re.I)
# "Tokyo Electron declined to comment": a company that only declines comment is not the one acting.
_NO_COMMENT = re.compile(r"\b(?:declined to comment|did not (?:immediately )?respond|could not be reached|"
                         r"had no (?:immediate )?comment)\b", re.I)
# "Among the US companies affected were Lam Research and Applied Materials": the sentence after a step names its
# exporters.
_AFFECTED_NAMED = re.compile(r"\b(?:among|include[sd]?|including)\b[^.;]{0,40}?\b(?:companies|firms|suppliers|makers|"
                             r"chipmakers|toolmakers|exporters)\s+(?:affected|hit|impacted)\b|"
                             r"\b(?:companies|firms|suppliers|exporters)\s+(?:affected|hit|impacted)\s+"
                             r"(?:include|included|were|are)\b", re.I)
# "Intel and Cerebras also make accelerators": companies brought in for comparison, not the story's exporters.
_ALSO_MAKE = re.compile(r"^[^,;]*\balso (?:make|makes|sell|sells|design|designs|produce|produces|offer|offers)\b", re.I)


# Control and format characters (zero-width, bidi marks, NUL) carry no text.
_INVISIBLE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ud800-\udfff]"
)

# "NXT: 2000i": a model number written with a space after its series' colon.
_SPACED_MODEL = re.compile(r"\b([A-Z]{2,}):\s(?=\d)")


def _clean(text: str) -> str:
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", TRADEMARK_SIGNS.sub("", text or ""))[:MAX_TEXT_CHARS])
    return _SPACED_MODEL.sub(r"\1:", text)


class _Readings:
    """The sentences' readings, made on first use: the gazetteer runs once over the whole text, and only the
    sentences near a cue are ever read."""

    def __init__(self, reader: SentenceReader, sentences, mentions: list[Mention]):
        self.reader = reader
        self.sentences = sentences
        self._read: dict[int, Reading] = {}
        self.mentions = self._mentions_by_sentence(mentions)

    def _mentions_by_sentence(self, mentions: list[Mention]) -> list[list[Mention]]:
        """Mentions found in the sentences joined by newlines, given back per sentence with offsets of their own."""
        starts, offset = [], 0
        for sentence in self.sentences:
            starts.append(offset)
            offset += len(sentence.text) + 1
        found: list[list[Mention]] = [[] for _ in self.sentences]
        for mention in mentions:
            index = bisect.bisect_right(starts, mention.start) - 1
            base = starts[index]
            found[index].append(Mention(mention.kind, mention.key, mention.start - base, mention.end - base,
                                        mention.text))
        return found

    def __len__(self) -> int:
        return len(self.sentences)

    def __getitem__(self, index: int) -> Reading:
        if index < 0:
            raise IndexError(index)
        if index not in self._read:
            self._read[index] = self.reader.read(self.sentences[index], self.mentions[index])
        return self._read[index]

    def __iter__(self):
        return (self[index] for index in range(len(self)))


class _Extractor(EventDates, Destinations):
    def __init__(self, gazetteer: Gazetteer, title: str, text: str, published: datetime | None):
        self.gazetteer = gazetteer
        text = _clean(text)
        self.sentences = split_article(_clean(title), text)
        published_day = published.date() if isinstance(published, datetime) else published
        self.anchor = dates.find_anchor(text, published_day)
        self._dates_by_sentence: dict[int, list[dates.DateMention]] = {}
        self._cues_by_sentence: dict[int, list[cues.StatusCue]] = {}
        joined = "\n".join(sentence.text for sentence in self.sentences)
        mentions = gazetteer.find(joined)
        newcomers, new_mentions, superseded = find_new_companies(joined, mentions, gazetteer.known_names.__contains__)
        if newcomers:
            self.gazetteer = gazetteer = gazetteer.with_companies(newcomers)
            kept = [mention for mention in mentions if mention not in superseded]
            mentions = sorted([*kept, *new_mentions], key=lambda mention: mention.start)
        self.readings = _Readings(SentenceReader(gazetteer), self.sentences, mentions)

    # --- events -------------------------------------------------------------------------------------------

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

    def _chips_for(self, index: int, cue: cues.StatusCue) -> tuple[list[str], bool]:
        reading = self.readings[index]
        if reading.chips:
            own = self._chips_in_clause(reading, cue) or self._chip_of_relative_clause(reading, cue) or reading.chips
            named = self._skus_for_category(index, own)
            if named:
                return named, True
            return unique([*own, *self._chips_of_pronoun_subject(index)]), False
        covered = self._chips_listed_next(index)
        if covered:
            return covered, True
        if _CHIP_REFERENCE.search(reading.sentence.text):
            return self._context(index, "chips", reach=1) or self._exporters_last_product(index), True
        # "In April, licences were required for the H20. In August, licences were granted.": a timeline
        # sentence without a product continues the one before it.
        previous = self._previous_in_paragraph(index)
        if previous and previous.chips:
            return previous.chips, True
        following = self._following_in_paragraph(index)
        if following and following.chips:
            return following.chips, True
        return self._context(index, "chips", reach=2), True

    def _exporters_last_product(self, index: int, reach: int = 6) -> list[str]:
        """ "AMD needs a licence to export the chip": the product of this exporter the article named last."""
        exporters = set(self.readings[index].exporters)
        for other in range(index - 1, max(-1, index - reach - 1), -1):
            own = [chip for chip in self.readings[other].chips if self.gazetteer.chip_by_slug[chip].vendor in exporters]
            if own:
                return own
        return []

    def _chips_in_clause(self, reading: Reading, cue: cues.StatusCue) -> list[str]:
        """ "Nvidia files for H20 licences; AMD says MI308 under review": each clause has its own product."""
        text = reading.sentence.text
        boundaries = list(_CLAUSE_BOUNDARY.finditer(text))
        start = max((b.end() for b in boundaries if b.end() <= cue.start), default=0)
        end = min((b.start() for b in boundaries if b.start() >= cue.end), default=len(text))
        if start == 0 and end == len(text):
            return []
        return unique(m.key for m in reading.mentions if m.kind == CHIP and m.key in reading.chips
                      and start <= m.start < end)

    def _skus_for_category(self, index: int, chips: list[str]) -> list[str]:
        """ "Nvidia's latest AI chips" next to a sentence naming the B30A, "ASML's chip machines" next to its NXT
        scanners: a product category stands for the company's products the article names nearby."""
        entries = [self.gazetteer.chip_by_slug[chip] for chip in chips]
        if not entries or any(e.kind != "category" or e.names[0].lower() not in _STANDS_FOR_SKUS for e in entries):
            return []
        companies = set(self.readings[index].exporters)
        nearby = [index - 1, index + 1, index - 2, index + 2]
        if index > 0 and self.sentences[0].is_title:
            nearby.append(0)
        for other in nearby:
            # A sentence that names no company stands for the products of any maker the sentence before names.
            anyone = not companies and other == index - 1 and not self.sentences[other].is_title
            if 0 <= other < len(self.readings) and other != index and (
                    skus := self._skus_in(other, companies, any_vendor=anyone)):
                return skus
        return self._affected_products_named_later(index, companies)

    def _affected_products_named_later(self, index: int, companies: set[str], reach: int = 6) -> list[str]:
        """ "... a new licence requirement for China. [...] The two targeted chips are the A100 and H100.": a later
        sentence that says which products are affected names them."""
        for other in range(index + 1, min(index + reach + 1, len(self.readings))):
            text = self.readings[other].sentence.text
            if not _AFFECTED_PRODUCTS.search(text):
                continue
            skus = self._skus_in(other, companies, any_vendor=not companies)
            if not skus and _LIST_HEADER_END.search(text):
                skus = self._skus_listed_after(other, companies)
            if skus:
                return skus
        return []

    def _skus_listed_after(self, header: int, companies: set[str], reach: int = 8) -> list[str]:
        """The SKUs of the lines under a list header, up to the first line that names none."""
        listed: list[str] = []
        for other in range(header + 1, min(header + reach + 1, len(self.readings))):
            skus = self._skus_in(other, companies, any_vendor=not companies)
            if not skus:
                break
            listed += skus
        return unique(listed)

    def _skus_in(self, index: int, companies: set[str], *, any_vendor: bool = False) -> list[str]:
        """The SKUs sentence `index` names that one of `companies` makes (or anybody, with `any_vendor`)."""
        chip_by_slug = self.gazetteer.chip_by_slug
        return [chip for chip in self.readings[index].chips if chip_by_slug[chip].kind == "sku"
                and (any_vendor or chip_by_slug[chip].vendor in companies)]

    def _chip_of_relative_clause(self, reading: Reading, cue: cues.StatusCue) -> list[str]:
        text = reading.sentence.text
        before = [m for m in reading.mentions if m.kind == CHIP and m.key in reading.chips and m.end <= cue.start]
        if len(reading.chips) < 2 or not before:
            return []
        nearest = before[-1]
        return [nearest.key] if _RELATIVE_CLAUSE.match(text[nearest.end:cue.start]) else []

    def _following_in_paragraph(self, index: int) -> Reading | None:
        if index + 1 >= len(self.readings) or self.sentences[index].is_title:
            return None
        following = self.readings[index + 1]
        return following if following.sentence.paragraph == self.sentences[index].paragraph else None

    def _named_as_affected_next(self, index: int) -> list[str]:
        """ "… slow to approve licences for American companies. Among the US companies affected were Lam Research and
        Applied Materials.": the exporters the next sentence lists as affected."""
        if index + 1 >= len(self.readings) or self.sentences[index].is_title:
            return []
        following = self.readings[index + 1]
        if not _AFFECTED_NAMED.search(following.sentence.text):
            return []
        return [slug for slug in following.exporters if slug not in following.owners]

    def _previous_in_paragraph(self, index: int) -> Reading | None:
        if index < 1 or self.sentences[index - 1].is_title:
            return None
        previous = self.readings[index - 1]
        return previous if previous.sentence.paragraph == self.sentences[index].paragraph else None

    def _chips_of_pronoun_subject(self, index: int) -> list[str]:
        """ "It was placed under a licence requirement in April, alongside the H20": "it" is the chip before."""
        if index < 1 or self.sentences[index - 1].is_title or not _PRONOUN_SUBJECT.match(self.sentences[index].text):
            return []
        return self.readings[index - 1].chips

    def _chips_listed_next(self, index: int) -> list[str]:
        """The products of the next sentence when it only lists what this sentence's event covers; a lead
        paragraph is often followed by one that starts "The products affected are ..."."""
        if index + 1 >= len(self.readings) or self.sentences[index].is_title:
            return []
        following = self.readings[index + 1]
        if self._cues_in(index + 1) or not _LISTS_WHAT_IS_COVERED.search(following.sentence.text):
            return []
        kinds = {chip: self.gazetteer.chip_by_slug[chip].kind for chip in following.chips}
        skus = [chip for chip in following.chips if kinds[chip] == "sku"]
        # "The change covers the smartphone processors it makes for Huawei": a category when no SKU is named.
        return skus or [chip for chip in following.chips if kinds[chip] == "category"]

    def _licensed_products(self, company: str) -> list[str]:
        """The products of the licence the article says the company held or was granted."""
        for index in range(len(self.readings)):
            if any(cue.status == cues.GRANTED for cue in self._cues_in(index)):
                reading = self.readings[index]
                products = [chip for chip in reading.chips if company in self._nearest_exporters(reading, chip)]
                if company in reading.exporters and products:
                    return products
        return []

    def _only_line_sold(self, index: int, company: str) -> list[str]:
        """ "revoked licences that let Intel and Qualcomm sell chips to Huawei": a company that makes one kind of
        chip had its licence for that kind, when the sentence or the next speaks of chips at all."""
        nearby = " ".join(sentence.text for sentence in self.sentences[index:index + 2])
        line = self.gazetteer.product_line(company)
        return line if len(line) == 1 and _CHIPS_WORD.search(nearby) else []

    def _panels_of(self, index: int, company: str) -> list[str]:
        """ "Samsung Display gets a licence to supply its panels to Huawei": a display maker's panels are its line."""
        line = self.gazetteer.product_line(company)
        return line if line and set(line) <= DISPLAYS and _PANELS_WORD.search(self.sentences[index].text) else []

    def _companies_for(self, index: int, chip: str) -> tuple[list[str], bool]:
        entry = self.gazetteer.chip_by_slug[chip]
        if entry.vendor:
            return [entry.vendor], False
        reading = self.readings[index]
        counted = _COUNTED_COMPANIES.search(reading.sentence.text)
        size = _COUNTS[counted.group("count").lower()] if counted else 0
        if len(reading.exporters) < size:
            group = self._earlier_group(index, size)
            if group:
                return unique([*reading.exporters, *group]), True
        if reading.exporters:
            return self._nearest_exporters(reading, chip), False
        # Raw materials have many unnamed exporters: one must be named, or referred to ("the Tokyo-based maker").
        if chip in MATERIALS and not _COMPANY_REFERENCE.search(reading.sentence.text):
            return [], False
        following = self._following_in_paragraph(index)
        if (entry.kind == "category" and following and chip in following.chips and following.exporters
                and not _NO_COMMENT.search(following.sentence.text) and not _ALSO_MAKE.search(following.sentence.text)):
            # "It places HBM under a licence requirement. Samsung, which sells HBM to China, is most exposed."
            return [slug for slug in self._nearest_exporters(following, chip) if slug not in following.owners], True
        affected = self._named_as_affected_next(index)
        if entry.kind == "category" and affected:
            return affected, True
        if self._names_makers_of(reading, chip):
            makers = self._makers_named_with(chip)
            if makers:
                return makers, True
        text = reading.sentence.text
        reach = 8 if _HOLDERS_REFERENCE.search(text) else 4 if _COMPANY_REFERENCE.search(text) else 3
        return self._borrowed_exporters(index, reach), True

    def _names_makers_of(self, reading: Reading, chip: str) -> bool:
        """ "HBM producers will need licences": the sentence speaks of whoever makes the product."""
        return any(m.kind == CHIP and m.key == chip and _MAKERS_AFTER.match(reading.sentence.text[m.end:])
                   for m in reading.mentions)

    def _makers_named_with(self, chip: str) -> list[str]:
        """The exporters the article names in a sentence about this product ("HBM modules are produced by Samsung,
        SK hynix and Micron"), leaving out Chinese firms, which are the buyers in this news."""
        companies = self.gazetteer.company_by_slug
        named = unique(company for index in range(len(self.readings)) if chip in self.readings[index].chips
                       for company in self.readings[index].exporters
                       if company not in self.readings[index].owners and companies[company].headquarters != "CN"
                       and self.gazetteer.may_export(company, chip))
        # Companies the catalogue says make it beat those it knows nothing about.
        return [company for company in named if companies[company].products] or named

    def _earlier_group(self, index: int, size: int) -> list[str]:
        """The nearest earlier sentence (or the title) naming exactly this many exporters."""
        earlier = [index - back for back in range(1, 6) if index - back >= 0]
        if index > 0 and self.sentences[0].is_title:
            earlier.append(0)
        for candidate in earlier:
            reading = self.readings[candidate]
            exporters = [slug for slug in reading.exporters if slug not in reading.owners]
            if len(exporters) == size:
                return exporters
        return []

    def _borrowed_exporters(self, index: int, reach: int) -> list[str]:
        """Exporters of the nearest earlier sentence or the title, leaving out owners of affected plants."""
        earlier = [index - back for back in range(1, reach + 1) if index - back >= 0]
        if self.readings[0].sentence.is_title and index > 0:
            earlier.append(0)
        for candidate in earlier:
            if self._only_declines_comment(candidate):
                continue
            reading = self.readings[candidate]
            # Chinese firms are the buyers in these stories: never borrow one as the exporter.
            exporters = [slug for slug in reading.exporters if slug not in reading.owners
                         and self.gazetteer.company_by_slug[slug].headquarters != "CN"]
            if exporters:
                return exporters
        return []

    def _only_declines_comment(self, index: int) -> bool:
        return bool(_NO_COMMENT.search(self.sentences[index].text)) and not self._cues_in(index)

    def _nearest_exporters(self, reading: Reading, chip: str) -> list[str]:
        """With several products and several companies ("Intel's laptop chips and Qualcomm's smartphone
        chips"), each product goes with the company named closest to it."""
        products = [(m.key, m.start) for m in reading.mentions if m.kind == CHIP and m.key in reading.chips]
        unnamed = [slug for slug in reading.chips if slug not in {key for key, _ in products}]
        products += generic_product_starts(reading.sentence.text, unnamed, self.gazetteer).items()
        if len(reading.exporters) < 2 or len({key for key, _ in products}) < 2:
            return reading.exporters
        companies = [m for m in reading.mentions if m.kind == COMPANY and m.key in reading.exporters]
        # "Samsung and SK hynix now need a licence to export HBM": a joint subject shares every product.
        if max(company.start for company in companies) < min(start for _, start in products):
            return reading.exporters
        nearest = {
            min(companies, key=lambda company: abs(company.start - start)).key
            for key, start in products
            if key == chip
        }
        return [slug for slug in reading.exporters if slug in nearest] or reading.exporters

    def _authority_for(self, index: int) -> str:
        for candidate in (index, index - 1, index - 2, 0):
            if 0 <= candidate < len(self.readings) and self.readings[candidate].authority:
                return self.readings[candidate].authority
        known = DEFAULT_AUTHORITY in self.gazetteer.authority_by_slug or not self.gazetteer.authorities
        return DEFAULT_AUTHORITY if known else ""

    def _cues_in(self, index: int) -> list[cues.StatusCue]:
        if index not in self._cues_by_sentence:
            self._cues_by_sentence[index] = cues.find_status_cues(self.sentences[index].text)
        return self._cues_by_sentence[index]

    def _dates_in(self, index: int) -> list[dates.DateMention]:
        if index not in self._dates_by_sentence:
            text = self.sentences[index].text
            found = dates.find_dates(text, self.anchor)
            # The dateline ("BEIJING, July 15 -") says when the story was filed, not when anything happened.
            dateline_end = dates.dateline_end(text) if index <= 2 else 0
            self._dates_by_sentence[index] = [m for m in found if m.value is not None and m.start >= dateline_end]
        return self._dates_by_sentence[index]

    def events(self) -> list[ExtractedEvent]:
        chosen: dict[tuple, ExtractedEvent] = {}
        for index in range(len(self.readings)):
            if self._cues_in(index) and self._is_withdrawn(index):
                continue
            for cue in self._cues_in(index):
                if self._follows_revocation(index, cue) or not self._has_neighbour_if_needed(index, cue):
                    continue
                cue = self._status_referred_to(index, cue)
                for event in self._events_for_cue(index, cue):
                    if not self.gazetteer.may_export(event.company, event.chip):
                        continue
                    key = (event.company, event.chip, event.country, event.status)
                    if key not in chosen or _better(event, chosen[key]):
                        chosen[key] = event
        return most_specific(list(chosen.values()), self.gazetteer)

    def _is_withdrawn(self, index: int) -> bool:
        """A correction notice, and a headline that such a notice says was wrong, report nothing."""
        if _CORRECTION.search(self.sentences[index].text):
            return True
        return self.sentences[index].is_title and any(
            _CORRECTION.search(sentence.text) and "headline" in sentence.text.lower() for sentence in self.sentences)

    def _has_neighbour_if_needed(self, index: int, cue: cues.StatusCue) -> bool:
        if not cue.needs_neighbour:
            return True
        neighbours = (index - 1, index + 1)
        return any(
            other.status == cue.status and not other.needs_neighbour
            for neighbour in neighbours
            if 0 <= neighbour < len(self.sentences) and not self.sentences[neighbour].is_title
            for other in self._cues_in(neighbour)
        )

    def _status_referred_to(self, index: int, cue: cues.StatusCue) -> cues.StatusCue:
        """ "The semiconductors covered by this rule are the H200 …" after "a rule eases its licensing policy from a
        presumption of denial to case-by-case review": the rule is an assurance, not a new requirement."""
        if not cue.refers_back or index == 0 or self.sentences[index - 1].is_title:
            return cue
        earlier = [other.status for other in self._cues_in(index - 1) if not other.refers_back]
        return replace(cue, status=earlier[0]) if earlier else cue

    def _follows_revocation(self, index: int, cue: cues.StatusCue) -> bool:
        if cue.status != cues.IMPOSED or not _CONSEQUENCE_OF_REVOCATION.search(self.readings[index].sentence.text):
            return False
        earlier = range(max(0, index - 2), index)
        return any(other.status == cues.REVOKED for candidate in earlier for other in self._cues_in(candidate))

    def _events_for_cue(self, index: int, cue: cues.StatusCue):
        reading = self.readings[index]
        text = reading.sentence.text
        chips, chips_borrowed = self._chips_for(index, cue)
        event_date, precision = self._date_for(index, cue)
        authority = self._authority_for(index)
        for chip, company, companies_borrowed in self._products_and_companies(index, cue, chips):
            event_date_of_chip, precision_of_chip = self._date_of_chip(index, chip, (event_date, precision))
            countries, countries_borrowed = self._countries_for(index, company)
            # Each entity taken from a neighbouring sentence makes the reading less certain.
            confidence = 0.9 - 0.1 * (chips_borrowed + companies_borrowed + countries_borrowed)
            if cue.reported:
                confidence -= 0.15
            if reading.sentence.is_title:
                confidence = min(confidence, _TITLE_CONFIDENCE)
            for country in countries:
                yield ExtractedEvent(
                    company=company,
                    chip=chip,
                    country=country,
                    authority=authority,
                    status=cue.status,
                    event_date=event_date_of_chip,
                    date_precision=precision_of_chip if event_date_of_chip else dates.UNKNOWN,
                    confidence=round(max(confidence, 0.3), 2),
                    sentence=reading.sentence.written,
                    conditions=_conditions(text) if cue.status == cues.GRANTED else "",
                )

    def _date_of_chip(self, index: int, chip: str, default: tuple) -> tuple:
        mention = next((m for m in self.readings[index].mentions if m.kind == CHIP and m.key == chip), None)
        return self._date_for_product(index, mention.start, default) if mention else default

    def _products_and_companies(self, index: int, cue: cues.StatusCue, chips: list[str]):
        """(product, exporter, exporter borrowed) pairs; a revoked licence without a product is the one the
        article says the company held ("Intel had held a licence since 2020 to ship laptop chips")."""
        if not chips and cue.status == cues.REVOKED:
            reading = self.readings[index]
            companies, borrowed = (reading.exporters, False) if reading.exporters else (
                self._borrowed_exporters(index, 3), True)
            for company in companies:
                for chip in self._licensed_products(company) or self._only_line_sold(index, company):
                    yield chip, company, borrowed
            return
        if not chips:
            for company in self.readings[index].exporters:
                for chip in self._panels_of(index, company):
                    yield chip, company, False
            return
        for chip in chips:
            companies, borrowed = self._companies_for(index, chip)
            for company in companies:
                if self._could_export(company, chip):
                    yield chip, company, borrowed

    def _could_export(self, company: str, chip: str) -> bool:
        makers = LITHOGRAPHY_MAKERS.get(self.gazetteer.chip_by_slug[chip].names[0].lower())
        return makers is None or self.gazetteer.company_by_slug[company].names[0].lower() in makers

    def unknown_chips(self) -> list[UnknownChip]:
        known = self.gazetteer.chip_names_lower
        found = {}
        for sentence, mentions in zip(self.sentences, self.readings.mentions, strict=True):
            text = sentence.text
            for mention in mentions:
                if mention.kind != COMPANY:
                    continue
                match = _UNKNOWN_CHIP.match(text[mention.end:mention.end + 30])
                name = match.group("name") if match else ""
                if name and name.lower() not in known:
                    found.setdefault((mention.key, name), UnknownChip(mention.key, name, sentence.written))
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


# Categories that a named SKU or lithography product makes too broad for the same company, destination and status.
_CHIP_CATEGORIES = ("ai chips", "laptop chips", "smartphone chips", "memory chips", "hbm")


def most_specific(found: list, gazetteer: Gazetteer) -> list:
    """An event names the most specific product the item supports: "Blackwell exports" in the headline and GB300
    in the body, "AI chips" beside the H20, "chipmaking equipment" beside ASML's immersion scanners."""
    chip_by_slug = gazetteer.chip_by_slug

    def name(event):
        return chip_by_slug[event.chip].names[0].lower()

    skus_by_vendor = {(e.company, e.country, e.status, chip_by_slug[e.chip].vendor)
                      for e in found if chip_by_slug[e.chip].kind == "sku"}
    skus = {(e.company, e.country, e.status) for e in found if chip_by_slug[e.chip].kind == "sku"}
    lithography = {(e.company, e.country, e.status) for e in found if name(e) in LITHOGRAPHY}

    def too_broad(event) -> bool:
        entry, key = chip_by_slug[event.chip], (event.company, event.country, event.status)
        if entry.kind == "family":
            return (*key, entry.vendor) in skus_by_vendor
        if entry.kind == "category" and name(event) in _CHIP_CATEGORIES:
            return key in skus
        return entry.kind == "category" and name(event) == EQUIPMENT and (key in skus or key in lithography)

    return [event for event in found if not too_broad(event)]


def _better(new: ExtractedEvent, old: ExtractedEvent) -> bool:
    """A dated event beats an undated one; then the more confident; the earlier sentence wins ties."""
    if (new.event_date is None) != (old.event_date is None):
        return new.event_date is not None
    return new.confidence > old.confidence


def rule_events(*, title: str, text: str, published: datetime | None, gazetteer: Gazetteer) -> list[ExtractedEvent]:
    """The events the hand-written rules read in one item, before the learned scorer weighs them."""
    return _Extractor(gazetteer, title or "", text or "", published).events()


def read_candidates(*, title: str, text: str, published: datetime | None, gazetteer: Gazetteer):
    """The rules' reading of one item and its candidate events, before any is scored."""
    rules = _Extractor(gazetteer, title or "", text or "", published)
    return rules, find_candidates(rules, rules.events())


def select(found: list[Candidate], confidences, threshold: float, gazetteer: Gazetteer) -> list[Candidate]:
    """The rules' own events whatever the scorer believes of them (a low confidence sends one to review, it does not
    drop it: out of fold on real pages the scorer's vetoes removed more true events than false ones), and the other
    candidates believed at or above `threshold`; each naming the most specific product the item supports."""
    believed = [c for c, confidence in zip(found, confidences, strict=True)
                if c.rule_event is not None or confidence >= threshold]
    return most_specific(believed, gazetteer)


def _event(rules: _Extractor, candidate: Candidate, confidence: float) -> ExtractedEvent:
    rule_event = candidate.rule_event
    if rule_event is not None:
        return replace(rule_event, confidence=round(confidence, 3))
    support = candidate.support
    event_date, precision = rules._date_for(support.index, support.as_cue)
    sentence = rules.sentences[support.index]
    text = sentence.text
    return ExtractedEvent(
        company=candidate.company, chip=candidate.chip, country=candidate.country,
        authority=rules._authority_for(support.index), status=candidate.status, event_date=event_date,
        date_precision=precision if event_date else dates.UNKNOWN, confidence=round(confidence, 3),
        sentence=sentence.written,
        conditions=_conditions(text) if candidate.status == cues.GRANTED else "",
    )


def extract(
    *, title: str, text: str, published: datetime | None, gazetteer: Gazetteer, language: str = "",
    scorer: Scorer | None = None,
) -> Extraction:
    """The licence events one news item reports, and chip-like names the catalogue does not know.

    The rules propose candidates; the learned scorer (`scorer.py`, the shipped model unless another is
    given) gives each its calibrated confidence, and keeps the rules' own events and the others it believes at or
    above its record threshold (see `select`).
    """
    scorer = scorer or shipped_scorer()
    rules, found = read_candidates(title=title, text=text, published=published, gazetteer=gazetteer)
    confidences = scorer.confidences([candidate.features for candidate in found])
    confidence_of = {candidate.key: confidence for candidate, confidence in zip(found, confidences, strict=True)}
    kept = select(found, confidences, scorer.record_threshold, gazetteer)
    events = [_event(rules, candidate, confidence_of[candidate.key]) for candidate in kept]
    companies = rules.gazetteer.company_by_slug
    new = [NewCompany(key, companies[key].names[0], companies[key].headquarters)
           for key in unique(event.company for event in events if event.company.startswith(NEW))]
    return Extraction(events=events, unknown_chips=rules.unknown_chips(), new_companies=new)
