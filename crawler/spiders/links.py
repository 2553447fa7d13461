"""Link and body helpers for the portal spider: pure functions over URLs and bytes.

Kept apart from the spider so they are tested without a crawl: the links of a
page, which link on a listing is its "next page", which URLs a sitemap or a
feed lists, and whether a body served as HTML is really a binary file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import lxml.html
from lxml import etree
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap

from crawler.urls import canonical_url

# Query parameters that carry a listing's page number, across the portal
# families ("Page", "page", "PageIndex", Liferay's "_101_INSTANCE_x_cur", ...).
_PAGE_PARAM = re.compile(r"^(?:p|pg|page|pageindex|pagenum|currentpage|paged|trang|cur)$"
                         r"|_cur$|page$", re.IGNORECASE)
_PAGE_PATH = re.compile(r"/(?:page|trang|p)[-/]?(\d{1,5})/?$", re.IGNORECASE)
# Anchor texts of "next page" links on Vietnamese portals.
NEXT_WORDS = frozenset({"sau", "trang sau", "tiếp", "tiếp theo", "trang tiếp", "next",
                        "»", "›", ">", ">>", "next »", "sau »", "tiếp »"})


_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff",
                 b"\xd0\xcf\x11\xe0", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b", b"ID3")
# Every byte but the control characters (< 9, 14..31): deleting these from a
# body leaves only its control bytes, counted in C rather than byte by byte.
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))
_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "#", "data:")
# Link extraction needs the anchors only: no id table, no comments.
_LINK_PARSER = lxml.html.HTMLParser(encoding="utf-8", collect_ids=False, remove_comments=True,
                                    remove_pis=True)


class Link(NamedTuple):
    url: str
    text: str = ""
    rel: str = ""


# Every link is canonicalised several times (listing, dedupe, archive lookup)
# and the same navigation links recur on every page of a site: one cache per
# process keeps that from costing a urlsplit/parse_qsl/urlencode each time.
canonical = lru_cache(maxsize=1 << 16)(canonical_url)


def page_links(html: str, base_url: str, *, with_text: bool = True) -> list[Link]:
    """The followable ``<a href>`` links of a page, absolute, in document order.

    One lxml parse and a walk over the anchors: the spider's only parse of a
    page besides extraction's own (parsel's selector would build a second
    tree and run an XPath per anchor). ``with_text=False`` skips the anchor
    texts, which only next-page detection reads.
    """
    stripped = html.strip().replace("\x00", "")
    if not stripped:
        return []
    try:
        root = lxml.html.document_fromstring(stripped.encode("utf-8"), parser=_LINK_PARSER)
    except (etree.ParserError, ValueError):
        return []
    base = next((urljoin(base_url, href.strip()) for href in root.xpath("//base/@href")),
                base_url)
    links = []
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.lower().startswith(_SKIP_SCHEMES):
            continue
        url = href if href.startswith(("http://", "https://")) else urljoin(base, href)
        text = " ".join(anchor.text_content().split()) if with_text else ""
        links.append(Link(url, text, anchor.get("rel") or ""))
    return links


def page_position(url: str) -> tuple[str, int]:
    """(the listing's URL without its page number, the page number; 1 when absent)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    rest = [(k, v) for k, v in query if not (_PAGE_PARAM.search(k) and v.isdigit())]
    numbers = [int(v) for k, v in query if _PAGE_PARAM.search(k) and v.isdigit()]
    path = parts.path
    match = _PAGE_PATH.search(path)
    if match and not numbers:
        numbers = [int(match.group(1))]
        path = path[:match.start()] + "/"
    skeleton = urlunsplit(("", parts.netloc, path, urlencode(sorted(rest)), ""))
    return canonical_url("http:" + skeleton), numbers[0] if numbers else 1


def is_next_page(current: str, link: Link) -> bool:
    """True when ``link`` leads from listing page ``current`` to its next page."""
    if "next" in link.rel.lower().split():
        return True
    if " ".join(link.text.lower().split()) in NEXT_WORDS:
        return True
    base, number = page_position(current)
    link_base, link_number = page_position(link.url)
    return link_base == base and link_number == number + 1


def sitemap_urls(body: bytes) -> tuple[str, list[str]]:
    """(``"sitemapindex"`` or ``"urlset"``, the ``<loc>`` URLs) of a sitemap body."""
    if body[:2] == b"\x1f\x8b":
        body = gunzip(body)
    sitemap = Sitemap(body)
    return sitemap.type, [entry["loc"] for entry in sitemap if entry.get("loc")]


def feed_entries(body: bytes) -> list[tuple[str, str]]:
    """(link, title) of the items of an RSS 2.0 or Atom feed, in feed order."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    root = etree.fromstring(body, parser=parser)
    if root is None:
        return []
    entries = []
    for item in root.xpath("//*[local-name()='item']"):
        link = item.xpath("string(*[local-name()='link'])").strip()
        entries.append((link, " ".join(item.xpath("string(*[local-name()='title'])").split())))
    for entry in root.xpath("//*[local-name()='entry']"):
        title = " ".join(entry.xpath("string(*[local-name()='title'])").split())
        for link in entry.xpath("*[local-name()='link']"):
            if link.get("rel", "alternate") == "alternate" and link.get("href"):
                entries.append((link.get("href").strip(), title))
    return [(url, title) for url, title in entries if url]


def feed_urls(body: bytes) -> list[str]:
    """Item links of an RSS 2.0 or Atom feed, in feed order."""
    return [url for url, _ in feed_entries(body)]


def dedupe(urls: list[str]) -> Iterator[str]:
    """URLs in order, each canonical URL once."""
    seen: set[str] = set()
    for url in urls:
        key = canonical(url)
        if key not in seen:
            seen.add(key)
            yield url


def looks_binary(body: bytes) -> bool:
    """True for a body that is not markup whatever its Content-Type says."""
    head = body[:4096].lstrip()
    if head.startswith(_BINARY_MAGIC):
        return True
    controls = len(head.translate(None, _NOT_CONTROL))
    return b"\x00" in head or (len(head) > 0 and controls / len(head) > 0.05)
