"""The shared vocabularies (vocabularies/*.ttl) apart from the profile (data/contactcenter.ttl).

- Moving the shared terms out changed no statement: the shipped profile and the vocabularies
  together are the profile file as it was before the move (commit 3cc605d), plus only each
  vocabulary's own header (its label and IRI). Since THE MODEL RULE (ontology 0.2.0) the profile
  says per-profile facts from its own nodes; read back in the model of that commit (see
  :func:`_in_the_model_before`), nothing is lost.
- Every shared term lives in exactly one vocabulary, the one for its kind; the profile file
  defines none of them and says nothing about them (where its source names them and in which
  position is said from its own nodes).
- ``load`` always holds the vocabularies; the shipped profile only without files or with
  ``shipped=True``. A profile that refers to shared terms validates on its own.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SKOS, VOID

import bcpgraph
from bcpgraph.errors import ArgumentError
from bcpgraph.graph import ontology, vocabularies
from bcpgraph.resources import VOCABULARY_FILES

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data" / "contactcenter.ttl"
VOCABULARIES = REPO / "vocabularies"
MINIMAL = Path(__file__).resolve().parent / "shapes" / "valid" / "minimal-profile.ttl"
ID = "https://w3id.org/bcpgraph/id/"
BCP = "https://w3id.org/bcpgraph/def/"
PROFILE = URIRef(ID + "bcp/contactcenter-medewerker-2010")
#: The last commit with the shared terms inside data/contactcenter.ttl.
BEFORE = "3cc605d"

#: Which vocabulary holds the terms under which IRI space.
KINDS = {
    "kennis.ttl": (ID + "kennis/",), "vaardigheden.ttl": (ID + "vaardigheid/",),
    "functies.ttl": (ID + "beroep/", ID + "functie/"), "organisaties.ttl": (ID + "organisatie/",),
    "documenten.ttl": (ID + "document/",), "regelgeving.ttl": (ID + "regelgeving/",),
    "plaatsen.ttl": (ID + "plaats/",),
}
#: The committee of experts, an ad-hoc body of this profile: defined in organisaties.ttl since the
#: model rule (its IRI is not under the profile's), as it was in the profile file before.
PROFILE_OWN = ID + "organisatie/comite-van-deskundigen-contactcenter-medewerker-2010"
COMPETENCIES = REPO / "ontology" / "competenties.ttl"


def _file(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def _headers(graph: Graph) -> set[URIRef]:
    """The vocabularies' own resources: a concept scheme or a VoID dataset per file."""
    return {s for s in graph.subjects(RDF.type, SKOS.ConceptScheme)} | set(graph.subjects(RDF.type, VOID.Dataset))


def _defined(graph: Graph) -> set[URIRef]:
    """Terms a file defines: subjects with a type."""
    return {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}


@pytest.fixture(scope="module")
def before() -> Graph:
    try:
        text = subprocess.run(["git", "show", f"{BEFORE}:data/contactcenter.ttl"], cwd=REPO, capture_output=True,
                              check=True, timeout=60).stdout
    except (subprocess.CalledProcessError, FileNotFoundError, subprocess.TimeoutExpired):
        pytest.skip(f"git history with commit {BEFORE} not available")
    # The file's @base is absolute, so the public ID does not matter.
    return Graph().parse(data=text, format="turtle")


def test_vocabulary_files_are_the_shipped_ones():
    assert sorted(VOCABULARY_FILES) == sorted(p.name for p in VOCABULARIES.glob("*.ttl"))
    assert set(KINDS) == set(VOCABULARY_FILES)


def test_profile_and_vocabularies_together_are_the_profile_before_the_move(before):
    after = _file(DATA)
    for path in sorted(VOCABULARIES.glob("*.ttl")):
        after += _file(path)
    # The seed's spelling variants of two national competencies, in the competency scheme since.
    after += Graph().parse(COMPETENCIES).triples((None, SKOS.altLabel, None))
    after = _in_the_model_before(after)
    headers = _headers(after) - _headers(before)
    assert len(headers) == len(VOCABULARY_FILES) - 2          # kennis and vaardigheden had their scheme already
    for header in headers:
        after.remove((header, None, None))
    for graph in (before, after):
        _drop_later_additions(graph)
    assert isomorphic(before, after)


SDO = "https://schema.org/"


def _in_the_model_before(graph: Graph) -> Graph:
    """``graph`` read back in the model before THE MODEL RULE: a section's bcp:mentions as the
    term's bcp:seedSection, a citation's position on the document or regulation it cites, the
    council seats as blank org:Memberships (the vacant seat's comment on the council), and a
    bcp:canProgressTo for every literal career transition with a target role."""
    bcp = {name: URIRef(BCP + name) for name in (
        "mentions", "seedSection", "sourceCitation", "legislationCitation", "cites", "councilSeat",
        "careerTransition", "fromRole", "toRole", "canProgressTo", "Interpretation")}
    position = URIRef(SDO + "position")
    old = Graph()
    for triple in graph:
        old.add(triple)
    for section, term in graph.subject_objects(bcp["mentions"]):
        old.remove((section, bcp["mentions"], term))
        old.add((term, bcp["seedSection"], section))
    for link in (bcp["sourceCitation"], bcp["legislationCitation"]):
        for profile, citation in graph.subject_objects(link):
            old.remove((profile, link, citation))
            old.remove((citation, None, None))
            old.add((graph.value(citation, bcp["cites"]), position, graph.value(citation, position)))
    for adoption, seat in graph.subject_objects(bcp["councilSeat"]):
        old.remove((adoption, bcp["councilSeat"], seat))
        old.remove((seat, None, None))
        if (seat, RDF.type, ORG.Post) in graph:               # the vacant seat: a note on the council
            for comment in graph.objects(seat, RDFS.comment):
                old.add((graph.value(seat, ORG.postIn), RDFS.comment, comment))
            continue
        node = BNode()
        for p, o in graph.predicate_objects(seat):
            if p != position:
                old.add((node, p, o))
    for transition in graph.objects(PROFILE, bcp["careerTransition"]):
        target = graph.value(transition, bcp["toRole"])
        if target is not None and (transition, RDF.type, bcp["Interpretation"]) not in graph:
            old.add((graph.value(transition, bcp["fromRole"]), bcp["canProgressTo"], target))
    return old


#: The profile's dataset description, changed after the move (issue 11: publisher as an agent, ...).
DATASET = URIRef("https://w3id.org/bcpgraph/dataset/contactcenter")
OCCUPATION = URIRef(ID + "beroep/contactcenter-medewerker")


def _drop_later_additions(graph: Graph) -> None:
    """Leave out what was added after the move: the profile's dataset description, the
    occupation's links out (its SKOS mappings, their note, the external concepts' names) and the
    interpretation notes (the ladder step's note no longer speaks of a bcp:canProgressTo)."""
    graph.remove((DATASET, None, None))
    for p in (SKOS.broadMatch, SKOS.closeMatch, SKOS.editorialNote):
        graph.remove((OCCUPATION, p, None))
    for s in {s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith("http://data.europa.eu/esco/")}:
        graph.remove((s, None, None))
    graph.remove((None, URIRef(BCP + "interpretationNote"), None))


@pytest.mark.parametrize("name", sorted(KINDS))
def test_each_vocabulary_holds_its_kind_with_a_labelled_header(name):
    graph = _file(VOCABULARIES / name)
    headers = _headers(graph)
    assert len(headers) == 1
    header = headers.pop()
    assert str(header).startswith(ID) and "/" not in str(header)[len(ID):]
    assert {label.language for label in graph.objects(header, SKOS.prefLabel)} == {"nl", "en"}
    assert {title.language for title in graph.objects(header, DCTERMS.title)} == {"nl", "en"}
    terms = _defined(graph) - {header}
    assert terms
    assert all(str(term).startswith(KINDS[name]) for term in terms), name
    if (header, RDF.type, SKOS.ConceptScheme) in graph:                   # concepts: NL-SBB style
        for term in terms:
            assert (term, SKOS.inScheme, header) in graph
            assert (term, RDF.type, SKOS.Concept) in graph


def test_a_shared_term_is_defined_in_one_vocabulary_only():
    seen: dict[URIRef, str] = {}
    for path in sorted(VOCABULARIES.glob("*.ttl")):
        for term in _defined(_file(path)):
            assert term not in seen, (term, seen.get(term), path.name)
            seen[term] = path.name


def test_profile_file_defines_no_shared_term():
    graph = _file(DATA)
    spaces = tuple(space for spaces in KINDS.values() for space in spaces)
    shared = {s for s in _defined(graph) if str(s).startswith(spaces) and not str(s).startswith(PROFILE_OWN)}
    assert not shared
    # … but refers to them: every shared term it names is defined in a vocabulary.
    named = {o for o in graph.objects() if isinstance(o, URIRef) and str(o).startswith(spaces)
             and not str(o).startswith(PROFILE_OWN)}
    assert named and named <= _defined(vocabularies())


def test_profile_specific_parts_stay_in_the_profile():
    graph = _file(DATA)
    for kind in ("JobTitle", "Attitude", "DocumentSection", "Result", "CareerTransition", "Profile"):
        assert set(graph.subjects(RDF.type, URIRef(BCP + kind))), kind
    vocab = vocabularies()
    for kind in ("JobTitle", "Attitude", "DocumentSection", "Result", "CareerTransition", "Profile"):
        assert not set(vocab.subjects(RDF.type, URIRef(BCP + kind))), kind
    # Where the source names a term, and the profile's own career steps, are the profile's.
    assert not set(vocab.subject_objects(URIRef(BCP + "seedSection")))
    assert not set(vocab.subject_objects(URIRef(BCP + "canProgressTo")))
    assert not set(vocab.subject_objects(URIRef("https://schema.org/position")))


def test_vocabularies_are_loaded_with_the_ontology():
    onto = ontology()
    assert all(t in onto for t in vocabularies())
    assert (PROFILE, RDF.type, URIRef(BCP + "Profile")) not in onto


def test_load_with_files_has_vocabularies_but_not_the_shipped_profile():
    graph = bcpgraph.load(MINIMAL)
    assert all(t in graph for t in vocabularies())
    assert set(graph.subjects(RDF.type, URIRef(BCP + "Profile"))) == {PROFILE}      # the fixture's own
    assert (PROFILE, URIRef(BCP + "jobTitle"), URIRef(str(PROFILE) + "/functiebenaming/callcenter-agent")) \
        not in graph


def test_load_shipped_true_adds_the_shipped_profile(tmp_path):
    other = tmp_path / "other.ttl"
    other.write_text(MINIMAL.read_text(encoding="utf-8").replace("contactcenter-medewerker-2010",
                                                                  "voorbeeld-2030"), encoding="utf-8")
    alone = bcpgraph.load(other)
    both = bcpgraph.load(other, shipped=True)
    profiles = set(both.subjects(RDF.type, URIRef(BCP + "Profile")))
    assert profiles == {PROFILE, URIRef(ID + "bcp/voorbeeld-2030")}
    assert all(t in both for t in bcpgraph.load())
    assert len(both) > len(alone)
    assert len(bcpgraph.load(shipped=True)) == len(bcpgraph.load())


def test_load_refuses_a_shipped_that_is_not_a_bool():
    with pytest.raises(ArgumentError, match="shipped"):
        bcpgraph.load(MINIMAL, shipped="yes")


def test_profile_referring_to_shared_terms_validates_on_its_own():
    report = bcpgraph.validate(MINIMAL)
    assert report.conforms and not report.results
    assert not [t for t in _file(MINIMAL).subjects(RDF.type, URIRef(BCP + "Organisation"))]


def test_a_profile_may_add_terms_of_its_own(tmp_path):
    """A council adds a knowledge item the vocabulary lacks: in the shared scheme, under the shared
    IRI space, defined in its own profile file; it validates and loads beside the shipped profile."""
    own = "kennis:klachtenprocedures-van-de-organisatie"
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "contactcenter-medewerker-2010", "voorbeeld-2030").replace(
        "    bcp:knowledge kennis:producten-en-diensten-van-de-organisatie ;\n"
        "    bcp:knowledgeList ( kennis:producten-en-diensten-van-de-organisatie ) ;",
        f"    bcp:knowledge kennis:producten-en-diensten-van-de-organisatie , {own} ;\n"
        f"    bcp:knowledgeList ( kennis:producten-en-diensten-van-de-organisatie {own} ) ;", 1)
    text += f"""
{own}
    a skos:Concept , bcp:KnowledgeItem ;
    skos:prefLabel "klachtenprocedures van de organisatie"@nl , "the organisation's complaint procedures"@en ;
    skos:inScheme <https://w3id.org/bcpgraph/id/kennis> .
"""
    assert own in text.split("bcp:knowledgeList", 1)[1]
    path = tmp_path / "own-terms.ttl"
    path.write_text(text, encoding="utf-8")
    report = bcpgraph.validate(path)
    assert report.conforms and not report.results, [r.message for r in report.results]
    both = bcpgraph.load(path, shipped=True)
    scheme = URIRef(ID + "kennis")
    shared = set(vocabularies().subjects(SKOS.inScheme, scheme))
    assert set(both.subjects(SKOS.inScheme, scheme)) == shared | {URIRef(ID + own.replace(":", "/"))}
