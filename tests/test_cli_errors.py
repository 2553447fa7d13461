"""Bad input: one line on stderr, exit code 2 (usage) or 1 (runtime), no traceback."""

import pytest


def _one_line_error(result, code):
    assert result.code == code, (result.out, result.err)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("thidua: error: ")
    assert "Traceback" not in result.err
    return lines[0]


def test_unknown_province_is_a_usage_error(thidua, cli_archive):
    result = thidua("search", "x", "--province", "Atlantis", "--archive", str(cli_archive))
    assert "Atlantis" in _one_line_error(result, 2)


@pytest.mark.parametrize("bad", ["24/07/2019", "2019-02-30", "soon"])
def test_bad_date_is_a_usage_error(thidua, cli_archive, bad):
    _one_line_error(thidua("search", "x", "--from", bad, "--archive", str(cli_archive)), 2)


def test_reversed_dates_are_a_usage_error(thidua, cli_archive):
    result = thidua("search", "x", "--from", "2020", "--to", "2019",
                    "--archive", str(cli_archive))
    _one_line_error(result, 2)


def test_unbalanced_quote_is_a_usage_error(thidua, cli_archive):
    _one_line_error(thidua("search", '"thi đua', "--archive", str(cli_archive)), 2)


def test_missing_archive_says_to_crawl_first(thidua, tmp_path):
    result = thidua("search", "x", "--archive", str(tmp_path / "none.sqlite3"))
    assert "thidua crawl" in _one_line_error(result, 1)


def test_empty_archive_says_so(thidua, tmp_path):
    from indexer.archive import Archive

    path = tmp_path / "empty.sqlite3"
    Archive(path).close()
    result = thidua("search", "x", "--archive", str(path))
    assert "empty" in _one_line_error(result, 1)


def test_archive_that_is_not_a_database_is_refused(thidua, tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_text("these are my notes, not a database\n" * 50)
    _one_line_error(thidua("search", "x", "--archive", str(path)), 1)
    assert path.read_text().startswith("these are my notes")


def test_unwritable_archive_path_fails_the_crawl_cleanly(thidua, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = thidua("crawl", "--archive", str(blocker / "sub" / "archive.sqlite3"),
                    "--site", "hanam")
    _one_line_error(result, 1)


def test_unknown_option_is_one_line_from_the_real_entry_point(thidua_process):
    result = thidua_process("search", "--no-such-option")
    assert result.code == 2
    assert "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1
