"""A full disk is a failure, said once: real runs on a small tmpfs that fills.

Each test fills a real file system (tests/fixtures/disk.py) during a real
run: a farm crawl, `reextract`, `index --rebuild`, `export --warc`. Each then
checks the one error line and exit code 1, that the archive is sound and
points only at bytes on disk, and that the next run, once space is freed,
finishes the work without storing anything twice.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.urls import article_id
from crawler.warc import read_record
from indexer.archive import Archive
from tests.fixtures.crawl import run_farm_crawl
from tests.fixtures.old_archive import as_schema_1

pytestmark = pytest.mark.slow
WARCIO = str(Path(sys.executable).with_name("warcio"))
TAIL = "; free space and run again — nothing already archived was lost"
NO_MARGIN = {"THIDUA_MIN_FREE_MB": 0}


def _one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr, stderr[-3000:]
    assert len(lines) == 1, stderr[-3000:]
    assert lines[0].startswith("thidua: error: ") and lines[0].endswith(TAIL), lines[0]
    return lines[0]


def _sound(archive: Path) -> list[dict]:
    """Integrity check passed, every stored record's WARC pointer readable: the records."""
    with sqlite3.connect(archive) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        records = [json.loads(r) for (r,) in conn.execute("SELECT record FROM article_records")]
    for record in records:
        status, body = read_record(archive.parent / "warc", record["warc"])
        assert status == 200 and body.lstrip().startswith(b"<"), record["url"]
    for path in sorted((archive.parent / "warc").glob("*.warc.gz")):
        check = subprocess.run([WARCIO, "check", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
    return records


def _on_disk(archive: Path, disk) -> Path:
    """A copy of an archive (and its WARC files) on ``disk``."""
    shutil.copy(archive, disk.path / archive.name)
    shutil.copytree(archive.parent / "warc", disk.path / "warc")
    return disk.path / archive.name


@pytest.mark.parametrize("batch", ["one commit", "commits of 20"])
def test_a_crawl_that_fills_the_disk_fails_once_and_the_next_run_completes_it(
        make_farm, corpus, small_disk, batch):
    disk = small_disk("700k")
    archive = disk.path / "archive.sqlite3"
    farm = make_farm()
    settings = {**NO_MARGIN, "THIDUA_COMMIT_SECONDS": 3600,
                "THIDUA_COMMIT_WRITES": 20 if batch == "commits of 20" else 100_000}
    full = run_farm_crawl(farm, archive, settings=settings)
    assert full.returncode == 1, full.stderr[-3000:]
    line = _one_error_line(full.stderr)
    match = re.fullmatch(rf"thidua: error: disk full at (\S+): (\d+) of (\d+) new articles "
                         rf"stored{re.escape(TAIL)}", line)
    assert match, line
    stored, met = int(match[2]), int(match[3])
    bloc_news = sum(a.is_bloc_news for a in corpus)
    # met: the new articles read; those whose page the WARC refused were never read.
    assert stored == full.report["articles_new"] <= met <= bloc_news and stored < bloc_news
    assert (stored > 0) == (batch == "commits of 20")
    assert full.report["status"] == "failed" and full.report["failures"]["disk_full"] >= 1
    records = _sound(archive)
    assert sum(r["is_bloc_news"] for r in records) == stored
    with sqlite3.connect(archive) as conn:
        status, stats = conn.execute("SELECT status, stats FROM runs").fetchone()
    assert status == "failed" and json.loads(stats)["thidua/error"] == line.split(": ", 2)[2]
    shown = subprocess.run([sys.executable, "-m", "search_cli", "status", "--archive",
                            str(archive)], capture_output=True, text=True)
    assert f"failed ({line.split(': ', 2)[2]})" in shown.stdout, shown.stdout + shown.stderr

    disk.remount("20m")
    again = run_farm_crawl(farm, archive, settings=settings)
    assert again.returncode == 0, again.stderr[-3000:]
    assert again.report["articles_new"] == bloc_news - stored
    records = _sound(archive)
    bloc = sorted(r["id"] for r in records if r["is_bloc_news"])
    assert bloc == sorted(article_id(a.url) for a in corpus if a.is_bloc_news)
    assert len(records) == len(corpus) == len({r["content_hash"] for r in records})


def test_a_crawl_does_not_start_below_the_free_space_margin(make_farm, small_disk):
    disk = small_disk("700k")
    farm = make_farm()
    result = run_farm_crawl(farm, disk.path / "archive.sqlite3")
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert re.fullmatch(r"thidua: error: only 0\.\d MB free at \S+, less than "
                        r"THIDUA_MIN_FREE_MB \(50 MB\): free space and run again "
                        r"— nothing was fetched", line), line
    assert result.requests == [] and list(disk.path.iterdir()) == []


def test_a_bad_free_space_margin_is_a_usage_error(make_farm, tmp_path):
    result = run_farm_crawl(make_farm(), tmp_path / "archive.sqlite3",
                            settings={"THIDUA_MIN_FREE_MB": "lots"})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "thidua: error: THIDUA_MIN_FREE_MB must be a number of megabytes, 0 or more "
        "(got 'lots')"]


def test_reextract_that_fills_the_disk_fails_once_and_the_next_run_recovers_all(
        thidua, crawled, corpus, small_disk):
    disk = small_disk("8m")
    archive = _on_disk(crawled[1], disk)
    near_misses = sum(not a.is_bloc_news for a in corpus)
    assert as_schema_1(archive) == near_misses
    Archive(archive).close()  # the upgrade to the current schema, while there is room
    filler = disk.fill(leave=48 * 1024)
    full = thidua("reextract", "--archive", str(archive))
    assert full.code == 1
    line = _one_error_line(full.err)
    assert re.fullmatch(rf"thidua: error: disk full at {re.escape(str(archive))}: 0 of "
                        rf"{near_misses} changed and new records stored{re.escape(TAIL)}",
                        line), line
    assert len(_sound(archive)) == len(corpus) - near_misses

    filler.unlink()
    again = thidua("reextract", "--archive", str(archive))
    assert again.code == 0, again.err
    assert f"{near_misses} new records from the WARC files" in again.err
    records = _sound(archive)
    assert sorted(r["id"] for r in records) == sorted(article_id(a.url) for a in corpus)


def test_an_index_rebuild_that_fills_the_disk_keeps_the_old_index(thidua, crawled,
                                                                   small_disk):
    disk = small_disk("8m")
    archive = _on_disk(crawled[1], disk)
    filler = disk.fill(leave=64 * 1024)
    full = thidua("index", "--rebuild", "--archive", str(archive))
    assert full.code == 1
    line = _one_error_line(full.err)
    assert line == (f"thidua: error: disk full at {archive}: the index was not rebuilt "
                    f"(the previous index is kept){TAIL}")
    _sound(archive)
    with Archive(archive, readonly=True) as db:
        assert db.check() == []
    found = thidua("search", "thi dua", "--archive", str(archive), "--format", "json")
    assert found.code == 0 and json.loads(found.out)

    filler.unlink()
    again = thidua("index", "--rebuild", "--archive", str(archive))
    assert again.code == 0, again.err
    with Archive(archive) as db:
        assert db.check() == []


def test_a_warc_export_that_fills_the_disk_keeps_only_whole_records(thidua, crawled,
                                                                    small_disk):
    disk = small_disk("64k")
    out = disk.path / "result.warc.gz"
    result = thidua("export", "--archive", str(crawled[1]), "--warc", str(out))
    assert result.code == 1
    line = _one_error_line(result.err)
    match = re.fullmatch(rf"thidua: error: disk full at {re.escape(str(out))}: (\d+) of "
                         rf"(\d+) WARC records written{re.escape(TAIL)}", line)
    assert match and 0 < int(match[1]) < int(match[2]), line
    index = subprocess.run([WARCIO, "index", str(out)], capture_output=True, text=True)
    assert index.returncode == 0 and len(index.stdout.splitlines()) == int(match[1])
