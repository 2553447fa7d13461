"""What `thidua status` reports, read from the archive in a handful of GROUP BYs."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from crawler.discovery.report import harvest


def _site(sites: dict[str, dict[str, Any]], name: str | None) -> dict[str, Any]:
    return sites.setdefault(name or "(unknown)", {
        "articles": 0, "other": 0, "fetches": 0, "unfollowed": 0, "last_fetch": None,
        "failures": {},
    })


def archive_status(conn: sqlite3.Connection, path: Path, recent_runs: int) -> dict[str, Any]:
    """The status document: totals, per site, and the most recent runs first.

    Shape: ``{"path", "articles", "other", "sites": {site: {"articles",
    "other", "fetches", "last_fetch", "unfollowed", "failures": {kind: n},
    "harvest"}}, "runs": [{"id", "started", "finished", "status", "options",
    "stats"}]}``. ``fetches`` counts the pages fetched (robots.txt and
    failures included), ``unfollowed`` the links discovery met and did not
    fetch; ``harvest`` is the site's line of its last run (requests, pages by
    kind, bloc articles, requests per bloc article, budget, ``moved_to``; see
    crawler/discovery/report.py), absent when no recent run crawled it.
    ``articles`` counts bloc news; ``other`` the other article pages kept
    (found with ``--include-other``, recovered by ``reextract`` when the
    rules change).
    """
    sites: dict[str, dict[str, Any]] = {}
    for site, bloc_news, pages in conn.execute(
            "SELECT site, sum(is_bloc_news), count(*) FROM articles GROUP BY site"):
        entry = _site(sites, site)
        entry["articles"], entry["other"] = bloc_news or 0, pages - (bloc_news or 0)
    for site, fetches, last, unfollowed in conn.execute(
            "SELECT site, count(*) FILTER (WHERE outcome != 'unfollowed'), "
            "max(at) FILTER (WHERE outcome != 'unfollowed'), "
            "count(*) FILTER (WHERE outcome = 'unfollowed') FROM fetches GROUP BY site"):
        entry = _site(sites, site)
        entry["fetches"], entry["last_fetch"], entry["unfollowed"] = fetches, last, unfollowed
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
    for run in runs:    # newest first: each site's harvest from its last run
        for site, entry in harvest(run["stats"]).items():
            if "harvest" not in _site(sites, site):
                sites[site]["harvest"] = {**entry, "run": run["id"]}
    total = sum(s["articles"] for s in sites.values())
    return {
        "path": str(path),
        "articles": total,
        "other": sum(s["other"] for s in sites.values()),
        "sites": dict(sorted(sites.items())),
        "runs": runs,
    }


def crawl_log_for(conn: sqlite3.Connection, urls: list[str], limit: int = 10
                  ) -> list[dict[str, Any]]:
    """The crawl log's rows for any of ``urls`` (spellings of one URL), newest first.

    Each row: ``{"run", "at", "url", "site", "status", "outcome", "kind",
    "reason"}``; ``reason`` says how the page was read and why it was fetched
    (or, for "unfollowed", why a link met was not).
    """
    marks = ",".join("?" * len(urls))
    rows = conn.execute(
        "SELECT run_id, at, url, site, status, outcome, kind, reason FROM fetches "
        f"WHERE url IN ({marks}) ORDER BY id DESC LIMIT ?", (*urls, limit))
    keys = ("run", "at", "url", "site", "status", "outcome", "kind", "reason")
    return [dict(zip(keys, row, strict=True)) for row in rows]
