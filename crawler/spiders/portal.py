"""The one spider: every portal in the site registry, driven by data.

Per site it starts from the listing pages, search pages, sitemaps and feeds
of the registry entry (plus the ``Sitemap:`` lines of robots.txt), follows
listing pagination and the "Tin khác" / related-news links of article pages,
and hands every article page to `extract_article`. Every article page becomes
an item and is archived, bloc news or not (``is_bloc_news`` and ``bloc_score``
say which): a threshold decides what search shows, not what is kept.

Incremental by default: an article URL already in the archive (or fetched
before and found not to be bloc news) is not fetched again, and a listing is
followed to its next page only while it still yields something new, up to
THIDUA_EMPTY_PAGES_STOP consecutive pages with nothing new. THIDUA_FULL
treats only this run's URLs as known; THIDUA_REFRESH re-fetches every
archived article of the selected sites with a conditional request.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from scrapy import Request, Spider, signals
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError

from crawler.crawllog import failure_kind, session_of
from crawler.errors import UsageError
from crawler.extract.article import extract_article
from crawler.items import ArticleItem
from crawler.sites import Site, due_sites, load_sites, site_for_url
from crawler.spiders.links import (
    Link,
    canonical,
    dedupe,
    feed_urls,
    is_next_page,
    looks_binary,
    page_links,
    sitemap_urls,
)
from crawler.urls import article_id

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_KIND_CACHE = 1 << 17   # link kinds remembered (about 25 MB at most)


def _settings_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v) for v in value or ()]


def _parse_when(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=VN_TZ)
    try:
        when = datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=VN_TZ)


class PortalSpider(Spider):
    name = "portal"

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> PortalSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.configure(crawler)
        crawler.signals.connect(spider.robots_parsed, signal=signals.robots_parsed)
        return spider

    def configure(self, crawler: Any) -> None:
        """Read the settings once. The archive opens later, with the crawl's stats."""
        settings = crawler.settings
        self.full = settings.getbool("THIDUA_FULL")
        self.refresh = settings.getbool("THIDUA_REFRESH")
        self.due = settings.getbool("THIDUA_DUE")
        self.names = _settings_list(settings.get("THIDUA_SITE_NAMES"))
        self.empty_stop = max(1, settings.getint("THIDUA_EMPTY_PAGES_STOP", 2))
        self.max_listing_pages = settings.getint("THIDUA_MAX_LISTING_PAGES", 500)
        self.all_sites = load_sites(settings.get("THIDUA_SITES"))
        self.by_name = {site.name: site for site in self.all_sites}
        self.sites: list[Site] = []
        self.start_keys: set[str] = set()
        self.seen: set[str] = set()             # listings, sitemaps (canonical URLs)
        self.fresh: dict[str, bool] = {}        # article links met: unknown to the archive?
        self.known_other: set[str] = set()
        self.listing_pages: Counter[str] = Counter()
        self.link_kinds: dict[tuple[str, str], str | None] = {}
        self.resume = False

    def open_session(self) -> None:
        """Open the run (archive, lock, WARC) and choose the sites to crawl."""
        self.session = session_of(self.crawler)
        self.archive = self.session.archive
        self.sites = self._select(self.all_sites, self.names, self.due)
        self.start_keys = {canonical(u) for s in self.sites
                           for u in (*s.start_urls, *s.search_urls)}
        if not self.full:
            self.known_other = self.archive.known_urls(("not_bloc",))
        self.resume = self._previous_run_interrupted()
        if self.resume:
            self.logger.warning("the previous crawl did not finish: walking every listing "
                                "to its end (archived articles are still skipped)")
        self.crawler.stats.set_value("thidua/sites", len(self.sites))

    def _select(self, sites: list[Site], names: list[str], due: bool) -> list[Site]:
        if names:
            known = {site.name for site in sites}
            unknown = [name for name in names if name not in known]
            if unknown:
                raise UsageError(f"unknown site {unknown[0]!r} (not in the registry)")
            sites = [site for site in sites if site.name in names]
        if due:
            last = {name: when for name, when in self._last_crawled().items() if when}
            sites = due_sites(sites, last, datetime.now(VN_TZ))
        return sites

    def _previous_run_interrupted(self) -> bool:
        """True when the run before this one was killed or failed.

        Incremental stopping assumes earlier runs saw each listing down to
        what was already archived; a killed run breaks that, so the next run
        walks the listings to their end once.
        """
        runs = [run for run in self.archive.status().get("runs", [])
                if run.get("id") != self.session.run_id]
        return bool(runs) and runs[0].get("status") not in ("ok", "partial")

    def _last_crawled(self) -> dict[str, datetime | None]:
        sites = self.archive.status().get("sites", {})
        return {name: _parse_when(entry.get("last_fetch")) for name, entry in sites.items()}

    # -- requests ---------------------------------------------------------

    def _request(self, site: Site, url: str, kind: str, callback: Any, *,
                 priority: int = 0, **meta: Any) -> Request:
        # Article URLs are deduplicated by canonical URL before a request is
        # made; skipping Scrapy's filter lets an old address that redirects to
        # an article fetched this run still be recorded as one of its URLs, so
        # the next incremental run does not follow that redirect again.
        return Request(url, callback=callback, errback=self.on_error, priority=priority,
                       dont_filter=kind == "article",
                       meta={"thidua_site": site.name, "thidua_kind": kind, **meta})

    def _listing(self, site: Site, url: str, streak: int) -> Request:
        self.listing_pages[site.name] += 1
        return self._request(site, url, "listing", self.parse_listing, thidua_streak=streak)

    def _conditional(self, site: Site, url: str) -> Request:
        request = self._request(site, url, "article", self.parse_article, priority=1,
                                handle_httpstatus_list=[304])
        validators = self.archive.validators(url)
        if validators.get("etag"):
            request.headers["If-None-Match"] = validators["etag"]
        if validators.get("last_modified"):
            request.headers["If-Modified-Since"] = validators["last_modified"]
        return request

    def _articles(self, site: Site, urls: Iterable[str]) -> tuple[list[Request], int]:
        """Requests for the article URLs worth fetching, and how many links were new.

        "New" means unknown to the archive when this run first met the link,
        however often the run meets it again: a feed read before the listings
        must not make the listings look exhausted. A full or resumed crawl
        counts every article link, so it walks listings to their end.
        """
        requests, new = [], 0
        for url in dedupe(list(urls)):
            key = canonical(url)
            fresh = self.fresh.get(key)
            if fresh is None:
                archived = self.archive.has_url(url)
                fresh = self.fresh[key] = not (archived or key in self.known_other)
                request = self._article_request(site, url, fresh, archived)
                if request is not None:
                    requests.append(request)
            if fresh or self.full or self.resume:
                new += 1
        return requests, new

    def _article_request(self, site: Site, url: str, fresh: bool,
                         archived: bool) -> Request | None:
        if archived and self.refresh:
            # Only a record's own URL: an alias (an old address that redirects
            # to it, a duplicate's URL) would fetch the same page once more,
            # unconditionally, since the validators belong to the record's URL.
            return self._conditional(site, url) if self.archive.get(article_id(url)) else None
        if fresh or self.full:
            return self._request(site, url, "article", self.parse_article, priority=1)
        return None

    async def start(self) -> AsyncIterator[Request]:
        self.open_session()
        for site in self.sites:
            for url in (*site.start_urls, *site.search_urls):
                self.seen.add(canonical(url))
                yield self._listing(site, url, streak=0)
            for url in site.sitemaps:
                self.seen.add(canonical(url))
                yield self._request(site, url, "sitemap", self.parse_sitemap)
            for url in site.feeds:
                yield self._request(site, url, "feed", self.parse_feed)
        if self.refresh:
            for request in self._refresh_requests():
                yield request

    def _refresh_requests(self) -> Iterator[Request]:
        selected = {site.name: site for site in self.sites}
        for record in self.archive.iter_articles():
            site = selected.get(str(record.get("site")))
            key = canonical(str(record.get("url")))
            if site is not None and key not in self.fresh:
                self.fresh[key] = False
                yield self._conditional(site, record["url"])

    def robots_parsed(self, robotparser: Any, request: Request, **_: Any) -> None:
        """Follow the ``Sitemap:`` lines of a site's robots.txt."""
        site = self.by_name.get(request.meta.get("thidua_site", ""))
        for url in getattr(robotparser, "sitemaps", ()):
            if site is None or not site.allows(url) or canonical(url) in self.seen:
                continue
            self.seen.add(canonical(url))
            self.crawler.engine.crawl(self._request(site, url, "sitemap", self.parse_sitemap))

    # -- callbacks --------------------------------------------------------

    def _site(self, response: Response) -> Site:
        return self.by_name[response.meta["thidua_site"]]

    def _links(self, response: TextResponse, *, with_text: bool = False) -> list[Link]:
        return page_links(response.text, response.url, with_text=with_text)

    def _kind(self, site: Site, url: str) -> str | None:
        """"article", "listing" or None for a link of ``site``, by the registry's patterns.

        Memoised: navigation and related-news links recur on every page of a
        site, and each check runs the site's host, deny and page patterns.
        """
        key = (site.name, url)
        kind = self.link_kinds.get(key, "")
        if kind == "":
            if len(self.link_kinds) >= _KIND_CACHE:
                self.link_kinds.clear()
            kind = self.link_kinds[key] = ("article" if site.is_article(url) else
                                           "listing" if site.is_listing(url) else None)
        return kind

    def _usable(self, response: Response, site: Site) -> bool:
        if isinstance(response, TextResponse) and not looks_binary(response.body):
            return True
        self.session.record(response.url, response.status, "failed", "not_html", site.name)
        return False

    def parse_listing(self, response: Response) -> Iterator[Request]:
        site = self._site(response)
        if not self._usable(response, site):
            return
        self.session.record(response.url, response.status, "listing", site=site.name)
        assert isinstance(response, TextResponse)
        articles, listings = [], []
        # Anchor texts matter only for finding "next" links, which a full crawl skips.
        for link in self._links(response, with_text=not self.full):
            key = canonical(link.url)
            kind = self._kind(site, link.url)
            if kind == "article" and key not in self.start_keys:
                articles.append(link.url)
            elif kind == "listing" or key in self.start_keys:
                listings.append(link)
        requests, new = self._articles(site, articles)
        yield from requests
        streak = 0 if new else response.meta.get("thidua_streak", 0) + 1
        if streak >= self.empty_stop:
            self.crawler.stats.inc_value("thidua/listing/stopped_empty")
            return
        yield from self._follow_listings(site, response.url, listings, streak)

    def _follow_listings(self, site: Site, url: str, listings: list[Link],
                         streak: int) -> Iterator[Request]:
        """Next pages (all listing links in a full crawl, or when no "next" is found)."""
        nexts = [] if self.full else [link for link in listings if is_next_page(url, link)]
        for link in nexts or listings:
            key = canonical(link.url)
            if key in self.seen:
                continue
            if self.listing_pages[site.name] >= self.max_listing_pages:
                self.crawler.stats.inc_value("thidua/listing/capped")
                return
            self.seen.add(key)
            yield self._listing(site, link.url, streak)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        site = self._site(response)
        try:
            kind, urls = sitemap_urls(response.body)
        except Exception:  # lxml/gzip failures on a broken sitemap
            self.session.record(response.url, response.status, "failed", "decode", site.name)
            return
        self.session.record(response.url, response.status, "sitemap", site=site.name)
        if kind == "sitemapindex":
            for url in urls:
                if site.allows(url) and canonical(url) not in self.seen:
                    self.seen.add(canonical(url))
                    yield self._request(site, url, "sitemap", self.parse_sitemap)
            return
        yield from self._articles(site, [u for u in urls if site.is_article(u)])[0]

    def parse_feed(self, response: Response) -> Iterator[Request]:
        site = self._site(response)
        self.session.record(response.url, response.status, "feed", site=site.name)
        yield from self._articles(site, [u for u in feed_urls(response.body)
                                         if site.is_article(u)])[0]

    def parse_article(self, response: Response) -> Iterator[Request | ArticleItem]:
        site = self._site(response)
        if response.status == 304:
            self.crawler.stats.inc_value("thidua/articles/not_modified")
            self.session.record(response.url, 304, "skipped", site=site.name)
            return
        if not self._usable(response, site):
            return
        assert isinstance(response, TextResponse)
        fetched_at = datetime.now(VN_TZ).isoformat(timespec="seconds")
        try:
            article = extract_article(response.body, response.url, fetched_at, site)
        except (UnicodeError, LookupError):
            self.session.record(response.url, response.status, "failed", "decode", site.name)
            return
        except Exception:
            self.logger.exception("extraction failed for %s", response.url)
            self.session.record(response.url, response.status, "failed", "extract_error",
                                site.name)
            return
        related = [link.url for link in self._links(response)
                   if self._kind(site, link.url) == "article"
                   and canonical(link.url) not in self.start_keys]
        yield from self._articles(site, related)[0]
        article.urls = list(dict.fromkeys([*article.urls, *response.meta.get("redirect_urls", [])]))
        article.warc = response.meta.get("thidua_warc")
        outcome = "article" if article.is_bloc_news else "not_bloc"
        self.session.record(response.url, response.status, outcome, site=site.name)
        yield ArticleItem(article=article, etag=_header(response, b"ETag"),
                          last_modified=_header(response, b"Last-Modified"))

    def on_error(self, failure: Any) -> None:
        """Every failed request, by kind: never a silent loss."""
        request = failure.request
        status = failure.value.response.status if isinstance(failure.value, HttpError) else None
        kind = failure_kind(failure.value)
        site = request.meta.get("thidua_site") or getattr(
            site_for_url(self.sites, request.url), "name", None)
        self.session.record(request.url, status, "failed", kind, site)


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
