"""The status matrix: each product × destination's status at a date, rules where nothing is on file."""

from datetime import date

import pytest

from exportwatch.catalog.models import Regulation
from exportwatch.ingest.demo import load_demo
from exportwatch.licences.matrix import BY_RULE, RuleScope, build_matrix
from exportwatch.licences.models import LicenceApplication, ReviewState, Status
from exportwatch.licences.services import review_status_change
from tests.factories import ApplicationFactory, AuthorityFactory, ChipFactory, CountryFactory, UserFactory, record_step

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return load_demo()


def _state(as_of, chip="nvidia-h20", country="CN", **kwargs):
    matrix = build_matrix(LicenceApplication.objects.all(), as_of=as_of, **kwargs)
    cells = {(cell.chip.slug, cell.country.code): cell for cell in matrix.cells}
    cell = cells.get((chip, country))
    return cell.state if cell else None


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [(date(2025, 6, 1), Status.REQUIREMENT_IMPOSED), (date(2025, 7, 20), Status.ASSURED),
     (date(2025, 9, 1), Status.GRANTED)],
)
def test_h20_to_china_reads_as_the_reference_history_says_on_each_day(demo, as_of, expected):
    assert _state(as_of) == expected


def test_before_its_first_step_a_track_has_no_cell(demo):
    assert _state(date(2025, 1, 1)) is None


def test_a_month_precise_step_counts_from_the_first_day_of_its_month():
    track = ApplicationFactory()
    record_step(track, Status.GRANTED, date(2025, 8, 1), precision="month")
    cell = build_matrix(LicenceApplication.objects.all(), as_of=date(2025, 8, 1)).cells[0]
    assert (cell.state, cell.date_label) == (Status.GRANTED, "Aug 2025")


def test_a_rejected_step_does_not_count():
    track = ApplicationFactory()
    record_step(track, Status.APPLIED, date(2025, 7, 1))
    revoked = record_step(track, Status.REVOKED, date(2025, 8, 1))
    review_status_change(revoked, decision=ReviewState.REJECTED, editor=UserFactory())
    assert [cell.state for cell in build_matrix(LicenceApplication.objects.all()).cells] == [Status.APPLIED]


def test_the_latest_step_of_any_track_of_a_product_and_destination_fills_the_cell():
    track = ApplicationFactory()
    other_authority = ApplicationFactory(chip=track.chip, country=track.country, company=track.company,
                                         authority=AuthorityFactory(slug="other-authority"))
    record_step(track, Status.APPLIED, date(2025, 7, 1))
    record_step(other_authority, Status.DENIED, date(2025, 9, 1))
    assert [cell.state for cell in build_matrix(LicenceApplication.objects.all()).cells] == [Status.DENIED]


def test_an_unreviewed_latest_step_is_marked():
    track = ApplicationFactory()
    record_step(track, Status.APPLIED, date(2025, 7, 1))  # from the news, so unreviewed
    assert build_matrix(LicenceApplication.objects.all()).cells[0].is_unreviewed


def _letter(chip, country, published_on, *, kind=Regulation.Kind.LETTER):
    rule = Regulation.objects.create(title="A letter", slug=f"letter-{chip.slug}-{country.code}", kind=kind,
                                     authority=AuthorityFactory(), published_on=published_on)
    rule.chips.add(chip)
    rule.countries.add(country)
    return rule


def _rule_cells(country, as_of=None):
    """The rule cells for one made-up destination, so the reference catalogue's own rules stay out of view."""
    scope = RuleScope(country_ids=frozenset({country.pk}))
    return build_matrix(LicenceApplication.objects.none(), as_of=as_of, rules=scope).cells


def test_a_rule_naming_a_product_and_destination_with_no_track_fills_the_cell_as_required_by_rule():
    chip, country = ChipFactory(), CountryFactory(code="XR", name="Ruleland")
    rule = _letter(chip, country, date(2025, 4, 9))
    cells = _rule_cells(country)
    assert [(cell.state, cell.rule, cell.chip, cell.country) for cell in cells] == [(BY_RULE, rule, chip, country)]


def test_a_reported_step_wins_over_a_rule():
    track = ApplicationFactory()
    record_step(track, Status.GRANTED, date(2025, 8, 1))
    _letter(track.chip, track.country, date(2025, 4, 9))
    scope = RuleScope(country_ids=frozenset({track.country.pk}))
    cells = build_matrix(LicenceApplication.objects.all(), rules=scope).cells
    assert [cell.state for cell in cells if cell.chip == track.chip] == [Status.GRANTED]


def test_a_rule_not_yet_in_force_on_the_day_asked_fills_nothing():
    chip, country = ChipFactory(), CountryFactory(code="XR", name="Ruleland")
    _letter(chip, country, date(2025, 4, 9))
    assert _rule_cells(country, as_of=date(2025, 4, 8)) == []


def test_a_rule_on_ai_chips_covers_a_chip_3a090_covers_by_its_figures_and_not_a_small_one():
    country = CountryFactory(code="XR", name="Ruleland")
    ai_chips = ChipFactory(name="AI chips", slug="ai-chips", kind="category", vendor=None)
    big = ChipFactory(name="Big", slug="big", dense_fp16_tflops=990, dense_fp8_tflops=1979, die_area_mm2=814,
                      is_datacenter=True)
    small = ChipFactory(name="Small", slug="small", dense_fp16_tflops=10, die_area_mm2=100, is_datacenter=False)
    _letter(ai_chips, country, date(2023, 10, 25), kind=Regulation.Kind.RULE)
    covered = {cell.chip.slug for cell in _rule_cells(country)}
    assert {"ai-chips", big.slug} <= covered
    assert small.slug not in covered


def test_a_rule_stops_filling_cells_once_its_rescission_is_in_force():
    chip, country = ChipFactory(), CountryFactory(code="XR", name="Ruleland")
    rule = _letter(chip, country, date(2025, 1, 15))
    Regulation.objects.create(title="Rescinded", slug="rescission", kind=Regulation.Kind.DECISION,
                              authority=AuthorityFactory(), published_on=date(2025, 5, 13), lifts=rule)
    assert [cell.rule for cell in _rule_cells(country, as_of=date(2025, 5, 12))] == [rule]
    assert _rule_cells(country, as_of=date(2025, 5, 13)) == []


def test_a_page_shows_its_share_of_the_products_and_the_pages_together_show_them_all(monkeypatch):
    from exportwatch.licences import matrix

    monkeypatch.setattr(matrix, "ROWS_PER_PAGE", 2)
    country = CountryFactory(code="XR", name="Ruleland")
    for _ in range(5):
        record_step(ApplicationFactory(country=country), Status.APPLIED, date(2025, 7, 1))
    tracks = LicenceApplication.objects.filter(country=country)
    pages = [build_matrix(tracks, page=number) for number in (1, 2, 3)]
    shown = [[row.chip.pk for group in page.groups for row in group.rows] for page in pages]
    assert [len(rows) for rows in shown] == [2, 2, 1]
    assert sorted(sum(shown, [])) == sorted(tracks.values_list("chip_id", flat=True))
    assert {page.pages for page in pages} == {3}


def test_without_a_page_every_product_is_shown(monkeypatch):
    from exportwatch.licences import matrix

    monkeypatch.setattr(matrix, "ROWS_PER_PAGE", 2)
    country = CountryFactory(code="XR", name="Ruleland")
    for _ in range(5):
        record_step(ApplicationFactory(country=country), Status.APPLIED, date(2025, 7, 1))
    assert len(build_matrix(LicenceApplication.objects.filter(country=country)).cells) == 5


def test_a_rule_on_a_country_group_covers_the_members_it_had_on_the_day():
    from exportwatch.catalog.models import CountryGroup, CountryGroupMembership

    chip = ChipFactory()
    early, late = CountryFactory(code="XE", name="Earlyland"), CountryFactory(code="XL", name="Lateland")
    group = CountryGroup.objects.create(code="X:1", name="Test group")
    CountryGroupMembership.objects.create(group=group, country=early, valid_from=date(2020, 1, 1))
    CountryGroupMembership.objects.create(group=group, country=late, valid_from=date(2025, 6, 1))
    rule = Regulation.objects.create(title="Group rule", slug="group-rule", kind=Regulation.Kind.RULE,
                                     authority=AuthorityFactory(), published_on=date(2024, 1, 1))
    rule.chips.add(chip)
    rule.country_groups.add(group)
    scope = RuleScope(country_ids=frozenset({early.pk, late.pk}))

    def covered(day):
        cells = build_matrix(LicenceApplication.objects.none(), as_of=day, rules=scope).cells
        return {cell.country.code for cell in cells if cell.chip == chip}

    assert covered(date(2025, 1, 1)) == {"XE"}
    assert covered(date(2025, 7, 1)) == {"XE", "XL"}
