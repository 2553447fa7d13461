"""The province table: names, spellings, the 2025 merger and finding provinces in text."""

from __future__ import annotations

import tomllib

import pytest

from crawler.errors import RegistryError, UnknownProvince
from crawler.provinces import DEFAULT_PATH, load_provinces

UNCHANGED = ["Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh",
             "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Cao Bằng"]


@pytest.fixture(scope="module")
def provinces():
    return load_provinces()


def test_there_are_63_old_units_and_34_current_ones(provinces):
    assert len(provinces.old()) == 63
    assert len(provinces.current()) == 34
    assert len(set(provinces.names())) == len(provinces.names())


def test_the_eleven_unmerged_units_are_their_own_successors_and_absorbed_nothing(provinces):
    for name in UNCHANGED:
        assert provinces.current_name(name) == name
        assert provinces.matching_names(name) <= {name, "Thừa Thiên Huế"}


def test_every_old_province_has_a_current_successor(provinces):
    current = {p.name for p in provinces.current()}
    for p in provinces.old():
        assert p.successor in current, p.name


def test_every_current_unit_succeeds_at_least_one_old_province(provinces):
    successors = {p.successor for p in provinces.old()}
    assert successors == {p.name for p in provinces.current()}


def test_23_merged_units_absorbed_the_other_52(provinces):
    merged = [p for p in provinces.current()
              if len(provinces.matching_names(p.name) - set(p.former_names)) > 1]
    absorbed = [p for p in provinces.old() if not p.exists_after]
    assert len(merged) == 23
    assert len(absorbed) + len(merged) == 52


@pytest.mark.parametrize(("old", "current"), [
    ("Hà Giang", "Tuyên Quang"),
    ("Hà Nam", "Ninh Bình"),
    ("Kon Tum", "Quảng Ngãi"),
    ("Quảng Bình", "Quảng Trị"),
    ("Ninh Thuận", "Khánh Hòa"),
    ("Bình Định", "Gia Lai"),
    ("Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
    ("Hòa Bình", "Phú Thọ"),
    ("Thanh Hóa", "Thanh Hóa"),
])
def test_current_name_maps_an_old_province_to_its_successor(provinces, old, current):
    assert provinces.current_name(old) == current


def test_a_name_in_both_roles_is_one_object(provinces):
    tuyen_quang = provinces.resolve("Tuyên Quang")
    assert tuyen_quang.existed_before and tuyen_quang.exists_after
    assert tuyen_quang.successor == "Tuyên Quang"
    assert provinces.resolve("tỉnh Tuyên Quang") is tuyen_quang
    assert provinces.resolve(provinces.current_name("Hà Giang")) is tuyen_quang


def test_an_absorbed_province_existed_before_but_not_after(provinces):
    ha_giang = provinces.resolve("Hà Giang")
    assert ha_giang.existed_before and not ha_giang.exists_after
    assert ha_giang.domain == "hagiang.gov.vn"
    assert ha_giang.kind == "tỉnh"


@pytest.mark.parametrize("spelling", [
    "Hà Giang", "Ha Giang", "ha giang", "HA GIANG", "hagiang", "ha-giang", "tỉnh Hà Giang",
    "Tỉnh Ha Giang", "TINH HA GIANG", "  Hà   Giang ",
])
def test_resolve_accepts_any_spelling_of_a_province(provinces, spelling):
    assert provinces.resolve(spelling).name == "Hà Giang"


@pytest.mark.parametrize(("spelling", "name"), [
    ("TP. Hồ Chí Minh", "Hồ Chí Minh"),
    ("TP.HCM", "Hồ Chí Minh"),
    ("thành phố Hồ Chí Minh", "Hồ Chí Minh"),
    ("TP Cần Thơ", "Cần Thơ"),
    ("tp.can tho", "Cần Thơ"),
    ("Thành phố Đà Nẵng", "Đà Nẵng"),
    ("Thừa Thiên Huế", "Huế"),
    ("tỉnh Thừa Thiên - Huế", "Huế"),
    ("Khánh Hoà", "Khánh Hòa"),
    ("THANH HOÁ", "Thanh Hóa"),
    ("Ba Ria Vung Tau", "Bà Rịa - Vũng Tàu"),
    ("Đắk Lắk", "Đắk Lắk"),
    ("Dak Lak", "Đắk Lắk"),
    ("Bắc Cạn", "Bắc Kạn"),
])
def test_resolve_handles_city_prefixes_tone_styles_and_former_names(provinces, spelling, name):
    assert provinces.resolve(spelling).name == name


@pytest.mark.parametrize("bad", ["Hà Nam Ninh", "Atlantis", "", "tỉnh", "Giang"])
def test_resolve_rejects_unknown_names(provinces, bad):
    with pytest.raises(UnknownProvince):
        provinces.resolve(bad)


def test_matching_names_of_a_current_unit_covers_its_old_provinces(provinces):
    assert provinces.matching_names("Tuyên Quang") == {"Tuyên Quang", "Hà Giang"}
    assert provinces.matching_names("ninh binh") == {"Ninh Bình", "Hà Nam", "Nam Định"}
    assert provinces.matching_names("TP.HCM") == {"Hồ Chí Minh", "Bình Dương",
                                                   "Bà Rịa - Vũng Tàu"}


def test_matching_names_of_an_absorbed_province_is_only_itself(provinces):
    assert provinces.matching_names("Ha Giang") == {"Hà Giang"}
    assert provinces.matching_names("Hà Nam") == {"Hà Nam"}


def test_matching_names_include_former_names(provinces):
    assert provinces.matching_names("Huế") == {"Huế", "Thừa Thiên Huế"}


def test_load_provinces_caches_the_shipped_table():
    assert load_provinces() is load_provinces()


@pytest.mark.parametrize(("text", "name"), [
    ("Sáng ngày 02/8, UBND tỉnh Hà Nam tổ chức hội nghị.", "Hà Nam"),
    ("Phó Chủ tịch UBND tỉnh Hà Giang Trần Văn A dự và phát biểu.", "Hà Giang"),
    ("Tỉnh uỷ Quảng Bình chỉ đạo các khối thi đua.", "Quảng Bình"),
    ("TỈNH THANH HOÁ", "Thanh Hóa"),
    ("Hội nghị do TP.HCM tổ chức.", "Hồ Chí Minh"),
    ("Đại biểu tỉnh Thừa Thiên Huế tham dự.", "Huế"),
    ("Đoàn TNCS Hồ Chí Minh tỉnh Kon Tum ký kết giao ước.", "Kon Tum"),
    ("Đoàn công tác đến Hà Nội; tỉnh Bình Định tiếp đón.", "Bình Định"),
    ("Khối thi đua ở Quảng Ngãi đã sơ kết.", "Quảng Ngãi"),
])
def test_find_in_text_finds_a_clearly_named_province(provinces, text, name):
    assert provinces.find_in_text(text) == name


@pytest.mark.parametrize("text", [
    "Khối thi đua các sở, ngành tổng hợp ký kết giao ước thi đua năm 2019.",
    "Ông Nguyễn Thái Bình phát biểu tại hội nghị.",
    "Nguyên là cán bộ tỉnh Hà Nam Ninh cũ.",
    "Tàu cá hoạt động trên Thái Bình Dương.",
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
    "Kỷ niệm 70 năm Chiến thắng Điện Biên Phủ.",
    "Trụ sở tại số 5 đường Hà Giang, quận 10.",
    "Hòa bình và hữu nghị giữa các dân tộc.",
    "Báo Hà Giang đưa tin.",
    "Đêm ca Huế trên sông Hương.",
    "tinh ha giang",
])
def test_find_in_text_ignores_lookalikes_people_streets_and_common_words(provinces, text):
    assert provinces.find_in_text(text) is None


def test_find_in_text_prefers_a_prefixed_name_over_an_earlier_bare_one(provinces):
    text = "Tại Hà Nội, đoàn công tác của tỉnh Hà Giang đã làm việc."
    assert provinces.find_in_text(text) == "Hà Giang"


def _write(tmp_path, body):
    path = tmp_path / "provinces.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_a_custom_table_is_loaded_and_validated(tmp_path):
    path = _write(tmp_path, """
[[province]]
name = "Alpha"
kind = "tỉnh"
domain = "alpha.gov.vn"
successor = "Beta"

[[province]]
name = "Beta"
kind = "thành phố"
domain = "beta.gov.vn"
""")
    table = load_provinces(path)
    assert table.current_name("alpha") == "Beta"
    assert table.matching_names("Beta") == {"Alpha", "Beta"}


@pytest.mark.parametrize(("body", "message"), [
    ("[[province]\n", "invalid TOML"),
    ("x = 1\n", "no [[province]] entries"),
    ('[[province]]\nkind = "tỉnh"\ndomain = "a.vn"\n', "missing or empty 'name'"),
    ('[[province]]\nname = "A"\nkind = "huyện"\ndomain = "a.vn"\n', "kind must be"),
    ('[[province]]\nname = "A"\nkind = "tỉnh"\ndomain = "a.vn"\nsuccessor = "Z"\n',
     "successor 'Z' is not a post-merger unit"),
    ('[[province]]\nname = "A"\nkind = "tỉnh"\ndomain = "a.vn"\n'
     '[[province]]\nname = "B"\nkind = "tỉnh"\ndomain = "b.vn"\naliases = ["a"]\n',
     "names both 'A' and 'B'"),
    ('[[province]]\nname = "A"\nkind = "tỉnh"\ndomain = "a.vn"\nalias = ["x"]\n',
     "unknown key 'alias'"),
])
def test_a_malformed_table_gives_a_one_line_registry_error(tmp_path, body, message):
    path = _write(tmp_path, body)
    with pytest.raises(RegistryError) as caught:
        load_provinces(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)
    assert "\n" not in str(caught.value)


def test_names_are_kept_exactly_as_written_in_the_data_file(provinces):
    written = [e["name"] for e in tomllib.loads(DEFAULT_PATH.read_text("utf-8"))["province"]]
    assert provinces.names() == written
    assert provinces.resolve("Ninh Thuan").name == "Ninh Thuận"


def test_a_duplicate_province_is_a_registry_error(tmp_path):
    entry = '[[province]]\nname = "A"\nkind = "tỉnh"\ndomain = "a.vn"\n'
    with pytest.raises(RegistryError, match="duplicate province 'A'"):
        load_provinces(_write(tmp_path, entry + entry))
