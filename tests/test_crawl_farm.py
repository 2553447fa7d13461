"""End to end: real crawls of the portal farm through its proxy, into a real archive.

One full crawl of a pristine farm (its 500-then-200 page answers 500 once per
farm) is shared by the assertions of this module; the crawls that need their
own farm (twice in a row, incremental, fault mode) start one.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.urls import article_id, canonical_url
from crawler.warc import read_record
from indexer.archive import Archive
from tests.farm.server import PortalFarm
from tests.fixtures.crawl import run_farm_crawl

pytestmark = pytest.mark.slow
WARCIO = str(Path(sys.executable).with_name("warcio"))
GOLD_FIELDS = ("province", "bloc", "event_type", "published")


def _fetches(archive: Path, where: str = "1", *params: object) -> list[tuple]:
    with sqlite3.connect(archive) as conn:
        return conn.execute(f"SELECT url, status, outcome, kind FROM fetches WHERE {where}",
                            params).fetchall()


def test_every_corpus_bloc_article_lands_with_its_gold_fields(crawled, corpus):
    _, archive, _ = crawled
    wrong = []
    with Archive(archive) as db:
        for article in (a for a in corpus if a.is_bloc_news):
            record = db.get(article_id(article.url))
            if record is None:
                wrong.append(f"{article.url}: not archived")
                continue
            wrong += [f"{article.url}: {name} {record.get(name)!r} != "
                      f"{article.expected.get(name)!r}"
                      for name in GOLD_FIELDS if record.get(name) != article.expected.get(name)]
    assert not wrong, "\n".join(wrong)


def test_every_near_miss_is_archived_as_not_bloc_news(crawled, corpus):
    _, archive, result = crawled
    near_misses = [a for a in corpus if not a.is_bloc_news]
    with Archive(archive) as db:
        stored = {a.url: db.get(article_id(a.url)) for a in near_misses}
        assert [url for url, record in stored.items() if record is None] == []
        assert [url for url, record in stored.items() if record["is_bloc_news"]] == []
        assert all(record["warc"] for record in stored.values())
        assert db.count(bloc_news=True) == len(corpus) - len(near_misses)
        assert db.count(bloc_news=False) == len(near_misses)
    assert result.report["not_bloc"] == len(near_misses)
    assert result.report["other_new"] == len(near_misses)


def test_robots_disallowed_urls_are_never_requested(crawled):
    farm, _, result = crawled
    assert farm.disallowed_requests() == []
    robots = [url for _, url, _ in result.requests if url.endswith("/robots.txt")]
    assert len(robots) == len(set(robots)) == 6


def test_the_500_then_200_page_is_retried_and_archived(crawled):
    farm, archive, result = crawled
    (url,) = farm.fault_urls["retry_500"]
    statuses = [status for _, seen, status in result.requests if seen == url]
    assert statuses == [500, 200]
    with Archive(archive) as db:
        assert db.get(article_id(url)) is not None
    assert "http_5xx" not in result.report["failures"]


def test_a_404_is_counted_as_http_404_in_report_and_log(crawled):
    farm, archive, result = crawled
    (url,) = farm.fault_urls["dead_link"]
    assert result.report["failures"].get("http_404") == 1
    assert _fetches(archive, "url = ?", url) == [(url, 404, "failed", "http_404")]
    assert result.report["status"] == "ok"


def test_a_redirect_is_followed_and_both_urls_are_kept(crawled):
    farm, archive, _ = crawled
    (old,) = farm.fault_urls["redirect"]
    (new,) = farm.fault_urls["redirect_target"]
    with Archive(archive) as db:
        record = db.get(article_id(new))
        assert record is not None
        assert canonical_url(old) in {canonical_url(u) for u in record["urls"]}
        assert db.has_url(old)


def test_a_page_declared_in_the_wrong_charset_is_decoded(crawled, corpus):
    farm, archive, _ = crawled
    (url,) = farm.fault_urls["wrong_charset"]
    gold = next(a for a in corpus if a.url == url)
    with Archive(archive) as db:
        record = db.get(article_id(url))
    assert record["title"] == gold.expected["title"]
    assert "Khối" in record["text"] or "Cụm" in record["text"]


def test_every_fetch_is_logged_with_its_outcome(crawled):
    _, archive, result = crawled
    outcomes = dict(_fetches_count(archive))
    report = result.report
    assert outcomes["article"] == (report["articles_new"] + report["articles_updated"]
                                   + report["articles_unchanged"] + report["duplicates"])
    assert outcomes["not_bloc"] == result.report["not_bloc"] == result.report["other_new"]
    assert outcomes["robots"] == 6 and outcomes["listing"] >= 12
    assert outcomes["feed"] == 1 and outcomes["sitemap"] >= 1


def _fetches_count(archive: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(archive) as conn:
        return conn.execute("SELECT outcome, count(*) FROM fetches GROUP BY outcome").fetchall()


def test_warc_files_hold_every_response_and_each_article_points_at_its_own(crawled):
    _, archive, result = crawled
    files = sorted((archive.parent / "warc").glob("*.warc.gz"))
    assert files
    for path in files:
        check = subprocess.run([WARCIO, "check", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
    index = subprocess.run([WARCIO, "index", *map(str, files)], capture_output=True, text=True)
    assert len(index.stdout.splitlines()) == len(result.requests)
    with Archive(archive) as db:
        for record in db.iter_articles():
            status, body = read_record(archive.parent / "warc", record["warc"])
            assert status == 200 and body.strip().startswith(b"<")


def test_crawling_twice_stores_each_article_once(corpus, tmp_path):
    archive = tmp_path / "archive.sqlite3"
    with PortalFarm(corpus=corpus) as farm:
        first = run_farm_crawl(farm, archive)
        again = run_farm_crawl(farm, archive, "--full")
    assert first.returncode == again.returncode == 0, again.stderr[-2000:]
    bloc = sum(a.is_bloc_news for a in corpus)
    assert first.report["articles_new"] == bloc
    assert first.report["other_new"] == len(corpus) - bloc
    assert again.report["articles_new"] == again.report["other_new"] == 0
    # Every article is fetched again (the redirected one twice: by its old address too).
    assert again.report["articles_unchanged"] + again.report["articles_updated"] >= bloc
    with Archive(archive) as db:
        assert db.count(bloc_news=True) == bloc
        assert db.count() == len(corpus)
        assert db.check() == []


def test_a_second_crawl_while_one_runs_exits_with_one_line(corpus, tmp_path):
    from crawler.lock import CrawlLock

    archive = tmp_path / "archive.sqlite3"
    with PortalFarm(corpus=corpus) as farm, CrawlLock(archive):
        result = run_farm_crawl(farm, archive)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "another crawl is running" in lines[0]
    assert result.requests == []
