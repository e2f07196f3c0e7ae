"""Where SPARQL runs: one small :class:`Store` interface, several stores behind it.

- :class:`~bcpgraph.stores.oxigraph.OxigraphStore` (backend ``oxigraph``, the default): Oxigraph
  embedded (pyoxigraph), a dataset in memory; fast, nothing to start.
- :class:`~bcpgraph.stores.local.LocalStore` (backend ``rdflib``): an rdflib graph in memory.
- :class:`~bcpgraph.stores.remote.RemoteStore` (backend ``endpoint``): any SPARQL 1.1 endpoint,
  read-only (:func:`bcpgraph.stores.push.push` is the one way to write to a server).

Every store only reads through SPARQL: an update is refused before anything runs or is sent.
``load`` adds data to a store the caller owns (never to an endpoint: see ``bcpgraph push``).
Named queries, analyses, the matrix, compare, overview and career paths all ask a store, so they
run wherever the data is.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from rdflib import Graph

from ..results import Rows

__all__ = ["Store", "StoreBase", "store_for", "open_store", "is_update", "bounded_rows", "BACKENDS"]

#: The stores behind :func:`open_store` (an endpoint is opened with ``store_for(endpoint=URL)``).
BACKENDS = ("oxigraph", "rdflib")


@runtime_checkable
class Store(Protocol):
    """Answers SPARQL queries (never updates) over a dataset: the default graph is the union of
    all graphs; each profile is in a named graph named by its IRI."""

    #: ``"rdflib"``, ``"oxigraph"`` or ``"endpoint"``.
    backend: str

    def run(self, text: str) -> Rows | Graph:
        """The answer to ``text``: :class:`Rows` for SELECT and ASK (``.boolean``), a Graph for
        CONSTRUCT and DESCRIBE."""
        ...

    def select(self, text: str) -> Rows:
        """The rows of the SELECT query ``text``."""
        ...

    def ask(self, text: str) -> bool:
        """The answer to the ASK query ``text``."""
        ...

    def construct(self, text: str) -> Graph:
        """The graph of the CONSTRUCT or DESCRIBE query ``text``."""
        ...

    def load(self, source: str | os.PathLike | Graph, graph: str | None = None) -> int:
        """Add ``source`` (an RDF file or an rdflib Graph) to the named graph ``graph`` (default:
        the IRI of the one profile it holds, else the default graph); return the triples added
        (Oxigraph: the triples read, counted while parsing).
        Stores that only read (an endpoint) raise InputError."""
        ...

    def graphs(self) -> list[str]:
        """The IRIs of the named graphs that hold triples, sorted."""
        ...

    def __len__(self) -> int:
        """The number of triples (quads) in the store."""
        ...


class StoreBase:
    """``select``, ``ask`` and ``construct`` in terms of ``run``, with a clear message when the
    query is of another form."""

    backend = "?"

    def run(self, text: str) -> Rows | Graph:  # pragma: no cover - every store has its own
        raise NotImplementedError

    def select(self, text: str) -> Rows:
        from ..errors import InputError

        result = self.run(text)
        if not isinstance(result, Rows) or result.boolean is not None:
            raise InputError("a SELECT query was expected")
        return result

    def ask(self, text: str) -> bool:
        from ..errors import InputError

        result = self.run(text)
        if not isinstance(result, Rows) or result.boolean is None:
            raise InputError("an ASK query was expected")
        return bool(result.boolean)

    def construct(self, text: str) -> Graph:
        from ..errors import InputError

        result = self.run(text)
        if not isinstance(result, Graph):
            raise InputError("a CONSTRUCT or DESCRIBE query was expected")
        return result


def store_for(graph: Graph | Store | None = None, endpoint: str | None = None, *,
              timeout: float | None = None) -> Store:
    """The store for a library call: ``endpoint`` (a URL), ``graph`` (an rdflib Graph: the rdflib
    store; a Store is returned as it is, with its own timeout), or by default the shipped data on
    Oxigraph. ``timeout`` (seconds) bounds each query of the store made here.

    >>> from bcpgraph import load
    >>> store_for().backend, store_for(load()).backend
    ('oxigraph', 'rdflib')
    """
    from ..errors import ArgumentError, InputError

    if graph is not None and endpoint is not None:
        raise InputError("give either a graph or an endpoint, not both")
    if isinstance(graph, Store) and not isinstance(graph, Graph):
        return graph
    if endpoint is not None:
        if not isinstance(endpoint, str):
            raise ArgumentError(f"endpoint is a URL string, not {type(endpoint).__name__}")
        from .remote import RemoteStore

        return RemoteStore(endpoint, timeout=timeout)
    if graph is None:
        from .oxigraph import OxigraphStore

        return OxigraphStore.shipped(timeout=timeout)
    if not isinstance(graph, Graph):
        raise ArgumentError(f"graph is an rdflib Graph (see bcpgraph.load) or a Store, not {type(graph).__name__}")
    from .local import LocalStore

    return LocalStore(graph, timeout=timeout)


def bounded_rows(names: tuple[str, ...], solutions: Iterable[dict]) -> Rows:
    """``solutions`` (dicts of variable name → term, unbound ones left out) as :class:`Rows`,
    refusing an answer of more than :data:`~bcpgraph.limits.MAX_ANSWER_VALUES` values. An empty
    solution is no row (as rdflib). Every local store builds its answers here."""
    from .. import limits
    from ..errors import InputError

    most = max(1, limits.MAX_ANSWER_VALUES // max(1, len(names)))
    rows = []
    for row in solutions:
        if not row:
            continue
        if len(rows) == most:
            raise InputError(f"the answer has more than {most:,} rows ({limits.MAX_ANSWER_VALUES:,} "
                             "values); ask for less (LIMIT, fewer variables, narrower patterns)")
        rows.append(row)
    return Rows(names, rows)


def open_store(*files: str | os.PathLike, shipped: bool = False, backend: str = "oxigraph",
               timeout: float | None = None, caller_deadline: bool = False) -> Store:
    """A store holding the ontology, competency scheme and vocabularies (default graph) and the
    profiles in ``files``, each in the named graph of its IRI (a directory means the RDF files in
    it, as :func:`bcpgraph.load` reads them); with no files, or with ``shipped``, the shipped
    profile too. ``backend`` is ``"oxigraph"`` (default) or ``"rdflib"``; ``timeout`` bounds
    each query (seconds). ``caller_deadline`` (Oxigraph): the caller ends a query that takes too
    long itself (a server killing its worker process), so queries run in the calling thread
    (see :class:`~bcpgraph.stores.oxigraph.OxigraphStore`).

    >>> store = open_store()
    >>> store.backend, store.graphs()
    ('oxigraph', ['https://w3id.org/bcpgraph/id/bcp/contactcenter-medewerker-2010'])
    >>> open_store(backend="rdflib").select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"] == \\
    ...     store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"]
    True
    """
    from ..errors import ArgumentError, InputError, suggest
    from ..graph import _check_load_arguments

    if not isinstance(backend, str):
        raise ArgumentError(f"open_store: backend is a string, not {type(backend).__name__}")
    if backend not in BACKENDS:
        hint = " (a server is opened with store_for(endpoint=URL))" if backend == "endpoint" else \
            suggest(backend, list(BACKENDS))
        raise InputError(f"open_store: no backend {backend!r}{hint}; backends: {', '.join(BACKENDS)}")
    paths = _check_load_arguments("open_store", tuple(files), shipped)
    if backend == "rdflib":
        from ..graph import load_dataset
        from .local import LocalStore

        return LocalStore(load_dataset(*paths, shipped=shipped), timeout=timeout)
    from .oxigraph import OxigraphStore

    store = OxigraphStore.shipped(profile=shipped or not files, timeout=timeout, caller_deadline=caller_deadline)
    store.load_files(paths, count=False)
    return store


def is_update(text: str) -> bool:
    """True if ``text`` is a SPARQL update with at least one operation (an empty update is no
    update: such text is a syntax error). Both stores use it to refuse updates clearly.

    >>> is_update("DROP ALL"), is_update("SELECT * WHERE { ?s ?p ?o }"), is_update("")
    (True, False, False)
    """
    from rdflib.plugins.sparql.parser import parseUpdate

    from ..errors import InputError

    try:
        parsed = parseUpdate(text)
    except InputError:  # TimeoutExceeded
        raise
    except Exception:
        return False
    return "request" in parsed
