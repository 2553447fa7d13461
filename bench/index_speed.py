"""Embedded indexing speed: the backend's rebuild from an archive against bare FTS5 INSERTs.

``open_backend("sqlite", archive).rebuild()`` drops and recreates the FTS5
index from the archive's records (what `thidua index --rebuild` runs). The
floor, in the same run: the same titles and texts, read with the same kind
of SELECT, inserted as they are into the same two FTS5 tables (same
tokenizers, one transaction, then 'optimize') in a scratch file beside the
archive, with no Python in between. The rebuild runs on a copy of the
cached archive, so the cache is never modified.

    python -m bench.index_speed               # cached 100k archive
    python -m bench.index_speed --n 20000
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import time
from pathlib import Path

from bench.common import CACHE_DIR, Row, cached_archive, print_table, size_parser
from indexer.archive import Archive
from indexer.backends import open_backend

RATE_TARGET = 2_000.0
_TABLES = {"bare_fold": "unicode61 remove_diacritics 2",
           "bare_exact": "unicode61 remove_diacritics 0"}


def _drop_files(path: Path) -> None:
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)


def bare_index(archive: Path, scratch: Path) -> tuple[int, float]:
    """(rows, seconds): raw title/text INSERTs into two fresh FTS5 tables, one transaction."""
    _drop_files(scratch)
    conn = sqlite3.connect(scratch, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("ATTACH DATABASE ? AS src", (f"file:{archive}?mode=ro",))
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    for table, tokenizer in _TABLES.items():
        conn.execute(f"CREATE VIRTUAL TABLE {table} USING fts5(title, text, content='', "
                     f"tokenize='{tokenizer}')")
    rows = conn.execute(
        "SELECT a.docid, json_extract(r.record, '$.title'), json_extract(r.record, '$.text') "
        "FROM src.articles a JOIN src.article_records r USING (docid) ORDER BY a.docid")
    count = 0
    while batch := rows.fetchmany(500):
        for table in _TABLES:
            conn.executemany(f"INSERT INTO {table}(rowid, title, text) VALUES (?, ?, ?)", batch)
        count += len(batch)
    for table in _TABLES:
        conn.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
    conn.execute("COMMIT")
    seconds = time.perf_counter() - started
    conn.close()
    _drop_files(scratch)
    return count, seconds


def backend_rebuild(archive: Path, scratch: Path) -> tuple[int, float]:
    """(rows, seconds) of the embedded backend's rebuild, on a copy of the archive."""
    _drop_files(scratch)
    shutil.copyfile(archive, scratch)
    try:
        with Archive(scratch) as copy:
            started = time.perf_counter()
            count = open_backend("sqlite", copy).rebuild(copy)
            seconds = time.perf_counter() - started
    finally:
        _drop_files(scratch)
    return count, seconds


def main(argv: list[str] | None = None) -> int:
    args = size_parser(__doc__.splitlines()[0], 100_000).parse_args(argv)
    path = cached_archive(args.n, args.seed, args.rebuild)
    print(f"archive: {path} ({args.n} records)")
    bare_count, bare_s = bare_index(path, CACHE_DIR / "scratch-bare.sqlite3")
    print(f"bare FTS5 INSERT: {bare_count} rows in {bare_s:.1f} s", flush=True)
    count, seconds = backend_rebuild(path, CACHE_DIR / "scratch-rebuild.sqlite3")
    print(f"backend rebuild:  {count} rows in {seconds:.1f} s", flush=True)
    rate, floor = count / seconds, bare_count / bare_s
    print_table("embedded indexing (rebuild from the archive)", [
        Row("articles/s into the FTS5 index", rate, floor, "/s", f">= {RATE_TARGET:,.0f}/s",
            rate >= RATE_TARGET),
        Row("seconds for the whole archive", seconds, bare_s, "s", "-", None),
    ])
    return 0


if __name__ == "__main__":
    sys.exit(main())
