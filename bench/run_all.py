"""Run every benchmark script in turn, each in its own subprocess, and print their figures.

Archive-based benches share the generated archive cached under var/bench/
(built by the first of them that needs it). Scripts that need a server say
they are skipped when it is not configured (THIDUA_ES_URL for Elasticsearch);
a script another area has not written yet is reported as missing.

    python -m bench.run_all               # full sizes (100k archive)
    python -m bench.run_all --n 20000     # quicker, smaller archive
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from bench.common import CACHE_DIR, REPO, SEED

# (module, needs THIDUA_ES_URL, takes the archive size)
BENCHES = (
    ("bench.make_archive", False, True),
    ("bench.search_latency", False, True),
    ("bench.export_speed", False, True),
    ("bench.index_speed", False, True),
    ("bench.es_indexing", True, True),
    ("bench.crawl_speed", False, False),
    ("bench.extraction_speed", False, False),
    ("bench.discovery", False, False),
)


def command(module: str, n: int | None) -> list[str]:
    """The argv that runs one bench, sized by ``n`` when given."""
    argv = [sys.executable, "-m", module]
    if module == "bench.make_archive":
        size = n or 100_000
        return [*argv, "--n", str(size), "--seed", str(SEED),
                "--out", str(CACHE_DIR / f"archive-{size}-seed{SEED}.sqlite3")]
    if n is None:
        return argv
    argv += ["--n", str(n)]
    if module == "bench.export_speed":
        argv += ["--sizes", f"{max(n // 10, 1)},{max(n // 2, 1)}"]
    return argv


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, help="archive size for the archive benches")
    parser.add_argument("--only", help="comma-separated module names (e.g. search_latency)")
    args = parser.parse_args(argv)
    wanted = set(args.only.split(",")) if args.only else None
    failed = []
    for module, needs_es, sized in BENCHES:
        name = module.split(".")[-1]
        if wanted and name not in wanted:
            continue
        print(f"\n=== {name} " + "=" * (60 - len(name)), flush=True)
        if not (REPO / "bench" / f"{name}.py").exists():
            print(f"missing: bench/{name}.py is not written yet")
            continue
        if needs_es and not os.environ.get("THIDUA_ES_URL"):
            print("skipped: set THIDUA_ES_URL to an Elasticsearch server to run it")
            continue
        started = time.perf_counter()
        code = subprocess.call(command(module, args.n if sized else None), cwd=REPO)
        print(f"[{name}: exit {code}, {time.perf_counter() - started:.0f} s]", flush=True)
        if code:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
