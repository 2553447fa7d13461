"""Keep Scrapy's terminal log free of the network failures the crawl report counts.

Offline, every site fails its robots.txt and start pages on DNS: Scrapy logs
each give-up at ERROR, robots.txt ones with a full traceback (thousands of
lines for the whole registry). Those failures are counted by kind in the
crawl log and named by the summary line, so on the terminal they are noise;
a ``--log-file`` keeps them, tracebacks included. Anything else (a spider
bug, an archive error, a warning) still reaches the terminal.
"""

from __future__ import annotations

import logging

from crawler.crawllog import failure_kind

NETWORK_KINDS = frozenset({"dns", "connection", "timeout", "tls", "truncated"})


def _exceptions(record: logging.LogRecord) -> list[BaseException]:
    found: list[BaseException] = []
    if record.exc_info and isinstance(record.exc_info[1], BaseException):
        found.append(record.exc_info[1])
    args = record.args if isinstance(record.args, dict) else {}
    for value in args.values():
        value = getattr(value, "value", value)  # a Twisted Failure
        if isinstance(value, BaseException):
            found.append(value)
    return found


class CountedFailures(logging.Filter):
    """Drops Scrapy's records about a fetch that failed on the network (they are counted)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith("scrapy."):
            return True
        return not any(failure_kind(exc) in NETWORK_KINDS for exc in _exceptions(record))


def quiet_counted_failures(handler: logging.Handler | None) -> None:
    """Add the filter to the terminal's log handler (never to a log file's)."""
    if handler is None or isinstance(handler, logging.FileHandler):
        return
    if not any(isinstance(f, CountedFailures) for f in handler.filters):
        handler.addFilter(CountedFailures())
