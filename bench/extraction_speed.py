"""Extraction speed: pages per second of extract_article vs trafilatura's own extract.

Run from the repository root:

    .venv/bin/python bench/extraction_speed.py [--seconds 2]

Both run over the same rendered farm pages (the gold corpus) in the same
process, in alternating rounds that together last at least ``--seconds`` of
CPU time per side; each side's best round counts, so the ratio measures what
our metadata layer costs on top of trafilatura and not what else the machine
was doing.
Target (issue 3/6): extract_article at >= 0.75x trafilatura's pages/second.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import trafilatura  # noqa: E402

from crawler.extract.article import extract_article  # noqa: E402
from crawler.sites import load_sites, site_for_url  # noqa: E402
from tests.farm.corpus import load_corpus  # noqa: E402
from tests.farm.render import render_article  # noqa: E402

FETCH_DAY = date(2026, 1, 15)
FETCHED_AT = "2026-01-15T10:00:00+07:00"


def pages_per_second(work: Callable[[], None], pages: int, seconds: float) -> float:
    """Repeat ``work`` (one pass over ``pages`` pages) until ``seconds`` of CPU time passed.

    CPU time of this process, not wall time: the machine is shared, and other
    processes must not make either side look slower.
    """
    passes, start = 0, time.process_time()
    while True:
        work()
        passes += 1
        elapsed = time.process_time() - start
        if elapsed >= seconds:
            return passes * pages / elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="CPU seconds per side")
    parser.add_argument("--rounds", type=int, default=4, help="alternating rounds")
    args = parser.parse_args()
    sites = load_sites(Path("tests/farm/sites.toml"))
    pages = []
    for article in load_corpus():
        url, html = render_article(article, today=FETCH_DAY)
        pages.append((url, html.encode("utf-8"), site_for_url(sites, url)))

    def ours() -> None:
        for url, body, site in pages:
            extract_article(body, url, FETCHED_AT, site)

    def theirs() -> None:
        for url, body, _ in pages:
            trafilatura.extract(body, url=url)

    def theirs_fast() -> None:
        for url, body, _ in pages:
            trafilatura.extract(body, url=url, fast=True)

    theirs()
    ours()  # warm caches and lazy imports outside the timing
    base = fast = full = 0.0
    share = args.seconds / args.rounds
    for _ in range(args.rounds):  # alternate, keep each side's best round
        base = max(base, pages_per_second(theirs, len(pages), share))
        fast = max(fast, pages_per_second(theirs_fast, len(pages), share))
        full = max(full, pages_per_second(ours, len(pages), share))
    print(f"{len(pages)} pages, >= {args.seconds:g} s CPU each, best of {args.rounds} rounds")
    print(f"trafilatura.extract (default)    : {base:8.1f} pages/s")
    print(f"trafilatura.extract (fast=True)  : {fast:8.1f} pages/s")
    print(f"extract_article (full record)    : {full:8.1f} pages/s")
    print(f"ratio full / trafilatura default : {full / base:8.2f}  (target >= 0.75)")
    print(f"ratio full / trafilatura fast    : {full / fast:8.2f}  (the layer's own cost)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
