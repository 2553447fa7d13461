"""Quality gate: per-field precision and recall over the whole gold corpus.

Like trafilatura's tests/eval_gate.py: the floors are pinned just below what
extraction reaches today, so a change that makes any field worse fails here.
``bench/extraction_eval.py --misses`` prints the table and every disagreement.
Raise a floor when extraction improves; never lower one to make a change pass.
"""

from __future__ import annotations

import pytest

from crawler.extract.evaluate import evaluate

# field: (precision floor, recall floor); reached on 48 articles: 1.000 each, except
# event_types precision 0.987.
FLOORS = {
    "is_bloc_news": (0.97, 0.97),
    "province": (0.97, 0.97),
    "province_current": (0.97, 0.97),
    "title": (0.97, 0.97),
    "published": (0.97, 0.97),
    "event_date": (0.95, 0.95),
    "bloc": (0.97, 0.97),
    "event_type": (0.97, 0.97),
    "event_types": (0.95, 0.97),
    "period": (0.95, 0.95),
    "leader_unit": (0.95, 0.95),
    "leader_year": (0.95, 0.95),
    "deputy_unit": (0.95, 0.95),
    "handover": (0.9, 0.9),
    "members": (0.95, 0.95),
    "awards": (0.95, 0.95),
    "award_ranks": (0.95, 0.95),
    "people": (0.95, 0.95),
    "documents": (0.95, 0.95),
}


@pytest.fixture(scope="module")
def scores(extracted_corpus):
    return evaluate((item.record.to_dict(), item.gold.expected)
                    for item in extracted_corpus.values())


@pytest.mark.parametrize("field", FLOORS)
def test_field_stays_above_its_floor(scores, field):
    precision_floor, recall_floor = FLOORS[field]
    score = scores[field]
    assert score.gold > 0, f"no gold values for {field}: the gate would measure nothing"
    assert score.precision >= precision_floor, f"{field} precision {score.precision:.3f}"
    assert score.recall >= recall_floor, f"{field} recall {score.recall:.3f}"


def test_the_gold_set_is_large_enough_to_gate_on(extracted_corpus):
    bloc = sum(item.gold.is_bloc_news for item in extracted_corpus.values())
    assert len(extracted_corpus) >= 30 and bloc >= 20 and len(extracted_corpus) - bloc >= 5
