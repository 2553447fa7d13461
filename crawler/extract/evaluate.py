"""Per-field precision and recall of extracted records against gold records.

Shared by ``bench/extraction_eval.py`` (prints the table) and the quality
gate test (fails under pinned floors). Gold records use the corpus format:
unit fields as canonical name strings, ``leader_year``, ``handover_from`` ...
Values are compared by meaning, not spelling: units and blocs by the key of
their canonical form, documents by number, awards by (award, recipient).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from crawler.extract.blocs import bloc_key
from crawler.extract.units import unit_key
from crawler.vntext import key


@dataclass
class Score:
    """Counts for one field: true positives, predicted values, gold values."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _unit(value: Any, province: str | None) -> str | None:
    if isinstance(value, dict):
        value = value.get("name")
    return unit_key(value, province) if value else None


def _scalars(rec: dict[str, Any], gold: bool, prov: str | None) -> dict[str, Any]:
    """The comparable scalar values of a record (predicted) or a gold table."""
    def get(name: str) -> Any:
        return rec.get(name)

    def role(name: str) -> tuple[Any, Any]:
        if gold:
            return get(f"{name}_unit"), get(f"{name}_year")
        unit = get(f"{name}_unit")
        return unit, (unit or {}).get("year")

    leader, leader_year = role("leader")
    deputy, _ = role("deputy")
    hand = get("handover") or {}
    h_from = get("handover_from") if gold else hand.get("from")
    h_to = get("handover_to") if gold else hand.get("to")
    return {
        "province": key(get("province") or "") or None,
        "province_current": key(get("province_current") or "") or None,
        "title": key(get("title") or "") or None,
        "published": get("published"),
        "event_date": get("event_date"),
        "bloc": bloc_key(get("bloc")) if get("bloc") else None,
        "event_type": get("event_type"),
        "period": get("period"),
        "leader_unit": _unit(leader, prov),
        "leader_year": leader_year if leader else None,
        "deputy_unit": _unit(deputy, prov),
        "handover": (_unit(h_from, prov), _unit(h_to, prov)) if h_from and h_to else None,
    }


def _lists(rec: dict[str, Any], prov: str | None) -> dict[str, set[Any]]:
    def units(values: Iterable[Any]) -> set[Any]:
        return {_unit(v, prov) for v in values}

    return {
        "event_types": set(rec.get("event_types") or []),
        "members": units(rec.get("members") or []),
        "awards": {(key(a["award"]), _unit(a.get("recipient"), prov))
                   for a in rec.get("awards") or []},
        "award_ranks": {(key(a["award"]), _unit(a.get("recipient"), prov), a.get("rank"))
                        for a in rec.get("awards") or []},
        "people": {key(p["name"]) for p in rec.get("people") or []},
        "documents": {d["number"] for d in rec.get("documents") or []},
    }


# Fields a gold record of a non-bloc article annotates; the bloc fields of such
# an article are not annotated, so they are not scored.
PAGE_FIELDS = frozenset({"province", "province_current", "title", "published"})

FIELD_ORDER = ("is_bloc_news", "province", "province_current", "title", "published",
               "event_date", "bloc", "event_type", "event_types", "period", "leader_unit",
               "leader_year", "deputy_unit", "handover", "members", "awards", "award_ranks",
               "people", "documents")


def evaluate(pairs: Iterable[tuple[dict[str, Any], dict[str, Any]]],
             on_miss: Callable[[str, Any, Any], None] | None = None) -> dict[str, Score]:
    """Score (predicted record dict, gold table) pairs field by field.

    Args:
        pairs: predicted ``Article.to_dict()`` and the corpus ``[expected]`` table.
        on_miss: called with (field, predicted, gold) for every disagreement,
            to print what went wrong.
    """
    scores = {name: Score() for name in FIELD_ORDER}
    for pred, gold in pairs:
        prov = gold.get("province")
        s = scores["is_bloc_news"]
        p_bloc, g_bloc = bool(pred.get("is_bloc_news")), bool(gold.get("is_bloc_news"))
        s.tp += p_bloc and g_bloc
        s.predicted, s.gold = s.predicted + p_bloc, s.gold + g_bloc
        if on_miss and p_bloc != g_bloc:
            on_miss("is_bloc_news", p_bloc, g_bloc)
        ps, gs = _scalars(pred, False, prov), _scalars(gold, True, prov)
        for name, g in gs.items():
            if not g_bloc and name not in PAGE_FIELDS:
                continue
            p = ps[name]
            s = scores[name]
            s.predicted += p is not None
            s.gold += g is not None
            s.tp += p is not None and p == g
            if on_miss and p != g:
                on_miss(name, p, g)
        pl, gl = _lists(pred, prov), _lists(gold, prov)
        for name, g in gl.items() if g_bloc else ():
            p = pl[name]
            s = scores[name]
            s.predicted, s.gold, s.tp = s.predicted + len(p), s.gold + len(g), s.tp + len(p & g)
            if on_miss and p != g:
                on_miss(name, sorted(map(str, p - g)), sorted(map(str, g - p)))
    return scores
