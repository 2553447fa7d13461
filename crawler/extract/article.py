"""Assembly: raw page in, ``Article`` record out.

Each stage is a pure function in its own module (decode, page, main, dates,
blocs, events, roles, awards, people, documents, scoring); this module only
wires them, so ``thidua reextract`` runs the very same code on archived pages.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from crawler.errors import UnknownProvince
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
from crawler.extract.record import Article, content_hash
from crawler.extract.roles import find_handover, find_members, leader_and_deputy
from crawler.extract.scoring import bloc_evidence, is_bloc_news, slug_bloc_name
from crawler.extract.textops import normalise
from crawler.urls import article_id, host_of
from crawler.vntext import fold

if TYPE_CHECKING:
    from lxml.html import HtmlElement

    from crawler.sites import Site


@lru_cache(maxsize=256)
def _current_name(name: str) -> str | None:
    from crawler.provinces import load_provinces

    try:
        return load_provinces().current_name(name)
    except UnknownProvince:
        return None


@lru_cache(maxsize=1024)
def _province_of_host(host: str) -> str | None:
    """The province whose portal domain the host is on ("sonoivu.binhdinh.gov.vn"),
    else the one the host is named after ("baothainguyen.vn", "ict-binhphuoc.gov.vn",
    "bacninhtv.vn"): provincial newspapers, broadcasters and departments."""
    from crawler.provinces import load_provinces

    provinces = [p for p in load_provinces() if p.existed_before]
    for province in provinces:
        domain = province.domain
        if domain and (host == domain or host.endswith("." + domain)):
            return province.name
    labels = re.split(r"[.-]", host.lower())
    for province in provinces:
        for name in {_compact(province.name), *map(_compact, province.aliases)}:
            if len(name) >= 3 and any(_names_host(label, name) for label in labels):
                return province.name
    return None


@lru_cache(maxsize=1)
def _path_pattern() -> re.Pattern[str]:
    """Province names as URL path words: "tinh-dong-nai", "/ldld-soc-trang/", "/nghean/"."""
    from crawler.provinces import load_provinces

    names = sorted({n for p in load_provinces() if p.existed_before
                    for n in (_hyphens(p.name), *map(_hyphens, p.former_names)) if len(n) >= 5},
                   key=len, reverse=True)
    alt = "|".join(map(re.escape, names))
    return re.compile(rf"(?:/|\b(?:tinh|ldld|thanh-pho|tp|cong-an)-)(?P<n>{alt})(?=[/.-]|$)"
                      rf"|-(?P<e>{alt})/"
                      rf"|/(?P<c>{'|'.join(re.escape(n.replace('-', '')) for n in names)})/")


def _hyphens(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


def _province_of_path(url: str) -> str | None:
    """The province a URL path names ("/cum-1-cua-tinh-tra-vinh", "/ldld-soc-trang/")."""
    from crawler.provinces import load_provinces

    path = fold(urlsplit(url).path)
    match = _path_pattern().search(path)
    if not match:
        return None
    name = match.group("n") or match.group("e") or match.group("c")
    return load_provinces().resolve(name.replace("-", " ")).name


_HOST_AFFIXES = re.compile(r"^(?:bao|truyenhinh|dai|so|ptth|tinhdoan|congan|congdoan|www)?"
                           r"(?P<n>[a-z]+?)"
                           r"(?:tv|online|news|portal|city|ngaynay)?$")


def _names_host(label: str, name: str) -> bool:
    match = _HOST_AFFIXES.match(label)
    if bool(match) and match.group("n") == name:
        return True
    # "sogddtsonla", "lienminhhtxyenbai", "daklakff": a long name at either end of the label
    return (len(name) >= 5 and label.endswith(name)) or (len(name) >= 6 and label.startswith(name))


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def _provinces(site: Site | None, url: str, title: str | None,
               text: str) -> tuple[str | None, str | None]:
    """Province from the site registry, then the portal's domain, then the text.

    Many pages never name their province (a Sở's news names "UBND tỉnh" only).
    """
    from crawler.provinces import load_provinces

    name = site.province if site is not None else _province_of_host(host_of(url))
    if name is None:
        name = _province_of_path(url)
    if name is None:
        name = load_provinces().find_in_text(f"{title or ''}\n{text}")
    return (name, _current_name(name)) if name else (None, None)


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

    Whether the page is bloc news is decided first: the crawler keeps only
    bloc news, so on other pages the costly who-did-what rules (roles,
    members, people, documents) are not run and those fields stay empty.
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
        "period": review_period(types, title, body), "event_date": event,
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
    province, current = _provinces(site, url, title, body)
    fields = _bloc_fields(normalise(title) if title else None, body, province, published, url)
    return Article(
        id=article_id(url), url=url, site=site.name if site is not None else host_of(url),
        text=text, fetched_at=as_fetch_datetime(fetched_at).isoformat(timespec="seconds"),
        content_hash=content_hash(text), urls=[url], province=province,
        province_current=current, title=title, published=published,
        published_source=source, **fields)
