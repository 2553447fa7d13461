"""Batched archive writes: crawl log and articles committed together, a refusal costs one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from crawler.crawllog import CrawlSession, session_of
from crawler.extract.record import Article, content_hash
from crawler.items import ArticleItem
from crawler.urls import article_id
from indexer.archive import Archive


def _session(tmp_path: Path, writes: int) -> CrawlSession:
    crawler = get_crawler(settings_dict={
        "THIDUA_ARCHIVE": str(tmp_path / "archive.sqlite3"),
        "THIDUA_COMMIT_SECONDS": 3600, "THIDUA_COMMIT_WRITES": writes})
    return session_of(crawler)


def _item(session: CrawlSession, url: str, text: str) -> ArticleItem:
    location = session.warc.write_response(url, 200, "OK", [("Content-Type", "text/html")],
                                           f"<p>{text}</p>".encode())
    article = Article(id=article_id(url), url=url, site="hanam", text=text,
                      fetched_at="2024-05-02T09:00:00+07:00", content_hash=content_hash(text),
                      urls=[url], is_bloc_news=True, warc=location.as_dict())
    return ArticleItem(article=article, etag='"abc"')


def _committed(tmp_path: Path) -> tuple[int, list[tuple[str, str | None]]]:
    """(articles, crawl-log outcomes) as another process would see them."""
    with sqlite3.connect(tmp_path / "archive.sqlite3") as db:
        articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        fetches = db.execute("SELECT outcome, kind FROM fetches ORDER BY id").fetchall()
    return articles, fetches


@pytest.fixture
def session3(tmp_path):
    session = _session(tmp_path, writes=3)
    yield session
    session.close("ok", {})


def test_articles_and_crawl_log_are_committed_together_once_per_batch(tmp_path, session3):
    url = "http://hanam.gov.vn/Pages/khoi-thi-dua-so-ket.aspx"
    session3.record("http://hanam.gov.vn/Pages/tin-thi-dua.aspx", 200, "listing", site="hanam")
    session3.add_article(_item(session3, url, "Khối thi đua Văn hóa - Xã hội sơ kết."))
    assert _committed(tmp_path) == (0, [])
    session3.record(url, 200, "article", site="hanam")
    assert _committed(tmp_path) == (1, [("listing", None), ("article", None)])
    assert session3.stats.get_value("thidua/articles/new") == 1
    with Archive(tmp_path / "archive.sqlite3", readonly=True) as archive:
        assert archive.validators(url)["etag"] == '"abc"'
        assert archive.get(article_id(url))["warc"]["offset"] == 0


def test_a_closed_session_commits_what_is_still_waiting(tmp_path):
    session = _session(tmp_path, writes=1000)
    session.record("http://hanam.gov.vn/Pages/tin-thi-dua.aspx", 200, "listing", site="hanam")
    session.close("ok", {})
    assert _committed(tmp_path) == (0, [("listing", None)])


def test_an_article_the_archive_refuses_costs_only_itself(tmp_path, session3):
    with sqlite3.connect(tmp_path / "archive.sqlite3") as db:
        db.execute("CREATE TRIGGER refuse BEFORE INSERT ON articles WHEN NEW.url LIKE '%refuse%' "
                   "BEGIN SELECT RAISE(ABORT, 'refused'); END")
    session3.add_article(_item(session3, "http://hanam.gov.vn/Pages/refuse.aspx", "Một."))
    session3.add_article(_item(session3, "http://hanam.gov.vn/Pages/keep.aspx", "Hai."))
    session3.record("http://hanam.gov.vn/Pages/keep.aspx", 200, "article", site="hanam")
    assert _committed(tmp_path) == (1, [("article", None), ("failed", "archive_error")])
    assert session3.stats.get_value("thidua/articles/new") == 1
    assert session3.stats.get_value("thidua/failure/archive_error") == 1
