"""`thidua serve`: a local, read-only web page over the archive."""

from __future__ import annotations

import ipaddress
import logging
import socket
from pathlib import Path

import click

from crawler.errors import ThiduaError
from search_cli.options import PathParam, TextParam, archive_option, backend_options
from search_cli.search import open_archive


def _listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` and listening.

    Raises:
        ThiduaError: the address cannot be bound (port busy, host unknown, no permission).
    """
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        listening = socket.socket(family, socket.SOCK_STREAM)
    except OSError as exc:
        raise ThiduaError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    try:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind((host, port))
        listening.listen(128)
    except OSError as exc:
        listening.close()
        raise ThiduaError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return listening


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


@click.command("serve")
@click.option("--host", type=TextParam(), default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback opens the archive to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True,
              help="Port to listen on (0: any free port, printed at start).")
@click.option("--sites", "sites_path", type=PathParam(exists=True, dir_okay=False,
                                                     path_type=Path),
              help="Site registry giving each site's source kind (default: the bundled one).")
@backend_options
@archive_option
def serve_command(host: str, port: int, sites_path: Path | None, backend: str,
                  es_url: str | None, archive_path: Path | None) -> None:
    """Search the archive in a browser: facets, timeline, articles, raw pages, exports."""
    from werkzeug.serving import make_server

    from search_cli.web.app import Settings, create_app

    with open_archive(archive_path) as archive:
        path = archive.path
    app = create_app(Settings(Path(path), backend, es_url, sites_path))
    listening = _listen(host, port)
    # Werkzeug prints and exits on a busy port; given the bound socket it never binds.
    server = make_server(host, port, app, threaded=True, fd=listening.fileno())
    if not _loopback(host):
        click.echo(f"thidua: warning: listening on {host}: anyone who reaches this port reads "
                   "the archive", err=True)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    click.echo(f"thidua serve: http://{host}:{listening.getsockname()[1]}/ (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        listening.close()
