"""The article's province: the site registry, the portal's domain, the host's or the
URL path's name, then the text.

Many pages never name their province (a Sở's news names "UBND tỉnh" only), and
provincial newspapers, broadcasters and departments are named after it
("baothainguyen.vn", "bacninhtv.vn", "ict-binhphuoc.gov.vn", ".../ldld-soc-trang/").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from crawler.errors import UnknownProvince
from crawler.urls import host_of
from crawler.vntext import fold

if TYPE_CHECKING:
    from crawler.sites import Site


@lru_cache(maxsize=256)
def _current_name(name: str) -> str | None:
    from crawler.provinces import load_provinces

    try:
        return load_provinces().current_name(name)
    except UnknownProvince:
        return None


@lru_cache(maxsize=1024)
def _province_of_host(host: str) -> str | None:
    """The province whose portal domain the host is on ("sonoivu.binhdinh.gov.vn"),
    else the one the host is named after ("baothainguyen.vn", "ict-binhphuoc.gov.vn",
    "bacninhtv.vn"): provincial newspapers, broadcasters and departments."""
    from crawler.provinces import load_provinces

    provinces = [p for p in load_provinces() if p.existed_before]
    for province in provinces:
        domain = province.domain
        if domain and (host == domain or host.endswith("." + domain)):
            return province.name
    labels = re.split(r"[.-]", host.lower())
    for province in provinces:
        for name in {_compact(province.name), *map(_compact, province.aliases)}:
            if len(name) >= 3 and any(_names_host(label, name) for label in labels):
                return province.name
    return None


@lru_cache(maxsize=1)
def _path_pattern() -> re.Pattern[str]:
    """Province names as URL path words: "tinh-dong-nai", "/ldld-soc-trang/", "/nghean/"."""
    from crawler.provinces import load_provinces

    names = sorted({n for p in load_provinces() if p.existed_before
                    for n in (_hyphens(p.name), *map(_hyphens, p.former_names)) if len(n) >= 5},
                   key=len, reverse=True)
    alt = "|".join(map(re.escape, names))
    return re.compile(rf"(?:/|\b(?:tinh|ldld|thanh-pho|tp|cong-an)-)(?P<n>{alt})(?=[/.-]|$)"
                      rf"|-(?P<e>{alt})/"
                      rf"|/(?P<c>{'|'.join(re.escape(n.replace('-', '')) for n in names)})/")


def _hyphens(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


def _province_of_path(url: str) -> str | None:
    """The province a URL path names ("/cum-1-cua-tinh-tra-vinh", "/ldld-soc-trang/")."""
    from crawler.provinces import load_provinces

    path = fold(urlsplit(url).path)
    match = _path_pattern().search(path)
    if not match:
        return None
    name = match.group("n") or match.group("e") or match.group("c")
    return load_provinces().resolve(name.replace("-", " ")).name


_HOST_AFFIXES = re.compile(r"^(?:bao|truyenhinh|dai|so|ptth|tinhdoan|congan|congdoan|www)?"
                           r"(?P<n>[a-z]+?)"
                           r"(?:tv|online|news|portal|city|ngaynay)?$")


def _names_host(label: str, name: str) -> bool:
    match = _HOST_AFFIXES.match(label)
    if bool(match) and match.group("n") == name:
        return True
    # "sogddtsonla", "lienminhhtxyenbai", "daklakff": a long name at either end of the label
    return (len(name) >= 5 and label.endswith(name)) or (len(name) >= 6 and label.startswith(name))


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def provinces_of(site: Site | None, url: str, title: str | None,
                 text: str) -> tuple[str | None, str | None]:
    """Province from the site registry, then the portal's domain, then the text.

    Many pages never name their province (a Sở's news names "UBND tỉnh" only).
    """
    from crawler.provinces import load_provinces

    name = site.province if site is not None else _province_of_host(host_of(url))
    if name is None:
        name = _province_of_path(url)
    if name is None:
        name = load_provinces().find_in_text(f"{title or ''}\n{text}")
    return (name, _current_name(name)) if name else (None, None)
