"""Scores of extracted records against the real development set's labels.

A label row annotates only what the text supports (tests/gold/README.md):
a field absent from the row is not scored, a field present with null says
"there is none" (a predicted value is then a false positive). Bloc names are
compared by their normalised key against every accepted spelling. Besides
per-field precision and recall, three checks that matter on real pages:
how much of the article's text the record keeps (body recall), whether the
header's *today* date was taken, and whether related-list titles leaked in.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from crawler.errors import UnknownProvince
from crawler.extract.blocs import bloc_key
from crawler.extract.evaluate import Score
from crawler.vntext import fold, key

REAL_FIELDS = ("is_bloc_news", "bloc", "event_type", "event_date", "event_date_full",
               "province", "title")
TARGETS = {"is_bloc_news": 0.97, "bloc": 0.95, "event_type": 0.93, "event_date": 0.9,
           "event_date_full": 0.97, "province": 0.95, "title": 0.95}
_WORD = re.compile(r"\w+")


@dataclass
class RealScores:
    """Per-field scores and the page-level checks over a set of pages."""

    fields: dict[str, Score] = field(default_factory=lambda: {f: Score() for f in REAL_FIELDS})
    body_recall: list[float] = field(default_factory=list)
    today_taken: int = 0
    related_leaks: int = 0
    pages: int = 0

    @property
    def mean_body_recall(self) -> float:
        return sum(self.body_recall) / len(self.body_recall) if self.body_recall else 1.0


def _count(score: Score, predicted: Any, gold: Any, same: bool) -> None:
    score.predicted += predicted is not None
    score.gold += gold is not None
    score.tp += predicted is not None and gold is not None and same


def _bloc_keys(label: dict[str, Any]) -> set[str]:
    names = [label.get("bloc")] + list(label.get("bloc_alt") or [])
    return {bloc_key(n) for n in names if n}


def _province(name: str | None) -> str | None:
    """One spelling per province ("Thừa Thiên Huế" and "Huế" are one city)."""
    if not name:
        return None
    from crawler.provinces import load_provinces

    try:
        return load_provinces().resolve(name).name
    except UnknownProvince:
        return key(name)


def body_recall(text: str, extracted: str, title: str | None) -> float:
    """Share of the article's words (title excluded) that the extracted text keeps."""
    lines = [line for line in text.split("\n") if line.strip()]
    if title:
        lines = lines[lines.index(title) + 1:] if title in lines else lines
    gold = Counter(_WORD.findall(fold(" ".join(lines))))
    if not gold:
        return 1.0
    got = Counter(_WORD.findall(fold(extracted)))
    return sum(min(n, got[w]) for w, n in gold.items()) / sum(gold.values())


def _leaks(extracted: str, related: Iterable[str]) -> bool:
    folded = fold(extracted)
    return any(fold(title)[:40] in folded for title in related)


def score_page(scores: RealScores, record: dict[str, Any], label: dict[str, Any], text: str,
               related: Iterable[str], fetch_day: str,
               on_miss: Callable[[str, Any, Any], None] | None = None) -> None:
    """Add one page (its record dict, label row, real text, related titles) to ``scores``."""
    s = scores.fields
    scores.pages += 1
    miss = on_miss or (lambda *_: None)
    p_bloc, g_bloc = bool(record.get("is_bloc_news")), bool(label["is_bloc_news"])
    s["is_bloc_news"].tp += p_bloc and g_bloc
    s["is_bloc_news"].predicted += p_bloc
    s["is_bloc_news"].gold += g_bloc
    if p_bloc != g_bloc:
        miss("is_bloc_news", p_bloc, g_bloc)
    if "bloc" in label:
        got = bloc_key(record["bloc"]) if record.get("bloc") else None
        gold_keys = _bloc_keys(label)
        _count(s["bloc"], got, label.get("bloc"), got in gold_keys)
        if (got not in gold_keys) if gold_keys else got is not None:
            miss("bloc", record.get("bloc"), label.get("bloc"))
    for name, rec_name in (("event_type", "event_type"), ("event_date", "event_date")):
        if name in label:
            got, gold = record.get(rec_name), label[name]
            if name == "event_type" and got == "other" and gold != "other":
                got = None  # "other" says no type was found
            _count(s[name], got, gold, got == gold)
            if got != gold:
                miss(name, record.get(rec_name), gold)
    if label.get("event_date_from") == "text":
        got = record.get("event_date")
        _count(s["event_date_full"], got, label["event_date"], got == label["event_date"])
    if "province" in label:
        got, gold = _province(record.get("province")), _province(label["province"])
        _count(s["province"], got, gold, got == gold)
        if got != gold:
            miss("province", record.get("province"), label["province"])
    if "title" in label:
        got = key(record.get("title") or "") or None
        _count(s["title"], got, key(label["title"]), got == key(label["title"]))
        if got != key(label["title"]):
            miss("title", record.get("title"), label["title"])
    scores.body_recall.append(body_recall(text, record.get("text") or "", label.get("title")))
    if any((record.get(f) or "")[:10] == fetch_day for f in ("published", "event_date")):
        scores.today_taken += 1
        miss("today", record.get("published"), record.get("event_date"))
    if _leaks(record.get("text") or "", related):
        scores.related_leaks += 1
        miss("related", "leaked", None)
