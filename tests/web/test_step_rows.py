"""What the views work out for each row of a step table, so the template only prints it."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat, truncatechars
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import template_localtime

from exportwatch.catalog.models import ChipSku
from exportwatch.licences.models import Evidence, StatusChange
from exportwatch.licences.views import (
    attach_evidence,
    attach_source_counts,
    cut,
    prepare_evidence,
    prepare_steps,
    share_relations,
    step_rows,
)
from tests.factories import NewsItemFactory


def _prepared(story) -> dict[str, StatusChange]:
    pks = {name: step.pk for name, step in story["steps"].items()}
    rows = {row.pk: row for row in step_rows(StatusChange.objects.filter(pk__in=pks.values()))}
    prepare_steps(rows.values())
    return {name: rows[pk] for name, pk in pks.items()}


def test_a_row_carries_its_date_status_and_links(story):
    steps = _prepared(story)
    applied, imposed, undated = steps["applied"], steps["imposed"], steps["undated"]
    assert applied.anchor == f"step-{applied.pk}"
    assert (applied.date_label, applied.iso_date) == ("14 Jul 2025", "2025-07-14")
    # Only a known day gets a machine-readable <time>.
    assert (imposed.date_label, imposed.iso_date) == ("Apr 2025", "")
    assert (undated.date_label, undated.iso_date) == ("date unknown", "")
    assert applied.status_label == applied.get_status_display() == "Applied"
    assert applied.track_url == "/chips/nvidia-h20/cn/"
    assert applied.company_url == "/companies/nvidia/"


def test_a_row_carries_its_review_state_as_the_badges_need_it(story, settings):
    settings.REVIEW_CONFIDENCE_THRESHOLD = 0.7
    steps = _prepared(story)
    assert steps["applied"].row_class == ""  # confirmed and confident
    assert steps["revoked"].row_class == "is-rejected"
    assert steps["assured"].row_class == "is-tentative"  # unreviewed, and below the bar
    assert steps["assured"].is_low_confidence
    # Formatted exactly as the template's floatformat:2 did.
    assert steps["assured"].confidence_label == floatformat(0.5, 2) == "0.50"
    assert steps["applied"].confidence_label == ""


def test_source_counts_read_as_words(story):
    steps = _prepared(story)
    attach_source_counts(steps.values())
    assert steps["applied"].sources_label == "1 source"
    assert steps["imposed"].sources_label == "0 sources"  # recorded by an editor, no news item


def test_evidence_is_attached_oldest_first_with_one_query(story):
    steps = _prepared(story)
    with CaptureQueriesContext(connection) as queries:
        attach_evidence(steps.values())
    assert len(queries) == 1
    assert [item.sentence for item in steps["applied"].evidence_items] == [
        "Nvidia said it is filing applications to sell H20 to China."
    ]
    assert steps["imposed"].evidence_items == []


def test_evidence_links_only_to_web_addresses_and_cuts_long_titles(story):
    change = story["steps"]["applied"]
    item = NewsItemFactory(url="javascript:alert(1)", title="")
    evidence = Evidence.objects.create(status_change=change, news_item=item, sentence="s", confidence=0.9)
    prepare_evidence(evidence)
    assert evidence.source_link == ""
    assert evidence.source_title == "Untitled item"
    assert evidence.detail_url == f"/news/{item.pk}/"

    long = NewsItemFactory(title="H20 " * 50)
    evidence = Evidence.objects.create(status_change=change, news_item=long, sentence="s", confidence=0.9)
    prepare_evidence(evidence)
    assert evidence.source_link == long.url
    assert len(evidence.source_title) == 120 and evidence.source_title.endswith("…")
    assert evidence.published_label


def test_a_shared_relation_is_neither_joined_nor_fetched_per_row(story):
    chip = ChipSku.objects.select_related("vendor").get(pk=story["chip"].pk)  # as the chip page fetches it
    changes = step_rows(StatusChange.objects.filter(chip=chip), shared={"chip": chip})
    assert "catalog_chipsku" not in str(changes.query)
    rows = list(changes)
    share_relations(rows, {"chip": chip})
    with CaptureQueriesContext(connection) as queries:
        prepare_steps(rows)
        names = {str(row.chip) for row in rows} | {row.country.name for row in rows}
    assert len(queries) == 0
    assert names == {"Nvidia H20", "China"}


@pytest.mark.parametrize(
    "text",
    ["", "H20", "x" * 120, "x" * 121, "H20 " * 50, "Cafe\u0301 licences", "e\u0301" * 130, "Ｈ２０ licences"],
)
def test_cut_gives_what_truncatechars_gives(text):
    assert cut(text, 120) == truncatechars(text, 120)


def test_evidence_dates_read_as_the_date_filter_wrote_them(story, settings):
    settings.TIME_ZONE = "Asia/Shanghai"  # so the local day is often not the UTC day
    item = NewsItemFactory()
    evidence = Evidence.objects.create(status_change=story["steps"]["applied"], news_item=item, sentence="s")
    start = datetime(2025, 1, 1, 23, 30, tzinfo=UTC)  # late in the UTC day
    for day in range(0, 365, 17):
        item.published_at = start + timedelta(days=day)
        prepare_evidence(evidence)
        assert evidence.published_label == date_filter(template_localtime(item.published_at), "j M Y")
