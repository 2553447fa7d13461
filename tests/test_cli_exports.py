"""`thidua search --timeline`, `--facets` in every machine format, spreadsheet exports."""

import csv
import io
import json
import subprocess
import sys

from tests.fixtures.search import SEARCH_CORPUS


def test_timeline_in_every_format_counts_the_same(thidua, cli_archive):
    base = ("search", "thi dua", "--archive", str(cli_archive), "--timeline", "year")
    as_json = json.loads(thidua(*base, "--format", "json").out)
    assert [r["period"] for r in as_json] == [str(y) for y in range(2016, 2025)]
    assert as_json[0] == {"period": "2016", "matches": 1, "total": 1, "share": 1.0}
    assert {"period": "2019", "matches": 1, "total": 2, "share": 0.5} in as_json
    assert {"period": "2017", "matches": 0, "total": 0, "share": None} in as_json
    lines = [json.loads(line) for line in thidua(*base, "--format", "jsonl").out.splitlines()]
    assert lines == as_json
    out = thidua(*base, "--format", "csv").out
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert [(r["period"], int(r["matches"]), int(r["total"])) for r in rows] == [
        (r["period"], r["matches"], r["total"]) for r in as_json]
    assert rows[1]["share"] == ""
    table = thidua(*base).out
    assert "2016" in table and "100.0%" in table and "6 matches in 9 periods" in table


def test_timeline_by_month_follows_the_filters(thidua, cli_archive):
    result = thidua("search", "--archive", str(cli_archive), "--timeline", "month",
                    "--province", "Hà Giang", "--from", "2024", "--format", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out) == [
        {"period": "2024-03", "matches": 1, "total": 1, "share": 1.0}]


def test_unknown_timeline_unit_is_a_usage_error(thidua, cli_archive):
    result = thidua("search", "--archive", str(cli_archive), "--timeline", "week")
    assert result.code == 2 and "week" in result.err


def test_facets_travel_with_json_and_jsonl(thidua, cli_archive):
    base = ("search", "thi dua", "--archive", str(cli_archive), "--facets", "--limit", "2")
    doc = json.loads(thidua(*base, "--format", "json").out)
    assert doc["total"] == 6 and len(doc["hits"]) == 2
    assert doc["facets"]["province"]["Hà Giang"] == 1
    assert doc["facets"]["site"]["baoquangbinh"] == 1
    lines = thidua(*base, "--format", "jsonl", "--all").out.splitlines()
    assert len(lines) == 7
    assert json.loads(lines[-1])["facets"] == doc["facets"]


def test_facets_do_not_fit_in_rows(thidua, cli_archive):
    result = thidua("search", "--archive", str(cli_archive), "--facets", "--format", "csv")
    assert result.code == 2 and "--facets" in result.err
    assert thidua("search", "--archive", str(cli_archive), "--facets",
                  "--timeline", "year").code == 2


def test_export_csv_has_bom_unless_told(thidua, cli_archive):
    with_bom = thidua("export", "--archive", str(cli_archive), "--format", "csv").out
    without = thidua("export", "--archive", str(cli_archive), "--format", "csv", "--no-bom").out
    assert with_bom == "\ufeff" + without
    rows = list(csv.DictReader(io.StringIO(without)))
    assert len(rows) == sum(r["is_bloc_news"] for r in SEARCH_CORPUS.values())
    assert {r["is_bloc_news"] for r in rows} == {"true"}


def test_xlsx_export_through_the_process(cli_archive, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "out.xlsx"
    with path.open("wb") as out:
        subprocess.run([sys.executable, "-m", "search_cli", "export", "dang", "--archive",
                        str(cli_archive), "--format", "xlsx"], stdout=out, check=True)
    rows = list(load_workbook(path, read_only=True).active.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][0] == SEARCH_CORPUS["kontum"]["id"]
    assert "Đảng" in rows[1][rows[0].index("title")]
