"""Small discovery parts: site search, guessed feeds and sitemaps, moved sites, harvest lines."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from crawler.discovery.page import alternate_feeds, parse
from crawler.discovery.probes import probe_urls, sniff
from crawler.discovery.report import harvest, harvest_line
from crawler.discovery.scoring import load_vocabulary
from crawler.discovery.sitesearch import home_url, is_home_url, search_requests
from crawler.sites import parse_sites
from crawler.spiders.links import feed_entries
from crawler.spiders.moved import moved_to


def _site(**entry: object):
    base = {"name": "mau", "province": "Cao Bằng", "family": "nukeviet",
            "hosts": ["sonoivu.caobang.gov.vn"], "start_urls": ["http://sonoivu.caobang.gov.vn/"]}
    (site,) = parse_sites({"site": [{**base, **entry}]})
    return site


def test_site_search_asks_the_family_template_for_each_query_on_the_site():
    site = _site()
    urls = search_requests(site, load_vocabulary().queries)
    assert [q for _, q in urls] == ["khối thi đua", "cụm thi đua", "giao ước thi đua"]
    assert urls[0][0] == ("http://sonoivu.caobang.gov.vn/index.php?language=vi&nv=seek"
                          "&q=kh%E1%BB%91i+thi+%C4%91ua")
    assert search_requests(_site(family="generic"), ("khối thi đua",)) == []
    assert home_url(site) == "http://sonoivu.caobang.gov.vn/"
    assert is_home_url("http://x.gov.vn/Pages/default.aspx") and not is_home_url(
        "http://x.gov.vn/?page=2")


def test_usual_feed_and_sitemap_places_and_what_their_answer_is():
    site = _site(sitemaps=["http://sonoivu.caobang.gov.vn/sitemap.xml"])
    urls = probe_urls(site, home_url(site), load_vocabulary().probes)
    assert urls == ["http://sonoivu.caobang.gov.vn/rss", "http://sonoivu.caobang.gov.vn/rss/"]
    assert sniff(b'<?xml version="1.0"?><urlset xmlns="x"><url/></urlset>') == "sitemap"
    assert sniff(b"<rss version='2.0'><channel/></rss>") == "feed"
    assert sniff(b"\x1f\x8b\x08") == "sitemap"
    assert sniff(b"<html><body>Trang chu</body></html>") is None


def test_feeds_a_page_announces_and_feed_titles():
    page = parse("<html><head><link rel='alternate' type='application/rss+xml' "
                 "href='/vi/news/rss/thi-dua/'></head><body></body></html>",
                 "http://sonoivu.caobang.gov.vn/vi/")
    assert alternate_feeds(page.tree, page.url) == [
        "http://sonoivu.caobang.gov.vn/vi/news/rss/thi-dua/"]
    rss = ("<rss><channel><item><title>Cụm thi đua  số 2</title><link>http://a.vn/1</link>"
           "</item></channel></rss>").encode()
    assert feed_entries(rss) == [("http://a.vn/1", "Cụm thi đua số 2")]


def test_a_start_page_redirected_off_its_hosts_is_moved():
    site = _site(hosts=["binhphuoc.gov.vn"], start_urls=["http://binhphuoc.gov.vn/"])
    moved = SimpleNamespace(url="http://dongnai.gov.vn/", meta={
        "start": True, "redirect_urls": ["http://binhphuoc.gov.vn/"]})
    assert moved_to(moved, "offsite", site) == "http://dongnai.gov.vn/"
    assert moved_to(moved, "http_404", site) is None
    link = SimpleNamespace(url="http://dongnai.gov.vn/", meta={"redirect_urls": ["x"]})
    assert moved_to(link, "offsite", site) is None          # not a start page


def test_the_harvest_of_a_site_from_the_crawl_stats():
    stats = {"thidua/harvest/hanam/requests": 40, "thidua/harvest/hanam/bloc": 10,
             "thidua/harvest/hanam/budget": 200, "thidua/harvest/hanam/pages/article": 10,
             "thidua/harvest/hanam/pages/listing": 6, "thidua/moved/binhphuoc":
             "http://dongnai.gov.vn/", "downloader/request_count": 99}
    report = harvest(stats)
    assert report["hanam"]["requests_per_bloc"] == 4.0
    assert report["hanam"]["budget_used"] == 0.2
    assert harvest_line("hanam", report["hanam"]) == (
        "hanam: 40 requests, budget 200 (20% used); pages: 10 article, 6 listing; "
        "10 bloc articles, 4.0 requests each")
    assert harvest_line("binhphuoc", report["binhphuoc"]).startswith(
        "binhphuoc: moved: its start page redirects off the site to http://dongnai.gov.vn/")


# Real URL shapes of each platform (seen on real portals through stored pages).
REAL_ARTICLES = [
    ("sharepoint", "https://sonoivu.backan.gov.vn/Pages/thong-tin-hoat-dong-387/tin-tuc-417/"
                   "hoi-nghi-ky-ket-giao-uoc-thi-dua-khe-1bdc6d0a338797d4.aspx"),
    ("sharepoint", "https://haiduong.gov.vn/2024/Trang/ky-giao-uoc-thi-dua.aspx"),
    ("sharepoint", "https://pbgdpl.moj.gov.vn/qt/tintuc/pages/trao-doi-kinh-nghiem.aspx?ItemID=135"),
    ("liferay", "https://thainguyen.gov.vn/thi-dua-yeu-nuoc/-/asset_publisher/L0n17VJXU23O/"
                "content/khoi-thi-ua-hiep-hoi?redirect=%2Fthi-dua-yeu-nuoc"),
    ("liferay", "https://sovhttdl.quangngai.gov.vn/web/so-van-hoa-the-thao-va-du-lich/xem-chi-tiet/"
                "-/asset_publisher/Content/khoi-thi-ua-van-hoa-xa-hoi?17007863"),
    ("nukeviet", "https://hoinhabao.thainguyen.gov.vn/vi/news/savefile/chinh-tri-thoi-su/"
                 "thanh-lap-cac-cum-thi-dua-uy-ban-mttq-tinh-thai-nguyen-4198.html"),
    ("nukeviet", "https://dbnd.hagiang.gov.vn/index.php?nv=news&op=VAN-PHONG-DOAN-DBQH-HDND/"
                 "Hoi-nghi-ky-ket-giao-uoc-thi-dua-giua-cac-so-nganh-tong-hop-nam-2018-3317"),
    ("webcenter", "https://quangnam.gov.vn/webcenter/portal/ubnd/pages_tin-tuc/chi-tiet"
                  "?dDocName=PORTAL512708"),
    ("newspaper", "https://baotayninh.vn/ky-ket-giao-uoc-thi-dua-khoi-doanh-nghiep-a60817.html"),
    ("newspaper", "http://baothanhhoa.vn/doi-song-xa-hoi/cum-thi-dua-so-11-tong-ket/112434.htm"),
    ("newspaper", "http://baoninhthuan.com.vn/news/100749p24c32/hoi-nghi-so-ket.htm"),
    ("newspaper", "https://baokhanhhoa.vn/chinh-tri/202003/khoi-thi-dua-cac-co-quan-8153702/"),
    ("newspaper", "http://xua.bacninhtv.vn/tin-tuc-n18892/khoi-cac-co-quan-noi-chinh.html"),
    ("generic", "https://snv.kiengiang.gov.vn/trang/TinTuc/18/1969/Hop-Tong-ket-Khoi-thi-dua.html"),
    ("generic", "https://kienan.haiphong.gov.vn/tin-tuc-su-kien/cum-thi-dua-cac-phuong-676275"),
]


@pytest.mark.parametrize(("family", "url"), REAL_ARTICLES)
def test_each_family_hints_at_its_platforms_real_article_urls(family, url):
    site = _site(family=family, hosts=[url.split("/")[2]], start_urls=[url])
    assert site.article_pattern.search(url)


@pytest.mark.parametrize(("family", "url"), [
    ("liferay", "https://hagiang.gov.vn/web/guest/tin?p_p_id=101_INSTANCE_Ab&_101_INSTANCE_Ab_cur=3"),
    ("newspaper", "https://baotayninh.vn/xa-hoi/?page=21"),
    ("nukeviet", "https://sonoivu.caobang.gov.vn/vi/news/thi-dua-khen-thuong/page-3/"),
    ("dnn", "https://dongnai.gov.vn/Tin-tuc/tabid/87/currentpage/2/Default.aspx"),
    ("webcenter", "https://quangnam.gov.vn/webcenter/portal/ubnd/pages_tin-tuc?pageNo=2"),
])
def test_each_family_hints_at_its_platforms_listing_pages(family, url):
    site = _site(family=family, hosts=[url.split("/")[2]], start_urls=[url])
    assert site.listing_pattern.search(url) and not site.article_pattern.search(url)
