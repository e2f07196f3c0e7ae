"""Nothing local hangs, blows up or crashes on what it is given (issues #6 and #7).

Hostile labels (control characters, escape sequences, mathtext, markup, U+FFFF) go through every
writer and must come out well-formed and still readable; runaway queries end at their time limit;
oversized or unsupported queries are refused with a message; the analyses stay within bounds; the
Python API refuses wrong argument types with an ArgumentError rather than a raw TypeError.
"""

from __future__ import annotations

import csv
import html.parser
import io
import json
import xml.etree.ElementTree as ET
from collections import deque
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

import bcpgraph
from bcpgraph import limits
from bcpgraph.analysis import (
    career_network, career_paths, centrality, competency_network, example_graph, projections, similarity,
    write_network,
)
from bcpgraph.errors import ArgumentError, InputError
from bcpgraph.limits import TimeoutExceeded
from bcpgraph.matrix import competency_matrix, to_html
from bcpgraph.plot import matrix_png as to_png
from bcpgraph.plot import matrix_svg as to_svg
from bcpgraph.namespaces import BCP, FUNCTIE
from bcpgraph.plot import plot_career
from bcpgraph.stores.local import LocalStore

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "shapes" / "valid" / "minimal-profile.ttl"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG = "{http://www.w3.org/2000/svg}"

#: One hostile label per kind of trouble; each starts with a word that names it.
HOSTILE = [
    "nul \x00 byte",
    "escape \x1b[31mred\x1b[0m \x1b]0;title\x07",
    "controls " + "".join(chr(c) for c in range(0x20)),
    "mathtext $x^$ and $\\frac{1}{0}$",
    "markup <script>alert(1)</script> <![CDATA[x]]>",
    "ampersand a & b &amp; &#0;",
    "quotes \"double\" 'single'",
    "noncharacter \uffff \ufffe",
]


def visible(text: str) -> str:
    """What a reader sees of ``text`` once forbidden characters became U+FFFD and XML (or a
    picture) had its way with whitespace."""
    kept = "".join(c if c in "\t\n\r" or (c >= " " and c not in "\uffff\ufffe") else "\ufffd" for c in text)
    return " ".join(kept.split())


def hostile_graph() -> Graph:
    """The example profile with every werkproces, competency, core task and role relabelled."""
    graph = example_graph()
    targets = sorted({*graph.subjects(RDF.type, BCP.WorkProcess), *graph.subjects(RDF.type, BCP.Competency),
                      *graph.subjects(RDF.type, BCP.CoreTask), *graph.subjects(RDF.type, BCP.Role),
                      *graph.subjects(RDF.type, BCP.Occupation)})
    assert len(targets) >= len(HOSTILE)
    for i, node in enumerate(targets):
        graph.remove((node, SKOS.prefLabel, None))
        graph.add((node, SKOS.prefLabel, Literal(HOSTILE[i % len(HOSTILE)], lang="nl")))
    return graph


@pytest.fixture(scope="module")
def hostile() -> Graph:
    return hostile_graph()


# ------------------------------------------------------------------ hostile text


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
@pytest.mark.parametrize("build", [competency_network, career_network])
def test_hostile_labels_keep_network_files_well_formed(hostile, tmp_path, fmt, build):
    network = build(hostile)
    path = write_network(network, tmp_path / f"net.{fmt}")
    root = ET.parse(path).getroot()  # raises on malformed XML
    found = {visible(e.text or "") for e in root.iter()} | {visible(v) for e in root.iter() for v in e.attrib.values()}
    labels = {label for _, label in network.nodes(data="label")}
    assert labels & set(HOSTILE), "the test profile carries hostile labels"
    for label in labels:
        assert visible(label) in found, label


def test_hostile_literals_keep_every_result_format_readable(hostile):
    rows = bcpgraph.sparql("SELECT ?label WHERE { ?s skos:prefLabel ?label } ORDER BY ?label", graph=hostile)
    labels = [str(v) for v in rows.column("label")]
    assert set(HOSTILE) <= set(labels)

    root = ET.fromstring(rows.serialize("xml").encode("utf-8"))
    literals = [e.text or "" for e in root.iter("{http://www.w3.org/2005/sparql-results#}literal")]
    assert [visible(t) for t in literals] == [visible(t) for t in labels]

    doc = json.loads(rows.serialize("json"))
    assert [b["label"]["value"] for b in doc["results"]["bindings"]] == labels

    table = list(csv.reader(io.StringIO(rows.serialize("csv"), newline="")))
    assert table == [["label"], *([t] for t in labels)]

    tsv = rows.serialize("tsv").split("\n")
    assert len(tsv) == len(labels) + 2 and tsv[-1] == ""  # one line per row, whatever the text

    shown = rows.serialize("table")
    assert "\x1b" not in shown and "\x00" not in shown


def svg_text(data: bytes) -> str:
    root = ET.fromstring(data)  # raises on malformed XML
    assert root.tag == f"{SVG}svg"
    return " ".join(" ".join(t.itertext()) for t in root.iter(f"{SVG}text"))


def test_hostile_labels_in_the_matrix_pictures_and_page(hostile):
    matrix = competency_matrix(hostile)
    shown = " ".join(svg_text(to_svg(matrix)).split())
    assert "$x^$" in shown  # drawn as written, not as mathtext
    assert "alert(1)" in shown and "a & b" in shown
    assert to_png(matrix).startswith(PNG_SIGNATURE)

    page = to_html(matrix)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert not any(c in page for c in "\x00\x1b\uffff")
    parser = html.parser.HTMLParser()
    parser.feed(page)
    parser.close()


def test_hostile_labels_in_the_career_picture(hostile):
    network = career_network(hostile, interpretations=True)
    shown = " ".join(svg_text(plot_career(network, format="svg")).split())
    labels = [label for _, label in network.nodes(data="label")]
    assert set(labels) & set(HOSTILE)
    for label in labels:  # wrapped and shortened in its box, but there, starting with its name
        assert label.split()[0] in shown, label
    assert plot_career(network, format="png").startswith(PNG_SIGNATURE)
    title = " ".join(svg_text(plot_career(network, title="costs $x^$ \x00")).split())
    assert "costs $x^$ \ufffd" in title


# ------------------------------------------------------------------ local queries


def test_a_runaway_query_ends_at_its_time_limit(graph):
    store = LocalStore(graph, timeout=0.5)
    with pytest.raises(TimeoutExceeded, match="the query did not finish within 0.5 s"):
        store.run("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
    # the store is still usable afterwards
    assert store.run("ASK { ?s a bcp:WorkProcess }").boolean is True


def test_a_time_limit_outlives_code_that_swallows_the_first_timeout():
    import time

    def spin():
        while time.monotonic() < deadline:
            pass

    swallowed = 0
    deadline = time.monotonic() + 10  # bounded, whatever happens
    with pytest.raises(TimeoutExceeded, match="swallowing did not finish within 0.05 s"):
        with limits.time_limit(0.05, "swallowing"):
            try:
                spin()
            except Exception:  # as a careless library would
                swallowed += 1
            spin()  # and carries on
    assert swallowed == 1 and time.monotonic() < deadline


def test_a_query_over_the_size_limit_is_refused_before_parsing(graph, monkeypatch):
    monkeypatch.setattr(limits, "MAX_QUERY_CHARS", 1000)
    text = "SELECT * WHERE { " + "?s ?p ?o . " * 200  # not even valid SPARQL: it is not parsed
    with pytest.raises(InputError, match=r"2,\d{3} characters long, more than the 1,000 accepted"):
        LocalStore(graph).run(text)
    assert len(LocalStore(graph).run("SELECT * WHERE { ?s a bcp:WorkProcess }")) == 7


def test_an_answer_over_the_value_limit_is_refused(graph, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ANSWER_VALUES", 14)
    store = LocalStore(graph)
    assert len(store.run("SELECT ?wp WHERE { ?wp a bcp:WorkProcess }")) == 7  # 7 values
    with pytest.raises(InputError, match="the answer has more than 7 rows"):
        store.run("SELECT ?wp ?label WHERE { ?wp a bcp:WorkProcess ; skos:prefLabel ?label }")  # 14 rows


@pytest.mark.parametrize("update", [
    "DROP ALL", "CLEAR DEFAULT", "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
    "DELETE WHERE { ?s ?p ?o }", "LOAD <http://127.0.0.1:9/nothing.ttl>",
])
def test_updates_are_refused_and_change_nothing(update):
    graph = example_graph()
    before = len(graph)
    with pytest.raises(InputError, match="^updates are refused: bcpgraph only reads"):
        bcpgraph.sparql(update, graph=graph)
    assert len(graph) == before


@pytest.mark.parametrize("text, message", [
    ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "GRAPH .*one default graph"),
    ('SELECT * WHERE { ?s skos:prefLabel ?o FILTER REGEX(?o, "(") }', "cannot be evaluated: .*"),
    ("SELECT (SUM(?o) AS ?n) WHERE { ?s skos:prefLabel ?o }", "cannot be evaluated: .*numeric"),
])
def test_queries_rdflib_cannot_answer_give_an_input_error(text, message):
    with pytest.raises(InputError, match=message):
        bcpgraph.sparql(text, graph=example_graph())


# ------------------------------------------------------------------ analyses within bounds


def complete_careers(n: int) -> Graph:
    """``n`` roles that all lead to each other."""
    graph = Graph()
    roles = [FUNCTIE[f"rol-{i:02d}"] for i in range(n)]
    for role in roles:
        graph.add((role, RDF.type, BCP.Role))
        graph.add((role, SKOS.prefLabel, Literal(role.rsplit("/", 1)[1], lang="nl")))
    for a in roles:
        for b in roles:
            if a != b:
                step = URIRef(f"{a}/naar/{b.rsplit('/', 1)[1]}")
                graph.add((step, RDF.type, BCP.CareerTransition))
                graph.add((step, BCP.fromRole, a))
                graph.add((step, BCP.toRole, b))
    return graph


def bfs_distance(network, source: str, target: str) -> int | None:
    seen, queue = {source: 0}, deque([source])
    while queue:
        node = queue.popleft()
        for nxt in network.successors(node):
            if nxt not in seen:
                seen[nxt] = seen[node] + 1
                queue.append(nxt)
    return seen.get(target)


@pytest.mark.parametrize("max_paths, max_length", [(100, 10), (7, 3), (1, 1)])
def test_career_paths_on_thirteen_roles_that_all_lead_to_each_other(max_paths, max_length):
    network = career_network(complete_careers(13))
    assert network.number_of_edges() == 13 * 12
    source, target = str(FUNCTIE["rol-00"]), str(FUNCTIE["rol-12"])
    found = career_paths(network, source, target, max_paths=max_paths, max_length=max_length)
    assert found["truncated"] is True
    assert len(found["shortest"]) - 1 == bfs_distance(network, source, target) == 1
    paths = found["all"]
    assert 1 <= len(paths) <= max_paths
    assert paths == sorted(paths, key=lambda p: (len(p), p))
    assert len({tuple(p) for p in paths}) == len(paths)
    for path in paths:
        assert path[0] == source and path[-1] == target
        assert len(set(path)) == len(path) and len(path) - 1 <= max_length
        assert all(network.has_edge(a, b) for a, b in zip(path, path[1:], strict=False))
    assert found == career_paths(network, source, target, max_paths=max_paths, max_length=max_length)


def test_the_shortest_career_path_is_found_beyond_the_length_limit():
    graph = Graph()
    chain = [FUNCTIE[f"stap-{i}"] for i in range(6)]
    for a, b in zip(chain, chain[1:], strict=False):
        step = URIRef(f"{a}/naar")
        graph.add((step, RDF.type, BCP.CareerTransition))
        graph.add((step, BCP.fromRole, a))
        graph.add((step, BCP.toRole, b))
    network = career_network(graph)
    found = career_paths(network, str(chain[0]), str(chain[-1]), max_length=2)
    assert len(found["shortest"]) - 1 == bfs_distance(network, str(chain[0]), str(chain[-1])) == 5
    assert found["all"] == [] and found["truncated"] is True


def test_the_career_path_search_stops_after_its_steps(monkeypatch):
    """Twelve roles that lead to each other, and one way out through the first: the distance
    to the target cannot see that the way out is used up, so the search could wander for long."""
    import networkx as nx

    network = nx.complete_graph([str(FUNCTIE[f"rol-{i:02d}"]) for i in range(12)], create_using=nx.DiGraph)
    exit_, target = str(FUNCTIE["uitgang"]), str(FUNCTIE["doel"])
    network.add_edges_from([(str(FUNCTIE["rol-00"]), exit_), (exit_, target)])
    monkeypatch.setattr(limits, "MAX_PATH_SEARCH", 5_000)
    found = career_paths(network, str(FUNCTIE["rol-00"]), target)
    assert found == {"shortest": [str(FUNCTIE["rol-00"]), exit_, target],
                     "all": [[str(FUNCTIE["rol-00"]), exit_, target]], "truncated": True}


@pytest.mark.parametrize("analysis", [similarity, centrality, lambda net, **kw: projections(net, **kw)])
def test_pairwise_analyses_refuse_more_nodes_than_the_limit(analysis):
    network = competency_network(example_graph())  # 3 werkprocessen, 4 competencies
    with pytest.raises(InputError, match=r"every pair of \d werkprocessen.*the limit is 2.*narrow the data"):
        analysis(network, max_nodes=2)
    assert analysis(network, max_nodes=4)


# ------------------------------------------------------------------ the Python API


@pytest.mark.parametrize("data", [123, b"profile.ttl", [], [MINIMAL, 3], {"a": 1}])
def test_validate_refuses_what_is_neither_graph_nor_path(data):
    with pytest.raises(ArgumentError, match="validate: data is an rdflib Graph, a file path or a list"):
        bcpgraph.validate(data)


@pytest.mark.parametrize("bad", [None, 3, Graph()])
def test_load_refuses_what_is_not_a_path(bad):
    with pytest.raises(ArgumentError, match="load: files are paths"):
        bcpgraph.load(bad)


def test_validate_takes_paths_as_the_command_line_does(tmp_path):
    broken = Graph().parse(MINIMAL)
    wp = next(broken.subjects(BCP.competency, None))
    broken.remove((wp, BCP.competency, None))
    broken_path = tmp_path / "broken.ttl"
    broken.serialize(broken_path, format="turtle")
    assert bcpgraph.validate(str(MINIMAL)).conforms
    assert bcpgraph.validate(MINIMAL).conforms
    extra = tmp_path / "extra.ttl"
    extra.write_text("<https://w3id.org/bcpgraph/id/x> <http://www.w3.org/2000/01/rdf-schema#comment> 'x' .\n")
    assert not bcpgraph.validate([broken_path, extra]).conforms
    assert not bcpgraph.validate((str(broken_path),)).conforms
    with pytest.raises(InputError, match="no such file"):
        bcpgraph.validate(tmp_path / "missing.ttl")


def test_validation_ends_at_its_time_limit():
    with pytest.raises(TimeoutExceeded, match="validation did not finish"):
        bcpgraph.validate(timeout=0.01)
