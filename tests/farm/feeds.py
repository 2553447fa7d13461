"""robots.txt, sitemap.xml and RSS of the farm sites (plain text and XML)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time
from email.utils import format_datetime
from html import escape

from tests.farm.corpus import CorpusArticle
from tests.farm.portals import Portal
from tests.farm.render import VN_TZ

FEED_ITEMS = 30


def render_robots(portal: Portal) -> str:
    """robots.txt: the site's disallowed paths and, where it has one, its sitemap."""
    lines = ["User-agent: *", *(f"Disallow: {p}" for p in portal.disallow)]
    if portal.sitemap:
        lines += ["", f"Sitemap: {portal.base_url}{portal.sitemap}"]
    return "\n".join(lines) + "\n"


def _moment(article: CorpusArticle) -> datetime:
    hh, mm = (int(x) for x in (article.time or "08:00").split(":"))
    return datetime.combine(article.day, time(hh, mm), VN_TZ)


def render_sitemap(articles: Iterable[CorpusArticle]) -> str:
    """sitemap.xml listing every article with its publication day."""
    entries = "".join(
        f"<url><loc>{escape(a.url)}</loc><lastmod>{a.day.isoformat()}</lastmod>"
        "<changefreq>never</changefreq></url>\n" for a in articles)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{entries}</urlset>\n")


def render_feed(portal: Portal, articles: Iterable[CorpusArticle]) -> str:
    """RSS 2.0 of the newest ``FEED_ITEMS`` articles."""
    items = []
    for n, article in enumerate(articles):
        if n == FEED_ITEMS:
            break
        lead = article.data.get("lead") or (article.paragraphs or [""])[0]
        items.append(
            f"<item><title>{escape(article.title)}</title><link>{escape(article.url)}</link>"
            f"<description>{escape(lead[:300])}</description>"
            f"<pubDate>{format_datetime(_moment(article))}</pubDate>"
            f'<guid isPermaLink="true">{escape(article.url)}</guid></item>\n')
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>\n'
            f"<title>{escape(portal.site_title)}</title><link>{portal.base_url}/</link>\n"
            f"<description>Tin mới - {escape(portal.site_title)}</description>"
            f"<language>vi-vn</language>\n{''.join(items)}</channel></rss>\n")
