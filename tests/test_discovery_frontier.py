"""The frontier, the listing yields and one site's discovery: pure parts, no crawl."""

from __future__ import annotations

from crawler.discovery.frontier import Candidate, SiteFrontier
from crawler.discovery.learning import Harvest, pager_key, series_key
from crawler.discovery.page import parse
from crawler.discovery.pagekind import classify
from crawler.discovery.scoring import load_vocabulary
from crawler.discovery.site import DiscoverySettings, SiteDiscovery
from crawler.sites import parse_sites
from tests.fixtures.pages import article_page, entries, listing_page

YIELDS = {"good": 1.0, "poor": 0.0}


def _yield(source: str | None) -> float:
    return YIELDS.get(source or "", 0.4)


def _frontier(budget: int = 100, explore: int = 0) -> SiteFrontier:
    return SiteFrontier(budget, floor=0.35, explore=explore, weight=0.35)


def _push(frontier: SiteFrontier, url: str, topic: float, source: str | None = None) -> None:
    frontier.push(url, Candidate(url, topic=topic, source=source), _yield)


def _drain(frontier: SiteFrontier, explore: bool = False) -> list[str]:
    out = []
    while (got := frontier.pop(_yield, explore=explore)) is not None:
        out.append(got[0].url)
    return out


def test_best_first_within_the_budget_and_never_below_the_floor():
    frontier = _frontier(budget=2)
    for url, topic in (("a", 0.2), ("b", 0.6), ("c", 0.4), ("d", 0.05)):
        _push(frontier, url, topic)
    assert _drain(frontier) == ["b", "c"]
    assert frontier.exhausted
    assert [c.url for c, _ in frontier.leftovers(_yield)] == ["a", "d"]


def test_a_source_found_poor_after_the_push_falls_below_the_floor():
    frontier = _frontier()
    _push(frontier, "pager", 0.12, "good")
    _push(frontier, "item", 0.3)
    YIELDS["good"] = 0.0
    try:
        assert _drain(frontier) == ["item"]
    finally:
        YIELDS["good"] = 1.0


def test_a_link_met_again_in_a_better_place_is_upgraded_once():
    frontier = _frontier()
    _push(frontier, "x", 0.1, "poor")
    assert not frontier.upgrade("x", Candidate("x", topic=0.05, source="poor"), _yield)
    assert frontier.upgrade("x", Candidate("x", topic=0.1, source="good"), _yield)
    assert _drain(frontier) == ["x"]


def test_exploring_below_the_floor_only_when_allowed_and_only_so_often():
    frontier = _frontier(explore=1)
    _push(frontier, "menu", 0.15)
    _push(frontier, "story", 0.1)
    assert _drain(frontier) == []
    assert _drain(frontier, explore=True) == ["menu"]


def test_a_listing_series_learns_from_its_entries_and_its_pager_from_bloc_like_titles():
    harvest = Harvest(unknown=0.4)
    url = "http://x.gov.vn/chinh-tri/"
    key = harvest.listing(url, hits=0)
    assert key == series_key("http://x.gov.vn/chinh-tri/?page=2")
    assert harvest.yield_of(pager_key(key)) < 0.35
    harvest.credit(url)                               # a bloc article's breadcrumb
    assert harvest.yield_of(pager_key(key)) > 0.9
    for _ in range(4):
        harvest.observe(key, is_bloc=False)
    assert harvest.yield_of(key) < 0.15
    harvest.observe(key, is_bloc=True)
    assert harvest.bloc == 1


def _site_discovery(**settings: object) -> SiteDiscovery:
    (site,) = parse_sites({"site": [{"name": "mau", "province": "Hà Nam", "family": "generic",
                                     "hosts": ["mau.gov.vn"],
                                     "start_urls": ["http://mau.gov.vn/"]}]})
    return SiteDiscovery(site, DiscoverySettings(**settings), load_vocabulary(),
                         is_new=lambda url: "cu-" not in url)


def test_a_bloc_listing_queues_its_entries_and_pager_and_a_known_listing_stops():
    disc = _site_discovery(explore=0)
    html = listing_page("Thi đua - Khen thưởng", entries(10))
    page = parse(html, "http://mau.gov.vn/thi-dua-khen-thuong")
    new, streak = disc.read_page(page.url, classify(page), page.anchors, streak=0)
    assert (new, streak) == (10, 0)
    released = [c.url for c, _ in disc.release()]
    assert len(released) == 8                          # the window
    while (more := disc.release()) or disc.in_flight:
        released += [c.url for c, _ in more]
        disc.in_flight = 0
    assert {"http://mau.gov.vn/thi-dua-khen-thuong?page=2",
            "http://mau.gov.vn/tin-tuc/bai-viet-so-10.html"} <= set(released)
    assert "http://mau.gov.vn/thu-tuc-hanh-chinh" not in released
    assert len(released) == 10 + 2 + 1                 # entries, pages 2 and 3, the menu's
    known = parse(listing_page("Thi đua - Khen thưởng", entries(10, stem="/cu-bai"), page=2),
                  "http://mau.gov.vn/thi-dua-khen-thuong?page=2")
    assert disc.read_page(known.url, classify(known), known.anchors, streak=1) == (0, 2)


def test_an_article_teaches_its_source_and_its_related_news_are_offered():
    disc = _site_discovery()
    listing = parse(listing_page("Tin tức", entries(5)), "http://mau.gov.vn/tin-tuc")
    series = disc.harvest.listing(listing.url)
    related = [*entries(1, stem="/tin/khac"),
               *entries(1, stem="/tin/cum", title="Cụm thi đua số 2 ký kết giao ước", start=2)]
    page = parse(article_page("Khối thi đua sơ kết", related=related),
                 "http://mau.gov.vn/tin-tuc/bai-viet-so-1.html")
    disc.observe(series, True)
    disc.read_page(page.url, classify(page), page.anchors, streak=0, is_bloc=True)
    assert disc.harvest.series[series].bloc == 1
    released = {c.url for c, _ in disc.release()}
    assert "http://mau.gov.vn/tin/cum-2.html" in released
    assert "http://mau.gov.vn/tin/khac-1.html" not in released   # a plain title: queued only
    assert "http://mau.gov.vn/tin/khac-1.html" in {c.url for c, _ in
                                                   disc.frontier.leftovers(disc.harvest.yield_of)}
