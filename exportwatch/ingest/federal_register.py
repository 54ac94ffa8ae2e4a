"""The Federal Register as a source: pages of the public API's document search turned into Regulations.

A page is JSON with `results` (documents with `document_number`, `title`, `type`, `abstract`,
`publication_date`, `effective_on`, `citation`, `html_url`) and `next_page_url`. Each document becomes one
Regulation, found again by its document number however often it is polled; what an editor changed on it is
left alone. The chips, companies and countries its title and abstract name are linked through the gazetteer.
A document the page cannot vouch for (no number, no title, a date that is not a date) is refused with the
reason and the rest of the page kept. Each document is also a news item (its title and abstract, at its
address), so the pipeline proposes the licence steps it implies; like every ingested step they wait for an
editor's review and are never confirmed by themselves.
"""

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from django.db import transaction
from django.db.models import Q

from exportwatch.catalog.models import Authority, ChipSku, Company, Country, Regulation

from .extraction.gazetteer import CHIP, COMPANY, COUNTRY, Gazetteer
from .parsing import ParsedItem, ParseError

# The document types of the API, as the catalogue's kinds of regulation.
KINDS = {"Rule": Regulation.Kind.RULE, "Presidential Document": Regulation.Kind.DECISION}
MAX_TITLE = Regulation._meta.get_field("title").max_length
MAX_CITATION = Regulation._meta.get_field("citation").max_length
MAX_URL = Regulation._meta.get_field("url").max_length


@dataclass(frozen=True)
class Document:
    number: str
    title: str
    kind: str
    abstract: str
    published_on: date
    effective_on: date | None
    citation: str
    url: str


@dataclass
class Page:
    documents: list[Document]
    refused: list[ParseError]
    next_url: str | None


def read_page(data: bytes, *, name: str) -> Page:
    """The documents of one page of search results; raises ValueError when the page itself is unreadable."""
    try:
        payload = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise ValueError(f"{name} is not the Federal Register's JSON: {error}") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("results", []), list):
        raise ValueError(f"{name} has no list of results")
    documents, refused = [], []
    for index, raw in enumerate(payload.get("results", []), start=1):
        try:
            documents.append(_document(raw))
        except ValueError as error:
            refused.append(ParseError(f"{name}, document {index}", str(error), json.dumps(raw)[:500]))
    next_url = payload.get("next_page_url")
    return Page(documents, refused, next_url if isinstance(next_url, str) and next_url else None)


def _document(raw) -> Document:
    if not isinstance(raw, dict):
        raise ValueError("a document must be a JSON object")
    number, title = _text(raw, "document_number"), _text(raw, "title")
    if not number or not title:
        raise ValueError("a document needs a document_number and a title")
    return Document(
        number=number[:40],
        title=title[:MAX_TITLE],
        kind=_text(raw, "type"),
        abstract=_text(raw, "abstract"),
        published_on=_date(raw, "publication_date", required=True),
        effective_on=_date(raw, "effective_on"),
        citation=_text(raw, "citation")[:MAX_CITATION],
        url=_web_url(_text(raw, "html_url")),
    )


def _text(raw: dict, key: str) -> str:
    value = raw.get(key)
    return value.strip() if isinstance(value, str) else ""


def _date(raw: dict, key: str, *, required: bool = False) -> date | None:
    value = _text(raw, key)
    if not value:
        if required:
            raise ValueError(f"{key} is missing")
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{key} {value[:40]!r} is not a YYYY-MM-DD date") from None


def _web_url(url: str) -> str:
    return url if url.startswith("https://") and len(url) <= MAX_URL else ""


def as_news_item(document: Document) -> ParsedItem:
    """The document as the pipeline reads news: its title and abstract, dated by its publication."""
    published = datetime.combine(document.published_on, time(12), tzinfo=UTC)
    return ParsedItem(url=document.url, title=document.title, published=published, body=document.abstract,
                      outlet="federalregister.gov", guid=document.number, location=f"document {document.number}")


def store(documents: list[Document], *, authority: Authority, gazetteer: Gazetteer) -> int:
    """Create a Regulation for each document not on file yet, with its links; returns how many were new."""
    known = set(Regulation.objects.filter(document_number__in=[d.number for d in documents])
                .values_list("document_number", flat=True))
    created = 0
    for document in documents:
        if document.number in known:
            continue  # polled before: an editor may have refined it since
        with transaction.atomic():
            regulation = Regulation.objects.create(
                document_number=document.number, slug=f"fr-{document.number}"[:120], title=document.title,
                kind=KINDS.get(document.kind, Regulation.Kind.GUIDANCE), citation=document.citation,
                authority=authority, published_on=document.published_on, effective_on=document.effective_on,
                url=document.url, summary=document.abstract,
            )
            _link(regulation, f"{document.title}\n{document.abstract}", gazetteer)
        known.add(document.number)
        created += 1
    return created


def _link(regulation: Regulation, text: str, gazetteer: Gazetteer) -> None:
    named = {CHIP: set(), COMPANY: set(), COUNTRY: set()}
    for mention in gazetteer.find(text):
        if mention.kind in named:
            named[mention.kind].add(mention.key)
    chips = list(ChipSku.objects.filter(slug__in=named[CHIP]))
    regulation.chips.set(chips)
    # A rule on a product concerns its maker even where the text names it only in the product's name.
    makers = Q(slug__in=named[COMPANY]) | Q(pk__in=[chip.vendor_id for chip in chips if chip.vendor_id])
    regulation.companies.set(Company.objects.filter(makers, is_proposed=False))
    regulation.countries.set(Country.objects.filter(code__in=named[COUNTRY]))
