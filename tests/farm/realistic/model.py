"""What a realistic portal is made of: its spec (portals.toml), categories and items."""

from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

PORTALS_PATH = Path(__file__).with_name("portals.toml")


@dataclass(frozen=True)
class PortalSpec:
    """One portal as portals.toml describes it."""

    name: str
    host: str
    shape: str
    kind: str
    province: str
    title: str
    bloc: int = 0
    bloc_home: str = "category"
    search: bool = False
    feed: str = ""
    sitemap: str = ""
    links: tuple[str, ...] = ()
    reached_from: str = ""
    tdkt_key: str = "thi-dua-khen-thuong"
    tdkt_label: str = ""
    site_path: str = ""
    moved_to: str = ""
    evidence: str = ""

    @property
    def base_url(self) -> str:
        return f"http://{self.host}"

    @property
    def registry_site(self) -> str:
        """The registry entry whose crawl is meant to reach this portal."""
        return self.reached_from or self.name


@dataclass
class Category:
    """A listing: a menu category, the bloc sub-category or the newspapers' topic page."""

    key: str
    label: str
    type: str
    cid: int
    parent: str | None = None
    children: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.items) // PER_PAGE))

    def page(self, number: int) -> list[Item]:
        return self.items[(number - 1) * PER_PAGE: number * PER_PAGE]


@dataclass
class Item:
    """One content page: an article (bloc, near miss, filler), a document or a static page."""

    portal: str
    key: str
    kind: str
    when: datetime
    title: str
    lead: str
    paragraphs: tuple[str, ...]
    home: str = ""
    number: int = 0
    byline: str = ""

    @property
    def is_bloc(self) -> bool:
        return self.kind == "bloc"


PER_PAGE = 10


def slugify(text: str, limit: int = 90) -> str:
    """ASCII slug as Vietnamese CMSs make them ("Khối thi đua" -> "khoi-thi-dua")."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug[:limit].rstrip("-")


def stable_int(text: str, low: int, high: int) -> int:
    """A number in [low, high) fixed by ``text`` (category ids, tokens)."""
    return low + zlib.crc32(text.encode()) % (high - low)


def token(text: str, size: int) -> str:
    """Hex digits fixed by ``text`` (SharePoint hex ids, GUIDs)."""
    return hashlib.sha1(text.encode()).hexdigest()[:size]


@dataclass(frozen=True)
class FarmSpec:
    """portals.toml: the portals and the menus by kind."""

    portals: tuple[PortalSpec, ...]
    menus: dict[str, list[dict[str, Any]]]
    sub: dict[str, Any]
    tag: dict[str, Any]

    def by_host(self, host: str) -> PortalSpec | None:
        host = host.lower().split(":", 1)[0].removeprefix("www.")
        return next((p for p in self.portals if p.host == host), None)


@lru_cache(maxsize=2)
def load_spec(path: Path = PORTALS_PATH) -> FarmSpec:
    """Read portals.toml once."""
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    portals = []
    for entry in raw["portal"]:
        entry = dict(entry)
        entry["links"] = tuple(entry.get("links", ()))
        portals.append(PortalSpec(**entry))
    menu = raw["menu"]
    return FarmSpec(tuple(portals), {k: menu[k] for k in ("portal", "department", "newspaper")},
                    menu["sub"], menu["tag"])
