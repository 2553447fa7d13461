"""`thidua search` and `thidua export`: one query model, two output habits."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import IO, Any

import click

from crawler.errors import ThiduaError, UsageError
from indexer.archive import Archive, default_archive_path
from indexer.backends import open_backend
from indexer.query import Hit, SearchQuery
from indexer.timeline import UNITS
from search_cli import output
from search_cli.options import (
    PathParam,
    QueryCommand,
    archive_option,
    backend_options,
    bom_option,
    did_you_mean,
    filter_options,
    format_option,
    limit_option,
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
    include_other: bool = False,
    min_score: float | None = None,
    sort: str,
    sites: tuple[str, ...] = (),
    kind: str | None = None,
    sites_path: Path | None = None,
    limit: int | None,
    facets: bool = False,
) -> SearchQuery:
    """Turn CLI values into the backend-neutral query, resolving the province name.

    ``kind`` becomes the names of the registry's sites of that kind (the query
    filters by site); ``sites_path`` names the registry, the bundled one if None.
    """
    if date_from and date_to and date_from > date_to:
        raise UsageError(f"--from {date_from} is after --to {date_to}")
    if kind:
        sites = sites_of_kind(kind, sites_path, site=site, within=sites)
    canonical = None
    if province:
        from crawler.provinces import load_provinces  # the registry is read only when asked

        canonical = load_provinces().resolve(province).name
    return SearchQuery(
        text=text or "",
        province=canonical,
        bloc=bloc,
        date_from=date_from,
        date_to=date_to,
        event=event,
        site=site,
        include_other=include_other,
        min_score=min_score,
        sites=sites,
        sort=sort,
        limit=limit,
        facets=facets,
    )


def sites_of_kind(kind: str, sites_path: Path | None = None, *, site: str | None = None,
                  within: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Names of the registry's sites of ``kind`` (within ``within`` when given).

    Raises:
        UsageError: no site of that kind, or ``site`` is of another kind.
    """
    from crawler.sites import load_sites  # the registry is read only when asked

    registry = load_sites(sites_path)
    names = tuple(s.name for s in registry if s.kind == kind
                  and (not within or s.name in within))
    source = sites_path or "the bundled registry"
    if not names:
        raise UsageError(f"{source} has no site of kind {kind!r}")
    if site and site not in names:
        other = next((s.kind for s in registry if s.name == site), None)
        what = f"is of kind {other!r}" if other else "is not in the registry"
        raise UsageError(f"--site {site} {what}, not {kind!r}")
    return names


def open_archive(path: Path | None, *, must_hold_articles: bool = True) -> Archive:
    """Open the archive read-only, refusing a missing (or empty) one with a hint."""
    path = path or default_archive_path()
    if not path.exists():
        raise ThiduaError(f"no archive at {path}: run `thidua crawl` first or pass --archive")
    archive = Archive(path, readonly=True)
    if must_hold_articles and archive.count() == 0:
        archive.close()
        raise ThiduaError(f"the archive at {path} is empty: run `thidua crawl` first")
    return archive


def check_site(name: str | None, archive: Archive, sites_path: Path | None = None) -> None:
    """Refuse a ``--site`` that neither the registry nor the archive knows (exit 2).

    A site of the registry with nothing archived yet is fine (0 matches); a
    site crawled from another registry (``crawl --sites``) is known by its
    articles.
    """
    if name is None:
        return
    from crawler.sites import load_sites

    conn = archive.connection
    if conn.execute("SELECT 1 FROM articles WHERE site = ? LIMIT 1", (name,)).fetchone():
        return
    known = {site.name for site in load_sites(sites_path)}
    if name in known:
        return
    known |= {row[0] for row in conn.execute("SELECT DISTINCT site FROM articles")
              if row[0]}
    raise UsageError(f"unknown site {name!r}: not in the registry nor in the archive"
                     f"{did_you_mean(name, sorted(known))}")


def hit_record(hit: Hit) -> dict[str, Any]:
    return {**hit.record, "score": round(hit.score, 4), "snippet": hit.snippet}


def hit_json(hit: Hit) -> str:
    """``hit_record`` as compact JSON text, spliced into the stored JSON when there is one.

    The stored record is a JSON object without "score" or "snippet" keys, so
    appending the two members before its closing brace gives the same object
    as ``hit_record`` without decoding and re-encoding the article text.
    """
    raw = hit.raw.rstrip() if hit.raw else ""
    if not raw.endswith("}"):
        return json.dumps(hit_record(hit), ensure_ascii=False, separators=(",", ":"))
    body = raw[:-1].rstrip()
    extra = (f'"score":{json.dumps(round(hit.score, 4))},'
             f'"snippet":{json.dumps(hit.snippet, ensure_ascii=False)}}}')
    return body + ("" if body == "{" else ",") + extra


def _records(hits: Iterator[Hit], fmt: str) -> Iterator[dict[str, Any]] | Iterator[str]:
    if fmt in ("json", "jsonl"):
        return (hit_json(hit) for hit in hits)
    return (hit_record(hit) for hit in hits)


def _print_facets(facets: dict[str, dict[str, int]]) -> None:
    for name, counts in facets.items():
        shown = ", ".join(f"{value} ({n})" for value, n in list(counts.items())[:10])
        click.echo(f"{name}: {shown}")


def stream_for(fmt: str) -> IO[Any]:
    """Standard output for ``fmt``: its bytes for xlsx, refused on a terminal.

    Raises:
        UsageError: xlsx asked for with standard output on a terminal.
    """
    if fmt != "xlsx":
        return sys.stdout
    if sys.stdout.isatty():
        raise UsageError("--format xlsx writes a binary file: redirect it (> matches.xlsx)")
    sys.stdout.flush()
    return sys.stdout.buffer


@click.command("search", cls=QueryCommand)
@filter_options
@limit_option
@click.option("--all", "all_", is_flag=True, help="Every match (streams; for export).")
@click.option("--facets", is_flag=True,
              help="Also give counts by province, bloc, year, site, event (table, json, jsonl).")
@click.option("--timeline", type=click.Choice(UNITS),
              help="Instead of the matches: their count per month or year, the total "
                   "archived then and the share.")
@format_option("table")
@bom_option
@backend_options
@archive_option
def search_command(query: str, limit: int, all_: bool, facets: bool, timeline: str | None,
                   fmt: str, bom: bool, backend: str, es_url: str | None,
                   archive_path: Path | None, **filters: Any) -> None:
    """Full-text search; diacritics optional ("thi dua" finds "thi đua").

    QUERY takes words and "quoted phrases"; all must match.
    """
    if facets and fmt in ("csv", "xlsx"):
        raise UsageError(f"--facets does not fit in {fmt} rows: use --format table, json or jsonl")
    if facets and timeline:
        raise UsageError("--facets and --timeline do not combine: ask for one at a time")
    q = build_query(query, limit=None if all_ else limit, facets=facets, **filters)
    with open_archive(archive_path) as archive:
        check_site(q.site, archive, filters.get("sites_path"))
        engine = open_backend(backend, archive, es_url=es_url)
        out = stream_for(fmt)
        if timeline:
            rows = [row.as_dict() for row in engine.timeline(q, timeline)]
            output.write_timeline(fmt, rows, out, bom=bom)
            return
        if all_:
            counted = engine.search(replace(q, limit=0)) if facets else None
            output.write(fmt, _records(engine.iter_hits(q), fmt), out, bom=bom,
                         total=counted.total if counted else None,
                         facets=counted.facets if counted else None)
            return
        result = engine.search(q)
        shown = result.facets if facets and fmt in ("json", "jsonl") else None
        output.write(fmt, _records(iter(result.hits), fmt), out, total=result.total,
                     facets=shown, bom=bom)
        if facets and fmt == "table":
            _print_facets(result.facets)


@click.command("export", cls=QueryCommand)
@filter_options
@format_option("jsonl")
@bom_option
@click.option("--warc", "warc_out", type=PathParam(dir_okay=False, path_type=Path),
              help="Also write the raw pages of the matches to this WARC file.")
@backend_options
@archive_option
def export_command(query: str, fmt: str, bom: bool, warc_out: Path | None, backend: str,
                   es_url: str | None, archive_path: Path | None, **filters: Any) -> None:
    """Every match of QUERY, streamed as JSON Lines (or --format json/csv/xlsx)."""
    q = build_query(query, limit=None, **filters)
    refs: list[dict[str, Any]] = []

    def remember_warc(hits: Iterator[Hit]) -> Iterator[Hit]:
        for hit in hits:
            if hit.record.get("warc"):
                refs.append(hit.record["warc"])
            yield hit

    with open_archive(archive_path) as archive:
        check_site(q.site, archive, filters.get("sites_path"))
        engine = open_backend(backend, archive, es_url=es_url)
        hits = engine.iter_hits(q)
        # Only a WARC export reads the records' pointers (decoding every record).
        output.write(fmt, _records(remember_warc(hits) if warc_out else hits, fmt),
                     stream_for(fmt), bom=bom)
    if warc_out:
        from crawler.warc import warc_dir_for
        from crawler.warc_export import export_warc

        written = export_warc(refs, warc_dir_for(archive.path), warc_out)
        click.echo(f"wrote {written} WARC records to {warc_out}", err=True)
