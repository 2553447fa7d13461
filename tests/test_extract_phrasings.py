"""Portal phrasings beyond the tuning corpus: shared-head lists, boundaries, ranks, plans.

Every sentence here is our own writing in the style of provincial portals; none
is taken from an article of the corpus or of the held-out set.
"""

from __future__ import annotations

import pytest

from crawler.extract.awards import find_awards
from crawler.extract.documents import find_documents
from crawler.extract.events import event_types
from crawler.extract.people import find_people
from crawler.extract.roles import find_members, leader_and_deputy
from crawler.extract.textops import normalise
from crawler.extract.units import canonical_unit, find_units


def members(text: str, province: str | None = None) -> list[str]:
    return [m["name"] for m in find_members(normalise(text), province)]


def awards(text: str) -> list[tuple[str, str, int | None]]:
    return [(a["award"], a["recipient"]["name"], a["rank"]) for a in find_awards(normalise(text))]


def roles(text: str) -> tuple[tuple | None, tuple | None]:
    leader, deputy = leader_and_deputy(normalise(text), 2024)
    return tuple((r["name"], r["year"]) if r else None for r in (leader, deputy))


# 1. Member lists with a shared head, a count, a colon, a shared tail.

def test_a_head_with_a_count_and_a_region_is_shared_over_the_places_after_the_colon():
    assert members("Cụm thi đua số 4 gồm Ban Dân tộc 4 tỉnh Tây Bắc: Lai Châu, Điện Biên, "
                   "Sơn La và Hòa Bình.") == [
        "Ban Dân tộc tỉnh Lai Châu", "Ban Dân tộc tỉnh Điện Biên", "Ban Dân tộc tỉnh Sơn La",
        "Ban Dân tộc tỉnh Hòa Bình"]


def test_a_plural_head_before_a_colon_is_given_to_every_name_even_names_with_va():
    assert members("Khối thi đua các cơ quan kinh tế gồm các sở: Tài nguyên và Môi trường, "
                   "Xây dựng, Giao thông vận tải, Kế hoạch và Đầu tư.") == [
        "Sở Tài nguyên và Môi trường", "Sở Xây dựng", "Sở Giao thông vận tải",
        "Sở Kế hoạch và Đầu tư"]


def test_a_shared_tail_goes_to_every_name_of_the_list():
    assert members("Khối thi đua các cơ quan Đảng gồm các Ban: Tổ chức, Tuyên giáo, Dân vận, "
                   "Nội chính Tỉnh ủy và Văn phòng Tỉnh ủy.") == [
        "Ban Tổ chức Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy", "Ban Dân vận Tỉnh ủy",
        "Ban Nội chính Tỉnh ủy", "Văn phòng Tỉnh ủy"]


def test_a_list_of_abbreviated_units_is_split_and_expanded():
    assert members("Khối thi đua Nội chính gồm 5 đơn vị: CA tỉnh, Bộ Chỉ huy Quân sự tỉnh, "
                   "VKSND tỉnh, TAND tỉnh và Thanh tra tỉnh.") == [
        "Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "Viện Kiểm sát nhân dân tỉnh",
        "Tòa án nhân dân tỉnh", "Thanh tra tỉnh"]


@pytest.mark.parametrize(("written", "canonical"), [
    ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("Sở Nông nghiệp và PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("Sở VH,TT&DL", "Sở Văn hóa, Thể thao và Du lịch"),
    ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
    ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
    ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
    ("Sở TN&MT", "Sở Tài nguyên và Môi trường"),
    ("VKSND huyện Bảo Lâm", "Viện Kiểm sát nhân dân huyện Bảo Lâm"),
    ("TAND tỉnh", "Tòa án nhân dân tỉnh"),
    ("Bộ CHQS tỉnh", "Bộ Chỉ huy Quân sự tỉnh"),
])
def test_standard_abbreviations_expand(written, canonical):
    assert canonical_unit(written) == canonical


def test_the_units_listed_at_a_clusters_own_meeting_are_its_members():
    assert members("Tham dự hội nghị có lãnh đạo, công chức phụ trách thi đua của các đơn vị "
                   "thành viên trong Cụm là UBND các huyện Quản Bạ, Yên Minh, Đồng Văn và "
                   "Mèo Vạc.") == [
        "Ủy ban nhân dân huyện Quản Bạ", "Ủy ban nhân dân huyện Yên Minh",
        "Ủy ban nhân dân huyện Đồng Văn", "Ủy ban nhân dân huyện Mèo Vạc"]
    assert members("Dự hội nghị có đại diện lãnh đạo các đơn vị trong Khối của UBND các huyện "
                   "Lệ Thủy, Quảng Ninh và Bố Trạch.") == [
        "Ủy ban nhân dân huyện Lệ Thủy", "Ủy ban nhân dân huyện Quảng Ninh",
        "Ủy ban nhân dân huyện Bố Trạch"]


def test_guests_from_outside_the_bloc_are_no_members():
    assert members("Dự hội nghị có lãnh đạo Ban Thi đua - Khen thưởng tỉnh và phóng viên "
                   "Báo Hà Giang, Đài Phát thanh - Truyền hình tỉnh.") == []


# 2. Where a unit name ends.

@pytest.mark.parametrize(("text", "unit"), [
    ("Sở Y tế - đơn vị Cụm trưởng năm 2023 chủ trì", "Sở Y tế"),
    ("Ban Dân tộc tỉnh Gia Lai đơn vị Cụm phó phát biểu", "Ban Dân tộc tỉnh Gia Lai"),
    ("Sở Tư pháp lần lượt báo cáo kết quả", "Sở Tư pháp"),
    ("Hội Nông dân tỉnh đồng hạng ba", "Hội Nông dân tỉnh"),
    ("Sở Nội vụ tiếp nhận Cờ luân lưu", "Sở Nội vụ"),
    ("Hội Chữ thập đỏ tỉnh đóng góp nhiều ý kiến", "Hội Chữ thập đỏ tỉnh"),
    ("Liên đoàn Lao động tỉnh giữ vai trò Khối phó", "Liên đoàn Lao động tỉnh"),
])
def test_a_unit_name_ends_where_the_sentence_goes_on(text, unit):
    assert [u.text for u in find_units(normalise(text))][0] == unit


# 3. Rank wording.

def test_heading_the_bloc_is_first_place():
    assert awards("Sở Xây dựng đứng đầu Khối, được đề nghị UBND tỉnh tặng Cờ thi đua.") == [
        ("Cờ thi đua của UBND tỉnh", "Sở Xây dựng", 1)]


def test_a_shared_rank_goes_to_each_unit_that_shares_it():
    assert awards("Hội Nông dân tỉnh và Hội Cựu chiến binh tỉnh đồng hạng Nhì, được tặng Bằng "
                  "khen của Chủ tịch UBND tỉnh.") == [
        ("Bằng khen của Chủ tịch UBND tỉnh", "Hội Nông dân tỉnh", 2),
        ("Bằng khen của Chủ tịch UBND tỉnh", "Hội Cựu chiến binh tỉnh", 2)]


def test_respective_ranks_pair_up_in_order():
    assert awards("Sở Tư pháp và Sở Nội vụ lần lượt xếp thứ hai, thứ ba, được đề nghị Chủ tịch "
                  "UBND tỉnh tặng Bằng khen.") == [
        ("Bằng khen của Chủ tịch UBND tỉnh", "Sở Tư pháp", 2),
        ("Bằng khen của Chủ tịch UBND tỉnh", "Sở Nội vụ", 3)]
    assert awards("Trao Bằng khen của Chủ tịch UBND tỉnh cho Sở Y tế, Sở Công Thương và Sở "
                  "Tài chính lần lượt xếp hạng Nhất, Nhì và Ba.") == [
        ("Bằng khen của Chủ tịch UBND tỉnh", "Sở Y tế", 1),
        ("Bằng khen của Chủ tịch UBND tỉnh", "Sở Công Thương", 2),
        ("Bằng khen của Chủ tịch UBND tỉnh", "Sở Tài chính", 3)]


def test_a_rank_after_the_award_goes_to_every_recipient_of_the_clause():
    assert awards("Sở Ngoại vụ, Thanh tra tỉnh và Sở Tư pháp được tặng Bằng khen của Chủ tịch "
                  "UBND tỉnh, xếp thứ Ba.") == [
        ("Bằng khen của Chủ tịch UBND tỉnh", "Sở Ngoại vụ", 3),
        ("Bằng khen của Chủ tịch UBND tỉnh", "Thanh tra tỉnh", 3),
        ("Bằng khen của Chủ tịch UBND tỉnh", "Sở Tư pháp", 3)]


def test_a_rank_after_an_award_that_belongs_to_the_next_unit_stays_there():
    assert awards("Sở Y tế được tặng Cờ thi đua của UBND tỉnh, Sở Tư pháp xếp thứ hai được "
                  "tặng Bằng khen của Chủ tịch UBND tỉnh.") == [
        ("Cờ thi đua của UBND tỉnh", "Sở Y tế", None),
        ("Bằng khen của Chủ tịch UBND tỉnh", "Sở Tư pháp", 2)]


# 4. Leader and deputy phrasings.

def test_a_unit_elected_deputy_by_the_meeting():
    assert roles("Tại hội nghị, Sở Tư pháp được các đơn vị thành viên thống nhất bầu làm Phó "
                 "Trưởng khối năm 2023.") == (None, ("Sở Tư pháp", 2023))


def test_the_unit_in_a_persons_title_holds_the_role_after_it():
    assert roles("Đồng chí Nguyễn Thị Hoa, Phó Giám đốc Sở Tư pháp - đơn vị Phó Trưởng khối "
                 "phát biểu.") == (None, ("Sở Tư pháp", 2024))
    assert roles("Phó Giám đốc Sở Xây dựng Lê Văn Tâm, đơn vị Cụm trưởng, chủ trì hội "
                 "nghị.") == (("Sở Xây dựng", 2024), None)


def test_a_unit_that_keeps_the_deputy_role():
    assert roles("Hội nghị thống nhất Liên đoàn Lao động tỉnh giữ vai trò Cụm phó năm "
                 "2025.") == (None, ("Liên đoàn Lao động tỉnh", 2025))


# 5. People.

@pytest.mark.parametrize(("text", "name", "title"), [
    ("Đại tá Nguyễn Văn Hùng, Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh phát biểu.",
     "Nguyễn Văn Hùng", "Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh"),
    ("Thượng tá Trần Minh Đức - Phó Giám đốc Công an tỉnh dự.",
     "Trần Minh Đức", "Phó Giám đốc Công an tỉnh"),
    ("TS. Lê Thị Thu Hà - Giám đốc Sở Khoa học và Công nghệ chủ trì.",
     "Lê Thị Thu Hà", "Giám đốc Sở Khoa học và Công nghệ"),
    ("Luật sư Phạm Quốc Bảo, Chủ tịch Hội Luật gia tỉnh phát biểu.",
     "Phạm Quốc Bảo", "Chủ tịch Hội Luật gia tỉnh"),
    ("Ông K' Bình - Phó Trưởng Ban Dân tộc tỉnh dự hội nghị.",
     "K' Bình", "Phó Trưởng Ban Dân tộc tỉnh"),
    ("Bà Y Ngọc, Phó Giám đốc Sở Văn hóa, Thể thao và Du lịch phát biểu.",
     "Y Ngọc", "Phó Giám đốc Sở Văn hóa, Thể thao và Du lịch"),
])
def test_a_rank_degree_or_honorific_introduces_a_person(text, name, title):
    found = find_people(normalise(text))
    assert [(p["name"], p["title"]) for p in found] == [(name, title)]


def test_a_title_naming_a_department_with_va_runs_into_its_holders_name():
    found = find_people(normalise("Phát biểu tại hội nghị, Giám đốc Sở Tài nguyên và Môi trường "
                                  "Nguyễn Đức Hải nhấn mạnh vai trò của Khối."))
    assert [(p["name"], p["unit"]) for p in found] == [
        ("Nguyễn Đức Hải", "Sở Tài nguyên và Môi trường")]
    found = find_people(normalise("Phó Trưởng Ban Dân tộc tỉnh A Pớt trình bày báo cáo."))
    assert [p["name"] for p in found] == ["A Pớt"]


def test_two_people_joined_by_va_are_still_two_people():
    found = find_people(normalise("Giám đốc Sở Y tế Trần Văn Nam và Chủ tịch Hội Nông dân tỉnh "
                                  "Hoàng Thị Lan đồng chủ trì."))
    assert [p["name"] for p in found] == ["Trần Văn Nam", "Hoàng Thị Lan"]


# 6. Documents.

@pytest.mark.parametrize(("text", "kind", "number"), [
    ("thực hiện Quy định số 09-QĐi/TU ngày 12/3/2021 của Ban Thường vụ Tỉnh ủy",
     "Quy định", "09-QĐi/TU"),
    ("theo Hướng dẫn số 15-HD/BTGTU của Ban Tuyên giáo Tỉnh ủy", "Hướng dẫn", "15-HD/BTGTU"),
    ("Công văn số 123/SNV-TĐKT ngày 05/02/2024 của Sở Nội vụ", "Công văn", "123/SNV-TĐKT"),
    ("Kế hoạch số 48-KH/ĐUK ngày 20/01/2023", "Kế hoạch", "48-KH/ĐUK"),
])
def test_document_numbers_with_lettered_suffixes(text, kind, number):
    [doc] = find_documents(normalise(text))
    assert (doc["type"], doc["number"]) == (kind, number)


# 7. Plans for later are not events of this article.

@pytest.mark.parametrize("sentence", [
    "Khối sẽ tổ chức ký kết giao ước thi đua năm 2025 trong tháng 01.",
    "Các đơn vị cam kết tổ chức ký kết giao ước thi đua trong thời gian tới.",
    "Cụm dự kiến tổ chức sơ kết 6 tháng vào tháng 7/2024.",
    "Trong 6 tháng cuối năm, Khối phấn đấu tổ chức sơ kết và ký kết giao ước đúng hạn.",
    "Hội nghị đề ra kế hoạch tổ chức ký kết giao ước thi đua trong tháng 01/2025.",
])
def test_a_planned_signing_or_review_is_no_event(sentence):
    found = event_types("Khối thi đua Nội chính tổng kết năm 2024",
                        normalise("Khối thi đua Nội chính tổng kết công tác năm 2024. " + sentence))
    assert found == ["year_end_review"]


def test_a_signing_held_at_the_meeting_still_counts():
    found = event_types("Khối thi đua sơ kết 6 tháng đầu năm 2024",
                        normalise("Ngày 10/7, Khối tổ chức hội nghị sơ kết 6 tháng đầu năm 2024 "
                                  "và triển khai nhiệm vụ 6 tháng cuối năm. Tại hội nghị, các "
                                  "đơn vị đã ký kết giao ước thi đua."))
    assert found == ["mid_year_review", "covenant_signing"]


def test_a_word_holding_a_stop_syllable_does_not_cut_a_company_name():
    assert [u.text for u in find_units(normalise(
        "Công ty TNHH Quản lý công trình đô thị tỉnh ký giao ước"))] == [
        "Công ty TNHH Quản lý công trình đô thị tỉnh"]


def test_a_dotted_degree_does_not_end_the_sentence_before_the_name():
    found = find_people(normalise("Chủ trì hội nghị có ThS. Đỗ Văn Lâm - Chánh Văn phòng Sở "
                                  "Nội vụ. Các đại biểu thảo luận."))
    assert [(p["name"], p["unit"]) for p in found] == [("Đỗ Văn Lâm", "Văn phòng Sở Nội vụ")]


def test_heading_the_bloc_is_a_ranking_even_without_an_award():
    found = event_types("Khối thi đua Văn hóa - Xã hội tổng kết năm 2024",
                        normalise("Khối tổng kết năm 2024. Sở Y tế đứng đầu Khối."))
    assert found == ["year_end_review", "ranking_awards"]


def test_respective_places_go_to_the_last_units_when_an_earlier_one_has_its_own():
    assert awards("Sở Y tế xếp thứ nhất, Sở Tư pháp và Sở Nội vụ lần lượt xếp thứ Nhì, thứ Ba, "
                  "được đề nghị Chủ tịch UBND tỉnh tặng Bằng khen.") == [
        ("Bằng khen của Chủ tịch UBND tỉnh", "Sở Y tế", 1),
        ("Bằng khen của Chủ tịch UBND tỉnh", "Sở Tư pháp", 2),
        ("Bằng khen của Chủ tịch UBND tỉnh", "Sở Nội vụ", 3)]
