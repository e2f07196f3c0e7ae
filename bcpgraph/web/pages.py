"""Pages and resource descriptions, rendered from a Store (STUB: the pages helper replaces it).

Contract used by the server (:mod:`bcpgraph.web.app`) and ``publish``:

- ``Site(store, *, base=BASE, links="server"|"static", endpoint=None)``
- ``Site.page(path, lang="nl"|"en") -> bytes | None``: the HTML page for the resource
  ``base + path`` (``path`` without leading slash and without format extension; ``""`` is the
  home page), or ``None`` when there is no such resource.
- ``Site.describe(path) -> Graph | None``: the triples that describe ``base + path`` (what a
  Turtle/JSON-LD/N-Triples/RDF-XML request for it gets), or ``None`` when there is nothing.
- ``Site.paths() -> list[str]``: every path the site has a page for (publish writes them all).
"""

from __future__ import annotations

import html
from typing import Literal

from rdflib import Graph, URIRef

from ..namespaces import BASE
from ..stores import Store

__all__ = ["Site"]


class Site:
    def __init__(self, store: Store, *, base: str = BASE, links: Literal["server", "static"] = "server",
                 endpoint: str | None = None):
        self.store, self.base, self.links, self.endpoint = store, base, links, endpoint

    def describe(self, path: str) -> Graph | None:
        iri = URIRef(self.base + path)
        graph = self.store.construct(f"CONSTRUCT {{ <{iri}> ?p ?o }} WHERE {{ <{iri}> ?p ?o }}")
        return graph if len(graph) else None

    def page(self, path: str, lang: str = "nl") -> bytes | None:
        graph = self.describe(path) if path else Graph()
        if path and graph is None:
            return None
        rows = "".join(f"<li>{html.escape(str(p))}: {html.escape(str(o))}</li>" for _, p, o in sorted(graph))
        return f"<!doctype html><html lang='{lang}'><title>{html.escape(path)}</title><ul>{rows}</ul></html>".encode()

    def paths(self) -> list[str]:
        rows = self.store.select(f"SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER STRSTARTS(STR(?s), '{self.base}') }}")
        return [""] + sorted(str(r["s"])[len(self.base):] for r in rows)
