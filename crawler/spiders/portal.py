"""The one spider: every portal in the site registry, driven by data and by discovery.

A thin driver (ACHE's split): requests in, callbacks out. Per site it seeds
the frontier (crawler/discovery/) with the registry's start pages, the
portal's own search for the bloc vocabulary, its sitemaps and feeds, the
usual feed and sitemap places and robots.txt's ``Sitemap:`` lines; then it
fetches the best candidates, a few at a time per site, within the site's
request budget. Every HTML page is read by content (``pagekind``): an
article goes to extraction and is archived as an ``ArticleItem``, bloc news
or not (outcome "article" or "not_bloc"); every page, article or not, gives
its links to the frontier, where they are scored. Every page read is logged
with its kind and why it was fetched (``fetches.reason``; ``thidua crawl
--explain URL``); the links never fetched are logged as "unfollowed".

Incremental by default: a URL already in the archive is not fetched again,
and a listing is walked on only while it yields something new, up to
THIDUA_EMPTY_PAGES_STOP pages with nothing new. THIDUA_FULL treats only this
run's URLs as known; THIDUA_REFRESH re-fetches every archived article of the
selected sites with a conditional request.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from scrapy import Request, Spider, signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError

from crawler.crawllog import failure_kind, session_of
from crawler.discovery.frontier import Candidate
from crawler.discovery.page import alternate_feeds, parse
from crawler.discovery.pagekind import ARTICLE, classify
from crawler.discovery.probes import sniff
from crawler.discovery.scoring import load_vocabulary
from crawler.discovery.seeds import probe_site, seed_site
from crawler.discovery.site import DiscoverySettings, SiteDiscovery
from crawler.errors import UsageError
from crawler.extract.article import extract_article
from crawler.items import ArticleItem
from crawler.sites import Site, due_sites, load_sites, site_for_url
from crawler.spiders.links import canonical, feed_entries, looks_binary, sitemap_urls
from crawler.spiders.moved import moved_to

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
UNFOLLOWED_LOGGED = 2000   # per site: the best of the links never fetched, in the crawl log
_SEARCH_PRIOR = 0.8        # yield assumed of site-search results before any is read


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
        crawler.signals.connect(spider.idle, signal=signals.spider_idle)
        return spider

    def configure(self, crawler: Any) -> None:
        """Read the settings once. The archive opens later, with the crawl's stats."""
        settings = crawler.settings
        self.full = settings.getbool("THIDUA_FULL")
        self.refresh = settings.getbool("THIDUA_REFRESH")
        self.due = settings.getbool("THIDUA_DUE")
        self.names = _settings_list(settings.get("THIDUA_SITE_NAMES"))
        self.discovery_settings = DiscoverySettings(
            budget=max(1, settings.getint("THIDUA_SITE_BUDGET", 5000)),
            floor=settings.getfloat("THIDUA_MIN_LINK_SCORE", 0.35),
            explore=max(0, settings.getint("THIDUA_EXPLORE_PAGES", 6)),
            window=max(1, settings.getint("THIDUA_SITE_WINDOW", 8)),
            empty_stop=max(1, settings.getint("THIDUA_EMPTY_PAGES_STOP", 2)),
            max_listing_pages=settings.getint("THIDUA_MAX_LISTING_PAGES", 500))
        self.all_sites = load_sites(settings.get("THIDUA_SITES"))
        self.by_name = {site.name: site for site in self.all_sites}
        self.vocabulary = load_vocabulary()
        self.sites: list[Site] = []
        self.discovery: dict[str, SiteDiscovery] = {}
        self.fresh: dict[str, bool] = {}        # URLs met: unknown to the archive?
        self.probes_missed: set[str] = set()
        self.resume = False

    def open_session(self) -> None:
        """Open the run (archive, lock, WARC), choose the sites and seed their frontiers."""
        self.session = session_of(self.crawler)
        self.archive = self.session.archive
        self._status = self.archive.status()      # read once: GROUP BYs over the log
        self.sites = self._select(self.all_sites, self.names, self.due)
        self.resume = self._previous_run_interrupted()
        if self.resume:
            self.logger.warning("the previous crawl did not finish: walking every listing "
                                "to its end (archived articles are still skipped)")
        if not self.full:
            self.probes_missed = (self.archive.known_urls(("skipped",))
                                  - self.archive.known_urls(("sitemap", "feed")))
        settings = self.discovery_settings
        if self.full or self.resume:
            settings = DiscoverySettings(**{**settings.__dict__, "walk_all": True})
        archived = self._status.get("sites", {})
        self.discovery = {
            site.name: SiteDiscovery(site, settings, self.vocabulary, self._is_new,
                                     known_bloc=archived.get(site.name, {}).get("articles", 0))
            for site in self.sites}
        stats = self.crawler.stats
        stats.set_value("thidua/sites", len(self.sites))
        for site in self.sites:
            stats.set_value(f"thidua/harvest/{site.name}/budget", settings.budget)
            seed_site(self.discovery[site.name], self.vocabulary, self.probes_missed)

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
        runs = [run for run in self._status.get("runs", [])
                if run.get("id") != self.session.run_id]
        return bool(runs) and runs[0].get("status") not in ("ok", "partial")

    def _last_crawled(self) -> dict[str, datetime | None]:
        sites = self._status.get("sites", {})
        return {name: _parse_when(entry.get("last_fetch")) for name, entry in sites.items()}

    def _is_new(self, url: str) -> bool:
        """Unknown to the archive when this run first met the URL (memoised per run)."""
        key = canonical(url)
        fresh = self.fresh.get(key)
        if fresh is None:
            fresh = self.fresh[key] = self.full or not self.archive.has_url(url)
        return fresh

    # -- requests ---------------------------------------------------------

    _CALLBACKS = {"page": "parse_page", "sitemap": "parse_sitemap", "feed": "parse_feed",
                  "probe": "parse_probe"}

    def _release(self, site_name: str) -> Iterator[Request]:
        disc = self.discovery.get(site_name)
        if disc is None:
            return
        for candidate, score in disc.release():
            yield self._request(disc.site, candidate, score)
            self.crawler.stats.inc_value(f"thidua/harvest/{site_name}/requests")
        if disc.frontier.exhausted:
            self.crawler.stats.set_value(f"thidua/harvest/{site_name}/budget_exhausted", True)

    def _request(self, site: Site, candidate: Candidate, score: float) -> Request:
        # Deduplicated by canonical URL in the frontier; skipping Scrapy's filter
        # lets an old address that redirects to a page fetched this run still be
        # recorded as one of its URLs.
        callback = getattr(self, self._CALLBACKS[candidate.kind])
        meta = {"thidua_site": site.name, "thidua_kind": candidate.kind,
                "thidua_source": candidate.source, "thidua_streak": candidate.streak,
                "thidua_why": f"score {score:.2f}: {candidate.why}", "thidua_counted": True,
                **candidate.meta}
        if candidate.kind == "probe":   # a miss is an answer; a 5xx is still retried
            meta["handle_httpstatus_list"] = [400, 401, 403, 404, 405, 410]
        return Request(candidate.url, callback=callback, errback=self.on_error,
                       priority=int(score * 1000), dont_filter=True, meta=meta)

    def _conditional(self, site: Site, url: str) -> Request:
        request = Request(url, callback=self.parse_page, errback=self.on_error, priority=1000,
                          dont_filter=True, meta={"thidua_site": site.name, "thidua_kind": "page",
                                                  "thidua_why": "refresh of an archived article",
                                                  "handle_httpstatus_list": [304]})
        validators = self.archive.validators(url)
        if validators.get("etag"):
            request.headers["If-None-Match"] = validators["etag"]
        if validators.get("last_modified"):
            request.headers["If-Modified-Since"] = validators["last_modified"]
        return request

    async def start(self) -> AsyncIterator[Request]:
        self.open_session()
        for site in self.sites:
            for request in self._release(site.name):
                yield request
        if self.refresh:
            for request in self._refresh_requests():
                yield request

    def _refresh_requests(self) -> Iterator[Request]:
        selected = {site.name: site for site in self.sites}
        for record in self.archive.iter_articles():
            site = selected.get(str(record.get("site")))
            if site is not None:
                self.discovery[site.name].seen.add(canonical(str(record.get("url"))))
                yield self._conditional(site, record["url"])

    def robots_parsed(self, robotparser: Any, request: Request, **_: Any) -> None:
        """Follow the ``Sitemap:`` lines of a site's robots.txt."""
        name = request.meta.get("thidua_site", "")
        disc = self.discovery.get(name)
        if disc is None:
            return
        for url in getattr(robotparser, "sitemaps", ()):
            disc.seed(url, "sitemap", "Sitemap: line of robots.txt")
        for released in self._release(name):
            self.crawler.engine.crawl(released)

    def idle(self) -> None:
        """Keep the crawl open while a frontier still has candidates worth fetching."""
        released = False
        for name, disc in self.discovery.items():
            disc.in_flight = 0      # idle: nothing is in flight any more
            for request in self._release(name):
                self.crawler.engine.crawl(request)
                released = True
        if released:
            raise DontCloseSpider
        self._log_unfollowed()

    def _log_unfollowed(self) -> None:
        for name, disc in self.discovery.items():
            for url, reason in disc.unfollowed(UNFOLLOWED_LOGGED):
                self.session.record(url, None, "unfollowed", site=name, reason=reason)

    # -- callbacks --------------------------------------------------------

    def _begin(self, response: Response) -> tuple[Site, SiteDiscovery | None]:
        name = response.meta["thidua_site"]
        disc = self.discovery.get(name)
        if disc is not None and response.meta.get("thidua_counted"):
            disc.done()
        return self.by_name[name], disc

    def _usable(self, response: Response, site: Site) -> bool:
        if isinstance(response, TextResponse) and not looks_binary(response.body):
            return True
        self.session.record(response.url, response.status, "failed", "not_html", site.name,
                            reason=response.meta.get("thidua_why"))
        return False

    def _record(self, response: Response, outcome: str, site: Site, what: str) -> None:
        self.session.record(response.url, response.status, outcome, site=site.name,
                            reason=f"{what} | {response.meta.get('thidua_why', '')}")
        self.crawler.stats.inc_value(f"thidua/harvest/{site.name}/pages/{outcome}")

    def parse_page(self, response: Response) -> Iterator[Request | ArticleItem]:
        """Any HTML page: read its kind, archive it if an article, queue its links."""
        site, disc = self._begin(response)
        if response.status == 304:
            self.crawler.stats.inc_value("thidua/articles/not_modified")
            self.session.record(response.url, 304, "skipped", site=site.name,
                                reason="not modified since the archived copy")
        elif self._usable(response, site) and disc is not None:
            yield from self._read(response, site, disc)
        yield from self._release(site.name)

    def _read(self, response: Response, site: Site,
              disc: SiteDiscovery) -> Iterator[Request | ArticleItem]:
        page = parse(response.body, response.url)
        kind = classify(page)
        meta = response.meta
        disc.seen.add(canonical(response.url))      # a redirect's target is met too
        probe_site(disc, self.vocabulary, self.probes_missed)
        for url in alternate_feeds(page.tree, response.url):
            disc.seed(url, "probe", f"feed announced by {response.url}", 0.9)
        if kind.kind != ARTICLE:
            prior = _SEARCH_PRIOR if meta.get("search") else None
            new, _ = disc.read_page(response.url, kind, page.anchors,
                                    streak=meta.get("thidua_streak", 0),
                                    series=meta.get("series"),
                                    vouched=bool(meta.get("vouched")), prior=prior)
            self._record(response, kind.kind, site, f"{kind.reason}; {new} new")
            return
        item = self._extract(response, site, page)
        if item is None:
            return
        bloc = item.article.is_bloc_news
        disc.observe(meta.get("thidua_source"), bloc, bool(meta.get("counted")))
        disc.read_page(response.url, kind, page.anchors, streak=0, is_bloc=bloc)
        self._record(response, "article" if bloc else "not_bloc", site, kind.reason)
        if bloc:
            self.crawler.stats.inc_value(f"thidua/harvest/{site.name}/bloc")
        yield item

    def _extract(self, response: Response, site: Site, page: Any) -> ArticleItem | None:
        fetched_at = datetime.now(VN_TZ).isoformat(timespec="seconds")
        try:
            article = extract_article(page.html, response.url, fetched_at, site, tree=page.tree)
        except (UnicodeError, LookupError):
            self.session.record(response.url, response.status, "failed", "decode", site.name)
            return None
        except Exception:
            self.logger.exception("extraction failed for %s", response.url)
            self.session.record(response.url, response.status, "failed", "extract_error",
                                site.name)
            return None
        article.urls = list(dict.fromkeys([*article.urls, *response.meta.get("redirect_urls", [])]))
        article.warc = response.meta.get("thidua_warc")
        return ArticleItem(article=article, etag=_header(response, b"ETag"),
                           last_modified=_header(response, b"Last-Modified"))

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        site, disc = self._begin(response)
        try:
            kind, urls = sitemap_urls(response.body)
        except Exception:  # lxml/gzip failures on a broken sitemap
            self.session.record(response.url, response.status, "failed", "decode", site.name)
        else:
            self._record(response, "sitemap", site, f"{kind} of {len(urls)} URLs")
            if disc is not None and kind == "sitemapindex":
                for url in urls:
                    disc.seed(url, "sitemap", f"in sitemap index {response.url}")
            elif disc is not None:
                disc.read_urls(((url, "") for url in urls), response.url)
        yield from self._release(site.name)

    def parse_feed(self, response: Response) -> Iterator[Request]:
        site, disc = self._begin(response)
        try:
            entries = feed_entries(response.body)
        except Exception:  # lxml failures on a broken feed
            self.session.record(response.url, response.status, "failed", "decode", site.name)
        else:
            self._record(response, "feed", site, f"feed of {len(entries)} items")
            if disc is not None:
                disc.read_urls(entries, response.url)
        yield from self._release(site.name)

    def parse_probe(self, response: Response) -> Iterator[Request | ArticleItem]:
        """A guessed feed or sitemap URL: read it as what it turns out to be."""
        kind = sniff(response.body) if response.status == 200 else None
        if kind == "sitemap":
            yield from self.parse_sitemap(response)
        elif kind == "feed":
            yield from self.parse_feed(response)
        else:
            site, _ = self._begin(response)
            self.session.record(response.url, response.status, "skipped", site=site.name,
                                reason=f"guessed feed or sitemap place: HTTP {response.status}"
                                       ", no feed or sitemap there")
            yield from self._release(site.name)

    def on_error(self, failure: Any) -> Iterator[Request]:
        """Every failed request, by kind: never a silent loss."""
        request = failure.request
        status = failure.value.response.status if isinstance(failure.value, HttpError) else None
        kind = failure_kind(failure.value)
        name = request.meta.get("thidua_site") or getattr(
            site_for_url(self.sites, request.url), "name", None)
        disc = self.discovery.get(name or "")
        if disc is not None and request.meta.get("thidua_counted"):
            disc.done()
        reason = request.meta.get("thidua_why")
        url, target = request.url, moved_to(request, kind, disc.site if disc else None)
        if target is not None:      # logged under the registry's URL, which moved
            url, kind = request.meta["redirect_urls"][0], "moved"
            reason = f"the start page redirects off the site, to {target}"
            self.crawler.stats.set_value(f"thidua/moved/{name}", target)
        self.session.record(url, status, "failed", kind, name, reason=reason)
        if name:
            yield from self._release(name)


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None

