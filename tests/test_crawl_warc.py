"""WARC writing, rotation and crash repair, checked with warcio's own command-line tools."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

from crawler.lock import CrawlLock, CrawlLocked
from crawler.warc import WarcWriter, complete_length, read_record, repair

WARCIO = str(Path(sys.executable).with_name("warcio"))
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Transfer-Encoding", "chunked")]


def _warcio(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([WARCIO, *args], capture_output=True, text=True, timeout=60)


def _write(writer: WarcWriter, n: int, size: int = 2000) -> list[dict[str, object]]:
    locations = []
    for i in range(n):
        noise = random.Random(i).randbytes(size).hex()  # incompressible, like real pages
        body = f"<html><body>trang {i} thi đua {noise}</body></html>".encode()
        locations.append(writer.write_response(f"http://hanam.gov.vn/Pages/a{i}.aspx", 200,
                                               "OK", HEADERS, body).as_dict())
    writer.sync()
    return locations


def test_records_pass_warcio_check_and_index_and_read_back_by_offset(tmp_path):
    with WarcWriter(tmp_path) as writer:
        locations = _write(writer, 5)
    files = sorted(tmp_path.glob("*.warc.gz"))
    assert len(files) == 1
    check = _warcio("check", "-v", str(files[0]))
    assert check.returncode == 0, check.stdout + check.stderr
    index = _warcio("index", "-f", "warc-type,warc-target-uri,http:status,offset",
                    str(files[0]))
    rows = [json.loads(line) for line in index.stdout.splitlines()]
    assert [r["warc-target-uri"] for r in rows] == [
        f"http://hanam.gov.vn/Pages/a{i}.aspx" for i in range(5)]
    assert [int(r["offset"]) for r in rows] == [loc["offset"] for loc in locations]
    status, body = read_record(tmp_path, locations[3])
    assert status == 200 and body.startswith(b"<html><body>trang 3 ")


def test_files_rotate_by_size(tmp_path):
    with WarcWriter(tmp_path, max_bytes=5000) as writer:
        locations = _write(writer, 6)
    names = {loc["file"] for loc in locations}
    assert len(names) >= 3
    for name in names:
        assert _warcio("check", str(tmp_path / str(name))).returncode == 0


def test_half_written_tail_is_cut_on_open_and_writing_continues(tmp_path):
    with WarcWriter(tmp_path) as writer:
        locations = _write(writer, 3)
    path = tmp_path / str(locations[0]["file"])
    whole = path.stat().st_size
    with path.open("ab") as handle:  # a crash in the middle of a record
        handle.write(path.read_bytes()[int(locations[1]["offset"]):][:700])
    assert complete_length(path) == whole
    with WarcWriter(tmp_path) as writer:
        assert writer.repaired_bytes == 700
        more = _write(writer, 2)
    assert more[0] == {"file": locations[0]["file"], "offset": whole}
    assert _warcio("check", str(path)).returncode == 0
    index = _warcio("index", str(path))
    assert len(index.stdout.splitlines()) == 5


def test_repair_leaves_a_whole_file_untouched(tmp_path):
    with WarcWriter(tmp_path) as writer:
        locations = _write(writer, 2)
    path = tmp_path / str(locations[0]["file"])
    assert repair(path) == 0


def test_second_lock_on_the_same_archive_is_refused_with_one_line(tmp_path):
    archive = tmp_path / "archive.sqlite3"
    with CrawlLock(archive):
        try:
            CrawlLock(archive).acquire()
        except CrawlLocked as exc:
            message = str(exc)
        else:
            raise AssertionError("second lock acquired")
    assert "another crawl is running" in message and "\n" not in message
    with CrawlLock(archive) as again:
        assert again.held
