"""Cited documents: number, type, issuer and date."""

from __future__ import annotations

from crawler.extract.documents import find_documents


def test_full_citation():
    [doc] = find_documents("triển khai Hướng dẫn số 1297/HD-UBND ngày 02/7/2019 của Ủy ban nhân "
                           "dân tỉnh về tổ chức hoạt động")
    assert doc == {"as_written": ("Hướng dẫn số 1297/HD-UBND ngày 02/7/2019 của Ủy ban nhân "
                                  "dân tỉnh"),
                   "number": "1297/HD-UBND", "type": "Hướng dẫn", "issuer": "Ủy ban nhân dân tỉnh",
                   "date": "2019-07-02"}


def test_date_in_words_and_a_typo_in_the_type():
    [doc] = find_documents("thực hiện Chị thị số 34-CT/TW ngày 07 tháng 4 năm 2014 của Bộ Chính "
                           "trị")
    assert (doc["type"], doc["number"], doc["date"], doc["issuer"]) == (
        "Chỉ thị", "34-CT/TW", "2014-04-07", "Bộ Chính trị")


def test_citation_without_so_date_or_issuer():
    [doc] = find_documents("gắn với thực hiện Chỉ thị 05-CT/TW và các nghị quyết")
    assert (doc["number"], doc["date"], doc["issuer"]) == ("05-CT/TW", None, None)


def test_named_law_with_its_number():
    [doc] = find_documents("Quán triệt Luật Thi đua, khen thưởng số 06/2022/QH15 đến cán bộ")
    assert (doc["type"], doc["number"]) == ("Luật", "06/2022/QH15")


def test_each_number_once_and_no_number_no_document():
    text = ("Kế hoạch số 187/KH-UBND ngày 03/7/2019; theo Kế hoạch số 187/KH-UBND nói trên. "
            "Luật Thi đua, khen thưởng quy định rõ.")
    assert [d["number"] for d in find_documents(text)] == ["187/KH-UBND"]
