"""Shared fixtures: the loaded graph, and running the CLI (in process, or as a subprocess where the
process boundary is what a test is about)."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Done:
    """What ``bcpgraph ARGS`` did, like :class:`subprocess.CompletedProcess`: ``stdout`` and
    ``stderr`` as text (newlines translated, as ``text=True`` does), ``stdout_bytes`` and
    ``stderr_bytes`` as written."""

    args: tuple[str, ...]
    returncode: int
    stdout_bytes: bytes
    stderr_bytes: bytes

    @property
    def stdout(self) -> str:
        return _text(self.stdout_bytes)

    @property
    def stderr(self) -> str:
        return _text(self.stderr_bytes)


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")


def run_in_process(*args: str, cwd: Path | None = None, stdin: str | None = None) -> Done:
    """``bcpgraph ARGS`` run by :func:`bcpgraph.cli.main` in this process, with its own standard
    streams (not terminals) and working folder."""
    from bcpgraph.cli import main

    out, err = io.BytesIO(), io.BytesIO()
    streams = [io.TextIOWrapper(b, encoding="utf-8", newline="", write_through=True) for b in (out, err)]
    old = sys.stdin, sys.stdout, sys.stderr
    sys.stdin = io.StringIO(stdin or "")
    sys.stdout, sys.stderr = streams
    try:
        with contextlib.chdir(cwd or ROOT):
            code = main(list(args))
    finally:
        for stream in streams:
            stream.flush()
        sys.stdin, sys.stdout, sys.stderr = old
    return Done(tuple(args), code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli():
    """Run ``bcpgraph ARGS`` in process (fast); use :func:`run_cli` where the process matters."""
    return run_in_process
