"""The status matrix: products down, destinations across, each cell the status its track had at a date.

A cell is the latest counting step over the tracks of that product and destination (several companies or
authorities may hold one). Where no track is on file but a rule or letter in the catalogue names the product
and the destination, the cell says a licence is required by that rule: a reading of the catalogue, kept
apart from reported steps.

The grid can hold 300 products × 60 destinations, so it is read as plain rows (no model per step) and its
cells are written here as HTML, as the timeline picture is: 18,000 cells through the template engine took
seconds.
"""

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from html import escape
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, Q
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from exportwatch.catalog.models import ChipSku, Country, CountryGroupMembership, Regulation
from exportwatch.core.csvexport import csv_lines

from .models import ReviewState, Status, StatusChange
from .timeline.dates import event_date_label
from .timeline.statuses import STATUS_LETTERS

BY_RULE = "by_rule"  # the state of a cell that a rule fills, beside the eight statuses
BY_RULE_LABEL = "Licence required by rule"
BY_RULE_LETTER = "§"
ROWS_PER_PAGE = 30  # products per page: a whole grid of 300 × 60 is 4 MB of HTML
AI_CHIPS = "ai-chips"  # the category rules name for every chip that 3A090 covers by its figures
STATUS_LABELS = dict(Status.choices)


class Step(NamedTuple):
    """What a cell shows of its latest step (a tuple: a full grid makes 36,000 of them)."""

    status: str
    event_date: date | None
    date_precision: str
    review_state: str


@dataclass
class Cell:
    """One product × destination: a reported step, or a rule that requires a licence."""

    chip: ChipSku
    country: Country
    step: Step | None = None
    rule: Regulation | None = None

    @property
    def state(self) -> str:
        return self.step.status if self.step else BY_RULE

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.step.status] if self.step else BY_RULE_LABEL

    @property
    def event_date(self) -> date | None:
        return self.step.event_date if self.step else in_force_from(self.rule)

    @property
    def date_label(self) -> str:
        precision = self.step.date_precision if self.step else "day"
        return _date_label(self.event_date, precision)

    @property
    def is_unreviewed(self) -> bool:
        return bool(self.step) and self.step.review_state == ReviewState.UNREVIEWED


@dataclass
class Row:
    chip: ChipSku
    cells: list[Cell | None]  # one per column, None where nothing is known


@dataclass
class VendorRows:
    vendor: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class Matrix:
    columns: list[Country]
    groups: list[VendorRows]
    as_of: date | None
    page: int = 1
    pages: int = 1

    @property
    def cells(self) -> list[Cell]:
        return [cell for group in self.groups for row in group.rows for cell in row.cells if cell]


@dataclass(frozen=True)
class RuleScope:
    """Which rule cells the matrix's filters allow: the product's vendor and kind, the rule's authority, and the
    destinations (None: any)."""

    company_id: int | None = None
    kind: str = ""
    authority_id: int | None = None
    country_ids: frozenset[int] | None = None

    def allows_chip(self, chip: ChipSku) -> bool:
        return (self.company_id in (None, chip.vendor_id)) and self.kind in ("", chip.kind)

    def allows_country(self, country: Country) -> bool:
        return self.country_ids is None or country.pk in self.country_ids


def in_force_from(rule: Regulation) -> date:
    return rule.effective_on or rule.published_on


@cache
def _date_label(day: date | None, precision: str) -> str:
    return event_date_label(day, precision)  # a grid repeats a few hundred days many times


def build_matrix(tracks, *, as_of: date | None = None, states=frozenset(), rules: RuleScope | None = None,
                 page: int | None = None) -> Matrix:
    """The matrix over the given tracks (a filtered LicenceApplication queryset) at the end of `as_of` (the
    records as they stand when None). `states` keeps only cells in those states (statuses or BY_RULE); `rules`
    adds the rule cells in that scope where no track is on file. `page` (from 1) shows ROWS_PER_PAGE of the
    products; None shows every product. The columns are the destinations with a cell on the page."""
    products = {chip.pk: chip for chip in ChipSku.objects.select_related("vendor")}
    by_rule = []
    if rules is not None and (not states or BY_RULE in states):
        by_rule = _rule_cells(as_of or date.today(), rules, list(products.values()))
    statuses = {state for state in states if state != BY_RULE} if states else None
    rows = sorted(_products_on_file(tracks, as_of, statuses) | {cell.chip.pk for cell in by_rule},
                  key=lambda pk: _product_order(products[pk]))
    pages = max(1, -(-len(rows) // ROWS_PER_PAGE))
    if page is not None:
        page = min(max(page, 1), pages)
        shown = set(rows[(page - 1) * ROWS_PER_PAGE: page * ROWS_PER_PAGE])
        tracks = tracks.filter(chip_id__in=shown)
        by_rule = [cell for cell in by_rule if cell.chip.pk in shown]
    steps = _current_steps(tracks, as_of)
    found = {key: Cell(products[key[0]], place, step=step) for key, (place, step) in steps.items()}
    for cell in by_rule:
        found.setdefault((cell.chip.pk, cell.country.pk), cell)
    if states:
        found = {key: cell for key, cell in found.items() if cell.state in states}
    return _arrange(found.values(), as_of, page or 1, pages if page else 1)


def _products_on_file(tracks, as_of, statuses: set[str] | None) -> set[int]:
    """The products the rows can hold, in one query: those with a track, and with `statuses`, with a track whose
    latest step by `as_of` has one of them. A product whose tracks have no step by `as_of` has no row, so a page
    holds at most ROWS_PER_PAGE products."""
    if statuses is not None:
        tracks = tracks.with_current_status(as_of).filter(current_status_value__in=statuses)
    return set(tracks.order_by().values_list("chip_id", flat=True).distinct())


def _current_steps(tracks, as_of) -> dict[tuple[int, int], tuple[Country, Step]]:
    """Per (product id, destination id), the destination and the latest counting step of any of its tracks."""
    rows = _latest_rows_lateral(tracks, as_of) if connection.vendor == "postgresql" else _latest_rows(tracks, as_of)
    latest: dict[tuple[int, int], tuple[Country, Step]] = {}
    places: dict[int, Country] = {}
    for chip, country, code, name, *step in rows:  # latest first, so the first one seen is the cell's
        if (chip, country) not in latest:
            place = places.get(country) or places.setdefault(country, Country(id=country, code=code, name=name))
            latest[chip, country] = (place, Step._make(step))
    return latest


# One index probe per track (licences_sc_application_latest_first) that returns the whole step. Joining the
# steps to a subquery of ids instead made PostgreSQL hash all million of them (1.2 s at 36,000 tracks).
LATEST_STEP_SQL = """
SELECT t.chip_id, t.country_id, c.code, c.name, s.status, s.event_date, s.date_precision, s.review_state
FROM ({tracks}) AS t
JOIN catalog_country AS c ON c.id = t.country_id
CROSS JOIN LATERAL (
    SELECT status, event_date, date_precision, review_state, reported_at, id
    FROM licences_statuschange
    WHERE application_id = t.id AND review_state <> 'rejected' {as_of}
    ORDER BY event_date DESC NULLS LAST, reported_at DESC, id DESC
    LIMIT 1
) AS s
ORDER BY s.event_date DESC NULLS LAST, s.reported_at DESC, s.id DESC
"""


def _latest_rows_lateral(tracks, as_of):
    try:
        tracks_sql, params = tracks.order_by().values("id", "chip_id", "country_id").query.sql_with_params()
    except EmptyResultSet:  # tracks.none(): nothing to ask the database
        return []
    sql = LATEST_STEP_SQL.format(tracks=tracks_sql, as_of="AND event_date <= %s" if as_of else "")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *([as_of] if as_of else [])])
        return cursor.fetchall()


def _latest_rows(tracks, as_of):
    """The same rows for SQLite (the embedded demo), which has no LATERAL: the ids first, then the steps."""
    ids = [pk for pk in tracks.order_by().current_step_ids(as_of).values_list("current_step_id", flat=True) if pk]
    return (StatusChange.objects.filter(pk__in=ids).latest_first()
            .values_list("chip_id", "country_id", "country__code", "country__name", "status", "event_date",
                         "date_precision", "review_state"))


def _rule_cells(day: date, scope: RuleScope, products: list[ChipSku]) -> list[Cell]:
    """A cell for each product and destination a rule or letter in force on `day` names, itself or as a member
    of a country group it names on that day (the newest rule first). A rule stops counting once a rescission or
    suspension of it is in force."""
    rules = (
        Regulation.objects.filter(_in_force(day), kind__in=[Regulation.Kind.RULE, Regulation.Kind.LETTER])
        .exclude(lifted_by__in=Regulation.objects.filter(_in_force(day)))
    )
    if scope.authority_id:
        rules = rules.filter(authority_id=scope.authority_id)
    rules = list(rules.prefetch_related("chips", "countries").order_by("-published_on", "-id"))
    members = _group_members_by_rule(day, rules)
    allowed = [chip for chip in products if scope.allows_chip(chip)]
    by_figures = [chip for chip in allowed if chip.eccn_3a090_class.startswith("3A090")]
    cells = []
    for rule in rules:
        covered = _covered_products(rule, allowed, by_figures)
        places = {country.pk: country for country in [*rule.countries.all(), *members.get(rule.pk, [])]}
        for country in places.values():
            if scope.allows_country(country):
                cells.extend(Cell(chip, country, rule=rule) for chip in covered)
    return cells


def _group_members_by_rule(day: date, rules: list[Regulation]) -> dict[int, list[Country]]:
    """Rule id → the countries its country groups held on `day`, in one query."""
    memberships = (
        CountryGroupMembership.objects.valid_on(day).filter(group__regulations__in=rules)
        .select_related("country").annotate(rule_id=F("group__regulations"))
    )
    members: dict[int, list[Country]] = {}
    for membership in memberships:
        members.setdefault(membership.rule_id, []).append(membership.country)
    return members


def _in_force(day: date) -> Q:
    return Q(effective_on__lte=day) | Q(effective_on__isnull=True, published_on__lte=day)


def _covered_products(rule: Regulation, products: list[ChipSku], by_figures: list[ChipSku]) -> list[ChipSku]:
    """The products a rule names, the members of the families it names, and, where it names AI chips, every
    chip 3A090 covers by its figures."""
    named = {chip.pk for chip in rule.chips.all()}
    covered = {chip.pk: chip for chip in products if chip.pk in named or chip.family_id in named}
    if any(chip.slug == AI_CHIPS for chip in rule.chips.all()):
        covered.update((chip.pk, chip) for chip in by_figures)
    return list(covered.values())


def _arrange(cells, as_of, page: int, pages: int) -> Matrix:
    """Rows grouped by vendor (products of no vendor last), columns by destination name."""
    cells = list(cells)
    columns = sorted({cell.country.pk: cell.country for cell in cells}.values(), key=lambda country: country.name)
    position = {country.pk: index for index, country in enumerate(columns)}
    rows: dict[int, Row] = {}
    for cell in cells:
        row = rows.setdefault(cell.chip.pk, Row(cell.chip, [None] * len(columns)))
        row.cells[position[cell.country.pk]] = cell
    groups: dict[str, VendorRows] = {}
    for row in sorted(rows.values(), key=lambda row: _product_order(row.chip)):
        vendor = row.chip.vendor.name if row.chip.vendor_id else "Categories and materials"
        groups.setdefault(vendor, VendorRows(vendor)).rows.append(row)
    return Matrix(columns=columns, groups=list(groups.values()), as_of=as_of, page=page, pages=pages)


def _product_order(chip: ChipSku) -> tuple:
    return (chip.vendor_id is None, chip.vendor.name.lower() if chip.vendor_id else "", chip.name.lower())


def status_matrix(filterset, page: int | None = None) -> Matrix:
    """The matrix a MatrixFilterSet asks for: its tracks, its as-of day, its states, rule cells in its scope;
    one page of its products, or all of them when `page` is None."""
    chosen = filterset.form.cleaned_data if filterset.is_bound else {}
    company, authority = chosen.get("company"), chosen.get("authority")
    scope = RuleScope(
        company_id=company.pk if company else None,
        kind=chosen.get("kind") or "",
        authority_id=authority.pk if authority else None,
        country_ids=filterset.group_country_ids(),
    )
    return build_matrix(filterset.qs, as_of=chosen.get("as_of"), states=frozenset(chosen.get("status") or ()),
                        rules=scope, page=page)


def grid_body(matrix: Matrix) -> SafeString:
    """The grid's <tbody> elements: a heading row per vendor, then a row per product, every text escaped."""
    span = len(matrix.columns) + 1
    as_of = f"?as_of={matrix.as_of.isoformat()}" if matrix.as_of else ""
    parts = []
    for group in matrix.groups:
        parts.append(f'<tbody><tr class="matrix-group"><th scope="rowgroup" colspan="{span}">'
                     f"{escape(group.vendor)}</th></tr>")
        for row in group.rows:
            chip = row.chip
            # /chips/<slug>/<code>/: the row's part once, each cell adds its destination's code.
            track_url = reverse("chip_country_detail", args=[chip.slug, "xx"]).removesuffix("xx/")
            parts.append(f'<tr><th scope="row"><a href="{escape(chip.get_absolute_url())}">{escape(chip.name)}</a>'
                         "</th>")
            parts.extend(_cell_html(cell, chip, track_url, as_of) for cell in row.cells)
            parts.append("</tr>")
        parts.append("</tbody>")
    return mark_safe("".join(parts))


def _cell_html(cell: Cell | None, chip: ChipSku, track_url: str, as_of: str) -> str:
    """A linked mark and date; what the mark means is the link's accessible name (the legend explains it too)."""
    if cell is None:
        return '<td class="cell cell-empty"></td>'
    unreviewed = cell.is_unreviewed
    name = f"{chip.name} to {cell.country.name}: {cell.label}, {cell.date_label}"
    name += ", not yet reviewed" if unreviewed else ""
    mark_class = f"status-{cell.state}" if cell.step else "cell-rule"
    letter = STATUS_LETTERS[cell.state] if cell.step else BY_RULE_LETTER
    return (
        f'<td class="cell{" is-unreviewed" if unreviewed else ""}">'
        f'<a href="{track_url}{cell.country.code.lower()}/{as_of}" aria-label="{escape(name)}">'
        f'<span class="cell-mark {mark_class}"><span>{letter}</span></span>'
        f'<span class="cell-date">{escape(cell.date_label)}</span></a></td>'
    )


MATRIX_CSV_HEADER = ["product", "product_slug", "vendor", "product_kind", "country_code", "country", "state",
                     "state_label", "event_date", "date_precision", "review_state", "rule", "rule_citation", "as_of"]


def matrix_rows(matrix: Matrix):
    """One row per filled cell, in the page's order; the CSV header names the fields."""
    for group in matrix.groups:
        for row in group.rows:
            for cell in row.cells:
                if cell is None:
                    continue
                step, rule, chip = cell.step, cell.rule, cell.chip
                yield [chip.name, chip.slug, chip.vendor.name if chip.vendor_id else "", chip.kind,
                       cell.country.code, cell.country.name, cell.state, cell.label, cell.event_date,
                       step.date_precision if step else "day", step.review_state if step else "",
                       rule.title if rule else "", rule.citation if rule else "", matrix.as_of]


def matrix_csv_lines(matrix: Matrix):
    return csv_lines(MATRIX_CSV_HEADER, matrix_rows(matrix))
