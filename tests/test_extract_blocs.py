"""Bloc names as written, and the key that groups spellings of one bloc."""

from __future__ import annotations

import pytest

from crawler.extract.blocs import bloc_key, find_blocs, pick_bloc
from crawler.extract.textops import normalise


def names(text: str) -> list[str]:
    return [m.name for m in find_blocs(normalise(text))]


@pytest.mark.parametrize(("text", "name"), [
    ("Khối thi đua Văn hóa - Xã hội tổ chức hội nghị", "Khối thi đua Văn hóa - Xã hội"),
    ("Khối giao ước thi đua các tổ chức Hội sơ kết 6 tháng",
     "Khối giao ước thi đua các tổ chức Hội"),
    ("Cụm thi đua các huyện miền núi tổng kết năm 2019", "Cụm thi đua các huyện miền núi"),
    ("Khối thi đua số 6 tổ chức Hội nghị", "Khối thi đua số 6"),
    ("Khối Thi đua các ngành Tổng hợp: Sơ kết phong trào", "Khối Thi đua các ngành Tổng hợp"),
    ("Khối thi đua các sở, ngành Tổng hợp ký kết giao ước", "Khối thi đua các sở, ngành Tổng hợp"),
    ("Cụm thi đua các huyện, thị xã, thành phố phía Nam tổng kết",
     "Cụm thi đua các huyện, thị xã, thành phố phía Nam"),
    ("Ngày 25/02/2021, Khối thi đua các cơ quan tham mưu QLNN về văn hóa xã hội đã tổ chức",
     "Khối thi đua các cơ quan tham mưu QLNN về văn hóa xã hội"),
    ("Khối giao ước thi đua các doanh nghiệp Điện lực, Viễn thông, Ngân hàng tổng kết",
     "Khối giao ước thi đua các doanh nghiệp Điện lực, Viễn thông, Ngân hàng"),
    ("Trưởng Khối thi đua Văn hóa - Xã hội năm 2019", "Khối thi đua Văn hóa - Xã hội"),
])
def test_bloc_name_is_read_up_to_where_the_sentence_goes_on(text, name):
    assert names(text) == [name]


def test_a_unit_after_a_comma_ends_the_name():
    assert names("Khối thi đua Văn hóa - Xã hội, Sở Y tế dẫn đầu") == [
        "Khối thi đua Văn hóa - Xã hội"]


@pytest.mark.parametrize("text", [
    "Tin hoạt động cụm, khối thi đua",
    "các đơn vị thành viên trong Khối thi đua gồm: Sở Y tế",
    "Phó Khối thi đua đồng chủ trì Hội nghị",
    "Đảng ủy Khối các cơ quan tỉnh tổ chức đại hội",
    "phát huy sức mạnh khối đại đoàn kết toàn dân tộc",
    "khối lượng công việc lớn",
    "đề nghị các khối thi đua sớm xây dựng kế hoạch",
])
def test_generic_or_unrelated_khoi_is_no_bloc(text):
    assert names(text) == []


@pytest.mark.parametrize(("a", "b"), [
    ("Khối giao ước thi đua các tổ chức Hội", "khối thi đua các tổ chức hội"),
    ("Khối thi đua Văn hóa - Xã hội", "khối thi đua văn hoá xã hội"),
    ("Khối thi đua các cơ quan tham mưu QLNN về văn hóa xã hội",
     "khối các cơ quan tham mưu quản lý nhà nước về văn hóa - xã hội"),
])
def test_bloc_key_groups_spellings_of_one_bloc(a, b):
    assert bloc_key(a) == bloc_key(b)


def test_bloc_key_keeps_different_blocs_apart():
    assert bloc_key("Khối thi đua số 6") != bloc_key("Khối thi đua số 5")
    assert bloc_key("Khối thi đua Văn hóa - Xã hội") == "khoi-van-hoa-xa-hoi"


def test_title_bloc_wins_over_the_first_in_the_text():
    body = "Đại diện Khối thi đua Văn hóa - Xã hội dự. Khối thi đua Nội chính ..."
    bloc, mentions = pick_bloc("Khối thi đua Nội chính họp bình xét", body)
    assert bloc == "Khối thi đua Nội chính"
    assert [m.name for m in mentions][0] == "Khối thi đua Văn hóa - Xã hội"


def test_a_bloc_name_never_runs_across_a_line_break():
    text = "Tin hoạt động cụm, khối thi đua\nKhối giao ước thi đua các tổ chức Hội sơ kết"
    assert names(text) == ["Khối giao ước thi đua các tổ chức Hội"]


@pytest.mark.parametrize(("text", "name"), [
    ("Cụm thi đua các tỉnh vùng đồng bằng sông Hồng tổng kết năm 2023",
     "Cụm thi đua các tỉnh vùng đồng bằng sông Hồng"),
    ("Khối thi đua các Ban quản lý dự án đầu tư xây dựng ký kết giao ước",
     "Khối thi đua các Ban quản lý dự án đầu tư xây dựng"),
])
def test_a_name_is_never_cut_inside_a_word(text, name):
    assert names(text) == [name]


@pytest.mark.parametrize(("text", "name"), [
    ("Cụm thi đua số 3 thuộc Ủy ban Dân tộc tổ chức hội nghị", "Cụm thi đua số 3"),
    ("Khối thi đua số 5 trực thuộc UBND tỉnh tổng kết", "Khối thi đua số 5"),
    ("Cụm thi đua các tỉnh Tây Nguyên thuộc Ủy ban Dân tộc sơ kết",
     "Cụm thi đua các tỉnh Tây Nguyên"),
    ("Khối thi đua Kinh tế tổng hợp của tỉnh tổng kết", "Khối thi đua Kinh tế tổng hợp"),
    ("Khối thi đua các cơ quan Đảng, đoàn thể tỉnh hiện có 8 đơn vị",
     "Khối thi đua các cơ quan Đảng, đoàn thể tỉnh"),
    ("Khối thi đua các đơn vị sự nghiệp thuộc UBND tỉnh tổng kết",
     "Khối thi đua các đơn vị sự nghiệp thuộc UBND tỉnh"),
])
def test_a_trailing_belongs_to_clause_is_not_part_of_the_name(text, name):
    assert names(text) == [name]


# Shapes of real bloc names beyond "Khối/Cụm thi đua ..." (tests/gold/real, class bloc_*);
# each sentence is our own.
@pytest.mark.parametrize(("text", "name"), [
    ("Khối cơ quan Nội chính tỉnh tổ chức hội nghị sơ kết thi đua", "Khối cơ quan Nội chính tỉnh"),
    ("Ngày 9/1, Khối 7 tổ chức tổng kết công tác thi đua năm", "Khối 7"),
    ("Cụm thi đua số VII ký kết giao ước thi đua năm 2024", "Cụm thi đua số VII"),
    ("Cụm thi đua số 5 tổng kết công tác thi đua", "Cụm thi đua số 5"),
    ("Khu vực thi đua các tỉnh miền núi phía Bắc tổng kết năm 2023",
     "Khu vực thi đua các tỉnh miền núi phía Bắc"),
    ("KHỐI THI ĐUA CÁC CƠ QUAN KINH TẾ tổ chức kiểm tra chéo", "KHỐI THI ĐUA CÁC CƠ QUAN KINH TẾ"),
    ("Cụm thi đua các tỉnh Tây Nguyên và duyên hải Nam Trung Bộ tổng kết năm",
     "Cụm thi đua các tỉnh Tây Nguyên và duyên hải Nam Trung Bộ"),
    ("Cụm thi đua Sở Công Thương, Quản lý thị trường các tỉnh miền Trung tổng kết năm",
     "Cụm thi đua Sở Công Thương, Quản lý thị trường các tỉnh miền Trung"),
])
def test_bloc_names_in_other_shapes(text, name):
    assert names(text) == [name]


@pytest.mark.parametrize(("text", "name"), [
    # a swallowed verb or preposition at the end
    ("Khối thi đua các sở ngành kinh tế tại hội nghị đã thống nhất",
     "Khối thi đua các sở ngành kinh tế"),
    # a number ends the name: what follows is the next words of the sentence
    ("Cụm thi đua số 5 năm 2024 do UBND huyện làm Cụm trưởng", "Cụm thi đua số 5"),
])
def test_bloc_names_are_never_overrun(text, name):
    assert names(text) == [name]


@pytest.mark.parametrize("text", [
    "Học sinh khối 12 thi đua ôn tập thi tốt nghiệp",
    "Đoàn Khối các cơ quan tỉnh tổ chức hội thao chào mừng ngày thành lập Đoàn",
])
def test_school_grades_and_the_youth_union_of_a_khoi_are_no_bloc(text):
    assert names(text) == []


def test_an_upper_case_name_is_kept_as_written_with_the_key_of_its_spelling():
    assert bloc_key("KHỐI THI ĐUA CÁC CƠ QUAN KINH TẾ") == bloc_key(
        "Khối thi đua các cơ quan Kinh tế")
