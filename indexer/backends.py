"""Pick a search backend by name; Elasticsearch is imported only when asked for."""

from __future__ import annotations

from typing import Any

from crawler.errors import ThiduaError, UsageError
from indexer.query import SearchBackend
from indexer.sqlite_search import SqliteBackend

BACKENDS = ("sqlite", "es")


def open_backend(name: str, archive: Any, **options: Any) -> SearchBackend:
    """The backend called ``name`` over ``archive``.

    The embedded backend needs no options and ignores those meant for
    Elasticsearch (the CLI passes ``es_url`` whichever backend is chosen);
    "es" gets every option passed through.

    Raises:
        UsageError: unknown backend name.
        ThiduaError: the Elasticsearch backend cannot be loaded.
    """
    if name == "sqlite":
        return SqliteBackend(archive)
    if name == "es":
        try:
            from indexer.es.backend import EsBackend
        except ImportError as exc:
            raise ThiduaError(f"the Elasticsearch backend is unavailable: {exc}") from None
        return EsBackend(archive, **options)
    raise UsageError(f"unknown search backend {name!r}: use one of {', '.join(BACKENDS)}")
