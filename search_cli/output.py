"""Writers for search results: a table for people, JSON/JSON Lines for programs,
CSV/XLSX for spreadsheets (``search_cli.tabular``).

The machine formats stream one record at a time, so an export of the whole
archive runs in flat memory. JSON and JSON Lines also accept records already
encoded as JSON text (see ``search_cli.search.hit_json``), written as they are.
Facet counts, when asked for, travel with the records: JSON becomes one
object ``{"total", "facets", "hits"}``, JSON Lines ends with one
``{"total", "facets"}`` line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from search_cli import tabular

Facets = dict[str, dict[str, int]]
TIMELINE_COLUMNS = ("period", "matches", "total", "share")


def _dumps(record: dict[str, Any] | str) -> str:
    """The record as one compact JSON text; a record already encoded is written as is."""
    if isinstance(record, str):
        return record
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def write_jsonl(records: Iterable[dict[str, Any] | str], out: IO[str],
                facets: Facets | None = None, total: int | None = None) -> int:
    count = 0
    for record in records:
        out.write(_dumps(record) + "\n")
        count += 1
    if facets is not None:
        out.write(_dumps({"total": total, "facets": facets}) + "\n")
    return count


def write_json(records: Iterable[dict[str, Any] | str], out: IO[str],
               facets: Facets | None = None, total: int | None = None) -> int:
    """A JSON array written element by element, never built in memory.

    With ``facets``, the array is the ``hits`` member of one object that
    also holds the total and the facet counts.
    """
    count = 0
    if facets is not None:
        out.write(f'{{"total":{json.dumps(total)},"facets":{_dumps(facets)},"hits":')
    out.write("[")
    for record in records:
        out.write(",\n" if count else "\n")
        out.write(_dumps(record))
        count += 1
    out.write("\n]" if count else "]")
    out.write("}\n" if facets is not None else "\n")
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


def write(fmt: str, records: Iterator[dict[str, Any]] | Iterator[str], out: IO[Any],
          total: int | None = None, *, facets: Facets | None = None, bom: bool = True) -> int:
    """Write ``records`` in ``fmt``; json and jsonl also take records already encoded.

    ``out`` is a text stream, except for xlsx: a binary one.
    """
    if fmt == "json":
        return write_json(records, out, facets, total)
    if fmt == "jsonl":
        return write_jsonl(records, out, facets, total)
    if fmt == "csv":
        return tabular.write_csv(records, out, bom=bom)  # type: ignore[arg-type]
    if fmt == "xlsx":
        return tabular.write_xlsx(records, out)  # type: ignore[arg-type]
    return write_table(records, out, total)  # type: ignore[arg-type]


def _timeline_cells(row: dict[str, Any]) -> list[Any]:
    return [row[c] for c in TIMELINE_COLUMNS]


def write_timeline(fmt: str, rows: list[dict[str, Any]], out: IO[Any], *,
                   bom: bool = True) -> int:
    """Counts per period (``indexer.timeline``) in ``fmt``: one row or record per period."""
    if fmt == "json":
        return write_json(rows, out)
    if fmt == "jsonl":
        return write_jsonl(rows, out)
    if fmt == "csv":
        return tabular.write_csv(rows, out, bom=bom, columns=TIMELINE_COLUMNS,
                                 cells=_timeline_cells)
    if fmt == "xlsx":
        return tabular.write_xlsx(rows, out, columns=TIMELINE_COLUMNS, cells=_timeline_cells)
    return _timeline_table(rows, out)


def _timeline_table(rows: list[dict[str, Any]], out: IO[str]) -> int:
    from rich.console import Console
    from rich.table import Table

    table = Table(header_style="bold")
    for column, justify in (("period", "left"), ("matches", "right"), ("total", "right"),
                            ("share", "right"), ("", "left")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    peak = max((r["matches"] for r in rows), default=0) or 1
    for r in rows:
        share = "" if r["share"] is None else f"{r['share']:.1%}"
        table.add_row(r["period"], str(r["matches"]), str(r["total"]), share,
                      "█" * round(20 * r["matches"] / peak))
    console = Console(file=out, soft_wrap=False)
    console.print(table)
    console.print(f"[dim]{sum(r['matches'] for r in rows)} matches in {len(rows)} periods[/dim]")
    return len(rows)
