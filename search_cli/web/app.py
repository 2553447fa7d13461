"""`thidua serve`'s web application: the archive, read-only, in a browser.

Flask with Jinja2 templates, one archive connection (read-only) and one
backend per request, the same backend calls as ``thidua search``. Pages
work without JavaScript; the page's own Content-Security-Policy allows
nothing but this server, and the replayed raw pages get a stricter one
(``replay.REPLAY_CSP``).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import TextIOWrapper
from pathlib import Path
from typing import IO, Any

from flask import Flask, Response, abort, current_app, render_template, request, send_file

from crawler.errors import ThiduaError, UsageError
from crawler.warc import read_record, warc_dir_for
from indexer.backends import open_backend
from indexer.query import SearchBackend
from indexer.timeline import PeriodCount
from search_cli import output
from search_cli.search import _records, open_archive
from search_cli.web import chart, views
from search_cli.web.params import PAGE_SIZE, Form, to_query
from search_cli.web.replay import REPLAY_CSP, inert_page

PAGE_CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; frame-src 'self'; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
EXPORTS = {"json": "application/json", "jsonl": "application/x-ndjson",
           "csv": "text/csv",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@dataclass(frozen=True)
class Settings:
    archive: Path
    backend: str = "sqlite"
    es_url: str | None = None
    sites_path: Path | None = None   # the registry (--sites); None: the bundled one


@dataclass(frozen=True)
class Served:
    """What every request reads: the settings and the registry's kind of each site."""

    settings: Settings
    kind_of: dict[str, str]


def create_app(settings: Settings) -> Flask:
    """The application over one archive; every route only reads."""
    from crawler.sites import load_sites

    app = Flask(__name__)
    app.extensions["thidua"] = Served(
        settings, {site.name: site.kind for site in load_sites(settings.sites_path)})
    app.after_request(_headers)
    app.register_error_handler(ThiduaError, _failed)
    app.add_url_rule("/", view_func=search)
    app.add_url_rule("/bai/<article_id>", view_func=article)
    app.add_url_rule("/bai/<article_id>/goc", view_func=raw)
    app.add_url_rule("/xuat.<fmt>", view_func=export)
    app.add_url_rule("/thoi-gian.<fmt>", view_func=export_timeline)
    return app


def _served() -> Served:
    return current_app.extensions["thidua"]


@contextmanager
def _engine() -> Iterator[SearchBackend]:
    """The configured backend over the archive, opened read-only for one request."""
    settings = _served().settings
    with open_archive(settings.archive, must_hold_articles=False) as archive:
        yield open_backend(settings.backend, archive, es_url=settings.es_url)


def _headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", PAGE_CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _failed(exc: ThiduaError) -> tuple[str, int]:
    code = 400 if isinstance(exc, UsageError) else 500
    return render_template("error.html", message=str(exc), form=Form(())), code


def search() -> str:
    """The search page: results, facets, the timeline, export links."""
    form = Form.parse(request.args)
    served = _served()
    with _engine() as backend:
        q = to_query(form, served.settings.sites_path)
        result = backend.search(q)
        rows: list[PeriodCount] = backend.timeline(q, form.per)
    return render_template(
        "search.html", form=form, result=result, hits=[views.hit_row(h) for h in result.hits],
        facets=views.facets(form, result.facets, served.kind_of), timeline=rows,
        panels=chart.timeline_panels(rows) if rows else [],
        pages=max(1, -(-result.total // PAGE_SIZE)), page_size=PAGE_SIZE,
        labels=views.labels(), exports=list(EXPORTS))


def article(article_id: str) -> str:
    """One article: its structured record, its text, its archived raw page in a frame."""
    served = _served()
    with open_archive(served.settings.archive, must_hold_articles=False) as archive:
        record = archive.get(article_id)
    if record is None:
        abort(404)
    return render_template("article.html", r=record, form=Form(()), say=views.say,
                           unit=views.unit_name,
                           kind=served.kind_of.get(record.get("site")))


def raw(article_id: str) -> Response:
    """The archived raw page, replayed inert (``replay``) under ``REPLAY_CSP``."""
    with open_archive(_served().settings.archive, must_hold_articles=False) as archive:
        record = archive.get(article_id)
        if record is None or not record.get("warc"):
            abort(404)
        try:
            _, body = read_record(warc_dir_for(archive.path), record["warc"])
        except (OSError, ValueError):
            abort(404)

        def local(url: str) -> str | None:
            found = archive.find_url(url)
            return f"/bai/{found}" if found else None

        banner = (f"Bản lưu trữ của {record['url']}, lấy về lúc {record.get('fetched_at')}. "
                  "Đã tắt mã lệnh, ảnh và liên kết ra ngoài.")
        page = inert_page(body, record["url"], local, banner)
    response = Response(page, mimetype="text/html")
    response.headers["Content-Security-Policy"] = REPLAY_CSP
    return response


def export(fmt: str) -> Response:
    """Every match of the page's query, as ``thidua export --format FMT`` writes it."""
    if fmt not in EXPORTS:
        abort(404)
    form = Form.parse(request.args)
    with _engine() as backend:
        q = to_query(form, _served().settings.sites_path, limit=None, facets=False)
        return _download(fmt, f"thidua-ket-qua.{fmt}", lambda out: output.write(
            fmt, _records(backend.iter_hits(q), fmt), out))


def export_timeline(fmt: str) -> Response:
    """The timeline's figures, as ``thidua search --timeline PER --format FMT`` writes them."""
    if fmt not in EXPORTS:
        abort(404)
    form = Form.parse(request.args)
    with _engine() as backend:
        rows = backend.timeline(to_query(form, _served().settings.sites_path), form.per)
    return _download(fmt, f"thidua-theo-{form.per}.{fmt}", lambda out: output.write_timeline(
        fmt, [r.as_dict() for r in rows], out))


def _download(fmt: str, name: str, write: Callable[[IO[Any]], object]) -> Response:
    """An attachment written in full to a temporary file, then streamed from it.

    The writer runs to the end before the first byte is sent, so an error
    is an error page, not a truncated download; the file keeps memory flat.
    """
    sink = tempfile.TemporaryFile()  # noqa: SIM115 - send_file closes it once sent
    try:
        if fmt == "xlsx":
            write(sink)
        else:
            stream = TextIOWrapper(sink, encoding="utf-8", newline="")
            write(stream)
            stream.flush()
            stream.detach()
        sink.seek(0)
    except BaseException:
        sink.close()
        raise
    return send_file(sink, mimetype=EXPORTS[fmt], as_attachment=True, download_name=name)
