"""One key per story: canonical URLs and content hashes, so copies of an item are recognised as one."""

import hashlib
import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from exportwatch.ingest.text import normalise_text

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Query parameters that only say how the reader arrived, never which story it is.
_TRACKING_PARAMETERS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid", "mc_cid", "mc_eid",
    "ocid", "cmpid", "cmp", "ref", "ref_src", "ref_url", "referrer", "src", "smid", "smtyp", "sr_share",
    "share", "ito", "ns_mchannel", "ns_source", "ns_campaign", "ns_linkname", "ns_fee", "taid", "spm",
    "_ga", "_gl", "s_cid", "amp", "outputtype", "guccounter", "guce_referrer", "guce_referrer_sig",
})
_TRACKING_PREFIXES = ("utm_", "mtm_", "pk_", "hsa_", "at_")
# Host prefixes for a site's mobile, AMP or www edition of the same page.
_EDITION_HOST_PREFIXES = ("www.", "m.", "mobile.", "amp.")
_PERCENT_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"


def canonical_url(url: str) -> str:
    """The comparison key of an http(s) URL: the same story reached by any link gives the same key.

    Lower-case scheme and IDNA host; no userinfo, default port, fragment, tracking parameters or
    www./m./amp. host or /amp path edition; sorted query; no trailing slash except the root. It is a
    key, not necessarily a fetchable address. Other schemes (file:, urn:, tag:) come back trimmed.
    Raises ValueError for an http(s) URL without a host or with an invalid host or port.
    """
    url = url.strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        return url
    host = _canonical_host(parts.hostname or "")
    port = parts.port  # raises ValueError for a port that is not a number in range
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, _canonical_path(parts.path), _canonical_query(parts.query), ""))


def _canonical_host(host: str) -> str:
    host = host.rstrip(".").lower()
    if not host:
        raise ValueError("the URL has no host")
    if ":" not in host:  # an IPv6 literal needs no IDNA and keeps its brackets below
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError as error:
            raise ValueError(f"the host {host!r} is not a valid domain name") from error
    else:
        host = f"[{host}]"
    for prefix in _EDITION_HOST_PREFIXES:
        rest = host.removeprefix(prefix)
        # Keep at least a registrable-looking name: "m.example.com" → "example.com", never "m.com" → "com".
        if rest != host and "." in rest:
            return rest
    return host


def _canonical_path(path: str) -> str:
    segments = []
    for segment in path.split("/"):
        if segment == "..":
            if segments:
                segments.pop()
        elif segment not in ("", "."):
            segments.append(segment)
    # AMP editions: /amp/story, /story/amp and /story.amp serve the same story as /story.
    if segments and segments[0].lower() == "amp":
        segments.pop(0)
    if segments and segments[-1].lower() == "amp":
        segments.pop()
    if segments and segments[-1].lower().endswith(".amp"):
        segments[-1] = segments[-1][: -len(".amp")]
    path = "/" + "/".join(segments)
    path = quote(path, safe=_PATH_SAFE)  # IRIs become URIs; existing escapes are kept
    return _PERCENT_ESCAPE.sub(lambda match: match.group(0).upper(), path)


def _is_tracking(name: str) -> bool:
    name = name.lower()
    return name in _TRACKING_PARAMETERS or name.startswith(_TRACKING_PREFIXES)


def _canonical_query(query: str) -> str:
    pairs = [(name, value) for name, value in parse_qsl(query, keep_blank_values=True) if not _is_tracking(name)]
    return urlencode(sorted(pairs))


def content_hash(text: str) -> str:
    """SHA-256 (hex) of the text folded for comparison, so the same story under another URL matches."""
    folded = " ".join(normalise_text(text).casefold().split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()
