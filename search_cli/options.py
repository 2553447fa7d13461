"""Option types and option groups shared by several commands (sqlite-utils style).

Every value a user types is checked here, once, at the edge: it parses
completely or the command stops with one ``thidua: error:`` line naming the
option and what it accepts (exit 2). Nothing below the CLI sees a date with
month 13, a limit SQLite cannot hold, an empty name or text that is not
UTF-8. Text that is not valid UTF-8 (the shell passes such bytes as
surrogates) is refused in every option, path and argument alike, never
replaced: a replaced character would search for something nobody typed.
"""

from __future__ import annotations

import calendar
import difflib
import errno
import functools
import os
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from crawler.extract.record import EVENT_TYPES

FORMATS = ("table", "json", "jsonl", "csv", "xlsx")
# The registry's source kinds (crawler.sites.KINDS; spelt out so that the CLI
# starts without reading the registry code).
SITE_KINDS = ("portal", "department", "newspaper", "other")
# Far inside SQLite's 64-bit range, so that what the backends compute from it
# (pages to walk, offset plus limit) stays inside too; --all lifts the cap.
MAX_LIMIT = 1_000_000_000
_DATE = re.compile(r"([0-9]{1,4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?", re.ASCII)
DATE_FORMS = "use YYYY, YYYY-MM or YYYY-MM-DD (years 1 to 9999)"


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be taken as typed, or None when it can."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid UTF-8 text (check the terminal's or the locale's encoding)"
    if "\x00" in text:
        return "contains a NUL character"
    return None


def nearest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to ``name`` (for "did you mean ...?"), if any is close."""
    found = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return found[0] if found else None


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    guess = nearest(name, candidates)
    return f"; did you mean {guess!r}?" if guess else ""


class TextParam(click.ParamType):
    """Text as typed: valid UTF-8, no NUL; stripped and non-empty unless ``allow_empty``."""

    name = "text"

    def __init__(self, allow_empty: bool = False) -> None:
        self.allow_empty = allow_empty

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        text = str(value)
        problem = text_problem(text)
        if problem:
            self.fail(problem, param, ctx)
        if self.allow_empty:
            return text
        if not text.strip():
            self.fail("is empty: give a value or leave the option out", param, ctx)
        return text.strip()


class ProvinceParam(TextParam):
    """An old or current province name, checked against the province table."""

    name = "province"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        text = super().convert(value, param, ctx)
        from crawler.errors import UnknownProvince
        from crawler.provinces import load_provinces

        provinces = load_provinces()
        try:
            provinces.resolve(text)
        except UnknownProvince:
            guess = provinces.suggest(text)
            hint = f"; did you mean {guess!r}?" if guess else ""
            self.fail(f"unknown province {text!r}: give an old or current province "
                      f"name{hint}", param, ctx)
        return text


class DateParam(click.ParamType):
    """YYYY, YYYY-MM or YYYY-MM-DD; a partial date means its first (or last) day."""

    name = "date"

    def __init__(self, end: bool = False) -> None:
        self.end = end

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None):
        if isinstance(value, date):
            return value
        text = str(value).strip()
        parsed = parse_date(text, end=self.end)
        if parsed is None:
            shown = text if len(text) <= 40 else text[:40] + "…"
            self.fail(f"{shown!r} is not a date: {DATE_FORMS}", param, ctx)
        return parsed


def parse_date(text: str, *, end: bool = False) -> date | None:
    """The date ``text`` names (its first day, or its last with ``end``), or None."""
    match = _DATE.fullmatch(text)
    if match is None:
        return None
    year, month, day = (int(p) if p else None for p in match.groups())
    if not 1 <= year <= 9999 or (month is not None and not 1 <= month <= 12):
        return None
    if month is None:
        return date(year, 12, 31) if end else date(year, 1, 1)
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return date(year, month, last if end else 1)
    return date(year, month, day) if 1 <= day <= last else None


class ScoreParam(click.FloatRange):
    """A bloc score from 0 to 1; "nan" is refused (it compares false with every bound)."""

    name = "score"

    def __init__(self) -> None:
        super().__init__(0.0, 1.0)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None):
        score = super().convert(value, param, ctx)
        if score != score:
            self.fail(f"{value!r} is not a number from 0 to 1", param, ctx)
        return score


class PathParam(click.Path):
    """A file path that the operating system can take: UTF-8, no NUL, names not too long."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None):
        problem = text_problem(os.fspath(value)) if isinstance(value, str | Path) else None
        if problem:
            self.fail(problem, param, ctx)
        try:
            os.stat(value)
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            pass
        except OSError as exc:
            if exc.errno in (errno.ENAMETOOLONG, errno.ELOOP):
                self.fail(f"cannot be used: {exc.strerror}", param, ctx)
        return super().convert(value, param, ctx)


class EsUrlParam(TextParam):
    """An Elasticsearch URL the client can connect to: http(s)://HOST[:PORT][/path]."""

    name = "url"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        text = super().convert(value, param, ctx)
        hint = "give http(s)://HOST:PORT, e.g. http://localhost:9200"
        try:
            parts = urlsplit(text)
            port = parts.port
        except ValueError:
            parts, port = None, None
        if (parts is None or parts.scheme not in ("http", "https") or not parts.hostname
                or any(c.isspace() for c in text)):
            self.fail(f"{text!r} is not an Elasticsearch URL: {hint}", param, ctx)
        if port is None and parts.scheme == "http":
            self.fail(f"{text!r} has no port: {hint}", param, ctx)
        return text


def archive_option(func: Callable) -> Callable:
    return click.option(
        "--archive",
        "archive_path",
        type=PathParam(dir_okay=False, path_type=Path),
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
        type=EsUrlParam(),
        envvar="THIDUA_ES_URL",
        metavar="URL",
        help="Elasticsearch URL (default: $THIDUA_ES_URL).",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


class QueryCommand(click.Command):
    """A command whose QUERY may start with "-": README says "-" is plain text.

    A word such as ``-ocop`` that is not one of the command's options, and
    not the value of the option before it, is taken as the query, as if it
    followed ``--``.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        options = {opt for p in self.get_params(ctx) if isinstance(p, click.Option)
                   for opt in (*p.opts, *p.secondary_opts)}
        takes_value = {opt for p in self.get_params(ctx) if isinstance(p, click.Option)
                       and not p.is_flag and not p.count for opt in p.opts}
        return super().parse_args(ctx, dash_words_last(args, options, takes_value))


def dash_words_last(args: Sequence[str], options: set[str], takes_value: set[str]) -> list[str]:
    """``args`` with words like ``-ocop`` moved after ``--``, where click reads them as text."""
    if "--" in args:
        return list(args)
    kept: list[str] = []
    words: list[str] = []
    after_option = False
    for arg in args:
        is_word = (arg.startswith("-") and not arg.startswith("--") and len(arg) > 1
                   and arg not in options and not after_option)
        (words if is_word else kept).append(arg)
        after_option = arg in takes_value
    return [*kept, "--", *words] if words else kept


def filter_options(func: Callable) -> Callable:
    """The query filters: the same for `search` and `export`."""
    decorators = [
        click.argument("query", required=False, default="", type=TextParam(allow_empty=True)),
        click.option("--province", type=ProvinceParam(),
                     help="Old or current province name, diacritics optional."),
        click.option("--bloc", type=TextParam(), help="Bloc name substring, diacritics optional."),
        click.option("--from", "date_from", type=DateParam(), help="Published on or after."),
        click.option("--to", "date_to", type=DateParam(end=True), help="Published on or before."),
        click.option("--event", type=click.Choice(EVENT_TYPES), help="Event type."),
        click.option("--site", type=TextParam(), help="Site name from the registry."),
        click.option("--kind", type=click.Choice(SITE_KINDS),
                     help="Only the registry's sites of this kind (see `thidua sites`)."),
        click.option("--sites", "sites_path", type=PathParam(dir_okay=False, path_type=Path),
                     help="The registry that gives --kind its sites (default: the bundled one)."),
        click.option("--include-other", is_flag=True,
                     help="Also every other archived article page, not only bloc news."),
        click.option("--min-score", type=ScoreParam(), metavar="X",
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


def limit_option(func: Callable) -> Callable:
    return click.option(
        "--limit", type=click.IntRange(min=1, max=MAX_LIMIT), default=20, show_default=True,
        help="At most this many matches (up to 1000000000; --all for every one).")(func)


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
