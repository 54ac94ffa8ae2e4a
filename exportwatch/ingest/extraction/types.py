"""The extractor's results: the contract the ingest pipeline builds on."""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class ExtractedEvent:
    company: str  # Company.slug
    chip: str  # ChipSku.slug (a sku, family or category)
    country: str  # ISO 3166-1 alpha-2 destination
    authority: str  # Authority.slug
    status: str  # one of licences.models.Status values
    event_date: date | None
    date_precision: str  # "day" | "month" | "year" | "unknown"; a month-precise date is the 1st
    confidence: float  # 0..1; below 0.7 it waits for an editor's review
    sentence: str  # the supporting sentence, as in the text
    conditions: str = ""  # e.g. "15% revenue share" for a grant with conditions


@dataclass(frozen=True)
class UnknownChip:
    """A chip-like name next to a vendor that the catalogue does not know, e.g. "Nvidia B40"."""

    vendor: str  # Company.slug
    name: str
    sentence: str


@dataclass(frozen=True)
class NewCompany:
    """A company the text presents that the catalogue does not hold; events name it by `key`."""

    key: str
    name: str
    headquarters: str = ""  # ISO alpha-2, when the text says where it is from


@dataclass(frozen=True)
class Extraction:
    events: list[ExtractedEvent]
    unknown_chips: list[UnknownChip]
    new_companies: list[NewCompany] = field(default_factory=list)
