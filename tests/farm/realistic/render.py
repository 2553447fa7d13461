"""HTML of the realistic portals: a government-portal shell around home, listing,
article, search and static pages. Pure functions of a `RealisticSite`.

Class names and date lines vary by platform skin; the structure is what such
portals show: header with today's date and a search form, a menu with the
thi-đua category (and its sub-category as a drop-down), breadcrumb, main
column, a "Tin nổi bật" side box, a links box, and a long footer.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from tests.farm.realistic.model import Category, Item
from tests.farm.render import today_line

if TYPE_CHECKING:
    from tests.farm.realistic.site import RealisticSite

_IMAGE = re.compile(r"\.(?:jpe?g|png|gif)$", re.IGNORECASE)
EXTERNAL = (("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn/"),
            ("Cổng thông tin điện tử Chính phủ", "https://chinhphu.vn/"))


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _a(url: str, text: str, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f'<a href="{_e(url)}"{attr}>{_e(text)}</a>'


def _sub_links(site: RealisticSite, cat: Category) -> str:
    children = [site.content.categories[c] for c in cat.children]
    return "".join(f"<li>{_a(site.shape.category(c), c.label)}</li>" for c in children)


def _menu(site: RealisticSite) -> str:
    out = [f"<li>{_a(site.shape.home, 'Trang chủ')}</li>"]
    for entry in site.content.menu:
        if entry["type"] == "static":
            out.append(f"<li>{_a(site.shape.static(entry['key']), entry['label'])}</li>")
            continue
        cat = site.content.categories[entry["key"]]
        subs = _sub_links(site, cat)
        out.append(f"<li>{_a(site.shape.category(cat), cat.label)}"
                   + (f'<ul class="sub-menu">{subs}</ul>' if subs else "") + "</li>")
    return f'<ul class="menu {site.shape.skin}-nav">{"".join(out)}</ul>'


def _search_form(site: RealisticSite) -> str:
    if not site.spec.search:
        return ""
    return (f'<form class="search" action="{_e(site.shape.search_path)}" method="get">'
            f'<input type="text" name="{site.shape.search_field}" placeholder="Tìm kiếm..."/>'
            '<button type="submit">Tìm kiếm</button></form>')


def _login(site: RealisticSite) -> str:
    if not site.shape.login:
        return ""
    return f' <a href="{_e(site.shape.login)}" class="login">Đăng nhập</a>'


def _side(site: RealisticSite) -> str:
    hot = "".join(f"<li>{_a(site.shape.link(i), i.title)}</li>" for i in site.highlights)
    links = [(site.title_of(h), f"http://{h}/") for h in site.spec.links] + list(EXTERNAL)
    box = "".join(f"<li>{_a(url, text)}</li>" for text, url in links)
    return (f'<div class="side-box"><h3>Tin nổi bật</h3><ul>{hot}</ul></div>'
            f'<div class="side-box links"><h3>Liên kết website</h3><ul>{box}</ul></div>')


def _footer(site: RealisticSite) -> str:
    spec = site.spec
    extra = []
    tag = site.content.categories.get("thi-dua-yeu-nuoc")
    if tag is not None and tag.type == "tag":
        extra.append("Chủ đề: " + _a(site.shape.category(tag), tag.label))
    if spec.feed == "page":
        extra.append(_a("/rss.htm", "RSS"))
    lines = [f"Bản quyền thuộc {spec.title}.",
             f"Cơ quan chủ quản: Ủy ban nhân dân tỉnh {spec.province}.",
             "Ghi rõ nguồn khi phát hành lại thông tin từ trang này.", *extra]
    return "".join(f"<p>{line}</p>" for line in lines)


def shell(site: RealisticSite, title: str, main: str, crumbs: list[tuple[str, str]],
          head_extra: str = "") -> str:
    """The page around ``main``."""
    skin = site.shape.skin
    crumb = " » ".join([_a(site.shape.home, "Trang chủ")] + [_a(u, t) for t, u in crumbs])
    today = today_line("liferay" if skin == "liferay" else "aspnet", site.today)
    feeds = "".join(f'<link rel="alternate" type="application/rss+xml" title="{_e(t)}" '
                    f'href="{_e(u)}"/>' for t, u in site.alternate_feeds())
    return ('<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8"/>'
            f"<title>{_e(title)}</title>{feeds}{head_extra}</head>\n"
            f'<body class="{skin}"><div id="wrapper">'
            f'<div id="header"><a class="logo" href="{_e(site.shape.home)}">'
            f'<img src="/images/logo.png" alt="{_e(site.spec.title)}"/></a>'
            f'<span class="site-name">{_e(site.spec.title)}</span>'
            f'<span class="today">{today}</span>{_login(site)}{_search_form(site)}</div>\n'
            f'<div id="nav">{_menu(site)}</div>\n<div class="breadcrumb">{crumb}</div>\n'
            f'<div id="main">{main}</div>\n<div id="aside">{_side(site)}</div>\n'
            f'<div id="footer">{_footer(site)}</div></div></body></html>\n')


def _teaser(site: RealisticSite, item: Item, via: str | None) -> str:
    sapo = item.lead if len(item.lead) <= 200 else item.lead[:197].rsplit(" ", 1)[0] + "..."
    return (f'<li class="news-item"><h3>{_a(site.shape.link(item, via), item.title)}</h3>'
            f'<span class="date">{_e(site.date_of(item))}</span>'
            f'<p class="sapo">{_e(sapo)}</p></li>')


def _pager(site: RealisticSite, page: int, pages: int, url) -> str:  # noqa: ANN001 - callable
    if pages <= 1:
        return ""
    prev_label, next_label = site.shape.pager_labels
    out = [_a(url(page - 1), prev_label)] if page > 1 else []
    for n in range(max(1, page - 2), min(pages, page + 2) + 1):
        out.append(f'<span class="current">{n}</span>' if n == page else _a(url(n), str(n)))
    if page < pages:
        out += [_a(url(page + 1), next_label), _a(url(pages), "Trang cuối")]
    return f'<div class="pager">{" ".join(out)}</div>'


def home_main(site: RealisticSite) -> str:
    """Newest non-bloc stories of each category, with a "Xem thêm" link."""
    boxes = []
    for cat in site.content.categories.values():
        if cat.parent or cat.type == "tag":
            continue
        shown = [i for i in cat.items if not i.is_bloc][:4]
        items = "".join(_teaser(site, i, None) for i in shown)
        boxes.append(f'<div class="home-box"><h2>{_a(site.shape.category(cat), cat.label)}</h2>'
                     f'<ul class="list-news">{items}</ul>'
                     f'{_a(site.shape.category(cat), "Xem thêm", "more")}</div>')
    return "\n".join(boxes)


def listing_main(site: RealisticSite, cat: Category, page: int) -> str:
    """One page of a category: sub-categories, ten teasers, the pager."""
    subs = _sub_links(site, cat)
    subs = f'<ul class="sub-categories">{subs}</ul>' if subs else ""
    items = "".join(_teaser(site, i, cat.key) for i in cat.page(page))
    pager = _pager(site, page, cat.pages, lambda n: site.shape.category(cat, n))
    return (f'<div class="category"><h1 class="cat-title">{_e(cat.label)}</h1>{subs}'
            f'<ul class="list-news">{items}</ul>{pager}</div>')


def search_main(site: RealisticSite, query: str, page: int, found: list[Item]) -> str:
    """Site-search results, ten a page."""
    pages = max(1, -(-len(found) // 10))
    items = "".join(_teaser(site, i, None) for i in found[(page - 1) * 10: page * 10])
    pager = _pager(site, page, pages, lambda n: site.shape.search(query, n))
    return (f'<div class="search-result"><h1>Kết quả tìm kiếm</h1>'
            f'<p>Tìm thấy {len(found)} kết quả cho từ khóa "{_e(query)}"</p>'
            f'<ul class="list-news">{items}</ul>{pager}</div>')


def _body(item: Item) -> str:
    out = []
    for p in item.paragraphs:
        if _IMAGE.search(p):
            out.append(f'<p style="text-align:center"><img src="/uploads/news/{_e(p)}" '
                       f'alt="{_e(p)}"/></p>')
        else:
            out.append(f"<p>{_e(p)}</p>")
    return "\n".join(out)


def article_main(site: RealisticSite, item: Item, related: list[Item]) -> str:
    """One story: title, date line, lead, body, byline, "Tin khác" (newer stories only)."""
    lead = f'<div class="sapo"><strong>{_e(item.lead)}</strong></div>' if item.lead else ""
    byline = f'<p class="author"><strong>{_e(item.byline)}</strong></p>' if item.byline else ""
    others = "".join(f"<li>{_a(site.shape.link(r, item.home), r.title)} "
                     f'<span class="date">({_e(site.date_of(r))})</span></li>' for r in related)
    others = (f'<div class="other-news"><h3>Tin khác</h3><ul>{others}</ul></div>'
              if others else "")
    return (f'<div class="news-detail"><h1 class="title">{_e(item.title)}</h1>'
            f'<div class="date">{_e(site.date_of(item))}</div>{lead}'
            f'<div class="content">{_body(item)}</div>{byline}'
            '<div class="tools"><a href="javascript:window.print()">In bài viết</a></div>'
            f"{others}</div>")


def static_main(item: Item) -> str:
    body = "".join(f"<p>{_e(p)}</p>" for p in item.paragraphs)
    return f'<div class="static-page"><h1>{_e(item.title)}</h1><p>{_e(item.lead)}</p>{body}</div>'


def login_main() -> str:
    return ('<form class="login" method="post" action=""><label>Tên đăng nhập</label>'
            '<input name="user"/><label>Mật khẩu</label><input type="password" name="pass"/>'
            '<button type="submit">Đăng nhập</button></form>')
