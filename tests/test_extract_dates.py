"""Publication and event dates: the portal forms, and the traps around them."""

from __future__ import annotations

from datetime import date

import pytest

from crawler.extract.dates import (
    Stamp,
    find_dateline,
    is_dateline,
    is_header_today,
    parse_stamp,
    parse_with_dateparser,
    publication_date,
)
from crawler.extract.eventdate import find_event_date
from crawler.extract.page import Page, parse_page


def event_date(text, published, url=None):
    return find_event_date(text, published, url)[0]

FETCHED = date(2024, 4, 24)


@pytest.mark.parametrize(("text", "iso"), [
    ("26-2-2021", "2021-02-26"),
    ("09/01/2019", "2019-01-09"),
    ("24/07/2019 08:21", "2019-07-24T08:21:00+07:00"),
    ("Thứ Tư, 20/07/2016, 09:05 [GMT+7]", "2016-07-20T09:05:00+07:00"),
    ("15/01/2020 - 10:30", "2020-01-15T10:30:00+07:00"),
    ("Ngày 3 tháng 8 năm 2021", "2021-08-03"),
    ("2019-07-24T01:21:00Z", "2019-07-24T08:21:00+07:00"),
    ("2021-02-26", "2021-02-26"),
])
def test_parse_stamp_reads_each_portal_form(text, iso):
    assert parse_stamp(text).iso() == iso


def test_parse_stamp_rejects_impossible_day():
    assert parse_stamp("31/02/2020") is None


def test_dateparser_fallback_reads_a_meta_value_in_words():
    stamp = parse_with_dateparser("20 tháng 7, 2016")
    assert stamp == Stamp(date(2016, 7, 20))


@pytest.mark.parametrize("line", [
    "Thứ 2, ngày 19 tháng 4 năm 2021",
    "Thứ tư, Ngày 24 Tháng 4 Năm 2024",
    "Chủ nhật, ngày 5 tháng 1 năm 2025",
])
def test_header_today_lines_are_recognised(line):
    assert is_header_today(line)


@pytest.mark.parametrize("line", [
    "Thứ Tư, 20/07/2016, 09:05 [GMT+7]",
    "Quyết định số 12 ngày 27 tháng 9 năm 2019, Sở Y tế xếp thứ ba trong khối thi đua năm nay",
])
def test_datelines_and_prose_are_not_header_lines(line):
    assert not is_header_today(line)


def test_a_sentence_with_a_date_is_no_dateline():
    assert is_dateline("24/07/2019 08:21")
    assert not is_dateline("Ngày 25/02/2021, Khối thi đua tổ chức hội nghị")


def test_dateline_next_to_title_wins_over_header_today_line():
    lines = ["Thứ tư, Ngày 24 Tháng 4 Năm 2024", "Tin hoạt động cụm, khối thi đua",
             "Khối thi đua các Hội sơ kết 6 tháng đầu năm 2019", "24/07/2019 08:21",
             "Ngày 11.7 ..."]
    stamp = find_dateline(lines, "Khối thi đua các Hội sơ kết 6 tháng đầu năm 2019", FETCHED)
    assert stamp.iso() == "2019-07-24T08:21:00+07:00"


def test_related_news_dates_are_never_the_publication_date():
    lines = ["Khối thi đua X sơ kết", "Nội dung bài viết không có ngày", "Tin khác",
             "08/07/2019 14:38"]
    assert find_dateline(lines, "Khối thi đua X sơ kết", FETCHED) is None


def test_a_date_after_the_fetch_is_impossible():
    lines = ["Khối thi đua X sơ kết 6 tháng", "24/07/2030"]
    assert find_dateline(lines, "Khối thi đua X sơ kết 6 tháng", FETCHED) is None


def test_page_with_only_the_header_date_has_no_publication_date():
    page = parse_page("<html><body><div>Thứ tư, Ngày 24 Tháng 4 Năm 2024</div>"
                      "<h1>Khối thi đua X tổng kết năm 2023</h1><p>Nội dung.</p></body></html>")
    assert publication_date(page, "Khối thi đua X tổng kết năm 2023", "http://a.vn/x",
                            "2024-04-24T09:00:00+07:00") == (None, None)


def test_meta_tag_comes_first_and_converts_to_vietnam_time():
    page = Page(meta={"article:published_time": "2016-07-20T02:05:00+00:00"},
                lines=["Khối X", "01/01/2016"])
    assert publication_date(page, "Khối X", "http://a.vn/x", "2024-01-01T00:00:00+07:00") == (
        "2016-07-20T09:05:00+07:00", "meta")


def test_url_date_is_the_last_resort():
    assert publication_date(Page(), None, "http://a.vn/2019/07/24/bai-viet.html",
                            "2024-01-01T00:00:00+07:00") == ("2019-07-24", "url")


@pytest.mark.parametrize(("opening", "published", "expected"), [
    ("Sáng ngày 02/8/2019, Khối thi đua tổ chức hội nghị.", "2019-08-05", "2019-08-02"),
    ("Ngày 25/02/2021, Khối thi đua đã tổ chức Hội nghị.", "2021-02-26", "2021-02-25"),
    ("Ngày 11.7, Khối giao ước thi đua tổ chức hội nghị.", "2019-07-24T08:21:00+07:00",
     "2019-07-11"),
    ("(QBĐT) - Chiều 19-7, Khối Thi đua tổ chức hội nghị.", "2016-07-20", "2016-07-19"),
    ("Sáng thứ Sáu, 18/02/2022, tại trụ sở, Khối tổ chức lễ ký kết.", "2022-02-21",
     "2022-02-18"),
    ("Sáng ngày 16 tháng 7 năm 2019, tại hội trường, Khối họp.", "2019-07-18", "2019-07-16"),
])
def test_event_date_forms(opening, published, expected):
    assert event_date(opening, published) == expected


def test_event_date_without_year_in_early_january_is_last_year():
    assert event_date("Chiều 30/12, Khối thi đua tổ chức tổng kết.", "2020-01-03") == "2019-12-30"


def test_event_date_without_year_needs_a_publication_date():
    assert event_date("Chiều 19-7, Khối thi đua tổ chức hội nghị.", None) is None


def test_event_date_skips_dates_of_cited_documents():
    text = "Thực hiện Hướng dẫn số 1297/HD-UBND ngày 02/7/2019 của UBND tỉnh, Khối đã họp."
    assert event_date(text, "2019-07-24") is None
