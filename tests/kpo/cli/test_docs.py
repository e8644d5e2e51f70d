"""The README is the manual: it must list every command and be up to date."""

from __future__ import annotations

from pathlib import Path

import click
from click.testing import CliRunner

from kpo.cli import cli
from kpo.cli.docs import render

README = Path(__file__).resolve().parents[3] / "README.md"


def _commands(group: click.Group, prefix: str = "kpo") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in group.commands.items():
        found.append((f"{prefix} {name}", command))
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix} {name}")
    return found


def test_every_command_has_help_and_is_in_the_readme() -> None:
    text = README.read_text()
    for full_name, command in _commands(cli):
        assert command.help, f"{full_name} has no help text"
        assert full_name in text, f"{full_name} is not documented in README.md"
        args = [*full_name.split()[1:], "--help"]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0 and "Usage:" in result.output


def test_generated_readme_sections_are_up_to_date() -> None:
    text = README.read_text()
    assert render(text) == text, "README.md is stale: run `python -m kpo.cli.docs`"
