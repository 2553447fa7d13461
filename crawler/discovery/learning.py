"""What the crawl learns about a site while it runs: the yield of each listing.

A listing's items are fetched, read and found to be bloc news or not; the
listing's yield (its bloc articles over its items read, smoothed towards a
prior) is what its other items and its pager inherit, through the frontier's
re-scoring. A listing whose items are bloc news is therefore walked on; an
off-topic listing falls below the fetch floor after a page or two.

A listing is identified by its series: its URL without the page number
(``links.page_position``), so page 1, page 2 and "?Page=3" share one yield.
Pure bookkeeping, no I/O: tested without a crawl.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from crawler.spiders.links import page_position

# Yield of the links found on an article page: related news of bloc news is
# often bloc news; that of other news rarely.
BLOC_ARTICLE_YIELD = 1.0
OTHER_ARTICLE_YIELD = 0.15
PRIOR_WEIGHT = 2.0        # items read before a listing's own yield outweighs its prior


def series_key(url: str) -> str:
    """The listing a page belongs to: its URL without the page number."""
    return "s:" + page_position(url)[0]


def article_key(is_bloc: bool) -> str:
    """The source key of links found on an article page."""
    return "a:bloc" if is_bloc else "a:other"


@dataclass
class Series:
    """One listing: pages read, items read from it, how many were bloc news."""

    prior: float
    vouched: bool = False
    pages: int = 0
    read: int = 0
    bloc: int = 0

    @property
    def value(self) -> float:
        if self.vouched:
            return 1.0
        return (self.bloc + self.prior * PRIOR_WEIGHT) / (self.read + PRIOR_WEIGHT)


@dataclass
class Harvest:
    """A site's yields and its harvest figures for the crawl report.

    Attributes:
        unknown: yield of a source the crawl knows nothing about.
        pages: pages read, by kind ("article", "listing", "other", "sitemap", ...).
        bloc: pages read as articles that are bloc news.
        requests: requests released from the site's frontier.
    """

    unknown: float
    series: dict[str, Series] = field(default_factory=dict)
    pages: Counter[str] = field(default_factory=Counter)
    bloc: int = 0
    requests: int = 0

    def yield_of(self, source: str | None) -> float:
        """The yield a link found on ``source`` inherits (``unknown`` when not known)."""
        if source is None:
            return self.unknown
        if source.startswith("a:"):
            return BLOC_ARTICLE_YIELD if source == "a:bloc" else OTHER_ARTICLE_YIELD
        series = self.series.get(source)
        return series.value if series is not None else self.unknown

    def listing(self, url: str, *, series: str | None = None, vouched: bool = False,
                prior: float | None = None) -> str:
        """Count one page of a listing read; its series key (created on first sight).

        ``series``: the series of the listing whose pager led here, if known.
        """
        key = series if series in self.series else series_key(url)
        series = self.series.get(key)
        if series is None:
            series = self.series[key] = Series(self.unknown if prior is None else prior)
        series.vouched = series.vouched or vouched
        series.pages += 1
        return key

    def vouch(self, url: str) -> None:
        """Mark a listing the registry gives (or a search result) as walked whatever it yields."""
        key = series_key(url)
        self.series.setdefault(key, Series(1.0)).vouched = True

    def observe(self, source: str | None, is_bloc: bool) -> None:
        """An item found on ``source`` was read as an article, bloc news or not."""
        self.bloc += is_bloc
        series = self.series.get(source or "")
        if series is not None:
            series.read += 1
            series.bloc += is_bloc

    def figures(self, budget: int) -> dict[str, float | int | None]:
        """The harvest line of the crawl report for this site."""
        return {"requests": self.requests, "articles": self.pages["article"],
                "listings": self.pages["listing"], "other": self.pages["other"],
                "bloc": self.bloc,
                "requests_per_bloc": round(self.requests / self.bloc, 1) if self.bloc else None,
                "budget": budget,
                "budget_used": round(self.requests / budget, 3) if budget else None}
