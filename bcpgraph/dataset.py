"""The dataset description (VoID and DCAT) and the dumps (STUB: the dataset helper replaces it).

Contract used by ``serve`` (``/.well-known/void``) and ``publish``:

- ``describe(store, *, base=BASE, endpoint=None, dumps=None) -> Graph``: VoID/DCAT for the data
  in ``store``; ``endpoint`` is the SPARQL endpoint URL to announce, ``dumps`` maps a format name
  (see :data:`bcpgraph.formats.RDF_FORMATS`) to the URL of that dump.
- ``write_dumps(store, folder, *, formats=("turtle", "ntriples", "trig", "jsonld"), force=False)
  -> dict[str, Path]``: one dump per format, written atomically.
"""

from __future__ import annotations

from rdflib import Graph

from .namespaces import BASE
from .stores import Store

__all__ = ["describe"]


def describe(store: Store, *, base: str = BASE, endpoint: str | None = None,
             dumps: dict[str, str] | None = None) -> Graph:
    return store.construct("PREFIX void: <http://rdfs.org/ns/void#> CONSTRUCT { ?d ?p ?o } "
                           "WHERE { ?d a void:Dataset ; ?p ?o }")
