"""Fault mode: the crawl survives what portals do, keeps every good article, counts the rest."""

from __future__ import annotations

import sqlite3

import pytest

from crawler.urls import article_id
from indexer.archive import Archive
from tests.fixtures.crawl import run_farm_crawl

pytestmark = pytest.mark.slow
# Each trap of the farm's fault mode, and the failure kind it must be counted as.
TRAP_KINDS = {
    "slow": "timeout",
    "truncated": "truncated",
    "huge": "too_large",
    "binary": "not_html",
    "redirect_loop": "redirect_loop",
    "server_error": "http_5xx",
    "dead_link": "http_404",
}


@pytest.fixture(scope="module")
def fault_crawl(tmp_path_factory, corpus):
    from tests.farm.server import PortalFarm

    archive = tmp_path_factory.mktemp("faults") / "archive.sqlite3"
    with PortalFarm(corpus=corpus, faults=True, slow_delay=2.0) as farm:
        # --full follows every listing link, into the calendar trap too.
        result = run_farm_crawl(farm, archive, "--full", settings={"DOWNLOAD_TIMEOUT": 1})
        yield farm, archive, result


def test_the_crawl_finishes_as_partial_and_archives_every_good_article(fault_crawl, corpus):
    _, archive, result = fault_crawl
    assert result.returncode == 3, result.stderr[-3000:]
    assert result.report["status"] == "partial"
    with Archive(archive) as db:
        missing = [a.url for a in corpus if a.is_bloc_news and not db.get(article_id(a.url))]
        assert db.check() == []
    assert missing == []


def test_each_fault_is_counted_by_kind_in_the_report_and_the_log(fault_crawl):
    farm, archive, result = fault_crawl
    failures = result.report["failures"]
    with sqlite3.connect(archive) as conn:
        logged = dict(conn.execute("SELECT url, kind FROM fetches WHERE outcome = 'failed'"))
    for trap, kind in TRAP_KINDS.items():
        urls = farm.fault_urls[trap]
        assert failures.get(kind, 0) >= 1, (trap, failures)
        assert any(logged.get(url) == kind for url in urls), (trap, kind, urls)
    with Archive(archive) as db:
        by_kind = {}
        for site in db.status()["sites"].values():
            for kind, n in site["failures"].items():
                by_kind[kind] = by_kind.get(kind, 0) + n
    assert by_kind == failures


def test_flaky_5xx_pages_are_retried_into_the_archive(fault_crawl):
    farm, archive, result = fault_crawl
    first_errors = {url for _, url, status in result.requests if status in (500, 502, 503, 504)}
    traps = set(farm.fault_urls["server_error"])
    recovered = first_errors - traps
    assert recovered
    served = {url for _, url, status in result.requests if status == 200}
    # A guessed feed or sitemap place may flake too; after its retry it answers 404.
    with sqlite3.connect(archive) as conn:
        guesses = {url for url, in conn.execute(
            "SELECT url FROM fetches WHERE outcome = 'skipped' AND reason LIKE 'guessed%'")}
    assert recovered - served <= guesses
    assert recovered & served


def test_the_calendar_trap_is_left_after_a_few_empty_pages(fault_crawl):
    _, _, result = fault_crawl
    calendar = [url for _, url, _ in result.requests if "date=" in url]
    assert 0 < len(calendar) <= 2 * 3  # two calendars, at most stop-after-2 plus the first
