"""Parity: every named query gives the same answer on every store — rdflib in memory, Oxigraph
embedded, a real Oxigraph server filled by ``bcpgraph push`` and a real ``bcpgraph serve`` (which
adds its dataset description to what it serves) — for the same data (the shipped profile and the
fixtures of tests/profiles/).

The reference is rdflib over an rdflib Dataset. ``CASES`` maps a case name to a function of a
store that returns something comparable; analyses (networks, matrix, compare, overview, career
paths) join the same parametrisation by adding entries.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import BNode, Graph

import bcpgraph
from bcpgraph.graph import load, named_graphs
from bcpgraph.stores import Store, open_store, store_for
from analysis_cases import CASES as ANALYSIS_CASES
from conftest import PUSHED_PROFILES

SHIPPED = "bcpid:contactcenter-medewerker-2010"
#: A value for each required parameter, by the class or kind it takes (in the shipped profile).
REQUIRED = {"bcp:Competency": "Analyseren", "bcp:WorkProcess": "1.3", "string": "klant"}
STORES = ("rdflib", "oxigraph", "endpoint", "serve")


def rows(answer) -> tuple:
    """An answer as comparable data: the variables and the rows as a sorted list of dicts of rdflib
    terms (blank nodes, whose names each store chooses, as one placeholder)."""
    if answer.boolean is not None:
        return ("boolean", answer.boolean)
    normal = [{k: "_:" if isinstance(v, BNode) else v for k, v in row.items()} for row in answer]
    return tuple(answer.vars), sorted(normal, key=lambda row: sorted((k, repr(v)) for k, v in row.items()))


def _named(name: str, params: dict[str, str]) -> Callable[[Store], object]:
    def case(store: Store) -> object:
        return rows(bcpgraph.query(name, params, graph=store))
    return case


def _cases() -> dict[str, Callable[[Store], object]]:
    cases: dict[str, Callable[[Store], object]] = {}
    for name, named in sorted(bcpgraph.queries().items()):
        required = {p.name: REQUIRED[p.cls or p.kind] for p in named.params if p.required}
        takes = {p.name for p in named.params}
        if "werkproces" in required:  # "1.3" names a werkproces in several profiles
            required["profile"] = SHIPPED
        cases[f"query:{name}"] = _named(name, required)
        if "profile" in takes and "profile" not in required:
            cases[f"query:{name}[profile]"] = _named(name, {**required, "profile": SHIPPED})
    for name in ("job-titles", "shared-competencies", "search"):
        named = bcpgraph.queries()[name]
        required = {p.name: REQUIRED[p.cls or p.kind] for p in named.params if p.required}
        cases[f"query:{name}[lang=en]"] = _named(name, {**required, "lang": "en"})
    cases["query:shared-competencies[min=2]"] = _named("shared-competencies", {"min": "2"})
    # The analyses, matrix, compare, overview and career paths: built from SPARQL answers, so the
    # same on every store (tests/analysis_cases.py).
    cases.update({f"analysis:{name}": case for name, case in ANALYSIS_CASES.items()})
    return cases


#: name → function(store) → a comparable answer: every named query, every analysis.
CASES = _cases()


@pytest.fixture(scope="module")
def stores(endpoint, bcp_server) -> dict[str, Store]:
    """The same data on each store; "rdflib" is a plain rdflib Graph (the reference is a Dataset)."""
    return {"rdflib": store_for(load(*PUSHED_PROFILES, shipped=True)),
            "oxigraph": open_store(*PUSHED_PROFILES, shipped=True),
            "endpoint": store_for(endpoint=endpoint),
            "serve": store_for(endpoint=f"{bcp_server.url}/sparql")}


@pytest.fixture(scope="module")
def expected(served) -> Callable[[str], object]:
    """The reference answer of a case: rdflib over a Dataset of the same files, computed once."""
    reference, seen = store_for(served), {}

    def answer(case: str) -> object:
        if case not in seen:
            seen[case] = _outcome(CASES[case], reference)
        return seen[case]
    return answer


def _outcome(case: Callable[[Store], object], store: Store) -> object:
    try:
        return case(store)
    except bcpgraph.InputError as exc:
        return ("error", str(exc))


@pytest.mark.parametrize("backend", STORES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_same_answer_on_every_store(case, backend, stores, expected):
    answer = _outcome(CASES[case], stores[backend])
    assert answer == expected(case)
    assert not (isinstance(answer, tuple) and answer[0] == "error"), answer  # each case has an answer


def test_every_named_query_is_a_case():
    assert {f"query:{name}" for name in bcpgraph.queries()} <= set(CASES)


def test_the_stores_hold_the_same_data(stores, served):
    graphs = sorted(str(g.identifier) for g in named_graphs(served)
                    if str(g.identifier) != "urn:x-rdflib:default")
    assert stores["oxigraph"].graphs() == graphs
    assert set(graphs) <= set(stores["endpoint"].graphs())
    assert isinstance(stores["rdflib"].construct("CONSTRUCT WHERE { ?s a bcp:Profile }"), Graph)
