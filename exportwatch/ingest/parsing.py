"""Bytes in, items out: JSON Lines, RSS/Atom, HTML pages and plain text, each with a clear error per bad part.

Nothing here reads a file or the network: feedparser and trafilatura only ever see bytes or text we hand
them, and a feed that declares entities is refused before feedparser sees it.
"""

import codecs
import hashlib
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import PurePath
from urllib.parse import quote, urlsplit

import charset_normalizer
import feedparser
import lxml.html
import trafilatura
from lxml import etree

from exportwatch.ingest.text import html_to_text, normalise_text, strip_tags, truncate

EXCERPT_CHARS = 500
_TITLE_CHARS = 300
_SNIFF_BYTES = 4096

_BINARY_SIGNATURES = {
    b"%PDF-": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"RIFF": "a RIFF (WebP, WAV or AVI) file",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Office document",
    b"\x7fELF": "an executable",
}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Labels that pages use for a subset of what they really send (as browsers read them).
_CHARSET_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "iso-8859-1": "cp1252", "latin-1": "cp1252",
                      "us-ascii": "cp1252", "ascii": "cp1252", "big5": "big5hkscs"}
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# Entity declarations are how billion-laughs, quadratic blowup and XXE get in; feeds never need them.
_ENTITY_DECLARATION = re.compile(r"<!ENTITY|<!DOCTYPE[^>\[]*\[", re.IGNORECASE)
# The first element of a document, after any declaration, comment or doctype.
_ROOT_ELEMENT = re.compile(
    r"^\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>\s*)*<([A-Za-z][\w:.-]*)", re.DOTALL
)
# Ask htmldate for the full timestamp the page states, not only its day, and only from the page's markup.
_DATE_CONFIG = {"outputformat": "%Y-%m-%dT%H:%M:%S%z", "extensive_search": False, "original_date": True}
_FEED_ROOTS = frozenset({"rss", "feed", "rdf:rdf", "rdf"})
_HTML_MARKUP = re.compile(
    r"<(?:p|br|div|span|a|b|i|em|strong|ul|ol|li|h[1-6]|table|img|blockquote|html|body)\b[^>]*>|</\w+>", re.IGNORECASE
)


class Format(StrEnum):
    JSON_LINES = "jsonl"
    FEED = "feed"
    HTML = "html"
    TEXT = "text"
    REFUSED = "refused"


@dataclass
class ParsedItem:
    url: str
    title: str = ""
    published: datetime | None = None
    body: str = ""
    body_html: str = ""
    outlet: str = ""
    language: str = ""
    guid: str = ""
    location: str = "document"  # where in the input it came from ("line 7", "entry 3"), for error records


@dataclass
class ParseError:
    """One part of the input that gave no item (or a warning about it), with the raw text kept for an editor."""

    location: str
    message: str
    excerpt: str = ""

    def __str__(self):
        return f"{self.location}: {self.message}"


@dataclass
class ParseResult:
    format: Format
    items: list[ParsedItem] = field(default_factory=list)
    errors: list[ParseError] = field(default_factory=list)
    # Problems the parser recovered from: the items are there, but an editor may want to look.
    warnings: list[ParseError] = field(default_factory=list)


def parse_bytes(data: bytes, *, name: str, content_type: str | None = None) -> ParseResult:
    """Sniff what `data` is and parse it; `name` is where it came from (a URL or a file name).

    `content_type` may carry a charset (`text/html; charset=utf-8`); the bytes decide when it is wrong.
    """
    refusal = _refuse_binary(data)
    if refusal:
        return ParseResult(Format.REFUSED, errors=[refusal])
    media_type, declared_charset = _split_content_type(content_type)
    fmt = _sniff_format(data, name=name, media_type=media_type)
    if fmt is Format.JSON_LINES:
        return _checked(parse_json_lines(data, name=name))
    refusal = _refuse_nul(data)
    if refusal:
        return ParseResult(Format.REFUSED, errors=[refusal])
    if len(data) > MAX_DOCUMENT_BYTES:
        return ParseResult(Format.REFUSED, errors=[ParseError(
            "document", f"refused: one page or feed of {len(data):,} bytes; at most {MAX_DOCUMENT_BYTES:,} are "
                        "read as one document", _excerpt(data))])
    text = decode(data, declared_charset)
    refusal = _refuse_non_text(text)
    if refusal:
        return ParseResult(Format.REFUSED, errors=[refusal])
    if fmt is Format.FEED:
        return _checked(parse_feed(text, name=name))
    if fmt is Format.HTML:
        return _checked(parse_html_page(text, name=name))
    return _checked(parse_plain_text(text, name=name))


# --- What every item must be before it is stored, whatever its format -------------------------------------------

MAX_URL_CHARS = 2000
# A page, feed or text file is parsed whole (HTML trees take many times their size in memory); JSON Lines is
# read a line at a time.
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# News dates before this are typos or placeholders; after "now" plus a day they cannot be true yet.
EARLIEST_PUBLISHED = datetime(1990, 1, 1, tzinfo=UTC)
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")
_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")  # NUL and lone surrogates: no database or page can hold them


def _checked(result: ParseResult) -> ParseResult:
    """Refuse the items no page could show (each with its reason, its neighbours kept) and repair what can be
    repaired, with a warning that says what was dropped."""
    kept = []
    for item in result.items:
        problem = _url_problem(item.url)
        if problem:
            result.errors.append(ParseError(item.location, problem, item.url[:EXCERPT_CHARS]))
            continue
        result.warnings += _repaired(item)
        kept.append(item)
    result.items = kept
    return result


def _url_problem(url: str) -> str:
    if len(url) > MAX_URL_CHARS:
        return f"the url is {len(url):,} characters long; at most {MAX_URL_CHARS:,} are kept"
    if _UNSTORABLE.search(url) or any(char.isspace() or ord(char) < 32 for char in url):
        return "the url contains control characters, spaces or broken Unicode"
    # file: and urn:exportwatch: are how a local document and a feed entry without a link are addressed.
    if not (_is_web_url(url) or url.startswith(("file:", "urn:exportwatch:"))):
        return f"the url is not an http or https address: {url[:200]!r}"
    return ""


def _repaired(item: ParsedItem) -> list[ParseError]:
    warnings = []
    if item.published is not None and not _plausible(item.published):
        warnings.append(ParseError(item.location, f"the publication date {item.published.isoformat()} cannot be "
                                                  "right; the item is kept without a date"))
        item.published = None
    if item.language and not _LANGUAGE_TAG.match(item.language):
        warnings.append(ParseError(item.location, f"the language {item.language[:40]!r} is not a language tag; the "
                                                  "item is kept without one"))
        item.language = ""
    for field_name in ("title", "body", "body_html", "outlet", "guid"):
        value = getattr(item, field_name)
        if _UNSTORABLE.search(value):
            setattr(item, field_name, _UNSTORABLE.sub("", value))
    return warnings


def _plausible(moment: datetime) -> bool:
    try:
        in_utc = moment.astimezone(UTC)
    except (OverflowError, ValueError):  # 0001-01-01T00:00:00+14:00 is before the first UTC day there is
        return False
    return EARLIEST_PUBLISHED <= in_utc <= datetime.now(UTC) + timedelta(days=1)


# --- Refusing and decoding ------------------------------------------------------------------------------


def _refuse_binary(data: bytes) -> ParseError | None:
    if not data.strip():
        return ParseError("document", "the input is empty")
    for signature, description in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            return ParseError("document", f"refused: the input is {description}, not text", _excerpt(data))
    return None


def _refuse_nul(data: bytes) -> ParseError | None:
    """A NUL near the start of a page or feed marks binary data (JSON Lines judge each line on its own)."""
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return None  # UTF-16 and UTF-32 text is full of NUL bytes
    if b"\x00" in data[:_SNIFF_BYTES]:
        return ParseError("document", "refused: the input contains NUL bytes, so it is binary data, not text",
                          _excerpt(data))
    return None


# Text whose characters are this often control codes, unassigned or undecodable is binary data that got through.
_MAX_NON_TEXT_SHARE = 0.05


def _refuse_non_text(text: str) -> ParseError | None:
    sample = text[:20_000]
    if not sample:
        return None
    non_text = sum(1 for char in sample if (char == "\ufffd" or unicodedata.category(char) in ("Cc", "Co", "Cn", "Cs"))
                   and char not in "\n\r\t")
    if non_text / len(sample) <= _MAX_NON_TEXT_SHARE:
        return None
    return ParseError("document", f"refused: {non_text / len(sample):.0%} of the input is control codes or "
                                  "undecodable bytes, so it is binary data, not text",
                      _excerpt(text.encode("utf-8", "replace")))


def decode(data: bytes, declared_charset: str | None = None) -> str:
    """`data` as text: a BOM, else valid UTF-8, else the declared charset if it fits, else a sniffed one."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass  # labelled UTF-8 or not, it is something else
    for charset in (declared_charset, _charset_in_document(data)):
        encoding = _python_encoding(charset)
        if encoding and encoding != "utf-8":
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                pass
    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        return str(best)
    return data.decode("utf-8", errors="replace")


def _charset_in_document(data: bytes) -> str | None:
    head = data[:_SNIFF_BYTES]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def _python_encoding(charset: str | None) -> str | None:
    if not charset:
        return None
    charset = charset.strip().lower()
    charset = _CHARSET_SUPERSETS.get(charset, charset)
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return None


def _split_content_type(content_type: str | None) -> tuple[str, str | None]:
    if not content_type:
        return "", None
    media_type, _, parameters = content_type.partition(";")
    match = re.search(r"charset\s*=\s*[\"']?([^\"';\s]+)", parameters, re.IGNORECASE)
    return media_type.strip().lower(), match.group(1) if match else None


def _sniff_format(data: bytes, *, name: str, media_type: str) -> Format:
    # Markers are ASCII, so a lossy decode of the start is enough to tell formats apart.
    head = data[:_SNIFF_BYTES]
    bom_encoding = next((encoding for bom, encoding in _BOMS if head.startswith(bom)), "utf-8")
    head = head.decode(bom_encoding, errors="replace").lstrip("\ufeff")
    if head.lstrip().startswith("{"):
        return Format.JSON_LINES
    root = _ROOT_ELEMENT.match(head)
    if root:
        return Format.FEED if root.group(1).lower() in _FEED_ROOTS else Format.HTML
    if re.match(r"\s*<!DOCTYPE\s+html", head, re.IGNORECASE):
        return Format.HTML
    suffix = PurePath(urlsplit(name).path).suffix.lower()
    if media_type in ("application/x-ndjson", "application/jsonl", "application/jsonlines") or suffix in (".jsonl",
                                                                                                       ".ndjson"):
        return Format.JSON_LINES
    if "html" in media_type or suffix in (".html", ".htm"):
        return Format.HTML
    if media_type.endswith(("rss+xml", "atom+xml", "/xml")) or suffix in (".rss", ".atom", ".xml"):
        return Format.FEED
    return Format.TEXT


def _refuse_entities(text: str) -> ParseError | None:
    declaration = _ENTITY_DECLARATION.search(text)
    if not declaration:
        return None
    return ParseError(
        "document",
        "refused: the document declares entities (<!ENTITY or an internal DOCTYPE subset); entity expansion is "
        "never allowed, it is how billion-laughs and XXE attacks work",
        _excerpt(text[declaration.start():]),
    )


def _excerpt(raw: bytes | str) -> str:
    if isinstance(raw, bytes):
        raw = raw[: EXCERPT_CHARS * 4].decode("utf-8", errors="replace")
    return truncate(raw, EXCERPT_CHARS)


# --- JSON Lines -----------------------------------------------------------------------------------------


class _LineError(Exception):
    pass


def parse_json_lines(data: bytes, *, name: str) -> ParseResult:
    """One item per JSON object line; a bad line becomes an error for that line and the others still parse."""
    result = ParseResult(Format.JSON_LINES)
    for number, raw_line in enumerate(data.split(b"\n"), start=1):
        if number == 1:
            raw_line = raw_line.removeprefix(codecs.BOM_UTF8)
        if not raw_line.strip():
            continue
        try:
            item = _json_line_item(raw_line)
            item.location = f"line {number}"
            result.items.append(item)
        except _LineError as error:
            result.errors.append(ParseError(f"line {number}", str(error), _excerpt(raw_line)))
    return result


def _json_line_item(raw_line: bytes) -> ParsedItem:
    try:
        line = raw_line.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _LineError(f"the line is not valid UTF-8 (byte 0x{raw_line[error.start]:02x} at position "
                         f"{error.start})") from error
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise _LineError(f"the line is not valid JSON: {error.msg} at column {error.colno}") from error
    except RecursionError as error:
        raise _LineError("the line nests JSON arrays or objects too deeply to read") from error
    except ValueError as error:  # Python refuses to read a number of thousands of digits
        raise _LineError("the line holds a number too long to read (thousands of digits)") from error
    if not isinstance(record, dict):
        raise _LineError(f"expected a JSON object, got {_json_type(record)}")
    url = record.get("url")
    if url is None or url == "":
        raise _LineError('the object has no "url"')
    if not isinstance(url, str) or not _is_web_url(url.strip()):
        raise _LineError(f'"url" must be an http or https URL, got {url!r}')
    body_text, body_html = _body_text(_text_field(record, "body"))
    return ParsedItem(
        url=url.strip(),
        title=normalise_text(_text_field(record, "title")),
        published=_iso_datetime(record.get("published")),
        body=body_text,
        body_html=body_html,
        outlet=normalise_text(_text_field(record, "source")),
        language=_text_field(record, "language").strip(),
    )


def _json_type(value) -> str:
    names = {list: "an array", str: "a string", bool: "true or false", int: "a number", float: "a number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _text_field(record: dict, key: str) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _LineError(f'"{key}" must be a string, got {_json_type(value)}')
    return value


def _iso_datetime(value) -> datetime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise _LineError(f'"published" must be an ISO 8601 date string, got {_json_type(value)}')
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError as error:
        raise _LineError(f'"published" is not an ISO 8601 date: {value!r}') from error
    # A date without a zone is read as UTC, so every stored time is aware.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - reading it validates it
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname) and not any(c.isspace() for c in url)


def _body_text(value: str) -> tuple[str, str]:
    """(plain text, original HTML or "") of a body that may be text or HTML."""
    if not _HTML_MARKUP.search(value):
        return normalise_text(value), ""
    if re.search(r"<(?:html|body)\b", value, re.IGNORECASE):
        return html_to_text(value), value
    # A fragment: trafilatura is built for whole pages and may drop short snippets, so keep every tag's text.
    return normalise_text(strip_tags(value)), value


# --- RSS and Atom ---------------------------------------------------------------------------------------


def parse_feed(text: str, *, name: str) -> ParseResult:
    """Every entry of an RSS or Atom feed; refuses a feed that declares entities, keeps a malformed one's entries."""
    refusal = _refuse_entities(text)
    if refusal:
        return ParseResult(Format.REFUSED, errors=[refusal])
    result = ParseResult(Format.FEED)
    # feedparser reads the declared encoding from the bytes; hand it UTF-8 and say so, since we already decoded.
    utf8 = ('<?xml version="1.0" encoding="utf-8"?>' + _XML_DECLARATION.sub("", text, count=1)).encode("utf-8")
    parsed = feedparser.parse(io.BytesIO(utf8), response_headers={"content-type": "application/xml; charset=utf-8"},
                              sanitize_html=False, resolve_relative_uris=False)
    if parsed.bozo and not parsed.entries:
        result.errors.append(ParseError("document", f"not a feed that can be read: {parsed.bozo_exception}",
                                        _excerpt(text)))
        return result
    if parsed.bozo:
        result.warnings.append(ParseError("document", f"the feed is malformed, entries kept: {parsed.bozo_exception}"))
    outlet = normalise_text(parsed.feed.get("title", ""))
    language = parsed.feed.get("language", "") or ""
    guids = [entry.get("id", "") for entry in parsed.entries]
    for entry in parsed.entries:
        shared_guid = bool(entry.get("id")) and guids.count(entry.get("id")) > 1
        result.items.append(_feed_item(entry, name=name, outlet=outlet, language=language, shared_guid=shared_guid))
    return result


def _feed_item(entry, *, name: str, outlet: str, language: str, shared_guid: bool) -> ParsedItem:
    body_text, body_html = _entry_body(entry)
    title = entry.get("title", "")
    if entry.get("title_detail", {}).get("type") == "text/html":
        title = strip_tags(title)
    link = (entry.get("link") or "").strip()
    guid = (entry.get("id") or "").strip()
    published = entry.get("published_parsed") or entry.get("updated_parsed")
    item = ParsedItem(
        url="",
        title=normalise_text(title),
        published=datetime(*published[:6], tzinfo=UTC) if published else None,
        body=body_text,
        body_html=body_html,
        outlet=outlet,
        language=entry.get("language") or language,
    )
    if shared_guid:
        # Some feeds give every entry the same GUID; the link (or else the content) tells them apart.
        own_link = _is_web_url(link) and link != guid
        guid = f"{guid} {link if own_link else _fingerprint(item)}"
    item.guid = guid
    item.url = _entry_url(link, guid, name=name, item=item)
    return item


def _entry_body(entry) -> tuple[str, str]:
    candidates = [content for content in entry.get("content", []) if content.get("value")]
    if entry.get("summary_detail", {}).get("value"):
        candidates.append(entry.summary_detail)
    if not candidates:
        return "", ""
    richest = max(candidates, key=lambda content: len(content.value))
    if richest.get("type", "text/html") in ("text/html", "application/xhtml+xml"):
        return _body_text(richest.value)
    return normalise_text(richest.value), ""


def _entry_url(link: str, guid: str, *, name: str, item: ParsedItem) -> str:
    """The entry's link, else its GUID if that is a web URL, else a stable pseudo-URL made from the GUID."""
    if _is_web_url(link):
        return link
    if _is_web_url(guid):
        return guid
    identity = guid or _fingerprint(item)
    digest = hashlib.sha256(f"{name}\n{identity}".encode()).hexdigest()[:32]
    return f"urn:exportwatch:entry:{digest}"


def _fingerprint(item: ParsedItem) -> str:
    published = item.published.isoformat() if item.published else ""
    return hashlib.sha256(f"{item.title}\n{published}\n{item.body}".encode()).hexdigest()[:16]


# --- HTML pages and plain text --------------------------------------------------------------------------


def parse_html_page(html: str, *, name: str) -> ParseResult:
    """One item: the page's main text, with title, date, language and canonical link when the page has them."""
    refusal = _refuse_entities(html)
    if refusal:
        return ParseResult(Format.REFUSED, errors=[refusal])
    page_url = name if _is_web_url(name) else None
    body = html_to_text(html, url=page_url)
    if not body:
        return ParseResult(Format.HTML, errors=[ParseError("document", "the page has no text", _excerpt(html))])
    metadata = trafilatura.extract_metadata(html, default_url=page_url, date_config=_DATE_CONFIG)
    warnings = []
    if page_url is None and metadata.url and metadata.url != page_url:
        # A file on disk cannot prove it came from the site its canonical link names; taking that address would
        # let it stand in for (and later drop as a duplicate) the real article.
        warnings.append(ParseError("document", f"the page's canonical link {metadata.url[:200]!r} was not taken as "
                                               "its address: a local file cannot show it came from that site"))
    item = ParsedItem(
        url=page_url or _file_url(name),
        title=normalise_text(metadata.title or _first_line(body)),
        published=_page_date(metadata.date),
        body=body,
        body_html=html,
        outlet=normalise_text(metadata.sitename or ""),
        language=_html_language(html),
    )
    return ParseResult(Format.HTML, items=[item], warnings=warnings)


def _page_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _html_language(html: str) -> str:
    try:
        root = lxml.html.fromstring(html.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, ValueError):
        return ""
    return (root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or "").strip()


def parse_plain_text(text: str, *, name: str) -> ParseResult:
    """One item: the whole text, titled by its first line."""
    body = normalise_text(text)
    if not body:
        return ParseResult(Format.TEXT, errors=[ParseError("document", "the text is empty")])
    url = name if _is_web_url(name) else _file_url(name)
    return ParseResult(Format.TEXT, items=[ParsedItem(url=url, title=_first_line(text), body=body)])


def _first_line(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    return truncate(normalise_text(first), _TITLE_CHARS)


def _file_url(name: str) -> str:
    path = PurePath(name)
    return path.as_uri() if path.is_absolute() else "file:" + quote(name)
