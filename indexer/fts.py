"""The FTS5 index inside the archive file: two contentless tables and their upkeep.

``fts_fold`` holds title and text folded (its tokenizer strips diacritics,
``loose_text`` has already turned đ into d): every query matches there, so
"thi dua" finds "thi đua". ``fts_exact`` holds the same text lower-cased
with one tone style ("hoá" = "hóa") but with its diacritics; a hit that also
matches there is an exact-diacritic match and ranks first. Queries go
through the same text forms and tokenizers as documents.

Both tables are contentless (``content=''``): the text already lives in the
archive record, and snippets are cut from it in Python. The price is that a
row is deleted by handing FTS5 the values it was indexed with; those are
recomputed from the stored record by ``fts_values``, a pure function of it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from indexer.query import ParsedText
from indexer.textforms import exact_text, loose_text

FOLD_TABLE = "fts_fold"
EXACT_TABLE = "fts_exact"
TITLE_WEIGHT = 3.0
# An exact-diacritic match outranks any folded-only match: BM25 scores stay
# far below this, so the boost acts as a tier.
EXACT_BOOST = 1000.0
# All bare words adjacent, in the order typed ("van hoa xa hoi" as written).
PHRASE_BOOST = 2.0

_DDL = {
    FOLD_TABLE: "unicode61 remove_diacritics 2",
    EXACT_TABLE: "unicode61 remove_diacritics 0",
}


def create(conn: sqlite3.Connection) -> None:
    """Create both FTS tables if missing."""
    for table, tokenizer in _DDL.items():
        conn.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5("
            f"title, text, content='', tokenize='{tokenizer}')"
        )


def drop(conn: sqlite3.Connection) -> None:
    for table in _DDL:
        conn.execute(f"DROP TABLE IF EXISTS {table}")


def fts_values(record: dict[str, Any]) -> tuple[str, str, str, str]:
    """(folded title, folded text, exact title, exact text) of a record."""
    title = exact_text(record.get("title") or "")
    text = exact_text(record.get("text") or "")
    return title.replace("đ", "d"), text.replace("đ", "d"), title, text


def insert(conn: sqlite3.Connection, rows: Iterable[tuple[int, dict[str, Any]]]) -> int:
    """Index (docid, record) pairs; returns how many."""
    values = [(docid, *fts_values(record)) for docid, record in rows]
    conn.executemany(f"INSERT INTO {FOLD_TABLE}(rowid, title, text) VALUES (?, ?, ?)",
                     [(d, ft, fx) for d, ft, fx, _, _ in values])
    conn.executemany(f"INSERT INTO {EXACT_TABLE}(rowid, title, text) VALUES (?, ?, ?)",
                     [(d, et, ex) for d, _, _, et, ex in values])
    return len(values)


def delete(conn: sqlite3.Connection, rows: Iterable[tuple[int, dict[str, Any]]]) -> None:
    """Remove (docid, record as it was indexed) pairs from both tables."""
    values = [(docid, *fts_values(record)) for docid, record in rows]
    for table, pick in ((FOLD_TABLE, slice(1, 3)), (EXACT_TABLE, slice(3, 5))):
        conn.executemany(
            f"INSERT INTO {table}({table}, rowid, title, text) VALUES ('delete', ?, ?, ?)",
            [(v[0], *v[pick]) for v in values],
        )


def optimize(conn: sqlite3.Connection) -> None:
    """Merge index segments into one: slower to write, faster to query."""
    for table in _DDL:
        conn.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")


def check(conn: sqlite3.Connection) -> list[str]:
    """Problems FTS5's own integrity check finds, one line each (empty when sound)."""
    problems = []
    for table in _DDL:
        try:
            conn.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as exc:
            problems.append(f"{table}: {exc}")
    return problems


def indexed_count(conn: sqlite3.Connection) -> int:
    """Rows in the index (the docsize shadow table has one per document)."""
    return conn.execute(f"SELECT count(*) FROM {FOLD_TABLE}_docsize").fetchone()[0]


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def fold_match(parsed: ParsedText) -> str:
    """The MATCH expression every hit satisfies: all units, folded."""
    return " AND ".join(_phrase(loose_text(unit)) for unit in parsed.units)


def exact_match(parsed: ParsedText) -> str:
    """The same units in exact form, for the exact-diacritic boost."""
    return " AND ".join(_phrase(exact_text(unit)) for unit in parsed.units)


def phrase_match(parsed: ParsedText) -> str | None:
    """The bare words as one phrase (syllables of one word stay together), if 2+."""
    if len(parsed.terms) < 2:
        return None
    return _phrase(loose_text(" ".join(parsed.terms)))
