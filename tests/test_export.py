"""``bcpgraph export`` and ``bcpgraph sparql 'CONSTRUCT …' -o FILE``: the file holds what its ending
says, reads back as the data, and nothing is replaced without --force.

Each file is read back with the strict parser of the format its ending names (N-Triples with the
N-Triples parser: Turtle in a ``.nt`` file fails) and compared as a graph with the data loaded
by rdflib from the same files, or with rdflib's own answer to the same CONSTRUCT.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

import bcpgraph
from bcpgraph.graph import named_graphs, ontology

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "contactcenter.ttl"
PROFILE = URIRef("https://w3id.org/bcpgraph/id/bcp/contactcenter-medewerker-2010")
PROFILES = sorted((ROOT / "tests" / "profiles").glob("*.ttl"))
#: File ending → the rdflib parser of the format it names.
ENDINGS = {".ttl": "turtle", ".nt": "nt", ".trig": "trig", ".nq": "nquads", ".jsonld": "json-ld", ".rdf": "xml",
           ".json": "json-ld", ".xml": "xml"}
CONSTRUCT = ("PREFIX bcp: <https://w3id.org/bcpgraph/def/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
             "CONSTRUCT { ?wp skos:prefLabel ?label ; bcp:competency ?c } "
             "WHERE { ?wp a bcp:WorkProcess ; skos:prefLabel ?label ; bcp:competency ?c }")


def _read(path: Path) -> Graph:
    """``path`` parsed by the parser its ending names; datasets as a Dataset."""
    fmt = ENDINGS[path.suffix]
    if fmt in ("trig", "nquads"):
        back = Dataset()
        back.parse(path, format=fmt)
        return back
    return Graph().parse(path, format=fmt)


def _union(graph: Graph) -> Graph:
    """All triples of ``graph``, of every named graph of a dataset too."""
    union = Graph()
    for quad in (graph.quads((None, None, None, None)) if isinstance(graph, Dataset) else graph):
        union.add(quad[:3])
    return union


@pytest.mark.parametrize("ending", sorted(ENDINGS))
def test_export_writes_what_the_ending_says(cli, tmp_path, ending):
    target = tmp_path / f"all{ending}"
    done = cli("export", "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert isomorphic(_union(_read(target)), bcpgraph.load())


@pytest.mark.parametrize("ending", [".trig", ".nq"])
def test_dataset_endings_keep_one_named_graph_per_profile(cli, tmp_path, ending):
    target = tmp_path / f"all{ending}"
    done = cli("export", "--data", *map(str, PROFILES), "--with-shipped", "-o", str(target))
    assert done.returncode == 0, done.stderr
    back = _read(target)
    graphs = {g.identifier: g for g in named_graphs(back)}
    assert isomorphic(graphs.pop(PROFILE), Graph().parse(DATA))
    assert isomorphic(graphs.pop(URIRef("urn:x-rdflib:default")), ontology())
    # each fixture profile in the graph of its own IRI
    expected = {}
    for path in PROFILES:
        profile = Graph().parse(path)
        iris = set(profile.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                    URIRef("https://w3id.org/bcpgraph/def/Profile")))
        if len(iris) == 1:
            expected[iris.pop()] = profile
    assert set(graphs) == set(expected)
    for iri, profile in expected.items():
        assert isomorphic(graphs[iri], profile), iri


@pytest.mark.parametrize("given, ending", [("turtle", ".ttl"), ("ntriples", ".nt"), ("rdfxml", ".rdf"),
                                           ("jsonld", ".json"), ("rdfxml", ".xml")])
def test_format_and_ending_that_agree(cli, tmp_path, given, ending):
    """(That the content is the data: test_export_writes_what_the_ending_says.)"""
    target = tmp_path / f"all{ending}"
    done = cli("export", "--format", given, "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert len(_read(target)) == len(bcpgraph.load())


@pytest.mark.parametrize("given, ending", [("ntriples", ".ttl"), ("turtle", ".nt"), ("trig", ".jsonld"),
                                           ("jsonld", ".rdf"), ("turtle", ".nq")])
def test_format_and_ending_that_disagree_exit_2(cli, tmp_path, given, ending):
    target = tmp_path / f"all{ending}"
    done = cli("export", "--format", given, "-o", str(target))
    assert done.returncode == 2
    assert "agree" in done.stderr and "Traceback" not in done.stderr
    assert not target.exists()


def test_unknown_ending_needs_a_format(cli, tmp_path):
    done = cli("export", "-o", str(tmp_path / "all.dat"))
    assert done.returncode == 2 and "--format" in done.stderr
    given = cli("export", "--format", "ntriples", "-o", str(tmp_path / "all.dat"))
    assert given.returncode == 0, given.stderr
    assert len(Graph().parse(tmp_path / "all.dat", format="nt")) == len(bcpgraph.load())


def test_export_never_replaces_without_force(cli, tmp_path):
    target = tmp_path / "all.ttl"
    target.write_text("# mine\n")
    done = cli("export", "-o", str(target))
    assert done.returncode == 2 and "--force" in done.stderr
    assert target.read_text() == "# mine\n"
    forced = cli("export", "-o", str(target), "--force")
    assert forced.returncode == 0, forced.stderr
    assert len(Graph().parse(target)) == len(bcpgraph.load())


def test_export_to_standard_output_is_refused(cli):
    done = cli("export", "-o", "-")
    assert done.returncode == 2 and ".ttl" in done.stderr


# ------------------------------------------------------------------ sparql CONSTRUCT -o FILE


def test_sparql_construct_to_dot_nt_writes_ntriples_not_turtle(cli, tmp_path):
    """Issue 11: `sparql 'CONSTRUCT …' -o dump.nt` wrote Turtle into a .nt file."""
    target = tmp_path / "dump.nt"
    done = cli("sparql", CONSTRUCT, "-o", str(target))
    assert done.returncode == 0, done.stderr
    text = target.read_text(encoding="utf-8")
    assert "@prefix" not in text and all(line.startswith("<") for line in text.splitlines() if line)
    assert isomorphic(Graph().parse(target, format="nt"), bcpgraph.load().query(CONSTRUCT).graph)


@pytest.mark.parametrize("ending", sorted(ENDINGS))
def test_sparql_construct_writes_what_the_ending_says(cli, tmp_path, ending):
    target = tmp_path / f"answer{ending}"
    done = cli("sparql", CONSTRUCT, "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert isomorphic(_union(_read(target)), bcpgraph.load().query(CONSTRUCT).graph)


def test_sparql_select_to_an_rdf_ending_exits_2(cli, tmp_path):
    done = cli("sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "-o", str(tmp_path / "rows.nt"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert not (tmp_path / "rows.nt").exists()


def test_sparql_construct_with_a_disagreeing_format_exits_2(cli, tmp_path):
    done = cli("sparql", CONSTRUCT, "--format", "turtle", "-o", str(tmp_path / "answer.nt"))
    assert done.returncode == 2 and "agree" in done.stderr
    assert not (tmp_path / "answer.nt").exists()


def test_sparql_construct_never_replaces_without_force(cli, tmp_path):
    target = tmp_path / "answer.nt"
    target.write_text("# mine\n")
    done = cli("sparql", CONSTRUCT, "-o", str(target))
    assert done.returncode == 2 and "--force" in done.stderr
    assert target.read_text() == "# mine\n"
