"""People named with their title and unit.

Two forms: an honorific, the name, then the title chain ("ông Bùi Quang Cẩm
- Tỉnh ủy viên - Phó Chủ tịch UBND tỉnh"), and a title directly before a
name ("Phó Chủ tịch UBND tỉnh Bùi Quang Cẩm"). The bloc role in a chain
("..., đơn vị Trưởng khối năm 2021") is the unit's, not the person's title.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from crawler.errors import UnknownProvince
from crawler.extract import vocab
from crawler.extract.textops import alternation, literal_alternation, split_sentences
from crawler.extract.units import find_units
from crawler.vntext import key, squash_spaces

# A syllable of a name; an apostrophe marks an ethnic-minority prefix ("K' Bình", "H'Hen").
_WORD = re.compile(r"[^\W\d_]+(?:['’](?:[^\W\d_]+)?)?")
_BAD_TITLE = re.compile(r"[,;:]|\b(?:và|khối|cụm|đồng chí|ông|bà)\b", re.I)
_BLOC_ROLE = re.compile(r"^(?:đơn vị |cơ quan )?(?:phó |trưởng |phó trưởng )+(?:khối|cụm)\b",
                        re.I)


@cache
def _vocab() -> dict[str, Any]:
    data = vocab.load("people")
    titles = literal_alternation(data["titles"])
    honor = literal_alternation(data["honorifics"])
    ends = literal_alternation(data["title_ends"])
    return {
        "honorific": re.compile(rf"(?<!\w)(?:{honor})\s+"),
        "surnames": frozenset(data["surnames"]),
        "title": re.compile(rf"(?:{titles})(?!\w)"),
        "title_anywhere": re.compile(rf"(?<!\w)(?:{titles})(?!\w)"),
        "surname": re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, data["surnames"]))
                              + r")(?= ?[A-ZĐÀ-Ỹ])"),
        "end": re.compile(rf"\s(?:{ends})(?!\w)"),
        "place_kind": re.compile(r"(?<!\w)(" + alternation(vocab.load("units")["place_kinds"])
                                 + r")\s*:?\s*$"),
        "holder_after": frozenset(data["holder_after_kinds"]),
    }


def _name_at(text: str, pos: int, need_surname: bool) -> tuple[str, int] | None:
    """A personal name of 2-4 capitalised words starting at ``pos``."""
    words: list[str] = []
    end = pos
    while len(words) < 4:
        match = _WORD.match(text, end if not words else end + 1)
        if not match or not match.group(0)[0].isupper() or (words and text[end] != " "):
            break
        if _vocab()["title"].match(text, match.start()):
            break
        words.append(match.group(0))
        end = match.end()
    if len(words) < 2 or (need_surname and not _has_surname(words[0])):
        return None
    name = " ".join(words)
    if any(w.isupper() and len(w.rstrip("'’")) > 1 for w in words) or _is_place(name):
        return None
    return name, end


def _has_surname(word: str) -> bool:
    """"Nguyễn", or an apostrophe prefix written with or without a space ("K'", "K'Bình")."""
    surnames = _vocab()["surnames"]
    return word in surnames or ("'" in word and word[:word.index("'") + 1] in surnames)


@lru_cache(maxsize=4096)
def _is_place(name: str) -> bool:
    """"Hà Giang" after "Giám đốc Viễn thông" is a province, not a person."""
    from crawler.provinces import load_provinces

    try:
        load_provinces().resolve(name)
    except UnknownProvince:
        return False
    return True


def _is_place_after_kind(sentence: str, start: int) -> bool:
    """"UBND các huyện Lý Nhân, Bình Lục": capitalised words after a place kind name a place.

    After "tỉnh" / "thành phố" ("Chủ tịch UBND tỉnh Phạm Văn Long") a run of
    three words or more is a person, unless a family name starts again inside
    it ("tỉnh Hà Nam Trần Văn Khoa": the place, then the person).
    """
    kind = _vocab()["place_kind"].search(sentence, max(0, start - 12), start)
    if not kind:
        return False
    if " ".join(kind.group(1).split()) not in _vocab()["holder_after"]:
        return True
    run: list[str] = []
    end = start
    for word in _WORD.finditer(sentence, start):
        if not word.group(0)[0].isupper() or (run and sentence[end:word.start()] != " "):
            break
        run.append(word.group(0))
        end = word.end()
    if len(run) == 2 and kind.group(1) == "tỉnh":
        return _is_place(" ".join(run))  # "Ban Dân tộc tỉnh A Pớt": no province is "A Pớt"
    return len(run) <= 2 or any(w in _vocab()["surnames"] for w in run[2:-1])


def _title_chain(text: str) -> str | None:
    """The title segments after a name: " - " or ", " separated, each opening with a title."""
    stop = re.search(r"[;.()]", text)
    chain = text[: stop.start()] if stop else text
    end = _vocab()["end"].search(chain)
    chain = chain[: end.start()] if end else chain
    segments: list[str] = []
    pieces = re.split(r"(\s+-\s+|,\s+)", chain.strip(" ,-"))
    for part, sep in zip(pieces[0::2], ["", *pieces[1::2]], strict=True):
        if _BLOC_ROLE.match(part):
            break
        if _vocab()["title"].match(part) or not segments:
            if not _vocab()["title"].match(part):
                return None
            segments.append(part)
        else:
            segments[-1] += (" - " if "-" in sep else ", ") + part
    return " - ".join(segments) if segments else None


def _person(name: str, title: str | None) -> dict[str, Any]:
    units = find_units(title) if title else []
    return {"name": name, "title": squash_spaces(title) if title else None,
            "unit": units[0].text if units else None}


def _after_honorific(sentence: str) -> list[dict[str, Any]]:
    found = []
    for match in _vocab()["honorific"].finditer(sentence):
        named = _name_at(sentence, match.end(), need_surname=False)
        if not named:
            continue
        name, end = named
        rest = sentence[end:]
        title = _title_chain(rest[1:]) if rest[:2].strip() in ("-", ",") else None
        found.append(_person(name, title))
    return found


def _before_name(sentence: str) -> list[dict[str, Any]]:
    """"Phó Chủ tịch UBND tỉnh Bùi Quang Cẩm": a family name, with a title just before it."""
    found = []
    name_end = 0
    for match in _vocab()["surname"].finditer(sentence):
        if match.start() < name_end or _is_place_after_kind(sentence, match.start()):
            continue
        named = _name_at(sentence, match.start(), need_surname=True)
        if not named:
            continue
        name_end = named[1]
        window = sentence[max(0, match.start() - 90): match.start()]
        titles = list(_vocab()["title_anywhere"].finditer(window))
        if not titles:
            continue
        title = window[titles[-1].start():].strip(" ,-")
        if not title or len(title.replace(" - ", " ").split()) > 12 or _bad_title(title):
            continue
        start = next((t for t in titles if not _bad_title(window[t.start():])), None)
        if start is not None:
            title = window[start.start():].strip(" ,-")
        found.append(_person(named[0], title))
    return found


def _bad_title(title: str) -> bool:
    """Punctuation or "và" outside a unit name: two people, or no title at all.

    "và" inside "Sở Tài nguyên và Môi trường" is part of the title.
    """
    for unit in reversed(find_units(title)):
        title = title[:unit.start] + "UNIT" + title[unit.end:]
    return bool(_BAD_TITLE.search(title))


def find_people(text: str) -> list[dict[str, Any]]:
    """Every person named with a title, once each (the first title given kept)."""
    people: dict[str, dict[str, Any]] = {}
    for sentence in split_sentences(text)[0]:
        for person in _sentence_people(sentence):
            ident = key(person["name"])
            old = people.get(ident)
            if old is None or (person["title"] and not old["title"]):
                people[ident] = dict(person)
    return list(people.values())


@lru_cache(maxsize=512)
def _sentence_people(sentence: str) -> tuple[dict[str, Any], ...]:
    """The people of one sentence (cached: the role rules ask again for the sentences
    that name a bloc leader, to tell a unit from the person who heads it)."""
    return (*_after_honorific(sentence), *_before_name(sentence))
