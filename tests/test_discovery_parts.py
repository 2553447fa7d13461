"""Small discovery parts: site search, guessed feeds and sitemaps, moved sites, harvest lines."""

from __future__ import annotations

from types import SimpleNamespace

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
    assert urls == ["http://sonoivu.caobang.gov.vn/rss", "http://sonoivu.caobang.gov.vn/rss/",
                    "http://sonoivu.caobang.gov.vn/sitemap.php"]
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
