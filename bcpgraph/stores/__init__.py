"""Where SPARQL runs: one small :class:`Store` interface, several stores behind it.

- :class:`~bcpgraph.stores.local.LocalStore` (backend ``rdflib``): an rdflib graph in memory.
- :class:`~bcpgraph.stores.remote.RemoteStore` (``--endpoint``): any SPARQL 1.1 endpoint, read-only.

Every store only reads through SPARQL: an update is refused before anything runs or is sent.
``load`` adds data to a store the caller owns (never to an endpoint: see ``bcpgraph push``).
Named queries, analyses, the matrix, compare, overview and career paths all ask a store, so they
run wherever the data is.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol, runtime_checkable

from rdflib import Graph

from ..results import Rows

__all__ = ["Store", "StoreBase", "store_for", "is_update"]


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
        the IRI of the one profile it holds, else the default graph); return the triples added.
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


def _paths(files: Iterable[str | os.PathLike]) -> list[Path]:
    from ..graph import _check_load_arguments

    return _check_load_arguments("store_for", tuple(files), False)


def store_for(graph: Graph | Store | None = None, endpoint: str | None = None, *,
              timeout: float | None = None) -> Store:
    """The store for a library call: ``endpoint`` (a URL), ``graph`` (an rdflib Graph, or a Store,
    which is returned as it is), or by default the shipped data."""
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
    if graph is not None and not isinstance(graph, Graph):
        raise ArgumentError(f"graph is an rdflib Graph (see bcpgraph.load) or a Store, not {type(graph).__name__}")
    from .local import LocalStore

    return LocalStore(graph, timeout=timeout)


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
