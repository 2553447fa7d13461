"""The portal farm over real HTTP: routing, listings, robots, feeds, faults, scale."""

from __future__ import annotations

import html
import http.client
import re
import socket
import subprocess
import sys
import tomllib
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.farm.corpus import CorpusArticle
from tests.farm.faults import is_flaky
from tests.farm.render import render_article
from tests.farm.server import PortalFarm

ROOT = Path(__file__).resolve().parents[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def fetch(farm: PortalFarm, url: str, timeout: float = 10) -> tuple[int, dict[str, str], bytes]:
    """GET ``url`` through the farm as a proxy, without following redirects."""
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({"http": farm.proxy_url}), _NoRedirect)
    try:
        with opener.open(url, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def links(url: str, body: bytes) -> list[str]:
    return [urljoin(url, html.unescape(h)) for h in re.findall(r'href="([^"#]+)"', body.decode())]


def registry(path: Path) -> dict[str, dict]:
    with open(path, "rb") as fh:
        return {s["name"]: s for s in tomllib.load(fh)["site"]}


def crawl_listings(farm: PortalFarm, site: dict, retries: int = 0) -> tuple[set[str], set[str]]:
    """Walk the site's listings from its start URLs; (listing pages, article links)."""
    listing_re = re.compile(site["listing_pattern"])
    article_re = re.compile(site["article_pattern"])
    todo, seen, articles = list(site["start_urls"]), set(), set()
    while todo:
        url = todo.pop()
        if url in seen or "date=" in url:
            continue
        seen.add(url)
        for _ in range(retries + 1):
            status, _, body = fetch(farm, url)
            if status < 500:
                break
        assert status == 200, url
        for link in links(url, body):
            if urlsplit(link).hostname not in site["hosts"]:
                continue
            if listing_re.search(link):
                todo.append(link)
            elif article_re.search(link):
                articles.add(link)
    return seen, articles


def final_url(farm: PortalFarm, url: str) -> str:
    status, headers, _ = fetch(farm, url)
    return headers["Location"] if status == 301 else url


def test_farm_routes_by_host_through_the_proxy(farm: PortalFarm) -> None:
    status, headers, body = fetch(farm, "http://hanam.gov.vn/Pages/tin-thi-dua.aspx")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"Skip Ribbon Commands" in body and b"Skip to main content" in body
    status, _, body = fetch(farm, "http://bandantoc.kontum.gov.vn/Default.aspx?tabid=140")
    assert status == 200 and b"news_id=" in body
    assert ("http://hanam.gov.vn/Pages/tin-thi-dua.aspx" in {r[1] for r in farm.requests})


def test_farm_answers_plain_requests_by_host_header(farm: PortalFarm) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", farm.port, timeout=10)
    conn.request("GET", "/robots.txt", headers={"Host": "www.baoquangbinh.vn"})
    response = conn.getresponse()
    assert response.status == 200 and b"Disallow: /tim-kiem/" in response.read()
    conn.close()


def test_unknown_host_is_refused_without_touching_the_network(farm: PortalFarm) -> None:
    assert fetch(farm, "http://example.com/")[0] == 502
    assert fetch(farm, "http://hanam.gov.vn.evil.org/Pages/tin-thi-dua.aspx")[0] == 502
    conn = http.client.HTTPConnection("127.0.0.1", farm.port, timeout=10)
    conn.request("GET", "/", headers={"Host": "example.org"})
    assert conn.getresponse().status == 404
    conn.close()


def test_header_date_line_is_today_on_aspnet_and_liferay(farm: PortalFarm) -> None:
    today = datetime.now(timezone(timedelta(hours=7))).date()
    for url, line in (("http://bandantoc.kontum.gov.vn/Default.aspx?tabid=101",
                       f"ngày {today.day} tháng {today.month} năm {today.year}"),
                      ("http://hagiang.gov.vn/web/guest/tin-tuc-su-kien",
                       f"Ngày {today.day} Tháng {today.month} Năm {today.year}")):
        assert line in fetch(farm, url)[2].decode()


def test_listing_pagination_reaches_every_article(farm: PortalFarm,
                                                  corpus: list[CorpusArticle],
                                                  farm_sites_path: Path) -> None:
    for name, site in registry(farm_sites_path).items():
        pages, found = crawl_listings(farm, site)
        reached = {final_url(farm, u) for u in found}
        mine = [a for a in corpus if a.site == name]
        missing = [a.url for a in mine if a.url not in reached]
        assert not missing, f"{name}: not reachable from its listings: {missing}"
        bloc = sum(1 for a in mine if a.category == "bloc")
        assert len([p for p in pages if "tin-tuc" not in p]) >= -(-bloc // 4)


def test_every_article_page_shows_its_corpus_text(farm: PortalFarm,
                                                  corpus: list[CorpusArticle]) -> None:
    for article in corpus:
        status, headers, body = fetch(farm, article.url)
        if status == 500:       # the always-on retry fault, first request of the session
            status, headers, body = fetch(farm, article.url)
        assert status == 200, article.url
        page = html.unescape(body.decode("utf-8"))
        assert re.search(r'<meta[^>]+charset=["\']?utf-8', page, re.IGNORECASE)
        assert f"<title>{article.title}</title>" in re.sub(r"<title>\s+", "<title>",
                                                           re.sub(r"\s+</title>", "</title>", page))
        for text in [article.date_line, *article.paragraphs, *article.data.get("captions", [])]:
            assert text in page, (article.url, text[:60])


def test_newspaper_declares_publication_time_consistent_with_date_line(
        corpus: list[CorpusArticle]) -> None:
    papers = [a for a in corpus if a.site == "baoquangbinh"]
    assert papers
    for article in papers:
        _, page = render_article(article)
        stamp = re.search(r'article:published_time" content="([^"]+)"', page).group(1)
        assert stamp.startswith(article.day.isoformat())
        if article.time:
            assert stamp == f"{article.day.isoformat()}T{article.time}:00+07:00"
        assert "(QBĐT) - " in page
    others = [a for a in corpus if a.site != "baoquangbinh"]
    assert all("article:published_time" not in render_article(a)[1] for a in others)


def test_render_article_matches_the_served_url(corpus: list[CorpusArticle]) -> None:
    for article in corpus:
        url, page = render_article(article)
        assert url == article.url and url.startswith("http://")
        assert html.escape(article.title) in page


def test_robots_disallows_a_path_that_a_listing_links_to(farm: PortalFarm,
                                                         farm_sites_path: Path) -> None:
    for site in registry(farm_sites_path).values():
        host = site["hosts"][0]
        robots = fetch(farm, f"http://{host}/robots.txt")[2].decode()
        disallowed = re.findall(r"^Disallow: (\S+)", robots, re.MULTILINE)
        assert disallowed, host
        start = site["start_urls"][0]
        linked = [u for u in links(start, fetch(farm, start)[2])
                  if any(urlsplit(u).path.startswith(d) for d in disallowed)]
        assert linked, f"no listing link into a disallowed path on {host}"


def test_disallowed_requests_are_recorded(make_farm) -> None:
    private = make_farm()
    fetch(private, "http://hanam.gov.vn/Pages/tin-thi-dua.aspx")
    assert private.disallowed_requests() == []
    fetch(private, "http://hanam.gov.vn/Search/Pages/Results.aspx?k=thi%20dua")
    assert [r[1] for r in private.disallowed_requests()] == [
        "http://hanam.gov.vn/Search/Pages/Results.aspx?k=thi%20dua"]


def test_sitemap_in_robots_lists_every_baoquangbinh_article(farm: PortalFarm,
                                                            corpus: list[CorpusArticle]) -> None:
    robots = fetch(farm, "http://baoquangbinh.vn/robots.txt")[2].decode()
    sitemap = re.search(r"^Sitemap: (\S+)", robots, re.MULTILINE).group(1)
    status, headers, body = fetch(farm, sitemap)
    assert status == 200 and "xml" in headers["Content-Type"]
    locs = set(re.findall(r"<loc>([^<]+)</loc>", body.decode()))
    expected = {a.url for a in corpus if a.site == "baoquangbinh"}
    assert expected and locs == {html.escape(u) for u in expected}


def test_rss_feed_lists_kontum_articles(farm: PortalFarm, corpus: list[CorpusArticle]) -> None:
    status, _, body = fetch(farm, "http://bandantoc.kontum.gov.vn/RSS.aspx")
    assert status == 200 and body.startswith(b"<?xml")
    items = [html.unescape(u) for u in re.findall(r"<link>([^<]+)</link>", body.decode())[1:]]
    mine = {a.url for a in corpus if a.site == "kontum-bdt"}
    assert mine and len(items) == min(len(mine), 30) and set(items) <= mine


def test_always_on_faults_behave_as_documented(make_farm) -> None:
    private = make_farm()
    urls = private.fault_urls
    retry = urls["retry_500"][0]
    assert fetch(private, retry)[0] == 500
    assert fetch(private, retry)[0] == 200
    dead = urls["dead_link"][0]
    assert fetch(private, dead)[0] == 404
    old, target = urls["redirect"][0], urls["redirect_target"][0]
    status, headers, _ = fetch(private, old)
    assert status == 301 and headers["Location"] == target
    status, headers, body = fetch(private, urls["wrong_charset"][0])
    assert status == 200 and "iso-8859-1" in headers["Content-Type"]
    text = body.decode("utf-8")                      # strict: the body really is UTF-8
    assert any(ord(c) > 255 for c in text) and text not in body.decode("iso-8859-1")
    assert b'charset="utf-8"' in body.lower() or b"charset=utf-8" in body.lower()
    listing_links = set()
    for site in ("hanam",):
        start = f"http://{site}.gov.vn/Pages/tin-thi-dua.aspx"
        listing_links |= set(links(start, fetch(private, start)[2]))
    assert dead in listing_links and old in listing_links and target not in listing_links


def test_fault_mode_first_responses_fail_for_about_five_percent_of_urls() -> None:
    sample = [f"http://hanam.gov.vn/Pages/bai-{n}.aspx" for n in range(4000)]
    share = sum(map(is_flaky, sample)) / len(sample)
    assert 0.03 < share < 0.07
    assert [is_flaky(u) for u in sample[:200]] == [is_flaky(u) for u in sample[:200]]


def test_fault_mode_flaky_url_fails_once_then_serves(make_farm) -> None:
    private = make_farm(faults=True, scale=200)
    flaky = [u for u in (private.catalog.synthetic(i).url for i in range(200)) if is_flaky(u)]
    assert flaky
    for url in flaky[:3]:
        assert 500 <= fetch(private, url)[0] <= 504
        assert fetch(private, url)[0] == 200


def test_fault_mode_traps_behave_as_documented(make_farm) -> None:
    private = make_farm(faults=True, slow_delay=1.5)
    urls = private.fault_urls

    def first(kind: str) -> tuple[int, dict[str, str], bytes]:
        status = fetch(private, urls[kind][0])
        return status if status[0] < 500 or kind == "server_error" else fetch(
            private, urls[kind][0])

    with pytest.raises((TimeoutError, socket.timeout, urllib.error.URLError)):
        fetch(private, urls["slow"][0], timeout=0.5)
    with pytest.raises(http.client.IncompleteRead):
        first("truncated")
    status, headers, body = first("huge")
    assert status == 200 and len(body) >= 10 * 1024 * 1024
    status, headers, body = first("binary")
    assert headers["Content-Type"] == "text/html" and body.startswith(b"\x89PNG\r\n\x1a\n")
    a, b = urls["redirect_loop"]
    assert first("redirect_loop")[1]["Location"] in (a, b)
    assert fetch(private, b)[1].get("Location", a) in (a, b)
    assert fetch(private, urls["server_error"][0])[0] == 503
    assert fetch(private, urls["server_error"][0])[0] == 503


def test_fault_mode_calendar_trap_never_ends(make_farm) -> None:
    private = make_farm(faults=True)
    start = "http://hanam.gov.vn/Pages/tin-thi-dua.aspx"
    body = fetch(private, start)[2]
    if b"date=" not in body:                       # flaky first answer
        body = fetch(private, start)[2]
    url = next(u for u in links(start, body) if "date=" in u)
    days = []
    for _ in range(6):
        status, _, body = fetch(private, url)
        if status >= 500:
            status, _, body = fetch(private, url)
        assert status == 200
        days.append(url.rsplit("=", 1)[1])
        url = next(u for u in links(url, body) if "date=" in u and u.rsplit("=", 1)[1] < days[-1])
    assert len(set(days)) == 6 and days == sorted(days, reverse=True)


def test_fault_mode_keeps_every_bloc_article_reachable(make_farm, corpus,
                                                       farm_sites_path: Path) -> None:
    private = make_farm(faults=True)
    for name, site in registry(farm_sites_path).items():
        _, found = crawl_listings(private, site, retries=2)
        reached = set()
        for url in found:
            for _ in range(3):
                try:
                    status, headers, _ = fetch(private, url, timeout=0.5)
                except (TimeoutError, urllib.error.URLError, http.client.HTTPException):
                    break
                if status < 500:
                    reached.add(headers["Location"] if status == 301 else url)
                    break
        wanted = {a.url for a in corpus if a.site == name and a.category == "bloc"}
        assert wanted <= reached, name


def test_publish_new_puts_articles_at_the_top_of_the_bloc_listing(make_farm) -> None:
    private = make_farm()
    new = private.publish_new("baoquangbinh", 2)
    assert len(new) == 2 and len(private.published) == 2
    start = "http://baoquangbinh.vn/thi-dua-khen-thuong/"
    listed = [u for u in links(start, fetch(private, start)[2]) if re.search(r"-\d+/$", u)]
    assert listed[:2] == new[::-1]
    for article in private.published:
        status, _, body = fetch(private, article.url)
        assert status == 200 and html.escape(article.title).encode() in body
        assert article.is_bloc_news and article.expected
    sitemap = fetch(private, "http://baoquangbinh.vn/sitemap.xml")[2].decode()
    assert all(html.escape(u) in sitemap for u in new)


def test_publish_new_articles_are_unique_and_derivable(make_farm) -> None:
    private = make_farm()
    private.publish_new("hagiang", 3)
    texts = {a.data["body"] for a in private.published}
    assert len(texts) == 3
    for article in private.published:
        published = article.expected.get("published")
        if published:
            assert published[:4] == str(article.day.year)


def test_scale_serves_n_synthetic_pages(make_farm, farm_sites_path: Path) -> None:
    private = make_farm(scale=40)
    synthetic = set()
    for site in registry(farm_sites_path).values():
        _, found = crawl_listings(private, site)
        synthetic |= {u for u in found if re.search(r"7\d{5}", u)}
    assert len(synthetic) == 40
    for url in sorted(synthetic)[:8]:
        assert fetch(private, url)[0] == 200


def test_registry_patterns_match_the_served_url_shapes(corpus: list[CorpusArticle],
                                                       farm_sites_path: Path,
                                                       farm: PortalFarm) -> None:
    sites = registry(farm_sites_path)
    assert set(sites) == {"hanam", "kontum-bdt", "baoquangbinh", "songoaivu-ninhthuan",
                          "hagiang", "sonoivu-binhdinh"}
    for article in corpus:
        site = sites[article.site]
        assert re.search(site["article_pattern"], article.url), article.url
        assert not re.search(site["listing_pattern"], article.url), article.url
    for site in sites.values():
        for start in site["start_urls"]:
            assert re.search(site["listing_pattern"], start)
            assert not re.search(site["article_pattern"], start)
    for url in farm.fault_urls["redirect"]:
        site = next(s for s in sites.values() if urlsplit(url).hostname in s["hosts"])
        assert re.search(site["article_pattern"], url)


def test_command_line_rejects_bad_options_in_one_line() -> None:
    run = subprocess.run([sys.executable, "-m", "tests.farm", "--scale", "-1"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr and "--scale must be >= 0" in run.stderr
