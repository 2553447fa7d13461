import csv
import io
import json
from datetime import date

import click
import pytest

from search_cli import output, tabular
from search_cli.options import DateParam

RECORDS = [
    {"id": "a1", "title": "Khối thi đua Văn hóa - Xã hội sơ kết", "province": "Hà Nam",
     "published": "2019-08-05", "members": [], "awards": [{"award": "Cờ thi đua", "rank": 1}],
     "snippet": "…[thi đua]…", "score": 1.5},
    {"id": "b2", "title": "Cụm thi đua số 3", "province": "Bình Định", "published": None,
     "members": [{"name": "Sở Nội vụ"}], "awards": [], "snippet": "", "score": 0.5},
]


def test_jsonl_writes_one_parseable_record_per_line():
    out = io.StringIO()
    assert output.write("jsonl", iter(RECORDS), out) == 2
    lines = out.getvalue().splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["a1", "b2"]
    assert "Hà Nam" in lines[0]  # not \u-escaped


@pytest.mark.parametrize("records", [RECORDS, []])
def test_json_array_is_valid_for_any_count(records):
    out = io.StringIO()
    output.write("json", iter(records), out)
    assert json.loads(out.getvalue()) == records


def test_csv_reads_in_order_with_nested_values_as_text():
    out = io.StringIO()
    output.write("csv", iter(RECORDS), out)
    text = out.getvalue()
    assert text.startswith("\ufeffid,url,published,province,province_current,site,bloc,")
    assert text.splitlines()[0].endswith(",score,snippet,text")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0]["title"] == "Khối thi đua Văn hóa - Xã hội sơ kết"
    assert rows[0]["awards"] == "Cờ thi đua (hạng 1)"
    assert rows[1]["members"] == "Sở Nội vụ"
    assert rows[1]["published"] == ""


def test_csv_without_bom_and_with_crlf_rows():
    out = io.StringIO()
    output.write("csv", iter(RECORDS), out, bom=False)
    assert out.getvalue().startswith("id,")
    assert out.getvalue().count("\r\n") == 3


def test_table_shows_titles_and_the_match_count():
    out = io.StringIO()
    output.write("table", iter(RECORDS), out, total=7)
    text = out.getvalue()
    assert "Cụm thi đua số 3" in text
    assert "2 of 7 matches" in text
    assert "[thi đua]" in text  # snippet brackets are text, not console markup


@pytest.mark.parametrize(
    ("raw", "end", "expected"),
    [("2019", False, date(2019, 1, 1)), ("2019", True, date(2019, 12, 31)),
     ("2020-02", True, date(2020, 2, 29)), ("2019-12", True, date(2019, 12, 31)),
     ("2019-07-24", False, date(2019, 7, 24))],
)
def test_partial_dates_mean_first_or_last_day(raw, end, expected):
    assert DateParam(end=end).convert(raw, None, None) == expected


@pytest.mark.parametrize("raw", ["24/07/2019", "2019-13-01", "yesterday", "2019-02-30"])
def test_bad_dates_are_rejected(raw):
    with pytest.raises(click.BadParameter):
        DateParam().convert(raw, None, None)


def test_json_writers_pass_records_already_encoded_through():
    out = io.StringIO()
    assert output.write("jsonl", iter(['{"id":"a1"}', {"id": "b2"}]), out) == 2
    assert out.getvalue() == '{"id":"a1"}\n{"id":"b2"}\n'


@pytest.mark.parametrize("raw", ['{"id": "a1", "title": "Khối thi đua"}',
                                 '{"id":"a1","title":"Khối thi đua"}\n', "{}"])
def test_hit_json_splices_score_and_snippet_into_the_stored_json(raw):
    from indexer.query import Hit
    from search_cli.search import hit_json, hit_record

    hit = Hit(record=json.loads(raw), score=1002.123456, snippet='Khối [thi] "đua"…', raw=raw)
    spliced = hit_json(hit)
    assert json.loads(spliced) == hit_record(hit)
    assert list(json.loads(spliced))[-2:] == ["score", "snippet"]
    assert "\n" not in spliced and "Khối" in spliced


def test_hit_json_without_stored_json_encodes_the_record():
    from indexer.query import Hit
    from search_cli.search import hit_json

    hit = Hit(record={"id": "a1"}, score=0.5, snippet="")
    assert hit_json(hit) == '{"id":"a1","score":0.5,"snippet":""}'


def test_cells_join_lists_say_nested_values_and_booleans():
    assert tabular.cell_text("event_types", ["other", "ranking_awards"]) == "other; ranking_awards"
    assert tabular.cell_text("is_bloc_news", True) == "true"
    assert tabular.cell_text("is_bloc_news", False) == "false"
    assert tabular.cell_text("leader_unit", {"name": "Sở Y tế", "as_written": "SYT"}) == "Sở Y tế"
    assert tabular.cell_text("awards", [{"award": "Cờ thi đua của UBND tỉnh",
                                         "recipient": "Sở Y tế", "rank": 1}]) == (
        "Cờ thi đua của UBND tỉnh: Sở Y tế (hạng 1)")
    assert tabular.cell_text("people", [{"name": "Nguyễn Văn A", "title": "Giám đốc",
                                         "unit": None}]) == "Nguyễn Văn A, Giám đốc"
    assert tabular.cell_text("handover", {"from": "Sở A", "to": "Sở B", "year": 2024}) == (
        "Sở A → Sở B (2024)")
    assert tabular.cell_text("warc", {"file": "x.warc.gz", "offset": 12}) == "x.warc.gz@12"
    assert tabular.cell_text("period", None) == ""


def test_csv_quotes_commas_quotes_and_line_breaks():
    record = {"id": "q1", "title": 'Họp "khối", năm 2020', "text": "dòng 1\ndòng 2"}
    out = io.StringIO()
    output.write("csv", iter([record]), out, bom=False)
    [row] = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert (row["title"], row["text"]) == ('Họp "khối", năm 2020', "dòng 1\ndòng 2")
    assert '"Họp ""khối"", năm 2020"' in out.getvalue()


def test_xlsx_one_row_per_record_typed_and_never_a_formula(tmp_path):
    from openpyxl import load_workbook

    records = [*RECORDS, {"id": "f1", "title": "=1+1", "is_bloc_news": True, "score": 2.0,
                          "text": "x" * (tabular.XLSX_CELL_MAX + 10) + "\x07"}]
    path = tmp_path / "out.xlsx"
    with path.open("wb") as out:
        assert output.write("xlsx", iter(records), out) == 3
    sheet = load_workbook(path, read_only=True).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = rows[0]
    assert tuple(header) == tabular.COLUMNS
    assert len(rows) == 4
    last = dict(zip(header, rows[3], strict=True))
    assert last["title"] == "=1+1" and last["is_bloc_news"] is True and last["score"] == 2.0
    assert len(last["text"]) == tabular.XLSX_CELL_MAX and last["text"].endswith("…")
    assert dict(zip(header, rows[1], strict=True))["province"] == "Hà Nam"


def test_json_and_jsonl_carry_facets_when_given():
    facets = {"province": {"Hà Nam": 1}}
    out = io.StringIO()
    output.write("json", iter(RECORDS), out, total=9, facets=facets)
    doc = json.loads(out.getvalue())
    assert doc == {"total": 9, "facets": facets, "hits": RECORDS}
    out = io.StringIO()
    output.write("jsonl", iter(RECORDS), out, total=9, facets=facets)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines[:2] == RECORDS and lines[2] == {"total": 9, "facets": facets}
