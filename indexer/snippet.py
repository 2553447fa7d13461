"""Snippets cut from the ORIGINAL text, the match marked, whatever the diacritics.

FTS5's own ``snippet()`` would have to run on the folded column and show
"thi dua" where the article says "thi đua". Instead each query unit becomes
a regular expression that accepts every diacritic variant of its folded
letters ("dua" -> ``[dđ][uùúủũụưừứửữự][aàáả...]``), so the match is found
directly in the text the reader will see, at C speed.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import islice

from crawler.vntext import fold, nfc
from indexer.query import MARK_END, MARK_START, SNIPPET_CHARS, ParsedText

_SPACE = re.compile(r"\s+")
# Latin letters with diacritics (Latin-1 Supplement to Extended-B, and the
# Vietnamese block of Latin Extended Additional).
_LATIN = [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]
_CONTEXT_BEFORE = 40
_MAX_MATCHES = 30


def _variant_table() -> dict[str, str]:
    table: dict[str, set[str]] = {}
    for code in _LATIN:
        char = chr(code).lower()
        base = fold(char)
        if len(base) == 1 and base.isascii() and base.isalpha():
            table.setdefault(base, {base}).add(char)
    return {base: "".join(sorted(chars)) for base, chars in table.items()}


_VARIANTS = _variant_table()


def _char_class(char: str) -> str:
    variants = _VARIANTS.get(char)
    return f"[{variants}]" if variants else re.escape(char)


@lru_cache(maxsize=512)
def unit_pattern(unit: str) -> str:
    """A regex source matching ``unit`` with any diacritics, as whole tokens."""
    words = ["".join(_char_class(c) for c in fold(token)) for token in unit.split()]
    return r"\b" + r"[\W_]+".join(words) + r"\b"


@lru_cache(maxsize=256)
def _compile(units: tuple[str, ...]) -> re.Pattern[str]:
    ordered = sorted(units, key=len, reverse=True)
    alternatives = "|".join(f"(?P<u{n}>{unit_pattern(u)})" for n, u in enumerate(ordered))
    return re.compile(alternatives, re.IGNORECASE)


def _best_anchor(matches: list[re.Match[str]], width: int) -> int:
    """Index of the match that starts the window holding the most distinct units.

    Two pointers over the matches (sorted by position): linear, since an
    article can repeat "thi đua" dozens of times.
    """
    best, best_count, end = 0, 0, 0
    inside: Counter[str | None] = Counter()
    for i, first in enumerate(matches):
        while end < len(matches) and matches[end].start() < first.start() + width:
            inside[matches[end].lastgroup] += 1
            end += 1
        if len(inside) > best_count:
            best, best_count = i, len(inside)
        inside[first.lastgroup] -= 1
        if not inside[first.lastgroup]:
            del inside[first.lastgroup]
    return best


def _cut(text: str, start: int, end: int) -> tuple[int, int]:
    """Move the window's ends out to word boundaries."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def make_snippet(text: str | None, parsed: ParsedText, width: int = SNIPPET_CHARS) -> str:
    """About ``width`` characters of ``text`` around the best match, matches marked.

    Without a match (or without query text) the snippet is the start of the
    text, so every hit shows something readable.
    """
    text = nfc(text or "")
    pattern = _compile(parsed.units) if parsed else None
    matches = list(islice(pattern.finditer(text), _MAX_MATCHES)) if pattern else []
    if not matches:
        start, end = _cut(text, 0, min(width, len(text)))
        return _render(text, 0, end, [])
    anchor = matches[_best_anchor(matches, width) if len(parsed.units) > 1 else 0].start()
    start, _ = _cut(text, max(0, anchor - _CONTEXT_BEFORE), anchor)
    start, end = _cut(text, start, min(len(text), start + width))
    return _render(text, start, end, list(pattern.finditer(text, start, end)))


def _render(text: str, start: int, end: int, marks: list[re.Match[str]]) -> str:
    pieces, at = [], start
    for match in marks:
        pieces += [text[at:match.start()], MARK_START, match.group(), MARK_END]
        at = match.end()
    pieces.append(text[at:end])
    body = _SPACE.sub(" ", "".join(pieces)).strip()
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")
