"""Unit names: find them in prose, and give each a canonical spelling.

A unit (Sở, Ban, Hội, Văn phòng ...) starts with a capitalised head word and
runs until the sentence goes on ("... xếp thứ nhất", "..., cơ quan Trưởng
khối"). Lists are split at commas and "và" only where the next word starts a
new unit, so "Sở Lao động, Thương binh và Xã hội" stays one unit. In a list
a head may be shared by several places ("UBND các huyện A, B và C"):
``list_units`` spells it out for each place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from crawler.extract import vocab
from crawler.extract.textops import alternation, in_compound, literal_alternation, normalise
from crawler.vntext import key, squash_spaces

_TOKEN = re.compile(r"\s*([,;:.!?()\"“”\[\]]|[^\s,;:.!?()\"“”\[\]]+)")
_NOT_UNITS = re.compile(
    r"(?:Hội (?:nghị|thi|thảo|diễn|viên|chợ)|Ban (?:hành|đầu)|Báo cáo|Đoàn (?:kết|viên|thể|"
    r"công tác)|Trường hợp|Khu vực|Phòng,? chống|Bộ máy|Viện dẫn|Sở dĩ|Đài tưởng niệm|"
    r"Trung tâm hành chính|Công an nhân dân|(?:Tỉnh|Huyện|Thành|Đảng) ủy viên|Ủy viên|"
    r"(?:Chi cục|Cục|Viện|Vụ|Tổng cục) trưởng|Thành phố Hồ Chí Minh\b(?! -))")
_MAX_WORDS = 14


@dataclass(frozen=True)
class UnitSpan:
    """A unit as written and where it sits in the text it was found in."""

    text: str
    start: int
    end: int


@cache
def _vocab() -> dict[str, Any]:
    data = vocab.load("units")
    heads = literal_alternation(data["heads"])
    stops = literal_alternation(data["stops"])
    abbrevs = literal_alternation(data["abbreviations"])
    canon = {key(name): name for name in data["canonical"]}
    return {
        "head": re.compile(rf"(?<![\w&/-])(?:{heads})(?![\w&])"),
        "head_at_end": re.compile(rf"(?<![\w&/-])(?:{heads})\Z"),
        "stop": re.compile(rf"(?:{stops})(?![\w&])"),
        "abbrev": re.compile(rf"(?<![\w&])(?:{abbrevs})(?![\w&])"),
        "abbrevs": data["abbreviations"],
        "canonical": canon,
        "aliases": {key(a): c for a, c in data["aliases"].items()},
        "complete": frozenset(data["complete_heads"]),
        "shared": re.compile(rf"\s+(?:các|những|\d+)\s+({alternation(data['place_kinds'])})"
                             r"(?![\w])(?:\s+(?:khu vực\s+|vùng\s+)?[^\W\d_]+(?:\s+[^\W\d_]+)"
                             r"{0,2}(?=\s*:))?\s*:?\s*"),
        "plural": re.compile(r"(?<!\w)(?:các|những)\s+((?i:"
                             + alternation(list(data["plural_heads"])) + r"))(?!\w)\s*(:?)\s*"
                             r"(?=[^\W\d_])"),
        "plural_heads": {k.lower(): v for k, v in data["plural_heads"].items()},
        "tails": sorted(data["shared_tails"]["tails"], key=len, reverse=True),
        "tail_free": frozenset(data["shared_tails"]["except_heads"]),
        "kind": re.compile(rf"({alternation(data['place_kinds'])})\s+(?=[^\W\d_])"),
    }


def _starts_unit(text: str) -> bool:
    return bool(_vocab()["head"].match(text)) and not _NOT_UNITS.match(text)


def _is_stop(text: str) -> bool:
    return bool(_vocab()["stop"].match(text))


def _ends_unit(text: str, pos: int) -> bool:
    """A stop word at ``pos`` ends the unit, unless it is a syllable of a word ("dự án")."""
    if not _vocab()["stop"].match(text, pos):
        return False
    begin = max(0, pos - 24)
    return not in_compound(text[begin:pos + 24].lower(), pos - begin)


def _continues_after_comma(rest: str) -> bool:
    """"Sở Văn hóa, Thể thao ...": a capitalised word that starts no unit and is no title."""
    word = rest.lstrip()
    return bool(word) and word[0].isupper() and not _starts_unit(word) and not _is_stop(word)


def _unit_end(text: str, start: int) -> int:
    """Where the unit starting at ``start`` ends (exclusive)."""
    head = _vocab()["head"].match(text, start)
    pos = end = head.end()
    words = 0
    while words < _MAX_WORDS:
        tok = _TOKEN.match(text, pos)
        if not tok:
            break
        word, after = tok.group(1), tok.end()
        if word == "," and _continues_after_comma(text[after:]):
            pos = after
            continue
        if word in ",;:.!?()\"“”[]" or _ends_unit(text, tok.start(1)):
            break
        if word == "và" and _starts_unit(text[after:].lstrip()):
            break
        pos, words = after, words + 1
        if word not in ("-", "và", "&"):
            end = after
    return end


def find_units(text: str) -> list[UnitSpan]:
    """Every unit named in ``text``, in order; a unit needs a head word and a name."""
    found: list[UnitSpan] = []
    pos = 0
    for match in _vocab()["head"].finditer(text):
        if match.start() < pos or _NOT_UNITS.match(text, match.start()):
            continue
        end = _unit_end(text, match.start())
        if end <= match.end() and match.group(0) not in _vocab()["complete"]:
            continue
        found.append(UnitSpan(text[match.start():end], match.start(), end))
        pos = end
    return found


_PLACE_WORD = re.compile(r"[^\W_][^\s,;:.!?()\"“”\[\]]*")
_LIST_SEPARATOR = re.compile(r"\s*,\s*(?:và\s+)?|\s+và\s+")
_MAX_PLACE_WORDS = 5


def _place_end(text: str, pos: int) -> int:
    """End of a place name at ``pos``: capitalised words, or a number ("Quận 1")."""
    end, words = pos, 0
    while words < _MAX_PLACE_WORDS:
        gap = re.match(r" - | ", text[end:end + 3]) if words else None
        word = _PLACE_WORD.match(text, end + (gap.end() if gap else 0))
        if (words and not gap) or not word or not (word.group(0)[0].isupper()
                                                    or word.group(0).isdigit()):
            break
        if words and (_starts_unit(text[word.start():]) or _is_stop(text[word.start():])):
            break
        end, words = word.end(), words + 1
    return end


def _shared_places(text: str, pos: int, head: str, kind: str) -> tuple[list[str], int]:
    """"<head> các huyện A, B và thị xã C": one unit per place, up to where the list stops.

    An item with a head of its own ("và UBND thị xã E") is a unit of its own:
    the list stops before it, so the caller reads it as one.
    """
    names: list[str] = []
    end = pos
    while True:
        item_kind, start = kind, pos
        switch = _vocab()["kind"].match(text, pos)
        if switch:
            item_kind, start = switch.group(1), switch.end()
        if _starts_unit(text[start:]):
            break
        place_end = _place_end(text, start)
        if place_end == start:
            break
        names.append(f"{head} {item_kind} {text[start:place_end]}")
        end = place_end
        separator = _LIST_SEPARATOR.match(text, end)
        if not separator:
            break
        pos = separator.end()
    return names, end


def _shared_head(text: str) -> tuple[list[UnitSpan], str] | None:
    """The units of ``text`` and the head noun that ends it ("..., UBND" / "Ban Dân tộc")."""
    units = find_units(text)
    if units and units[-1].end == len(text):
        return units[:-1], units[-1].text
    bare = _vocab()["head_at_end"].search(text)
    if bare is None or _NOT_UNITS.match(text, bare.start()):
        return None
    return [u for u in units if u.end <= bare.start()], bare.group(0)


def _plural_chunks(text: str, pos: int) -> tuple[list[str], int]:
    """The comma-separated names after a plural head, and where the list stops."""
    chunks: list[str] = []
    start: int | None = None
    end = cursor = pos
    while tok := _TOKEN.match(text, cursor):
        word, at, rest = tok.group(1), tok.start(1), text[tok.end():].lstrip()
        if word == "," and start is not None:
            chunks.append(text[start:end])
            start = None
            if _starts_unit(rest) or not rest[:1].isupper():
                return chunks, end
            cursor = tok.end()
            continue
        if (word in ",;:.!?()\"“”[]" or _ends_unit(text, at)
                or (word == "và" and _starts_unit(rest))
                or (start is None and (not word[0].isupper() or _starts_unit(text[at:])))):
            break
        start = at if start is None else start
        end = cursor = tok.end()
    if start is not None:
        chunks.append(text[start:end])
    return chunks, end


def _is_known(name: str) -> bool:
    return key(expand_abbreviations(name)) in _vocab()["canonical"]


def _plural_names(head: str, chunks: list[str]) -> list[str]:
    """Names of "các sở: A và B, C, D và E": "và" inside an item is part of a name.

    In a Vietnamese list "và" only joins the last two items, so a "và" before a
    comma is inside a name ("Tài nguyên và Môi trường, Xây dựng"); the last "và"
    joins two names unless together they make a known unit ("Kế hoạch và Đầu tư").
    A tail written once at the end ("Nội chính Tỉnh ủy") goes to every name.
    """
    items = list(chunks)
    last = items.pop() if items else ""
    if " và " in last and not _is_known(f"{head} {last}"):
        items += [p for p in re.split(r"\s+và\s+", last) if p]
    elif last:
        items.append(last)
    tail = next((t for t in _vocab()["tails"] if items and items[-1].endswith(" " + t)), None)
    if tail and head not in _vocab()["tail_free"]:
        items = [i if i.endswith(" " + tail) else f"{i} {tail}" for i in items]
    return [f"{head} {i}" for i in items]


def _plural_list(text: str, match: re.Match[str]) -> tuple[list[str], int]:
    """"các Ban: Tổ chức, Tuyên giáo Tỉnh ủy": the names, or none without a colon or a list."""
    chunks, end = _plural_chunks(text, match.end())
    if not chunks or (not match.group(2) and len(chunks) < 2):
        return [], end
    return _plural_names(_vocab()["plural_heads"][match.group(1).lower()], chunks), end


def opens_plural_list(text: str, start: int, end: int) -> bool:
    """Whether a plural head ("gồm các sở:") opens a list between ``start`` and ``end``."""
    match = _vocab()["plural"].search(text, start)
    return match is not None and match.start() < end


def _list_openers(text: str) -> list[re.Match[str]]:
    data = _vocab()
    return sorted([*data["shared"].finditer(text), *data["plural"].finditer(text)],
                  key=lambda m: m.start())


def list_units(text: str) -> list[str]:
    """The units of a list as written, a head shared by several places spelt out for each.

    "UBND thành phố X và UBND các huyện: A, B và C" gives "UBND thành phố X",
    "UBND huyện A", "UBND huyện B", "UBND huyện C"; "các sở: Y tế, Tư pháp"
    gives "Sở Y tế", "Sở Tư pháp". Without a unit head before "các huyện"
    ("lãnh đạo các huyện A, B") there is nothing to share.
    """
    names: list[str] = []
    pos = 0
    for match in _list_openers(text):
        if match.start() < pos:
            continue
        if match.re is _vocab()["plural"]:
            items, end = _plural_list(text, match)
            if not items:
                continue
            names += [u.text for u in find_units(text[pos:match.start()])] + items
            pos = end
            continue
        found = _shared_head(text[pos:match.start()].rstrip())
        if found is None:
            continue
        units, head = found
        places, end = _shared_places(text, match.end(), head, match.group(1))
        if not places:
            continue
        names += [u.text for u in units] + places
        pos = end
    return names + [u.text for u in find_units(text[pos:])]


def expand_abbreviations(text: str) -> str:
    """Replace standard abbreviations (UBND, HTX, Sở LĐ-TB&XH ...) by their full form."""
    table = _vocab()["abbrevs"]
    return _vocab()["abbrev"].sub(lambda m: table[m.group(0)], text)


@lru_cache(maxsize=4096)
def canonical_unit(as_written: str, province: str | None = None) -> str:
    """The canonical spelling: abbreviations expanded, dashes spaced, province name dropped.

    "Hội Nhà báo tỉnh Hà Giang" in a Hà Giang article is "Hội Nhà báo tỉnh",
    since every unit in a provincial bloc belongs to that province.
    """
    name = squash_spaces(expand_abbreviations(normalise(as_written))).strip(" ,;:.-")
    name = re.sub(r"\s*-\s*", " - ", name)
    if province:
        name = re.sub(rf"\s+(tỉnh|thành phố)\s+{re.escape(province)}$", r" \1", name, flags=re.I)
    k = key(name)
    data = _vocab()
    name = data["aliases"].get(k) or data["canonical"].get(k) or name
    return name[:1].upper() + name[1:]


def unit_record(as_written: str, province: str | None = None) -> dict[str, Any]:
    """The record shape of a unit: canonical ``name`` and ``as_written`` beside it."""
    written = squash_spaces(as_written).strip(" ,;:.-")
    return {"name": canonical_unit(written, province), "as_written": written}


def unit_key(name: str, province: str | None = None) -> str:
    """Comparison key of a unit name: the key of its canonical spelling."""
    return key(canonical_unit(name, province))
