"""The one HTTP client that fetches what users and feeds point us at, guarded against SSRF and abuse.

Every connection goes only to an address that was resolved and checked at connect time, on every
redirect hop, so a host that resolves differently between checks (DNS rebinding) gets nowhere. The
whole fetch has one deadline, and the decoded body one size cap.
"""

import contextlib
import ipaddress
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import Message
from email.utils import parsedate_to_datetime
from enum import StrEnum
from typing import BinaryIO
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

_READ_CHUNK_BYTES = 64 * 1024
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_PERMANENT_REDIRECT_STATUSES = frozenset({301, 308})
_DEFAULT_PORTS = {"http": 80, "https": 443}
# NAT64 prefixes carry an IPv4 address in their last 32 bits.
_NAT64_WELL_KNOWN = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL_USE = ipaddress.ip_network("64:ff9b:1::/48")


class FetchErrorKind(StrEnum):
    INVALID_URL = "invalid_url"
    BLOCKED_ADDRESS = "blocked_address"
    DNS = "dns"
    CONNECTION = "connection"
    TIMEOUT = "timeout"
    TOO_LARGE = "too_large"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    BAD_RESPONSE = "bad_response"
    RATE_LIMITED = "rate_limited"
    GONE = "gone"
    HTTP_STATUS = "http_status"


class FetchError(Exception):
    """A fetch that gave no usable body; `permanent` says whether trying again could help."""

    def __init__(self, message: str, kind: FetchErrorKind, *, permanent: bool,
                 retry_after: datetime | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.permanent = permanent
        self.retry_after = retry_after
        self.status = status


@dataclass(frozen=True)
class FetchResponse:
    url: str
    status: int
    headers: dict[str, str] = field(repr=False)
    body: bytes = field(repr=False)
    content_type: str | None
    charset: str | None
    not_modified: bool
    permanent_redirect: str | None


@dataclass(frozen=True)
class _Limits:
    """How much of a body a fetch accepts, and where it goes: memory, or the caller's file when `into` is set."""

    max_bytes: int
    into: BinaryIO | None = None


def fetch(url: str, *, etag: str | None = None, last_modified: str | None = None,
          accept: str | None = None, into: BinaryIO | None = None, max_bytes: int | None = None,
          timeout_seconds: float | None = None) -> FetchResponse:
    """GET `url` through the guard, following up to FETCH_MAX_REDIRECTS redirects; raise FetchError otherwise.

    With `etag` or `last_modified` the request is conditional and a 304 answer comes back as
    `not_modified`. `permanent_redirect` is where the leading 301/308 hops led, for the caller to store.
    With `into` (a binary file) the body streams there and the response's `body` is empty, for files larger than
    memory should hold; `max_bytes` and `timeout_seconds` replace FETCH_MAX_BYTES and FETCH_TIMEOUT_SECONDS.
    """
    headers = {
        "User-Agent": settings.FETCH_USER_AGENT,
        "Accept": accept or "*/*",
        # Only encodings whose decoder urllib3 bounds by the size we ask for.
        "Accept-Encoding": "gzip, deflate",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified

    limits = _Limits(max_bytes or settings.FETCH_MAX_BYTES, into)
    with _Deadline(timeout_seconds or settings.FETCH_TIMEOUT_SECONDS) as deadline:
        permanent_redirect = None
        only_permanent_hops = True
        for _hop in range(settings.FETCH_MAX_REDIRECTS + 1):
            response, pool = _request(url, headers, deadline)
            try:
                location = response.headers.get("Location")
                if response.status not in _REDIRECT_STATUSES or not location:
                    return _final_response(url, response, deadline, permanent_redirect, limits)
                next_url = urljoin(url, location.strip())
                only_permanent_hops = only_permanent_hops and response.status in _PERMANENT_REDIRECT_STATUSES
                if only_permanent_hops:
                    permanent_redirect = next_url
                url = next_url
            finally:
                response.release_conn()
                pool.close()
        raise FetchError(
            f"more than {settings.FETCH_MAX_REDIRECTS} redirects, last to {url}",
            FetchErrorKind.TOO_MANY_REDIRECTS,
            permanent=False,
        )


def check_url(url: str) -> str:
    """The ASCII host of `url` if it is an http(s) URL the client may try; FetchError(INVALID_URL/BLOCKED_ADDRESS).

    This is the syntax and literal-address check, also usable by forms; the connect-time check of every
    resolved address happens in `fetch` regardless.
    """
    if not isinstance(url, str) or not url:
        raise _invalid("the URL is empty")
    if any(char.isspace() or ord(char) < 0x20 or ord(char) == 0x7F for char in url):
        raise _invalid(f"the URL {url!r} contains whitespace or control characters")
    if "\\" in url:
        # Browsers read a backslash as a slash, Python does not: the two would disagree on the host.
        raise _invalid(f"the URL {url!r} contains a backslash")
    parts = urlsplit(url)
    if parts.scheme.lower() not in _DEFAULT_PORTS:
        raise _invalid(f"only http and https URLs can be fetched, not {parts.scheme or 'a relative URL'!r}")
    if "@" in parts.netloc:
        raise _invalid(f"the URL {url!r} carries a user name or password")
    try:
        parts.port  # noqa: B018 - reading it validates it
    except ValueError as error:
        raise _invalid(f"the URL {url!r} has an invalid port") from error
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise _invalid(f"the URL {url!r} has no host")
    if _is_exempt(host):
        return host
    address = _ip_literal(host)
    if address is not None:
        _check_address(host, address)
        return host
    labels = host.split(".")
    if labels[-1].isdigit() or labels[-1].lower().startswith("0x"):
        # 2130706433, 0x7f000001, 127.1, 0177.0.0.1: legal to inet_aton, never a real host name.
        raise FetchError(f"the host {host!r} is an unusual spelling of an IP address", FetchErrorKind.BLOCKED_ADDRESS,
                         permanent=True)
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise _invalid(f"the host {host!r} is not a valid domain name") from error


def is_public_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether `address` is a globally routable unicast address, looking inside IPv6 forms that embed IPv4."""
    if isinstance(address, ipaddress.IPv6Address):
        if address in _NAT64_LOCAL_USE or address.is_site_local:
            return False
        embedded = address.ipv4_mapped or address.sixtofour
        if address in _NAT64_WELL_KNOWN:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public_address(embedded)
    return address.is_global and not (address.is_multicast or address.is_reserved or address.is_link_local)


def _invalid(message: str) -> FetchError:
    return FetchError(message, FetchErrorKind.INVALID_URL, permanent=True)


def _is_exempt(host: str) -> bool:
    allowed = {name.strip().strip("[]").lower() for name in settings.FETCH_ALLOWED_INTERNAL_HOSTS}
    return host.lower() in allowed


def _ip_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _check_address(host: str, address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> None:
    if not is_public_address(address):
        raise FetchError(
            f"{host} resolves to {address}, which is not a public address; refusing to connect",
            FetchErrorKind.BLOCKED_ADDRESS,
            permanent=True,
        )


def _resolve_checked(host: str, port: int) -> list[tuple]:
    """getaddrinfo's answers for `host`, refused whole if any of them is not public (unless the host is exempt)."""
    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"could not resolve {host}: {error}", FetchErrorKind.DNS, permanent=False) from error
    if not _is_exempt(host):
        for *_, sockaddr in addresses:
            # Any internal answer refuses the host: it is either misconfigured or rebinding.
            _check_address(host, _peer_address(sockaddr))
    return addresses


def _peer_address(sockaddr: tuple) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    return ipaddress.ip_address(sockaddr[0].split("%")[0])  # without an IPv6 scope id


def validate_url(url: str) -> None:
    """Form-time check: `url` is fetchable and its host resolves only to public addresses. Raises FetchError.

    Passing says nothing about later: `fetch` checks the addresses again when it connects.
    """
    host = check_url(url)
    parts = urlsplit(url)
    _resolve_checked(host, parts.port or _DEFAULT_PORTS[parts.scheme.lower()])


def _connect_to_checked_address(host: str, port: int, timeout: float | None, deadline: "_Deadline",
                                socket_options=None) -> socket.socket:
    """Resolve `host` now and connect only to an address that passes the check; the peer is checked again."""
    addresses = _resolve_checked(host, port)
    exempt = _is_exempt(host)
    last_error = None
    for family, socktype, proto, _, sockaddr in addresses:
        sock = socket.socket(family, socktype, proto)
        try:
            for option in socket_options or ():
                sock.setsockopt(*option)
            sock.settimeout(timeout)
            sock.connect(sockaddr)
            if not exempt:
                _check_address(host, _peer_address(sock.getpeername()))
            deadline.watch(sock)
            return sock
        except OSError as error:
            sock.close()
            last_error = error
        except FetchError:
            sock.close()
            raise
    raise FetchError(f"could not connect to {host}:{port}: {last_error}", FetchErrorKind.CONNECTION, permanent=False)


class _GuardedConnectionMixin:
    def __init__(self, *args, deadline: "_Deadline", **kwargs):
        super().__init__(*args, **kwargs)
        self._deadline = deadline

    def _new_conn(self) -> socket.socket:
        return _connect_to_checked_address(self._dns_host, self.port, self.timeout, self._deadline,
                                           socket_options=self.socket_options)


class _GuardedHTTPConnection(_GuardedConnectionMixin, HTTPConnection):
    pass


class _GuardedHTTPSConnection(_GuardedConnectionMixin, HTTPSConnection):
    pass


class _GuardedHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


class _Deadline:
    """One time budget for a whole fetch: when it runs out, every socket it watches is shut down.

    Per-read timeouts alone let a server that sends one byte a second hold a worker forever.
    """

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._expires_at = time.monotonic() + seconds
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self.expired = False
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self):
        self._timer.start()
        return self

    def __exit__(self, *exc_info):
        self._timer.cancel()

    def remaining(self) -> float:
        return max(self._expires_at - time.monotonic(), 0.0)

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut_down(sock)

    def check(self) -> None:
        if self.expired or self.remaining() <= 0:
            raise self.timeout_error()

    def timeout_error(self) -> FetchError:
        return FetchError(f"the fetch took longer than {self.seconds} seconds", FetchErrorKind.TIMEOUT,
                          permanent=False)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut_down(sock)


def _shut_down(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


def _request(url: str, headers: dict[str, str], deadline: _Deadline):
    host = check_url(url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    pool_class = _GuardedHTTPSConnectionPool if scheme == "https" else _GuardedHTTPConnectionPool
    deadline.check()
    per_operation = urllib3.Timeout(connect=deadline.remaining(), read=deadline.remaining())
    pool = pool_class(host, parts.port or _DEFAULT_PORTS[scheme], timeout=per_operation, retries=False,
                      maxsize=1, deadline=deadline)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        response = pool.urlopen("GET", target, headers=headers, redirect=False, retries=False,
                                preload_content=False, decode_content=True, assert_same_host=False)
    except FetchError:
        pool.close()
        raise
    except urllib3.exceptions.HTTPError as error:
        pool.close()
        if deadline.expired:
            raise deadline.timeout_error() from error
        if isinstance(error, urllib3.exceptions.TimeoutError):
            raise FetchError(f"{host} did not answer in time", FetchErrorKind.TIMEOUT, permanent=False) from error
        raise FetchError(f"could not fetch {url}: {error}", FetchErrorKind.CONNECTION, permanent=False) from error
    return response, pool


def _final_response(url: str, response, deadline: _Deadline, permanent_redirect: str | None,
                    limits: _Limits) -> FetchResponse:
    status = response.status
    headers = {name.lower(): value for name, value in response.headers.items()}
    if status == 304:
        body, not_modified = b"", True
    elif 200 <= status < 300:
        body, not_modified = _read_body(url, response, deadline, limits), False
    else:
        raise _status_error(url, status, headers)
    content_type, charset = _parse_content_type(headers.get("content-type"))
    return FetchResponse(url=url, status=status, headers=headers, body=body, content_type=content_type,
                         charset=charset, not_modified=not_modified, permanent_redirect=permanent_redirect)


def _read_body(url: str, response, deadline: _Deadline, limits: _Limits) -> bytes:
    """The body in memory, or b"" once it is all in `limits.into`."""
    limit = limits.max_bytes
    too_large = FetchError(f"{url} is larger than the {limit}-byte limit", FetchErrorKind.TOO_LARGE, permanent=True)
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and not response.headers.get("Content-Encoding") and int(declared) > limit:
        raise too_large
    body = bytearray()
    size = 0
    try:
        while chunk := response.read(_READ_CHUNK_BYTES):
            size += len(chunk)
            if size > limit:
                raise too_large
            if limits.into is None:
                body += chunk
            else:
                limits.into.write(chunk)
            deadline.check()
    except urllib3.exceptions.DecodeError as error:
        raise FetchError(f"{url} sent a body that does not decode: {error}", FetchErrorKind.BAD_RESPONSE,
                         permanent=False) from error
    except (urllib3.exceptions.HTTPError, OSError) as error:
        if deadline.expired:
            raise deadline.timeout_error() from error
        raise FetchError(f"the connection to {url} broke while reading: {error}", FetchErrorKind.CONNECTION,
                         permanent=False) from error
    deadline.check()  # a shut-down socket reads as a clean end of body
    return bytes(body)


def _status_error(url: str, status: int, headers: dict[str, str]) -> FetchError:
    if status in (429, 503):
        retry_after = parse_retry_after(headers.get("retry-after"))
        when = f"; retry after {retry_after.isoformat()}" if retry_after else ""
        return FetchError(f"{url} answered {status} (rate limited or unavailable){when}", FetchErrorKind.RATE_LIMITED,
                          permanent=False, retry_after=retry_after, status=status)
    if status == 410:
        return FetchError(f"{url} answered 410 Gone: it has been removed for good", FetchErrorKind.GONE,
                          permanent=True, status=status)
    if 400 <= status < 500:
        return FetchError(f"{url} answered {status}", FetchErrorKind.HTTP_STATUS, permanent=True, status=status)
    if status in _REDIRECT_STATUSES:
        return FetchError(f"{url} answered {status} without a Location", FetchErrorKind.BAD_RESPONSE,
                          permanent=False, status=status)
    return FetchError(f"{url} answered {status}", FetchErrorKind.HTTP_STATUS, permanent=False, status=status)


def parse_retry_after(value: str | None, now: datetime | None = None) -> datetime | None:
    """The moment a Retry-After header (delay in seconds or an HTTP date) points at, or None if unreadable."""
    if not value:
        return None
    now = now or datetime.now(UTC)
    value = value.strip()
    if value.isdigit():
        return now + timedelta(seconds=int(value))
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # HTTP dates are GMT
    return max(moment, now)


def _parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    message = Message()
    message["content-type"] = value
    charset = message.get_content_charset()
    return message.get_content_type(), charset.strip("'\"") if charset else None
