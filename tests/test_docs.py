"""README documents every command and every option a user can type."""

from pathlib import Path

import click
import pytest

from search_cli.main import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
OPTIONS = [
    (name, opt)
    for name, command in cli.commands.items()
    for param in command.params if isinstance(param, click.Option)
    for opt in param.opts if opt.startswith("--") and opt != "--help"
]


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_documented(name):
    assert f"thidua {name}" in README


@pytest.mark.parametrize(("command", "option"), OPTIONS)
def test_every_option_is_documented(command, option):
    assert option in README, f"thidua {command} {option} is not in README.md"


def test_readme_commands_are_the_makefile_targets():
    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text()
    for target in ("crawl", "test", "demo"):
        assert f"make {target}" in README
        assert f"\n{target}:" in makefile


def test_pytest_m_es_selects_the_elasticsearch_half_of_the_contract_suite():
    """README: `pytest -m es` runs only the cluster tests, the contract suite's ES half too."""
    import subprocess
    import sys

    def collected(marker: str) -> list[str]:
        done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-m",
                               marker, "tests/test_search_contract.py"], capture_output=True,
                              text=True, cwd=Path(__file__).resolve().parents[1], timeout=120)
        return [line for line in done.stdout.splitlines() if "::" in line]

    es, others = collected("es"), collected("not es")
    assert es and all("[es" in test for test in es)
    assert len(es) == sum("[sqlite" in test for test in others)
