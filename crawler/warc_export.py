"""Hand a researcher the raw pages behind a search result as one WARC file.

Each stored record is its own gzip member, so the bytes are copied as they
are: the exported file holds the very records the crawl wrote, digests and
all, and opens in any WARC tool.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator


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
    """Write the records at ``locations`` to ``out_path``; return how many."""
    count = 0
    seen: set[tuple[str, int]] = set()
    with Path(out_path).open("wb") as out:
        for location in locations:
            key = (str(location["file"]), int(location["offset"]))
            if key in seen:
                continue
            seen.add(key)
            out.write(record_bytes(warc_dir, location))
            count += 1
    return count
