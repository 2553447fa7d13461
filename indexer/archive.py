"""The archive: one SQLite file (WAL) holding every record, the crawl log and run history.

It is the source of truth: both search indexes can be rebuilt from it. Each
write is one transaction (``synchronous=NORMAL`` in WAL mode: a crash loses
at most the last commits, never consistency), and the embedded FTS5 index is
updated inside the same transaction as the record it mirrors.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from crawler.errors import ArchiveError, ThiduaError
from crawler.extract.record import Article
from crawler.storage import as_write_failed
from crawler.urls import article_id, canonical_url
from indexer import fts, schema
from indexer.records import COLUMNS, canonical, merge_urls, prepare, row_values, stable_fields
from indexer.status import archive_status, crawl_log_for

VN = ZoneInfo("Asia/Ho_Chi_Minh")
BUSY_TIMEOUT = 10.0
RECENT_RUNS = 10
_PRAGMAS = ("foreign_keys=ON", "synchronous=NORMAL")
# A 64 MB page cache for writers (FTS5 merges reread the segments they wrote). Readers
# keep SQLite's default: measured on a 100k archive, neither that cache nor a 256 MB
# memory map made searches or exports faster, and both grew an export's peak RSS
# (35 MB -> 355 MB for 50,000 records).
_WRITE_PRAGMAS = ("cache_size=-65536",)
def default_archive_path() -> Path:
    """``$THIDUA_ARCHIVE``, else ``$XDG_DATA_HOME/thidua/archive.sqlite3`` (~/.local/share)."""
    if os.environ.get("THIDUA_ARCHIVE"):
        return Path(os.environ["THIDUA_ARCHIVE"]).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "thidua" / "archive.sqlite3"


def now_iso() -> str:
    return datetime.now(VN).isoformat(timespec="seconds")


class Archive:
    """The archive database; a context manager that closes its connection."""

    def __init__(self, path: str | os.PathLike[str], *, readonly: bool = False,
                 timeout: float = BUSY_TIMEOUT) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._conn = self._connect(timeout)
        try:
            if readonly:
                schema.check_readable(self._conn, self.path)
            else:
                self._conn.execute("PRAGMA journal_mode=WAL")
                schema.migrate(self._conn, self.path)
        except sqlite3.Error as exc:
            self._conn.close()
            failed = as_write_failed(exc, self.path)
            if failed is not None:
                raise failed from None
            raise ArchiveError(f"cannot open archive {self.path}: {_cause(exc)}") from None
        except ArchiveError:
            self._conn.close()
            raise

    def _connect(self, timeout: float) -> sqlite3.Connection:
        if self.readonly:
            if not self.path.is_file():
                raise ArchiveError(f"cannot open archive {self.path}: no such file")
            target, uri = f"file:{quote(str(self.path.resolve()))}?mode=ro", True
        else:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ArchiveError(f"cannot open archive {self.path}: "
                                   f"cannot create {self.path.parent} ({exc.strerror})") from None
            target, uri = str(self.path), False
        conn = None
        try:
            conn = sqlite3.connect(target, uri=uri, timeout=timeout, isolation_level=None)
            for pragma in _PRAGMAS if self.readonly else _PRAGMAS + _WRITE_PRAGMAS:
                conn.execute(f"PRAGMA {pragma}")
            conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            raise ArchiveError(f"cannot open archive {self.path}: {_cause(exc)}") from None
        return conn

    @property
    def connection(self) -> sqlite3.Connection:
        """The open connection, for the embedded search backend."""
        return self._conn

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; sqlite errors become one-line ArchiveErrors.

        Inside another transaction it is a savepoint: atomic on its own, durable
        when the outer one commits, so a caller can batch many writes (the
        crawler's one commit per batch) without changing how each is made.
        """
        if self.readonly:
            raise ArchiveError(f"archive {self.path} is open read-only")
        if self._conn.in_transaction:
            with self._savepoint() as conn:
                yield conn
            return
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._write_error(exc) from None
        try:
            yield self._conn
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback("ROLLBACK")
            raise self._write_error(exc) from None
        except BaseException:
            self._rollback("ROLLBACK")
            raise

    @contextmanager
    def _savepoint(self) -> Iterator[sqlite3.Connection]:
        self._conn.execute("SAVEPOINT nested")
        try:
            yield self._conn
            self._conn.execute("RELEASE nested")
        except sqlite3.Error as exc:
            self._rollback("ROLLBACK TO nested", "RELEASE nested")
            raise self._write_error(exc) from None
        except BaseException:
            self._rollback("ROLLBACK TO nested", "RELEASE nested")
            raise

    def _rollback(self, *statements: str) -> None:
        """Undo what a failed write began, if anything is left to undo.

        After SQLITE_FULL or SQLITE_IOERR, SQLite may already have rolled the
        whole transaction back itself; a ROLLBACK then would be a second error
        hiding the first, so it runs only while a transaction is open, and a
        failure of the rollback itself never replaces the error being raised.
        """
        for statement in statements:
            if not self._conn.in_transaction:
                return
            try:
                self._conn.execute(statement)
            except sqlite3.Error:
                return

    def _write_error(self, exc: sqlite3.Error) -> ThiduaError:
        """A failed write as one line: `WriteFailed` for a disk failure, else ArchiveError."""
        failed = as_write_failed(exc, self.path)
        if failed is not None:
            return failed
        return ArchiveError(f"cannot write archive {self.path}: {_cause(exc)}")

    # -- articles ---------------------------------------------------------------

    def upsert(self, article: Article | dict[str, Any]) -> str:
        """Store one record: "new", "updated", "unchanged" or "duplicate".

        An id already stored is compared on every field but the volatile ones
        (fetch time, URL variants, WARC pointer). A new id whose text hashes
        the same as another article's is the same article under another URL:
        that URL joins the stored record's ``urls`` instead of a second record.
        """
        record = prepare(article)
        with self.transaction() as conn:
            return self._upsert(conn, record)

    def upsert_many(self, articles: Iterable[Article | dict[str, Any]]) -> dict[str, int]:
        """Bulk ``upsert`` in one transaction; counts per outcome."""
        counts: Counter[str] = Counter()
        with self.transaction() as conn:
            for article in articles:
                counts[self._upsert(conn, prepare(article))] += 1
        return dict(counts)

    def _upsert(self, conn: sqlite3.Connection, record: dict[str, Any]) -> str:
        row = conn.execute(
            "SELECT a.docid, r.record FROM articles a "
            "JOIN article_records r USING (docid) WHERE a.id = ?", (record["id"],)).fetchone()
        if row:
            return self._update(conn, row[0], json.loads(row[1]), record)
        if record.get("text"):
            twin = conn.execute(
                "SELECT a.docid, r.record FROM articles a JOIN article_records r USING (docid) "
                "WHERE a.content_hash = ? LIMIT 1", (record["content_hash"],)).fetchone()
            if twin:
                self._add_urls(conn, twin[0], json.loads(twin[1]), record["urls"])
                return "duplicate"
        stored = _dumps(record)
        cursor = conn.execute(
            f"INSERT INTO articles ({', '.join(COLUMNS)}) "
            f"VALUES ({', '.join('?' * len(COLUMNS))})", row_values(record, stored))
        docid = cursor.lastrowid
        conn.execute("INSERT INTO article_records (docid, record) VALUES (?, ?)",
                     (docid, stored))
        self._index_urls(conn, record["id"], record["urls"])
        fts.insert(conn, [(docid, record)])
        return "new"

    def _update(self, conn: sqlite3.Connection, docid: int, old: dict[str, Any],
                record: dict[str, Any]) -> str:
        # Compared as stored (JSON types: tuples are lists), every field but the volatile ones.
        if stable_fields(old) == stable_fields(json.loads(_dumps(record))):
            self._add_urls(conn, docid, old, record["urls"])
            return "unchanged"
        record["url"] = old["url"]
        record["urls"] = merge_urls(old.get("urls") or [], record["urls"])
        assignments = ", ".join(f"{name} = ?" for name in COLUMNS)
        stored = _dumps(record)
        conn.execute(f"UPDATE articles SET {assignments} WHERE docid = ?",
                     (*row_values(record, stored), docid))
        conn.execute("UPDATE article_records SET record = ? WHERE docid = ?", (stored, docid))
        self._index_urls(conn, record["id"], record["urls"])
        if fts.fts_values(old) != fts.fts_values(record):
            fts.delete(conn, [(docid, old)])
            fts.insert(conn, [(docid, record)])
        return "updated"

    def _add_urls(self, conn: sqlite3.Connection, docid: int, stored: dict[str, Any],
                  urls: list[str]) -> None:
        merged = merge_urls(stored.get("urls") or [], urls)
        if merged != (stored.get("urls") or []):
            stored["urls"] = merged
            conn.execute("UPDATE article_records SET record = ? WHERE docid = ?",
                         (_dumps(stored), docid))
        self._index_urls(conn, stored["id"], merged)

    @staticmethod
    def _index_urls(conn: sqlite3.Connection, article: str, urls: list[str]) -> None:
        """Point each URL's canonical form at ``article``, writing only what changes.

        Reading first and inserting only the missing URLs (updating only
        those that moved) writes nothing for a URL already in place, where
        INSERT OR REPLACE deleted and re-inserted the row every time.
        """
        wanted = {canonical(u): article for u in urls}
        marks = ", ".join("?" * len(wanted))
        stored = dict(conn.execute(
            f"SELECT url, id FROM article_urls WHERE url IN ({marks})", list(wanted)))
        missing = [(url, article) for url in wanted if url not in stored]
        moved = [(article, url) for url, owner in stored.items() if owner != article]
        if missing:
            conn.executemany("INSERT INTO article_urls (url, id) VALUES (?, ?)", missing)
        if moved:
            conn.executemany("UPDATE article_urls SET id = ? WHERE url = ?", moved)

    def get(self, article_id: str) -> dict[str, Any] | None:
        row = self._conn.execute(
            "SELECT r.record FROM articles a JOIN article_records r USING (docid) "
            "WHERE a.id = ?", (article_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def has_url(self, url: str) -> bool:
        """True when the URL (any variant of it) is archived, as an article or a duplicate."""
        hit = self._conn.execute(
            "SELECT 1 FROM articles WHERE id = ? UNION ALL "
            "SELECT 1 FROM article_urls WHERE url = ? LIMIT 1",
            (article_id(url), canonical(url))).fetchone()
        return hit is not None

    def find_url(self, url: str) -> str | None:
        """The id of the article archived under ``url`` (any variant of it), if any."""
        row = self._conn.execute(
            "SELECT id FROM articles WHERE id = ? UNION ALL "
            "SELECT id FROM article_urls WHERE url = ? LIMIT 1",
            (article_id(url), canonical(url))).fetchone()
        return row[0] if row else None

    def iter_articles(self) -> Iterator[dict[str, Any]]:
        """Every record in insertion order, streamed."""
        cursor = self._conn.execute("SELECT record FROM article_records ORDER BY docid")
        for (record,) in cursor:
            yield json.loads(record)

    def count(self, bloc_news: bool | None = None) -> int:
        """Stored article pages; only bloc news (True) or only the others (False)."""
        if bloc_news is None:
            return self._conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        return self._conn.execute("SELECT count(*) FROM articles WHERE is_bloc_news = ?",
                                  (int(bloc_news),)).fetchone()[0]

    def check(self) -> list[str]:
        """Problems found by ``PRAGMA integrity_check`` and the FTS5 check (empty: sound)."""
        rows = [r[0] for r in self._conn.execute("PRAGMA integrity_check")]
        problems = [r for r in rows if r != "ok"]
        if not self.readonly:
            problems += fts.check(self._conn)
        return problems

    # -- runs and the crawl log ---------------------------------------------------------

    def start_run(self, options: dict[str, Any]) -> int:
        with self.transaction() as conn:
            cursor = conn.execute("INSERT INTO runs (started, options) VALUES (?, ?)",
                                  (now_iso(), _dumps(options)))
            return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, status: str, stats: dict[str, Any]) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE runs SET finished = ?, status = ?, stats = ? WHERE id = ?",
                         (now_iso(), status, _dumps(stats), run_id))

    def log_fetch(self, run_id: int, url: str, status: int | None, outcome: str,
                  kind: str | None = None, site: str | None = None,
                  at: str | None = None, reason: str | None = None) -> None:
        """One crawl-log row; ``at`` (ISO, default now) for a row written later in a batch.

        ``reason`` says why the page was read as what it was (its page kind's
        evidence, or the link score that had it fetched), for ``crawl --explain``.
        """
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO fetches (run_id, url, site, status, outcome, kind, at, reason) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (run_id, url, site, status, outcome, kind,
                                                    at or now_iso(), reason))

    def known_urls(self, outcomes: Iterable[str]) -> set[str]:
        """Canonical URLs the crawl log has seen with these outcomes (e.g. "not_bloc").

        The incremental crawl skips a page fetched before and found not to be
        bloc news, as it skips an archived article.
        """
        wanted = list(outcomes)
        marks = ", ".join("?" * len(wanted))
        cursor = self._conn.execute(
            f"SELECT DISTINCT url FROM fetches WHERE outcome IN ({marks})", wanted)
        return {canonical_url(url) for (url,) in cursor}

    def last_outcomes(self) -> dict[str, str]:
        """The last crawl-log outcome of every URL fetched, by canonical URL.

        ``reextract`` reads it to tell, among the stored responses, the
        article pages from listings, sitemaps and feeds.
        """
        cursor = self._conn.execute("SELECT url, outcome FROM fetches ORDER BY id")
        return {canonical_url(url): outcome for url, outcome in cursor}

    def set_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        """Keep a page's ETag / Last-Modified for the next conditional request."""
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO validators (url, etag, last_modified) "
                         "VALUES (?, ?, ?)", (canonical_url(url), etag, last_modified))

    def validators(self, url: str) -> dict[str, str | None]:
        """``{"etag", "last_modified"}`` stored for the URL (values None when unknown)."""
        row = self._conn.execute("SELECT etag, last_modified FROM validators WHERE url = ?",
                                 (canonical_url(url),)).fetchone()
        return {"etag": row[0] if row else None, "last_modified": row[1] if row else None}

    def status(self) -> dict[str, Any]:
        """Per-site article counts, last fetch and failures by kind; the recent runs."""
        return archive_status(self._conn, self.path, RECENT_RUNS)

    def crawl_log(self, urls: list[str]) -> list[dict[str, Any]]:
        """The crawl log's newest rows for a URL (given as its spellings), for --explain."""
        return crawl_log_for(self._conn, urls)

    # -- external indexes -----------------------------------------------------------

    def pending_index(self, backend: str) -> Iterator[dict[str, Any]]:
        """Records the named backend has not indexed in their current version."""
        cursor = self._conn.execute(
            "SELECT r.record FROM articles a JOIN article_records r USING (docid) "
            "LEFT JOIN index_state s ON s.backend = ? AND s.id = a.id "
            "WHERE s.record_hash IS NOT a.record_hash ORDER BY a.docid", (backend,))
        for (record,) in cursor:
            yield json.loads(record)

    def mark_indexed(self, backend: str, ids: Iterable[str]) -> None:
        """Record that ``backend`` now holds the current version of these articles."""
        at = now_iso()
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO index_state (backend, id, record_hash, indexed_at) "
                "SELECT ?, id, record_hash, ? FROM articles WHERE id = ?",
                [(backend, at, i) for i in ids])

    def forget_indexed(self, backend: str) -> None:
        """Mark every article as pending for ``backend`` (before a full rebuild)."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM index_state WHERE backend = ?", (backend,))


def _dumps(value: Any) -> str:
    """Compact JSON: what the JSON exports write, so a stored record is spliced in as is."""
    return json.dumps(value, ensure_ascii=False, default=str, separators=(",", ":"))


def _cause(exc: sqlite3.Error) -> str:
    """sqlite's message, made to name what the user can check."""
    text = str(exc)
    if "file is not a database" in text:
        return "not an SQLite database"
    if "unable to open database file" in text:
        return "cannot create or open the file (is its directory writable?)"
    if "locked" in text or "busy" in text:
        return "database is locked by another process (timed out waiting)"
    if "readonly" in text:
        return "the file is read-only"
    return text.splitlines()[0] if text else type(exc).__name__
