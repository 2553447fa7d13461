"""The page as seen by the metadata rules: meta tags, <time>, title candidates, text lines.

trafilatura keeps only the main text; the publication date and the title sit
in the boilerplate around it (a dateline under the heading, a meta tag), so
this module parses the HTML once more with lxml and exposes those parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape

import lxml.html
from lxml import etree

from crawler.vntext import squash_spaces

_BLOCK_TAGS = frozenset((
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "tr", "br", "section",
    "article", "header", "footer", "aside", "nav", "ul", "ol", "table", "dd", "dt",
    "figcaption", "figure", "blockquote",
))
_TITLE_SPLIT = re.compile(r"\s+[–—]\s+|\s*[|»]\s*")
# " - " also separates a portal's name from the title, but Vietnamese titles use it too
# ("Văn hóa - Xã hội"): it splits only before a part that names a portal.
_PORTAL_SUFFIX = re.compile(
    r"\s+-\s+((?:cổng|trang|báo|sở|ban|portal|website)\b[^-]*|[^-\s]+\.vn)$", re.I)


@dataclass
class Page:
    """Parsed parts of an HTML page that the metadata rules read."""

    meta: dict[str, str] = field(default_factory=dict)
    times: list[str] = field(default_factory=list)
    og_title: str | None = None
    headings: list[str] = field(default_factory=list)
    html_title: str | None = None
    lines: list[str] = field(default_factory=list)


def _meta(tree: lxml.html.HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for el in tree.iter("meta"):
        name = el.get("property") or el.get("name") or el.get("itemprop") or ""
        content = el.get("content")
        if name and content and name.lower() not in found:
            found[name.lower()] = content.strip()
    return found


_INVISIBLE = re.compile(r"<(script|style|noscript|template|svg)\b.*?</\1\s*>|<!--.*?-->",
                        re.S | re.I)
_BLOCK_TAG = re.compile(r"</?(?:" + "|".join(sorted(_BLOCK_TAGS)) + r")\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"<[^>]*>")
_INLINE_SPACE = re.compile(r"[^\S\n]+")


def html_lines(html: str) -> list[str]:
    """The visible text of the page body, one line per block element, in page order.

    A regex pass, not a tree walk: the lines only serve to find the dateline
    next to the title and as fallback text, and this is several times faster.
    """
    body_at = html.lower().find("<body")
    text = _INVISIBLE.sub(" ", html[body_at:] if body_at >= 0 else html)
    text = _ANY_TAG.sub("", _BLOCK_TAG.sub("\n", text))
    # squash_spaces for every line at once: one substitution over the page, then strip
    text = _INLINE_SPACE.sub(" ", unescape(text).replace("\u00a0", " "))
    return [line for t in text.split("\n") if (line := t.strip())]


# The same parser settings as trafilatura's, so that one tree serves both.
_PARSER = lxml.html.HTMLParser(collect_ids=False, default_doctype=False, remove_comments=True,
                               remove_pis=True)


def parse_tree(html: str) -> lxml.html.HtmlElement | None:
    """Parse once for trafilatura and for ``read_page`` (None when it is no HTML).

    Layout tables are unwrapped on the way: trafilatura reads a table as data
    and joins its cells into one " | " line, which loses the paragraphs of an
    article that an ASP.NET portal lays out in a table cell.
    """
    try:
        tree = lxml.html.document_fromstring(html, parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None
    unwrap_layout_tables(tree)
    return tree


_LAYOUT_CONTENT = etree.XPath(".//p|.//div|.//h1|.//h2|.//h3|.//ul")
_ROWS = etree.XPath("./tr|./tbody/tr|./thead/tr|./tfoot/tr")


def unwrap_layout_tables(tree: lxml.html.HtmlElement) -> None:
    """Turn tables whose cells hold paragraphs or blocks into plain ``div`` blocks."""
    for table in list(tree.iter("table")):
        if not _LAYOUT_CONTENT(table):
            continue
        for row in _ROWS(table):
            for cell in row:
                if cell.tag in ("td", "th"):
                    cell.tag = "div"
            row.tag = "div"
        for part in table.findall("tbody") + table.findall("thead") + table.findall("tfoot"):
            part.tag = "div"
        table.tag = "div"


def parse_page(html: str) -> Page:
    """Parse ``html`` into the parts the date, title and fallback-text rules need."""
    tree = parse_tree(html)
    return read_page(tree, html) if tree is not None else Page(lines=html_lines(html))


def read_page(tree: lxml.html.HtmlElement, html: str) -> Page:
    """The parts of the page (``tree`` parsed from ``html``) the metadata rules need."""
    page = Page()
    page.meta = _meta(tree)
    page.og_title = page.meta.get("og:title")
    title_el = tree.find(".//title")
    if title_el is not None and title_el.text:
        page.html_title = squash_spaces(title_el.text)
    for el in tree.iter("time"):
        value = el.get("datetime") or squash_spaces(el.text_content())
        if value:
            page.times.append(value)
    for el in tree.iter("h1", "h2", "h3"):
        text = squash_spaces(el.text_content())
        if text:
            page.headings.append(text)
    page.lines = html_lines(html)
    return page


def title_prefixes(title: str) -> list[str]:
    """Every head of a ``<title>`` up to one of its separators, longest first.

    "Khối 8 tổng kết công tác Thi đua – Khen thưởng năm 2019 - Báo X" gives the
    whole title without the portal's name, then "Khối 8 tổng kết công tác Thi
    đua": a dash may be the title's own or the one before the portal's name.
    """
    cuts = [m.start() for m in _TITLE_SPLIT.finditer(title)] + [len(title)]
    heads = {_PORTAL_SUFFIX.split(title[:cut])[0].strip() for cut in cuts}
    return sorted((h for h in heads if h), key=len, reverse=True)


def title_parts(title: str) -> list[str]:
    """Split a ``<title>`` like "Article | Portal name" into its parts, longest first."""
    parts = [p.strip() for p in _TITLE_SPLIT.split(title) if p.strip()]
    parts = [q for p in parts for q in _PORTAL_SUFFIX.split(p)[:2] if q and q.strip()]
    return sorted(parts, key=len, reverse=True)
