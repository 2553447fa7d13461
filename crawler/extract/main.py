"""Main text and title: trafilatura for the body, then portal-specific cleaning.

trafilatura finds the article body; what it keeps from the portal frame
(SharePoint ribbon lines, image file names used as captions, "Gửi Email In
trang Lưu" tool links, related-news lists) is removed line by line with the
patterns in ``data/boilerplate.toml``.
"""

from __future__ import annotations

import re
from copy import copy
from functools import cache

import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.settings import Extractor

from crawler.extract import vocab
from crawler.extract.dates import is_dateline, is_header_today
from crawler.extract.page import Page, title_parts, title_prefixes
from crawler.extract.textops import fold_aligned as fold
from crawler.vntext import squash_spaces

_TRUNCATED = re.compile(r"(\.\.\.|…)$")
_SHORT_TEXT = 300  # characters: below this, trafilatura's full mode gets a chance


@cache
def _prune_rules() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = vocab.load("boilerplate")
    return (re.compile("|".join(map(re.escape, data["prune_class_contains"]))),
            re.compile("|".join(map(re.escape, data["prune_id_contains"]))))


def _to_prune(tree: HtmlElement) -> list[HtmlElement]:
    by_class, by_id = _prune_rules()
    return [el for el in tree.iter(etree.Element)
            if by_class.search(el.get("class") or "") or by_id.search(el.get("id") or "")]


def prune_boilerplate(tree: HtmlElement) -> None:
    """Remove the related-news lists and tool boxes (``prune_*`` rules) from ``tree`` in place.

    Done once on the shared tree rather than by trafilatura's ``prune_xpath``,
    which compiles and runs XPaths on its own copy at every call; and by a
    walk in Python, since XPath's ``contains(@class, ...)`` costs several
    times more. An element's tail text stays, as trafilatura keeps it.
    """
    for element in _to_prune(tree):
        parent = element.getparent()
        if parent is None:
            continue
        if element.tail:
            previous = element.getprevious()
            if previous is None:
                parent.text = (parent.text or "") + element.tail
            else:
                previous.tail = (previous.tail or "") + element.tail
        parent.remove(element)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = vocab.load("boilerplate")
    drop = re.compile("|".join(f"(?:{p})" for p in data["drop_lines"]))
    cut = re.compile("|".join(f"(?:{p})" for p in data["cut_from"]))
    return drop, cut


def trafilatura_text(tree: HtmlElement, url: str | None = None) -> str | None:
    """The main text as trafilatura sees it, paragraphs on their own lines.

    ``tree`` is the page already cleaned by ``prune_boilerplate``; trafilatura
    works on a copy of it, so the caller can still read the tree afterwards.
    trafilatura's fast mode first (no comparison with its fallback
    extractors: on portal pages the main extractor finds the body and the
    fallbacks cost a third of the time); the full mode only when the fast
    result is missing or short.
    """
    text = _extract(tree, url, fast=True)
    if text is None or len(text) < _SHORT_TEXT:
        full = _extract(tree, url, fast=False)
        if full and len(full) > len(text or ""):
            text = full
    return text


@cache
def _options(fast: bool) -> Extractor:
    return Extractor(output_format="txt", fast=fast, recall=True, comments=False, tables=True,
                     images=False, links=False, dedup=False, with_metadata=False)


def _extract(tree: HtmlElement, url: str | None, fast: bool) -> str | None:
    """trafilatura's ``extract`` with options built once: reading them from its
    configuration at every call costs as much as a small page's extraction step."""
    options = copy(_options(fast))
    options.url = options.source = url
    return trafilatura.extract(tree, options=options)


def clean_lines(lines: list[str], title: str | None) -> list[str]:
    """Drop boilerplate, caption file names, the title and the dateline; stop at end matter."""
    drop, cut = _patterns()
    title_fold = fold(title) if title else None
    kept: list[str] = []
    for raw in lines:
        line = squash_spaces(raw)
        if not line:
            continue
        folded = fold(line)
        if len(line) < 60 and cut.search(folded):
            break
        if drop.search(folded) or is_header_today(line):
            continue
        if not kept and (is_dateline(line) or folded == title_fold):
            continue
        if title_fold and _TRUNCATED.search(line) and title_fold.startswith(
                _TRUNCATED.sub("", folded).strip()):
            continue
        kept.append(line)
    return kept


def main_text(raw: str | None, page: Page, title: str | None) -> str:
    """The article body from trafilatura's text, cleaned; the page's own lines if it found none."""
    lines = raw.split("\n") if raw else page.lines
    return "\n".join(clean_lines(lines, title))


def _good(candidate: str | None) -> bool:
    return bool(candidate) and len(candidate) >= 15 and not _TRUNCATED.search(candidate)


def find_title(page: Page) -> str | None:
    """The article title: og:title, else the heading that the ``<title>`` repeats.

    A portal's first heading is often its own name, so a heading is trusted
    when the ``<title>`` contains it; else the longest head of the ``<title>``
    that the page writes as a line (a title in a styled ``<div>``, its own
    dashes kept); else the longest part of the ``<title>``.
    """
    if _good(page.og_title):
        return squash_spaces(page.og_title)
    html_title = fold(page.html_title or "")
    headings = [h for h in page.headings if _good(h)]
    repeated = [h for h in headings if fold(h) in html_title]
    if repeated:
        return max(repeated, key=len)
    lines = {fold(line) for line in page.lines}
    written = [h for h in title_prefixes(page.html_title or "") if _good(h) and fold(h) in lines]
    if written:     # the head of the <title> the page writes as a line of its own
        return written[0]
    parts = title_parts(page.html_title or "")
    if parts and _good(parts[0]):
        return parts[0]
    return max(headings, key=len) if headings else None
