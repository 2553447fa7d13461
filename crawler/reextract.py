"""Re-run extraction over the archive from the stored raw responses.

The WARC files outlive any extractor: when the rules improve, every archived
page is extracted again from its own bytes, with no network, and only the
records whose fields changed are rewritten.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.extract.article import extract_article
from crawler.sites import Site, site_for_url
from crawler.warc import read_record
from indexer.archive import Archive

# What the crawl, not the page, decides: kept from the stored record as is.
CRAWL_FIELDS = ("id", "url", "urls", "site", "fetched_at", "warc")


@dataclass
class ReextractReport:
    total: int = 0
    changed: int = 0
    failed: int = 0
    changed_fields: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)


def changed_fields(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Names of the extracted fields whose values differ."""
    return [name for name, value in new.items()
            if name not in CRAWL_FIELDS and old.get(name) != value]


def reextract_record(stored: dict[str, Any], body: bytes, site: Site | None) -> dict[str, Any]:
    """The record extraction gives today for a stored page, crawl fields kept."""
    fresh = extract_article(body, stored["url"], stored["fetched_at"], site).to_dict()
    fresh.update({name: stored.get(name) for name in CRAWL_FIELDS})
    return fresh


def reextract(archive: Archive, sites: Iterable[Site], warc_dir: Path,
              advance: Callable[[], object] | None = None) -> ReextractReport:
    """Re-extract every archived article; rewrite those that changed."""
    sites = list(sites)
    report = ReextractReport()
    ids = [record["id"] for record in archive.iter_articles()]
    for article_id in ids:
        stored = archive.get(article_id)
        report.total += 1
        try:
            if not stored or not stored.get("warc"):
                raise LookupError("no WARC record")
            _status, body = read_record(warc_dir, stored["warc"])
            fresh = reextract_record(stored, body, site_for_url(sites, stored["url"]))
        except Exception as exc:  # counted by kind, never silently dropped
            report.failed += 1
            report.failures[type(exc).__name__] += 1
        else:
            names = changed_fields(stored, fresh)
            if names:
                archive.upsert(fresh)
                report.changed += 1
                report.changed_fields.update(names)
        if advance:
            advance()
    return report
