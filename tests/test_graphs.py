"""Named graphs: TriG and N-Quads keep their graphs, each profile in the graph named by its IRI,
a dataset written back as TriG / N-Quads, ``--data DIR``, and SPARQL GRAPH on a dataset."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF

import bcpgraph
from bcpgraph.errors import InputError
from bcpgraph.graph import load_dataset, named_graphs, read_rdf, write_dataset
from bcpgraph.namespaces import BCP
from bcpgraph.output import OutputExists
from bcpgraph.stores.local import LocalStore
from conftest import ROOT

PROFILES = ROOT / "tests" / "profiles"
BAKKER = PROFILES / "bakker-fictional.ttl"
TEAMLEIDER = PROFILES / "teamleider-fictional.ttl"
GRAPH_NAME = URIRef("https://example.org/test/graphs/bakker")


def _turtle(path: Path) -> Graph:
    """The file as rdflib reads it on its own: what the tests expect."""
    return Graph().parse(path, format="turtle")


def _profile_iri(path: Path) -> URIRef:
    (iri,) = set(_turtle(path).subjects(RDF.type, BCP.Profile))
    return iri


def _in_named_graph(path: Path, fmt: str, tmp_path: Path) -> Path:
    """The profile in ``path`` put in the named graph GRAPH_NAME, written by rdflib as ``fmt``."""
    ds = Dataset()
    ds.graph(GRAPH_NAME).__iadd__(_turtle(path))
    out = tmp_path / f"bakker.{'trig' if fmt == 'trig' else 'nq'}"
    out.write_text(ds.serialize(format=fmt), encoding="utf-8")
    return out


def _graph_of_profile(dataset: Dataset, profile: URIRef) -> list[str]:
    rows = bcpgraph.sparql(f"SELECT ?g WHERE {{ GRAPH ?g {{ <{profile}> a bcp:Profile }} }}", graph=dataset)
    return [str(row["g"]) for row in rows]


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_a_profile_in_a_named_graph_keeps_its_graph(fmt, tmp_path):
    path = _in_named_graph(BAKKER, fmt, tmp_path)
    dataset = load_dataset(path)
    assert _graph_of_profile(dataset, _profile_iri(BAKKER)) == [str(GRAPH_NAME)]
    assert isomorphic(dataset.graph(GRAPH_NAME), _turtle(BAKKER))


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_a_plain_graph_keeps_the_triples_of_named_graphs(fmt, tmp_path):
    # before: everything in a named graph was dropped
    graph = bcpgraph.load(_in_named_graph(BAKKER, fmt, tmp_path))
    assert (_profile_iri(BAKKER), RDF.type, BCP.Profile) in graph
    assert len(graph) == len(bcpgraph.load(BAKKER))


def test_two_turtle_profiles_go_to_two_graphs_named_by_their_iris():
    dataset = load_dataset(BAKKER, TEAMLEIDER)
    names = {graph.identifier for graph in named_graphs(dataset)}
    assert names == {DATASET_DEFAULT_GRAPH_ID, _profile_iri(BAKKER), _profile_iri(TEAMLEIDER)}
    for path in (BAKKER, TEAMLEIDER):
        assert isomorphic(dataset.graph(_profile_iri(path)), _turtle(path))
        assert _graph_of_profile(dataset, _profile_iri(path)) == [str(_profile_iri(path))]


def test_the_shipped_profile_has_its_own_graph_and_the_union_is_the_plain_graph(graph):
    dataset = load_dataset()
    shipped = _profile_iri(ROOT / "data" / "contactcenter.ttl")
    assert isomorphic(dataset.graph(shipped), _turtle(ROOT / "data" / "contactcenter.ttl"))
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert bcpgraph.sparql(count, graph=dataset).column("n") == bcpgraph.sparql(count, graph=graph).column("n")


def test_graph_is_refused_on_a_plain_graph_and_runs_on_a_dataset(graph):
    text = "ASK { GRAPH ?g { ?p a bcp:Profile } }"
    with pytest.raises(InputError, match="GRAPH"):
        LocalStore(graph).run(text)
    assert LocalStore(load_dataset()).run(text).boolean is True


@pytest.mark.parametrize("ending", [".trig", ".nq"])
def test_a_dataset_round_trips_through_its_file_graph_by_graph(ending, tmp_path):
    dataset = load_dataset(BAKKER, TEAMLEIDER)
    out = write_dataset(dataset, tmp_path / f"all{ending}")
    back = read_rdf(out, Dataset())
    assert {g.identifier for g in named_graphs(back)} == {g.identifier for g in named_graphs(dataset)}
    for graph in named_graphs(dataset):
        assert isomorphic(back.graph(graph.identifier), graph), graph.identifier


def test_write_dataset_does_not_overwrite_and_knows_only_dataset_endings(tmp_path):
    target = tmp_path / "all.trig"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(OutputExists):
        write_dataset(load_dataset(BAKKER), target)
    assert target.read_text(encoding="utf-8") == "mine"
    write_dataset(load_dataset(BAKKER), target, force=True)
    assert target.read_text(encoding="utf-8") != "mine"
    with pytest.raises(InputError, match="TriG"):
        write_dataset(load_dataset(BAKKER), tmp_path / "all.ttl")
    assert not (tmp_path / "all.ttl").exists()


def test_data_dir_reads_the_rdf_files_in_it(cli, tmp_path):
    folder = tmp_path / "profiles"
    folder.mkdir()
    for path in (BAKKER, TEAMLEIDER):
        shutil.copy(path, folder / path.name)
    (folder / "notes.txt").write_text("not RDF", encoding="utf-8")
    (folder / "nested").mkdir()
    shutil.copy(ROOT / "data" / "contactcenter.ttl", folder / "nested" / "contactcenter.ttl")
    done = cli("sparql", "--data", str(folder), "--format", "json",
               "SELECT ?g WHERE { GRAPH ?g { ?p a bcp:Profile } }")
    assert done.returncode == 0, done.stderr
    found = {b["g"]["value"] for b in json.loads(done.stdout)["results"]["bindings"]}
    assert found == {str(_profile_iri(BAKKER)), str(_profile_iri(TEAMLEIDER))}
    # the same folder and the same files, named one by one, load the same graph
    assert len(bcpgraph.load(folder)) == len(bcpgraph.load(BAKKER, TEAMLEIDER))


def test_data_dir_without_rdf_files_exits_2_naming_it(cli, tmp_path):
    (tmp_path / "notes.txt").write_text("not RDF", encoding="utf-8")
    done = cli("sparql", "ASK { ?s ?p ?o }", "--data", str(tmp_path))
    assert done.returncode == 2
    assert str(tmp_path) in done.stderr and "no RDF files" in done.stderr
    assert "Traceback" not in done.stderr


def test_validate_reads_a_directory_like_its_files(tmp_path):
    for path in (BAKKER, TEAMLEIDER):
        shutil.copy(path, tmp_path / path.name)
    assert bcpgraph.validate(tmp_path).conforms == bcpgraph.validate([BAKKER, TEAMLEIDER]).conforms
