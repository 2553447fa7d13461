"""`thidua crawl --set NAME=VALUE`: Scrapy and thidua settings from the command line, checked.

A misspelt name, or a value of the wrong kind, would otherwise be ignored
without a word (``DOWNLOAD_DELY``) or break the crawl after it started
(``LOG_LEVEL=loud``, ``DOWNLOAD_DELAY=abc``); both are refused here, before
anything runs.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import click

from search_cli.options import did_you_mean, text_problem

LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")


@lru_cache(maxsize=1)
def known_settings() -> dict[str, Any]:
    """Every setting Scrapy or thidua defines, with its default value."""
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    return dict(settings.items())


def value_problem(name: str, value: Any, default: Any) -> str | None:
    """Why ``value`` cannot be the setting ``name`` (whose default is ``default``), if it cannot."""
    if name == "LOG_LEVEL":
        ok = str(value).upper() in LOG_LEVELS
        return None if ok else f"LOG_LEVEL wants one of {', '.join(LOG_LEVELS)}"
    if isinstance(default, bool):
        return None if isinstance(value, bool) else f"{name} wants true or false"
    if isinstance(default, int | float):
        number = isinstance(value, int | float) and not isinstance(value, bool)
        return None if number else f"{name} wants a number"
    return None


def parse_overrides(items: tuple[str, ...]) -> dict[str, Any]:
    """``NAME=VALUE`` pairs; a VALUE that parses as JSON is taken as JSON.

    Raises:
        click.BadParameter: not NAME=VALUE, not UTF-8, an unknown NAME (with the
            nearest known one) or a VALUE of the wrong kind.
    """
    overrides: dict[str, Any] = {}
    known = known_settings() if items else {}
    for item in items:
        name, sep, raw = item.partition("=")
        problem = text_problem(item)
        if problem:
            raise click.BadParameter(problem, param_hint="--set")
        if not sep or not name:
            raise click.BadParameter(f"want NAME=VALUE, got {item!r}", param_hint="--set")
        if name not in known:
            raise click.BadParameter(f"unknown setting {name!r}{did_you_mean(name, known)}",
                                     param_hint="--set")
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            value = raw
        problem = value_problem(name, value, known[name])
        if problem:
            raise click.BadParameter(f"{problem}, got {raw!r}", param_hint="--set")
        overrides[name] = value.upper() if name == "LOG_LEVEL" else value
    return overrides
