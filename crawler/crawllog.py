"""The crawl log: every fetch recorded in the archive, every failure counted by kind.

One `CrawlSession` per crawl holds what the components share (the archive,
its lock, the run id, the WARC writer); `session_of(crawler)` builds it on
first use, so whichever component Scrapy builds first opens it. The
`CrawlLog` extension closes the run: it turns Scrapy's stats into the run's
status (ok / partial / failed) and stores it with the run.

Writes are batched: crawl-log rows and articles wait in memory and are
committed together, one transaction (and one WARC fsync before it) per
THIDUA_COMMIT_SECONDS or THIDUA_COMMIT_WRITES, whichever comes first: a
commit and an fsync per page cost as much as storing the page (far more on
a spinning disk). A crawl
killed between two commits loses only the uncommitted pages: they are not
in the archive, so the next run (which walks every listing after an
interrupted run) fetches them again.

Stats written (slash-keyed, as Scrapy's own):
``thidua/outcome/<outcome>`` per fetch outcome, ``thidua/failure/<kind>`` per
failure kind, ``thidua/articles/<new|updated|unchanged|duplicate>`` per upsert
of bloc news and ``thidua/other/<...>`` per upsert of another article page,
``thidua/status`` at the end.
"""

from __future__ import annotations

import logging
import ssl
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import error as txerror
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

from crawler.errors import ArchiveError, WriteFailed
from crawler.lock import CrawlLock
from crawler.sites import site_for_url
from crawler.warc import WarcWriter, warc_dir_for
from indexer.archive import Archive, default_archive_path, now_iso

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawler.items import ArticleItem

logger = logging.getLogger(__name__)

# Failures that are a fact about the web, not about this run: a crawl that
# meets only these is still "ok".
BENIGN_KINDS = frozenset({"http_404", "http_410", "robots_forbidden", "offsite", "denied"})
# A response the WARC writer could not store is ignored with "<kind>: <why>".
WRITE_FAILED_KINDS = ("disk_full", "io_error")
SUCCESS_OUTCOMES = ("article", "not_bloc", "listing", "other", "sitemap", "feed", "skipped",
                    "robots")


def _http_kind(status: int) -> str:
    if status in (404, 410):
        return f"http_{status}"
    if status >= 500:
        return "http_5xx"
    return f"http_{status}"


def _text_mentions_tls(exc: BaseException) -> bool:
    text = repr(exc).lower()
    return any(word in text for word in ("ssl", "tls", "certificate"))


def _reasons(exc: BaseException) -> list[Any]:
    """The underlying failures Twisted wraps in ResponseFailed/ResponseNeverReceived."""
    inner: list[Any] = []
    for wrapped in (exc, exc.__cause__):
        if isinstance(wrapped, ResponseFailed | ResponseNeverReceived):
            inner.extend(getattr(r, "value", r) for r in wrapped.reasons)
    return inner


def failure_kind(exc: BaseException) -> str:
    """Name a failed fetch's cause, for the crawl log and `thidua status`.

    Pure: it looks only at the exception, so it is tested without a crawl.
    """
    if isinstance(exc, HttpError):
        return _http_kind(exc.response.status)
    if isinstance(exc, IgnoreRequest):
        text = str(exc).lower()
        if text.startswith(WRITE_FAILED_KINDS):
            return text.split(":", 1)[0]
        if "robots" in text:
            return "robots_forbidden"
        if "redirection" in text or "redirect" in text:
            return "redirect_loop"
        if text.startswith("offsite"):
            return "offsite"
        if text.startswith("denied"):
            return "denied"
        return "ignored"
    if isinstance(exc, ssl.SSLError) or _text_mentions_tls(exc):
        return "tls"
    if isinstance(exc, DownloadTimeoutError | txerror.TimeoutError | txerror.TCPTimedOutError):
        return "timeout"
    if isinstance(exc, CannotResolveHostError | txerror.DNSLookupError):
        return "dns"
    if isinstance(exc, DownloadCancelledError):
        return "too_large"
    if isinstance(exc, ResponseDataLossError):
        return "truncated"
    if isinstance(exc, DownloadFailedError | ResponseFailed | ResponseNeverReceived):
        inner = _reasons(exc)
        if any(type(r).__name__ == "_DataLoss" for r in inner):
            return "truncated"
        return "connection"
    if isinstance(exc, DownloadConnectionRefusedError | txerror.ConnectError
                  | txerror.ConnectionLost | txerror.ConnectionDone):
        return "connection"
    if isinstance(exc, UnicodeError | LookupError):
        return "decode"
    return "other"


def crawl_status(finish_reason: str | None, stats: dict[str, Any]) -> str:
    """ok / partial / failed from the finished crawl's stats.

    failed: the crawl stopped early, or it fetched something and every fetch
    failed. partial: it finished but met failures other than the benign kinds
    (a 404 is a fact about the portal, a timeout is a page we lack).
    """
    succeeded = sum(int(stats.get(f"thidua/outcome/{o}", 0)) for o in SUCCESS_OUTCOMES)
    failed = int(stats.get("thidua/outcome/failed", 0))
    if finish_reason not in (None, "finished") or (failed and not succeeded):
        return "failed"
    kinds = failure_counts(stats)
    if any(kind not in BENIGN_KINDS for kind in kinds):
        return "partial"
    return "ok"


def failure_counts(stats: dict[str, Any]) -> dict[str, int]:
    prefix = "thidua/failure/"
    return {k[len(prefix):]: int(v) for k, v in stats.items() if k.startswith(prefix)}


class CrawlSession:
    """What one crawl run shares: archive, lock, run id, WARC writer.

    Raises:
        CrawlLocked: another crawl is running on the same archive.
        ArchiveError: the archive cannot be opened.
    """

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.write_failure: WriteFailed | None = None
        self.lost: set[str] = set()  # ids of new bloc news a refused commit did not store
        self.log_file = settings.get("LOG_FILE")
        self.archive_path = Path(settings.get("THIDUA_ARCHIVE") or default_archive_path())
        self.lock: CrawlLock | None = None
        if not settings.getbool("THIDUA_LOCK_HELD"):
            self.lock = CrawlLock(self.archive_path).acquire()
        try:
            self.archive = Archive(self.archive_path)
            self.warc_dir = warc_dir_for(self.archive_path, settings.get("THIDUA_WARC_DIR"))
            self.warc = WarcWriter(self.warc_dir,
                                   max_bytes=settings.getint("THIDUA_WARC_MAX_BYTES"))
            if self.warc.repaired_bytes:
                logger.warning("cut a half-written tail of %d bytes off the last WARC file",
                               self.warc.repaired_bytes)
            self.run_id = self.archive.start_run(dict(settings.getdict("THIDUA_RUN_OPTIONS")))
        except BaseException:
            if self.lock:
                self.lock.release()
            raise
        self.commit_seconds = settings.getfloat("THIDUA_COMMIT_SECONDS", 2.0)
        self.commit_writes = max(1, settings.getint("THIDUA_COMMIT_WRITES", 500))
        self._fetches: list[tuple[str, int | None, str, str | None, str | None, str,
                                  str | None]] = []
        self._articles: list[ArticleItem] = []
        self._last_commit = time.monotonic()
        self.closed = False

    def record(self, url: str, status: int | None, outcome: str, kind: str | None = None,
               site: str | None = None, reason: str | None = None) -> None:
        """Log one fetch in the archive (at the next commit) and count it in the stats."""
        self._fetches.append((url, status, outcome, kind, site, now_iso(), reason))
        self._count(outcome, kind)
        self._maybe_commit()

    def _count(self, outcome: str, kind: str | None) -> None:
        self.stats.inc_value(f"thidua/outcome/{outcome}")
        if outcome == "failed":
            self.stats.inc_value(f"thidua/failure/{kind or 'other'}")

    def add_article(self, item: ArticleItem) -> None:
        """Archive one article at the next commit (its WARC record is fsynced first)."""
        self._articles.append(item)
        self._maybe_commit()

    def _maybe_commit(self) -> None:
        if (len(self._fetches) + len(self._articles) >= self.commit_writes
                or time.monotonic() - self._last_commit >= self.commit_seconds):
            self.commit()

    def commit(self) -> None:
        """Make the waiting articles and crawl-log rows durable, in one transaction.

        The WARC records written so far are fsynced first, so the archive never
        points at bytes a crash could lose. An article the archive refuses is
        logged as an ``archive_error`` failure; the rest of the batch is kept.
        """
        articles, fetches = self._articles, self._fetches
        self._articles, self._fetches = [], []
        self._last_commit = time.monotonic()
        if not articles and not fetches:
            return
        try:
            self.warc.sync()
            with self.archive.transaction():
                results = self._store(articles, fetches)
                for row in fetches:
                    self.archive.log_fetch(self.run_id, *row)
        except WriteFailed as exc:
            self.lost.update(item.article.id for item in articles if item.article.is_bloc_news
                             and not self.archive.has_url(item.article.url))
            for _ in articles:
                self._count("failed", exc.kind)
            self.fail(exc)
            return
        except ArchiveError as exc:
            logger.error("%s: %d articles and %d crawl-log rows not stored", exc,
                         len(articles), len(fetches))
            results = Counter(failed=len(articles))
        self.lost.difference_update(item.article.id for item in articles)
        for result, count in results.items():
            if result != "failed":
                self.stats.inc_value(f"thidua/{result}", count)
        for _ in range(results["failed"]):
            self._count("failed", "archive_error")

    def _store(self, items: list[ArticleItem], fetches: list[Any]) -> Counter[str]:
        """Upsert the articles and their validators; outcome counts ("failed": refused).

        Counts are keyed "articles/<outcome>" for bloc news and
        "other/<outcome>" for the other article pages, which are kept too.
        All at once first; when the archive refuses that, one by one, so that
        one bad record costs only itself (logged in ``fetches`` as an
        ``archive_error``).
        """
        try:
            results: Counter[str] = Counter()
            for group, part in _by_group(items).items():
                for result, n in self.archive.upsert_many(i.article for i in part).items():
                    results[f"{group}/{result}"] += n
        except ArchiveError:
            results = Counter()
            for item in items:
                try:
                    results[f"{_group(item)}/{self.archive.upsert(item.article)}"] += 1
                except ArchiveError as exc:
                    logger.error("could not archive %s: %s", item.article.url, exc)
                    results["failed"] += 1
                    fetches.append((item.article.url, None, "failed", "archive_error",
                                    item.article.site, now_iso(), None))
        for item in items:
            if item.etag or item.last_modified:
                self.archive.set_validators(item.article.url, item.etag, item.last_modified)
        return results

    def fail(self, failure: WriteFailed) -> None:
        """The disk refused a write: stop fetching, keep what was committed.

        The first failure is the run's; later ones (the batches still
        arriving while the spider closes) only add to the count of articles
        not stored.
        """
        if self.write_failure is not None:
            return
        self.write_failure = failure
        self.stats.set_value("thidua/error", str(failure))
        engine = getattr(self.crawler, "engine", None)
        if engine is not None and engine.running:
            deferred_from_coro(engine.close_spider_async(reason=failure.kind))

    def failure_message(self) -> str | None:
        """The run's one error line, with how many of its new articles were stored."""
        if self.write_failure is None:
            return None
        stored = int(self.stats.get_value("thidua/articles/new", 0))
        return str(self.write_failure.with_progress(
            f"{stored} of {stored + len(self.lost)} new articles stored"))

    def close(self, status: str, stats: dict[str, Any]) -> None:
        """Commit what waits, close the WARC file and record how the run ended.

        When the disk refuses even that, the run's record stays "running" (the
        next run treats it as interrupted) and the failure goes to the log
        file, if there is one; the command's error line says it anyway.
        """
        if self.closed:
            return
        self.closed = True
        try:
            self.commit()
            self._finish(status, stats)
        finally:
            self.archive.close()
            if self.lock:
                self.lock.release()

    def _finish(self, status: str, stats: dict[str, Any]) -> None:
        try:
            self.warc.close()
        except WriteFailed as exc:
            self.fail(exc)
        if self.write_failure is not None:
            status = "failed"
            self.stats.set_value("thidua/status", status)
            stats = {**stats, "thidua/status": status, "thidua/error": self.failure_message()}
        try:
            self.archive.finish_run(self.run_id, status, stats)
        except WriteFailed as exc:
            if self.log_file:
                logger.error("could not record the end of run %s in the archive: %s",
                             self.run_id, exc)


def _group(item: ArticleItem) -> str:
    """Which stats an archived page counts in: bloc news or the other article pages."""
    return "articles" if item.article.is_bloc_news else "other"


def _by_group(items: list[ArticleItem]) -> dict[str, list[ArticleItem]]:
    groups: dict[str, list[ArticleItem]] = {}
    for item in items:
        groups.setdefault(_group(item), []).append(item)
    return groups


def session_of(crawler: Crawler) -> CrawlSession:
    """The crawl's session, opened by whichever component asks first."""
    session = getattr(crawler, "thidua_session", None)
    if session is None:
        session = CrawlSession(crawler)
        crawler.thidua_session = session  # type: ignore[attr-defined]
    return session


class CrawlLog:
    """Extension: logs what only signals see, and closes the run with its status."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.session = session_of(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlLog:
        ext = cls(crawler)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.spider_error, signal=signals.spider_error)
        crawler.signals.connect(ext.item_error, signal=signals.item_error)
        crawler.signals.connect(ext.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def response_received(self, response: Any, request: Any, spider: Any = None,
                          **_: Any) -> None:
        if request.meta.get("dont_obey_robotstxt") and request.url.endswith("/robots.txt"):
            site = site_for_url(getattr(spider, "sites", []), request.url)
            self.session.record(request.url, response.status, "robots",
                                site=site.name if site else None)

    def spider_error(self, failure: Any, response: Any, **_: Any) -> None:
        self.session.record(response.url, response.status, "failed", "spider_error",
                            response.meta.get("thidua_site"))

    def item_error(self, item: Any, response: Any, failure: Any, **_: Any) -> None:
        site = getattr(getattr(item, "article", None), "site", None)
        url = response.url if response is not None else ""
        self.session.record(url, None, "failed", "archive_error", site)

    def item_dropped(self, item: Any, response: Any, exception: BaseException,
                     **_: Any) -> None:
        self.crawler.stats.inc_value(f"thidua/dropped/{type(exception).__name__}")

    def spider_closed(self, reason: str, **_: Any) -> None:
        self.session.commit()
        stats = self.crawler.stats
        status = crawl_status(reason, stats.get_stats())
        if self.session.write_failure is not None:  # even when it came at the last commit
            status = "failed"
        stats.set_value("thidua/status", status)
        stats.set_value("thidua/run_id", self.session.run_id)
        self.session.close(status, _jsonable(stats.get_stats()))


def _jsonable(stats: dict[str, Any]) -> dict[str, Any]:
    """Stats as plain JSON values (datetimes as ISO strings) for the run record."""
    out: dict[str, Any] = {}
    for key, value in stats.items():
        out[key] = value.isoformat() if hasattr(value, "isoformat") else value
    return out
