"""Awards with recipients and ranks."""

from __future__ import annotations

import pytest

from crawler.extract.awards import find_awards
from crawler.extract.textops import normalise


def awards(text: str, province: str | None = None) -> list[tuple[str, str, int | None]]:
    return [(a["award"], a["recipient"]["name"], a["rank"])
            for a in find_awards(normalise(text), province)]


def test_ranking_sentence_gives_each_award_its_recipients_and_rank():
    text = ("Văn phòng UBND tỉnh xếp thứ nhất, đề nghị tặng cờ thi đua của Chính phủ; Liên minh "
            "Hợp tác xã xếp thứ hai đề nghị tặng cờ thi đua của tỉnh và 03 đơn vị xếp thứ ba gồm "
            "Cục Thống kê, Văn phòng Đoàn Đại biểu Quốc hội, Sở Ngoại vụ được đề nghị tặng Bằng "
            "khen của Chủ tịch UBND tỉnh.")
    assert awards(text) == [
        ("Cờ thi đua của Chính phủ", "Văn phòng Ủy ban nhân dân tỉnh", 1),
        ("Cờ thi đua của UBND tỉnh", "Liên minh Hợp tác xã", 2),
        ("Bằng khen của Chủ tịch UBND tỉnh", "Cục Thống kê", 3),
        ("Bằng khen của Chủ tịch UBND tỉnh", "Văn phòng Đoàn Đại biểu Quốc hội", 3),
        ("Bằng khen của Chủ tịch UBND tỉnh", "Sở Ngoại vụ", 3),
    ]


def test_awards_without_a_rank_and_with_a_comma_in_the_recipient():
    text = ("Kết quả, Sở Lao động, Thương binh và Xã hội vinh dự được bầu chọn tặng Danh hiệu Cờ "
            "thi đua của UBND tỉnh, 03 đơn vị Sở Văn hóa, Thể thao và Du lịch, Đài Phát thanh - "
            "Truyền hình tỉnh, Trường Cao đẳng Cộng đồng tỉnh tặng Bằng khen của Chủ tịch UBND "
            "tỉnh.")
    assert awards(text) == [
        ("Cờ thi đua của UBND tỉnh", "Sở Lao động - Thương binh và Xã hội", None),
        ("Bằng khen của Chủ tịch UBND tỉnh", "Sở Văn hóa, Thể thao và Du lịch", None),
        ("Bằng khen của Chủ tịch UBND tỉnh", "Đài Phát thanh - Truyền hình tỉnh", None),
        ("Bằng khen của Chủ tịch UBND tỉnh", "Trường Cao đẳng Cộng đồng tỉnh", None),
    ]


def test_each_unit_keeps_its_own_rank_and_the_proposer_is_no_recipient():
    text = ("UBND huyện Mèo Vạc xếp thứ nhì và UBND huyện Yên Minh xếp thứ ba, được đề nghị "
            "Chủ tịch UBND tỉnh tặng Bằng khen.")
    assert awards(text) == [
        ("Bằng khen của Chủ tịch UBND tỉnh", "Ủy ban nhân dân huyện Mèo Vạc", 2),
        ("Bằng khen của Chủ tịch UBND tỉnh", "Ủy ban nhân dân huyện Yên Minh", 3),
    ]


def test_flag_handed_to_a_unit_named_after_cho():
    text = "Bà A - Giám đốc Sở Tài chính đã trao Cờ luân lưu của Khối cho Sở Ngoại vụ."
    assert awards(text) == [("Cờ luân lưu", "Sở Ngoại vụ", None)]


def test_an_award_with_no_unit_named_is_left_out():
    assert awards("Nhiều tập thể được đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh.") == []


def test_the_awarding_authority_written_before_the_award_names_it():
    text = ("UBND huyện Kim Bảng xếp thứ Nhất, đề nghị Chính phủ tặng Cờ thi đua; UBND huyện "
            "Bình Lục xếp thứ Nhì, đề nghị UBND tỉnh tặng Cờ thi đua; UBND huyện Lý Nhân "
            "xếp thứ Ba, đề nghị Chủ tịch UBND tỉnh tặng Bằng khen.")
    assert awards(text) == [
        ("Cờ thi đua của Chính phủ", "Ủy ban nhân dân huyện Kim Bảng", 1),
        ("Cờ thi đua của UBND tỉnh", "Ủy ban nhân dân huyện Bình Lục", 2),
        ("Bằng khen của Chủ tịch UBND tỉnh", "Ủy ban nhân dân huyện Lý Nhân", 3),
    ]


def test_the_unit_acclaimed_as_leading_the_bloc_ranks_first():
    assert awards("Ban Dân tộc tỉnh Gia Lai được suy tôn là đơn vị dẫn đầu Cụm thi đua năm "
                  "2023, đề nghị Chính phủ tặng Cờ thi đua.") == [
        ("Cờ thi đua của Chính phủ", "Ban Dân tộc tỉnh Gia Lai", 1)]
    assert awards("Sở Tư pháp dẫn đầu Khối, được đề nghị Thủ tướng Chính phủ tặng Cờ thi "
                  "đua.") == [("Cờ thi đua của Chính phủ", "Sở Tư pháp", 1)]


def test_the_prime_ministers_certificate_is_not_the_government_flag():
    assert awards("Sở Xây dựng xếp thứ hai, được đề nghị Thủ tướng Chính phủ tặng Bằng "
                  "khen.") == [("Bằng khen của Thủ tướng Chính phủ", "Sở Xây dựng", 2)]


@pytest.mark.parametrize(("phrase", "rank"), [
    ("đứng vị trí thứ nhất", 1), ("đứng ở vị trí thứ hai", 2), ("xếp vị trí thứ 2", 2),
    ("xếp hạng Nhì", 2), ("đạt giải Nhất", 1), ("xếp thứ Ba", 3), ("đứng thứ Nhì", 2),
    ("được xếp hạng Ba", 3), ("đồng xếp thứ Nhất", 1),
])
def test_ranks_in_their_many_phrasings(phrase, rank):
    assert awards(f"Hội Nông dân tỉnh {phrase}, được đề nghị UBND tỉnh tặng Bằng khen.") == [
        ("Bằng khen của Chủ tịch UBND tỉnh", "Hội Nông dân tỉnh", rank)]


def test_one_award_given_to_several_units_named_after_cho():
    assert awards("Khối thống nhất đề nghị Chủ tịch UBND tỉnh tặng Bằng khen cho Hội Nông "
                  "dân tỉnh và Tỉnh đoàn.") == [
        ("Bằng khen của Chủ tịch UBND tỉnh", "Hội Nông dân tỉnh", None),
        ("Bằng khen của Chủ tịch UBND tỉnh", "Tỉnh đoàn", None)]
    assert awards("Dịp này, Chủ tịch UBND tỉnh đã tặng Bằng khen cho 03 đơn vị: Sở Nội vụ, "
                  "Sở Tài chính và Thanh tra tỉnh vì có thành tích xuất sắc.") == [
        ("Bằng khen của Chủ tịch UBND tỉnh", "Sở Nội vụ", None),
        ("Bằng khen của Chủ tịch UBND tỉnh", "Sở Tài chính", None),
        ("Bằng khen của Chủ tịch UBND tỉnh", "Thanh tra tỉnh", None)]


def test_recipients_after_cho_stop_where_the_list_ends():
    assert awards("Đồng chí Phó Chủ tịch trao Cờ thi đua của UBND tỉnh cho Sở Y tế, đơn vị "
                  "dẫn đầu Khối, tại Hội nghị của Sở Tài chính.") == [
        ("Cờ thi đua của UBND tỉnh", "Sở Y tế", 1)]


def test_a_shared_head_after_cho_gives_one_award_per_place():
    assert awards("Chủ tịch UBND tỉnh tặng Bằng khen cho UBND các huyện Đồng Văn, Yên Minh "
                  "và Mèo Vạc.") == [
        ("Bằng khen của Chủ tịch UBND tỉnh", "Ủy ban nhân dân huyện Đồng Văn", None),
        ("Bằng khen của Chủ tịch UBND tỉnh", "Ủy ban nhân dân huyện Yên Minh", None),
        ("Bằng khen của Chủ tịch UBND tỉnh", "Ủy ban nhân dân huyện Mèo Vạc", None)]


def test_a_shared_head_before_the_award_gives_each_place_the_rank():
    assert awards("UBND các huyện Bắc Mê và Quang Bình đồng xếp thứ Nhì, được đề nghị Chủ "
                  "tịch UBND tỉnh tặng Bằng khen.") == [
        ("Bằng khen của Chủ tịch UBND tỉnh", "Ủy ban nhân dân huyện Bắc Mê", 2),
        ("Bằng khen của Chủ tịch UBND tỉnh", "Ủy ban nhân dân huyện Quang Bình", 2)]
