"""The two text forms the FTS5 index is built from, computed at C speed.

``exact_text`` equals ``crawler.vntext.exact`` (NFC, one tone style, lower
case; tests hold them equal) but runs one regular expression over the whole
text instead of a Python loop per word: that loop was two-thirds of the cost
of indexing an article.

``loose_text`` is the exact form with đ → d. The folded FTS5 table's
tokenizer (unicode61, remove_diacritics 2) strips every other diacritic but
leaves đ alone (Unicode gives it no decomposition); the query goes through
the same two steps and the same tokenizer, so both sides meet by
construction, and "dang" finds "Đảng".
"""

from __future__ import annotations

import re
import unicodedata

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng


def _tone_moves() -> dict[str, str]:
    """Old-style open syllables ("oá", "uỷ") to the new style ("óa", "ủy"), in NFC."""
    moves = {}
    for first in "oOuU":
        for second in "aAeEyY":
            for tone in _TONES:
                old = unicodedata.normalize("NFC", first + second + tone)
                moves[old] = unicodedata.normalize("NFC", first + tone) + second
    return moves


_MOVES = _tone_moves()
# As in vntext: only at the end of a syllable, and never after "q" ("quý" stays).
_OLD_STYLE = re.compile(
    "(?<![qQ])[oOuU][" + "".join(sorted({old[1] for old in _MOVES})) + r"](?![^\W\d_])"
)


def exact_text(text: str) -> str:
    """``vntext.exact`` for a whole text: NFC, one tone style, lower case."""
    text = unicodedata.normalize("NFC", text)
    return _OLD_STYLE.sub(lambda m: _MOVES[m.group()], text).lower()


def loose_text(text: str) -> str:
    """The exact form with đ → d: what the folding tokenizer cannot do itself."""
    return exact_text(text).replace("đ", "d")
