"""Queries on an rdflib graph in memory, refusing anything that would reach the network."""

from __future__ import annotations

from pyparsing import ParseResults
from rdflib import Graph
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query

from ..errors import InputError
from ..namespaces import PREFIXES
from ..results import Rows

__all__ = ["LocalStore", "check_query"]


class LocalStore:
    """An rdflib graph; ``None`` means the shipped profile, loaded on first use."""

    def __init__(self, graph: Graph | None = None, *, timeout: float | None = None):
        self._graph = graph
        self.timeout = timeout

    @property
    def graph(self) -> Graph:
        if self._graph is None:
            from ..graph import load

            self._graph = load()
        return self._graph

    def run(self, text: str) -> Rows | Graph:
        result = self.graph.query(check_query(text))
        if result.type == "ASK":
            return Rows((), [], boolean=bool(result.askAnswer))
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return result.graph
        names = tuple(str(v) for v in result.vars)
        return Rows(names, [{str(k): v for k, v in row.asdict().items()} for row in result])


def _walk(node: object):
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, (list, tuple, ParseResults)):  # parseQuery's top level is a ParseResults
        for value in node:
            yield from _walk(value)


def check_query(text: str) -> Query:
    """The query ``text`` parsed once, refusing what would make rdflib reach the network:
    SERVICE, FROM / FROM NAMED. The parsed query is what runs, so it is not parsed twice.
    bcpgraph's prefixes are known; the query's own PREFIX lines take precedence."""
    try:
        parsed = parseQuery(text)
        translated = translateQuery(parsed, initNs={k: str(v) for k, v in PREFIXES.items()})
        algebra = translated.algebra
    except Exception as exc:
        raise InputError(f"SPARQL syntax error: {exc}") from None
    for node in _walk(algebra):
        if node.name == "ServiceGraphPattern":
            raise InputError("SERVICE is not executed on the local graph (no network on your behalf)")
    if any(node.name == "DatasetClause" or "datasetClause" in node and node["datasetClause"]
           for node in _walk(parsed)):
        raise InputError("FROM / FROM NAMED are not loaded on the local graph (no network on your behalf)")
    return translated
