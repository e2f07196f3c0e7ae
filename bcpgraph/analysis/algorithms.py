"""Algorithms on the networks: projections, shared competencies, similarity and centrality.

Pure functions of a network (see :mod:`bcpgraph.analysis.networks`), returning plain lists and
dicts, sorted, so output is stable.

>>> from bcpgraph.analysis import competency_network, example_graph
>>> net = competency_network(example_graph())
>>> [(r["notation"], r["count"]) for r in shared_competencies(net)]
[('18', 2), ('10', 1), ('19', 1), ('24', 1)]
"""

from __future__ import annotations

import re
from itertools import combinations
from typing import Any

import networkx as nx

from ..errors import InputError
from ..limits import MAX_SIMILARITY_NODES
from .example import example_graph  # noqa: F401 (the examples below use it)
from .networks import competency_network  # noqa: F401

__all__ = ["notation_key", "projections", "shared_competencies", "similarity", "centrality"]


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

