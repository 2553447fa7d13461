"""Link scores: anchor text, heading, URL words and menu against the folded vocabulary."""

from __future__ import annotations

import pytest

from crawler.discovery.scoring import folded, load_vocabulary, score_link, url_words

VOCAB = load_vocabulary()


def _total(text: str, url: str, heading: str = "", menu: bool = False,
           hint: str | None = None, parent: float = 0.4) -> float:
    return score_link(text, heading, menu, url, hint, VOCAB).total(parent, VOCAB)


def test_folding_and_url_words_meet_the_vocabulary_without_diacritics():
    assert folded("Thi đua - Khen thưởng") == "thi dua khen thuong"
    assert url_words("http://x.gov.vn/Pages/thi-dua-khen-thuong-123.aspx?PageIndex=2") == \
        "thi dua khen thuong pageindex"
    assert VOCAB.topic("khoi thi dua cac so nganh")[1] == ("khoi thi dua",)


def test_the_bloc_category_outscores_every_other_menu_entry():
    bloc = _total("Thi đua - Khen thưởng", "http://x.gov.vn/thi-dua-khen-thuong", menu=True)
    others = {text: _total(text, f"http://x.gov.vn/{slug}", menu=True) for text, slug in (
        ("Tin tức - Sự kiện", "tin-tuc"), ("Thủ tục hành chính", "thu-tuc-hanh-chinh"),
        ("Văn bản pháp quy", "van-ban"), ("Liên hệ", "lien-he"))}
    assert bloc >= 0.35 > max(others.values())
    assert others["Thủ tục hành chính"] < others["Tin tức - Sự kiện"]


@pytest.mark.parametrize(("text", "url", "heading", "fetched"), [
    ("Khối thi đua các sở sơ kết 6 tháng", "http://x.gov.vn/a-1.html", "", True),
    ("Hội nghị bàn công tác quý III", "http://x.gov.vn/a-2.html", "Thi đua - Khen thưởng", True),
    ("Hội nghị bàn công tác quý III", "http://x.gov.vn/khoi-thi-dua-hop-quy-3.html", "", True),
    ("Hội nghị bàn công tác quý III", "http://x.gov.vn/a-3.html", "Tin tức - Sự kiện", False),
    ("Đăng nhập", "http://x.gov.vn/dang-nhap", "", False),
])
def test_anchor_heading_or_url_words_carry_a_link_over_the_floor(text, url, heading, fetched):
    assert (_total(text, url, heading) >= 0.35) is fetched


def test_the_source_yield_lifts_plain_entries_of_a_bloc_listing_and_hints_only_order():
    plain = ("Hội nghị bàn công tác quý III", "http://x.gov.vn/a-3.html")
    assert _total(*plain, parent=1.0) >= 0.35 > _total(*plain, parent=0.0)
    hinted = _total(*plain, hint="article")
    assert 0 < hinted - _total(*plain) < 0.1
    score = score_link("Cụm thi đua số 3 ký kết giao ước", "Tin khác", False,
                       "http://x.gov.vn/cum-thi-dua-so-3-123.html", "article", VOCAB)
    assert score.reasons[0].startswith("anchor cum thi dua")
    assert score.reasons[-1] == "article url"
