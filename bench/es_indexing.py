"""Bench 4 (Elasticsearch half): our incremental sync against a bare ``helpers.bulk``.

Both load the same records (every article page) of a generated archive into an index
built from the same template, on the same cluster, in the same run; the
figure that matters is the ratio (target: ours within 1.3x of bare bulk).
The bare run gets its documents ready in memory, so the ratio shows what the
sync adds: reading the archive page by page, per-document outcomes, and
marking what was indexed. The rebuild path (new index, alias swap) is timed too.

    THIDUA_ES_URL=http://localhost:9200 python -m bench.es_indexing --n 20000

Without THIDUA_ES_URL it prints why it skipped and exits 0. Every index it
creates lives under a throw-away ``thidua-bench-*`` alias and is deleted.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

from elasticsearch import helpers

from bench.make_archive import build_archive
from crawler.errors import ThiduaError
from indexer.archive import Archive
from indexer.es import bodies
from indexer.es.backend import EsBackend

TARGET = 1.3


class _Empty:
    """No articles: lets ``rebuild`` create the alias over an empty index."""

    def iter_articles(self):
        return iter(())

    def mark_indexed(self, name, ids):
        pass


def _fresh(archive: Archive, tag: str) -> EsBackend:
    return EsBackend(archive, alias=f"thidua-bench-{tag}-{uuid.uuid4().hex[:8]}")


def bare_bulk(backend: EsBackend, docs: list[dict]) -> float:
    """Seconds for helpers.bulk of ready documents into an empty index behind the alias."""
    backend.rebuild(_Empty())
    started = time.perf_counter()
    helpers.bulk(backend.client, ({"_index": backend.alias, "_id": d["id"], "_source": d}
                                  for d in docs), chunk_size=500)
    backend.client.indices.refresh(index=backend.alias)
    return time.perf_counter() - started


def our_sync(backend: EsBackend) -> tuple[float, int]:
    """Seconds for ``sync`` (from the archive, marking as it goes) into an empty index."""
    backend.rebuild(_Empty())
    backend.archive.forget_indexed("es")
    started = time.perf_counter()
    count = backend.sync()
    return time.perf_counter() - started, count


def our_rebuild(backend: EsBackend) -> tuple[float, int]:
    started = time.perf_counter()
    count = backend.rebuild(backend.archive)
    return time.perf_counter() - started, count


def run(n: int, seed: int, workdir: Path) -> int:
    path = build_archive(workdir / f"archive-{n}.sqlite3", n, seed)
    with Archive(path) as archive:
        docs = [bodies.document(r) for r in archive.iter_articles()]
        engines = [_fresh(archive, tag) for tag in ("bare", "sync", "rebuild")]
        try:
            bare = bare_bulk(engines[0], docs)
            synced, count = our_sync(engines[1])
            rebuilt, rebuilt_count = our_rebuild(engines[2])
        finally:
            for engine in engines:
                engine.drop()
    ratio = synced / bare
    print(f"documents         {len(docs)} of {n} records (every page is indexed)")
    print(f"bare helpers.bulk {bare:7.2f} s  {len(docs) / bare:9,.0f} docs/s  (baseline)")
    print(f"thidua sync       {synced:7.2f} s  {count / synced:9,.0f} docs/s  "
          f"ratio {ratio:.2f}x  target <= {TARGET}x: {'PASS' if ratio <= TARGET else 'MISS'}")
    print(f"thidua rebuild    {rebuilt:7.2f} s  {rebuilt_count / rebuilt:9,.0f} docs/s  "
          f"ratio {rebuilt / bare:.2f}x  (new index + alias swap)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.es_indexing",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="records (default 20000)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if not os.environ.get("THIDUA_ES_URL"):
        print("skip: THIDUA_ES_URL is not set; start a cluster (README, Elasticsearch "
              "backend) and run again", file=sys.stderr)
        return 0
    try:
        with tempfile.TemporaryDirectory(prefix="thidua-bench-") as tmp:
            return run(args.n, args.seed, Path(tmp))
    except ThiduaError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
