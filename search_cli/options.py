"""Option groups shared by several commands, as decorators (sqlite-utils style)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click

from crawler.extract.record import EVENT_TYPES

FORMATS = ("table", "json", "jsonl", "csv", "xlsx")
# The registry's source kinds (crawler.sites.KINDS; spelt out so that the CLI
# starts without reading the registry code).
SITE_KINDS = ("portal", "department", "newspaper", "other")


class DateParam(click.ParamType):
    """YYYY, YYYY-MM or YYYY-MM-DD; a partial date means its first (or last) day."""

    name = "date"

    def __init__(self, end: bool = False) -> None:
        self.end = end

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None):
        if isinstance(value, date):
            return value
        text = str(value).strip()
        try:
            parts = [int(p) for p in text.split("-")]
            if len(parts) == 1:
                return date(parts[0], 12, 31) if self.end else date(parts[0], 1, 1)
            if len(parts) == 2:
                if not self.end:
                    return date(parts[0], parts[1], 1)
                first_next = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
                return date.fromordinal(first_next.toordinal() - 1)
            if len(parts) == 3:
                return date(*parts)
        except ValueError:
            pass
        self.fail(f"{text!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD", param, ctx)


def archive_option(func: Callable) -> Callable:
    return click.option(
        "--archive",
        "archive_path",
        type=click.Path(dir_okay=False, path_type=Path),
        envvar="THIDUA_ARCHIVE",
        help="Archive database file (default: $THIDUA_ARCHIVE or the user data dir).",
    )(func)


def backend_options(func: Callable) -> Callable:
    @click.option(
        "--backend",
        type=click.Choice(["sqlite", "es"]),
        default="sqlite",
        show_default=True,
        help="Search backend: the embedded SQLite FTS5 index or Elasticsearch.",
    )
    @click.option(
        "--es",
        "es_url",
        envvar="THIDUA_ES_URL",
        metavar="URL",
        help="Elasticsearch URL (default: $THIDUA_ES_URL).",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


def filter_options(func: Callable) -> Callable:
    """The query filters: the same for `search` and `export`."""
    decorators = [
        click.argument("query", required=False, default=""),
        click.option("--province", help="Old or current province name, diacritics optional."),
        click.option("--bloc", help="Bloc name substring, diacritics optional."),
        click.option("--from", "date_from", type=DateParam(), help="Published on or after."),
        click.option("--to", "date_to", type=DateParam(end=True), help="Published on or before."),
        click.option("--event", type=click.Choice(EVENT_TYPES), help="Event type."),
        click.option("--site", help="Site name from the registry."),
        click.option("--kind", type=click.Choice(SITE_KINDS),
                     help="Only the registry's sites of this kind (see `thidua sites`)."),
        click.option("--sites", "sites_path", type=click.Path(dir_okay=False, path_type=Path),
                     help="The registry that gives --kind its sites (default: the bundled one)."),
        click.option("--include-other", is_flag=True,
                     help="Also every other archived article page, not only bloc news."),
        click.option("--min-score", type=click.FloatRange(0.0, 1.0), metavar="X",
                     help="Pages whose bloc score is at least X (0-1), bloc news or not."),
        click.option(
            "--sort",
            type=click.Choice(["relevance", "date"]),
            default="relevance",
            show_default=True,
        ),
    ]
    for decorate in reversed(decorators):
        func = decorate(func)
    return func


def format_option(default: str) -> Callable[[Callable], Callable]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default=default,
        show_default=True,
        help="table for people; json or jsonl for programs; csv or xlsx for spreadsheets.",
    )


def bom_option(func: Callable) -> Callable:
    return click.option(
        "--bom/--no-bom",
        default=True,
        show_default=True,
        help="Start CSV with a UTF-8 byte order mark (Excel needs it to read Vietnamese).",
    )(func)
