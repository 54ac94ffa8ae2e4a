"""Atom feeds per chip, country and chip × country, linked from their pages."""

import xml.etree.ElementTree as ET

import pytest

from .conftest import page_urls

ATOM = "{http://www.w3.org/2005/Atom}"
FEED_OF_PAGE = {"chip": "chip_feed", "country": "country_feed", "chip_country": "chip_country_feed"}


@pytest.mark.parametrize("name", FEED_OF_PAGE.values())
def test_the_feed_is_atom(client_as, story, name):
    response = client_as("anonymous").get(page_urls(story)[name])
    assert response["Content-Type"].startswith("application/atom+xml")
    assert ET.fromstring(response.content).tag == f"{ATOM}feed"


@pytest.mark.parametrize("name", FEED_OF_PAGE.values())
def test_the_feed_leaves_out_rejected_steps(client_as, story, name):
    entries = ET.fromstring(client_as("anonymous").get(page_urls(story)[name]).content).findall(f"{ATOM}entry")
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert len(entries) == 5
    assert not [title for title in titles if title.startswith("Revoked")]


def test_a_feed_entry_links_to_its_step(client_as, story):
    root = ET.fromstring(client_as("anonymous").get(page_urls(story)["chip_feed"]).content)
    links = [entry.find(f"{ATOM}link").get("href") for entry in root.findall(f"{ATOM}entry")]
    expected = f"/chips/nvidia-h20/cn/#step-{story['steps']['granted'].pk}"
    assert any(link.endswith(expected) for link in links)


@pytest.mark.parametrize(("page", "feed"), FEED_OF_PAGE.items())
def test_the_page_links_its_feed_as_alternate(client_as, story, page, feed):
    html = client_as("anonymous").get(page_urls(story)[page]).content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert f'href="{page_urls(story)[feed]}"' in html
