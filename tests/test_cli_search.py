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
    rows = csv.DictReader(io.StringIO(as_csv.out.removeprefix("\ufeff")))
    csv_ids = {row["id"] for row in rows}
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


def test_include_other_and_min_score_widen_search_and_export(thidua, cli_archive):
    base = ("--archive", str(cli_archive))
    plain = thidua("search", "huân chương", *base, "--format", "json")
    wide = thidua("search", "huân chương", "--include-other", *base, "--format", "json")
    scored = thidua("export", "--min-score", "0.3", *base)
    assert (plain.code, wide.code, scored.code) == (0, 0, 0), wide.err + scored.err
    assert _ids(plain) == set()
    [record] = json.loads(wide.out)
    assert record["id"] == SEARCH_CORPUS["not_bloc"]["id"]
    assert (record["is_bloc_news"], record["bloc_score"]) == (False, 0.35)
    assert record["bloc_signals"] == ["text:phong trào thi đua"]
    exported = {json.loads(line)["id"] for line in scored.out.splitlines()}
    assert exported == corpus_ids(*SEARCH_CORPUS)
    higher = thidua("export", "--min-score", "0.5", *base)
    assert {json.loads(line)["id"] for line in higher.out.splitlines()} == (
        corpus_ids(*SEARCH_CORPUS) - corpus_ids("not_bloc"))


@pytest.mark.parametrize("value", ["1.5", "-0.1", "high"])
def test_a_min_score_outside_0_to_1_is_a_usage_error(thidua, cli_archive, value):
    result = thidua("search", "--min-score", value, "--archive", str(cli_archive))
    assert result.code == 2
    assert "--min-score" in result.err and "Traceback" not in result.err


def test_status_reports_articles_per_site(thidua, cli_archive):
    result = thidua("status", "--archive", str(cli_archive), "--format", "json")
    assert result.code == 0, result.err
    status = json.loads(result.out)
    assert status["articles"] == len(SEARCH_CORPUS) - 1
    assert status["other"] == 1
    assert (status["sites"]["hanam"]["articles"], status["sites"]["hanam"]["other"]) == (1, 1)
    assert (status["sites"]["hagiang"]["articles"], status["sites"]["hagiang"]["other"]) == (1, 0)


def test_status_table_lists_every_site(thidua, cli_archive):
    result = thidua("status", "--archive", str(cli_archive))
    assert result.code == 0, result.err
    for site in ("hanam", "hagiang", "kontum-bdt", "baoquangbinh"):
        assert site in result.out
    assert "6 articles (bloc news) and 1 other article pages" in " ".join(result.out.split())


def test_status_times_carry_their_zone(thidua, cli_archive):
    from indexer.archive import Archive

    with Archive(cli_archive) as archive:
        run = archive.start_run({})
        archive.log_fetch(run, "http://hanam.gov.vn/a.html", 200, "article", site="hanam",
                          at="2024-05-02T10:00:00+07:00")
        archive.finish_run(run, "ok", {})
    result = thidua("status", "--archive", str(cli_archive))
    assert result.code == 0, result.err
    assert "times are +07:00" in result.out and "2024-05-02 10:00" in result.out
    assert f"run {run}: " in result.out and result.out.count("+07:00") >= 3
