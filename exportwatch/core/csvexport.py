"""Streaming CSV: rows go out as they are read, so a million-row export needs no more memory than a few rows.

Every cell passes through `cell_text`: text a spreadsheet would read as a formula is made inert, numbers
stay numbers, dates are ISO 8601. The line format matches PostgreSQL's `COPY … WITH (FORMAT csv)`
(LF line ends, quotes only where needed), so an export streamed from COPY and one written here are the
same bytes.
"""

import csv
import datetime
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header

# A cell starting with one of these is a formula to Excel, LibreOffice or Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
UTF8_BOM = "\ufeff"


def inert(value) -> str:
    """One text cell made safe for a spreadsheet: a leading apostrophe on a would-be formula, NUL removed."""
    return "" if value is None else _inert_text(str(value))


def _inert_text(text: str) -> str:
    if "\x00" in text:
        text = text.replace("\x00", "")
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def format_float(value: float) -> str:
    """The shortest exact form, as PostgreSQL writes a double: 0.9, 1, 1e-05."""
    text = repr(value)
    return text[:-2] if text.endswith(".0") else text


def format_timestamp(value: datetime.datetime) -> str:
    """ISO 8601 in UTC to the second, e.g. 2025-07-14T09:30:00Z (naive values are taken as UTC)."""
    if value.tzinfo is not None:
        value = value.astimezone(datetime.UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


# Cell text by exact type, looked up once per cell: exports write millions of cells.
_CELL_FORMATS = {
    type(None): lambda value: "",
    str: _inert_text,
    int: str,
    bool: lambda value: "true" if value else "false",
    float: format_float,
    Decimal: str,
    datetime.datetime: format_timestamp,
    datetime.date: datetime.date.isoformat,
}


def cell_text(value) -> str:
    """Any database value as CSV cell text; only text is neutralised, so -2 stays a number."""
    format_cell = _CELL_FORMATS.get(type(value))
    if format_cell is None:
        # A subclass (a TextChoices member) goes by its nearest known base; anything else as text.
        base = next((base for base in type(value).__mro__ if base in _CELL_FORMATS), str)
        format_cell = inert if base is str else _CELL_FORMATS[base]
    return format_cell(value)


class _EchoBuffer:
    """A file whose write() hands back what it was given, so csv.writer returns each line as a string."""

    def write(self, text: str) -> str:
        return text


def _line_writer():
    # A CRLF terminator makes the csv module quote a lone \r as PostgreSQL does; lines then end in LF.
    writer = csv.writer(_EchoBuffer(), lineterminator="\r\n")

    def write(cells: Sequence[str]) -> str:
        return writer.writerow(cells)[:-2] + "\n"

    return write


def csv_lines(header: list[str], rows: Iterable[Sequence]) -> Iterator[str]:
    """The header, then one CSV line per row, each cell through `cell_text`."""
    write = _line_writer()
    yield write(header)
    for row in rows:
        yield write([cell_text(value) for value in row])


def streaming_csv_response(
    lines: Iterable[str | bytes],
    filename: str,
    *,
    excel: bool = False,
) -> StreamingHttpResponse:
    """An attachment download that sends `lines` as they come; `excel` adds a BOM so Excel reads UTF-8 (中国)."""

    def encoded():
        if excel:
            yield UTF8_BOM.encode()
        for line in lines:
            yield line if isinstance(line, bytes) else line.encode()

    response = StreamingHttpResponse(encoded(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@dataclass(frozen=True)
class Column:
    """One CSV column: its header and where its value comes from, an ORM lookup ("chip__name") or obj → value."""

    header: str
    value: str | Callable


def _lookup(obj, path: str):
    for name in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj


def column_value(obj, column):
    """One cell of a model instance's row: the column's lookup followed, or its callable applied."""
    return column.value(obj) if callable(column.value) else _lookup(obj, column.value)


def queryset_csv_lines(queryset, columns: list[Column], chunk_size=2000) -> Iterator[str]:
    """CSV lines for a list page's queryset, read in chunks.

    With lookups only, rows come from values_list and no model is built; a callable column makes it
    iterate model instances, so select_related what the lookups cross.
    """
    header = [column.header for column in columns]
    if all(isinstance(column.value, str) for column in columns):
        rows = queryset.values_list(*(column.value for column in columns)).iterator(chunk_size=chunk_size)
    else:
        rows = ([column_value(obj, column) for column in columns] for obj in queryset.iterator(chunk_size=chunk_size))
    return csv_lines(header, rows)
