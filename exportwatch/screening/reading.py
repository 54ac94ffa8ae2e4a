"""Reading a Consolidated Screening List file, JSON or CSV, one entry at a time, in bounded memory.

The JSON is trade.gov's file: `{"sources_used": [...], "total": N, "results": [entry, ...]}`, each entry with `id`,
`source` (its list), `name`, `alt_names`, `type`, `addresses` (objects with `address`, `city`, `state`,
`postal_code` and `country`), `federal_register_notice`, `start_date`, `license_requirement` and `license_policy`;
other fields are ignored. The CSV has the same fields as columns (`_id` for the id), with names and addresses joined
by "; " and each address one string whose last comma-separated part is its country.

A file is right only whole, so anything it cannot vouch for refuses all of it: JSON that breaks off, an entry
without an id, list or name, a date that is not a date, a list where text belongs, the same entry twice, fewer
entries than its `total` says, or none at all.
"""

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import BinaryIO

import ijson

# The fields stored from each entry, compared from load to load; the model's fields have the same names.
STORED_FIELDS = ("name", "alt_names", "entity_type", "addresses", "federal_register_notice", "start_date",
                 "license_requirement", "license_policy")
ADDRESS_FIELDS = ("address", "city", "state", "postal_code", "country")
CSV_REQUIRED_COLUMNS = ("_id", "source", "name")
# What a CSV cell joins several names or addresses with.
CSV_SEPARATOR = "; "
_EXCERPT_CHARS = 500
_BOM = b"\xef\xbb\xbf"
_MAX_ID = 100
_MAX_LIST_NAME = 200
_MAX_TYPE = 40


class UnreadableFile(ValueError):
    """Why a file was refused, with the part of it the reason is about."""

    def __init__(self, message: str, excerpt: str = ""):
        super().__init__(message)
        self.excerpt = excerpt[:_EXCERPT_CHARS]


@dataclass(frozen=True)
class Entry:
    list_name: str
    entry_id: str
    name: str
    alt_names: tuple[str, ...]
    entity_type: str
    addresses: tuple[dict, ...]
    federal_register_notice: str
    start_date: date | None
    license_requirement: str
    license_policy: str

    @property
    def key(self) -> tuple[str, str]:
        return self.list_name, self.entry_id

    @property
    def country(self) -> str:
        """The country (a code or a name) of the first address that gives one."""
        return next((address["country"] for address in self.addresses if address.get("country")), "")

    @cached_property
    def stored(self) -> dict:
        """The stored fields as JSON values, the form they are compared and shown in."""
        return {name: stored_value(getattr(self, name)) for name in STORED_FIELDS}

    @cached_property
    def content_hash(self) -> str:
        return hash_of(self.stored)


def stored_value(value):
    """A field's value as JSON keeps it: lists for tuples, ISO text for dates."""
    if isinstance(value, tuple | list):
        return [stored_value(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def hash_of(stored: dict) -> str:
    return hashlib.sha256(json.dumps(stored, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def read_entries(file: BinaryIO) -> Iterator[Entry]:
    """The entries of a JSON or CSV file, told apart by its first character; raises UnreadableFile."""
    head = file.read(64)
    first = head.removeprefix(_BOM).lstrip()[:1]
    if not first:
        raise UnreadableFile("the file is empty")
    # Spreadsheet exports start with a byte-order mark, which ijson does not skip.
    start = len(_BOM) if head.startswith(_BOM) else 0
    file.seek(start)
    seen: set[tuple[str, str]] = set()
    entries = _json_entries(file, start) if first in (b"{", b"[") else _csv_entries(file)
    for entry in entries:
        if entry.key in seen:
            raise UnreadableFile(f"the entry {entry.entry_id!r} of {entry.list_name!r} appears twice")
        seen.add(entry.key)
        yield entry


def _json_entries(file: BinaryIO, start: int) -> Iterator[Entry]:
    count = 0
    try:
        for count, raw in enumerate(ijson.items(file, "results.item", use_float=True), start=1):
            yield _json_entry(raw, count)
        file.seek(start)
        total = next(ijson.items(file, "total"), None)
    except ijson.JSONError as error:
        raise UnreadableFile(f"the file is not whole JSON (after {count} entries): {_first_line(error)}") from None
    if not count:
        raise UnreadableFile("the file has no list of results with entries")
    if isinstance(total, int) and total != count:
        raise UnreadableFile(f"the file says it holds {total} entries but has {count}")


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _json_entry(raw, number: int) -> Entry:
    if not isinstance(raw, dict):
        raise UnreadableFile(f"entry {number} is not a JSON object", _json_excerpt(raw))
    where = f"entry {number}"
    try:
        return Entry(
            list_name=_required(raw, "source", where, _MAX_LIST_NAME),
            entry_id=_required(raw, "id", where, _MAX_ID),
            name=_required(raw, "name", where),
            alt_names=_names(raw.get("alt_names"), where),
            entity_type=_text(raw.get("type"), where, "type")[:_MAX_TYPE],
            addresses=_json_addresses(raw.get("addresses"), where),
            federal_register_notice=_text(raw.get("federal_register_notice"), where, "federal_register_notice"),
            start_date=_date(raw.get("start_date"), where),
            license_requirement=_text(raw.get("license_requirement"), where, "license_requirement"),
            license_policy=_text(raw.get("license_policy"), where, "license_policy"),
        )
    except UnreadableFile as error:
        raise UnreadableFile(str(error), _json_excerpt(raw)) from None


def _json_excerpt(raw) -> str:
    return json.dumps(raw, ensure_ascii=False, default=str)[:_EXCERPT_CHARS]


def _required(raw: dict, field: str, where: str, max_length: int | None = None) -> str:
    value = raw.get(field)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # Treasury's lists number their entries
    text = _text(value, where, field)
    if not text:
        raise UnreadableFile(f"{where} has no {field}")
    if max_length and len(text) > max_length:
        raise UnreadableFile(f"{where}: its {field} is longer than {max_length} characters")
    return text


def _text(value, where: str, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise UnreadableFile(f"{where}: {field} must be text, not {type(value).__name__}")
    return value.strip()


def _names(value, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise UnreadableFile(f"{where}: alt_names must be a list of names")
    return tuple(name.strip() for name in value if name.strip())


def _json_addresses(value, where: str) -> tuple[dict, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(address, dict) for address in value):
        raise UnreadableFile(f"{where}: addresses must be a list of objects")
    return tuple({field: _text(address.get(field), where, f"an address's {field}") for field in ADDRESS_FIELDS}
                 for address in value)


def _date(value, where: str) -> date | None:
    text = _text(value, where, "start_date")
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UnreadableFile(f"{where}: start_date {text[:40]!r} is not a YYYY-MM-DD date") from None


def _csv_entries(file: BinaryIO) -> Iterator[Entry]:
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    reader = csv.DictReader(text, strict=True)
    try:
        missing = [column for column in CSV_REQUIRED_COLUMNS if column not in (reader.fieldnames or [])]
        if missing:
            raise UnreadableFile(f"the CSV has no {', '.join(missing)} column", ",".join(reader.fieldnames or []))
        for row in reader:
            yield _csv_entry(row, reader.line_num)
    except UnicodeDecodeError:
        raise UnreadableFile(f"the file is not UTF-8 text (near line {reader.line_num})") from None
    except csv.Error as error:
        raise UnreadableFile(f"line {reader.line_num} is not CSV: {error}") from None
    finally:
        text.detach()  # the caller's file stays open


def _csv_entry(row: dict, line: int) -> Entry:
    where = f"line {line}"
    if None in row or None in row.values():
        raise UnreadableFile(f"{where} has {'more' if None in row else 'fewer'} cells than the header",
                             _csv_excerpt(row))
    try:
        return Entry(
            list_name=_required(row, "source", where, _MAX_LIST_NAME),
            entry_id=_required(row, "_id", where, _MAX_ID),
            name=_required(row, "name", where),
            alt_names=_split(row.get("alt_names")),
            entity_type=(row.get("type") or "").strip()[:_MAX_TYPE],
            addresses=tuple(_csv_address(address) for address in _split(row.get("addresses"))),
            federal_register_notice=(row.get("federal_register_notice") or "").strip(),
            start_date=_date(row.get("start_date"), where),
            license_requirement=(row.get("license_requirement") or "").strip(),
            license_policy=(row.get("license_policy") or "").strip(),
        )
    except UnreadableFile as error:
        raise UnreadableFile(str(error), _csv_excerpt(row)) from None


def _csv_excerpt(row: dict) -> str:
    return ",".join(str(value) for value in row.values())


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (cell or "").split(CSV_SEPARATOR.strip()) if part.strip())


def _csv_address(text: str) -> dict:
    """One address string, with its last comma-separated part as the country (a code or a name)."""
    return {"address": text, "country": text.rsplit(",", 1)[-1].strip()}
