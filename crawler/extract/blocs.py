"""Bloc names as written, and the normalised key that groups spellings of one bloc.

A bloc name opens with "Khối thi đua", "Khối giao ước thi đua" or "Cụm thi
đua" and runs until the sentence goes on ("... tổ chức hội nghị",
"... năm 2019"), or opens in another shape ("Khối cơ quan Nội chính tỉnh",
"Khối 9", "Cụm số 2", "cụm bảy tỉnh ...") inside a sentence about emulation.
A party or union organisation ("Đảng ủy Khối ...") is never a bloc. The
title's bloc wins, as it names what the article is about; otherwise the first
named bloc in the text.
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
_MAX_WORDS = 20
_PLURAL = re.compile(r"\b(?:cac|nhung|moi)(?: cum,)? $|\b(?:cum|khoi)(?:,| va) $")
_NUMBER = re.compile(r"(?:\d{1,3}|[IVX]{1,5}|(?:hai|ba|bốn|năm|sáu|bảy|tám|chín|mười))$", re.I)
_ABBREVIATION = re.compile(r"[A-ZĐ]{2,6}$")
_BRACKETED = re.compile(r"\(\s*[A-ZĐ&]{2,6}\s*\)")


@dataclass(frozen=True)
class BlocMention:
    """A named bloc in the text: its name as written and where it is."""

    name: str
    start: int
    end: int
    strong: bool = True  # opened by "Khối thi đua" / "Cụm thi đua", not another shape


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
        "weak": re.compile(data["weak_opener"]),
        "weak_capital": re.compile(data["weak_capital_opener"]),
        "weak_capital_not": frozenset(data["weak_capital_not"]),
        "emulation": re.compile(data["emulation_context"]),
        "not_after": re.compile(data["not_after"]),
        "not_before": re.compile(data["not_before"]),
        "after_number": re.compile(rf"\s*(?:{alternation(data['after_number'])})(?![\w])"),
        "and_continues": re.compile(rf"\s*(?:{alternation(data['and_continues'])})(?![\w])"),
        "comma_always": re.compile(rf"\s*(?:{alternation(data['comma_always'])})(?![\w])"),
    }


def _ends_name(lower: str, start: int) -> bool:
    """Whether the stop word at ``start`` ends the name (not inside a word or a "các" list)."""
    v = _vocab()
    if not v["stop"].match(lower, start) or in_compound(lower, start):
        return False
    if lower.startswith(("trực thuộc trung ương", "thuộc trung ương"), start):
        return False
    before = lower[max(0, start - 20):start]
    if lower.startswith("tổ chức", start) and before.rstrip().endswith("các"):
        return False
    return not (lower.startswith(("thuộc", "trực thuộc"), start) and v["belongs"].search(before))


_REGION = re.compile(r"(?:các tỉnh|các thành phố|khu vực|miền|vùng)\b")


def _enumerates(text: str, pos: int) -> bool:
    """"... các doanh nghiệp Điện lực, Viễn thông, Ngân hàng": short capitalised sector names.

    A longer capitalised part goes on when it reaches the provinces or the region the
    cluster spans ("Cụm thi đua Sở Tư pháp, Thi hành án dân sự các tỉnh miền núi ...").
    """
    v = _vocab()
    words = []
    lower = text.lower()
    for tok in _WORD.finditer(text, pos):
        word = tok.group(1)
        if words and _REGION.match(lower, tok.start(1)):
            return words[0][0].isupper() and words[0] not in v["not_sector"]
        if word in ",;:.!?()\"“”[]/" or v["stop"].match(lower, tok.start(1)) or word == "và":
            break
        words.append(word)
        if len(words) > 8:
            return False
    if len(words) > 4:
        return False
    return bool(words) and words[0][0].isupper() and words[0] not in v["not_sector"]


def _comma_goes_on(text: str, lower: str, end: int, opens_list: bool) -> bool:
    """Whether a comma at ``end`` continues the name (a list of units or sectors)."""
    v = _vocab()
    if opens_list and v["comma"].match(lower, end):
        return True
    if v["comma_always"].match(lower, end):
        return True
    nxt = _WORD.match(text, end)
    return bool(nxt and _ABBREVIATION.fullmatch(nxt.group(1))) or _enumerates(text, end)


def _and_goes_on(text: str, lower: str, end: int) -> bool:
    """"và" continues the name before "các", a region word or a capitalised non-bloc word."""
    rest = text[end:].lstrip()
    if _vocab()["and_continues"].match(lower, end):
        return True
    return rest[:1].isupper() and fold_aligned(rest[:4]) not in ("khoi", "cum ")


def _tail_end(text: str, pos: int) -> int:
    """End of the bloc name whose tail starts at ``pos`` (stops, punctuation, length)."""
    v = _vocab()
    lower = text.lower()
    tail_opens_list = lower[pos:].lstrip().startswith("các ")
    end, words, after_comma, last, opened = pos, 0, False, "", False
    while words < _MAX_WORDS:
        tok = _WORD.match(text, pos)
        if not tok:
            break
        word, start = tok.group(1), tok.start(1)
        if word == "," and _comma_goes_on(text, lower, tok.end(), tail_opens_list):
            pos, after_comma = tok.end(), True
            continue
        if word in ",;:.!?\"“”[]/" and not (word == "/" and words):
            break
        if word == "(" and words:
            short = _BRACKETED.match(text, start)
            if short:  # "Khối các trường đại học (ĐH), cao đẳng (CĐ) ..."
                pos = end = short.end()
                continue
            close = text.find(")", start, start + 60)
            inner = fold_aligned(text[start:close]) if close > 0 else ":"
            if not _NUMBER.fullmatch(last) or re.search(r":|\bgom\b|\bkhoi\b|\bcum\b", inner):
                break  # "số 6 (Văn hóa - Xã hội)" goes on; "số III (Cụm thi đua khối ...)" ends
        if word == ")":
            if not opened:
                break
            opened = False
        if word == "(":
            opened = True
        if not after_comma and _ends_name(lower, start):
            break
        if words and _NUMBER.fullmatch(last) and not (word[:1].isupper() or word == "(" or (
                v["after_number"].match(lower, start - 1 if start else 0) and word != ",")):
            break  # "Khối thi đua 17 lấy ý kiến": the name ends with its number
        if word == "và" and not _and_goes_on(text, lower, tok.end()):
            break
        if word.endswith("-") and _NUMBER.fullmatch(word[:-1]):
            end = tok.end() - 1  # "Cụm thi đua số 1- khối các đơn vị ...": the name ends
            break
        if word == "-" and _NUMBER.fullmatch(last) and not text[tok.end():].lstrip()[:1].isupper():
            break  # "Cụm thi đua số 1- khối các đơn vị ...": an apposition, not the name
        if words and v["opener"].match(fold_aligned(text[start:start + 20])):
            break  # another bloc begins
        if re.fullmatch(r"\d{4}", word):
            break
        pos, words, after_comma, last = tok.end(), words + 1, False, word
        if word not in ("-", "và", "&", "("):
            end = pos
    if opened:
        end = text.rfind("(", 0, end)
    return end


def _guarded(folded: str, start: int, end: int) -> bool:
    """A party or union organisation of a bloc, or a word that is no bloc at all."""
    v = _vocab()
    return bool(v["not_after"].search(folded, max(0, start - 30), start)
                or v["not_before"].match(folded, end))


def _weak_at(text: str, match: re.Match[str], kind: str, context: bool) -> bool:
    """A bloc named without "thi đua": only in an emulation sentence, never a school grade."""
    if not context:
        return False
    if kind == "capital":
        nxt = _WORD.match(text, match.end())
        return bool(nxt) and nxt.group(1)[:1].isupper() and (
            nxt.group(1) not in _vocab()["weak_capital_not"])
    return True


def _sentence_at(folded: str, pos: int) -> str:
    left = max(folded.rfind(". ", 0, pos), folded.rfind("\n", 0, pos))
    right = [i for i in (folded.find(". ", pos), folded.find("\n", pos)) if i >= 0]
    return folded[left + 1:min(right) if right else len(folded)]


def find_blocs(text: str, context: str = "") -> list[BlocMention]:
    """Every named bloc mention in ``text`` (already normalised), in order.

    Args:
        text: the text to read.
        context: folded text that makes a sentence about emulation (the title),
            for blocs named without "thi đua".
    """
    v = _vocab()
    folded = fold_aligned(text)
    found: list[BlocMention] = []
    openers = [(m, "strong") for m in v["opener"].finditer(folded)]
    openers += [(m, "weak") for m in v["weak"].finditer(folded)]
    openers += [(m, "capital") for m in v["weak_capital"].finditer(folded)]
    for match, kind in sorted(openers, key=lambda x: (x[0].start(), x[1] != "strong")):
        if any(m.start <= match.start() < m.end for m in found):
            continue
        if _PLURAL.search(folded, max(0, match.start() - 12), match.start()):
            continue  # "các khối thi đua ...": blocs in general, not one named bloc
        if _guarded(folded, match.start(), match.end()):
            continue
        if kind != "strong" and not _weak_at(text, match, kind, bool(
                v["emulation"].search(_sentence_at(folded, match.start()))
                or v["emulation"].search(context))):
            continue
        end = _tail_end(text, match.end())
        tail = folded[match.end():end].strip(" ,-()")
        if not tail or tail in v["generic"]:
            continue
        found.append(BlocMention(text[match.start():end].strip(" ,-("), match.start(), end,
                                 kind == "strong"))
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
    context = fold_aligned(title or "")
    body = find_blocs(text, context)
    in_title = find_blocs(normalise(title), context) if title else []
    if in_title:
        named = in_title[0]
        if not named.strong:  # "Khối Nội chính tỉnh" in the title, "Khối thi đua các cơ quan
            words = set(bloc_key(named.name).split("-"))  # Nội chính tỉnh" in the text
            same = [m for m in body if m.strong and words <= set(bloc_key(m.name).split("-"))]
            if same:
                return same[0].name, body
        return named.name, body
    return (body[0].name if body else None), body
