"""Validate profiles against the bcpgraph SHACL shapes: :func:`validate` → :class:`ValidationReport`.

Besides the shapes, two checks that cannot be said in SHACL are made here and reported in the same
way (as violations): every file (or graph) given holds a profile, or is a vocabulary beside files that
do (``bcpsh:ProfilePresentCheck``), and
every term in bcpgraph's namespace (``https://w3id.org/bcpgraph/def/``) that the data uses is one
the ontology defines (``bcpsh:DefinedTermCheck``, with the closest term suggested).
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from pyshacl.constraints.constraint_component import ConstraintComponent
from pyshacl.graph_abstraction import DataGraph
from pyshacl.monkey import apply_patches
from pyshacl.shapes_graph import ShapesGraph
from pyshacl.validator import Validator, assign_baked_in
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS
from rdflib.plugins.sparql import processor as _sparql
from rdflib.term import Node, Variable

from .errors import ArgumentError, BcpgraphError
from .graph import load, ontology, rdf_files, read_rdf, shapes
from .labels import compact, label
from .limits import QUERY_TIMEOUT, time_limit
from .namespaces import BCP, BCPSH
from .validation import labels as label_shapes

__all__ = ["validate", "ValidationReport", "ValidationResult"]

_SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
_LOG = logging.getLogger("pyshacl-validate")

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
    only hold the profile. A file without a ``bcp:Profile`` beside files with one is a vocabulary
    (the terms they share, such as a generated ``synthetic-vocabulary.ttl``) and is validated as
    such; an empty file, or data in which no file holds a profile, gives the violation "no profile
    found in FILE" (the report does not conform; nothing is raised). Many files are validated in
    parallel, each profile file beside the ontology and the vocabularies, when that gives exactly
    the results of validating them together (see the module's comments).
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


def _validate_together(graph: Graph, parts: list[tuple[Graph, str]], lang: str) -> ValidationReport:
    """One pySHACL call over ``graph`` (the data with the ontology), plus the checks made in Python."""
    words = _CHECK_WORDS.get(lang, _CHECK_WORDS["en"])
    checks = [_no_profile(name, words) for part, name in parts if _lacks_profile(part, parts)]
    checks += _undefined_terms(graph, lang, words)
    plan = _plan()
    # every shape with targets, named: the label shapes are then checked in Python (same results)
    report = _validate(graph, lang, use_shapes=None if plan.unsupported else [*plan.use_local, *plan.sparql])
    named = [(part, name) for part, name in parts if name]
    results = [r if r.file or not named else
               replace(r, file=", ".join(name for part, name in named if (r.focus, None, None) in part) or None)
               for r in report.results + tuple(checks)]
    return ValidationReport(results=tuple(sorted(results, key=ValidationResult._key)), graph=report.graph)


def _lacks_profile(part: Graph, parts: Sequence[tuple[Graph, str]]) -> bool:
    """Whether ``part`` is an input that should have held a profile: it holds none, and it is empty,
    or no input holds one. (A file that states something, without a profile, beside files with
    one is a vocabulary: the terms the profiles share.)"""
    if (None, RDF.type, BCP.Profile) in part:
        return False
    return not len(part) or not any((None, RDF.type, BCP.Profile) in other for other, _ in parts)


def _no_profile(name: str, words: dict[str, str]) -> ValidationResult:
    """The violation for an input (a file, or the graph when ``name`` is empty) without a profile."""
    where = name or words["the_data"]
    focus = URIRef(Path(name).resolve().as_uri()) if name else BNode()
    return ValidationResult(severity="Violation", focus=focus, focus_label=where, path="rdf:type",
                            message=words["no_profile"].format(where=where), source_shape=PROFILE_PRESENT,
                            value=BCP.Profile, file=name or None)


def _undefined_terms(data: Graph, lang: str, words: dict[str, str], *,
                     first: bool = False) -> list[ValidationResult] | dict[URIRef, tuple[tuple, ValidationResult]]:
    """A violation for every IRI in bcpgraph's ``def/`` namespace that ``data`` uses and the
    ontology does not define, naming a subject that uses it and the closest defined term.
    (With ``first``: for each such IRI, the first triple in sorted order that uses it, and the
    violation.)

    >>> from rdflib import Graph, URIRef
    >>> g = Graph().add((URIRef("https://w3id.org/bcpgraph/id/bcp/x"), RDF.type, BCP.Profiel))
    >>> [r.message for r in _undefined_terms(g, "en", _CHECK_WORDS["en"])]
    ['unknown term bcp:Profiel: the ontology does not define it; did you mean bcp:Profile?']
    """
    defined, names = _defined_terms()

    def unknown(term: Node) -> bool:
        return (isinstance(term, URIRef) and term.startswith(BCP) and str(term) != str(BCP)
                and str(term) not in defined and not term.startswith(BCPSH))

    used: dict[URIRef, tuple[Node, Node, Node]] = {}
    # only the triples that use an unknown term are sorted (the first of them is named)
    for triple in sorted(t for t in data if unknown(t[0]) or unknown(t[1]) or unknown(t[2])):
        for term in triple:
            if unknown(term):
                used.setdefault(term, triple)
    results = {}
    for term, (subject, predicate, obj) in sorted(used.items()):
        close = difflib.get_close_matches(str(term)[len(str(BCP)):], names, n=1, cutoff=0.6)
        message = words["unknown"].format(term=compact(term))
        if close:
            message += words["mean"].format(close=compact(BCP[close[0]]))
        results[term] = ((subject, predicate, obj), ValidationResult(
            severity="Violation", focus=subject, focus_label=label(data, subject, lang), path=compact(predicate),
            message=message, source_shape=DEFINED_TERM, value=term))
    return results if first else [result for _, result in results.values()]


@functools.cache
def _defined_terms() -> tuple[frozenset[str], list[str]]:
    """The IRIs the ontology uses, and the local names of those in bcpgraph's namespace (sorted)."""
    defined = frozenset(str(term) for triple in ontology() for term in triple if isinstance(term, URIRef))
    names = sorted(term[len(str(BCP)):] for term in defined if term.startswith(str(BCP)) and len(term) > len(str(BCP)))
    return defined, names


def _validate(data: Graph, lang: str, *, use_shapes: Sequence[URIRef] | None = None,
              merged: bool = False, skip: frozenset[Node] = frozenset(),
              focus: Sequence[URIRef] | None = None) -> ValidationReport:
    """pySHACL over ``data`` with the ontology mixed in (``merged``: it already is, and ``data``
    may be changed), with all shapes or only the top-level ``use_shapes``. With ``use_shapes``,
    the label shapes are checked in Python where the shapes allow (:mod:`bcpgraph.validation.labels`),
    and not on the focus nodes in ``skip``. With ``focus`` (IRIs), ``use_shapes`` are applied to those
    focus nodes instead of their targets."""
    # The ontology is merged into the data graph rather than passed as pyshacl's ont_graph:
    # ont_graph copies class and property axioms only, not the individuals (bcp:developer, …)
    # whose types the shapes check.
    labels = data if merged else data + ontology()
    shape_graph = shapes()
    if use_shapes is not None and not use_shapes:
        return ValidationReport(results=(), graph=Graph())
    check = _label_check() if use_shapes is not None and set(use_shapes) & set(label_shapes.SHAPES) else None
    if check is not None:
        use_shapes = [s for s in use_shapes if s not in label_shapes.SHAPES]
    report_graph = _pyshacl(labels, use_shapes, focus) if use_shapes is None or use_shapes else Graph()
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
    if check is not None:
        for shape, focus, on_path in label_shapes.label_results(labels, check, skip=skip):
            results.append(ValidationResult(
                severity=_SEVERITY[check.severity[shape]], focus=focus, focus_label=label(labels, focus, lang),
                path=compact(SKOS.prefLabel) if on_path else "", source_shape=shape,
                message=_shape_message(check.messages[shape], lang), value=None if on_path else focus))
    results.sort(key=ValidationResult._key)
    return ValidationReport(results=tuple(results), graph=report_graph)


def _shape_message(messages: Sequence[Literal], lang: str) -> str:
    """The message pySHACL reports for a shape with ``messages`` (none of them with a placeholder), as
    :func:`_message` reads it."""
    for wanted in (lang, "en", None):
        for message in sorted(messages):
            if wanted is None or message.language == wanted:
                return str(message)
    return ""


@functools.cache
def _label_check() -> label_shapes.LabelCheck | None:
    return label_shapes.label_check(shapes())


_PYSHACL_READY = False


@functools.cache
def _shapes_graph(use_shapes: tuple[URIRef, ...] | None) -> ShapesGraph:
    """pySHACL's reading of the shapes (with only ``use_shapes``), made once per process and reused:
    pySHACL would read the shapes graph again on every call."""
    graph = ShapesGraph(shapes())
    if use_shapes is None:
        graph.shapes  # noqa: B018 - the property reads the shapes
    else:
        graph.shapes_from_uris(list(use_shapes))
    return graph


def _pyshacl(data: Graph, use_shapes: Sequence[URIRef] | None, focus: Sequence[URIRef] | None = None) -> Graph:
    """One pySHACL validation of ``data`` (changed in place) with the shapes read once; its report graph."""
    global _PYSHACL_READY
    if not _PYSHACL_READY:  # what pyshacl.validate does before each validation
        apply_patches()
        assign_baked_in()
        _PYSHACL_READY = True
    use = tuple(use_shapes) if use_shapes is not None else None
    options = {"inference": "none", "inplace": True, "advanced": True, "allow_warnings": True,
               "use_shapes": list(use) if use is not None else None, "logger": _LOG,
               "focus_nodes": list(focus) if focus is not None and use is not None else None}
    with prepared_sparql(), _no_text_report():
        validator = Validator(DataGraph.from_rdflib(data), shacl_graph=_shapes_graph(use).graph, options=options)
        validator.shacl_graph = _shapes_graph(use)
        _, report_graph, _ = validator.run()
    return report_graph


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
            if "$this" in strOrQuery:
                _this_first(prepared.algebra, set())
            if len(_PREPARED) >= _PREPARED_MAX:
                _PREPARED.clear()
            _PREPARED[key] = prepared
        strOrQuery = prepared
    return _UNPREPARED(self, strOrQuery, initBindings, initNs, base, DEBUG)


_THIS = Variable("this")


def _this_first(node: object, seen: set[int]) -> None:
    """Put the triple patterns of every basic graph pattern in the order that binds fewest new
    variables first (and, of those, joins most bound ones), counting ``$this`` as bound (pySHACL
    always binds it).

    rdflib orders them when it translates the text, before it knows that ``$this`` is bound:
    ``?t a bcp:CareerTransition ; bcp:fromRole $this`` would read every career transition for
    every focus node. A basic graph pattern's answer does not depend on the order of its triples."""
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, dict):
        if getattr(node, "name", "") == "BGP" and node.get("triples"):
            todo, known, ordered = list(node["triples"]), {_THIS}, []
            while todo:
                best = min(range(len(todo)), key=lambda i: (
                    sum(1 for term in todo[i] if isinstance(term, (Variable, BNode)) and term not in known),
                    -sum(1 for term in todo[i] if term in known)))
                triple = todo.pop(best)
                ordered.append(triple)
                known.update(term for term in triple if isinstance(term, (Variable, BNode)))
            node["triples"] = ordered
        # rdflib keeps the translated pattern of (NOT) EXISTS in an attribute, beside the parsed one
        for value in [*node.values(), *vars(node).values()]:
            _this_first(value, seen)
    elif isinstance(node, (list, tuple)):
        for value in node:
            _this_first(value, seen)


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


# pySHACL also writes a text report, describing every result it makes (the nested ones that
# sh:or, sh:not and sh:qualifiedValueShape throw away included) by printing the shapes involved:
# a third of the time on a profile. bcpgraph reads the report graph, never that text, so while
# validating the description is left empty. The report graph is built as before.

_DESCRIBE = ConstraintComponent.make_v_result_description
_DESCRIBE_DEPTH = 0


def _no_description(self, *args, **kwargs) -> str:
    return ""


@contextlib.contextmanager
def _no_text_report() -> Iterator[None]:
    """While inside, pySHACL's text report is left empty (its report graph is unchanged).

    >>> with _no_text_report():
    ...     ConstraintComponent.make_v_result_description is _no_description
    True
    >>> ConstraintComponent.make_v_result_description is _DESCRIBE
    True
    """
    global _DESCRIBE_DEPTH
    with _PATCH_LOCK:
        if _DESCRIBE_DEPTH == 0:
            ConstraintComponent.make_v_result_description = _no_description
        _DESCRIBE_DEPTH += 1
    try:
        yield
    finally:
        with _PATCH_LOCK:
            _DESCRIBE_DEPTH -= 1
            if _DESCRIBE_DEPTH == 0:
                ConstraintComponent.make_v_result_description = _DESCRIBE


# ------------------------------------------------------------------ many files: each apart, in parallel
# Validating N files one pySHACL call each (in a process pool) gives the results of one call over
# the union of the files only where no file changes what the shapes see of another file's nodes.
# What a shape reads is worked out from the shapes graph (:func:`_plan`):
# - the focus node's own triples along the paths of the shape (forward and inverse);
# - of other nodes (values, the steps of longer paths): their types (sh:class, through
#   rdfs:subClassOf), rdf:first / rdf:rest, labels, and the paths of shapes applied to them;
# - SPARQL-based constraints: any triple whose predicate the query names. These shapes are
#   validated once, over the ontology plus every file's triples with those predicates (and
#   labels): exactly the triples the query can match, so the answer is the union's.
# A file's own nodes (IRIs no other file names, its blank nodes) are then seen whole in its own
# call. The shared terms (everything in the ontology, competency scheme and vocabularies, and in
# the files given without a profile: vocabularies too, read once before the workers fork) are
# where files meet: each call sees the ontology's triples about a shared term plus the file's
# own. That is the union's view only if every file says the same about it, for every predicate
# a shape reads there. Where that does not hold (or an IRI outside the shared terms is named by
# two files, or a file adds rdfs:subClassOf, or the shapes use what is not analysed here:
# sh:closed, SPARQL targets, SPARQL in nested shapes), the files are validated together, in one
# pySHACL call, as before: the results are the same either way, only the time differs.
# Speed, same results: each worker validates a batch of files in one call (the shared terms the
# shapes can reach, not the whole ontology, beside them), with pySHACL's reading of the shapes
# made once before the fork; the label shapes are checked in Python (bcpgraph.validation.labels,
# used only while the shapes are those it implements); the SPARQL-based shapes run over the
# projection with their focus nodes shared out over the cores, their queries joined from $this.

_LABEL_PREDICATES = frozenset({SKOS.prefLabel, RDFS.label, DCTERMS.title, SH.name})
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_LOGICAL = (SH["and"], SH["or"], SH.xone)
_COMPARISONS = (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals)
#: Predicates a SPARQL-only shape may have beside its targets and sh:sparql.
_SPARQL_SHAPE_PREDICATES = frozenset({RDF.type, RDFS.label, RDFS.comment, SH.name, SH.description, SH.message,
                                      SH.severity, SH.deactivated, SH.order, SH.group, SH.sparql, *_TARGETS})


@dataclass
class _Plan:
    """What the shapes read (see the comment above); ``unsupported`` says why files cannot be apart."""

    unsupported: str = ""
    local: list[URIRef] = field(default_factory=list)
    use_local: list[URIRef] = field(default_factory=list)
    sparql: list[URIRef] = field(default_factory=list)
    focus: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    focus_inverse: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    value: set[URIRef] = field(default_factory=set)
    value_inverse: set[URIRef] = field(default_factory=set)
    value_reads: frozenset[URIRef] = frozenset()
    targets: dict[URIRef, dict[URIRef, set[Node]]] = field(default_factory=dict)
    sparql_predicates: set[URIRef] = field(default_factory=set)
    sparql_types: set[URIRef] | None = field(default_factory=set)


def _path_predicates(sg: Graph, path: Node) -> tuple[set[tuple[URIRef, bool]], set[tuple[URIRef, bool]]]:
    """(first step, later steps) of a SHACL path as (predicate, inverse) pairs."""
    if isinstance(path, URIRef):
        return {(path, False)}, set()
    inverse = sg.value(path, SH.inversePath)
    if inverse is not None:
        first, later = _path_predicates(sg, inverse)
        return {(p, not i) for p, i in first}, {(p, not i) for p, i in later}
    alternatives = sg.value(path, SH.alternativePath)
    if alternatives is not None:
        first, later = set(), set()
        for item in Collection(sg, alternatives):
            f, rest = _path_predicates(sg, item)
            first |= f
            later |= rest
        return first, later
    for repeat in (SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath):
        inner = sg.value(path, repeat)
        if inner is not None:
            first, later = _path_predicates(sg, inner)
            return first, first | later
    if sg.value(path, RDF.first) is not None:
        steps = [_path_predicates(sg, item) for item in Collection(sg, path)]
        later = set()
        for f, rest in steps:
            later |= f | rest
        return (steps[0][0] if steps else set()), later
    raise ValueError(f"unknown path {path!r}")


def _walk(sg: Graph, plan: _Plan, top: URIRef, shape: Node, level: str, seen: set) -> None:
    """Collect what ``shape``, applied at ``level`` ("focus" or "value") under ``top``, reads."""
    if (shape, level) in seen:
        return
    seen.add((shape, level))
    if (shape, SH.closed, None) in sg:
        plan.unsupported = "a closed shape (sh:closed)"
    if (shape, SH.sparql, None) in sg and not (shape == top and level == "focus"):
        plan.unsupported = "a SPARQL-based constraint inside another shape"
    path = sg.value(shape, SH.path)
    forward = plan.focus[top] if level == "focus" else plan.value
    inverse = plan.focus_inverse[top] if level == "focus" else plan.value_inverse
    if path is not None:
        first, later = _path_predicates(sg, path)
        for predicate, inverted in first:
            (inverse if inverted else forward).add(predicate)
        for predicate, inverted in later:
            (plan.value_inverse if inverted else plan.value).add(predicate)
        for comparison in _COMPARISONS:
            forward.update(o for o in sg.objects(shape, comparison) if isinstance(o, URIRef))
    inner = "value" if path is not None else level
    for child in sg.objects(shape, SH.property):
        _walk(sg, plan, top, child, inner, seen)
    for link in (SH.node, SH["not"]):
        for child in sg.objects(shape, link):
            _walk(sg, plan, top, child, inner, seen)
    for child in sg.objects(shape, SH.qualifiedValueShape):
        _walk(sg, plan, top, child, "value", seen)
    for link in _LOGICAL:
        for members in sg.objects(shape, link):
            for child in Collection(sg, members):
                _walk(sg, plan, top, child, inner, seen)


def _sparql_reads(sg: Graph, shape: URIRef, plan: _Plan) -> None:
    """Add the predicates (and rdf:type objects) the SPARQL constraints of ``shape`` can match."""
    from rdflib.paths import NegatedPath, Path as PropertyPath
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.term import Variable

    for constraint in sg.objects(shape, SH.sparql):
        text = sg.value(constraint, SH.select) or sg.value(constraint, SH.ask)
        if text is None:
            plan.unsupported = "a SPARQL constraint without sh:select"
            return
        prefixes = {}
        for declared in sg.objects(constraint, SH.prefixes):
            for declaration in sg.objects(declared, SH.declare):
                prefixes[str(sg.value(declaration, SH.prefix))] = str(sg.value(declaration, SH.namespace))
        try:
            query = prepareQuery(str(text), initNs=prefixes)
        except Exception:  # noqa: BLE001 - pySHACL reports the query itself; here it only means "together"
            plan.unsupported = "a SPARQL constraint this analysis cannot read"
            return

        def visit(node: object) -> None:
            if isinstance(node, dict):
                if getattr(node, "name", "") == "PathNegatedPropertySet":
                    plan.unsupported = "a SPARQL constraint with a negated property path"
                for value in node.values():
                    visit(value)
                for triple in node.get("triples", None) or ():
                    # a triple, or (inside EXISTS, as parsed) several triples one after the other
                    if isinstance(triple, (tuple, list)) and triple and len(triple) % 3 == 0:
                        for predicate, obj in zip(triple[1::3], triple[2::3], strict=True):
                            if isinstance(predicate, (Variable, NegatedPath)):
                                plan.unsupported = "a SPARQL constraint with a variable predicate"
                            elif predicate == RDF.type and plan.sparql_types is not None:
                                if isinstance(obj, URIRef):
                                    plan.sparql_types.add(obj)
                                else:
                                    plan.sparql_types = None
            elif isinstance(node, (list, tuple)):
                for value in node:
                    visit(value)
            elif isinstance(node, PropertyPath):
                if isinstance(node, NegatedPath):
                    plan.unsupported = "a SPARQL constraint with a negated property path"
                for value in vars(node).values():
                    visit(value)
            elif isinstance(node, URIRef):
                plan.sparql_predicates.add(node)

        visit(query.algebra)


@functools.cache
def _plan() -> _Plan:
    """What the shipped shapes read (computed once per process)."""
    sg = shapes()
    plan = _Plan()
    if (None, SH.target, None) in sg:
        plan.unsupported = "a SPARQL-based target (sh:target)"
    tops = sorted({s for target in _TARGETS for s in sg.subjects(target, None) if isinstance(s, URIRef)})
    for shape in sorted({s for s in sg.subjects(RDF.type, SH.NodeShape)} |
                        {s for s in sg.subjects(RDF.type, SH.PropertyShape)}):
        if (shape, RDF.type, RDFS.Class) in sg or (shape, RDF.type, OWL.Class) in sg:
            plan.unsupported = "a shape that is also a class (implicit targets)"
    for top in tops:
        if (top, SH.deactivated, Literal(True)) in sg:
            continue
        plan.targets[top] = {target: set(sg.objects(top, target)) for target in _TARGETS}
        if (top, SH.sparql, None) in sg:
            if set(sg.predicates(top, None)) - _SPARQL_SHAPE_PREDICATES:
                plan.unsupported = f"SPARQL and other constraints in one shape ({compact(top)})"
            plan.sparql.append(top)
            _sparql_reads(sg, top, plan)
            for target in (SH.targetSubjectsOf, SH.targetObjectsOf):
                plan.sparql_predicates.update(plan.targets[top][target])
            continue
        plan.local.append(top)
        plan.focus[top], plan.focus_inverse[top] = set(), set()
        try:
            _walk(sg, plan, top, top, "focus", set())
        except ValueError:
            plan.unsupported = "a property path this analysis cannot read"
    plan.value |= {RDF.type, RDFS.subClassOf, RDF.first, RDF.rest}
    plan.value_reads = frozenset(plan.value)
    plan.value |= _LABEL_PREDICATES
    # pySHACL's use_shapes follows blank-node shapes only: the named shapes used inside the local
    # ones are listed too (without targets of their own, they only act through the local ones).
    reached, todo = set(), list(plan.local)
    while todo:
        shape = todo.pop()
        if shape in reached:
            continue
        reached.add(shape)
        for link in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape):
            todo.extend(sg.objects(shape, link))
        for link in _LOGICAL:
            for members in sg.objects(shape, link):
                todo.extend(Collection(sg, members))
    plan.use_local = sorted(s for s in reached if isinstance(s, URIRef))
    if set(plan.use_local) & set(plan.sparql):
        plan.unsupported = "a SPARQL-based shape used inside another shape"
    return plan


def _superclasses(graph: Graph) -> dict[Node, set[Node]]:
    """Each class with itself and all its superclasses (rdfs:subClassOf*) in ``graph``."""
    closure: dict[Node, set[Node]] = {}
    for cls in set(graph.subjects(RDFS.subClassOf, None)) | set(graph.objects(RDFS.subClassOf, None)):
        closure[cls] = set(graph.transitive_objects(cls, RDFS.subClassOf))
    return closure


def _reach(onto: Graph, start: set[Node], follow: frozenset[URIRef], inverse: frozenset[URIRef]) -> set[Node]:
    """The terms of the ontology a validation starting at ``start`` can read: along the predicates
    shapes read (``follow``), and back along those they read backwards (``inverse``)."""
    seen: set[Node] = set()
    todo = list(start)
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        todo.extend(o for p, o in onto.predicate_objects(node)
                    if p in follow and isinstance(o, (URIRef, BNode)) and o not in seen)
        for predicate in inverse:
            todo.extend(x for x in onto.subjects(predicate, node) if x not in seen)
    return seen


@dataclass
class _Shared:
    """What every worker of the pool needs (set before the pool forks, so never pickled)."""

    graph: Graph
    nodes: frozenset[Node]
    plan: _Plan
    sparql_types: frozenset[Node] | None
    in_predicates: frozenset[URIRef]
    lang: str


_SHARED: _Shared | None = None
#: Files validated in one pySHACL call by a worker (at most): fewer calls, each over more data.
BATCH = 8


def _workers(files: int) -> int:
    """Processes for ``files`` files: one per core (at most one per file)."""
    return min(files, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops them; stopped (SIGTERM), they just end: no
    traceback from each of them (whatever handlers they inherited from the parent)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGALRM, signal.SIG_IGN)


def _one_batch(paths: list[str]) -> list[dict] | BcpgraphError:
    """Worker: read the files, validate them in one call beside what the shapes can read of the
    shared terms, and say of each file what it adds to shared terms."""
    shared = _SHARED
    plan, nodes, onto = shared.plan, shared.nodes, shared.graph
    parts = []
    for path in paths:
        try:
            parts.append((path, read_rdf(path)))
        except BcpgraphError as exc:
            return exc
    # Of the shared terms, what the shapes can read of them as values of the files' own nodes
    # (their types, classes, lists): the results about shared terms themselves are made once,
    # in _merge, so here they need not be right, only the files' own.
    reach = _reach(onto, {n for _, data in parts for t in data for n in (t[0], t[2]) if n in nodes},
                   plan.value_reads, frozenset(plan.value_inverse))
    graph = Graph()
    for subject in reach:
        for _, p, o in onto.triples((subject, None, None)):
            if p in plan.value_reads:
                graph.add((subject, p, o))
    for p in plan.value_inverse:
        for s, o in onto.subject_objects(p):
            if o in reach:
                graph.add((s, p, o))
    for _, data in parts:
        graph += data
    report = _validate(graph, shared.lang, use_shapes=plan.use_local, merged=True, skip=nodes)
    answers = [_facts(path, data, shared) for path, data in parts]
    owner = {s: a["path"] for a in answers for s in a["subjects"]}
    for answer in answers:
        answer["results"] = []
    by_path = {a["path"]: a for a in answers}
    for r in report.results:
        if r.focus not in nodes:
            # a node of no file (a value only) is not a file's own: kept by the first file of the batch
            path = owner.get(r.focus)
            by_path[path or paths[0]]["results"].append(replace(r, file=path))
    return answers


def _facts(path: str, data: Graph, shared: _Shared) -> dict:
    """What ``data`` (the file ``path``) adds to the shared terms, and the checks made in Python."""
    plan, nodes, onto = shared.plan, shared.nodes, shared.graph
    words = _CHECK_WORDS.get(shared.lang, _CHECK_WORDS["en"])
    out: dict[tuple[Node, Node], set[Node]] = {}
    into: dict[tuple[Node, Node], set[Node]] = {}
    subjects = set(data.subjects())
    refs: set[str] = set()
    projected = Graph()
    subclass = False
    for triple in data:
        if triple in onto:
            continue
        s, p, o = triple
        if p == RDFS.subClassOf:
            subclass = True
        if s in nodes:
            out.setdefault((s, p), set()).add(o)
        if (o in nodes or o not in subjects) and p in shared.in_predicates:
            into.setdefault((o, p), set()).add(s)
        if isinstance(o, URIRef) and o not in nodes and o not in subjects and p != RDF.type:
            refs.add(str(o))
        if (p in plan.sparql_predicates and p != RDF.type) or (
                p == RDF.type and (shared.sparql_types is None or o in shared.sparql_types)):
            projected.add(triple)
    for node in {n for t in projected for n in (t[0], t[2]) if isinstance(n, (URIRef, BNode))}:
        for p in _LABEL_PREDICATES:
            for o in data.objects(node, p):
                projected.add((node, p, o))
    terms = _undefined_terms(data, shared.lang, words, first=True)
    for term, (first, result) in terms.items():
        if result.focus in nodes:  # named as in the union: with the shared labels and the file's
            labels = Graph()
            labels += onto.triples((result.focus, None, None))
            labels += data.triples((result.focus, None, None))
            terms[term] = (first, replace(result, focus_label=label(labels, result.focus, shared.lang)))
    return {
        "path": path,
        "profile": (None, RDF.type, BCP.Profile) in data,
        "terms": terms,
        "out": {key: frozenset(values) for key, values in out.items()},
        "into": {key: frozenset(values) for key, values in into.items()},
        "own": {str(s) for s in subjects if isinstance(s, URIRef) and s not in nodes},
        "refs": refs,
        "subclass": subclass,
        "projected": projected,
        "subjects": subjects,
    }


_PROFILE_TYPE = (f"<{RDF.type}>", f"<{BCP.Profile}>")


def _may_hold_profile(path: Path) -> bool:
    """False when ``path`` surely holds no bcp:Profile (a vocabulary), at a glance: no "Profile" in its
    text (nor an escape that could spell it), or a Turtle-family file without the triple (read by
    Oxigraph, which stops at the first one). True may be wrong: the worker that reads the file says."""
    try:
        raw = path.read_bytes()
    except OSError:
        return True  # read_rdf names the problem
    if b"Profile" not in raw and b"\\u" not in raw and b"\\U" not in raw and b"&#" not in raw:
        return False
    formats = {".ttl": "TURTLE", ".nt": "N_TRIPLES", ".trig": "TRIG", ".nq": "N_QUADS"}
    if path.suffix.lower() not in formats:
        return True
    try:
        import pyoxigraph

        for quad in pyoxigraph.parse(raw, format=getattr(pyoxigraph.RdfFormat, formats[path.suffix.lower()])):
            if (str(quad.predicate), str(quad.object)) == _PROFILE_TYPE:
                return True
    except (SyntaxError, ValueError, OSError):
        return True  # read_rdf names the problem
    return False


def _validate_apart(files: list[Path], lang: str, vocabulary: Sequence[Path] | None = None
                    ) -> ValidationReport | None:
    """Validate the profile files apart, in a process pool, beside the shared context (the ontology
    and the files without a profile: vocabularies), and merge; None when the files must be validated
    together (see the comment above)."""
    global _SHARED
    plan = _plan()
    if plan.unsupported:
        return None
    if vocabulary is None:
        vocabulary = [f for f in files if not _may_hold_profile(f)]
    vocabularies = [(str(f), read_rdf(f)) for f in vocabulary]
    # what the glance took for a vocabulary and holds a profile after all is a profile file
    vocabularies = [(name, g) for name, g in vocabularies if (None, RDF.type, BCP.Profile) not in g]
    shared_names = {name for name, _ in vocabularies}
    profiles = [str(f) for f in files if str(f) not in shared_names]
    if len(profiles) < 2:
        return None
    onto = Graph()
    onto += ontology()
    for _, g in vocabularies:
        onto += g
    nodes = frozenset(n for t in onto for n in (t[0], t[2]) if isinstance(n, (URIRef, BNode)))
    closure = _superclasses(onto)
    sparql_types = None
    if plan.sparql_types is not None:
        wanted = set(plan.sparql_types) | {c for top in plan.sparql for c in plan.targets[top][SH.targetClass]}
        sparql_types = frozenset(c for c, supers in closure.items() if supers & wanted) | frozenset(wanted)
    in_predicates = frozenset(plan.value_inverse | {p for ps in plan.focus_inverse.values() for p in ps} |
                              {p for top in plan.local for p in plan.targets[top][SH.targetObjectsOf]})
    _SHARED = _Shared(onto, nodes, plan, sparql_types, in_predicates, lang)
    _shapes_graph(tuple(s for s in plan.use_local if _label_check() is None or s not in label_shapes.SHAPES))
    workers = _workers(len(profiles))
    size = max(1, min(BATCH, -(-len(profiles) // (workers * 2))))
    batches = [profiles[i:i + size] for i in range(0, len(profiles), size)]
    # parsed before the fork: the workers inherit the parsed graphs and pySHACL's reading of the shapes
    try:
        done = _in_pool(_one_batch, batches, workers)
    finally:
        _SHARED = None
    answers = []
    for answer in done:
        if isinstance(answer, BcpgraphError):
            raise answer
        answers += answer
    missed = [Path(a["path"]) for a in answers if not a["profile"]]
    if missed:  # vocabularies the glance did not recognise: again, with them as shared context
        return _validate_apart(files, lang, [*map(Path, shared_names), *missed])
    if _apart_is_exact(answers, plan, onto, closure):
        return None
    return _merge(answers, plan, onto, lang, vocabularies)


def _in_pool(work: Callable, tasks: list, workers: int) -> list:
    """``work`` over ``tasks`` in a pool of ``workers`` forked processes (each task one call)."""
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_ignore_interrupts)
    try:
        return pool.map(work, tasks, chunksize=1)
    finally:
        # On a timeout or Ctrl-C as well: the workers are stopped before the exception goes on
        # (the alarm and Ctrl-C wait until they are, and then are raised as usual).
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGINT})
        try:
            pool.terminate()
            pool.join()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


_PROJECTED: tuple[Graph, str] | None = None
#: Focus nodes of the SPARQL-based shapes below which they are validated in one process.
SPARQL_SPLIT = 400


def _sparql_chunk(task: tuple[URIRef, list[Node]]) -> list[ValidationResult]:
    """Worker: the SPARQL-based shape ``task[0]`` on the focus nodes ``task[1]`` of the projection."""
    graph, lang = _PROJECTED
    shape, focus = task
    return list(_validate(graph, lang, use_shapes=[shape], merged=True, focus=focus).results)


def _sparql_apart(projected: Graph, plan: _Plan, lang: str) -> list[ValidationResult]:
    """The SPARQL-based shapes over ``projected`` (what their queries can match in the union), their
    focus nodes shared out over the cores: a SPARQL constraint is evaluated for each focus node on
    its own, so the results are those of one call."""
    global _PROJECTED
    tasks: list[tuple[URIRef, list[Node]]] = []
    whole: list[URIRef] = []
    for top in plan.sparql:
        foci = sorted(label_shapes.focus_nodes(projected, plan.targets[top]))
        if not foci:
            continue
        if any(isinstance(f, BNode) for f in foci):  # pySHACL takes focus nodes as IRIs only
            whole.append(top)
        else:
            size = max(SPARQL_SPLIT // 16, -(-len(foci) // (_workers(len(foci)) * 4)))
            tasks += [(top, foci[i:i + size]) for i in range(0, len(foci), size)]
    results = list(_validate(projected, lang, use_shapes=whole, merged=True).results) if whole else []
    workers = _workers(len(tasks))
    if workers < 2 or sum(len(foci) for _, foci in tasks) < SPARQL_SPLIT:
        for task in tasks:
            _PROJECTED = (projected, lang)
            results += _sparql_chunk(task)
        _PROJECTED = None
        return results
    _PROJECTED = (projected, lang)
    try:
        for found in _in_pool(_sparql_chunk, tasks, workers):
            results += found
    finally:
        _PROJECTED = None
    return results


def _apart_is_exact(answers: list[dict], plan: _Plan, onto: Graph, closure: dict[Node, set[Node]]) -> str:
    """Why the files, each seen beside the ontology, do not show the shapes what their union shows
    them; "" when they do."""
    for answer in answers:
        if answer["subclass"]:
            return f"{answer['path']} adds rdfs:subClassOf"
    owner: dict[str, str] = {}
    for answer in answers:
        for iri in answer["own"]:
            if owner.setdefault(iri, answer["path"]) != answer["path"]:
                return f"{owner[iri]} and {answer['path']} both describe <{iri}>"
    for answer in answers:
        for iri in answer["refs"]:
            if iri in owner:
                return f"{answer['path']} refers to <{iri}>, which {owner[iri]} describes"
    every = len(answers)
    out: dict[tuple[Node, Node], list[frozenset]] = {}
    into: dict[tuple[Node, Node], list[frozenset]] = {}
    for answer in answers:
        for key, values in answer["out"].items():
            out.setdefault(key, []).append(values)
        for key, values in answer["into"].items():
            into.setdefault(key, []).append(values)

    def same_everywhere(sets: list[frozenset]) -> bool:
        return len(sets) == every and all(s == sets[0] for s in sets)

    def types(node: Node) -> set[Node]:
        found = set(onto.objects(node, RDF.type)) | {o for s in out.get((node, RDF.type), []) for o in s}
        return {c for t in found for c in closure.get(t, {t})}

    def targeted(node: Node, top: URIRef) -> bool:
        targets = plan.targets[top]
        return (node in targets[SH.targetNode] or bool(types(node) & targets[SH.targetClass])
                or any((node, p, None) in onto or (node, p) in out for p in targets[SH.targetSubjectsOf])
                or any((None, p, node) in onto or (node, p) in into for p in targets[SH.targetObjectsOf]))

    for (node, predicate), sets in out.items():
        if not same_everywhere(sets) and (predicate in plan.value or any(
                predicate in plan.focus[top] and targeted(node, top) for top in plan.local)):
            return f"the files differ on {compact(node)} {compact(predicate)}"
    for (node, predicate), sets in into.items():
        if not same_everywhere(sets) and (predicate in plan.value_inverse or any(
                predicate in plan.focus_inverse[top] and targeted(node, top) for top in plan.local)):
            return f"the files differ on what is {compact(predicate)} {compact(node)}"
    return ""


def _merge(answers: list[dict], plan: _Plan, onto: Graph, lang: str,
           vocabularies: Sequence[tuple[str, Graph]] = ()) -> ValidationReport | None:
    """The report of the union from the reports of the profile files and the shared context
    ``onto`` (the ontology and the ``vocabularies``), validated once (None if the files disagree on
    a shared term)."""
    words = _CHECK_WORDS.get(lang, _CHECK_WORDS["en"])
    # A result of a shared term comes from each file that shows it; one result may also come
    # twice from one file (two constraints of a shape, same message): kept as often as one file has it.
    seen: dict[tuple, ValidationResult] = {}
    times: dict[tuple, int] = {}
    for answer in answers:
        counted: dict[tuple, int] = {}
        for r in answer["results"]:
            key = (r.severity, r.focus, r.path, r.source_shape, r.value, r.message)
            counted[key] = counted.get(key, 0) + 1
            if key in seen:
                if seen[key].focus_label != r.focus_label:
                    return None
                if r.file and r.file not in (seen[key].file or "").split(", "):
                    seen[key] = replace(seen[key], file=", ".join(filter(None, (seen[key].file, r.file))))
            else:
                seen[key] = r
        for key, count in counted.items():
            times[key] = max(times.get(key, 0), count)
    results = [r for key, r in seen.items() for _ in range(times[key])]
    # The shared terms are validated once, beside what the files add to them (the same in every
    # file, where a shape reads it: see _apart_is_exact).
    nodes = {n for t in onto for n in (t[0], t[2]) if isinstance(n, (URIRef, BNode))}
    rest = Graph()
    rest += onto
    for answer in answers:
        for (node, predicate), objects in answer["out"].items():
            for obj in objects:
                rest.add((node, predicate, obj))
        for (node, predicate), subjects in answer["into"].items():
            for subject in subjects:
                rest.add((subject, predicate, node))
    results += [r for r in _validate(rest, lang, use_shapes=plan.use_local, merged=True).results
                if r.focus in nodes]
    if plan.sparql:
        projected = Graph()
        projected += onto
        for answer in answers:
            projected += answer["projected"]
        results += _sparql_apart(projected, plan, lang)
    results += [_no_profile(a["path"], words) for a in answers if not a["profile"]]
    results += [_no_profile(name, words) for name, g in vocabularies if not len(g)]
    first: dict[Node, tuple] = {}
    terms = [answer["terms"] for answer in answers]
    for _, g in vocabularies:
        found = _undefined_terms(g, lang, words, first=True)
        terms.append({term: (triple, replace(r, focus_label=label(rest, r.focus, lang)))
                      for term, (triple, r) in found.items()})
    for found_in_file in terms:
        for term, found in found_in_file.items():
            if term not in first or found[0] < first[term][0]:
                first[term] = found
    results += [found[1] for _, found in sorted(first.items())]
    by_subject: dict[Node, list[str]] = {}
    for path, subjects in [*((a["path"], a["subjects"]) for a in answers),
                           *((name, set(g.subjects())) for name, g in vocabularies)]:
        for subject in subjects:
            by_subject.setdefault(subject, []).append(path)
    results = [r if r.file or r.focus not in by_subject else replace(r, file=", ".join(by_subject[r.focus]))
               for r in results]
    results.sort(key=ValidationResult._key)
    return ValidationReport(results=tuple(results), graph=_report_graph(results))


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
