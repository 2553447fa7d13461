"""is_bloc_news: a bloc's own activity yes; party "Khối" news and province-wide events no."""

from __future__ import annotations

import pytest

from crawler.extract.article import extract_article

FETCHED = "2024-05-01T10:00:00+07:00"


def record(make_page, title: str, paragraphs: list[str]):
    return extract_article(make_page(title, paragraphs, date_line="20/04/2024"),
                           "http://sonoivu.binhdinh.gov.vn/web/guest/a", FETCHED)


def test_a_blocs_meeting_is_bloc_news(make_page):
    rec = record(make_page, "Cụm thi đua số 2 sơ kết 6 tháng đầu năm 2024", [
        "Ngày 15/4/2024, Cụm thi đua số 2 tổ chức hội nghị sơ kết công tác thi đua 6 tháng đầu "
        "năm. UBND huyện Tây Sơn, đơn vị Cụm trưởng năm 2024, chủ trì hội nghị."])
    assert rec.is_bloc_news and rec.bloc == "Cụm thi đua số 2"
    assert rec.bloc_score >= 0.5


@pytest.mark.parametrize(("title", "paragraphs"), [
    ("Đại hội Đảng bộ Khối các cơ quan tỉnh lần thứ VIII",
     ["Đảng ủy Khối các cơ quan tỉnh tổ chức Đại hội đại biểu. Đảng bộ Khối phát động thi đua "
      "chào mừng đại hội đảng các cấp."]),
    ("Ngày hội Đại đoàn kết toàn dân tộc ở thôn Lô Lô Chải",
     ["Ngày hội nhằm phát huy sức mạnh khối đại đoàn kết toàn dân tộc, thi đua xây dựng nông "
      "thôn mới."]),
    ("Hội đồng Thi đua - Khen thưởng tỉnh tổng kết công tác thi đua năm 2023",
     ["Hội nghị tổng kết công tác thi đua, khen thưởng năm 2023 của tỉnh. Các khối, cụm thi đua "
      "đã hoàn thành nhiệm vụ; UBND tỉnh tặng Cờ thi đua cho các đơn vị dẫn đầu."]),
    ("Công trình vượt khối lượng kế hoạch",
     ["Nhà thầu phát động thi đua 100 ngày đêm, hoàn thành vượt khối lượng công việc."]),
])
def test_near_misses_are_not_bloc_news(make_page, title, paragraphs):
    assert not record(make_page, title, paragraphs).is_bloc_news


def test_every_gold_near_miss_and_every_gold_bloc_article_is_classified(extracted_corpus):
    wrong = [key for key, item in extracted_corpus.items()
             if item.record.is_bloc_news != item.gold.is_bloc_news]
    assert wrong == []


def test_title_naming_the_bloc_without_thi_dua_counts_as_naming_it(make_page):
    rec = record(make_page, "Tổng kết phong trào thi đua khối các cơ quan tham mưu QLNN về văn "
                 "hóa xã hội năm 2020", [
                     "Ngày 25/02/2021, Khối thi đua các cơ quan tham mưu QLNN về văn hóa xã hội "
                     "đã tổ chức Hội nghị tổng kết phong trào thi đua năm 2020."])
    assert rec.bloc == "Khối thi đua các cơ quan tham mưu QLNN về văn hóa xã hội"
    assert rec.is_bloc_news


# Recall first (tests/gold/real, classes type_* and bloc_*): our own pages in the shapes
# of real bloc news the old rules missed.
def test_a_bloc_named_only_in_the_url_slug_is_bloc_news(make_page):
    html = make_page("Nhiều đơn vị hoàn thành xuất sắc nhiệm vụ năm 2023", [
        "Ngày 10/1/2024, hội nghị đánh giá kết quả giao ước thi đua giữa các đơn vị.",
        "Các đơn vị trong cụm đều hoàn thành chỉ tiêu; hội nghị bình xét đơn vị dẫn đầu."],
        date_line="11/01/2024")
    rec = extract_article(html, "http://a.gov.vn/tin-tuc/cum-thi-dua-so-4-tong-ket-nam-2023.html",
                          FETCHED)
    assert rec.is_bloc_news and rec.bloc == "Cụm thi đua số 4"
    assert "slug:bloc" in rec.bloc_signals and rec.event_type == "year_end_review"


def test_a_section_named_after_the_blocs_is_no_evidence(make_page):
    """Portals file every award under ".../tin-hoat-dong-cum-khoi-thi-dua/": the article's
    own slug counts, the sections above it do not."""
    html = make_page("Sở Xây dựng đón nhận Huân chương Lao động hạng Ba", [
        "Sáng 5/4, Sở Xây dựng tổ chức lễ đón nhận Huân chương Lao động hạng Ba."],
        date_line="06/04/2024")
    rec = extract_article(html, "http://a.gov.vn/tin-hoat-dong-cum-khoi-thi-dua-12/"
                          "so-xay-dung-don-nhan-huan-chuong-lao-dong.aspx", FETCHED)
    assert not rec.is_bloc_news and "slug:bloc" not in rec.bloc_signals


def test_the_award_council_deciding_flags_for_the_blocs_is_bloc_news_with_no_bloc(make_page):
    rec = record(make_page, "Xét tặng Cờ thi đua cho các khối, cụm thi đua năm 2023", [
        "Chiều 20/1, Hội đồng Thi đua - Khen thưởng tỉnh họp xét tặng Cờ thi đua cho các đơn vị "
        "dẫn đầu các khối, cụm thi đua năm 2023."])
    assert rec.is_bloc_news and rec.bloc is None
    assert "text:blocs in general" in rec.bloc_signals


def test_the_guards_are_signals_a_reader_sees(make_page):
    rec = record(make_page, "Đoàn Khối các cơ quan tỉnh tổ chức hội thao", [
        "Đoàn Khối các cơ quan tỉnh tổ chức hội thao cho đoàn viên các cơ sở đoàn."])
    assert not rec.is_bloc_news
    assert any(s.startswith("guard:") for s in rec.bloc_signals)


def test_the_score_stays_graded_above_the_threshold(make_page):
    """A stricter threshold still ranks pages: a page with more evidence scores higher."""
    plain = record(make_page, "Khối thi đua Văn hóa - Xã hội họp mặt", [
        "Khối thi đua Văn hóa - Xã hội họp mặt đầu xuân."])
    rich = record(make_page, "Khối thi đua Văn hóa - Xã hội tổng kết năm 2023", [
        "Ngày 10/1, Khối thi đua Văn hóa - Xã hội tổng kết công tác thi đua năm 2023. Sở Y tế, "
        "đơn vị Trưởng khối, chủ trì. Các đơn vị trong khối ký kết giao ước thi đua năm 2024."])
    assert 0.5 <= plain.bloc_score < rich.bloc_score < 1.0


def test_a_slug_naming_a_bloc_before_its_meeting_is_evidence(make_page):
    """Real class: "/khoi-<sector words>-to-chuc-hoi-nghi-tong-ket-..." with no bloc in the text."""
    html = make_page("Cổng thông tin điện tử", [
        "Báo cáo tổng kết công tác thi đua năm 2023 do thường trực Khối trình bày.",
        "Các ngành trong khối đã phát động nhiều phong trào thi đua sôi nổi."],
        date_line="11/01/2024")
    url = "http://a.gov.vn/tin/khoi-kinh-te-tong-hop-to-chuc-hoi-nghi-tong-ket-nam-2023-12.html"
    rec = extract_article(html, url, FETCHED)
    assert rec.is_bloc_news and "slug:bloc" in rec.bloc_signals


def test_each_further_mention_of_the_bloc_adds_evidence(make_page):
    once = record(make_page, "Hội nghị cuối năm", [
        "Khối thi đua các cơ quan Kinh tế họp mặt."])
    thrice = record(make_page, "Hội nghị cuối năm", [
        "Khối thi đua các cơ quan Kinh tế họp mặt. Khối thi đua các cơ quan Kinh tế có 9 sở. "
        "Khối thi đua các cơ quan Kinh tế thống nhất kế hoạch."])
    assert "text:mentions 3" in thrice.bloc_signals and thrice.bloc_score > once.bloc_score
