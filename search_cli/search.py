"""`thidua search` and `thidua export`: one query model, two output habits."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import click

from crawler.errors import ThiduaError, UsageError
from crawler.provinces import load_provinces
from crawler.warc import warc_dir_for
from crawler.warc_export import export_warc
from indexer.archive import Archive, default_archive_path
from indexer.backends import open_backend
from indexer.query import Hit, SearchQuery
from search_cli import output
from search_cli.options import (
    archive_option,
    backend_options,
    filter_options,
    format_option,
)


def build_query(
    text: str,
    *,
    province: str | None,
    bloc: str | None,
    date_from: date | None,
    date_to: date | None,
    event: str | None,
    site: str | None,
    sort: str,
    limit: int | None,
    facets: bool = False,
) -> SearchQuery:
    """Turn CLI values into the backend-neutral query, resolving the province name."""
    if date_from and date_to and date_from > date_to:
        raise UsageError(f"--from {date_from} is after --to {date_to}")
    canonical = load_provinces().resolve(province).name if province else None
    return SearchQuery(
        text=text or "",
        province=canonical,
        bloc=bloc,
        date_from=date_from,
        date_to=date_to,
        event=event,
        site=site,
        sort=sort,
        limit=limit,
        facets=facets,
    )


def open_archive(path: Path | None, *, must_hold_articles: bool = True) -> Archive:
    """Open the archive read-only, refusing a missing (or empty) one with a hint."""
    path = path or default_archive_path()
    if not path.exists():
        raise UsageError(f"no archive at {path}: run `thidua crawl` first or pass --archive")
    archive = Archive(path, readonly=True)
    if must_hold_articles and archive.count() == 0:
        archive.close()
        raise ThiduaError(f"the archive at {path} is empty: run `thidua crawl` first")
    return archive


def hit_record(hit: Hit) -> dict[str, Any]:
    return {**hit.record, "score": round(hit.score, 4), "snippet": hit.snippet}


def _records(hits: Iterator[Hit]) -> Iterator[dict[str, Any]]:
    return (hit_record(hit) for hit in hits)


def _print_facets(facets: dict[str, dict[str, int]]) -> None:
    for name, counts in facets.items():
        shown = ", ".join(f"{value} ({n})" for value, n in list(counts.items())[:10])
        click.echo(f"{name}: {shown}")


@click.command("search")
@filter_options
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--all", "all_", is_flag=True, help="Every match (streams; for export).")
@click.option("--facets", is_flag=True, help="Also print counts by province, bloc, year, event.")
@format_option("table")
@backend_options
@archive_option
def search_command(query: str, limit: int, all_: bool, facets: bool, fmt: str,
                   backend: str, es_url: str | None, archive_path: Path | None,
                   **filters: Any) -> None:
    """Full-text search; diacritics optional ("thi dua" finds "thi đua").

    QUERY takes words and "quoted phrases"; all must match.
    """
    q = build_query(query, limit=None if all_ else limit, facets=facets, **filters)
    with open_archive(archive_path) as archive:
        engine = open_backend(backend, archive, es_url=es_url)
        out = sys.stdout
        if all_:
            output.write(fmt, _records(engine.iter_hits(q)), out)
            return
        result = engine.search(q)
        output.write(fmt, _records(iter(result.hits)), out, total=result.total)
        if facets and fmt == "table":
            _print_facets(result.facets)


@click.command("export")
@filter_options
@format_option("jsonl")
@click.option("--warc", "warc_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the raw pages of the matches to this WARC file.")
@backend_options
@archive_option
def export_command(query: str, fmt: str, warc_out: Path | None, backend: str,
                   es_url: str | None, archive_path: Path | None, **filters: Any) -> None:
    """Every match of QUERY, streamed as JSON Lines (or --format json/csv)."""
    q = build_query(query, limit=None, **filters)
    refs: list[dict[str, Any]] = []

    def remember_warc(records: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for record in records:
            if record.get("warc"):
                refs.append(record["warc"])
            yield record

    with open_archive(archive_path) as archive:
        engine = open_backend(backend, archive, es_url=es_url)
        out = sys.stdout
        output.write(fmt, remember_warc(_records(engine.iter_hits(q))), out)
    if warc_out:
        written = export_warc(refs, warc_dir_for(archive.path), warc_out)
        click.echo(f"wrote {written} WARC records to {warc_out}", err=True)
