"""The guarded HTTP client against a real local server; blocked addresses are refused before any connection."""

import gzip
import socket
import time
import tracemalloc
from datetime import UTC, datetime, timedelta

import pytest

from exportwatch.ingest.fetching import (
    FetchError,
    FetchErrorKind,
    check_url,
    fetch,
    is_public_address,
    parse_retry_after,
    validate_url,
)
from tests.servers import LocalServer


@pytest.fixture
def local_server(settings):
    settings.FETCH_ALLOWED_INTERNAL_HOSTS = ["127.0.0.1"]
    settings.FETCH_TIMEOUT_SECONDS = 5
    settings.FETCH_MAX_BYTES = 1024 * 1024
    settings.FETCH_MAX_REDIRECTS = 3
    with LocalServer() as server:
        yield server


def drip(prefix: bytes, byte: bytes, interval: float, count: int = 100):
    """A handler that writes `prefix`, then one byte every `interval` seconds."""

    def answer(handler):
        handler.wfile.write(prefix)
        handler.wfile.flush()
        for _ in range(count):
            time.sleep(interval)
            handler.wfile.write(byte)
            handler.wfile.flush()

    return answer


def gzip_bomb(decoded_megabytes: int) -> bytes:
    # Concatenated gzip members are one valid stream: 16 MB of zeros compressed once, repeated.
    member = gzip.compress(bytes(16 * 1024 * 1024), compresslevel=9)
    return member * (decoded_megabytes // 16)


def test_it_fetches_a_page_with_its_content_type_and_charset(local_server):
    local_server.add("/page", body="<p>英伟达</p>".encode(), headers={"Content-Type": "text/html; charset=UTF-8"})

    response = fetch(local_server.url("/page"))

    assert response.status == 200
    assert response.body == "<p>英伟达</p>".encode()
    assert response.content_type == "text/html"
    assert response.charset == "utf-8"
    assert response.not_modified is False
    assert response.permanent_redirect is None


def test_it_sends_the_configured_user_agent(local_server, settings):
    settings.FETCH_USER_AGENT = "exportwatch-test/1.0"
    local_server.add("/page", body=b"ok")

    fetch(local_server.url("/page"))

    assert local_server.requests[0][1]["User-Agent"] == "exportwatch-test/1.0"


def test_it_sends_conditional_headers_and_reports_304_as_not_modified(local_server):
    local_server.add("/feed", status=304, headers={"ETag": '"v1"'})

    response = fetch(local_server.url("/feed"), etag='"v1"', last_modified="Mon, 14 Jul 2025 08:00:00 GMT")

    sent = local_server.requests[0][1]
    assert sent["If-None-Match"] == '"v1"'
    assert sent["If-Modified-Since"] == "Mon, 14 Jul 2025 08:00:00 GMT"
    assert response.not_modified is True
    assert response.body == b""


def test_it_decodes_a_gzip_body(local_server):
    local_server.add("/page", body=gzip.compress(b"hello " * 100), headers={"Content-Encoding": "gzip"})

    assert fetch(local_server.url("/page")).body == b"hello " * 100


def test_it_reports_retry_after_seconds_on_429(local_server):
    local_server.add("/feed", status=429, headers={"Retry-After": "3600"})

    with pytest.raises(FetchError) as caught:
        fetch(local_server.url("/feed"))

    assert caught.value.kind == FetchErrorKind.RATE_LIMITED
    assert caught.value.permanent is False
    assert caught.value.retry_after >= datetime.now(UTC) + timedelta(minutes=59)


def test_it_reports_retry_after_as_an_http_date_on_503(local_server):
    local_server.add("/feed", status=503, headers={"Retry-After": "Fri, 31 Dec 2055 23:59:59 GMT"})

    with pytest.raises(FetchError) as caught:
        fetch(local_server.url("/feed"))

    assert caught.value.retry_after == datetime(2055, 12, 31, 23, 59, 59, tzinfo=UTC)


def test_it_reads_no_moment_from_an_unreadable_retry_after():
    assert parse_retry_after("soon, maybe") is None


def test_it_reads_a_past_retry_after_date_as_now():
    now = datetime(2025, 7, 14, tzinfo=UTC)

    assert parse_retry_after("Mon, 01 Jan 2024 00:00:00 GMT", now=now) == now


def test_it_treats_410_as_gone_for_good(local_server):
    local_server.add("/feed", status=410)

    with pytest.raises(FetchError) as caught:
        fetch(local_server.url("/feed"))

    assert caught.value.kind == FetchErrorKind.GONE
    assert caught.value.permanent is True
    assert "410" in caught.value.message


@pytest.mark.parametrize(("status", "permanent"), [(400, True), (403, True), (404, True), (500, False), (502, False)])
def test_it_treats_client_errors_as_permanent_and_server_errors_as_transient(local_server, status, permanent):
    local_server.add("/feed", status=status)

    with pytest.raises(FetchError) as caught:
        fetch(local_server.url("/feed"))

    assert caught.value.status == status
    assert caught.value.permanent is permanent


@pytest.mark.parametrize("status", [301, 308])
def test_it_reports_a_permanent_redirect(local_server, status):
    local_server.add_redirect("/old", status, "/new")
    local_server.add("/new", body=b"moved")

    response = fetch(local_server.url("/old"))

    assert response.body == b"moved"
    assert response.url == local_server.url("/new")
    assert response.permanent_redirect == local_server.url("/new")


@pytest.mark.parametrize("status", [302, 303, 307])
def test_it_follows_a_temporary_redirect_without_reporting_it_as_permanent(local_server, status):
    local_server.add_redirect("/old", status, local_server.url("/elsewhere"))
    local_server.add("/elsewhere", body=b"here for now")

    response = fetch(local_server.url("/old"))

    assert response.url == local_server.url("/elsewhere")
    assert response.permanent_redirect is None


def test_it_reports_only_the_permanent_part_of_a_mixed_redirect_chain(local_server):
    local_server.add_redirect("/old", 301, "/new-home")
    local_server.add_redirect("/new-home", 302, "/todays-edition")
    local_server.add("/todays-edition", body=b"today")

    response = fetch(local_server.url("/old"))

    assert response.url == local_server.url("/todays-edition")
    assert response.permanent_redirect == local_server.url("/new-home")


def test_it_stops_after_the_redirect_cap(local_server):
    for hop in range(5):
        local_server.add_redirect(f"/hop{hop}", 302, f"/hop{hop + 1}")

    with pytest.raises(FetchError) as caught:
        fetch(local_server.url("/hop0"))

    assert caught.value.kind == FetchErrorKind.TOO_MANY_REDIRECTS
    assert local_server.paths_requested() == ["/hop0", "/hop1", "/hop2", "/hop3"]


def test_it_aborts_a_body_that_drips_at_the_total_deadline(local_server, settings):
    settings.FETCH_TIMEOUT_SECONDS = 1
    headers = b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n"
    # Each byte arrives well within a per-read timeout; only a total deadline stops this.
    local_server.routes["/drip"] = drip(headers, b"x", interval=0.2)

    with pytest.raises(FetchError) as caught:
        fetch(local_server.url("/drip"))

    assert caught.value.kind == FetchErrorKind.TIMEOUT
    assert caught.value.permanent is False


def test_it_aborts_headers_that_drip_at_the_total_deadline(local_server, settings):
    settings.FETCH_TIMEOUT_SECONDS = 1
    local_server.routes["/drip"] = drip(b"HTTP/1.0 200 OK\r\nX-Slow: ", b"a", interval=0.2)

    with pytest.raises(FetchError) as caught:
        fetch(local_server.url("/drip"))

    assert caught.value.kind == FetchErrorKind.TIMEOUT


def test_it_refuses_a_body_over_the_cap_without_a_content_length(local_server):
    def endless(handler):
        handler.wfile.write(b"HTTP/1.0 200 OK\r\n\r\n")
        for _ in range(50):
            handler.wfile.write(bytes(100 * 1024))

    local_server.routes["/big"] = endless

    with pytest.raises(FetchError) as caught:
        fetch(local_server.url("/big"))

    assert caught.value.kind == FetchErrorKind.TOO_LARGE
    assert "1048576-byte limit" in caught.value.message


def test_it_refuses_a_declared_oversized_body_before_reading_it(local_server):
    local_server.add("/big", body=bytes(2 * 1024 * 1024))

    with pytest.raises(FetchError) as caught:
        fetch(local_server.url("/big"))

    assert caught.value.kind == FetchErrorKind.TOO_LARGE


def test_it_stops_a_gzip_bomb_at_the_cap_with_bounded_memory(local_server):
    bomb = gzip_bomb(decoded_megabytes=1024)
    local_server.add("/bomb", body=bomb, headers={"Content-Encoding": "gzip"})

    tracemalloc.start()
    try:
        with pytest.raises(FetchError) as caught:
            fetch(local_server.url("/bomb"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert caught.value.kind == FetchErrorKind.TOO_LARGE
    # The cap is 1 MB and the whole compressed bomb is about 1 MB; a gigabyte never materialises.
    assert peak < 16 * 1024 * 1024


def test_a_body_fetched_into_a_file_streams_there_without_being_held(local_server, tmp_path):
    body = bytes(range(256)) * 16 * 1024  # 4 MB
    local_server.add("/file", body=body)

    tracemalloc.start()
    try:
        with open(tmp_path / "file", "w+b") as file:
            response = fetch(local_server.url("/file"), into=file, max_bytes=len(body))
            _, peak = tracemalloc.get_traced_memory()
            file.seek(0)
            assert file.read() == body
    finally:
        tracemalloc.stop()

    assert response.body == b""
    assert peak < 1024 * 1024


def test_a_fetch_into_a_file_keeps_its_own_cap(local_server, tmp_path):
    local_server.add("/file", body=bytes(3000))

    with open(tmp_path / "file", "w+b") as file, pytest.raises(FetchError) as caught:
        fetch(local_server.url("/file"), into=file, max_bytes=2999)

    assert caught.value.kind == FetchErrorKind.TOO_LARGE


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:6379/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:10.0.0.1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::1]/",
        "http://0x7f000001/",
        "http://2130706433/",
        "http://127.1/",
        "http://0177.0.0.1/",
        "http://100.64.0.1/",
        "http://10.1.2.3/",
        "http://192.168.0.1/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "http://[2002:7f00:1::]/",
        "http://[64:ff9b::a9fe:a9fe]/",
    ],
)
def test_it_refuses_internal_addresses_before_connecting(url, settings):
    settings.FETCH_ALLOWED_INTERNAL_HOSTS = []

    with pytest.raises(FetchError) as caught:
        fetch(url)

    assert caught.value.kind == FetchErrorKind.BLOCKED_ADDRESS
    assert caught.value.permanent is True


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "only http and https"),
        ("gopher://example.com:70/_stats", "only http and https"),
        ("ftp://example.com/file", "only http and https"),
        ("http://user:secret@example.com/", "user name or password"),
        ("http://a@example.com/", "user name or password"),
        ("http://evil.example\\@good.example/", "backslash"),
        ("http://example.com\\evil", "backslash"),
        ("http:///path-without-host", "no host"),
        ("http://example.com:99999/", "invalid port"),
        ("http://exa mple.com/", "whitespace"),
        ("/relative/path", "not 'a relative URL'"),
    ],
)
def test_it_refuses_urls_it_must_not_fetch(url, reason):
    with pytest.raises(FetchError) as caught:
        check_url(url)

    assert caught.value.kind == FetchErrorKind.INVALID_URL
    assert reason.removeprefix("not ") in caught.value.message


def test_it_never_reads_a_local_file_through_a_redirect(local_server):
    local_server.add_redirect("/feed", 302, "file:///etc/passwd")

    with pytest.raises(FetchError) as caught:
        fetch(local_server.url("/feed"))

    assert caught.value.kind == FetchErrorKind.INVALID_URL


def test_it_refuses_a_redirect_to_an_internal_host_at_the_hop(local_server):
    # 127.0.0.1 is allowed for the test server; the name "localhost" is not, and resolves to loopback.
    local_server.add_redirect("/feed", 302, f"http://localhost:{local_server.port}/secret")
    local_server.add("/secret", body=b"internal")

    with pytest.raises(FetchError) as caught:
        fetch(local_server.url("/feed"))

    assert caught.value.kind == FetchErrorKind.BLOCKED_ADDRESS
    assert "localhost" in caught.value.message
    assert local_server.paths_requested() == ["/feed"]


def fake_dns(monkeypatch, *answers):
    """Make getaddrinfo give each answer in turn (the last one for ever after), without any real lookup."""
    remaining = list(answers)
    calls = []

    def getaddrinfo(host, port, *args, **kwargs):
        calls.append(host)
        address = remaining.pop(0) if len(remaining) > 1 else remaining[0]
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return calls


def test_it_refuses_a_host_that_rebinds_to_loopback_after_validation(local_server, monkeypatch):
    calls = fake_dns(monkeypatch, "93.184.216.34", "127.0.0.1")
    url = f"http://rebind.example:{local_server.port}/feed"
    local_server.add("/feed", body=b"internal")

    validate_url(url)  # the form-time check sees a public address
    with pytest.raises(FetchError) as caught:
        fetch(url)  # the connect-time check sees loopback

    assert caught.value.kind == FetchErrorKind.BLOCKED_ADDRESS
    assert "127.0.0.1" in caught.value.message
    assert calls == ["rebind.example", "rebind.example"]
    assert local_server.requests == []


def test_it_refuses_at_validation_a_host_that_resolves_to_an_internal_address(monkeypatch):
    fake_dns(monkeypatch, "10.0.0.7")

    with pytest.raises(FetchError) as caught:
        validate_url("https://intranet.example/feed")

    assert caught.value.kind == FetchErrorKind.BLOCKED_ADDRESS


@pytest.mark.parametrize("address", ["8.8.8.8", "2606:4700:4700::1111", "2002:808:808::1", "64:ff9b::808:808"])
def test_it_counts_global_unicast_addresses_as_public(address):
    import ipaddress

    assert is_public_address(ipaddress.ip_address(address))


def test_it_says_when_a_host_does_not_resolve(monkeypatch):
    def getaddrinfo(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)

    with pytest.raises(FetchError) as caught:
        fetch("https://no-such-host.example/feed")

    assert caught.value.kind == FetchErrorKind.DNS
    assert caught.value.permanent is False


def test_it_checks_the_connected_address_of_an_https_url_too(monkeypatch):
    calls = fake_dns(monkeypatch, "127.0.0.1")

    with pytest.raises(FetchError) as caught:
        fetch("https://secure.example/feed")

    assert caught.value.kind == FetchErrorKind.BLOCKED_ADDRESS
    assert calls == ["secure.example"]


def test_it_lets_an_allowed_internal_host_name_through(local_server, settings):
    settings.FETCH_ALLOWED_INTERNAL_HOSTS = ["localhost"]
    local_server.add("/mirror", body=b"local mirror")

    response = fetch(f"http://localhost:{local_server.port}/mirror")

    assert response.body == b"local mirror"


def test_it_exempts_an_allowed_host_by_its_name_not_by_the_address_it_resolves_to(local_server, monkeypatch):
    # 127.0.0.1 is allowed as written in a URL; another name that resolves to it is not.
    fake_dns(monkeypatch, "127.0.0.1")

    with pytest.raises(FetchError) as caught:
        fetch(f"http://internal.example:{local_server.port}/")

    assert caught.value.kind == FetchErrorKind.BLOCKED_ADDRESS
