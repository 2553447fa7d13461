"""`thidua crawl` and `thidua status`: running the crawl and reporting on it."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click
from rich import box
from rich.console import Console
from rich.table import Table

from crawler.discovery.report import harvest_line
from crawler.errors import ThiduaError
from crawler.run import CrawlOptions, check_options, run_crawl
from crawler.urls import canonical_url
from indexer.archive import default_archive_path
from search_cli.errors import EXIT_FAILURE, EXIT_OK, EXIT_PARTIAL
from search_cli.options import (
    SITE_KINDS,
    PathParam,
    TextParam,
    archive_option,
    backend_options,
)
from search_cli.overrides import parse_overrides
from search_cli.search import open_archive, sites_of_kind
from search_cli.summary import summary_line

EXIT_BY_STATUS = {"ok": EXIT_OK, "partial": EXIT_PARTIAL, "failed": EXIT_FAILURE}


@click.command("crawl")
@click.option("--sites", "sites_path", type=PathParam(dir_okay=False, path_type=Path),
              help="Site registry TOML (default: the bundled registry).")
@click.option("--site", "site_names", multiple=True, metavar="NAME", type=TextParam(),
              help="Crawl only this site (repeatable).")
@click.option("--full", is_flag=True, help="Re-crawl every listing page, not only what is new.")
@click.option("--refresh", is_flag=True,
              help="Re-fetch archived articles (conditional requests: unchanged costs a 304).")
@click.option("--due", is_flag=True, help="Only sites whose schedule says they are due.")
@click.option("--log-file", type=PathParam(dir_okay=False, path_type=Path),
              help="Append Scrapy's log to this file instead of the terminal.")
@click.option("--log-level", type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]),
              help="Scrapy log level (default: WARNING on the terminal, INFO in --log-file).")
@click.option("--set", "overrides", multiple=True, metavar="NAME=VALUE",
              callback=lambda ctx, param, value: parse_overrides(value),
              help="Override a Scrapy or thidua setting (VALUE as JSON when it parses), e.g. "
                   "--set DOWNLOAD_DELAY=2. Repeatable.")
@click.option("--json", "as_json", is_flag=True, help="Print the crawl report as JSON.")
@click.option("--dry-run", is_flag=True,
              help="Check the options and the registry, say what would be crawled, fetch nothing.")
@click.option("--explain", metavar="URL", type=TextParam(),
              help="Do not crawl: say from the crawl log how URL was seen (fetched and read "
                   "as which kind, and why; or met and not followed, and why).")
@backend_options
@archive_option
def crawl_command(sites_path: Path | None, site_names: tuple[str, ...], full: bool,
                  refresh: bool, due: bool, log_file: Path | None, log_level: str | None,
                  overrides: dict[str, Any], as_json: bool, dry_run: bool, explain: str | None,
                  backend: str, es_url: str | None, archive_path: Path | None) -> int:
    """Crawl the registry's portals into the archive and the search index.

    Exit code 0: all went well; 3: finished with failures (see `thidua status`);
    1: the crawl could not run, or the disk refused a write (one line says
    where, and how many new articles were stored). Safe under cron: a second
    run exits at once.
    """
    if explain:
        return explain_url(explain, archive_path, as_json)
    options = CrawlOptions(
        archive_path=archive_path or default_archive_path(),
        sites_path=sites_path,
        site_names=site_names,
        full=full,
        refresh=refresh,
        due=due,
        backend=backend,
        es_url=es_url,
        log_file=log_file,
        settings={"LOG_LEVEL": log_level or ("INFO" if log_file else "WARNING"), **overrides},
    )
    if dry_run:
        return _dry_run(options, as_json)
    report = run_crawl(options)
    if as_json:
        summary = {k: v for k, v in asdict(report).items() if k != "stats"}
        click.echo(json.dumps(summary, ensure_ascii=False))
    if report.error:
        raise ThiduaError(report.error)
    click.echo(summary_line(report), err=True)
    for site, entry in report.harvest.items():
        if entry.get("moved_to") or any(entry.get("pages", {}).values()):
            # a site that never answered is in the summary's failures already
            click.echo("  " + harvest_line(site, entry), err=True)
    return EXIT_BY_STATUS.get(report.status, EXIT_FAILURE)


def _dry_run(options: CrawlOptions, as_json: bool) -> int:
    """What the crawl would visit, after every check a real crawl makes before it starts."""
    sites = [site.name for site in check_options(options)]
    if as_json:
        click.echo(json.dumps({"sites": sites, "archive": str(options.archive_path),
                               "backend": options.backend}, ensure_ascii=False))
    shown = ", ".join(sites[:8]) + (f", ... ({len(sites) - 8} more)" if len(sites) > 8 else "")
    noun = "site" if len(sites) == 1 else "sites"
    click.echo(f"crawl would visit {len(sites)} {noun} ({shown}) into {options.archive_path}"
               f" with the {options.backend} backend; nothing fetched", err=True)
    return EXIT_OK


def _spellings(url: str) -> list[str]:
    """The forms a URL may have been logged under (as given, canonical, other scheme)."""
    forms = {url.strip(), canonical_url(url.strip())}
    for form in list(forms):
        scheme, sep, rest = form.partition("://")
        if sep and scheme in ("http", "https"):
            forms.add(("https" if scheme == "http" else "http") + "://" + rest)
        forms.add(form[:-1] if form.endswith("/") else form + "/")
    return sorted(forms)


def explain_line(row: dict[str, Any]) -> str:
    """One crawl-log row as a sentence: what the crawl did with the URL, and why."""
    when = f"run {row['run']}, {str(row['at'])[:16].replace('T', ' ')}"
    reason = row.get("reason") or ""
    if row["outcome"] == "unfollowed":
        return f"{when}: met, not followed ({reason})"
    read, _, why = reason.partition(" | ") if " | " in reason else ("", "", reason)
    status = f"HTTP {row['status']}" if row.get("status") else "no answer"
    head = f"{when}: {row['outcome']}" + (f" {row['kind']}" if row.get("kind") else "")
    parts = [f"{head} ({status})"]
    if read:
        parts.append(f"read as {read}")
    if why:
        parts.append(f"fetched: {why}")
    return "; ".join(parts)


def explain_url(url: str, archive_path: Path | None, as_json: bool) -> int:
    """Print what the crawl log says of ``url``; exit 1 when no crawl ever met it."""
    with open_archive(archive_path, must_hold_articles=False) as archive:
        rows = archive.crawl_log(_spellings(url))
    if not rows:
        raise ThiduaError(f"no crawl of this archive met {url} (not fetched, not linked "
                          "from a page it read)")
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
    else:
        click.echo(url)
        for row in rows:
            click.echo("  " + explain_line(row))
    return EXIT_OK


def _status_table(status: dict[str, Any]) -> Table:
    sites = status.get("sites", {})
    zones = {_zone(site.get("last_fetch")) for site in sites.values() if site.get("last_fetch")}
    shared = zones.pop() if len(zones) == 1 else None  # then said once, under the table
    table = Table(header_style="bold", box=box.SIMPLE_HEAD,
                  title=f"{status.get('articles', 0)} articles "
                  f"(bloc news) and {status.get('other', 0)} other article pages in "
                  f"{status.get('path', '')}", caption=shared and f"times are {shared}")
    table.add_column("site", no_wrap=True)
    for column in ("articles", "other", "last fetch", "URLs", "last run: harvest",
                   "failures"):
        table.add_column(column, no_wrap=column == "last fetch")
    for name, site in sites.items():
        failures = site.get("failures") or {}
        table.add_row(
            name,
            str(site.get("articles", 0)),
            str(site.get("other", 0)),
            _local_time(site.get("last_fetch"), zone=not shared),
            str(site.get("fetches", 0)),
            _harvest_cell(site.get("harvest")),
            ", ".join(f"{k} {v}" for k, v in sorted(failures.items())) or "-",
        )
    return table


def _harvest_cell(entry: dict[str, Any] | None) -> str:
    """Requests, pages by kind (article/not bloc/listing/other), bloc found, cost, budget."""
    if not entry:
        return "-"
    if entry.get("moved_to"):
        return f"moved to {entry['moved_to']}"
    pages = entry.get("pages", {})
    kinds = "/".join(str(pages.get(k, 0)) for k in ("article", "not_bloc", "listing", "other"))
    per = entry.get("requests_per_bloc")
    used = entry.get("budget_used")
    return (f"{entry['requests']} req, pages a/n/l/o {kinds}, {entry['bloc']} bloc"
            + (f" ({per} req each)" if per is not None else "")
            + (f", budget {used:.0%}" if used is not None else ""))


def _zone(stamp: str | None) -> str:
    text = str(stamp or "")
    return text[19:].lstrip(".0123456789") if len(text) > 19 else ""


def _local_time(stamp: str | None, zone: bool = True) -> str:
    """``2024-05-02T10:00:00+07:00`` as ``2024-05-02 10:00 +07:00``: minutes, zone kept."""
    if not stamp:
        return ""
    text = f"{str(stamp)[:16].replace('T', ' ')}"
    return f"{text} {_zone(stamp)}".strip() if zone else text


@click.command("status")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.option("--kind", type=click.Choice(SITE_KINDS),
              help="Only the registry's sites of this kind (see `thidua sites`).")
@click.option("--sites", "sites_path", type=PathParam(dir_okay=False, path_type=Path),
              help="The registry that gives --kind its sites (default: the bundled one).")
@archive_option
def status_command(fmt: str, kind: str | None, sites_path: Path | None,
                   archive_path: Path | None) -> None:
    """What was crawled, when, how many articles, and failures by kind."""
    names = sites_of_kind(kind, sites_path) if kind else None
    with open_archive(archive_path, must_hold_articles=False) as archive:
        status = archive.status()
    if names is not None:   # the per-site rows of that kind; totals stay the archive's
        status["kind"] = kind
        status["sites"] = {name: row for name, row in status.get("sites", {}).items()
                           if name in names}
    if fmt == "json":
        click.echo(json.dumps(status, ensure_ascii=False, indent=2, default=str))
        return
    console = Console()
    console.print(_status_table(status))
    for run in status.get("runs", [])[:5]:
        error = (run.get("stats") or {}).get("thidua/error")
        console.print(f"run {run.get('id')}: {_local_time(run.get('started'))} → "
                      f"{_local_time(run.get('finished'))} {run.get('status')}"
                      f"{f' ({error})' if error else ''}", soft_wrap=True)
