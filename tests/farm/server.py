"""The portal farm: an HTTP proxy on 127.0.0.1 that answers for real portal hosts.

Scrapy's HttpProxyMiddleware honours ``http_proxy``, so the spider requests
``http://hanam.gov.vn/...`` unchanged and the farm answers by host. Plain
requests with a ``Host`` header work too (``curl -H 'Host: hanam.gov.vn'``).
Unknown hosts are refused (502 through the proxy, 404 direct): the farm
never touches the network.
"""

from __future__ import annotations

import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

from tests.farm.app import FarmApp, Reply
from tests.farm.catalog import Catalog
from tests.farm.corpus import CorpusArticle, load_corpus
from tests.farm.realistic.farm import RealisticFarm


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "Microsoft-IIS/8.5"
    sys_version = ""
    farm: PortalFarm  # set on the subclass made per farm

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        """Silence the default stderr log; the farm keeps ``requests`` instead."""

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        self._serve(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(send_body=False)

    def _serve(self, send_body: bool) -> None:
        if self.path.startswith(("http://", "https://")):
            parts = urlsplit(self.path)
            host, proxied = parts.netloc, True
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        else:
            host, proxied, target = self.headers.get("Host", ""), False, self.path
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            reply = self.farm.app.handle(host, target, headers, proxied)
        except Exception:  # a farm bug must answer, not hang the crawler
            traceback.print_exc()
            reply = Reply(500, b"portal farm: internal error\n", "text/plain")
        self.farm.requests.append((self.command, f"http://{host.lower()}{target}", reply.status))
        self._send(reply, send_body)

    def _send(self, reply: Reply, send_body: bool) -> None:
        if reply.delay:
            time.sleep(reply.delay)
        length = len(reply.body) + (50_000 if reply.truncate else 0)
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(length))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if reply.truncate:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if send_body and reply.status != 304:
                self.wfile.write(reply.body[: len(reply.body) * 2 // 3] if reply.truncate
                                 else reply.body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class PortalFarm:
    """The farm server; start it, point ``http_proxy`` at ``proxy_url``, crawl.

    Args:
        faults: add issue 5's fault mode (flaky 5xx, slow, truncated, huge, binary,
            redirect loop, calendar trap) to the always-on faults.
        scale: number of synthetic articles spread over the sites (crawl benchmark).
        slow_delay: seconds the slow pages wait before answering.
        corpus: articles to serve (default: ``load_corpus(corpus_dir)``).
        corpus_dir: corpus directory when ``corpus`` is not given.
            (The realistic portals, tests/farm/realistic/, always use the bundled corpus.)
        port: 0 for a free port.
    """

    def __init__(self, faults: bool = False, scale: int = 0, slow_delay: float = 3.0, *,
                 corpus: list[CorpusArticle] | None = None, corpus_dir: Path | None = None,
                 port: int = 0) -> None:
        self.corpus = corpus if corpus is not None else load_corpus(corpus_dir)
        self.catalog = Catalog(self.corpus, scale=scale)
        self.realistic = RealisticFarm()   # tests/farm/realistic/: built on first request
        self.app = FarmApp(self.catalog, fault_mode=faults, slow_delay=slow_delay,
                           realistic=self.realistic)
        self.requests: list[tuple[str, str, int]] = []   # list.append is atomic
        self.published: list[CorpusArticle] = []
        self._port = port
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> PortalFarm:
        """Listen on 127.0.0.1 and serve from a background thread."""
        handler = type("FarmHandler", (_Handler,), {"farm": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", self._port), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        name="portal-farm", daemon=True)
        self._thread.start()
        return self

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the farm is not started")
        return self._server.server_address[1]

    @property
    def proxy_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def fault_urls(self) -> dict[str, list[str]]:
        """Fault kind -> the URLs that show it (see tests/farm/README.md)."""
        return self.app.plan.urls()

    def publish_new(self, site_name: str, n: int) -> list[str]:
        """Add ``n`` bloc articles at the top of the site's bloc listing; their URLs.

        The articles themselves (with ``.expected``) are appended to ``published``.
        """
        made = self.catalog.publish_new(site_name, n)
        self.published.extend(made)
        return [a.url for a in made]

    def disallowed_requests(self) -> list[tuple[str, str, int]]:
        """Requests for paths the site's robots.txt disallows (a polite crawler makes none)."""
        found = []
        for request in list(self.requests):
            parts = urlsplit(request[1])
            portal = self.catalog.config.by_host(parts.netloc)
            if portal and any(parts.path.startswith(p) for p in portal.disallow):
                found.append(request)
        return found

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> PortalFarm:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
