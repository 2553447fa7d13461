"""The archive's schema, versioned by ``PRAGMA user_version``, and its migrations.

Each migration takes the database from version N-1 to N and runs inside the
same transaction as the version bump, so a crash leaves either the old
schema or the new one. An archive from a newer release is refused rather
than guessed at.

``articles`` keeps the filterable columns only (small rows: filters and
facets scan it fast); the full record, several kilobytes of text, lives in
``article_records`` under the same integer ``docid``, which is also the
FTS5 rowid. ``article_urls.id`` carries no foreign-key clause: SQLite's
check of it cost more than the rest of an upsert, and articles are never
deleted.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from crawler.errors import ArchiveError
from indexer import fts

SCHEMA_VERSION = 3

_V1 = """
CREATE TABLE articles (
    docid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL,
    site TEXT,
    province TEXT,
    province_current TEXT,
    published TEXT,
    event_date TEXT,
    date_key TEXT,
    day TEXT,
    bloc TEXT,
    bloc_folded TEXT,
    bloc_key TEXT,
    event_type TEXT,
    event_types TEXT NOT NULL DEFAULT '[]',
    is_bloc_news INTEGER NOT NULL DEFAULT 0,
    content_hash TEXT,
    record_hash TEXT NOT NULL,
    fetched_at TEXT
);
CREATE INDEX articles_site ON articles(site);
CREATE INDEX articles_province ON articles(province);
CREATE INDEX articles_province_current ON articles(province_current);
CREATE INDEX articles_date_key ON articles(date_key);
CREATE INDEX articles_day ON articles(day);
CREATE INDEX articles_bloc_key ON articles(bloc_key);
CREATE INDEX articles_content_hash ON articles(content_hash);
CREATE INDEX articles_fetched_at ON articles(fetched_at);
CREATE TABLE article_records (
    docid INTEGER PRIMARY KEY REFERENCES articles(docid) ON DELETE CASCADE,
    record TEXT NOT NULL
);
CREATE TABLE article_urls (
    url TEXT PRIMARY KEY,
    id TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX article_urls_id ON article_urls(id);
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started TEXT NOT NULL,
    finished TEXT,
    status TEXT NOT NULL DEFAULT 'running',
    options TEXT NOT NULL DEFAULT '{}',
    stats TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE fetches (
    id INTEGER PRIMARY KEY,
    run_id INTEGER REFERENCES runs(id),
    url TEXT NOT NULL,
    site TEXT,
    status INTEGER,
    outcome TEXT NOT NULL,
    kind TEXT,
    at TEXT NOT NULL
);
CREATE INDEX fetches_site_at ON fetches(site, at);
CREATE INDEX fetches_run ON fetches(run_id);
-- HTTP validators of archived pages (crawler: conditional re-fetch with --refresh),
-- keyed by canonical URL.
CREATE TABLE validators (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT
) WITHOUT ROWID;
CREATE TABLE index_state (
    backend TEXT NOT NULL,
    id TEXT NOT NULL,
    record_hash TEXT NOT NULL,
    indexed_at TEXT NOT NULL,
    PRIMARY KEY (backend, id)
) WITHOUT ROWID;
"""


def _to_v1(conn: sqlite3.Connection) -> None:
    for statement in _V1.split(";"):
        if statement.strip():
            conn.execute(statement)
    fts.create(conn)


def _to_v2(conn: sqlite3.Connection) -> None:
    """Every article page is kept, bloc news or not: its score becomes a filter,
    and the crawl log says why each page was read as what it was."""
    conn.execute("ALTER TABLE articles ADD COLUMN bloc_score REAL NOT NULL DEFAULT 0")
    conn.execute("UPDATE articles SET bloc_score = coalesce((SELECT json_extract(record, "
                 "'$.bloc_score') FROM article_records r WHERE r.docid = articles.docid), 0)")
    conn.execute("CREATE INDEX articles_bloc_score ON articles(bloc_score)")
    conn.execute("ALTER TABLE fetches ADD COLUMN reason TEXT")


def _to_v3(conn: sqlite3.Connection) -> None:
    """Every stored page is indexed, bloc news or not (a search's scope filters).

    Up to v2 the FTS index held bloc news only, and an Elasticsearch sync
    deleted the other records from the cluster while marking them indexed:
    those are indexed here, and marked pending for Elasticsearch.
    """
    rows = conn.execute(
        "SELECT a.docid, json_extract(r.record, '$.title'), json_extract(r.record, '$.text') "
        "FROM articles a JOIN article_records r USING (docid) WHERE a.is_bloc_news = 0")
    fts.insert(conn, ((docid, {"title": title, "text": text})
                      for docid, title, text in rows.fetchall()))
    conn.execute("DELETE FROM index_state WHERE id IN "
                 "(SELECT id FROM articles WHERE is_bloc_news = 0)")


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _to_v1, 2: _to_v2,
                                                                3: _to_v3}


def version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, path: object) -> None:
    """Bring the schema to ``SCHEMA_VERSION`` in one transaction.

    Raises:
        ArchiveError: the archive was written by a newer release.
    """
    current = version(conn)
    if current == SCHEMA_VERSION:
        return
    if current > SCHEMA_VERSION:
        raise ArchiveError(f"archive {path} has schema {current}, newer than this release "
                           f"understands ({SCHEMA_VERSION}): upgrade thidua")
    conn.execute("BEGIN IMMEDIATE")
    try:
        for target in range(version(conn) + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[target](conn)
            conn.execute(f"PRAGMA user_version = {target}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # SQLite may have rolled back itself (disk full)
            conn.execute("ROLLBACK")
        raise


def check_readable(conn: sqlite3.Connection, path: object) -> None:
    """A read-only open cannot migrate: refuse an archive that needs it.

    Raises:
        ArchiveError: the schema is missing, older or newer than this release's.
    """
    current = version(conn)
    if current == 0:
        raise ArchiveError(f"{path} is not a thidua archive (no schema): run `thidua crawl`")
    if current != SCHEMA_VERSION:
        raise ArchiveError(f"archive {path} has schema {current}, this release needs "
                           f"{SCHEMA_VERSION}: open it once read-write (e.g. `thidua index`)")
