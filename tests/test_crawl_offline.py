"""A crawl without network: one summary line that names the cause, no traceback, exit 1.

"Without network" is made without any traffic: a registry whose hosts are
under ``.invalid`` (reserved, never resolves), or a proxy address on
loopback where nothing listens (every connection refused).
"""

from __future__ import annotations

import json
import logging
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from twisted.internet.error import DNSLookupError

from crawler.logfilter import CountedFailures
from crawler.run import CrawlReport
from indexer.archive import Archive
from search_cli.summary import likely_cause, summary_line
from tests.fixtures.crawl import REPO, crawl_env

UNREACHABLE = REPO / "tests" / "fixtures" / "unreachable_sites.toml"
pytestmark = pytest.mark.slow


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _offline_crawl(archive: Path, proxy: str | None, *args: str):
    env = crawl_env(proxy or "")
    if proxy is None:
        del env["http_proxy"]
    command = [sys.executable, "-m", "search_cli", "crawl", "--json", "--archive", str(archive),
               "--sites", str(UNREACHABLE), "--set", "DOWNLOAD_DELAY=0",
               "--set", "AUTOTHROTTLE_ENABLED=false", *args]
    return subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True,
                          timeout=180)


@pytest.mark.parametrize(("proxy", "kind", "cause"), [
    (None, "dns", "no network or no DNS?"),
    ("closed", "connection", "refusing the connections?"),
])
def test_offline_crawl_says_what_happened_in_one_line(tmp_path, proxy, kind, cause):
    archive = tmp_path / "archive.sqlite3"
    done = _offline_crawl(archive, proxy and f"http://127.0.0.1:{_closed_port()}")
    assert done.returncode == 1, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr[-2000:]
    assert lines[0].startswith("crawl failed: ") and cause in lines[0]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(report["failures"]) == {kind}
    # `thidua status` counts the same URLs as the summary; the requests add the retries
    with Archive(archive, readonly=True) as opened:
        status = opened.status()
    assert sum(site["fetches"] for site in status["sites"].values()) == report["urls"]
    assert sum(site["failures"].get(kind, 0) for site in status["sites"].values()) == \
        report["failures"][kind] == report["urls"]
    assert report["requests"] == 3 * report["urls"]  # RETRY_TIMES = 2
    assert f"{report['urls']} URLs fetched in {report['requests']} requests" in lines[0]


def test_the_log_file_keeps_what_the_terminal_leaves_out(tmp_path):
    log = tmp_path / "crawl.log"
    done = _offline_crawl(tmp_path / "archive.sqlite3", None, "--log-file", str(log))
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1
    text = log.read_text()
    assert "Gave up retrying" in text and "Traceback" in text  # robots.txt's, in full


def _report(failures: dict[str, int], urls: int) -> CrawlReport:
    return CrawlReport(run_id=1, requests=3 * urls, pages=0, articles_new=0,
                       articles_updated=0, not_bloc=0, failures=failures, status="failed",
                       urls=urls)


def test_the_cause_is_named_only_when_everything_failed_one_way():
    assert "no DNS" in likely_cause(_report({"dns": 10}, 10))
    assert likely_cause(_report({"dns": 9}, 10)) is None  # one URL worked
    assert "nearly every" in likely_cause(_report({"dns": 19, "http_404": 1}, 20))
    assert likely_cause(_report({"dns": 5, "timeout": 5}, 10)) is None
    assert likely_cause(_report({"http_404": 3}, 3)) is None
    assert summary_line(_report({}, 0)).endswith("failures: none")


def _record(name: str, exc: BaseException | None, **args: object) -> logging.LogRecord:
    record = logging.LogRecord(name, logging.ERROR, __file__, 1, "msg %(reason)s",
                               None, (type(exc), exc, None) if exc and not args else None)
    record.args = args or None
    return record


def test_the_terminal_filter_drops_only_counted_network_failures():
    dns = DNSLookupError("no such host")
    keep = CountedFailures().filter
    assert not keep(_record("scrapy.downloadermiddlewares.retry", None, reason=dns))
    assert not keep(_record("scrapy.downloadermiddlewares.robotstxt", dns))
    assert keep(_record("scrapy.core.scraper", ValueError("a spider bug")))
    assert keep(_record("crawler.pipelines", dns))  # not Scrapy's: ours, always shown
