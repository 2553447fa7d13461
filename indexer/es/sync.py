"""Bulk indexing into Elasticsearch, incremental from the archive.

Layered as in elasticsearch-py's helpers: ``bodies.bulk_actions`` generates the
actions, ``helpers.streaming_bulk`` chunks them by count and by bytes and
retries 429/5xx with capped exponential back-off, and this module handles the
per-document outcome. Only documents the cluster confirmed are marked indexed
in the archive, page by page, so an interrupted sync resumes where it stopped
and an unreachable cluster loses nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice
from typing import Any

from elasticsearch import Elasticsearch, helpers

from indexer.es.bodies import bulk_actions
from indexer.es.client import REBUILD_HINT, EsError, es_errors

BACKEND = "es"


@dataclass(frozen=True)
class BulkOptions:
    """Bounds of one bulk run; the defaults suit a single-node cluster.

    ``max_chunk_bytes`` stays far below the cluster's 100 MB
    ``http.max_content_length`` so long articles never make a chunk too big.
    """

    chunk_size: int = 500
    max_chunk_bytes: int = 8 * 1024 * 1024
    max_retries: int = 5
    initial_backoff: float = 1.0
    max_backoff: float = 30.0
    retry_on_status: tuple[int, ...] = (429, 500, 502, 503, 504)
    page_size: int = 2000


class BulkIndexFailed(EsError):
    """Some documents were refused; carries their ids and reasons.

    The others were indexed and marked; the refused ones stay pending in the
    archive, so fixing the cause and re-running the sync indexes them.
    """

    def __init__(self, failed: dict[str, str], indexed: int) -> None:
        self.failed = dict(failed)
        self.indexed = indexed
        first_id, first_reason = next(iter(self.failed.items()))
        fix = (REBUILD_HINT if "mapper" in first_reason or "parsing" in first_reason
               else "fix the cause and run `thidua index --backend es` again")
        super().__init__(
            f"{len(self.failed)} articles not indexed (e.g. {first_id}: {first_reason}); "
            f"{indexed} indexed; the rest stay pending: {fix}")


def _item_reason(info: dict[str, Any]) -> str:
    error = info.get("error")
    if isinstance(error, dict):
        return f"{info.get('status')} {error.get('type')}: {error.get('reason')}"
    return f"{info.get('status')} {error}"


def bulk_index(client: Elasticsearch, records: Iterable[dict[str, Any]], index: str, *,
               url: str, options: BulkOptions | None = None,
               on_indexed: Callable[[list[str]], None] | None = None,
               ) -> tuple[int, dict[str, str]]:
    """Index records by id; return (indexed count, {failed id: reason}).

    Every record is indexed, bloc news or not: a search's scope filter
    (``indexer.query.scope``) decides what it shows.

    ``on_indexed`` receives the confirmed ids chunk by chunk, and once more in
    ``finally`` for the last ones when the cluster goes away mid-run.
    """
    options = options or BulkOptions()
    done: list[str] = []
    failed: dict[str, str] = {}
    count = 0

    def flush() -> None:
        if done and on_indexed is not None:
            on_indexed(list(done))
        done.clear()

    results = helpers.streaming_bulk(
        client, bulk_actions(records, index),
        chunk_size=options.chunk_size, max_chunk_bytes=options.max_chunk_bytes,
        raise_on_error=False, raise_on_exception=True,
        max_retries=options.max_retries, initial_backoff=options.initial_backoff,
        max_backoff=options.max_backoff, retry_on_status=options.retry_on_status,
    )
    try:
        with es_errors(url, index):
            for ok, item in results:
                _, info = next(iter(item.items()))
                if ok:
                    done.append(info["_id"])
                    count += 1
                    if len(done) >= options.chunk_size:
                        flush()
                else:
                    failed[info["_id"]] = _item_reason(info)
    finally:
        flush()
    return count, failed


def _next_page(archive: Any, seen: set[str], size: int) -> list[dict[str, Any]]:
    """Up to ``size`` pending records not yet tried in this run.

    The archive's cursor is closed before anything is written back, and ids
    already tried are skipped, so refused documents cannot loop forever.
    """
    pending = archive.pending_index(BACKEND)
    try:
        return list(islice((r for r in pending if r["id"] not in seen), size))
    finally:
        close = getattr(pending, "close", None)
        if close is not None:
            close()


def sync_archive(client: Elasticsearch, archive: Any, index: str, *, url: str,
                 options: BulkOptions | None = None) -> int:
    """Index every article the archive has not yet marked indexed for "es".

    Returns how many were indexed; raises BulkIndexFailed (after indexing and
    marking all the others) when some were refused.
    """
    options = options or BulkOptions()
    seen: set[str] = set()
    failed: dict[str, str] = {}
    total = 0
    while page := _next_page(archive, seen, options.page_size):
        seen.update(r["id"] for r in page)
        count, refused = bulk_index(
            client, page, index, url=url, options=options,
            on_indexed=lambda ids: archive.mark_indexed(BACKEND, ids))
        total += count
        failed.update(refused)
    if failed:
        raise BulkIndexFailed(failed, total)
    return total
