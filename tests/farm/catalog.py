"""What each farm site holds: its listings, in order, and every article by URL.

Listings are newest first: articles published during the run (``publish_new``),
then the corpus by date, then the ``scale=N`` synthetic articles, which are
generated on demand so a 100,000-page farm costs no memory up front.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterator
from functools import lru_cache

from tests.farm.corpus import CorpusArticle
from tests.farm.portals import CATEGORIES, FarmConfig, load_portals
from tests.farm.synth import NEW_BASE, SCALE_BASE, synthesize, years_back
from tests.farm.urls import request_key

PER_PAGE = 4
GENERAL_SHARE_OF_BLOC = 3   # every third bloc article is also listed under general news


def _newest_first(articles: list[CorpusArticle]) -> list[CorpusArticle]:
    return sorted(articles, key=lambda a: (a.day, a.time or "", a.number), reverse=True)


class Listing:
    """One paginated listing (a site's bloc or general category)."""

    def __init__(self, catalog: Catalog, base: list[CorpusArticle], slots: list[int]) -> None:
        self._catalog = catalog
        self.new: list[CorpusArticle] = []          # oldest first; shown reversed
        self.base = base
        self._slots = slots                         # template indices of synthetic articles
        self._base_pos = {a.number: i for i, a in enumerate(base)}
        period = len(catalog.templates)
        scale = catalog.scale
        self._synthetic = sum(math.ceil((scale - j) / period) for j in slots if j < scale)

    def __len__(self) -> int:
        return len(self.new) + len(self.base) + self._synthetic

    @property
    def pages(self) -> int:
        return max(1, math.ceil(len(self) / PER_PAGE))

    def item(self, k: int) -> CorpusArticle:
        """The k-th article, 0 = newest."""
        if k < len(self.new):
            return self.new[len(self.new) - 1 - k]
        k -= len(self.new)
        if k < len(self.base):
            return self.base[k]
        rounds, slot = divmod(k - len(self.base), len(self._slots))
        return self._catalog.synthetic(rounds * len(self._catalog.templates) + self._slots[slot])

    def page(self, number: int) -> list[CorpusArticle]:
        start = (number - 1) * PER_PAGE
        return [self.item(k) for k in range(start, min(start + PER_PAGE, len(self)))]

    def position(self, article: CorpusArticle) -> int | None:
        """Where ``article`` stands in this listing, or None when it is not listed."""
        if article.number >= NEW_BASE:
            found = [i for i, a in enumerate(self.new) if a.number == article.number]
            return len(self.new) - 1 - found[0] if found else None
        if article.number >= SCALE_BASE:
            rounds, template = divmod(article.number - SCALE_BASE, len(self._catalog.templates))
            if template not in self._slots:
                return None
            return (len(self.new) + len(self.base)
                    + rounds * len(self._slots) + self._slots.index(template))
        pos = self._base_pos.get(article.number)
        return None if pos is None else len(self.new) + pos

    def following(self, article: CorpusArticle, count: int) -> list[CorpusArticle]:
        """Up to ``count`` articles listed after ``article`` ("Tin khác", related news)."""
        start = self.position(article)
        start = -1 if start is None else start
        picked = [self.item(k) for k in range(start + 1, min(start + 1 + count, len(self)))]
        if len(picked) < count:
            picked += [a for a in (self.item(k) for k in range(min(count, len(self))))
                       if a.number != article.number and a not in picked][: count - len(picked)]
        return picked


class Catalog:
    """All farm articles, by site, listing and URL."""

    def __init__(self, corpus: list[CorpusArticle], scale: int = 0,
                 config: FarmConfig | None = None) -> None:
        self.config = config or load_portals()
        self.templates = sorted(corpus, key=lambda a: (a.site, a.number))
        self.scale = scale if self.templates else 0
        self._lock = threading.Lock()
        self._by_key: dict[tuple[str, str], CorpusArticle] = {}
        self.listings: dict[tuple[str, str], Listing] = {}
        for site in self.config.portals:
            bloc = _newest_first([a for a in corpus if a.site == site and a.category == "bloc"])
            general = _newest_first([a for a in corpus
                                     if a.site == site and a.category == "general"]
                                    + bloc[::GENERAL_SHARE_OF_BLOC])
            for category, base in (("bloc", bloc), ("general", general)):
                slots = [j for j, t in enumerate(self.templates)
                         if t.site == site and t.category == category]
                self.listings[(site, category)] = Listing(self, base, slots)
        for article in corpus:
            self._by_key[(article.site, request_key(article.path))] = article

    @lru_cache(maxsize=4096)  # noqa: B019 - one catalog per farm, lives as long as it
    def synthetic(self, serial: int) -> CorpusArticle:
        """The ``serial``-th scale article (0 <= serial < scale)."""
        template = self.templates[serial % len(self.templates)]
        return synthesize(template, serial, SCALE_BASE + serial,
                          years_back(serial, len(self.templates)))

    def listing(self, site: str, category: str) -> Listing:
        return self.listings[(site, category)]

    def home_listing(self, article: CorpusArticle) -> Listing:
        return self.listings[(article.site, article.category)]

    def lookup(self, site: str, target: str) -> CorpusArticle | None:
        """The article served at ``target`` (path and query) on ``site``."""
        key = request_key(target)
        found = self._by_key.get((site, key))
        if found is not None:
            return found
        for digits in reversed(re.findall(r"\d+", target)):
            serial = int(digits) - SCALE_BASE
            if 0 <= serial < self.scale:
                article = self.synthetic(serial)
                if article.site == site and request_key(article.path) == key:
                    return article
        return None

    def publish_new(self, site: str, count: int) -> list[CorpusArticle]:
        """Put ``count`` fresh bloc articles at the top of ``site``'s bloc listing."""
        templates = [a for a in self.templates if a.site == site and a.category == "bloc"]
        templates = [a for a in templates if a.is_bloc_news] or templates
        if not templates:
            raise ValueError(f"farm site {site!r} has no bloc article to model new ones on")
        listing = self.listing(site, "bloc")
        made = []
        with self._lock:
            for _ in range(count):
                serial = sum(len(v.new) for v in self.listings.values())
                template = templates[serial % len(templates)]
                article = synthesize(template, 500_000 + serial, NEW_BASE + serial, 0)
                listing.new.append(article)
                self._by_key[(site, request_key(article.path))] = article
                made.append(article)
        return made

    def site_articles(self, site: str) -> Iterator[CorpusArticle]:
        """Every article of ``site``, newest first, each once (sitemap, feed)."""
        seen: set[int] = set()
        for category in CATEGORIES:
            listing = self.listing(site, category)
            for k in range(len(listing)):
                article = listing.item(k)
                if article.number not in seen:
                    seen.add(article.number)
                    yield article
