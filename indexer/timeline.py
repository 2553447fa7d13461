"""Attention over time: matches per month or year beside all that was archived then.

Media Cloud's view: a raw count of matches rises with the size of the
archive (a crawl that reached more pages of 2024 shows more of everything in
2024), so each period also carries the number of articles archived for it,
bloc news or not (every article page the crawl kept), and the matches'
share of them. The period of an article is the month or year of its day
(``indexer.query.record_day``: published, else the event date), the same day
the date filters compare; an article without a day has no period and is
left out of the timeline.

The totals always come from the archive (``archived_totals``); the matches
from the backend: ``indexer.sqlite_search.timeline_sql`` or the
Elasticsearch ``indexer.es.bodies.timeline_body``. What the counts mean is
fixed here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from crawler.errors import ArchiveError, UsageError
from indexer.query import SearchQuery, day_range_sql

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


def totals_sql(q: SearchQuery, unit: str) -> tuple[str, tuple[str, ...]]:
    """Every archived article per period within the query's date range, and its parameters.

    Only the date range bounds the base; the other filters narrow the matches,
    not the base: "Hà Giang's share of 2024" is Hà Giang's matches over
    everything archived for 2024.
    """
    where, params = day_range_sql(q)
    where.insert(0, "day IS NOT NULL")
    return (f"SELECT substr(day, 1, {PERIOD_WIDTH[unit]}), count(*) FROM articles "
            f"WHERE {' AND '.join(where)} GROUP BY 1", tuple(params))


def archived_totals(conn: sqlite3.Connection, q: SearchQuery, unit: str) -> dict[str, int]:
    """Articles archived per period (``totals_sql``) read from the archive database.

    Raises:
        ArchiveError: the archive cannot be read.
    """
    text, params = totals_sql(q, unit)
    try:
        return dict(conn.execute(text, params).fetchall())
    except sqlite3.Error as exc:
        raise ArchiveError(f"timeline failed: {exc}") from None


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
