"""What every benchmark script shares: the cached archive, timing and the result table.

Each script prints one small table: figure, baseline (measured in the same
run), ratio, target, PASS/MISS; absolute times on a shared machine mean
little, the ratio against a floor measured beside them does.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CACHE_DIR = REPO / "var" / "bench"
SEED = 1


def cached_archive(n: int, seed: int = SEED, rebuild: bool = False) -> Path:
    """The generated archive of ``n`` records under var/bench/, built on first use."""
    from bench.make_archive import build_archive

    path = CACHE_DIR / f"archive-{n}-seed{seed}.sqlite3"
    if rebuild or not path.exists():
        print(f"building {path.relative_to(REPO)} ({n} records, seed {seed}) ...",
              file=sys.stderr, flush=True)
        started = time.perf_counter()
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        build_archive(partial, n, seed)
        os.replace(partial, path)
        print(f"built in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 200 values is the 190th smallest)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Row:
    """One line of a result table; ``higher_is_better`` says which way the target points."""

    figure: str
    value: float
    baseline: float | None
    unit: str
    target: str
    passed: bool | None

    @property
    def ratio(self) -> str:
        if not self.baseline:
            return "-"
        return f"{self.value / self.baseline:.2f}x"


def verdict(passed: bool | None) -> str:
    return "-" if passed is None else ("PASS" if passed else "MISS")


def _num(value: float) -> str:
    return f"{value:,.2f}" if abs(value) < 10 else f"{value:,.1f}" if abs(value) < 1000 else (
        f"{value:,.0f}")


def print_table(title: str, rows: list[Row]) -> None:
    """The standard result table every bench script ends with."""
    print(f"\n{title}")
    header = f"{'figure':<34} {'value':>14} {'baseline':>14} {'ratio':>7}  {'target':<22} result"
    print(header)
    print("-" * len(header))
    for row in rows:
        base = f"{_num(row.baseline)} {row.unit}" if row.baseline is not None else "-"
        print(f"{row.figure:<34} {_num(row.value):>11} {row.unit:<2} {base:>14} {row.ratio:>7}  "
              f"{row.target:<22} {verdict(row.passed)}")


def size_parser(description: str, default_n: int) -> argparse.ArgumentParser:
    """Arguments every archive-based bench accepts (--n for quick runs)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--n", type=int, default=default_n,
                        help=f"records in the generated archive (default {default_n})")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--rebuild", action="store_true", help="regenerate the cached archive")
    return parser
