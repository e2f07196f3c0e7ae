"""Errors bcpgraph raises on purpose. The CLI turns them into a message and an exit code.

Messages name the file, line, parameter or server at fault; the library's messages never name
command-line flags (the CLI adds those where it reports them).
"""

from __future__ import annotations

import difflib

__all__ = ["BcpgraphError", "InputError", "DataError", "ArgumentError", "suggest"]


class BcpgraphError(Exception):
    """Base class; ``exit_code`` is what the CLI exits with."""

    exit_code = 2


class InputError(BcpgraphError):
    """Unusable input or usage: a missing file, a syntax error, an unknown name or parameter, a
    server that cannot be used (exit 2)."""

    exit_code = 2


class ArgumentError(InputError, TypeError):
    """A library function was given an argument of the wrong type (also a TypeError)."""


class DataError(BcpgraphError):
    """The data is readable but fails a check (exit 1)."""

    exit_code = 1


def suggest(word: str, choices: list[str]) -> str:
    """'; did you mean …?' for the closest ``choices``, or ''.

    >>> suggest("shared-competencys", ["shared-competencies", "job-titles"])
    "; did you mean 'shared-competencies'?"
    """
    close = difflib.get_close_matches(word, choices, n=3, cutoff=0.6)
    return "; did you mean " + " or ".join(repr(c) for c in close) + "?" if close else ""
