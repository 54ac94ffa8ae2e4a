"""Every licence event a news item could be reporting, each with the features the learned scorer weighs.

A candidate is a (company, product, destination, status) tuple whose parts the text names somewhere and
whose status some sentence hints at, precisely (a cue of `cues.py`) or broadly (a word of `lexicon.py`).
Its features say how close those parts stand to a hint, how the hint is qualified, how prominent each
part is in the item, and whether the hand-written rules chose the tuple themselves. None of them names a
particular company, chip or country other than China, so what is learned carries over to news nobody
has labelled.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from . import cues, lexicon
from .gazetteer import CHIP, COMPANY, COUNTRY, DEMONYM
from .reading import generic_product_starts
from .types import ExtractedEvent

STATUSES = (cues.IMPOSED, cues.LIFTED, cues.APPLIED, cues.UNDER_REVIEW, cues.ASSURED, cues.GRANTED, cues.DENIED,
            cues.REVOKED)
# Sentence distances are capped here: farther than this, a part is as good as absent.
FAR = 8
# A candidate's parts stand at most this many sentences in total from the hint at its status.
MAX_COST = 8
# Character gaps within a sentence are capped here; a part the sentence implies without naming it (a buyer's
# home country, a fab's city) counts as this far from the cue.
FAR_CHARS = 200
IMPLIED_CHARS = 60
PRODUCT_KINDS = ("sku", "family", "category")
_CLAUSE_BREAK = re.compile(r";|\s[-–—]\s|,?\s+but\s+|,?\s+while\s+|,?\s+whereas\s+")
_DESTINATION_BEFORE = re.compile(r"\b(?:to|into|for|in|towards|bound for|destined for)\s+(?:the\s+)?$|[向对到]$", re.I)
_ORIGIN_BEFORE = re.compile(r"\b(?:from|by|of)\s+(?:the\s+)?$", re.I)


@dataclass(frozen=True)
class Support:
    """A sentence's hint at one status: the strongest of its cues and words for that status."""

    index: int
    status: str
    start: int
    end: int
    precise: bool  # a cue the hand-written rules keep
    clean: bool  # precise, or a broad word with no hedge, negation, condition or modal before it
    hedged: bool
    negated: bool
    future: bool
    conditional: bool
    question: bool
    reported: bool
    in_title: bool

    @property
    def as_cue(self) -> cues.StatusCue:
        return cues.StatusCue(self.status, self.start, self.end, self.reported)


@dataclass
class Candidate:
    company: str
    chip: str
    country: str
    status: str
    features: dict[str, float]
    support: Support  # the sentence that supports the tuple best: its date and its evidence
    rule_event: ExtractedEvent | None  # the rules' own event for this tuple, if they chose it

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.company, self.chip, self.country, self.status)


def _distances(indexes: list[int], count: int) -> list[int]:
    """For each sentence, how many sentences away the nearest of `indexes` is (FAR when none is): one pass
    forward, one back."""
    found = [FAR] * count
    for index in indexes:
        found[index] = 0
    for index in range(1, count):
        found[index] = min(found[index], found[index - 1] + 1)
    for index in range(count - 2, -1, -1):
        found[index] = min(found[index], found[index + 1] + 1)
    return found


class _Document:
    """Where each product, company and destination is named, and which sentences hint at which status."""

    def __init__(self, rules):
        self.rules = rules
        self.gazetteer = rules.gazetteer
        self.size = len(rules.sentences)
        self.has_title = bool(self.size) and rules.sentences[0].is_title
        self.products: dict[str, list[int]] = defaultdict(list)
        self.exporters: dict[str, list[int]] = defaultdict(list)
        self.recipients: Counter = Counter()
        self.owners: Counter = Counter()
        self.destinations: dict[str, list[int]] = defaultdict(list)
        self.mentioned_countries: Counter = Counter()
        self.cooccurring: dict[str, set[str]] = defaultdict(set)  # product → exporters named beside it
        # sentence → (kind, key) → character offsets where the sentence names it
        self.places: list[dict[tuple[str, str], list[int]]] = []
        for index, mentions in enumerate(rules.readings.mentions):
            self._read(index, mentions)
        self.supports = self._supports()
        self._distance_cache: dict[tuple[str, str], list[int]] = {}
        # What the features ask of every candidate, worked out once per item.
        self.hinted_in = [set() for _ in range(self.size)]
        self.precise_in = [set() for _ in range(self.size)]
        for status, supports in self.supports.items():
            for support in supports:
                self.hinted_in[support.index].add(status)
                if support.precise:
                    self.precise_in[support.index].add(status)
        self.statuses_precise = sum(any(s.precise for s in group) for group in self.supports.values())
        self.named_in = [Counter(kind for kind, _ in places) for places in self.places]
        ranked = sorted(self.destinations, key=lambda code: -len(self.destinations[code]))
        self.destination_rank = {code: rank for rank, code in enumerate(ranked)}
        self.sku_vendors = {self.gazetteer.chip_by_slug[chip].vendor for chip in self.products
                            if self.gazetteer.chip_by_slug[chip].kind == "sku"}

    def _read(self, index: int, mentions) -> None:
        reading = self.rules.readings[index]
        self.places.append(self._places(reading, mentions))
        for chip in reading.chips:
            self.products[chip].append(index)
            self.cooccurring[chip].update(reading.exporters)
        for company in reading.exporters:
            self.exporters[company].append(index)
        named = {m.key for m in mentions if m.kind == "company"}
        self.recipients.update(named - set(reading.exporters))
        self.owners.update(reading.owners)
        for country in reading.destinations:
            self.destinations[country].append(index)
        self.mentioned_countries.update({m.key for m in mentions if m.kind in (COUNTRY, DEMONYM)})

    def _places(self, reading, mentions) -> dict[tuple[str, str], list[int]]:
        places: dict[tuple[str, str], list[int]] = defaultdict(list)
        for mention in mentions:
            if mention.kind == CHIP and mention.key in reading.chips:
                places[("product", mention.key)].append(mention.start)
            elif mention.kind == COMPANY and mention.key in reading.exporters:
                places[("company", mention.key)].append(mention.start)
            elif mention.kind in (COUNTRY, DEMONYM) and mention.key in reading.destinations:
                places[("country", mention.key)].append(mention.start)
        unplaced = [chip for chip in reading.chips if ("product", chip) not in places]
        for chip, start in generic_product_starts(reading.sentence.text, unplaced, self.gazetteer).items():
            places[("product", chip)].append(start)
        return places

    def local(self, index: int, kind: str, key: str, support: "Support") -> tuple[int, bool]:
        """Characters between the support's cue and the nearest naming of the part in its sentence, and
        whether the part comes before the cue (FAR_CHARS when the sentence does not name it)."""
        offsets = self.places[index].get((kind, key))
        if not offsets:
            return FAR_CHARS, False
        gaps = [(max(support.start - offset, offset - support.end, 0), offset < support.start) for offset in offsets]
        gap, before = min(gaps)
        return min(gap, FAR_CHARS), before

    def _supports(self) -> dict[str, list[Support]]:
        found: dict[str, list[Support]] = defaultdict(list)
        for index, sentence in enumerate(self.rules.sentences):
            text = sentence.text
            precise = {cue.status: cue for cue in self.rules._cues_in(index)}
            words: dict[str, list[lexicon.WordMatch]] = defaultdict(list)
            for word in lexicon.find_status_words(text):
                words[word.status].append(word)
            if not (precise or words):
                continue
            question = text.rstrip().endswith(("?", "？"))
            reported = bool(cues.REPORTED.search(text))
            for status in sorted(set(precise) | set(words)):
                found[status].append(_support(index, status, precise.get(status), words[status], question, reported,
                                              sentence.is_title))
        return found

    def part_distances(self, chip: str, company: str, implied: str) -> tuple[list[int], list[int]]:
        """Sentence distances of the product and of the company; an implied part is as far as the named one."""
        if implied == "product":
            company_far = self.distances("company", company)
            return company_far, company_far
        product_far = self.distances("product", chip)
        return product_far, product_far if implied == "company" else self.distances("company", company)

    def country_preposition(self, index: int, country: str) -> tuple[bool, bool]:
        """Whether the sentence names the country after "to"/"for" (a destination) or after "from"/"by"."""
        text = self.rules.sentences[index].text
        offsets = self.places[index].get(("country", country), [])
        return (any(_DESTINATION_BEFORE.search(text[max(0, o - 20):o]) for o in offsets),
                any(_ORIGIN_BEFORE.search(text[max(0, o - 12):o]) for o in offsets))

    def one_clause(self, index: int, support: Support, keys: tuple[str, str, str]) -> bool:
        """Whether the cue and the first naming of each part the sentence names stand in one clause."""
        places = self.places[index]
        offsets = [offsets[0] for kind, key in zip(("product", "company", "country"), keys, strict=True)
                   if (offsets := places.get((kind, key)))]
        span = sorted([support.start, support.end, *offsets])
        return not _CLAUSE_BREAK.search(self.rules.sentences[index].text[span[0]:span[-1]])

    def distances(self, kind: str, key: str) -> list[int]:
        cached = self._distance_cache.get((kind, key))
        if cached is None:
            indexes = {"product": self.products, "company": self.exporters, "country": self.destinations}[kind]
            cached = self._distance_cache[(kind, key)] = _distances(indexes.get(key, []), self.size)
        return cached

    def in_title(self, indexes: list[int]) -> bool:
        return self.has_title and bool(indexes) and indexes[0] == 0


def _support(index, status, cue, words, question, reported, in_title) -> Support:
    clean_words = [w for w in words if not (w.hedged or w.negated or w.conditional or w.future)]
    word = (clean_words or words or [None])[0]
    start, end = (cue.start, cue.end) if cue else (word.start, word.end)
    return Support(
        index=index, status=status, start=start, end=end, precise=cue is not None,
        clean=cue is not None or bool(clean_words),
        hedged=bool(word and word.hedged), negated=bool(word and word.negated), future=bool(word and word.future),
        conditional=bool(word and word.conditional), question=question, reported=reported, in_title=in_title,
    )


class _RuleView:
    """The rules' own events, looked up by tuple and by the parts they share with a candidate."""

    def __init__(self, events: list[ExtractedEvent]):
        self.by_key = {(e.company, e.chip, e.country, e.status): e for e in events}
        self.statuses_of = defaultdict(set)
        self.countries_of = defaultdict(set)
        self.pairs = set()
        for e in events:
            self.statuses_of[(e.company, e.chip, e.country)].add(e.status)
            self.countries_of[(e.company, e.chip, e.status)].add(e.country)
            self.pairs.add((e.company, e.chip))
        self.count = len(events)


def find_candidates(rules, rule_events: list[ExtractedEvent]) -> list[Candidate]:
    """The candidate tuples of one item (`rules` is the item's rule extractor, `rule_events` its events).

    A tuple whose parts all stand more than MAX_COST sentences in total from every hint at its status is no
    candidate: in the labelled corpora almost no reported event is that scattered.
    """
    document = _Document(rules)
    if not document.supports or not document.destinations:
        return []
    rule_view = _RuleView(rule_events)
    found = []
    for chip, company, implied in _products_and_companies(document):
        if not document.gazetteer.may_export(company, chip):
            continue
        product_far, company_far = document.part_distances(chip, company, implied)
        for country in document.destinations:
            country_far = document.distances("country", country)
            cost = [p + c + k for p, c, k in zip(product_far, company_far, country_far, strict=True)]
            if min(cost) > MAX_COST:
                continue
            parts = _Parts(company, chip, country, implied, product_far, company_far, country_far, cost)
            for status, supports in document.supports.items():
                best = min(supports, key=lambda s: (cost[s.index], not s.precise, not s.clean))
                if cost[best.index] <= MAX_COST:
                    found.append(_candidate(document, rule_view, parts, status, supports, best))
    return found


@dataclass(frozen=True)
class _Parts:
    """A (company, product, destination) and, per sentence, how far each part and all three are."""

    company: str
    chip: str
    country: str
    implied: str  # "company" when the item names only the product, "product" when it names only the company
    product_far: list[int]
    company_far: list[int]
    country_far: list[int]
    cost: list[int]


def _products_and_companies(document: _Document):
    """(product, company, which of them is only implied) triples: a product's vendor, exporters named beside it
    or, for products many companies make, anywhere in the item; and what an exporter sells when the item
    names the company but not that product."""
    chip_by_slug = document.gazetteer.chip_by_slug
    for company in document.exporters:
        entry = document.gazetteer.company_by_slug[company]
        for product in entry.products:
            if product not in document.products and product in chip_by_slug:
                yield product, company, "product"
    for chip in document.products:
        vendor = chip_by_slug[chip].vendor
        companies = set(document.cooccurring[chip])
        if not vendor:  # a company found new in this item must be named beside the product to make it
            companies |= {c for c in document.exporters if not document.gazetteer.company_by_slug[c].proposed}
        if vendor:
            yield chip, vendor, "company" if vendor not in document.exporters else ""
            companies.discard(vendor)
        for company in sorted(companies):
            yield chip, company, ""


def _candidate(document: _Document, rule_view: _RuleView, parts: _Parts, status: str, supports: list[Support],
               best: Support) -> Candidate:
    company, chip, country, cost = parts.company, parts.chip, parts.country, parts.cost
    index = best.index
    precise = [cost[s.index] for s in supports if s.precise]
    clean = [cost[s.index] for s in supports if s.clean]
    gazetteer = document.gazetteer
    entry = gazetteer.chip_by_slug[chip]
    home = gazetteer.company_by_slug[company].headquarters
    rule_event = rule_view.by_key.get((company, chip, country, status))
    company_gap, company_before = document.local(index, "company", company, best)
    product_gap, product_before = document.local(index, "product", chip, best)
    if parts.implied == "product":
        product_gap, product_before = company_gap, company_before
    elif parts.implied == "company":
        company_gap, company_before = product_gap, product_before
    country_gap, _ = document.local(index, "country", country, best)
    if country_gap == FAR_CHARS and parts.country_far[index] == 0:
        country_gap = IMPLIED_CHARS  # named by a buyer's home or a fab's city, not by name
    after_to, after_from = document.country_preposition(index, country)
    size = max(document.size, 1)
    product_at = document.products.get(chip, [])
    company_at = document.exporters.get(company, [])
    country_at = document.destinations[country]
    return Candidate(company, chip, country, status, {
        **{f"status_{name}": float(status == name) for name in STATUSES},
        **{f"product_{kind}": float(entry.kind == kind) for kind in PRODUCT_KINDS},
        "cost_best": cost[index],
        "cost_precise": min(precise, default=3 * FAR),
        "cost_clean": min(clean, default=3 * FAR),
        "product_distance": parts.product_far[index],
        "company_distance": parts.company_far[index],
        "country_distance": parts.country_far[index],
        "supports_precise": len(precise),
        "supports_clean": len(clean),
        "supports": len(supports),
        "best_precise": float(best.precise),
        "best_clean": float(best.clean),
        "best_hedged": float(best.hedged),
        "best_negated": float(best.negated),
        "best_future": float(best.future),
        "best_conditional": float(best.conditional),
        "best_question": float(best.question),
        "best_reported": float(best.reported),
        "best_in_title": float(best.in_title),
        "best_position": index / size,
        "local_product_gap": product_gap,
        "local_company_gap": company_gap,
        "local_country_gap": country_gap,
        "local_product_before": float(product_before),
        "local_company_before": float(company_before),
        "local_country_after_to": float(after_to),
        "local_country_after_from": float(after_from),
        "local_one_clause": float(document.one_clause(index, best, (chip, company, country))),
        "local_products": document.named_in[index]["product"],
        "local_countries": document.named_in[index]["country"],
        "local_companies": document.named_in[index]["company"],
        "local_statuses": len(document.hinted_in[index]),
        "local_precise_other_status": float(bool(document.precise_in[index] - {status})),
        "rule_chose": float(rule_event is not None),
        "rule_confidence": rule_event.confidence if rule_event else 0.0,
        "rule_other_status": float(bool(rule_view.statuses_of[(company, chip, country)] - {status})),
        "rule_other_country": float(bool(rule_view.countries_of[(company, chip, status)] - {country})),
        "rule_pair": float((company, chip) in rule_view.pairs),
        "rule_events": rule_view.count,
        "product_in_title": float(document.in_title(product_at)),
        "product_sentences": len(product_at),
        "product_first": product_at[0] / size if product_at else 1.0,
        "product_implied": float(parts.implied == "product"),
        "product_has_named_sku": float(entry.kind != "sku" and company in document.sku_vendors),
        "company_is_vendor": float(entry.vendor == company),
        "company_implied": float(parts.implied == "company"),
        "company_as_exporter": len(company_at),
        "company_as_recipient": document.recipients[company],
        "company_as_owner": document.owners[company],
        "company_in_title": float(document.in_title(company_at)),
        "company_home_is_china": float(home == "CN"),
        "company_new": float(gazetteer.company_by_slug[company].proposed),
        "company_home_is_destination": float(home == country),
        "country_is_china": float(country == "CN"),
        "country_sentences": len(country_at),
        "country_mentions": document.mentioned_countries[country],
        "country_in_title": float(document.in_title(country_at)),
        "country_rank": document.destination_rank[country],
        "country_first": country_at[0] / size,
        "products": len(document.products),
        "companies": len(document.exporters),
        "countries": len(document.destinations),
        "statuses_precise": document.statuses_precise,
        "sentences": document.size,
    }, best, rule_event)
