"""The README stays true: two Quickstart commands, every command and every named query documented."""

from __future__ import annotations

import re
from pathlib import Path

import bcpgraph
from bcpgraph.cli import COMMANDS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_quickstart_has_exactly_two_commands():
    block = re.search(r"^## Quickstart.*?^```(?:bash|sh)?\n(.*?)^```", README, re.S | re.M).group(1)
    commands = [line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert len(commands) == 2
    assert commands[0].endswith("bcpgraph overview")
    assert "pytest" in commands[1]


def test_every_command_is_documented_with_an_example():
    for name in COMMANDS:
        assert f"`{name}" in README, name
        assert f"bcpgraph {name}" in README, name


def test_every_named_query_is_listed():
    for name in bcpgraph.queries():
        assert f"| `{name}` |" in README, name
