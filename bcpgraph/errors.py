"""Errors bcpgraph raises on purpose. The CLI turns them into a message and an exit code."""

from __future__ import annotations

__all__ = ["BcpgraphError", "InputError", "DataError"]


class BcpgraphError(Exception):
    """Base class; ``exit_code`` is what the CLI exits with."""

    exit_code = 2


class InputError(BcpgraphError):
    """Unusable input or usage: a missing file, a syntax error, an unknown name or parameter (exit 2)."""

    exit_code = 2


class DataError(BcpgraphError):
    """The data is readable but fails a check (exit 1)."""

    exit_code = 1
