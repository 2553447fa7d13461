"""`thidua`: a thin click layer over the crawler and the archive.

Each command parses its options, calls the library, and prints; domain errors
become one-line messages with an exit code (see errors.py).

The crawl and maintenance commands import Scrapy and trafilatura (about
0.7 s); they are loaded only when one of them runs, so `thidua search` and
`thidua export` start without them.
"""

from __future__ import annotations

import importlib
import sys

import click

from search_cli import search
from search_cli.errors import run_guarded

# command name -> "module:attribute", imported when the command is looked up
LAZY_COMMANDS = {
    "crawl": "search_cli.crawl:crawl_command",
    "status": "search_cli.crawl:status_command",
    "index": "search_cli.maintenance:index_command",
    "extract": "search_cli.maintenance:extract_command",
    "reextract": "search_cli.maintenance:reextract_command",
    "sites": "search_cli.sites:sites_command",
    "serve": "search_cli.serve:serve_command",
}


class LazyGroup(click.Group):
    """A group whose heavier commands are imported on first use (click's lazy-loading recipe).

    ``commands`` still holds every command when read directly (help text
    tests, documentation checks): reading it loads them all.
    """

    def __init__(self, *args: object, lazy: dict[str, str] | None = None, **kwargs: object):
        self._lazy = dict(lazy or {})
        self._loaded: dict[str, click.Command] = {}
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def commands(self) -> dict[str, click.Command]:  # type: ignore[override]
        for name in list(self._lazy):
            self._load(name)
        return self._loaded

    @commands.setter
    def commands(self, value: dict[str, click.Command]) -> None:
        self._loaded = dict(value or {})

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        name = name or cmd.name
        if name is None:
            raise TypeError("Command has no name.")
        self._lazy.pop(name, None)
        self._loaded[name] = cmd

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self._loaded, *self._lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self._lazy:
            return self._load(cmd_name)
        return self._loaded.get(cmd_name)

    def _load(self, name: str) -> click.Command:
        module, attribute = self._lazy.pop(name).split(":")
        command = getattr(importlib.import_module(module), attribute)
        self._loaded[name] = command
        return command


@click.group(cls=LazyGroup, lazy=LAZY_COMMANDS,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="thidua")
def cli() -> None:
    """Crawl, archive and search Vietnamese emulation-bloc news (khối / cụm thi đua)."""


cli.add_command(search.search_command)
cli.add_command(search.export_command)


def main(argv: list[str] | None = None) -> int:
    """Console entry point: run the CLI and exit with its code, never a traceback."""
    code = run_guarded(lambda: cli.main(args=argv, prog_name="thidua", standalone_mode=False))
    sys.stdout.flush()
    return code


def entry() -> None:
    sys.exit(main())
