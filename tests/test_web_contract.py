"""The page and `thidua search` are one query model: same ids, same order.

Every query of the search contract (tests/test_search_contract.py), typed
into a real browser against a real `thidua serve`, and run through the CLI,
over SEARCH_CORPUS.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

from tests.fixtures.browser import KIND_REGISTRY

pytestmark = pytest.mark.slow

# (query text, filters): the contract suite's queries, in the page's parameter names.
CONTRACT_QUERIES = [
    ("thi dua", {}), ("dang", {}), ("hoá", {}), ("thủy lợi", {}), ("thi đua", {}),
    ('"giao ước thi đua"', {}), ('"thi đua giao ước"', {}), ("thi đua giao ước", {}),
    ("thi đua thiếu nhi", {}), ("huân chương", {}),
    ("", {"province": "Hà Giang"}), ("", {"province": "Tuyên Quang"}),
    ("", {"bloc": "cum thi dua"}), ("", {"bloc": "KINH TẾ"}), ("", {"bloc": "cơ quan đảng"}),
    ("", {"from": "2019-08-02", "to": "2021-01-10"}),
    ("", {"from": "2022-06-30", "to": "2022-06-30"}),
    ("", {"event": "ranking_awards"}), ("thi đua", {"site": "baoquangbinh"}),
    ("thi dua", {"province": "Quảng Trị"}), ("dang", {"province": "Hà Giang"}),
    ("", {"sort": "date"}), ("thi dua", {"sort": "date"}),
    ("thie*", {}), ("-dang", {}), ("KH-BTĐKT", {}), ("NEAR(thi dua)", {}), ("title:Đảng", {}),
    ("dang OR zzz", {}), ("thi + dua ^ ( ) { } [ ] ~ ! \\", {}),
    ("huân chương", {"other": "1"}), ("thi dua", {"other": "1", "sort": "date"}),
    ("", {"min_score": "0.5"}),
    ("thi dua", {"kind": "department"}), ("", {"kind": "newspaper", "sort": "date"}),
]
# The page's names of the CLI's scope options.
CLI_NAMES = {"other": "--include-other", "min_score": "--min-score"}


def cli_ids(thidua, archive, registry, text, filters) -> list[str]:
    args = ["search", "--archive", str(archive), "--sites", str(registry), "--format", "jsonl",
            "--limit", "20"]
    for name, value in filters.items():
        if name == "other":
            args.append(CLI_NAMES[name])
        else:
            args += [CLI_NAMES.get(name, f"--{name}"), value]
    result = thidua(*args, "--", text)
    assert result.code == 0, result.err
    return [json.loads(line)["id"] for line in result.out.splitlines()]


def test_page_and_cli_give_the_same_ids_in_the_same_order(cli_archive, serve, tab, thidua,
                                                          tmp_path):
    registry = tmp_path / "sites.toml"
    registry.write_text(KIND_REGISTRY, encoding="utf-8")
    site = serve(cli_archive, "--sites", str(registry)).url
    page = tab.page
    checked = 0
    for text, filters in CONTRACT_QUERIES:
        page.goto(f"{site}/?{urlencode(filters)}")
        page.fill("#q", text)
        page.click("header button[type=submit]")
        page.wait_for_selector("p.total")
        shown = page.eval_on_selector_all("ol.hits li[data-id]",
                                          "els => els.map(e => e.dataset.id)")
        assert shown == cli_ids(thidua, cli_archive, registry, text, filters), (text, filters)
        checked += bool(shown)
    assert checked >= 20  # most contract queries find something: the comparison is not empty
    assert tab.outside() == []
