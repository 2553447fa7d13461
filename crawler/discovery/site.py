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

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from crawler.discovery.frontier import Candidate, SiteFrontier
from crawler.discovery.learning import Harvest, article_key, pager_key, series_key
from crawler.discovery.page import Anchor
from crawler.discovery.pagekind import ARTICLE, PageKind
from crawler.discovery.scoring import Vocabulary, folded, score_link
from crawler.discovery.sitesearch import is_home_url
from crawler.sites import Site
from crawler.spiders.links import Link, canonical, is_next_page
from crawler.urls import host_of

BLOCISH = 0.6   # topic of a title that counts as a bloc-like entry of a listing
SUBSITE = 0.8   # score of the home page of a department site in the site's domains
RESCORE_STEP = 0.05   # a source's yield rise that re-scores its queued links


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
        known_bloc: bloc articles of the site already archived (an incremental
            crawl of a site known to publish bloc news explores nothing below
            the floor).
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
        self.probed = False      # the usual feed and sitemap places queued
        self._scored_at: dict[str, float] = {}   # a source's yield when its links were scored
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
              meta: dict | None = None) -> bool:
        """Queue a link unless it is off the site or a known article; upgrade it if queued."""
        key = canonical(link.url)
        seen = key in self.seen
        if seen and key not in self.frontier:      # fetched, known or refused already
            return False
        if not seen:
            self.seen.add(key)
            if not self.site.allows(link.url):
                return False
            if not self.settings.walk_all and not self.is_new(link.url):
                return False
            if host_of(link.url) != host_of(found_on) and is_home_url(link.url):
                # The home page of another host in scope: a department site of the
                # province (``domains``), a hub of its own.
                self.frontier.push(key, Candidate(link.url, fixed=SUBSITE, why=(
                    f"home page of {host_of(link.url)}, in the site's domains; "
                    f"from {found_on}")), self.harvest.yield_of)
                return True
        score = score_link(link.text, link.heading, link.menu, link.url, self._hint(link.url),
                           self.vocabulary)
        why = ", ".join(score.reasons) or "no bloc words"
        candidate = Candidate(link.url, "page", score.topic, source, streak=streak,
                              why=f"{why}; from {found_on}", meta=meta or {})
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
        anchors = list(anchors)
        self.harvest.pages[kind.kind] += 1
        items, pager = set(kind.items), set(kind.pager)
        blocish = {a.url for a in anchors if a.url in items and self._blocish(a.text)}
        credited: dict[str, str] = {}
        if kind.kind == ARTICLE:
            source, new, child = article_key(bool(is_bloc)), 1, 0
            if is_bloc:     # the sections bloc news says it is in are worth walking
                crumbs = [a.url for a in anchors if a.crumb and not is_home_url(a.url)]
                before = {pager_key(series_key(u)): self.harvest.yield_of(
                    pager_key(series_key(u))) for u in crumbs}
                credited = {u: self.harvest.credit(u) for u in crumbs}
                self._rescore(before.items())
        else:
            source = self.harvest.listing(url, series=series, vouched=vouched, prior=prior,
                                          hits=len(blocish))
            new = sum(1 for item in items if self.settings.walk_all or self.is_new(item))
            child = 0 if new else streak + 1
            if (self.harvest.pages["listing"] + self.harvest.pages["other"]
                    > self.settings.max_listing_pages):
                self.capped = True
                return new, child
        if child >= self.settings.empty_stop:
            return new, child
        if child and kind.kind != ARTICLE:
            # Nothing new here: walk on one page at a time, not to every number shown.
            pager = {a.url for a in anchors
                     if a.url in pager and is_next_page(url, Link(a.url, a.text, a.rel))}
        for anchor in anchors:
            if anchor.url in credited:
                link_source, meta = pager_key(credited[anchor.url]), {}
            elif anchor.url in pager and kind.kind != ARTICLE:
                link_source, meta = pager_key(source), {"series": source}
            elif anchor.url in items:
                link_source = source
                meta = {"counted": True} if anchor.url in blocish else {}
            else:
                link_source, meta = None, {}
            self.offer(Offer(anchor.url, anchor.text, anchor.heading, anchor.menu),
                       link_source, child, url, meta)
        return new, child

    def _blocish(self, text: str) -> bool:
        """A title that carries the bloc vocabulary ("thi đua" or stronger)."""
        return self.vocabulary.topic(folded(text))[0] >= BLOCISH

    def read_urls(self, entries: Iterable[tuple[str, str]], found_on: str,
                  source: str | None = None) -> None:
        """Queue the (URL, title) entries of a sitemap or feed."""
        for url, title in entries:
            self.offer(Offer(url, title), source, 0, found_on)

    def observe(self, source: str | None, is_bloc: bool, counted: bool = False) -> None:
        """A page reached from ``source`` was read as an article."""
        keys = () if source is None else (source, pager_key(source))
        before = [self.harvest.yield_of(k) for k in keys]
        self.harvest.observe(source, is_bloc, counted)
        self._rescore(zip(keys, before, strict=True))

    def _rescore(self, changes: Iterable[tuple[str, float]]) -> None:
        """Redo the scores of the queued links of sources whose yield rose by RESCORE_STEP."""
        rose = []
        for source, before in changes:
            now, base = self.harvest.yield_of(source), self._scored_at.get(source, before)
            if now >= base + RESCORE_STEP:
                self._scored_at[source] = now
                rose.append(source)
        if rose and len(self.frontier):
            self.frontier.rescore(self.harvest.yield_of, tuple(rose))

    # -- what comes out ----------------------------------------------------

    def release(self) -> list[tuple[Candidate, float]]:
        """The best candidates to fetch now, up to the site's window of requests in flight."""
        out = []
        may_explore = self.settings.walk_all or self.known_bloc == 0
        while self.in_flight < self.settings.window:
            # Below the floor only when stuck: nothing better in flight or queued.
            got = self.frontier.pop(self.harvest.yield_of,
                                    explore=may_explore and self.in_flight == 0)
            if got is None:
                break
            self.in_flight += 1
            self.harvest.requests += 1
            out.append(got)
        return out

    def unfollowed(self, limit: int) -> Iterator[tuple[str, str]]:
        """(URL, reason) of the best ``limit`` links never fetched; the frontier is emptied."""
        floor, spent = self.frontier.floor, self.frontier.exhausted
        for n, (candidate, score) in enumerate(self.frontier.leftovers(self.harvest.yield_of)):
            if n >= limit:
                break
            cause = "budget spent" if spent else f"below {floor:.2f}"
            yield candidate.url, f"score {score:.2f} {cause}: {candidate.why}"
        self.frontier.clear()

    def done(self) -> None:
        """A released request finished (response or failure)."""
        self.in_flight = max(0, self.in_flight - 1)
