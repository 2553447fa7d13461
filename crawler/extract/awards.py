"""Awards with their recipients and ranks.

In a ranking sentence each award follows its recipients ("Văn phòng UBND
tỉnh xếp thứ nhất, đề nghị tặng Cờ thi đua của Chính phủ; Liên minh HTX xếp
thứ hai ..."), so the recipients of an award are the units between it and
the previous award in the same clause; "... trao Cờ thi đua cho Sở X" names
them after the award instead.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from crawler.extract import vocab
from crawler.extract.textops import fold_aligned, split_sentences
from crawler.extract.units import find_units, list_units, unit_record

_CLAUSE = re.compile(r"[;:]")
# ":" after "cho 03 đơn vị" / "cho các tập thể sau" opens the list of recipients.
_LIST_COLON = re.compile(r"(?:\b(?:\d+|cac|nhung)\s+(?:don vi|tap the|co quan)(?:\s+sau)?"
                         r"|\bgom(?: co)?|\bsau day)\s*$")
_GIVEN_TO = re.compile(r"^\s*(?:của\s+(?:khối|cụm)(?:\s+thi đua)?\s*)?(?:,\s*)?(?:cho|tới|đến)\s+"
                       r"(?:(?:\d+|các)\s+(?:đơn vị|tập thể|cơ quan)(?:\s+sau)?\s*"
                       r"(?::|là|gồm)?\s*)?", re.I)
_LIST_GAP = re.compile(r"\s*(?:,\s*|\bvà\s+)*")
_ANY_AWARD = re.compile(r"\b(?:co thi dua|co luan luu|bang khen|huan chuong|giay khen)\b")
_PROPOSAL = re.compile(r"\b(?:duoc )?(?:de nghi|trinh)\b")


@cache
def _vocab() -> dict[str, Any]:
    """One alternation of every award (group aN is award N, earlier awards win), and ranks."""
    data = vocab.load("awards")
    names = [a["name"] for a in data["award"]]
    pattern = re.compile("|".join(
        f"(?P<a{i}>" + "|".join(f"(?:{p})" for p in a["patterns"]) + ")"
        for i, a in enumerate(data["award"])))
    ranks = [(re.compile(p), int(r)) for p, r in data["ranks"].items()]
    return {"pattern": pattern, "names": names, "ranks": ranks,
            "respectively": re.compile(data["respectively"]["pattern"]),
            "ordinals": data["respectively"]["ordinals"]}


def _award_spans(folded: str) -> list[tuple[int, int, str]]:
    pattern, names = _vocab()["pattern"], _vocab()["names"]
    spans = []
    for match in pattern.finditer(folded):
        group = next(k for k, v in match.groupdict().items() if v is not None)
        spans.append((match.start(), match.end(), names[int(group[1:])]))
    return spans


def _rank(folded_zone: str) -> int | None:
    for pattern, rank in _vocab()["ranks"]:
        if pattern.search(folded_zone):
            return rank
    return None


def _given_after(clause: str, folded: str, award_end: int) -> list[tuple[str, int | None]] | None:
    """"... trao Cờ luân lưu cho X": the recipient follows the award; None if no "cho"."""
    after = _GIVEN_TO.match(clause[award_end:])
    if not after:
        return None
    rank = _rank(folded[award_end:])
    return [(name, rank) for name in _leading_list(clause[award_end + after.end():])]


def _spelt_out(unit: str) -> list[str]:
    """"UBND các huyện A và B" read as one unit is one unit per place."""
    return (" các " in unit and list_units(unit)) or [unit]


def _leading_list(text: str) -> list[str]:
    """The first unit of ``text`` and those listed right after it: "Sở A, Sở B và Tỉnh đoàn".

    The first may come after a person ("cho ông X - Giám đốc Sở A"); the list
    ends at the first word that is neither a unit nor a separator. A head
    shared by several places ("UBND các huyện A và B") gives one unit each.
    """
    names: list[str] = []
    pos = None
    for unit in find_units(text):
        if pos is not None and _LIST_GAP.match(text, pos).end() != unit.start:
            break
        names += _spelt_out(unit.text)
        pos = unit.end
    return names


def _named_before(clause: str, folded: str, start: int, end: int) -> list[tuple[str, int | None]]:
    """Units between the previous award and this one, each with its own rank when written.

    The zone ends at "đề nghị"/"trình": what follows is who proposes, not who receives.
    """
    proposal = _PROPOSAL.search(folded, start, end)
    zone_end = proposal.start() if proposal else end
    units = find_units(clause[start:zone_end])
    zone_rank = _rank(folded[start:zone_end])
    found = []
    for i, unit in enumerate(units):
        stop = start + units[i + 1].start if i + 1 < len(units) else zone_end
        own = _rank(folded[start + unit.end:stop])
        found += [(name, own if own is not None else zone_rank) for name in _spelt_out(unit.text)]
    return found


_ORDINAL = re.compile(r"\b(?:nhat|nhi|hai|ba|tu|\d)\b")


def _respectively(recipients: list[tuple[str, int | None]],
                  folded_zone: str) -> list[tuple[str, int | None]]:
    """"A và B lần lượt xếp thứ hai, thứ ba": one place each, in order.

    With more recipients than places the places belong to the last ones ("A xếp
    thứ nhất, B và C lần lượt xếp thứ hai, thứ ba").
    """
    match = _vocab()["respectively"].search(folded_zone) if "lan luot" in folded_zone else None
    if not match:
        return recipients
    ordinals = _vocab()["ordinals"]
    places = [ordinals.get(w) or int(w) for w in _ORDINAL.findall(match.group(1))]
    if len(places) > len(recipients):
        return recipients
    first = len(recipients) - len(places)
    return recipients[:first] + [(name, place) for (name, _), place
                                 in zip(recipients[first:], places, strict=True)]


def _rank_after(recipients: list[tuple[str, int | None]],
                folded_tail: str) -> list[tuple[str, int | None]]:
    """"A, B và C được tặng Bằng khen ..., xếp thứ Ba": a place after the award is everyone's."""
    if any(rank is not None for _, rank in recipients):
        return recipients
    rank = _rank(folded_tail)
    return [(name, rank) for name, _ in recipients] if rank is not None else recipients


def _clause_awards(clause: str, province: str | None) -> list[dict[str, Any]]:
    folded = fold_aligned(clause)
    found = []
    previous_end = 0
    spans = _award_spans(folded)
    for i, (start, end, name) in enumerate(spans):
        next_start = spans[i + 1][0] if i + 1 < len(spans) else len(clause)
        recipients = _given_after(clause, folded, end)
        if recipients is None:
            following = find_units(clause[end:next_start])
            tail = folded[end:end + following[0].start] if following else folded[end:next_start]
            recipients = _named_before(clause, folded, previous_end, start)
            recipients = _rank_after(_respectively(recipients, folded[previous_end:start] + tail),
                                     tail)
        else:
            recipients = _respectively(recipients, folded[end:next_start])
        for unit, rank in recipients:
            found.append({"award": name, "recipient": unit_record(unit, province), "rank": rank})
        previous_end = end
    return found


def _clauses(sentence: str) -> list[str]:
    """Split at ";" and ":", but not at the ":" that opens a list ("cho 03 đơn vị: A, B")."""
    if ":" not in sentence:
        return _CLAUSE.split(sentence)
    clauses: list[str] = []
    start = 0
    for mark in _CLAUSE.finditer(sentence):
        if mark.group(0) == ":" and _LIST_COLON.search(fold_aligned(sentence[start:mark.start()])):
            continue
        clauses.append(sentence[start:mark.start()])
        start = mark.end()
    return [*clauses, sentence[start:]]


def find_awards(text: str, province: str | None = None) -> list[dict[str, Any]]:
    """Every (award, recipient, rank) the text states; awards without a named unit are left out."""
    awards: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for sentence, folded in zip(*split_sentences(text), strict=True):
        if not _ANY_AWARD.search(folded):
            continue
        for clause in _clauses(sentence):
            for award in _clause_awards(clause, province):
                ident = (award["award"], award["recipient"]["name"])
                if ident not in seen:
                    seen.add(ident)
                    awards.append(award)
    return awards
