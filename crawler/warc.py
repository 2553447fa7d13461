"""The raw archive: every fetched response as a WARC record (ISO 28500, warcio).

Files rotate by size and every record is its own gzip member, so a record can
be read from its (file, offset) alone. A record is rendered in memory and
appended with one write; a crash can therefore leave at most one partial gzip
member at the end of the newest file, which `WarcWriter` cuts off when it opens
so that standard tools (`warcio check`, `warcio index`) read every file whole.
A write the disk refuses (full, read-only, failing) is cut back at once, so
the file still ends with a whole record, and raised as `WriteFailed`.
Durability is explicit: `sync()` flushes and fsyncs, and the pipeline calls it
before the archive database records an offset, so the database never points
at bytes that a crash could lose.
"""

from __future__ import annotations

import io
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.errors import WriteFailed
from crawler.storage import as_write_failed

WARC_SUFFIX = ".warc.gz"
DEFAULT_MAX_BYTES = 100 * 1024 * 1024
# Hop-by-hop framing Scrapy has already undone; keeping it would make the
# stored headers lie about the stored body.
_DROP_HEADERS = frozenset({"transfer-encoding"})


@dataclass(frozen=True)
class WarcLocation:
    """Where a record lives: file name relative to the WARC directory, byte offset."""

    file: str
    offset: int

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "offset": self.offset}


def warc_dir_for(archive_path: Path | str, configured: Path | str | None = None) -> Path:
    """The WARC directory of an archive: the configured one, else ``warc/`` beside it."""
    configured = configured or os.environ.get("THIDUA_WARC_DIR")
    return Path(configured) if configured else Path(archive_path).parent / "warc"


def complete_length(path: Path) -> int:
    """Length of the prefix of ``path`` made of complete gzip members.

    Why not warcio: a truncated final member decompresses "successfully" up to
    the cut in most readers; only the deflate end-of-stream marker proves a
    member is whole.
    """
    data = path.read_bytes()
    good = 0
    while good < len(data):
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        try:
            inflater.decompress(data[good:])
        except zlib.error:
            break
        if not inflater.eof:
            break
        good = len(data) - len(inflater.unused_data)
    return good


def repair(path: Path) -> int:
    """Cut a half-written tail off ``path``; return the number of bytes removed."""
    size = path.stat().st_size
    good = complete_length(path)
    if good < size:
        with path.open("r+b") as handle:
            handle.truncate(good)
            handle.flush()
            os.fsync(handle.fileno())
    return size - good


def _timestamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d%H%M%S")


class WarcWriter:
    """Appends response records to size-rotated ``*.warc.gz`` files in one directory."""

    def __init__(self, directory: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES,
                 prefix: str = "thidua") -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.max_bytes = max_bytes
        self.prefix = prefix
        self.repaired_bytes = 0
        self._fd: int | None = None
        self._name = ""
        self._size = 0
        self._dirty = False
        self._serial = 0
        self._broken: Exception | None = None
        self._open_last()

    def _files(self) -> list[Path]:
        return sorted(self.directory.glob(f"{self.prefix}-*{WARC_SUFFIX}"))

    def _open_last(self) -> None:
        files = self._files()
        if files:
            self.repaired_bytes = repair(files[-1])
            self._serial = len(files)
            if files[-1].stat().st_size < self.max_bytes:
                self._open(files[-1])
                return
        self._rotate()

    def _open(self, path: Path) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self._name = path.name
        self._size = os.fstat(self._fd).st_size

    def _rotate(self) -> None:
        self.close()
        self._serial += 1
        name = f"{self.prefix}-{_timestamp()}-{self._serial:05d}-{os.getpid()}{WARC_SUFFIX}"
        self._open(self.directory / name)

    def write_response(self, url: str, status: int, reason: str,
                       headers: list[tuple[str, str]], body: bytes,
                       ip_address: str | None = None) -> WarcLocation:
        """Append one response record; its bytes reach the disk at the next `sync()`."""
        if self._size >= self.max_bytes:
            self._rotate()
        kept = [(k, v) for k, v in headers if k.lower() not in _DROP_HEADERS]
        http_headers = StatusAndHeaders(f"{status} {reason}".strip(), kept,
                                        protocol="HTTP/1.1")
        extra = {"WARC-IP-Address": ip_address} if ip_address else None
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=True)
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                           length=len(body), http_headers=http_headers,
                                           warc_headers_dict=extra)
        writer.write_record(record)
        data = buffer.getvalue()
        assert self._fd is not None
        offset = self._size
        view = memoryview(data)
        if self._broken is not None:
            raise self._broken
        try:
            while view:
                view = view[os.write(self._fd, view):]
        except OSError as exc:
            failure = self._failure(exc)
            self._cut_back(offset, failure)
            raise failure from None
        self._size += len(data)
        self._dirty = True
        return WarcLocation(self._name, offset)

    def _cut_back(self, offset: int, failure: Exception) -> None:
        """Remove the part of a record a failed write left (the file ends at ``offset``).

        If even that fails, nothing more is appended in this run (``failure``
        is raised again); the next writer's `repair` cuts the tail at open, as
        after a crash.
        """
        assert self._fd is not None
        try:
            os.ftruncate(self._fd, offset)
        except OSError:
            self._broken = failure

    def _failure(self, exc: OSError) -> OSError | WriteFailed:
        """A disk failure (full, read-only, failing) as `WriteFailed`; any other as is."""
        return as_write_failed(exc, self.directory / self._name) or exc

    def sync(self) -> None:
        """Make every record written so far durable (fsync), at most once per batch.

        Raises:
            WriteFailed: the disk could not make them durable (full, failing):
                none of them may be pointed at.
        """
        if self._dirty and self._fd is not None:
            try:
                os.fsync(self._fd)
            except OSError as exc:
                raise self._failure(exc) from None
            self._dirty = False

    def close(self) -> None:
        """Sync and close the current file (closed even when the sync fails)."""
        if self._fd is not None:
            try:
                self.sync()
            finally:
                os.close(self._fd)
                self._fd = None

    def __enter__(self) -> WarcWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(frozen=True)
class StoredResponse:
    """One response record of the WARC files, its body left where it is.

    Attributes:
        url: the WARC-Target-URI (the address the response came from).
        status: the HTTP status (0 when the record has no HTTP headers).
        content_type: the HTTP Content-Type, lower-cased ("" when absent).
        date: the WARC-Date (ISO 8601, UTC), when the response was received.
        location: where to read it again with ``read_record``.
    """

    url: str
    status: int
    content_type: str
    date: str
    location: WarcLocation


def iter_responses(directory: Path | str, prefix: str = "thidua") -> Iterator[StoredResponse]:
    """Every response record of every WARC file, oldest first (file name, then offset).

    File names start with the time they were opened and records are appended,
    so this order is the order the responses were received.
    """
    for path in sorted(Path(directory).glob(f"{prefix}-*{WARC_SUFFIX}")):
        with path.open("rb") as handle:
            records = ArchiveIterator(handle)
            for record in records:
                if record.rec_type != "response":
                    continue
                http = record.http_headers
                yield StoredResponse(
                    url=record.rec_headers.get_header("WARC-Target-URI") or "",
                    status=int(http.get_statuscode()) if http else 0,
                    content_type=(http.get_header("Content-Type") or "").lower() if http else "",
                    date=record.rec_headers.get_header("WARC-Date") or "",
                    location=WarcLocation(path.name, records.get_record_offset()))


def read_record(directory: Path | str, location: dict[str, object]) -> tuple[int, bytes]:
    """Status and body of the record at ``location`` (``{"file", "offset"}``)."""
    path = Path(directory) / str(location["file"])
    with path.open("rb") as handle:
        handle.seek(int(location["offset"]))  # type: ignore[call-overload]
        for record in ArchiveIterator(handle):
            status = int(record.http_headers.get_statuscode()) if record.http_headers else 0
            return status, record.content_stream().read()
    raise FileNotFoundError(f"no WARC record at {path}:{location['offset']}")
