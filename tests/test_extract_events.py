"""Event types (all that happened, primary first) and the period a meeting reviews."""

from __future__ import annotations

import pytest

from crawler.extract.events import event_types, review_period


def test_title_names_the_primary_type_and_the_text_adds_the_rest():
    title = "Khối thi đua X tổng kết năm 2020 và ký kết giao ước thi đua năm 2021"
    text = ("Chiều 12/01/2021, Khối thi đua X tổ chức Hội nghị tổng kết năm 2020. "
            "Hội nghị đã bình xét thi đua năm 2020: Sở A xếp thứ nhất. "
            "Hội nghị đã bầu Sở B làm Trưởng khối năm 2021.")
    assert event_types(title, text) == [
        "year_end_review", "covenant_signing", "ranking_awards", "leader_election"]


def test_without_a_cue_in_the_title_the_first_in_the_text_is_primary():
    text = "Ngày 9.7, Khối thi đua các Hội tổ chức hội nghị sơ kết 6 tháng đầu năm."
    assert event_types("Hội nghị của các Hội đặc thù", text) == ["mid_year_review"]


def test_nothing_recognisable_is_other():
    assert event_types("Khối thi đua X họp mặt", "Các đơn vị gặp mặt đầu xuân.") == ["other"]


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("Khối thi đua X tổ chức hội thao truyền thống", "Các đơn vị thi đấu bóng bàn.",
     "sports_exchange"),
    ("Khối thi đua X", "Sáng 9/5, các đơn vị trong khối giao lưu văn nghệ chào mừng ngày lễ.",
     "sports_exchange"),
    ("Cụm thi đua Y kiểm tra chéo công tác thi đua", "Đoàn làm việc tại hai đơn vị.",
     "cross_inspection"),
])
def test_bloc_activities_beyond_meetings(title, text, expected):
    assert event_types(title, text)[0] == expected


def test_a_planned_sports_day_is_no_event_of_the_meeting():
    text = ("Chiều 20-7, Khối thi đua Y tổ chức sơ kết 6 tháng đầu năm và bàn một số nội dung "
            "phối hợp tổ chức hội thao truyền thống của khối.")
    assert event_types("Khối thi đua Y sơ kết 6 tháng", text) == ["mid_year_review"]


def test_the_slug_names_the_event_when_title_and_text_do_not():
    url = "http://a.vn/tin/cum-thi-dua-so-3-ky-ket-giao-uoc-thi-dua-896279.html"
    assert event_types("Đẩy mạnh phong trào thi đua", "Năm nay các đơn vị quyết tâm.", 0,
                       url)[0] == "covenant_signing"


@pytest.mark.parametrize("sentence", [
    "Ngay từ đầu năm, Khối đã tổ chức ký giao ước thi đua với các chỉ tiêu cụ thể.",
    "Từ tháng 2, Khối thi đua đã tổ chức ký giao ước thi đua.",
    "Đơn vị Trưởng khối mới sẽ tổ chức ký kết giao ước thi đua năm 2020 trong quý I.",
])
def test_an_earlier_or_planned_signing_is_no_covenant_signing(sentence):
    types = event_types("Khối thi đua X sơ kết 6 tháng đầu năm", sentence)
    assert "covenant_signing" not in types


def test_planned_year_end_ranking_is_no_ranking():
    text = "Các đơn vị tiến hành bình xét các danh hiệu thi đua cuối năm cho các tập thể."
    assert "ranking_awards" not in event_types("Khối X sơ kết 6 tháng đầu năm", text)


def test_naming_this_years_leader_is_no_election_but_electing_one_is():
    named = "Ông A - Giám đốc Sở Y tế, đơn vị Trưởng khối năm 2020, chủ trì hội nghị."
    assert "leader_election" not in event_types("Khối X tổng kết năm 2020", named)
    elected = "Hội nghị đã bầu Ban Dân tộc là cơ quan Trưởng khối năm 2021."
    assert "leader_election" in event_types("Khối X tổng kết năm 2020", elected)
    handed = "Hội nghị bàn giao vai trò Cụm trưởng năm 2022 từ UBND huyện A cho UBND huyện B."
    assert "leader_election" in event_types("Cụm thi đua X", handed)


def test_awards_found_support_ranking_even_without_a_ranking_cue():
    assert "ranking_awards" in event_types("Khối X tổng kết", "Khối họp.", award_count=1)


@pytest.mark.parametrize(("types", "title", "text", "period"), [
    (["mid_year_review"], "Khối X sơ kết 6 tháng đầu năm 2019", "", "2019-H1"),
    (["mid_year_review"], "Khối X sơ kết", "triển khai nhiệm vụ 6 tháng cuối năm 2019.", "2019-H1"),
    (["year_end_review"], "Khối X tổng kết công tác thi đua năm 2020", "", "2020"),
    (["ranking_awards"], "Khối X họp", "Khối đánh giá, bình xét thi đua năm 2018 đối với các "
     "đơn vị trong Khối.", "2018"),
    (["covenant_signing"], "Khối X ký kết giao ước thi đua năm 2021", "", None),
    (["year_end_review"], "Khối X tổng kết", "Hội nghị tổng kết diễn ra sôi nổi.", None),
])
def test_review_period(types, title, text, period):
    assert review_period(types, title, text) == period


@pytest.mark.parametrize(("title", "text", "primary"), [
    # real class type_implied: a meeting that reviews the whole year without "tổng kết"
    ("Cụm thi đua số 2 giao ban công tác thi đua năm 2023",
     "Vừa qua, Cụm thi đua số 2 tổ chức hội nghị giao ban công tác thi đua năm 2023. "
     "Hội nghị thống nhất đề nghị tặng Cờ thi đua cho đơn vị dẫn đầu.", "year_end_review"),
    ("Một năm nhìn lại", "Cụm thi đua số 1 đã tổ chức hội nghị giao ban đánh giá hoạt động "
     "công tác năm 2022.", "year_end_review"),
    # a quarter's or half-year's "giao ban" is no year-end review
    ("Cụm thi đua số 1 giao ban quý III năm 2022",
     "Cụm thi đua số 1 tổ chức giao ban công tác quý III năm 2022.", "other"),
])
def test_a_whole_year_review_named_otherwise(title, text, primary):
    assert event_types(title, text)[0] == primary
