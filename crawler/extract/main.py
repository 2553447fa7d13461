"""Main text and title: trafilatura for the body, then portal-specific cleaning.

trafilatura finds the article body; what it keeps from the portal frame
(SharePoint ribbon lines, image file names used as captions, "Gửi Email In
trang Lưu" tool links, related-news lists) is removed line by line with the
patterns in ``data/boilerplate.toml``.
"""

from __future__ import annotations

import re
from functools import cache

import trafilatura
from lxml.html import HtmlElement

from crawler.extract import vocab
from crawler.extract.dates import is_dateline, is_header_today
from crawler.extract.page import Page, title_parts
from crawler.extract.textops import fold_aligned as fold
from crawler.vntext import squash_spaces

_TRUNCATED = re.compile(r"(\.\.\.|…)$")
_SHORT_TEXT = 300  # characters: below this, trafilatura's full mode gets a chance


@cache
def _prune_xpath() -> list[str]:
    return list(vocab.load("boilerplate")["prune_xpath"])


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = vocab.load("boilerplate")
    drop = re.compile("|".join(f"(?:{p})" for p in data["drop_lines"]))
    cut = re.compile("|".join(f"(?:{p})" for p in data["cut_from"]))
    return drop, cut


def trafilatura_text(html: str | HtmlElement, url: str | None = None) -> str | None:
    """The main text as trafilatura sees it, paragraphs on their own lines.

    trafilatura's fast mode first (no comparison with its fallback
    extractors: on portal pages the main extractor finds the body and the
    fallbacks cost a third of the time); the full mode only when the fast
    result is missing or short. Given a parsed tree, trafilatura works on a
    copy of it, so the caller can still read the tree afterwards.
    """
    text = _extract(html, url, fast=True)
    if text is None or len(text) < _SHORT_TEXT:
        full = _extract(html, url, fast=False)
        if full and len(full) > len(text or ""):
            text = full
    return text


def _extract(html: str | HtmlElement, url: str | None, fast: bool) -> str | None:
    return trafilatura.extract(html, url=url, fast=fast, include_comments=False,
                               include_tables=True, include_images=False, include_links=False,
                               with_metadata=False, favor_recall=True, deduplicate=False,
                               prune_xpath=_prune_xpath())


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
    when the ``<title>`` contains it; else the longest part of the ``<title>``.
    """
    if _good(page.og_title):
        return squash_spaces(page.og_title)
    html_title = fold(page.html_title or "")
    headings = [h for h in page.headings if _good(h)]
    repeated = [h for h in headings if fold(h) in html_title]
    if repeated:
        return max(repeated, key=len)
    parts = title_parts(page.html_title or "")
    if parts and _good(parts[0]):
        return parts[0]
    return max(headings, key=len) if headings else None
