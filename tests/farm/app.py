"""What the farm answers to one request: routing by host, then by URL shape.

No sockets here (server.py does the HTTP); a ``Reply`` says status, headers,
body and how to misbehave (delay, truncation).
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from email.utils import format_datetime
from urllib.parse import urlsplit

from tests.farm import faults as F
from tests.farm.catalog import Catalog
from tests.farm.corpus import CorpusArticle
from tests.farm.feeds import render_feed, render_robots, render_sitemap
from tests.farm.portals import CATEGORIES, Portal
from tests.farm.realistic.farm import RealisticFarm
from tests.farm.render import (
    Link,
    article_link,
    render_article,
    render_calendar,
    render_home,
    render_listing,
    today_vn,
)
from tests.farm.urls import home_paths, match_listing, request_key

HTML = "text/html; charset=utf-8"


@dataclass
class Reply:
    """One response, possibly faulty."""

    status: int
    body: bytes = b""
    content_type: str = HTML
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    truncate: bool = False


def _text(status: int, message: str) -> Reply:
    return Reply(status, message.encode("utf-8"), "text/plain; charset=utf-8")


class FarmApp:
    """Routes requests for the farm hosts to pages, feeds and faults."""

    def __init__(self, catalog: Catalog, *, fault_mode: bool, slow_delay: float,
                 today: date | None = None, realistic: RealisticFarm | None = None) -> None:
        self.catalog = catalog
        self.realistic = realistic
        self.fault_mode = fault_mode
        self.slow_delay = slow_delay
        self._today = today
        self.plan = F.plan_faults(catalog, fault_mode, self.today)
        self._hits: Counter[str] = Counter()
        self._lock = threading.Lock()

    @property
    def today(self) -> date:
        return self._today or today_vn()

    def _first_hit(self, tag: str, url: str) -> bool:
        with self._lock:
            self._hits[f"{tag} {url}"] += 1
            return self._hits[f"{tag} {url}"] == 1

    def handle(self, host: str, target: str, headers: dict[str, str], proxied: bool) -> Reply:
        """Answer ``target`` (path and query) on ``host``; unknown hosts are refused."""
        portal = self.catalog.config.by_host(host)
        if portal is None and self.realistic is not None:
            answer = self.realistic.handle(host, target)
            if answer is not None:
                reply = Reply(answer.status, answer.body, answer.content_type, answer.headers)
                return _conditional(reply, headers)
        if portal is None:
            if proxied:
                return _text(502, f"portal farm: no such host {host!r} (network is off)\n")
            return _text(404, f"portal farm: no site for Host {host!r}\n")
        url = portal.base_url + target
        path = urlsplit(target).path
        placement = self.plan.by_key.get((portal.name, request_key(target)))
        if (self.fault_mode and placement is None and path != "/robots.txt"
                and F.is_flaky(url) and self._first_hit("flaky", url)):
            return _text(F.flaky_status(url), "Service temporarily unavailable\n")
        if placement is not None:
            reply = self._fault(portal, placement, url)
            if reply is not None:
                return reply
        reply = self._route(portal, target, path)
        if placement is not None and placement.kind == "wrong_charset":
            reply.content_type = "text/html; charset=iso-8859-1"
        return _conditional(reply, headers)

    def _fault(self, portal: Portal, placement: F.Placement, url: str) -> Reply | None:
        kind = placement.kind
        if kind == "retry_500":
            return _text(500, "Runtime Error\n") if self._first_hit("retry", url) else None
        if kind in ("redirect", "redirect_loop"):
            status = 301 if kind == "redirect" else 302
            return Reply(status, b"", headers={"Location": placement.target})
        if kind == "dead_link":
            return self._not_found(portal)
        if kind == "server_error":
            return Reply(503, "<html><body><h1>Trang đang bảo trì</h1></body></html>".encode(),
                         headers={"Retry-After": "3600"})
        if kind == "huge":
            return Reply(200, F.huge_page())
        if kind == "binary":
            return Reply(200, F.png_bytes(), "text/html")
        page = self._home(portal).body
        if kind == "slow":
            return Reply(200, page, delay=self.slow_delay)
        if kind == "truncated":
            return Reply(200, page, truncate=True)
        return None

    def _route(self, portal: Portal, target: str, path: str) -> Reply:
        if path == "/robots.txt":
            return Reply(200, render_robots(portal).encode(), "text/plain; charset=utf-8")
        if portal.sitemap and path == portal.sitemap:
            body = render_sitemap(self.catalog.site_articles(portal.name)).encode()
            return Reply(200, body, "application/xml; charset=utf-8")
        if portal.feed and path == portal.feed:
            body = render_feed(portal, self.catalog.site_articles(portal.name)).encode()
            return Reply(200, body, "application/rss+xml; charset=utf-8")
        if path in home_paths(portal) and "?" not in target:
            return self._home(portal)
        try:
            listing = match_listing(portal, target)
        except ValueError:
            return self._not_found(portal)
        if listing is not None:
            return self._listing(portal, *listing)
        article = self.catalog.lookup(portal.name, target)
        if article is None:
            return self._not_found(portal)
        _, page = render_article(article, self.catalog, self.today)
        return Reply(200, page.encode("utf-8"), headers={"Last-Modified": _modified(article)})

    def _home(self, portal: Portal) -> Reply:
        newest = {c: [article_link(a) for a in self.catalog.listing(portal.name, c).page(1)[:3]]
                  for c in CATEGORIES}
        return Reply(200, render_home(portal, newest, self.today).encode("utf-8"))

    def _listing(self, portal: Portal, category: str, page: int, day: date | None) -> Reply:
        calendar = self.fault_mode and portal.name in self.plan.calendars and category == "bloc"
        if day is not None:
            if not calendar or day > self.today:
                return self._not_found(portal)
            return Reply(200, render_calendar(portal, category, day, self.today).encode())
        listing = self.catalog.listing(portal.name, category)
        if page < 1 or page > listing.pages:
            return self._not_found(portal)
        renamed = self.plan.renamed
        links = [article_link(a, renamed.get((a.site, a.number))) for a in listing.page(page)]
        if page == 1 and category == "bloc":
            extras = self.plan.listing_links.get(portal.name, [])
            links += [_fault_link(p, self.today) for p in extras]
        body = render_listing(portal, category, page, listing.pages, links, self.today,
                              calendar=calendar and page == 1)
        return Reply(200, body.encode("utf-8"))

    def _not_found(self, portal: Portal) -> Reply:
        body = (f"<html><head><meta charset=\"utf-8\"><title>404 - {portal.site_title}</title>"
                "</head><body><h1>Không tìm thấy trang</h1><p>Trang bạn yêu cầu không tồn tại "
                "hoặc đã bị xóa.</p></body></html>")
        return Reply(404, body.encode("utf-8"))


def _fault_link(placement: F.Placement, today: date) -> Link:
    """A fault page as a listing entry, dated today."""
    return Link(placement.url, placement.title, f"{today:%d/%m/%Y}")


def _modified(article: CorpusArticle) -> str:
    return format_datetime(datetime.combine(article.day, time(1, 0), UTC), usegmt=True)


def _conditional(reply: Reply, headers: dict[str, str]) -> Reply:
    """ETag on every 200 page, and 304 when the client already holds it."""
    if reply.status != 200:
        return reply
    etag = '"' + hashlib.sha1(reply.body).hexdigest()[:20] + '"'
    reply.headers["ETag"] = etag
    modified = reply.headers.get("Last-Modified")
    if headers.get("if-none-match") == etag or (
            modified and "if-none-match" not in headers
            and headers.get("if-modified-since") == modified):
        return Reply(304, b"", reply.content_type, dict(reply.headers))
    return reply
