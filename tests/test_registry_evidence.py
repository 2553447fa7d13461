"""The shipped registry is built from evidence: names, hosts and URL shapes hold up.

These run on crawler/data/sites.toml itself (real hosts, real URLs seen in
stored public pages); the farm has its own registry (tests/farm/sites.toml).
"""

from __future__ import annotations

import tomllib

import pytest

from crawler.provinces import load_provinces
from crawler.sites import DEFAULT_SITES, load_sites
from crawler.sites_report import counts_by_province, scope, short_of_core
from crawler.urls import host_of

URL_KEYS = ("start_urls", "search_urls", "feeds", "sitemaps", "evidence")


@pytest.fixture(scope="module")
def raw():
    return tomllib.loads(DEFAULT_SITES.read_text(encoding="utf-8"))["site"]


@pytest.fixture(scope="module")
def shipped():
    return load_sites()


def test_every_province_name_is_spelt_exactly_as_in_the_province_table(raw):
    names = set(load_provinces().names())
    written = [(e["name"], e[key]) for e in raw for key in ("province", "merged_into")
               if key in e]
    assert [(name, value) for name, value in written if value not in names] == []


def test_merged_into_is_given_for_every_site_of_a_merged_province(shipped):
    provinces = load_provinces()
    for site in shipped:
        if site.province is None:
            continue
        successor = provinces.current_name(site.province)
        expected = None if successor == site.province else successor
        assert site.merged_into == expected, site.name


def test_every_url_is_on_its_sites_hosts_or_domains(shipped):
    off = [(site.name, url) for site in shipped
           for key in URL_KEYS for url in getattr(site, key)
           if not site.owns_host(host_of(url))]
    assert off == []


def test_every_evidence_url_is_reachable_by_the_sites_url_patterns(shipped):
    """An evidence page is an article or a listing by the family's (or the entry's)
    patterns, or one of the pages the crawl starts from: the spider would find it."""
    missed = []
    for site in shipped:
        starts = {*site.start_urls, *site.search_urls}
        missed += [(site.name, site.family, url) for url in site.evidence
                   if not (site.is_article(url) or site.is_listing(url) or url in starts)]
    assert missed == []


def test_an_entry_is_unverified_exactly_when_it_has_no_evidence(shipped):
    assert all(site.unverified == (not site.evidence) for site in shipped)
    assert all(site.seen is None for site in shipped if not site.evidence)


def test_seen_months_are_plausible_dates(shipped):
    months = [site.seen for site in shipped if site.seen]
    assert months and all("2000-01" <= month <= "2026-12" for month in months)



def test_at_least_150_entries_carry_evidence(shipped):
    assert sum(1 for site in shipped if site.evidence) >= 150


def test_every_pre_merger_province_has_two_of_the_three_core_kinds(shipped):
    assert short_of_core(counts_by_province(shipped, scope())) == []


def test_most_provinces_are_covered_by_evidence_alone(shipped):
    # a floor, not the goal: where no page turned up the entry stays unverified
    counts = counts_by_province([site for site in shipped if site.evidence], scope())
    assert len(counts) - len(short_of_core(counts)) >= 40
    assert sum(1 for row in counts.values() if any(row.values())) >= 60
