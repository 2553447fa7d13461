"""Bloc leader and deputy for a year, hand-overs of the leader role, and member lists.

"Trưởng khối" (leader) and "Phó Trưởng khối" / "Phó khối" (deputy) are
attached to the unit written just before them ("Sở X, cơ quan Trưởng khối
năm 2020", "bầu Ban Dân tộc là cơ quan Trưởng khối"). When a meeting names
both this year's and next year's leader, the later year wins: the record
says who leads the bloc going forward.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from crawler.extract.people import find_people
from crawler.extract.textops import fold_aligned, split_sentences
from crawler.extract.units import find_units, list_units, opens_plural_list, unit_record

_ROLE = re.compile(r"(?<![a-z])(?:(pho\s+truong|truong|pho)\s+(?:khoi|cum)|(?:khoi|cum)\s+"
                   r"(truong|pho))(?![a-z])")
_GAP = re.compile(r"^[\s,(\-]*(?:(?:la|lam|duoc|bau|giu|vai tro|dam nhan|dam nhiem|co quan|"
                  r"don vi|nhan|phan cong|cac|thong nhat|chon|tiep tuc|tin nhiem)\s*[,\-]?\s*)"
                  r"{0,8}$")
# "Sở X được các đơn vị thành viên thống nhất bầu làm Phó Trưởng khối": who elects may stand
# between the unit and the role.
_ELECTED = re.compile(r"^[\s,]*(?:da\s+)?duoc\b[^,;.()]{0,60}?\b(?:bau|chon|tin nhiem|suy ton|"
                      r"phan cong|giao)\b\s*(?:(?:lam|la|giu(?: vai tro)?)\s*)?"
                      r"(?:(?:don vi|co quan)\s*)?$")
# "Cờ thi đua của UBND tỉnh": a unit after an award's or a document's "của" gives it; it
# holds no role in the bloc.
_GIVER = re.compile(r"\b(?:co(?: thi dua)?|bang khen|giay khen|quyet dinh|ke hoach|huong dan)"
                    r"\s+cua\s*$")
_YEAR = re.compile(r"\bnam (\d{4})\b")
_HANDOVER = re.compile(r"\bban giao\b[^.;]{0,80}?\b(?:truong (?:khoi|cum)|(?:khoi|cum) truong)\b")
_FROM_TO = re.compile(r"\btu\s+(.+?)\s+(?:cho|sang)\s+(.+)")
_MEMBERS = re.compile(
    r"(?:\b(?:thanh vien|khoi|cum)\b[^.;:]{0,60}?\b(?:bao gom|gom co|gom)\b"
    r"|\b(?:khoi|cum)\b[^.;:]{0,60}?\bco\s+(?=\d+\s+(?:don vi|thanh vien|co quan)\b"
    r"(?:\s+thanh vien)?\s*(?::|la\b))"
    r"|\bthanh vien(?=\s*:)"
    # attendees named as the bloc's own units: "các đơn vị thành viên trong Cụm là UBND các
    # huyện A, B", "lãnh đạo các đơn vị trong Khối của UBND các huyện A, B"
    r"|\b(?:thanh vien|don vi (?:trong|thuoc) (?:khoi|cum))\b[^.;:]{0,30}?\b(?:la|cua)\b)\s*")
_RANKED = re.compile(r"\bxep (?:thu|hang|vi tri)\b|\bdung (?:o )?(?:thu|vi tri)\b")
# What may stand between the cue and the list: "5 thành viên:", "03 đơn vị thành viên là".
_COUNTED = re.compile(r"\s*(?:[^.;:]{0,30}:|(?:\d+\s+(?:don vi|thanh vien|co quan)"
                      r"(?:\s+thanh vien)?\s*)?(?:la|gom)\b)\s*")


@dataclass(frozen=True)
class Role:
    """A unit named as leader or deputy, with the year and where it was said."""

    kind: str  # "leader" | "deputy"
    unit: str
    year: int | None
    order: int


def _sentence_year(folded_sentence: str) -> int | None:
    match = _YEAR.search(folded_sentence)
    return int(match.group(1)) if match else None


def _without_holder(unit: str, sentence: str) -> str:
    """"Sở Xây dựng Lê Văn Tâm" (a title run into its holder's name) is "Sở Xây dựng"."""
    for person in find_people(sentence):
        if unit.endswith(" " + person["name"]):
            return unit[: -len(person["name"]) - 1]
    return unit


def _holder(sentence: str, folded: str, role_start: int) -> str | None:
    """The unit a role phrase at ``role_start`` is said of, or None.

    The unit comes right before the role ("Sở X, đơn vị Trưởng khối"), maybe
    after the person who speaks for it ("Giám đốc Sở X Lê Văn A, đơn vị Cụm
    trưởng"), or before who elected it ("Sở X được Hội nghị bầu làm ...").
    """
    units = [u for u in find_units(sentence[:role_start]) if not _GIVER.search(folded[:u.start])]
    if units and _GAP.match(folded[units[-1].end:role_start]):
        return _without_holder(units[-1].text, sentence)
    for unit in reversed(units):
        if _ELECTED.match(folded[unit.end:role_start]):
            return _without_holder(unit.text, sentence)
    return None


def _roles_in(sentence: str, index: int, default_year: int | None) -> list[Role]:
    folded = fold_aligned(sentence)
    roles = []
    for match in _ROLE.finditer(folded):
        unit = _holder(sentence, folded, match.start())
        if unit is None:
            continue
        word = match.group(1) or match.group(2)
        kind = "deputy" if word.startswith("pho") else "leader"
        after = re.split(r"[,;.]", folded[match.end():], maxsplit=1)[0]
        year_m = _YEAR.search(after)
        year = int(year_m.group(1)) if year_m else _sentence_year(folded) or default_year
        roles.append(Role(kind, unit, year, index * 1000 + match.start()))
    return roles


def _pick(roles: list[Role], kind: str) -> Role | None:
    candidates = [r for r in roles if r.kind == kind]
    if not candidates:
        return None
    return max(candidates, key=lambda r: (r.year or 0, r.order))


def find_handover(text: str, default_year: int | None,
                  province: str | None = None) -> dict[str, Any] | None:
    """"bàn giao vai trò Trưởng khối năm 2019 từ X cho Y" as ``{"from", "to", "year"}``."""
    for sentence, folded in zip(*split_sentences(text), strict=True):
        match = _HANDOVER.search(folded) if "ban giao" in folded else None
        if not match:
            continue
        route = _FROM_TO.search(folded, match.end())
        if not route:
            continue
        givers = find_units(sentence[route.start(1): route.end(1)])
        takers = find_units(sentence[route.start(2): route.end(2)])
        if not givers or not takers:
            continue
        year_m = _YEAR.search(folded, match.start(), route.start())
        year = int(year_m.group(1)) if year_m else _sentence_year(folded) or default_year
        return {"from": unit_record(givers[0].text, province),
                "to": unit_record(takers[0].text, province), "year": year}
    return None


def leader_and_deputy(text: str, default_year: int | None, province: str | None = None,
                      handover: dict[str, Any] | None = None,
                      ) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The leader and deputy units (each with its year), or None where not named."""
    roles: list[Role] = []
    for i, (sentence, folded) in enumerate(zip(*split_sentences(text), strict=True)):
        if _ROLE.search(folded):
            roles += _roles_in(sentence, i, default_year)
    if handover:
        roles.append(Role("leader", handover["to"]["as_written"], handover["year"], 10**9))
    result = []
    for kind in ("leader", "deputy"):
        role = _pick(roles, kind)
        result.append({**unit_record(role.unit, province), "year": role.year} if role else None)
    return result[0], result[1]


def find_members(text: str, province: str | None = None) -> list[dict[str, Any]]:
    """Member units when the article lists them ("các đơn vị thành viên ... gồm: A, B, ...").

    The cue varies ("gồm", "Khối hiện có 6 đơn vị:", "Cụm có 4 đơn vị là"); a
    head shared by several places ("UBND các huyện A, B") gives one member each.
    """
    for sentence, folded in zip(*split_sentences(text), strict=True):
        match = _MEMBERS.search(folded) if (
            "gom" in folded or "thanh vien" in folded or "don vi" in folded
            or "co quan" in folded) else None
        if not match or _RANKED.search(folded, 0, match.end()):
            continue  # "03 đơn vị xếp thứ ba gồm ...": a ranking, not the membership
        counted = _COUNTED.match(folded, match.end())
        start = counted.end() if counted else match.end()
        if any(c.isupper() for c in sentence[match.end():start]) or opens_plural_list(
                sentence, match.end(), start):
            start = match.end()  # "gồm UBND các huyện: A, B": the colon is inside the list
        names = list_units(sentence[start:])
        if len(names) >= 2:
            return [unit_record(n, province) for n in names]
    return []
