"""The province of a page: registry, the portal's domain, its host name, its URL path, the text.

Real pages come from hundreds of portals not in the registry (tests/gold/real,
class province_*); each host here is made up in the shape of a class of them.
"""

from __future__ import annotations

import pytest

from crawler.extract.province import provinces_of


@pytest.mark.parametrize(("url", "province"), [
    ("https://sonoivu.binhdinh.gov.vn/tin-tuc/a.html", "Bình Định"),      # a province domain
    ("https://baothaibinh.com.vn/tin-tuc/a.html", "Thái Bình"),           # newspaper: bao + name
    ("https://thainguyentv.vn/tin/a.html", "Thái Nguyên"),                # broadcaster: name + tv
    ("https://truyenhinhdongnai.vn/a.html", "Đồng Nai"),
    ("https://www.ninhbinh.city/a.html", "Ninh Bình"),
    ("https://congdoan.vn/ldld-soc-trang/tin/a.html", "Sóc Trăng"),       # the URL path names it
    ("https://news.vn/tin/cum-1-cua-tinh-tra-vinh-so-ket-123.html", "Trà Vinh"),
])
def test_the_province_without_the_registry(url, province):
    assert provinces_of(None, url, "Cụm thi đua số 1 sơ kết", "Hội nghị sơ kết.")[0] == province


def test_a_host_that_names_no_province_falls_back_to_the_text():
    name, current = provinces_of(None, "https://tinmoi.vn/a.html", "Khối thi đua sơ kết",
                                 "Khối thi đua các sở của tỉnh Hà Giang sơ kết 6 tháng.")
    assert (name, current) == ("Hà Giang", "Tuyên Quang")


def test_a_page_that_names_no_province_has_none():
    assert provinces_of(None, "https://tinmoi.vn/a.html", "Khối thi đua sơ kết",
                        "Hội nghị sơ kết 6 tháng.") == (None, None)
