"""Is this news about an emulation bloc's activity? A weighted score and a threshold.

A bloc named in the title or the opening is strong evidence; the bloc's own
roles ("Trưởng khối") and covenants add to it. Party news of "Đảng ủy Khối",
"khối đại đoàn kết", "khối lượng" and a provincial council's own ceremonies
count against it. Weights and patterns live in ``data/scoring.toml``.
"""

from __future__ import annotations

import math
import os
import re
from functools import cache
from typing import Any

from crawler.errors import UsageError
from crawler.extract import vocab
from crawler.extract.blocs import BlocMention
from crawler.extract.textops import fold_aligned as fold


@cache
def _vocab() -> dict[str, Any]:
    data = vocab.load("scoring")
    return {
        "threshold": float(data["threshold"]),
        "w": data["weights"],
        "against": [(re.compile(p), float(w)) for p, w in data["against_title"].items()],
        "role": re.compile(data["patterns"]["bloc_role"]),
        "title_word": re.compile(data["patterns"]["bloc_word_in_title"]),
    }


def bloc_score(title: str | None, text: str, title_has_bloc: bool,
               mentions: list[BlocMention], event_types: list[str] = ()) -> float:
    """Evidence in [0, 1] that the article reports a bloc's own activity.

    Args:
        title: the article title.
        text: the normalised main text.
        title_has_bloc: whether the title names the bloc.
        mentions: the named-bloc mentions in the text.
        event_types: the event types found; a meeting reported is evidence too.
    """
    v = _vocab()
    w = v["w"]
    folded_title = fold(title or "")
    score = 0.0
    if title_has_bloc:
        score += w["bloc_in_title"]
    elif v["title_word"].search(folded_title):
        score += w["bloc_word_in_title"]
    if mentions and mentions[0].start < 400:
        score += w["bloc_in_opening"]
    score += w["per_mention"] * min(max(len(mentions) - 1, 0), w["max_mentions"])
    if v["role"].search(fold(text)):
        score += w["bloc_role"]
    if any(t != "other" for t in event_types):
        score += w["bloc_event"]
    for pattern, weight in v["against"]:
        if pattern.search(folded_title):
            score -= weight
    return round(max(0.0, min(1.0, score)), 3)


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


def is_bloc_news(score: float, bloc: str | None) -> bool:
    """Bloc news needs a named bloc and enough evidence around it."""
    return bloc is not None and score >= threshold()
