"""One realistic portal served: its route table and what it answers to a request."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from html import escape
from urllib.parse import parse_qsl, urlencode, urlsplit

from crawler.vntext import fold
from tests.farm.realistic import render as R
from tests.farm.realistic.content import SiteContent
from tests.farm.realistic.model import Category, Item, PortalSpec
from tests.farm.realistic.shapes import SHAPES, Shape
from tests.farm.realistic.shapes_press import PRESS_SHAPES
from tests.farm.render import today_vn

HTML = "text/html; charset=utf-8"
FEED_ITEMS = 20


@dataclass
class Answer:
    """One response of a realistic portal."""

    status: int
    body: bytes = b""
    content_type: str = HTML
    headers: dict[str, str] = field(default_factory=dict)


def make_shape(spec: PortalSpec, content: SiteContent) -> Shape:
    return {**SHAPES, **PRESS_SHAPES}[spec.shape](spec, content.categories)


class RealisticSite:
    """A portal: routes (built from the shape's own URL builders) and pages."""

    def __init__(self, spec: PortalSpec, content: SiteContent,
                 title_of: Callable[[str], str]) -> None:
        self.spec = spec
        self.content = content
        self.shape = make_shape(spec, content)
        self.title_of = title_of
        self.routes: dict[str, tuple] = {}
        self._build_routes()

    @property
    def today(self) -> date:
        return today_vn()

    def key(self, target: str) -> str:
        """Path plus sorted query, without the parameters the platform ignores."""
        parts = urlsplit(target)
        ignored = self.shape.ignored_params()
        query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if k not in ignored)
        return (parts.path or "/") + ("?" + urlencode(query) if query else "")

    def _build_routes(self) -> None:
        shape = self.shape
        homes = {shape.home, "/"} if not shape.root_redirect else {shape.home}
        if self.spec.shape == "nukeviet_vi":
            homes.add("/vi/")
        if self.spec.shape == "dnn_guid":
            homes.add("/Default.aspx")
        for path in homes:
            self.routes[self.key(path)] = ("home",)
        for cat in self.content.categories.values():
            for n in range(1, cat.pages + 1):
                self.routes[self.key(shape.category(cat, n))] = ("listing", cat, n)
        for item in self.content.items.values():
            self.routes[self.key(shape.article(item))] = ("article", item)
        for item in self.content.statics:
            self.routes[self.key(shape.static(item.key))] = ("static", item)
        if shape.login:
            self.routes[self.key(shape.login)] = ("login",)

    @cached_property
    def highlights(self) -> list[Item]:
        fill = [i for i in self.content.items.values() if i.kind == "filler"]
        return sorted(fill, key=lambda i: (i.when, i.number), reverse=True)[:6]

    @cached_property
    def _folded(self) -> list[tuple[Item, str]]:
        items = sorted(self.content.items.values(), key=lambda i: (i.when, i.number), reverse=True)
        return [(i, fold(" ".join((i.title, i.lead, *i.paragraphs)))) for i in items]

    def date_of(self, item: Item) -> str:
        return self.shape.date_style.format(d=item.when)

    def url(self, path: str) -> str:
        return self.spec.base_url + path

    def alternate_feeds(self) -> list[tuple[str, str]]:
        if self.spec.feed != "alternate":
            return []
        cats = [c for c in self.content.categories.values() if not c.parent]
        return [("Tin tức", self.shape.feed(None))] + [(c.label, self.shape.feed(c)) for c in cats]

    def page_paths(self) -> list[str]:
        """Every HTML page of the portal (what a breadth-first crawl can reach)."""
        shape = self.shape
        paths = {shape.category(cat, n) for cat in self.content.categories.values()
                 for n in range(1, cat.pages + 1)}
        paths |= {shape.article(item) for item in self.content.items.values()}
        paths |= {shape.static(item.key) for item in self.content.statics}
        return [shape.home, *sorted(paths)]

    def handle(self, target: str) -> Answer:
        """Answer a path-and-query on this portal."""
        parts = urlsplit(target)
        path = parts.path or "/"
        if self.shape.root_redirect and path == "/" and not parts.query:
            return Answer(302, headers={"Location": self.url(self.shape.home)})
        if path == "/robots.txt":
            return Answer(200, self._robots().encode(), "text/plain; charset=utf-8")
        special = self._special(path)
        if special is not None:
            return special
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        if self.spec.search:
            asked = self._parse_search(path, query)
            if asked is not None:
                return self._search(*asked)
        route = self.routes.get(self.key(target))
        if route is None:
            return self._not_found()
        return Answer(200, self._page(route).encode("utf-8"))

    def _parse_search(self, path: str, query: dict[str, str]) -> tuple[str, int] | None:
        try:
            return self.shape.parse_search(path, query)
        except ValueError:
            return ("", 0)

    def _page(self, route: tuple) -> str:
        kind = route[0]
        if kind == "home":
            return R.shell(self, self.spec.title, R.home_main(self), [])
        if kind == "login":
            return R.shell(self, "Đăng nhập", R.login_main(), [])
        if kind == "listing":
            cat, page = route[1], route[2]
            title = cat.label if page == 1 else f"{cat.label} - Trang {page}"
            return R.shell(self, f"{title} - {self.spec.title}", R.listing_main(self, cat, page),
                           self._crumbs(cat))
        item = route[1]
        if kind == "static":
            return R.shell(self, item.title, R.static_main(item),
                           [(item.title, self.shape.static(item.key))])
        cat = self.content.categories[item.home]
        at = cat.items.index(item)
        canonical = f'<link rel="canonical" href="{escape(self.url(self.shape.article(item)))}"/>'
        return R.shell(self, item.title, R.article_main(self, item, cat.items[max(0, at - 5):at]),
                       self._crumbs(cat), head_extra=canonical)

    def _crumbs(self, cat: Category) -> list[tuple[str, str]]:
        up = self.content.categories.get(cat.parent) if cat.parent else None
        own = [(cat.label, self.shape.category(cat))]
        return ([(up.label, self.shape.category(up))] + own) if up else own

    def _search(self, query: str, page: int) -> Answer:
        needle = fold(" ".join(query.split()))
        found = [i for i, text in self._folded if needle and needle in text]
        pages = max(1, -(-len(found) // 10))
        if not 1 <= page <= pages:
            return self._not_found()
        main = R.search_main(self, query, page, found)
        return Answer(200, R.shell(self, f"Tìm kiếm: {query}", main, []).encode("utf-8"))

    def _robots(self) -> str:
        lines = ["User-agent: *", *(f"Disallow: {p}" for p in self.shape.disallow)]
        if self.spec.sitemap == "robots":
            lines += ["", f"Sitemap: {self.url('/sitemap.xml')}"]
        return "\n".join(lines) + "\n"

    def _special(self, path: str) -> Answer | None:
        """Sitemap and feeds, where the portal has them."""
        if self.spec.sitemap and path == "/sitemap.xml":
            return Answer(200, self._sitemap().encode(), "application/xml; charset=utf-8")
        feeds = {}
        if self.spec.feed:
            feeds[self.shape.feed(None)] = None
            feeds.update({self.shape.feed(c): c for c in self.content.categories.values()})
        if path in feeds:
            return Answer(200, self._feed(feeds[path]).encode(),
                          "application/rss+xml; charset=utf-8")
        if self.spec.feed == "page" and path == "/rss.htm":
            links = "".join(f'<li><a href="{escape(self.shape.feed(c))}">{escape(c.label)}</a></li>'
                            for c in self.content.categories.values())
            main = f'<div class="rss-page"><h1>RSS</h1><ul>{links}</ul></div>'
            return Answer(200, R.shell(self, "RSS", main, [("RSS", "/rss.htm")]).encode())
        return None

    def _sitemap(self) -> str:
        rows = "".join(f"<url><loc>{escape(self.url(self.shape.article(i)))}</loc>"
                       f"<lastmod>{i.when:%Y-%m-%d}</lastmod></url>\n"
                       for i in sorted(self.content.items.values(), key=lambda i: i.number))
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                f"{rows}</urlset>\n")

    def _feed(self, cat: Category | None) -> str:
        pool = cat.items if cat else sorted(self.content.items.values(),
                                            key=lambda i: (i.when, i.number), reverse=True)
        items = "".join(f"<item><title>{escape(i.title)}</title>"
                        f"<link>{escape(self.url(self.shape.article(i)))}</link>"
                        f"<pubDate>{i.when:%a, %d %b %Y %H:%M:%S} +0700</pubDate></item>\n"
                        for i in pool[:FEED_ITEMS])
        return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
                f"<title>{escape(self.spec.title)}</title><link>{self.url('/')}</link>\n"
                f"{items}</channel></rss>\n")

    def _not_found(self) -> Answer:
        body = ("<html><head><meta charset=\"utf-8\"><title>Không tìm thấy trang</title></head>"
                "<body><h1>Không tìm thấy trang yêu cầu</h1></body></html>")
        return Answer(404, body.encode("utf-8"))
