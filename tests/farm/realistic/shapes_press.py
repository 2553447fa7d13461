"""URL shapes of the realistic newspaper portals (provincial papers' CMSs)."""

from __future__ import annotations

from tests.farm.realistic.model import Category, Item
from tests.farm.realistic.shapes import Shape


class PressAId(Shape):
    """Tây Ninh style: /<slug>-a<id>.html, sections /<cat>/?page=N, tags /tag/<slug>.html.

    Real: baotayninh.vn/<slug>-a60817.html and baotayninh.vn/xa-hoi/?page=21.
    """

    search_path = "/tim-kiem.html"
    search_field = "keywords"
    skin = "press"
    date_style = "Cập nhật ngày: {d:%d/%m/%Y - %H:%M}"
    pager_labels = ("Trang trước", "Trang sau")

    def category(self, cat: Category, page: int = 1) -> str:
        base = f"/tag/{cat.key}.html" if cat.type == "tag" else f"/{cat.key}/"
        return base if page == 1 else f"{base}?page={page}"

    def article(self, item: Item) -> str:
        return f"/{item.key}-a{item.number}.html"


class PressHtmId(Shape):
    """Thanh Hóa style: /<cat>/<slug>/<id>.htm, sections /<cat>.htm, pages /<cat>/trang-N.htm.

    Real: baothanhhoa.vn/doi-song-xa-hoi/<slug>/112434.htm. RSS files per section
    are listed on /rss.htm (linked in the footer).
    """

    skin = "press"
    date_style = "{d:%H:%M} {d:%d/%m/%Y}"

    def category(self, cat: Category, page: int = 1) -> str:
        base = f"/tag/{cat.key}" if cat.type == "tag" else f"/{cat.key}"
        return f"{base}.htm" if page == 1 else f"{base}/trang-{page}.htm"

    def article(self, item: Item) -> str:
        return f"/{item.home}/{item.key}/{item.number}.htm"

    def feed(self, cat: Category | None) -> str:
        return f"/rss/{cat.key}.rss" if cat else "/rss/home.rss"


class PressPCat(Shape):
    """Ninh Thuận style: /news/<id>p<group>c<cat>/<slug>.htm.

    Real: baoninhthuan.com.vn/news/114904p24c32/<slug>.htm; sections here are
    /news/p24c<cat>/<slug>.htm, shaped like the articles.
    """

    search_path = "/search.htm"
    search_field = "keyword"
    skin = "press"
    date_style = "{d:%d/%m/%Y | %H:%M} GMT+7"

    def category(self, cat: Category, page: int = 1) -> str:
        base = f"/news/p24c{cat.cid}/{cat.key}.htm"
        return base if page == 1 else f"{base}?page={page}"

    def article(self, item: Item) -> str:
        cid = self.categories[item.home].cid
        return f"/news/{item.number}p24c{cid}/{item.key}.htm"


class PressPost(Shape):
    """Post-id newspaper: /<slug>-post<id>.html, sections /<cat>/, pages /<cat>/trang-N.

    Issue 9's list of real newspaper id forms (-post1234.html); topics
    /chu-de/<slug>-t<id>.html.
    """

    skin = "press"
    date_style = "{d:%d/%m/%Y %H:%M}"

    def category(self, cat: Category, page: int = 1) -> str:
        base = f"/chu-de/{cat.key}-t{cat.cid}.html" if cat.type == "tag" else f"/{cat.key}/"
        if page == 1:
            return base
        return f"{base}?page={page}" if cat.type == "tag" else f"{base}trang-{page}"

    def article(self, item: Item) -> str:
        return f"/{item.key}-post{item.number}.html"


PRESS_SHAPES: dict[str, type[Shape]] = {
    "press_a_id": PressAId, "press_htm_id": PressHtmId, "press_pcat": PressPCat,
    "press_post": PressPost,
}
