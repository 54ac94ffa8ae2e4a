"""`load_demo` turns the reference timeline into licence tracks with evidence, once."""

import pytest

from exportwatch.catalog.models import Regulation
from exportwatch.ingest.demo import load_demo, read_timeline
from exportwatch.ingest.models import NewsItem
from exportwatch.licences.models import Evidence, Origin, StatusChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return load_demo()


def test_it_records_most_of_the_timeline(demo):
    assert demo.rows == 50
    assert len(demo.skipped) <= 10
    assert demo.changes_created == StatusChange.objects.count() > 50


def test_loading_it_again_adds_nothing(demo):
    counts = (NewsItem.objects.count(), StatusChange.objects.count(), Evidence.objects.count())

    again = load_demo()

    assert (again.items_created, again.changes_created, again.evidence_created) == (0, 0, 0)
    assert (NewsItem.objects.count(), StatusChange.objects.count(), Evidence.objects.count()) == counts


def test_every_status_change_it_makes_has_evidence(demo):
    assert not StatusChange.objects.filter(evidence__isnull=True).exists()
    assert set(StatusChange.objects.values_list("origin", flat=True)) == {Origin.REFERENCE}


def test_it_tells_the_h20_story_for_china(demo):
    steps = StatusChange.objects.filter(chip__slug="nvidia-h20", country__code="CN").order_by("event_date", "id")
    assert [(str(s.event_date), s.status) for s in steps] == [
        ("2025-04-09", "requirement_imposed"),
        ("2025-07-14", "applied"),
        ("2025-07-14", "assured"),
        ("2025-08-08", "granted"),
    ]


def test_a_month_only_date_is_stored_with_month_precision(demo):
    step = StatusChange.objects.get(company__slug="tsmc", chip__slug="ai-chips", status="requirement_imposed")
    assert (str(step.event_date), step.date_precision) == ("2024-11-01", "month")


def test_its_news_items_are_processed_sources_with_their_domain(demo):
    item = NewsItem.objects.get(url="https://dutchnews.nl/2024/01/asml-says-dutch-government-partly-withdrew-export-licence")
    assert (item.outlet, item.state, len(item.content_hash)) == ("dutchnews.nl", NewsItem.State.PROCESSED, 64)


def test_its_writes_are_attributed_to_the_command(demo):
    from pghistory.models import Context

    assert Context.objects.filter(metadata__actor="command load_demo").exists()


def test_rule_rows_name_regulations_of_the_catalogue():
    named = {slug for row in read_timeline() for slug in row.get("regulations", [])}
    assert named <= set(Regulation.objects.values_list("slug", flat=True))
