"""Shared fixtures: the loaded graph, and running the real CLI as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import bcpgraph

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def graph():
    """Ontology + scheme + shipped profile, loaded once (tests must not change it)."""
    return bcpgraph.load()


def run_cli(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    """``python -m bcpgraph ARGS`` as a user would run it; returns the finished process."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "bcpgraph", *args], capture_output=True, text=True,
        cwd=cwd or ROOT, env=env, input=stdin, timeout=300,
    )


@pytest.fixture
def cli():
    return run_cli
