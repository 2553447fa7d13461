"""One parse of a fetched page: its tree and its links with their context.

The page classifier, the link scorer and extraction all read the same lxml
tree (crawler/extract/page.py ``parse_tree``), so a page is parsed once on
the crawl's hot path. Each link carries what the scorer needs besides its
URL: its anchor text, the heading it sits under and whether it is part of
a menu.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
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
# Blocks of the portal frame: their text (a long footer) is never the main text.
FRAME = re.compile(r"footer|header|banner|sidebar|menu|(?:^|[-_ ])nav|breadcrumb|copyright",
                   re.I)
_FRAME_TAGS = frozenset(("footer", "header", "nav", "aside"))
INLINE = frozenset(("a", "span", "strong", "b", "em", "i", "u", "font", "br", "small",
                    "sup", "sub", "img", "label", "abbr", "cite", "time", "mark", "s"))
ITEM_BLOCKS = frozenset(("li", "td", "th", "dd", "tr", "article"))
SKIP = frozenset(("script", "style", "noscript", "template", "svg", "select", "option",
                  "head", "title", "button", "textarea"))
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
    """A decoded, parsed page: what every discovery part and extraction read.

    ``blocks`` holds, per block element, the characters of text it holds
    outside links and outside the portal frame (header, menus, footer): the
    page classifier's measure of a main text.
    """

    url: str
    html: str
    tree: HtmlElement | None
    anchors: tuple[Anchor, ...]
    blocks: Counter[HtmlElement] = field(default_factory=Counter)


def parse(body: bytes | str, url: str) -> ParsedPage:
    """Decode (with charset repair) and parse a page once, and read its links and text blocks."""
    html = decode_html(body) if isinstance(body, bytes) else body
    tree = parse_tree(html) if html.strip() else None
    if tree is None:
        return ParsedPage(url, html, None, ())
    walk = _Walk(tree, url)
    return ParsedPage(url, html, tree, tuple(walk.anchors), walk.blocks)


def read_anchors(tree: HtmlElement, base_url: str) -> list[Anchor]:
    """The followable ``<a href>`` links of a parsed page, absolute, in document order."""
    return _Walk(tree, base_url).anchors


def _title_text(element: HtmlElement) -> str:
    return " ".join(element.text_content().split())[:120]


def _block_title(element: HtmlElement) -> str | None:
    """The title an element gives the block it opens, if it is a heading or a title box."""
    tag = element.tag
    if tag in _HEADINGS:
        return _title_text(element) or None
    if tag in ("div", "span", "p", "strong", "b") and _TITLE_CLASS.search(
            element.get("class") or ""):
        text = _title_text(element)
        return text if 0 < len(text) <= 80 else None
    return None


def _opens_with_title(element: HtmlElement) -> str | None:
    title = _block_title(element)
    if title is None and element.tag == "div" and len(element):
        first = element[0]
        title = _block_title(first) if isinstance(first.tag, str) else None
    return title


def _has_blocks(element: HtmlElement) -> bool:
    return any(isinstance(c.tag, str) and c.tag not in INLINE for c in element)


class _Walk:
    """One depth-first walk of the tree: links with their context, and text per block.

    Context flows down: inside a menu (``nav``, class or id "menu"/"nav"), a
    breadcrumb, the portal frame; the title last seen among the preceding
    siblings at each of the enclosing levels (a link's heading is the nearest
    one, up to ``_CONTEXT_DEPTH`` levels up). Text (an element's own text and
    its children's tails, never a link's) counts for its block: a paragraph or
    an inline run for its container, a list item or cell for itself.
    """

    def __init__(self, tree: HtmlElement, base_url: str) -> None:
        self.base = next((urljoin(base_url, h.strip()) for h in tree.xpath("//base/@href")),
                         base_url)
        self.anchors: list[Anchor] = []
        self.blocks: Counter[HtmlElement] = Counter()
        body = tree.find("body")
        root = body if body is not None else tree
        self._count(root, root)
        self._visit(root, False, False, False, (), root)

    def _count(self, element: HtmlElement, holder: HtmlElement) -> None:
        own = len(element.text.strip()) if element.text else 0
        for child in element:
            if child.tail:
                own += len(child.tail.strip())
        if own:
            self.blocks[holder] += own

    def _visit(self, element: HtmlElement, menu: bool, crumb: bool, frame: bool,
               titles: tuple[str, ...], holder: HtmlElement) -> None:
        here = ""
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in SKIP:
                continue
            if tag == "a":
                self._anchor(child, here or next((t for t in reversed(titles) if t), ""),
                             menu, crumb)
                continue
            cls, ident = child.get("class"), child.get("id")
            in_menu, in_crumb = menu or tag == "nav", crumb
            in_frame = frame or tag in _FRAME_TAGS
            if cls or ident:
                marks = f"{cls or ''} {ident or ''}"
                in_menu = in_menu or bool(_MENU.search(marks))
                in_crumb = in_crumb or (in_menu and bool(_CRUMB.search(marks)))
                in_frame = in_frame or bool(FRAME.search(marks))
            if tag in INLINE:
                inner = holder
            elif tag in ITEM_BLOCKS or _has_blocks(child):
                inner = child
            else:
                inner = element if element.tag not in INLINE else holder
            if not in_frame:
                self._count(child, inner)
            if len(child):
                self._visit(child, in_menu, in_crumb, in_frame,
                            (*titles[-(_CONTEXT_DEPTH - 1):], here), inner)
            if tag in _HEADINGS or cls or tag == "div":
                title = _opens_with_title(child)
                if title:
                    here = title

    def _anchor(self, element: HtmlElement, heading: str, menu: bool, crumb: bool) -> None:
        href = (element.get("href") or "").strip()
        if not href or href.lower().startswith(_SKIP_SCHEMES):
            return
        url = href if href.startswith(("http://", "https://")) else urljoin(self.base, href)
        text = " ".join(element.text_content().split())
        self.anchors.append(Anchor(url, text, element.get("rel") or "", heading, menu, crumb,
                                   element))


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

