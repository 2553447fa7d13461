"""Snippets cut from the ORIGINAL text, the match marked, whatever the diacritics.

FTS5's own ``snippet()`` would have to run on the folded column and show
"thi dua" where the article says "thi đua". Instead each query unit becomes
a regular expression that accepts every diacritic variant of its folded
letters ("dua" -> ``[dđ][uùúủũụưừứửữự][aàáả...]``), so the match is found
directly in the text the reader will see, at C speed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from crawler.vntext import fold, nfc
from indexer.query import MARK_END, MARK_START, SNIPPET_CHARS, ParsedText

_SPACE = re.compile(r"\s+")
# Latin letters with diacritics (Latin-1 Supplement to Extended-B, and the
# Vietnamese block of Latin Extended Additional).
_LATIN = [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]
_CONTEXT_BEFORE = 40
_MAX_MATCHES = 30


def _variant_table() -> dict[str, str]:
    """Each folded letter to every letter that folds to it, in both cases.

    The cases are spelled out rather than left to ``re.IGNORECASE``: without
    that flag, and with the first letters as a lookahead (``_compile``), the
    regex engine skips ahead to candidate letters in C, several times faster
    over a long text.
    """
    table: dict[str, set[str]] = {}
    for code in [*range(0x61, 0x7B), *_LATIN]:
        char = chr(code).lower()
        base = fold(char)
        if len(base) == 1 and base.isascii() and base.isalpha():
            table.setdefault(base, {base}).add(char)
    return {base: "".join(sorted(_both_cases(chars))) for base, chars in table.items()}


def _both_cases(chars: set[str]) -> set[str]:
    return chars | {c.upper() for c in chars if len(c.upper()) == 1}


_VARIANTS = _variant_table()


def _letters(char: str) -> str:
    """Every character a folded ``char`` stands for in the text (itself, if none)."""
    return _VARIANTS.get(char) or "".join(sorted(_both_cases({char})))


def _char_class(char: str) -> str:
    letters = _letters(char)
    return f"[{re.escape(letters)}]" if len(letters) > 1 else re.escape(char)


@lru_cache(maxsize=512)
def unit_pattern(unit: str) -> str:
    """A regex source matching ``unit`` with any diacritics and case, bounded by ``\\b``."""
    words = ["".join(_char_class(c) for c in fold(token)) for token in unit.split()]
    return r"[\W_]+".join(words)


@lru_cache(maxsize=256)
def _compile(units: tuple[str, ...]) -> re.Pattern[str]:
    ordered = sorted(units, key=len, reverse=True)
    alternatives = "|".join(f"(?P<u{n}>{unit_pattern(u)})" for n, u in enumerate(ordered))
    firsts = {c for u in ordered if fold(u) for c in _letters(fold(u)[0])}
    ahead = "(?=[" + re.escape("".join(sorted(firsts))) + "])" if firsts else ""
    return re.compile(ahead + r"\b(?:" + alternatives + r")\b")


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


def _anchor(pattern: re.Pattern[str], text: str, units: int, width: int) -> int | None:
    """Start of the snippet's anchor match, reading no further than needed.

    The first window that holds every unit is the best there is, so the scan
    stops there (for one unit: at the first match) instead of collecting
    every match of a long text; only when no window holds them all does
    ``_best_anchor`` pick among the first ``_MAX_MATCHES``. The window found
    is the one ``_best_anchor`` would pick: the earliest anchor whose window
    holds every unit.
    """
    seen: list[re.Match[str]] = []
    window: Counter[str | None] = Counter()
    front = 0
    for match in pattern.finditer(text):
        if units == 1:
            return match.start()
        seen.append(match)
        window[match.lastgroup] += 1
        while seen[front].start() <= match.start() - width:
            window[seen[front].lastgroup] -= 1
            if not window[seen[front].lastgroup]:
                del window[seen[front].lastgroup]
            front += 1
        if len(window) == units:
            return seen[front].start()
        if len(seen) == _MAX_MATCHES:
            break
    return seen[_best_anchor(seen, width)].start() if seen else None


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
    text = text or ""
    if not unicodedata.is_normalized("NFC", text):
        text = nfc(text)
    pattern = _compile(parsed.units) if parsed else None
    anchor = _anchor(pattern, text, len(parsed.units), width) if pattern else None
    if anchor is None:
        start, end = _cut(text, 0, min(width, len(text)))
        return _render(text, 0, end, [])
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
