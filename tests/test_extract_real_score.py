"""The real development set's scorer and page frame (bench/real_score.py, bench/real_pages.py).

The real texts stay outside the repository; these tests use our own text in
their place. ``THIDUA_REAL_DIR`` (a folder of the real texts) turns on the gate
on the real set in tests/test_extract_gate.py.
"""

from __future__ import annotations

from bench.real_pages import FETCH_DAY, FETCHED_AT, load_labels, wrap
from bench.real_score import RealScores, body_recall, score_page
from crawler.extract.article import extract_article

TEXT = """Trang chủ
Cụm thi đua số 3 sơ kết 6 tháng đầu năm 2024
Sáng ngày 12/7/2024, Cụm thi đua số 3 tổ chức hội nghị sơ kết công tác thi đua 6 tháng đầu năm.
Các đơn vị trong cụm đều hoàn thành các chỉ tiêu đề ra; hội nghị thống nhất nhiệm vụ cuối năm.
"""
LABEL = {"id": "000000000001", "url": "https://sonoivu.binhdinh.gov.vn/tin-tuc/cum-3.html",
         "is_bloc_news": True, "bloc": "Cụm thi đua số 3", "event_type": "mid_year_review",
         "event_date": "2024-07-12", "event_date_from": "text", "province": "Bình Định",
         "title": "Cụm thi đua số 3 sơ kết 6 tháng đầu năm 2024", "title_line": 2}


def _scored(record: dict) -> RealScores:
    page, related = wrap(TEXT, LABEL)
    scores = RealScores()
    score_page(scores, record, LABEL, TEXT, related, FETCH_DAY.isoformat())
    return scores


def test_the_frame_around_a_real_text_is_no_trap_for_extraction():
    """The today header, the menu and the related list of our frame stay out of the record."""
    page, related = wrap(TEXT, LABEL)
    assert FETCH_DAY.strftime("%d/%m/%Y") in page and all(t in page for t in related)
    record = extract_article(page, LABEL["url"], FETCHED_AT).to_dict()
    scores = _scored(record)
    assert scores.today_taken == 0 and scores.related_leaks == 0
    assert all(scores.fields[f].f1 == 1.0 for f in scores.fields), {
        f: s.f1 for f, s in scores.fields.items()}
    assert scores.mean_body_recall == 1.0


def test_a_wrong_field_a_taken_today_and_a_leak_are_counted():
    page, related = wrap(TEXT, LABEL)
    record = {"is_bloc_news": True, "bloc": "Cụm thi đua số 8", "event_type": "mid_year_review",
              "event_date": FETCH_DAY.isoformat(), "province": "Bình Định",
              "title": LABEL["title"], "text": "Các đơn vị trong cụm. " + related[0]}
    scores = _scored(record)
    assert scores.fields["bloc"].tp == 0 and scores.fields["bloc"].predicted == 1
    assert scores.fields["event_date_full"].recall == 0.0
    assert scores.today_taken == 1 and scores.related_leaks == 1
    assert scores.fields["province"].f1 == 1.0


def test_body_recall_is_the_share_of_the_article_words_kept():
    text = "Tiêu đề\nmột hai ba bốn"
    assert body_recall(text, "một hai ba bốn", "Tiêu đề") == 1.0
    assert body_recall(text, "một hai", "Tiêu đề") == 0.5


def test_the_committed_labels_are_urls_and_labels_only():
    labels = load_labels()
    assert len(labels) >= 300 and len({row["host"] for row in labels}) >= 100
    assert sum(row["is_bloc_news"] for row in labels) >= 100
    assert all(set(row) <= {"id", "url", "host", "level", "year", "is_bloc_news", "bloc",
                            "bloc_alt", "event_type", "event_date", "event_date_from",
                            "province", "title", "title_line", "class", "source"}
               for row in labels)
