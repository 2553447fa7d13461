"""`thidua search` starts without the crawler's heavy imports (Scrapy, trafilatura)."""

from __future__ import annotations

import subprocess
import sys

from search_cli.main import LAZY_COMMANDS, cli

_PROBE = """
import sys
from search_cli.main import main
code = main(sys.argv[1:])
print("|".join(m for m in ("scrapy", "trafilatura", "rich") if m in sys.modules))
"""


def _loaded(*argv: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", _PROBE, *argv], capture_output=True,
                          text=True, check=True)
    return done.stdout.strip().splitlines()[-1].split("|")


def test_search_does_not_import_the_crawler(cli_archive):
    loaded = _loaded("search", "thi đua", "--archive", str(cli_archive), "--format", "jsonl")
    assert "scrapy" not in loaded and "trafilatura" not in loaded
    assert "rich" not in loaded  # the table writer's library, not needed for JSON Lines


def test_every_lazy_command_is_listed_and_loads():
    assert set(LAZY_COMMANDS) <= set(cli.list_commands(None))
    for name in LAZY_COMMANDS:
        assert cli.get_command(None, name).name == name


def test_help_lists_every_command(thidua):
    result = thidua("--help")
    assert result.code == 0
    for name in ("search", "export", *LAZY_COMMANDS):
        assert name in result.out
