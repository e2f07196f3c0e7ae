"""Network analyses of a profile: werkprocessen, the competencies and knowledge they need, careers.

The RDF graph is read once into a :mod:`networkx` graph; every analysis after that is a pure
function of that network returning plain lists and dicts, sorted, so output is stable.

- :func:`competency_network` / :func:`knowledge_network`: bipartite werkproces–item graphs.
  Werkprocessen have ``bipartite=0``; competencies (resp. knowledge items and skills) ``1``.
- :func:`projections`, :func:`shared_competencies`, :func:`similarity`, :func:`centrality`.
- :func:`career_network`, :func:`career_paths`, :func:`find_node`, :func:`occupations`:
  career transitions.
- :func:`write_network`: the one function here that writes a file (GraphML or GEXF).

Nodes are IRI strings. Every node has ``label`` (in the language asked for, see
:func:`bcpgraph.labels.label`) and, in the bipartite networks, ``kind`` and ``notation`` ("" where
the resource has none). The examples use :func:`example_graph`, a profile of three werkprocessen:

>>> net = competency_network(example_graph())
>>> sorted(net.nodes[n]["notation"] for n in net)
['1.1', '1.2', '10', '18', '19', '2.1', '24']
>>> [(r["notation"], r["count"]) for r in shared_competencies(net)]
[('18', 2), ('10', 1), ('19', 1), ('24', 1)]
"""

from __future__ import annotations

import difflib
import io
import re
from itertools import combinations
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS
from rdflib.term import Node

from . import namespaces
from .errors import InputError
from .labels import compact, label
from . import limits
from .limits import MAX_PATH_LENGTH, MAX_PATHS, MAX_SIMILARITY_NODES
from .namespaces import BCP, PREFIXES
from .output import write_atomic
from .safetext import for_xml

__all__ = [
    "NodeError", "competency_network", "knowledge_network", "projections",
    "shared_competencies", "similarity", "centrality", "career_network", "career_paths",
    "find_node", "occupations", "write_network", "notation_key", "example_graph",
    "NETWORK_FORMATS", "DIRECTIONS",
]

#: Formats :func:`write_network` writes.
NETWORK_FORMATS = ("graphml", "gexf")

#: bcp:careerDirection values and the short names used on career edges.
DIRECTIONS: dict[URIRef, str] = {
    BCP.verticalWithin: "vertical",
    BCP.horizontalWithin: "horizontal",
    BCP.outside: "outside",
}

_POSITION = namespaces.SCHEMA.position

WERKPROCES, COMPETENCY, KNOWLEDGE, SKILL = "werkproces", "competency", "knowledge", "skill"
OCCUPATION, ROLE = "occupation", "role"


class NodeError(InputError, ValueError):
    """A name that names no node of a network, or more than one (the CLI exits with 2)."""


# ------------------------------------------------------------------ helpers


def notation_key(notation: str) -> tuple:
    """Sort key for notations: "1.2" before "1.10", numbers before text, "" last.

    >>> sorted(["2.1", "1.10", "", "1.2", "10", "9"], key=notation_key)
    ['1.2', '1.10', '2.1', '9', '10', '']
    """
    if not notation:
        return (1,)
    parts = re.split(r"[.\s]+", notation.strip())
    return (0, *((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts))


def _node_key(network: nx.Graph, node: str) -> tuple:
    data = network.nodes[node]
    return (notation_key(data.get("notation", "")), data.get("label", ""), node)


def _notation(graph: Graph, node: Node) -> str:
    values = sorted(str(v) for v in graph.objects(node, SKOS.notation) if isinstance(v, Literal))
    return values[0] if values else ""


def _names(graph: Graph, node: Node) -> tuple[str, ...]:
    """Every skos:prefLabel and skos:altLabel of ``node``, in any language, sorted."""
    found = {str(v) for p in (SKOS.prefLabel, SKOS.altLabel) for v in graph.objects(node, p)
             if isinstance(v, Literal)}
    return tuple(sorted(found))


def _fold(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _count(value: object, name: str) -> int:
    """``value`` if it is a whole number ≥ 1, else an InputError naming the parameter."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InputError(f"parameter {name}: {value!r} is not a whole number ≥ 1")
    return value


def _within(count: int, max_nodes: int, what: str) -> None:
    """Refuse work that grows with the square of ``count`` when ``count`` exceeds ``max_nodes``."""
    _count(max_nodes, "max_nodes")
    if count > max_nodes:
        raise InputError(
            f"{what} compares every pair of {count:,} werkprocessen or items "
            f"({count * (count - 1) // 2:,} pairs); the limit is {max_nodes:,} (parameter max_nodes): "
            "narrow the data to fewer profiles or werkprocessen, or raise the limit")


def _werkprocessen(network: nx.Graph) -> list[str]:
    left = [n for n, d in network.nodes(data=True) if d.get("bipartite") == 0]
    return sorted(left, key=lambda n: _node_key(network, n))


def _items(network: nx.Graph) -> list[str]:
    right = [n for n, d in network.nodes(data=True) if d.get("bipartite") == 1]
    return sorted(right, key=lambda n: _node_key(network, n))


def _profile_of(graph: Graph) -> dict[Node, str]:
    """Each werkproces -> the IRI of the profile it belongs to (by bcp:coreTask/bcp:workProcess)."""
    return {wp: str(profile) for profile, ct in graph.subject_objects(BCP.coreTask)
            for wp in graph.objects(ct, BCP.workProcess)}


def _bipartite(graph: Graph, lang: str, links: dict[URIRef, str], name: str,
               profile: str | None = None) -> nx.Graph:
    """Werkprocessen linked by ``links`` (predicate -> kind of the object) to items.

    With ``profile`` (an IRI), only that profile's werkprocessen (bcp:coreTask/bcp:workProcess).
    """
    network = nx.Graph(name=name, lang=lang, profile=str(profile) if profile is not None else "")
    owner = _profile_of(graph)
    if profile is not None:
        wps = {wp for wp, p in owner.items() if p == str(profile) and isinstance(wp, URIRef)}
    else:
        wps = {s for s in graph.subjects(RDF.type, BCP.WorkProcess) if isinstance(s, URIRef)}
        for predicate in links:
            wps.update(s for s in graph.subjects(predicate, None) if isinstance(s, URIRef))
    core_task = {wp: ct for ct, wp in graph.subject_objects(BCP.workProcess)}
    for wp in sorted(wps):
        ct = core_task.get(wp)
        network.add_node(str(wp), kind=WERKPROCES, bipartite=0, label=label(graph, wp, lang),
                         notation=_notation(graph, wp),
                         core_task=_notation(graph, ct) if ct is not None else "",
                         profile=owner.get(wp, ""))
        for predicate, kind in links.items():
            for item in sorted(graph.objects(wp, predicate)):
                if not isinstance(item, URIRef):
                    continue
                if str(item) not in network:
                    network.add_node(str(item), kind=kind, bipartite=1,
                                     label=label(graph, item, lang),
                                     notation=_notation(graph, item))
                network.add_edge(str(wp), str(item))
    return network


# ------------------------------------------------------------------ bipartite networks


def competency_network(graph: Graph, *, lang: str = "nl", profile: str | None = None) -> nx.Graph:
    """The bipartite graph of werkprocessen (``bipartite=0``) and the competencies they need.

    Every bcp:WorkProcess is a node, linked or not (with ``profile``, an IRI: only that profile's
    werkprocessen); a competency is a node when some werkproces links to it with bcp:competency.
    Werkprocessen carry ``profile``, the IRI of the profile they belong to ("" if none).

    >>> net = competency_network(example_graph(), lang="en")
    >>> net.nodes["https://w3id.org/bcpgraph/id/competentie/kwaliteit-leveren"]
    {'kind': 'competency', 'bipartite': 1, 'label': 'Delivering quality', 'notation': '19'}
    >>> net.number_of_nodes(), net.number_of_edges()
    (7, 5)
    >>> competency_network(Graph()).number_of_nodes()
    0
    """
    return _bipartite(graph, lang, {BCP.competency: COMPETENCY}, "competencies", profile)


def knowledge_network(graph: Graph, *, lang: str = "nl", profile: str | None = None) -> nx.Graph:
    """The bipartite graph of werkprocessen and the knowledge items and skills they need.

    Items have ``kind`` "knowledge" (bcp:knowledge) or "skill" (bcp:skill); ``profile`` as in
    :func:`competency_network`.

    >>> net = knowledge_network(example_graph())
    >>> sorted((d["kind"], d["label"]) for _, d in net.nodes(data=True) if d["bipartite"])
    [('knowledge', 'producten en diensten van de organisatie'), ('skill', 'gesprekstechnieken')]
    >>> net.number_of_edges()
    4
    """
    return _bipartite(graph, lang, {BCP.knowledge: KNOWLEDGE, BCP.skill: SKILL},
                      "knowledge-and-skills", profile)


def projections(network: nx.Graph, *, max_nodes: int = MAX_SIMILARITY_NODES) -> tuple[nx.Graph, nx.Graph]:
    """The weighted projections of a bipartite network: onto werkprocessen, onto items.

    Two werkprocessen are joined when they share an item, with ``weight`` the number shared;
    two items when some werkprocessen need both, ``weight`` how many. Both grow with the square
    of the number of nodes on a side, so a side of more than ``max_nodes`` nodes (default
    :data:`bcpgraph.limits.MAX_SIMILARITY_NODES`) raises :class:`~bcpgraph.errors.InputError`.

    >>> wps, comps = projections(competency_network(example_graph()))
    >>> [(wps.nodes[a]["notation"], wps.nodes[b]["notation"], w)
    ...  for a, b, w in wps.edges(data="weight")]
    [('1.1', '1.2', 1)]
    >>> comps.number_of_nodes(), comps.number_of_edges()
    (4, 2)
    """
    def project(nodes: list[str]) -> nx.Graph:
        # As nx.bipartite.weighted_projected_graph, which refuses a network with one side empty.
        out = nx.Graph(**network.graph)
        out.add_nodes_from((n, network.nodes[n]) for n in nodes)
        neighbours = {n: set(network[n]) for n in nodes}
        for a, b in combinations(nodes, 2):
            shared = len(neighbours[a] & neighbours[b])
            if shared:
                out.add_edge(a, b, weight=shared)
        return out

    wps, items = _werkprocessen(network), _items(network)
    _within(max(len(wps), len(items)), max_nodes, "the projection")
    return project(wps), project(items)


# ------------------------------------------------------------------ analyses


def shared_competencies(network: nx.Graph, *, min_count: int = 1) -> list[dict[str, Any]]:
    """Each competency with the number of werkprocessen that need it, most shared first.

    Rows: ``competency`` (IRI), ``label``, ``notation``, ``count``, ``werkprocessen`` (their
    notations, in order) and ``profile`` (the IRI of the profile whose werkprocessen these are).
    Counted per profile: a network of several profiles gives one row per profile and competency
    (werkproces numbers are unique only within a profile). Ordered by profile, then count (high
    first), then notation. ``min_count=2`` keeps only competencies that more than one werkproces
    needs.

    >>> rows = shared_competencies(competency_network(example_graph()), min_count=2)
    >>> rows[0]["label"], rows[0]["count"], rows[0]["werkprocessen"]
    ('Op de behoeften en verwachtingen van de "klant" richten', 2, ['1.1', '1.2'])
    """
    rows = []
    for item in _items(network):
        per_profile: dict[str, list[str]] = {}
        for wp in network[item]:
            per_profile.setdefault(network.nodes[wp].get("profile", ""), []).append(wp)
        for profile, wps in per_profile.items():
            if len(wps) < min_count:
                continue
            wps.sort(key=lambda n: _node_key(network, n))
            data = network.nodes[item]
            rows.append({
                "competency": item, "label": data.get("label", ""),
                "notation": data.get("notation", ""), "count": len(wps),
                "werkprocessen": [network.nodes[w].get("notation") or w for w in wps],
                "profile": profile,
            })
    rows.sort(key=lambda r: (r["profile"], -r["count"], notation_key(r["notation"]), r["label"],
                             r["competency"]))
    return rows


def similarity(network: nx.Graph, *, max_nodes: int = MAX_SIMILARITY_NODES) -> list[dict[str, Any]]:
    """Jaccard similarity of every pair of werkprocessen over the items they need.

    Jaccard = |shared| / |union|; 0.0 when neither needs anything. Rows: ``a``, ``b`` (IRIs,
    ``a`` first in notation order), ``a_label``, ``b_label``, ``a_notation``, ``b_notation``,
    ``jaccard``, ``shared`` (how many items both need), ``a_profile`` and ``b_profile`` (the IRIs of
    their profiles). Most similar first. Works on the competency network and on the knowledge
    network alike; build the network with ``profile=`` to compare within one profile.

    There is a row for every pair, n·(n-1)/2 of them, so more than ``max_nodes`` werkprocessen
    (default :data:`bcpgraph.limits.MAX_SIMILARITY_NODES`, about 500,000 rows) raise
    :class:`~bcpgraph.errors.InputError`.

    >>> rows = similarity(competency_network(example_graph()))
    >>> [(r["a_notation"], r["b_notation"], round(r["jaccard"], 3), r["shared"]) for r in rows]
    [('1.1', '1.2', 0.333, 1), ('1.1', '2.1', 0.0, 0), ('1.2', '2.1', 0.0, 0)]
    """
    wps = _werkprocessen(network)
    _within(len(wps), max_nodes, "similarity")
    needs = {n: set(network[n]) for n in wps}
    labels = {n: network.nodes[n].get("label", "") for n in wps}
    notations = {n: network.nodes[n].get("notation", "") for n in wps}
    profiles = {n: network.nodes[n].get("profile", "") for n in wps}
    order = {n: i for i, n in enumerate(wps)}
    scores = []
    for a, b in combinations(wps, 2):
        shared = len(needs[a] & needs[b])
        union = len(needs[a]) + len(needs[b]) - shared
        scores.append((-(shared / union if union else 0.0), -shared, order[a], order[b]))
    scores.sort()
    return [{"a": wps[i], "b": wps[j], "a_label": labels[wps[i]], "b_label": labels[wps[j]],
             "a_notation": notations[wps[i]], "b_notation": notations[wps[j]],
             "jaccard": -jaccard or 0.0, "shared": -shared,
             "a_profile": profiles[wps[i]], "b_profile": profiles[wps[j]]}
            for jaccard, shared, i, j in scores]


def _bipartite_betweenness(network: nx.Graph, top: list[str]) -> dict[str, float]:
    """nx.bipartite.betweenness_centrality, but 0.0 where its normalising maximum is 0.

    networkx divides by zero on small graphs (one werkproces, one competency); the values
    otherwise are the same.
    """
    raw = nx.betweenness_centrality(network, normalized=False)
    top_set = set(top)
    n, m = len(top_set), network.number_of_nodes() - len(top_set)

    def maximum(own: int, other: int) -> float:
        if own == 0 or other == 0:
            return 0.0
        s, t = divmod(own - 1, other)
        return ((other ** 2) * (s + 1) ** 2 + other * (s + 1) * (2 * t - s - 1)
                - t * (2 * s - t + 3)) / 2.0

    max_top, max_bottom = maximum(n, m), maximum(m, n)
    out = {}
    for node, value in raw.items():
        peak = max_top if node in top_set else max_bottom
        out[node] = value / peak if peak > 0 else 0.0
    return out


def centrality(network: nx.Graph, *, max_nodes: int = MAX_SIMILARITY_NODES) -> list[dict[str, Any]]:
    """Per competency: how many werkprocessen need it and how central it is in the network.

    Rows: ``competency`` (IRI; on a knowledge network the knowledge item or skill), ``kind``,
    ``label``, ``notation``, ``degree`` (number of werkprocessen), ``degree_centrality`` (degree
    divided by the number of werkprocessen) and ``betweenness`` (bipartite betweenness
    centrality, normalised as :func:`networkx.bipartite.betweenness_centrality` does) and
    ``profile`` (the network's profile, see :func:`competency_network`; else the IRIs of the
    profiles whose werkprocessen need it, joined by ", "). Sorted by degree, then betweenness
    (high first), then notation. Build the network with ``profile=`` for one profile's answer.

    >>> rows = centrality(competency_network(example_graph()))
    >>> [(r["notation"], r["degree"], round(r["degree_centrality"], 2)) for r in rows]
    [('18', 2, 0.67), ('10', 1, 0.33), ('19', 1, 0.33), ('24', 1, 0.33)]
    >>> rows[0]["betweenness"] > rows[1]["betweenness"]
    True
    """
    left, right = _werkprocessen(network), _items(network)
    if not left or not right:
        return []
    _within(max(len(left), len(right)), max_nodes, "centrality")
    between = _bipartite_betweenness(network, left)
    rows = []
    for item in right:
        data = network.nodes[item]
        degree = network.degree(item)
        rows.append({
            "competency": item, "kind": data.get("kind", ""), "label": data.get("label", ""),
            "notation": data.get("notation", ""), "degree": degree,
            "degree_centrality": degree / len(left), "betweenness": between[item],
            "profile": network.graph.get("profile") or ", ".join(
                sorted({network.nodes[w].get("profile", "") for w in network[item]})),
        })
    rows.sort(key=lambda r: (-r["degree"], -r["betweenness"], notation_key(r["notation"]),
                             r["label"], r["competency"]))
    return rows


# ------------------------------------------------------------------ careers


def career_network(graph: Graph, *, lang: str = "nl", interpretations: bool = False,
                   profile: str | None = None) -> nx.DiGraph:
    """Roles joined by the bcp:CareerTransition resources of the graph.

    Nodes: every bcp:Role and bcp:Occupation, and every role a transition names, with
    ``label``, ``kind`` ("occupation" or "role") and ``alt_labels`` (all its other labels, any
    language). Edges run fromRole -> toRole with ``direction`` ("vertical", "horizontal",
    "outside"), ``direction_label``, ``interpretation`` (bool), ``transition`` (its IRI),
    ``label`` and ``position`` (its schema:position, 0 if none). Transitions without a toRole
    name no role and are left out; so are bcp:Interpretation transitions unless
    ``interpretations=True``. Where a stated transition and an interpretation join the same
    roles, the edge is the stated one. The labels of the transitions naming no role are kept,
    in order, in ``network.graph["without_role"]``. With ``profile`` (an IRI), only the
    transitions that profile names (bcp:careerTransition) and the roles they join, and its
    occupation; ``network.graph["profile"]`` is that IRI ("" for the whole graph).

    >>> net = career_network(example_graph())
    >>> [(net.nodes[a]["label"], net.nodes[b]["label"], d)
    ...  for a, b, d in net.edges(data="direction")]
    [('agent', 'teamleider', 'vertical'), ('teamleider', 'manager', 'vertical')]
    >>> career_network(example_graph(), interpretations=True).number_of_edges()
    3
    """
    network = nx.DiGraph(name="careers", lang=lang, interpretations=interpretations,
                         profile=str(profile) if profile is not None else "")

    def add_role(role: Node) -> str:
        key = str(role)
        if key not in network:
            kind = OCCUPATION if (role, RDF.type, BCP.Occupation) in graph else ROLE
            own = label(graph, role, lang)
            network.add_node(key, kind=kind, label=own,
                             alt_labels=tuple(n for n in _names(graph, role) if n != own))
        return key

    if profile is None:
        roles = {*graph.subjects(RDF.type, BCP.Occupation), *graph.subjects(RDF.type, BCP.Role)}
        steps = set(graph.subjects(RDF.type, BCP.CareerTransition))
    else:
        roles = set(graph.objects(URIRef(profile), BCP.occupation))
        steps = {s for s in graph.objects(URIRef(profile), BCP.careerTransition)
                 if (s, RDF.type, BCP.CareerTransition) in graph}
    for role in sorted(roles):
        if isinstance(role, URIRef):
            add_role(role)
    transitions, open_ended = [], []
    for step in steps:
        source, target = graph.value(step, BCP.fromRole), graph.value(step, BCP.toRole)
        interpretation = (step, RDF.type, BCP.Interpretation) in graph
        if interpretation and not interpretations:
            continue
        given = graph.value(step, _POSITION)
        order = int(given) if isinstance(given, Literal) and str(given).isdigit() else 0
        if isinstance(source, URIRef) and isinstance(target, URIRef):
            transitions.append((interpretation, order, str(step), step, source, target))
        else:
            open_ended.append((order, str(step), label(graph, step, lang)))
    network.graph["without_role"] = tuple(text for _, _, text in sorted(open_ended))
    for interpretation, position, _, step, source, target in sorted(transitions):
        a, b = add_role(source), add_role(target)
        if network.has_edge(a, b):
            continue  # a stated transition (sorted first) wins over an interpretation
        direction = graph.value(step, BCP.careerDirection)
        network.add_edge(
            a, b,
            direction=DIRECTIONS.get(direction, compact(direction) if direction else ""),
            direction_label=label(graph, direction, lang) if direction is not None else "",
            interpretation=interpretation, transition=str(step), label=label(graph, step, lang),
            position=position)
    return network


def occupations(network: nx.Graph) -> list[str]:
    """The occupations in a career network (nodes of ``kind`` "occupation"): where careers start.

    >>> [iri.rsplit("/", 1)[1] for iri in occupations(career_network(example_graph()))]
    ['agent']
    """
    return sorted(n for n, kind in network.nodes(data="kind") if kind == "occupation")


def _expand(text: str) -> str:
    """An IRI for ``<iri>`` or a prefixed name with one of bcpgraph's prefixes, else ``text``."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    prefix, colon, local = text.partition(":")
    if colon and prefix in PREFIXES and not local.startswith("//"):
        return str(PREFIXES[prefix]) + local
    return text


def _display(network: nx.Graph, node: str) -> str:
    return f"{network.nodes[node].get('label', node)} ({compact(URIRef(node))})"


def find_node(network: nx.Graph, text: str) -> str:
    """The node that ``text`` names: its IRI, a prefixed name, or a label (case-insensitive).

    Labels are ``label`` and ``alt_labels``; failing those, the last part of the IRI. Raises
    :class:`NodeError` (a ValueError) listing the candidates when the text names several nodes,
    or with suggestions when it names none.

    >>> net = career_network(example_graph())
    >>> find_node(net, "TEAM LEADER")
    'https://w3id.org/bcpgraph/id/functie/teamleider'
    >>> find_node(net, "functie:manager")
    'https://w3id.org/bcpgraph/id/functie/manager'
    >>> find_node(net, "teamlieder")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    bcpgraph.analysis.NodeError: no node called 'teamlieder'; did you mean 'teamleider' or ...?
    """
    iri = _expand(text)
    if iri in network:
        return iri
    wanted = _fold(text)
    names: dict[str, set[str]] = {}
    for node, data in network.nodes(data=True):
        for name in (data.get("label", ""), *data.get("alt_labels", ())):
            if name:
                names.setdefault(name, set()).add(node)
    found = {n for name, nodes in names.items() if _fold(name) == wanted for n in nodes}
    if not found:
        found = {n for n in network if _fold(re.split(r"[/#]", str(n))[-1]) == wanted}
    if len(found) == 1:
        return found.pop()
    if found:
        listing = "; ".join(_display(network, n) for n in sorted(found))
        raise NodeError(f"{text!r} is ambiguous, it names {len(found)} nodes: {listing}")
    by_fold = {_fold(name): name for name in sorted(names)}
    close = difflib.get_close_matches(wanted, list(by_fold), n=3, cutoff=0.6)
    hint = "; did you mean " + " or ".join(repr(by_fold[c]) for c in close) + "?" if close else ""
    raise NodeError(f"no node called {text!r}{hint}")


class _OutOfBudget(Exception):
    """The bounded search for a longer path gave up."""


def _distances_to(network: nx.DiGraph, target: str) -> dict[str, int]:
    """Steps from each node to ``target`` (only nodes that can reach it)."""
    return dict(nx.single_target_shortest_path_length(network, target))


def _first_shortest(network: nx.DiGraph, source: str, target: str, to_target: dict[str, int]) -> list[str]:
    """The shortest path that comes first in node order (the smallest list of IRIs)."""
    if source not in to_target:
        return []
    path = [source]
    while path[-1] != target:
        here = path[-1]
        path.append(min(n for n in network.successors(here) if to_target.get(n) == to_target[here] - 1))
    return path


def _paths_of_length(network: nx.DiGraph, source: str, target: str, steps: int,
                     to_target: dict[str, int], budget: list[int] | None = None):
    """Every simple path of exactly ``steps`` steps, in node order, depth first; a node is only
    entered when the target can still be reached in the steps left. ``budget`` (one count, in a
    list) bounds the nodes entered, raising :class:`_OutOfBudget` when spent."""
    path, seen = [source], {source}
    branches = [iter(sorted(network.successors(source)))]
    while branches:
        following = next(branches[-1], None)
        if following is None:
            branches.pop()
            seen.discard(path.pop())
            continue
        left = steps - len(path)  # steps left after moving to ``following``
        if following in seen or to_target.get(following, left + 1) > left:
            continue
        if budget is not None:
            budget[0] -= 1
            if budget[0] < 0:
                raise _OutOfBudget
        if following == target:
            if left == 0:
                yield [*path, following]
            continue
        path.append(following)
        seen.add(following)
        branches.append(iter(sorted(network.successors(following))))


def career_paths(network: nx.DiGraph, source: str, target: str, *, max_paths: int = MAX_PATHS,
                 max_length: int = MAX_PATH_LENGTH) -> dict[str, Any]:
    """Routes from ``source`` to ``target`` (IRIs or prefixed names) in a career network.

    ``shortest`` is a shortest path (the first in node order when there are several), whatever
    the limits. ``all`` holds simple paths of at most ``max_length`` steps, shortest first, then
    in node order, at most ``max_paths`` of them (defaults :data:`bcpgraph.limits.MAX_PATHS` and
    :data:`~bcpgraph.limits.MAX_PATH_LENGTH`: the number of simple paths grows exponentially,
    13 roles that all lead to each other have billions). The search takes at most
    :data:`~bcpgraph.limits.MAX_PATH_SEARCH` steps and then gives the paths found so far.
    ``truncated`` is True when paths were left out: more than ``max_paths``, longer than
    ``max_length`` (found by a bounded search; where that search cannot tell, True), or not
    reached within the search's steps. No route gives empty lists; an unknown node raises
    :class:`NodeError` naming it (use :func:`find_node` to turn a label into a node); a limit
    that is not a whole number ≥ 1 raises :class:`~bcpgraph.errors.InputError`.

    >>> net = career_network(example_graph())
    >>> paths = career_paths(net, "functie:agent", "functie:manager")
    >>> [iri.rsplit("/", 1)[1] for iri in paths["shortest"]], len(paths["all"]), paths["truncated"]
    (['agent', 'teamleider', 'manager'], 1, False)
    >>> career_paths(net, "functie:manager", "functie:agent")
    {'shortest': [], 'all': [], 'truncated': False}
    >>> career_paths(net, "functie:agent", "functie:manager", max_length=1)["truncated"]
    True
    """
    max_paths, max_length = _count(max_paths, "max_paths"), _count(max_length, "max_length")
    ends = [_expand(source), _expand(target)]
    unknown = [given for given, node in zip((source, target), ends, strict=True)
               if node not in network]
    if unknown:
        raise NodeError("not in the career network: " + ", ".join(repr(u) for u in unknown))
    a, b = ends
    if a == b:
        return {"shortest": [a], "all": [[a]], "truncated": False}
    to_target = _distances_to(network, b)
    shortest = _first_shortest(network, a, b, to_target)
    if not shortest:
        return {"shortest": [], "all": [], "truncated": False}
    found: list[list[str]] = []
    longest = min(max_length, network.number_of_nodes() - 1)
    budget = [limits.MAX_PATH_SEARCH]
    try:
        for steps in range(len(shortest) - 1, longest + 1):
            for path in _paths_of_length(network, a, b, steps, to_target, budget):
                if len(found) == max_paths:
                    return {"shortest": shortest, "all": found, "truncated": True}
                found.append(path)
    except _OutOfBudget:  # the shortest paths found so far, in order
        return {"shortest": shortest, "all": found, "truncated": True}
    budget = [10_000]  # is there a path longer than max_length? a bounded look
    try:
        longer = any(next(_paths_of_length(network, a, b, steps, to_target, budget), None)
                     for steps in range(longest + 1, network.number_of_nodes()))
    except _OutOfBudget:
        longer = True
    return {"shortest": shortest, "all": found, "truncated": longer}


# ------------------------------------------------------------------ writing networks


def _flat(value: object) -> object:
    """An attribute value GraphML and GEXF can hold: lists joined with "; ", text XML allows."""
    if isinstance(value, (list, tuple, set, frozenset)):
        value = "; ".join(str(v) for v in value)
    return for_xml(value) if isinstance(value, str) else value


def _writable(network: nx.Graph) -> nx.Graph:
    """A copy whose attributes GraphML and GEXF can hold: lists joined with "; ", no None, and
    no character XML forbids in ids, keys or text (each becomes U+FFFD)."""
    def attrs(data: dict) -> dict:
        return {for_xml(str(k)): _flat(v) for k, v in data.items() if v is not None}

    out = network.__class__()
    out.graph.update(attrs(network.graph))
    for node, data in network.nodes(data=True):
        out.add_node(for_xml(str(node)), **attrs(data))
    for a, b, data in network.edges(data=True):
        out.add_edge(for_xml(str(a)), for_xml(str(b)), **attrs(data))
    return out


def write_network(network: nx.Graph, path: str | Path, format: str | None = None, *,
                  force: bool = False) -> Path:
    """Write ``network`` to ``path`` as ``graphml`` or ``gexf`` (default: from the file ending).

    The file appears whole or not at all (:func:`bcpgraph.output.write_atomic`); an existing
    file is only replaced with ``force``. List attributes are written joined with "; "; a
    character XML forbids (a control character, U+FFFF) becomes U+FFFD, so the file is always
    well-formed.
    Unknown formats and unwritable places raise :class:`~bcpgraph.errors.InputError`.
    """
    path = Path(path)
    fmt = (format or path.suffix.lstrip(".")).lower()
    if fmt not in NETWORK_FORMATS:
        raise InputError(f"{path}: unknown network format {fmt!r}; use one of "
                         + ", ".join(NETWORK_FORMATS))
    buffer = io.BytesIO()
    (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(_writable(network), buffer)
    return write_atomic(path, buffer.getvalue(), force=force)


# ------------------------------------------------------------------ the example


_EXAMPLE = """\
@prefix bcp: <https://w3id.org/bcpgraph/def/> .
@prefix comp: <https://w3id.org/bcpgraph/id/competentie/> .
@prefix kennis: <https://w3id.org/bcpgraph/id/kennis/> .
@prefix vaardigheid: <https://w3id.org/bcpgraph/id/vaardigheid/> .
@prefix functie: <https://w3id.org/bcpgraph/id/functie/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://w3id.org/bcpgraph/id/bcp/voorbeeld/> .

<https://w3id.org/bcpgraph/id/bcp/voorbeeld> a bcp:Profile ;
    skos:prefLabel "Beroepscompetentieprofiel Agent"@nl ;
    bcp:occupation functie:agent ; bcp:coreTask <kerntaak/1> , <kerntaak/2> .
<kerntaak/1> a bcp:CoreTask ; skos:notation "1" ; skos:prefLabel "Onderhoudt relaties"@nl ;
    bcp:workProcess <werkproces/1.1> , <werkproces/1.2> .
<kerntaak/2> a bcp:CoreTask ; skos:notation "2" ; skos:prefLabel "Verkoopt"@nl ;
    bcp:workProcess <werkproces/2.1> .
<werkproces/1.1> a bcp:WorkProcess ; skos:notation "1.1" ;
    skos:prefLabel "Handelt klantvragen af"@nl , "Handles customer questions"@en ;
    bcp:competency comp:op-de-behoeften-en-verwachtingen-van-de-klant-richten ,
        comp:kwaliteit-leveren ;
    bcp:knowledge kennis:producten-en-diensten-van-de-organisatie ;
    bcp:skill vaardigheid:gesprekstechnieken .
<werkproces/1.2> a bcp:WorkProcess ; skos:notation "1.2" ;
    skos:prefLabel "Beantwoordt e-mails"@nl , "Answers e-mails"@en ;
    bcp:competency comp:op-de-behoeften-en-verwachtingen-van-de-klant-richten ,
        comp:formuleren-en-rapporteren ;
    bcp:knowledge kennis:producten-en-diensten-van-de-organisatie .
<werkproces/2.1> a bcp:WorkProcess ; skos:notation "2.1" ;
    skos:prefLabel "Voert het verkoopgesprek"@nl , "Conducts the sales conversation"@en ;
    bcp:competency comp:ondernemend-en-commercieel-handelen ;
    bcp:skill vaardigheid:gesprekstechnieken .

comp:formuleren-en-rapporteren a bcp:Competency ; skos:notation "10" ;
    skos:inScheme <https://w3id.org/bcpgraph/id/competenties> ;
    skos:prefLabel "Formuleren en rapporteren"@nl , "Formulating and reporting"@en .
comp:op-de-behoeften-en-verwachtingen-van-de-klant-richten a bcp:Competency ; skos:notation "18" ;
    skos:inScheme <https://w3id.org/bcpgraph/id/competenties> ;
    skos:prefLabel "Op de behoeften en verwachtingen van de \\"klant\\" richten"@nl ,
        "Focusing on customer needs and expectations"@en .
comp:kwaliteit-leveren a bcp:Competency ; skos:notation "19" ;
    skos:inScheme <https://w3id.org/bcpgraph/id/competenties> ;
    skos:prefLabel "Kwaliteit leveren"@nl , "Delivering quality"@en .
comp:instructies-en-procedures-opvolgen a bcp:Competency ; skos:notation "20" ;
    skos:inScheme <https://w3id.org/bcpgraph/id/competenties> ;
    skos:prefLabel "Instructies en procedures opvolgen"@nl ,
        "Following instructions and procedures"@en .
comp:ondernemend-en-commercieel-handelen a bcp:Competency ; skos:notation "24" ;
    skos:inScheme <https://w3id.org/bcpgraph/id/competenties> ;
    skos:prefLabel "Ondernemend en commercieel handelen"@nl ,
        "Entrepreneurial and commercial thinking"@en .
kennis:producten-en-diensten-van-de-organisatie a bcp:KnowledgeItem ;
    skos:prefLabel "producten en diensten van de organisatie"@nl .
vaardigheid:gesprekstechnieken a bcp:Skill ; skos:prefLabel "gesprekstechnieken"@nl .

functie:agent a bcp:Occupation ; skos:prefLabel "agent"@nl , "agent"@en .
functie:teamleider a bcp:Role ; skos:prefLabel "teamleider"@nl , "team leader"@en .
functie:manager a bcp:Role ; skos:prefLabel "manager"@nl , "manager"@en .
<loopbaanstap/1> a bcp:CareerTransition ; schema:position 1 ;
    bcp:fromRole functie:agent ; bcp:toRole functie:teamleider ;
    bcp:careerDirection bcp:verticalWithin .
<loopbaanstap/2> a bcp:CareerTransition ; schema:position 2 ;
    bcp:fromRole functie:teamleider ; bcp:toRole functie:manager ;
    bcp:careerDirection bcp:verticalWithin .
<loopbaanstap/3> a bcp:CareerTransition ; schema:position 3 ;
    skos:prefLabel "Horizontaal: andere projecten"@nl , "Horizontal: other projects"@en ;
    bcp:fromRole functie:agent ; bcp:careerDirection bcp:horizontalWithin .
<loopbaanstap/4> a bcp:CareerTransition , bcp:Interpretation ; schema:position 4 ;
    bcp:fromRole functie:agent ; bcp:toRole functie:manager ;
    bcp:careerDirection bcp:outside .
bcp:verticalWithin skos:prefLabel "verticaal binnen het contactcenter"@nl ,
    "vertical, within the contact centre"@en .
bcp:outside skos:prefLabel "buiten het contactcenter"@nl , "outside the contact centre"@en .
"""


def example_graph() -> Graph:
    """A tiny profile for examples and tests: 3 werkprocessen, 5 competencies, 3 roles.

    Werkproces 1.1 needs competencies 18 and 19, 1.2 needs 18 and 10, 2.1 needs 24 (20 is in
    the scheme but unused). Careers: agent -> teamleider -> manager (stated), agent -> manager
    (an interpretation), and one step naming no role.

    >>> len(example_graph()) > 50
    True
    """
    return Graph().parse(data=_EXAMPLE, format="turtle")
