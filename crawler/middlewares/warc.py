"""Downloader middleware: every response, as received, into the WARC files.

It sits next to the downloader (order 950), so it sees redirects and 5xx
responses before RedirectMiddleware and RetryMiddleware act on them, and the
body before HttpCompressionMiddleware decodes it, which is what a WARC record
must hold. The record's location travels on to the spider in
``request.meta["thidua_warc"]`` (a redirect or retry copies the meta, and the
last response overwrites it). A response the disk refuses to store fails
the run (`CrawlSession.fail`) and is dropped before any spider reads it.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest

from crawler.crawllog import session_of
from crawler.errors import WriteFailed

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _headers(response: Response) -> list[tuple[str, str]]:
    return [(name.decode("latin-1"), value.decode("latin-1"))
            for name, values in response.headers.items() for value in values]


class WarcMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.session = session_of(crawler)
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        ip = str(response.ip_address) if response.ip_address else None
        try:
            location = self.session.warc.write_response(
                response.url, response.status, _reason(response.status), _headers(response),
                response.body, ip)
        except WriteFailed as exc:
            # Not stored, so not read: no record may point at bytes that are not on disk.
            self.session.fail(exc)
            raise IgnoreRequest(f"{exc.kind}: {exc}") from None
        request.meta["thidua_warc"] = location.as_dict()
        self.stats.inc_value("thidua/warc/records")
        return response
