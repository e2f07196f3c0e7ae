"""Every analysis as ``name: callable(store) -> a plain value to compare``: the same answer is
expected on every store holding the same data (an rdflib Graph, a Dataset, embedded Oxigraph, a
SPARQL server). For a parity test over stores::

    @pytest.mark.parametrize("name", sorted(CASES))
    def test_analysis_is_the_same_on_every_store(name, store, reference):
        assert CASES[name](store) == CASES[name](reference)

Each case works on any store that holds the shipped profile (:data:`CC`), alone or beside others.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import networkx as nx

from bcpgraph.analysis import (career_answer, career_network, centrality, competency_network, knowledge_network,
                               projections, shared_competencies, similarity)
from bcpgraph.compare import compare, find_profile, profile_similarity
from bcpgraph.matrix import competency_matrix, profiles
from bcpgraph.overview import career_target, overview

CC = "https://w3id.org/bcpgraph/id/bcp/contactcenter-medewerker-2010"


def plain(network: nx.Graph) -> tuple:
    """A network as sorted plain values: its attributes, nodes and edges with their data."""
    def items(data: dict) -> tuple:
        return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in data.items()))

    directed = network.is_directed()
    edges = sorted(((a, b) if directed or a <= b else (b, a), items(d)) for a, b, d in network.edges(data=True))
    return items(network.graph), tuple(sorted((n, items(d)) for n, d in network.nodes(data=True))), tuple(edges)


def _paths(store: Any) -> dict:
    network = career_network(store, profile=CC)
    return career_answer(network, career_target(store, CC))


CASES: dict[str, Callable[[Any], Any]] = {
    "competency-network": lambda s: plain(competency_network(s, profile=CC, lang="en")),
    "competency-network-whole": lambda s: plain(competency_network(s)),
    "knowledge-network": lambda s: plain(knowledge_network(s, profile=CC)),
    "career-network": lambda s: plain(career_network(s, profile=CC)),
    "career-network-interpretations": lambda s: plain(career_network(s, interpretations=True, lang="en")),
    "projections": lambda s: tuple(plain(p) for p in projections(competency_network(s, profile=CC))),
    "shared-competencies": lambda s: shared_competencies(competency_network(s, profile=CC), min_count=2),
    "similarity": lambda s: similarity(knowledge_network(s, profile=CC)),
    "centrality": lambda s: centrality(competency_network(s, profile=CC)),
    "career-paths": _paths,
    "matrix": lambda s: competency_matrix(s, profile=CC, lang="en"),
    "overview": lambda s: overview(s, profile=CC),
    "overview-all": lambda s: overview(s, lang="en"),
    "compare": lambda s: compare(CC, CC, graph=s, lang="en"),
    "profile-similarity": lambda s: profile_similarity(s),
    "profiles": lambda s: profiles(s),
    "find-profile": lambda s: str(find_profile(s, "contactcenter-medewerker-2010")),
}
