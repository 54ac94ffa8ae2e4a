"""Every bad input is refused on its own, with a reason an editor can read; good neighbours are kept, the command
never crashes, and nothing stored breaks a page later."""

import io
import json
import random
import uuid

import pytest
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportwatch.ingest.models import IngestRun, NewsItem
from exportwatch.ingest.parsing import parse_bytes

pytestmark = pytest.mark.django_db

GOOD = {"title": "Licences issued", "published": "2025-08-12T10:00:00Z",
        "body": "The Commerce Department granted Nvidia licences to ship the H20 to China."}


def good(n: int, batch: str = "") -> str:
    return json.dumps({"url": f"https://example.org/good-{batch}{n}", **GOOD})


def ingest(path) -> IngestRun:
    call_command("ingest", str(path), "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())
    return IngestRun.objects.latest("id")


def messages(run: IngestRun) -> list[str]:
    return [f"{entry['location']}: {entry['message']}" for entry in run.errors]


BAD_LINES = {
    "a NUL in the url": (json.dumps({"url": "https://example.org/a\u0000b", "body": "x"}),
                         "the url contains control characters"),
    "a url of 2,100 characters": (json.dumps({"url": "https://example.org/" + "a" * 2100, "body": "x"}),
                                  "at most 2,000 are kept"),
    "JSON nested 100,000 deep": ('{"url": "https://example.org/deep", "body": ' + "[" * 100_000 + "]" * 100_000 + "}",
                                 "nests JSON arrays or objects too deeply"),
    "a 5,000-digit number": ('{"url": "https://example.org/n", "body": "x", "n": ' + "9" * 5000 + "}",
                             "a number too long to read"),
}


@pytest.mark.parametrize("line,reason", BAD_LINES.values(), ids=BAD_LINES)
def test_a_bad_line_is_refused_with_its_reason_and_its_neighbours_kept(tmp_path, line, reason):
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join([good(1), line, good(2)]) + "\n", encoding="utf-8")

    run = ingest(path)

    assert NewsItem.objects.filter(url__startswith="https://example.org/good-").count() == 2
    assert any(message.startswith("line 2: ") and reason in message for message in messages(run))


REPAIRED_LINES = {
    "a NUL in the body": ({"body": "text\u0000more"}, None),
    "a NUL in the language": ({"language": "en\u0000"}, "is not a language tag"),
    "a lone surrogate in the body": ('"body": "bad \\ud800 text"', None),
    "a date before the first UTC day": ({"published": "0001-01-01T00:00:00+14:00"}, "cannot be right"),
    "a date after the last UTC day": ({"published": "9999-12-31T23:59:59-14:00"}, "cannot be right"),
    "a date in the year 2999": ({"published": "2999-01-01T00:00:00Z"}, "cannot be right"),
}


@pytest.mark.parametrize("change,warning", REPAIRED_LINES.values(), ids=REPAIRED_LINES)
def test_a_repairable_line_is_kept_with_a_warning_and_its_page_still_shows(client, tmp_path, change, warning):
    if isinstance(change, dict):
        line = json.dumps({"url": "https://example.org/odd", "body": "text", **change})
    else:
        line = '{"url": "https://example.org/odd", ' + change + "}"
    path = tmp_path / "news.jsonl"
    path.write_text(line + "\n", encoding="utf-8")

    run = ingest(path)

    item = NewsItem.objects.get(url="https://example.org/odd")
    assert "\x00" not in item.text + item.raw_body + item.language
    if warning:
        assert any(warning in message for message in messages(run))
    assert client.get(reverse("newsitem_detail", args=[item.pk])).status_code == 200
    assert client.get(reverse("search"), {"q": "text"}).status_code == 200


def test_a_nul_deep_inside_an_html_file_is_dropped_and_the_page_kept(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><body><p>" + "word " * 1000 + "</p><p>after \x00 the nul</p></body></html>",
                    encoding="utf-8")

    ingest(path)

    item = NewsItem.objects.get()
    assert "\x00" not in item.raw_body and "after" in item.text


@pytest.mark.parametrize("data", [random.Random(3).randbytes(20_000), bytes(range(1, 32)) * 200],
                         ids=["random bytes", "control characters"])
def test_binary_data_that_is_not_caught_by_its_first_bytes_is_refused(data):
    result = parse_bytes(data, name="upload.txt")

    assert not result.items
    assert "binary data, not text" in str(result.errors[0])


def test_a_local_file_over_the_size_cap_is_refused_before_it_is_read(tmp_path, settings):
    settings.INGEST_MAX_FILE_BYTES = 1024
    path = tmp_path / "huge.jsonl"
    path.write_text("\n".join(good(n) for n in range(100)), encoding="utf-8")

    run = ingest(path)

    assert not NewsItem.objects.exists()
    assert "more than the 1,024 allowed" in messages(run)[0]


def test_one_page_over_the_document_cap_is_refused(monkeypatch):
    monkeypatch.setattr("exportwatch.ingest.parsing.MAX_DOCUMENT_BYTES", 1000)
    result = parse_bytes(b"<html><body><p>" + b"text " * 500 + b"</p></body></html>", name="page.html")

    assert not result.items
    assert "at most 1,000 are read as one document" in str(result.errors[0])


def test_thousands_of_bad_lines_are_all_kept_on_the_run(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(["{not json"] * 3000 + [good(1)]) + "\n", encoding="utf-8")

    run = ingest(path)

    assert len(run.errors) == 3000
    assert run.items_failed == 3000
    assert NewsItem.objects.count() == 1


# --- whatever comes in ---------------------------------------------------------------------------------------------

junk_values = st.one_of(
    st.text(max_size=80),
    st.integers(min_value=-10**30, max_value=10**30),
    st.none(),
    st.sampled_from(["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "2999-01-01", "2025-13-45",
                     "\ud800", "\x00", "https://example.org/\x00", "javascript:alert(1)"]),
)
junk_lines = st.one_of(
    st.binary(max_size=200).map(lambda raw: raw.replace(b"\n", b" ").decode("utf-8", "replace")),
    st.fixed_dictionaries({}, optional={"url": junk_values, "title": junk_values, "published": junk_values,
                                        "body": junk_values, "language": junk_values}).map(json.dumps),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(junk_lines, min_size=1, max_size=8))
def test_no_junk_crashes_the_command_loses_a_good_neighbour_or_breaks_a_page(client, tmp_path, lines):
    batch = f"{uuid.uuid4().hex}-"  # examples share one database: each has good items of its own
    path = tmp_path / "junk.jsonl"
    goods = [good(n, batch) for n in range(len(lines))]
    path.write_text("\n".join(line for pair in zip(goods, lines, strict=True) for line in pair) + "\n",
                    encoding="utf-8", errors="surrogatepass")
    before = set(NewsItem.objects.values_list("pk", flat=True))

    ingest(path)

    assert NewsItem.objects.filter(url__startswith=f"https://example.org/good-{batch}").count() == len(goods)
    for item in NewsItem.objects.exclude(pk__in=before):
        assert client.get(reverse("newsitem_detail", args=[item.pk])).status_code == 200
