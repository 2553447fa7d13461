"""Quality gate: per-field precision and recall over the whole gold corpus.

Like trafilatura's tests/eval_gate.py: the floors are pinned just below what
extraction reaches today, so a change that makes any field worse fails here.
``bench/extraction_eval.py --misses`` prints the table and every disagreement.
Raise a floor when extraction improves; never lower one to make a change pass.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from crawler.extract.evaluate import evaluate
from crawler.extract.record import EVENT_TYPES

# field: (precision floor, recall floor); reached on 91 articles: 1.000 each, except
# event_types precision 0.992, members recall 0.987.
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


# The weakness classes found on real pages (tests/gold/real/labels.jsonl, ``class``), each
# with a corpus article of our own in its shape: every expected field must come out right.
CLASS_FIXTURES = {
    "bloc named without 'thi đua'": "hanam/khoi-co-quan-noi-chinh-tinh-so-ket-6-thang-dau-nam-2024",
    "bloc by its number alone": "hanam/khoi-7-giao-luu-the-thao-chao-mung-ngay-tai-lap-tinh",
    "Roman-numbered cluster": "sonoivu-binhdinh/cum-thi-dua-so-vii-ky-ket-giao-uoc-thi-dua"
                              "-nam-2024",
    "cluster of provinces' sector offices": "kontum-bdt/cum-thi-dua-thanh-tra-cac-tinh-tay-nguyen"
                                            "-va-duyen-hai-nam-trung-bo-tong-ket-nam-2023",
    "bloc sports day": "songoaivu-ninhthuan/hoi-thao-khoi-thi-dua-cac-co-quan-tong-hop-doi-ngoai"
                       "-nam-2024",
    "cross-inspection, upper-case name, date range": "hagiang/khoi-giao-uoc-thi-dua-cac-co-quan"
                                                     "-kinh-te-kiem-tra-cheo-nam-2023",
    "award council deciding flags for the blocs": "hanam/hoi-dong-thi-dua-khen-thuong-tinh-xet"
                                                  "-tang-co-thi-dua-cho-cac-khoi-cum-nam-2023",
    "'Sáng nay (30/12)' with the publication year": "baoquangbinh/khoi-thi-dua-cac-co-quan-kinh"
                                                    "-te-tong-ket-nam-2024",
    "event type only in the URL slug": "songoaivu-ninhthuan/cum-thi-dua-so-3-tong-ket-nam-2023"
                                       "-nhieu-don-vi-hoan-thanh-xuat-sac-nhiem-vu",
    "near-miss: the youth union of a Khối": "songoaivu-ninhthuan/doan-khoi-cac-co-quan-tinh-to"
                                            "-chuc-hoi-thao-chao-mung-ngay-thanh-lap-doan",
    "near-miss: a school grade": "sonoivu-binhdinh/hoc-sinh-khoi-12-thi-dua-on-tap-thi-tot-nghiep",
}


@pytest.mark.parametrize("name", CLASS_FIXTURES)
def test_each_real_weakness_class_is_read_right(extracted_corpus, name):
    item = extracted_corpus[CLASS_FIXTURES[name]]
    scores = evaluate([(item.record.to_dict(), item.gold.expected)])
    wrong = {f: (s.precision, s.recall) for f, s in scores.items()
             if (s.gold or s.predicted) and (s.precision, s.recall) != (1.0, 1.0)}
    assert wrong == {}


def test_the_gold_set_has_every_event_type(extracted_corpus):
    types = {t for item in extracted_corpus.values()
             for t in item.gold.expected.get("event_types", [])}
    assert types >= set(EVENT_TYPES) - {"other"}


@pytest.mark.skipif(not os.environ.get("THIDUA_REAL_DIR"),
                    reason="THIDUA_REAL_DIR not set: the real texts live outside the repository "
                           "(tests/gold/README.md)")
def test_the_real_development_set_meets_its_targets():
    from bench.extraction_eval import real_scores
    from bench.real_pages import LABELS
    from bench.real_score import TARGETS

    scores, missing = real_scores(Path(os.environ["THIDUA_REAL_DIR"]), LABELS, False)
    assert missing == 0 and scores.pages >= 300
    low = {f: round(scores.fields[f].f1, 3) for f, t in TARGETS.items()
           if scores.fields[f].f1 < t}
    assert low == {}
    assert scores.mean_body_recall >= 0.97
    assert scores.today_taken == 0 and scores.related_leaks == 0
