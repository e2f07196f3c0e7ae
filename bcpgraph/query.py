"""Run named SPARQL queries (``queries/*.rq``) and your own SPARQL, on a local graph or an endpoint.

The pieces: :mod:`bcpgraph.catalogue` (the named queries, their headers and parameters line),
:mod:`bcpgraph.binding` (parameter values → RDF terms → the VALUES line), :mod:`bcpgraph.stores`
(where the text runs) and :mod:`bcpgraph.results` (answers and their formats).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from .binding import bind, default_term, resolve, term
from .catalogue import NamedQuery, Param, named_query, queries
from .errors import ArgumentError, InputError, suggest
from .results import Rows
from .stores import store_for

__all__ = ["NamedQuery", "Param", "queries", "named_query", "query", "sparql", "resolve", "suggest"]


def _given(named: NamedQuery, params: Mapping[str, str | None] | None,
           kwargs: Mapping[str, str | None]) -> dict[str, str]:
    """The values the caller gave, by declared parameter name (``None`` counts as not given)."""
    if params is not None and not isinstance(params, Mapping):
        raise ArgumentError(f"params is a mapping of parameter names to strings, not {type(params).__name__}")
    given: dict[str, str] = {}
    for key, value in [*(params or {}).items(), *kwargs.items()]:
        param = named.param(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise ArgumentError(f"parameter {param.name}: a value is a string, not {type(value).__name__}")
        if param.name in given:
            raise InputError(f"query {named.name}: parameter {param.name} is given twice")
        given[param.name] = value
    return given


def _natural(item: str) -> list[tuple[int, int | str]]:
    """Sort key: numbers by value, text case-insensitively ("1.2" before "1.10")."""
    return [(0, int(part)) if part.isdigit() else (1, part.lower()) for part in re.split(r"(\d+)", item) if part]


def _sort_lists(named: NamedQuery, rows: Rows) -> Rows:
    """``rows`` with the GROUP_CONCAT lists the header names sorted (SPARQL leaves their order
    open), each row when it is read."""
    if not named.lists:
        return rows
    lists = named.lists
    done: dict[tuple[str, Literal], Literal] = {}  # a list that comes again is sorted once

    def sorted_lists(row: dict[str, Node]) -> dict[str, Node]:
        row = dict(row)
        for var, separator in lists:
            value = row.get(var)
            if isinstance(value, Literal):
                key = (separator, value)
                if key not in done:
                    items = sorted(str(value).split(separator), key=_natural)
                    done[key] = Literal(separator.join(items), lang=value.language, datatype=value.datatype)
                row[var] = done[key]
        return row
    return rows.map(sorted_lists)


def query(name: str, params: Mapping[str, str | None] | None = None, *, graph: Graph | None = None,
          endpoint: str | None = None, timeout: float | None = None, **kwargs: str | None) -> Rows:
    """Run the named query ``name`` on ``graph`` (default: :func:`load`) or on a SPARQL
    ``endpoint`` URL, within ``timeout`` seconds (default: ``limits.QUERY_TIMEOUT``).

    Parameters come as a mapping ``params`` (``{"from": "coach"}``), as keyword arguments
    (``min="2"``; ``from_=`` for a Python keyword) or both; values are strings, ``None`` meaning
    not given (the default applies).

    >>> rows = query("job-titles")
    >>> len(rows)
    7
    >>> query("shared-competencies", {"min": "5"})[0]["count"].toPython() >= 5
    True
    """
    named = named_query(name)
    given = _given(named, params, kwargs)
    store = store_for(graph, endpoint, timeout=timeout)
    values: dict[str, Node | None] = {}
    # The profile first: a value such as werkproces=1.1 names the werkproces of that profile.
    profile = None
    if "profile" in given and any(p.name == "profile" and p.kind == "resource" for p in named.params):
        profile = term(named.param("profile"), given["profile"], store)
    for param in named.params:
        if param.name == "profile" and profile is not None:
            values[param.name] = profile
        elif param.name in given:
            values[param.name] = term(param, given[param.name], store,
                                      profile=profile if isinstance(profile, URIRef) else None)
        elif param.required:
            raise InputError(f"query {name}: parameter {param.name} is required ({param.description})")
        else:
            values[param.name] = default_term(param)
    result = store.run(bind(named.text, values))
    if not isinstance(result, Rows):
        raise InputError(f"query {name}: named queries must be SELECT or ASK queries")
    return _sort_lists(named, result)


def sparql(text: str, *, graph: Graph | None = None, endpoint: str | None = None,
           timeout: float | None = None) -> Rows | Graph:
    """Run SPARQL ``text`` (SELECT, ASK, CONSTRUCT or DESCRIBE) within ``timeout`` seconds.
    bcpgraph's prefixes are known (the query's own PREFIX lines win).

    Locally, SERVICE and FROM are refused: nothing reaches the network on your behalf.

    >>> sparql("SELECT (COUNT(*) AS ?n) WHERE { ?wp a bcp:WorkProcess }")[0]["n"].toPython()
    7
    """
    if not isinstance(text, str):
        raise ArgumentError(f"a SPARQL query is a string, not {type(text).__name__}")
    return store_for(graph, endpoint, timeout=timeout).run(text)
