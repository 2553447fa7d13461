"""The site registry: which portals to crawl and how their URLs are shaped.

A portal is data, not code: an entry in ``crawler/data/sites.toml`` (or any
file given with ``--sites FILE``) names its hosts, province, start pages and
portal family, and the family supplies URL patterns from
``crawler/data/families.toml``. Loading validates everything up front so that
a typo in the registry is one clear line before the crawl starts, not a
traceback in the middle of it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import quote_plus, urlsplit

from crawler.errors import RegistryError, UnknownProvince
from crawler.provinces import load_provinces
from crawler.urls import host_of

# importlib.resources, not __file__: scrapyd runs the project from a zipped egg.
DATA_DIR = resources.files("crawler") / "data"
DEFAULT_SITES = DATA_DIR / "sites.toml"
DEFAULT_FAMILIES = DATA_DIR / "families.toml"

SCHEDULES = {"daily": timedelta(days=1), "weekly": timedelta(days=7),
             "monthly": timedelta(days=30)}
DEFAULT_SCHEDULE = "weekly"

# A scheduled `crawl --due` started a few minutes earlier than last time must
# still find yesterday's daily sites due, or they would slip a whole period.
_GRACE = timedelta(hours=1)

_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
_HOST = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")
_URL_LISTS = ("start_urls", "sitemaps", "feeds", "search_urls")
_SEEN = re.compile(r"(?:19|20)\d\d-(?:0[1-9]|1[0-2])")
KINDS = ("portal", "department", "newspaper", "other")
_KEYS = {"name", "province", "family", "hosts", *_URL_LISTS, "article_pattern",
         "listing_pattern", "deny", "schedule", "hints", "kind", "domains", "evidence",
         "seen", "unverified", "merged_into", "site_search"}


@dataclass(frozen=True)
class Family:
    """A portal platform's default URL patterns (see families.toml)."""

    name: str
    article_pattern: str
    listing_pattern: str
    deny: tuple[str, ...] = ()
    description: str = ""
    site_search: str | None = None


@dataclass(frozen=True)
class Site:
    """One portal to crawl, with its family's defaults already applied.

    Hosts are lower-case without ``www.``; a URL on ``www.<host>`` belongs to
    the site too. Patterns are compiled case-insensitive and used with
    ``re.search`` on the whole URL.
    """

    name: str
    province: str | None
    family: str
    hosts: tuple[str, ...]
    start_urls: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    search_urls: tuple[str, ...] = ()
    article_pattern: re.Pattern[str] = re.compile("(?!)")
    listing_pattern: re.Pattern[str] = re.compile("(?!)")
    deny: tuple[re.Pattern[str], ...] = ()
    schedule: str = DEFAULT_SCHEDULE
    hints: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    kind: str = "portal"
    domains: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    seen: str | None = None
    unverified: bool = False
    merged_into: str | None = None
    site_search: str | None = None

    def owns_host(self, host: str) -> bool:
        """A host of the site, or any subdomain of one of its ``domains``."""
        return _on_site(host, self.hosts, self.domains)

    def search_url(self, query: str) -> str | None:
        """The portal's own site-search URL for ``query`` (None without a template)."""
        if not self.site_search:
            return None
        return self.site_search.replace("{query}", quote_plus(query))

    @property
    def province_current(self) -> str | None:
        """The post-merger unit of the site's province ("Hà Giang" → "Tuyên Quang").

        None for a national site (no ``province``): its articles get their
        province from their own text.
        """
        return load_provinces().current_name(self.province) if self.province else None

    @property
    def interval(self) -> timedelta:
        """How long after a crawl the site is due again."""
        return SCHEDULES[self.schedule]

    def allows(self, url: str) -> bool:
        """True for an http(s) URL on one of the site's hosts that no deny rule forbids."""
        if urlsplit(url).scheme not in ("http", "https") or not self.owns_host(host_of(url)):
            return False
        return not any(rule.search(url) for rule in self.deny)

    def is_article(self, url: str) -> bool:
        """True when ``url`` is an allowed article page by the site's pattern."""
        return self.allows(url) and bool(self.article_pattern.search(url))

    def is_listing(self, url: str) -> bool:
        """True for an allowed listing page; a URL that looks like an article is not one."""
        return (self.allows(url) and not self.article_pattern.search(url)
                and bool(self.listing_pattern.search(url)))


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _read_toml(path: Path | Traversable) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise RegistryError(f"{path}: cannot read: {_one_line(exc.strerror or exc)}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{path}: invalid TOML: {_one_line(exc)}") from exc


def _compile(pattern: object, where: str, key: str) -> re.Pattern[str]:
    if not isinstance(pattern, str):
        raise RegistryError(f"{where}: {key!r} must be a string (a regular expression)")
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise RegistryError(f"{where}: bad regular expression in {key!r}: "
                            f"{_one_line(exc)}") from exc


def _string_list(entry: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RegistryError(f"{where}: {key!r} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def parse_families(data: Mapping[str, Any], source: str = "<families>") -> dict[str, Family]:
    """Validate families.toml content; the global deny list is added to each family."""
    common = _string_list(data, "deny", source)
    families = data.get("family")
    if not isinstance(families, dict) or not families:
        raise RegistryError(f"{source}: no [family.<name>] tables")
    result = {}
    for name, table in families.items():
        where = f"{source}: family {name!r}"
        if not isinstance(table, dict):
            raise RegistryError(f"{where}: must be a table")
        for key in ("article_pattern", "listing_pattern"):
            _compile(table.get(key), where, key)
        deny = _string_list(table, "deny", where)
        for rule in (*common, *deny):
            _compile(rule, where, "deny")
        search = table.get("site_search")
        if search is not None and (not isinstance(search, str) or "{query}" not in search):
            raise RegistryError(f"{where}: 'site_search' must be a string with {{query}}")
        result[name] = Family(name, table["article_pattern"], table["listing_pattern"],
                              (*common, *deny), str(table.get("description", "")), search)
    return result


@lru_cache(maxsize=1)
def _default_families() -> dict[str, Family]:
    return parse_families(_read_toml(DEFAULT_FAMILIES), str(DEFAULT_FAMILIES))


def load_families(path: str | Path | None = None) -> dict[str, Family]:
    """The portal families by name; the shipped file is read once and shared."""
    if path is None:
        return _default_families()
    return parse_families(_read_toml(Path(path)), str(path))


def _hosts(entry: Mapping[str, Any], where: str) -> tuple[str, ...]:
    hosts = []
    for raw in _string_list(entry, "hosts", where):
        host = raw.lower().rstrip(".")
        host = host[4:] if host.startswith("www.") else host
        if not _HOST.fullmatch(host):
            raise RegistryError(f"{where}: hosts entry {raw!r} is not a host name "
                                "like 'hanam.gov.vn'")
        hosts.append(host)
    if not hosts:
        raise RegistryError(f"{where}: missing 'hosts'")
    return tuple(dict.fromkeys(hosts))


def _domains(entry: Mapping[str, Any], where: str) -> tuple[str, ...]:
    domains = []
    for raw in _string_list(entry, "domains", where):
        domain = raw.lower().rstrip(".").removeprefix("www.")
        if not _HOST.fullmatch(domain):
            raise RegistryError(f"{where}: domains entry {raw!r} is not a domain name "
                                "like 'hanam.gov.vn'")
        domains.append(domain)
    return tuple(dict.fromkeys(domains))


def _on_site(host: str, hosts: tuple[str, ...], domains: tuple[str, ...]) -> bool:
    return host in hosts or any(host == d or host.endswith("." + d) for d in domains)


def _urls(entry: Mapping[str, Any], key: str, hosts: tuple[str, ...],
          domains: tuple[str, ...], where: str) -> tuple[str, ...]:
    urls = _string_list(entry, key, where)
    for url in urls:
        if urlsplit(url).scheme not in ("http", "https"):
            raise RegistryError(f"{where}: {key} entry {url!r} is not an http(s) URL")
        if not _on_site(host_of(url), hosts, domains):
            raise RegistryError(f"{where}: {key} entry {url!r} is not on the site's hosts "
                                "or domains")
    return urls


def _optional_str(entry: Mapping[str, Any], key: str, where: str) -> str | None:
    value = entry.get(key)
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise RegistryError(f"{where}: {key!r} must be a non-empty string")
    return value.strip() if value else None


def _check_keys(entry: Mapping[str, Any], where: str) -> None:
    unknown = sorted(set(entry) - _KEYS)
    if unknown:
        raise RegistryError(f"{where}: unknown key {unknown[0]!r}")
    if not isinstance(entry.get("family"), str) or not entry["family"].strip():
        raise RegistryError(f"{where}: missing 'family'")
    national = entry.get("kind") == "other" and "province" not in entry
    if not national and (not isinstance(entry.get("province"), str)
                         or not entry["province"].strip()):
        raise RegistryError(f"{where}: missing 'province' (only a national site of "
                            "kind 'other' may leave it out)")


def _provenance(entry: Mapping[str, Any], evidence: tuple[str, ...],
                where: str) -> tuple[str | None, bool]:
    """``seen`` and ``unverified``, checked against the evidence they describe.

    An entry is unverified exactly when it has no evidence: ``unverified`` may
    be left out (it follows from ``evidence``) but never contradict it, so
    ``thidua sites`` can trust either field.
    """
    seen = _optional_str(entry, "seen", where)
    if seen is not None and not _SEEN.fullmatch(seen):
        raise RegistryError(f"{where}: 'seen' must be a month as YYYY-MM, got {seen!r}")
    if seen is not None and not evidence:
        raise RegistryError(f"{where}: 'seen' dates the evidence, but 'evidence' is empty")
    unverified = entry.get("unverified", not evidence)
    if not isinstance(unverified, bool):
        raise RegistryError(f"{where}: 'unverified' must be true or false")
    if unverified and evidence:
        raise RegistryError(f"{where}: 'unverified = true' but 'evidence' lists "
                            f"{len(evidence)} URL(s): drop one or the other")
    if not unverified and not evidence:
        raise RegistryError(f"{where}: no 'evidence': list the URLs seen, or set "
                            "'unverified = true'")
    return seen, unverified


def _province(entry: Mapping[str, Any], where: str) -> str | None:
    if "province" not in entry:
        return None
    try:
        return load_provinces().resolve(entry["province"]).name
    except UnknownProvince as exc:
        raise RegistryError(f"{where}: unknown province {entry['province']!r}") from exc


def _merged_into(entry: Mapping[str, Any], province: str | None,
                 where: str) -> str | None:
    """The post-merger unit, which must be the one the province table gives."""
    merged_into = _optional_str(entry, "merged_into", where)
    if merged_into is None:
        return None
    if province is None:
        raise RegistryError(f"{where}: 'merged_into' needs a 'province'")
    table = load_provinces()
    try:
        merged_into = table.resolve(merged_into).name
    except UnknownProvince as exc:
        raise RegistryError(f"{where}: unknown province {merged_into!r} in "
                            "'merged_into'") from exc
    successor = table.current_name(province)
    if merged_into != successor or successor == province:
        expected = (f"{province} continues after 2025-07-01" if successor == province
                    else f"{province} was merged into {successor}")
        raise RegistryError(f"{where}: 'merged_into = \"{merged_into}\"' but {expected} "
                            "(crawler/data/provinces.toml)")
    return merged_into


def _site(entry: Mapping[str, Any], where: str, families: Mapping[str, Family]) -> Site:
    _check_keys(entry, where)
    family = families.get(entry["family"])
    if family is None:
        raise RegistryError(f"{where}: unknown family {entry['family']!r} "
                            f"(one of {', '.join(families)})")
    province = _province(entry, where)
    hosts = _hosts(entry, where)
    domains = _domains(entry, where)
    urls = {key: _urls(entry, key, hosts, domains, where) for key in _URL_LISTS}
    if not any(urls.values()):
        raise RegistryError(f"{where}: give at least one of {', '.join(_URL_LISTS)}")
    schedule = entry.get("schedule", DEFAULT_SCHEDULE)
    if schedule not in SCHEDULES:
        raise RegistryError(f"{where}: schedule must be one of {', '.join(SCHEDULES)}")
    hints = entry.get("hints", {})
    if not isinstance(hints, dict):
        raise RegistryError(f"{where}: 'hints' must be a table ([site.hints])")
    deny = (*family.deny, *_string_list(entry, "deny", where))
    kind = entry.get("kind", "portal")
    if kind not in KINDS:
        raise RegistryError(f"{where}: kind must be one of {', '.join(KINDS)}")
    evidence = _urls(entry, "evidence", hosts, domains, where)
    seen, unverified = _provenance(entry, evidence, where)
    merged_into = _merged_into(entry, province, where)
    site_search = _optional_str(entry, "site_search", where) or family.site_search
    if site_search is not None and "{query}" not in site_search:
        raise RegistryError(f"{where}: 'site_search' must contain {{query}}")
    return Site(
        name=entry["name"], province=province, family=family.name, hosts=hosts, **urls,
        article_pattern=_compile(entry.get("article_pattern", family.article_pattern),
                                 where, "article_pattern"),
        listing_pattern=_compile(entry.get("listing_pattern", family.listing_pattern),
                                 where, "listing_pattern"),
        deny=tuple(_compile(rule, where, "deny") for rule in deny),
        schedule=schedule, hints=MappingProxyType(dict(hints)),
        kind=kind, domains=domains, evidence=evidence, seen=seen, unverified=unverified,
        merged_into=merged_into, site_search=site_search,
    )


def parse_sites(data: Mapping[str, Any], source: str = "<sites>",
                families: Mapping[str, Family] | None = None) -> list[Site]:
    """Validate parsed registry content into sites (RegistryError, one line, when bad)."""
    entries = data.get("site")
    if not isinstance(entries, list) or not entries:
        raise RegistryError(f"{source}: no [[site]] entries")
    families = load_families() if families is None else families
    sites: list[Site] = []
    names: set[str] = set()
    owner: dict[str, str] = {}
    for i, entry in enumerate(entries, 1):
        name = entry.get("name") if isinstance(entry, dict) else None
        where = f"{source}: site #{i}" + (f" ({name})" if isinstance(name, str) else "")
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            raise RegistryError(f"{where}: missing or bad 'name' (lower-case letters, "
                                "digits, '-' and '_')")
        if name in names:
            raise RegistryError(f"{where}: duplicate name {name!r}")
        site = _site(entry, where, families)
        for host in site.hosts:
            if owner.setdefault(host, name) != name:
                raise RegistryError(f"{where}: host {host!r} already belongs to "
                                    f"site {owner[host]!r}")
        names.add(name)
        sites.append(site)
    return sites


def load_sites(path: str | Path | None = None) -> list[Site]:
    """Load and validate a site registry (default: the shipped crawler/data/sites.toml).

    Raises:
        RegistryError: one line naming the file and the entry at fault.
    """
    path = DEFAULT_SITES if path is None else Path(path)
    return parse_sites(_read_toml(path), str(path))


def site_for_url(sites: Iterable[Site], url: str) -> Site | None:
    """The site whose hosts include the URL's host (``www.`` and case ignored).

    A site listing the host itself wins over one that only spans its domain.
    """
    host = host_of(url)
    sites = list(sites)
    return (next((site for site in sites if host in site.hosts), None)
            or next((site for site in sites if site.owns_host(host)), None))


def due_sites(sites: Iterable[Site], last_crawled: Mapping[str, datetime],
              now: datetime) -> list[Site]:
    """Sites whose schedule says they should be crawled at ``now``.

    A site never crawled is due; otherwise it is due once its interval (daily
    1 day, weekly 7, monthly 30) has passed since ``last_crawled[name]``, less
    an hour's grace for schedulers that start slightly early.
    """
    return [site for site in sites
            if site.name not in last_crawled
            or now - last_crawled[site.name] >= site.interval - _GRACE]
