"""Attention over time: matches per month or year beside all that was archived then.

Media Cloud's view: a raw count of matches rises with the size of the
archive (a crawl that reached more pages of 2024 shows more of everything in
2024), so each period also carries the number of searchable articles
archived for it and the matches' share of them. The period of an article is
the month or year of its day (``indexer.query.record_day``: published, else
the event date), the same day the date filters compare; an article without
a day has no period and is left out of the timeline.

Both backends answer with these rows: the SQL lives in
``indexer.sqlite_search.timeline_sql``, the Elasticsearch body in
``indexer.es.bodies.timeline_body``; what the counts mean is fixed here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from crawler.errors import UsageError
from indexer.query import SearchQuery

UNITS = ("month", "year")
# Characters of an ISO day (YYYY-MM-DD) that name its period.
PERIOD_WIDTH = {"month": 7, "year": 4}


@dataclass(frozen=True)
class PeriodCount:
    """One period: how many articles matched, how many were archived, the share."""

    period: str
    matches: int
    total: int

    @property
    def share(self) -> float | None:
        """matches / total; None for a period with nothing archived (no share to speak of)."""
        return self.matches / self.total if self.total else None

    def as_dict(self) -> dict[str, Any]:
        share = self.share
        return {"period": self.period, "matches": self.matches, "total": self.total,
                "share": None if share is None else round(share, 4)}


def check_unit(unit: str) -> None:
    """Raises: UsageError: a period unit other than month or year."""
    if unit not in UNITS:
        raise UsageError(f"unknown timeline period {unit!r}: use one of {', '.join(UNITS)}")


def baseline(q: SearchQuery) -> SearchQuery:
    """The articles a period's share is taken of: every searchable one in the date range.

    The other filters narrow the matches, not the base: "Hà Giang's share
    of 2024" is Hà Giang's matches over everything archived for 2024.
    """
    return SearchQuery(date_from=q.date_from, date_to=q.date_to, limit=None)


def _next(period: str) -> str:
    if len(period) == PERIOD_WIDTH["year"]:
        return f"{int(period) + 1:04d}"
    year, month = int(period[:4]), int(period[5:7])
    return f"{year + month // 12:04d}-{month % 12 + 1:02d}"


def merge(matches: Mapping[str, int], totals: Mapping[str, int]) -> list[PeriodCount]:
    """Rows for every period from the first to the last one seen, gaps filled with zeros.

    A chart of attention needs the empty months as much as the busy ones:
    a period nobody wrote about is a zero, not a missing bar.
    """
    seen = {p for p, n in {**totals, **matches}.items() if n}
    if not seen:
        return []
    period, last = min(seen), max(seen)
    rows = []
    while period <= last:
        rows.append(PeriodCount(period, int(matches.get(period, 0)),
                                int(totals.get(period, 0))))
        period = _next(period)
    return rows
