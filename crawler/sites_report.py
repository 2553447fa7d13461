"""What the site registry covers: selections, per-province counts, gaps.

`thidua sites` prints this; the registry test asserts on it. Pure functions
over loaded ``Site`` objects and the province table, so a user's own registry
(``--sites FILE``) is reported the same way as the bundled one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from crawler.provinces import Provinces, load_provinces
from crawler.sites import KINDS, Site

# The three kinds every pre-merger province should have (issue 10): its main
# portal, its home-affairs / emulation-board site, its newspaper.
CORE_KINDS = ("portal", "department", "newspaper")
NATIONAL = "(national)"


def select(sites: Iterable[Site], province: str | None = None,
           kind: str | None = None, table: Provinces | None = None) -> list[Site]:
    """The sites of a province and/or kind.

    ``province`` is any spelling of an old or current name: a current name
    also selects the provinces merged into it ("Tuyên Quang" → Hà Giang too),
    as search does. National sites (no province) are left out by a province.

    Raises:
        UnknownProvince: ``province`` names nothing in the table.
    """
    names = (table or load_provinces()).matching_names(province) if province else None
    return [site for site in sites
            if (names is None or site.province in names)
            and (kind is None or site.kind == kind)]


def scope(province: str | None = None, table: Provinces | None = None) -> list[str]:
    """The pre-merger provinces a report covers: all 63, or those ``province`` names."""
    table = table or load_provinces()
    names = table.matching_names(province) if province else None
    return [p.name for p in table.old() if names is None or p.name in names]


def counts_by_province(sites: Iterable[Site], provinces: list[str]) -> dict[str, dict[str, int]]:
    """Entries per kind for each province in ``provinces`` (zeros included)."""
    counts = {name: dict.fromkeys(KINDS, 0) for name in provinces}
    for site in sites:
        row = counts.get(site.province or "")
        if row is not None:
            row[site.kind] += 1
    return counts


def short_of_core(counts: dict[str, dict[str, int]], needed: int = 2) -> list[str]:
    """Provinces with fewer than ``needed`` of the three core kinds."""
    return [name for name, row in counts.items()
            if sum(1 for kind in CORE_KINDS if row[kind]) < needed]


def site_record(site: Site) -> dict[str, Any]:
    """One entry as JSON-ready data (what `thidua sites --format json` lists)."""
    return {
        "name": site.name, "province": site.province,
        "province_current": site.province_current, "kind": site.kind,
        "family": site.family, "hosts": list(site.hosts), "domains": list(site.domains),
        "start_urls": list(site.start_urls), "search_urls": list(site.search_urls),
        "evidence": list(site.evidence), "seen": site.seen, "unverified": site.unverified,
        "merged_into": site.merged_into, "schedule": site.schedule,
    }


def report(sites: list[Site], province: str | None = None, kind: str | None = None,
           source: str = "") -> dict[str, Any]:
    """The whole `thidua sites` answer for one selection, as JSON-ready data.

    Per-province counts cover the selection; the check for provinces short of
    two of the three core kinds looks at every kind, whatever ``kind`` says,
    because a kind filter must not make a well-covered province look bare.
    """
    table = load_provinces()
    chosen = select(sites, province, kind, table)
    provinces = scope(province, table)
    in_scope = select(sites, province, None, table)
    by_kind = Counter(site.kind for site in chosen)
    return {
        "registry": source,
        "entries": len(chosen),
        "with_evidence": sum(1 for site in chosen if site.evidence),
        "unverified": sum(1 for site in chosen if site.unverified),
        "by_kind": {k: by_kind.get(k, 0) for k in KINDS},
        "national": sum(1 for site in chosen if site.province is None),
        "provinces": [{"province": name, "current": table.current_name(name), **row}
                      for name, row in counts_by_province(chosen, provinces).items()],
        "short_of_two_core_kinds": short_of_core(counts_by_province(in_scope, provinces)),
        # The same check with only the entries that carry evidence: what is known,
        # not what is hoped for.
        "short_of_two_evidenced_core_kinds": short_of_core(counts_by_province(
            [site for site in in_scope if site.evidence], provinces)),
        "unverified_sites": [site.name for site in chosen if site.unverified],
        "sites": [site_record(site) for site in chosen],
    }
