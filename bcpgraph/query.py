"""Run named SPARQL queries (``queries/*.rq``) and your own SPARQL, on a local graph or an endpoint.

The pieces: :mod:`bcpgraph.catalogue` (the named queries and their headers),
:mod:`bcpgraph.binding` (parameter values → RDF terms → a VALUES block), :mod:`bcpgraph.stores`
(where the text runs) and :mod:`bcpgraph.results` (answers and their formats).
"""

from __future__ import annotations

from rdflib import Graph
from rdflib.term import Node

from .binding import bind, prologue, resolve, term
from .catalogue import NamedQuery, Param, named_query, queries
from .errors import ArgumentError, InputError, suggest
from .results import Rows
from .stores import store_for

__all__ = ["NamedQuery", "Param", "queries", "named_query", "query", "sparql", "resolve", "suggest"]


def query(name: str, *, graph: Graph | None = None, endpoint: str | None = None,
          **params: str) -> Rows:
    """Run the named query ``name`` with ``params`` on ``graph`` (default: :func:`load`) or
    on a SPARQL ``endpoint`` URL.

    >>> rows = query("job-titles")
    >>> len(rows)
    7
    """
    named = named_query(name)
    store = store_for(graph, endpoint)
    values: dict[str, Node] = {}
    for key, value in params.items():
        if value is None:
            continue
        param = named.param(key)
        values[param.name] = term(param, str(value), store)
    for param in named.params:
        if param.name in values:
            continue
        if param.required:
            raise InputError(f"query {name}: parameter {param.name!r} is required ({param.description})")
        if param.default is not None:
            values[param.name] = term(param, param.default, store)
    result = store.run(bind(named.text, values))
    if not isinstance(result, Rows):
        raise InputError(f"query {name}: named queries must be SELECT or ASK queries")
    return result


def sparql(text: str, *, graph: Graph | None = None, endpoint: str | None = None) -> Rows | Graph:
    """Run SPARQL ``text`` (SELECT, ASK, CONSTRUCT or DESCRIBE). bcpgraph's prefixes are known.

    Locally, SERVICE and FROM are refused: nothing reaches the network on your behalf.

    >>> sparql("SELECT (COUNT(*) AS ?n) WHERE { ?wp a bcp:WorkProcess }").column("n")[0].toPython()
    7
    """
    if not isinstance(text, str):
        raise ArgumentError(f"a SPARQL query is a string, not {type(text).__name__}")
    store = store_for(graph, endpoint)
    if endpoint:
        text = prologue() + text
    return store.run(text)
