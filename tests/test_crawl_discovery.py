"""Discovery end to end: the realistic farm portals crawled from their home pages only.

One crawl (module-scoped) of four portals that defeat URL patterns: a SharePoint
portal whose category pages look like articles and whose department site sits on
a subdomain (haiduong, ``domains``), a newspaper whose bloc news is spread over
its sections (baohungyen), a NukeViet department site with a site search and feeds
(sonoivu-caobang), and a portal that moved to another host (binhphuoc). The crawl
log says which pages were read as which kind and why; these tests read it.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

from indexer.archive import Archive
from tests.farm.server import PortalFarm
from tests.fixtures.crawl import REALISTIC_SITES, REPO, run_farm_crawl

pytestmark = pytest.mark.slow
SITES = ("haiduong", "baohungyen", "sonoivu-caobang", "binhphuoc")


@pytest.fixture(scope="module")
def discovered(tmp_path_factory):
    archive = tmp_path_factory.mktemp("discovery") / "archive.sqlite3"
    with PortalFarm() as farm:
        args = [arg for name in SITES for arg in ("--site", name)]
        result = run_farm_crawl(farm, archive, *args, sites=REALISTIC_SITES)
        yield farm, archive, result


def _log(archive, where: str = "1", *params: object) -> list[tuple]:
    with sqlite3.connect(archive) as conn:
        return conn.execute("SELECT url, site, status, outcome, kind, reason FROM fetches "
                            f"WHERE {where}", params).fetchall()


def test_every_bloc_article_is_found_for_under_a_third_of_the_pages(discovered):
    farm, archive, result = discovered
    assert result.returncode == 3, result.stderr[-3000:]    # partial: binhphuoc moved
    truth = {t.url for t in farm.realistic.bloc_articles(set(SITES))}
    with Archive(archive) as db:
        found = {farm.realistic.site_of(item).url(farm.realistic.site_of(item).shape.article(item))
                 for record in db.iter_articles() if record["is_bloc_news"]
                 for url in {record["url"], *record["urls"]}
                 if (item := farm.realistic.resolve(url)) is not None and item.is_bloc}
    assert truth and truth <= found
    pages = farm.realistic.page_urls(set(SITES))
    assert len(result.requests) < 0.3 * len(pages)


def test_each_page_is_read_by_its_content_and_the_log_says_why(discovered):
    farm, archive, _ = discovered
    rows = _log(archive, "status = 200 AND outcome IN ('article', 'not_bloc', 'listing', "
                         "'other')")
    wrong = []
    for url, _, _, outcome, _, reason in rows:
        item = farm.realistic.resolve(url)
        # News (bloc, near miss, filler) must read as an article, listings never;
        # a static page or a document may read as either.
        if item is None or item.kind in ("bloc", "near", "filler"):
            is_article = outcome in ("article", "not_bloc")
            if is_article != (item is not None):
                wrong.append((url, outcome, reason))
        assert reason.split(":")[0] == ("article" if outcome == "not_bloc" else outcome)
        assert " | score " in reason, reason            # and why it was fetched
    assert wrong == []
    # A category whose URL looks like an article (SharePoint /Trang/<cat>.aspx): a listing.
    ((reason,),) = [(r[5],) for r in rows if r[0] == "http://haiduong.gov.vn/Trang/"
                    "thi-dua-khen-thuong.aspx"]
    assert reason.startswith("listing: ") and "teaser links" in reason
    assert "anchor thi dua khen thuong" in reason and ", menu; from " in reason


def test_the_department_subdomain_is_crawled_as_part_of_its_portal(discovered):
    _, archive, _ = discovered
    rows = _log(archive, "url LIKE 'http://sonoivu.haiduong.gov.vn/%'")
    assert rows and {site for _, site, *_ in rows} == {"haiduong"}
    assert any(outcome == "article" for *_, outcome, _, _ in rows)
    (home,) = [r for r in rows if "home page of sonoivu.haiduong.gov.vn" in (r[5] or "")]
    assert "in the site's domains; from http://haiduong.gov.vn/" in home[5]


def test_a_moved_portal_is_reported_as_moved_not_silently_empty(discovered):
    _, archive, result = discovered
    assert _log(archive, "site = 'binhphuoc' AND outcome = 'failed'") == [
        ("http://binhphuoc.gov.vn/", "binhphuoc", None, "failed", "moved",
         "the start page redirects off the site, to http://dongnai.gov.vn/")]
    assert result.report["harvest"]["binhphuoc"]["moved_to"] == "http://dongnai.gov.vn/"
    assert "binhphuoc: moved: its start page redirects off the site" in result.stderr
    assert result.report["failures"] == {"moved": 1}


def test_links_not_fetched_are_logged_with_their_score(discovered):
    _, archive, result = discovered
    unfollowed = _log(archive, "outcome = 'unfollowed'")
    assert unfollowed
    assert all(" below 0.35: " in reason for *_, reason in unfollowed)
    harvest = result.report["harvest"]["baohungyen"]
    assert harvest["bloc"] >= 8 and harvest["requests"] < 60
    assert harvest["pages"]["listing"] >= 4


def _thidua(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "search_cli", *args], capture_output=True,
                          text=True, cwd=REPO)


def test_explain_and_status_read_the_crawl_log(discovered):
    _, archive, _ = discovered
    url = "http://haiduong.gov.vn/Trang/thi-dua-khen-thuong.aspx"
    explained = _thidua("crawl", "--archive", str(archive), "--explain", url)
    assert explained.returncode == 0, explained.stderr
    lines = explained.stdout.splitlines()
    assert lines[0] == url and ": listing (HTTP 200); read as listing: " in lines[1]
    rows = json.loads(_thidua("crawl", "--archive", str(archive), "--json", "--explain",
                              url).stdout)
    assert rows[0]["outcome"] == "listing"
    missing = _thidua("crawl", "--archive", str(archive), "--explain", "http://x.gov.vn/")
    assert missing.returncode == 1 and missing.stderr.startswith("thidua: error: no crawl")
    status = json.loads(_thidua("status", "--archive", str(archive), "--format", "json").stdout)
    assert status["sites"]["haiduong"]["harvest"]["bloc"] >= 12
    assert status["sites"]["binhphuoc"]["harvest"]["moved_to"] == "http://dongnai.gov.vn/"
