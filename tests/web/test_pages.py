"""What the pages show: dates at their precision, evidence with sources, review marks, specs, regulations."""

import pytest

from exportwatch.licences.timeline.dates import event_date_label

from .conftest import page_urls


@pytest.mark.parametrize(
    ("precision", "expected"),
    [("day", "14 Jul 2025"), ("month", "Jul 2025"), ("year", "2025"), ("unknown", "date unknown")],
)
def test_a_date_is_shown_at_its_precision(precision, expected):
    from datetime import date

    assert event_date_label(date(2025, 7, 14), precision) == expected


def test_an_undated_step_reads_date_unknown():
    assert event_date_label(None, "unknown") == "date unknown"


def test_the_story_page_shows_each_date_at_its_precision(client_as, story):
    html = client_as("anonymous").get(page_urls(story)["chip_country"]).content.decode()
    for label in ("Apr 2025", "14 Jul 2025", "Aug 2025", "date unknown"):
        assert label in html


def test_the_story_page_shows_evidence_sentences_linked_to_their_sources(client_as, story):
    html = client_as("anonymous").get(page_urls(story)["chip_country"]).content.decode()
    assert "Nvidia said it is filing applications to sell H20 to China." in html
    assert 'href="https://news.example/h20-filing"' in html


def test_unreviewed_and_low_confidence_steps_are_marked(client_as, story):
    html = client_as("anonymous").get(page_urls(story)["chip_country"]).content.decode()
    assert "badge-unreviewed" in html
    assert "Low confidence 0.50" in html
    assert f'id="step-{story["steps"]["assured"].pk}" class="is-tentative"' in html


@pytest.mark.parametrize("name", ["chip", "country", "chip_country", "company", "application", "change_list"])
def test_public_readers_do_not_see_rejected_steps(client_as, story, name):
    html = client_as("anonymous").get(page_urls(story)[name]).content.decode()
    assert f'id="step-{story["steps"]["revoked"].pk}"' not in html


@pytest.mark.parametrize("name", ["chip", "country", "chip_country", "company", "application", "change_list"])
def test_editors_see_rejected_steps_marked_rejected(client_as, story, name):
    html = client_as("editor").get(page_urls(story)[name]).content.decode()
    assert f'id="step-{story["steps"]["revoked"].pk}" class="is-rejected"' in html
    assert "badge-rejected" in html


def test_public_readers_cannot_filter_for_rejected_steps(client_as, story):
    form = client_as("viewer").get("/changes/").context["filterset"].form
    assert "rejected" not in dict(form.fields["review_state"].choices)


def test_the_chip_page_shows_tpp_density_and_3a090_class(client_as, story):
    response = client_as("anonymous").get(page_urls(story)["chip"])
    chip = story["chip"]
    html = response.content.decode()
    assert str(chip.tpp) in html
    assert str(chip.performance_density) in html
    assert chip.eccn_3a090_class in html


def test_the_chip_page_lists_the_regulations_that_affect_it(client_as, story):
    html = client_as("anonymous").get(page_urls(story)["chip"]).content.decode()
    assert story["regulation"].title in html


def test_the_chip_page_lanes_are_destination_countries(client_as, story):
    html = client_as("anonymous").get(page_urls(story)["chip"]).content.decode()
    assert ">China</text>" in html


def test_the_country_page_shows_group_memberships(client_as, story):
    html = client_as("anonymous").get(page_urls(story)["country"]).content.decode()
    assert "D:5" in html


def test_the_country_page_accepts_either_case(client_as, story):
    assert client_as("anonymous").get("/countries/CN/").status_code == 200


def test_an_unknown_chip_is_not_found(client_as, db):
    assert client_as("anonymous").get("/chips/no-such-chip/").status_code == 404


def test_the_news_item_page_shows_what_was_extracted(client_as, story):
    html = client_as("anonymous").get(page_urls(story)["news_item"]).content.decode()
    assert "Nvidia said it is filing applications" in html
    assert "Processed" in html


def test_the_news_item_page_shows_a_processing_error_to_editors(client_as, db):
    from tests.factories import NewsItemFactory

    item = NewsItemFactory(state="failed", error="IntegrityError: duplicate key in licences_statuschange")
    html = client_as("editor").get(f"/news/{item.pk}/").content.decode()
    assert "duplicate key in licences_statuschange" in html


@pytest.mark.parametrize("role", ["anonymous", "viewer", "analyst"])
def test_the_news_item_page_keeps_internal_error_text_from_readers(client_as, db, role):
    from tests.factories import NewsItemFactory

    item = NewsItemFactory(state="failed", error="IntegrityError: duplicate key in licences_statuschange")
    html = client_as(role).get(f"/news/{item.pk}/").content.decode()
    assert "licences_statuschange" not in html
    assert "Processing stopped with an error" in html


def test_home_shows_counts_by_status_and_recent_activity(client_as, story):
    response = client_as("anonymous").get("/")
    counts = {value: count for value, _, count in response.context["status_counts"]}
    assert counts["applied"] == 1
    assert counts["revoked"] == 0  # the only revocation was rejected
    assert story["chip"] in response.context["recent_chips"]
    assert story["country"] in response.context["recent_countries"]


@pytest.mark.parametrize("query", ["H20", "h-20", "H20芯片", "英伟达", "China", "Nvidia files"])
def test_search_finds_names_aliases_and_news_titles(client_as, story, query):
    context = client_as("anonymous").get("/search/", {"q": query}).context
    found = [*context["chips"], *context["companies"], *context["countries"], *context["news_items"]]
    assert found


def test_search_with_no_query_lists_nothing(client_as, db):
    assert "chips" not in client_as("anonymous").get("/search/").context
