import json
import os
import sqlite3

import pytest

from crawler.errors import ArchiveError
from crawler.extract.record import Article
from indexer import schema
from indexer.archive import Archive, default_archive_path
from indexer.backends import open_backend
from indexer.query import SearchQuery
from tests.fixtures.search import make_article


def test_first_upsert_is_new_and_the_record_reads_back(empty_archive):
    record = make_article("a")
    assert empty_archive.upsert(record) == "new"
    stored = empty_archive.get(record["id"])
    assert stored["title"] == record["title"]
    assert stored["urls"] == [record["url"]]
    assert empty_archive.count() == 1


def test_same_record_twice_is_unchanged_and_stored_once(empty_archive):
    record = make_article("a")
    empty_archive.upsert(record)
    later = dict(record, fetched_at="2025-01-01T00:00:00+07:00")
    assert empty_archive.upsert(later) == "unchanged"
    assert empty_archive.count() == 1


def test_changed_field_is_updated(empty_archive):
    record = make_article("a")
    empty_archive.upsert(record)
    assert empty_archive.upsert(dict(record, event_type="year_end_review")) == "updated"
    assert empty_archive.get(record["id"])["event_type"] == "year_end_review"


def test_article_dataclass_is_accepted(empty_archive):
    article = Article.from_dict(make_article("a"))
    assert empty_archive.upsert(article) == "new"
    assert empty_archive.get(article.id)["site"] == "hanam"


def test_url_variants_map_to_one_article(empty_archive):
    record = make_article("a", url="http://hanam.gov.vn/tin/a.html")
    empty_archive.upsert(record)
    variant = dict(record, url="https://www.hanam.gov.vn/tin/a.html?utm_source=zalo", id=None)
    assert empty_archive.upsert(variant) == "unchanged"
    assert empty_archive.count() == 1


def test_same_text_under_another_url_is_a_duplicate_with_both_urls(empty_archive):
    first = make_article("a", url="http://hanam.gov.vn/tin/a.html")
    printed = make_article("a", url="http://hanam.gov.vn/print/a.html")
    assert empty_archive.upsert(first) == "new"
    assert empty_archive.upsert(printed) == "duplicate"
    assert empty_archive.count() == 1
    assert empty_archive.get(first["id"])["urls"] == [first["url"], printed["url"]]
    assert empty_archive.get(printed["id"]) is None
    assert empty_archive.has_url("https://hanam.gov.vn/print/a.html")


def test_duplicate_is_not_searchable_twice(empty_archive):
    empty_archive.upsert(make_article("a", url="http://hanam.gov.vn/tin/a.html"))
    empty_archive.upsert(make_article("a", url="http://hanam.gov.vn/print/a.html"))
    result = open_backend("sqlite", empty_archive).search(SearchQuery(text="kế hoạch"))
    assert result.total == 1


def test_has_url_by_canonical_form(empty_archive):
    empty_archive.upsert(make_article("a", url="http://hanam.gov.vn/tin/a.html?b=2&a=1"))
    assert empty_archive.has_url("https://www.hanam.gov.vn/tin/a.html?a=1&b=2&fbclid=x")
    assert not empty_archive.has_url("http://hanam.gov.vn/tin/b.html")


def test_update_replaces_the_searchable_text(empty_archive):
    record = make_article("a", text="Khối thi đua họp sơ kết.")
    empty_archive.upsert(record)
    empty_archive.upsert(dict(record, text="Khối thi đua ký giao ước."))
    backend = open_backend("sqlite", empty_archive)
    assert backend.search(SearchQuery(text="sơ kết")).total == 0
    assert backend.search(SearchQuery(text="giao ước")).total == 1


def test_integrity_holds_after_many_upserts_and_updates(empty_archive):
    for n in range(60):
        empty_archive.upsert(make_article(f"a{n}", text=f"Khối thi đua số {n} họp."))
    for n in range(0, 60, 3):
        record = make_article(f"a{n}", text=f"Khối thi đua số {n} họp lại.",
                              is_bloc_news=n % 2 == 0)
        empty_archive.upsert(record)
    assert empty_archive.check() == []
    assert open_backend("sqlite", empty_archive).search(SearchQuery(text="lại")).total == 10


def test_upsert_many_counts_outcomes_in_one_go(empty_archive):
    records = [make_article("a"), make_article("b", text="Khác hẳn."), make_article("a")]
    assert empty_archive.upsert_many(records) == {"new": 2, "unchanged": 1}


def test_iter_articles_streams_every_record(empty_archive):
    for slug in ("a", "b"):
        empty_archive.upsert(make_article(slug, text=f"Bài {slug}."))
    assert [r["url"].rsplit("/", 1)[1] for r in empty_archive.iter_articles()] == [
        "a.html", "b.html"]


def test_status_reports_sites_fetches_failures_and_runs(empty_archive):
    empty_archive.upsert(make_article("a"))
    run = empty_archive.start_run({"full": True})
    empty_archive.log_fetch(run, "http://hanam.gov.vn/tin/a.html", 200, "article", site="hanam")
    empty_archive.log_fetch(run, "http://hanam.gov.vn/x", 404, "failed", "http_404", "hanam")
    empty_archive.log_fetch(run, "http://hanam.gov.vn/y", None, "failed", "timeout", "hanam")
    empty_archive.log_fetch(run, "http://hanam.gov.vn/z", 404, "failed", "http_404", "hanam")
    empty_archive.finish_run(run, "partial", {"articles_new": 1})
    status = empty_archive.status()
    hanam = status["sites"]["hanam"]
    assert (hanam["articles"], hanam["fetches"]) == (1, 4)
    assert hanam["failures"] == {"http_404": 2, "timeout": 1}
    assert hanam["last_fetch"].endswith("+07:00")
    assert status["runs"][0]["status"] == "partial"
    assert status["runs"][0]["options"] == {"full": True}
    assert status["runs"][0]["stats"] == {"articles_new": 1}
    assert status["runs"][0]["finished"].endswith("+07:00")


def test_pending_index_follows_changes_until_marked(empty_archive):
    record = make_article("a")
    empty_archive.upsert(record)
    assert [r["id"] for r in empty_archive.pending_index("es")] == [record["id"]]
    empty_archive.mark_indexed("es", [record["id"]])
    assert list(empty_archive.pending_index("es")) == []
    empty_archive.upsert(dict(record, bloc="Khối thi đua Kinh tế"))
    assert [r["id"] for r in empty_archive.pending_index("es")] == [record["id"]]


def test_schema_version_is_set_and_reopen_keeps_data(empty_archive_path):
    with Archive(empty_archive_path) as archive:
        archive.upsert(make_article("a"))
    with Archive(empty_archive_path) as archive:
        assert archive.count() == 1
        mode = archive.connection.execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"
        assert schema.version(archive.connection) == schema.SCHEMA_VERSION


def test_archive_from_a_newer_release_is_refused(empty_archive_path):
    Archive(empty_archive_path).close()
    conn = sqlite3.connect(empty_archive_path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(ArchiveError, match="newer"):
        Archive(empty_archive_path)


def test_readonly_archive_reads_but_refuses_writes(empty_archive_path):
    with Archive(empty_archive_path) as archive:
        archive.upsert(make_article("a"))
    with Archive(empty_archive_path, readonly=True) as archive:
        assert archive.count() == 1
        with pytest.raises(ArchiveError, match="read-only"):
            archive.upsert(make_article("b", text="Bài khác."))


def _one_line(exc: pytest.ExceptionInfo) -> str:
    message = str(exc.value)
    assert "\n" not in message
    return message


def test_text_file_as_archive_is_a_one_line_error(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_text("ghi chú, không phải cơ sở dữ liệu\n" * 50, encoding="utf-8")
    with pytest.raises(ArchiveError) as exc:
        Archive(path)
    assert str(path) in _one_line(exc)
    assert "not an SQLite database" in str(exc.value)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into read-only directories")
def test_unwritable_directory_is_a_one_line_error(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(ArchiveError) as exc:
            Archive(locked / "sub" / "archive.sqlite3")
        assert str(locked / "sub") in _one_line(exc)
    finally:
        locked.chmod(0o700)


def test_directory_path_is_a_one_line_error(tmp_path):
    with pytest.raises(ArchiveError) as exc:
        Archive(tmp_path)
    assert str(tmp_path) in _one_line(exc)


def test_missing_file_readonly_is_a_one_line_error(tmp_path):
    with pytest.raises(ArchiveError) as exc:
        Archive(tmp_path / "none.sqlite3", readonly=True)
    assert "no such file" in _one_line(exc)


def test_locked_archive_times_out_with_a_one_line_error(empty_archive_path):
    Archive(empty_archive_path).close()
    holder = sqlite3.connect(empty_archive_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with Archive(empty_archive_path, timeout=0.05) as archive, \
                pytest.raises(ArchiveError) as exc:
            archive.upsert(make_article("a"))
        assert "locked" in _one_line(exc)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_default_path_follows_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("THIDUA_ARCHIVE", str(tmp_path / "x.sqlite3"))
    assert default_archive_path() == tmp_path / "x.sqlite3"
    monkeypatch.delenv("THIDUA_ARCHIVE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_archive_path() == tmp_path / "data" / "thidua" / "archive.sqlite3"


def test_record_json_keeps_vietnamese_readable(empty_archive):
    record = make_article("a", title="Khối thi đua")
    empty_archive.upsert(record)
    raw = empty_archive.connection.execute("SELECT record FROM article_records").fetchone()[0]
    assert "Khối thi đua" in raw
    assert json.loads(raw)["title"] == "Khối thi đua"


def test_path_under_a_regular_file_is_a_one_line_error(tmp_path):
    blocker = tmp_path / "plain.txt"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(ArchiveError) as exc:
        Archive(blocker / "archive.sqlite3")
    assert str(blocker) in _one_line(exc)


def test_same_fields_in_another_order_or_as_tuples_are_unchanged(empty_archive):
    record = make_article("a", event_types=["other"])
    empty_archive.upsert(record)
    shuffled = dict(reversed(list(record.items())), event_types=("other",))
    assert empty_archive.upsert(shuffled) == "unchanged"


def test_update_gives_the_row_a_new_version_hash(empty_archive):
    record = make_article("a")
    empty_archive.upsert(record)
    query = "SELECT record_hash FROM articles"
    before = empty_archive.connection.execute(query).fetchone()[0]
    empty_archive.upsert(dict(record, fetched_at="2025-01-01T00:00:00+07:00"))
    assert empty_archive.connection.execute(query).fetchone()[0] == before
    empty_archive.upsert(dict(record, bloc="Cụm thi đua số 9"))
    assert empty_archive.connection.execute(query).fetchone()[0] != before


def test_a_url_claimed_by_another_article_moves_to_it(empty_archive):
    first = make_article("a")
    empty_archive.upsert(first)
    second = make_article("b", text="Cụm thi đua số 2 họp.")
    second["urls"] = [second["url"], first["url"]]
    empty_archive.upsert(second)
    rows = dict(empty_archive.connection.execute("SELECT url, id FROM article_urls"))
    assert set(rows.values()) == {second["id"]}
    assert len(rows) == 2


def test_a_v2_archive_is_upgraded_in_place_and_its_near_misses_indexed(empty_archive_path):
    from tests.fixtures.old_archive import as_schema_2

    with Archive(empty_archive_path) as archive:
        archive.upsert(make_article("bloc"))
        other = make_article("other", is_bloc_news=False, bloc_score=0.2,
                             text="Lễ trao Huân chương Lao động cho xã.")
        archive.upsert(other)
    assert as_schema_2(empty_archive_path) == 1
    with Archive(empty_archive_path) as archive:
        assert schema.version(archive.connection) == schema.SCHEMA_VERSION
        backend = open_backend("sqlite", archive)
        wide = backend.search(SearchQuery(text="huân chương", include_other=True))
        assert [hit.record["id"] for hit in wide.hits] == [other["id"]]
        assert backend.search(SearchQuery(text="huân chương")).total == 0
        assert [r["id"] for r in archive.pending_index("es")] == [other["id"]]
        assert backend.sync(archive) == 0
        assert archive.check() == []
