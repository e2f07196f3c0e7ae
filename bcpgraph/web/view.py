"""Graph → plain records for the templates: texts in the page's language, links, values.

A :class:`View` reads the triples fetched for one page (an rdflib Graph) and turns nodes into
records the templates print: :class:`Text` (with its language, marked when it is a fallback or a
translation), :class:`Link` (an IRI with the href the page links it by, or none), :class:`Inline`
(a blank node, shown in place, never linked) and :class:`Items` (an rdf:List, in order). Values
are sorted by schema:position, then skos:notation, then label, then IRI: the page never depends
on the order an engine returns triples in.

>>> from rdflib import Graph, Literal, URIRef
>>> from rdflib.namespace import SKOS
>>> g = Graph()
>>> x = URIRef("https://w3id.org/bcpgraph/id/kennis/x")
>>> _ = g.add((x, SKOS.prefLabel, Literal("gesprekstechnieken", lang="nl")))
>>> view = View(g, "en", href=lambda path: "/" + path)
>>> t = view.label(x)
>>> t.value, t.lang, t.fallback
('gesprekstechnieken', 'nl', True)
>>> view.link(x).href
'/id/kennis/x'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SDO, SH, SKOS, XSD
from rdflib.term import Node

from ..labels import compact
from ..namespaces import BASE, BCP
from .words import OTHER

__all__ = ["Text", "Link", "Inline", "Items", "Row", "View", "order_key"]

#: Predicates whose values name a node, in the order a label is looked for.
LABELS = (SKOS.prefLabel, RDFS.label, DCTERMS.title, SH.name)
#: How deep blank nodes inside blank nodes are shown.
MAX_DEPTH = 4


@dataclass(frozen=True)
class Text:
    """Text for a person: ``lang`` is its language tag (None: none); ``fallback`` when it is not
    in the page's language; ``translation`` when it is an English text beside a Dutch one."""

    value: str
    lang: str | None = None
    fallback: bool = False
    translation: bool = False
    kind: str = "text"
    datatype: str | None = None


@dataclass(frozen=True)
class Link:
    """An IRI as a link: ``href`` is None when the site has no page for it."""

    iri: str
    text: Text
    href: str | None
    external: bool = False
    kind: str = "link"


@dataclass
class Row:
    """A property and its values."""

    prop: Link
    values: list = field(default_factory=list)


@dataclass
class Inline:
    """A blank node, shown in place: its label (if any) and its properties."""

    text: Text | None
    rows: list[Row]
    kind: str = "inline"


@dataclass
class Items:
    """An rdf:List, its members in order."""

    values: list
    kind: str = "items"


def _number_key(text: str) -> tuple:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in text.split("."))


def order_key(graph: Graph, node: Node, label: str = "") -> tuple:
    """schema:position, then skos:notation (numerically, part by part), then label, then the node."""
    position = graph.value(node, SDO.position) if isinstance(node, (URIRef, BNode)) else None
    notation = graph.value(node, SKOS.notation) if isinstance(node, (URIRef, BNode)) else None
    try:
        pos = int(position) if position is not None else 1 << 30
    except ValueError:
        pos = 1 << 30
    return (pos, _number_key(str(notation)) if notation is not None else ((2, 0, ""),), label.casefold(), str(node))


class View:
    """Records for the templates from ``graph`` (the triples fetched for one page), in ``lang``.

    ``href(path)`` is the link to the page of ``base + path`` (or None when the site has no
    page for it): the Site decides how links look (server paths or relative files)."""

    def __init__(self, graph: Graph, lang: str, *, href: Callable[[str], str | None], base: str = BASE):
        self.graph, self.lang, self.base, self._href = graph, lang, base, href

    # ------------------------------------------------------------------ texts

    def pick(self, values: Iterable[Node]) -> Text | None:
        """The literal of ``values`` in the page's language, else the other one (marked), else an
        untagged one; None if there is no literal."""
        literals = sorted(v for v in values if isinstance(v, Literal))
        if not literals:
            return None
        langs = {v.language for v in literals}
        for wanted, fallback in ((self.lang, False), (OTHER[self.lang], True), (None, False)):
            for v in literals:
                if v.language == wanted:
                    return Text(str(v), v.language, fallback=fallback,
                                translation=v.language == "en" and "nl" in langs)
        v = literals[0]
        return Text(str(v), v.language, fallback=v.language is not None)

    def text(self, node: Node, predicate: URIRef) -> Text | None:
        """The ``predicate`` literal of ``node`` in the page's language (see :meth:`pick`)."""
        return self.pick(self.graph.objects(node, predicate))

    def label(self, node: Node) -> Text:
        """The label of ``node``: prefLabel, rdfs:label, dcterms:title, sh:name (each in the page's
        language, then the other, then untagged); a profile's citation without a label of its own
        (``…/bron/N``, ``…/regelgeving/N``) is named by its position and what it cites; else its
        prefixed name or IRI."""
        if isinstance(node, Literal):
            return self.literal(node)
        for predicate in LABELS:
            found = self.text(node, predicate)
            if found is not None:
                return found
        cited = self.graph.value(node, BCP.cites)
        if cited is not None and cited != node:
            inner = self.label(cited)
            position = self.graph.value(node, SDO.position)
            return replace(inner, value=f"{position}. {inner.value}") if position is not None else inner
        return Text(compact(node) if isinstance(node, URIRef) else "")

    def literal(self, value: Literal) -> Text:
        datatype = None
        if value.datatype is not None and value.datatype not in (XSD.string, RDF.langString):
            datatype = compact(value.datatype)
        if value.datatype == XSD.boolean:
            return Text("✓" if value.toPython() is True else "✗", datatype=datatype)
        return Text(str(value), value.language, fallback=value.language not in (None, self.lang),
                    translation=value.language == "en", datatype=datatype)

    # ------------------------------------------------------------------ links and values

    def path(self, node: Node) -> str | None:
        """The path of ``node`` under the base, or None."""
        if isinstance(node, URIRef) and str(node).startswith(self.base):
            return str(node)[len(self.base):]
        return None

    def link(self, node: URIRef) -> Link:
        path = self.path(node)
        if path is not None:
            return Link(str(node), self.label(node), self._href(path))
        external = str(node).startswith(("http://", "https://"))
        return Link(str(node), self.label(node), str(node) if external else None, external=external)

    def value(self, node: Node, depth: int = 0) -> Text | Link | Inline | Items:
        if isinstance(node, Literal):
            return self.literal(node)
        if isinstance(node, URIRef):
            return self.link(node)
        members = self.members(node)
        if members is not None:
            return Items([self.value(m, depth + 1) for m in members])
        if depth >= MAX_DEPTH:
            return Text("…")
        has_label = any(True for p in LABELS for _ in self.graph.objects(node, p))
        if has_label:  # the label heads it; its type and labels are not repeated
            return Inline(self.label(node), self.rows(node, depth=depth + 1, skip=(RDF.type, *LABELS)))
        return Inline(None, self.rows(node, depth=depth + 1))

    def members(self, node: Node) -> list[Node] | None:
        """The members of the rdf:List ``node``, or None when it is no list."""
        if node == RDF.nil:
            return []
        if (node, RDF.first, None) not in self.graph:
            return None
        out, seen = [], set()
        while node != RDF.nil and node not in seen and (node, RDF.first, None) in self.graph:
            seen.add(node)
            out.append(self.graph.value(node, RDF.first))
            node = self.graph.value(node, RDF.rest) or RDF.nil
        return out

    def values(self, node: Node, predicate: URIRef, *, inverse: bool = False, one_language: bool = False) -> list:
        """The values of ``node`` ``predicate`` (or the subjects pointing at it), sorted; with
        ``one_language``, texts only in the page's language where there are any (else the
        other's), as a reader wants them, not as the data holds them."""
        found = list(self.graph.subjects(predicate, node) if inverse else self.graph.objects(node, predicate))
        if one_language:
            texts = [v for v in found if isinstance(v, Literal) and v.language is not None]
            chosen = self.pick(texts)
            if chosen is not None:
                found = [v for v in found if v not in texts or v.language == chosen.lang]
        return [self.value(v) for v in self.sorted(found)]

    def cited(self, node: Node, predicate: URIRef, citations: URIRef) -> list:
        """The values of ``node`` ``predicate`` in the order of ``node``'s own citations
        (``citations`` → bcp:cites, schema:position: a profile's order of its sources or
        legislation, which the shared documents do not carry); values without a citation after
        them, in the page order."""
        place: dict[Node, int] = {}
        for citation in self.graph.objects(node, citations):
            target, position = self.graph.value(citation, BCP.cites), self.graph.value(citation, SDO.position)
            try:
                place.setdefault(target, int(position))
            except (TypeError, ValueError):
                continue
        found = self.sorted(self.graph.objects(node, predicate))
        return [self.value(v) for v in sorted(found, key=lambda v: place.get(v, 1 << 30))]

    def sorted(self, nodes: Iterable[Node]) -> list[Node]:
        """``nodes`` without repeats, in the page order (see :func:`order_key`); literals in the
        page's language first."""
        unique = set(nodes)
        return sorted(unique, key=lambda n: (
            isinstance(n, Literal) and n.language not in (None, self.lang),
            order_key(self.graph, n, self.label(n).value)))

    def rows(self, node: Node, *, depth: int = 0, skip: Iterable[URIRef] = ()) -> list[Row]:
        """Every property of ``node`` with its values, properties sorted by label."""
        skipped = set(skip)
        predicates = {p for p in self.graph.predicates(node, None) if p not in skipped}
        out = [Row(self.link(p), [self.value(v, depth) for v in self.sorted(self.graph.objects(node, p))])
               for p in predicates]
        return sorted(out, key=lambda r: (r.prop.iri != str(RDF.type), r.prop.text.value.casefold(), r.prop.iri))

    def incoming(self, node: Node) -> list[Row]:
        """The IRIs pointing at ``node``, by property."""
        predicates = {p for s, p in self.graph.subject_predicates(node) if isinstance(s, URIRef)}
        out = [Row(self.link(p), [self.value(s) for s in self.sorted(
            s for s in self.graph.subjects(p, node) if isinstance(s, URIRef))]) for p in predicates]
        return sorted(out, key=lambda r: (r.prop.text.value.casefold(), r.prop.iri))
