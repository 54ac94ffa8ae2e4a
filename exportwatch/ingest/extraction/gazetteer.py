"""Find the catalogue's companies, chips, countries and authorities in text with one Aho-Corasick automaton."""

import copy
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import ahocorasick

from .chinese import as_simplified

COMPANY = "company"
CHIP = "chip"
COUNTRY = "country"
DEMONYM = "demonym"
AUTHORITY = "authority"
# Names that contain a country or company name but mean neither; matched so the longer name wins.
BLOCKED = "blocked"

# Institutions whose names contain a country name without making it a destination.
BLOCKED_NAMES = (
    "中国人民银行", "中国银行", "中国证券报", "中国半导体行业协会", "中国互联网协会", "中国汽车工业协会",
    "中国通信企业协会", "中国移动", "中国电信", "中国联通", "中国日报", "中国国际", "中国政府网",
    "Bank of China", "People's Bank of China", "China Securities Journal", "China Daily", "China Mobile",
    "China Telecom", "China Unicom", "South China Morning Post", "China Semiconductor Industry Association",
    "Global Times", "America's biggest", "US-China", "U.S.-China", "Sino-US",
    # Newspapers named after a country are sources, not destinations.
    "英国金融时报", "日本经济新闻", "韩国经济日报", "Japan Times", "Korea Times", "Korea Herald",
    "Korea Economic Daily", "Korea JoongAng Daily", "Taipei Times", "Taiwan News", "India Today", "Times of India",
    "Arab News",
    # Other firms whose names start like the short name "Applied" (Applied Materials).
    "Applied Digital", "Applied Optoelectronics", "Applied Intuition",
)


@dataclass(frozen=True)
class CompanyEntry:
    slug: str
    names: tuple[str, ...]
    headquarters: str = ""  # ISO alpha-2
    products: tuple[str, ...] = ()  # category slugs of what it sells, for news that names no product
    buyer: bool = False  # named in the news as a customer, never as the exporter
    proposed: bool = False  # found in the news, not yet confirmed by an editor


# Kinds of goods by category: a fabless designer or a software house ships no chipmaking tools, a toolmaker,
# a software house or a materials maker no chips, only a memory maker memory, only a materials maker materials and
# only a display maker display panels, whatever a sentence puts side by side.
_TOOLS = frozenset({"chipmaking-equipment", "euv-lithography", "duv-lithography"})
_CHIPS = frozenset({"ai-chips", "smartphone-chips", "laptop-chips", "memory-chips", "hbm"})
_MEMORY = frozenset({"memory-chips", "hbm"})
_SOFTWARE = frozenset({"eda-software"})
MATERIALS = frozenset({"gallium", "germanium", "antimony", "graphite", "rare-earths", "hydrogen-fluoride",
                       "photoresist", "fluorinated-polyimide"})
DISPLAYS = frozenset({"oled-panels"})
# Kinds of goods only a company selling some of that kind exports; memory before chips, as memory is chips too.
_SOLE_MAKERS_GOODS = (_MEMORY, _CHIPS, _SOFTWARE, MATERIALS, DISPLAYS)
_FABLESS = frozenset({"ai-chips", "smartphone-chips"}) | _SOFTWARE


@dataclass(frozen=True)
class ChipEntry:
    slug: str
    names: tuple[str, ...]
    vendor: str = ""  # Company slug; empty for categories many companies make
    kind: str = "sku"  # sku | family | category
    family: str = ""  # a SKU's family slug ("nvidia-hopper" for the H20)


@dataclass(frozen=True)
class CountryEntry:
    code: str
    names: tuple[str, ...]
    demonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class AuthorityEntry:
    slug: str
    names: tuple[str, ...]
    country: str = ""  # ISO alpha-2


@dataclass(frozen=True)
class Mention:
    kind: str
    key: str  # slug, or the country code for countries and demonyms
    start: int
    end: int
    text: str


def normalised(name: str | None) -> str:
    """A name folded to lower-case letters and digits, the way labels and the catalogue are matched."""
    return re.sub(r"[^0-9a-z\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]+", "", (name or "").lower())


def _is_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _case_fits(alias: str, found: str) -> bool:
    """Exact case, an ALL-CAPS line, or a capitalised spelling of a longer name ("NVIDIA" as "Nvidia")."""
    if found == alias or not any(char.isascii() and char.isalpha() for char in alias):
        return True
    if found.isupper():
        return True
    return len(alias) >= 5 and found[:1].isupper() and found.lower() == alias.lower()


def _lower_same_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters lower to two; keep offsets aligned by leaving those as they are.
    return "".join(char.lower() if len(char.lower()) == 1 else char for char in text)


@dataclass
class Gazetteer:
    """The catalogue's names in one automaton, built once and shared by every extraction of a batch."""

    companies: list[CompanyEntry] = field(default_factory=list)
    chips: list[ChipEntry] = field(default_factory=list)
    countries: list[CountryEntry] = field(default_factory=list)
    authorities: list[AuthorityEntry] = field(default_factory=list)

    def __post_init__(self):
        self.company_by_slug = {entry.slug: entry for entry in self.companies}
        self.chip_by_slug = {entry.slug: entry for entry in self.chips}
        self.authority_by_slug = {entry.slug: entry for entry in self.authorities}
        self.chip_names_lower = frozenset(name.lower() for entry in self.chips for name in entry.names)
        self._slug_by_product_name = {entry.names[0].lower(): entry.slug for entry in self.chips if entry.names}
        self.known_names = frozenset(normalised(name) for _, _, name in self._names())
        self._automaton = ahocorasick.Automaton()
        for kind, key, name in self._names():
            lowered = _lower_same_length(name.strip())
            # Text in Traditional script is searched in Simplified (find); a Japanese text is searched as written.
            for form in {lowered, as_simplified(lowered)} - {""}:
                found = self._automaton.get(form, [])
                found.append((kind, key, name.strip()))
                self._automaton.add_word(form, found)
        if len(self._automaton):
            self._automaton.make_automaton()

    def product_line(self, company: str) -> list[str]:
        """The kinds of product the catalogue says a company sells, for news that names none."""
        return [p for p in self.company_by_slug[company].products if p in self.chip_by_slug]

    def may_export(self, company: str, chip: str) -> bool:
        """Whether the company can be the exporter of this product: a category of another kind of goods than the
        ones the catalogue says it sells is not its export ("Nvidia" beside "chipmaking tools")."""
        entry, products = self.chip_by_slug[chip], set(self.company_by_slug[company].products)
        if entry.kind != "category" or not products:
            return True
        if chip in _TOOLS:
            return not products <= _FABLESS
        kind = next((goods for goods in _SOLE_MAKERS_GOODS if chip in goods), None)
        return kind is None or bool(products & kind)

    @classmethod
    def from_catalog(cls) -> "Gazetteer":
        """Read every company, chip, country and authority with its names from the database. Companies proposed from
        the news are left out until an editor confirms them, so what an item yields never depends on which items
        were read before it."""
        from exportwatch.catalog.models import Authority, ChipSku, Company, Country

        products = defaultdict(list)
        for company, product in Company.products.through.objects.values_list("company__slug", "chipsku__slug"):
            products[company].append(product)
        confirmed = Company.objects.filter(is_proposed=False)
        companies = [
            CompanyEntry(slug, (name, *aliases), headquarters or "", tuple(sorted(products[slug])), buyer)
            for slug, name, aliases, headquarters, buyer in confirmed.values_list(
                "slug", "name", "aliases", "headquarters__code", "is_buyer"
            )
        ]
        chips = [
            ChipEntry(slug, (name, *aliases), vendor or "", kind, family or "")
            for slug, name, aliases, vendor, kind, family in ChipSku.objects.values_list(
                "slug", "name", "aliases", "vendor__slug", "kind", "family__slug"
            )
        ]
        countries = [
            CountryEntry(code, tuple(n for n in (name, official, name_zh, *aliases) if n), tuple(demonyms))
            for code, name, official, name_zh, aliases, demonyms in Country.objects.values_list(
                "code", "name", "official_name", "name_zh", "aliases", "demonyms"
            )
        ]
        authorities = [
            AuthorityEntry(slug, (name, short_name, *aliases), country)
            for slug, name, short_name, aliases, country in Authority.objects.values_list(
                "slug", "name", "short_name", "aliases", "country__code"
            )
        ]
        return cls(companies=companies, chips=chips, countries=countries, authorities=authorities)

    def with_companies(self, entries: list[CompanyEntry]) -> "Gazetteer":
        """This gazetteer, sharing its automaton, that also knows `entries` by slug (one item's new companies)."""
        extended = copy.copy(self)
        extended.company_by_slug = {**self.company_by_slug, **{entry.slug: entry for entry in entries}}
        return extended

    def category_slugs(self, categories: Iterable[str]) -> dict[str, str]:
        """The catalogue slug of each product named exactly so (by its first name), for those it has."""
        found = ((category, self._slug_by_product_name.get(category.lower())) for category in categories)
        return {category: slug for category, slug in found if slug}

    def _names(self) -> Iterable[tuple[str, str, str]]:
        for entry in self.companies:
            yield from ((COMPANY, entry.slug, name) for name in entry.names)
        for entry in self.chips:
            yield from ((CHIP, entry.slug, name) for name in entry.names)
        for entry in self.countries:
            yield from ((COUNTRY, entry.code, name) for name in entry.names)
            yield from ((DEMONYM, entry.code, name) for name in entry.demonyms)
        for entry in self.authorities:
            yield from ((AUTHORITY, entry.slug, name) for name in entry.names)
        yield from ((BLOCKED, "", name) for name in BLOCKED_NAMES)

    def find(self, text: str) -> list[Mention]:
        """Every name in `text` on word boundaries, longest first where names overlap, in text order."""
        if not len(self._automaton) or not text:
            return []
        lowered = _lower_same_length(text)
        candidates = []
        for end_index, entries in self._automaton.iter(lowered):
            end = end_index + 1
            for kind, key, alias in entries:
                start = end - len(alias)
                found = text[start:end]
                if not _case_fits(alias, found):
                    continue
                if _is_word_char(alias[0]) and start > 0 and _is_word_char(text[start - 1]):
                    continue
                if _is_word_char(alias[-1]) and end < len(text) and _is_word_char(text[end]):
                    continue
                candidates.append(Mention(kind, key, start, end, found))
        return _longest_without_overlap(candidates)


def _longest_without_overlap(candidates: list[Mention]) -> list[Mention]:
    taken: list[Mention] = []
    used = set()
    for mention in sorted(candidates, key=lambda m: (-(m.end - m.start), m.start, m.kind != CHIP)):
        span = range(mention.start, mention.end)
        if any(index in used for index in span):
            continue
        used.update(span)
        taken.append(mention)
    return sorted((m for m in taken if m.kind != BLOCKED), key=lambda m: m.start)
