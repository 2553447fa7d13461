"""Disk failures named once (crawler/storage.py) and the WARC writer on a disk that fills."""

from __future__ import annotations

import errno
import os
import sqlite3

import pytest

from crawler.errors import UsageError, WriteFailed
from crawler.storage import (
    LowDiskSpace,
    as_write_failed,
    check_free_space,
    disk_problem,
    min_free_mb,
)
from crawler.warc import WarcWriter, complete_length, iter_responses, read_record


@pytest.mark.parametrize(("code", "problem"), [
    (errno.ENOSPC, "disk full"), (errno.EDQUOT, "disk quota exceeded"),
    (errno.EROFS, "read-only file system"), (errno.EIO, "I/O error"),
])
def test_os_errors_of_the_disk_are_named(code, problem):
    assert disk_problem(OSError(code, os.strerror(code))) == problem


def test_other_errors_keep_their_own_meaning():
    assert disk_problem(OSError(errno.ENOENT, "missing")) is None
    assert disk_problem(sqlite3.OperationalError("database is locked")) is None
    assert disk_problem(ValueError("disk full")) is None


def test_sqlite_full_and_io_errors_are_disk_failures():
    assert disk_problem(sqlite3.OperationalError("database or disk is full")) == "disk full"
    assert disk_problem(sqlite3.OperationalError("disk I/O error")) == "I/O error"


def test_the_error_line_names_path_progress_and_what_to_do():
    failed = as_write_failed(OSError(errno.ENOSPC, "No space left"), "/var/lib/a.sqlite3")
    assert failed.kind == "disk_full"
    assert str(failed.with_progress("3 of 60 new articles stored")) == (
        "disk full at /var/lib/a.sqlite3: 3 of 60 new articles stored; free space and run "
        "again — nothing already archived was lost")
    assert WriteFailed("I/O error", "/x").kind == "io_error"
    assert "check the disk and run again" in str(WriteFailed("I/O error", "/x"))


def test_the_margin_comes_from_the_setting_then_the_environment(monkeypatch):
    monkeypatch.delenv("THIDUA_MIN_FREE_MB", raising=False)
    assert min_free_mb() == 50.0
    monkeypatch.setenv("THIDUA_MIN_FREE_MB", "5")
    assert min_free_mb() == 5.0 and min_free_mb(0) == 0.0 and min_free_mb("12.5") == 12.5
    for bad in ("-1", "lots", "nan"):
        with pytest.raises(UsageError, match="THIDUA_MIN_FREE_MB"):
            min_free_mb(bad)


def test_free_space_is_checked_at_the_nearest_existing_directory(tmp_path):
    check_free_space([tmp_path / "not" / "yet"], 0)
    with pytest.raises(LowDiskSpace, match=f"at {tmp_path}"):
        check_free_space([tmp_path / "not" / "yet"], 1e12)


def test_a_warc_write_the_disk_refuses_is_cut_back_to_the_last_whole_record(small_disk):
    disk = small_disk("96k")
    written = []
    with pytest.raises(WriteFailed) as failure, WarcWriter(disk.path / "warc") as writer:
        for n in range(100):
            body = b"<html>" + os.urandom(6000).hex().encode() + b"</html>"
            location = writer.write_response(f"http://hanam.gov.vn/{n}", 200, "OK",
                                             [("Content-Type", "text/html")], body)
            written.append((location, body))
    assert failure.value.problem == "disk full" and "/warc/thidua-" in failure.value.path
    [path] = (disk.path / "warc").glob("*.warc.gz")
    assert 0 < len(written) < 100
    assert complete_length(path) == path.stat().st_size
    assert [r.location for r in iter_responses(disk.path / "warc")] == [
        loc for loc, _ in written]
    for location, body in written:
        assert read_record(disk.path / "warc", location.as_dict()) == (200, body)
