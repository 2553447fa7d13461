"""Re-run extraction over every stored response: the WARC files, not only the archive.

The WARC files outlive any extractor and hold every response the crawler
received, including pages an older release judged not bloc news and never
stored. When the rules improve, every archived record is extracted again from
its own bytes, and every other HTML response that reads as an article page
becomes a record (bloc news or not), all with no network. Only records whose
fields changed are rewritten; a page already archived is never stored twice.

Which stored responses are article pages: the crawl log says so for the pages
it read as articles ("article", "not_bloc") and rules out listings, sitemaps,
feeds and robots.txt; for the rest (a page the log does not know, or read as
something else by an older spider) the page's own content decides
(``crawler.discovery.pagekind``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from crawler.discovery.pagekind import ARTICLE, page_kind
from crawler.errors import WriteFailed
from crawler.extract.article import extract_article
from crawler.sites import Site, site_for_url
from crawler.urls import canonical_url
from crawler.warc import StoredResponse, iter_responses, read_record
from indexer.archive import Archive

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# What the crawl, not the page, decides: kept from the stored record as is.
CRAWL_FIELDS = ("id", "url", "urls", "site", "fetched_at", "warc")
ARTICLE_OUTCOMES = frozenset({"article", "not_bloc"})
NOT_ARTICLE_OUTCOMES = frozenset({"sitemap", "feed", "robots"})
BATCH = 200   # upserts per transaction


@dataclass
class ReextractReport:
    """What a re-extraction did: every page read is changed, unchanged, new or failed."""

    total: int = 0
    changed: int = 0
    failed: int = 0
    new: int = 0
    new_bloc_news: int = 0
    became_bloc_news: int = 0
    responses: int = 0
    changed_fields: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)

    def fail(self, kind: str) -> None:
        self.failed += 1
        self.failures[kind] += 1


def changed_fields(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Names of the extracted fields whose values differ."""
    return [name for name, value in new.items()
            if name not in CRAWL_FIELDS and old.get(name) != value]


def reextract_record(stored: dict[str, Any], body: bytes, site: Site | None) -> dict[str, Any]:
    """The record extraction gives today for a stored page, crawl fields kept."""
    fresh = extract_article(body, stored["url"], stored["fetched_at"], site).to_dict()
    fresh.update({name: stored.get(name) for name in CRAWL_FIELDS})
    return fresh


def is_html(response: StoredResponse) -> bool:
    return response.status == 200 and ("html" in response.content_type
                                       or not response.content_type)


def reads_as_article(body: bytes, url: str, outcome: str | None) -> bool:
    """Whether a stored HTML response is an article page (see the module docstring)."""
    if outcome in ARTICLE_OUTCOMES:
        return True
    if outcome in NOT_ARTICLE_OUTCOMES:
        return False
    return page_kind(body, url).kind == ARTICLE


def local_time(warc_date: str) -> str:
    """A WARC-Date (UTC) as the archive's fetch times are written (+07:00)."""
    when = datetime.fromisoformat(warc_date.replace("Z", "+00:00"))
    return when.astimezone(VN).isoformat(timespec="seconds")


class _Writer:
    """Upserts in transactions of ``BATCH`` (one commit per batch, not per record).

    A batch the disk refuses is rolled back whole and stops the run: the
    `WriteFailed` raised says how many records were stored before it.
    """

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.waiting: list[tuple[dict[str, Any], Callable[[str], None]]] = []
        self.stored = 0

    def add(self, record: dict[str, Any], done: Callable[[str], None]) -> None:
        self.waiting.append((record, done))
        if len(self.waiting) >= BATCH:
            self.flush()

    def flush(self) -> None:
        waiting, self.waiting = self.waiting, []
        if not waiting:
            return
        try:
            with self.archive.transaction():
                results = [self.archive.upsert(record) for record, _ in waiting]
        except WriteFailed as exc:
            raise exc.with_progress(
                f"{self.stored} of {self.stored + len(waiting)} changed and new records "
                f"stored") from None
        self.stored += len(waiting)
        for (_, done), result in zip(waiting, results, strict=True):
            done(result)


def _archived(archive: Archive, sites: list[Site], warc_dir: Path, writer: _Writer,
              report: ReextractReport, advance: Callable[[], object] | None) -> None:
    """Every archived record, from the WARC record it points at."""
    for article_id in [record["id"] for record in archive.iter_articles()]:
        stored = archive.get(article_id)
        report.total += 1
        try:
            if not stored or not stored.get("warc"):
                raise LookupError("no WARC record")
            _status, body = read_record(warc_dir, stored["warc"])
            fresh = reextract_record(stored, body, site_for_url(sites, stored["url"]))
        except Exception as exc:  # counted by kind, never silently dropped
            report.fail(type(exc).__name__)
        else:
            names = changed_fields(stored, fresh)
            if names:
                report.changed += 1
                report.changed_fields.update(names)
                report.became_bloc_news += bool(fresh.get("is_bloc_news")
                                                and not stored.get("is_bloc_news"))
                writer.add(fresh, lambda _result: None)
        if advance:
            advance()


def _unarchived(archive: Archive, warc_dir: Path) -> Iterator[StoredResponse]:
    """The newest HTML response of each URL the archive does not hold (under any URL)."""
    newest: dict[str, StoredResponse] = {}
    for response in iter_responses(warc_dir):
        if is_html(response):
            newest[canonical_url(response.url)] = response
    for response in newest.values():
        if not archive.has_url(response.url):
            yield response


def _recover(archive: Archive, sites: list[Site], warc_dir: Path, writer: _Writer,
             report: ReextractReport, advance: Callable[[], object] | None) -> None:
    """Every stored article page the archive lacks becomes a record."""
    outcomes = archive.last_outcomes()
    for response in _unarchived(archive, warc_dir):
        report.responses += 1
        if advance:
            advance()
        try:
            _status, body = read_record(warc_dir, response.location.as_dict())
            if not reads_as_article(body, response.url,
                                    outcomes.get(canonical_url(response.url))):
                continue
        except Exception as exc:  # an unreadable response: counted by kind, never dropped
            report.total += 1
            report.fail(type(exc).__name__)
            continue
        report.total += 1
        try:
            article = extract_article(body, response.url, local_time(response.date),
                                      site_for_url(sites, response.url))
        except Exception as exc:  # counted by kind, never silently dropped
            report.fail(type(exc).__name__)
            continue
        article.warc = response.location.as_dict()
        record = article.to_dict()

        def done(result: str, bloc_news: bool = bool(record.get("is_bloc_news"))) -> None:
            if result == "new":
                report.new += 1
                report.new_bloc_news += bloc_news

        writer.add(record, done)


def reextract(archive: Archive, sites: Iterable[Site], warc_dir: Path,
              advance: Callable[[], object] | None = None) -> ReextractReport:
    """Re-extract every archived record and recover every other stored article page.

    Raises:
        WriteFailed: the disk refused a write (full, failing): what was
            committed before stays, the batch being written is rolled back,
            and a second run picks up where this one stopped.
    """
    sites = list(sites)
    report = ReextractReport()
    writer = _Writer(archive)
    _archived(archive, sites, warc_dir, writer, report, advance)
    writer.flush()
    _recover(archive, sites, warc_dir, writer, report, advance)
    writer.flush()
    return report
