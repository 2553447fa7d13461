"""Awards with recipients and ranks."""

from __future__ import annotations

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
