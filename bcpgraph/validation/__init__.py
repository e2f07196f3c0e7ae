"""Validate profiles against the bcpgraph SHACL shapes: :func:`validate` → :class:`ValidationReport`.

Where each part lives (each module imports only those listed before it):

- :mod:`.report`: :class:`ValidationReport`, :class:`ValidationResult`, and a SHACL report graph
  read into them (paths and messages as text);
- :mod:`.text`: a report as text, in Dutch or English (light: the CLI imports it when it starts);
- :mod:`.checks`: the two checks made in Python beside the shapes, :data:`PROFILE_PRESENT` (every
  file holds a profile, or is a vocabulary) and :data:`DEFINED_TERM` (every ``bcp:`` term used is
  defined by the ontology);
- :mod:`.labels`: the preferred-label shapes checked in Python (same results, a tenth of the time);
- :mod:`.plan`: what the shapes read, worked out from the shapes graph;
- :mod:`.engine`: one validation of a graph: pySHACL with the shapes read once, SPARQL constraints
  parsed once and no text report, plus the checks;
- :mod:`.split`: many files validated apart in a process pool and merged into the union's report,
  where the plan shows that gives exactly the same results;
- here: :func:`validate`, the public entry: what ``data`` means, and whether many files are
  validated apart or together.

Only :mod:`.engine` and :mod:`.split` import pySHACL; :func:`validate` imports them when it is called.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph

from ..errors import ArgumentError
from ..graph import load, ontology, rdf_files, read_rdf
from ..limits import QUERY_TIMEOUT, time_limit
from .checks import DEFINED_TERM, PROFILE_PRESENT
from .report import ValidationReport, ValidationResult

__all__ = ["validate", "ValidationReport", "ValidationResult", "PROFILE_PRESENT", "DEFINED_TERM"]


def validate(data: Graph | str | Path | Sequence[str | Path] | None = None, *, lang: str = "nl",
             timeout: float | None = None, shipped: bool = False) -> ValidationReport:
    """Validate ``data`` against the shapes: a profile graph, a file path or a list of them
    (read as :func:`bcpgraph.load` reads them), by default the shipped profile; with ``shipped``
    true, the shipped profile beside ``data``.

    The shipped ontology, competency scheme and shared vocabularies are mixed in, so ``data`` need
    only hold the profile. A file without a ``bcp:Profile`` beside files with one is a vocabulary
    (the terms they share, such as a generated ``synthetic-vocabulary.ttl``) and is validated as
    such; an empty file, or data in which no file holds a profile, gives the violation "no profile
    found in FILE" (the report does not conform; nothing is raised). Many files are validated in
    parallel, each profile file beside the ontology and the vocabularies, when that gives exactly
    the results of validating them together (see :mod:`.split`).
    A term in bcpgraph's namespace that the ontology does not define (``bcp:Profiel``) is a
    violation that names it and suggests the closest term.
    Messages and labels are given in ``lang`` ("en" or "nl"). The work stops with
    :class:`~bcpgraph.limits.TimeoutExceeded` after ``timeout`` seconds (default
    :data:`bcpgraph.limits.QUERY_TIMEOUT`). Another kind of ``data`` raises
    :class:`~bcpgraph.errors.ArgumentError` (a TypeError).

    >>> report = validate()
    >>> report.conforms, len(report.violations)
    (True, 0)
    >>> validate(123)
    Traceback (most recent call last):
    bcpgraph.errors.ArgumentError: validate: data is an rdflib Graph, a file path or a list of file paths, not int
    """
    if not isinstance(lang, str):
        raise ArgumentError(f"validate: lang is a language code such as 'en' or 'nl', not {type(lang).__name__}")
    if not isinstance(shipped, bool):
        raise ArgumentError(f"validate: shipped is True or False, not {type(shipped).__name__}")
    # pySHACL is imported here, on the first validation: importing the package (or .text) stays light
    from .engine import _validate_together
    from .split import _validate_apart, _workers

    with time_limit(timeout or QUERY_TIMEOUT, "validation"):
        files = _files(data)
        if files is not None and not shipped and len(files) >= 2 and _workers(len(files)) > 1:
            report = _validate_apart(files, lang)
            if report is not None:
                return report
        graph, parts = _data(data, shipped)
        return _validate_together(graph, parts, lang)


def _files(data: object) -> list[Path] | None:
    """The files ``data`` names (a directory: the RDF files in it), or None when it is not paths."""
    if isinstance(data, (str, Path)):
        data = [data]
    if isinstance(data, Sequence) and data and all(isinstance(d, (str, Path)) for d in data):
        return [path for file in data for path in rdf_files(file)]
    return None


def _data(data: object, shipped: bool) -> tuple[Graph, list[tuple[Graph, str]]]:
    """The graph to validate (``data`` itself, or the files it names, or the shipped profile), and
    each input apart with its name, to check that it holds a profile."""
    if data is None:
        graph = load()
        return graph, []
    if isinstance(data, Graph):
        parts = [(data, "")]
        return (data + load() if shipped else data), parts
    if isinstance(data, (str, Path)):
        data = [data]
    if isinstance(data, Sequence) and data and all(isinstance(d, (str, Path)) for d in data):
        graph = load(shipped=True) if shipped else ontology()
        parts = [(read_rdf(path), str(path)) for file in data for path in rdf_files(file)]
        for part, _ in parts:
            graph += part
        return graph, parts
    empty = " (an empty one)" if isinstance(data, (list, tuple)) and not data else ""
    raise ArgumentError("validate: data is an rdflib Graph, a file path or a list of file paths, "
                        f"not {type(data).__name__}{empty}")
