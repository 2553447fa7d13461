"""Publication date and event date, from the forms Vietnamese portals use.

Fast regexes handle every form seen on the portals ("26-2-2021",
"Thứ Tư, 20/07/2016, 09:05 [GMT+7]", "24/07/2019 08:21", ISO meta tags);
dateparser (told the language and the day-first order, so it does not guess)
is only the fallback for a meta value the regexes do not read.

Two traps: the header line with *today's* date that portals print above every
page ("Thứ 2, ngày 19 tháng 4 năm 2021", "Thứ Ba, 01/12/2026"), and the dated
"Tin khác" list of other articles. Neither is ever taken as the publication
date. The meeting's date is read in ``eventdate``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import cache
from urllib.parse import urlsplit

from crawler.extract.page import Page
from crawler.extract.textops import fold_aligned as fold

VN_TZ = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")

_NUM_DATE = re.compile(
    r"(?<![\d/.-])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?![\d/.-]?\d)")
_LONG_DATE = re.compile(
    r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:,\s*|\s+)?năm\s+(\d{4})", re.I)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?"
                  r"\s*(Z|[+-]\d{2}:?\d{2})?)?")
_TIME = re.compile(r"(?<![\d/.-])([01]?\d|2[0-3])\s*[:hg]\s*([0-5]\d)(?!\d)")
_WEEKDAY = re.compile(
    r"\b(?:thu\s*(?:hai|ba|tu|nam|sau|bay|[2-7])|chu\s*nhat|cn|t[2-7])\b", re.I)
# What may surround a date on a dateline; anything else means the line is prose.
_DATELINE_NOISE = re.compile(
    r"\b(?:thu\s*(?:hai|ba|tu|nam|sau|bay|[2-7])|chu\s*nhat|ngay|thang|nam|dang|cap\s*nhat|"
    r"luc|gio|gmt|xuat\s*ban|ngay\s*dang|thoi\s*gian|dang\s*luc|pm|am|cn)\b|[\d\W_]+", re.I)
_RELATED = re.compile(r"^(?:cac\s+)?(?:tin|bai(?:\s+viet)?)\s+(?:khac|lien\s+quan|cung\s+chuyen"
                      r"\s+muc|da\s+dua)\b")
_URL_DATE = re.compile(
    r"(?<!\d)(20\d{2}|19\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?!\d)")
_META_KEYS = ("article:published_time", "og:published_time", "datepublished", "pubdate",
              "publishdate", "publish-date", "dc.date.issued", "dc.date", "dcterms.created",
              "dcterms.issued", "date", "sailthru.date", "created")


@dataclass(frozen=True)
class Stamp:
    """A date read from the page, with the time of day when the page gives one."""

    day: date
    hour: int | None = None
    minute: int | None = None

    def iso(self) -> str:
        """``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:00+07:00``: never an invented time."""
        if self.hour is None:
            return self.day.isoformat()
        return f"{self.day.isoformat()}T{self.hour:02d}:{self.minute or 0:02d}:00+07:00"


def _mk(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def as_fetch_datetime(value: datetime | str) -> datetime:
    """Read ``fetched_at`` (ISO string or datetime) as an aware Asia/Ho_Chi_Minh datetime."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=VN_TZ)
    return value.astimezone(VN_TZ)


def _time_in(text: str) -> tuple[int, int] | tuple[None, None]:
    match = _TIME.search(text)
    return (int(match.group(1)), int(match.group(2))) if match else (None, None)


def parse_stamp(text: str) -> Stamp | None:
    """Read the first day-first date (and a time next to it) in a short text."""
    iso = _ISO.search(text)
    if iso:
        return _iso_stamp(iso)
    match = _NUM_DATE.search(text) or _LONG_DATE.search(text)
    if not match:
        return None
    groups = match.groups()
    d, m, y = (groups[0], groups[2], groups[3]) if len(groups) == 4 else groups
    day = _mk(int(y), int(m), int(d))
    if day is None:
        return None
    hour, minute = _time_in(text[: match.start()] + " " + text[match.end():])
    return Stamp(day, hour, minute)


def _iso_stamp(match: re.Match[str]) -> Stamp | None:
    y, m, d, hh, mm, tz = match.groups()
    if hh is None:
        day = _mk(int(y), int(m), int(d))
        return Stamp(day) if day else None
    try:
        moment = datetime.fromisoformat(match.group(0).replace("Z", "+00:00").replace(" ", "T"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(VN_TZ)
    return Stamp(moment.date(), moment.hour, moment.minute)


@cache
def _dateparser():
    import dateparser  # imported on first use: it is slow to import and rarely needed

    return dateparser


def parse_with_dateparser(text: str) -> Stamp | None:
    """Fallback for a meta value no regex reads: dateparser told vi and DMY."""
    moment = _dateparser().parse(text, languages=["vi"], settings={
        "DATE_ORDER": "DMY", "TIMEZONE": "Asia/Ho_Chi_Minh", "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"]})
    if moment is None:
        return None
    has_time = bool(_TIME.search(text))
    return Stamp(moment.date(), moment.hour if has_time else None,
                 moment.minute if has_time else None)


def is_header_today(line: str) -> bool:
    """True for the portal's "today" header ("Thứ tư, Ngày 24 Tháng 4 Năm 2024").

    These lines name a weekday and spell the date out in words; datelines of
    articles on the same portals use figures.
    """
    if len(line) > 60:
        return False
    folded = fold(line)
    weekday = _WEEKDAY.search(folded)
    if weekday is None:
        return False
    long_date = _LONG_DATE.search(line)
    if long_date:
        return weekday.start() < long_date.start()
    # "Thứ Ba, 01/12/2026": a weekday and a bare day in figures, no time of day. An
    # article's dateline in figures carries its time ("Thứ Tư, 20/07/2016, 09:05").
    num = _NUM_DATE.search(line)
    return bool(num) and weekday.start() < num.start() and not _TIME.search(
        line[num.end():]) and len(_DATELINE_NOISE.sub(" ", folded).split()) == 0


def is_dateline(line: str) -> bool:
    """A short line that is only a date, a time and their decorations."""
    if len(line) > 70 or not (_NUM_DATE.search(line) or _LONG_DATE.search(line)):
        return False
    rest = _DATELINE_NOISE.sub(" ", fold(line)).split()
    return len(rest) <= 1


def _plausible(stamp: Stamp | None, fetched: date) -> bool:
    """A page cannot be published after it was fetched, nor before the web."""
    return stamp is not None and date(1995, 1, 1) <= stamp.day <= fetched


def _before_related(lines: list[str]) -> list[str]:
    """The lines above a "Tin khác"/"Bài viết liên quan" heading: its dates are other news."""
    for i, line in enumerate(lines):
        if len(line) < 40 and _RELATED.match(fold(line)):
            return lines[:i]
    return lines


def _title_positions(lines: list[str], title: str | None) -> list[int]:
    if not title:
        return []
    whole = fold(title)
    head = whole[:50]
    start = whole[:8]
    return [i for i, line in enumerate(lines)
            if len(line) >= len(start) and fold(line[:8]) == start
            and (fold(line) == whole or (len(head) >= 20 and fold(line).startswith(head)))]


def _dateline_stamp(line: str, fetched: date) -> Stamp | None:
    """A dateline's date; never the header's today (a bare fetch day without a time)."""
    if not is_dateline(line) or is_header_today(line):
        return None
    stamp = parse_stamp(line)
    if stamp is not None and stamp.day == fetched and stamp.hour is None:
        return None
    return stamp if _plausible(stamp, fetched) else None


def find_dateline(lines: list[str], title: str | None, fetched: date) -> Stamp | None:
    """The dateline next to the title (after it first, then just before it).

    Without a title on the page, the first dateline above any related-news
    list; a "today" header line is never one.
    """
    lines = _before_related(lines)
    positions = _title_positions(lines, title)
    for pos in positions:
        for i in (pos + 1, pos + 2, pos + 3, pos - 1, pos - 2):
            if 0 <= i < len(lines) and (stamp := _dateline_stamp(lines[i], fetched)):
                return stamp
    if positions:
        return None
    for line in lines:
        if stamp := _dateline_stamp(line, fetched):
            return stamp
    return None


def _meta_stamp(page: Page, fetched: date) -> Stamp | None:
    for name in _META_KEYS:
        value = page.meta.get(name)
        if not value:
            continue
        stamp = parse_stamp(value) or parse_with_dateparser(value)
        if _plausible(stamp, fetched):
            return stamp
    return None


def _time_stamp(page: Page, fetched: date) -> Stamp | None:
    for value in page.times:
        if is_header_today(value):
            continue
        stamp = parse_stamp(value)
        if _plausible(stamp, fetched):
            return stamp
    return None


def _url_stamp(url: str, fetched: date) -> Stamp | None:
    match = _URL_DATE.search(urlsplit(url).path)
    if not match:
        return None
    day = _mk(*(int(g) for g in match.groups()))
    stamp = Stamp(day) if day else None
    return stamp if _plausible(stamp, fetched) else None


def publication_date(page: Page, title: str | None, url: str,
                     fetched_at: datetime | str) -> tuple[str | None, str | None]:
    """The publication date as ISO text and where it was found.

    Order of trust: meta tags, the dateline by the title, ``<time>``, the URL.

    Returns:
        ``(published, source)``, both None when the page gives no date.
    """
    fetched = as_fetch_datetime(fetched_at).date()
    finders = (
        ("meta", lambda: _meta_stamp(page, fetched)),
        ("dateline", lambda: find_dateline(page.lines, title, fetched)),
        ("time", lambda: _time_stamp(page, fetched)),
        ("url", lambda: _url_stamp(url, fetched)),
    )
    for source, finder in finders:
        stamp = finder()
        if stamp is not None:
            return stamp.iso(), source
    return None, None
