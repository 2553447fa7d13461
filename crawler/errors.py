"""Named errors that carry their reason, shared by every layer.

The CLI turns a ``UsageError`` into exit code 2 and any other ``ThiduaError``
into exit code 1, each as one line; nothing below the CLI prints.
"""

from __future__ import annotations


class ThiduaError(Exception):
    """A failure the user can act on; its message is the one line shown."""


class UsageError(ThiduaError):
    """The user's input is wrong (unknown province, bad date, bad query)."""


class UnknownProvince(UsageError):
    def __init__(self, name: str) -> None:
        super().__init__(f"unknown province {name!r}: give an old or current province name")
        self.name = name


class RegistryError(UsageError):
    """A site registry or data file cannot be read or is malformed."""


class ArchiveError(ThiduaError):
    """The archive cannot be opened or written."""


class WriteFailed(ThiduaError):
    """The disk refused a write (full, over quota, read-only, failing): the run fails.

    Attributes:
        problem: "disk full", "disk quota exceeded", "read-only file system" or "I/O error".
        path: the file or directory the write was for.
        progress: what the command got done before (e.g. "3 of 60 new articles
            stored"), filled in by the command that reports it.
    """

    def __init__(self, problem: str, path: object, progress: str | None = None) -> None:
        self.problem, self.path, self.progress = problem, str(path), progress
        super().__init__(self.problem, self.path, self.progress)

    @property
    def kind(self) -> str:
        """The failure kind for the crawl log and `thidua status`."""
        return "disk_full" if self.problem in ("disk full", "disk quota exceeded") else "io_error"

    def with_progress(self, progress: str) -> WriteFailed:
        return WriteFailed(self.problem, self.path, progress)

    def __str__(self) -> str:
        advice = ("free space and run again" if self.kind == "disk_full"
                  else "check the disk and run again")
        done = f": {self.progress}" if self.progress else ""
        return f"{self.problem} at {self.path}{done}; {advice} — nothing already archived was lost"
