"""Incremental crawling: fetch what is new and little else; refresh with conditional requests."""

from __future__ import annotations

import pytest

from crawler.urls import article_id
from indexer.archive import Archive
from tests.fixtures.crawl import run_farm_crawl

pytestmark = pytest.mark.slow


def test_incremental_recrawl_fetches_the_new_articles_for_under_5_percent_of_a_full_run(
        make_farm, tmp_path):
    farm = make_farm(scale=1000)
    archive = tmp_path / "archive.sqlite3"
    full = run_farm_crawl(farm, archive)
    assert full.returncode == 0, full.stderr[-2000:]
    new_urls = farm.publish_new("hanam", 5)
    incremental = run_farm_crawl(farm, archive)
    assert incremental.returncode == 0, incremental.stderr[-2000:]
    print(f"\nrequests: full run {full.report['requests']}, incremental run "
          f"{incremental.report['requests']} "
          f"({incremental.report['requests'] / full.report['requests']:.1%})")
    assert incremental.report["articles_new"] == 5
    with Archive(archive) as db:
        assert all(db.get(article_id(url)) for url in new_urls)
    fetched = {url for _, url, _ in incremental.requests}
    assert set(new_urls) <= fetched
    assert incremental.report["requests"] < 0.05 * full.report["requests"]


def test_refresh_refetches_archived_articles_conditionally_and_unchanged_pages_cost_a_304(
        make_farm, tmp_path, corpus):
    farm = make_farm()
    archive = tmp_path / "archive.sqlite3"
    assert run_farm_crawl(farm, archive).returncode == 0
    refresh = run_farm_crawl(farm, archive, "--refresh")
    assert refresh.returncode == 0, refresh.stderr[-2000:]
    with Archive(archive) as db:
        archived = [record["url"] for record in db.iter_articles()]
        assert db.count(bloc_news=True) == sum(a.is_bloc_news for a in corpus)
        assert db.count() == len(corpus)
    statuses = {url: status for _, url, status in refresh.requests}
    assert all(statuses.get(url) == 304 for url in archived), {
        url: statuses.get(url) for url in archived if statuses.get(url) != 304}
    assert refresh.report["articles_new"] == 0


def test_without_refresh_archived_articles_are_not_fetched_again(make_farm, tmp_path):
    farm = make_farm()
    archive = tmp_path / "archive.sqlite3"
    assert run_farm_crawl(farm, archive).returncode == 0
    again = run_farm_crawl(farm, archive)
    with Archive(archive) as db:
        archived = {record["url"] for record in db.iter_articles()}
    with Archive(archive) as db:
        assert db.count(bloc_news=False) > 0
    assert not archived & {url for _, url, _ in again.requests}
    assert again.report["articles_new"] == again.report["other_new"] == 0
