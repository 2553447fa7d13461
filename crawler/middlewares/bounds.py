"""Downloader middleware: a site's requests never leave its hosts or hit its deny rules.

Scrapy's OffsiteMiddleware knows one domain list for the whole spider; here
(hosts, and subdomains of the site's ``domains``)
every request carries its site (``meta["thidua_site"]``), so a redirect from
one portal to another portal of the registry is refused too. The refusal is
an IgnoreRequest, which reaches the spider's errback and is counted
("offsite" / "denied") instead of vanishing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest

from crawler.urls import host_of

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler


class SiteBoundsMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteBoundsMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        name = request.meta.get("thidua_site")
        if name is None:
            return
        site = self.crawler.spider.by_name[name]  # type: ignore[union-attr]
        if not site.owns_host(host_of(request.url)):
            self.crawler.stats.inc_value("thidua/bounds/offsite")
            raise IgnoreRequest(f"offsite: {host_of(request.url)} is not a host of {name}")
        if not site.allows(request.url):
            self.crawler.stats.inc_value("thidua/bounds/denied")
            raise IgnoreRequest(f"denied by the registry for {name}")
