"""All realistic portals behind the farm's proxy, and their ground truth.

`RealisticFarm.handle` answers requests for the realistic hosts (None for any
other host, which the farm's own portals then answer). Built on first use:
deterministic, so the ground truth below is the same in the bench process and
in any farm.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from tests.farm.corpus import CorpusArticle, load_corpus
from tests.farm.realistic.content import bloc_templates, build_content, near_templates
from tests.farm.realistic.model import FarmSpec, Item, PortalSpec, load_spec
from tests.farm.realistic.site import Answer, RealisticSite

REGISTRY = Path(__file__).resolve().parents[1] / "realistic_sites.toml"


@dataclass(frozen=True)
class TruthArticle:
    """One bloc article of the realistic farm: where it is served and who should find it."""

    url: str
    site: str       # registry entry whose crawl should reach it
    portal: str     # portal serving it
    title: str


class RealisticFarm:
    """The realistic portals (tests/farm/realistic/portals.toml)."""

    def __init__(self, corpus: list[CorpusArticle] | None = None,
                 spec: FarmSpec | None = None) -> None:
        self.spec = spec or load_spec()
        self._corpus = corpus
        self._lock = threading.Lock()

    def owns(self, host: str) -> bool:
        return self.spec.by_host(host) is not None

    @cached_property
    def sites(self) -> dict[str, RealisticSite]:
        corpus = self._corpus if self._corpus is not None else load_corpus()
        shares = [p for p in self.spec.portals if p.bloc > 0]   # who shares the corpus
        sites = {}
        for spec in (p for p in self.spec.portals if not p.moved_to):
            index = shares.index(spec) if spec in shares else 0
            blocs = bloc_templates(corpus, index, len(shares), spec.bloc)
            nears = near_templates(corpus, index, len(shares)) if spec.bloc else []
            content = build_content(spec, self.spec, blocs, nears)
            sites[spec.name] = RealisticSite(spec, content, self._title_of)
        return sites

    def _title_of(self, host: str) -> str:
        spec = self.spec.by_host(host)
        return spec.title if spec else host

    def handle(self, host: str, target: str) -> Answer | None:
        """The answer for ``target`` on ``host``, or None when the host is not ours."""
        spec = self.spec.by_host(host)
        if spec is None:
            return None
        if spec.moved_to:
            return Answer(301, headers={"Location": f"http://{spec.moved_to}{target}"})
        with self._lock:
            site = self.sites[spec.name]
        return site.handle(target)

    def resolve(self, url: str) -> Item | None:
        """The article or page ``url`` serves (any of its URL variants), or None."""
        parts = urlsplit(url)
        spec = self.spec.by_host(parts.hostname or "")
        if spec is None or spec.moved_to:
            return None
        site = self.sites[spec.name]
        route = site.routes.get(site.key(parts.path + (f"?{parts.query}" if parts.query else "")))
        return route[1] if route and route[0] in ("article", "static") else None

    def page_key(self, url: str) -> tuple[str, str]:
        """(host, path and query) with the parameters the portal ignores dropped."""
        parts = urlsplit(url)
        host = (parts.hostname or "").removeprefix("www.")
        spec = self.spec.by_host(host)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        if spec is None or spec.moved_to:
            return host, target
        return host, self.sites[spec.name].key(target)

    def portal(self, name: str) -> PortalSpec:
        return next(p for p in self.spec.portals if p.name == name)

    def site_of(self, item: Item) -> RealisticSite:
        return self.sites[item.portal]

    def bloc_articles(self, sites: set[str] | None = None) -> list[TruthArticle]:
        """Every bloc article, by the registry entry that should find it."""
        out = []
        for site in self.sites.values():
            if sites is not None and site.spec.registry_site not in sites:
                continue
            out += [TruthArticle(site.url(site.shape.article(i)), site.spec.registry_site,
                                 site.spec.name, i.title) for i in site.content.bloc()]
        return sorted(out, key=lambda t: t.url)

    def page_urls(self, sites: set[str] | None = None) -> list[str]:
        """Every HTML page of the live portals (a complete crawl's pages)."""
        out = []
        for site in self.sites.values():
            if sites is None or site.spec.registry_site in sites:
                out += [site.url(p) for p in site.page_paths()]
        return out

    def registry_sites(self) -> list[str]:
        """Names of the registry entries (tests/farm/realistic_sites.toml)."""
        return [p.name for p in self.spec.portals if not p.reached_from]
