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
