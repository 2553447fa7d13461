"""Disk trouble, named once for every write path: full, over quota, read-only, failing.

The crawl's commits, the WARC writer, `reextract`, `index --rebuild` and
`export --warc` all meet the same few errors when the disk gives out: an
``OSError`` with ENOSPC, EDQUOT, EROFS or EIO, or SQLite's SQLITE_FULL
("database or disk is full") and SQLITE_IOERR. Each is a failure of the run,
reported as one `WriteFailed` line; any other error keeps its own meaning.
A crawl also checks the free space before it fetches anything (`check_free_space`).
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from crawler.errors import ThiduaError, UsageError, WriteFailed

_ERRNOS = {
    errno.ENOSPC: "disk full",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EIO: "I/O error",
}
_SQLITE_FULL, _SQLITE_IOERR = 13, 10
DEFAULT_MIN_FREE_MB = 50.0


def disk_problem(exc: BaseException) -> str | None:
    """What the disk did wrong, if ``exc`` is a disk failure; else None. Pure."""
    if isinstance(exc, OSError):
        return _ERRNOS.get(exc.errno or 0)
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        text = str(exc).lower()
        if code == _SQLITE_FULL or "database or disk is full" in text:
            return "disk full"
        if (code is not None and code & 0xFF == _SQLITE_IOERR) or "disk i/o error" in text:
            return "I/O error"
    return None


def as_write_failed(exc: BaseException, path: object) -> WriteFailed | None:
    """``exc`` as a `WriteFailed` at ``path`` when it is a disk failure, else None."""
    problem = disk_problem(exc)
    return WriteFailed(problem, path) if problem else None


class LowDiskSpace(ThiduaError):
    """Less free space than the margin where the run would write: nothing was started."""


def _existing(path: Path) -> Path:
    """``path`` or its nearest existing parent (a directory the run will create)."""
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def free_mb(path: Path | str) -> float:
    """Free space, in MB (10^6 bytes), on the file system holding ``path``."""
    return shutil.disk_usage(_existing(Path(path))).free / 1e6


def min_free_mb(value: object = None) -> float:
    """The margin: ``value`` (a setting), else ``$THIDUA_MIN_FREE_MB``, else 50 MB.

    Raises:
        UsageError: the margin is not a number of at least 0.
    """
    raw = value if value not in (None, "") else os.environ.get("THIDUA_MIN_FREE_MB", "")
    if raw in (None, ""):
        return DEFAULT_MIN_FREE_MB
    try:
        margin = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        margin = -1.0
    if not margin >= 0:
        raise UsageError(f"THIDUA_MIN_FREE_MB must be a number of megabytes, 0 or more "
                         f"(got {raw!r})")
    return margin


def check_free_space(directories: Iterable[Path | str], margin_mb: float) -> None:
    """Refuse to start when a directory the run writes to has less than ``margin_mb`` free.

    Raises:
        LowDiskSpace: one of them is below the margin.
    """
    for directory in directories:
        free = free_mb(directory)
        if free < margin_mb:
            raise LowDiskSpace(
                f"only {free:.1f} MB free at {_existing(Path(directory))}, less than "
                f"THIDUA_MIN_FREE_MB ({margin_mb:g} MB): free space and run again "
                f"— nothing was fetched")
