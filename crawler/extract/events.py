"""Event types (what happened at the meeting) and the period it reviews.

Cues are phrases ("sơ kết", "ký kết giao ước", "bình xét") in
``data/events.toml``; a cue counts unless its sentence marks it as a plan or
an earlier act ("ngay từ đầu năm ... đã ký giao ước"). The primary type is
the first one the title names, else the first in the text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import cache
from typing import Any

from crawler.extract import vocab
from crawler.extract.record import EVENT_TYPES
from crawler.extract.textops import fold_aligned as fold
from crawler.extract.textops import split_sentences, url_slug

_TYPES = tuple(t for t in EVENT_TYPES if t != "other")


@cache
def _vocab() -> dict[str, Any]:
    data = vocab.load("events")
    compiled: dict[str, Any] = {}
    for name in _TYPES:
        entry = data[name]
        compiled[name] = (
            re.compile("|".join(f"(?:{c})" for c in entry["cues"])),
            re.compile("|".join(f"(?:{c})" for c in entry["not_in_sentence"]) or r"(?!x)x"),
        )
        compiled[f"{name}:opening"] = entry.get("opening_only")
    plans = data["plans"]
    compiled["plans"] = {
        "types": frozenset(plans["types"]),
        **{part: re.compile("|".join(f"(?:{p})" for p in plans[part]))
           for part in ("before", "after", "past")}}
    period = data["period"]
    compiled["period"] = {k: [re.compile(p) for p in v] for k, v in period.items()}
    return compiled


def _first_cue(sentence_list: Sequence[str], name: str) -> int | None:
    """Index (sentence number * 1000 + offset) of the first live cue, or None.

    One search over the joined sentences finds the candidates; only the
    sentences holding one are checked against the veto patterns.
    """
    cue, veto = _vocab()[name]
    joined = "\n".join(sentence_list)
    starts = _starts(sentence_list)
    plans = name in _vocab()["plans"]["types"]
    for match in cue.finditer(joined):
        i = bisect_right(starts, match.start()) - 1
        start, end = match.start() - starts[i], match.end() - starts[i]
        if not veto.search(sentence_list[i]) and not (
                plans and _planned(sentence_list[i], start, end)):
            return i * 1000 + start
    return None


_CLAUSE_END = re.compile(r"[.;:]")


def _planned(sentence: str, start: int, end: int) -> bool:
    """Whether the cue at ``start:end`` is said of a plan ("sẽ tổ chức ký kết ...")."""
    plans = _vocab()["plans"]
    marks = list(_CLAUSE_END.finditer(sentence, 0, start))
    before = sentence[marks[-1].end() if marks else 0:start]
    if plans["before"].search(before):
        return True
    return bool(plans["after"].search(sentence, end)) and not plans["past"].search(before)


def _starts(sentence_list: Sequence[str]) -> list[int]:
    starts, pos = [], 0
    for sentence in sentence_list:
        starts.append(pos)
        pos += len(sentence) + 1
    return starts


def _slug_words(url: str | None) -> list[str]:
    """The URL slug as words ("...-so-ket-cong-tac-thi-dua-..." -> "so ket cong tac thi dua")."""
    if not url:
        return []
    path = url_slug(url)
    words = re.sub(r"[^a-z0-9]+", " ", path).strip()
    return [words] if words else []


def event_types(title: str | None, text: str, award_count: int = 0,
                url: str | None = None) -> list[str]:
    """All event types the article supports, primary first; ["other"] when none.

    Args:
        title: the article title (its cues decide the primary type).
        text: the main text.
        award_count: awards found with a recipient; they support ranking_awards
            even when no ranking cue is written.
        url: the article URL; its slug decides the primary type when the title
            names none ("...-so-ket-cong-tac-thi-dua-khoi-thi-dua-so-9").
    """
    sources = ([fold(title)] if title else [], _slug_words(url), split_sentences(text)[1])
    found: dict[str, tuple[int, int]] = {}
    for name in _TYPES:
        opening = _vocab()[f"{name}:opening"]
        for rank, chunks in enumerate(sources):
            if rank == 2 and opening:
                chunks = chunks[:opening]
            at = _first_cue(chunks, name)
            if at is not None:
                found[name] = (rank, at)
                break
    if award_count and "ranking_awards" not in found:
        found["ranking_awards"] = (2, 10**9)
    if not found:
        return ["other"]
    return sorted(found, key=lambda n: found[n])


def _year_match(patterns: list[re.Pattern[str]], sentence_list: Sequence[str]) -> int | None:
    for sentence in sentence_list:
        for pattern in patterns:
            match = pattern.search(sentence)
            if match and 1975 <= int(match.group(1)) <= 2099:    # not a slug's id
                return int(match.group(1))
    return None


def review_period(types: list[str], title: str | None, text: str,
                  url: str | None = None) -> str | None:
    """"2019-H1" for a mid-year review, "2020" for a year-end review, ranking or inspection.

    The year must be written next to the review phrase ("6 tháng đầu năm 2019",
    "tổng kết ... năm 2020"); a mid-year review that only names the plan for
    "6 tháng cuối năm 2019" reviews the first half of that year. The title,
    then the URL slug ("...-tong-ket-nam-2023-..."), then the text are read. A
    cross-inspection reviews the year of the covenant it checks.
    """
    patterns = _vocab()["period"]
    chunks = [fold(title)] if title else []
    chunks += _slug_words(url) + list(split_sentences(text)[1])
    if types[0] == "mid_year_review" or ("mid_year_review" in types
                                         and "year_end_review" not in types):
        year = _year_match(patterns["half"], chunks) or _year_match(patterns["half_later"], chunks)
        return f"{year}-H1" if year else None
    if {"year_end_review", "ranking_awards", "cross_inspection"} & set(types):
        year = _year_match(patterns["year"], chunks)
        return str(year) if year else None
    return None
