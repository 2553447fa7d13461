"""Results as rows for spreadsheets: CSV (RFC 4180, UTF-8 with a BOM) and XLSX.

A researcher opens these in Excel or LibreOffice, so every cell is text a
person reads: columns in reading order (who, where, when, what; the long text
last), lists joined with "; ", nested values written the way a reader says
them ("Sở Nội vụ", "Cờ thi đua của UBND tỉnh: Sở Y tế (hạng 1)"), booleans as
true/false. The BOM is what makes Excel read UTF-8 instead of mojibake; tools
that dislike it get ``bom=False``. Both writers stream, one row at a time, so
an export of the whole archive runs in flat memory.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import IO, Any

from crawler.extract.record import FIELDS

BOM = "\ufeff"
# First the columns a reader scans, then the rest of the record, the text last.
FIRST = ("id", "url", "published", "province", "province_current", "site", "bloc",
         "event_type", "period", "event_date", "title")
THEN = ("event_types", "leader_unit", "deputy_unit", "handover", "members", "awards",
        "people", "documents", "published_source", "bloc_key", "is_bloc_news", "bloc_score",
        "bloc_signals", "urls", "fetched_at", "content_hash", "warc")
COLUMNS = (*FIRST, *THEN, *(f for f in FIELDS if f not in (*FIRST, *THEN, "text")),
           "score", "snippet", "text")
# Excel refuses a longer cell; the cut is marked, the full text is in the JSON exports.
XLSX_CELL_MAX = 32_767
_CUT = "…"


def _join(*parts: Any, sep: str = ", ") -> str:
    return sep.join(str(p) for p in parts if p not in (None, ""))


def _unit(value: dict[str, Any]) -> str:
    return str(value.get("name") or value.get("as_written") or "")


def _award(value: dict[str, Any]) -> str:
    rank = f"(hạng {value['rank']})" if value.get("rank") is not None else ""
    return _join(_join(value.get("award"), value.get("recipient"), sep=": "), rank, sep=" ")


def _person(value: dict[str, Any]) -> str:
    return _join(value.get("name"), value.get("title"), value.get("unit"))


def _document(value: dict[str, Any]) -> str:
    return str(value.get("as_written") or value.get("number") or "")


def _handover(value: dict[str, Any]) -> str:
    year = f"({value['year']})" if value.get("year") else ""
    return _join(_join(value.get("from"), value.get("to"), sep=" → "), year, sep=" ")


def _warc(value: dict[str, Any]) -> str:
    return f"{value.get('file')}@{value.get('offset')}"


# How a nested value of each field is said in one cell.
_NESTED: dict[str, Callable[[dict[str, Any]], str]] = {
    "leader_unit": _unit, "deputy_unit": _unit, "members": _unit, "awards": _award,
    "people": _person, "documents": _document, "handover": _handover, "warc": _warc,
}


def cell_text(column: str, value: Any) -> str:
    """One value as the text of its cell: what a reader of the spreadsheet should see."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return _NESTED.get(column, _unit)(value)
    if isinstance(value, list):
        say = _NESTED.get(column, _unit)
        return "; ".join(say(v) if isinstance(v, dict) else str(v) for v in value)
    return str(value)


def row(record: dict[str, Any]) -> list[str]:
    return [cell_text(c, record.get(c)) for c in COLUMNS]


def write_csv(records: Iterable[dict[str, Any]], out: IO[str], *, bom: bool = True,
              columns: tuple[str, ...] = COLUMNS,
              cells: Callable[[dict[str, Any]], list[Any]] = row) -> int:
    """RFC 4180 CSV (CRLF, fields quoted when needed), a BOM first unless ``bom=False``."""
    if bom:
        out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    count = 0
    for record in records:
        writer.writerow(cells(record))
        count += 1
    return count


def _xlsx_value(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    value = _illegal().sub("", value)
    if len(value) > XLSX_CELL_MAX:
        value = value[:XLSX_CELL_MAX - len(_CUT)] + _CUT
    return value


@cache
def _illegal() -> re.Pattern[str]:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE


def _typed(record: dict[str, Any]) -> list[Any]:
    """Cells for XLSX: numbers and booleans keep their type, the rest as for CSV."""
    return [record.get(c) if isinstance(record.get(c), (int, float)) else
            cell_text(c, record.get(c)) for c in COLUMNS]


def write_xlsx(records: Iterable[dict[str, Any]], out: IO[bytes], *,
               columns: tuple[str, ...] = COLUMNS,
               cells: Callable[[dict[str, Any]], list[Any]] = _typed) -> int:
    """One sheet, a header row frozen, one row per record; openpyxl's write-only mode.

    Write-only mode streams rows to a temporary file and zips it at the end,
    so memory stays flat however many records. Strings go in as strings
    (never formulas, even when a title starts with "="), with the control
    characters XML cannot hold removed.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("thidua")
    sheet.freeze_panes = "A2"

    def cell(value: Any) -> Any:
        value = _xlsx_value(value)
        if not (isinstance(value, str) and value.startswith("=")):
            return value
        made = WriteOnlyCell(sheet, value=value)  # would be a formula: force a string
        made.data_type = "s"
        return made

    sheet.append([cell(c) for c in columns])
    count = 0
    for record in records:
        sheet.append([cell(v) for v in cells(record)])
        count += 1
    book.save(out)
    return count
