import unicodedata

import pytest

from crawler.vntext import exact, fold, key, normalize_tones, squash_spaces


def test_fold_strips_tones_and_maps_d_with_stroke():
    assert fold("Khối thi đua ĐẢNG ủy") == "khoi thi dua dang uy"


def test_fold_treats_decomposed_input_like_precomposed():
    assert fold(unicodedata.normalize("NFD", "Văn hóa")) == fold("Văn hóa") == "van hoa"


@pytest.mark.parametrize(
    ("old_style", "new_style"),
    [("hoá", "hóa"), ("khoẻ", "khỏe"), ("thuỷ lợi", "thủy lợi"), ("Hoà", "Hòa")],
)
def test_tone_placement_styles_compare_equal(old_style, new_style):
    assert normalize_tones(old_style) == normalize_tones(new_style)
    assert exact(old_style) == exact(new_style)


@pytest.mark.parametrize("word", ["quý", "hoàn", "thuyết", "toán", "Thuận", "hoặc", "luật"])
def test_tone_on_closed_syllables_and_qu_is_left_alone(word):
    assert normalize_tones(word) == word


def test_exact_keeps_diacritics_but_ignores_case():
    assert exact("Thi Đua") == "thi đua"
    assert exact("Thi Đua") != exact("Thi Dua")


def test_key_is_an_ascii_slug():
    assert key("Khối thi đua Văn hóa - Xã hội") == "khoi-thi-dua-van-hoa-xa-hoi"


def test_squash_spaces_folds_non_breaking_space():
    assert squash_spaces(" a\u00a0\u00a0b \n c ") == "a b c"
