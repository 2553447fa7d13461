"""Downloader middleware: a robots.txt fetch that fails is logged and counted like any fetch.

Scrapy's RobotsTxtMiddleware downloads robots.txt on its own and only logs a
failure (with a traceback); the spider's errback never sees it. Without
this, an offline crawl would count one failure per site while Scrapy made
three robots.txt attempts per site, and the failures would exist only as
tracebacks on the terminal. Placed after RetryMiddleware in the exception
chain, it sees each robots.txt request's final failure, once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from crawler.crawllog import failure_kind, session_of
from crawler.sites import site_for_url

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler


def is_robots_request(request: Request) -> bool:
    """The robots.txt request RobotsTxtMiddleware makes (the CrawlLog extension's test)."""
    return bool(request.meta.get("dont_obey_robotstxt")) and \
        urlsplit(request.url).path == "/robots.txt"


class RobotsFailureMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsFailureMiddleware:
        return cls(crawler)

    def process_exception(self, request: Request, exception: BaseException) -> None:
        if not is_robots_request(request):
            return
        site = site_for_url(getattr(self.crawler.spider, "sites", []), request.url)
        session_of(self.crawler).record(request.url, None, "failed", failure_kind(exception),
                                        site.name if site else None)
