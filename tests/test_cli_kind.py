"""`--kind` on search, export and status: the registry's sites of one kind."""

from __future__ import annotations

import json

import pytest

from search_cli.options import SITE_KINDS
from tests.fixtures.search import corpus_ids

# The search corpus's six sites, each given a kind (one of each, two departments).
REGISTRY = """
[[site]]
name = "hanam"
province = "Hà Nam"
kind = "portal"
family = "generic"
hosts = ["hanam.gov.vn"]
start_urls = ["http://hanam.gov.vn/"]

[[site]]
name = "hagiang"
province = "Hà Giang"
kind = "portal"
family = "generic"
hosts = ["hagiang.gov.vn"]
start_urls = ["http://hagiang.gov.vn/"]

[[site]]
name = "kontum-bdt"
province = "Kon Tum"
kind = "department"
family = "generic"
hosts = ["kontum-bdt.gov.vn"]
start_urls = ["http://kontum-bdt.gov.vn/"]

[[site]]
name = "baoquangbinh"
province = "Quảng Bình"
kind = "newspaper"
family = "newspaper"
hosts = ["baoquangbinh.gov.vn"]
start_urls = ["http://baoquangbinh.gov.vn/"]

[[site]]
name = "sonoivu-binhdinh"
province = "Bình Định"
kind = "department"
family = "generic"
hosts = ["sonoivu-binhdinh.gov.vn"]
start_urls = ["http://sonoivu-binhdinh.gov.vn/"]

[[site]]
name = "songoaivu-ninhthuan"
province = "Ninh Thuận"
kind = "other"
family = "generic"
hosts = ["songoaivu-ninhthuan.gov.vn"]
start_urls = ["http://songoaivu-ninhthuan.gov.vn/"]
"""


@pytest.fixture
def registry(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text(REGISTRY, encoding="utf-8")
    return path


def _ids(result) -> set[str]:
    return {record["id"] for record in json.loads(result.out)}


def test_the_kinds_offered_are_the_registrys():
    from crawler.sites import KINDS

    assert set(SITE_KINDS) == set(KINDS)


@pytest.mark.parametrize(("kind", "names"), [
    ("portal", ("hanam", "hagiang")),
    ("department", ("kontum", "binhdinh")),
    ("newspaper", ("quangbinh",)),
    ("other", ("ninhthuan",)),
])
def test_search_kind_keeps_the_matches_of_that_kinds_sites(thidua, cli_archive, registry,
                                                          kind, names):
    result = thidua("search", "--kind", kind, "--sites", str(registry), "--all",
                    "--archive", str(cli_archive), "--format", "json")
    assert result.code == 0, result.err
    assert _ids(result) == corpus_ids(*names)


def test_kind_combines_with_the_other_filters(thidua, cli_archive, registry):
    result = thidua("search", "--kind", "portal", "--province", "Tuyên Quang", "--sites",
                    str(registry), "--archive", str(cli_archive), "--format", "json")
    assert _ids(result) == corpus_ids("hagiang")


def test_kind_without_sites_uses_the_bundled_registry(thidua, cli_archive):
    # the bundled registry keeps baoquangbinh as Quảng Bình's newspaper
    result = thidua("search", "--kind", "newspaper", "--all", "--archive", str(cli_archive),
                    "--format", "json")
    assert result.code == 0, result.err
    assert _ids(result) == corpus_ids("quangbinh")


def test_export_kind_streams_only_that_kind(thidua, cli_archive, registry):
    result = thidua("export", "--kind", "department", "--sites", str(registry),
                    "--archive", str(cli_archive))
    assert result.code == 0, result.err
    ids = {json.loads(line)["id"] for line in result.out.splitlines()}
    assert ids == corpus_ids("kontum", "binhdinh")


def test_status_kind_lists_only_that_kinds_sites(thidua, cli_archive, registry):
    everything = json.loads(thidua("status", "--archive", str(cli_archive),
                                   "--format", "json").out)
    result = thidua("status", "--kind", "department", "--sites", str(registry),
                    "--archive", str(cli_archive), "--format", "json")
    assert result.code == 0, result.err
    status = json.loads(result.out)
    assert status["kind"] == "department"
    assert set(status["sites"]) == {"kontum-bdt", "sonoivu-binhdinh"}
    assert status["articles"] == everything["articles"]   # totals stay the archive's


def test_status_kind_table_names_only_that_kinds_sites(thidua, cli_archive, registry):
    result = thidua("status", "--kind", "newspaper", "--sites", str(registry),
                    "--archive", str(cli_archive))
    assert result.code == 0, result.err
    assert "baoquangbinh" in result.out
    assert "hanam" not in result.out


def test_a_site_of_another_kind_is_a_usage_error(thidua_process, cli_archive, registry):
    result = thidua_process("search", "--kind", "newspaper", "--site", "hanam", "--sites",
                            str(registry), "--archive", str(cli_archive))
    assert result.code == 2
    assert result.err.strip() == ("thidua: error: --site hanam is of kind 'portal', "
                                  "not 'newspaper'")


def test_a_registry_without_that_kind_is_a_usage_error(thidua_process, cli_archive, tmp_path):
    path = tmp_path / "portals.toml"
    path.write_text(REGISTRY.split("[[site]]\nname = \"kontum-bdt\"")[0], encoding="utf-8")
    result = thidua_process("status", "--kind", "newspaper", "--sites", str(path),
                            "--archive", str(cli_archive))
    assert result.code == 2
    assert result.err.strip() == f"thidua: error: {path} has no site of kind 'newspaper'"
    assert "Traceback" not in result.err


def test_an_unknown_kind_is_refused(thidua_process, cli_archive):
    result = thidua_process("search", "--kind", "blog", "--archive", str(cli_archive))
    assert result.code == 2
    assert "Traceback" not in result.err
