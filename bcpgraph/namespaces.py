"""Namespaces and prefixes used throughout bcpgraph (one place, so IRIs are never spelt twice)."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, VOID, XSD

BASE = "https://w3id.org/bcpgraph/"
BCP = Namespace(BASE + "def/")
BCPSH = Namespace(BASE + "def/shapes/")
COMP = Namespace(BASE + "id/competentie/")
KENNIS = Namespace(BASE + "id/kennis/")
VAARDIGHEID = Namespace(BASE + "id/vaardigheid/")
BEROEP = Namespace(BASE + "id/beroep/")
FUNCTIE = Namespace(BASE + "id/functie/")
ORGANISATIE = Namespace(BASE + "id/organisatie/")
DOCUMENT = Namespace(BASE + "id/document/")
REGELGEVING = Namespace(BASE + "id/regelgeving/")
PLAATS = Namespace(BASE + "id/plaats/")
BCPID = Namespace(BASE + "id/bcp/")
SCHEMA = SDO
COMPETENCY_SCHEME = Namespace(BASE + "id/")["competenties"]

#: Prefixes bound on every graph bcpgraph hands out and accepted in query parameters.
PREFIXES: dict[str, Namespace] = {
    "bcp": BCP,
    "bcpsh": BCPSH,
    "comp": COMP,
    "kennis": KENNIS,
    "vaardigheid": VAARDIGHEID,
    "beroep": BEROEP,
    "functie": FUNCTIE,
    "organisatie": ORGANISATIE,
    "document": DOCUMENT,
    "regelgeving": REGELGEVING,
    "plaats": PLAATS,
    "bcpid": BCPID,
    "skos": Namespace(str(SKOS)),
    "dcterms": Namespace(str(DCTERMS)),
    "prov": Namespace(str(PROV)),
    "schema": Namespace(str(SDO)),
    "org": Namespace(str(ORG)),
    "owl": Namespace(str(OWL)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
    "dcat": Namespace(str(DCAT)),
    "void": Namespace(str(VOID)),
}

__all__ = [
    "BASE", "BCP", "BCPSH", "COMP", "KENNIS", "VAARDIGHEID", "BEROEP", "FUNCTIE", "ORGANISATIE",
    "DOCUMENT", "REGELGEVING", "PLAATS", "BCPID", "SCHEMA", "COMPETENCY_SCHEME", "PREFIXES",
]
