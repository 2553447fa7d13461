"""The harvest of a crawl per site, read from its stats: what discovery cost and found.

A focused crawl is judged by its harvest (ACHE's harvest log): requests
spent over bloc articles found. The spider counts, per site, the requests
released from the frontier (robots.txt, retries and redirects not counted),
the pages read by outcome (article, not_bloc, listing, other, sitemap, feed)
and the bloc articles read; this module turns those slash-keyed stats into
one record per site, for the crawl summary, its JSON and `thidua status`.
Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

PREFIX = "thidua/harvest/"
MOVED = "thidua/moved/"
PAGE_KINDS = ("article", "not_bloc", "listing", "other", "sitemap", "feed")


def harvest(stats: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Per site: requests, pages by kind, bloc articles, requests per bloc article, budget.

    Shape: ``{site: {"requests", "pages": {kind: n}, "bloc", "requests_per_bloc",
    "budget", "budget_used", "budget_exhausted", "moved_to"}}``; a site moved off
    its hosts has ``moved_to`` (the URL its start page redirects to), else None.
    """
    sites: dict[str, dict[str, Any]] = {}
    for key, value in stats.items():
        if key.startswith(PREFIX):
            site, _, what = key[len(PREFIX):].partition("/")
            entry = sites.setdefault(site, _empty())
            if what.startswith("pages/"):
                entry["pages"][what[len("pages/"):]] = int(value)
            elif what in ("requests", "bloc", "budget"):
                entry[what] = int(value)
            elif what == "budget_exhausted":
                entry["budget_exhausted"] = bool(value)
        elif key.startswith(MOVED):
            sites.setdefault(key[len(MOVED):], _empty())["moved_to"] = str(value)
    for entry in sites.values():
        requests, bloc, budget = entry["requests"], entry["bloc"], entry["budget"]
        entry["requests_per_bloc"] = round(requests / bloc, 1) if bloc else None
        entry["budget_used"] = round(requests / budget, 3) if budget else None
    return dict(sorted(sites.items()))


def _empty() -> dict[str, Any]:
    return {"requests": 0, "pages": {kind: 0 for kind in PAGE_KINDS}, "bloc": 0,
            "requests_per_bloc": None, "budget": 0, "budget_used": None,
            "budget_exhausted": False, "moved_to": None}


def harvest_line(site: str, entry: Mapping[str, Any]) -> str:
    """One line of the crawl summary for a site."""
    if entry.get("moved_to"):
        return (f"{site}: moved: its start page redirects off the site to {entry['moved_to']} "
                "(update the registry)")
    pages = ", ".join(f"{n} {kind}" for kind, n in entry["pages"].items() if n) or "no pages"
    per = entry["requests_per_bloc"]
    cost = f", {per} requests each" if per is not None else ""
    used = entry["budget_used"]
    budget = (f"budget {entry['budget']}" + (f" ({used:.0%} used" if used is not None else "")
              + (", spent)" if entry["budget_exhausted"] else ")" if used is not None else ""))
    return (f"{site}: {entry['requests']} requests, {budget}; pages: {pages}; "
            f"{entry['bloc']} bloc articles{cost}")
