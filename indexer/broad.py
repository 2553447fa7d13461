"""Queries whose words are in most articles: answered without scoring every match.

In an archive of bloc news nearly every article says "thi đua", "khen
thưởng" or "tổng kết". Two facts about such a query are cheap to learn from
the text index and change how it is best answered (``Plan``):

- **broad**: the text matches every indexed article page (every stored
  page is indexed, bloc news or not). It narrows nothing, so the total and
  the facets are those of the filters (the scope among them) alone.
- **flat**: every unit of the text (word or quoted phrase) is in at least half
  of the indexed articles. FTS5's BM25 then gives each unit an IDF of
  1e-6 (it clamps the negative IDF of so common a term), so the BM25 parts of
  the scores differ in the millionths and carry no information. Relevance is
  then the tiers alone (exact diacritics first, then the bare words
  together), newest first within a tier, the tie-break relevance uses
  anyway. The first page is found by walking the articles newest first and
  testing each for the tiers (``walk_page``), instead of scoring 100,000
  matches to keep 20.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from indexer import fts
from indexer.query import ParsedText, SearchQuery

# The walk gives up (and the full ORDER BY answers) after this many articles
# per hit wanted: the top tier is then too sparse for a walk to pay.
WALK_PER_HIT = 10
WALK_SLACK = 40
# A flag is sought per article when at least this share of articles has it.
DENSE = 0.1
PROBE = 64


@dataclass(frozen=True)
class Plan:
    """What cheap counts told about a text query (see the module docstring)."""

    broad: bool = False
    flat: bool = False
    matches: int | None = None


def _count(conn: sqlite3.Connection, table: str, match: str) -> int:
    return conn.execute(f"SELECT count(*) FROM {table} WHERE {table} MATCH ?",
                        (match,)).fetchone()[0]


def make_plan(conn: sqlite3.Connection, q: SearchQuery, parsed: ParsedText) -> Plan:
    """Count the text's matches (all filters aside) and decide broad / flat.

    One count of the whole text answers both questions when it matches half
    the index or more (each unit matches at least as many articles as all of
    them together). Otherwise units are counted one by one, bare words first
    (cheap), stopping at the first rare one.
    """
    if not parsed:
        return Plan()
    indexed = fts.indexed_count(conn)
    matches = _count(conn, fts.FOLD_TABLE, fts.fold_match(parsed))
    if not indexed or not matches:
        return Plan(matches=matches)
    units = [*parsed.terms, *parsed.phrases]
    flat = q.sort == "relevance" and (2 * matches >= indexed or all(
        2 * _count(conn, fts.FOLD_TABLE, fts.fold_match(ParsedText(terms=(u,)))) >= indexed
        for u in units))
    return Plan(broad=matches == indexed, flat=flat, matches=matches)


@dataclass(frozen=True)
class Flag:
    """How the walk learns one yes/no fact of an article (a match, a tier).

    ``value`` when known for every article; else ``members`` when few
    articles have it (all listed); else an FTS5 seek per article (``match``
    in ``table``), which only pays when most articles have it.
    """

    value: int | None = None
    members: frozenset[int] | None = None
    table: str = ""
    match: str = ""

    def known(self, docid: int) -> int | None:
        if self.value is not None:
            return self.value
        if self.members is not None:
            return int(docid in self.members)
        return None


def probe(conn: sqlite3.Connection, table: str, match: str) -> Flag | None:
    """The cheapest way to test ``match`` per article, or None when none pays.

    Lists the first ``PROBE`` matches in rowid order: fewer means the list
    is the whole set; otherwise their share of the articles they span says
    how dense the matches are. A seek costs little among dense matches but
    scans on to the next match among sparse ones (about 8 ms a seek for a
    rare phrase of two common words).
    """
    rows = [r for (r,) in conn.execute(
        f"SELECT rowid FROM {table} WHERE {table} MATCH ? LIMIT ?", (match, PROBE))]
    if len(rows) < PROBE:
        return Flag(members=frozenset(rows))
    spanned = conn.execute(f"SELECT count(*) FROM {table}_docsize WHERE rowid <= ?",
                           (rows[-1],)).fetchone()[0]
    return Flag(table=table, match=match) if DENSE * spanned <= PROBE else None


def flags(conn: sqlite3.Connection, parsed: ParsedText, plan: Plan,
          tiers: bool) -> tuple[Flag, Flag, Flag] | None:
    """(matches, exact, together) flags, or None when one of them is sparse but not small."""
    phrase = fts.phrase_match(parsed)
    wanted = [(not plan.broad, fts.FOLD_TABLE, fts.fold_match(parsed), 1),
              (tiers, fts.EXACT_TABLE, fts.exact_match(parsed), 0),
              (tiers and phrase is not None, fts.FOLD_TABLE, phrase or "", 0)]
    found = [probe(conn, table, match) if needed else Flag(value=default)
             for needed, table, match, default in wanted]
    if any(flag is None for flag in found):
        return None
    matches, exact, together = found
    return matches, exact, together  # type: ignore[return-value]


def _seek_sql(seeks: list[Flag]) -> str:
    columns = ", ".join(f"EXISTS (SELECT 1 FROM {f.table}(?) AS t WHERE t.rowid = j.value)"
                        for f in seeks)
    return f"SELECT j.value{', ' if seeks else ''}{columns} FROM json_each(?) AS j"


def _test(conn: sqlite3.Connection, docids: list[int],
          tests: tuple[Flag, Flag, Flag]) -> dict[int, tuple[int, ...]]:
    """The three flags of each docid: known ones looked up, the others sought in FTS5."""
    seeks = [i for i, f in enumerate(tests) if f.value is None and f.members is None]
    rows = conn.execute(_seek_sql([tests[i] for i in seeks]),
                        (*[tests[i].match for i in seeks], json.dumps(docids)))
    found: dict[int, tuple[int, ...]] = {}
    for docid, *sought in rows:
        values = [f.known(docid) or 0 for f in tests]
        for i, answer in zip(seeks, sought, strict=True):
            values[i] = int(answer)
        found[docid] = tuple(values)
    return found


def tier_score(exact: int, together: int) -> float:
    return fts.EXACT_BOOST * exact + fts.PHRASE_BOOST * together


Candidates = Callable[[list[int] | None, int], list[tuple[int, str, str]]]


def walk_page(conn: sqlite3.Connection, q: SearchQuery, parsed: ParsedText, plan: Plan,
              candidates: Candidates) -> list[tuple[int, float]] | None:
    """The page's (docid, score) in result order, or None when a walk does not pay.

    ``candidates(only, limit)`` lists filtered articles as (docid, date_key,
    id) newest first, all of them or ``only`` those docids. Articles with a
    flag known to be rare (listed by ``probe``) are all fetched first; the
    others are walked newest first and tested in batches until their top
    tier holds the whole page (every later one is older, or in a lower
    tier). Sorted by date there is one tier, and scores are left at 0.
    """
    tiers = q.sort == "relevance"
    tests = flags(conn, parsed, plan, tiers)
    if tests is None:
        return None
    wanted = q.offset + (q.limit or 0)
    rare = set().union(*[f.members or () for f in tests if f.members is not None])
    seen: dict[int, tuple[str, str, tuple[int, ...]]] = {}
    if rare:
        few = candidates(sorted(rare), len(rare))
        found = _test(conn, [c[0] for c in few], tests)
        seen.update({d: (day, ident, found[d]) for d, day, ident in few if found[d][0]})
    only_rare = tests[0].members is not None
    top = tuple(int(f.value == 1 or (f.value is None and f.members is None)) for f in tests)
    bound = WALK_PER_HIT * wanted + WALK_SLACK
    listed = [] if only_rare else candidates(None, bound + 1)
    walk = [c for c in listed if c[0] not in rare]
    in_top, at, batch = 0, 0, wanted + 4
    while at < len(walk) and in_top < wanted and at < bound:
        chunk = walk[at:at + batch]
        at += len(chunk)
        found = _test(conn, [c[0] for c in chunk], tests)
        for docid, day, ident in chunk:
            if found[docid][0]:
                seen[docid] = (day, ident, found[docid])
                in_top += found[docid] == top
        # next batch: about what the top tier's density so far says is still needed
        batch = math.ceil((wanted - in_top) * at / max(in_top, 1) * 1.2) + 2
    if in_top < wanted and (at < len(walk) or len(listed) > bound):
        return None
    order = sorted(seen, key=lambda d: seen[d][1])
    order.sort(key=lambda d: seen[d][0] or "", reverse=True)
    order.sort(key=lambda d: (-seen[d][2][1], -seen[d][2][2]))
    return [(d, tier_score(*seen[d][2][1:])) for d in order[q.offset:wanted]]
