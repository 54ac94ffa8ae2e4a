"""Parsing bytes into items: every format, every refusal, and a clear error for each bad part."""

import json
import tracemalloc
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import feedparser
import pytest

from exportwatch.ingest.parsing import Format, parse_bytes

FEEDS = Path(__file__).parent.parent / "fixtures" / "feeds"
PAGES = Path(__file__).parent.parent / "fixtures" / "pages"


def jsonl(*lines) -> bytes:
    return b"\n".join(line if isinstance(line, bytes) else json.dumps(line).encode() for line in lines) + b"\n"


@pytest.fixture
def feedparser_must_not_run(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("feedparser was called on input that should have been refused first")

    monkeypatch.setattr(feedparser, "parse", refuse)


def quadratic_blowup_feed() -> bytes:
    # One 20 KB entity referenced 10 000 times: about 70 KB that a loose parser expands to 200 MB.
    entity = "a" * 20_000
    references = "&big;" * 10_000
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY big "{entity}">]>'
        f"<rss version=\"2.0\"><channel><title>t</title><item><title>x</title><link>https://q.example/1</link>"
        f"<description>{references}</description></item></channel></rss>"
    ).encode()


# --- JSON Lines ---


def test_it_parses_a_json_lines_item_with_every_field():
    data = jsonl({"url": "https://wire.example/h20", "title": "H20 licences granted",
                  "published": "2025-08-08T14:30:00Z", "body": "Licences were issued.", "source": "Test Wire",
                  "language": "en"})

    result = parse_bytes(data, name="news.jsonl")

    assert result.format == Format.JSON_LINES
    assert result.errors == []
    [item] = result.items
    assert item.url == "https://wire.example/h20"
    assert item.title == "H20 licences granted"
    assert item.published == datetime(2025, 8, 8, 14, 30, tzinfo=UTC)
    assert item.body == "Licences were issued."
    assert item.body_html == ""
    assert item.outlet == "Test Wire"
    assert item.language == "en"


def test_it_ignores_unknown_json_lines_fields():
    result = parse_bytes(jsonl({"url": "https://wire.example/a", "sentiment": 0.4, "tags": ["x"]}), name="a.jsonl")

    assert result.errors == []
    assert result.items[0].url == "https://wire.example/a"


def test_it_keeps_an_html_body_and_its_text():
    result = parse_bytes(jsonl({"url": "https://wire.example/a", "body": "<p>Nvidia <b>filed</b>.</p><p>More.</p>"}),
                         name="a.jsonl")

    item = result.items[0]
    assert item.body == "Nvidia filed.\n\nMore."
    assert item.body_html == "<p>Nvidia <b>filed</b>.</p><p>More.</p>"


def test_it_reads_a_published_time_without_a_zone_as_utc():
    result = parse_bytes(jsonl({"url": "https://wire.example/a", "published": "2025-07-14"}), name="a.jsonl")

    assert result.items[0].published == datetime(2025, 7, 14, tzinfo=UTC)


def test_it_keeps_the_offset_of_a_published_time():
    result = parse_bytes(jsonl({"url": "https://wire.example/a", "published": "2025-07-14T08:00:00+08:00"}),
                         name="a.jsonl")

    assert result.items[0].published.utcoffset() == timedelta(hours=8)


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        (b'{"url": "https://wire.example/x", "title": "caf\xe9"}', "not valid UTF-8 (byte 0xe9"),
        (b'{"url": "https://wire.example/x",', "not valid JSON"),
        (b'["https://wire.example/x"]', "expected a JSON object, got an array"),
        (b'"https://wire.example/x"', "expected a JSON object, got a string"),
        (b'{"title": "no url"}', 'has no "url"'),
        (b'{"url": "ftp://wire.example/x"}', "must be an http or https URL"),
        (b'{"url": "not a url"}', "must be an http or https URL"),
        (b'{"url": 42}', "must be an http or https URL"),
        (b'{"url": "https://wire.example/x", "published": "last Tuesday"}', "not an ISO 8601 date: 'last Tuesday'"),
        (b'{"url": "https://wire.example/x", "published": 1752480000}', "must be an ISO 8601 date string"),
        (b'{"url": "https://wire.example/x", "title": ["a"]}', '"title" must be a string'),
    ],
)
def test_it_reports_a_bad_json_line_by_number_and_still_parses_the_others(bad_line, message):
    data = jsonl({"url": "https://wire.example/1"}, bad_line, {"url": "https://wire.example/3"})

    result = parse_bytes(data, name="news.jsonl")

    assert [item.url for item in result.items] == ["https://wire.example/1", "https://wire.example/3"]
    [error] = result.errors
    assert error.location == "line 2"
    assert message in error.message
    assert error.excerpt.startswith(bad_line[:10].decode("utf-8", "replace"))


def test_it_skips_blank_json_lines_without_error():
    data = b'{"url": "https://wire.example/1"}\n\n   \n{"url": "https://wire.example/2"}\n'

    result = parse_bytes(data, name="news.jsonl")

    assert len(result.items) == 2
    assert result.errors == []


def test_it_truncates_the_excerpt_of_a_huge_bad_line():
    data = jsonl({"title": "x" * 100_000})

    [error] = parse_bytes(data, name="news.jsonl").errors

    assert len(error.excerpt) <= 500


# --- Feeds ---


def test_it_parses_an_atom_entry():
    result = parse_bytes((FEEDS / "atom.xml").read_bytes(), name="https://chippolicy.example/feed")

    assert result.format == Format.FEED
    [item] = result.items
    assert item.url == "https://chippolicy.example/2025/07/15/h20"
    assert item.title == "Nvidia assured of H20 licences"
    assert item.published == datetime(2025, 7, 15, 7, 30, tzinfo=UTC)
    assert item.body.startswith("Nvidia said on Monday that the US government had assured it licences")
    assert "<b>assured</b>" in item.body_html
    assert item.outlet == "Chip Policy Watch"
    assert item.language == "en"
    assert item.guid == "tag:chippolicy.example,2025:h20-assured"


def test_it_refuses_a_billion_laughs_feed_before_parsing(feedparser_must_not_run):
    result = parse_bytes((FEEDS / "billion_laughs.xml").read_bytes(), name="laughs.xml")

    assert result.items == []
    [error] = result.errors
    assert "entity expansion is never allowed" in error.message


def test_it_refuses_a_quadratic_blowup_feed_with_bounded_memory(feedparser_must_not_run):
    data = quadratic_blowup_feed()

    tracemalloc.start()
    try:
        result = parse_bytes(data, name="blowup.xml", content_type="application/rss+xml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert result.items == []
    assert "declares entities" in result.errors[0].message
    assert peak < 50 * 1024 * 1024


def test_it_never_reads_a_file_named_by_an_external_entity(feedparser_must_not_run):
    result = parse_bytes((FEEDS / "xxe.xml").read_bytes(), name="xxe.xml")

    assert result.items == []
    assert "declares entities" in result.errors[0].message
    assert "root:" not in repr(result)


def test_it_accepts_an_rss_091_doctype_without_an_internal_subset():
    data = (
        b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        b'"http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel><title>Old</title>'
        b"<item><title>One</title><link>https://old.example/1</link></item></channel></rss>"
    )

    result = parse_bytes(data, name="old.xml")

    assert [item.url for item in result.items] == ["https://old.example/1"]


def test_it_keeps_the_entries_of_a_malformed_but_readable_feed_with_a_warning():
    result = parse_bytes((FEEDS / "bozo.xml").read_bytes(), name="bozo.xml")

    assert [item.title for item in result.items] == ["Nvidia & AMD await US licences", "BIS issues first H20 licences"]
    assert result.errors == []
    [warning] = result.warnings
    assert "malformed, entries kept" in warning.message


def test_it_reports_an_unreadable_feed_as_an_error():
    result = parse_bytes(b'<?xml version="1.0"?><rss><channel><title>broken', name="broken.xml")

    assert result.items == []
    assert "not a feed that can be read" in result.errors[0].message


def test_it_keeps_every_entry_of_a_feed_that_reuses_one_guid():
    result = parse_bytes((FEEDS / "same_guid.xml").read_bytes(), name="https://oneguid.example/feed")

    assert [item.url for item in result.items] == [
        "https://oneguid.example/a", "https://oneguid.example/b", "https://oneguid.example/c",
    ]
    assert len({item.guid for item in result.items}) == 3


def test_it_keeps_linkless_entries_that_share_a_guid_apart():
    entry = "<item><guid>same</guid><title>{0}</title><description>{0}</description></item>"
    data = f'<rss version="2.0"><channel><title>t</title>{entry.format("one")}{entry.format("two")}</channel></rss>'

    result = parse_bytes(data.encode(), name="feed.xml")

    assert len({item.url for item in result.items}) == 2


def test_it_gives_entries_without_links_a_stable_url_from_their_guid():
    data = (FEEDS / "no_links.xml").read_bytes()

    first = parse_bytes(data, name="https://bulletin.example/feed")
    again = parse_bytes(data, name="https://bulletin.example/feed")

    urls = [item.url for item in first.items]
    assert urls == [item.url for item in again.items]
    assert len(set(urls)) == 3
    assert all(url.startswith("urn:exportwatch:entry:") for url in urls)


def test_it_never_takes_a_javascript_link_as_an_entry_url():
    result = parse_bytes((FEEDS / "no_links.xml").read_bytes(), name="feed.xml")

    assert not any("javascript" in item.url for item in result.items)


def test_it_reads_a_feed_served_with_a_wrong_content_type():
    result = parse_bytes((FEEDS / "atom.xml").read_bytes(), name="https://x.example/feed", content_type="text/html")

    assert result.format == Format.FEED
    assert len(result.items) == 1


# --- Charsets, binary data, pages and text ---


def test_it_decodes_a_gb18030_page_that_declares_utf8():
    data = (PAGES / "gb18030_declared_utf8.html").read_bytes()

    result = parse_bytes(data, name="https://cn.example/h20", content_type="text/html; charset=utf-8")

    [item] = result.items
    assert item.title == "英伟达获准向中国出口H20芯片"
    assert "美国商务部已开始向英伟达发放H20芯片对华出口许可证" in item.body
    assert item.language == "zh-CN"


def test_it_decodes_with_the_declared_charset_when_it_fits():
    text = "輝達獲准出口H20晶片"
    data = f"<html><body><p>{text}</p></body></html>".encode("big5")

    result = parse_bytes(data, name="https://tw.example/h20", content_type="text/html; charset=big5")

    assert text in result.items[0].body


def test_it_decodes_a_utf16_text_file_with_a_bom():
    data = "Nvidia 英伟达\n\nfiled.".encode("utf-16")

    result = parse_bytes(data, name="note.txt")

    assert result.items[0].body == "Nvidia 英伟达\n\nfiled."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive"),
        (b"some text\x00\x01\x02 then binary", "NUL bytes"),
    ],
)
def test_it_refuses_binary_data(data, message):
    result = parse_bytes(data, name="upload.bin")

    assert result.format == Format.REFUSED
    assert result.items == []
    assert message in result.errors[0].message


def test_it_refuses_empty_input():
    result = parse_bytes(b"  \n ", name="empty.txt")

    assert result.errors[0].message == "the input is empty"


def test_it_parses_an_html_page_with_its_metadata():
    result = parse_bytes((PAGES / "article.html").read_bytes(), name="https://chippolicy.example/h20?utm_source=x")

    assert result.format == Format.HTML
    [item] = result.items
    assert item.url == "https://chippolicy.example/h20?utm_source=x"
    assert item.title == "US begins issuing H20 licences"
    assert item.published.date() == datetime(2025, 8, 8).date()
    assert item.language == "en"
    assert item.outlet == "Chip Policy Watch"
    assert "has begun issuing licences to Nvidia" in item.body
    assert "do not keep this" not in item.body
    assert item.body_html.startswith("<!DOCTYPE html>")


def test_a_local_page_keeps_its_file_address_whatever_its_canonical_link_claims():
    result = parse_bytes((PAGES / "article.html").read_bytes(), name="/data/article.html")

    assert result.items[0].url == "file:///data/article.html"
    assert "canonical link 'https://chippolicy.example/2025/08/08/h20-licences' was not taken" in str(
        result.warnings[0])


def test_it_reads_a_page_date_with_its_offset():
    data = (PAGES / "gb18030_declared_utf8.html").read_bytes()

    result = parse_bytes(data, name="page.html")

    assert result.items[0].published == datetime(2025, 8, 12, 9, tzinfo=timezone(timedelta(hours=8)))


def test_it_parses_a_plain_text_file_as_one_item_titled_by_its_first_line():
    data = b"\n  US grants H20 licences  \nNvidia said licences\nwere issued.\n\nSecond paragraph.\n"

    result = parse_bytes(data, name="/srv/notes/h20.txt")

    assert result.format == Format.TEXT
    [item] = result.items
    assert item.url == "file:///srv/notes/h20.txt"
    assert item.title == "US grants H20 licences"
    assert item.body == "US grants H20 licences\nNvidia said licences\nwere issued.\n\nSecond paragraph."


def test_it_sniffs_json_lines_without_a_telling_name():
    result = parse_bytes(jsonl({"url": "https://wire.example/1"}), name="upload")

    assert result.format == Format.JSON_LINES
