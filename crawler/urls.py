"""Canonical URLs and the stable article id derived from them.

The same article reaches us as http and https, with and without ``www.``,
with tracking parameters and in shuffled query order; all of those must map
to one id so that crawling twice stores each article once.
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING_PREFIXES = ("utm_",)
_TRACKING_PARAMS = frozenset({"fbclid", "gclid", "zarsrc", "zoneid", "ref", "src"})


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_PARAMS or lowered.startswith(_TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """Scheme-less, ``www.``-less, lower-case host, sorted query without trackers."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = parts.path or "/"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not _is_tracking(k))
    return urlunsplit(("", host, path, urlencode(query), "")).lstrip("/")


def article_id(url: str) -> str:
    """Stable id: 16 hex digits of the SHA-1 of the canonical URL."""
    return hashlib.sha1(canonical_url(url).encode("utf-8")).hexdigest()[:16]


def host_of(url: str) -> str:
    """Lower-case host without ``www.``, for matching against the registry."""
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host
