"""HTML of farm pages, shaped like each portal family (templates/<family>/*.html).

Pure functions: the server decides what to answer, these decide how it looks.
Boilerplate follows the seeds: today's date in the header where the family
shows it, view counters, related-news and "Tin khác" lists, long footers.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from string import Template

from tests.farm.catalog import Catalog
from tests.farm.corpus import CorpusArticle, load_corpus
from tests.farm.portals import Portal, load_portals
from tests.farm.urls import calendar_path, listing_path

TEMPLATES = Path(__file__).with_name("templates")
VN_TZ = timezone(timedelta(hours=7))
RELATED = {"sharepoint": 4, "aspnet": 3, "newspaper": 5, "liferay": 5}
_IMAGE = re.compile(r"\.(?:jpe?g|png|gif)$", re.IGNORECASE)
_WEEKDAYS = ("hai", "ba", "tư", "năm", "sáu", "bảy")
_ITEM = {
    "sharepoint": '<li class="item"><a class="title" href="{url}">{title}</a> '
                  '<span class="date">({date})</span><p class="sapo">{snippet}</p></li>',
    "aspnet": '<tr><td class="news_item"><a href="{url}" class="news_title">{title}</a>'
              '<span class="news_date"> ({date})</span><div class="sapo">{snippet}</div></td></tr>',
    "newspaper": '<div class="item"><h3><a href="{url}">{title}</a></h3>'
                 '<span class="time">{date}</span><p class="sapo">{snippet}</p></div>',
    "liferay": '<li class="title-asset"><a href="{url}">{title}</a> '
               '<span class="date">({date})</span></li>',
}
_PAGER = {  # previous, next labels
    "sharepoint": ("Trang trước", "Trang sau"),
    "aspnet": ("« Trang trước", "Trang sau »"),
    "newspaper": ("Trang trước", "Xem tiếp"),
    "liferay": ("Trước", "Tiếp theo"),
}


@dataclass(frozen=True)
class Link:
    """One entry of a listing or related-news list."""

    url: str
    title: str
    date: str
    snippet: str = ""


def today_vn() -> date:
    """Today in Asia/Ho_Chi_Minh (UTC+7 all year), as the portals print it."""
    return datetime.now(VN_TZ).date()


def today_line(family: str, day: date) -> str:
    """The header date line of a family ("Thứ 2, ngày 19 tháng 4 năm 2021", ...)."""
    wd = day.weekday()
    if family == "aspnet":
        name = "Chủ nhật" if wd == 6 else f"Thứ {wd + 2}"
        return f"{name}, ngày {day.day} tháng {day.month} năm {day.year}"
    if family == "liferay":
        name = "Chủ nhật" if wd == 6 else f"Thứ {_WEEKDAYS[wd]}"
        return f"{name}, Ngày {day.day} Tháng {day.month} Năm {day.year}"
    if family == "newspaper":
        name = "Chủ Nhật" if wd == 6 else f"Thứ {_WEEKDAYS[wd].capitalize()}"
        return f"{name}, {day:%d/%m/%Y}"
    return ""


@lru_cache(maxsize=16)
def _template(family: str, name: str) -> Template:
    return Template((TEMPLATES / family / f"{name}.html").read_text(encoding="utf-8"))


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _token(seed: str, size: int = 40) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()[:size]


def _snippet(article: CorpusArticle) -> str:
    text = article.data.get("lead") or (article.paragraphs or [""])[0]
    return text if len(text) <= 220 else text[:217].rsplit(" ", 1)[0] + "..."


def article_link(article: CorpusArticle, url: str | None = None) -> Link:
    """How ``article`` appears in lists: liferay shows "dd/mm/yyyy hh:mm", others the date line."""
    portal = load_portals().portals[article.site]
    when = article.date_line
    if portal.family == "liferay":
        when = f"{article.day:%d/%m/%Y}" + (f" {article.time}" if article.time else "")
    return Link(url or article.url, article.title, when, _snippet(article))


def _figures(article: CorpusArticle) -> list[str]:
    groups: list[list[str]] = []
    for text in article.data.get("captions", []):
        if _IMAGE.search(text) or not groups or len(groups[-1]) == 2:
            groups.append([text])
        else:
            groups[-1].append(text)
    out = []
    for g, group in enumerate(groups):
        name = group[0] if _IMAGE.search(group[0]) else f"{article.number}_{g + 1}.jpg"
        parts = [f'<p style="text-align:center"><img src="/Images/news/{_e(name)}" '
                 f'alt="{_e(name)}" width="600" /></p>']
        parts += [f'<p style="text-align:center"><em>{_e(t)}</em></p>' for t in group]
        out.append("".join(parts))
    return out


def _text_blocks(article: CorpusArticle, portal: Portal) -> tuple[str, str, str]:
    paragraphs = list(article.paragraphs)
    lead = article.data.get("lead", "")
    prefix = portal.lead_prefix
    if prefix and lead and not lead.startswith(prefix.strip()):
        lead = prefix + lead
    elif prefix and not lead and paragraphs and not paragraphs[0].startswith(prefix.strip()):
        paragraphs[0] = prefix + paragraphs[0]
    lead_html = f'<p class="lead"><strong>{_e(lead)}</strong></p>\n' if lead else ""
    figures = _figures(article)
    blocks = [f"<p>{_e(p)}</p>" for p in paragraphs]
    for g, figure in reversed(list(enumerate(figures))):
        blocks.insert(max(1, (g + 1) * len(paragraphs) // (len(figures) + 1)), figure)
    byline = article.data.get("byline", "")
    byline_html = (f'\n<p class="author" style="text-align:right"><strong>{_e(byline)}</strong></p>'
                   if byline else "")
    return lead_html, "\n".join(blocks), byline_html


def _list_items(family: str, links: list[Link], related: bool = False) -> str:
    if related:
        return "".join(f'<li><a href="{_e(x.url)}">{_e(x.title)}</a>'
                       + (f' <span class="date">({_e(x.date)})</span>'
                          if family in ("liferay", "sharepoint") else "") + "</li>"
                       for x in links)
    return "".join(_ITEM[family].format(url=_e(x.url), title=_e(x.title), date=_e(x.date),
                                        snippet=_e(x.snippet)) for x in links)


def _nav_target(portal: Portal, item: str) -> str:
    if item == "Trang chủ":
        return "/"
    for category in ("bloc", "general"):
        title = portal.section(category).title.lower()
        if item.lower() in title or title in item.lower():
            return listing_path(portal, category)
    return "#"


def _shell(portal: Portal, *, title: str, main: str, target: str, today: date,
           head_extra: str = "", aside: str = "", crumb: str = "") -> str:
    nav = "".join(f'<li><a href="{_e(_nav_target(portal, n))}">{_e(n)}</a></li>'
                  for n in portal.nav)
    sidebar = "".join(f'<div class="box"><h3>{_e(s)}</h3></div>' for s in portal.sidebar)
    notice = (f'\n<div class="ms-webpart-chrome"><div class="ms-rtestate-field">'
              f'{_e(portal.notice)}</div></div>' if portal.notice else "")
    seed = portal.host + target
    return _template(portal.family, "page").substitute(
        title=_e(title), head_extra=head_extra, site_title=_e(portal.site_title),
        today_line=today_line(portal.family, today), today_iso=today.isoformat(),
        nav=nav, side_nav=nav, search_link=_e(portal.search_link), main=main,
        aside=aside + sidebar, footer="".join(f"<p>{_e(line)}</p>" for line in portal.footer),
        form_action=_e(target), viewstate=_token(seed, 64), notice=notice,
        crumb=_e(crumb or title), instance=portal.bloc.section,
        visits=str(1_200_000 + int(_token(seed, 5), 16) % 400_000),
        online=str(40 + int(_token(seed, 2), 16) % 160))


def _published_meta(article: CorpusArticle) -> str:
    stamp = article.day.isoformat() + (f"T{article.time}:00+07:00" if article.time else "")
    return (f'<meta property="og:title" content="{_e(article.title)}" />\n'
            f'<meta property="og:type" content="article" />\n'
            f'<meta property="article:published_time" content="{stamp}" />\n')


def render_article(article: CorpusArticle, catalog: Catalog | None = None,
                   today: date | None = None) -> tuple[str, str]:
    """The article page as served: (absolute URL, HTML), without any HTTP.

    Related-news lists link to the articles listed after this one on its site
    (from ``catalog``, by default the whole corpus).
    """
    portal = load_portals().portals[article.site]
    catalog = catalog or _default_catalog()
    today = today or today_vn()
    related = catalog.home_listing(article).following(article, RELATED[portal.family])
    lead, body, byline = _text_blocks(article, portal)
    section = portal.section(article.category)
    main = _template(portal.family, "article").substitute(
        category=_e(section.title), category_link=listing_path(portal, article.category),
        title=_e(article.title), date_line=_e(article.date_line), lead=lead, body=body,
        byline=byline, views=str(120 + article.number * 37 % 880),
        related=_list_items(portal.family, [article_link(a) for a in related], related=True))
    aside = ""
    if portal.family == "newspaper":
        top = catalog.listing(article.site, "general").page(1)
        aside = ('<div class="most-read"><h3>Đọc nhiều nhất</h3><ol>'
                 + _list_items("newspaper", [article_link(a) for a in top], related=True)
                 + "</ol></div>")
    head = _published_meta(article) if portal.family == "newspaper" else ""
    crumb = article.title if len(article.title) <= 100 else article.title[:100] + "..."
    return article.url, _shell(portal, title=article.title, main=main, target=article.path,
                               today=today, head_extra=head, aside=aside, crumb=crumb)


def _pager(portal: Portal, category: str, page: int, pages: int) -> str:
    prev_label, next_label = _PAGER[portal.family]
    tag = "li" if portal.family == "liferay" else "span"
    out = []
    if page > 1:
        out.append(f'<a href="{_e(listing_path(portal, category, page - 1))}">{prev_label}</a>')
    for n in range(max(1, page - 2), min(pages, page + 2) + 1):
        out.append(f'<{tag} class="current">{n}</{tag}>' if n == page else
                   f'<a href="{_e(listing_path(portal, category, n))}">{n}</a>')
    if page < pages:
        out.append(f'<a href="{_e(listing_path(portal, category, page + 1))}">{next_label}</a>')
    return " ".join(out)


def render_listing(portal: Portal, category: str, page: int, pages: int, links: list[Link],
                   today: date, calendar: bool = False) -> str:
    """One listing page with its pager (and, in fault mode, the calendar link)."""
    pager = _pager(portal, category, page, pages)
    if calendar:
        day_link = calendar_path(portal, category, today - timedelta(days=1))
        pager += f' <a class="by-date" href="{_e(day_link)}">Xem tin theo ngày</a>'
    heading = portal.section(category).title
    main = _template(portal.family, "listing").substitute(
        heading=_e(heading), items=_list_items(portal.family, links), pager=pager,
        page_info=f"Trang {page} / {pages}")
    target = listing_path(portal, category, page)
    title = heading if page == 1 else f"{heading} - Trang {page}"
    return _shell(portal, title=title, main=main, target=target, today=today)


def render_calendar(portal: Portal, category: str, day: date, today: date) -> str:
    """A day of the listing's calendar: nothing that day, and a link to the day before."""
    links = [f'<a href="{_e(calendar_path(portal, category, day - timedelta(days=1)))}">'
             "« Ngày trước</a>"]
    if day < today:
        links.append(f'<a href="{_e(calendar_path(portal, category, day + timedelta(days=1)))}">'
                     "Ngày sau »</a>")
    heading = f"{portal.section(category).title} - ngày {day:%d/%m/%Y}"
    main = _template(portal.family, "listing").substitute(
        heading=_e(heading), items="<p>Không có tin bài nào trong ngày này.</p>",
        pager=" ".join(links), page_info="")
    return _shell(portal, title=heading, main=main, target=calendar_path(portal, category, day),
                  today=today)


def render_home(portal: Portal, newest: dict[str, list[Link]], today: date) -> str:
    """Home page: each listing's newest entries and a link to the whole listing."""
    blocks = []
    for category, links in newest.items():
        section = portal.section(category)
        more = f'<a href="{_e(listing_path(portal, category))}">Xem tất cả</a>'
        blocks.append(_template(portal.family, "listing").substitute(
            heading=_e(section.title), items=_list_items(portal.family, links), pager=more,
            page_info=""))
    return _shell(portal, title=portal.site_title, main="\n".join(blocks), target="/",
                  today=today)


@lru_cache(maxsize=1)
def _default_catalog() -> Catalog:
    return Catalog(load_corpus())
