"""The farm's own description of each farm site, read from portals.toml.

Kept apart from the crawler's registry (tests/farm/sites.toml) on purpose: the
crawler must find its way from start URLs and patterns, never from how the farm
builds its pages.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

PORTALS_PATH = Path(__file__).with_name("portals.toml")
CATEGORIES = ("bloc", "general")


@dataclass(frozen=True)
class Section:
    """One listing of a site: its family-specific key, heading and article section."""

    key: str
    title: str
    section: str = ""


@dataclass(frozen=True)
class Portal:
    """How the farm dresses one site (host, family, listings, boilerplate)."""

    name: str
    host: str
    family: str
    site_title: str
    bloc: Section
    general: Section
    disallow: tuple[str, ...] = ()
    search_link: str = "/"
    nav: tuple[str, ...] = ()
    footer: tuple[str, ...] = ()
    sidebar: tuple[str, ...] = ()
    notice: str = ""
    lead_prefix: str = ""
    feed: str = ""
    sitemap: str = ""
    article_style: str = "content"
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def section(self, category: str) -> Section:
        """The listing a corpus category lives in."""
        return self.bloc if category == "bloc" else self.general

    @property
    def base_url(self) -> str:
        return f"http://{self.host}"


@dataclass(frozen=True)
class FarmConfig:
    """All portals plus the fault placements."""

    portals: dict[str, Portal]
    faults: dict[str, str]
    traps: tuple[tuple[str, str], ...]

    def by_host(self, host: str) -> Portal | None:
        """The portal answering for ``host`` (``www.`` and a port are ignored)."""
        host = host.lower().split(":", 1)[0]
        host = host[4:] if host.startswith("www.") else host
        for portal in self.portals.values():
            if portal.host == host:
                return portal
        return None


def _portal(entry: dict[str, Any]) -> Portal:
    simple = {k: v for k, v in entry.items() if k not in ("bloc", "general")}
    for name in ("disallow", "nav", "footer", "sidebar"):
        if name in simple:
            simple[name] = tuple(simple[name])
    return Portal(bloc=Section(**entry["bloc"]), general=Section(**entry["general"]), **simple)


@lru_cache(maxsize=4)
def load_portals(path: Path = PORTALS_PATH) -> FarmConfig:
    """Read portals.toml once; the farm's shape never changes during a run."""
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    portals = {e["name"]: _portal(e) for e in raw["portal"]}
    faults = dict(raw.get("faults", {}))
    traps = tuple((t["site"], t["kind"]) for t in faults.pop("traps", []))
    return FarmConfig(portals=portals, faults=faults, traps=traps)
