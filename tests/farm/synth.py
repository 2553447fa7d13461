"""Synthetic articles, derived deterministically from corpus articles.

Used for the crawl benchmark (``scale=N``) and for the incremental test
(``publish_new``). Each synthetic article is a corpus article moved back a
multiple of four years (so 29 February and weekdays stay valid), with a new
number and slug and one extra sentence that makes its text unique; its gold
record is the template's, moved by the same years.
"""

from __future__ import annotations

import copy
import re
from datetime import date
from typing import Any

from tests.farm.corpus import CorpusArticle

SCALE_BASE = 700_000     # numbers of scale=N articles: SCALE_BASE + i
NEW_BASE = 900_000       # numbers of publish_new articles: NEW_BASE + k
_YEAR = re.compile(r"(?<!\d)(19[89]\d|20[0-4]\d)(?!\d)")
_WEEKDAY_DATE = re.compile(
    r"(Thứ\s+(?:[2-7]|[Hh]ai|[Bb]a|[Tt]ư|[Nn]ăm|[Ss]áu|[Bb]ảy)|Chủ\s+[Nn]hật)"
    r"(,\s*)(\d{1,2})/(\d{1,2})/(\d{4})")
_WEEKDAYS = ("Hai", "Ba", "Tư", "Năm", "Sáu", "Bảy", "Nhật")
_TEXT_KEYS = ("title", "date_line", "lead", "body", "captions", "byline", "expected")


def _shift_str(text: str, years: int) -> str:
    return _YEAR.sub(lambda m: str(int(m.group(1)) + years), text)


def shift_years(value: Any, years: int) -> Any:
    """Move every year (1980-2049) inside strings, lists, tables and ints by ``years``."""
    if isinstance(value, str):
        return _shift_str(value, years)
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value + years if 1980 <= value <= 2049 else value
    if isinstance(value, list):
        return [shift_years(v, years) for v in value]
    if isinstance(value, dict):
        return {k: shift_years(v, years) for k, v in value.items()}
    return value


def _weekday_name(original: str, day: date) -> str:
    idx = day.weekday()
    if idx == 6:
        return "Chủ nhật" if "nhật" in original else "Chủ Nhật"
    word = original.split()[1]
    if word.isdigit():
        return f"Thứ {idx + 2}"
    name = _WEEKDAYS[idx]
    return f"Thứ {name if word[0].isupper() else name.lower()}"


def fix_weekdays(text: str) -> str:
    """Recompute "Thứ Tư, 20/07/2016" weekdays after the date moved."""
    def repl(m: re.Match[str]) -> str:
        d, mo, y = m.group(3), m.group(4), m.group(5)
        name = _weekday_name(m.group(1), date(int(y), int(mo), int(d)))
        return f"{name}{m.group(2)}{d}/{mo}/{y}"

    return _WEEKDAY_DATE.sub(repl, text)


def _unique_sentence(serial: int) -> str:
    received = 40 + serial % 997
    sessions = 3 + serial // 997
    return (f"Trong kỳ, cơ quan thường trực đã tiếp nhận {received} văn bản đến và tổ chức "
            f"{sessions} buổi tập huấn nghiệp vụ cho cán bộ phụ trách.")


def synthesize(template: CorpusArticle, serial: int, number: int, years: int) -> CorpusArticle:
    """A new article from ``template``: ``years`` earlier, its own number, slug and text."""
    data = copy.deepcopy(template.data)
    for key in _TEXT_KEYS:
        if key in data:
            data[key] = shift_years(data[key], years)
    data["date_line"] = fix_weekdays(data["date_line"])
    data["body"] = data["body"].rstrip() + "\n\n" + _unique_sentence(serial) + "\n"
    data["slug"] = f"{_shift_str(template.slug, years)}-{number}"
    data["number"] = number
    return CorpusArticle(site=template.site, slug=data["slug"], number=number,
                         category=template.category, data=data)


def years_back(serial: int, templates: int) -> int:
    """How far back the ``serial``-th synthetic article goes: -4, -8, -12 or -16 years."""
    return -4 * (1 + (serial // max(templates, 1)) % 4)
