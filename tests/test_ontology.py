"""The ontology and the national competency scheme: terms, metadata, the 25 concepts."""

from __future__ import annotations

from pathlib import Path

import pytest
import seedtext
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from bcpgraph.graph import ontology
from bcpgraph.namespaces import BCP, COMPETENCY_SCHEME

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = seedtext.domain_path()
VANN = "http://purl.org/vocab/vann/"
ONT = URIRef("https://w3id.org/bcpgraph/def")


def _langs(g: Graph, s, p) -> set[str]:
    return {o.language for o in g.objects(s, p) if isinstance(o, Literal)}


def test_every_term_has_dutch_and_english_label_and_definition():
    g = Graph().parse(ROOT / "ontology" / "bcpgraph.ttl")
    terms = [s for s in set(g.subjects()) if isinstance(s, URIRef) and str(s).startswith(str(BCP))]
    assert len(terms) > 60
    for term in terms:
        labels = _langs(g, term, RDFS.label) | _langs(g, term, SKOS.prefLabel)
        assert {"nl", "en"} <= labels, term
        assert {"nl", "en"} <= _langs(g, term, SKOS.definition), term


needs_shared = pytest.mark.skipif(DOMAIN is None, reason="seed text and DOMAIN.md not found (set BCPGRAPH_SEED)")


@needs_shared
def test_kerntaak_and_werkproces_use_the_seeds_own_definitions():
    g = ontology()
    seed = seedtext.seed_path().read_text("utf-8")
    flat = " ".join(seed.split())
    for term in (BCP.CoreTask, BCP.WorkProcess):
        nl = next(str(d) for d in g.objects(term, SKOS.definition) if d.language == "nl")
        # "Een kenmerkende taak …" is the seed's "Een kerntaak is een kenmerkende taak …"
        assert nl.lower().removeprefix("een ") in flat.lower(), term


def test_fair_metadata():
    g = ontology()
    for p in (DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.creator,
              DCTERMS.publisher, DCTERMS.created, DCTERMS.issued, OWL.versionIRI, OWL.versionInfo,
              URIRef(VANN + "preferredNamespacePrefix"), URIRef(VANN + "preferredNamespaceUri"),
              DCTERMS.bibliographicCitation):
        assert g.value(ONT, p) is not None, p
    assert g.value(ONT, OWL.versionIRI) != ONT
    assert str(g.value(ONT, URIRef(VANN + "preferredNamespaceUri"))) == str(BCP)


def test_standard_vocabularies_are_reused_by_subclassing():
    g = ontology()
    parents = {str(o) for o in g.objects(None, RDFS.subClassOf)} | {str(o) for o in g.objects(None, RDFS.subPropertyOf)}
    for ns in ("http://www.w3.org/2004/02/skos/core#", "http://purl.org/dc/terms/",
               "http://www.w3.org/ns/prov#", "https://schema.org/", "http://www.w3.org/ns/org#"):
        assert any(p.startswith(ns) for p in parents), ns


@needs_shared
def test_the_25_national_competencies_in_order():
    """Names and order come from DOMAIN.md's list, parsed here."""
    text = DOMAIN.read_text(encoding="utf-8")
    block = text.split("in this order (position = notation):", 1)[1].split("This is the shared", 1)[0]
    import re

    expected = {int(n): " ".join(name.split()).strip(" ·.") for n, name in
                re.findall(r"(\d+) ([^·]+?)(?= ·|\.\s*$|$)", " ".join(block.split()))}
    assert len(expected) == 25
    g = ontology()
    concepts = set(g.subjects(SKOS.inScheme, COMPETENCY_SCHEME))
    assert len(concepts) == 25
    found = {int(g.value(c, SKOS.notation)):
             next(str(lab) for lab in g.objects(c, SKOS.prefLabel) if lab.language == "nl")
             for c in concepts}
    assert found == expected
    for c in concepts:
        assert (c, RDF.type, SKOS.Concept) in g and (c, RDF.type, BCP.Competency) in g
        assert (c, SKOS.topConceptOf, COMPETENCY_SCHEME) in g
        assert "en" in _langs(g, c, SKOS.prefLabel)
    members = list(g.items(next(g.objects(None, SKOS.memberList))))
    assert [int(g.value(m, SKOS.notation)) for m in members] == list(range(1, 26))


@pytest.mark.parametrize("plain", ["competency", "knowledge", "skill"])
def test_each_plain_link_has_an_ordered_list_property(plain):
    """bcp:competencyList etc. (cf. bibo:authorList): one rdf:List per work process, beside the
    plain links, whose definition says it holds the same members in the seed's order."""
    g = ontology()
    listed = BCP[plain + "List"]
    assert (listed, RDF.type, OWL.ObjectProperty) in g and (listed, RDF.type, OWL.FunctionalProperty) in g
    assert g.value(listed, RDFS.domain) == g.value(BCP[plain], RDFS.domain) == BCP.WorkProcess
    assert g.value(listed, RDFS.range) == RDF.List
    definition = next(str(d) for d in g.objects(listed, SKOS.definition) if d.language == "en")
    assert f"bcp:{plain}" in definition and "order of the source text" in definition


def test_independent_chair_role_is_defined():
    g = ontology()
    chair = BCP.independentChair
    assert (chair, RDF.type, URIRef("http://www.w3.org/ns/org#Role")) in g
    assert {"nl", "en"} <= _langs(g, chair, SKOS.prefLabel) and {"nl", "en"} <= _langs(g, chair, SKOS.definition)
