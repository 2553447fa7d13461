"""Small text helpers the rule modules share: aligned folding and clause splitting.

Rules match diacritic-folded text (one pattern for "hóa", "hoá" and "HOÁ"),
but report spans of the text as written; ``fold_aligned`` folds character by
character so that positions in the folded text are positions in the original.
It is a single ``str.translate`` and the sentence split of a text is cached,
because every rule module reads the same sentences of the same article.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from urllib.parse import unquote, urlsplit

from crawler.extract import vocab
from crawler.vntext import normalize_tones

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“(]?[A-ZĐÀ-Ỹ0-9])|\n+")
_DASHES = str.maketrans({"–": "-", "—": "-", "−": "-", "\u00a0": " ", "\u201c": '"',
                         "\u201d": '"'})


def _fold_char(char: str) -> str:
    if char in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", char.lower())[:1]
    return base if len(base) == 1 else char


# Every Latin letter with diacritics Vietnamese uses (Latin-1, Extended-A/B and
# Extended Additional) and A-Z, each to one lower-case ASCII-ish character.
_FOLD_TABLE = str.maketrans({
    chr(c): _fold_char(chr(c))
    for c in (*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00))
    if _fold_char(chr(c)) != chr(c)
})


@lru_cache(maxsize=1024)
def fold_aligned(text: str) -> str:
    """Fold like ``vntext.fold`` but one character for one, so spans line up."""
    return text.translate(_FOLD_TABLE)


# The other tone style ("hoá", "thuỷ", "khoẻ"): tone on the second vowel of an open oa/oe/uy.
_OLD_STYLE = re.compile(r"(?<![qQ])[oOuU][áàảãạéèẻẽẹýỳỷỹỵÁÀẢÃẠÉÈẺẼẸÝỲỶỸỴ](?!\w)")


def normalise(text: str) -> str:
    """NFC, one tone style, plain dashes and quotes: the text every rule reads.

    Tones move as ``vntext.normalize_tones`` moves them, but only where the
    other style occurs, which is much faster than normalising every word.
    """
    text = unicodedata.normalize("NFC", text)
    if _OLD_STYLE.search(text):
        text = _OLD_STYLE.sub(lambda m: normalize_tones(m.group(0)), text)
    return text.translate(_DASHES)


@cache
def _dotted() -> frozenset[str]:
    return frozenset(vocab.load("words")["dotted"])


def _rejoin_dotted(parts: list[str]) -> list[str]:
    """Undo a split after "TS." or "TP.": the capital after it starts a name, not a sentence."""
    joined: list[str] = []
    for part in parts:
        if joined and joined[-1].rsplit(None, 1)[-1] in _dotted():
            joined[-1] += " " + part
        else:
            joined.append(part)
    return joined


@lru_cache(maxsize=16)
def split_sentences(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The sentences of ``text`` and their folded forms (cached: every module asks)."""
    parts = tuple(_rejoin_dotted([s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]))
    return parts, tuple(fold_aligned(s) for s in parts)


def sentences(text: str) -> list[str]:
    """Split into sentences on terminal punctuation before a capital, and on newlines."""
    return list(split_sentences(text)[0])


def literal_alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first so no prefix wins early."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def alternation(phrases: list[str]) -> str:
    """A regex alternation of folded phrases, longest first, spaces matching any gap."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


@cache
def _compounds() -> dict[str, tuple[tuple[str, str], ...]]:
    """Each syllable of a listed compound -> the (text before, text after) it in the word."""
    table: dict[str, list[tuple[str, str]]] = {}
    for word in vocab.load("words")["compounds"]:
        syllables = word.split()
        for i, syllable in enumerate(syllables):
            before = "".join(s + " " for s in syllables[:i])
            after = "".join(" " + s for s in syllables[i + 1:])
            table.setdefault(syllable, []).append((before, after))
    return {k: tuple(v) for k, v in table.items()}


_SYLLABLE = re.compile(r"\w+")


def in_compound(lower: str, start: int) -> bool:
    """Whether the word at ``start`` of lower-cased ``lower`` is one syllable of a compound.

    "bằng" ends a bloc name ("... bằng hình thức trực tuyến") but not inside
    "vùng đồng bằng": a name is never cut in the middle of a word.
    """
    match = _SYLLABLE.match(lower, start)
    if not match:
        return False
    for before, after in _compounds().get(match.group(0), ()):
        begin, end = start - len(before), match.end() + len(after)
        if (begin >= 0 and lower[begin:start] == before and lower[match.end():end] == after
                and not lower[begin - 1:begin].isalnum() and not lower[end:end + 1].isalnum()):
            return True
    return False


def url_slug(url: str | None) -> str:
    """The article's own slug, folded: the last path segment that reads as words.

    Only the article's segment, never the sections above it: a portal files
    every award and guide under ".../tin-hoat-dong-cum-khoi-thi-dua/", so a
    section name says where the page was filed, not what it is about. A
    trailing id segment ("/cum-thi-dua-so-3-so-ket/12345") is skipped.
    """
    if not url:
        return ""
    for segment in reversed(unquote(urlsplit(url).path).split("/")):
        stem = fold_aligned(segment.rsplit(".", 1)[0] if "." in segment else segment)
        if stem.count("-") >= 2:
            return stem
    return ""
