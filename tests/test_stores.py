"""The Store contract on every store (rdflib, Oxigraph embedded, a real Oxigraph server), what the
embedded Oxigraph store refuses (nothing reaches the network), its timeouts and loading, and
``bcpgraph push`` to a real Oxigraph server.

Expected values come from the seed text (7 werkprocessen in the shipped profile) or from rdflib
reading the same files.
"""

from __future__ import annotations

import json
import time
from urllib.parse import quote

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

import bcpgraph
from bcpgraph.errors import ArgumentError, InputError
from bcpgraph.graph import load_dataset
from bcpgraph.limits import TimeoutExceeded
from bcpgraph.namespaces import BCP, BCPID
from bcpgraph.stores import Store, open_store, store_for
from bcpgraph.stores.push import GRAPHS, push
from conftest import DIRECT, PUSHED_PROFILES, ROOT, connections, free_port

SHIPPED = str(BCPID["contactcenter-medewerker-2010"])
WORK_PROCESSES = f"SELECT (COUNT(DISTINCT ?wp) AS ?n) WHERE {{ GRAPH <{SHIPPED}> {{ ?wp a bcp:WorkProcess }} }}"
#: A query that runs for seconds on the shipped data (a cartesian product with an aggregate),
#: and then ends: the worker a timeout leaves behind does not run on for long.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e a bcp:Profile . ?f a bcp:CoreTask }"


@pytest.fixture(scope="module", params=["rdflib", "oxigraph", "endpoint"])
def store(request) -> Store:
    """The shipped data and the fixture profiles, on each store."""
    if request.param == "endpoint":
        return store_for(endpoint=request.getfixturevalue("endpoint"))
    return open_store(*PUSHED_PROFILES, shipped=True, backend=request.param)


@pytest.fixture(scope="module")
def profiles() -> list[str]:
    """The profile IRIs of the shipped data and the fixtures, read by rdflib."""
    dataset = load_dataset(*PUSHED_PROFILES, shipped=True)
    return sorted(str(p) for p in dataset.subjects(RDF.type, BCP.Profile))


# -- the contract --------------------------------------------------------------------------------

def test_a_store_is_a_store(store):
    assert isinstance(store, Store)
    assert store.backend in ("rdflib", "oxigraph", "endpoint")


def test_select(store):
    rows = store.select(WORK_PROCESSES)
    assert rows.vars == ("n",) and rows[0]["n"] == Literal(7)


def test_ask(store):
    assert store.ask("ASK { ?wp a bcp:WorkProcess }") is True
    assert store.ask("ASK { ?wp a bcp:NoSuchClass }") is False


def test_construct(store):
    graph = store.construct("CONSTRUCT { ?p a bcp:Profile } WHERE { ?p a bcp:Profile }")
    assert isinstance(graph, Graph)
    assert set(graph.subjects()) == set(store.select("SELECT ?p WHERE { ?p a bcp:Profile }").column("p"))


@pytest.mark.parametrize("method, text, match", [
    ("select", "ASK {}", "SELECT query was expected"),
    ("ask", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "ASK query was expected"),
    ("construct", "ASK {}", "CONSTRUCT or DESCRIBE"),
])
def test_the_wrong_form_is_a_clear_error(store, method, text, match):
    with pytest.raises(InputError, match=match):
        getattr(store, method)(text)


def test_every_profile_has_its_own_graph(store, profiles):
    assert set(profiles) <= set(store.graphs())
    assert store.graphs() == sorted(store.graphs())


def test_the_default_graph_is_the_union(store, profiles):
    found = store.select("SELECT DISTINCT ?p WHERE { ?p a bcp:Profile }").column("p")
    assert sorted(map(str, found)) == profiles


def test_len_counts_the_triples(store):
    assert len(store) >= len(bcpgraph.load(*PUSHED_PROFILES, shipped=True)) - 100  # blank nodes may merge


@pytest.mark.parametrize("backend", ["rdflib", "oxigraph"])
def test_load_puts_a_profile_in_its_graph(backend, tmp_path):
    store = open_store(ROOT / "tests" / "profiles" / "bakker-fictional.ttl", backend=backend)
    before = len(store)
    added = store.load(ROOT / "data" / "contactcenter.ttl")
    assert added == len(Graph().parse(ROOT / "data" / "contactcenter.ttl")) == len(store) - before
    assert SHIPPED in store.graphs()
    assert store.select(WORK_PROCESSES)[0]["n"] == Literal(7)


def test_the_endpoint_is_read_only(endpoint):
    with pytest.raises(InputError, match="read-only.*bcpgraph push"):
        store_for(endpoint=endpoint).load(ROOT / "data" / "contactcenter.ttl")


def test_open_store_with_no_files_is_the_shipped_data():
    for backend in ("rdflib", "oxigraph"):
        store = open_store(backend=backend)
        assert store.graphs() == [SHIPPED]
        assert store.select(WORK_PROCESSES)[0]["n"] == Literal(7)


def test_open_store_refuses_what_it_cannot_open():
    with pytest.raises(InputError, match="no backend 'oxygraph'.*oxigraph"):
        open_store(backend="oxygraph")
    with pytest.raises(InputError, match=r"store_for\(endpoint=URL\)"):
        open_store(backend="endpoint")
    with pytest.raises(ArgumentError):
        open_store(42)


def test_the_default_store_is_oxigraph_and_a_graph_keeps_rdflib(graph):
    assert store_for().backend == "oxigraph"
    assert store_for(None, timeout=5).timeout == 5
    assert store_for(graph).backend == "rdflib"


# -- nothing reaches the network -----------------------------------------------------------------

@pytest.mark.parametrize("text, match", [
    ("SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }", "SERVICE is not executed"),
    ("SELECT * WHERE { ?x a bcp:Profile . SERVICE SILENT <{url}> { ?s ?p ?o } }", "SERVICE is not executed"),
    ("# a comment\nselect * where { service <{url}> { ?s ?p ?o } }", "SERVICE is not executed"),
    ("SELECT * FROM <{url}> WHERE { ?s ?p ?o }", "FROM / FROM NAMED"),
    ("SELECT * FROM NAMED <{url}> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM / FROM NAMED"),
    ("LOAD <{url}>", "updates are refused"),
    ("LOAD <{url}> INTO GRAPH <http://example.org/g>", "updates are refused"),
    ("INSERT { ?s ?p ?o } WHERE { SERVICE <{url}> { ?s ?p ?o } }", "SERVICE is not executed"),
    ("DROP ALL", "updates are refused"),
    ("CLEAR DEFAULT", "updates are refused"),
])
def test_oxigraph_refuses_what_would_reach_the_network_or_write(text, match, listener):
    store = open_store()
    before = len(store)
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    with pytest.raises(InputError, match=match):
        store.run(text.replace("{url}", url))
    assert connections(listener) == 0
    assert len(store) == before


def test_the_word_service_in_data_is_no_service():
    store = open_store()
    text = 'SELECT ?s WHERE { ?s ?p "SERVICE <http://x/> { }" . ?s <http://e/service> ?o } # SERVICE'
    assert len(store.select(text)) == 0


def test_a_syntax_error_says_where():
    with pytest.raises(InputError, match=r"SPARQL syntax error: .*\(line 2, column \d+\)"):
        open_store().run("SELECT ?x WHERE {\n  ?x ?p }")


def test_answers_are_capped(monkeypatch):
    monkeypatch.setattr(bcpgraph.limits, "MAX_ANSWER_VALUES", 100)
    with pytest.raises(InputError, match="more than 50 rows"):
        open_store().select("SELECT ?s ?o WHERE { ?s ?p ?o }")


# -- time limits ---------------------------------------------------------------------------------

def test_a_runaway_query_times_out():
    started = time.monotonic()
    with pytest.raises(TimeoutExceeded, match="did not finish within 0.5 s"):
        open_store(timeout=0.5).run(RUNAWAY)
    assert time.monotonic() - started < 3


def test_a_runaway_query_times_out_through_the_library():
    with pytest.raises(TimeoutExceeded, match="within 0.5 s"):
        bcpgraph.sparql(RUNAWAY, graph=open_store(timeout=0.5))


def test_the_command_s_timeout_fires_on_the_default_store(cli):
    done = cli("query", "search", "-p", "text=klant", "--timeout", "0.001")
    assert done.returncode == 2
    assert "did not finish within 0.001 s" in done.stderr and "--timeout" in done.stderr
    assert "Traceback" not in done.stderr


# -- loading -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, text, line", [
    ("bad.ttl", '@prefix ex: <http://example.org/> .\nex:a ex:p "x" .\nex:b ex:p ex:c ;\n  ex:q <http://a b> .\n', 4),
    ("bad.nt", '<http://e/a> <http://e/p> "x" .\n<http://e/a> <http://e/p> .\n', 2),
    ("bad.trig", '<http://e/g> {\n <http://e/a> <http://e/p> "x" .\n <http://e/a> <http://e/p>\n}\n', 4),
])
def test_a_syntax_error_on_load_names_the_file_and_line(tmp_path, name, text, line, cli):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=rf"^{path}:{line}: syntax error: "):
        open_store(path)


def test_json_ld_with_a_remote_context_is_refused(tmp_path, listener):
    path = tmp_path / "remote.jsonld"
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/context.jsonld"
    path.write_text(json.dumps({"@context": url, "@id": "http://e/a", "http://e/p": "x"}))
    with pytest.raises(InputError, match="remote JSON-LD context"):
        open_store(path)
    assert connections(listener) == 0


def test_rdf_xml_with_entities_is_refused(tmp_path):
    path = tmp_path / "entity.rdf"
    path.write_text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>')
    with pytest.raises(InputError, match="DOCTYPE or ENTITY"):
        open_store(path)


def test_a_byte_order_mark_and_crlf_load_as_without(tmp_path):
    text = (ROOT / "tests" / "profiles" / "bakker-fictional.ttl").read_bytes()
    path = tmp_path / "bom.ttl"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace(b"\n", b"\r\n"))
    assert len(open_store(path)) == len(open_store(ROOT / "tests" / "profiles" / "bakker-fictional.ttl"))


def test_a_directory_means_its_rdf_files(profiles):
    store = open_store(ROOT / "tests" / "profiles")
    assert sorted(store.graphs()) == sorted(p for p in profiles if p != SHIPPED)


# -- push ----------------------------------------------------------------------------------------

@pytest.fixture
def empty_server(tmp_path):
    """A fresh Oxigraph server (union default graph) for one test that writes to it."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    exe = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    port = free_port()
    server = subprocess.Popen([exe, "serve", "--location", str(tmp_path / "store"), "--bind", f"127.0.0.1:{port}",
                               "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                DIRECT.open(f"{base}/query?query=ASK%7B%7D", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def _graph_sizes(base: str) -> dict[str, int]:
    """Triples per named graph on the server, asked without bcpgraph."""
    text = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    with DIRECT.open(f"{base}/query?query={quote(text)}", timeout=10) as answer:
        bindings = json.load(answer)["results"]["bindings"]
    return {b["g"]["value"]: int(b["n"]["value"]) for b in bindings}


def test_push_writes_each_graph_and_replaces_it_whole(empty_server, tmp_path):
    assert _graph_sizes(empty_server) == {}
    fixture = ROOT / "tests" / "profiles" / "bakker-fictional.ttl"
    written = push(f"{empty_server}/store", fixture, shipped=True)
    sizes = _graph_sizes(empty_server)
    assert {p.graph: p.triples for p in written} == sizes
    assert sizes[SHIPPED] == len(Graph().parse(ROOT / "data" / "contactcenter.ttl"))
    assert sizes[f"{GRAPHS}ontology/bcpgraph"] == len(Graph().parse(ROOT / "ontology" / "bcpgraph.ttl"))
    profile = next(p for p in sizes if p.endswith("bakker-testfixture"))
    assert sizes[profile] == len(Graph().parse(fixture))
    # pushed again, smaller: the graph is replaced whole, nothing is doubled or left over
    smaller = Graph().parse(fixture)
    dropped = [t for t in smaller if t[0] != URIRef(profile) and t[1] != RDF.type][:5]
    for triple in dropped:
        smaller.remove(triple)
    smaller.serialize(tmp_path / "bakker.ttl", format="turtle")
    push(f"{empty_server}/store", tmp_path / "bakker.ttl")
    again = _graph_sizes(empty_server)
    assert again[profile] == len(smaller) == sizes[profile] - len(dropped)
    assert again[SHIPPED] == sizes[SHIPPED]  # not pushed this time: left as it was
    assert again[f"{GRAPHS}ontology/bcpgraph"] == sizes[f"{GRAPHS}ontology/bcpgraph"]
    # and it answers as the local store does
    remote = store_for(endpoint=f"{empty_server}/query")
    assert remote.select(WORK_PROCESSES)[0]["n"] == Literal(7)


def test_push_through_the_cli(empty_server, cli):
    done = cli("push", "--store", f"{empty_server}/store", "--data", str(ROOT / "tests" / "profiles"))
    assert done.returncode == 0, done.stderr
    sizes = _graph_sizes(empty_server)
    assert SHIPPED not in sizes and len(sizes) == 9 + len(PUSHED_PROFILES)
    assert f"{len(sizes)} graphs, {sum(sizes.values()):,} triples" in done.stdout


def test_push_a_generated_corpus_answers_as_it_does_locally(empty_server, tmp_path):
    """``generate`` writes the terms its profiles share to a file with no profile in it: push sends
    it to a graph named after the file, and the server answers as the local store does."""
    from bcpgraph.generate import VOCABULARY_FILE, write_corpus

    files = write_corpus(tmp_path / "corpus", 3, seed=5)
    written = push(f"{empty_server}/store", tmp_path / "corpus")
    sizes = _graph_sizes(empty_server)
    vocabulary = f"{GRAPHS}file/{VOCABULARY_FILE.removesuffix('.ttl')}"
    assert sizes[vocabulary] == len(Graph().parse(files[0])) == {p.graph: p.triples for p in written}[vocabulary]
    assert len([g for g in sizes if g.startswith(str(BCPID))]) == 3
    local = open_store(tmp_path / "corpus")
    remote = store_for(endpoint=f"{empty_server}/query")
    labels = "SELECT ?item ?label WHERE { ?wp bcp:knowledge ?item . ?item skos:prefLabel ?label } ORDER BY ?item ?label"
    assert list(remote.select(labels)) == list(local.select(labels)) != []
    for name, named in bcpgraph.queries().items():  # every named query, over the synthetic terms too
        params = {"text": "synthetisch"} if name == "search" else {
            p.name: "1.1" if p.name == "werkproces" else "analyseren" for p in named.params if p.required}
        if name == "werkproces":
            params["profile"] = "synthetic-s5-0002"
        assert list(bcpgraph.query(name, params, graph=remote)) == list(bcpgraph.query(name, params, graph=local)), name
    # pushed again: the file's graph is replaced, not doubled
    push(f"{empty_server}/store", files[0])
    assert _graph_sizes(empty_server) == sizes


def test_push_refuses_two_files_with_no_profile_and_one_name(empty_server, tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "terms.ttl").write_text(
            f"<https://example.org/{folder}> <http://www.w3.org/2000/01/rdf-schema#label> \"{folder}\" .\n",
            encoding="utf-8")
    with pytest.raises(InputError, match=r"b/terms.ttl: .*graph/file/terms.*as .*a/terms.ttl does; rename"):
        push(f"{empty_server}/store", tmp_path / "a" / "terms.ttl", tmp_path / "b" / "terms.ttl")
    assert _graph_sizes(empty_server) == {}


def test_push_to_a_server_that_is_down(cli):
    url = f"http://127.0.0.1:{free_port()}/store"
    done = cli("push", "--store", url)
    assert done.returncode == 2
    assert "cannot reach the server" in done.stderr and url in done.stderr
    assert "Traceback" not in done.stderr


def test_push_to_the_query_url_says_what_the_server_answered(empty_server):
    with pytest.raises(InputError, match=r"refused graph .*HTTP 40\d.*Graph Store Protocol URL"):
        push(f"{empty_server}/query")
    assert _graph_sizes(empty_server) == {}


def test_push_reads_every_file_before_writing(empty_server, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(InputError, match="bad.ttl:1"):
        push(f"{empty_server}/store", ROOT / "tests" / "profiles" / "bakker-fictional.ttl", bad)
    assert _graph_sizes(empty_server) == {}
