"""What the crawl learns about a site while it runs: what each listing yields.

Two yields per listing (a "series": its URL without the page number,
``links.page_position``, or the series whose pager led to it):

- its items' yield: of its items fetched and read, how many were bloc news
  (smoothed towards a prior). Items of a listing not yet read inherit it,
  so a bloc category's entries are fetched even when their titles name no
  bloc;
- its pager's yield: bloc-like entries per page seen (titles that carry
  the bloc vocabulary, or entries read as bloc news). A section that shows
  a bloc story or more per page is walked on, to its end; one whose pages
  show none is abandoned after a page or two.

Links found on article pages have a source too ("a:bloc", "a:other"): the
related news of bloc news, learnt the same way. Pure bookkeeping, no I/O.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from crawler.spiders.links import page_position

PRIOR_WEIGHT = 2.0        # items read before a listing's own yield outweighs its prior
ARTICLE_PRIOR = {"a:bloc": 0.5, "a:other": 0.15}
PAGER_PRIOR = 0.4         # bloc-like entries assumed on a listing page before any is seen
PAGER_SMOOTHING = 0.5


def series_key(url: str) -> str:
    """The listing a page belongs to, by its URL without the page number."""
    return "s:" + page_position(url)[0]


def article_key(is_bloc: bool) -> str:
    """The source key of links found on an article page."""
    return "a:bloc" if is_bloc else "a:other"


def pager_key(series: str) -> str:
    """The source key of a listing's pager links."""
    return "p:" + series


@dataclass
class Series:
    """One listing (or the related news of one kind of article)."""

    prior: float
    vouched: bool = False
    pages: int = 0
    read: int = 0
    bloc: int = 0
    hits: int = 0             # bloc-like entries seen on its pages

    @property
    def items(self) -> float:
        if self.vouched:
            return 1.0
        return (self.bloc + self.prior * PRIOR_WEIGHT) / (self.read + PRIOR_WEIGHT)

    @property
    def pager(self) -> float:
        if self.vouched:
            return 1.0
        return min(1.0, (self.hits + PAGER_PRIOR) / (self.pages + PAGER_SMOOTHING))


@dataclass
class Harvest:
    """A site's yields and its harvest figures for the crawl report.

    Attributes:
        unknown: yield of a source the crawl knows nothing about.
        pages: pages read, by kind ("article", "listing", "other").
        bloc: pages read as articles that are bloc news.
        requests: requests released from the site's frontier.
    """

    unknown: float
    series: dict[str, Series] = field(default_factory=dict)
    pages: Counter[str] = field(default_factory=Counter)
    bloc: int = 0
    requests: int = 0

    def __post_init__(self) -> None:
        for key, prior in ARTICLE_PRIOR.items():
            self.series[key] = Series(prior)

    def yield_of(self, source: str | None) -> float:
        """The yield a link found on ``source`` inherits (``unknown`` when not known)."""
        if source is None:
            return self.unknown
        if source.startswith("p:"):
            series = self.series.get(source[2:])
            return series.pager if series is not None else self.unknown
        series = self.series.get(source)
        return series.items if series is not None else self.unknown

    def listing(self, url: str, *, series: str | None = None, vouched: bool = False,
                prior: float | None = None, hits: int = 0) -> str:
        """Count one page of a listing read, with its bloc-like entries; its series key.

        ``series``: the series of the listing whose pager led here, if known.
        """
        key = series if series in self.series else series_key(url)
        entry = self.series.get(key)
        if entry is None:
            entry = self.series[key] = Series(self.unknown if prior is None else prior)
        entry.vouched = entry.vouched or vouched
        entry.pages += 1
        entry.hits += hits
        return key

    def credit(self, url: str) -> str:
        """A bloc article names this listing as its section (breadcrumb): one bloc-like entry."""
        key = series_key(url)
        entry = self.series.setdefault(key, Series(self.unknown))
        entry.hits += 1
        return key

    def observe(self, source: str | None, is_bloc: bool, counted: bool = False) -> None:
        """An item found on ``source`` was read as an article, bloc news or not.

        ``counted``: its title already counted as a bloc-like entry of the listing.
        """
        self.bloc += is_bloc
        entry = self.series.get(source or "")
        if entry is not None:
            entry.read += 1
            entry.bloc += is_bloc
            entry.hits += is_bloc and not counted

    def figures(self, budget: int) -> dict[str, float | int | None]:
        """The harvest line of the crawl report for this site."""
        return {"requests": self.requests, "articles": self.pages["article"],
                "listings": self.pages["listing"], "other": self.pages["other"],
                "bloc": self.bloc,
                "requests_per_bloc": round(self.requests / self.bloc, 1) if self.bloc else None,
                "budget": budget,
                "budget_used": round(self.requests / budget, 3) if budget else None}
