"""Feeds and sitemaps found, not only given: the usual places, and what a body is.

Besides the registry's ``sitemaps`` and ``feeds`` and robots.txt's
``Sitemap:`` lines, a crawl tries the places portals usually publish them
(``[probes]`` in discovery.toml: ``/sitemap.xml``, ``/rss``, NukeViet's
``/rss/``) and reads the ``<link rel="alternate">`` feeds of the pages it
fetches (``page.alternate_feeds``). A probe's answer is sniffed, since a
portal may answer an unknown path with its home page.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from crawler.sites import Site

_XML_ROOT = re.compile(rb"<(?:[a-zA-Z0-9_]+:)?(urlset|sitemapindex|rss|feed|rdf:RDF|RDF)\b")


def probe_urls(site: Site, home: str, probes: dict[str, tuple[str, ...]]) -> list[str]:
    """The usual feed and sitemap URLs of a site that its registry entry does not give."""
    given = {*site.sitemaps, *site.feeds}
    paths = (*probes.get("all", ()), *probes.get(site.family, ()))
    urls = [urljoin(home, path) for path in paths]
    return [url for url in dict.fromkeys(urls) if url not in given]


def sniff(body: bytes) -> str | None:
    """"sitemap" or "feed" for such an XML body (gzip counts as a sitemap), else None."""
    if body[:2] == b"\x1f\x8b":
        return "sitemap"
    match = _XML_ROOT.search(body[:2048])
    if match is None:
        return None
    return "sitemap" if match.group(1) in (b"urlset", b"sitemapindex") else "feed"
