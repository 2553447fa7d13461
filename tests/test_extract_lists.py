"""Member lists: introduced in many ways, with a head noun shared by several places."""

from __future__ import annotations

import pytest

from crawler.extract.people import find_people
from crawler.extract.roles import find_members
from crawler.extract.textops import normalise
from crawler.extract.units import list_units


def members(text: str, province: str | None = None) -> list[str]:
    return [m["name"] for m in find_members(normalise(text), province)]


def test_a_shared_head_is_given_to_every_district_of_the_list():
    assert members("Cụm thi đua số 2 gồm UBND các huyện Đồng Văn, Mèo Vạc, Yên Minh và "
                   "Quản Bạ.") == [
        "Ủy ban nhân dân huyện Đồng Văn", "Ủy ban nhân dân huyện Mèo Vạc",
        "Ủy ban nhân dân huyện Yên Minh", "Ủy ban nhân dân huyện Quản Bạ"]


def test_a_unit_with_its_own_head_after_the_shared_list_stands_alone():
    assert members("Khối thi đua có 5 thành viên gồm UBND các huyện: Lệ Thủy, Quảng Ninh, "
                   "Bố Trạch và UBND thị xã Ba Đồn, UBND thành phố Đồng Hới.") == [
        "Ủy ban nhân dân huyện Lệ Thủy", "Ủy ban nhân dân huyện Quảng Ninh",
        "Ủy ban nhân dân huyện Bố Trạch", "Ủy ban nhân dân thị xã Ba Đồn",
        "Ủy ban nhân dân thành phố Đồng Hới"]


def test_a_multi_word_head_is_shared_and_the_plural_dropped():
    assert members("Cụm thi đua số 3 thuộc Ủy ban Dân tộc gồm Ban Dân tộc các tỉnh Kon Tum, "
                   "Gia Lai, Đắk Lắk, Đắk Nông và Lâm Đồng.") == [
        "Ban Dân tộc tỉnh Kon Tum", "Ban Dân tộc tỉnh Gia Lai", "Ban Dân tộc tỉnh Đắk Lắk",
        "Ban Dân tộc tỉnh Đắk Nông", "Ban Dân tộc tỉnh Lâm Đồng"]


def test_a_head_with_a_dash_is_shared():
    assert members("Khối hiện có 4 đơn vị: Sở Văn hóa - Thể thao các tỉnh Quảng Bình, "
                   "Quảng Trị, Thừa Thiên Huế và Hà Tĩnh.") == [
        "Sở Văn hóa - Thể thao tỉnh Quảng Bình", "Sở Văn hóa - Thể thao tỉnh Quảng Trị",
        "Sở Văn hóa - Thể thao tỉnh Thừa Thiên Huế", "Sở Văn hóa - Thể thao tỉnh Hà Tĩnh"]


def test_another_kind_of_place_after_the_list_keeps_the_shared_head():
    assert members("Cụm thi đua phía Bắc gồm UBND các huyện Vị Xuyên, Bắc Quang và thành "
                   "phố Hà Giang.") == [
        "Ủy ban nhân dân huyện Vị Xuyên", "Ủy ban nhân dân huyện Bắc Quang",
        "Ủy ban nhân dân thành phố Hà Giang"]


@pytest.mark.parametrize(("text", "names"), [
    ("Cụm có 3 đơn vị là UBND huyện Kim Bảng, UBND thị xã Duy Tiên và UBND huyện Thanh Liêm.",
     ["Ủy ban nhân dân huyện Kim Bảng", "Ủy ban nhân dân thị xã Duy Tiên",
      "Ủy ban nhân dân huyện Thanh Liêm"]),
    ("Các thành viên gồm Sở Y tế, Sở Tư pháp, Bảo hiểm xã hội tỉnh và Hội Chữ thập đỏ tỉnh.",
     ["Sở Y tế", "Sở Tư pháp", "Bảo hiểm xã hội tỉnh", "Hội Chữ thập đỏ tỉnh"]),
    ("Khối gồm 4 thành viên: Liên đoàn Lao động tỉnh, Hội Nông dân tỉnh, Hội Cựu chiến binh "
     "tỉnh và Tỉnh đoàn.",
     ["Liên đoàn Lao động tỉnh", "Hội Nông dân tỉnh", "Hội Cựu chiến binh tỉnh", "Tỉnh đoàn"]),
    ("Năm nay Khối hiện có 03 đơn vị thành viên là Sở Ngoại vụ, Sở Nội vụ và Thanh tra tỉnh.",
     ["Sở Ngoại vụ", "Sở Nội vụ", "Thanh tra tỉnh"]),
    ("Cụm thi đua gồm 6 thành viên là UBND thành phố Phủ Lý và UBND các huyện: Duy Tiên, "
     "Kim Bảng, Lý Nhân và Bình Lục đã ký kết giao ước.",
     ["Ủy ban nhân dân thành phố Phủ Lý", "Ủy ban nhân dân huyện Duy Tiên",
      "Ủy ban nhân dân huyện Kim Bảng", "Ủy ban nhân dân huyện Lý Nhân",
      "Ủy ban nhân dân huyện Bình Lục"]),
])
def test_member_lists_are_read_whatever_introduces_them(text, names):
    assert members(text) == names


def test_a_shared_head_list_ends_where_the_sentence_goes_on():
    text = normalise("UBND các huyện Lý Nhân, Bình Lục và Kim Bảng đã ký giao ước thi đua")
    assert list_units(text) == ["UBND huyện Lý Nhân", "UBND huyện Bình Lục",
                                "UBND huyện Kim Bảng"]


def test_a_place_list_with_no_unit_head_is_no_shared_head():
    text = normalise("Lãnh đạo các huyện Lý Nhân, Bình Lục và Sở Y tế dự")
    assert list_units(text) == ["Sở Y tế"]


def test_district_names_in_lists_are_not_people():
    text = normalise("Dự hội nghị có Phó Chủ tịch UBND các huyện Lý Nhân, Bình Lục, Thanh "
                     "Liêm; Chủ tịch UBND huyện Lý Nhân Trần Văn Khoa phát biểu. Đại diện "
                     "lãnh đạo huyện Lục Yên, Chủ tịch UBND huyện: Lâm Bình, Na Hang dự.")
    assert [p["name"] for p in find_people(text)] == ["Trần Văn Khoa"]


def test_an_award_list_after_a_count_is_no_member_list():
    assert members("Khối có 3 đơn vị được tặng Bằng khen của Chủ tịch UBND tỉnh là Sở Y tế, "
                   "Sở Nội vụ và Sở Tư pháp.") == []


def test_a_district_with_a_three_word_name_is_not_a_person():
    text = normalise("Chủ tịch UBND huyện Hoàng Su Phì Nguyễn Văn An phát biểu; Phó Chủ tịch "
                     "UBND huyện Hoàng Su Phì dự.")
    assert [(p["name"], p["title"]) for p in find_people(text)] == [
        ("Nguyễn Văn An", "Chủ tịch UBND huyện Hoàng Su Phì")]


def test_a_cluster_page_gives_members_roles_and_awards_together():
    from crawler.extract.article import extract_article

    body = "".join(f"<p>{p}</p>" for p in (
        "Ngày 12/01/2024, Cụm thi đua số 3 thuộc Ủy ban Dân tộc tổ chức Hội nghị tổng kết "
        "công tác thi đua, khen thưởng năm 2023.",
        "Cụm hiện có 4 đơn vị: Ban Dân tộc các tỉnh Kon Tum, Gia Lai, Đắk Lắk và Đắk Nông.",
        "Ban Dân tộc tỉnh Gia Lai được suy tôn là đơn vị dẫn đầu Cụm, đề nghị Chính phủ tặng "
        "Cờ thi đua; Ban Dân tộc tỉnh Đắk Lắk đứng vị trí thứ hai.",
        "Hội nghị bầu Ban Dân tộc tỉnh Đắk Nông làm Cụm trưởng, Ban Dân tộc tỉnh Kon Tum "
        "làm Cụm phó năm 2024."))
    html = (f"<html><head><title>Tổng kết Cụm thi đua số 3</title></head><body><article>"
            f"<h1>Cụm thi đua số 3 tổng kết năm 2023</h1>{body}</article></body></html>")
    record = extract_article(html, "https://bandantoc.example.vn/tin/1",
                             "2024-01-20T10:00:00+07:00")
    assert record.bloc == "Cụm thi đua số 3"
    assert [m["as_written"] for m in record.members] == [
        "Ban Dân tộc tỉnh Kon Tum", "Ban Dân tộc tỉnh Gia Lai", "Ban Dân tộc tỉnh Đắk Lắk",
        "Ban Dân tộc tỉnh Đắk Nông"]
    assert [(a["award"], a["recipient"]["name"], a["rank"]) for a in record.awards] == [
        ("Cờ thi đua của Chính phủ", "Ban Dân tộc tỉnh Gia Lai", 1)]
    assert (record.leader_unit["name"], record.leader_unit["year"]) == (
        "Ban Dân tộc tỉnh Đắk Nông", 2024)
    assert record.deputy_unit["as_written"] == "Ban Dân tộc tỉnh Kon Tum"
    assert record.people == []
