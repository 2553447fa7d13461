"""The whole pipeline through the `thidua` command: farm → crawl → archive → search.

These are the promises of README's first page, checked on one shared crawl of
the portal farm.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.urls import article_id
from indexer.archive import Archive
from tests.farm.render import render_article

pytestmark = pytest.mark.slow
WARCIO = str(Path(sys.executable).with_name("warcio"))


def _search(thidua, archive: Path, *args: str) -> list[dict]:
    result = thidua("search", *args, "--archive", str(archive), "--format", "json", "--all")
    assert result.code == 0, result.err
    return json.loads(result.out)


def _seed_like(corpus, site: str, number: int):
    return next(a for a in corpus if a.site == site and a.number == number)


def test_folded_queries_find_diacritic_text(thidua, crawled):
    _, archive, _ = crawled
    assert any("thi đua" in hit["text"] for hit in _search(thidua, archive, "thi dua"))
    assert any("Đảng" in hit["text"] for hit in _search(thidua, archive, "dang"))


@pytest.mark.parametrize("province", ["Ha Giang", "Tuyên Quang"])
def test_old_and_new_province_find_the_ha_giang_article(thidua, crawled, corpus, province):
    _, archive, _ = crawled
    seed_like = _seed_like(corpus, "hagiang", 4201)
    hits = _search(thidua, archive, "giao ước thi đua", "--province", province)
    assert article_id(seed_like.url) in {hit["id"] for hit in hits}
    assert {hit["province"] for hit in hits} == {"Hà Giang"}


def test_near_misses_are_found_only_with_include_other(thidua, crawled, corpus):
    _, archive, _ = crawled
    near_misses = {article_id(a.url) for a in corpus if not a.is_bloc_news}
    found = {hit["id"] for hit in _search(thidua, archive, "", "--sort", "date")}
    assert found and not found & near_misses
    wide = _search(thidua, archive, "", "--include-other")
    assert {hit["id"] for hit in wide} == found | near_misses
    assert all(not hit["is_bloc_news"] and "bloc_signals" in hit
               for hit in wide if hit["id"] in near_misses)


def test_reextract_restores_a_damaged_record_from_the_warc(thidua, archive_copy, corpus):
    target = article_id(_seed_like(corpus, "hanam", 1001).url)
    with Archive(archive_copy) as archive:
        record = archive.get(target)
        archive.upsert({**record, "bloc": "Khối sai", "period": None})
    result = thidua("reextract", "--archive", str(archive_copy))
    assert result.code == 0, result.err
    assert "1 records changed" in result.err and "bloc 1" in result.err
    with Archive(archive_copy, readonly=True) as archive:
        assert archive.get(target)["bloc"] == record["bloc"]
        assert archive.get(target)["period"] == record["period"]


def test_export_warc_hands_over_valid_raw_pages(thidua, crawled, corpus, tmp_path):
    _, archive, _ = crawled
    out = tmp_path / "result.warc.gz"
    result = thidua("export", "--province", "Quảng Bình", "--archive", str(archive),
                    "--warc", str(out))
    assert result.code == 0, result.err
    exported = len(result.out.splitlines())
    assert exported == sum(a.is_bloc_news for a in corpus if a.site == "baoquangbinh")
    subprocess.run([WARCIO, "check", str(out)], check=True)
    index = subprocess.run([WARCIO, "index", str(out)], check=True, capture_output=True,
                           text=True).stdout.splitlines()
    assert len(index) == exported
    assert all("baoquangbinh.vn" in json.loads(line)["warc-target-uri"] for line in index)


def test_extract_prints_the_full_record_of_a_saved_page(thidua_process, corpus, tmp_path):
    article = _seed_like(corpus, "kontum-bdt", 2001)
    url, html = render_article(article)
    page = tmp_path / "page.html"
    page.write_text(html, encoding="utf-8")
    result = thidua_process("extract", str(page), "--url", url)
    assert result.code == 0, result.err
    record = json.loads(result.out)
    expected = article.expected
    for field in ("province", "bloc", "event_type", "published", "period"):
        assert record[field] == expected[field], field
    assert record["leader_unit"]["name"] == expected["leader_unit"]


def test_extract_jsonl_reads_pages_from_stdin(thidua_process, corpus):
    pages = [render_article(a) for a in corpus[:3]]
    lines = "".join(json.dumps({"url": u, "html": h}) + "\n" for u, h in pages)
    result = thidua_process("extract", "--jsonl", stdin=lines)
    assert result.code == 0, result.err
    assert [json.loads(line)["url"] for line in result.out.splitlines()] == [u for u, _ in pages]


def test_extract_jsonl_rejects_a_bad_line_in_one_line(thidua_process):
    result = thidua_process("extract", "--jsonl", stdin='{"url": "http://x.gov.vn/"}\n')
    assert result.code == 2
    assert result.err.strip().startswith("thidua: error: stdin line 1")


def test_index_reports_the_embedded_index_up_to_date(thidua, crawled):
    _, archive, _ = crawled
    result = thidua("index", "--archive", str(archive))
    assert result.code == 0, result.err
    assert "up to date" in result.err
