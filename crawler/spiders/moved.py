"""A start page that redirects off its site: the portal moved, and the crawl says so.

Portals move (a merged province's portal redirects to the new one, a
department moves under the province's domain). The bounds middleware
refuses the off-site redirect, as it must; this names it, so the crawl
report and `thidua status` show "moved" instead of a site silently empty.
"""

from __future__ import annotations

from typing import Any

from crawler.sites import Site
from crawler.urls import host_of


def moved_to(request: Any, kind: str, site: Site | None) -> str | None:
    """The off-site URL a start page redirected to, or None.

    Args:
        request: the failed request (its ``meta`` has ``redirect_urls`` after a redirect).
        kind: the failure kind (``crawllog.failure_kind``); only "offsite" counts.
        site: the request's site.
    """
    meta = getattr(request, "meta", {}) or {}
    if kind != "offsite" or site is None or not meta.get("start"):
        return None
    if not meta.get("redirect_urls") or site.owns_host(host_of(request.url)):
        return None
    return str(request.url)
