"""The web application's routes through Flask's test client, over a real SQLite archive.

The browser tests (tests/test_web_browser.py) drive the same pages in
Chromium; these pin the details a browser does not show: status codes,
headers, the source-kind filter, the links facets make.
"""

from __future__ import annotations

import csv
import io
import re
import socket

import pytest

from indexer.timeline import PeriodCount
from search_cli.web import chart
from search_cli.web.app import PAGE_CSP, Settings, create_app
from search_cli.web.params import Form
from tests.fixtures.browser import KIND_REGISTRY
from tests.fixtures.search import SEARCH_CORPUS, corpus_ids


@pytest.fixture
def registry(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text(KIND_REGISTRY, encoding="utf-8")
    return path


@pytest.fixture
def client(cli_archive, registry):
    return create_app(Settings(cli_archive, sites_path=registry)).test_client()


def ids(page: str) -> set[str]:
    return set(re.findall(r'<li data-id="([0-9a-f]+)"', page))


def test_search_page_is_vietnamese_with_a_strict_policy(client):
    response = client.get("/?q=thi+dua")
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == PAGE_CSP
    page = response.get_data(as_text=True)
    assert '<html lang="vi">' in page and "bài khớp" in page
    assert ids(page) == corpus_ids(*(n for n, r in SEARCH_CORPUS.items() if r["is_bloc_news"]))
    assert "<script" not in page


def test_source_kind_facet_counts_and_narrows(client):
    page = client.get("/?q=thi+dua").get_data(as_text=True)
    kinds = re.search(r'data-facet="kind">(.*?)</section>', page, re.S).group(1)
    assert re.search(r"Báo, đài</a> <span class=\"n\">1<", kinds)
    assert re.search(r"Cổng thông tin tỉnh</a> <span class=\"n\">1<", kinds)
    assert "Nguồn khác" not in kinds  # sites the registry lacks have no kind
    assert ids(client.get("/?q=thi+dua&kind=newspaper").get_data(as_text=True)) == corpus_ids(
        "quangbinh")
    assert ids(client.get("/?kind=department").get_data(as_text=True)) == corpus_ids("binhdinh")
    assert client.get("/?kind=blog").status_code == 400
    assert client.get("/?kind=other").status_code == 400  # the registry has no such site


def test_bad_input_is_one_message_and_400(client):
    for query, word in (("from=24/07/2019", "from"), ("page=x", "page"),
                        ("q=%22open", "quote"), ("event=party", "party"),
                        ("per=week", "week"), ("min_score=2", "min")):
        response = client.get(f"/?{query}")
        assert response.status_code == 400, query
        assert word in re.search(r'<p class="error"[^>]*>(.*?)</p>', response.get_data(
            as_text=True), re.S).group(1)


def test_article_page_and_missing_things(client):
    record = SEARCH_CORPUS["hagiang"]
    page = client.get(f"/bai/{record['id']}").get_data(as_text=True)
    assert record["title"] in page and "Cụm thi đua số 2" in page and record["url"] in page
    assert "không có bản lưu" in page  # the corpus records carry no WARC pointer
    assert client.get(f"/bai/{record['id']}/goc").status_code == 404
    assert client.get("/bai/0000000000000000").status_code == 404


def test_export_is_an_attachment_with_every_match(client):
    response = client.get("/xuat.csv?q=thi+dua&sort=date")
    assert response.headers["Content-Disposition"].startswith("attachment")
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeffid,")
    rows = list(csv.DictReader(io.StringIO(text[1:], newline="")))
    assert [r["id"] for r in rows][0] == SEARCH_CORPUS["hagiang"]["id"]
    assert len(rows) == 6
    assert client.get("/xuat.pdf").status_code == 404
    timeline = client.get("/thoi-gian.json?q=thi+dua&per=year").get_json()
    assert timeline[0] == {"period": "2016", "matches": 1, "total": 1, "share": 1.0}


def test_links_keep_the_query_drop_the_page_and_toggle_years():
    form = Form.parse({"q": "giao ước", "province": "Hà Giang", "page": "3", "junk": "x"})
    assert form.page == 3
    assert form.link(bloc="Cụm 2") == (
        "/?q=giao+%C6%B0%E1%BB%9Bc&province=H%C3%A0+Giang&bloc=C%E1%BB%A5m+2")
    assert form.link(province=None) == "/?q=giao+%C6%B0%E1%BB%9Bc"
    assert "junk" not in form.link()


def test_chart_has_a_bar_and_a_tooltip_per_period():
    rows = [PeriodCount("2019-12", 2, 4), PeriodCount("2020-01", 0, 0),
            PeriodCount("2020-02", 1, 1)]
    [(_, matches), (_, share)] = chart.timeline_panels(rows)
    assert matches.count("<rect") == share.count("<rect") == 3
    assert "2019-12: 2 bài khớp / 4 bài lưu trữ (50.0%)" in matches
    assert "2020-01: 0 bài khớp / 0 bài lưu trữ (—)" in matches
    assert re.findall(r'class="xlabel"[^>]*>(\d+)<', matches) == ["2020"]


def test_serve_refuses_a_busy_port_in_one_line(thidua, cli_archive):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = thidua("serve", "--archive", str(cli_archive), "--port", str(port))
    assert result.code == 1
    assert result.err.startswith("thidua: error: cannot listen on 127.0.0.1:")
    assert len(result.err.strip().splitlines()) == 1


def test_facets_list_every_value_the_rest_behind_more(cli_archive):
    from search_cli.web import views

    counts = {"bloc": {f"Khối {n}": 20 - n for n in range(15)}}
    [facet] = views.facets(Form(()), counts, {})
    assert len(facet.first) == views.FACET_SHOWN and len(facet.more) == 3
    assert facet.more[-1].label == "Khối 14" and facet.more[-1].link.endswith("Kh%E1%BB%91i+14")
