"""bcpgraph generate: synthetic profiles that validate, say they are synthetic, look like the shipped
profile in size and shape, and come out the same for the same seed; each states facts about its
own resources only, and the shared terms they add are written once (synthetic-vocabulary.ttl)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

import bcpgraph
from bcpgraph.errors import InputError
from bcpgraph.generate import VOCABULARY_FILE, generate, vocabulary, write_corpus
from bcpgraph.namespaces import BASE, BCP, BEROEP, COMPETENCY_SCHEME, SCHEMA
from bcpgraph.stores import open_store

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = Graph().parse(ROOT / "data" / "contactcenter.ttl")
#: What a profile file may say only of its own resources (THE MODEL RULE).
PER_PROFILE = (BCP.seedSection, SCHEMA.position, BCP.canProgressTo)


def stated_outside(graph: Graph, profile: URIRef) -> list[tuple]:
    """The triples of ``graph`` that state a per-profile fact (seedSection, position, canProgressTo)
    on an IRI outside ``profile``'s namespace."""
    own = str(profile) + "/"
    return [(s, p, o) for p in PER_PROFILE for s, o in graph.subject_objects(p)
            if isinstance(s, URIRef) and s != profile and not str(s).startswith(own)]


def union(paths) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path)
    return graph


def _count(graph: Graph, cls) -> int:
    return len(set(graph.subjects(RDF.type, cls)))


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> list[Path]:
    return write_corpus(tmp_path_factory.mktemp("corpus") / "out", 4, seed=11)


@pytest.fixture(scope="module")
def corpus(written) -> list[Path]:
    """The profile files (after the vocabulary, which write_corpus returns first)."""
    assert written[0].name == VOCABULARY_FILE
    return written[1:]


@pytest.fixture(scope="module")
def graphs(corpus) -> list[Graph]:
    return [Graph().parse(path) for path in corpus]


def test_generated_profiles_validate_without_warnings(written):
    """One validation of the union (the vocabulary file holds no profile; it is shared context)."""
    report = bcpgraph.validate(union(written))
    shipped = bcpgraph.validate()
    assert report.conforms, [r.message for r in report.violations][:5]
    assert len(report.warnings) == len(shipped.warnings) == 0


def test_generated_profiles_validate_beside_the_shipped_profile(written):
    assert bcpgraph.validate(union(written), shipped=True).conforms


def test_without_the_vocabulary_the_synthetic_terms_are_undefined(corpus):
    report = bcpgraph.validate(union(corpus), lang="en")
    assert not report.conforms
    assert any("/synthetic-" in str(r.value) for r in report.violations)


def test_the_vocabulary_file_defines_the_synthetic_terms_once(written, graphs):
    vocab = Graph().parse(written[0])
    assert written[0].read_text(encoding="utf-8").startswith("# SYNTHETIC VOCABULARY")
    assert not set(vocab.subjects(RDF.type, BCP.Profile))
    terms = set(vocab.subjects())
    assert all(isinstance(t, URIRef) and "/synthetic-" in str(t) for t in terms)
    for term in terms:
        assert any("synthetic" in str(n) for n in vocab.objects(term, SKOS.note)), term
        assert {label.language for label in vocab.objects(term, SKOS.prefLabel)} == {"nl", "en"}
    # every profile's occupation, and every occupation a career step leads to, is defined there
    for graph in graphs:
        (profile,) = graph.subjects(RDF.type, BCP.Profile)
        named = {graph.value(profile, BCP.occupation)} | set(graph.objects(None, BCP.toRole))
        assert {o for o in named if str(o).startswith(str(BEROEP))} <= terms
        assert not terms & set(graph.subjects())  # and nowhere else


def test_profile_files_state_per_profile_facts_on_their_own_resources_only(graphs):
    for graph in graphs:
        (profile,) = graph.subjects(RDF.type, BCP.Profile)
        assert not stated_outside(graph, profile)
        own = str(profile) + "/"
        dataset = URIRef(BASE + "dataset/" + str(profile).rsplit("/", 1)[1])
        assert {s for s in graph.subjects() if not isinstance(s, BNode) and s not in (profile, dataset)
                and not str(s).startswith(own)} == set()
        assert not set(graph.subject_objects(BCP.canProgressTo))
        # where it names a knowledge item or skill, its section says so
        named = set(graph.objects(None, BCP.knowledge)) | set(graph.objects(None, BCP.skill))
        assert named and named <= set(graph.objects(None, BCP.mentions))


def test_no_triple_is_repeated_across_the_files_of_a_corpus(written):
    """Oxigraph's union default graph sees a triple once per graph that holds it (issue 9)."""
    seen = Counter()
    for path in written:
        seen.update({t for t in Graph().parse(path) if not any(isinstance(x, BNode) for x in t)})
    assert [t for t, n in seen.items() if n > 1] == []


def test_the_store_puts_the_vocabulary_in_the_default_graph_and_each_profile_in_its_own(written, graphs):
    profiles = sorted(str(next(g.subjects(RDF.type, BCP.Profile))) for g in graphs)
    term = "<https://w3id.org/bcpgraph/id/kennis/synthetic-00>"
    for backend in ("oxigraph", "rdflib"):
        store = open_store(*written, backend=backend)
        assert store.graphs() == profiles, backend
        assert store.ask(f"ASK {{ {term} ?p ?o }}") and not store.ask(f"ASK {{ GRAPH ?g {{ {term} ?p ?o }} }}")


def test_one_profile_per_file_each_saying_it_is_synthetic(corpus, graphs):
    for path, graph in zip(corpus, graphs, strict=True):
        profiles = list(graph.subjects(RDF.type, BCP.Profile))
        assert len(profiles) == 1
        profile = profiles[0]
        assert str(profile).startswith("https://w3id.org/bcpgraph/id/bcp/synthetic-")
        assert str(profile).endswith(path.stem)
        comments = [str(c) for c in graph.objects(profile, RDFS.comment)]
        assert "synthetic test profile generated by bcpgraph generate, seed 11" in comments
        assert path.read_text(encoding="utf-8").startswith("# SYNTHETIC TEST PROFILE")


def test_new_vocabulary_terms_are_used_and_marked_synthetic(written, graphs):
    vocab = Graph().parse(written[0])
    shipped_terms = set(bcpgraph.load().subjects(RDF.type, SKOS.Concept))
    used = {t for g in graphs for p in (BCP.knowledge, BCP.skill) for t in g.objects(None, p)} - shipped_terms
    assert used  # the generator adds some
    for term in used:
        assert "/synthetic-" in str(term)
        assert any("synthetic" in str(n) for n in vocab.objects(term, SKOS.note))


def test_size_and_shape_resemble_the_shipped_profile(graphs):
    shipped_triples = len(SHIPPED)
    for graph in graphs:
        assert 0.75 * shipped_triples <= len(graph) <= 1.25 * shipped_triples
        for cls in (BCP.CoreTask, BCP.WorkProcess, BCP.Result, BCP.Attitude, BCP.CareerTransition, BCP.Trend):
            expected = _count(SHIPPED, cls)
            assert expected / 2 <= _count(graph, cls) <= expected * 1.5, cls
        for wp in graph.subjects(RDF.type, BCP.WorkProcess):
            for link in (BCP.competencyList, BCP.knowledgeList, BCP.skillList):
                assert graph.value(wp, link) is not None


def test_competencies_come_from_the_national_scheme(graphs):
    scheme = bcpgraph.load()
    for graph in graphs:
        for competency in graph.objects(None, BCP.competency):
            assert (competency, SKOS.inScheme, COMPETENCY_SCHEME) in scheme


def test_the_analyses_have_something_to_find(written):
    graph = bcpgraph.load(*written)
    shared = bcpgraph.query("shared-competencies", graph=graph, min="2")
    assert len(shared) > 0
    from bcpgraph.compare import profile_similarity

    answer = profile_similarity(graph)
    values = [v for row in answer["dimensions"]["competencies"] for v in row]
    assert any(0 < v < 1 for v in values)  # profiles overlap, but are not the same


def test_same_seed_same_bytes_other_seed_other_profiles(tmp_path, written, corpus):
    again = write_corpus(tmp_path / "again", 4, seed=11)
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in written]
    assert [text for _, text in generate(4, seed=11)] == [p.read_text(encoding="utf-8") for p in corpus]
    assert vocabulary(4, seed=11) == written[0].read_text(encoding="utf-8")
    other = write_corpus(tmp_path / "other", 4, seed=12)[1:]
    assert [p.name for p in other] != [p.name for p in corpus]

    def titles(path: Path) -> list[str]:
        graph = Graph().parse(path)
        return sorted(str(title) for wp in graph.subjects(RDF.type, BCP.WorkProcess)
                      for title in graph.objects(wp, SKOS.prefLabel))

    assert titles(other[0]) != titles(corpus[0])


def test_a_non_empty_folder_is_refused_without_force(cli, tmp_path):
    folder = tmp_path / "full"
    folder.mkdir()
    (folder / "mine.txt").write_text("keep me", encoding="utf-8")
    done = cli("generate", "--profiles", "2", "-o", str(folder))
    assert done.returncode == 2
    assert str(folder) in done.stderr and "--force" in done.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["mine.txt"]
    done = cli("generate", "--profiles", "2", "--seed", "3", "-o", str(folder), "--force")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["mine.txt", "synthetic-s3-0001.ttl", "synthetic-s3-0002.ttl",
                                                        "synthetic-vocabulary.ttl"]
    assert (folder / "mine.txt").read_text(encoding="utf-8") == "keep me"


def test_generate_writes_the_files_and_says_so(cli, tmp_path):
    done = cli("generate", "--profiles", "3", "--seed", "5", "-o", str(tmp_path / "new"))
    assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / "new").glob("synthetic-s5-*.ttl"))) == 3
    assert (tmp_path / "new" / "synthetic-vocabulary.ttl").is_file()
    assert "3 synthetic profiles" in done.stderr and "synthetic-vocabulary.ttl" in done.stderr
    assert str(tmp_path / "new") in done.stderr


@pytest.mark.parametrize("args, name", [(["--profiles", "0"], "--profiles"), (["--profiles", "x"], "--profiles"),
                                        (["--profiles", "2", "--seed", "-1"], "--seed")])
def test_bad_numbers_are_usage_errors_naming_the_option(cli, tmp_path, args, name):
    done = cli("generate", *args, "-o", str(tmp_path / "out"))
    assert done.returncode == 2
    assert name in done.stderr
    assert not (tmp_path / "out").exists()


def test_the_library_names_the_parameter_not_the_flag():
    with pytest.raises(InputError, match="parameter profiles") as caught:
        next(generate(0, seed=1))
    assert "--" not in str(caught.value)
    with pytest.raises(TypeError):
        next(generate("3", seed=1))


# ------------------------------------------------------------------ many profiles in one store


@pytest.fixture(scope="module")
def five(tmp_path_factory) -> list[Path]:
    return write_corpus(tmp_path_factory.mktemp("five") / "out", 5, seed=2)


def test_five_profiles_validate_together(five):
    report = bcpgraph.validate(union(five))
    assert report.conforms, [r.message for r in report.violations][:5]


@pytest.mark.parametrize("backend", ["oxigraph", "rdflib"])
def test_each_profile_answers_its_own_sources_and_career_transitions(five, backend):
    store = open_store(*five, backend=backend)
    for path in five[1:]:
        graph = Graph().parse(path)
        (profile,) = graph.subjects(RDF.type, BCP.Profile)
        sources = bcpgraph.query("sources", {"profile": str(profile)}, graph=store)
        documents = set(graph.objects(profile, URIRef("http://purl.org/dc/terms/source")))
        assert sorted(str(r["document"]) for r in sources) == sorted(str(d) for d in documents)
        assert sorted(int(r["position"]) for r in sources) == list(range(1, len(documents) + 1))
        steps = bcpgraph.query("career-transitions", {"profile": str(profile), "interpretations": "true"},
                               graph=store)
        assert sorted(str(r["transition"]) for r in steps) == sorted(
            str(t) for t in graph.objects(profile, BCP.careerTransition))
        occupation = graph.value(profile, BCP.occupation)
        reachable = bcpgraph.query("career-transitions", {"profile": str(profile), "from": str(occupation)},
                                   graph=store)
        own = {str(t) for t in graph.objects(profile, BCP.careerTransition)}
        assert reachable and {str(r["transition"]) for r in reachable} <= own


def test_career_paths_of_one_profile_start_at_its_own_occupation(written, graphs, cli):
    """A generated profile's career steps lead to the occupations of other profiles too; asked for
    one profile, career-paths starts where that profile's careers start (it said "the graph has no
    single occupation" for every profile with such a step)."""
    checked = 0
    for graph in graphs:
        profile = next(graph.subjects(RDF.type, BCP.Profile))
        occupation = graph.value(profile, BCP.occupation)
        steps = [s for s in graph.objects(profile, BCP.careerTransition)
                 if graph.value(s, BCP.fromRole) == occupation]
        reaches = {graph.value(s, BCP.toRole) for s in steps} - {None}
        others = {r for r in reaches if str(r).startswith(str(BEROEP))}
        if not others:
            continue
        role = sorted(reaches - others)[0]
        done = cli("career-paths", "--profile", str(profile), "--to", str(role), "--format", "json",
                   "--data", *map(str, written))
        assert done.returncode == 0, done.stderr
        answer = json.loads(done.stdout)
        assert answer["from"]["iri"] == str(occupation)
        assert [n["iri"] for n in answer["shortest"]] == [str(occupation), str(role)]
        checked += 1
    assert checked  # the corpus has such profiles


def test_the_overview_of_many_profiles_is_each_profiles_own(written, monkeypatch):
    """The overview reads profiles in batches (a VALUES row each); what it says of each profile is
    what it says of that profile asked for alone, wherever a batch ends."""
    from bcpgraph import overview as ov
    from bcpgraph.analysis import career_answer, career_network

    store = open_store(*written)
    alone = {p: ov.summary(store, lang="en", profile=p) for p in ov.profile_iris(store)}
    assert len(alone) == 4
    monkeypatch.setattr(ov, "BATCH", 3)  # two batches: 3 and 1
    together = ov.summary(store, lang="en")
    assert together["profiles"] == [doc["profiles"][0] for doc in alone.values()]
    assert together["career_paths"] == [doc["career_paths"][0] for doc in alone.values()]
    for paths in together["career_paths"]:  # and as the career network of that profile alone says
        if paths["to"] is not None and "error" not in paths:
            answer = career_answer(career_network(store, lang="en", profile=paths["profile"]), paths["to"]["iri"])
            assert answer["paths"] == paths["paths"] != []


def test_an_analysis_query_asked_for_several_profiles_answers_for_each(written):
    from bcpgraph.analysis.networks import ask_rows
    from bcpgraph.matrix import profiles

    store = open_store(*written)
    found = [URIRef(p) for p in profiles(store)]
    for name in ("profile", "profile-details", "profile-steps", "profile-roles"):
        each = {tuple(sorted(r.items())) for p in found for r in ask_rows(store, name, profile=p)}
        together = {tuple(sorted(r.items())) for r in ask_rows(store, name, profile=found)}
        assert together == each != set(), name
