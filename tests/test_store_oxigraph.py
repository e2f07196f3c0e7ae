"""The embedded Oxigraph store at scale: answers read lazily, queries in the calling thread when
the caller keeps the deadline, profile files parsed once (and each still in its own graph), and
dumps that hold everything whatever the answer limit.

Expected values come from rdflib reading the same files (an independent engine) or from the seed
text (7 werkprocessen in the shipped profile).
"""

from __future__ import annotations

import threading

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

import bcpgraph
from bcpgraph import limits
from bcpgraph.dataset import dump
from bcpgraph.errors import InputError
from bcpgraph.formats import RDF_FORMATS
from bcpgraph.graph import load_dataset, named_graphs, read_rdf
from bcpgraph.limits import TimeoutExceeded
from bcpgraph.namespaces import BCP, BCPID
from bcpgraph.query import query
from bcpgraph.results import Rows
from bcpgraph.stores import open_store
from bcpgraph.stores.oxigraph import OxigraphStore
from conftest import PUSHED_PROFILES, ROOT

DATA = ROOT / "data" / "contactcenter.ttl"
SHIPPED = BCPID["contactcenter-medewerker-2010"]
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e a bcp:Profile . ?f a bcp:CoreTask }"
LABELS = "SELECT ?wp ?label WHERE { ?wp a bcp:WorkProcess ; skos:prefLabel ?label } ORDER BY ?wp ?label"


@pytest.fixture(scope="module")
def stores():
    return {backend: open_store(*PUSHED_PROFILES, shipped=True, backend=backend) for backend in ("rdflib", "oxigraph")}


# -- answers ---------------------------------------------------------------------------------------

def test_rows_read_lazily_are_the_rows_rdflib_gives(stores):
    ours, theirs = (stores[b].select(LABELS) for b in ("oxigraph", "rdflib"))
    assert len(ours) == len(theirs) > 7
    key = lambda row: (row["wp"], row["label"].language, str(row["label"]))  # noqa: E731
    assert sorted(ours, key=key) == sorted(theirs, key=key)
    assert all(type(row["wp"]) is URIRef and type(row["label"]) is Literal for row in ours)


def test_lazy_rows_behave_as_a_list_of_rows(stores):
    rows = stores["oxigraph"].select(LABELS)
    every = [dict(row) for row in rows]
    assert rows == Rows(rows.vars, every) and rows.bindings == every  # rows compare as lists do
    assert rows[-1] == every[-1] and list(rows[2:5]) == every[2:5] and rows[2:5].vars == rows.vars
    assert stores["oxigraph"].select(LABELS) == rows  # another answer, not read yet


def test_a_row_read_twice_is_the_same_row(stores):
    rows = stores["oxigraph"].select(LABELS)
    assert rows[3] is rows[3]
    assert rows.column("label") == [row["label"] for row in rows]


def test_an_empty_solution_is_no_row_on_either_store(stores):
    text = "SELECT ?x WHERE { { OPTIONAL { <urn:x:none> <urn:x:none> ?x } } UNION { BIND (1 AS ?x) } }"
    for store in stores.values():
        assert [row["x"].toPython() for row in store.select(text)] == [1]


def test_blank_nodes_and_typed_literals_come_back_as_rdflib_reads_them(stores):
    text = "SELECT ?b ?n ?t WHERE { BIND (BNODE() AS ?b) BIND (7 AS ?n) BIND (\"x\"@nl AS ?t) }"
    row = stores["oxigraph"].select(text)[0]
    assert isinstance(row["b"], BNode) and row["n"] == Literal(7) and row["t"] == Literal("x", lang="nl")


def test_grouped_lists_are_sorted_in_every_row_read(stores):
    # shared-competencies names its profiles in a GROUP_CONCAT list that the catalogue sorts
    for backend in ("rdflib", "oxigraph"):
        rows = query("shared-competencies", {"min": "1"}, graph=stores[backend])
        lists = [str(row["werkprocessen"]).split(", ") for row in rows]
        assert any(len(items) > 1 for items in lists)
        for items in lists:
            assert items == sorted(items, key=lambda notation: [int(part) for part in notation.split(".")])


def test_the_answer_limit_still_holds(stores, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ANSWER_VALUES", 10)
    with pytest.raises(InputError, match="more than 5 rows"):
        stores["oxigraph"].select(LABELS)


# -- the deadline ----------------------------------------------------------------------------------

def test_with_the_callers_deadline_a_query_runs_in_the_calling_thread():
    started = []
    original = threading.Thread.start

    def start(thread):
        started.append(thread.name)
        return original(thread)

    store = open_store(caller_deadline=True)
    threading.Thread.start = start
    try:
        assert store.select("SELECT (COUNT(*) AS ?n) WHERE { ?wp a bcp:WorkProcess }")[0]["n"] == Literal(7)
        assert store.ask("ASK { ?p a bcp:Profile }")
    finally:
        threading.Thread.start = original
    assert started == []


def test_without_it_the_timeout_still_ends_a_query():
    store = open_store(timeout=0.2)
    with pytest.raises(TimeoutExceeded):
        store.select(RUNAWAY)


def test_caller_deadline_is_true_or_false():
    with pytest.raises(TypeError):
        OxigraphStore(caller_deadline="yes")


# -- loading ---------------------------------------------------------------------------------------

def test_many_files_load_each_profile_into_its_own_graph():
    store = open_store(*PUSHED_PROFILES, shipped=True)
    expected = load_dataset(*PUSHED_PROFILES, shipped=True)
    assert store.graphs() == sorted(str(g.identifier) for g in named_graphs(expected)
                                    if str(g.identifier) != "urn:x-rdflib:default")
    for graph in named_graphs(expected):
        if str(graph.identifier) == "urn:x-rdflib:default":
            continue
        text = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph.identifier}> {{ ?s ?p ?o }} }}"
        assert store.select(text)[0]["n"].toPython() == len(graph)


def test_a_file_with_two_profiles_goes_to_the_default_graph(tmp_path):
    two = tmp_path / "two.ttl"
    two.write_text("@prefix bcp: <https://w3id.org/bcpgraph/def/> .\n"
                   "<https://example.org/a> a bcp:Profile .\n<https://example.org/x> <https://example.org/p> 1 .\n"
                   "<https://example.org/b> a bcp:Profile .\n", encoding="utf-8")
    store = OxigraphStore()
    assert store.load(two) == 3
    assert store.graphs() == [] and len(store) == 3


def test_a_file_without_a_profile_goes_to_the_default_graph(tmp_path):
    vocabulary = tmp_path / "vocabulary.ttl"
    vocabulary.write_text("<https://example.org/x> <https://example.org/p> 1, 2 .\n", encoding="utf-8")
    store = OxigraphStore()
    assert store.load(vocabulary) == 2
    assert store.graphs() == [] and len(store) == 2


def test_a_profile_loaded_twice_is_counted_both_times_in_its_graph():
    store = OxigraphStore()
    first, second = store.load(DATA), store.load(DATA)
    assert first == second == len(Graph().parse(DATA))
    assert store.graphs() == [str(SHIPPED)]


def test_a_profile_file_is_read_to_its_end(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text(DATA.read_text(encoding="utf-8") + "\n<https://example.org/x> <oops\n", encoding="utf-8")
    store = OxigraphStore()
    with pytest.raises(InputError, match=r"broken\.ttl:\d+: syntax error"):
        store.load(broken)
    assert len(store) == 0  # nothing of the file was kept


def test_the_first_file_that_fails_is_named(tmp_path):
    good, bad = tmp_path / "good.ttl", tmp_path / "bad.ttl"
    good.write_bytes(DATA.read_bytes())
    bad.write_text("<https://example.org/x> <oops\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.ttl:1: syntax error"):
        open_store(good, bad, *PUSHED_PROFILES)


# -- dumps -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["nquads", "trig", "ntriples", "turtle", "rdfxml", "jsonld"])
def test_a_dump_holds_everything_whatever_the_answer_limit(name, tmp_path, monkeypatch):
    store = open_store(*PUSHED_PROFILES, shipped=True)
    expected = load_dataset(*PUSHED_PROFILES, shipped=True)
    monkeypatch.setattr(limits, "MAX_ANSWER_VALUES", 300)  # far fewer than the triples
    with pytest.raises(InputError, match="more than"):
        store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    path = tmp_path / f"dump{RDF_FORMATS[name].extension}"
    path.write_bytes(dump(store, name))
    if name in ("nquads", "trig"):
        back = read_rdf(path, Dataset())
        graphs = {str(g.identifier): g for g in named_graphs(back)}
        for graph in named_graphs(expected):
            assert isomorphic(graphs[str(graph.identifier)], graph)
    else:
        union = Graph()
        for s, p, o, _ in expected.quads((None, None, None, None)):
            union.add((s, p, o))
        assert isomorphic(read_rdf(path), union)


def test_the_rdflib_store_dumps_everything_too(monkeypatch):
    store = open_store(backend="rdflib")
    monkeypatch.setattr(limits, "MAX_ANSWER_VALUES", 300)
    back = Graph().parse(data=dump(store, "ntriples"), format="nt")
    assert isomorphic(back, bcpgraph.load())
    assert (SHIPPED, RDF.type, BCP.Profile) in back


def test_load_files_says_how_many_quads_the_store_gained():
    store = OxigraphStore()
    assert store.load_files([DATA, *PUSHED_PROFILES]) == len(store) > len(Graph().parse(DATA))
    assert str(SHIPPED) in store.graphs()


def test_load_files_without_counting_loads_the_same_quads_and_says_0():
    counted, uncounted = OxigraphStore(), OxigraphStore()
    files = [DATA, *PUSHED_PROFILES]
    assert uncounted.load_files(files, count=False) == 0
    assert counted.load_files(files) == len(uncounted) > 0
    assert counted.graphs() == uncounted.graphs()


def test_a_profile_loaded_without_counting_is_not_counted():
    """The flag was overwritten by the number of triples read to find the profile, so every
    profile's graph was counted quad by quad (about 1.7 of 9 s loading 1,000 profiles)."""
    store = OxigraphStore()
    assert store._read(DATA, None, count=False) == 0
    assert store.graphs() == [str(SHIPPED)]
    assert OxigraphStore()._read(DATA, None, count=True) == len(store)


def test_load_files_on_two_threads_loads_the_same_quads():
    one, two = OxigraphStore(), OxigraphStore()
    files = [DATA, *PUSHED_PROFILES]
    assert one.load_files(files) == two.load_files(files, threads=2)
    assert len(one) == len(two)

    def named(store):  # blank nodes are new in each load
        return {q for q in store._store if "BlankNode" not in repr((q.subject, q.object))}
    assert named(one) == named(two)
    assert one.graphs() == two.graphs()
