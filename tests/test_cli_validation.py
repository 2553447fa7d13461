"""Every option parses completely or is refused in one line: no silent misreads.

Each test here is one of the misreads or crashes issue 13 found with
generated input; tests/test_cli_fuzz.py looks for new ones.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from search_cli.options import MAX_LIMIT, DateParam, dash_words_last, parse_date
from tests.fixtures.cli import ROOT
from tests.fixtures.search import corpus_ids


def usage_error(result, *words: str) -> str:
    """The one error line of an exit-2 result; it names each of ``words``."""
    assert result.code == 2, (result.code, result.out, result.err)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("thidua: error: "), result.err
    assert "error: unexpected" not in lines[0]
    for word in words:
        assert word in lines[0]
    return lines[0]


def ids(result) -> set[str]:
    assert result.code == 0, result.err
    return {record["id"] for record in json.loads(result.out)}


# -- dates -------------------------------------------------------------------------

@pytest.mark.parametrize("option", ["--from", "--to"])
@pytest.mark.parametrize("bad", ["2019-13", "2019-00", "2019-99", "2019-02-30", "2019-04-31",
                                 "0000", "10000", "2019-1-1-1", "２０１９", "2019-", "-2019",
                                 "1" + "0" * 400, "2019-06-00"])
def test_impossible_dates_are_refused_not_rolled_over(thidua, cli_archive, option, bad):
    result = thidua("search", "x", option, bad, "--archive", str(cli_archive))
    usage_error(result, option, "YYYY-MM")


@pytest.mark.parametrize(("raw", "end", "expected"), [
    ("9999-12", True, date(9999, 12, 31)), ("9999", True, date(9999, 12, 31)),
    ("0001", False, date(1, 1, 1)), ("2024-02", True, date(2024, 2, 29)),
    ("2019-7-4", False, date(2019, 7, 4)), ("2019-02", False, date(2019, 2, 1)),
])
def test_every_real_date_is_accepted(raw, end, expected):
    assert DateParam(end=end).convert(raw, None, None) == expected


def test_the_last_month_of_the_calendar_is_a_valid_end(thidua, cli_archive):
    result = thidua("search", "thi dua", "--to", "9999-12", "--archive", str(cli_archive),
                    "--format", "json")
    assert corpus_ids("hanam", "hagiang") <= ids(result)


def test_parse_date_never_rolls_a_month_over():
    assert parse_date("2019-12", end=True) == date(2019, 12, 31)
    assert [parse_date(f"2019-{m}", end=True) for m in ("13", "00", "99")] == [None] * 3


# -- limits ------------------------------------------------------------------------

@pytest.mark.parametrize("limit", [str(2**62), str(2**63), str(MAX_LIMIT + 1), "0", "-1"])
def test_limit_outside_the_range_is_refused(thidua, cli_archive, limit):
    # "thi dua" is in most articles: the broad-query walk that overflowed SQLite
    result = thidua("search", "thi dua", "--limit", limit, "--archive", str(cli_archive))
    usage_error(result, "--limit")


def test_the_largest_limit_works_on_a_broad_query(thidua, cli_archive):
    result = thidua("search", "thi dua", "--limit", str(MAX_LIMIT), "--archive",
                    str(cli_archive), "--format", "json")
    assert corpus_ids("hanam", "hagiang", "kontum") <= ids(result)


@pytest.mark.parametrize("score", ["nan", "NaN", "inf", "-0.1", "1.5", "x"])
def test_a_min_score_outside_0_to_1_is_refused(thidua, cli_archive, score):
    usage_error(thidua("search", "x", "--min-score", score, "--archive", str(cli_archive)),
                "--min-score")


# -- names: site, province, bloc ------------------------------------------------------

def test_unknown_site_is_refused_with_the_nearest_name(thidua, cli_archive):
    usage_error(thidua("search", "x", "--site", "nosuch", "--archive", str(cli_archive)),
                "nosuch")
    line = usage_error(thidua("export", "--site", "hanma", "--archive", str(cli_archive)))
    assert "did you mean 'hanam'" in line


def test_a_site_known_only_to_the_archive_is_accepted(thidua, tmp_path, record_factory):
    from indexer.archive import Archive

    path = tmp_path / "own.sqlite3"
    with Archive(path) as archive:
        archive.upsert(record_factory("own", site="my-own-portal"))
    result = thidua("search", "--site", "my-own-portal", "--archive", str(path),
                    "--format", "json")
    assert len(ids(result)) == 1


def test_a_registry_site_with_nothing_archived_gives_no_matches(thidua, cli_archive):
    result = thidua("search", "--site", "hanoi", "--archive", str(cli_archive),
                    "--format", "json")
    assert ids(result) == set()


def test_unknown_province_suggests_the_nearest(thidua, cli_archive):
    line = usage_error(thidua("search", "x", "--province", "Ha Gian", "--archive",
                              str(cli_archive)), "--province")
    assert "did you mean 'Hà Giang'" in line


@pytest.mark.parametrize("option", ["--province", "--bloc", "--site"])
@pytest.mark.parametrize("empty", ["", "   "])
def test_empty_names_are_refused_not_ignored(thidua, cli_archive, option, empty):
    usage_error(thidua("search", "x", option, empty, "--archive", str(cli_archive)),
                option, "empty")


# -- text that is not UTF-8, NUL -------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["search", "\udcff"], ["search", "x", "--bloc", "\udcff"], ["search", "x", "--site", "a\udcff"],
    ["search", "x", "--province", "H\udcc3"], ["export", "--bloc", "van\udcff"],
    ["search", "x", "--archive", "/tmp/\udcff.sqlite3"], ["status", "--archive", "\udcfe"],
    ["crawl", "--dry-run", "--site", "\udcff"], ["crawl", "--dry-run", "--set", "A=\udcff"],
    ["extract", "--jsonl", "--sites", "\udcff.toml"], ["index", "--archive", "\udcff"],
    ["serve", "--host", "\udcff"], ["serve", "--sites", "\udcff.toml"],
])
def test_text_that_is_not_utf8_is_refused_the_same_way_everywhere(thidua, cli_archive, args):
    if "--archive" not in args and args[0] != "extract":
        args = [*args, "--archive", str(cli_archive)]
    assert "not valid UTF-8" in usage_error(thidua(*args))


def test_nul_in_an_option_is_refused(thidua, cli_archive):
    usage_error(thidua("search", "x", "--bloc", "a\x00b", "--archive", str(cli_archive)), "NUL")


def test_bytes_from_the_shell_are_refused_in_one_line(cli_archive):
    # what `thidua search x --bloc $'\xff'` passes: a byte that is not UTF-8
    done = subprocess.run([sys.executable, "-m", "search_cli", "search", "x", "--bloc", b"\xff",
                           "--archive", str(cli_archive)], capture_output=True, cwd=ROOT,
                          timeout=60)
    err = done.stderr.decode()
    assert done.returncode == 2 and "Traceback" not in err
    assert err.count("\n") == 1 and "not valid UTF-8" in err


# -- a query that starts with "-" -----------------------------------------------------

def test_a_query_starting_with_a_dash_is_text(thidua, cli_archive):
    result = thidua("search", "-giao", "--archive", str(cli_archive), "--format", "json")
    plain = thidua("search", "giao", "--archive", str(cli_archive), "--format", "json")
    assert ids(result) == ids(plain) >= corpus_ids("hanam", "hagiang")
    exported = thidua("export", "-ocop", "--archive", str(cli_archive))
    assert exported.code == 0, exported.err


def test_options_still_win_over_dash_words():
    options = {"--bloc", "--limit", "-h", "--help", "--all"}
    takes = {"--bloc", "--limit"}
    assert dash_words_last(["-ocop", "--limit", "3"], options, takes) == \
        ["--limit", "3", "--", "-ocop"]
    assert dash_words_last(["x", "--bloc", "-x"], options, takes) == ["x", "--bloc", "-x"]
    assert dash_words_last(["-h"], options, takes) == ["-h"]
    assert dash_words_last(["--", "-a"], options, takes) == ["--", "-a"]


def test_an_unknown_long_option_is_still_an_error(thidua, cli_archive):
    usage_error(thidua("search", "--no-such", "--archive", str(cli_archive)), "--no-such")


# -- Elasticsearch URL, archive path ---------------------------------------------------

@pytest.mark.parametrize("url", ["not a url", "http://", "http://localhost", "ftp://h:21",
                                 "localhost:9200", "http://h:99999", "http://[::1"])
def test_a_bad_elasticsearch_url_is_one_line(thidua, cli_archive, url):
    result = thidua("search", "x", "--backend", "es", "--es", url,
                    "--archive", str(cli_archive))
    usage_error(result, "--es", "http(s)://HOST:PORT")


def test_a_bad_elasticsearch_url_from_the_environment_is_one_line(thidua, cli_archive,
                                                                  monkeypatch):
    monkeypatch.setenv("THIDUA_ES_URL", "http://")
    usage_error(thidua("index", "--backend", "es", "--archive", str(cli_archive)), "--es")


@pytest.mark.parametrize("command", ["status", "search", "export"])
def test_an_archive_name_too_long_for_the_system_is_one_line(thidua, tmp_path, command):
    result = thidua(command, "--archive", str(tmp_path / ("a" * 300 + ".sqlite3")))
    usage_error(result, "--archive", "too long")


# -- facets where they cannot go ---------------------------------------------------------

@pytest.mark.parametrize("extra", [["--format", "csv"], ["--format", "xlsx"]])
def test_facets_that_cannot_be_shown_are_refused(thidua, cli_archive, extra):
    usage_error(thidua("search", "x", "--facets", *extra, "--archive", str(cli_archive)),
                "--facets")


# -- crawl option parsing (--dry-run fetches nothing) -------------------------------------

def test_crawl_dry_run_checks_and_fetches_nothing(thidua, tmp_path):
    archive = tmp_path / "a.sqlite3"
    result = thidua("crawl", "--dry-run", "--json", "--site", "hanam", "--archive", str(archive))
    assert result.code == 0, result.err
    assert json.loads(result.out)["sites"] == ["hanam"]
    assert "nothing fetched" in result.err
    assert not archive.exists()


@pytest.mark.parametrize(("args", "words"), [
    (["--site", "hanma"], ["did you mean 'hanam'"]),
    (["--set", "DOWNLOAD_DELY=2"], ["--set", "did you mean 'DOWNLOAD_DELAY'"]),
    (["--set", "novalue"], ["--set", "NAME=VALUE"]),
    (["--set", "LOG_LEVEL=loud"], ["--set", "LOG_LEVEL wants one of"]),
    (["--set", "DOWNLOAD_DELAY=abc"], ["--set", "wants a number"]),
    (["--set", "ROBOTSTXT_OBEY=1"], ["--set", "wants true or false"]),
    (["--backend", "es"], ["Elasticsearch URL"]),
    (["--sites", "/nonexistent/sites.toml"], ["sites.toml"]),
])
def test_crawl_dry_run_refuses_bad_options(thidua, tmp_path, args, words):
    result = thidua("crawl", "--dry-run", *args, "--archive", str(tmp_path / "a.sqlite3"))
    usage_error(result, *words)
