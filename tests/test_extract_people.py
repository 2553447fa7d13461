"""People named with their title and unit."""

from __future__ import annotations

from crawler.extract.people import find_people
from crawler.extract.textops import normalise


def people(text: str) -> list[dict]:
    return find_people(normalise(text))


def test_honorific_name_and_title_chain():
    found = people("Dự hội nghị có ông Bùi Quang Cẩm - Tỉnh ủy viên - Phó Chủ tịch UBND tỉnh; "
                   "lãnh đạo các sở, ngành.")
    assert found == [{"name": "Bùi Quang Cẩm", "title": "Tỉnh ủy viên - Phó Chủ tịch UBND tỉnh",
                      "unit": "UBND tỉnh"}]


def test_the_bloc_role_is_not_part_of_the_persons_title():
    found = people("Ông Lưu Đức Khải - Giám đốc Sở Kế hoạch và Đầu tư, đơn vị Trưởng khối năm "
                   "2020, chủ trì Hội nghị.")
    assert found == [{"name": "Lưu Đức Khải", "title": "Giám đốc Sở Kế hoạch và Đầu tư",
                      "unit": "Sở Kế hoạch và Đầu tư"}]


def test_a_dash_inside_a_unit_name_stays_in_the_title():
    found = people("bà Trương Thị Ngọc Hân - Phó Trưởng Ban Thi đua - Khen thưởng tỉnh.")
    assert found[0]["title"] == "Phó Trưởng Ban Thi đua - Khen thưởng tỉnh"
    assert found[0]["unit"] == "Ban Thi đua - Khen thưởng tỉnh"


def test_title_before_the_name():
    found = people("Phát biểu chỉ đạo, Phó Chủ tịch UBND tỉnh Phạm Văn Long đề nghị các đơn vị.")
    assert found == [{"name": "Phạm Văn Long", "title": "Phó Chủ tịch UBND tỉnh",
                      "unit": "UBND tỉnh"}]


def test_two_people_in_one_sentence_and_academic_prefixes():
    found = people("Đồng chí Vàng Thị Mai - Chủ tịch Hội Chữ thập đỏ tỉnh, đơn vị Trưởng khối và "
                   "đồng chí Hoàng Văn Chiến - Chủ tịch Hội Luật gia tỉnh đồng chủ trì. "
                   "PGS.TS Trần Văn Hòa, Hiệu trưởng Trường Đại học Quảng Bình chủ trì.")
    assert [(p["name"], p["title"]) for p in found] == [
        ("Vàng Thị Mai", "Chủ tịch Hội Chữ thập đỏ tỉnh"),
        ("Hoàng Văn Chiến", "Chủ tịch Hội Luật gia tỉnh"),
        ("Trần Văn Hòa", "Hiệu trưởng Trường Đại học Quảng Bình")]


def test_places_and_bylines_are_not_people():
    assert people("Đồng chí A trao cờ cho ông B - Giám đốc Viễn thông Hà Giang.") == []
    assert people("Hoàng Nhi") == []
    assert people("Phó Bí thư Đảng ủy Khối đề nghị Đảng bộ Sở phát huy truyền thống.") == []
