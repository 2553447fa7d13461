"""The meeting's date, and where its year came from.

Articles date the meeting in the opening paragraphs in many forms: "Sáng ngày
14/6/2021", "Ngày 03/12/2015", "Chiều 19-7", "Ngày 11.7", "Sáng nay (18/12)",
"Hôm nay, ngày 31/7/2020", "Trong hai ngày 12 và 13/3/2019", "Ngày 15-16/1/2021",
"Chiều ngày 09 tháng 01 năm 2023". A date without a year takes it, in this
order, from the publication date, the URL (``/202207/``, ``/2014/07/``,
``...-20221112134353752.htm``) or the period reviewed ("6 tháng đầu năm 2022",
"tổng kết ... năm 2021", "ký kết giao ước thi đua năm 2023"); the source says
which (``text``, ``published``, ``url``, ``period``). Dates of cited documents
("Kế hoạch số 74/KH-CTĐ ngày 25/02/2016") are skipped.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import urlsplit

from crawler.extract.textops import fold_aligned as fold

_EVENT = re.compile(
    r"\b(?:sáng|chiều|tối|trưa|ngày|hôm|vào|từ|trong\s+(?:hai|ba|2|3)\s+ngày)\s+"
    r"(?:(?:nay|qua)\s*[(,]?\s*)?"
    r"(?:thứ\s+\w+,?\s+|chủ nhật,?\s+)?(?:ngày\s+|hôm\s+)?\(?\s*"
    r"(?:(?P<d>\d{1,2})(?:\s*(?:và|,|-|–)\s*\d{1,2}(?=\s*[/.-]\s*\d{1,2}))?"
    r"\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})(?:\s*(?P=sep)\s*(?P<y>\d{4}))?"
    r"|(?P<ld>\d{1,2})\s+tháng\s+(?P<lm>\d{1,2})(?:\s*,?\s*năm\s+(?P<ly>\d{4}))?)"
    r"(?!\d|[/.-]\d)", re.I)
# A document citation just before the date: "số 74/KH-CTĐ", "số 1484/ QĐ- UBND".
_CITATION = re.compile(r"\bsố\s*\d+\s*/|\d+\s*/\s*[A-ZĐ]{1,}[\w-]*\s*[\w-]*\s*$", re.I)
_URL_YEAR_MONTH = (
    re.compile(r"/((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])(?:[/-]|$)"),
    re.compile(r"(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:\d{6,})?(?!\d)"),
    re.compile(r"-(?:0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])((?:19|20)\d{2})-"),
)
# Period phrases (folded); group 1 is the year. Order matters: the first that matches wins.
_HALF = re.compile(r"\b(?:6|sau) thang (?:dau|cuoi) nam (\d{4})\b"
                   r"|\bso ket\b[^.;\n]{0,80}?\bnam (\d{4})\b")
_YEAR_END = re.compile(r"\btong ket\b[^.;\n]{0,100}?\bnam (\d{4})\b")
_COVENANT = re.compile(r"\bgiao uoc\b[^.;\n]{0,40}?\bnam (\d{4})\b")
_ANY_YEAR = re.compile(r"\bnam (\d{4})\b")
_SCHOOL_YEAR = re.compile(r"\bnam hoc (\d{4})\s*[-–/]\s*(\d{4})\b")
_BARE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_OPENING_LINES = 8
# A plan, not the event: "Hội thao sẽ bế mạc vào ngày 1-10", "dự kiến tổ chức ngày 15/12".
_PLANNED = re.compile(r"\b(?:sẽ|dự kiến)\b[^.;\n]{0,30}$", re.I)


def _mk(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def url_year_month(url: str | None) -> tuple[int, int] | None:
    """The year and month an article URL carries, when it carries one."""
    if not url:
        return None
    path = urlsplit(url).path
    for i, pattern in enumerate(_URL_YEAR_MONTH):
        if match := pattern.search(path):
            a, b = int(match.group(1)), int(match.group(2))
            return (b, a) if i == 2 else (a, b)
    return None


def _period_year(folded: str, month: int) -> int | None:
    """The year a meeting held in ``month`` belongs to, from the period it reviews.

    Last, the latest year the sentence writes: "chiều 25-4, chào mừng ... (30/4/1975 -
    30/4/2022)" is a meeting of 2022.
    """
    if match := _SCHOOL_YEAR.search(folded):   # a school year runs from September
        return int(match.group(1)) if month >= 9 else int(match.group(2))
    if match := _HALF.search(folded):
        return int(match.group(1) or match.group(2))
    if match := _YEAR_END.search(folded):
        year = int(match.group(1))
        return year if month >= 9 else year + 1  # year-end reviews run from November to March
    if match := _COVENANT.search(folded):
        year = int(match.group(1))
        return year - 1 if month >= 11 else year  # next year's covenant is signed from December
    if match := _ANY_YEAR.search(folded):
        return int(match.group(1))
    years = [int(y) for y in _BARE_YEAR.findall(folded)]
    return max(years) if years else None


def _year_for(month: int, day: int, published: date | None, url: str | None,
              sentence: str, context: str) -> tuple[int, str] | None:
    if published is not None:
        year = published.year
        found = _mk(year, month, day)
        if found and found > published + timedelta(days=3):
            year -= 1  # "Chiều 28-12" in an article of 3 January: last year's meeting
        return year, "published"
    if ym := url_year_month(url):
        year, url_month = ym
        return (year if month <= url_month + 1 else year - 1), "url"
    for chunk in (sentence, context):
        if year := _period_year(fold(chunk), month):
            return year, "period"
    return None


def _sentence(text: str, start: int) -> str:
    left = max(text.rfind(".", 0, start), text.rfind("\n", 0, start))
    right = [i for i in (text.find(".", start + 12), text.find("\n", start)) if i >= 0]
    return text[left + 1:min(right) if right else len(text)]


def find_event_date(text: str, published: str | None, url: str | None = None,
                    title: str | None = None) -> tuple[str | None, str | None]:
    """The meeting's date in the opening of ``text`` and where its year came from.

    Args:
        text: the main text.
        published: the publication date (ISO), when the page gives one.
        url: the article URL (its year and month date a yearless meeting).
        title: the title; its period ("... năm 2024") dates a yearless meeting last.

    Returns:
        ``(YYYY-MM-DD, source)`` or ``(None, None)``.
    """
    pub = date.fromisoformat(published[:10]) if published else None
    opening = "\n".join(text.split("\n", _OPENING_LINES)[:_OPENING_LINES])
    context = f"{title or ''}\n{opening}"
    for match in _EVENT.finditer(opening):
        line_start = opening.rfind("\n", 0, match.start()) + 1
        before = opening[max(line_start, match.start() - 45):match.start()]
        if _CITATION.search(before) or _PLANNED.search(before):
            continue
        d = int(match.group("d") or match.group("ld"))
        m = int(match.group("m") or match.group("lm"))
        y = match.group("y") or match.group("ly")
        if y:
            year, source = int(y), "text"
        else:
            found = _year_for(m, d, pub, url, _sentence(opening, match.start()), context)
            if found is None:
                continue
            year, source = found
        day = _mk(year, m, d)
        if day and date(1995, 1, 1) <= day and (pub is None or day <= pub + timedelta(days=3)):
            return day.isoformat(), source
    return None, None
