"""The portal's own search, asked for the bloc vocabulary; its results are listings.

A family (families.toml ``site_search``) or a registry entry gives a URL
template with ``{query}`` (``Site.search_url``); a relative template is
resolved against the site's home page. The queries are data
(``[search] queries`` in discovery.toml).
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from crawler.sites import Site


def home_url(site: Site) -> str:
    """The root of the site's first start page ("http://hanam.gov.vn/")."""
    first = next(iter((*site.start_urls, *site.search_urls, *site.sitemaps, *site.feeds)))
    parts = urlsplit(first)
    return f"{parts.scheme}://{parts.netloc}/"


_HOME_PATHS = frozenset(("", "index.php", "index.html", "default.aspx", "home", "trang-chu",
                         "pages/home.aspx", "pages/default.aspx", "web/guest", "web/guest/home",
                         "vi", "portal"))


def is_home_url(url: str) -> bool:
    """A site's home page by its path ("/", "/index.php", "/Pages/default.aspx", ...)."""
    parts = urlsplit(url)
    return not parts.query and parts.path.strip("/").lower() in _HOME_PATHS


def search_requests(site: Site, queries: tuple[str, ...]) -> list[tuple[str, str]]:
    """(URL, query) of each site-search request, none without a template."""
    out = []
    for query in queries:
        url = site.search_url(query)
        if url:
            out.append((urljoin(home_url(site), url), query))
    return out
