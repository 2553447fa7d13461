"""Assembly: raw page in, ``Article`` record out.

Each stage is a pure function in its own module (decode, page, main, dates,
blocs, events, roles, awards, people, documents, scoring); this module only
wires them, so ``thidua reextract`` runs the very same code on archived pages.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from crawler.extract.awards import find_awards
from crawler.extract.blocs import bloc_key, pick_bloc
from crawler.extract.dates import as_fetch_datetime, publication_date
from crawler.extract.decode import decode_html
from crawler.extract.documents import find_documents
from crawler.extract.eventdate import find_event_date
from crawler.extract.events import event_types, review_period
from crawler.extract.main import find_title, main_text, prune_boilerplate, trafilatura_text
from crawler.extract.page import Page, html_lines, parse_tree, read_page
from crawler.extract.people import find_people
from crawler.extract.province import provinces_of
from crawler.extract.record import Article, content_hash
from crawler.extract.roles import find_handover, find_members, leader_and_deputy
from crawler.extract.scoring import bloc_evidence, is_bloc_news, slug_bloc_name
from crawler.extract.textops import normalise
from crawler.urls import article_id, host_of

if TYPE_CHECKING:
    from lxml.html import HtmlElement

    from crawler.sites import Site


def _context_year(event: str | None, published: str | None) -> int | None:
    day = event or published
    return date.fromisoformat(day[:10]).year if day else None


def _title_names(title: str | None, bloc: str | None) -> bool:
    """Whether the title names the bloc, spelt as in the text or not.

    "Tổng kết phong trào thi đua khối các cơ quan tham mưu QLNN ..." names
    "Khối thi đua các cơ quan tham mưu QLNN ..." without saying "khối thi đua".
    """
    if not title or not bloc:
        return False
    return f"-{bloc_key(bloc)}-" in f"-{bloc_key(title)}-"


_NOT_READ: dict[str, Any] = {"leader_unit": None, "deputy_unit": None, "handover": None,
                             "members": [], "people": [], "documents": []}


def _bloc_fields(title: str | None, body: str, province: str | None,
                 published: str | None, url: str) -> dict[str, Any]:
    """Every field read from the text by rules: bloc, events, roles, awards, people, docs.

    Whether the page is bloc news is decided first: search shows only bloc
    news, so on other pages the costly who-did-what rules (roles, members,
    people, documents) are not run and those fields stay empty.
    Awards are read on every page, as they count as evidence of a ranking.
    """
    bloc, mentions = pick_bloc(title, body)
    bloc = bloc or slug_bloc_name(url)
    awards = find_awards(body, province)
    types = event_types(title, body, len(awards), url)
    event, event_source = find_event_date(body, published, url, title)
    evidence = bloc_evidence(title, body, _title_names(title, bloc), mentions, types, url)
    bloc_news = is_bloc_news(evidence)
    year = _context_year(event, published)
    return {
        "bloc": bloc, "bloc_key": bloc_key(bloc) if bloc else None,
        "event_type": types[0], "event_types": types,
        "period": review_period(types, title, body, url), "event_date": event,
        "event_date_source": event_source, "awards": awards,
        "bloc_score": evidence.score, "bloc_signals": evidence.signals, "is_bloc_news": bloc_news,
        **(_who(body, year, province) if bloc_news else _NOT_READ),
    }


def _who(body: str, year: int | None, province: str | None) -> dict[str, Any]:
    """The bloc's roles and members, and the people and documents the article names."""
    people = find_people(body)  # first: the role rules reuse its sentences' people
    handover = find_handover(body, year, province)
    leader, deputy = leader_and_deputy(body, year, province, handover)
    return {"leader_unit": leader, "deputy_unit": deputy, "handover": handover,
            "members": find_members(body, province), "people": people,
            "documents": find_documents(body)}


def extract_article(html: str | bytes, url: str, fetched_at: datetime | str,
                    site: Site | None = None, *, tree: HtmlElement | None = None) -> Article:
    """Extract the full record of one article page.

    Args:
        html: the page, raw bytes (any declared or undeclared charset) or text.
        url: the URL it was fetched from (its canonical form gives the id).
        fetched_at: when it was fetched; a publication date after it is impossible.
        site: the registry entry of the portal, when known (gives name and province).
        tree: ``html`` (then decoded text) already parsed by ``parse_tree``, as the
            crawl does to classify the page first; pruned in place here.

    Returns:
        The ``Article``; fields the page does not support are None or empty.
    """
    if tree is not None and isinstance(html, str):
        source_html = html      # decoded by the caller that parsed it
    else:
        source_html = decode_html(html)
        tree = parse_tree(source_html)
    if tree is None:
        page, raw = Page(lines=html_lines(source_html)), None
    else:
        page = read_page(tree, source_html)  # the whole page, as before any pruning
        prune_boilerplate(tree)
        raw = trafilatura_text(tree, url)
    title = find_title(page)
    text = main_text(raw, page, title)
    published, source = publication_date(page, title, url, fetched_at)
    body = normalise(text)
    province, current = provinces_of(site, url, title, body)
    fields = _bloc_fields(normalise(title) if title else None, body, province, published, url)
    return Article(
        id=article_id(url), url=url, site=site.name if site is not None else host_of(url),
        text=text, fetched_at=as_fetch_datetime(fetched_at).isoformat(timespec="seconds"),
        content_hash=content_hash(text), urls=[url], province=province,
        province_current=current, title=title, published=published,
        published_source=source, **fields)
