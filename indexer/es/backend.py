"""The Elasticsearch search backend: the SearchBackend protocol over one alias.

Searches and incremental writes go through the alias (``thidua-articles``),
which always points at exactly one versioned index. A rebuild fills a new
index beside it and swaps the alias atomically, so searches never see a
half-built index; the old index is deleted only after the swap.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from elasticsearch import ApiError, Elasticsearch, TransportError

from indexer import timeline
from indexer.es import bodies
from indexer.es.client import (
    REBUILD_HINT,
    EsMappingConflict,
    EsSettings,
    connect,
    es_errors,
)
from indexer.es.sync import BACKEND, BulkIndexFailed, BulkOptions, bulk_index, sync_archive
from indexer.query import (
    Hit,
    ParsedText,
    SearchQuery,
    SearchResult,
    check_query,
    parse_text,
)

MAX_WINDOW = 10_000       # Elasticsearch's default index.max_result_window
PAGE = 1000               # hits per request when streaming
KEEP_ALIVE = "2m"         # point-in-time lifetime between two pages
MARK_BATCH = 1000


class EsBackend:
    """Search and indexing in Elasticsearch with the embedded backend's semantics."""

    name = "es"

    def __init__(self, archive: Any = None, *, es_url: str | None = None,
                 url: str | None = None, client: Elasticsearch | None = None,
                 alias: str | None = None, bulk: BulkOptions | None = None,
                 throwaway: bool = False, **_ignored: Any) -> None:
        """Connect from ``es_url`` (``--es``; ``url`` is a synonym) or THIDUA_ES_*.

        Unknown options are ignored, so one ``open_backend(name, archive,
        **options)`` call serves both backends. A given ``client`` is used
        as is (tests inject a failing one). A ``throwaway`` backend deletes
        its indices on ``close``.

        Raises:
            UsageError: no URL anywhere, or half of the basic-auth pair.
            EsError: the cluster is unreachable or refuses the credentials.
        """
        settings = EsSettings.from_env(es_url or url)
        self.url = settings.url
        self.client = client or connect(settings)
        self.archive = archive
        self.alias = alias or bodies.alias_name()
        self.bulk = bulk or BulkOptions()
        self._throwaway = throwaway
        self._checked = False

    # -- writing -----------------------------------------------------------

    def index(self, articles: Iterable[dict]) -> int:
        """Index these records now (e.g. as the crawler archives them)."""
        if not self._alias_ready():
            if self.archive is not None:
                self.rebuild(self.archive)
            else:
                self._activate(self._create_index(), old=[])
        mark = None if self.archive is None else self._mark
        count, failed = bulk_index(self.client, articles, self.alias, url=self.url,
                                   options=self.bulk, on_indexed=mark)
        self._refresh(self.alias)
        if failed:
            raise BulkIndexFailed(failed, count)
        return count

    def sync(self, archive: Any = None) -> int:
        """Catch up with the archive: index what it has not marked indexed yet."""
        archive = self.archive if archive is None else archive
        if not self._alias_ready():
            return self.rebuild(archive)
        try:
            return sync_archive(self.client, archive, self.alias, url=self.url,
                                options=self.bulk)
        finally:
            self._refresh(self.alias)

    def rebuild(self, archive: Any = None) -> int:
        """Fill a new versioned index from the archive, then swap the alias to it."""
        archive = self.archive if archive is None else archive
        new = self._create_index()
        ids: list[str] = []
        try:
            count, failed = bulk_index(self.client, archive.iter_articles(), new,
                                       url=self.url, options=self.bulk, on_indexed=ids.extend)
            if failed:
                raise BulkIndexFailed(failed, count)
            old = self._indices_behind_alias()
            self._activate(new, old)
        except BaseException:
            with contextlib.suppress(ApiError, TransportError):
                self.client.indices.delete(index=new)
            raise
        with es_errors(self.url, self.alias):
            for name in old:
                self.client.indices.delete(index=name, ignore_unavailable=True)
        for start in range(0, len(ids), MARK_BATCH):
            archive.mark_indexed(BACKEND, ids[start:start + MARK_BATCH])
        return count

    def _activate(self, new: str, old: list[str]) -> None:
        """Make the filled index searchable, then point the alias at it in one step."""
        with es_errors(self.url, new):
            self.client.indices.put_settings(
                index=new, settings={"index": {"refresh_interval": None}})
            self.client.indices.refresh(index=new)
            self.client.indices.update_aliases(
                actions=bodies.alias_swap_actions(self.alias, new, old))
        self._checked = True

    def close(self) -> None:
        """Release the connection; a throw-away backend also deletes its index."""
        try:
            if self._throwaway:
                self.drop()
        finally:
            self.client.close()

    def drop(self) -> None:
        """Delete the alias's indices and this mapping version's template (tests, resets)."""
        with es_errors(self.url, self.alias):
            for name in self._indices_behind_alias():
                self.client.indices.delete(index=name, ignore_unavailable=True)
            self.client.options(ignore_status=404).indices.delete_index_template(
                name=bodies.template_name(self.alias))

    def _mark(self, ids: list[str]) -> None:
        self.archive.mark_indexed(BACKEND, ids)

    def _refresh(self, index: str) -> None:
        with es_errors(self.url, index):
            self.client.indices.refresh(index=index)

    def _has_icu(self) -> bool:
        """Whether every node has the analysis-icu plugin (an index needs it on all)."""
        try:
            nodes = self.client.nodes.info(metric="plugins")["nodes"]
        except (ApiError, TransportError):
            return False
        return bool(nodes) and all(
            any(p.get("name") == "analysis-icu" for p in node.get("plugins", []))
            for node in nodes.values())

    def _create_index(self) -> str:
        """Put this version's template and create a fresh, empty index from it."""
        icu = self._has_icu()
        name = bodies.index_name(datetime.now(UTC), alias=self.alias)
        with es_errors(self.url, name):
            self.client.indices.put_index_template(
                name=bodies.template_name(self.alias),
                body=bodies.index_template_body(icu, alias=self.alias))
            self.client.indices.create(
                index=name, settings={"index": {"refresh_interval": "-1"}})
        return name

    def _indices_behind_alias(self) -> list[str]:
        with es_errors(self.url, self.alias):
            if not self.client.indices.exists_alias(name=self.alias):
                return []
            return sorted(self.client.indices.get_alias(name=self.alias).body)

    def _alias_ready(self) -> bool:
        """True when the alias exists with this mapping version; False when absent.

        A plain index squatting on the alias name, or an index built by another
        mapping version, is a mapping conflict that only a rebuild resolves.
        """
        if self._checked:
            return True
        with es_errors(self.url, self.alias):
            if not self.client.indices.exists_alias(name=self.alias):
                if self.client.indices.exists(index=self.alias):
                    raise EsMappingConflict(
                        f"{self.alias!r} on {self.url} is a plain index, not an alias: "
                        f"delete it, then {REBUILD_HINT}")
                return False
            mappings = self.client.indices.get_mapping(index=self.alias).body
        want = bodies.mapping_version()
        for name, spec in mappings.items():
            have = spec.get("mappings", {}).get("_meta", {}).get("thidua_mapping_version")
            if have != want:
                raise EsMappingConflict(
                    f"index {name!r} has mapping version {have}, this thidua needs {want}: "
                    f"{REBUILD_HINT}")
        self._checked = True
        return True

    # -- reading -----------------------------------------------------------

    def search(self, q: SearchQuery) -> SearchResult:
        """One page of hits, the total and (if asked) the facet counts.

        A page beyond Elasticsearch's result window (or ``limit=None``) is
        read by streaming, so it is never refused.
        """
        check_query(q)
        parsed = parse_text(q.text)
        paged = q.limit is not None and q.offset + q.limit <= MAX_WINDOW
        body = bodies.search_body(q, parsed, size=q.limit if paged else 0,
                                  offset=q.offset if paged else 0, flat=self._flat(q, parsed))
        with es_errors(self.url, self.alias):
            resp = self.client.search(index=self.alias, body=body).body
        if paged:
            hits = [_hit(raw, parsed) for raw in resp["hits"]["hits"]]
        else:
            hits = list(self._stream(q, parsed))
        return SearchResult(hits=hits, total=int(resp["hits"]["total"]["value"]),
                            facets=bodies.facets_of(resp.get("aggregations")))

    def timeline(self, q: SearchQuery, unit: str) -> list[timeline.PeriodCount]:
        """Matches per month or year beside every article archived for that period.

        The matches come from the cluster, the totals from the archive.
        """
        check_query(q)
        timeline.check_unit(unit)
        body = bodies.timeline_body(q, parse_text(q.text), unit)
        with es_errors(self.url, self.alias):
            resp = self.client.search(index=self.alias, body=body).body
        matches = bodies.timeline_counts(resp.get("aggregations"))
        totals = ({} if self.archive is None else
                  timeline.archived_totals(self.archive.connection, q, unit))
        return timeline.merge(matches, totals)

    def _flat(self, q: SearchQuery, parsed: ParsedText) -> bool:
        """Whether BM25 says nothing for this query (every word common): rank by tier, date.

        The embedded backend's rule for common-word queries, decided the same way
        from one counting request.
        """
        if not parsed or q.sort != "relevance":
            return False
        with es_errors(self.url, self.alias):
            counts = self.client.search(index=self.alias,
                                        body=bodies.unit_counts_body(parsed)).body
        return bodies.is_flat(counts)

    def iter_hits(self, q: SearchQuery) -> Iterator[Hit]:
        """Every hit in result order (from ``q.offset``, up to ``q.limit``), streamed."""
        check_query(q)
        return self._stream(q, parse_text(q.text))

    def _stream(self, q: SearchQuery, parsed: ParsedText) -> Iterator[Hit]:
        stop = None if q.limit is None else q.offset + q.limit
        return islice(self._pit_pages(q, parsed), q.offset, stop)

    def _pit_pages(self, q: SearchQuery, parsed: ParsedText) -> Iterator[Hit]:
        """All matches page by page over a point in time, with search_after.

        The point in time is closed in ``finally``, also when the consumer
        stops early (islice, a closed pipe).
        """
        flat = self._flat(q, parsed)
        with es_errors(self.url, self.alias):
            pit = self.client.open_point_in_time(index=self.alias, keep_alive=KEEP_ALIVE)["id"]
        try:
            after = None
            while True:
                body = bodies.search_body(q, parsed, size=PAGE, facets=False, flat=flat)
                del body["from"]
                body["track_total_hits"] = False
                body["pit"] = {"id": pit, "keep_alive": KEEP_ALIVE}
                if after is not None:
                    body["search_after"] = after
                with es_errors(self.url, self.alias):
                    resp = self.client.search(body=body).body
                pit = resp.get("pit_id", pit)
                page = resp["hits"]["hits"]
                yield from (_hit(raw, parsed) for raw in page)
                if len(page) < PAGE:
                    return
                after = page[-1]["sort"]
        finally:
            with contextlib.suppress(ApiError, TransportError):
                self.client.close_point_in_time(id=pit)


def _hit(raw: dict[str, Any], parsed: ParsedText) -> Hit:
    return Hit(record=raw["_source"], score=float(raw.get("_score") or 0.0),
               snippet=bodies.snippet_of(raw, parsed))


def make_es_backend(archive: Any = None, **options: Any) -> EsBackend:
    """A backend over a fresh, empty, throw-away alias: the contract suite's hook.

    The alias (``thidua-test-<random>``, unless ``alias`` is given) never
    touches a real ``thidua-articles`` index on the same cluster, and
    ``close()`` deletes what it created. Production code opens the real alias
    with ``open_backend("es", archive, es_url=...)``, i.e. ``EsBackend(archive, ...)``.
    Options as for ``EsBackend``.
    """
    options.setdefault("alias", f"thidua-test-{uuid.uuid4().hex[:12]}")
    options.setdefault("throwaway", True)
    return EsBackend(archive, **options)
