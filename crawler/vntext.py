"""Vietnamese text normalisation shared by extraction, the registry and search.

Every comparison in the project goes through these helpers so that "hoá" and
"hóa", "Thi đua" and "thi dua", NFD input and NFC input all meet. They are
pure and cached because they run on every token of every article.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng

# Open syllables ending in oa/oe/uy carry the tone on the first vowel in the
# style most portals use ("hóa", "khỏe", "thủy"); the other style puts it on
# the second ("hoá", "khoẻ", "thuỷ"). "qu" + y is a consonant cluster plus one
# vowel, so "quý" is left alone. In NFD the dot below sorts before a circumflex
# or breve ("ậ" = a + dot + circumflex), so a following combining mark means the
# syllable is not "oa/uy + tone" ("Thuận", "hoặc") and must be left alone.
_OPEN_GLIDE = re.compile(
    rf"(?<![qQ])([oOuU])([aAeEyY])([{_TONES}])(?![^\W\d_]|[\u0300-\u036f])")

_SPACE = re.compile(r"\s+")


def nfc(text: str) -> str:
    """NFC-normalise so that precomposed and combining input compare equal."""
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=65536)
def _normalize_tones_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    moved = _OPEN_GLIDE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", moved)


def normalize_tones(text: str) -> str:
    """Put tone marks in one placement style, so "hoá" equals "hóa"."""
    return " ".join(_normalize_tones_word(w) for w in nfc(text).split(" "))


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.lower())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("đ", "d")


def fold(text: str) -> str:
    """Lower-case and strip every diacritic, including đ/Đ → d.

    Unicode gives đ no decomposition, so NFD alone leaves it in place; it is
    mapped by hand.
    """
    return " ".join(_fold_word(w) for w in text.replace("Đ", "đ").split(" "))


def exact(text: str) -> str:
    """Lower-cased NFC text with tones in one style: the diacritic-exact form."""
    return normalize_tones(text).lower()


def squash_spaces(text: str) -> str:
    """Collapse runs of white space (including non-breaking) to one space."""
    return _SPACE.sub(" ", text.replace("\u00a0", " ")).strip()


def key(text: str) -> str:
    """A stable ASCII key: folded, punctuation dropped, words joined by '-'."""
    words = re.findall(r"[a-z0-9]+", fold(squash_spaces(text)))
    return "-".join(words)
