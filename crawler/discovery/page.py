"""One parse of a fetched page: its tree and its links with their context.

The page classifier, the link scorer and extraction all read the same lxml
tree (crawler/extract/page.py ``parse_tree``), so a page is parsed once on
the crawl's hot path. Each link carries what the scorer needs besides its
URL: its anchor text, the heading it sits under and whether it is part of
a menu.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml.html import HtmlElement

from crawler.extract.decode import decode_html
from crawler.extract.page import parse_tree

_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "#", "data:")
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "legend", "caption"))
# Class or id of a block whose title labels the links inside it.
_TITLE_CLASS = re.compile(r"title|heading|head\b|Head\b|caption|ten-?muc|tieu-?de", re.I)
_MENU = re.compile(r"menu|(?:^|[-_ ])nav|navbar|navigation|breadcrumb", re.I)
_CRUMB = re.compile(r"crumb|duong-?dan|path", re.I)
_CONTEXT_DEPTH = 5  # ancestors searched for the heading a link sits under


@dataclass(frozen=True, slots=True)
class Anchor:
    """A followable link of a page, with its context.

    Attributes:
        url: absolute URL, as written (not canonicalised).
        text: the anchor text, spaces squashed.
        rel: the ``rel`` attribute ("next" on some pagers).
        heading: text of the heading or block title the link sits under.
        menu: the link is part of a menu or breadcrumb.
        crumb: the link is part of a breadcrumb (the sections a page says it is in).
        element: the ``<a>`` element (for the page classifier).
    """

    url: str
    text: str
    rel: str
    heading: str
    menu: bool
    crumb: bool
    element: HtmlElement


@dataclass(frozen=True, slots=True)
class ParsedPage:
    """A decoded, parsed page: what every discovery part and extraction read."""

    url: str
    html: str
    tree: HtmlElement | None
    anchors: tuple[Anchor, ...]


def parse(body: bytes | str, url: str) -> ParsedPage:
    """Decode (with charset repair) and parse a page once, and read its links."""
    html = decode_html(body) if isinstance(body, bytes) else body
    tree = parse_tree(html) if html.strip() else None
    return ParsedPage(url, html, tree, tuple(read_anchors(tree, url)) if tree is not None
                      else ())


def _title_text(element: HtmlElement) -> str:
    return " ".join(element.text_content().split())[:120]


def _block_title(element: HtmlElement) -> str | None:
    """The title an element gives the block it opens, if it is a heading or a title box."""
    tag = element.tag
    if not isinstance(tag, str):
        return None
    if tag in _HEADINGS:
        return _title_text(element) or None
    if tag in ("div", "span", "p", "strong", "b") and _TITLE_CLASS.search(
            element.get("class") or ""):
        text = _title_text(element)
        return text if 0 < len(text) <= 80 else None
    return None


class _Context:
    """The heading and menu flag of a link, from its ancestors; memoised per container."""

    def __init__(self) -> None:
        self._titles: dict[HtmlElement, list[tuple[int, str]]] = {}
        self._menus: dict[HtmlElement, bool] = {}
        self._crumbs: dict[HtmlElement, bool] = {}

    def _titles_of(self, parent: HtmlElement) -> list[tuple[int, str]]:
        titles = self._titles.get(parent)
        if titles is None:
            titles = []
            for index, child in enumerate(parent):
                title = _block_title(child)
                if title is None and len(child) and isinstance(child.tag, str):
                    first = child[0]
                    title = _block_title(first) if child.tag == "div" else None
                if title:
                    titles.append((index, title))
            self._titles[parent] = titles
        return titles

    def heading(self, anchor: HtmlElement) -> str:
        node = anchor
        for _ in range(_CONTEXT_DEPTH):
            parent = node.getparent()
            if parent is None:
                return ""
            index = parent.index(node)
            before = [title for at, title in self._titles_of(parent) if at < index]
            if before:
                return before[-1]
            node = parent
        return ""

    def menu(self, anchor: HtmlElement) -> bool:
        return self._inside(anchor, self._menus, _MENU)

    def crumb(self, anchor: HtmlElement) -> bool:
        return self._inside(anchor, self._crumbs, _CRUMB)

    @staticmethod
    def _inside(anchor: HtmlElement, memo: dict[HtmlElement, bool], pattern: re.Pattern[str]
                ) -> bool:
        node = anchor.getparent()
        for _ in range(_CONTEXT_DEPTH):
            if node is None:
                return False
            known = memo.get(node)
            if known is None:
                known = memo[node] = (pattern is _MENU and node.tag == "nav") or bool(
                    pattern.search(f"{node.get('class') or ''} {node.get('id') or ''}"))
            if known:
                return True
            node = node.getparent()
        return False


def read_anchors(tree: HtmlElement, base_url: str) -> list[Anchor]:
    """The followable ``<a href>`` links of a parsed page, absolute, in document order."""
    base = next((urljoin(base_url, href.strip()) for href in tree.xpath("//base/@href")),
                base_url)
    context = _Context()
    anchors = []
    for element in tree.iter("a"):
        href = (element.get("href") or "").strip()
        if not href or href.lower().startswith(_SKIP_SCHEMES):
            continue
        url = href if href.startswith(("http://", "https://")) else urljoin(base, href)
        text = " ".join(element.text_content().split())
        menu = context.menu(element)
        anchors.append(Anchor(url, text, element.get("rel") or "", context.heading(element),
                              menu, menu and context.crumb(element), element))
    return anchors


def alternate_feeds(tree: HtmlElement | None, base_url: str) -> list[str]:
    """Feeds a page announces with ``<link rel="alternate" type="application/rss+xml">``."""
    if tree is None:
        return []
    urls = []
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower()
        if "alternate" in rel and ("rss" in kind or "atom" in kind) and link.get("href"):
            urls.append(urljoin(base_url, link.get("href").strip()))
    return urls

