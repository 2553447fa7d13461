"""Writers for search results: a table for people, JSON/JSON Lines/CSV for programs.

The machine formats stream one record at a time, so an export of the whole
archive runs in flat memory. JSON and JSON Lines also accept records already
encoded as JSON text (see ``search_cli.search.hit_json``), written as they are.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from crawler.extract.record import FIELDS


def _dumps(record: dict[str, Any] | str) -> str:
    """The record as one compact JSON text; a record already encoded is written as is."""
    if isinstance(record, str):
        return record
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def write_jsonl(records: Iterable[dict[str, Any] | str], out: IO[str]) -> int:
    count = 0
    for record in records:
        out.write(_dumps(record) + "\n")
        count += 1
    return count


def write_json(records: Iterable[dict[str, Any] | str], out: IO[str]) -> int:
    """A JSON array written element by element, never built in memory."""
    count = 0
    out.write("[")
    for record in records:
        out.write(",\n" if count else "\n")
        out.write(_dumps(record))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False) if value else ""
    return str(value)


def write_csv(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """One column per record field; nested values as JSON text in their cell."""
    columns = [*FIELDS, "score", "snippet"]
    writer = csv.writer(out)
    writer.writerow(columns)
    count = 0
    for record in records:
        writer.writerow([_cell(record.get(c)) for c in columns])
        count += 1
    return count


def write_table(records: Iterable[dict[str, Any]], out: IO[str], total: int | None) -> int:
    # rich is imported here, not at the top: the machine formats never need it.
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False, header_style="bold")
    for column in ("published", "province", "bloc", "event", "title"):
        table.add_column(column, overflow="fold")
    count = 0
    for record in records:
        cell = Text(record.get("title") or record.get("url", ""))
        if record.get("snippet"):
            cell.append("\n" + record["snippet"], style="dim")
        table.add_row(
            (record.get("published") or record.get("event_date") or "")[:10],
            record.get("province") or "",
            record.get("bloc") or "",
            record.get("event_type") or "",
            cell,
        )
        count += 1
    console = Console(file=out, soft_wrap=False)
    console.print(table)
    shown = f"{count} of {total}" if total is not None else str(count)
    console.print(f"[dim]{shown} matches[/dim]")
    return count


def write(fmt: str, records: Iterator[dict[str, Any]] | Iterator[str], out: IO[str],
          total: int | None = None) -> int:
    """Write ``records`` in ``fmt``; json and jsonl also take records already encoded."""
    if fmt == "json":
        return write_json(records, out)
    if fmt == "jsonl":
        return write_jsonl(records, out)
    if fmt == "csv":
        return write_csv(records, out)
    return write_table(records, out, total)
