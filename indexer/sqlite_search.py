"""The embedded search backend: SearchQuery -> SQL over the archive's FTS5 tables.

SQL is built by pure functions (``hits_sql``, ``count_sql``, ``facets_sql``)
and run by ``SqliteBackend``, so each statement can be printed, tested and
timed as bare SQL by the benchmarks (the sqlite-utils habit).

Ranking: BM25 on the folded index (title weighs ``TITLE_WEIGHT``), plus
``EXACT_BOOST`` when the exact-diacritic index also matches every unit (a
tier: exact matches come first), plus ``PHRASE_BOOST`` when the bare words
appear together in the order typed. Ties: newest first, then id.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from crawler.errors import ArchiveError
from indexer import fts, timeline
from indexer.broad import Plan, make_plan, walk_page
from indexer.query import (
    Hit,
    ParsedText,
    SearchQuery,
    SearchResult,
    bloc_folded,
    check_query,
    day_range_sql,
    parse_text,
    scope,
)
from indexer.snippet import make_snippet

_FETCH = 500
# Up to this many matches, boosts are tested row by row rather than by listing
# every match of the boost query (a seek costs ~50 µs for a
# common term on 100k articles; listing ~100k matches costs ~50 ms).
_FEW = 500


@dataclass(frozen=True)
class Sql:
    text: str
    params: tuple[Any, ...]


def filter_sql(q: SearchQuery) -> tuple[list[str], list[Any]]:
    """The query's filters as SQL conditions on ``articles a`` and their parameters.

    The one filter builder: the backend's statements and the benchmark's bare
    baseline both use it. The first condition is the query's scope (bloc news
    by default, see ``scope``), when it narrows anything.
    """
    where: list[str] = []
    params: list[Any] = []
    kind, min_score = scope(q)
    if kind == "bloc_news":
        where.append("a.is_bloc_news = 1")
    elif kind == "min_score":
        where.append("a.bloc_score >= ?")
        params.append(min_score)
    if q.province:
        where.append("(a.province = ? OR a.province_current = ?)")
        params += [q.province, q.province]
    if q.bloc:
        where.append("instr(a.bloc_folded, ?) > 0")
        params.append(bloc_folded(q.bloc))
    days, day_params = day_range_sql(q, "a.day")
    where += days
    params += day_params
    if q.event:
        where.append("instr(a.event_types, ?) > 0")
        params.append(json.dumps(q.event))
    if q.site:
        where.append("a.site = ?")
        params.append(q.site)
    if q.sites:
        where.append(f"a.site IN ({', '.join('?' * len(q.sites))})")
        params += list(q.sites)
    return where, params


def _source(q: SearchQuery, parsed: ParsedText, broad: bool = False) -> Sql:
    """FROM ... WHERE ... selecting the matching rows as ``a`` (and ``fts_fold``).

    ``broad``: the text matches every indexed article (see ``Plan``), so
    it narrows nothing and the filters alone select the same rows, without
    walking the text index.
    """
    where, params = filter_sql(q)
    if parsed and not broad:
        clause = " AND ".join(["fts_fold MATCH ?", *where])
        return Sql(f"FROM fts_fold CROSS JOIN articles a ON a.docid = fts_fold.rowid "
                   f"WHERE {clause}", (fts.fold_match(parsed), *params))
    clause = " AND ".join(where) or "1"
    return Sql(f"FROM articles a WHERE {clause}", tuple(params))


def _member(table: str, docid: str, correlated: bool) -> str:
    """SQL testing that ``docid`` matches ``table``'s MATCH parameter.

    Correlated, FTS5 seeks the one row (cheap per row); otherwise the whole
    match set is listed once (cheap per row only when most rows are scored).
    """
    if correlated:
        return f"EXISTS (SELECT 1 FROM {table}(?) AS boost WHERE boost.rowid = {docid})"
    return f"{docid} IN (SELECT rowid FROM {table} WHERE {table} MATCH ?)"


def _score(parsed: ParsedText, docid: str = "a.docid", correlated: bool = False,
           flat: bool = False) -> Sql:
    """Relevance as SQL; ``flat`` leaves BM25 out (it is ~0 for every match, see ``Plan``)."""
    if not parsed:
        return Sql("0.0", ())
    parts = ["0.0" if flat else f"-bm25(fts_fold, {fts.TITLE_WEIGHT}, 1.0)",
             f"CASE WHEN {_member('fts_exact', docid, correlated)} "
             f"THEN {fts.EXACT_BOOST} ELSE 0.0 END"]
    params: list[Any] = [fts.exact_match(parsed)]
    phrase = fts.phrase_match(parsed)
    if phrase:
        parts.append(f"CASE WHEN {_member('fts_fold', docid, correlated)} "
                     f"THEN {fts.PHRASE_BOOST} ELSE 0.0 END")
        params.append(phrase)
    return Sql(" + ".join(parts), tuple(params))


def hits_sql(q: SearchQuery, parsed: ParsedText, matches: int | None = None,
             plan: Plan | None = None) -> Sql:
    """The hits in result order as small rows: (docid, score).

    Records are read apart, a batch at a time (``SqliteBackend._records``):
    an ORDER BY over rows carrying the records sorted every record's text
    (250 MB for a 50,000-record export). Sorted by date, no score is
    computed here (BM25 walks every occurrence of every term: the dominant
    cost of a broad query); the page's scores come from ``page_scores_sql``.
    ``matches`` (the count, when known) picks how the boosts are tested: row
    by row for a few matches.
    """
    plan = plan or Plan()
    by_date = q.sort == "date" or not parsed
    source = _source(q, parsed, plan.broad)
    few = matches is not None and matches <= _FEW
    score = _score(ParsedText() if by_date else parsed, correlated=few, flat=plan.flat)
    order = "a.date_key DESC, a.id" if by_date else "score DESC, a.date_key DESC, a.id"
    limit = -1 if q.limit is None else q.limit
    text = (f"SELECT a.docid, {score.text} AS score {source.text} "
            f"ORDER BY {order} LIMIT ? OFFSET ?")
    return Sql(text, (*score.params, *source.params, limit, q.offset))


def records_sql(docids: list[int]) -> Sql:
    """(docid, record JSON, its text) of the given documents, in no particular order."""
    return Sql("SELECT docid, record, json_extract(record, '$.text') FROM article_records "
               f"WHERE docid IN ({', '.join('?' * len(docids))})", tuple(docids))


def candidates_sql(q: SearchQuery, only: list[int] | None, limit: int) -> Sql:
    """The filtered articles in scope (``only`` these docids), newest first, text aside.

    Rows: (docid, date_key, id), in the order date-sorted results use.
    """
    where, params = filter_sql(q)
    if only is not None:
        where.append("a.docid IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(only))
    clause = " AND ".join(where) or "1"
    return Sql(f"SELECT a.docid, a.date_key, a.id FROM articles a WHERE {clause} "
               f"ORDER BY a.date_key DESC, a.id LIMIT ?", (*params, limit))


def page_scores_sql(parsed: ParsedText, docids: list[int]) -> Sql:
    """Relevance scores of the given documents only: (docid, score)."""
    score = _score(parsed, "fts_fold.rowid", correlated=True)
    marks = ", ".join("?" * len(docids))
    return Sql(f"SELECT fts_fold.rowid, {score.text} FROM fts_fold "
               f"WHERE fts_fold MATCH ? AND +fts_fold.rowid IN ({marks})",
               (*score.params, fts.fold_match(parsed), *docids))


def count_sql(q: SearchQuery, parsed: ParsedText, broad: bool = False) -> Sql:
    source = _source(q, parsed, broad)
    return Sql(f"SELECT count(*) {source.text}", source.params)


def facets_sql(q: SearchQuery, parsed: ParsedText, broad: bool = False) -> Sql:
    """Counts by province, bloc, year, site and event-type list, and total.

    Event types are counted per distinct list (a few dozen) and split in
    ``_facets``: one JSON parse per list instead of ``json_each`` per match.
    """
    source = _source(q, parsed, broad)
    text = (
        "WITH m AS MATERIALIZED (SELECT a.province AS province, a.bloc AS bloc, "
        f"substr(a.day, 1, 4) AS year, a.site AS site, a.event_types AS event_types {source.text}) "
        "SELECT 'province', province, count(*) FROM m WHERE province IS NOT NULL GROUP BY 2 "
        "UNION ALL SELECT 'bloc', bloc, count(*) FROM m WHERE bloc IS NOT NULL GROUP BY 2 "
        "UNION ALL SELECT 'year', year, count(*) FROM m WHERE year IS NOT NULL GROUP BY 2 "
        "UNION ALL SELECT 'site', site, count(*) FROM m WHERE site IS NOT NULL GROUP BY 2 "
        "UNION ALL SELECT 'event_types', event_types, count(*) FROM m GROUP BY 2 "
        "UNION ALL SELECT 'total', NULL, count(*) FROM m"
    )
    return Sql(text, source.params)


def timeline_sql(q: SearchQuery, parsed: ParsedText, unit: str, broad: bool = False) -> Sql:
    """Matches per period (``indexer.timeline``): (period, count), undated rows left out."""
    source = _source(q, parsed, broad)
    period = f"substr(a.day, 1, {timeline.PERIOD_WIDTH[unit]})"
    return Sql(f"SELECT {period}, count(*) {source.text} AND a.day IS NOT NULL GROUP BY 1",
               source.params)


def _facets(rows: Iterable[tuple[str, Any, int]]) -> tuple[dict[str, dict[str, int]], int]:
    facets: dict[str, dict[str, int]] = {"province": {}, "bloc": {}, "year": {},
                                         "site": {}, "event_type": {}}
    total = 0
    for name, value, n in rows:
        if name == "total":
            total = n
        elif name == "event_types":
            for event in set(json.loads(value or "[]")):
                facets["event_type"][event] = facets["event_type"].get(event, 0) + n
        else:
            facets[name][str(value)] = n
    ordered = {name: dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
               for name, counts in facets.items()}
    return ordered, total


class StoredHit(Hit):
    """A hit whose record is decoded from its stored JSON only when first read.

    An export writes ``raw`` as it is (see ``Hit``), so most records of a
    long export are never decoded at all.
    """

    def __init__(self, raw: str, score: float, snippet: str) -> None:
        self.raw, self.score, self.snippet = raw, score, snippet
        self._record: dict[str, Any] | None = None

    @property  # type: ignore[override]
    def record(self) -> dict[str, Any]:
        if self._record is None:
            self._record = json.loads(self.raw)
        return self._record

    @record.setter
    def record(self, value: dict[str, Any]) -> None:
        self._record = value


class SqliteBackend:
    """Search over the FTS5 index inside the archive file (kept in sync on upsert)."""

    name = "sqlite"

    def __init__(self, archive: Any) -> None:
        self.archive = archive

    @property
    def _conn(self) -> sqlite3.Connection:
        return self.archive.connection

    def _run(self, sql: Sql) -> sqlite3.Cursor:
        try:
            return self._conn.execute(sql.text, sql.params)
        except sqlite3.Error as exc:
            raise ArchiveError(f"search failed in {self.archive.path}: {exc}") from None

    def search(self, q: SearchQuery) -> SearchResult:
        check_query(q)
        parsed = parse_text(q.text)
        plan = self._plan(q, parsed)
        facets: dict[str, dict[str, int]] = {}
        if q.facets:
            facets, total = _facets(self._run(facets_sql(q, parsed, plan.broad)))
        elif plan.matches is not None and not any(filter_sql(q)[0]):
            total = plan.matches
        else:
            total = self._run(count_sql(q, parsed, plan.broad)).fetchone()[0]
        hits: list[Hit] = []
        if total > q.offset:
            walk = bool(parsed) and q.limit is not None and (plan.flat or q.sort == "date")
            page = self._walk(q, parsed, plan) if walk else None
            hits = self._page(page, parsed, q.sort == "date") if page is not None else list(
                self._hits(q, parsed, plan, total))
        return SearchResult(hits=hits, total=total, facets=facets)

    def iter_hits(self, q: SearchQuery) -> Iterator[Hit]:
        """Every hit (up to ``q.limit``), streamed from the cursor in small batches."""
        check_query(q)
        parsed = parse_text(q.text)
        return self._hits(q, parsed, self._plan(q, parsed))

    def timeline(self, q: SearchQuery, unit: str) -> list[timeline.PeriodCount]:
        """Matches per month or year beside every article archived for that period."""
        check_query(q)
        timeline.check_unit(unit)
        parsed = parse_text(q.text)
        plan = self._plan(q, parsed)
        matches = dict(self._run(timeline_sql(q, parsed, unit, plan.broad)).fetchall())
        return timeline.merge(matches, timeline.archived_totals(self._conn, q, unit))

    def _plan(self, q: SearchQuery, parsed: ParsedText) -> Plan:
        try:
            return make_plan(self._conn, q, parsed)
        except sqlite3.Error as exc:
            raise ArchiveError(f"search failed in {self.archive.path}: {exc}") from None

    def _walk(self, q: SearchQuery, parsed: ParsedText,
              plan: Plan) -> list[tuple[int, float]] | None:
        def candidates(only: list[int] | None, limit: int) -> list[tuple[int, str, str]]:
            return self._run(candidates_sql(q, only, limit)).fetchall()

        try:
            return walk_page(self._conn, q, parsed, plan, candidates)
        except sqlite3.Error as exc:
            raise ArchiveError(f"search failed in {self.archive.path}: {exc}") from None

    def _page(self, page: list[tuple[int, float]], parsed: ParsedText,
              rescore: bool) -> list[Hit]:
        """Hits for (docid, score) pairs, in their order: only these records are read.

        ``rescore``: the walk sorted by date and left the scores to compute here.
        """
        if rescore and page:
            scores = dict(self._run(page_scores_sql(parsed, [d for d, _ in page])).fetchall())
            page = [(docid, scores.get(docid, score)) for docid, score in page]
        rows = {docid: (raw, text) for docid, raw, text in self._run(
            records_sql([docid for docid, _ in page]))}
        return [StoredHit(rows[docid][0], float(score), make_snippet(rows[docid][1], parsed))
                for docid, score in page]

    def _hits(self, q: SearchQuery, parsed: ParsedText, plan: Plan,
              matches: int | None = None) -> Iterator[Hit]:
        cursor = self._run(hits_sql(q, parsed, matches, plan))
        rescore = bool(parsed) and q.sort == "date"
        while rows := cursor.fetchmany(_FETCH):
            yield from self._page(rows, parsed, rescore)

    def index(self, articles: Iterable[dict]) -> int:
        """Store (and so index) records in one transaction; the index lives in the archive."""
        return sum(self.archive.upsert_many(articles).values())

    def rebuild(self, archive: Any = None) -> int:
        """Recreate both FTS tables from every archived record, in one transaction."""
        archive = archive or self.archive
        with archive.transaction() as conn:
            fts.drop(conn)
            fts.create(conn)
            rows = conn.execute(
                "SELECT a.docid, json_extract(r.record, '$.title'), "
                "json_extract(r.record, '$.text') FROM articles a "
                "JOIN article_records r USING (docid) ORDER BY a.docid")
            count = 0
            while batch := rows.fetchmany(_FETCH):
                count += fts.insert(conn, ((d, {"title": t, "text": x}) for d, t, x in batch))
            fts.optimize(conn)
        return count

    def sync(self, archive: Any = None) -> int:
        """The index follows every upsert; rebuild only if it lost step (e.g. an old file)."""
        archive = archive or self.archive
        conn = archive.connection
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        if fts.indexed_count(conn) == stored:
            return 0
        return self.rebuild(archive)
