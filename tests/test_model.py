"""THE MODEL RULE: a profile file states facts about the profile's own resources only.

- The rule, over the shipped profile (data/contactcenter.ttl) and the test profiles
  (tests/profiles/*.ttl): every subject is the profile IRI, an IRI under it (``…/NAME/…``) or a
  blank node. Exceptions: the profile's own dataset description (DCAT/VoID, whose root resource
  is the profile), and, in a test profile only, a brand-new shared term that no vocabulary has yet,
  defined by its type, scheme, labels and a note — never a per-profile fact (bcp:seedSection,
  schema:position, bcp:canProgressTo, org:*) on a shared IRI.
- Why: two profiles that cite the same document at different places, list different seats of the
  same council, or state different steps from the same role each get only their own answer from
  ``sources``, ``provenance`` and ``career-transitions``, on rdflib and on Oxigraph. The expected
  answers are written from the test's own input (:data:`PROFILES`), not from any output.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import DCAT, ORG, RDF, RDFS, SKOS, VOID

import bcpgraph
from bcpgraph.graph import ontology
from bcpgraph.query import query
from bcpgraph.stores import open_store

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "contactcenter.ttl"
TEST_PROFILES = sorted((ROOT / "tests" / "profiles").glob("*.ttl"))
MINIMAL = (ROOT / "tests" / "shapes" / "valid" / "minimal-profile.ttl").read_text(encoding="utf-8")

BCP = "https://w3id.org/bcpgraph/def/"
ID = "https://w3id.org/bcpgraph/id/"
SDO_POSITION = URIRef("https://schema.org/position")
#: Per-profile facts: never on a shared IRI.
PER_PROFILE = {URIRef(BCP + "seedSection"), SDO_POSITION, URIRef(BCP + "canProgressTo")}
#: What a profile file may say of a brand-new shared term (the exception for imports).
DEFINING = {RDF.type, SKOS.inScheme, SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, RDFS.label,
            SKOS.editorialNote}


def _profile(graph: Graph) -> URIRef:
    profiles = [p for p in graph.subjects(RDF.type, URIRef(BCP + "Profile")) if isinstance(p, URIRef)]
    assert len(profiles) == 1, profiles
    return profiles[0]


def _own(node, profile: URIRef) -> bool:
    return isinstance(node, BNode) or node == profile or str(node).startswith(str(profile) + "/")


def _dataset_description(graph: Graph, node, profile: URIRef) -> bool:
    return (node, RDF.type, DCAT.Dataset) in graph and (node, VOID.rootResource, profile) in graph


def _outside(graph: Graph) -> dict[URIRef, set[URIRef]]:
    """Subjects outside the profile's namespace (dataset description aside), with their predicates."""
    profile = _profile(graph)
    return {s: set(graph.predicates(s)) for s in set(graph.subjects())
            if not _own(s, profile) and not _dataset_description(graph, s, profile)}


def test_the_shipped_profile_says_nothing_about_shared_terms():
    graph = Graph().parse(DATA)
    assert _outside(graph) == {}


@pytest.mark.parametrize("path", TEST_PROFILES, ids=lambda p: p.stem)
def test_a_test_profile_says_of_shared_terms_only_what_defines_a_new_one(path: Path):
    graph = Graph().parse(path)
    known = {s for s in ontology().subjects() if isinstance(s, URIRef)}
    for subject, predicates in _outside(graph).items():
        assert not predicates & PER_PROFILE, f"{path.name}: per-profile fact on the shared {subject}"
        assert not {p for p in predicates if str(p).startswith(str(ORG))}, f"{path.name}: org:* on {subject}"
        assert subject not in known, f"{path.name}: says something of {subject}, which a vocabulary defines"
        assert (subject, RDF.type, None) in graph, f"{path.name}: {subject} is not defined here"
        assert predicates <= DEFINING, f"{path.name}: {subject}: {sorted(predicates - DEFINING)}"


def test_the_rule_holds_for_the_shipped_sections_and_seats():
    """Where the seed names shared terms is said from the profile's sections, and the seats hang
    on its adoption: the shapes' counterpart of the rule, on the shipped profile."""
    graph = Graph().parse(DATA)
    profile = _profile(graph)
    mentioned = set(graph.objects(None, URIRef(BCP + "mentions")))
    assert mentioned and not any(_own(term, profile) for term in mentioned)
    assert all(_own(s, profile) for s in graph.subjects(URIRef(BCP + "seedSection"), None))
    seats = set(graph.objects(None, URIRef(BCP + "councilSeat")))
    assert seats and all(_own(seat, profile) and isinstance(seat, URIRef) for seat in seats)
    assert set(graph.subjects(RDF.type, ORG.Membership)) <= seats


# ---------------------------------------------------------------- two profiles that differ

DOCUMENT = "https://w3id.org/bcpgraph/id/document/"
ORGANISATIE = "https://w3id.org/bcpgraph/id/organisatie/"
FUNCTIE = "https://w3id.org/bcpgraph/id/functie/"
OCCUPATION = "https://w3id.org/bcpgraph/id/beroep/contactcenter-medewerker"

#: Two profiles on the same shared terms: the same two documents in opposite order, different
#: seats of the same council, a different step from the same role (teamleider).
PROFILES = {
    "voorbeeld-a-2030": {
        "sources": ["nationaal-contact-center-benchmark-onderzoek-2009", "www-oocc-nl"],
        "seats": [("mbo-raad", "education"), ("pragma", "employers")],
        "step": "coach",
    },
    "voorbeeld-b-2030": {
        "sources": ["www-oocc-nl", "nationaal-contact-center-benchmark-onderzoek-2009"],
        "seats": [("sma", "employers")],
        "step": "trainer",
    },
}


def _text(name: str, spec: dict) -> str:
    """The minimal profile under ``…/bcp/NAME`` with the sources, seats and extra step of ``spec``."""
    text = MINIMAL.replace("contactcenter-medewerker-2010", name)
    docs = [f"<{DOCUMENT}{d}>" for d in spec["sources"]]
    citations = [f"<bron/{n}>" for n in range(1, len(docs) + 1)]
    seats = [f"<vaststelling/zetel/{n}>" for n in range(1, len(spec["seats"]) + 1)]

    def change(old: str, new: str) -> None:
        nonlocal text
        assert old in text, old
        text = text.replace(old, new, 1)

    change("    dcterms:source document:nationaal-contact-center-benchmark-onderzoek-2009 ;\n"
           "    bcp:sourceCitation <bron/1> ;\n",
           f"    dcterms:source {' , '.join(docs)} ;\n    bcp:sourceCitation {' , '.join(citations)} ;\n")
    start = text.index("<bron/1>\n")
    end = text.index("<regelgeving/1>\n")
    text = text[:start] + "".join(
        f"{c}\n    a bcp:SourceCitation ;\n    bcp:cites {d} ;\n    schema:position {n} ;\n"
        "    bcp:seedSection <sectie/brondocumenten> .\n\n"
        for n, (c, d) in enumerate(zip(citations, docs, strict=True), start=1)) + text[end:]
    change("    bcp:councilSeat <vaststelling/zetel/1> .\n", f"    bcp:councilSeat {' , '.join(seats)} .\n")
    start = text.index("<vaststelling/zetel/1> a org:Membership ;")
    end = text.index("\n\n", start)
    text = text[:start] + "\n\n".join(
        f"{seat} a org:Membership ;\n    schema:position {n} ;\n    bcp:seedSection <sectie/sectorraad> ;\n"
        f"    org:organization organisatie:sectorraad-commercieel-ecabo ;\n    org:member <{ORGANISATIE}{member}> ;\n"
        f"    org:role bcp:{constituency} ."
        for n, (seat, (member, constituency)) in enumerate(zip(seats, spec["seats"], strict=True), start=1)
    ) + text[end:]
    change("    bcp:careerTransition <loopbaanstap/1> , <loopbaanstap/2> , <loopbaanstap/3> ;\n",
           "    bcp:careerTransition <loopbaanstap/1> , <loopbaanstap/2> , <loopbaanstap/3> , <loopbaanstap/4> ;\n")
    return text + f"""
<loopbaanstap/4>
    a bcp:CareerTransition ;
    skos:prefLabel "Van teamleider naar {spec['step']}"@nl , "From team leader to {spec['step']}"@en ;
    bcp:fromRole functie:teamleider ;
    bcp:toRole <{FUNCTIE}{spec['step']}> ;
    bcp:careerDirection bcp:verticalWithin ;
    schema:position 4 ;
    bcp:seedSection <sectie/1.3> .
"""


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("two-profiles")
    out = []
    for name, spec in PROFILES.items():
        path = folder / f"{name}.ttl"
        path.write_text(_text(name, spec), encoding="utf-8")
        out.append(path)
    return out


@pytest.fixture(scope="module", params=["rdflib", "oxigraph"])
def store(request, files):
    return open_store(*files, backend=request.param)


def test_the_two_profiles_conform(files):
    report = bcpgraph.validate(files)
    assert report.conforms and not report.results, [r.message for r in report.results]


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_sources_give_each_profile_its_own_order(store, name):
    rows = query("sources", {"profile": ID + "bcp/" + name}, graph=store)
    got = [(int(r["position"]), str(r["document"])) for r in rows]
    assert got == [(n, DOCUMENT + d) for n, d in enumerate(PROFILES[name]["sources"], start=1)]


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_provenance_gives_each_profile_its_own_seats_and_source_positions(store, name):
    rows = query("provenance", {"profile": ID + "bcp/" + name}, graph=store)
    seats = sorted(str(r["item"]) for r in rows if str(r["role"]) == "council-member")
    assert seats == sorted(ORGANISATIE + member for member, _ in PROFILES[name]["seats"])
    sources = [(int(r["position"]), str(r["item"])) for r in rows if str(r["role"]) == "source"]
    assert sorted(sources) == [(n, DOCUMENT + d) for n, d in enumerate(PROFILES[name]["sources"], start=1)]


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_career_transitions_from_a_role_follow_only_the_profiles_own_steps(store, name):
    rows = query("career-transitions", {"profile": ID + "bcp/" + name, "from": OCCUPATION}, graph=store)
    steps = {(str(r["fromRole"]), str(r["toRole"]) if r.get("toRole") is not None else None) for r in rows}
    # The minimal profile's literal steps from the occupation (to teamleider, and the open one),
    # and this profile's own step from teamleider; never the other profile's.
    assert steps == {(OCCUPATION, FUNCTIE + "teamleider"), (OCCUPATION, None),
                     (FUNCTIE + "teamleider", FUNCTIE + PROFILES[name]["step"])}


def test_both_profiles_together_keep_both_answers(store):
    """Without profile=, each row says whose it is: nothing of one profile is listed as the other's."""
    rows = query("sources", graph=store)
    got = {(str(r["profile"]), int(r["position"]), str(r["document"])) for r in rows}
    assert got == {(ID + "bcp/" + name, n, DOCUMENT + d) for name, spec in PROFILES.items()
                   for n, d in enumerate(spec["sources"], start=1)}
