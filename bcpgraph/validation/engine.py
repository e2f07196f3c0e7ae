"""One validation of a graph: a pySHACL run, plus the checks made in Python (:mod:`.checks`).

pySHACL is used as is, with three speed-ups that leave its results unchanged: its reading of the
shapes graph is made once per process (:func:`_shapes_graph`), rdflib parses each SPARQL
constraint's text once (:func:`prepared_sparql`), and pySHACL's text report, which bcpgraph never
reads, is left empty (:func:`_no_text_report`). Where the shapes allow, the label shapes are checked
in Python (:mod:`.labels`).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
from collections.abc import Iterator, Sequence
from dataclasses import replace

from pyshacl.constraints.constraint_component import ConstraintComponent
from pyshacl.graph_abstraction import DataGraph
from pyshacl.monkey import apply_patches
from pyshacl.shapes_graph import ShapesGraph
from pyshacl.validator import Validator, assign_baked_in
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH, SKOS
from rdflib.plugins.sparql import processor as _sparql
from rdflib.term import Node, Variable

from ..graph import ontology, shapes
from ..labels import compact, label
from . import labels as label_shapes
from .checks import _CHECK_WORDS, _lacks_profile, _no_profile, _undefined_terms
from .plan import _plan
from .report import _SEVERITY, ValidationReport, ValidationResult, _message, _path_text, _shape_message

_LOG = logging.getLogger("pyshacl-validate")


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
