"""Network analyses of profiles: werkprocessen, the competencies and knowledge they need, careers.

Each network is built from SPARQL answers (:mod:`~bcpgraph.analysis.networks`), so it builds on
whatever store holds the data: an rdflib graph, embedded Oxigraph, a SPARQL endpoint. Every
analysis after that is a pure function of the network returning plain lists and dicts, sorted,
so output is stable and the same on every store.

- :mod:`~bcpgraph.analysis.networks`: :func:`competency_network` / :func:`knowledge_network`,
  bipartite werkproces–item graphs (werkprocessen ``bipartite=0``, items ``1``).
- :mod:`~bcpgraph.analysis.algorithms`: :func:`projections`, :func:`shared_competencies`,
  :func:`similarity`, :func:`centrality`.
- :mod:`~bcpgraph.analysis.careers`: :func:`career_network`, :func:`career_paths`,
  :func:`find_node`, :func:`occupations`, :func:`career_answer`.
- :mod:`~bcpgraph.analysis.export`: :func:`write_network` (GraphML or GEXF), the one function
  here that writes a file; :func:`records_text`.

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

from .algorithms import centrality, notation_key, projections, shared_competencies, similarity
from .careers import (DIRECTIONS, NodeError, career_answer, career_network, career_paths, find_node,
                      occupations, paths_text)
from .example import example_graph
from .export import NETWORK_FORMATS, records_text, write_network
from .networks import competency_network, knowledge_network

__all__ = [
    "NodeError", "competency_network", "knowledge_network", "projections",
    "shared_competencies", "similarity", "centrality", "career_network", "career_paths",
    "find_node", "occupations", "write_network", "notation_key", "example_graph",
    "NETWORK_FORMATS", "DIRECTIONS", "career_answer", "paths_text", "records_text",
]
