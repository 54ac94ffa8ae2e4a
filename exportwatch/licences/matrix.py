"""The status matrix: products down, destinations across, each cell the status its track had at a date.

A cell is the latest counting step over the tracks of that product and destination (several companies or
authorities may hold one). Where no track is on file but a rule or letter in the catalogue names the product
and the destination, the cell says a licence is required by that rule: a reading of the catalogue, kept
apart from reported steps.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.urls import reverse

from exportwatch.catalog.models import ChipSku, Country, Regulation
from exportwatch.core.csvexport import csv_lines

from .models import Status, StatusChange
from .timeline.dates import event_date_label
from .timeline.statuses import STATUS_LETTERS

BY_RULE = "by_rule"  # the state of a cell that a rule fills, beside the eight statuses
BY_RULE_LABEL = "Licence required by rule"
AI_CHIPS = "ai-chips"  # the category rules name for every chip that 3A090 covers by its figures
MATRIX_STEP_COLUMNS = ("status", "event_date", "date_precision", "review_state", "reported_at",
                       "chip_id", "country_id")


@dataclass
class Cell:
    """One product × destination: a reported step, or a rule that requires a licence."""

    chip: ChipSku
    country: Country
    step: StatusChange | None = None
    rule: Regulation | None = None

    @property
    def state(self) -> str:
        return self.step.status if self.step else BY_RULE

    @property
    def label(self) -> str:
        return Status(self.step.status).label if self.step else BY_RULE_LABEL

    @property
    def letter(self) -> str:
        return STATUS_LETTERS[self.step.status] if self.step else "§"

    @property
    def date_label(self) -> str:
        if self.step:
            return event_date_label(self.step.event_date, self.step.date_precision)
        return event_date_label(in_force_from(self.rule), "day")

    @property
    def event_date(self) -> date | None:
        return self.step.event_date if self.step else in_force_from(self.rule)

    @property
    def is_unreviewed(self) -> bool:
        return bool(self.step) and self.step.review_state == "unreviewed"

    @property
    def url(self) -> str:
        return reverse("chip_country_detail", args=[self.chip.slug, self.country.code])


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

    @property
    def cells(self) -> list[Cell]:
        return [cell for group in self.groups for row in group.rows for cell in row.cells if cell]


def in_force_from(rule: Regulation) -> date:
    return rule.effective_on or rule.published_on


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


def build_matrix(tracks, *, as_of: date | None = None, states=frozenset(), rules: RuleScope | None = None) -> Matrix:
    """The matrix over the given tracks (a filtered LicenceApplication queryset) at the end of `as_of` (the
    records as they stand when None). `states` keeps only cells in those states (statuses or BY_RULE); `rules`
    adds the rule cells in that scope where no track is on file."""
    found = {(step.chip_id, step.country_id): Cell(step.chip, step.country, step=step)
             for step in _current_steps(tracks, as_of)}
    if rules is not None and (not states or BY_RULE in states):
        for cell in _rule_cells(as_of or date.today(), rules):
            found.setdefault((cell.chip.pk, cell.country.pk), cell)
    if states:
        found = {key: cell for key, cell in found.items() if cell.state in states}
    return _arrange(found.values(), as_of)


def _current_steps(tracks, as_of) -> list[StatusChange]:
    """Per product and destination, the latest counting step of any of its tracks, in one query."""
    steps = (
        StatusChange.objects.filter(pk__in=tracks.order_by().current_step_ids(as_of))
        .select_related("chip", "chip__vendor", "country")
        .only(*MATRIX_STEP_COLUMNS, "chip__name", "chip__slug", "chip__kind", "chip__vendor__name",
              "country__name", "country__code")
        .latest_first()
    )
    latest: dict[tuple, StatusChange] = {}
    for step in steps:  # latest first, so the first one seen is the cell's
        latest.setdefault((step.chip_id, step.country_id), step)
    return list(latest.values())


def _rule_cells(day: date, scope: RuleScope) -> list[Cell]:
    """A cell for each product and destination a rule or letter in force on `day` names (the newest rule first).
    A rule stops counting once a rescission or suspension of it is in force."""
    rules = (
        Regulation.objects.filter(_in_force(day), kind__in=[Regulation.Kind.RULE, Regulation.Kind.LETTER])
        .exclude(lifted_by__in=Regulation.objects.filter(_in_force(day)))
    )
    if scope.authority_id:
        rules = rules.filter(authority_id=scope.authority_id)
    rules = rules.prefetch_related("chips", "countries").order_by("-published_on", "-id")
    products = [chip for chip in ChipSku.objects.select_related("vendor") if scope.allows_chip(chip)]
    cells = []
    for rule in rules:
        covered = _covered_products(rule, products)
        for country in rule.countries.all():
            if scope.allows_country(country):
                cells.extend(Cell(chip, country, rule=rule) for chip in covered)
    return cells


def _in_force(day: date) -> Q:
    return Q(effective_on__lte=day) | Q(effective_on__isnull=True, published_on__lte=day)


def _covered_products(rule: Regulation, products: list[ChipSku]) -> list[ChipSku]:
    """The products a rule names, the members of the families it names, and, where it names AI chips, every
    chip 3A090 covers by its figures."""
    named = {chip.pk for chip in rule.chips.all()}
    by_figures = any(chip.slug == AI_CHIPS for chip in rule.chips.all())
    return [chip for chip in products
            if chip.pk in named or chip.family_id in named
            or (by_figures and chip.eccn_3a090_class.startswith("3A090"))]


def _arrange(cells, as_of) -> Matrix:
    """Rows grouped by vendor (products of no vendor last), columns by destination name."""
    cells = list(cells)
    columns = sorted({cell.country.pk: cell.country for cell in cells}.values(), key=lambda country: country.name)
    position = {country.pk: index for index, country in enumerate(columns)}
    rows: dict[int, Row] = {}
    for cell in cells:
        row = rows.setdefault(cell.chip.pk, Row(cell.chip, [None] * len(columns)))
        row.cells[position[cell.country.pk]] = cell
    groups: dict[str, VendorRows] = {}
    for row in sorted(rows.values(), key=_row_order):
        vendor = row.chip.vendor.name if row.chip.vendor_id else "Categories and materials"
        groups.setdefault(vendor, VendorRows(vendor)).rows.append(row)
    return Matrix(columns=columns, groups=list(groups.values()), as_of=as_of)


def _row_order(row: Row) -> tuple:
    chip = row.chip
    return (chip.vendor_id is None, chip.vendor.name.lower() if chip.vendor_id else "", chip.name.lower())


def status_matrix(filterset) -> Matrix:
    """The matrix a MatrixFilterSet asks for: its tracks, its as-of day, its states, rule cells in its scope."""
    chosen = filterset.form.cleaned_data if filterset.is_bound else {}
    company, authority = chosen.get("company"), chosen.get("authority")
    scope = RuleScope(
        company_id=company.pk if company else None,
        kind=chosen.get("kind") or "",
        authority_id=authority.pk if authority else None,
        country_ids=filterset.group_country_ids(),
    )
    return build_matrix(filterset.qs, as_of=chosen.get("as_of"), states=frozenset(chosen.get("status") or ()),
                        rules=scope)


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
