"""One crawl at a time per archive: an fcntl lock on a file beside the archive.

Cron and systemd timers happily start a run while the previous one is still
going; two writers would interleave WARC files and double-fetch pages. The
lock is advisory and released by the kernel when the process dies, so a
killed crawl never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from crawler.errors import ThiduaError
from crawler.storage import as_write_failed


class CrawlLocked(ThiduaError):
    """Another crawl holds the archive's lock."""


def lock_path_for(archive_path: Path | str) -> Path:
    """The lock file used for ``archive_path`` (``<archive>.lock``)."""
    path = Path(archive_path)
    return path.with_name(path.name + ".lock")


class CrawlLock:
    """Exclusive, non-blocking lock; a context manager.

    Raises:
        CrawlLocked: at `acquire()` when another process holds the lock.
    """

    def __init__(self, archive_path: Path | str) -> None:
        self.path = lock_path_for(archive_path)
        self._fd: int | None = None

    def acquire(self) -> CrawlLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 64).decode("ascii", "replace").strip() or "another process"
            os.close(fd)
            raise CrawlLocked(
                f"another crawl is running on this archive (pid {holder}; lock {self.path})"
            ) from None
        try:
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode("ascii"))
        except OSError as exc:
            os.close(fd)
            raise as_write_failed(exc, self.path) or exc from None
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> CrawlLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
