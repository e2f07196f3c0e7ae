"""Validate profiles against the bcpgraph SHACL shapes: :func:`validate` → :class:`ValidationReport`.

Besides the shapes, two checks that cannot be said in SHACL are made here and reported in the same
way (as violations): every file (or graph) given holds a profile (``bcpsh:ProfilePresentCheck``), and
every term in bcpgraph's namespace (``https://w3id.org/bcpgraph/def/``) that the data uses is one
the ontology defines (``bcpsh:DefinedTermCheck``, with the closest term suggested).
"""

from __future__ import annotations

import contextlib
import difflib
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.plugins.sparql import processor as _sparql
from rdflib.term import Node

from .errors import ArgumentError
from .graph import load, ontology, rdf_files, read_rdf, shapes
from .labels import compact, label
from .limits import QUERY_TIMEOUT, time_limit
from .namespaces import BCP, BCPSH

__all__ = ["validate", "ValidationReport", "ValidationResult"]

_SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}

#: The checks made in Python, named like shapes (they are not in shapes.ttl).
PROFILE_PRESENT = BCPSH.ProfilePresentCheck
DEFINED_TERM = BCPSH.DefinedTermCheck
_CHECK_WORDS = {
    "nl": {"no_profile": "geen profiel gevonden in {where} (geen bcp:Profile)", "the_data": "de gegevens",
           "unknown": "onbekende term {term}: de ontologie definieert hem niet", "mean": "; bedoelt u {close}?"},
    "en": {"no_profile": "no profile found in {where} (no bcp:Profile)", "the_data": "the data",
           "unknown": "unknown term {term}: the ontology does not define it", "mean": "; did you mean {close}?"},
}


@dataclass(frozen=True)
class ValidationResult:
    """One problem: where (focus node and path), what (message), how bad (severity)."""

    severity: str
    focus: Node
    focus_label: str
    path: str
    message: str
    source_shape: Node
    value: Node | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {
            "severity": self.severity,
            "focus": str(self.focus),
            "focus_label": self.focus_label,
            "path": self.path,
            "message": self.message,
            "value": None if self.value is None else str(self.value),
            "source_shape": compact(self.source_shape),
        }


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate`. ``conforms`` is true when there is no violation."""

    results: tuple[ValidationResult, ...]
    graph: Graph = field(repr=False, compare=False)

    @property
    def conforms(self) -> bool:
        return not self.violations

    @property
    def violations(self) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity == "Violation")

    @property
    def warnings(self) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity == "Warning")

    def to_dict(self) -> dict[str, object]:
        return {
            "conforms": self.conforms,
            "violations": len(self.violations),
            "warnings": len(self.warnings),
            "results": [r.to_dict() for r in self.results],
        }


def _path_text(report: Graph, path: Node | None) -> str:
    """SHACL property path as SPARQL-like text: ``bcp:competency``, ``^bcp:workProcess``, ``a/b``."""
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return compact(path)
    inverse = report.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path_text(report, inverse)
    alternatives = report.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path_text(report, p) for p in Collection(report, alternatives)) + ")"
    for predicate, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = report.value(path, predicate)
        if inner is not None:
            return _path_text(report, inner) + suffix
    if report.value(path, RDF.first) is not None:
        return "/".join(_path_text(report, p) for p in Collection(report, path))
    return compact(path)


def _message(report: Graph, result: Node, shape_graph: Graph, labels: Graph, lang: str) -> str:
    """The message in ``lang``, taken from the shape itself where it has one in that language.

    pySHACL drops the language tag of SPARQL-constraint messages when it fills in placeholders,
    so the shape's own ``sh:message@lang`` is used and ``{$this}`` / ``{?value}`` filled here.
    """
    shape = report.value(result, SH.sourceShape)
    for message in shape_graph.objects(shape, SH.message) if shape is not None else ():
        if isinstance(message, Literal) and message.language == lang:
            text = str(message)
            for key, pred in (("{$this}", SH.focusNode), ("{?value}", SH.value)):
                node = report.value(result, pred)
                if node is not None:
                    text = text.replace(key, label(labels, node, lang))
            return text
    messages = [m for m in report.objects(result, SH.resultMessage) if isinstance(m, Literal)]
    for wanted in (lang, "en", None):
        for message in sorted(messages):
            if wanted is None or message.language == wanted:
                return str(message)
    return ""


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


def validate(data: Graph | str | Path | Sequence[str | Path] | None = None, *, lang: str = "nl",
             timeout: float | None = None, shipped: bool = False) -> ValidationReport:
    """Validate ``data`` against the shapes: a profile graph, a file path or a list of them
    (read as :func:`bcpgraph.load` reads them), by default the shipped profile; with ``shipped``
    true, the shipped profile beside ``data``.

    The shipped ontology, competency scheme and shared vocabularies are mixed in, so ``data`` need
    only hold the profile. Each file (or the graph) must hold a ``bcp:Profile``: one that does not
    gives the violation "no profile found in FILE" (the report does not conform; nothing is
    raised). A term in bcpgraph's namespace that the ontology does not define (``bcp:Profiel``) is a
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
    with time_limit(timeout or QUERY_TIMEOUT, "validation"):
        graph, parts = _data(data, shipped)
        words = _CHECK_WORDS.get(lang, _CHECK_WORDS["en"])
        checks = [_no_profile(name, words) for part, name in parts if (None, RDF.type, BCP.Profile) not in part]
        checks += _undefined_terms(graph, lang, words)
        report = _validate(graph, lang)
        results = sorted(report.results + tuple(checks), key=lambda r: (_ORDER[r.severity], r.focus_label, r.path,
                                                                         r.message))
        return ValidationReport(results=tuple(results), graph=report.graph)


def _no_profile(name: str, words: dict[str, str]) -> ValidationResult:
    """The violation for an input (a file, or the graph when ``name`` is empty) without a profile."""
    where = name or words["the_data"]
    focus = URIRef(Path(name).resolve().as_uri()) if name else BNode()
    return ValidationResult(severity="Violation", focus=focus, focus_label=where, path="rdf:type",
                            message=words["no_profile"].format(where=where), source_shape=PROFILE_PRESENT,
                            value=BCP.Profile)


def _undefined_terms(data: Graph, lang: str, words: dict[str, str]) -> list[ValidationResult]:
    """A violation for every IRI in bcpgraph's ``def/`` namespace that ``data`` uses and the
    ontology does not define, naming a subject that uses it and the closest defined term.

    >>> from rdflib import Graph, URIRef
    >>> g = Graph().add((URIRef("https://w3id.org/bcpgraph/id/bcp/x"), RDF.type, BCP.Profiel))
    >>> [r.message for r in _undefined_terms(g, "en", _CHECK_WORDS["en"])]
    ['unknown term bcp:Profiel: the ontology does not define it; did you mean bcp:Profile?']
    """
    onto = ontology()
    defined = {str(term) for triple in onto for term in triple if isinstance(term, URIRef)}
    names = sorted(term[len(str(BCP)):] for term in defined if term.startswith(str(BCP)) and len(term) > len(str(BCP)))
    used: dict[URIRef, tuple[Node, Node]] = {}
    for s, p, o in sorted(data):
        for term in (s, p, o):
            if isinstance(term, URIRef) and str(term).startswith(str(BCP)) and str(term) != str(BCP) \
                    and str(term) not in defined and not str(term).startswith(str(BCPSH)):
                used.setdefault(term, (s, p))
    results = []
    for term, (subject, predicate) in sorted(used.items()):
        close = difflib.get_close_matches(str(term)[len(str(BCP)):], names, n=1, cutoff=0.6)
        message = words["unknown"].format(term=compact(term))
        if close:
            message += words["mean"].format(close=compact(BCP[close[0]]))
        results.append(ValidationResult(
            severity="Violation", focus=subject, focus_label=label(data, subject, lang), path=compact(predicate),
            message=message, source_shape=DEFINED_TERM, value=term))
    return results


def _validate(data: Graph, lang: str) -> ValidationReport:
    # The ontology is merged into the data graph rather than passed as pyshacl's ont_graph:
    # ont_graph copies class and property axioms only, not the individuals (bcp:developer, …)
    # whose types the shapes check.
    labels = data + ontology()
    shape_graph = shapes()
    with prepared_sparql():
        _, report_graph, _ = pyshacl.validate(
            labels,
            shacl_graph=shape_graph,
            inference="none",
            inplace=True,
            advanced=True,
            allow_warnings=True,
        )
    results = []
    for result in report_graph.subjects(RDF.type, SH.ValidationResult):
        focus = report_graph.value(result, SH.focusNode)
        results.append(
            ValidationResult(
                severity=_SEVERITY.get(report_graph.value(result, SH.resultSeverity), "Violation"),
                focus=focus,
                focus_label=label(labels, focus, lang) if focus is not None else "",
                path=_path_text(report_graph, report_graph.value(result, SH.resultPath)),
                message=_message(report_graph, result, shape_graph, labels, lang),
                source_shape=report_graph.value(result, SH.sourceShape) or BNode(),
                value=report_graph.value(result, SH.value),
            )
        )
    results.sort(key=lambda r: (_ORDER[r.severity], r.focus_label, r.path, r.message))
    return ValidationReport(results=tuple(results), graph=report_graph)


# ------------------------------------------------------------------ SPARQL constraints parsed once
# pySHACL hands rdflib the text of a SPARQL-based constraint once per focus node, and rdflib parses
# and translates that text every time: on a profile, two thirds of the validation time. The text is
# the same for every focus node (the focus node is bound through initBindings), so its translation
# (rdflib's prepared query, which evaluation never changes) is kept and reused. Same engine, same
# algebra, same answers: only the parsing is done once.

_PREPARED: dict[tuple, object] = {}
_PREPARED_MAX = 256
_PATCH_LOCK = threading.Lock()
_PATCH_DEPTH = 0
_UNPREPARED = _sparql.SPARQLProcessor.query


def _query_prepared(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
    if isinstance(strOrQuery, str):
        key = (strOrQuery, base, tuple(sorted((str(k), str(v)) for k, v in (initNs or {}).items())))
        prepared = _PREPARED.get(key)
        if prepared is None:
            prepared = _sparql.translateQuery(_sparql.parseQuery(strOrQuery), base, initNs)
            if len(_PREPARED) >= _PREPARED_MAX:
                _PREPARED.clear()
            _PREPARED[key] = prepared
        strOrQuery = prepared
    return _UNPREPARED(self, strOrQuery, initBindings, initNs, base, DEBUG)


@contextlib.contextmanager
def prepared_sparql() -> Iterator[None]:
    """While inside, rdflib translates each distinct SPARQL text once and reuses the translation.

    >>> from rdflib import Graph
    >>> g = Graph().parse(data="<http://x/a> <http://x/b> 1 .", format="turtle")
    >>> with prepared_sparql():
    ...     [int(row[0]) for row in g.query("SELECT ?o WHERE { ?s ?p ?o }")] * 2
    [1, 1]
    >>> _sparql.SPARQLProcessor.query is _UNPREPARED   # put back on leaving
    True
    """
    global _PATCH_DEPTH
    with _PATCH_LOCK:
        if _PATCH_DEPTH == 0:
            _sparql.SPARQLProcessor.query = _query_prepared
        _PATCH_DEPTH += 1
    try:
        yield
    finally:
        with _PATCH_LOCK:
            _PATCH_DEPTH -= 1
            if _PATCH_DEPTH == 0:
                _sparql.SPARQLProcessor.query = _UNPREPARED
