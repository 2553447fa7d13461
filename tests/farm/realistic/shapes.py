"""URL shapes of the realistic portals, one class per real platform (see portals.toml).

Every URL a realistic page prints is built here; the site's route table is
built from the same functions, so a page can only link to what is served.
Each class names the real URL it models in its docstring.
"""

from __future__ import annotations

from urllib.parse import quote, quote_plus

from tests.farm.realistic.model import Category, Item, PortalSpec, slugify, token


class Shape:
    """Defaults: a plain CMS with /<category> listings and ?page=N."""

    home = "/"
    root_redirect = False
    search_path = "/tim-kiem"
    search_field = "q"
    page_param = "page"
    disallow: tuple[str, ...] = ("/admin/",)
    date_style = "{d:%d/%m/%Y %H:%M}"
    pager_labels = ("« Trước", "Sau »")
    skin = "portal"
    login = ""          # the header's login link, under a robots.txt-disallowed path

    def __init__(self, spec: PortalSpec, categories: dict[str, Category]) -> None:
        self.spec = spec
        self.categories = categories

    def parent(self, cat: Category) -> Category | None:
        return self.categories.get(cat.parent) if cat.parent else None

    def category(self, cat: Category, page: int = 1) -> str:
        base = f"/{cat.key}"
        return base if page == 1 else f"{base}?{self.page_param}={page}"

    def article(self, item: Item) -> str:
        return f"/{item.home}/{item.key}-{item.number}.html"

    def link(self, item: Item, via: str | None = None) -> str:
        """The URL a listing (``via`` its category key) prints for ``item``."""
        return self.article(item)

    def static(self, key: str) -> str:
        return f"/{key}"

    def search(self, query: str, page: int = 1) -> str:
        url = f"{self.search_path}?{self.search_field}={quote_plus(query)}"
        return url if page == 1 else f"{url}&{self.page_param}={page}"

    def parse_search(self, path: str, query: dict[str, str]) -> tuple[str, int] | None:
        if path != self.search_path or self.search_field not in query:
            return None
        return query[self.search_field], int(query.get(self.page_param, "1"))

    def ignored_params(self) -> tuple[str, ...]:
        """Query parameters the platform ignores when serving (tracking, redirects)."""
        return ()


class SharePointNested(Shape):
    """SharePoint department site: /Pages/<cat>-<id>/<sub>-<id>/<slug>-<hex16>.aspx.

    Real: sonoivu.backan.gov.vn/Pages/thong-tin-hoat-dong-387/tin-tuc-417/
    <slug>-1bdc6d0a338797d4.aspx; its category pages are /Pages/<cat>-<id>.aspx too
    (they look like articles).
    """

    home = "/Pages/default.aspx"
    root_redirect = True
    search_path = "/Pages/ket-qua-tim-kiem.aspx"
    search_field = "k"
    page_param = "PageIndex"
    disallow = ("/_layouts/", "/_vti_bin/", "/Lists/")
    login = "/_layouts/15/Authenticate.aspx?Source=%2FPages%2Fdefault.aspx"
    date_style = "( Cập nhật lúc: {d:%d/%m/%Y} )"
    pager_labels = ("Trang trước", "Trang sau")
    skin = "sharepoint"

    def _dir(self, cat: Category) -> str:
        up = self.parent(cat)
        own = f"{cat.key}-{cat.cid}"
        return f"{self._dir(up)}/{own}" if up else f"/Pages/{own}"

    def category(self, cat: Category, page: int = 1) -> str:
        base = self._dir(cat) + ".aspx"
        return base if page == 1 else f"{base}?PageIndex={page}"

    def article(self, item: Item) -> str:
        slug = item.key[:34].rstrip("-")
        return f"{self._dir(self.categories[item.home])}/{slug}-{token(item.key, 16)}.aspx"

    def static(self, key: str) -> str:
        return f"/Pages/{key}.aspx"


class SharePointTrang(Shape):
    """SharePoint portal with Vietnamese page libraries: /<year>/Trang/<slug>.aspx (no id).

    Real: haiduong.gov.vn/2024/Trang/ky-giao-uoc-thi-dua.aspx. Categories are
    /Trang/<cat>.aspx; list paging is SharePoint's ?Paged=TRUE&PageFirstRow=N.
    """

    home = "/Trang/TrangChu.aspx"
    root_redirect = True
    search_path = "/Trang/TimKiem.aspx"
    search_field = "k"
    disallow = ("/_layouts/", "/_vti_bin/")
    login = "/_layouts/15/Authenticate.aspx?Source=%2FTrang%2FTrangChu.aspx"
    date_style = "{d:%d/%m/%Y}"
    skin = "sharepoint"

    def category(self, cat: Category, page: int = 1) -> str:
        up = self.parent(cat)
        base = f"/{up.key}/Trang/{cat.key}.aspx" if up else f"/Trang/{cat.key}.aspx"
        return base if page == 1 else f"{base}?Paged=TRUE&PageFirstRow={(page - 1) * 10 + 1}"

    def article(self, item: Item) -> str:
        return f"/{item.when.year}/Trang/{item.key[:60].rstrip('-')}.aspx"

    def static(self, key: str) -> str:
        return f"/Trang/{key}.aspx"

    def search(self, query: str, page: int = 1) -> str:
        url = f"{self.search_path}?k={quote_plus(query)}"
        return url if page == 1 else f"{url}&PageFirstRow={(page - 1) * 10 + 1}"

    def parse_search(self, path: str, query: dict[str, str]) -> tuple[str, int] | None:
        if path != self.search_path or "k" not in query:
            return None
        return query["k"], (int(query.get("PageFirstRow", "1")) - 1) // 10 + 1


class LiferayAsset(Shape):
    """Liferay 7 portal: /<layout>/-/asset_publisher/<inst>/content/<slug>?redirect=...

    Real: thainguyen.gov.vn/thi-dua-yeu-nuoc/-/asset_publisher/L0n17VJXU23O/content/<slug>
    ?redirect=%2Fthi-dua-yeu-nuoc&inheritRedirect=true: the same article under
    as many URLs as pages that link it (the redirect names the linking page).
    """

    skin = "liferay"
    date_style = "{d:%d-%m-%Y %H:%M}"
    pager_labels = ("Trước", "Tiếp theo")

    def _portlet(self, cat: Category) -> str:
        return ("com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet_INSTANCE_"
                + token(self.spec.name + cat.key, 12))

    def category(self, cat: Category, page: int = 1) -> str:
        if page == 1:
            return f"/{cat.key}"
        p = self._portlet(cat)
        return (f"/{cat.key}?p_p_id={p}&p_p_lifecycle=0&p_p_state=normal&p_p_mode=view"
                f"&_{p}_delta=10&_{p}_cur={page}")

    def article(self, item: Item) -> str:
        inst = token(self.spec.name + item.home, 12)
        return f"/{item.home}/-/asset_publisher/{inst}/content/{item.key}"

    def link(self, item: Item, via: str | None = None) -> str:
        back = quote(f"/{via}" if via else "/", safe="")
        return f"{self.article(item)}?redirect={back}&inheritRedirect=true"

    def ignored_params(self) -> tuple[str, ...]:
        return ("redirect", "inheritRedirect")


class LiferaySite(Shape):
    """Liferay department site: /web/<site>/xem-chi-tiet/-/asset_publisher/Content/<slug>?<id>.

    Real: sovhttdl.quangngai.gov.vn/web/so-van-hoa-the-thao-va-du-lich/xem-chi-tiet/
    -/asset_publisher/Content/<slug>?17007863 (a bare number as the query).
    """

    root_redirect = True
    skin = "liferay"
    date_style = "{d:%d/%m/%Y %H:%M}"

    @property
    def home(self) -> str:  # type: ignore[override]
        return self.spec.site_path

    def category(self, cat: Category, page: int = 1) -> str:
        base = f"{self.spec.site_path}/{cat.key}"
        inst = f"101_INSTANCE_{token(self.spec.name + cat.key, 8)}"
        return base if page == 1 else f"{base}?p_p_id={inst}&_{inst}_cur={page}"

    def article(self, item: Item) -> str:
        return (f"{self.spec.site_path}/xem-chi-tiet/-/asset_publisher/Content/"
                f"{item.key[:80].rstrip('-')}?{item.number}")

    def static(self, key: str) -> str:
        return f"{self.spec.site_path}/{key}"


class LiferayFriendly(Shape):
    """Liferay web content by friendly URL: /web/<site>/-/<slug>, no id at all.

    Issue 9's list of real Liferay shapes (/web/<site>/-/<slug>); listings are
    /web/<site>/<layout> with the search container's ?start=N&delta=10.
    """

    root_redirect = True
    skin = "liferay"
    date_style = "Ngày đăng: {d:%d/%m/%Y}"
    search_path = "/web/guest/tim-kiem"
    search_field = "keywords"

    @property
    def home(self) -> str:  # type: ignore[override]
        return "/web/guest/trang-chu"

    def category(self, cat: Category, page: int = 1) -> str:
        base = f"/web/guest/{cat.key}"
        return base if page == 1 else f"{base}?start={(page - 1) * 10}&delta=10"

    def article(self, item: Item) -> str:
        return f"/web/guest/-/{item.key}"

    def static(self, key: str) -> str:
        return f"/web/guest/{key}"

    def search(self, query: str, page: int = 1) -> str:
        url = f"{self.search_path}?keywords={quote_plus(query)}"
        return url if page == 1 else f"{url}&start={(page - 1) * 10}"

    def parse_search(self, path: str, query: dict[str, str]) -> tuple[str, int] | None:
        if path != self.search_path or "keywords" not in query:
            return None
        return query["keywords"], int(query.get("start", "0")) // 10 + 1


class NukeVietVi(Shape):
    """NukeViet 4: /vi/news/<cat>/<slug>-<id>.html, pages /vi/news/<cat>/page-N/, /vi/news/rss/.

    Real: hoinhabao.thainguyen.gov.vn/vi/news/chinh-tri-thoi-su/<slug>-4198.html, with
    <link rel="alternate"> RSS per category in every page's head.
    """

    search_path = "/vi/seek/"
    skin = "nukeviet"
    date_style = "{d:%d/%m/%Y %H:%M}"

    def category(self, cat: Category, page: int = 1) -> str:
        return f"/vi/news/{cat.key}/" + ("" if page == 1 else f"page-{page}/")

    def article(self, item: Item) -> str:
        return f"/vi/news/{item.home}/{item.key}-{item.number}.html"

    def static(self, key: str) -> str:
        return f"/vi/about/{key}.html"

    def parse_search(self, path: str, query: dict[str, str]) -> tuple[str, int] | None:
        if path == "/index.php" and query.get("nv") == "seek" and "q" in query:
            return query["q"], int(query.get("page", "1"))
        return super().parse_search(path, query)

    def feed(self, cat: Category | None) -> str:
        return f"/vi/news/rss/{cat.key}/" if cat else "/vi/news/rss/"


class NukeVietOp(Shape):
    """Older NukeViet: everything is /index.php?language=vi&nv=news&op=<Cat>/<Slug>-<id>.

    Real: dbnd.hagiang.gov.vn/index.php?nv=news&op=VAN-PHONG-DOAN-DBQH-HDND/<Slug>-3317.
    """

    home = "/index.php?language=vi&nv=news"
    skin = "nukeviet"

    def category(self, cat: Category, page: int = 1) -> str:
        op = cat.key.upper() + ("" if page == 1 else f"/page-{page}")
        return f"/index.php?language=vi&nv=news&op={op}"

    def article(self, item: Item) -> str:
        slug = "-".join(w.capitalize() for w in item.key.split("-"))
        return f"/index.php?language=vi&nv=news&op={item.home.upper()}/{slug}-{item.number}"

    def static(self, key: str) -> str:
        return f"/index.php?language=vi&nv=about&op={key}.html"


class WebCenter(Shape):
    """Oracle WebCenter: /webcenter/portal/ubnd/pages_tin-tuc/chi-tiet?dDocName=PORTAL<id>.

    Real: quangnam.gov.vn/webcenter/portal/ubnd/pages_tin-tuc/chi-tiet?dDocName=PORTAL512708:
    every article on one path, told apart by the query alone.
    """

    home = "/webcenter/portal/ubnd"
    root_redirect = True
    search_path = "/webcenter/portal/ubnd/pages_tim-kiem"
    search_field = "keyword"
    page_param = "pageNo"
    skin = "webcenter"
    date_style = "{d:%d/%m/%Y}"

    def category(self, cat: Category, page: int = 1) -> str:
        up = self.parent(cat)
        base = (f"{self.home}/pages_{up.key}/{cat.key}" if up else f"{self.home}/pages_{cat.key}")
        return base if page == 1 else f"{base}?pageNo={page}"

    def article(self, item: Item) -> str:
        return f"{self.home}/pages_tin-tuc/chi-tiet?dDocName=PORTAL{item.number * 61 + 1000}"

    def static(self, key: str) -> str:
        return f"{self.home}/pages_{key}"


class DnnGuid(Shape):
    """DotNetNuke portal: /<Cat>/tabid/<n>/Default.aspx listings, GUID article paths.

    The dnn family's shape (crawler/data/families.toml): /tin-tuc/<slug>-<guid>.html.
    """

    skin = "dnn"
    disallow = ("/Admin/", "/Login.aspx")
    login = "/Login.aspx?returnurl=%2f"

    def _tab(self, cat: Category) -> str:
        return "-".join(w.capitalize() for w in cat.key.split("-")) + f"/tabid/{cat.cid}"

    def category(self, cat: Category, page: int = 1) -> str:
        base = f"/{self._tab(cat)}"
        return f"{base}/Default.aspx" if page == 1 else f"{base}/currentpage/{page}/Default.aspx"

    def article(self, item: Item) -> str:
        g = token(item.key, 32)
        guid = f"{g[:8]}-{g[8:12]}-{g[12:16]}-{g[16:20]}-{g[20:]}"
        return f"/tin-tuc/{item.key[:70].rstrip('-')}-{guid}.html"

    def static(self, key: str) -> str:
        return f"/{key.capitalize()}/tabid/{100 + len(key)}/Default.aspx"


class SnvTrang(Shape):
    """Sở Nội vụ CMS: /trang/TinTuc/<catid>/<id>/<Slug>.html.

    Real: snv.kiengiang.gov.vn/trang/TinTuc/18/1969/<Slug>.html; its categories
    (/trang/ChuyenMuc/<catid>/<Slug>.html here) end in .html as well.
    """

    search_path = "/trang/TimKiem.html"
    search_field = "tukhoa"
    page_param = "trang"
    skin = "portal"

    @staticmethod
    def _title(text: str) -> str:
        return "-".join(w.capitalize() for w in slugify(text).split("-"))

    def category(self, cat: Category, page: int = 1) -> str:
        base = f"/trang/ChuyenMuc/{cat.cid}/{self._title(cat.label)}.html"
        return base if page == 1 else f"{base}?trang={page}"

    def article(self, item: Item) -> str:
        cid = self.categories[item.home].cid
        return f"/trang/TinTuc/{cid}/{item.number}/{self._title(item.title)[:90].rstrip('-')}.html"

    def static(self, key: str) -> str:
        return f"/trang/GioiThieu/{self._title(key)}.html"


class DistrictNoExt(Shape):
    """District portal: /<cat>/<slug>-<id>, no extension.

    Real: kienan.haiphong.gov.vn/tin-tuc-su-kien/<slug>-676275.
    """

    def article(self, item: Item) -> str:
        return f"/{item.home}/{item.key}-{item.number}"


SHAPES: dict[str, type[Shape]] = {
    "sharepoint_nested": SharePointNested, "sharepoint_trang": SharePointTrang,
    "liferay_asset": LiferayAsset, "liferay_site": LiferaySite,
    "liferay_friendly": LiferayFriendly, "nukeviet_vi": NukeVietVi,
    "nukeviet_op": NukeVietOp, "webcenter": WebCenter, "dnn_guid": DnnGuid,
    "snv_trang": SnvTrang, "district_noext": DistrictNoExt,
}
