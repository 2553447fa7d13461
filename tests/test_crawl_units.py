"""The crawler's pure parts: next-page detection, sitemaps and feeds, failure kinds, status."""

from __future__ import annotations

import gzip

from scrapy import Request
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionRefusedError as TxConnectionRefused

from crawler.crawllog import crawl_status, failure_kind
from crawler.spiders.links import (
    Link,
    feed_urls,
    is_next_page,
    looks_binary,
    page_links,
    page_position,
    sitemap_urls,
)

LIFERAY = ("http://hagiang.gov.vn/web/guest/tin-thi-dua?p_p_id=101_INSTANCE_ab"
           "&p_p_lifecycle=0&_101_INSTANCE_ab_cur={}")


def test_page_links_are_absolute_without_script_mail_or_fragment_links():
    html = ("<html><head><base href='http://hanam.gov.vn/Pages/'></head><body>"
            "<a href='javascript:;'>x</a><a href='mailto:a@b.vn'>y</a><a href='#top'>z</a>"
            "<a href=' tin.aspx?Page=2 ' rel='next'><span>Trang</span> <b>sau</b></a>"
            "<!-- <a href='/commented.aspx'>c</a> --><a>no href</a>"
            "<a href='http://baoquangbinh.vn/a-1.htm'>Tin &amp; ảnh</a></body></html>")
    assert page_links(html, "http://hanam.gov.vn/x/y.aspx") == [
        Link("http://hanam.gov.vn/Pages/tin.aspx?Page=2", "Trang sau", "next"),
        Link("http://baoquangbinh.vn/a-1.htm", "Tin & ảnh")]
    assert page_links(html, "http://hanam.gov.vn/")[0].text != ""
    assert [link.text for link in page_links(html, "http://h.vn/", with_text=False)] == ["", ""]
    assert page_links("  ", "http://hanam.gov.vn/") == []


def test_page_position_reads_the_page_number_of_each_family():
    assert page_position("http://hanam.gov.vn/Pages/tin.aspx?Page=3")[1] == 3
    assert page_position("http://x.gov.vn/Default.aspx?tabid=140&page=2")[1] == 2
    assert page_position(LIFERAY.format(7))[1] == 7
    assert page_position("http://baoquangbinh.vn/thi-dua/page/4/")[1] == 4
    assert page_position("http://hanam.gov.vn/Pages/tin.aspx") == \
        (page_position("http://hanam.gov.vn/Pages/tin.aspx?Page=5")[0], 1)


def test_next_page_is_the_same_listing_one_page_on():
    current = "http://x.gov.vn/Default.aspx?tabid=140&page=2"
    assert is_next_page(current, Link("http://x.gov.vn/Default.aspx?tabid=140&page=3"))
    assert not is_next_page(current, Link("http://x.gov.vn/Default.aspx?tabid=140&page=4"))
    assert not is_next_page(current, Link("http://x.gov.vn/Default.aspx?tabid=101&page=3"))
    assert is_next_page("http://hanam.gov.vn/Pages/tin.aspx",
                        Link("http://hanam.gov.vn/Pages/tin.aspx?Page=2"))
    assert is_next_page(LIFERAY.format(1), Link(LIFERAY.format(2)))


def test_next_page_by_link_text_or_rel():
    current = "http://baoquangbinh.vn/thi-dua/"
    assert is_next_page(current, Link("http://baoquangbinh.vn/thi-dua/?offset=20", "Trang sau"))
    assert is_next_page(current, Link("http://baoquangbinh.vn/x", "", "next"))
    assert not is_next_page(current, Link("http://baoquangbinh.vn/x", "Trang trước"))


def test_sitemap_urls_from_plain_and_gzipped_sitemaps():
    body = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            b"<url><loc>http://baoquangbinh.vn/a-1234.htm</loc></url>"
            b"<url><loc>http://baoquangbinh.vn/b-5678.htm</loc></url></urlset>")
    assert sitemap_urls(body) == ("urlset", ["http://baoquangbinh.vn/a-1234.htm",
                                             "http://baoquangbinh.vn/b-5678.htm"])
    index = (b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             b"<sitemap><loc>http://baoquangbinh.vn/s1.xml</loc></sitemap></sitemapindex>")
    assert sitemap_urls(gzip.compress(index)) == ("sitemapindex",
                                                  ["http://baoquangbinh.vn/s1.xml"])


def test_feed_urls_from_rss_and_atom():
    rss = ("<rss version='2.0'><channel><title>Tin</title>"
           "<item><title>Khối thi đua</title><link> http://a.gov.vn/?news_id=1 </link></item>"
           "<item><link>http://a.gov.vn/?news_id=2</link></item></channel></rss>").encode()
    assert feed_urls(rss) == ["http://a.gov.vn/?news_id=1", "http://a.gov.vn/?news_id=2"]
    atom = (b"<feed xmlns='http://www.w3.org/2005/Atom'><entry>"
            b"<link rel='alternate' href='http://a.gov.vn/x-1234.htm'/>"
            b"<link rel='enclosure' href='http://a.gov.vn/x.jpg'/></entry></feed>")
    assert feed_urls(atom) == ["http://a.gov.vn/x-1234.htm"]


def test_binary_bodies_are_recognised_whatever_their_content_type():
    assert looks_binary(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3 binary")
    assert looks_binary(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert looks_binary(bytes(range(256)) * 4)
    assert not looks_binary("<html><body>Khối thi đua</body></html>".encode())
    assert not looks_binary(b"<html>Kh\xf4i thi \xf0ua, 8-bit legacy charset</html>")


def _http_error(status: int) -> HttpError:
    return HttpError(Response("http://a.gov.vn/x", status=status, request=Request("http://a")),
                     "not handled")


def test_failure_kinds():
    assert failure_kind(_http_error(404)) == "http_404"
    assert failure_kind(_http_error(503)) == "http_5xx"
    assert failure_kind(_http_error(403)) == "http_403"
    assert failure_kind(IgnoreRequest("Forbidden by robots.txt")) == "robots_forbidden"
    assert failure_kind(IgnoreRequest("max redirections reached")) == "redirect_loop"
    assert failure_kind(IgnoreRequest("offsite: x.vn is not a host of hanam")) == "offsite"
    assert failure_kind(DownloadTimeoutError("took longer than 5 seconds")) == "timeout"
    assert failure_kind(CannotResolveHostError("no such host")) == "dns"
    assert failure_kind(TxConnectionRefused()) == "connection"
    assert failure_kind(DownloadCancelledError("larger than download max size")) == "too_large"
    assert failure_kind(Exception("SSL routines: certificate has expired")) == "tls"
    assert failure_kind(UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad")) == "decode"


def test_crawl_status_ok_partial_failed():
    fine = {"thidua/outcome/listing": 3, "thidua/outcome/article": 5}
    assert crawl_status("finished", fine) == "ok"
    assert crawl_status("finished", {**fine, "thidua/outcome/failed": 1,
                                     "thidua/failure/http_404": 1}) == "ok"
    assert crawl_status("finished", {**fine, "thidua/outcome/failed": 1,
                                     "thidua/failure/timeout": 1}) == "partial"
    assert crawl_status("finished", {"thidua/outcome/failed": 4,
                                     "thidua/failure/dns": 4}) == "failed"
    assert crawl_status("shutdown", fine) == "failed"
    assert crawl_status("finished", {}) == "ok"
