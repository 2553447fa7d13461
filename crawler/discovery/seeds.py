"""Where a site's crawl starts: the frontier's first candidates.

The registry's start pages (a start page other than the home page is a
listing the registry vouches for: walked whatever it yields), its search
pages, the portal's own search asked for the bloc vocabulary, the sitemaps
and feeds it gives, and the usual feed and sitemap places (once a page of
the site has answered on its hosts, so that a moved site is not probed
through its redirects; a place that missed before is not tried again).
"""

from __future__ import annotations

from collections.abc import Set

from crawler.discovery.probes import probe_urls
from crawler.discovery.scoring import Vocabulary
from crawler.discovery.site import SiteDiscovery
from crawler.discovery.sitesearch import home_url, is_home_url, search_requests
from crawler.spiders.links import canonical

SEARCH_SCORE = 0.95
PROBE_SCORE = 0.9


def seed_site(disc: SiteDiscovery, vocabulary: Vocabulary, missed: Set[str]) -> None:
    """Queue a site's starting points."""
    site = disc.site
    for url in site.start_urls:
        disc.seed(url, "page", "start page", start=True, vouched=not is_home_url(url))
    for url in site.search_urls:
        disc.seed(url, "page", "search page from the registry", start=True, vouched=True)
    for url, query in search_requests(site, vocabulary.queries):
        disc.seed(url, "page", f"site search for {query!r}", SEARCH_SCORE, search=True)
    for url in site.sitemaps:
        disc.seed(url, "sitemap", "sitemap from the registry")
    for url in site.feeds:
        disc.seed(url, "feed", "feed from the registry")
    if not site.start_urls:
        probe_site(disc, vocabulary, missed)


def probe_site(disc: SiteDiscovery, vocabulary: Vocabulary, missed: Set[str]) -> None:
    """Queue the usual feed and sitemap places of a site, once per run.

    ``missed``: canonical URLs of places that answered no feed or sitemap before.
    """
    if disc.probed:
        return
    disc.probed = True
    for url in probe_urls(disc.site, home_url(disc.site), vocabulary.probes):
        if canonical(url) not in missed:
            disc.seed(url, "probe", "usual feed or sitemap place", PROBE_SCORE)
