"""Security headers and escaping: CSP on every page, no inline script or style, hostile text stays text."""

import pytest

from tests.factories import NewsItemFactory, record_step

from .conftest import FEED_NAMES, PAGE_NAMES, page_urls


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_every_page_sends_a_content_security_policy(client_as, story, name):
    policy = client_as("anonymous").get(page_urls(story)[name])["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy


@pytest.mark.parametrize("role", ["anonymous", "editor"])
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_no_page_has_inline_script_or_style(client_as, story, role, name):
    html = client_as(role).get(page_urls(story)[name]).content.decode().lower()
    assert "<script" not in html
    assert "<style" not in html
    assert " style=" not in html
    assert " on" + "click=" not in html


@pytest.fixture
def hostile_item(story):
    item = NewsItemFactory(title="<script>alert('title')</script>", url="javascript:alert(1)")
    record_step(story["track"], "denied", news_item=item, sentence="<img src=x onerror=alert(2)> denied")
    return item


@pytest.mark.parametrize("name", ["chip_country", "application"])
def test_a_javascript_source_url_is_never_a_link(client_as, story, hostile_item, name):
    html = client_as("anonymous").get(page_urls(story)[name]).content.decode()
    assert "javascript:" not in html.lower()


def test_the_news_page_shows_a_javascript_url_as_text_only(client_as, hostile_item):
    html = client_as("anonymous").get(f"/news/{hostile_item.pk}/").content.decode()
    assert 'href="javascript:' not in html.lower()
    assert "not a web link" in html


@pytest.mark.parametrize("url", ["/search/?q=alert", "news_item"])
def test_a_script_in_a_title_is_escaped(client_as, hostile_item, url):
    url = f"/news/{hostile_item.pk}/" if url == "news_item" else url
    html = client_as("anonymous").get(url).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_an_evidence_sentence_with_markup_is_escaped(client_as, story, hostile_item):
    html = client_as("anonymous").get(page_urls(story)["chip_country"]).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html


@pytest.mark.parametrize("name", FEED_NAMES)
def test_feeds_escape_markup(client_as, story, hostile_item, name):
    body = client_as("anonymous").get(page_urls(story)[name]).content.decode()
    assert "<script" not in body
    assert "<img" not in body
