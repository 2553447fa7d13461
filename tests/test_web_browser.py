"""`thidua serve` in a real browser: Debian's Chromium driven by Playwright.

Over the archive of a real crawl of the portal farm (``crawled``), against
a real server on 127.0.0.1. Screenshots land in the test's temp dir; with
THIDUA_README_SCREENSHOT=PATH the search page's one is also copied there
(the README's picture).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture
def site(crawled, serve):
    _, archive, _ = crawled
    return serve(archive).url


def _ids(page) -> list[str]:
    return page.eval_on_selector_all("ol.hits li[data-id]", "els => els.map(e => e.dataset.id)")


def test_search_facets_and_timeline(site, tab, tmp_path):
    page = tab.page
    page.goto(site + "/")
    page.fill("#q", "giao ước thi đua")
    page.click("header button[type=submit]")
    page.wait_for_selector("ol.hits li[data-id]")
    assert parse_qs(urlsplit(page.url).query)["q"] == ["giao ước thi đua"]
    total = int(page.get_attribute("p.total", "data-total"))
    assert total > 0 and len(_ids(page)) == min(total, 20)
    assert page.locator("ol.hits mark").count() > 0  # the match highlighted in the snippets
    for facet in ("province", "bloc", "year", "event_type", "kind", "site"):
        assert page.locator(f"section.facet[data-facet={facet}] li").count() > 0, facet
    bars = page.locator("svg.chart[data-chart=matches] rect.bar")
    rows = page.locator("table.periods tbody tr")
    assert bars.count() == rows.count() > 12  # months, gaps included
    heights = [float(h) for h in bars.evaluate_all("els => els.map(e => e.getAttribute('height'))")]
    assert max(heights) > 0
    assert page.locator("svg.chart[data-chart=share] rect.bar").count() == bars.count()
    shot = tmp_path / "search.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    target = os.environ.get("THIDUA_README_SCREENSHOT")
    if target:
        page.set_viewport_size({"width": 1280, "height": 1500})
        page.screenshot(path=target)
    page.click("#timeline h2 a")  # to years
    years = page.locator("table.periods tbody tr").evaluate_all(
        "els => els.map(e => e.dataset.period)")
    assert years and all(len(y) == 4 for y in years)
    assert tab.outside() == []


def test_pages_follow_the_cli_order(site, crawled, tab, thidua):
    _, archive, _ = crawled
    page = tab.page
    page.goto(site + "/?q=giao+%C6%B0%E1%BB%9Bc+thi+%C4%91ua")
    first = _ids(page)
    page.click("nav.pages a[rel=next]")
    page.wait_for_load_state()
    assert page.get_attribute("ol.hits", "start") == "21"
    second = _ids(page)
    result = thidua("search", "giao ước thi đua", "--archive", str(archive), "--format", "jsonl",
                    "--limit", "40")
    cli = [json.loads(line)["id"] for line in result.out.splitlines()]
    assert first + second == cli[:len(first) + len(second)] and len(second) > 0


def test_facet_click_narrows_the_search(site, tab, tmp_path):
    page = tab.page
    page.goto(site + "/?q=thi+dua")
    before = int(page.get_attribute("p.total", "data-total"))
    link = page.locator("section.facet[data-facet=province] li a").first
    name, count = link.inner_text(), int(page.locator(
        "section.facet[data-facet=province] li .n").first.inner_text())
    link.click()
    page.wait_for_load_state()
    assert parse_qs(urlsplit(page.url).query)["province"] == [name]
    after = int(page.get_attribute("p.total", "data-total"))
    assert after == count < before
    metas = page.locator("ol.hits li .meta").all_inner_texts()
    assert metas and all(name in m for m in metas)
    assert page.locator("section.facet[data-facet=province] li.on").inner_text().startswith(name)
    page.locator("section.facet[data-facet=year] li a").first.click()
    page.wait_for_load_state()
    query = parse_qs(urlsplit(page.url).query)
    assert query["from"] == query["to"] and query["province"] == [name]
    days = page.locator("ol.hits li time").all_inner_texts()
    assert days and all(d.startswith(query["from"][0]) for d in days)
    page.fill("section.dates input[name=from]", "2019-01")
    page.fill("section.dates input[name=to]", "2023-06")
    page.click("section.dates button")
    page.wait_for_load_state()
    query = parse_qs(urlsplit(page.url).query)
    assert (query["from"], query["to"], query["province"]) == (["2019-01"], ["2023-06"], [name])
    days = page.locator("ol.hits li time").all_inner_texts()
    assert all("2019-01-01" <= d <= "2023-06-30" for d in days)
    page.locator("section.active a.remove").first.click()  # widen back
    page.wait_for_load_state()
    assert "q" not in parse_qs(urlsplit(page.url).query)
    page.screenshot(path=str(tmp_path / "facet.png"), full_page=True)
    assert tab.outside() == []


def test_article_page_and_inert_raw_replay(site, tab, tmp_path):
    page = tab.page
    page.goto(site + "/?q=tr%C6%B0%E1%BB%9Fng+kh%E1%BB%91i")
    first = page.locator("ol.hits li a.title").first
    title = first.inner_text()
    first.click()
    page.wait_for_selector("article.record")
    assert page.locator("h1").inner_text() == title
    fields = page.locator("table.fields").inner_text()
    for label in ("Khối, cụm thi đua", "Sự kiện", "Kỳ đánh giá", "Ngày sự kiện", "Trưởng khối",
                  "Đơn vị thành viên", "Khen thưởng", "Người được nêu", "Văn bản được dẫn"):
        assert label in fields
    source = page.get_attribute("p.source a.external", "href")
    assert source.startswith("http") and "127.0.0.1" not in source
    frame = page.frame_locator("iframe.raw")
    frame.locator("body").wait_for()
    assert "Bản lưu trữ của" in frame.locator("body").inner_text()
    page.locator("iframe.raw").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "article.png"))  # a full-page shot leaves frames blank
    raw_url = site + page.get_attribute("iframe.raw", "src")
    archived_link = frame.locator("a[href^='/bai/']").first
    other = archived_link.get_attribute("href")
    archived_link.click()  # a link to an archived page opens its archived copy, on top
    page.wait_for_url(site + other)
    assert page.locator("article.record").get_attribute("data-id") == other.split("/")[-1]
    response = page.goto(raw_url)
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert page.locator("script, iframe, object, embed, link, img").count() == 0
    assert page.evaluate("document.querySelectorAll('a[href^=\"http\"]').length") == 0
    page.screenshot(path=str(tmp_path / "raw.png"), full_page=True)
    assert tab.requests and tab.outside() == []


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "xlsx"])
def test_each_export_downloads_the_whole_result(site, tab, tmp_path, fmt):
    page = tab.page
    page.goto(site + "/?q=thi+dua&sort=date")
    shown = _ids(page)
    total = int(page.get_attribute("p.total", "data-total"))
    with page.expect_download() as info:
        page.click(f"a.export[data-format={fmt}]")
    path = Path(info.value.path())
    saved = tmp_path / f"export.{fmt}"
    shutil.copy(path, saved)
    if fmt == "json":
        ids = [r["id"] for r in json.loads(saved.read_text(encoding="utf-8"))]
    elif fmt == "jsonl":
        ids = [json.loads(line)["id"] for line in saved.read_text(encoding="utf-8").splitlines()]
    elif fmt == "csv":
        text = saved.read_text(encoding="utf-8")
        assert text.startswith("\ufeffid,url,published,")
        ids = [r["id"] for r in csv.DictReader(io.StringIO(text[1:], newline=""))]
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(saved, read_only=True).active
        ids = [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(ids) == total and ids[:len(shown)] == shown
    assert tab.outside() == []


def test_timeline_export(site, tab, tmp_path):
    page = tab.page
    page.goto(site + "/?q=thi+dua&per=year")
    page.click("#timeline summary")
    with page.expect_download() as info:
        page.click("a.export-timeline[data-format=json]")
    rows = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    table = page.locator("table.periods tbody tr").evaluate_all(
        "els => els.map(e => e.dataset.period)")
    assert [r["period"] for r in rows] == table
    assert all(0 <= r["matches"] <= r["total"] for r in rows)


def test_a_bad_query_is_a_page_with_one_message(site, tab):
    response = tab.page.goto(site + "/?province=Atlantis")
    assert response.status == 400
    assert "Atlantis" in tab.page.locator("p.error").inner_text()
