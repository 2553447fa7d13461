"""Elasticsearch backend: mapping, pure request builders, bulk sync and search.

``make_es_backend`` is imported lazily so that the embedded (SQLite) backend
never pays for loading the Elasticsearch client.
"""

from __future__ import annotations

from typing import Any


def make_es_backend(archive: Any = None, **options: Any) -> Any:
    """A throw-away ``EsBackend`` for tests (see ``indexer.es.backend.make_es_backend``)."""
    from indexer.es.backend import make_es_backend as make

    return make(archive, **options)
