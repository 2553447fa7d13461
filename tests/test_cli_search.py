import csv
import io
import json

import pytest

from tests.fixtures.search import SEARCH_CORPUS, corpus_ids


def _ids(result) -> set[str]:
    return {record["id"] for record in json.loads(result.out)}


def test_folded_query_finds_diacritic_text(thidua, cli_archive):
    result = thidua("search", "thi dua", "--archive", str(cli_archive), "--format", "json")
    assert result.code == 0, result.err
    assert corpus_ids("hanam", "hagiang", "kontum") <= _ids(result)


def test_d_folds_to_d_with_stroke(thidua, cli_archive):
    result = thidua("search", "dang", "--archive", str(cli_archive), "--format", "json")
    assert corpus_ids("kontum") <= _ids(result)


@pytest.mark.parametrize("name", ["Hà Giang", "Ha Giang", "hagiang", "Tuyên Quang",
                                  "tuyen quang"])
def test_old_and_new_province_names_both_find_the_article(thidua, cli_archive, name):
    result = thidua("search", "giao ước", "--province", name, "--archive", str(cli_archive),
                    "--format", "json")
    assert result.code == 0, result.err
    assert _ids(result) == corpus_ids("hagiang")


def test_json_records_carry_the_article_fields(thidua, cli_archive):
    result = thidua("search", "văn hóa", "--archive", str(cli_archive), "--format", "json")
    record = next(r for r in json.loads(result.out) if r["id"] == SEARCH_CORPUS["hanam"]["id"])
    for field in ("url", "site", "province", "province_current", "title", "published",
                  "text", "bloc", "bloc_key", "event_type", "is_bloc_news", "fetched_at",
                  "content_hash"):
        assert record[field] == SEARCH_CORPUS["hanam"][field]
    assert record["snippet"]


def test_jsonl_and_csv_carry_the_same_matches(thidua, cli_archive):
    base = ("search", "thi dua", "--archive", str(cli_archive), "--all")
    jsonl = thidua(*base, "--format", "jsonl")
    as_csv = thidua(*base, "--format", "csv")
    jsonl_ids = {json.loads(line)["id"] for line in jsonl.out.splitlines()}
    csv_ids = {row["id"] for row in csv.DictReader(io.StringIO(as_csv.out))}
    assert jsonl_ids == csv_ids
    assert len(jsonl_ids) >= 4


def test_limit_caps_results_and_all_lifts_the_cap(thidua, cli_archive):
    base = ("search", "thi dua", "--archive", str(cli_archive), "--format", "json")
    assert len(json.loads(thidua(*base, "--limit", "2").out)) == 2
    assert len(json.loads(thidua(*base, "--all").out)) > 2


def test_table_output_names_the_count(thidua, cli_archive):
    result = thidua("search", "thi dua", "--archive", str(cli_archive), "--limit", "1")
    assert result.code == 0
    assert "matches" in result.out


def test_filters_by_event_and_period(thidua, cli_archive):
    result = thidua("search", "--event", "covenant_signing", "--from", "2024", "--to", "2024",
                    "--archive", str(cli_archive), "--format", "json")
    assert _ids(result) == corpus_ids("hagiang")


def test_export_streams_every_match_as_jsonl(thidua, cli_archive):
    result = thidua("export", "thi dua", "--archive", str(cli_archive))
    assert result.code == 0
    lines = result.out.splitlines()
    assert len(lines) >= 4
    assert all(json.loads(line)["is_bloc_news"] for line in lines)


def test_status_reports_articles_per_site(thidua, cli_archive):
    result = thidua("status", "--archive", str(cli_archive), "--format", "json")
    assert result.code == 0, result.err
    status = json.loads(result.out)
    assert status["articles"] == len(SEARCH_CORPUS)
    assert status["sites"]["hanam"]["articles"] == 2
    assert status["sites"]["hagiang"]["articles"] == 1


def test_status_table_lists_every_site(thidua, cli_archive):
    result = thidua("status", "--archive", str(cli_archive))
    assert result.code == 0, result.err
    for site in ("hanam", "hagiang", "kontum-bdt", "baoquangbinh"):
        assert site in result.out
