"""Main text and title: portal boilerplate out, the article in; and the assembled record."""

from __future__ import annotations

from crawler.extract.article import extract_article
from crawler.extract.main import clean_lines, find_title
from crawler.extract.page import Page, parse_page

TITLE = "Khối thi đua Văn hóa - Xã hội sơ kết 6 tháng đầu năm 2019"


def test_clean_lines_drops_portal_noise_and_stops_at_related_news():
    lines = ["Skip Ribbon Commands", "Skip to main content", TITLE[:40] + "...", "02/08/2019",
             "Sáng ngày 02/8/2019, Khối thi đua Văn hóa - Xã hội tổ chức hội nghị.", "DSC_6342.jpg",
             "Các đại biểu dự hội nghị", "Gửi Email In trang Lưu",
             "Cannot retrieve the URL specified in the Content Link property. For more help.",
             "- Khối thi đua X tổng kết năm 2018 (28/11/2018 15:19)", "Hồng Nhung",
             "Số lượt xem:502", "Bài viết liên quan:",
             "Khối Mặt trận tổ chức tổng kết năm 2018"]
    assert clean_lines(lines, TITLE) == [
        "Sáng ngày 02/8/2019, Khối thi đua Văn hóa - Xã hội tổ chức hội nghị.",
        "Các đại biểu dự hội nghị", "Hồng Nhung"]


def test_title_prefers_the_heading_that_the_html_title_repeats():
    page = Page(html_title=f"{TITLE} - Cổng thông tin điện tử tỉnh Hà Giang",
                headings=["Cổng thông tin điện tử tỉnh Hà Giang", TITLE])
    assert find_title(page) == TITLE


def test_title_from_og_title_then_from_the_html_title():
    assert find_title(Page(og_title=TITLE, headings=["Trang chủ portal"])) == TITLE
    assert find_title(Page(html_title=f"Sở Nội vụ | {TITLE}")) == TITLE
    assert find_title(Page(html_title=f"{TITLE} - Cổng thông tin điện tử tỉnh")) == TITLE
    assert find_title(Page(html_title=TITLE)) == TITLE
    assert find_title(Page()) is None


def test_a_title_with_its_own_dashes_is_kept_whole_when_the_page_writes_it():
    """Real class: the title in a styled <div>, not a heading, with " – " inside."""
    title = "Khối thi đua 8 tổng kết công tác Thi đua – Khen thưởng năm 2019"
    page = Page(html_title=f"{title} - Báo điện tử tỉnh", lines=["Trang chủ", title, "Sáng 9/1"])
    assert find_title(page) == title
    sliced = "Khối thi đua các sở, ngành khoa học – văn hóa – xã hội: Ký kết giao ước thi đua"
    assert find_title(Page(html_title=f"{sliced} | Báo X", lines=[sliced])) == sliced


def test_parse_page_lines_follow_blocks_and_skip_scripts():
    page = parse_page("<html><body><script>var x = '<p>no</p>';</script><div>Một<br>Hai</div>"
                      "<p>Ba &amp; bốn</p></body></html>")
    assert page.lines == ["Một", "Hai", "Ba & bốn"]


def test_extract_article_on_a_small_page(make_page):
    html = make_page(TITLE, [
        "Sáng ngày 02/8/2019, Khối thi đua Văn hóa - Xã hội tổ chức hội nghị sơ kết công tác thi "
        "đua khen thưởng 6 tháng đầu năm 2019. Dự hội nghị có ông Bùi Quang Cẩm - Phó Chủ tịch "
        "UBND tỉnh; ông Nguyễn Mạnh Tiến - Giám đốc Sở Lao động - Thương binh và Xã hội - "
        "Trưởng Khối thi đua Văn hóa - Xã hội năm 2019.",
        "Các đơn vị trong khối đã triển khai nhiều phong trào thi đua thiết thực, hiệu quả."],
        header="Thứ sáu, Ngày 9 Tháng 8 Năm 2019",
        related=["Khối thi đua Nội chính tổng kết năm 2018 (28/11/2018 15:19)"])
    record = extract_article(html.encode("utf-8"), "http://hanam.gov.vn/Pages/a.aspx",
                             "2019-08-09T10:00:00+07:00")
    assert record.title == TITLE
    assert (record.published, record.published_source) == ("2019-08-02", "dateline")
    assert record.event_date == "2019-08-02"
    assert record.province == "Hà Nam" and record.province_current == "Ninh Bình"
    assert record.bloc == "Khối thi đua Văn hóa - Xã hội"
    assert record.bloc_key == "khoi-van-hoa-xa-hoi"
    assert (record.event_type, record.period) == ("mid_year_review", "2019-H1")
    assert record.leader_unit == {"name": "Sở Lao động - Thương binh và Xã hội",
                                  "as_written": "Sở Lao động - Thương binh và Xã hội",
                                  "year": 2019}
    assert record.is_bloc_news
    assert "Tin khác" not in record.text and "Nội chính" not in record.text
    assert record.site == "hanam.gov.vn" and record.fetched_at == "2019-08-09T10:00:00+07:00"


def test_fields_the_page_does_not_support_stay_empty(make_page):
    html = make_page("Thông báo lịch tiếp công dân tháng 8", [
        "Sở Nội vụ thông báo lịch tiếp công dân định kỳ trong tháng 8 tại trụ sở cơ quan."],
        date_line="")
    record = extract_article(html, "http://example.gov.vn/tb.html", "2019-08-09T10:00:00+07:00")
    assert record.published is None and record.event_date is None
    assert record.bloc is None and record.bloc_key is None and record.period is None
    assert record.event_type == "other"
    assert (record.leader_unit, record.deputy_unit, record.handover) == (None, None, None)
    assert record.members == record.awards == record.documents == []
    assert record.province is None and not record.is_bloc_news
