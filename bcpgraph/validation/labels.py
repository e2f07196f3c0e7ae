"""The preferred-label shapes checked in Python: the results pySHACL gives for them, in a tenth of the time.

Every labelled node of a profile is a focus node of ``bcpsh:LabelShape`` and ``bcpsh:PrefLabelEnShape``
(one Dutch label, at most one per language, an English one), and pySHACL spends most of a profile's
validation on them: ``sh:or`` / ``sh:not`` / ``sh:qualifiedValueShape`` validate every label again as
a shape of its own and build a result for each label in the other language. What the shapes say is
simple, so :func:`label_results` says it directly, with pySHACL's own rules (language tags compared
in lower case, ``nl-BE`` counted as ``nl``, one result per repeated language).

It is used only while the shapes graph says exactly that: :func:`label_check` compares the structure
of the four shapes (everything but their targets, labels and messages, which it reads) with
:data:`EXPECTED` and returns None when they differ, or when another shape uses them; pySHACL then
checks them as any other shape. The tests compare the results with one plain pySHACL call.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SH, SKOS
from rdflib.term import Node

from ..namespaces import BCPSH

LABEL_SHAPE = BCPSH.LabelShape
UNIQUE_LANG_SHAPE = BCPSH.PrefLabelUniqueLangShape
NL_SHAPE = BCPSH.PrefLabelNlShape
EN_SHAPE = BCPSH.PrefLabelEnShape
SHAPES = (LABEL_SHAPE, UNIQUE_LANG_SHAPE, NL_SHAPE, EN_SHAPE)
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_WORDS = frozenset({RDFS.label, RDFS.comment, SH.name, SH.description, SH.message})

#: The structure :func:`label_results` implements (targets, labels and messages left out).
EXPECTED = """
@prefix bcpsh: <https://w3id.org/bcpgraph/def/shapes/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
bcpsh:LabelShape a sh:NodeShape ; sh:property bcpsh:PrefLabelUniqueLangShape , bcpsh:PrefLabelNlShape .
bcpsh:PrefLabelUniqueLangShape a sh:PropertyShape ; sh:path skos:prefLabel ; sh:uniqueLang true .
bcpsh:PrefLabelNlShape a sh:PropertyShape ; sh:path skos:prefLabel ;
    sh:qualifiedValueShape [ sh:languageIn ( "nl" ) ] ; sh:qualifiedMinCount 1 .
bcpsh:PrefLabelEnShape a sh:NodeShape ; sh:severity sh:Warning ; sh:or (
    [ sh:not [ sh:path skos:prefLabel ; sh:qualifiedValueShape [ sh:languageIn ( "nl" ) ] ; sh:qualifiedMinCount 1 ] ]
    [ sh:path skos:prefLabel ; sh:qualifiedValueShape [ sh:languageIn ( "en" ) ] ; sh:qualifiedMinCount 1 ] ) .
"""


@dataclass(frozen=True)
class LabelCheck:
    """What the shapes graph says of the label shapes: their targets, severities and messages."""

    targets: dict[URIRef, dict[URIRef, frozenset[Node]]]
    severity: dict[URIRef, URIRef]
    messages: dict[URIRef, tuple[Literal, ...]]


def _structure(sg: Graph) -> Graph:
    """The four shapes' triples and the blank nodes below them, without targets and words."""
    found = Graph()
    todo: list[Node] = list(SHAPES)
    seen: set[Node] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in sg.predicate_objects(node):
            if p in _WORDS or p in _TARGETS:
                continue
            found.add((node, p, o))
            if isinstance(o, BNode):
                todo.append(o)
    return found


@functools.cache
def _expected() -> Graph:
    return Graph().parse(data=EXPECTED, format="turtle")


def label_check(sg: Graph) -> LabelCheck | None:
    """The label shapes of ``sg`` when they are those :func:`label_results` implements, else None.

    >>> from bcpgraph.graph import shapes
    >>> label_check(shapes()) is not None
    True
    >>> label_check(Graph()) is None
    True
    """
    if not isomorphic(_structure(sg), _expected()):
        return None
    for shape in SHAPES:
        for s, p in sg.subject_predicates(shape):
            if not (s == LABEL_SHAPE and p == SH.property):
                return None
        if (shape, SH.deactivated, None) in sg:
            return None
    for shape in (UNIQUE_LANG_SHAPE, NL_SHAPE):
        if any((shape, target, None) in sg for target in _TARGETS):
            return None
    reporting = (UNIQUE_LANG_SHAPE, NL_SHAPE, EN_SHAPE)
    return LabelCheck(
        targets={shape: {t: frozenset(sg.objects(shape, t)) for t in _TARGETS} for shape in (LABEL_SHAPE, EN_SHAPE)},
        severity={shape: sg.value(shape, SH.severity) or SH.Violation for shape in reporting},
        messages={shape: tuple(m for m in sg.objects(shape, SH.message) if isinstance(m, Literal))
                  for shape in reporting},
    )


def focus_nodes(graph: Graph, targets: dict[URIRef, frozenset[Node]]) -> set[Node]:
    """The focus nodes of a shape with ``targets`` in ``graph``, found as pySHACL finds them."""
    found: set[Node] = set(targets[SH.targetNode])
    for cls in targets[SH.targetClass]:
        for sub in graph.transitive_subjects(RDFS.subClassOf, cls):
            found.update(graph.subjects(RDF.type, sub))
    for predicate in targets[SH.targetSubjectsOf]:
        found.update(s for s, _ in graph.subject_objects(predicate))
    for predicate in targets[SH.targetObjectsOf]:
        found.update(o for _, o in graph.subject_objects(predicate))
    return found


def _is(value: Node, tag: str) -> bool:
    """``sh:languageIn ( tag )`` as pySHACL reads it."""
    language = value.language if isinstance(value, Literal) else None
    return bool(language) and (language.lower() == tag or language.split("-")[0].lower() == tag)


def label_results(graph: Graph, check: LabelCheck, *, skip: Iterable[Node] = ()) -> list[tuple[URIRef, Node, bool]]:
    """The results of the label shapes over ``graph`` (focus nodes in ``skip`` left out), each
    as (shape, focus node, whether it has the path skos:prefLabel rather than the focus as value).

    >>> from bcpgraph.graph import shapes
    >>> g = Graph().parse(format="turtle", data="@prefix skos: <http://www.w3.org/2004/02/skos/core#> . "
    ...                   '<http://example.org/x> skos:prefLabel "a"@nl-BE , "b"@en-GB , "c"@en-gb .')
    >>> sorted(str(shape).rsplit("/", 1)[1] for shape, _, _ in label_results(g, label_check(shapes())))
    ['PrefLabelUniqueLangShape']
    """
    skip = set(skip)
    found: list[tuple[URIRef, Node, bool]] = []
    for shape in (LABEL_SHAPE, EN_SHAPE):
        for focus in focus_nodes(graph, check.targets[shape]) - skip:
            values = list(graph.objects(focus, SKOS.prefLabel))
            if shape == LABEL_SHAPE:
                seen: set[str] = set()
                repeated: set[str] = set()
                for value in values:
                    if isinstance(value, Literal) and value.language:
                        low = value.language.lower()
                        (repeated if low in seen else seen).add(low)
                found += [(UNIQUE_LANG_SHAPE, focus, True)] * len(repeated)
                if not any(_is(v, "nl") for v in values):
                    found.append((NL_SHAPE, focus, True))
            elif any(_is(v, "nl") for v in values) and not any(_is(v, "en") for v in values):
                found.append((EN_SHAPE, focus, False))
    return found
