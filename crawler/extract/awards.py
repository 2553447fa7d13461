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
from crawler.extract.units import find_units, unit_record

_CLAUSE = re.compile(r"[;:]")
_GIVEN_TO = re.compile(r"^\s*(?:của\s+(?:khối|cụm)(?:\s+thi đua)?\s*)?(?:,\s*)?(?:cho|tới|đến)\s+",
                       re.I)
_ANY_AWARD = re.compile(r"\b(?:co thi dua|co luan luu|bang khen|huan chuong|giay khen)\b")
_PROPOSAL = re.compile(r"\b(?:duoc )?(?:de nghi|trinh)\b")


@cache
def _vocab() -> tuple[re.Pattern[str], list[str], list[tuple[re.Pattern[str], int]]]:
    """One alternation of every award (group aN is award N, earlier awards win)."""
    data = vocab.load("awards")
    names = [a["name"] for a in data["award"]]
    pattern = re.compile("|".join(
        f"(?P<a{i}>" + "|".join(f"(?:{p})" for p in a["patterns"]) + ")"
        for i, a in enumerate(data["award"])))
    ranks = [(re.compile(p), int(r)) for p, r in data["ranks"].items()]
    return pattern, names, ranks


def _award_spans(folded: str) -> list[tuple[int, int, str]]:
    pattern, names, _ = _vocab()
    spans = []
    for match in pattern.finditer(folded):
        group = next(k for k, v in match.groupdict().items() if v is not None)
        spans.append((match.start(), match.end(), names[int(group[1:])]))
    return spans


def _rank(folded_zone: str) -> int | None:
    for pattern, rank in _vocab()[2]:
        if pattern.search(folded_zone):
            return rank
    return None


def _given_after(clause: str, folded: str, award_end: int) -> list[tuple[str, int | None]] | None:
    """"... trao Cờ luân lưu cho X": the recipient follows the award; None if no "cho"."""
    after = _GIVEN_TO.match(clause[award_end:])
    if not after:
        return None
    units = find_units(clause[award_end + after.end():])[:1]
    return [(u.text, _rank(folded[award_end:])) for u in units]


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
        found.append((unit.text, own if own is not None else zone_rank))
    return found


def _clause_awards(clause: str, province: str | None) -> list[dict[str, Any]]:
    folded = fold_aligned(clause)
    found = []
    previous_end = 0
    for start, end, name in _award_spans(folded):
        recipients = _given_after(clause, folded, end)
        if recipients is None:
            recipients = _named_before(clause, folded, previous_end, start)
        for unit, rank in recipients:
            found.append({"award": name, "recipient": unit_record(unit, province), "rank": rank})
        previous_end = end
    return found


def find_awards(text: str, province: str | None = None) -> list[dict[str, Any]]:
    """Every (award, recipient, rank) the text states; awards without a named unit are left out."""
    awards: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for sentence, folded in zip(*split_sentences(text), strict=True):
        if not _ANY_AWARD.search(folded):
            continue
        for clause in _CLAUSE.split(sentence):
            for award in _clause_awards(clause, province):
                ident = (award["award"], award["recipient"]["name"])
                if ident not in seen:
                    seen.add(ident)
                    awards.append(award)
    return awards
