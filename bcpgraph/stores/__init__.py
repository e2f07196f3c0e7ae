"""Where queries run: a :class:`Store` answers SPARQL text with :class:`~bcpgraph.results.Rows`
(SELECT, ASK) or an rdflib ``Graph`` (CONSTRUCT, DESCRIBE).

- :class:`~bcpgraph.stores.local.LocalStore`: an rdflib graph in memory (default: the shipped
  profile, loaded when first needed).
- :class:`~bcpgraph.stores.remote.RemoteStore`: any SPARQL 1.1 endpoint, read-only.

Both only read: an update is refused before anything runs or is sent.
"""

from __future__ import annotations

from typing import Protocol

from rdflib import Graph

from ..results import Rows

__all__ = ["Store", "store_for", "is_update"]


class Store(Protocol):
    """Runs SPARQL queries (never updates)."""

    def run(self, text: str) -> Rows | Graph:
        """The answer to the query ``text``."""
        ...


def store_for(graph: Graph | None = None, endpoint: str | None = None, *,
              timeout: float | None = None) -> Store:
    """The store for a library call: ``endpoint`` (a URL) or ``graph`` (default: the shipped data)."""
    from ..errors import ArgumentError, InputError

    if graph is not None and endpoint is not None:
        raise InputError("give either a graph or an endpoint, not both")
    if endpoint is not None:
        if not isinstance(endpoint, str):
            raise ArgumentError(f"endpoint is a URL string, not {type(endpoint).__name__}")
        from .remote import RemoteStore

        return RemoteStore(endpoint, timeout=timeout)
    if graph is not None and not isinstance(graph, Graph):
        raise ArgumentError(f"graph is an rdflib Graph (see bcpgraph.load), not {type(graph).__name__}")
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
