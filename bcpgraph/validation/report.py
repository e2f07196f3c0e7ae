"""What a validation gives: :class:`ValidationReport`, a tuple of :class:`ValidationResult`, and the
reading of a SHACL report graph into them (severity, path and message as text).

Light on purpose (rdflib only, no pySHACL), like :mod:`.text`, which the CLI imports when it starts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from ..labels import compact, label, sorted_terms

__all__ = ["ValidationReport", "ValidationResult"]

_SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


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
    #: The data file(s) that state something about the focus node (as its subject), comma-separated;
    #: None for a graph given as data, and for terms of the shipped ontology and vocabularies.
    file: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {
            "severity": self.severity,
            "focus": str(self.focus),
            "focus_label": self.focus_label,
            "path": self.path,
            "message": self.message,
            "value": None if self.value is None else str(self.value),
            "source_shape": compact(self.source_shape),
            "file": self.file,
        }

    def _key(self) -> tuple:
        """The order of results in a report (total: equal keys are equal results)."""
        return (_ORDER[self.severity], self.focus_label, self.path, self.message, _n3(self.focus),
                _n3(self.value), _n3(self.source_shape), self.file or "")


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


def _n3(node: Node | None) -> str:
    return "" if node is None else node.n3()


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
    return _shape_message([m for m in report.objects(result, SH.resultMessage) if isinstance(m, Literal)], lang)


def _shape_message(messages: Sequence[Literal], lang: str) -> str:
    """The message in ``lang`` among ``messages`` (else English, else the first in order): how
    :func:`_message` reads pySHACL's messages, and a shape's when none has a placeholder."""
    for wanted in (lang, "en", None):
        for message in sorted_terms(messages):
            if wanted is None or message.language == wanted:
                return str(message)
    return ""


def _report_graph(results: Sequence[ValidationResult]) -> Graph:
    """A SHACL validation report holding ``results`` (for files validated apart)."""
    graph = Graph()
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(not any(r.severity == "Violation" for r in results))))
    for r in results:
        node = BNode()
        graph.add((report, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, r.focus))
        graph.add((node, SH.resultSeverity, SH[r.severity]))
        graph.add((node, SH.sourceShape, r.source_shape))
        graph.add((node, SH.resultMessage, Literal(r.message)))
        if r.value is not None:
            graph.add((node, SH.value, r.value))
    return graph
