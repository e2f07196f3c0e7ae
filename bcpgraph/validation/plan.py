"""What the shapes read, worked out once from the shapes graph (:func:`_plan`): the ground on which
:mod:`.split` decides whether many files may be validated apart (its docstring says how).

- the focus node's own triples along the paths of the shape (forward and inverse);
- of other nodes (values, the steps of longer paths): their types (sh:class, through
  rdfs:subClassOf), rdf:first / rdf:rest, labels, and the paths of shapes applied to them;
- SPARQL-based constraints: any triple whose predicate the query names.

What is not analysed here (sh:closed, SPARQL targets, SPARQL in nested shapes, …) makes the plan
``unsupported``: the files are then validated together.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS
from rdflib.term import Node

from ..graph import shapes
from ..labels import compact

_LABEL_PREDICATES = frozenset({SKOS.prefLabel, RDFS.label, DCTERMS.title, SH.name})
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_LOGICAL = (SH["and"], SH["or"], SH.xone)
_COMPARISONS = (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals)
#: Predicates a SPARQL-only shape may have beside its targets and sh:sparql.
_SPARQL_SHAPE_PREDICATES = frozenset({RDF.type, RDFS.label, RDFS.comment, SH.name, SH.description, SH.message,
                                      SH.severity, SH.deactivated, SH.order, SH.group, SH.sparql, *_TARGETS})


@dataclass
class _Plan:
    """What the shapes read (see the module docstring); ``unsupported`` says why files cannot be apart."""

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
