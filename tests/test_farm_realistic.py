"""The realistic farm portals serve what they promise (tests/farm/realistic/, issue 9).

Most checks walk the portals in-process (`RealisticFarm.handle`, the same code
the proxy calls); the last ones go through the farm's real HTTP proxy.
"""

from __future__ import annotations

import html
import re
import urllib.error
import urllib.request
from collections import deque
from functools import cache
from urllib.parse import urljoin, urlsplit

import pytest

from crawler.sites import load_sites, site_for_url
from tests.farm.realistic.farm import REGISTRY, RealisticFarm

HREF = re.compile(r'<a href="([^"]+)"')
BLOC_QUERIES = ("khối thi đua", "cụm thi đua", "giao ước thi đua")


@cache
def realistic() -> RealisticFarm:
    return RealisticFarm()


def fetch(url: str) -> tuple[int, str, dict[str, str]]:
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    answer = realistic().handle(parts.hostname, target)
    assert answer is not None, url
    return answer.status, answer.body.decode("utf-8"), answer.headers


def links(url: str, body: str) -> list[str]:
    return [urljoin(url, html.unescape(h)) for h in HREF.findall(body)]


def home(name: str) -> str:
    """The home page URL after same-host redirects, as a browser lands on it."""
    url = realistic().portal(name).base_url + "/"
    status, _, headers = fetch(url)
    return headers["Location"] if status == 302 else url


@cache
def crawl_all() -> tuple[dict[str, int], dict[str, set[str]]]:
    """Breadth-first walk from every registry home page: status and depth by URL, links."""
    sites = load_sites(REGISTRY)
    depth: dict[str, int] = {}
    out: dict[str, set[str]] = {}
    queue = deque((s.start_urls[0], 0) for s in sites)
    while queue:
        url, d = queue.popleft()
        if url in depth:
            continue
        status, body, headers = fetch(url)
        depth[url] = d if status == 200 else -status
        if status in (301, 302):
            queue.append((headers["Location"], d))
        if status != 200:
            continue
        out[url] = {u.split("#")[0] for u in links(url, body)}
        queue.extend((u, d + 1) for u in out[url] if any(s.allows(u) for s in sites))
    return depth, out


def test_the_registry_gives_each_portal_its_home_page_only():
    sites = {s.name: s for s in load_sites(REGISTRY)}
    assert set(sites) == set(realistic().registry_sites())
    assert len(sites) >= 8
    for site in sites.values():
        assert site.start_urls == (realistic().portal(site.name).base_url + "/",)
        assert not (site.sitemaps or site.feeds or site.search_urls)
    assert sum(s.family == "generic" for s in sites.values()) > len(sites) / 2
    assert sites["haiduong"].owns_host("sonoivu.haiduong.gov.vn")


def test_every_page_is_reachable_from_a_home_page_and_no_link_is_dead():
    depth, _ = crawl_all()
    reached = {realistic().page_key(u) for u, d in depth.items() if d >= 0}
    assert {realistic().page_key(u) for u in realistic().page_urls()} <= reached
    assert [u for u, d in depth.items() if d < 0 and d not in (-301, -302)] == []


def test_portals_are_big_and_bloc_news_is_deep():
    depth, _ = crawl_all()
    for name, site in realistic().sites.items():
        assert len(site.page_paths()) >= (150 if site.spec.bloc else 100), name
    bloc = realistic().bloc_articles()
    assert len(bloc) >= 80
    depths = {realistic().page_key(u): d for u, d in depth.items()}
    assert min(depths[realistic().page_key(t.url)] for t in bloc) >= 2
    positions = [cat.items.index(item) // 10 + 1 for site in realistic().sites.values()
                 for item in site.content.bloc()
                 for cat in [site.content.categories[item.home]]]
    assert sum(p >= 3 for p in positions) >= len(positions) // 4


def test_a_home_page_menu_leads_to_the_thi_dua_category_its_pager_and_articles():
    url = home("sonoivu-backan")
    _, body, _ = fetch(url)
    category = next(u for u in links(url, body) if "/tin-hoat-dong-cum-khoi-thi-dua-" in u)
    status, page1, _ = fetch(category)
    assert status == 200 and "Tin hoạt động cụm, khối thi đua" in page1
    page2 = next(u for u in links(category, page1) if u.endswith("?PageIndex=2"))
    status, body2, _ = fetch(page2)
    assert status == 200
    bloc = {t.url for t in realistic().bloc_articles({"sonoivu-backan"})}
    assert {u for u in links(category, page1) + links(page2, body2) if u in bloc} == bloc


def test_related_lists_reach_only_newer_stories():
    site = realistic().sites["thainguyen"]
    for item in site.content.bloc():
        _, body, _ = fetch(site.url(site.shape.article(item)))
        related = [realistic().resolve(u) for u in links(site.url("/"), body.split("Tin khác")[-1])]
        related = [r for r in related if r is not None and r.kind != "static"]
        assert all(r.when >= item.when for r in related), item.title


def test_site_search_answers_the_bloc_vocabulary_with_paged_results():
    searchable = [s for s in realistic().sites.values() if s.spec.search]
    assert len(searchable) >= 4
    for site in searchable:
        found = set()
        for query in BLOC_QUERIES:
            url = site.url(site.shape.search(query))
            status, body, _ = fetch(url)
            assert status == 200, url
            found |= {u for u in links(url, body)
                      if (i := realistic().resolve(u)) is not None and i.is_bloc}
        assert found, site.spec.name
    site = realistic().sites["sonoivu-backan"]
    _, body, _ = fetch(site.url(site.shape.search("thi đua")))
    second = site.url(site.shape.search("thi đua", 2))
    assert second in links(site.url("/"), body)
    assert fetch(second)[0] == 200


def test_login_links_point_into_paths_robots_txt_disallows():
    with_login = [s for s in realistic().sites.values() if s.shape.login]
    assert len(with_login) >= 3
    for site in with_login:
        url = home(site.spec.name)
        assert site.url(site.shape.login) in links(url, fetch(url)[1])
        robots = fetch(site.url("/robots.txt"))[1]
        assert any(f"Disallow: {p}" in robots and site.shape.login.startswith(p)
                   for p in site.shape.disallow)


@pytest.mark.slow
def test_our_extractor_reads_the_bloc_news_and_the_near_misses_as_the_truth_says():
    """So recall on these portals measures discovery, not extraction."""
    from crawler.extract.article import extract_article

    sites = load_sites(REGISTRY)
    wrong = []
    for site in realistic().sites.values():
        for item in site.content.items.values():
            if item.kind not in ("bloc", "near"):
                continue
            url = site.url(site.shape.article(item))
            record = extract_article(fetch(url)[1], url, "2026-01-15T10:00:00+07:00",
                                     site_for_url(sites, url))
            if bool(record.is_bloc_news) != item.is_bloc:
                wrong.append(f"{url}: {item.kind}")
    assert wrong == []


def test_a_moved_portal_redirects_its_home_page_to_another_host():
    status, _, headers = fetch("http://binhphuoc.gov.vn/")
    assert status == 301 and urlsplit(headers["Location"]).hostname == "dongnai.gov.vn"


def test_a_department_site_on_a_subdomain_is_linked_from_its_portal():
    url = home("haiduong")
    _, body, _ = fetch(url)
    assert "http://sonoivu.haiduong.gov.vn/" in links(url, body)
    sites = load_sites(REGISTRY)
    bloc = realistic().bloc_articles({"haiduong"})
    assert {site_for_url(sites, t.url).name for t in bloc} == {"haiduong"}
    assert {urlsplit(t.url).hostname for t in bloc} == {"haiduong.gov.vn",
                                                        "sonoivu.haiduong.gov.vn"}


def test_feeds_and_sitemaps_are_where_the_portals_put_them():
    url = home("sonoivu-caobang")
    _, body, _ = fetch(url)
    feeds = re.findall(r'<link rel="alternate" type="application/rss\+xml" title="[^"]*" '
                       r'href="([^"]+)"', body)
    assert "/vi/news/rss/thi-dua-khen-thuong/" in feeds
    status, rss, _ = fetch(urljoin(url, "/vi/news/rss/thi-dua-khen-thuong/"))
    assert status == 200 and "<rss" in rss
    items = re.findall(r"<link>([^<]+)</link>", rss)[1:]
    assert items and all(realistic().resolve(u) is not None for u in items)
    _, robots, _ = fetch("http://baoninhthuan.com.vn/robots.txt")
    assert "Sitemap: http://baoninhthuan.com.vn/sitemap.xml" in robots
    status, sitemap, _ = fetch("http://dongnai.gov.vn/sitemap.xml")
    assert status == 200
    assert sitemap.count("<loc>") == len(realistic().sites["dongnai"].content.items)


def test_url_styles_break_the_family_patterns_both_ways():
    """Articles no article pattern matches, listings that look like articles."""
    sites = load_sites(REGISTRY)
    bloc = realistic().bloc_articles()
    unmatched = [t.url for t in bloc if not site_for_url(sites, t.url).is_article(t.url)]
    # The families learnt the real nested SharePoint and "-a<id>" shapes (issue 9);
    # a good share of the bloc articles still matches no article pattern.
    assert len(unmatched) >= len(bloc) // 6
    lookalike = [u for u in realistic().page_urls()
                 if realistic().resolve(u) is None and site_for_url(sites, u).is_article(u)]
    assert len(lookalike) >= 20


@pytest.mark.parametrize("url, expected", [
    ("http://quangnam.gov.vn/webcenter/portal/ubnd", 200),
    ("http://thainguyen.gov.vn/", 200),
    ("http://hanam.gov.vn/", 200),
    ("http://sonoivu.backan.gov.vn/", 302),
    ("http://nowhere.gov.vn/", 502),
])
def test_the_farm_proxy_serves_realistic_and_old_portals_side_by_side(farm, url, expected):
    class Stay(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": farm.proxy_url}),
                                         Stay)
    try:
        status = opener.open(url, timeout=10).status
    except urllib.error.HTTPError as exc:
        status = exc.code
    assert status == expected
