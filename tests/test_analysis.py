"""Network analyses (bcpgraph.analysis) checked against the seed text and against SPARQL.

Expected values come from the seed through :mod:`seedtext` (which uses no RDF library) or from
plain rdflib triple counting, never from the code under test. Seed names meet graph nodes through
the graph's own skos:prefLabel/altLabel @nl, compared with :func:`seedtext.norm`.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

import networkx as nx
import pytest
import seedtext
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS
from seedtext import norm, role_key, variant_key

import bcpgraph
from bcpgraph.analysis import (
    NodeError, career_network, career_paths, centrality, competency_network, example_graph,
    find_node, knowledge_network, occupations, projections, shared_competencies, similarity, write_network,
)
from bcpgraph.errors import InputError
from bcpgraph.namespaces import BCP, BEROEP, FUNCTIE

if seedtext.seed_path() is None:
    pytest.skip("seed text not found (set BCPGRAPH_SEED)", allow_module_level=True)

SEED = seedtext.read()
OCCUPATION = str(BEROEP["contactcenter-medewerker"])
JUNIOR = str(FUNCTIE["junior-accountmanager"])
SENIOR = str(FUNCTIE["senior-accountmanager"])
REGIO = str(FUNCTIE["regiomanager"])
TEAMLEIDER = str(FUNCTIE["teamleider"])


# ------------------------------------------------------------------ helpers (not analysis.py)


def competency_by_seed_name(graph: Graph) -> dict[str, str]:
    """Normalised pref/alt labels @nl of every bcp:Competency -> its IRI."""
    index = {}
    for concept in graph.subjects(RDF.type, BCP.Competency):
        for predicate in (SKOS.prefLabel, SKOS.altLabel):
            for value in graph.objects(concept, predicate):
                if isinstance(value, Literal) and value.language == "nl":
                    index[norm(value)] = str(concept)
    return index


def seed_competencies(graph: Graph) -> dict[str, set[str]]:
    """Werkproces number -> the IRIs of the competencies the seed lists for it."""
    index = competency_by_seed_name(graph)
    return {wp.number: {index[norm(name)] for name in wp.competencies}
            for wp in SEED.work_processes}


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


@pytest.fixture(scope="module")
def net(graph):
    return competency_network(graph)


@pytest.fixture(scope="module")
def careers(graph):
    return career_network(graph)


# ------------------------------------------------------------------ the bipartite networks


def test_competency_network_holds_the_seed_werkprocessen_and_links(net, graph):
    wps = {d["notation"]: d for _, d in net.nodes(data=True) if d["bipartite"] == 0}
    assert sorted(wps) == [wp.number for wp in SEED.work_processes]
    for wp in SEED.work_processes:
        assert wps[wp.number]["kind"] == "werkproces"
        assert norm(wps[wp.number]["label"]) == norm(wp.title)
        assert wps[wp.number]["core_task"] == wp.core_task
    expected = seed_competencies(graph)
    competencies = {n for n, d in net.nodes(data=True) if d["bipartite"] == 1}
    assert competencies == set().union(*expected.values())
    assert all(net.nodes[c]["kind"] == "competency" for c in competencies)
    assert net.number_of_edges() == sum(len(wp.competencies) for wp in SEED.work_processes) == 47
    assert nx.is_bipartite(net)


def test_knowledge_network_kinds_follow_the_seed_lists(graph):
    knet = knowledge_network(graph)
    kinds = Counter(d["kind"] for _, d in knet.nodes(data=True))
    seed_knowledge = {variant_key(k) for wp in SEED.work_processes for k in wp.knowledge}
    seed_skills = {variant_key(s) for wp in SEED.work_processes for s in wp.skills}
    assert kinds == {"werkproces": 7, "knowledge": len(seed_knowledge), "skill": len(seed_skills)}
    links = sum(len(wp.knowledge) + len(wp.skills) for wp in SEED.work_processes)
    assert knet.number_of_edges() == links


def test_networks_of_an_english_graph_have_english_labels(graph):
    network = competency_network(graph, lang="en")
    labels = {d["notation"]: d["label"] for _, d in network.nodes(data=True)}
    assert labels["19"] == "Delivering quality"


# ------------------------------------------------------------------ shared competencies


def test_shared_competency_counts_come_from_the_seed_lists(net, graph):
    per_wp = seed_competencies(graph)
    expected = defaultdict(list)
    for number, competencies in per_wp.items():
        for iri in competencies:
            expected[iri].append(number)
    rows = shared_competencies(net)
    assert {r["competency"]: (r["count"], r["werkprocessen"]) for r in rows} == {
        iri: (len(numbers), sorted(numbers)) for iri, numbers in expected.items()}
    # The seed's own tally, by name: Kwaliteit leveren and Instructies ... in all seven.
    by_label = {norm(r["label"]): r["count"] for r in rows}
    assert by_label["Kwaliteit leveren"] == by_label["Instructies en procedures opvolgen"] == 7
    assert sum(r["count"] for r in rows) == 47 and len(rows) == 14


def test_shared_competencies_are_ordered_by_count_then_national_number(net):
    rows = shared_competencies(net)
    keys = [(-r["count"], int(r["notation"])) for r in rows]
    assert keys == sorted(keys)


def test_shared_competencies_min_count_keeps_only_recurring_ones(net):
    rows = shared_competencies(net, min_count=2)
    assert rows and all(r["count"] >= 2 for r in rows)
    assert len(rows) == 11  # 14 used, 3 of them in one werkproces only (seed)


@pytest.mark.parametrize("minimum", [1, 2])
def test_shared_competencies_agree_with_the_sparql_query(net, graph, minimum):
    rows = bcpgraph.query("shared-competencies", graph=graph, min=str(minimum))
    from_sparql = [(str(r["competency"]), int(r["count"]),
                    [n.strip() for n in str(r["werkprocessen"]).split(",")]) for r in rows]
    from_networkx = [(r["competency"], r["count"], r["werkprocessen"])
                     for r in shared_competencies(net, min_count=minimum)]
    assert from_networkx == from_sparql


# ------------------------------------------------------------------ projections and similarity


def test_projections_weigh_by_what_is_shared(net, graph):
    wps, comps = projections(net)
    per_wp = seed_competencies(graph)
    by_number = {d["notation"]: n for n, d in wps.nodes(data=True)}
    for a, b in combinations(sorted(per_wp), 2):
        shared = len(per_wp[a] & per_wp[b])
        if shared:
            assert wps.edges[by_number[a], by_number[b]]["weight"] == shared
        else:
            assert not wps.has_edge(by_number[a], by_number[b])
    by_label = {norm(d["label"]): n for n, d in comps.nodes(data=True)}
    quality = by_label["Kwaliteit leveren"]
    instructions = by_label["Instructies en procedures opvolgen"]
    assert comps.edges[quality, instructions]["weight"] == 7


@pytest.mark.parametrize("side", [0, 1])
def test_projections_equal_networkx_weighted_projections(net, side):
    nodes = [n for n, d in net.nodes(data=True) if d["bipartite"] == side]
    expected = nx.bipartite.weighted_projected_graph(net, nodes)
    got = projections(net)[side]
    assert set(got.nodes) == set(expected.nodes)
    assert {frozenset((a, b)): w for a, b, w in got.edges(data="weight")} == {
        frozenset((a, b)): w for a, b, w in expected.edges(data="weight")}


def test_jaccard_of_1_1_and_1_2_by_hand(net, graph):
    per_wp = seed_competencies(graph)
    # By hand from the seed: 1.2's eight competencies all recur in 1.1's ten: 8 / 10.
    assert per_wp["1.2"] < per_wp["1.1"] and (len(per_wp["1.1"]), len(per_wp["1.2"])) == (10, 8)
    row = next(r for r in similarity(net) if (r["a_notation"], r["b_notation"]) == ("1.1", "1.2"))
    assert row["jaccard"] == pytest.approx(0.8) and row["shared"] == 8
    assert norm(row["a_label"]) == norm(SEED.work_process("1.1").title)


def test_similarity_of_every_pair_follows_the_seed_sets(net, graph):
    per_wp = seed_competencies(graph)
    rows = similarity(net)
    assert len(rows) == 21  # 7 werkprocessen, every pair once
    got = {(r["a_notation"], r["b_notation"]): (r["jaccard"], r["shared"]) for r in rows}
    for a, b in combinations(sorted(per_wp), 2):
        assert got[(a, b)][0] == pytest.approx(jaccard(per_wp[a], per_wp[b]))
        assert got[(a, b)][1] == len(per_wp[a] & per_wp[b])
    values = [r["jaccard"] for r in rows]
    assert values == sorted(values, reverse=True)


def test_similarity_by_knowledge_and_skills_follows_the_seed_sets(graph):
    sets = {wp.number: {("knowledge", variant_key(k)) for k in wp.knowledge}
            | {("skill", variant_key(s)) for s in wp.skills} for wp in SEED.work_processes}
    rows = similarity(knowledge_network(graph))
    got = {(r["a_notation"], r["b_notation"]): r for r in rows}
    for a, b in combinations(sorted(sets), 2):
        assert got[(a, b)]["jaccard"] == pytest.approx(jaccard(sets[a], sets[b]))
        assert got[(a, b)]["shared"] == len(sets[a] & sets[b])


# ------------------------------------------------------------------ centrality


def test_centrality_degrees_are_the_seed_counts(net, graph):
    index = competency_by_seed_name(graph)
    seed_counts = Counter(index[norm(c)] for wp in SEED.work_processes for c in wp.competencies)
    rows = centrality(net)
    assert {r["competency"]: r["degree"] for r in rows} == dict(seed_counts)
    for r in rows:
        assert r["degree_centrality"] == pytest.approx(r["degree"] / 7)
    keys = [(-r["degree"], -r["betweenness"]) for r in rows]
    assert keys == sorted(keys)


def test_centrality_betweenness_is_networkx_bipartite_betweenness(net):
    top = [n for n, d in net.nodes(data=True) if d["bipartite"] == 0]
    expected = nx.bipartite.betweenness_centrality(net, top)
    for r in centrality(net):
        assert r["betweenness"] == pytest.approx(expected[r["competency"]])


# ------------------------------------------------------------------ careers


def test_career_network_has_one_edge_per_stated_step_with_a_role(careers):
    stated = [s for s in SEED.career_steps if s.to_role]
    assert careers.number_of_edges() == len(stated) == 9
    label_of = {role_key(d["label"]): n for n, d in careers.nodes(data=True)}
    label_of[role_key(SEED.occupation)] = OCCUPATION
    for step in stated:
        edge = careers.edges[label_of[role_key(step.from_role)], label_of[role_key(step.to_role)]]
        assert edge["direction"] == step.direction
        assert edge["interpretation"] is False
    assert careers.nodes[OCCUPATION]["kind"] == "occupation"
    assert occupations(careers) == [OCCUPATION]
    unnamed = [s.phrase for s in SEED.career_steps if not s.to_role]
    assert len(careers.graph["without_role"]) == len(unnamed) == 2


def test_interpretations_are_left_out_by_default_and_dashed_in_when_asked(graph, careers):
    assert not careers.has_edge(SENIOR, REGIO)
    ladder = career_network(graph, interpretations=True)
    assert ladder.edges[SENIOR, REGIO]["interpretation"] is True
    (a, b), = SEED.ladder_steps
    assert (role_key(a), role_key(b)) == (role_key(ladder.nodes[SENIOR]["label"]),
                                          role_key(ladder.nodes[REGIO]["label"]))


def test_shortest_path_to_regiomanager_goes_via_the_junior_accountmanager(careers):
    paths = career_paths(careers, OCCUPATION, REGIO)
    assert paths["shortest"] == [OCCUPATION, JUNIOR, REGIO]
    assert paths["all"] == [[OCCUPATION, JUNIOR, REGIO]]
    assert paths["truncated"] is False


def test_the_ladder_reading_adds_a_longer_path_to_regiomanager(graph):
    paths = career_paths(career_network(graph, interpretations=True),
                         "beroep:contactcenter-medewerker", "functie:regiomanager")
    assert paths["shortest"] == [OCCUPATION, JUNIOR, REGIO]
    assert paths["all"] == [[OCCUPATION, JUNIOR, REGIO], [OCCUPATION, JUNIOR, SENIOR, REGIO]]


def test_career_path_limits_leave_out_paths_and_say_so(graph):
    ladder = career_network(graph, interpretations=True)
    one = career_paths(ladder, OCCUPATION, REGIO, max_paths=1)
    assert one["all"] == [[OCCUPATION, JUNIOR, REGIO]] and one["truncated"] is True
    short = career_paths(ladder, OCCUPATION, REGIO, max_length=2)
    assert short["all"] == [[OCCUPATION, JUNIOR, REGIO]] and short["truncated"] is True
    too_short = career_paths(ladder, OCCUPATION, REGIO, max_length=1)
    assert too_short == {"shortest": [OCCUPATION, JUNIOR, REGIO], "all": [], "truncated": True}


@pytest.mark.parametrize("limits", [{"max_paths": 0}, {"max_length": -1}, {"max_paths": 2.5},
                                    {"max_length": "3"}, {"max_paths": True}])
def test_career_path_limits_must_be_whole_numbers(careers, limits):
    with pytest.raises(InputError, match="max_"):
        career_paths(careers, OCCUPATION, REGIO, **limits)


def test_teamleider_is_one_step_away(careers):
    paths = career_paths(careers, OCCUPATION, TEAMLEIDER)
    assert paths == {"shortest": [OCCUPATION, TEAMLEIDER], "all": [[OCCUPATION, TEAMLEIDER]],
                     "truncated": False}


def test_no_way_back_gives_empty_lists(careers):
    assert career_paths(careers, REGIO, OCCUPATION) == {"shortest": [], "all": [], "truncated": False}


def test_a_role_to_itself_is_a_path_of_one(careers):
    assert career_paths(careers, TEAMLEIDER, TEAMLEIDER) == {"shortest": [TEAMLEIDER],
                                                             "all": [[TEAMLEIDER]], "truncated": False}


def test_unknown_role_raises_a_value_error_naming_it(careers):
    with pytest.raises(ValueError, match="functie:astronaut"):
        career_paths(careers, OCCUPATION, "functie:astronaut")
    with pytest.raises(NodeError, match="nobody.*nowhere"):
        career_paths(careers, "nobody", "nowhere")


@pytest.mark.parametrize("text, expected", [
    ("Regiomanager", REGIO), ("REGIOMANAGER", REGIO), ("  Regiomanager ", REGIO),
    ("junior accountmanager", JUNIOR), ("(junior) Accountmanager", JUNIOR),
    ("team leader", TEAMLEIDER), ("Team  Leader", TEAMLEIDER), ("functie:teamleider", TEAMLEIDER),
    (f"<{TEAMLEIDER}>", TEAMLEIDER),
    (TEAMLEIDER, TEAMLEIDER), ("Contactcenter medewerker", OCCUPATION),
    ("senior-accountmanager", SENIOR),
])
def test_find_node_resolves_iris_and_labels(careers, text, expected):
    assert find_node(careers, text) == expected


def test_find_node_suggests_close_labels(careers):
    with pytest.raises(ValueError, match="did you mean 'Regiomanager'"):
        find_node(careers, "regiomanagr")
    with pytest.raises(NodeError, match="no node called 'astronaut'$"):
        find_node(careers, "astronaut")


def test_find_node_lists_the_candidates_of_an_ambiguous_label():
    network = nx.DiGraph()
    network.add_node("https://w3id.org/bcpgraph/id/functie/a", label="Manager")
    network.add_node("https://w3id.org/bcpgraph/id/functie/b", label="manager")
    with pytest.raises(ValueError, match=r"ambiguous.*functie:a.*functie:b"):
        find_node(network, "MANAGER")


def test_analyses_do_not_change_the_network(net):
    before = (sorted(net.nodes(data=True)), sorted(net.edges(data=True)))
    shared_competencies(net), similarity(net), centrality(net), projections(net)
    assert (sorted(net.nodes(data=True)), sorted(net.edges(data=True))) == before


# ------------------------------------------------------------------ empty and one-node graphs


def test_an_empty_graph_gives_empty_answers():
    for network in (competency_network(Graph()), knowledge_network(Graph())):
        assert network.number_of_nodes() == 0
        assert shared_competencies(network) == similarity(network) == centrality(network) == []
        assert [p.number_of_nodes() for p in projections(network)] == [0, 0]
    careers = career_network(Graph())
    assert careers.number_of_nodes() == 0
    with pytest.raises(ValueError):
        career_paths(careers, OCCUPATION, REGIO)
    with pytest.raises(ValueError):
        find_node(careers, "Regiomanager")


def _one_werkproces(*competencies: URIRef) -> Graph:
    g = Graph()
    wp = URIRef("https://w3id.org/bcpgraph/id/bcp/x/werkproces/1.1")
    g.add((wp, RDF.type, BCP.WorkProcess))
    g.add((wp, SKOS.notation, Literal("1.1")))
    for c in competencies:
        g.add((wp, BCP.competency, c))
        g.add((c, SKOS.prefLabel, Literal("Kwaliteit leveren", lang="nl")))
    return g


def test_a_single_werkproces_without_competencies():
    network = competency_network(_one_werkproces())
    assert network.number_of_nodes() == 1
    assert shared_competencies(network) == similarity(network) == centrality(network) == []
    wps, comps = projections(network)
    assert (wps.number_of_nodes(), wps.number_of_edges(), comps.number_of_nodes()) == (1, 0, 0)


def test_a_single_werkproces_with_one_competency():
    comp = URIRef("https://w3id.org/bcpgraph/id/competentie/kwaliteit-leveren")
    network = competency_network(_one_werkproces(comp))
    (row,) = centrality(network)
    assert (row["degree"], row["degree_centrality"], row["betweenness"]) == (1, 1.0, 0.0)
    assert shared_competencies(network)[0]["werkprocessen"] == ["1.1"]
    assert similarity(network) == []


def test_a_single_role():
    g = Graph()
    g.add((BEROEP.x, RDF.type, BCP.Occupation))
    g.add((BEROEP.x, SKOS.prefLabel, Literal("x-beroep", lang="nl")))
    network = career_network(g)
    assert list(network.nodes) == [str(BEROEP.x)]
    assert career_paths(network, "beroep:x", "beroep:x")["all"] == [[str(BEROEP.x)]]
    assert find_node(network, "X-Beroep") == str(BEROEP.x)


def test_the_example_graph_is_what_the_docstrings_say():
    net = competency_network(example_graph())
    assert (net.number_of_nodes(), net.number_of_edges()) == (7, 5)


# ------------------------------------------------------------------ writing networks


@pytest.mark.parametrize("fmt, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
@pytest.mark.parametrize("build", [competency_network, knowledge_network, career_network])
def test_written_networks_read_back_with_the_same_nodes_and_edges(tmp_path, graph, fmt, read,
                                                                  build):
    network = build(graph)
    path = write_network(network, tmp_path / f"net.{fmt}", fmt)
    back = read(path)
    assert (back.number_of_nodes(), back.number_of_edges()) == (
        network.number_of_nodes(), network.number_of_edges())
    assert set(map(str, back.nodes)) == set(network.nodes)
    some = sorted(network.nodes)[0]
    assert back.nodes[some]["label"] == network.nodes[some]["label"]
    assert back.is_directed() == network.is_directed()
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"net.{fmt}"]  # no temporary files left


def test_write_network_keeps_list_attributes_as_text(tmp_path, graph):
    network = career_network(graph)
    back = nx.read_graphml(write_network(network, tmp_path / "careers.graphml"))
    assert "junior accountmanager" in back.nodes[JUNIOR]["alt_labels"].split("; ")
    assert back.edges[OCCUPATION, JUNIOR]["direction"] == "outside"


def test_write_network_replaces_a_file_whole(tmp_path, net):
    target = tmp_path / "net.gexf"
    target.write_text("old")
    with pytest.raises(InputError, match="force"):
        write_network(net, target, "gexf")
    write_network(net, target, "gexf", force=True)
    assert target.read_text(encoding="utf-8").startswith("<?xml")
    umask = os.umask(0o022)
    os.umask(umask)
    # An ordinary file for the user, not the 0600 of a temporary file.
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_write_network_refuses_unknown_formats_and_places(tmp_path, net):
    with pytest.raises(InputError, match="unknown network format 'dot'"):
        write_network(net, tmp_path / "net.dot")
    with pytest.raises(InputError, match="cannot write"):
        write_network(net, tmp_path / "missing" / "net.graphml", "graphml")
    assert not (tmp_path / "missing").exists()
    assert list(Path(tmp_path).iterdir()) == []


# ------------------------------------------------------------------ the same answer on every store


@pytest.fixture(scope="module")
def reference():
    """The answers on the plain graph, computed once."""
    from analysis_cases import CASES

    graph = bcpgraph.load()
    return {name: case(graph) for name, case in CASES.items()}


def _stores(kind: str):
    from bcpgraph.graph import load_dataset
    from bcpgraph.stores import store_for

    if kind == "graph-store":
        return store_for(bcpgraph.load())
    return store_for(load_dataset())


@pytest.mark.parametrize("kind", ["graph-store", "dataset-store"])
def test_every_analysis_is_the_same_on_every_store(kind, reference):
    """On rdflib over a plain Graph and over a Dataset; tests/test_parity.py runs the same cases on
    embedded Oxigraph and on a real Oxigraph server."""
    from analysis_cases import CASES

    store = _stores(kind)
    for name, case in CASES.items():
        assert case(store) == reference[name], f"{name} differs on {kind}"


def test_the_analysis_queries_are_documented_and_not_listed_with_the_named_queries():
    from importlib.resources import files

    from bcpgraph.catalogue import analysis_query

    names = sorted(p.name[:-3] for p in (files("bcpgraph.analysis") / "sparql").iterdir() if p.name.endswith(".rq"))
    assert "profile-needs" in names and "all-werkprocessen" in names
    for name in names:
        assert analysis_query(name).summary, name
        assert name not in bcpgraph.queries()
