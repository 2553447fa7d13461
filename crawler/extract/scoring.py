"""Is this news about an emulation bloc's activity? Weighted evidence and a threshold.

Recall first: the title, the URL slug and the text each add evidence — a bloc
named in the title or the slug, a bloc named in the opening, its roles
("Trưởng khối"), its members ("các đơn vị trong khối"), a bloc event — and the
guards subtract it for party and union organisations of a "Khối", "khối đại
đoàn kết" and the like. Each piece of evidence is kept as a ``where:what``
signal, so a reader sees why. Weights, patterns and the threshold live in
``data/scoring.toml`` (its comment says how the threshold was chosen).
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from crawler.errors import UsageError
from crawler.extract import vocab
from crawler.extract.blocs import BlocMention
from crawler.extract.textops import fold_aligned as fold
from crawler.extract.textops import url_slug


@cache
def _vocab() -> dict[str, Any]:
    data = vocab.load("scoring")
    patterns = {name: re.compile(p) for name, p in data["patterns"].items()}
    return {"threshold": float(data["threshold"]), "w": data["weights"], **patterns,
            "against": [(re.compile(p), float(w)) for p, w in data["against_title"].items()]}


@dataclass
class Evidence:
    """The score in [0, 1], the signals behind it, and whether a bloc is named at all."""

    score: float = 0.0
    signals: list[str] = field(default_factory=list)
    named: bool = False

    def add(self, weight: float, signal: str) -> None:
        self.score += weight
        self.signals.append(signal)


def _title_evidence(ev: Evidence, title: str | None, title_has_bloc: bool) -> None:
    v = _vocab()
    folded = fold(title or "")
    if title_has_bloc:
        ev.add(v["w"]["title_bloc"], "title:bloc")
        ev.named = True
    elif v["bloc_word_in_title"].search(folded):
        ev.add(v["w"]["title_word"], "title:khoi/cum")
    if v["bloc_role"].search(folded) and "giao uoc" not in v["bloc_role"].search(folded).group(0):
        ev.add(v["w"]["title_role"], "title:role")
    for pattern, weight in v["against"]:
        if match := pattern.search(folded):
            ev.add(-weight, f"guard:{match.group(0)}")


def _text_evidence(ev: Evidence, text: str, mentions: list[BlocMention],
                   event_types: list[str] | tuple[str, ...]) -> None:
    v = _vocab()
    w = v["w"]
    folded = fold(text)
    if mentions:
        ev.named = True
        ev.add(w["named"], "text:bloc")
        if mentions[0].start < 400:
            ev.add(w["opening"], "text:opening")
        extra = min(len(mentions) - 1, w["max_mentions"])
        if extra:
            ev.add(w["mention"] * extra, f"text:mentions {len(mentions)}")
    elif v["bloc_word"].search(folded):
        ev.add(w["bloc_word"], "text:bloc word")
        ev.named = True
    if v["bloc_role"].search(folded):
        ev.add(w["role"], "text:role")
    if v["members"].search(folded):
        ev.add(w["members"], "text:members")
    found = [t for t in event_types if t != "other"]
    if found:
        ev.add(w["event"], f"event:{found[0]}")
    if v["blocs_general"].search(folded):
        ev.add(w["blocs_general"], "text:blocs in general")
        ev.named = True


def bloc_evidence(title: str | None, text: str, title_has_bloc: bool,
                  mentions: list[BlocMention], event_types: list[str] | tuple[str, ...] = (),
                  url: str | None = None) -> Evidence:
    """Evidence that the article reports a bloc's own activity.

    Args:
        title: the article title.
        text: the normalised main text.
        title_has_bloc: whether the title names the bloc.
        mentions: the named-bloc mentions in the text.
        event_types: the event types found; a bloc event reported is evidence too.
        url: the article URL, whose slug often names the bloc when the text does not.
    """
    v = _vocab()
    ev = Evidence()
    _title_evidence(ev, title, title_has_bloc)
    slug = url_slug(url)
    if v["slug_bloc"].search(slug) and not v["slug_guard"].search(slug):
        ev.add(v["w"]["slug_bloc"], "slug:bloc")
        ev.named = True
    _text_evidence(ev, text, mentions, event_types)
    ev.score = _saturate(ev.score, v["w"]["half"])
    return ev


def _saturate(evidence: float, half: float) -> float:
    """Summed evidence as a score in [0, 1): ``half`` scores 0.5, each ``half`` more halves the rest

    Graded rather than clipped at 1, so that a stricter threshold still tells
    strong pages from merely sufficient ones (a page with a named bloc in the
    title, its roles, members and event scores about 0.9; one more signal, 0.95).
    """
    return round(1.0 - 0.5 ** (max(0.0, round(evidence, 3)) / half), 3)


THRESHOLD_ENV = "THIDUA_BLOC_THRESHOLD"


def threshold() -> float:
    """The score bloc news needs: ``$THIDUA_BLOC_THRESHOLD``, else ``data/scoring.toml``'s.

    A setting because it decides only what search shows as bloc news: every
    page is kept with its score, so a new threshold applies to the whole
    archive with ``thidua reextract``, without a recrawl.

    Raises:
        UsageError: the variable is set to something other than a number in [0, 1].
    """
    text = os.environ.get(THRESHOLD_ENV, "").strip()
    if not text:
        return _vocab()["threshold"]
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0.0 <= value <= 1.0:
        raise UsageError(f"{THRESHOLD_ENV} must be a number from 0 to 1 (got {text!r})")
    return value


def slug_bloc_name(url: str | None) -> str | None:
    """A numbered bloc the URL slug names ("cum-thi-dua-so-3" -> "Cụm thi đua số 3")."""
    match = _vocab()["slug_numbered"].search(url_slug(url))
    if not match:
        return None
    number = match.group(2)
    head = "Khối" if match.group(1) == "khoi" else "Cụm"
    return f"{head} thi đua số {number.upper() if not number.isdigit() else number}"


def is_bloc_news(evidence: Evidence) -> bool:
    """Bloc news needs a bloc (named, in the slug, or blocs in general) and enough evidence."""
    return evidence.named and evidence.score >= threshold()
