"""The evidence and timeline CSVs analysts take out (DESIGN.md, "Contracts other tools rely on").

Each column is defined once, as an ORM lookup from StatusChange plus how PostgreSQL renders it. On
PostgreSQL the rows are PostgreSQL's own COPY output of that query, with formula cells made inert in
the SQL; elsewhere (SQLite) the same query is read in chunks and written by `core.csvexport`. Both
paths give byte-identical output for the same data.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import psycopg
from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import CharField, Count, F, Func, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from exportwatch.core.csvexport import FORMULA_STARTS, csv_lines

from .models import Evidence, StatusChange

# Rows are read from the database this many at a time on the ORM path.
CHUNK_SIZE = 2000
# COPY output is handed on in pieces of about this many bytes: few enough to be cheap, small enough to stream.
COPY_PIECE_BYTES = 64 * 1024


def _sql_literal(text: str) -> str:
    return "E'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\t", "\\t").replace("\r", "\\r") + "'"


class Inert(Func):
    """In SQL what `core.csvexport.inert` does in Python: a leading apostrophe on a would-be formula.

    An empty string becomes NULL because COPY writes "" for it and the csv module writes nothing.
    """

    template = (
        "CASE WHEN left(%(expressions)s, 1) IN ("
        + ", ".join(_sql_literal(start) for start in FORMULA_STARTS)
        + ") THEN '''' || %(expressions)s ELSE NULLIF(%(expressions)s, '') END"
    )
    output_field = CharField()


class IsoDate(Func):
    """A date as YYYY-MM-DD whatever the server's DateStyle."""

    template = "to_char(%(expressions)s, 'YYYY-MM-DD')"
    output_field = CharField()


class IsoTimestamp(Func):
    """A timestamp as ISO 8601 in UTC to the second, as `core.csvexport.format_timestamp` writes it."""

    template = """to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"""
    output_field = CharField()


@dataclass(frozen=True)
class ExportColumn:
    """A CSV column: its header, the ORM lookup from StatusChange, and how COPY renders it."""

    header: str
    lookup: str
    in_sql: Callable = F  # numbers and vocabulary values go out as PostgreSQL writes them

    @property
    def value(self) -> str:
        """The lookup, under the name `core.csvexport.Column` gives it, so JSON reads either kind of column."""
        return self.lookup


STATUS_CHANGE_COLUMNS = [
    ExportColumn("event_date", "event_date", IsoDate),
    ExportColumn("date_precision", "date_precision"),
    ExportColumn("status", "status"),
    ExportColumn("company", "company__name", Inert),
    ExportColumn("chip", "chip__name", Inert),
    ExportColumn("country_code", "country__code"),
    ExportColumn("country", "country__name", Inert),
    ExportColumn("authority", "authority__short_name", Inert),
    ExportColumn("application_id", "application_id"),
    ExportColumn("status_change_id", "id"),
    ExportColumn("confidence", "confidence"),
    ExportColumn("review_state", "review_state"),
]
SOURCE_COLUMNS = [
    ExportColumn("source_url", "evidence__news_item__url", Inert),
    ExportColumn("source_title", "evidence__news_item__title", Inert),
    ExportColumn("source_published", "evidence__news_item__published_at", IsoTimestamp),
    ExportColumn("evidence", "evidence__sentence", Inert),
]
EVIDENCE_COLUMNS = STATUS_CHANGE_COLUMNS + SOURCE_COLUMNS
TIMELINE_COLUMNS = STATUS_CHANGE_COLUMNS + [ExportColumn("sources", "export_sources")]

EVIDENCE_HEADER = [column.header for column in EVIDENCE_COLUMNS]
STATUS_CHANGE_HEADER = [column.header for column in TIMELINE_COLUMNS]

DATE_ORDER = (F("event_date").asc(nulls_last=True), "reported_at", "id")


def evidence_csv(status_changes: QuerySet[StatusChange], *, use_copy: bool | None = None) -> Iterator[str]:
    """One line per (status change, source item) in date order; a change without evidence gets empty sources.

    `use_copy` None picks COPY on PostgreSQL and the ORM elsewhere; tests force either.
    """
    rows = _chosen(status_changes).order_by(*DATE_ORDER, "evidence__id")
    return _csv(rows, EVIDENCE_COLUMNS, use_copy)


def with_source_counts(status_changes: QuerySet[StatusChange]) -> QuerySet[StatusChange]:
    """The steps with `export_sources`, the timeline CSV's "sources" column, and the relations its columns read."""
    return (StatusChange.objects.filter(pk__in=status_changes.values("pk")).annotate(export_sources=_source_count())
            .select_related("company", "chip", "country", "authority"))


def status_changes_csv(status_changes: QuerySet[StatusChange], *, use_copy: bool | None = None) -> Iterator[str]:
    """One line per status change in date order, with how many source items support it."""
    rows = _chosen(status_changes).annotate(export_sources=_source_count()).order_by(*DATE_ORDER)
    return _csv(rows, TIMELINE_COLUMNS, use_copy)


def _chosen(status_changes: QuerySet[StatusChange]) -> QuerySet[StatusChange]:
    """The caller's queryset decides which changes; used as it is (its WHERE becomes ours) when that is safe.

    A join to a many side (a filter on evidence), DISTINCT, a slice or annotations would repeat or
    drop export rows, so such a queryset is applied as `id IN (…)` instead.
    """
    query = status_changes.query
    joins_many = any(
        getattr(join, "join_field", None) is not None
        and (join.join_field.one_to_many or join.join_field.many_to_many)
        for join in query.alias_map.values()
    )
    if joins_many or query.distinct or query.is_sliced or query.combinator or query.annotations or query.extra:
        return StatusChange.objects.using(status_changes.db).filter(pk__in=status_changes.values("pk"))
    return status_changes.order_by()


def _source_count():
    supporting = Evidence.objects.filter(status_change=OuterRef("pk")).order_by().values("status_change")
    return Coalesce(Subquery(supporting.annotate(count=Count("pk")).values("count")), 0)


def _csv(rows: QuerySet, columns: list[ExportColumn], use_copy: bool | None) -> Iterator[str]:
    header = [column.header for column in columns]
    if use_copy is None:
        use_copy = connections[rows.db].vendor == "postgresql"
    if use_copy:
        return _copy_lines(rows, columns, header)
    values = rows.values_list(*(column.lookup for column in columns)).iterator(chunk_size=CHUNK_SIZE)
    return csv_lines(header, values)


def _copy_lines(rows: QuerySet, columns: list[ExportColumn], header: list[str]) -> Iterator[str]:
    """The header, then PostgreSQL's COPY output of the rows in pieces; nothing runs until the first read."""
    rendered = {f"export_{index}": column.in_sql(column.lookup) for index, column in enumerate(columns)}
    query = rows.annotate(**rendered).values_list(*rendered).query
    yield from csv_lines(header, ())
    try:
        sql, params = query.get_compiler(using=rows.db).as_sql()
    except EmptyResultSet:  # e.g. .none(): there is nothing to ask the database
        return
    connection = connections[rows.db]
    statement = _with_params_merged(connection, f"COPY ({sql}) TO STDOUT (FORMAT csv)", params)
    # A COPY stream left unfinished is cancelled, which would abort an enclosing transaction; a savepoint
    # (none in autocommit) lets the transaction carry on.
    savepoint = transaction.savepoint(using=rows.db)
    try:
        yield from _copy_pieces(connection, statement)
    except BaseException:
        if savepoint:
            transaction.savepoint_rollback(savepoint, using=rows.db)
        raise
    if savepoint:
        transaction.savepoint_commit(savepoint, using=rows.db)


def _with_params_merged(connection, sql: str, params) -> str:
    """COPY takes no bind parameters, so they are merged into the statement client-side, safely quoted."""
    connection.ensure_connection()
    with psycopg.ClientCursor(connection.connection) as cursor:
        return cursor.mogrify(sql, params)


def _copy_pieces(connection, statement: str) -> Iterator[str]:
    """COPY output in pieces of about COPY_PIECE_BYTES; libpq hands over whole rows, so no character is split."""
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        pieces, size = [], 0
        for row in copy:
            pieces.append(row)
            size += len(row)
            if size >= COPY_PIECE_BYTES:
                yield b"".join(pieces).decode()
                pieces, size = [], 0
        if pieces:
            yield b"".join(pieces).decode()
