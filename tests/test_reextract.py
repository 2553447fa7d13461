"""`thidua reextract` reads every stored response: nothing fetched is lost to a threshold.

Real farm crawls: one with a stricter classifier (THIDUA_BLOC_THRESHOLD), and
the shared crawl turned into an archive of the old spider (schema 1, only
bloc news stored, the WARC files holding every response). Re-extraction
then recovers the pages without a single request.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from crawler.urls import article_id
from crawler.warc import read_record
from indexer import schema
from indexer.archive import Archive
from tests.farm.server import PortalFarm
from tests.fixtures.crawl import run_farm_crawl
from tests.fixtures.old_archive import as_schema_1

pytestmark = pytest.mark.slow


def _ids(thidua, archive, *args: str) -> set[str]:
    result = thidua("search", *args, "--all", "--format", "jsonl", "--archive", str(archive))
    assert result.code == 0, result.err
    return {json.loads(line)["id"] for line in result.out.splitlines()}


def test_a_new_threshold_turns_stored_pages_into_bloc_news_without_a_recrawl(
        corpus, tmp_path, monkeypatch, thidua):
    archive = tmp_path / "archive.sqlite3"
    bloc = {article_id(a.url) for a in corpus if a.is_bloc_news}
    monkeypatch.setenv("THIDUA_BLOC_THRESHOLD", "0.99")
    with PortalFarm(corpus=corpus) as farm:
        strict = run_farm_crawl(farm, archive)
        assert strict.returncode == 0, strict.stderr[-2000:]
        with Archive(archive) as db:
            held_back = {i for i in bloc if not db.get(i)["is_bloc_news"]}
            assert db.count() == len(corpus)
        assert len(held_back) >= 30
        assert not held_back & _ids(thidua, archive)
        monkeypatch.delenv("THIDUA_BLOC_THRESHOLD")
        requests = len(farm.requests)
        result = thidua("reextract", "--archive", str(archive))
        assert len(farm.requests) == requests
    assert result.code == 0, result.err
    assert f"{len(held_back)} became bloc news" in result.err
    assert "is_bloc_news " in result.err and "0 new records" in result.err
    with Archive(archive) as db:
        assert {r["id"] for r in db.iter_articles() if r["is_bloc_news"]} == bloc
        assert db.count() == len(corpus) and db.check() == []
    assert held_back <= _ids(thidua, archive)


def test_a_bad_threshold_is_one_usage_line(thidua, archive_copy, monkeypatch):
    monkeypatch.setenv("THIDUA_BLOC_THRESHOLD", "high")
    result = thidua("reextract", "--archive", str(archive_copy))
    assert result.code == 2
    assert result.err.strip().splitlines() == [
        "thidua: error: THIDUA_BLOC_THRESHOLD must be a number from 0 to 1 (got 'high')"]


@pytest.mark.parametrize("crawl_log", ["kept", "lost"])
def test_an_archive_of_the_old_spider_is_upgraded_and_its_near_misses_recovered(
        thidua, archive_copy, corpus, crawl_log):
    near_misses = {article_id(a.url): a for a in corpus if not a.is_bloc_news}
    assert as_schema_1(archive_copy) == len(near_misses)
    if crawl_log == "lost":  # the page's own content must then say it is an article
        with sqlite3.connect(archive_copy) as conn:
            conn.execute("DELETE FROM fetches WHERE outcome = 'not_bloc'")
    result = thidua("reextract", "--archive", str(archive_copy))
    assert result.code == 0, result.err
    assert f"{len(near_misses)} new records from the WARC files (0 bloc news)" in result.err
    assert "0 records changed" in result.err
    warc_dir = archive_copy.parent / "warc"
    with Archive(archive_copy) as db:
        assert schema.version(db.connection) == schema.SCHEMA_VERSION
        for record_id, article in near_misses.items():
            record = db.get(record_id)
            assert record is not None, article.url
            assert not record["is_bloc_news"] and record["title"] == article.expected["title"]
            assert read_record(warc_dir, record["warc"])[0] == 200
            assert record["fetched_at"].endswith("+07:00")
        assert db.count() == len(corpus) and db.check() == []
    assert not _ids(thidua, archive_copy) & set(near_misses)
    assert set(near_misses) <= _ids(thidua, archive_copy, "--include-other")
    again = thidua("reextract", "--archive", str(archive_copy))
    assert again.code == 0
    assert "0 records changed" in again.err and " 0 new records" in again.err
