"""One site's discovery during a crawl: which links go to the frontier, with what.

Glue between the parts, still free of Scrapy: a page read (its kind, items,
pager and links) becomes frontier candidates with their link scores, the
source whose yield they inherit and the barren-page streak; a page read as an
article teaches its source listing whether it yields bloc news. The spider
turns released candidates into requests.

Streak: a page that yields nothing new (no unknown items) passes its
streak + 1 to its links; at THIDUA_EMPTY_PAGES_STOP its links are not
followed. That stops an incremental crawl at the known part of a listing,
and an endless calendar after a page or two.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from crawler.discovery.frontier import Candidate, SiteFrontier
from crawler.discovery.learning import Harvest, article_key
from crawler.discovery.page import Anchor
from crawler.discovery.pagekind import ARTICLE, PageKind
from crawler.discovery.scoring import Vocabulary, score_link
from crawler.sites import Site
from crawler.spiders.links import canonical


@dataclass(frozen=True)
class DiscoverySettings:
    """The crawl's discovery settings (THIDUA_* in crawler/settings.py)."""

    budget: int = 5000
    floor: float = 0.35
    explore: int = 6
    window: int = 8
    empty_stop: int = 2
    max_listing_pages: int = 500
    walk_all: bool = False      # full or resumed crawl: every item counts as new


@dataclass(frozen=True)
class Offer:
    """One link as the page shows it."""

    url: str
    text: str = ""
    heading: str = ""
    menu: bool = False


class SiteDiscovery:
    """A site's frontier, harvest and link bookkeeping for one run.

    Args:
        site: the registry entry.
        settings: discovery settings.
        vocabulary: the bloc vocabulary and score weights.
        is_new: whether a URL is unknown to the archive (memoised by the caller).
        known_bloc: bloc articles of the site already archived (a site known to
            publish bloc news is not explored below the floor).
    """

    def __init__(self, site: Site, settings: DiscoverySettings, vocabulary: Vocabulary,
                 is_new: Callable[[str], bool], known_bloc: int = 0) -> None:
        self.site, self.settings, self.vocabulary, self.is_new = (site, settings, vocabulary,
                                                                  is_new)
        self.harvest = Harvest(vocabulary.weights["unknown_yield"])
        self.frontier = SiteFrontier(settings.budget, settings.floor, settings.explore,
                                     vocabulary.weights["parent"])
        self.seen: set[str] = set()
        self.in_flight = 0
        self.capped = False
        self.known_bloc = known_bloc

    # -- what goes in ------------------------------------------------------

    def seed(self, url: str, kind: str, why: str, score: float = 1.0, **meta: object) -> bool:
        """Queue a page the crawl starts from (start page, search, sitemap, feed, probe)."""
        key = canonical(url)
        if key in self.seen or not self.site.allows(url):
            return False
        self.seen.add(key)
        self.frontier.push(key, Candidate(url, kind, fixed=score, why=why, meta=dict(meta)),
                           self.harvest.yield_of)
        return True

    def offer(self, link: Offer, source: str | None, streak: int, found_on: str,
              pager: bool = False) -> bool:
        """Queue a link unless it is off the site or a known article; upgrade it if queued."""
        key = canonical(link.url)
        seen = key in self.seen
        if not seen and not self.site.allows(link.url):
            return False
        if not seen:
            self.seen.add(key)
            if not self.settings.walk_all and not self.is_new(link.url):
                return False
        score = score_link(link.text, link.heading, link.menu, link.url, self._hint(link.url),
                           self.vocabulary)
        why = ", ".join(score.reasons) or "no bloc words"
        candidate = Candidate(link.url, "page", score.topic, source, streak=streak,
                              why=f"{why}; from {found_on}",
                              meta={"series": source} if pager else {})
        if seen:
            return self.frontier.upgrade(key, candidate, self.harvest.yield_of)
        self.frontier.push(key, candidate, self.harvest.yield_of)
        return True

    def _hint(self, url: str) -> str | None:
        if self.site.article_pattern.search(url):
            return "article"
        return "listing" if self.site.listing_pattern.search(url) else None

    # -- what a page taught -----------------------------------------------

    def read_page(self, url: str, kind: PageKind, anchors: Iterable[Anchor], *, streak: int,
                  series: str | None = None, vouched: bool = False, prior: float | None = None,
                  is_bloc: bool | None = None) -> tuple[int, int]:
        """Queue the links of a page read; (new items, the streak its links carry).

        ``series``: the listing a page reached by a pager link belongs to (its
        URL may not show it, as Liferay's page 2 does not); ``is_bloc``: the
        verdict of extraction when the page was read as an article;
        ``vouched``: a listing given by the registry, walked whatever it yields.
        """
        self.harvest.pages[kind.kind] += 1
        if kind.kind == ARTICLE:
            source, new = article_key(bool(is_bloc)), 1
            child = 0
        else:
            source = self.harvest.listing(url, series=series, vouched=vouched, prior=prior)
            new = sum(1 for item in kind.items if self.settings.walk_all or self.is_new(item))
            child = 0 if new else streak + 1
            if (self.harvest.pages["listing"] + self.harvest.pages["other"]
                    > self.settings.max_listing_pages):
                self.capped = True
                return new, child
        if child >= self.settings.empty_stop:
            return new, child
        items, pager = set(kind.items), set(kind.pager)
        for anchor in anchors:
            own = anchor.url in items or anchor.url in pager
            self.offer(Offer(anchor.url, anchor.text, anchor.heading, anchor.menu),
                       source if own else None, child, url, pager=anchor.url in pager)
        return new, child

    def read_urls(self, entries: Iterable[tuple[str, str]], found_on: str,
                  source: str | None = None) -> None:
        """Queue the (URL, title) entries of a sitemap or feed."""
        for url, title in entries:
            self.offer(Offer(url, title), source, 0, found_on)

    def observe(self, source: str | None, is_bloc: bool) -> None:
        """A page reached from ``source`` was read as an article."""
        before = self.harvest.yield_of(source)
        self.harvest.observe(source, is_bloc)
        if self.harvest.yield_of(source) > before and len(self.frontier):
            self.frontier.rescore(self.harvest.yield_of)

    # -- what comes out ----------------------------------------------------

    def release(self) -> list[tuple[Candidate, float]]:
        """The best candidates to fetch now, up to the site's window of requests in flight."""
        out = []
        barren = self.harvest.bloc + self.known_bloc == 0
        while self.in_flight < self.settings.window:
            got = self.frontier.pop(self.harvest.yield_of, barren=barren)
            if got is None:
                break
            self.in_flight += 1
            self.harvest.requests += 1
            out.append(got)
        return out

    def done(self) -> None:
        """A released request finished (response or failure)."""
        self.in_flight = max(0, self.in_flight - 1)
