"""Canonical URLs and content hashes: one key for the same story however it is linked or copied."""

import pytest

from exportwatch.ingest.canonical import canonical_url, content_hash

STORY = "https://reuters.com/technology/nvidia-h20-licences-2025-08-08"


@pytest.mark.parametrize(
    "variant",
    [
        "HTTPS://REUTERS.COM/technology/nvidia-h20-licences-2025-08-08",
        "https://www.reuters.com/technology/nvidia-h20-licences-2025-08-08",
        "https://m.reuters.com/technology/nvidia-h20-licences-2025-08-08",
        "https://amp.reuters.com/technology/nvidia-h20-licences-2025-08-08",
        "https://reuters.com/technology/nvidia-h20-licences-2025-08-08/amp",
        "https://reuters.com/amp/technology/nvidia-h20-licences-2025-08-08",
        "https://reuters.com/technology/nvidia-h20-licences-2025-08-08.amp",
        "https://reuters.com/technology/nvidia-h20-licences-2025-08-08/",
        "https://reuters.com:443/technology/nvidia-h20-licences-2025-08-08",
        "https://reuters.com/technology/nvidia-h20-licences-2025-08-08#comments",
        "https://reader:secret@reuters.com/technology/nvidia-h20-licences-2025-08-08",
        "https://reuters.com/technology/nvidia-h20-licences-2025-08-08?utm_source=twitter&utm_medium=social",
        "https://reuters.com/technology/nvidia-h20-licences-2025-08-08?fbclid=IwAR0abc&gclid=xyz&mc_cid=1&mc_eid=2",
        "https://reuters.com/technology/nvidia-h20-licences-2025-08-08?ocid=msn&cmpid=rss&ref=home&amp=1",
        "https://reuters.com/technology/./x/../nvidia-h20-licences-2025-08-08",
        "  https://reuters.com/technology/nvidia-h20-licences-2025-08-08\n",
        "https://reuters.com./technology/nvidia-h20-licences-2025-08-08",
    ],
)
def test_it_gives_every_variant_of_a_story_url_the_same_key(variant):
    assert canonical_url(variant) == STORY


def test_it_keeps_query_parameters_that_identify_the_story_in_sorted_order():
    url = "http://news.example/article.php?utm_campaign=x&id=42&page=2"

    assert canonical_url(url) == "http://news.example/article.php?id=42&page=2"


def test_it_keeps_a_non_default_port():
    assert canonical_url("http://news.example:8080/a") == "http://news.example:8080/a"


def test_it_keeps_the_root_slash():
    assert canonical_url("https://news.example") == "https://news.example/"


def test_it_encodes_an_internationalised_host_with_idna():
    assert canonical_url("https://Bücher.example/über") == "https://xn--bcher-kva.example/%C3%BCber"


def test_it_upper_cases_percent_escapes():
    assert canonical_url("https://news.example/a%2fb%c3%bc") == "https://news.example/a%2Fb%C3%BC"


def test_it_keeps_a_short_host_that_only_looks_like_an_edition():
    assert canonical_url("https://m.com/story") == "https://m.com/story"


def test_it_keeps_http_and_https_apart():
    assert canonical_url("http://news.example/a") != canonical_url("https://news.example/a")


def test_it_leaves_pseudo_urls_as_they_are():
    assert canonical_url("urn:exportwatch:entry:abc") == "urn:exportwatch:entry:abc"
    assert canonical_url("file:///srv/notes/h20.txt") == "file:///srv/notes/h20.txt"


@pytest.mark.parametrize("url", ["https:///no-host", "https://news.example:99999/", "https://a..b/"])
def test_it_refuses_an_invalid_web_url(url):
    with pytest.raises(ValueError):
        canonical_url(url)


def test_it_hashes_the_same_story_text_alike_despite_case_and_whitespace():
    original = "Nvidia said the US had assured it licences would be granted.\n\nThe company filed."
    copy = "  NVIDIA said the US had  assured it licences\nwould be granted.\r\n\r\nThe company filed.  "

    assert content_hash(copy) == content_hash(original)


def test_it_hashes_full_width_and_invisible_characters_like_their_plain_text():
    assert content_hash("Ｎｖｉｄｉａ\u200b filed") == content_hash("nvidia filed")


def test_it_hashes_different_stories_differently():
    assert content_hash("Licences were granted.") != content_hash("Licences were denied.")


def test_it_gives_a_sha256_hex_digest():
    digest = content_hash("x")

    assert len(digest) == 64
    assert int(digest, 16) >= 0
