"""Where the farm misbehaves, decided once from the catalog (see README.md).

Always on (issue 2): a 500 that succeeds on retry, a dead link, a 301 from an
old address, a page whose Content-Type header names the wrong charset.
Fault mode (issue 5): 5% of first responses 5xx (by URL hash), slow pages,
truncated bodies, a redirect loop, a 10 MB page, PNG bytes served as
text/html, an infinite calendar, a page that always answers 503.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from tests.farm.catalog import Catalog
from tests.farm.corpus import CorpusArticle
from tests.farm.urls import article_path, legacy_path, request_key

TRAP_BASE = 990_000
FLAKY_PERCENT = 5
_TRAP_PAGES = {  # kind -> (slug, title shown in the listing)
    "slow": ("bao-cao-so-lieu-thi-dua-tong-hop", "Báo cáo số liệu thi đua tổng hợp các khối"),
    "truncated": ("danh-sach-de-nghi-khen-thuong-dot-2",
                  "Danh sách đề nghị khen thưởng đợt 2"),
    "huge": ("toan-van-huong-dan-cham-diem-thi-dua", "Toàn văn hướng dẫn chấm điểm thi đua"),
    "binary": ("anh-hoi-nghi-giao-uoc-thi-dua", "Ảnh hội nghị ký kết giao ước thi đua"),
    "redirect_loop": ("tin-chuyen-trang", "Tin chuyển trang: lịch công tác khối thi đua"),
    "server_error": ("lich-tiep-cong-dan-cua-ban", "Lịch tiếp công dân của Ban"),
}


@dataclass
class Placement:
    """One fault: the request it answers and how it is linked."""

    kind: str
    site: str
    url: str
    title: str = ""
    target: str = ""               # redirect destination / the article behind it


@dataclass
class FaultPlan:
    """Every fault of one farm, keyed by (site, request key)."""

    by_key: dict[tuple[str, str], Placement] = field(default_factory=dict)
    listing_links: dict[str, list[Placement]] = field(default_factory=dict)  # site -> extras
    renamed: dict[tuple[str, int], str] = field(default_factory=dict)  # listed under old URL
    calendars: set[str] = field(default_factory=set)

    def add(self, placement: Placement, host: str, linked: bool = True) -> None:
        path = placement.url[len("http://" + host):]
        self.by_key[(placement.site, request_key(path))] = placement
        if linked:
            self.listing_links.setdefault(placement.site, []).append(placement)

    def urls(self) -> dict[str, list[str]]:
        """Fault kind -> URLs, for tests and the README."""
        out: dict[str, list[str]] = {}
        for p in self.by_key.values():
            out.setdefault(p.kind, []).append(p.url)
            if p.kind == "redirect":
                out.setdefault("redirect_target", []).append(p.target)
        return out


def _pick(catalog: Catalog, preferred: str, used: set[int]) -> CorpusArticle | None:
    sites = [preferred] + [s for s in catalog.config.portals if s != preferred]
    for site in sites:
        base = catalog.listing(site, "bloc").base
        for article in [a for a in base if a.is_bloc_news] + base:
            if id(article) not in used:
                used.add(id(article))
                return article
    return None


def plan_faults(catalog: Catalog, fault_mode: bool, today: date) -> FaultPlan:
    """Place the always-on faults, and the traps when ``fault_mode``."""
    plan = FaultPlan()
    portals = catalog.config.portals
    used: set[int] = set()
    for kind in ("retry_500", "redirect", "wrong_charset"):
        article = _pick(catalog, catalog.config.faults[kind], used)
        if article is None:
            continue
        portal = portals[article.site]
        if kind == "redirect":
            old = portal.base_url + legacy_path(portal, article.category, article.slug,
                                                article.number, article.day)
            plan.add(Placement(kind, article.site, old, target=article.url), portal.host, False)
            plan.renamed[(article.site, article.number)] = old
        else:
            plan.add(Placement(kind, article.site, article.url, target=article.url),
                     portal.host, False)
    dead_site = portals[catalog.config.faults["dead_link"]]
    dead = dead_site.base_url + article_path(
        dead_site, "bloc", "hoi-nghi-giao-ban-khoi-thi-dua-quy-iii", TRAP_BASE, today)
    plan.add(Placement("dead_link", dead_site.name, dead,
                       "Hội nghị giao ban Khối thi đua quý III"), dead_site.host)
    if fault_mode:
        for j, (site, kind) in enumerate(catalog.config.traps, start=1):
            portal = portals[site]
            if kind == "calendar":
                plan.calendars.add(site)
                continue
            slug, title = _TRAP_PAGES[kind]
            url = portal.base_url + article_path(portal, "bloc", slug, TRAP_BASE + 2 * j, today)
            placement = Placement(kind, site, url, title)
            if kind == "redirect_loop":
                placement.target = portal.base_url + article_path(
                    portal, "bloc", slug + "-2", TRAP_BASE + 2 * j + 1, today)
                plan.add(Placement(kind, site, placement.target, title, target=url),
                         portal.host, False)
            plan.add(placement, portal.host)
    return plan


def is_flaky(url: str) -> bool:
    """Whether fault mode answers the first request for ``url`` with a 5xx."""
    digest = hashlib.sha1(url.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % 100 < FLAKY_PERCENT


def flaky_status(url: str) -> int:
    """Which 5xx a flaky URL answers first (stable per URL)."""
    return (500, 502, 503, 504)[hashlib.sha1(url.encode("utf-8")).digest()[4] % 4]


@lru_cache(maxsize=1)
def png_bytes(size: int = 96) -> bytes:
    """A real PNG (a gradient), deterministic, for the binary-as-HTML fault."""
    rows = b"".join(b"\x00" + bytes((x * 7 + y * 3) % 256 for x in range(size * 3))
                    for y in range(size))

    def chunk(tag: bytes, data: bytes) -> bytes:
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


@lru_cache(maxsize=1)
def huge_page(megabytes: int = 10) -> bytes:
    """A valid HTML page of ``megabytes`` MB: an annex table nobody should archive."""
    row = ("<tr><td>{n}</td><td>Đơn vị thành viên khối thi đua</td>"
           "<td>Hoàn thành xuất sắc nhiệm vụ</td><td>95,5 điểm</td></tr>\n")
    head = ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
            "<title>Phụ lục chấm điểm thi đua</title></head><body><table>\n")
    parts = [head.encode()]
    total, n = len(parts[0]), 0
    while total < megabytes * 1024 * 1024:
        n += 1
        line = row.format(n=n).encode()
        parts.append(line)
        total += len(line)
    parts.append(b"</table></body></html>\n")
    return b"".join(parts)
