"""Event dates in the forms real portals write them, and where each year came from.

Every case is our own sentence in the shape of a class of real pages
(tests/gold/real/labels.jsonl, ``class`` = event_date_*).
"""

from __future__ import annotations

import pytest

from crawler.extract.eventdate import find_event_date


@pytest.mark.parametrize(("text", "published", "url", "expected"), [
    # fully written: the year is in the text
    ("Sáng ngày 14/6/2021, Khối thi đua các cơ quan Nội chính tổ chức hội nghị.", "2021-06-16",
     None, ("2021-06-14", "text")),
    ("Ngày 03/12/2015, Cụm thi đua số 4 tổ chức hội nghị tổng kết.", "2015-12-05", None,
     ("2015-12-03", "text")),
    ("Trong hai ngày 12 và 13/3/2019, Khối thi đua các trường tổ chức hội thao.", "2019-03-15",
     None, ("2019-03-12", "text")),
    ("Từ ngày 20/11/2023 - 24/11/2023, đoàn kiểm tra của Khối đã kiểm tra chéo.", "2023-11-27",
     None, ("2023-11-20", "text")),
    # the year (or the day) from the publication date
    ("Sáng nay (18/12), Khối thi đua các doanh nghiệp tổng kết năm.", "2019-12-18T11:00:00+07:00",
     None, ("2019-12-18", "published")),
    ("Ngày 21-6, Cụm thi đua các huyện miền núi sơ kết 6 tháng.", "2022-06-23", None,
     ("2022-06-21", "published")),
])
def test_event_date_forms_and_their_source(text, published, url, expected):
    assert find_event_date(text, published, url) == expected


def test_the_year_from_the_url_when_no_publication_date_is_known():
    text = "Chiều 14/7, Khối thi đua các cơ quan tổng hợp sơ kết công tác 6 tháng đầu năm."
    assert find_event_date(text, None, "https://bao.vn/chinh-tri/202207/khoi-thi-dua-123/") == (
        "2022-07-14", "url")
    assert find_event_date(text, None, "https://bao.vn/2014/07/khoi-thi-dua.html") == (
        "2014-07-14", "url")


def test_the_year_after_the_period_reviewed_for_a_january_review():
    text = "Ngày 12/1, Cụm thi đua số 2 tổ chức hội nghị tổng kết công tác thi đua năm 2023."
    assert find_event_date(text, None, None) == ("2024-01-12", "period")


def test_no_year_anywhere_is_no_event_date():
    assert find_event_date("Chiều 19-7, Khối thi đua tổ chức hội nghị.", None, None) == (
        None, None)


def test_a_school_year_dates_a_yearless_meeting():
    text = "Ngày 25-5, Cụm thi đua số 4 tổ chức tổng kết công tác thi đua năm học 2023-2024."
    assert find_event_date(text, None, None) == ("2024-05-25", "period")
    text = "Ngày 20-9, Cụm thi đua số 4 ký kết giao ước thi đua năm học 2023-2024."
    assert find_event_date(text, None, None) == ("2023-09-20", "period")


def test_the_latest_year_of_the_sentence_dates_a_yearless_meeting():
    text = ("Chào mừng kỷ niệm ngày giải phóng miền Nam (30/4/1975 - 30/4/2024), chiều 25-4, "
            "Cụm thi đua số 3 tổ chức giao lưu thể thao.")
    assert find_event_date(text, None, None) == ("2024-04-25", "period")


def test_a_planned_date_is_not_the_event():
    text = "Hội thao có 500 vận động viên tham gia. Hội thao sẽ bế mạc vào ngày 1-10."
    assert find_event_date(text, "2023-09-23", None) == (None, None)
