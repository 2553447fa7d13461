"""`thidua`: a thin click layer over the crawler and the archive.

Each command parses its options, calls the library, and prints; domain errors
become one-line messages with an exit code (see errors.py).
"""

from __future__ import annotations

import sys

import click

from search_cli import crawl, maintenance, search
from search_cli.errors import run_guarded


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="thidua")
def cli() -> None:
    """Crawl, archive and search Vietnamese emulation-bloc news (khối / cụm thi đua)."""


cli.add_command(crawl.crawl_command)
cli.add_command(crawl.status_command)
cli.add_command(search.search_command)
cli.add_command(search.export_command)
cli.add_command(maintenance.index_command)
cli.add_command(maintenance.extract_command)
cli.add_command(maintenance.reextract_command)


def main(argv: list[str] | None = None) -> int:
    """Console entry point: run the CLI and exit with its code, never a traceback."""
    code = run_guarded(lambda: cli.main(args=argv, prog_name="thidua", standalone_mode=False))
    sys.stdout.flush()
    return code


def entry() -> None:
    sys.exit(main())
