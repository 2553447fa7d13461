"""Search latency on a generated archive: the embedded backend against bare SQL on the same file.

A fixed mix of 200 queries (20 each of: folded words, exact-diacritic words,
phrases, province by old name, province by post-merger name, bloc, date range,
event type, site, facets) runs through ``open_backend("sqlite", archive).search``
and, as the floor, through hand-written FTS5 MATCH + filter SQL answering the
same question (a page of 20 records in order, the total, the facet counts).
Both see a warm cache: the whole mix runs once unmeasured first.

    python -m bench.search_latency            # 100k archive, cached under var/bench/
    python -m bench.search_latency --n 20000  # quicker
    python -m bench.search_latency --slowest 10   # explain the 10 slowest queries

The floor's filters come from the backend's own builder (``filter_sql``): the
baseline isolates what ranking, snippets and Python add, not filter SQL.
"""

from __future__ import annotations

import random
import sqlite3
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from bench.common import Row, cached_archive, percentile, print_table, size_parser
from crawler.extract.record import EVENT_TYPES
from crawler.provinces import load_provinces
from crawler.vntext import fold, squash_spaces
from indexer.archive import Archive
from indexer.backends import open_backend
from indexer.query import SearchQuery
from indexer.sqlite_search import filter_sql

P95_TARGET_MS = 50.0
OVERHEAD_TARGET = 1.5
PER_KIND = 20

FOLDED = ["thi dua", "khen thuong", "so ket", "tong ket nam", "giao uoc", "truong khoi",
          "bang khen", "co thi dua", "chu thap do", "phong trao", "doanh nghiep", "covid",
          "ocop", "ban giao", "huyen mien nui", "xep hang", "dan van", "nong thon moi",
          "cai cach hanh chinh", "chuyen doi so"]
EXACT = ["thi đua", "khen thưởng", "sơ kết", "tổng kết năm", "giao ước", "Trưởng khối",
         "Bằng khen", "Cờ thi đua", "Chữ thập đỏ", "phong trào", "doanh nghiệp", "dịch bệnh",
         "hợp tác xã", "bàn giao", "miền núi", "xếp hạng", "Hội Luật gia", "nông thôn mới",
         "cải cách hành chính", "chuyển đổi số"]
PHRASES = ['"thi đua khen thưởng"', '"sơ kết 6 tháng đầu năm"', '"giao ước thi đua"',
           '"Phó Trưởng khối"', '"Cờ thi đua của UBND tỉnh"', '"tong ket cong tac"',
           '"ky ket giao uoc"', '"van hoa xa hoi"', '"don vi thanh vien"', '"hoi nghi"',
           '"Bằng khen của Chủ tịch UBND tỉnh" khối', '"nhiệm vụ trọng tâm"',
           '"dan chu co so"', '"phát động phong trào"', '"Ban Thi đua - Khen thưởng"',
           '"trưởng khối" "phó trưởng khối"', '"6 tháng cuối năm"', '"chấm điểm"',
           '"cum thi dua"', '"đơn vị dẫn đầu"']
BLOCS = ["van hoa", "Nội chính", "doanh nghiep", "tổng hợp", "kinh te", "các Hội",
         "huyen mien nui", "số 3", "truong dai hoc", "ngân hàng"]
TEXTS_WITH_FILTERS = ["thi đua", "tong ket", "khen thưởng", "giao uoc", ""]


@dataclass(frozen=True)
class Case:
    kind: str
    query: SearchQuery


def query_mix(seed: int = 7) -> list[Case]:
    """The fixed 200 queries, 20 per kind, the same on every run."""
    rng = random.Random(seed)
    provinces = load_provinces()
    old = [p.name for p in provinces.old()]
    # post-merger units that absorbed another province: the new name finds both
    merged = sorted({provinces.current_name(n) for n in old if provinces.current_name(n) != n})
    sites = ["hanam", "hagiang", "baoquangbinh", "kontum-bdt", "sonoivu-binhdinh",
             "songoaivu-ninhthuan", "hanoi", "laichau", "dienbien", "thuathienhue"]

    def text(i: int) -> str:
        return TEXTS_WITH_FILTERS[i % len(TEXTS_WITH_FILTERS)]

    cases = [Case("words folded", SearchQuery(text=t)) for t in FOLDED]
    cases += [Case("words exact", SearchQuery(text=t)) for t in EXACT]
    cases += [Case("phrase", SearchQuery(text=t)) for t in PHRASES]
    cases += [Case("province old", SearchQuery(text=text(i), province=name))
              for i, name in enumerate(rng.sample(old, PER_KIND))]
    cases += [Case("province new", SearchQuery(text=text(i), province=name))
              for i, name in enumerate(rng.sample(merged, min(PER_KIND, len(merged))))]
    cases += [Case("bloc", SearchQuery(text=text(i), bloc=BLOCS[i % len(BLOCS)]))
              for i in range(PER_KIND)]
    cases += [Case("date range", SearchQuery(text=text(i), date_from=date(y, 1, 1),
                                             date_to=date(y + i % 3, 6, 30)))
              for i, y in enumerate(rng.choices(range(2010, 2025), k=PER_KIND))]
    cases += [Case("event", SearchQuery(text=text(i), event=EVENT_TYPES[i % len(EVENT_TYPES)],
                                        sort="date" if i % 4 == 3 else "relevance"))
              for i in range(PER_KIND)]
    cases += [Case("site", SearchQuery(text=text(i), site=sites[i % len(sites)]))
              for i in range(PER_KIND)]
    cases += [Case("facets", replace(cases[i * 9].query, facets=True))
              for i in range(PER_KIND)]
    return cases


# -- the floor: hand-written SQL answering the same question ------------------------------

def _match(text: str) -> str:
    """FTS5 MATCH string: quoted runs as phrases, other words as terms, all folded."""
    parts = squash_spaces(text.replace("\u201c", '"').replace("\u201d", '"')).split('"')
    units = [fold(p.strip()) for n, p in enumerate(parts) if n % 2 and p.strip()]
    units += [fold(w) for n, p in enumerate(parts) if not n % 2 for w in p.split()]
    cleaned = [" ".join("".join(c for c in w if c.isalnum()) for w in u.split()) for u in units]
    return " AND ".join(f'"{u}"' for u in cleaned if u.strip())


def bare_search(conn: sqlite3.Connection, q: SearchQuery) -> tuple[list[Any], int, list[Any]]:
    """(page of records, total, facet rows) with plain SQL: the floor the backend adds to."""
    where, params = filter_sql(q)
    if q.text:
        source = ("FROM fts_fold f JOIN articles a ON a.docid = f.rowid WHERE "
                  + " AND ".join(["fts_fold MATCH ?", *where]))
        params = [_match(q.text), *params]
        order = ("a.date_key DESC" if q.sort == "date" else
                 "bm25(fts_fold, 3.0, 1.0), a.date_key DESC")
    else:
        source = "FROM articles a WHERE " + (" AND ".join(where) or "1")
        order = "a.date_key DESC"
    page = conn.execute(
        f"SELECT r.record FROM (SELECT a.docid AS docid {source} ORDER BY {order} LIMIT 20) p "
        f"JOIN article_records r ON r.docid = p.docid", params).fetchall()
    total = len(page) if len(page) < 20 else conn.execute(
        f"SELECT count(*) {source}", params).fetchone()[0]
    facets: list[Any] = []
    if q.facets:
        facets = conn.execute(
            f"WITH m AS MATERIALIZED (SELECT a.province, a.bloc, substr(a.day, 1, 4) AS year, "
            f"a.event_types {source}) "
            "SELECT 'province', province, count(*) FROM m GROUP BY 2 UNION ALL "
            "SELECT 'bloc', bloc, count(*) FROM m GROUP BY 2 UNION ALL "
            "SELECT 'year', year, count(*) FROM m GROUP BY 2 UNION ALL "
            "SELECT 'event', j.value, count(*) FROM m, json_each(m.event_types) j GROUP BY 2",
            params).fetchall()
    return page, total, facets


# -- measurement ---------------------------------------------------------------------------

def _time(call: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    answer = call()
    return (time.perf_counter() - started) * 1000, answer


def measure(path: Path, cases: list[Case]) -> dict[str, list[tuple[str, float, float]]]:
    """Per query kind: (query, backend ms, bare ms); backend and bare alternate first."""
    results: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
    with Archive(path, readonly=True) as archive:
        backend = open_backend("sqlite", archive)
        bare = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        for case in cases:  # warm-up: both paths, whole mix, unmeasured
            backend.search(case.query)
            bare_search(bare, case.query)
        for n, case in enumerate(cases):
            calls = [lambda c=case: backend.search(c.query),
                     lambda c=case: bare_search(bare, c.query)]
            if n % 2:
                (tb, found), (ts, floor) = _time(calls[0]), _time(calls[1])
            else:
                (ts, floor), (tb, found) = _time(calls[1]), _time(calls[0])
            if found.total != floor[1]:
                print(f"warning: totals differ for {case.query}: backend {found.total}, "
                      f"bare {floor[1]}", file=sys.stderr)
            results[case.kind].append((_describe(case.query), tb, ts))
        bare.close()
    return results


def _describe(q: SearchQuery) -> str:
    shown = {k: v for k, v in vars(q).items()
             if v not in (None, "", False) and k not in ("limit", "offset")
             and not (k == "sort" and v == "relevance")}
    return ", ".join(f"{k}={v}" for k, v in shown.items())


def report(results: dict[str, list[tuple[str, float, float]]]) -> bool:
    print(f"{'query kind':<14} {'n':>3} {'p50 ms':>8} {'bare':>8} {'p95 ms':>8} {'bare':>8} "
          f"{'ratio':>6}  slowest")
    backend_all, bare_all = [], []
    for kind, rows in results.items():
        tb, ts = [r[1] for r in rows], [r[2] for r in rows]
        backend_all += tb
        bare_all += ts
        slowest = max(rows, key=lambda r: r[1])
        print(f"{kind:<14} {len(rows):>3} {percentile(tb, .5):>8.1f} {percentile(ts, .5):>8.1f} "
              f"{percentile(tb, .95):>8.1f} {percentile(ts, .95):>8.1f} "
              f"{sum(tb) / sum(ts):>5.2f}x  {slowest[1]:.0f} ms: {slowest[0]}")
    p50, p95 = percentile(backend_all, .5), percentile(backend_all, .95)
    f50, f95 = percentile(bare_all, .5), percentile(bare_all, .95)
    total_ratio = sum(backend_all) / sum(bare_all)
    rows = [
        Row("p50 latency (backend)", p50, f50, "ms", "-", None),
        Row("p95 latency (backend)", p95, f95, "ms", f"<= {P95_TARGET_MS:.0f} ms",
            p95 <= P95_TARGET_MS),
        Row("p95 overhead over bare SQL", p95 / f95, 1.0, "x", f"<= {OVERHEAD_TARGET}x",
            p95 / f95 <= OVERHEAD_TARGET),
        Row("total time overhead (200 queries)", total_ratio, 1.0, "x",
            f"<= {OVERHEAD_TARGET}x", total_ratio <= OVERHEAD_TARGET),
    ]
    print_table(f"search latency, {len(backend_all)} queries", rows)
    return all(r.passed is not False for r in rows)


def explain_slowest(path: Path, cases: list[Case],
                    results: dict[str, list[tuple[str, float, float]]], count: int) -> None:
    """The ``count`` slowest queries: each SQL statement the backend ran, its time and plan.

    Statements are captured with the connection's trace callback (parameters
    inlined), then re-run alone and explained, so the floor SQLite itself
    costs is visible beside the query's total.
    """
    timed = sorted(((tb, kind, n) for kind, rows in results.items()
                    for n, (_, tb, _) in enumerate(rows)), reverse=True)[:count]
    by_kind: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        by_kind[case.kind].append(case)
    print(f"\nslowest {count} queries, statement by statement (ms when re-run alone):")
    with Archive(path, readonly=True) as archive:
        backend = open_backend("sqlite", archive)
        conn = archive.connection
        for total_ms, kind, n in timed:
            q = by_kind[kind][n].query
            statements: list[str] = []
            conn.set_trace_callback(statements.append)
            backend.search(q)
            conn.set_trace_callback(None)
            print(f"{total_ms:7.1f} ms  {kind}: {_describe(q)}")
            # FTS5's own statements on its shadow tables ('main'.'fts_...') are left out.
            for sql in dict.fromkeys(s for s in statements
                                     if s.startswith(("SELECT", "WITH")) and "'main'." not in s):
                ms, _ = _time(lambda s=sql: conn.execute(s).fetchall())
                plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
                print(f"    {ms:7.1f} ms  {sql[:150]}")
                for line in plan:
                    print(f"               | {line}")


def main(argv: list[str] | None = None) -> int:
    parser = size_parser(__doc__.splitlines()[0], 100_000)
    parser.add_argument("--slowest", type=int, default=5,
                        help="explain the N slowest queries statement by statement (default 5)")
    args = parser.parse_args(argv)
    path = cached_archive(args.n, args.seed, args.rebuild)
    cases = query_mix()
    print(f"archive: {path} ({args.n} records); {len(cases)} queries")
    results = measure(path, cases)
    report(results)
    if args.slowest:
        explain_slowest(path, cases, results, args.slowest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
