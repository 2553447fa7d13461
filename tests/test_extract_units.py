"""Units in prose, their canonical names, and the bloc roles they hold."""

from __future__ import annotations

import pytest

from crawler.extract.roles import find_handover, find_members, leader_and_deputy
from crawler.extract.textops import normalise
from crawler.extract.units import canonical_unit, expand_abbreviations, find_units, unit_record


def units(text: str) -> list[str]:
    return [u.text for u in find_units(normalise(text))]


def test_a_comma_inside_a_department_name_does_not_split_it():
    assert units("Kết quả, Sở Lao động, Thương binh và Xã hội vinh dự được tặng") == [
        "Sở Lao động, Thương binh và Xã hội"]


def test_lists_split_where_a_new_unit_starts():
    assert units("03 đơn vị Sở Văn hóa, Thể thao và Du lịch, Đài Phát thanh - Truyền hình "
                 "tỉnh, Trường Cao đẳng Cộng đồng tỉnh tặng Bằng khen") == [
        "Sở Văn hóa, Thể thao và Du lịch", "Đài Phát thanh - Truyền hình tỉnh",
        "Trường Cao đẳng Cộng đồng tỉnh"]
    assert units("Kho bạc Nhà nước tỉnh và Sở Ngoại vụ được đề nghị") == [
        "Kho bạc Nhà nước tỉnh", "Sở Ngoại vụ"]


def test_titles_and_verbs_end_a_unit():
    assert units("ông A - Tỉnh ủy viên - Giám đốc Sở Lao động - Thương binh và Xã hội - "
                 "Trưởng Khối thi đua") == ["Sở Lao động - Thương binh và Xã hội"]
    assert units("Cục trưởng Cục Thống kê tỉnh thay mặt đơn vị phát biểu") == [
        "Cục Thống kê tỉnh"]


def test_meeting_words_are_no_units():
    assert units("Hội nghị đã thống nhất. Báo cáo của Ban hành chính") == []


def test_abbreviations_expand_in_canonical_names():
    assert expand_abbreviations("Liên minh HTX tỉnh") == "Liên minh Hợp tác xã tỉnh"
    assert canonical_unit("Sở LĐ-TB&XH") == "Sở Lao động - Thương binh và Xã hội"
    assert canonical_unit("Sở Lao động, Thương binh và Xã hội") == (
        "Sở Lao động - Thương binh và Xã hội")
    assert canonical_unit("Văn phòng Đoàn ĐBQH và HĐND tỉnh") == (
        "Văn phòng Đoàn Đại biểu Quốc hội và Hội đồng nhân dân tỉnh")
    assert canonical_unit("Liên minh các Hợp tác xã tỉnh") == "Liên minh Hợp tác xã tỉnh"


def test_the_articles_own_province_is_dropped_from_canonical_names():
    assert canonical_unit("Hội Nhà báo tỉnh Hà Giang", "Hà Giang") == "Hội Nhà báo tỉnh"
    assert canonical_unit("Ban Dân tộc tỉnh Gia Lai", "Kon Tum") == "Ban Dân tộc tỉnh Gia Lai"


def test_unit_record_keeps_the_text_as_written():
    assert unit_record("Liên minh HTX tỉnh") == {
        "name": "Liên minh Hợp tác xã tỉnh", "as_written": "Liên minh HTX tỉnh"}


def test_leader_and_deputy_of_the_latest_year_are_kept():
    text = normalise(
        "Lãnh đạo Sở Lao động, Thương binh và Xã hội, cơ quan Trưởng khối năm 2020 chủ trì. "
        "Để triển khai công tác thi đua của Khối năm 2021, Hội nghị đã bầu Ban Dân tộc là cơ "
        "quan Trưởng khối, Đài Phát thanh - Truyền hình tỉnh là Phó Trưởng khối.")
    leader, deputy = leader_and_deputy(text, 2021)
    assert (leader["name"], leader["year"]) == ("Ban Dân tộc", 2021)
    assert (deputy["name"], deputy["year"]) == ("Đài Phát thanh - Truyền hình tỉnh", 2021)


def test_leader_named_in_a_persons_title_takes_the_context_year():
    text = normalise("Đồng chí A - Chủ tịch Hội Cựu Thanh niên xung phong tỉnh Hà Giang, "
                     "Trưởng Khối thi đua và Đồng chí B - Chủ tịch Hội Nhà báo tỉnh Hà Giang, "
                     "Phó Khối thi đua đồng chủ trì Hội nghị.")
    leader, deputy = leader_and_deputy(text, 2019, "Hà Giang")
    assert leader == {"name": "Hội Cựu Thanh niên xung phong tỉnh",
                      "as_written": "Hội Cựu Thanh niên xung phong tỉnh Hà Giang", "year": 2019}
    assert deputy["name"] == "Hội Nhà báo tỉnh"


def test_a_role_without_a_unit_before_it_is_not_attached_to_anything():
    assert leader_and_deputy(normalise("Các đơn vị trưởng, phó khối năm 2019 thực hiện."),
                             2019) == (None, None)


def test_handover_gives_from_to_and_year_and_makes_the_receiver_leader():
    text = normalise("Hội nghị đã tổ chức bàn giao vai trò Trưởng khối Thi đua năm 2019 từ "
                     "Văn phòng UBND tỉnh cho Liên minh các Hợp tác xã tỉnh; đồng thời ký kết.")
    handover = find_handover(text, 2019)
    assert handover["from"]["name"] == "Văn phòng Ủy ban nhân dân tỉnh"
    assert handover["to"]["name"] == "Liên minh Hợp tác xã tỉnh"
    assert handover["year"] == 2019
    leader, _ = leader_and_deputy(text, 2019, None, handover)
    assert leader["name"] == "Liên minh Hợp tác xã tỉnh"


def test_members_listed_after_gom():
    text = normalise("Tham dự có các đơn vị thành viên trong Khối thi đua gồm: Liên minh HTX, "
                     "Hội Nhà báo, Liên hiệp các hội khoa học và kỹ thuật, Hội Người cao tuổi.")
    assert [m["name"] for m in find_members(text)] == [
        "Liên minh Hợp tác xã", "Hội Nhà báo", "Liên hiệp các hội khoa học và kỹ thuật",
        "Hội Người cao tuổi"]


def test_members_sharing_one_head_are_spelled_out():
    text = normalise("Cụm thi đua gồm 6 thành viên là UBND thành phố Phủ Lý và UBND các "
                     "huyện: Duy Tiên, Kim Bảng và Bình Lục.")
    assert [m["name"] for m in find_members(text)] == [
        "Ủy ban nhân dân thành phố Phủ Lý", "Ủy ban nhân dân huyện Duy Tiên",
        "Ủy ban nhân dân huyện Kim Bảng", "Ủy ban nhân dân huyện Bình Lục"]


def test_a_ranking_list_is_no_member_list():
    text = normalise("03 đơn vị xếp thứ ba gồm Cục Thống kê, Sở Ngoại vụ được đề nghị tặng.")
    assert find_members(text) == []


@pytest.mark.parametrize(("text", "leader", "deputy"), [
    ("UBND huyện Bình Lục được bầu làm Cụm phó năm 2023, UBND huyện Kim Bảng được bầu làm "
     "Cụm trưởng năm 2023.", "Ủy ban nhân dân huyện Kim Bảng", "Ủy ban nhân dân huyện Bình Lục"),
    ("Hội nghị thống nhất chọn Sở Công Thương làm Khối trưởng và Sở Xây dựng làm Khối phó "
     "năm 2023.", "Sở Công Thương", "Sở Xây dựng"),
    ("Theo đó, UBND huyện Lệ Thủy là đơn vị Trưởng Cụm, UBND thị xã Ba Đồn là Phó Cụm trưởng "
     "năm 2023.", "Ủy ban nhân dân huyện Lệ Thủy", "Ủy ban nhân dân thị xã Ba Đồn"),
    ("Ban Dân tộc tỉnh Kon Tum giữ vai trò Trưởng khối, Ban Dân tộc tỉnh Gia Lai giữ vai trò "
     "Phó Trưởng khối năm 2023.", "Ban Dân tộc tỉnh Kon Tum", "Ban Dân tộc tỉnh Gia Lai"),
    ("Năm 2023, Sở Tư pháp là Phó Khối trưởng; Sở Nội vụ đảm nhận Cụm trưởng.",
     "Sở Nội vụ", "Sở Tư pháp"),
])
def test_leader_and_deputy_in_their_many_phrasings(text, leader, deputy):
    found_leader, found_deputy = leader_and_deputy(normalise(text), 2023)
    assert found_leader["name"] == leader and found_deputy["name"] == deputy
    assert found_leader["year"] == found_deputy["year"] == 2023
