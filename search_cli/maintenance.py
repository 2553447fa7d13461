"""`thidua index`, `thidua extract` and `thidua reextract`: work on the archive itself."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from rich.progress import Progress

from crawler.errors import UsageError, WriteFailed
from crawler.extract.article import extract_article
from crawler.extract.scoring import threshold
from crawler.reextract import ReextractReport, reextract
from crawler.sites import load_sites, site_for_url
from crawler.warc import warc_dir_for
from indexer.archive import Archive, default_archive_path
from indexer.backends import open_backend
from search_cli.errors import EXIT_FAILURE, EXIT_OK
from search_cli.options import PathParam, TextParam, archive_option, backend_options

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@click.command("index")
@click.option("--rebuild", is_flag=True,
              help="Build a fresh index from the archive (Elasticsearch: new index, alias swap).")
@backend_options
@archive_option
def index_command(rebuild: bool, backend: str, es_url: str | None,
                  archive_path: Path | None) -> None:
    """Bring a search index up to date with the archive (incremental by default)."""
    with Archive(archive_path or default_archive_path()) as archive:
        engine = open_backend(backend, archive, es_url=es_url)
        try:
            count = engine.rebuild(archive) if rebuild else engine.sync(archive)
        except WriteFailed as exc:
            raise exc.with_progress("the index was not rebuilt (the previous index is kept)"
                                    if rebuild else "the index was not brought up to date"
                                    ) from None
        total = archive.count()
    click.echo(f"{backend}: {count} articles (re)indexed; the index is up to date with the "
               f"{total} archived articles", err=True)


def _extract_one(html: bytes | str, url: str, sites_path: Path | None) -> dict:
    site = site_for_url(load_sites(sites_path), url)
    return extract_article(html, url, datetime.now(VN).isoformat(timespec="seconds"),
                           site).to_dict()


@click.command("extract")
@click.argument("page", required=False, type=PathParam(exists=True, dir_okay=False,
                                                        path_type=Path))
@click.option("--url", type=TextParam(),
              help="The URL the page was fetched from (gives site and province).")
@click.option("--jsonl", is_flag=True,
              help='Read {"url", "html"} lines on standard input; write one record per line.')
@click.option("--sites", "sites_path", type=PathParam(dir_okay=False, path_type=Path),
              help="Site registry TOML (default: the bundled registry).")
def extract_command(page: Path | None, url: str | None, jsonl: bool,
                    sites_path: Path | None) -> None:
    """Print the full record extracted from a saved page, for checking extraction."""
    if jsonl:
        for number, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                html, item_url = item["html"], item["url"]
            except (ValueError, KeyError, TypeError) as exc:
                raise UsageError(f"stdin line {number}: need a JSON object with url and html "
                                 f"({exc})") from exc
            record = _extract_one(html, item_url, sites_path)
            click.echo(json.dumps(record, ensure_ascii=False))
        return
    if page is None or not url:
        raise UsageError("give PAGE.html and --url URL, or --jsonl with lines on stdin")
    record = _extract_one(page.read_bytes(), url, sites_path)
    click.echo(json.dumps(record, ensure_ascii=False, indent=2))


@click.command("reextract")
@click.option("--sites", "sites_path", type=PathParam(dir_okay=False, path_type=Path),
              help="Site registry TOML (default: the bundled registry).")
@backend_options
@archive_option
def reextract_command(sites_path: Path | None, backend: str, es_url: str | None,
                      archive_path: Path | None) -> int:
    """Re-run extraction over every stored response of the WARC files (no network).

    Archived records are rewritten where a field changed; every other stored
    page that reads as an article (one an older release judged not bloc news
    and never stored, say) becomes a record.
    """
    archive_path = archive_path or default_archive_path()
    sites = load_sites(sites_path)
    threshold()
    with Archive(archive_path) as archive, Progress(transient=True) as progress:
        task = progress.add_task("re-extracting", total=None)
        report = reextract(archive, sites, warc_dir_for(archive_path),
                           advance=lambda: progress.advance(task))
        open_backend(backend, archive, es_url=es_url).sync(archive)
    click.echo(reextract_summary(report), err=True)
    return EXIT_FAILURE if report.failed else EXIT_OK


def reextract_summary(report: ReextractReport) -> str:
    """The one line `thidua reextract` ends with: changes per field, new records, failures."""
    changed = ", ".join(f"{field} {n}" for field, n in sorted(report.changed_fields.items()))
    failures = ", ".join(f"{kind} {n}" for kind, n in sorted(report.failures.items()))
    return (f"re-extracted {report.total} pages: {report.changed} records changed"
            f" ({changed or 'no field changed'}; {report.became_bloc_news} became bloc news), "
            f"{report.new} new records from the WARC files ({report.new_bloc_news} bloc news); "
            f"{report.failed} failed{f' ({failures})' if failures else ''}")
