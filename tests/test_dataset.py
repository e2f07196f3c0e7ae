"""The dataset description (VoID/DCAT), the dumps, the JSON-LD context and the links out.

Expected values come from the files themselves (an rdflib graph of the same files, the
ontology's terms) or from DOMAIN.md's "Linking out" facts, never from what describe() wrote.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, XSD

import bcpgraph
from bcpgraph.dataset import context, context_document, describe, dump, write_dumps
from bcpgraph.errors import ArgumentError, InputError
from bcpgraph.formats import RDF_FORMATS
from bcpgraph.graph import named_graphs, ontology, read_rdf
from bcpgraph.output import OutputExists
from bcpgraph.stores import open_store

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "contactcenter.ttl"
SITE = URIRef("https://w3id.org/bcpgraph/dataset")
PROFILE = URIRef("https://w3id.org/bcpgraph/id/bcp/contactcenter-medewerker-2010")
PROFILE_DATASET = URIRef("https://w3id.org/bcpgraph/dataset/contactcenter")
OCCUPATION = URIRef("https://w3id.org/bcpgraph/id/beroep/contactcenter-medewerker")
ENDPOINT = "http://127.0.0.1:8000/sparql"
DUMPS = {name: f"https://w3id.org/bcpgraph/dumps/bcpgraph{RDF_FORMATS[name].extension}"
         for name in ("turtle", "ntriples", "trig", "jsonld")}
#: DOMAIN.md, "Linking out": the ISCO-08 unit groups and the ESCO occupation, with their names.
ISCO_4222 = URIRef("http://data.europa.eu/esco/isco/C4222")
ISCO_5244 = URIRef("http://data.europa.eu/esco/isco/C5244")
ESCO_AGENT = URIRef("http://data.europa.eu/esco/occupation/0ededdc2-050a-4ec3-8e70-6295105fcd19")
NAMES = {ISCO_4222: "Contact centre information clerks", ISCO_5244: "Contact centre salespersons",
         ESCO_AGENT: "call centre agent"}
PREFIXES = """PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX site: <https://w3id.org/bcpgraph/dataset>
"""


def _files() -> Graph:
    """The shipped files, each parsed by rdflib on its own: ontology, scheme, vocabularies, profile."""
    graph = Graph()
    for path in [ROOT / "ontology" / "bcpgraph.ttl", ROOT / "ontology" / "competenties.ttl",
                 *sorted((ROOT / "vocabularies").glob("*.ttl")), DATA]:
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def store():
    return open_store()


@pytest.fixture(scope="module")
def void(store) -> Graph:
    return describe(store, endpoint=ENDPOINT, dumps=DUMPS)


# ------------------------------------------------------------------ the description: every item issue 11 lists

ITEMS = {
    "title in Dutch and English": """ASK { site: dcterms:title ?nl , ?en .
        FILTER (LANGMATCHES(LANG(?nl), "nl") && LANGMATCHES(LANG(?en), "en")) }""",
    "description": "ASK { site: dcterms:description ?d }",
    "licence as an IRI": "ASK { site: dcterms:license ?l FILTER isIRI(?l) }",
    "publisher as an agent with a name": """ASK { site: dcterms:publisher ?a . FILTER isIRI(?a)
        ?a a foaf:Agent ; foaf:name ?name }""",
    "sources: the profile": "ASK { site: dcterms:source ?profile ; prov:wasDerivedFrom ?profile }",
    "the profile's own source documents": "ASK { ?profile dcterms:source ?doc . ?doc dcterms:title ?t }",
    "triple count": "ASK { site: void:triples ?n FILTER (DATATYPE(?n) = xsd:integer && ?n > 0) }",
    "URI space": 'ASK { site: void:uriSpace "https://w3id.org/bcpgraph/" }',
    "SPARQL endpoint": "ASK { site: void:sparqlEndpoint ?endpoint }",
    "endpoint as a data service": """ASK { ?service a dcat:DataService ; dcat:endpointURL ?endpoint ;
        dcat:servesDataset site: }""",
    "modified date": "ASK { site: dcterms:modified ?d FILTER (DATATYPE(?d) = xsd:date) }",
    "vocabularies": """ASK { site: void:vocabulary <https://w3id.org/bcpgraph/def/> ,
        <http://www.w3.org/2004/02/skos/core#> , <http://purl.org/dc/terms/> }""",
    "the profile's dataset as a subset": "ASK { site: void:subset ?subset }",
    "DCAT and VoID dataset": "ASK { site: a dcat:Dataset , void:Dataset }",
}


@pytest.mark.parametrize("item", sorted(ITEMS))
def test_description_has(void, item):
    bindings = {"profile": PROFILE, "endpoint": URIRef(ENDPOINT), "subset": PROFILE_DATASET}
    assert void.query(PREFIXES + ITEMS[item], initBindings=bindings).askAnswer, item


@pytest.mark.parametrize("name", sorted(DUMPS))
def test_each_dump_is_a_distribution(void, name):
    fmt = RDF_FORMATS[name]
    ask = PREFIXES + """ASK {
      site: dcat:distribution ?d ; void:dataDump ?url .
      ?d a dcat:Distribution ; dcat:downloadURL ?url ; dcat:mediaType ?media ; dcterms:format ?format .
      FILTER (STRENDS(STR(?media), ?type))
    }"""
    bindings = {"url": URIRef(DUMPS[name]), "format": URIRef(fmt.w3c), "type": Literal(fmt.media_type)}
    assert void.query(ask, initBindings=bindings).askAnswer


def test_example_resources_are_a_profile_a_werkproces_and_a_competency(void):
    data = bcpgraph.load()
    kinds = {t for r in void.objects(SITE, URIRef("http://rdfs.org/ns/void#exampleResource"))
             for t in data.objects(r, RDF.type)}
    assert {bcpgraph.namespaces.BCP.Profile, bcpgraph.namespaces.BCP.WorkProcess,
            bcpgraph.namespaces.BCP.Competency} <= kinds


def test_triple_count_is_that_of_the_files(void):
    assert int(void.value(SITE, URIRef("http://rdfs.org/ns/void#triples"))) == len(_files())


def test_profile_subset_counts_the_profile_file(void):
    assert int(void.value(PROFILE_DATASET, URIRef("http://rdfs.org/ns/void#triples"))) == len(Graph().parse(DATA))


def test_no_endpoint_no_dumps_none_announced(store):
    plain = describe(store)
    for p in ("http://rdfs.org/ns/void#sparqlEndpoint", "http://rdfs.org/ns/void#dataDump",
              "http://www.w3.org/ns/dcat#distribution"):
        assert not list(plain.objects(SITE, URIRef(p))), p


def test_every_profile_in_the_store_is_a_source(tmp_path):
    profiles = sorted((ROOT / "tests" / "profiles").glob("*.ttl"))
    store = open_store(*profiles, shipped=True)
    expected = {s for s in bcpgraph.load(*profiles, shipped=True).subjects(RDF.type, bcpgraph.namespaces.BCP.Profile)}
    assert len(expected) > 1
    assert set(describe(store).objects(SITE, DCTERMS.source)) == expected


def test_another_base_moves_the_site_dataset(store):
    other = describe(store, base="http://example.org/kb/")
    assert (URIRef("http://example.org/kb/dataset"), DCTERMS.license, None) in other
    assert not list(other.triples((SITE, None, None)))


@pytest.mark.parametrize("kwargs, error", [
    ({"endpoint": "sparql"}, InputError), ({"endpoint": 8000}, ArgumentError),
    ({"dumps": {"yaml": "https://example.org/x.yaml"}}, InputError),
    ({"dumps": {"turtle": "dumps/bcpgraph.ttl"}}, InputError), ({"dumps": ["turtle"]}, ArgumentError),
])
def test_bad_arguments_are_refused(store, kwargs, error):
    with pytest.raises(error):
        describe(store, **kwargs)


def test_describe_needs_a_store():
    with pytest.raises(ArgumentError):
        describe(bcpgraph.load())


# ------------------------------------------------------------------ the data: fixed parts, shapes

def test_profile_dataset_names_its_publisher_as_an_agent():
    data = bcpgraph.load()
    publisher = data.value(PROFILE_DATASET, DCTERMS.publisher)
    assert isinstance(publisher, URIRef)
    assert (publisher, RDF.type, FOAF.Agent) in data
    assert {n.language for n in data.objects(publisher, FOAF.name)} == {"nl", "en"}
    assert isinstance(data.value(PROFILE_DATASET, DCTERMS.license), URIRef)


def test_the_shipped_data_still_validates():
    report = bcpgraph.validate()
    assert report.conforms and not report.violations and not report.warnings


# ------------------------------------------------------------------ dumps

@pytest.mark.parametrize("name", sorted(RDF_FORMATS))
def test_dump_reads_back_as_the_data(store, name, tmp_path):
    fmt = RDF_FORMATS[name]
    path = tmp_path / f"dump{fmt.extension}"
    path.write_bytes(dump(store, name))
    back = read_rdf(path)   # bcpgraph's own safe reader: no context is fetched for JSON-LD
    assert isomorphic(back, bcpgraph.load())


@pytest.mark.parametrize("name", ["trig", "nquads"])
def test_dataset_dumps_keep_one_named_graph_per_profile(store, name, tmp_path):
    path = tmp_path / f"dump{RDF_FORMATS[name].extension}"
    path.write_bytes(dump(store, name))
    back = read_rdf(path, Dataset())
    graphs = {g.identifier: g for g in named_graphs(back)}
    assert isomorphic(graphs[PROFILE], Graph().parse(DATA))
    assert isomorphic(back.graph(URIRef("urn:x-rdflib:default")), ontology())
    assert set(graphs) == {PROFILE, URIRef("urn:x-rdflib:default")}


def test_jsonld_dump_uses_the_context(store):
    document = json.loads(dump(store, "jsonld"))
    assert document["@context"] == context()


def test_unknown_dump_format_is_refused(store):
    with pytest.raises(InputError, match="unknown format"):
        dump(store, "yaml")


def test_write_dumps_writes_each_format_and_never_clobbers(store, tmp_path):
    paths = write_dumps(store, tmp_path)
    assert {p.name for p in paths.values()} == {"bcpgraph.ttl", "bcpgraph.nt", "bcpgraph.trig", "bcpgraph.jsonld"}
    for name, path in paths.items():   # (that each dump is the data: test_dump_reads_back_as_the_data)
        assert len(read_rdf(path)) == len(bcpgraph.load()), name
    before = {p: p.read_bytes() for p in paths.values()}
    (tmp_path / "bcpgraph.nt").write_bytes(b"# mine\n")
    before[tmp_path / "bcpgraph.nt"] = b"# mine\n"
    with pytest.raises(OutputExists):
        write_dumps(store, tmp_path)
    assert {p: p.read_bytes() for p in paths.values()} == before
    write_dumps(store, tmp_path, formats=("ntriples",), force=True)
    assert len(read_rdf(tmp_path / "bcpgraph.nt")) == len(bcpgraph.load())


def test_write_dumps_writes_nothing_for_an_unknown_format(store, tmp_path):
    with pytest.raises(InputError):
        write_dumps(store, tmp_path, formats=("turtle", "yaml"))
    assert not list(tmp_path.iterdir())


# ------------------------------------------------------------------ the JSON-LD context

def test_context_names_every_term_of_the_ontology():
    onto = Graph().parse(ROOT / "ontology" / "bcpgraph.ttl")
    ctx = context()
    prefixes = {k: v for k, v in ctx.items() if isinstance(v, str) and v.endswith(("/", "#"))}

    def expand(value: str) -> str:
        prefix, _, local = value.partition(":")
        return prefixes[prefix] + local if prefix in prefixes else value

    named = {expand(v if isinstance(v, str) else v["@id"]) for k, v in ctx.items() if not k.startswith("@")}
    terms = {str(s) for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
             for s in onto.subjects(RDF.type, kind) if str(s).startswith(str(bcpgraph.namespaces.BCP))}
    assert terms and terms <= named
    assert {k: str(v) for k, v in bcpgraph.namespaces.PREFIXES.items()}.items() <= prefixes.items()


def test_context_document_is_the_shipped_file():
    assert context_document() == (ROOT / "ontology" / "context.jsonld").read_bytes()
    assert json.loads(context_document())["@context"] == context()


def test_data_written_with_the_inline_context_reads_back(tmp_path):
    data = bcpgraph.load()
    path = tmp_path / "data.jsonld"
    path.write_text(data.serialize(format="json-ld", context=context(), auto_compact=True))
    assert isomorphic(read_rdf(path), data)


@pytest.mark.parametrize("ctx", ["https://w3id.org/bcpgraph/context.jsonld", "context.jsonld",
                                 ["https://w3id.org/bcpgraph/context.jsonld", {"bcp": "https://w3id.org/bcpgraph/def/"}]])
def test_a_remote_context_is_still_refused_on_read(tmp_path, ctx):
    path = tmp_path / "remote.jsonld"
    path.write_text(json.dumps({"@context": ctx, "@id": "https://w3id.org/bcpgraph/x", "prefLabel": {"nl": "x"}}))
    with pytest.raises(InputError, match="not fetched"):
        read_rdf(path)


# ------------------------------------------------------------------ links out

MAPPINGS = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)


def test_links_out_are_exactly_the_three_with_their_properties():
    data = bcpgraph.load()
    links = {(s, p, o) for p in MAPPINGS for s, o in data.subject_objects(p)}
    assert links == {(OCCUPATION, SKOS.broadMatch, ISCO_4222), (OCCUPATION, SKOS.broadMatch, ISCO_5244),
                     (OCCUPATION, SKOS.closeMatch, ESCO_AGENT)}


def test_external_concepts_are_named_only_as_domain_md_names_them():
    data = bcpgraph.load()
    external = {n for t in data for n in t if isinstance(n, URIRef) and str(n).startswith("http://data.europa.eu/")}
    assert external == set(NAMES)
    for iri, name in NAMES.items():
        assert set(data.predicate_objects(iri)) == {(RDFS.label, Literal(name, lang="en"))}


def test_links_out_carry_a_note_that_they_are_bcpgraphs_interpretation():
    notes = {n.language: str(n) for n in bcpgraph.load().objects(OCCUPATION, SKOS.editorialNote)}
    assert set(notes) == {"nl", "en"}
    assert "interpretatie van bcpgraph" in notes["nl"] and "bcpgraph's interpretation" in notes["en"]
    for text in notes.values():
        assert "broadMatch" in text and "closeMatch" in text


def test_named_queries_answer_the_same_without_the_links_out():
    """The links out change no named query's default answer."""
    from bcpgraph.query import queries, query

    data = bcpgraph.load()
    without = Graph() + data
    for p in MAPPINGS:
        without.remove((OCCUPATION, p, None))
    without.remove((OCCUPATION, SKOS.editorialNote, None))
    for iri in NAMES:
        without.remove((iri, None, None))
    assert len(without) == len(data) - 8
    for name, q in queries().items():
        if any(p.required for p in q.params):
            continue
        assert list(query(name, graph=data)) == list(query(name, graph=without)), name


def test_xsd_is_used_for_the_modified_date(void):
    assert void.value(SITE, DCTERMS.modified).datatype == XSD.date


_EACH_TRIPLE_ONCE = """SELECT ?s ?p ?o (COUNT(*) AS ?n) WHERE { ?s ?p ?o }
GROUP BY ?s ?p ?o HAVING (COUNT(*) > 1)"""


def test_the_included_description_changes_no_named_querys_answer():
    """serve and publish add the dataset description to their store. Oxigraph's union default
    graph gives a triple once per graph that holds it, so a description that repeated the
    profiles' own triples made unused-competencies and provenance answer rows twice through
    bcpgraph serve. Expected: each named query's answer on the same files without it."""
    from bcpgraph.dataset import include
    from bcpgraph.query import queries, query

    files = [DATA, *sorted((ROOT / "tests" / "profiles").glob("*.ttl"))]
    plain = open_store(*files)
    served = open_store(*files)
    description = include(served, endpoint=ENDPOINT, dumps=DUMPS)
    assert list(served.select(_EACH_TRIPLE_ONCE)) == list(plain.select(_EACH_TRIPLE_ONCE)) == []
    for name, q in queries().items():
        if any(p.required for p in q.params):
            continue
        assert list(query(name, graph=served)) == list(query(name, graph=plain)), name
    # The description itself is whole: what it repeats of the data is read through the union.
    union = served.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert all(triple in union for triple in description)
    assert (PROFILE, DCTERMS.title, None) in description
