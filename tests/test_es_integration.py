"""The Elasticsearch backend against a real cluster (THIDUA_ES_URL), else skipped.

Each test works under its own alias and drops it afterwards, so a developer's
cluster keeps its real ``thidua-articles`` index. One test at the bottom needs
no cluster: it checks the failure on a closed local port.
"""

from __future__ import annotations

import os

import pytest
from elastic_transport import ApiResponseMeta, HttpHeaders, NodeConfig
from elasticsearch import ApiError, Elasticsearch

from crawler.extract.record import Article, content_hash
from indexer.archive import Archive
from indexer.es import backend as es_backend
from indexer.es import make_es_backend
from indexer.es.client import EsMappingConflict, EsSettings, EsUnavailable
from indexer.es.sync import BulkOptions
from indexer.query import SearchQuery

ES_URL = os.environ.get("THIDUA_ES_URL")
NO_CLUSTER = ("THIDUA_ES_URL not set: no Elasticsearch cluster to test against "
              "(see README, Elasticsearch backend)")
SMALL = BulkOptions(chunk_size=5, page_size=7, initial_backoff=0.1, max_backoff=0.5)


def _article(n: int, **fields) -> dict:
    text = fields.pop("text", f"Khối thi đua Văn hóa - Xã hội sơ kết 6 tháng, bài số {n}.")
    record = Article(
        id="", url=f"http://hanam.gov.vn/tin/{n}.aspx", site="hanam", text=text,
        fetched_at="2024-05-01T08:00:00+07:00", content_hash=content_hash(text),
        province="Hà Nam", province_current="Ninh Bình", title=f"Sơ kết {n}",
        published=f"2019-07-{n % 28 + 1:02d}", bloc="Khối thi đua Văn hóa - Xã hội",
        event_type="mid_year_review", event_types=["mid_year_review"], is_bloc_news=True,
    ).to_dict()
    record.update(fields)
    return record


@pytest.fixture
def archive(tmp_path):
    with Archive(tmp_path / "archive.sqlite3") as arch:
        yield arch


@pytest.fixture
def backend(archive):
    engine = make_es_backend(archive, bulk=SMALL)
    try:
        yield engine
    finally:
        engine.close()


def _count(engine) -> int:
    return engine.client.count(index=engine.alias)["count"]


def _fill(archive, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        archive.upsert(_article(i))


@pytest.mark.es
@pytest.mark.skipif(not ES_URL, reason=NO_CLUSTER)
class TestAgainstCluster:
    def test_sync_twice_never_duplicates(self, archive, backend):
        _fill(archive, 12)
        assert backend.sync() == 12
        assert backend.sync() == 0
        archive.upsert(_article(3, text="Khối thi đua sửa lại bài số 3."))
        assert backend.sync() == 1
        assert _count(backend) == 12
        assert list(archive.pending_index("es")) == []

    def test_interrupted_sync_resumes_where_it_stopped(self, archive, backend):
        _fill(archive, 12)

        class Interrupting:
            calls = 0

            def pending_index(self, name):
                return archive.pending_index(name)

            def mark_indexed(self, name, ids):
                Interrupting.calls += 1
                if Interrupting.calls == 2:
                    raise KeyboardInterrupt
                archive.mark_indexed(name, ids)

        backend.rebuild(_EmptyArchive())
        with pytest.raises(KeyboardInterrupt):
            backend.sync(Interrupting())
        left = len(list(archive.pending_index("es")))
        assert 0 < left < 12
        assert backend.sync(archive) == left
        assert _count(backend) == 12

    def test_rebuild_swaps_the_alias_and_deletes_the_old_index(self, archive, backend):
        _fill(archive, 6)
        backend.sync()
        [old] = backend._indices_behind_alias()
        archive.upsert(_article(50, is_bloc_news=False))
        assert backend.rebuild(archive) == 7
        [new] = backend._indices_behind_alias()
        assert new != old
        assert not backend.client.indices.exists(index=old)
        assert _count(backend) == 7
        assert backend.search(SearchQuery()).total == 6
        assert list(archive.pending_index("es")) == []

    def test_record_no_longer_bloc_news_is_found_only_with_include_other(self, archive,
                                                                        backend):
        _fill(archive, 3)
        backend.sync()
        archive.upsert(_article(1, is_bloc_news=False))
        backend.sync()
        titles = {h.record["title"] for h in backend.iter_hits(SearchQuery(limit=None))}
        assert titles == {"Sơ kết 0", "Sơ kết 2"}
        wide = SearchQuery(limit=None, include_other=True)
        assert {h.record["title"] for h in backend.iter_hits(wide)} == {
            "Sơ kết 0", "Sơ kết 1", "Sơ kết 2"}

    def test_rejected_bulk_requests_are_retried(self, archive, backend):
        _fill(archive, 6)
        backend.sync()
        _fill(archive, 6, start=100)
        flaky = _FlakyClient(**EsSettings.from_env().client_kwargs())
        _FlakyClient.failures = 2
        backend.client = flaky
        assert backend.sync() == 6
        assert _FlakyClient.failures == 0
        assert _count(backend) == 12

    def test_index_built_by_another_mapping_version_is_a_conflict(self, archive, backend):
        backend.client.indices.create(index=f"{backend.alias}-v0-old", aliases={backend.alias: {}},
                                      mappings={"_meta": {"thidua_mapping_version": 0}})
        _fill(archive, 1)
        with pytest.raises(EsMappingConflict, match="--rebuild"):
            backend.sync()
        backend.rebuild(archive)
        assert _count(backend) == 1

    def test_folding_exact_tier_filters_and_facets(self, archive, backend):
        archive.upsert(_article(1, text="Hội nghị thi đua khối văn hóa năm 2019."))
        archive.upsert(_article(2, text="Hoi nghi thi dua khoi van hoa khong dau.",
                                province="Hà Giang", province_current="Tuyên Quang"))
        archive.upsert(_article(3, text="Tin khác về giao thông."))
        backend.sync()
        result = backend.search(SearchQuery(text="thi đua", facets=True))
        assert result.total == 2
        assert result.hits[0].record["text"].startswith("Hội nghị thi đua")
        assert "[" in result.hits[0].snippet
        assert result.facets["province"] == {"Hà Giang": 1, "Hà Nam": 1}
        assert result.facets["year"] == {"2019": 2}
        by_new_name = backend.search(SearchQuery(text="thi dua", province="Tuyên Quang"))
        assert [h.record["province"] for h in by_new_name.hits] == ["Hà Giang"]
        assert backend.search(SearchQuery(bloc="van hoa - XA")).total == 3
        assert backend.search(SearchQuery(text="hoá")).total == 2

    def test_iter_hits_streams_every_page_in_order(self, archive, backend, monkeypatch):
        monkeypatch.setattr(es_backend, "PAGE", 4)
        _fill(archive, 11)
        backend.sync()
        stream = [h.record["id"] for h in backend.iter_hits(SearchQuery(sort="date",
                                                                           limit=None))]
        page = [h.record["id"] for h in backend.search(SearchQuery(sort="date", limit=11)).hits]
        assert stream == page and len(set(stream)) == 11
        assert len(list(backend.iter_hits(SearchQuery(limit=5, offset=8)))) == 3


class _EmptyArchive:
    """An archive with nothing in it: rebuild creates the alias over an empty index."""

    def iter_articles(self):
        return iter(())

    def mark_indexed(self, name, ids):
        pass


class _FlakyClient(Elasticsearch):
    """A real client whose first bulk requests are refused with 429, as a busy cluster does."""

    failures = 0

    def bulk(self, *args, **kwargs):
        if _FlakyClient.failures > 0:
            _FlakyClient.failures -= 1
            meta = ApiResponseMeta(429, "1.1", HttpHeaders(), 0.0,
                                   NodeConfig("http", "localhost", 9200))
            raise ApiError("es_rejected_execution_exception", meta,
                           {"error": {"type": "es_rejected_execution_exception"}})
        return super().bulk(*args, **kwargs)


def test_unreachable_cluster_is_a_one_line_error(archive, monkeypatch):
    """A closed local port: the error names the URL and the fix, the archive keeps everything."""
    monkeypatch.delenv("THIDUA_ES_API_KEY", raising=False)
    archive.upsert(_article(1))
    with pytest.raises(EsUnavailable, match="127.0.0.1:9 is unreachable"):
        make_es_backend(archive, es_url="http://127.0.0.1:9")
    assert len(list(archive.pending_index("es"))) == 1
