"""`thidua sites`: list and check the site registry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from crawler.errors import UnknownProvince, UsageError
from crawler.provinces import load_provinces
from crawler.sites import DEFAULT_SITES, KINDS, load_sites
from crawler.sites_report import CORE_KINDS, report
from search_cli.options import PathParam, ProvinceParam


def _sites_table(data: dict[str, Any]) -> Table:
    table = Table(header_style="bold", title=f"{data['entries']} entries in {data['registry']}")
    for column in ("site", "province", "kind", "family", "host", "evidence", "seen"):
        table.add_column(column)
    for site in data["sites"]:
        evidence = "unverified" if site["unverified"] else str(len(site["evidence"]))
        province = site["province"] or "(national)"
        if site["merged_into"]:
            province += f" → {site['merged_into']}"
        table.add_row(site["name"], province, site["kind"], site["family"],
                      site["hosts"][0], evidence, site["seen"] or "-")
    return table


def _province_table(data: dict[str, Any]) -> Table:
    table = Table(header_style="bold", title="entries per pre-merger province, by kind")
    for column in ("province", "now", *KINDS):
        table.add_column(column)
    for row in data["provinces"]:
        now = "" if row["current"] == row["province"] else row["current"]
        table.add_row(row["province"], now, *(str(row[k]) for k in KINDS))
    return table


def _summary(data: dict[str, Any]) -> list[str]:
    kinds = ", ".join(f"{k} {data['by_kind'][k]}" for k in KINDS)
    lines = [f"{data['entries']} entries: {data['with_evidence']} with evidence, "
             f"{data['unverified']} unverified; {kinds}; {data['national']} national"]
    if data["unverified_sites"]:
        lines.append("unverified (no evidence found yet): " + ", ".join(data["unverified_sites"]))
    short = data["short_of_two_core_kinds"]
    covered = len(data["provinces"]) - len(short)
    lines.append(f"{covered} of {len(data['provinces'])} pre-merger provinces have at least "
                 f"2 of the {len(CORE_KINDS)} core kinds ({', '.join(CORE_KINDS)})"
                 + (f"; short: {', '.join(short)}" if short else ""))
    return lines


def _resolve(province: str | None) -> str | None:
    if province is None:
        return None
    table = load_provinces()
    try:
        return table.resolve(province).name
    except UnknownProvince:
        nearest = table.suggest(province)
        hint = f" (did you mean {nearest!r}?)" if nearest else ""
        raise UsageError(f"unknown province {province!r}{hint}") from None


@click.command("sites")
@click.option("--province", type=ProvinceParam(),
              help="Old or current province name, any spelling; a current "
                                 "name includes the provinces merged into it.")
@click.option("--kind", type=click.Choice(KINDS), help="Only entries of this kind.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.option("--sites", "sites_path", type=PathParam(dir_okay=False, path_type=Path),
              help="Site registry TOML (default: the bundled registry).")
def sites_command(province: str | None, kind: str | None, fmt: str,
                  sites_path: Path | None) -> None:
    """List and check the site registry: entries, evidence, counts per province and kind.

    Loading checks every entry (exit 2 with one line naming the file and the
    entry when one is wrong).
    """
    canonical = _resolve(province)
    sites = load_sites(sites_path)
    data = report(sites, canonical, kind, str(sites_path or DEFAULT_SITES))
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    console = Console()
    console.print(_sites_table(data))
    console.print(_province_table(data))
    for line in _summary(data):
        click.echo(line)
