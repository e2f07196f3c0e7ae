"""Networks built from SPARQL answers, so that they build wherever the data is.

An analysis asks its store a few queries (``bcpgraph/analysis/sparql/*.rq``), each answering a
whole table of ``?s ?p ?o`` rows: the triples the analysis reads, and no others. Those rows become
a :class:`Triples` (an index by subject and predicate, a few dicts), which the network builders
read instead of a whole graph. A store may hold one profile or thousands: the work is the size of
the answer, not of the store.

- :func:`competency_network` / :func:`knowledge_network`: bipartite werkproces–item graphs.
  Werkprocessen have ``bipartite=0``; competencies (resp. knowledge items and skills) ``1``.

>>> from bcpgraph.analysis import example_graph
>>> net = competency_network(example_graph())
>>> sorted(net.nodes[n]["notation"] for n in net)
['1.1', '1.2', '10', '18', '19', '2.1', '24']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS
from rdflib.term import Node

from ..gcpause import gc_paused
from ..labels import label, sorted_terms
from ..namespaces import BCP
from ..results import Rows
from ..stores import Store, store_for

__all__ = ["Triples", "ask_triples", "ask_rows", "profile_iris", "notation", "competency_network", "knowledge_network",
           "WERKPROCES", "COMPETENCY", "KNOWLEDGE", "SKILL", "OCCUPATION", "ROLE"]

WERKPROCES, COMPETENCY, KNOWLEDGE, SKILL = "werkproces", "competency", "knowledge", "skill"
OCCUPATION, ROLE = "occupation", "role"


class Triples:
    """Triples from a SPARQL answer, indexed: the part of a graph an analysis reads.

    It answers as an rdflib Graph does for the few calls the analyses make (``objects``,
    ``subjects``, ``subject_objects``, ``value``, ``in``), always in sorted order, so the answers
    do not depend on the order an engine returns rows in; :func:`bcpgraph.labels.label` reads it
    too.

    >>> from rdflib import URIRef, Literal
    >>> t = Triples([{"s": URIRef("http://e/a"), "p": URIRef("http://e/p"), "o": Literal("b")},
    ...              {"s": URIRef("http://e/a"), "p": URIRef("http://e/p"), "o": Literal("a")}])
    >>> [str(o) for o in t.objects(URIRef("http://e/a"), URIRef("http://e/p"))], len(t)
    (['a', 'b'], 2)
    """

    def __init__(self, rows: Iterable[Mapping[str, Node]] = ()):
        self._out: dict[Node, dict[Node, set[Node]]] = {}
        self._in: dict[Node, dict[Node, set[Node]]] = {}
        self._size = 0
        self.extend(rows)

    def extend(self, rows: Iterable[Mapping[str, Node]]) -> Triples:
        """Add the ``s``, ``p``, ``o`` of each row (rows missing one are skipped); return self."""
        for row in rows:
            s, p, o = row.get("s"), row.get("p"), row.get("o")
            if s is not None and p is not None and o is not None:
                self.add(s, p, o)
        return self

    def add(self, s: Node, p: Node, o: Node) -> None:
        objects = self._out.setdefault(s, {}).setdefault(p, set())
        if o not in objects:
            objects.add(o)
            self._in.setdefault(p, {}).setdefault(o, set()).add(s)
            self._size += 1

    def __len__(self) -> int:
        return self._size

    def __contains__(self, triple: tuple[Node, Node, Node]) -> bool:
        s, p, o = triple
        return o in self._out.get(s, {}).get(p, ())

    def objects(self, subject: Node, predicate: Node) -> list[Node]:
        """The objects of ``subject`` ``predicate``, sorted."""
        return sorted_terms(self._out.get(subject, {}).get(predicate, ()))

    def subjects(self, predicate: Node, object: Node | None = None) -> list[Node]:
        """The subjects with ``predicate`` (to ``object``, when given), sorted."""
        by_object = self._in.get(predicate, {})
        if object is not None:
            return sorted_terms(by_object.get(object, ()))
        return sorted_terms({s for found in by_object.values() for s in found})

    def subject_objects(self, predicate: Node) -> list[tuple[Node, Node]]:
        """The (subject, object) pairs of ``predicate``, sorted."""
        return sorted((s, o) for o, found in self._in.get(predicate, {}).items() for s in found)

    def value(self, subject: Node, predicate: Node) -> Node | None:
        """One object of ``subject`` ``predicate`` (the first in order), or None."""
        found = self._out.get(subject, {}).get(predicate)
        return min(found) if found else None


def ask_rows(store: Store, name: str, **values: Node | list[Node] | None) -> Rows:
    """The answer of the analysis query ``name`` on ``store``, with its parameters bound to
    ``values`` (RDF terms; a parameter not given is UNDEF). One parameter may be given a list of
    terms: the answer is then that of each of them together, in one query (a VALUES row each)."""
    from ..binding import bind
    from ..catalogue import analysis_query

    query = analysis_query(name)
    unknown = set(values) - {p.name for p in query.params}
    if unknown:  # a slip in the library, not the user's
        raise TypeError(f"analysis query {name}: no parameter {', '.join(sorted(unknown))}")
    if not query.params:
        return store.select(query.text)
    row = {p.name: values.get(p.name) for p in query.params}
    several = [k for k, v in row.items() if isinstance(v, list)]
    if len(several) > 1 or (several and not row[several[0]]):
        raise TypeError(f"analysis query {name}: one parameter may take a list, and not an empty one")
    if several:
        return store.select(bind(query.text, [{**row, several[0]: v} for v in row[several[0]]]))
    return store.select(bind(query.text, row))


@gc_paused()
def ask_triples(store: Store, *names: str, **values: Node | list[Node] | None) -> Triples:
    """The ``?s ?p ?o`` answers of the analysis queries ``names`` together, as :class:`Triples`
    (each query is given the ``values`` it declares parameters for; a list as in :func:`ask_rows`)."""
    from ..catalogue import analysis_query

    found = Triples()
    for name in names:
        declared = {p.name for p in analysis_query(name).params}
        found.extend(ask_rows(store, name, **{k: v for k, v in values.items() if k in declared}))
    return found


def profile_iris(store: Store) -> list[str]:
    """The IRIs of the bcp:Profile resources in ``store``, sorted."""
    return sorted({str(row["s"]) for row in ask_rows(store, "all-profiles") if isinstance(row.get("s"), URIRef)})


def notation(graph: Graph | Triples, node: Node) -> str:
    """The smallest skos:notation of ``node`` as text ("" if none)."""
    values = sorted(str(v) for v in graph.objects(node, SKOS.notation) if isinstance(v, Literal))
    return values[0] if values else ""


def _profile_of(graph: Triples) -> dict[Node, str]:
    """Each werkproces -> the IRI of the profile it belongs to (by bcp:coreTask/bcp:workProcess)."""
    return {wp: str(profile) for profile, ct in graph.subject_objects(BCP.coreTask)
            for wp in graph.objects(ct, BCP.workProcess)}


def _bipartite(store: Store, lang: str, links: dict[URIRef, str], name: str,
               profile: str | None = None) -> nx.Graph:
    """Werkprocessen linked by ``links`` (predicate -> kind of the object) to items.

    With ``profile`` (an IRI), only that profile's werkprocessen (bcp:coreTask/bcp:workProcess).
    """
    network = nx.Graph(name=name, lang=lang, profile=str(profile) if profile is not None else "")
    if profile is not None:
        iri = URIRef(profile)
        graph = ask_triples(store, "profile-werkprocessen", "profile-kerntaken", "profile-items", profile=iri)
        for kerntaak in {s for s, _ in graph.subject_objects(BCP.workProcess)}:
            graph.add(iri, BCP.coreTask, kerntaak)  # what profile-kerntaken answers for
    else:
        graph = ask_triples(store, "all-werkprocessen")
    owner = _profile_of(graph)
    if profile is not None:
        wps = {wp for wp, p in owner.items() if p == str(profile) and isinstance(wp, URIRef)}
    else:
        wps = {s for s in graph.subjects(RDF.type, BCP.WorkProcess) if isinstance(s, URIRef)}
        for predicate in links:
            wps.update(s for s in graph.subjects(predicate) if isinstance(s, URIRef))
    core_task = {wp: ct for ct, wp in graph.subject_objects(BCP.workProcess)}
    for wp in sorted(wps):
        ct = core_task.get(wp)
        network.add_node(str(wp), kind=WERKPROCES, bipartite=0, label=label(graph, wp, lang),
                         notation=notation(graph, wp),
                         core_task=notation(graph, ct) if ct is not None else "",
                         profile=owner.get(wp, ""))
        for predicate, kind in links.items():
            for item in graph.objects(wp, predicate):
                if not isinstance(item, URIRef):
                    continue
                if str(item) not in network:
                    network.add_node(str(item), kind=kind, bipartite=1,
                                     label=label(graph, item, lang),
                                     notation=notation(graph, item))
                network.add_edge(str(wp), str(item))
    return network


def competency_network(graph: Graph | Store | None = None, *, lang: str = "nl", profile: str | None = None,
                       endpoint: str | None = None, timeout: float | None = None) -> nx.Graph:
    """The bipartite graph of werkprocessen (``bipartite=0``) and the competencies they need.

    ``graph`` is an rdflib Graph, a :class:`~bcpgraph.stores.Store`, or None for the shipped data
    (or ``endpoint``, a SPARQL endpoint's URL). Every bcp:WorkProcess is a node, linked or not (with
    ``profile``, an IRI: only that profile's werkprocessen); a competency is a node when some
    werkproces links to it with bcp:competency. Werkprocessen carry ``profile``, the IRI of the
    profile they belong to ("" if none).

    >>> from bcpgraph.analysis import example_graph
    >>> net = competency_network(example_graph(), lang="en")
    >>> net.nodes["https://w3id.org/bcpgraph/id/competentie/kwaliteit-leveren"]
    {'kind': 'competency', 'bipartite': 1, 'label': 'Delivering quality', 'notation': '19'}
    >>> net.number_of_nodes(), net.number_of_edges()
    (7, 5)
    >>> competency_network(Graph()).number_of_nodes()
    0
    """
    store = store_for(graph, endpoint, timeout=timeout)
    return _bipartite(store, lang, {BCP.competency: COMPETENCY}, "competencies", profile)


def knowledge_network(graph: Graph | Store | None = None, *, lang: str = "nl", profile: str | None = None,
                      endpoint: str | None = None, timeout: float | None = None) -> nx.Graph:
    """The bipartite graph of werkprocessen and the knowledge items and skills they need.

    Items have ``kind`` "knowledge" (bcp:knowledge) or "skill" (bcp:skill); ``profile`` as in
    :func:`competency_network`.

    >>> from bcpgraph.analysis import example_graph
    >>> net = knowledge_network(example_graph())
    >>> sorted((d["kind"], d["label"]) for _, d in net.nodes(data=True) if d["bipartite"])
    [('knowledge', 'producten en diensten van de organisatie'), ('skill', 'gesprekstechnieken')]
    >>> net.number_of_edges()
    4
    """
    store = store_for(graph, endpoint, timeout=timeout)
    return _bipartite(store, lang, {BCP.knowledge: KNOWLEDGE, BCP.skill: SKILL}, "knowledge-and-skills", profile)
