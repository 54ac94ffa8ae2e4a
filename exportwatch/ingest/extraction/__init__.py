"""Plain-Python extraction of licence events from one news item's text.

    gazetteer = Gazetteer.from_catalog()          # once per batch
    result = extract(title=..., text=..., published=..., gazetteer=gazetteer)
"""

from .extractor import extract, rule_events
from .gazetteer import AuthorityEntry, ChipEntry, CompanyEntry, CountryEntry, Gazetteer
from .types import ExtractedEvent, Extraction, NewCompany, UnknownChip

__all__ = [
    "AuthorityEntry",
    "ChipEntry",
    "CompanyEntry",
    "CountryEntry",
    "ExtractedEvent",
    "Extraction",
    "Gazetteer",
    "NewCompany",
    "UnknownChip",
    "extract",
    "rule_events",
]
