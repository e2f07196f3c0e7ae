"""Queries on a SPARQL 1.1 endpoint through SPARQLWrapper: read-only."""

from __future__ import annotations

from rdflib import Graph

from ..errors import InputError
from ..results import Rows, term_from_json

__all__ = ["RemoteStore"]


class RemoteStore:
    """A SPARQL 1.1 query endpoint at ``url``."""

    def __init__(self, url: str, *, timeout: float | None = None):
        self.url = url
        self.timeout = timeout

    def run(self, text: str) -> Rows | Graph:
        from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        endpoint = self.url
        client = SPARQLWrapper(endpoint)
        # Whole-line comments are dropped: SPARQLWrapper guesses the query type from keywords and
        # takes a word such as "add" in a comment for an update.
        client.setQuery("\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")))
        kind = client.queryType
        client.setReturnFormat(TURTLE if kind in ("CONSTRUCT", "DESCRIBE") else JSON)
        try:
            answer = client.query().convert()
        except SPARQLWrapperException as exc:
            raise InputError(f"{endpoint}: the endpoint refused the query: {exc}") from None
        except OSError as exc:
            raise InputError(f"{endpoint}: cannot reach the endpoint ({exc})") from None
        if kind in ("CONSTRUCT", "DESCRIBE"):
            return Graph().parse(data=answer, format="turtle")
        if "boolean" in answer:
            return Rows((), [], boolean=bool(answer["boolean"]))
        names = tuple(answer["head"]["vars"])
        rows = [{k: term_from_json(v) for k, v in b.items()} for b in answer["results"]["bindings"]]
        return Rows(names, rows)
