"""Ingest admin: actions enqueue the pipeline's tasks after commit, and chip candidates join the catalogue."""

import pytest
from django.urls import reverse

from exportwatch import celery_app
from exportwatch.catalog.models import ChipSku
from exportwatch.ingest.admin import SourceForm
from exportwatch.ingest.models import ChipCandidate, IngestRun, NewsItem
from tests.factories import ApplicationFactory, ChipFactory, CompanyFactory, NewsItemFactory, SourceFactory, record_step

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_tasks(settings):
    """Run queued tasks in this process, so an action's effect can be checked in the database."""
    settings.FETCH_ALLOWED_INTERNAL_HOSTS = ["127.0.0.1"]
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def _run_action(client, model_name, action, objects):
    url = reverse(f"admin:ingest_{model_name}_changelist")
    return client.post(url, {"action": action, "_selected_action": [obj.pk for obj in objects]}, follow=True)


def _candidate(name="B30A", vendor=None):
    return ChipCandidate.objects.create(name=name, vendor=vendor or CompanyFactory(name="Nvidia", slug="nvidia"))


def test_ingest_now_starts_a_run_per_selected_source_for_the_editor(
    client, editor, eager_tasks, django_capture_on_commit_callbacks
):
    # Port 9 (discard) is closed here: each poll fails fast and records its error on its run.
    sources = [SourceFactory(url=f"http://127.0.0.1:9/feed-{n}.xml") for n in range(3)]
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        _run_action(client, "source", "ingest_now", sources[:2])
    runs = IngestRun.objects.filter(trigger="admin")
    assert sorted(run.source_id for run in runs) == sorted(source.pk for source in sources[:2])
    assert {run.started_by for run in runs} == {editor}
    assert all(run.errors for run in runs)


def test_retry_processing_processes_the_selected_failed_items_again(
    client, editor, eager_tasks, django_capture_on_commit_callbacks
):
    items = NewsItemFactory.create_batch(3, state="failed", error="boom")
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        _run_action(client, "newsitem", "retry_processing", items[1:])
    states = {item.pk: item.state for item in NewsItem.objects.all()}
    assert states == {items[0].pk: "failed", items[1].pk: "processed", items[2].pk: "processed"}
    assert IngestRun.objects.get(trigger="admin").started_by == editor


def test_the_source_list_shows_when_it_was_checked_and_its_last_error(client, editor):
    SourceFactory(error_count=3, last_error="HTTP 503 from news.example")
    client.force_login(editor)
    page = client.get(reverse("admin:ingest_source_changelist")).content.decode()
    assert "HTTP 503 from news.example" in page


def test_the_news_item_list_filters_by_state(client, editor):
    failed = NewsItemFactory(state="failed", error="no text")
    NewsItemFactory(state="processed")
    client.force_login(editor)
    response = client.get(reverse("admin:ingest_newsitem_changelist"), {"state__exact": "failed"})
    assert [item.pk for item in response.context["cl"].result_list] == [failed.pk]


def test_accepting_a_candidate_adds_the_chip_and_links_it(client, editor):
    candidate = _candidate()
    client.force_login(editor)
    _run_action(client, "chipcandidate", "accept_into_catalogue", [candidate])
    candidate.refresh_from_db()
    chip = ChipSku.objects.get(slug="nvidia-b30a")
    assert (chip.vendor, chip.name, chip.kind) == (candidate.vendor, "B30A", ChipSku.Kind.SKU)
    assert (candidate.state, candidate.accepted_as) == (ChipCandidate.State.ACCEPTED, chip)


def test_accepting_a_candidate_the_catalogue_already_has_links_the_existing_chip(client, editor):
    chip = ChipFactory(name="H20")
    candidate = _candidate(name="h20", vendor=chip.vendor)
    client.force_login(editor)
    _run_action(client, "chipcandidate", "accept_into_catalogue", [candidate])
    candidate.refresh_from_db()
    assert candidate.accepted_as == chip
    assert ChipSku.objects.filter(vendor=chip.vendor).count() == 1


def test_ignoring_marks_only_the_selected_candidates(client, editor):
    vendor = CompanyFactory()
    ignored = _candidate("X1", vendor)
    _candidate("X2", vendor)
    client.force_login(editor)
    _run_action(client, "chipcandidate", "ignore", [ignored])
    states = dict(ChipCandidate.objects.values_list("name", "state"))
    assert states == {"X1": ChipCandidate.State.IGNORED, "X2": ChipCandidate.State.NEW}


def test_an_ingest_run_can_be_looked_at_but_not_edited(client, editor):
    run = IngestRun.objects.create(trigger="command", target="items.jsonl", items_new=4, errors=["line 3: no url"])
    client.force_login(editor)
    page = client.get(reverse("admin:ingest_ingestrun_change", args=[run.pk])).content.decode()
    assert "line 3: no url" in page
    assert 'name="_save"' not in page


@pytest.mark.parametrize("url", ["http://127.0.0.1:6379/", "http://169.254.169.254/latest/", "file:///etc/passwd"])
def test_the_source_form_refuses_an_internal_or_non_web_address(url):
    form = SourceForm(data={"name": "bad", "kind": "feed", "url": url, "interval_minutes": 60, "enabled": True})
    assert not form.is_valid() and "url" in form.errors


def _edit_form(item, **changes) -> dict:
    fields = {"title": item.title, "text": item.text, "outlet": item.outlet, "language": item.language,
              "published_at_0": item.published_at.strftime("%Y-%m-%d"),
              "published_at_1": item.published_at.strftime("%H:%M:%S")}
    return fields | changes


def test_an_editors_fix_of_a_failed_items_text_is_kept_in_its_history(client, editor):
    item = NewsItemFactory(state="failed", title="Licences grnated", error="no events")
    client.force_login(editor)
    client.post(reverse("admin:ingest_newsitem_change", args=[item.pk]), _edit_form(item, title="Licences granted"))

    [event] = NewsItem.pgh_event_models["content_edited"].objects.filter(pgh_obj=item)
    assert event.title == "Licences granted"
    assert event.pgh_context.metadata["actor"] == "user edith"


def test_what_an_item_says_is_read_only_once_it_is_evidence(client, editor):
    item = record_step(ApplicationFactory(), "granted").evidence.get().news_item
    client.force_login(editor)
    client.post(reverse("admin:ingest_newsitem_change", args=[item.pk]), _edit_form(item, title="Rewritten"))

    item.refresh_from_db()
    assert item.title != "Rewritten"
    assert not NewsItem.pgh_event_models["content_edited"].objects.filter(pgh_obj=item).exists()
