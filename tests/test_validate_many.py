"""Validating many profile files: each file apart (in parallel) gives what one pySHACL call over
their union gives, or bcpgraph validates them together.

The expected results come from one plain pySHACL call over the union of the files and the
ontology (no pool, none of bcpgraph's speed-ups), read into (focus, path, shape, severity,
message) with bcpgraph's own formatting helpers. The corpora are fictional profiles made from
the valid minimal profile (tests/shapes/valid), each with deliberate mistakes of its own kind,
some of them visible only across files.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

import bcpgraph
from bcpgraph.graph import ontology, read_rdf, shapes
from bcpgraph.limits import TimeoutExceeded
from bcpgraph.namespaces import BCPSH
from bcpgraph.validation import DEFINED_TERM, PROFILE_PRESENT, _data
from bcpgraph.validation.engine import _validate_together
from bcpgraph.validation.report import _SEVERITY, _message, _path_text
from bcpgraph.validation.split import _may_hold_profile, _validate_apart

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = (ROOT / "tests" / "shapes" / "valid" / "minimal-profile.ttl").read_text(encoding="utf-8")
PYTHON_CHECKS = {PROFILE_PRESENT, DEFINED_TERM}
DOCUMENT = URIRef("https://w3id.org/bcpgraph/id/document/nationaal-contact-center-benchmark-onderzoek-2009")
#: Every STRIDE-th fixture of tests/shapes/invalid goes into the corpus of all kinds of defects.
STRIDE = 3


def profile(name: str, *changes: tuple[str, str]) -> str:
    """The minimal profile under its own IRIs (…/bcp/NAME), with text replacements applied."""
    text = MINIMAL.replace("contactcenter-medewerker-2010", name)
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    return text


def corpus(folder: Path, files: dict[str, str]) -> list[Path]:
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return sorted(folder.glob("*.ttl"))


# Each kind of mistake, in a file of its own.
NO_COMPETENCY = ("bcp:competency comp:formuleren-en-rapporteren ;\n"
                 "    bcp:competencyList ( comp:formuleren-en-rapporteren ) ;\n", "")
NO_ENGLISH_TITLE = ('"Bouwt relaties op en onderhoudt ze"@nl , "Builds and maintains relationships"@en',
                    '"Bouwt relaties op en onderhoudt ze"@nl')
MISSPELT = ("a bcp:Profile ;", "a bcp:Profile , bcp:Profiel ;")
WRONG_NUMBER = ('skos:notation "1.2" ;', 'skos:notation "2.2" ;')
# Across files: e cites a source document that only f defines (fine in the union; alone, e's
# citation cites something that is not a bcp:SourceDocument).
NEW_DOCUMENT = "document:voorbeeld-rapport-2030"
CITES_NEW_DOCUMENT = ("document:nationaal-contact-center-benchmark-onderzoek-2009", NEW_DOCUMENT)
DEFINES_NEW_DOCUMENT = (f"\n{NEW_DOCUMENT} a bcp:SourceDocument ;\n"
                        '    skos:prefLabel "Voorbeeldrapport 2030"@nl , "Example report 2030"@en ;\n'
                        '    dcterms:title "Voorbeeldrapport"@nl , "Example report"@en .\n')
CROSS_FILE = {BCPSH.SourceCitationCitesShape}


def independent_files() -> dict[str, str]:
    return {
        "a.ttl": profile("voorbeeld-a-2030"),
        "b.ttl": profile("voorbeeld-b-2030", NO_COMPETENCY, NO_ENGLISH_TITLE),
        "c.ttl": profile("voorbeeld-c-2030", MISSPELT, WRONG_NUMBER),
        "d.ttl": "# no profile in here\n",
    }


def cross_files() -> dict[str, str]:
    return {"e.ttl": profile("voorbeeld-e-2030", CITES_NEW_DOCUMENT),
            "f.ttl": profile("voorbeeld-f-2030") + DEFINES_NEW_DOCUMENT}


def union_results(files: list[Path] | Graph, lang: str = "en") -> set[tuple]:
    """One plain pySHACL call over the union of ``files`` (or a graph) and the ontology."""
    graph = ontology()
    for file in files if isinstance(files, list) else ():
        graph += read_rdf(file)
    if isinstance(files, Graph):
        graph += files
    _, report, _ = pyshacl.validate(graph, shacl_graph=shapes(), inference="none", advanced=True,
                                    allow_warnings=True)
    sg = shapes()
    found = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        found.add((report.value(result, SH.focusNode),
                   _path_text(report, report.value(result, SH.resultPath)),
                   report.value(result, SH.sourceShape),
                   _SEVERITY[report.value(result, SH.resultSeverity)],
                   _message(report, result, sg, graph, lang)))
    return found


def shape_results(report: bcpgraph.ValidationReport) -> set[tuple]:
    return {(r.focus, r.path, r.source_shape, r.severity, r.message) for r in report.results
            if r.source_shape not in PYTHON_CHECKS}


def without_blank_nodes(results) -> Counter:
    """Results with each blank node written "_:" (every reading of a file names them anew)."""
    def plain(node):
        return "_:" if isinstance(node, BNode) else node
    return Counter(tuple("_:" if isinstance(x, str) and x.startswith("_:") else plain(x) for x in
                         (r if isinstance(r, tuple) else (r.severity, r.focus, r.focus_label, r.path, r.message,
                                                          r.source_shape, r.value, r.file)))
                   for r in results)


def test_files_apart_give_the_results_of_one_call_over_their_union(tmp_path):
    files = corpus(tmp_path / "corpus", independent_files())
    apart = _validate_apart(files, "en")
    assert apart is not None, "these files can be validated apart"
    expected = union_results(files)
    assert shape_results(apart) == expected
    # The mistakes are there (so the comparison compares something), the cross-file ones are not.
    shapes_found = {shape for _, _, shape, _, _ in expected}
    assert {BCPSH.WorkProcessCompetencyShape, BCPSH.PrefLabelEnShape,
            BCPSH.WorkProcessNumberingShape} <= shapes_found
    # And the whole report, the checks made in Python, labels and files included, is the one
    # bcpgraph makes validating the files together.
    graph, parts = _data(files, False)
    together = _validate_together(graph, parts, "en")
    assert apart.results == together.results
    assert bcpgraph.validate(files, lang="en").results == together.results


def test_a_file_alone_would_miss_what_another_file_backs(tmp_path):
    """Validated alone, e cites a document that is not one; f defines it: e and f are validated
    together, and the report is the union's (which has no such violation)."""
    files = corpus(tmp_path / "corpus", {**independent_files(), **cross_files()})
    alone = {shape for file in files if file.name == "e.ttl" for _, _, shape, _, _ in union_results([file])}
    assert CROSS_FILE <= alone
    expected = union_results(files)
    assert not CROSS_FILE & {shape for _, _, shape, _, _ in expected}
    assert shape_results(bcpgraph.validate(files, lang="en")) == expected


def positioned(name: str, position: int) -> str:
    """A profile that gives the shared source document its own position (shared terms have none)."""
    iri = f"https://w3id.org/bcpgraph/id/bcp/{name}"
    return profile(name, ("bcp:adoption <vaststelling> ;",
                          f"bcp:adoption <vaststelling> .\n<{DOCUMENT}> <https://schema.org/position> {position} .\n"
                          f"<{iri}> "))


@pytest.mark.parametrize("files, shape", [
    # two files give a shared source document different positions: a violation of the union only
    ({"g.ttl": positioned("voorbeeld-g-2030", 1), "h.ttl": positioned("voorbeeld-h-2030", 2)},
     BCPSH.PositionShape),
    # a core task of one file claims a work process of another: two core tasks, in the union only
    ({"j.ttl": profile("voorbeeld-j-2030"),
      "k.ttl": profile("voorbeeld-k-2030", ("bcp:workProcess <werkproces/1.1> , <werkproces/1.2> ;",
                                            "bcp:workProcess <werkproces/1.1> , <werkproces/1.2> , "
                                            "<https://w3id.org/bcpgraph/id/bcp/voorbeeld-j-2030/werkproces/1.1> ;"))},
     BCPSH.WorkProcessCoreTaskShape),
])
def test_files_that_meet_are_validated_together(tmp_path, files, shape):
    paths = corpus(tmp_path / "corpus", files)
    expected = union_results(paths)
    assert shape in {found for _, _, found, _, _ in expected}
    assert _validate_apart(paths, "en") is None
    assert shape_results(bcpgraph.validate(paths, lang="en")) == expected


def test_each_problem_is_reported_once_with_its_file(cli, tmp_path):
    files = corpus(tmp_path / "corpus", independent_files())
    done = cli("validate", "--data", str(tmp_path / "corpus"), "--lang", "en")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stdout.splitlines()
    problem = "Work process has no competency (bcp:competency)"
    at = [i for i, line in enumerate(lines) if line.endswith(problem)]
    assert len(at) == 1
    b = next(f for f in files if f.name == "b.ttl")
    assert f"  file:    {b}" in lines[at[0] - 4:at[0]]
    assert f"no profile found in {tmp_path / 'corpus' / 'd.ttl'}" in done.stdout
    assert "did you mean bcp:Profile?" in done.stdout


def test_warnings_only_exit_0(cli, tmp_path):
    corpus(tmp_path / "corpus", {"a.ttl": profile("voorbeeld-a-2030"),
                                 "b.ttl": profile("voorbeeld-b-2030", NO_ENGLISH_TITLE)})
    done = cli("validate", "--data", str(tmp_path / "corpus"), "--lang", "en")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" in done.stdout and "VIOLATION" not in done.stdout


def test_a_timeout_stops_the_workers_with_a_clear_message(tmp_path):
    files = corpus(tmp_path / "corpus", {f"p{i}.ttl": profile(f"voorbeeld-{i}-2030") for i in range(4)})
    with pytest.raises(TimeoutExceeded, match=r"validation did not finish within 0\.2 s"):
        bcpgraph.validate(files, timeout=0.2)


def test_a_broken_file_among_many_is_named(tmp_path):
    files = corpus(tmp_path / "corpus", {"a.ttl": profile("voorbeeld-a-2030"),
                                         "b.ttl": "<http://x/a> <http://x/b> .\n"})
    with pytest.raises(bcpgraph.InputError, match=r"b\.ttl"):
        bcpgraph.validate(files)


def test_one_graph_with_several_profiles_is_validated_as_before():
    graph = Graph()
    graph.parse(data=profile("voorbeeld-a-2030"), format="turtle")
    graph.parse(data=profile("voorbeeld-b-2030", NO_COMPETENCY), format="turtle")
    report = bcpgraph.validate(graph, lang="en")
    assert shape_results(report) == union_results(graph)


def test_every_fixture_of_the_shapes_apart_as_in_the_union(tmp_path):
    """All of tests/shapes/invalid (a defect of every kind the shapes know) as one corpus, each
    under IRIs of its own: validated apart, exactly the union's results."""
    fixtures = sorted((ROOT / "tests" / "shapes" / "invalid").glob("*.ttl"))[::STRIDE]
    files = corpus(tmp_path / "fixtures", {
        fixture.name: fixture.read_text(encoding="utf-8").replace("contactcenter-medewerker-2010", f"fixture-{i}")
        .replace(":eigen-", f":eigen-{i}-") for i, fixture in enumerate(fixtures)})
    apart = _validate_apart(files, "en")
    assert apart is not None
    expected = union_results(files)
    assert len({shape for _, _, shape, _, _ in expected}) >= len(fixtures) * 3 // 4
    assert without_blank_nodes(shape_results(apart)) == without_blank_nodes(expected)
    graph, parts = _data(files, False)
    together = _validate_together(graph, parts, "en")
    assert without_blank_nodes(apart.results) == without_blank_nodes(together.results)


# ------------------------------------------------------------------ a vocabulary file beside the profiles
# A file without a bcp:Profile is a vocabulary: the terms the profiles share (as the generated
# synthetic-vocabulary.ttl). Split validation reads it as shared context for every profile file
# and validates it once; the report is the one of one pySHACL call over everything.

KENNIS = "https://w3id.org/bcpgraph/id/kennis/"
VOCABULARY = f"""# The terms these profiles share (not a bcp:Profile: a vocabulary).
@prefix bcp: <https://w3id.org/bcpgraph/def/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix kennis: <{KENNIS}> .
@prefix vaardigheid: <https://w3id.org/bcpgraph/id/vaardigheid/> .
kennis:voorbeeld-gedeeld a skos:Concept , bcp:KnowledgeItem ;
    skos:prefLabel "gedeelde kennis"@nl , "shared knowledge"@en ; skos:inScheme <{KENNIS[:-1]}> .
kennis:voorbeeld-alleen-nl a skos:Concept , bcp:KnowledgeItem ;
    skos:prefLabel "alleen Nederlands"@nl ; skos:inScheme <{KENNIS[:-1]}> .
kennis:voorbeeld-dubbel a skos:Concept , bcp:KnowledgeItem ;
    skos:prefLabel "dubbel"@nl , "twee keer"@nl , "double"@en ; skos:inScheme <{KENNIS[:-1]}> .
vaardigheid:voorbeeld-zonder-schema a skos:Concept , bcp:Skill ;
    skos:prefLabel "vaardigheid zonder begrippenkader"@nl , "skill without a scheme"@en .
kennis:voorbeeld-verwant bcp:verwantAan kennis:voorbeeld-gedeeld .
"""
OWN_KNOWLEDGE = "kennis:producten-en-diensten-van-de-organisatie"
OWN_SKILL = "vaardigheid:gesprekstechnieken"


def with_vocabulary(knowledge: str, *changes: tuple[str, str], skill: str = OWN_SKILL) -> tuple[tuple[str, str], ...]:
    """Changes that make a profile's work processes use terms of the vocabulary file."""
    return (("kennis:producten-en-diensten-van-de-organisatie ;\n    bcp:knowledgeList "
             "( kennis:producten-en-diensten-van-de-organisatie ) ;\n    bcp:skill vaardigheid:gesprekstechnieken ;\n"
             "    bcp:skillList ( vaardigheid:gesprekstechnieken )",
             f"{knowledge} ;\n    bcp:knowledgeList ( {knowledge} ) ;\n    bcp:skill {skill} ;\n"
             f"    bcp:skillList ( {skill} )"), *changes)


def vocabulary_files() -> dict[str, str]:
    return {
        "vocabulary.ttl": VOCABULARY,
        "a.ttl": profile("voorbeeld-a-2030", *with_vocabulary("kennis:voorbeeld-gedeeld")),
        "b.ttl": profile("voorbeeld-b-2030", *with_vocabulary("kennis:voorbeeld-alleen-nl"), NO_COMPETENCY,
                         NO_ENGLISH_TITLE),
        "c.ttl": profile("voorbeeld-c-2030", *with_vocabulary("kennis:voorbeeld-gedeeld",
                                                              skill="vaardigheid:voorbeeld-zonder-schema"),
                         MISSPELT, WRONG_NUMBER),
        "d.ttl": profile("voorbeeld-d-2030"),
        "e.ttl": profile("voorbeeld-e-2030", *with_vocabulary("kennis:voorbeeld-dubbel")),
    }


def test_a_vocabulary_file_is_shared_context_and_the_report_is_the_unions(tmp_path):
    files = corpus(tmp_path / "corpus", vocabulary_files())
    vocabulary = tmp_path / "corpus" / "vocabulary.ttl"
    apart = _validate_apart(files, "en")
    assert apart is not None, "the profile files can be validated apart beside the vocabulary"
    expected = union_results(files)
    assert shape_results(apart) == expected
    # mistakes in the profile files and in the vocabulary (so the comparison compares something)
    found = {(focus, shape) for focus, _, shape, _, _ in expected}
    sh = BCPSH
    assert {(URIRef(KENNIS + "voorbeeld-alleen-nl"), sh.PrefLabelEnShape),
            (URIRef(KENNIS + "voorbeeld-dubbel"), sh.PrefLabelUniqueLangShape),
            (URIRef("https://w3id.org/bcpgraph/id/vaardigheid/voorbeeld-zonder-schema"), sh.SkillInSchemeShape),
            } <= found
    assert {sh.WorkProcessCompetencyShape, sh.PrefLabelEnShape, sh.WorkProcessNumberingShape} <= {s for _, s in found}
    # the checks made in Python: the vocabulary is no "file without a profile"; its unknown term is named
    assert not [r for r in apart.results if r.source_shape == PROFILE_PRESENT]
    [unknown] = [r for r in apart.results if r.value == URIRef("https://w3id.org/bcpgraph/def/verwantAan")]
    assert unknown.file == str(vocabulary)
    assert {r.file for r in apart.results if r.focus == URIRef(KENNIS + "voorbeeld-dubbel")} == {str(vocabulary)}
    # and the whole report, labels and files included, is the one of the files validated together
    graph, parts = _data(files, False)
    together = _validate_together(graph, parts, "en")
    assert apart.results == together.results
    assert bcpgraph.validate(files, lang="en").results == together.results


def test_a_vocabulary_the_first_glance_takes_for_a_profile_is_found_by_the_worker(tmp_path):
    """A JSON-LD vocabulary that says "Profile" in a label: only reading it shows there is no profile."""
    files = vocabulary_files()
    vocabulary = Graph().parse(data=files.pop("vocabulary.ttl"), format="turtle")
    vocabulary.add((URIRef(KENNIS + "voorbeeld-gedeeld"), URIRef("http://www.w3.org/2004/02/skos/core#altLabel"),
                    Literal("Profile knowledge", lang="en")))
    files["vocabulary.jsonld"] = vocabulary.serialize(format="json-ld")
    paths = corpus(tmp_path / "corpus", files)
    paths = sorted(tmp_path.glob("corpus/*"))
    assert _may_hold_profile(tmp_path / "corpus" / "vocabulary.jsonld")
    apart = _validate_apart(paths, "en")
    assert apart is not None
    assert shape_results(apart) == union_results(paths)
    assert not [r for r in apart.results if r.source_shape == PROFILE_PRESENT]


def test_an_empty_file_beside_profiles_still_holds_no_profile(tmp_path):
    files = corpus(tmp_path / "corpus", {**vocabulary_files(), "leeg.ttl": "# nothing here\n"})
    report = bcpgraph.validate(files, lang="en")
    assert [r.file for r in report.results if r.source_shape == PROFILE_PRESENT] == [
        str(tmp_path / "corpus" / "leeg.ttl")]
