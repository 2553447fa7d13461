"""Bytes to text: a wrong declared charset must not garble Vietnamese."""

from __future__ import annotations

from crawler.extract.decode import declared_charset, decode_html, vietnamese_score

PAGE = ("<html><head><meta charset=\"iso-8859-1\"></head><body><p>Khối thi đua Văn hóa - "
        "Xã hội tổng kết năm 2020, Sở Lao động - Thương binh và Xã hội dẫn đầu.</p></body></html>")


def test_utf8_bytes_declared_as_latin1_decode_as_utf8():
    assert "Khối thi đua Văn hóa" in decode_html(PAGE.encode("utf-8"))


def test_text_already_decoded_with_the_wrong_charset_is_repaired():
    garbled = PAGE.encode("utf-8").decode("cp1252", errors="replace")
    assert "Khối thi đua" not in garbled
    assert "Khối thi đua Văn hóa" in decode_html(garbled)


def test_double_encoded_utf8_is_repaired():
    garbled = PAGE.encode("utf-8").decode("latin-1").encode("utf-8")
    assert "Thương binh và Xã hội" in decode_html(garbled)


def test_bytes_that_are_not_utf8_fall_back_to_the_vietnamese_legacy_charset():
    text = "<p>Báo cáo tháng 5 năm 2020, Đài Phát thanh</p>"
    assert decode_html(text.encode("cp1258")) == text


def test_declared_charset_is_read_from_meta():
    assert declared_charset(PAGE.encode()) == "iso-8859-1"
    assert declared_charset(b"<html><body>x</body></html>") is None


def test_vietnamese_reads_better_than_its_mojibake():
    good = "Khối thi đua Văn hóa"
    bad = good.encode("utf-8").decode("cp1252", errors="replace")
    assert vietnamese_score(good) > vietnamese_score(bad)


def test_output_is_nfc():
    decomposed = "Kho\u0302\u0301i thi đua"
    assert decode_html(decomposed.encode("utf-8")) == "Khối thi đua"
