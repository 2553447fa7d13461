"""What `thidua status` reports, read from the archive in a handful of GROUP BYs."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any


def _site(sites: dict[str, dict[str, Any]], name: str | None) -> dict[str, Any]:
    return sites.setdefault(name or "(unknown)", {
        "articles": 0, "other": 0, "fetches": 0, "last_fetch": None, "failures": {},
    })


def archive_status(conn: sqlite3.Connection, path: Path, recent_runs: int) -> dict[str, Any]:
    """The status document: totals, per site, and the most recent runs first.

    Shape: ``{"path", "articles", "other", "sites": {site: {"articles",
    "other", "fetches", "last_fetch", "failures": {kind: n}}}, "runs":
    [{"id", "started", "finished", "status", "options", "stats"}]}``.
    ``articles`` counts bloc news; ``other`` the other article pages kept
    (found with ``--include-other``, recovered by ``reextract`` when the
    rules change).
    """
    sites: dict[str, dict[str, Any]] = {}
    for site, bloc_news, pages in conn.execute(
            "SELECT site, sum(is_bloc_news), count(*) FROM articles GROUP BY site"):
        entry = _site(sites, site)
        entry["articles"], entry["other"] = bloc_news or 0, pages - (bloc_news or 0)
    for site, fetches, last in conn.execute(
            "SELECT site, count(*), max(at) FROM fetches GROUP BY site"):
        entry = _site(sites, site)
        entry["fetches"], entry["last_fetch"] = fetches, last
    for site, kind, n in conn.execute(
            "SELECT site, coalesce(kind, 'unknown'), count(*) FROM fetches "
            "WHERE outcome = 'failed' GROUP BY site, kind ORDER BY count(*) DESC"):
        _site(sites, site)["failures"][kind] = n
    runs = [
        {"id": run_id, "started": started, "finished": finished, "status": status,
         "options": json.loads(options), "stats": json.loads(stats)}
        for run_id, started, finished, status, options, stats in conn.execute(
            "SELECT id, started, finished, status, options, stats FROM runs "
            "ORDER BY id DESC LIMIT ?", (recent_runs,))
    ]
    total = sum(s["articles"] for s in sites.values())
    return {
        "path": str(path),
        "articles": total,
        "other": sum(s["other"] for s in sites.values()),
        "sites": dict(sorted(sites.items())),
        "runs": runs,
    }
