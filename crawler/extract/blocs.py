"""Bloc names as written, and the normalised key that groups spellings of one bloc.

A bloc name opens with "Khối thi đua", "Khối giao ước thi đua" or "Cụm thi
đua" and runs until the sentence goes on ("... tổ chức hội nghị",
"... năm 2019"). The title's bloc wins, as it names what the article is
about; otherwise the first named bloc in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from crawler.extract import vocab
from crawler.extract.textops import alternation, fold_aligned, in_compound, normalise
from crawler.extract.units import expand_abbreviations
from crawler.vntext import key

_WORD = re.compile(r"[ \t]*([,;:.!?()\"“”\[\]/]|[^\s,;:.!?()\"“”\[\]/]+)")
_MAX_WORDS = 12
_PLURAL = re.compile(r"\b(?:cac|nhung|moi)(?: cum,)? $")


@dataclass(frozen=True)
class BlocMention:
    """A named bloc in the text: its name as written and where it is."""

    name: str
    start: int
    end: int


@cache
def _vocab() -> dict[str, Any]:
    data = vocab.load("blocs")
    return {
        "opener": re.compile(data["opener"]),
        "stop": re.compile(rf"(?:{alternation(data['stops'])})(?![\w])"),
        "comma": re.compile(rf"\s*(?:{alternation(data['comma_continues'])})(?![\w])"),
        "generic": frozenset(data["generic_tails"]),
        "not_sector": frozenset(data["not_sector"]),
        "key_drop": re.compile("|".join(data["key_drop"])),
        "belongs": re.compile(rf"(?:^|\s)(?:{alternation(data['belongs_after'])})\s+$"),
    }


def _ends_name(lower: str, start: int) -> bool:
    """Whether the stop word at ``start`` ends the name (not inside a word or a "các" list)."""
    v = _vocab()
    if not v["stop"].match(lower, start) or in_compound(lower, start):
        return False
    before = lower[max(0, start - 20):start]
    if lower.startswith("tổ chức", start) and before.rstrip().endswith("các"):
        return False
    return not (lower.startswith(("thuộc", "trực thuộc"), start) and v["belongs"].search(before))


def _enumerates(text: str, pos: int) -> bool:
    """"... các doanh nghiệp Điện lực, Viễn thông, Ngân hàng": short capitalised sector names."""
    v = _vocab()
    words = []
    for tok in _WORD.finditer(text, pos):
        word = tok.group(1)
        if word in ",;:.!?()\"“”[]/" or v["stop"].match(text.lower(), tok.start(1)) or word == "và":
            break
        words.append(word)
        if len(words) > 3:
            return False
    return bool(words) and words[0][0].isupper() and words[0] not in v["not_sector"]


def _tail_end(text: str, pos: int) -> int:
    """End of the bloc name whose tail starts at ``pos`` (stops, punctuation, length)."""
    v = _vocab()
    lower = text.lower()
    tail_opens_list = lower[pos:].lstrip().startswith("các ")
    end, words = pos, 0
    while words < _MAX_WORDS:
        tok = _WORD.match(text, pos)
        if not tok:
            break
        word, start = tok.group(1), tok.start(1)
        if word == "," and ((tail_opens_list and v["comma"].match(lower, tok.end()))
                            or _enumerates(text, tok.end())):
            pos = tok.end()
            continue
        if word in ",;:.!?()\"“”[]/" and not (word == "/" and words):
            break
        if _ends_name(lower, start):
            break
        if word == "và" and not text[tok.end():].lstrip()[:1].isupper():
            break
        if re.fullmatch(r"\d{4}", word):
            break
        pos, words = tok.end(), words + 1
        if word not in ("-", "và", "&"):
            end = pos
    return end


def find_blocs(text: str) -> list[BlocMention]:
    """Every named bloc mention in ``text`` (already normalised), in order."""
    folded = fold_aligned(text)
    found = []
    for match in _vocab()["opener"].finditer(folded):
        if _PLURAL.search(folded, max(0, match.start() - 12), match.start()):
            continue  # "các khối thi đua ...": blocs in general, not one named bloc
        end = _tail_end(text, match.end())
        tail = folded[match.end():end].strip(" ,-")
        if not tail or tail in _vocab()["generic"]:
            continue
        found.append(BlocMention(text[match.start():end].strip(" ,-"), match.start(), end))
    return found


def bloc_key(name: str) -> str:
    """Normalised key of a bloc name: abbreviations expanded, "thi đua"/"giao ước" dropped.

    "Khối giao ước thi đua các tổ chức Hội" and "khối các tổ chức hội" share
    ``khoi-cac-to-chuc-hoi``; "Văn hóa - Xã hội" and "văn hoá xã hội" meet.
    """
    folded = fold_aligned(expand_abbreviations(normalise(name)))
    return key(_vocab()["key_drop"].sub(" ", folded))


def pick_bloc(title: str | None, text: str) -> tuple[str | None, list[BlocMention]]:
    """The bloc the article is about, and every mention in the body.

    Returns:
        ``(name as written or None, body mentions)``.
    """
    body = find_blocs(text)
    in_title = find_blocs(normalise(title)) if title else []
    if in_title:
        return in_title[0].name, body
    return (body[0].name if body else None), body
