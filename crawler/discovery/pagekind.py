"""Page kind from the page itself: article, listing or other, with the reasons.

A portal's URLs do not say what a page is (a category at ``/Pages/x.aspx``
looks like an article, an article at ``/thi-dua-khen-thuong/123`` like a
category), so a fetched page is read: one main text in one block, dated
near its title, is an article; many title-like links repeated in the same
structure, with dates and a pager, is a listing; anything else (a contact
page, a form, an empty calendar day) is "other". URL shapes only order the
frontier before a fetch (scoring.py).

Pure: ``page_kind(html, url)`` is what re-extraction from the WARC calls;
the crawl passes the page it already parsed (``classify``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from lxml.html import HtmlElement

from crawler.discovery.page import Anchor, ParsedPage, parse
from crawler.spiders.links import NEXT_WORDS, page_position

ARTICLE, LISTING, OTHER = "article", "listing", "other"
KINDS = (ARTICLE, LISTING, OTHER)

# Characters of text, out of links, in the largest block: an article's body.
LONG_TEXT = 1200        # an article even without a date near it
DATED_TEXT = 250        # an article when a date sits next to it
MIN_TEASERS = 3         # title-like links in one repeated structure: a list of items
TITLE_MIN_CHARS, TITLE_MIN_WORDS = 20, 4

_DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d\d\b|\b(?:19|20)\d\d-\d\d-\d\d\b"
                   r"|\bngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+(?:19|20)\d\d", re.I)
_PAGE_INFO = re.compile(r"\btrang\s+\d+\s*(?:/|của|trên)\s*\d+", re.I)
_TIME_META = ("article:published_time", "datepublished", "pubdate", "date", "dc.date",
              "article:modified_time")


@dataclass(frozen=True, slots=True)
class PageKind:
    """What a page is, why, and the links that are its items.

    Attributes:
        kind: "article", "listing" or "other".
        reasons: short strings, e.g. ("main text 2,140 chars", "dated"),
            ("12 teaser links", "9 dated", "pager").
        items: URLs of the title-like links in repeated structures (a
            listing's entries, an article's related news), in page order.
        pager: URLs of the page's pager links (page numbers, "Trang sau").
    """

    kind: str
    reasons: tuple[str, ...]
    items: tuple[str, ...] = ()
    pager: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        """The reasons as one line, for the crawl log."""
        return f"{self.kind}: " + ", ".join(self.reasons)


def page_kind(html: str | bytes | ParsedPage, url: str) -> PageKind:
    """Classify a page from its content (raw bytes, text or an already parsed page)."""
    page = html if isinstance(html, ParsedPage) else parse(html, url)
    return classify(page)


def _has_date(text: str) -> bool:
    return bool(_DATE.search(text))


def _dated_main(tree: HtmlElement, main: HtmlElement) -> str | None:
    """Where a date near the main text is: a time meta tag, the dateline, or the text's start."""
    for meta in tree.iter("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if name in _TIME_META and meta.get("content"):
            return f"meta {name}"
    near = [main, *islice(main.itersiblings(preceding=True), 3)]
    parent = main.getparent()
    if parent is not None:
        near += list(islice(parent.itersiblings(preceding=True), 2))
    for element in near:
        if element.tag == "time" or next(element.iter("time"), None) is not None:
            return "time element"
        text = " ".join(element.text_content().split())
        if _has_date(text[:400] if element is main else text[:300]):
            return "dateline" if element is not main else "date in text"
    return None


def _title_like(text: str) -> bool:
    return len(text) >= TITLE_MIN_CHARS and text.count(" ") + 1 >= TITLE_MIN_WORDS


def _signature(element: HtmlElement) -> tuple[str, ...]:
    """The structure an item link sits in: tags and classes of itself and two ancestors."""
    parts = []
    node: HtmlElement | None = element
    for _ in range(3):
        if node is None:
            break
        parts.append(f"{node.tag}.{node.get('class') or ''}")
        node = node.getparent()
    return tuple(parts)


def _item_dated(element: HtmlElement) -> bool:
    node = element.getparent()
    for _ in range(2):
        if node is None:
            return False
        if _has_date(node.text_content()):
            return True
        node = node.getparent()
    return False


def _teasers(anchors: tuple[Anchor, ...], paged: bool) -> tuple[list[Anchor], int]:
    """Title-like links in repeated structures, and how many of them are dated.

    A structure repeats when it holds MIN_TEASERS links or more; on a page
    with a pager (the last page of a listing) any dated title link counts.
    """
    groups: dict[tuple[str, ...], list[Anchor]] = {}
    for anchor in anchors:
        if not anchor.menu and _title_like(anchor.text):
            groups.setdefault(_signature(anchor.element), []).append(anchor)
    teasers = [a for group in groups.values() if len(group) >= MIN_TEASERS for a in group]
    if not teasers and paged:
        teasers = [a for group in groups.values() for a in group if _item_dated(a.element)]
    order = {id(a): i for i, a in enumerate(anchors)}
    teasers.sort(key=lambda a: order[id(a)])
    dated = sum(_item_dated(a.element) for a in {a.url: a for a in teasers}.values())
    return teasers, dated


_NEXT = (frozenset(w.strip(" »›>") for w in NEXT_WORDS)
         | {"xem tiếp", "trang kế", "kế tiếp", "sau", "cuối", "trang cuối"}) - {""}
_PAGER_BOX = re.compile(r"pag|trang", re.I)


@lru_cache(maxsize=1 << 15)
def _position(url: str) -> tuple[str, int]:
    return page_position(url)


def _in_pager_box(element: HtmlElement) -> bool:
    return any(_PAGER_BOX.search(f"{a.get('class') or ''} {a.get('id') or ''}")
               for a in islice(element.iterancestors(), 3))


def _pager(anchors: tuple[Anchor, ...], url: str) -> list[str]:
    """Links of a pager: the same listing at another page number, numbered runs, "Trang sau"."""
    here, number = _position(url)
    pager = []
    numbers = [a for a in anchors if a.text.isdigit() and len(a.text) <= 4 and not a.menu]
    boxed = len(numbers) >= 2 or any(_in_pager_box(a.element) for a in numbers[:1])
    for anchor in anchors:
        text = anchor.text.lower().strip(" »›>").strip() or anchor.text.strip()
        marker = text in _NEXT or anchor.text.strip().lower() in NEXT_WORDS
        if ("next" in anchor.rel.lower().split() or (marker and not anchor.menu)
                or (boxed and anchor in numbers)):
            pager.append(anchor.url)
            continue
        base, other = _position(anchor.url)
        if base == here and other != number:
            pager.append(anchor.url)
    return list(dict.fromkeys(pager))


def classify(page: ParsedPage) -> PageKind:
    """The kind of a parsed page (see the module docstring for the rule)."""
    tree, anchors = page.tree, page.anchors
    if tree is None:
        return PageKind(OTHER, ("no HTML",))
    pager = _pager(anchors, page.url)
    has_pager = bool(pager) or bool(_PAGE_INFO.search(page.html[-20000:]))
    teasers, dated = _teasers(anchors, has_pager)
    entries = {node for a in teasers for node in islice(a.element.iterancestors(), 3)}
    sizes = page.blocks
    # The main text is no listing entry (a lead under a teaser title).
    main, main_chars = next(((block, n) for block, n in sizes.most_common()
                             if block not in entries), (None, 0))
    items = tuple(dict.fromkeys(a.url for a in teasers))
    if main is not None and main_chars >= DATED_TEXT:
        when = _dated_main(tree, main)
        if when or main_chars >= LONG_TEXT:
            reasons = (f"main text {main_chars} chars", when or "undated")
            return PageKind(ARTICLE, reasons, items, tuple(pager))
    if len(items) >= MIN_TEASERS or (items and has_pager):
        reasons = [f"{len(items)} teaser links", f"{dated} dated"]
        if has_pager:
            reasons.append("pager")
        if main_chars:
            reasons.append(f"longest text {main_chars} chars")
        return PageKind(LISTING, tuple(reasons), items, tuple(pager))
    reasons = [f"longest text {main_chars} chars", f"{len(items)} teaser links",
               f"{len(anchors)} links"]
    return PageKind(OTHER, tuple(reasons), items, tuple(pager))
