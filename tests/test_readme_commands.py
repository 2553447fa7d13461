"""README's command lines do what it says: each one that can run offline is run.

Every command line of README's code blocks is either run here (against a
crawl of the portal farm) or named with the reason it cannot run offline
(network, a cluster, a service, minutes of benchmarks). A new command line
in README that is neither fails the test until it is classified.
`make demo` is run too, and the commands it prints are pasted back.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
import shutil
import subprocess
import sys

import pytest

from tests.farm.corpus import load_corpus
from tests.fixtures.cli import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
PROGRAMS = {"make", "thidua", ".venv/bin/thidua", ".venv/bin/python", "python", ".venv/bin/pytest",
            ".venv/bin/scrapyd-deploy", "curl", "docker", "export", "systemctl"}
# (pattern, why the line cannot run offline in a test), first match wins
CANNOT_RUN = [
    (r"--backend es|THIDUA_ES_URL|^docker |^export THIDUA_ES", "needs an Elasticsearch cluster"),
    (r"^make crawl|thidua crawl(?!.*--dry-run)", "crawls the registry's portals: needs network"),
    (r"^make (test|bench)|bench\.", "the test suite or the benchmarks (minutes)"),
    (r"scrapyd-deploy|^curl ", "needs a running scrapyd"),
    (r"^systemctl ", "a system service"),
    (r"thidua serve", "a server that runs until stopped (tests/test_web_*.py run it)"),
]
SEARCH_COMMANDS = ("search", "export", "status", "sites")
pytestmark = pytest.mark.slow


def code_lines(text: str) -> list[str]:
    """The lines of README's code blocks (indented and ``` fenced), continuations joined."""
    lines, fenced, blank_before, in_indented = [], False, True, False
    for raw in text.splitlines():
        if raw.startswith("```"):
            fenced = not fenced
            continue
        indented = raw.startswith("    ") and (blank_before or in_indented)
        if fenced or indented:
            lines.append(raw.strip())
        in_indented = indented or (in_indented and not raw.strip())
        blank_before = not raw.strip()
    joined: list[str] = []
    for line in lines:
        if joined and joined[-1].endswith("\\"):
            joined[-1] = joined[-1][:-1].rstrip() + " " + line
        else:
            joined.append(line)
    return joined


def program(words: list[str]) -> str | None:
    rest = [w for w in words if not re.fullmatch(r"[A-Za-z_]+=\S*", w)] if words else []
    return rest[0] if rest else None


def command_lines() -> list[str]:
    found = []
    for line in code_lines(README):
        try:
            words = shlex.split(line, comments=True)
        except ValueError:
            continue
        if program(words) in PROGRAMS:
            found.append(line)
    return found


def why_not(line: str) -> str | None:
    return next((reason for pattern, reason in CANNOT_RUN if re.search(pattern, line)), None)


def test_readme_commands_are_found_and_classified():
    lines = command_lines()
    assert len(lines) >= 15
    runnable = [line for line in lines if not why_not(line)]
    unknown = [line for line in runnable if not _offline_kind(line)]
    assert unknown == [], "classify these README lines in tests/test_readme_commands.py"
    assert sum(_offline_kind(line) == "thidua" for line in runnable) >= 3


def _offline_kind(line: str) -> str | None:
    words = shlex.split(line, comments=True)
    if words[:2] == ["make", "demo"]:
        return "demo"
    if program(words) in ("thidua", ".venv/bin/thidua") and words[1] in SEARCH_COMMANDS:
        return "thidua"
    return None


def _thidua_argv(words: list[str]) -> list[str]:
    """The command as this interpreter runs it; a ``> FILE`` is left to the caller's capture."""
    if ">" in words:
        words = words[:words.index(">")]
    return [sys.executable, "-m", "search_cli", *words[1:]]


@pytest.mark.parametrize("line", [line for line in command_lines()
                                  if not why_not(line) and _offline_kind(line) == "thidua"])
def test_each_offline_readme_command_runs(line, crawled, tmp_path):
    """Run from an empty directory with only the archive set, as after `make crawl`."""
    _, archive, _ = crawled
    argv = _thidua_argv(shlex.split(line, comments=True))
    env = {"THIDUA_ARCHIVE": str(archive), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    # "your own file": the farm's registry stands for it
    shutil.copy(ROOT / "tests" / "farm" / "sites.toml", tmp_path / "my-sites.toml")
    done = subprocess.run(argv, capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.strip()
    if "--format json" in line:
        assert json.loads(out)
    elif "--format csv" in line:
        rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))
        assert len(rows) > 1 and all(len(row) == len(rows[0]) for row in rows)
    elif argv[3] == "sites":
        assert re.search(r"\d+ entries", out), out[-500:]
    elif argv[3] == "search" and "--format" not in line:
        assert re.search(r"\b[1-9]\d* (of \d+ )?matches", out), out[-500:]


def test_make_demo_runs_and_its_commands_paste_back(tmp_path):
    demo = subprocess.run([sys.executable, "-m", "tests.farm.demo", "--dir", str(tmp_path)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert demo.returncode == 0, demo.stderr[-3000:]
    assert "Traceback" not in demo.stderr
    bloc_news = sum(a.is_bloc_news for a in load_corpus())
    assert f", {bloc_news} new and 0 updated articles" in demo.stderr
    shown = [line[2:] for line in demo.stdout.splitlines() if line.startswith("$ ")]
    assert len(shown) == 5 and shown[0].startswith("http_proxy=")
    for line in shown[1:]:  # the searches, pasted into a shell after the demo
        words = shlex.split(line)
        assert words[0] == ".venv/bin/thidua" and "--archive" in words
        pasted = subprocess.run([sys.executable, "-m", "search_cli", *words[1:]], cwd=ROOT,
                                capture_output=True, text=True, timeout=60)
        assert pasted.returncode == 0, (line, pasted.stderr)
        assert pasted.stdout.strip()


def test_readme_farm_counts_are_the_corpus():
    corpus = load_corpus()
    match = re.search(r"Its (\d+) articles, (\d+) of them bloc news", README)
    assert match, "README's Testing section names the farm's article counts"
    assert (int(match[1]), int(match[2])) == (len(corpus), sum(a.is_bloc_news for a in corpus))


def test_the_readme_exit_code_of_a_missing_archive_is_true(tmp_path):
    assert re.search(r"1 for a failure \(archive missing", README)
    done = subprocess.run([sys.executable, "-m", "search_cli", "search", "x", "--archive",
                           str(tmp_path / "none.sqlite3")], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert done.returncode == 1 and "thidua crawl" in done.stderr

