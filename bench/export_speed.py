"""Streaming export speed and memory: `thidua search ... --all --format F` in a subprocess.

The real CLI exports the matches of "thi đua" up to a cut-off day chosen so
that about 10,000 and 50,000 records match, writing to /dev/null. Beside it,
in the same run, a bare Python child SELECTs the same rows with sqlite3 and
json-dumps each one (the floor). Peak memory is each child's own max RSS
(``os.wait4``); a streaming export keeps it flat from 10k to 50k. The CLI's
start-up (imports, opening the archive, the query with no match) is timed
separately so the steady streaming rate can be told from the fixed cost.

    python -m bench.export_speed               # on the cached 100k archive
    python -m bench.export_speed --n 20000 --sizes 2000,10000
    python -m bench.export_speed --format xlsx # the spreadsheet writers (csv, xlsx)

The floor is JSON Lines whatever ``--format``: it shows what a spreadsheet
format costs over the cheapest way to hand the same records out.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import Row, cached_archive, print_table, size_parser

RATE_TARGET = 20_000.0
FLAT_TARGET = 1.25          # peak RSS at the largest size over the smallest
QUERY = "thi đua"
MATCH = '"thi" AND "dua"'

# The floor: the same rows, one SELECT, each record parsed and dumped as a JSON line.
_BARE = """
import json, sqlite3, sys
path, day, match = sys.argv[1:4]
conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
rows = conn.execute(
    "SELECT r.record FROM (SELECT a.docid AS docid, bm25(fts_fold, 3.0, 1.0) AS rank, "
    "a.date_key AS date_key FROM fts_fold JOIN articles a ON a.docid = fts_fold.rowid "
    "WHERE fts_fold MATCH ? AND a.day <= ? ORDER BY rank, date_key DESC) m "
    "JOIN article_records r ON r.docid = m.docid ORDER BY m.rank, m.date_key DESC",
    (match, day))
out = sys.stdout
while batch := rows.fetchmany(500):
    for (record,) in batch:
        out.write(json.dumps(json.loads(record), ensure_ascii=False) + "\\n")
"""


@dataclass
class Run:
    records: int
    seconds: float
    peak_mb: float

    @property
    def rate(self) -> float:
        return self.records / self.seconds


def run_child(argv: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one child writing to /dev/null.

    Raises:
        RuntimeError: the child failed (its stderr's last line is in the message).
    """
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            err.seek(0)
            lines = err.read().decode("utf-8", "replace").strip().splitlines() or ["?"]
            raise RuntimeError(f"{argv[2:4]} exited {child.returncode}: {lines[-1]}")
    return seconds, usage.ru_maxrss / 1024


def cutoff(path: Path, n: int) -> tuple[str, int]:
    """(day, matches): the first day by which at least ``n`` records match the query."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    source = ("FROM fts_fold JOIN articles a ON a.docid = fts_fold.rowid "
              "WHERE fts_fold MATCH ?")
    row = conn.execute(f"SELECT a.day {source} ORDER BY a.day LIMIT 1 OFFSET ?",
                       (MATCH, n - 1)).fetchone()
    day = row[0] if row else "9999-12-31"
    count = conn.execute(f"SELECT count(*) {source} AND a.day <= ?", (MATCH, day)).fetchone()[0]
    conn.close()
    return day, count


def measure(path: Path, sizes: list[int],
            fmt: str = "jsonl") -> tuple[float, dict[int, tuple[Run, Run]]]:
    """CLI start-up seconds, and per size the (CLI, bare) runs."""
    def cli_argv(day: str) -> list[str]:
        return [sys.executable, "-m", "search_cli", "search", QUERY, "--all", "--format",
                fmt, "--to", day, "--archive", str(path)]

    startup, _ = run_child(cli_argv("1900-01-01"))  # same command, no match: the fixed cost
    runs: dict[int, tuple[Run, Run]] = {}
    for size in sizes:
        day, matches = cutoff(path, size)
        cli = cli_argv(day)
        bare = [sys.executable, "-c", _BARE, str(path), day, MATCH]
        run_child(bare)  # warm the page cache for both
        cli_s, cli_mb = run_child(cli)
        bare_s, bare_mb = run_child(bare)
        runs[size] = (Run(matches, cli_s, cli_mb), Run(matches, bare_s, bare_mb))
        print(f"{matches:>7} records (--to {day}): CLI {cli_s:6.2f} s {matches / cli_s:>9,.0f}/s "
              f"peak {cli_mb:6.1f} MB | bare {bare_s:6.2f} s {matches / bare_s:>9,.0f}/s "
              f"peak {bare_mb:6.1f} MB", flush=True)
    return startup, runs


def report(startup: float, runs: dict[int, tuple[Run, Run]], fmt: str = "jsonl") -> None:
    sizes = sorted(runs)
    small, large = runs[sizes[0]], runs[sizes[-1]]
    cli, bare = large
    steady = cli.records / max(cli.seconds - startup, 1e-9)
    growth = large[0].peak_mb / small[0].peak_mb
    rows = [
        Row(f"export {cli.records} records/s", cli.rate, bare.rate, "/s",
            f">= {RATE_TARGET:,.0f}/s", cli.rate >= RATE_TARGET),
        Row("  same, start-up excluded", steady, bare.rate, "/s", f">= {RATE_TARGET:,.0f}/s",
            steady >= RATE_TARGET),
        Row("CLI start-up + query, 0 matches", startup * 1000, None, "ms", "-", None),
    ]
    for size in sizes:
        rows.append(Row(f"peak RSS at {runs[size][0].records} records", runs[size][0].peak_mb,
                        runs[size][1].peak_mb, "MB", "-", None))
    rows.append(Row(f"RSS growth {small[0].records} -> {cli.records}", growth,
                    large[1].peak_mb / small[1].peak_mb, "x", f"<= {FLAT_TARGET}x (flat)",
                    growth <= FLAT_TARGET))
    print_table(f"export: thidua search --all --format {fmt} > /dev/null", rows)


def main(argv: list[str] | None = None) -> int:
    parser = size_parser(__doc__.splitlines()[0], 100_000)
    parser.add_argument("--sizes", default="10000,50000",
                        help="comma-separated export sizes (default 10000,50000)")
    parser.add_argument("--format", dest="fmt", choices=("jsonl", "json", "csv", "xlsx"),
                        default="jsonl", help="the CLI's export format (default jsonl)")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    path = cached_archive(args.n, args.seed, args.rebuild)
    print(f"archive: {path} ({args.n} records); query {QUERY!r}")
    try:
        startup, runs = measure(path, sizes, args.fmt)
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    report(startup, runs, args.fmt)
    return 0


if __name__ == "__main__":
    sys.exit(main())
