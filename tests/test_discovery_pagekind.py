"""The page classifier reads the page, not its URL: article, listing or other, and why."""

from __future__ import annotations

from crawler.discovery.page import parse
from crawler.discovery.pagekind import page_kind
from tests.fixtures.pages import article_page, entries, listing_page, shell


def test_a_category_page_with_an_article_like_url_is_a_listing():
    html = listing_page("Thi đua - Khen thưởng", entries(10))
    kind = page_kind(html, "http://mau.gov.vn/Pages/thi-dua-khen-thuong.aspx")
    assert kind.kind == "listing"
    assert kind.reasons[:3] == ("10 teaser links", "10 dated", "pager")
    assert kind.items == tuple(f"http://mau.gov.vn{url}" for url, _, _ in entries(10))
    assert "http://mau.gov.vn/thi-dua-khen-thuong?page=2" in kind.pager


def test_an_article_with_a_category_like_url_is_an_article_and_keeps_its_related_news():
    related = entries(5, stem="/tin-tuc/tin-khac")
    html = article_page("Khối thi đua sơ kết sáu tháng", related=related)
    kind = page_kind(html.encode("utf-8"), "http://mau.gov.vn/thi-dua-khen-thuong")
    assert kind.kind == "article"
    assert kind.reasons[1] == "dateline"
    assert kind.reasons[0].startswith("main text ")
    assert kind.items == tuple(f"http://mau.gov.vn{url}" for url, _, _ in related)


def test_a_date_in_meta_or_time_element_dates_a_short_article():
    short = article_page("Thông báo lịch họp cụm thi đua", paragraphs=1, dateline=None,
                         head='<meta property="article:published_time" '
                              'content="2026-12-01T08:00:00+07:00">')
    assert page_kind(short, "http://mau.gov.vn/a").reasons[1] == \
        "meta article:published_time"
    undated = article_page("Thông báo lịch họp cụm thi đua", paragraphs=1, dateline=None)
    assert page_kind(undated, "http://mau.gov.vn/a").kind == "other"


def test_a_long_undated_text_is_an_article_but_a_long_footer_is_not():
    assert page_kind(article_page("Giới thiệu", paragraphs=12, dateline=None),
                     "http://mau.gov.vn/gioi-thieu").reasons[1] == "undated"
    kind = page_kind(shell("Liên hệ", "<p>Mời liên hệ qua biểu mẫu.</p>"), "http://mau.gov.vn/lh")
    assert kind.kind == "other"
    assert kind.reasons[0] == "longest text 25 chars"


def test_an_empty_calendar_day_is_other_and_a_last_page_of_two_entries_is_a_listing():
    day = shell("Tin theo ngày", '<p>Không có tin bài nào trong ngày này.</p>'
                '<a href="/tin?date=2026-11-30">« Ngày trước</a>')
    assert page_kind(day, "http://mau.gov.vn/tin?date=2026-12-01").kind == "other"
    last_page = listing_page("Thi đua - Khen thưởng", entries(2), pages=3, page=3)
    kind = page_kind(last_page, "http://mau.gov.vn/thi-dua-khen-thuong?page=3")
    assert kind.kind == "listing"   # the last page of a listing: two entries and a pager
    assert kind.reasons[:3] == ("2 teaser links", "2 dated", "pager")


def test_menu_links_are_never_teasers_and_links_know_their_heading():
    page = parse(listing_page("Tin hoạt động cụm, khối thi đua", entries(4)),
                 "http://mau.gov.vn/")
    menu = [a for a in page.anchors if a.menu]
    assert [a.text for a in menu][-1] == "Thi đua - Khen thưởng"
    items = [a for a in page.anchors if a.url.endswith(".html")]
    assert {a.heading for a in items} == {"Tin hoạt động cụm, khối thi đua"}
    assert not any(a.menu for a in items)
