import csv
import io
import json
from datetime import date

import click
import pytest

from search_cli import output
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


def test_csv_has_record_columns_and_nested_values_as_json():
    out = io.StringIO()
    output.write("csv", iter(RECORDS), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[0]["title"] == "Khối thi đua Văn hóa - Xã hội sơ kết"
    assert json.loads(rows[0]["awards"]) == [{"award": "Cờ thi đua", "rank": 1}]
    assert rows[1]["published"] == ""
    assert {"url", "bloc_key", "event_types", "warc", "snippet"} <= set(rows[0])


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
