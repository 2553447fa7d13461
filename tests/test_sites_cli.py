"""`thidua sites`: listing and checking a registry, with per-province counts by kind."""

from __future__ import annotations

import json

import pytest

from crawler.sites import load_sites
from crawler.sites_report import report, select

# Our own small registry: two Hà Giang sites (merged into Tuyên Quang), one
# Tuyên Quang newspaper, a national site and one unverified Hà Nội portal.
REGISTRY = """
[[site]]
name = "hagiang"
province = "Hà Giang"
kind = "portal"
family = "generic"
hosts = ["hagiang.gov.vn"]
start_urls = ["https://hagiang.gov.vn/"]
evidence = ["https://hagiang.gov.vn/tin/khoi-thi-dua-ky-ket-1234.html"]
seen = "2023-03"
merged_into = "Tuyên Quang"

[[site]]
name = "sonoivu-hagiang"
province = "Ha Giang"
kind = "department"
family = "generic"
hosts = ["sonoivu.hagiang.gov.vn"]
start_urls = ["https://sonoivu.hagiang.gov.vn/"]
evidence = ["https://sonoivu.hagiang.gov.vn/cum-thi-dua-so-ket-5678.html"]

[[site]]
name = "baotuyenquang"
province = "Tuyên Quang"
kind = "newspaper"
family = "newspaper"
hosts = ["baotuyenquang.com.vn"]
start_urls = ["https://baotuyenquang.com.vn/"]
evidence = ["https://baotuyenquang.com.vn/chinh-tri/khoi-thi-dua-tong-ket-9012.html"]

[[site]]
name = "central"
kind = "other"
family = "generic"
hosts = ["central.gov.vn"]
start_urls = ["https://central.gov.vn/"]
evidence = ["https://central.gov.vn/cum-thi-dua-2222.html"]

[[site]]
name = "hanoi"
province = "Hà Nội"
family = "generic"
hosts = ["hanoi.gov.vn"]
start_urls = ["https://hanoi.gov.vn/"]
evidence = []
unverified = true
"""


@pytest.fixture
def registry(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text(REGISTRY, encoding="utf-8")
    return path


def _json(thidua, *args):
    result = thidua("sites", "--format", "json", *args)
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_json_lists_every_entry_with_counts_by_kind(thidua, registry):
    data = _json(thidua, "--sites", str(registry))
    assert data["entries"] == 5 and data["with_evidence"] == 4 and data["unverified"] == 1
    assert data["by_kind"] == {"portal": 2, "department": 1, "newspaper": 1, "other": 1}
    assert data["national"] == 1
    assert data["unverified_sites"] == ["hanoi"]
    rows = {row["province"]: row for row in data["provinces"]}
    assert len(rows) == 63
    assert rows["Hà Giang"] == {"province": "Hà Giang", "current": "Tuyên Quang", "portal": 1,
                                "department": 1, "newspaper": 0, "other": 0}
    assert "Hà Giang" not in data["short_of_two_core_kinds"]
    assert {"Tuyên Quang", "Hà Nội"} <= set(data["short_of_two_core_kinds"])
    record = next(site for site in data["sites"] if site["name"] == "sonoivu-hagiang")
    assert record["province"] == "Hà Giang" and record["province_current"] == "Tuyên Quang"
    assert record["evidence"] == ["https://sonoivu.hagiang.gov.vn/cum-thi-dua-so-ket-5678.html"]


def test_coverage_with_evidence_only_leaves_out_unverified_entries(tmp_path):
    # Hà Nội: an evidenced newspaper beside the unverified portal.
    path = tmp_path / "sites.toml"
    path.write_text(REGISTRY + """
[[site]]
name = "hanoimoi"
province = "Hà Nội"
kind = "newspaper"
family = "newspaper"
hosts = ["hanoimoi.vn"]
start_urls = ["https://hanoimoi.vn/"]
evidence = ["https://hanoimoi.vn/cum-thi-dua-so-ket-3333.html"]
""", encoding="utf-8")
    data = report(load_sites(path))
    assert "Hà Nội" not in data["short_of_two_core_kinds"]
    assert "Hà Nội" in data["short_of_two_evidenced_core_kinds"]
    assert "Hà Giang" not in data["short_of_two_evidenced_core_kinds"]


def test_a_current_name_selects_the_provinces_merged_into_it(thidua, registry):
    data = _json(thidua, "--sites", str(registry), "--province", "tuyen quang")
    assert sorted(site["name"] for site in data["sites"]) == [
        "baotuyenquang", "hagiang", "sonoivu-hagiang"]
    assert [row["province"] for row in data["provinces"]] == ["Tuyên Quang", "Hà Giang"]
    old = _json(thidua, "--sites", str(registry), "--province", "tỉnh Hà Giang")
    assert sorted(site["name"] for site in old["sites"]) == ["hagiang", "sonoivu-hagiang"]


def test_kind_filters_the_list_but_not_the_coverage_check(thidua, registry):
    data = _json(thidua, "--sites", str(registry), "--kind", "department")
    assert [site["name"] for site in data["sites"]] == ["sonoivu-hagiang"]
    rows = {row["province"]: row for row in data["provinces"]}
    assert rows["Hà Giang"]["portal"] == 0
    assert "Hà Giang" not in data["short_of_two_core_kinds"]


def test_the_table_names_unverified_entries_and_the_coverage(thidua, registry):
    result = thidua("sites", "--sites", str(registry))
    assert result.code == 0, result.err
    assert "unverified (no evidence found yet): hanoi" in result.out
    assert "5 entries: 4 with evidence, 1 unverified" in result.out
    assert "1 of 63 pre-merger provinces have at least 2 of the 3 core kinds" in result.out


def test_the_shipped_registry_is_listed_by_default(thidua):
    data = _json(thidua)
    assert data["entries"] == len(load_sites())
    assert data["registry"].endswith("sites.toml")


def test_report_is_the_same_data_as_the_command(registry):
    sites = load_sites(registry)
    data = report(sites, "Hà Giang", None, str(registry))
    assert [s["name"] for s in data["sites"]] == [s.name for s in select(sites, "Ha Giang")]


def test_unknown_province_is_one_line_exit_2_with_the_nearest_name(thidua_process):
    result = thidua_process("sites", "--province", "Quang Ngaii")
    assert result.code == 2
    line = result.err.strip()
    assert "\n" not in line and line.startswith("thidua: error: ")
    assert "--province" in line and "unknown province 'Quang Ngaii'" in line
    assert "did you mean 'Quảng Ngãi'?" in line  # the same message as search --province
    assert result.out == ""


def test_a_broken_registry_is_one_line_naming_file_and_entry(thidua_process, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(REGISTRY.replace('seen = "2023-03"', 'seen = "March 2023"'),
                    encoding="utf-8")
    result = thidua_process("sites", "--sites", str(path))
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert lines == [f"thidua: error: {path}: site #1 (hagiang): 'seen' must be a month "
                     "as YYYY-MM, got 'March 2023'"]


def test_a_bad_kind_is_a_usage_error(thidua_process):
    result = thidua_process("sites", "--kind", "blog")
    assert result.code == 2
    assert result.err.strip().startswith("thidua: error: ")
    assert "Traceback" not in result.err
