"""robots.txt parsing that also hands the spider the file's ``Sitemap:`` lines.

Scrapy's RobotsTxtMiddleware already fetches robots.txt once per host; this
parser (the ROBOTSTXT_PARSER setting) keeps the sitemap URLs it lists so the
spider can use them without fetching the file a second time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.robotstxt import ProtegoRobotParser
from scrapy.utils.sitemap import sitemap_urls_from_robots

if TYPE_CHECKING:
    from scrapy import Spider


class SitemapRobotParser(ProtegoRobotParser):
    """Protego's rules, plus `sitemaps` (absolute URLs from ``Sitemap:`` lines)."""

    def __init__(self, robotstxt_body: bytes, spider: Spider | None) -> None:
        super().__init__(robotstxt_body, spider)
        self.sitemaps: list[str] = list(sitemap_urls_from_robots(robotstxt_body))
