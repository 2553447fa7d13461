"""Run one crawl in-process: `run_crawl(CrawlOptions) -> CrawlReport`.

The CLI (`thidua crawl`) calls `run_crawl`; tests and benchmarks run that
command in a subprocess, because Twisted's reactor starts once per process.
Scrapy picks up an HTTP proxy from the standard ``http_proxy`` environment
variable, which is how the portal farm is used.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.log import get_scrapy_root_handler

from crawler.crawllog import failure_counts
from crawler.discovery.report import harvest
from crawler.errors import ThiduaError, UsageError
from crawler.extract.scoring import threshold
from crawler.lock import CrawlLock
from crawler.logfilter import quiet_counted_failures
from crawler.sites import Site, load_sites
from crawler.spiders.portal import PortalSpider
from crawler.storage import check_free_space, min_free_mb
from crawler.warc import warc_dir_for


@dataclass
class CrawlOptions:
    """What to crawl and how; the CLI's options, gathered once."""

    archive_path: Path | str
    sites_path: Path | str | None = None
    site_names: tuple[str, ...] = ()
    full: bool = False
    refresh: bool = False
    due: bool = False
    backend: str = "sqlite"
    es_url: str | None = None
    log_file: Path | str | None = None
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass
class CrawlReport:
    """The outcome of one run, read from the crawl's stats."""

    run_id: int | None
    requests: int
    pages: int
    articles_new: int
    articles_updated: int
    not_bloc: int
    failures: dict[str, int]
    status: str
    urls: int = 0
    articles_unchanged: int = 0
    duplicates: int = 0
    other_new: int = 0
    other_updated: int = 0
    harvest: dict[str, dict[str, Any]] = field(default_factory=dict)
    error: str | None = None
    stats: dict[str, Any] = field(default_factory=dict, repr=False)


def crawl_settings(options: CrawlOptions) -> Settings:
    """Project settings plus the options, at command-line priority."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    overrides: dict[str, Any] = {
        "THIDUA_ARCHIVE": str(options.archive_path),
        "THIDUA_SITES": str(options.sites_path) if options.sites_path else None,
        "THIDUA_SITE_NAMES": list(options.site_names),
        "THIDUA_FULL": options.full,
        "THIDUA_REFRESH": options.refresh,
        "THIDUA_DUE": options.due,
        "THIDUA_BACKEND": options.backend,
        "THIDUA_LOCK_HELD": True,
        "THIDUA_RUN_OPTIONS": {
            "sites": str(options.sites_path) if options.sites_path else None,
            "site_names": list(options.site_names), "full": options.full,
            "refresh": options.refresh, "due": options.due, "backend": options.backend,
        },
    }
    if options.es_url:
        overrides["THIDUA_ES_URL"] = options.es_url
    if options.log_file:
        overrides["LOG_FILE"] = str(options.log_file)
        overrides["LOG_FILE_APPEND"] = True
    settings.setdict(overrides, priority="cmdline")
    settings.setdict(dict(options.settings), priority="cmdline")
    return settings


def report_from(stats: dict[str, Any]) -> CrawlReport:
    def count(key: str) -> int:
        return int(stats.get(key, 0))

    return CrawlReport(
        run_id=stats.get("thidua/run_id"),
        requests=count("downloader/request_count"),
        pages=count("response_received_count"),
        articles_new=count("thidua/articles/new"),
        articles_updated=count("thidua/articles/updated"),
        not_bloc=count("thidua/outcome/not_bloc"),
        failures=failure_counts(stats),
        status=str(stats.get("thidua/status", "failed")),
        urls=sum(int(v) for k, v in stats.items() if k.startswith("thidua/outcome/")
                 and k != "thidua/outcome/unfollowed"),  # as `thidua status` counts them
        articles_unchanged=count("thidua/articles/unchanged"),
        duplicates=count("thidua/articles/duplicate"),
        other_new=count("thidua/other/new"),
        other_updated=count("thidua/other/updated"),
        harvest=harvest(stats),
        stats=stats,
    )


def check_options(options: CrawlOptions) -> list[Site]:
    """Fail before Scrapy starts, with one line, on what the user got wrong.

    Returns:
        The registry's sites the crawl would visit (all, or those named).
    """
    if options.backend not in ("sqlite", "es"):
        raise UsageError(f"unknown backend {options.backend!r}: sqlite or es")
    if options.backend == "es" and not options.es_url:
        raise UsageError("the es backend needs an Elasticsearch URL (--es URL or THIDUA_ES_URL)")
    threshold()
    sites = load_sites(options.sites_path)
    names = [site.name for site in sites]
    unknown = [name for name in options.site_names if name not in names]
    if unknown:
        close = difflib.get_close_matches(unknown[0], names, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise UsageError(f"unknown site {unknown[0]!r} (not in the registry){hint}")
    return [s for s in sites if s.name in options.site_names] if options.site_names else sites


def _preflight(settings: Settings) -> None:
    """Stop before fetching when the archive's or the WARC files' disk is nearly full.

    Raises:
        LowDiskSpace: less than THIDUA_MIN_FREE_MB free at either directory.
    """
    archive = Path(settings.get("THIDUA_ARCHIVE"))
    warc_dir = warc_dir_for(archive, settings.get("THIDUA_WARC_DIR"))
    check_free_space([archive.parent, warc_dir], min_free_mb(settings.get("THIDUA_MIN_FREE_MB")))


def run_crawl(options: CrawlOptions) -> CrawlReport:
    """Crawl once, in this process (callable once per process: Twisted's reactor).

    Raises:
        UsageError: bad options (unknown site, backend).
        CrawlLocked: another crawl is running on the same archive.
        LowDiskSpace: too little free space to start.
        ThiduaError: the crawl could not start (archive, registry).

    A run the disk stops (full, failing) returns its report with ``error`` set:
    the one line saying where and how many new articles were stored.
    """
    check_options(options)
    settings = crawl_settings(options)
    _preflight(settings)
    with CrawlLock(options.archive_path):
        process = CrawlerProcess(settings)
        crawler = process.create_crawler(PortalSpider)
        errors: list[BaseException] = []
        deferred = process.crawl(crawler)
        deferred.addErrback(lambda failure: errors.append(failure.value))
        quiet_counted_failures(get_scrapy_root_handler())  # after crawl() installed it
        process.start()
    if errors:
        if isinstance(errors[0], ThiduaError):
            raise errors[0]
        raise ThiduaError(f"the crawl could not run: {errors[0]!r}")
    report = report_from(crawler.stats.get_stats() if crawler.stats else {})
    session = getattr(crawler, "thidua_session", None)
    report.error = session.failure_message() if session is not None else None
    return report
