"""Hand a researcher the raw pages behind a search result as one WARC file.

Each stored record is its own gzip member, so the bytes are copied as they
are: the exported file holds the very records the crawl wrote, digests and
all, and opens in any WARC tool.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from crawler.storage import as_write_failed


def record_bytes(warc_dir: Path, location: dict[str, Any]) -> bytes:
    """The raw (compressed) bytes of the record at ``{"file", "offset"}``."""
    path = Path(warc_dir) / str(location["file"])
    offset = int(location["offset"])
    with path.open("rb") as handle:
        handle.seek(offset)
        records = ArchiveIterator(handle)
        record = next(records)
        record.content_stream().read()
        records.read_to_end(record)
        length = records.get_record_length()
        handle.seek(offset)
        return handle.read(length)


def export_warc(locations: Iterable[dict[str, Any]], warc_dir: Path, out_path: Path) -> int:
    """Write the records at ``locations`` to ``out_path``; return how many.

    Raises:
        WriteFailed: the disk refused a write; the file is cut back to the
            records written whole, and the error says how many of how many.
    """
    unique = list(dict.fromkeys((str(loc["file"]), int(loc["offset"])) for loc in locations))
    count = 0
    fd = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        for name, offset in unique:
            data = memoryview(record_bytes(warc_dir, {"file": name, "offset": offset}))
            written = os.lseek(fd, 0, os.SEEK_CUR)
            try:
                while data:
                    data = data[os.write(fd, data):]
                if count + 1 == len(unique):
                    os.fsync(fd)
            except OSError as exc:
                failed = as_write_failed(exc, out_path)
                if failed is None:
                    raise
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, written)
                raise failed.with_progress(
                    f"{count} of {len(unique)} WARC records written") from None
            count += 1
    finally:
        os.close(fd)
    return count
