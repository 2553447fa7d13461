"""Crash safety: SIGKILL a real crawl at several moments, rerun, and lose nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.urls import article_id
from indexer.archive import Archive
from tests.fixtures.crawl import REPO, crawl_command, crawl_env, run_farm_crawl

pytestmark = pytest.mark.slow
WARCIO = str(Path(sys.executable).with_name("warcio"))


def _crawl_until_killed(farm, archive: Path, after_requests: int) -> bool:
    """Start a crawl and SIGKILL it once the farm has served ``after_requests`` more.

    Returns whether the kill happened before the crawl ended on its own.
    """
    target = len(farm.requests) + after_requests
    proc = subprocess.Popen(crawl_command(archive), env=crawl_env(farm.proxy_url), cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    try:
        while proc.poll() is None and len(farm.requests) < target:
            if time.monotonic() > deadline:
                raise AssertionError("crawl made no progress for 120 s")
            time.sleep(0.01)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
            return True
        return False
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_killed_crawls_resume_and_every_article_is_archived_exactly_once(make_farm, tmp_path):
    farm = make_farm(scale=240)
    archive = tmp_path / "archive.sqlite3"
    kills = [_crawl_until_killed(farm, archive, n) for n in (15, 120, 60)]
    assert all(kills), "a crawl finished before it could be killed"
    final = run_farm_crawl(farm, archive)
    assert final.returncode == 0, final.stderr[-3000:]

    expected = {article_id(a.url) for site in farm.catalog.config.portals
                for a in farm.catalog.site_articles(site) if a.is_bloc_news}
    with Archive(archive) as db:
        archived = [record["id"] for record in db.iter_articles() if record["is_bloc_news"]]
        assert db.check() == []
        runs = db.status()["runs"]
    assert len(archived) == len(set(archived))
    assert set(archived) == expected, (
        f"missing {len(expected - set(archived))}, unexpected {len(set(archived) - expected)}")
    assert [run["status"] for run in runs[:4]] == ["ok", "running", "running", "running"]

    warcs = sorted((tmp_path / "warc").glob("*.warc.gz"))
    for path in warcs:
        check = subprocess.run([WARCIO, "check", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, f"{path.name}: {check.stdout}{check.stderr}"
    for record_id in list(expected)[:40]:
        with Archive(archive) as db:
            location = db.get(record_id)["warc"]
        assert (tmp_path / "warc" / location["file"]).stat().st_size > location["offset"]
