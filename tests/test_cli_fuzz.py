"""Generated hostile input against the CLI: every answer is clear, the archive never changes.

Hypothesis builds command lines for `search`, `export`, `status`, `sites`
and `crawl --dry-run` from option names and hostile values (bytes that are not
UTF-8, huge numbers, impossible dates, names close to real ones, stray
dashes and quotes) and runs them in-process through the real entry point.
For each one: exit 0, 1 or 2; on failure one ``thidua: error:`` line and
never the catch-all's "unexpected"; on success output that parses in the
format asked for; and the archive byte-identical afterwards.

`make test` runs a bounded number of examples (THIDUA_FUZZ_EXAMPLES,
default 150). The full run of the issue is opt-in:

    THIDUA_FUZZ_EXAMPLES=5000 .venv/bin/pytest tests/test_cli_fuzz.py -s

and prints how the inputs were answered.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.extract.record import EVENT_TYPES
from indexer.archive import Archive
from search_cli.main import main
from tests.fixtures.cli import ROOT
from tests.fixtures.search import SEARCH_CORPUS

EXAMPLES = int(os.environ.get("THIDUA_FUZZ_EXAMPLES", "150"))
TALLY: Counter[str] = Counter()

TRICKY = ["", " ", "-", "--", "-ocop", "-h", '"', '"thi đua', "“văn hóa”", "*", "NEAR", "OR",
          "NOT x", "thi dua", "thi đua", "Hà Giang", "ha giang", "hanam", "hanma", "%", "_",
          "'", "\\", "9" * 400, "NaN", "0", "-1", "1e3", "\udcff", "a\udcc3b", "\x00", "\t\n",
          "2019-13", "2019-00", "9999-12", "0000", "http://", "not a url", "x" * 300,
          "KH-BTĐKT", "a=b", "=", "DOWNLOAD_DELAY=2", "LOG_LEVEL=DEBUG", "NO_SUCH=1"]
text = st.one_of(
    st.sampled_from(TRICKY),
    st.text(max_size=24),
    st.binary(max_size=12).map(os.fsdecode),  # what a shell passes for bytes not UTF-8
)
number = st.one_of(st.integers(1, 50).map(str),
                   st.integers(min_value=-(2**70), max_value=2**70).map(str), text)
day = st.one_of(st.dates().map(str), st.dates().map(lambda d: f"{d.year:04}-{d.month:02}"),
                st.from_regex(r"-?[0-9]{0,6}(-[0-9]{0,3}){0,2}", fullmatch=True), text)


def _names(values: list[str]) -> st.SearchStrategy[str]:
    """Mostly a good value, so that the success paths get their share."""
    good = st.sampled_from(values)
    return st.one_of(good, good, good, text)


FILTERS = {
    "--province": _names(["Hà Giang", "Tuyên Quang", "Ha Nam", "Huế", "Ha Gian"]),
    "--bloc": _names(["van hoa", "Cụm thi đua số 2", "Khối"]),
    "--from": day, "--to": day,
    "--event": _names(list(EVENT_TYPES)),
    "--site": _names(["hanam", "hagiang", "kontum-bdt", "hanoi", "nosuch"]),
    "--sort": _names(["relevance", "date"]),
    "--backend": st.sampled_from(["sqlite", "sqlite", "sqlite", "es", "nosuch"]),
    "--es": _names(["http://127.0.0.1:9", "http://", "https://h"]),
    "--kind": _names(["portal", "department", "newspaper", "other"]),
    "--include-other": None,
    "--min-score": _names(["0", "0.5", "1", "nan", "inf", "-0.1", "1e-3"]),
}
COMMANDS = {
    "search": {**FILTERS, "--limit": number, "--all": None, "--facets": None,
               "--timeline": _names(["month", "year"]), "--bom": None, "--no-bom": None,
               "--format": _names(["table", "json", "jsonl", "csv", "xlsx"])},
    "export": {**FILTERS, "--format": _names(["json", "jsonl", "csv", "xlsx"]), "--warc": None,
               "--bom": None},
    "status": {"--format": _names(["table", "json"]), "--kind": _names(["portal", "other"])},
    "sites": {"--province": FILTERS["--province"], "--format": _names(["table", "json"]),
              "--kind": _names(["portal", "department", "newspaper", "other"]),
              "--sites": _names([str(ROOT / "tests" / "farm" / "sites.toml"), "/no.toml"])},
    "crawl": {"--site": FILTERS["--site"], "--set": text, "--full": None, "--refresh": None,
              "--due": None, "--json": None, "--log-level": _names(["DEBUG", "INFO"]),
              "--backend": FILTERS["--backend"], "--es": FILTERS["--es"],
              "--sites": _names([str(ROOT / "tests" / "farm" / "sites.toml"),
                                 "/nonexistent.toml"])},
}


@st.composite
def command_lines(draw, archive: Path, warc: Path) -> list[str]:
    """One generated command line; ``archive`` is the real archive, mostly."""
    command = draw(st.sampled_from(sorted(COMMANDS)))
    options = COMMANDS[command]
    argv = [command, "--dry-run"] if command == "crawl" else [command]
    if command in ("search", "export") and draw(st.booleans()):
        argv.append(draw(text))
    for name in draw(st.lists(st.sampled_from(sorted(options)), max_size=4)):
        strategy = options[name]
        if name == "--warc":
            argv += [name, str(warc)]
        elif strategy is None:
            argv.append(name)
        else:
            argv += [name, draw(strategy)]
    if draw(st.integers(0, 9)) == 0:
        argv.insert(draw(st.integers(1, len(argv))), draw(text))  # a stray word anywhere
    where = draw(st.sampled_from([str(archive)] * 6 + [
        str(archive.parent / "missing.sqlite3"), str(archive.parent), "x" * 300, "\udcff"]))
    return argv if command == "sites" else [*argv, "--archive", where]


def run(argv: list[str]) -> tuple[int, bytes, str]:
    """The real entry point in-process, its output captured."""
    raw, err = io.BytesIO(), io.StringIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", newline="")  # has .buffer, as stdout (xlsx)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    out.flush()
    return code, raw.getvalue(), err.getvalue()


def option_values(argv: list[str]) -> dict[str, str | None]:
    """The options as click reads them: a value-taking option eats the next word, the last wins."""
    command, found, at = argv[0], {}, 1
    takes_value = {name for name, strategy in COMMANDS[command].items()
                   if strategy is not None} | {"--archive", "--warc"}
    while at < len(argv):
        word = argv[at]
        if word in takes_value and at + 1 < len(argv):
            found[word], at = argv[at + 1], at + 2
        else:
            found.setdefault(word, None)
            at += 1
    return found


def check_output(argv: list[str], raw: bytes) -> None:
    """What exit 0 printed parses in the format asked for."""
    command, options = argv[0], option_values(argv)
    fmt = options.get("--format") or {"export": "jsonl"}.get(command, "table")
    if fmt == "xlsx" and "--help" not in options and "-h" not in options:
        from openpyxl import load_workbook

        rows = list(load_workbook(io.BytesIO(raw), read_only=True).active.values)
        assert rows and all(len(r) == len(rows[0]) for r in rows)
        return
    out = raw.decode("utf-8")
    if "-h" in options or "--help" in options:
        assert out.startswith("Usage: ")
        return
    if command == "crawl":
        if "--json" in options:
            assert isinstance(json.loads(out), dict)
        return
    if fmt == "json":
        json.loads(out)
    elif fmt == "jsonl":
        for line in out.splitlines():
            assert isinstance(json.loads(line), dict)
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))
        first = "period" if "--timeline" in options else "id"
        assert rows and first in rows[0] and all(len(r) == len(rows[0]) for r in rows)


def check_answer(argv: list[str], code: int, out: bytes, err: str) -> None:
    assert code in (0, 1, 2), (argv, code, err)
    assert "Traceback" not in err and "error: unexpected" not in err, (argv, err)
    if code:
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("thidua: error: "), (argv, err)
    else:
        check_output(argv, out)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def fuzz_archive(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("fuzz") / "archive.sqlite3"
    with Archive(path) as archive:
        for record in SEARCH_CORPUS.values():
            archive.upsert(record)
    with Archive(path) as archive:  # checkpointed: the file holds everything
        archive.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def test_generated_command_lines_get_a_clear_answer(fuzz_archive, monkeypatch):
    for name in ("THIDUA_ARCHIVE", "THIDUA_ES_URL", "http_proxy", "HTTP_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(fuzz_archive.parent)  # a stray word may become a --warc file name
    before = digest(fuzz_archive)
    warc = fuzz_archive.parent / "out" / "export.warc.gz"
    warc.parent.mkdir(exist_ok=True)

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(command_lines(fuzz_archive, warc))
    def answer_clearly(argv: list[str]) -> None:
        code, out, err = run(argv)
        check_answer(argv, code, out, err)
        assert digest(fuzz_archive) == before, argv
        TALLY[f"exit {code}"] += 1

    answer_clearly()
    with Archive(fuzz_archive, readonly=True) as archive:
        assert archive.check() == [] and archive.count() == len(SEARCH_CORPUS)
    if "THIDUA_FUZZ_EXAMPLES" in os.environ:
        shown = ", ".join(f"{k} {v}" for k, v in sorted(TALLY.items()))
        print(f"\n{sum(TALLY.values())} generated inputs: {shown}; 0 unexpected, "
              "archive unchanged")


@pytest.mark.parametrize("argv", [
    ["search", "-ocop"], ["search", "x", "--bloc", b"\xff"], ["search", "x", "--to", "2019-13"],
    ["search", "thi dua", "--limit", str(2**62)], ["status", "--archive", "a" * 300],
    ["search", "x", "--backend", "es", "--es", "http://"],
])
def test_the_real_process_answers_the_same(fuzz_archive, argv):
    """A few of them through a real process: argv bytes, the console script's exit."""
    if "--archive" not in argv:
        argv = [*argv, "--archive", str(fuzz_archive)]
    done = subprocess.run([sys.executable, "-m", "search_cli", *argv], capture_output=True,
                          cwd=ROOT, timeout=60)
    decoded = [a.decode("utf-8", "surrogateescape") if isinstance(a, bytes) else a
               for a in argv]
    check_answer(decoded, done.returncode, done.stdout, done.stderr.decode())
