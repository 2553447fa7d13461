"""URL shapes of the four portal families, built and recognised in one place.

Every URL the farm prints is built here and every request is matched here, so
a page can only link to something the server will answer.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qsl, urlencode, urlsplit

from tests.farm.portals import CATEGORIES, Portal

_LIFERAY_VIEW = "p_p_lifecycle=0&p_p_state=normal&p_p_mode=view"


def request_key(target: str) -> str:
    """Path plus sorted, decoded query: equal for equal requests whatever the encoding."""
    parts = urlsplit(target)
    query = sorted(parse_qsl(parts.query, keep_blank_values=True))
    return (parts.path or "/") + ("?" + urlencode(query) if query else "")


def article_path(portal: Portal, category: str, slug: str, number: int, day: date) -> str:
    """Where an article lives on its portal (path and query)."""
    sec = portal.section(category)
    if portal.family == "sharepoint":
        return f"/Pages/{slug}.aspx"
    if portal.family == "aspnet":
        return f"/Default.aspx?tabid={sec.key}&news_id={number}"
    if portal.family == "newspaper":
        return f"/{sec.section}/{day:%Y%m}/{slug}-{number}/"
    inst = f"101_INSTANCE_{sec.section}"
    if portal.article_style == "content":
        return f"/web/guest/{sec.key}/-/asset_publisher/{sec.section}/content/{slug}"
    return (f"/web/guest/{sec.key}?p_p_id={inst}&{_LIFERAY_VIEW}"
            f"&_{inst}_struts_action=%2Fasset_publisher%2Fview_content"
            f"&_{inst}_articleId={number}&_{inst}_type=content")


def legacy_path(portal: Portal, category: str, slug: str, number: int, day: date) -> str:
    """An older address of the same article, which the farm answers with a 301."""
    sec = portal.section(category)
    if portal.family == "sharepoint":
        return f"/SitePages/{slug}.aspx"
    if portal.family == "aspnet":
        return f"/News.aspx?news_id={number}"
    if portal.family == "newspaper":
        return f"/{sec.section}/{day:%Y%m}/{slug}-{number}.htm"
    return f"/web/guest/{sec.key}/-/asset_publisher/{sec.section}/content/id/{number}"


def listing_path(portal: Portal, category: str, page: int = 1) -> str:
    """Page ``page`` (1-based) of a listing, in the family's pagination style."""
    sec = portal.section(category)
    if portal.family == "sharepoint":
        base = f"/Pages/{sec.key}.aspx"
        return base if page == 1 else f"{base}?Page={page}"
    if portal.family == "aspnet":
        base = f"/Default.aspx?tabid={sec.key}"
        return base if page == 1 else f"{base}&page={page}"
    if portal.family == "newspaper":
        base = f"/{sec.key}/"
        return base if page == 1 else f"{base}?page={page}"
    base = f"/web/guest/{sec.key}"
    if page == 1:
        return base
    inst = f"101_INSTANCE_{sec.section}"
    return (f"{base}?p_p_id={inst}&{_LIFERAY_VIEW}&p_p_col_id=column-2&p_p_col_count=1"
            f"&_{inst}_cur={page}")


def calendar_path(portal: Portal, category: str, day: date) -> str:
    """The listing filtered to one day: the infinite calendar trap of fault mode."""
    base = listing_path(portal, category)
    return f"{base}{'&' if '?' in base else '?'}date={day.isoformat()}"


def home_paths(portal: Portal) -> tuple[str, ...]:
    """Paths answered with the home page."""
    return {
        "sharepoint": ("/", "/Pages/Home.aspx", "/Pages/default.aspx"),
        "aspnet": ("/", "/Default.aspx"),
        "newspaper": ("/",),
        "liferay": ("/", "/web/guest", "/web/guest/home"),
    }[portal.family]


def _listing_category(portal: Portal, path: str, query: dict[str, str]) -> str | None:
    for category in CATEGORIES:
        sec = portal.section(category)
        if portal.family == "sharepoint" and path.lower() == f"/pages/{sec.key}.aspx".lower():
            return category
        if (portal.family == "aspnet" and path.lower() == "/default.aspx"
                and query.get("tabid") == sec.key and "news_id" not in query):
            return category
        if portal.family == "newspaper" and path == f"/{sec.key}/":
            return category
        if (portal.family == "liferay" and path == f"/web/guest/{sec.key}"
                and not any(k.endswith("_articleId") for k in query)):
            return category
    return None


def match_listing(portal: Portal, target: str) -> tuple[str, int, date | None] | None:
    """(category, page, day) when ``target`` is a listing page, else None.

    Raises:
        ValueError: a page number or date that does not parse (answered 404).
    """
    parts = urlsplit(target)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    category = _listing_category(portal, parts.path, query)
    if category is None:
        return None
    day = date.fromisoformat(query["date"]) if "date" in query else None
    page = next((v for k, v in query.items() if k in ("Page", "page") or k.endswith("_cur")), "1")
    return category, int(page), day
