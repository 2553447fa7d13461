"""The backend-neutral search model: the query, its hits, and the text parser.

Both backends (SQLite FTS5 and Elasticsearch) take a ``SearchQuery`` and
answer with ``SearchResult``; the helpers here fix the semantics they share
(which stored pages a query looks at, what the date of a record is, how a bloc
filter compares), so the contract suite can demand the same hits from both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, Protocol

from crawler.errors import UsageError
from crawler.extract.record import EVENT_TYPES
from crawler.vntext import fold, nfc, squash_spaces

SORTS = ("relevance", "date")
# Highlight markers around a match in a snippet, and the snippet's length.
MARK_START = "["
MARK_END = "]"
SNIPPET_CHARS = 160

# A token is what FTS5's unicode61 tokenizer keeps: letters and digits.
_TOKEN = re.compile(r"[^\W_]+")
# Typographic quotes count as the ASCII quote: Vietnamese text uses “ ”.
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"'})


@dataclass
class SearchQuery:
    """What the user asked for; every filter narrows, ``text`` also ranks.

    Which archived article pages are looked at (``scope``): bloc news by
    default; every page with ``include_other``; pages whose ``bloc_score``
    is at least ``min_score`` (bloc news or not) when that is set.
    """

    text: str = ""
    province: str | None = None
    bloc: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    event: str | None = None
    site: str | None = None
    include_other: bool = False
    min_score: float | None = None
    # Any of these sites (e.g. every site of one source kind); empty: no filter.
    sites: tuple[str, ...] = ()
    sort: Literal["relevance", "date"] = "relevance"
    limit: int | None = 20
    offset: int = 0
    facets: bool = False


@dataclass
class Hit:
    """One match: the whole record, its relevance score and a marked snippet.

    ``raw`` is the record's JSON text as stored, when the backend has it: a
    JSON writer can splice score and snippet into it instead of decoding and
    re-encoding every record of an export (the dominant cost after the snippet).
    """

    record: dict[str, Any]
    score: float
    snippet: str
    raw: str | None = field(default=None, repr=False, compare=False)


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class ParsedText:
    """The user's text as units that must all match.

    ``terms`` are single tokens typed bare; ``phrases`` are quoted runs of
    tokens (joined by one space) that must appear in this order, adjacent.
    Both keep the user's diacritics (NFC) so a backend can fold them or
    match them exactly.
    """

    terms: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()

    @property
    def units(self) -> tuple[str, ...]:
        return self.phrases + self.terms

    def __bool__(self) -> bool:
        return bool(self.terms or self.phrases)


class SearchBackend(Protocol):
    name: str

    def index(self, articles: Iterable[dict]) -> int: ...

    def rebuild(self, archive: Any) -> int: ...

    def sync(self, archive: Any) -> int: ...

    def search(self, q: SearchQuery) -> SearchResult: ...

    def iter_hits(self, q: SearchQuery) -> Iterator[Hit]: ...

    def timeline(self, q: SearchQuery, unit: str) -> list[Any]: ...


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def parse_text(text: str) -> ParsedText:
    """Split user text into bare terms and "quoted phrases".

    Everything else the user types is data, never query syntax: FTS5 or
    Lucene operators (``*``, ``-``, ``:``, ``NEAR``, ``OR``) reach the index
    as plain words or vanish as punctuation, so no user text can cause a
    syntax error deeper down.

    Raises:
        UsageError: a quote is left open.
    """
    text = nfc(text or "").translate(_QUOTES)
    if text.count('"') % 2:
        raise UsageError(f"unbalanced quote in query {text!r}: close the phrase with \"")
    terms: list[str] = []
    phrases: list[str] = []
    for n, part in enumerate(text.split('"')):
        if n % 2:
            tokens = _tokens(part)
            if len(tokens) > 1:
                phrases.append(" ".join(tokens))
            else:
                terms.extend(tokens)
        else:
            terms.extend(_tokens(part))
    return ParsedText(tuple(_unique(terms)), tuple(_unique(phrases)))


def _unique(units: list[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for unit in units:
        if unit.lower() not in seen:
            seen.add(unit.lower())
            kept.append(unit)
    return kept


def check_query(q: SearchQuery) -> None:
    """Refuse a query no backend could answer sensibly, with one line.

    Raises:
        UsageError: unknown sort or event type, negative limit/offset, empty date range.
    """
    if q.sort not in SORTS:
        raise UsageError(f"unknown sort {q.sort!r}: use one of {', '.join(SORTS)}")
    if q.event is not None and q.event not in EVENT_TYPES:
        raise UsageError(f"unknown event type {q.event!r}: use one of {', '.join(EVENT_TYPES)}")
    if q.limit is not None and q.limit < 0:
        raise UsageError(f"limit must not be negative (got {q.limit})")
    if q.offset < 0:
        raise UsageError(f"offset must not be negative (got {q.offset})")
    if q.date_from and q.date_to and q.date_from > q.date_to:
        raise UsageError(f"date range is empty: {q.date_from} is after {q.date_to}")
    if q.min_score is not None and not 0.0 <= q.min_score <= 1.0:
        raise UsageError(f"min score must be between 0 and 1 (got {q.min_score})")


Scope = tuple[Literal["bloc_news", "all", "min_score"], float | None]


def scope(q: SearchQuery) -> Scope:
    """Which stored article pages the query looks at, the same in both backends.

    Every article page is archived and indexed (a threshold decides what is
    shown, not what is kept): ``("bloc_news", None)`` by default,
    ``("all", None)`` with ``include_other``, ``("min_score", X)`` for pages
    with ``bloc_score >= X``, bloc news or not.
    """
    if q.min_score is not None:
        return "min_score", float(q.min_score)
    if q.include_other:
        return "all", None
    return "bloc_news", None


def day_range_sql(q: SearchQuery, column: str = "day") -> tuple[list[str], list[str]]:
    """The query's date range as SQL conditions on a ``day`` column, and their parameters.

    One place for the range both the embedded search and the timeline's base apply.
    """
    where, params = [], []
    if q.date_from:
        where.append(f"{column} >= ?")
        params.append(q.date_from.isoformat())
    if q.date_to:
        where.append(f"{column} <= ?")
        params.append(q.date_to.isoformat())
    return where, params


def date_key(record: dict[str, Any]) -> str | None:
    """What date sorting orders by: ``published``, else ``event_date``."""
    return record.get("published") or record.get("event_date") or None


def record_day(record: dict[str, Any]) -> str | None:
    """The calendar day date filters compare (YYYY-MM-DD), local time as published."""
    when = date_key(record)
    return when[:10] if when else None


def bloc_folded(text: str | None) -> str:
    """The form the bloc filter compares: folded, single-spaced; needle and haystack alike."""
    return fold(squash_spaces(nfc(text or "")))
