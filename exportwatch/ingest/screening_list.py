"""The Consolidated Screening List as a source: its file streamed through the guarded client into a temporary file
and loaded by `screening.loading`, each new entity linked to the catalogue company its names name.

The file is tens of megabytes, so it has its own size cap and deadline (SCREENING_MAX_BYTES,
SCREENING_FETCH_TIMEOUT_SECONDS). A 304 answer to the conditional request loads nothing.
"""

import tempfile
from typing import BinaryIO

from django.conf import settings

from exportwatch.catalog.models import Company
from exportwatch.screening.loading import CompanyMatcher, LoadOutcome, load
from exportwatch.screening.reading import Entry

from .extraction.gazetteer import COMPANY, Gazetteer, Mention
from .fetching import FetchResponse, fetch

ACCEPT = "application/json, text/csv;q=0.9, */*;q=0.5"
# Listed people, ships and planes are never a catalogue company, whatever their names contain.
NOT_COMPANIES = frozenset({"individual", "vessel", "aircraft"})


def fetch_and_load(source) -> tuple[FetchResponse, LoadOutcome | None]:
    """Fetch the source's file (conditionally) and load it; the outcome is None when the server said unchanged.

    Raises FetchError or screening.reading.UnreadableFile.
    """
    with tempfile.TemporaryFile() as file:
        response = fetch(source.url, etag=source.etag or None, last_modified=source.last_modified or None,
                         accept=ACCEPT, into=file, max_bytes=settings.SCREENING_MAX_BYTES,
                         timeout_seconds=settings.SCREENING_FETCH_TIMEOUT_SECONDS)
        if response.not_modified:
            return response, None
        file.seek(0)
        return response, load_file(file, source=source, url=response.url)


def load_file(file: BinaryIO, *, source=None, url: str = "") -> LoadOutcome:
    """Load an open screening-list file, matching new entities to the catalogue's companies."""
    return load(file, source=source, url=url, match_company=company_matcher(Gazetteer.from_catalog()))


def company_matcher(gazetteer: Gazetteer) -> CompanyMatcher:
    """An entity belongs to the one confirmed catalogue company its name or another name names; none when its names
    name two, or when it is a person, a ship or a plane."""
    ids = dict(Company.objects.filter(is_proposed=False).values_list("slug", "pk"))

    def match(entry: Entry) -> int | None:
        if entry.entity_type.casefold() in NOT_COMPANIES:
            return None
        named = {mention.key for name in (entry.name, *entry.alt_names) for mention in gazetteer.find(name)
                 if mention.kind == COMPANY and not _is_first_word_only(mention, gazetteer)}
        return ids.get(named.pop()) if len(named) == 1 else None

    return match


def _is_first_word_only(mention: Mention, gazetteer: Gazetteer) -> bool:
    """ "Applied" for Applied Materials, "Lam" for Lam Research: the news' short forms, which on a list of thousands
    of firms name others as often."""
    full_name = gazetteer.company_by_slug[mention.key].names[0]
    return " " in full_name and full_name.split()[0].casefold() == mention.text.casefold()
