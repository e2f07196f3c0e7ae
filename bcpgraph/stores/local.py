"""Queries on an rdflib graph in memory: read-only, bounded in size and time, and refusing
anything that would reach the network.

>>> from rdflib import Graph, Literal, URIRef
>>> g = Graph()
>>> _ = g.add((URIRef("http://e/a"), URIRef("http://e/p"), Literal(1)))
>>> LocalStore(g).run("SELECT ?o WHERE { ?s ?p ?o }").column("o")
[rdflib.term.Literal('1', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))]
>>> LocalStore(g).run("DELETE WHERE { ?s ?p ?o }")
Traceback (most recent call last):
bcpgraph.errors.InputError: updates are refused: bcpgraph only reads (use SELECT, ASK, CONSTRUCT or DESCRIBE)
"""

from __future__ import annotations

from pyparsing import ParseResults
from rdflib import ConjunctiveGraph, Graph
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.evaluate import evalQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query

from .. import limits
from ..errors import InputError
from . import StoreBase, bounded_rows, is_update
from ..limits import time_limit
from ..namespaces import PREFIXES
from ..results import Rows

__all__ = ["LocalStore", "check_query"]


class LocalStore(StoreBase):
    """An rdflib graph; ``None`` means the shipped profile, loaded on first use.

    ``timeout`` (seconds; default :data:`bcpgraph.limits.QUERY_TIMEOUT`) bounds parsing and
    evaluating each query together.
    """

    backend = "rdflib"

    def __init__(self, graph: Graph | None = None, *, timeout: float | None = None):
        self._graph = graph
        self.timeout = timeout

    def __len__(self) -> int:
        return len(self.graph)

    def graphs(self) -> list[str]:
        graph = self.graph
        if not isinstance(graph, ConjunctiveGraph):
            return []
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        from ..graph import named_graphs

        return sorted(str(g.identifier) for g in named_graphs(graph) if g.identifier != DATASET_DEFAULT_GRAPH_ID)

    def load(self, source, graph: str | None = None) -> int:
        from rdflib import URIRef

        from ..graph import profile_graph_id, read_rdf

        target = self.graph
        before = len(target)
        parsed = source if isinstance(source, Graph) else read_rdf(source)
        if isinstance(target, ConjunctiveGraph):
            target.graph(URIRef(graph) if graph else profile_graph_id(parsed)).__iadd__(parsed)
        else:
            target += parsed
        return len(target) - before

    def dump(self, name: str) -> bytes:
        """Everything the graph holds in the RDF format ``name`` (a name of
        :data:`bcpgraph.formats.RDF_FORMATS`), serialized by rdflib: TriG and N-Quads with each
        triple in its graph, the other formats the union of all graphs (a triple once)."""
        from ..formats import RDF_FORMATS, serialize
        from ..graph import bind_prefixes

        graph = self.graph
        if not RDF_FORMATS[name].dataset and isinstance(graph, ConjunctiveGraph):  # the union, a triple once
            union = bind_prefixes(Graph())
            for s, p, o, _ in graph.quads((None, None, None, None)):
                union.add((s, p, o))
            graph = union
        return serialize(graph, name)

    @property
    def graph(self) -> Graph:
        if self._graph is None:
            from ..graph import load

            self._graph = load()
        return self._graph

    def run(self, text: str) -> Rows | Graph:
        """The answer to the query ``text``: :class:`Rows` for SELECT and ASK, a Graph for
        CONSTRUCT and DESCRIBE.

        Raises :class:`~bcpgraph.errors.InputError` for text over
        :data:`~bcpgraph.limits.MAX_QUERY_CHARS`, a syntax error, an update, what would reach
        the network, a query rdflib cannot evaluate and an answer of more than
        :data:`~bcpgraph.limits.MAX_ANSWER_VALUES` values; :class:`~bcpgraph.limits.TimeoutExceeded`
        when parsing and evaluating take longer than the timeout.
        """
        graph = self.graph  # loading the shipped profile is not the query's time
        with time_limit(self.timeout or limits.QUERY_TIMEOUT, "the query"):
            query = check_query(text, named_graphs=isinstance(graph, ConjunctiveGraph))
            try:
                # evalQuery rather than graph.query: rdflib's Result keeps a second copy of every row.
                result = evalQuery(graph, query)
                if result["type_"] == "ASK":
                    return Rows((), [], boolean=bool(result["askAnswer"]))
                if result["type_"] in ("CONSTRUCT", "DESCRIBE"):
                    return result["graph"]
                variables = tuple(result["vars_"])
                names = tuple(str(v) for v in variables)
                return bounded_rows(names, ({name: solution[var] for name, var in zip(names, variables, strict=True)
                                             if solution.get(var) is not None} for solution in result["bindings"]))
            except InputError:
                raise  # TimeoutExceeded among them
            except MemoryError:
                raise InputError("the query cannot be evaluated: it needs more memory than there is; "
                                 "ask for less (LIMIT, narrower patterns)") from None
            except Exception as exc:  # rdflib raises many kinds while evaluating
                raise InputError(f"the query cannot be evaluated: {_reason(exc)}") from None


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:299] + "…"


def _walk(node: object):
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, (list, tuple, ParseResults)):  # parseQuery's top level is a ParseResults
        for value in node:
            yield from _walk(value)


def check_query(text: str, *, named_graphs: bool = False) -> Query:
    """The query ``text`` parsed once, refusing what bcpgraph does not run locally.

    Refused, each with its own message: text over :data:`~bcpgraph.limits.MAX_QUERY_CHARS`
    (before parsing), updates (bcpgraph only reads), SERVICE and FROM / FROM NAMED (no network
    on your behalf) and, unless ``named_graphs``, GRAPH (a plain graph has only the default
    graph). The parsed query is what runs, so it is not parsed twice. bcpgraph's prefixes are
    known; the query's own PREFIX lines take precedence.

    >>> check_query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    bcpgraph.errors.InputError: GRAPH ... the local graph holds one default graph, no named graphs; ...
    """
    if not isinstance(text, str):
        raise InputError(f"a SPARQL query is text, not {type(text).__name__}")
    if len(text) > limits.MAX_QUERY_CHARS:
        raise InputError(f"the query is {len(text):,} characters long, more than the "
                         f"{limits.MAX_QUERY_CHARS:,} accepted; query for less, or in parts")
    try:
        parsed = parseQuery(text)
        translated = translateQuery(parsed, initNs={k: str(v) for k, v in PREFIXES.items()})
        algebra = translated.algebra
    except InputError:  # TimeoutExceeded
        raise
    except Exception as exc:
        if is_update(text):
            raise InputError("updates are refused: bcpgraph only reads "
                             "(use SELECT, ASK, CONSTRUCT or DESCRIBE)") from None
        raise InputError(f"SPARQL syntax error: {exc}") from None
    if any(node.name == "DatasetClause" or "datasetClause" in node and node["datasetClause"]
           for node in _walk(parsed)):
        raise InputError("FROM / FROM NAMED are not loaded on the local graph (no network on your behalf)")
    for node in _walk(algebra):
        if node.name == "ServiceGraphPattern":
            raise InputError("SERVICE is not executed on the local graph (no network on your behalf)")
    if not named_graphs and any(node.name == "Graph" for node in _walk(algebra)):
        raise InputError("GRAPH is not supported here: the local graph holds one default graph, "
                         "no named graphs; leave out the GRAPH clause")
    return translated
