"""The metric itself: units by canonical key, blocs by bloc key, non-bloc gold only partly."""

from __future__ import annotations

from crawler.extract.evaluate import evaluate


def test_spellings_of_one_unit_count_as_equal_and_misses_count():
    pred = {"is_bloc_news": True, "province": "Hà Giang", "bloc": "Khối giao ước thi đua các Hội",
            "leader_unit": {"name": "Liên minh Hợp tác xã tỉnh", "year": 2021},
            "awards": [{"award": "Cờ thi đua của UBND tỉnh",
                        "recipient": {"name": "Sở Y tế"}, "rank": 1}],
            "documents": [{"number": "1/KH-UBND"}, {"number": "2/KH-UBND"}]}
    gold = {"is_bloc_news": True, "province": "Hà Giang", "bloc": "khối thi đua các hội",
            "leader_unit": "Liên minh HTX tỉnh Hà Giang", "leader_year": 2021,
            "awards": [{"award": "Cờ thi đua của UBND tỉnh", "recipient": "Sở Y tế", "rank": 1}],
            "documents": [{"number": "1/KH-UBND"}]}
    scores = evaluate([(pred, gold)])
    assert scores["bloc"].tp == scores["leader_unit"].tp == scores["awards"].tp == 1
    assert scores["leader_year"].tp == 1
    assert (scores["documents"].precision, scores["documents"].recall) == (0.5, 1.0)


def test_bloc_fields_of_non_bloc_gold_are_not_scored():
    pred = {"is_bloc_news": False, "province": "Hà Nam", "bloc": "Khối thi đua X",
            "event_type": "other", "people": [{"name": "Nguyễn Văn A"}]}
    gold = {"is_bloc_news": False, "province": "Hà Nam"}
    scores = evaluate([(pred, gold)])
    assert scores["bloc"].predicted == scores["event_type"].predicted == 0
    assert scores["people"].predicted == 0
    assert scores["province"].tp == 1
