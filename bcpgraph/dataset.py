"""The dataset description (VoID and DCAT), the dumps and the JSON-LD context.

- :func:`describe`: VoID/DCAT for what a store holds (served at ``/.well-known/void``, written by
  ``publish``). What is fixed comes from the data: the site's own description from the shipped
  ``ontology/dataset.ttl``, the publisher's name from the ontology, each profile's dataset
  description from its profile file. What depends on the store and the deployment is computed:
  the triple count, the URI space, example resources, the vocabularies used, the profiles (and
  their source documents) the data is derived from, a ``void:subset`` for each dataset
  description in the data, the SPARQL endpoint, the dumps and the date of the last change.
- :func:`dump` and :func:`write_dumps`: the data in one RDF format (TriG and N-Quads keep one
  named graph per profile; the other formats hold the union).
- :func:`context`: the JSON-LD context bcpgraph writes JSON-LD with (shipped as
  ``ontology/context.jsonld``; nothing is ever fetched).

IRIs: the site's dataset is ``{base}dataset`` (``https://w3id.org/bcpgraph/dataset``), each
profile's ``{base}dataset/{name}``; the dumps are ``{base}dataset/distribution/{format}`` and the
SPARQL service ``{base}dataset/service``.

>>> from bcpgraph import load
>>> from bcpgraph.stores import open_store
>>> void = describe(open_store(), endpoint="http://127.0.0.1:8000/sparql")
>>> site = URIRef(BASE + "dataset")
>>> int(void.value(site, VOID.triples)) == len(load())  # the same files in one rdflib graph
True
>>> str(void.value(site, VOID.sparqlEndpoint))
'http://127.0.0.1:8000/sparql'
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, VOID, XSD

from .errors import ArgumentError, InputError
from .formats import RDF_FORMATS, serialize
from .graph import bind_prefixes
from .namespaces import BASE
from .output import OutputExists, write_atomic
from .resources import shipped
from .stores import Store

__all__ = ["include", "describe", "dump", "write_dumps", "context", "context_document", "DUMP_FORMATS", "DUMP_NAME"]

#: The dumps written by default (``write_dumps``), served at ``/dumps/bcpgraph.{ttl,nt,trig,jsonld}``.
DUMP_FORMATS = ("turtle", "ntriples", "trig", "jsonld")
#: The file name of a dump, without its ending.
DUMP_NAME = "bcpgraph"
_SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")

_PREFIXES = """PREFIX bcp: <https://w3id.org/bcpgraph/def/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
# Distinct triples: a triple in two graphs counts once, as in one rdflib graph of the same files.
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
_PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
_EXAMPLES = _PREFIXES + """SELECT ?kind (MIN(STR(?r)) AS ?iri) WHERE {
  { ?r a bcp:Profile BIND (1 AS ?kind) } UNION { ?r a bcp:WorkProcess BIND (2 AS ?kind) }
  UNION { ?r a bcp:Competency BIND (3 AS ?kind) }
  FILTER (isIRI(?r))
} GROUP BY ?kind ORDER BY ?kind"""
_TERMS = "SELECT DISTINCT ?t WHERE { { ?s ?t ?o } UNION { ?s a ?t } }"
_SOURCES = _PREFIXES + """CONSTRUCT {
  ?profile a bcp:Profile ; dcterms:title ?title ; dcterms:source ?doc . ?doc dcterms:title ?docTitle .
} WHERE {
  ?profile a bcp:Profile .
  OPTIONAL { ?profile dcterms:title ?title }
  OPTIONAL { ?profile dcterms:source ?doc OPTIONAL { ?doc dcterms:title ?docTitle } }
}"""
_SUBSETS = _PREFIXES + """CONSTRUCT {
  ?d a void:Dataset ; dcterms:title ?title ; void:rootResource ?root ; void:uriSpace ?space .
} WHERE {
  ?d a void:Dataset .
  OPTIONAL { ?d dcterms:title ?title }
  OPTIONAL { ?d void:rootResource ?root }
  OPTIONAL { ?d void:uriSpace ?space }
}"""
_MODIFIED = _PREFIXES + """SELECT (MAX(?date) AS ?last) WHERE {
  VALUES ?kind { void:Dataset owl:Ontology skos:ConceptScheme }
  ?x a ?kind ; dcterms:modified|dcterms:created|dcterms:issued ?date .
  FILTER (DATATYPE(?date) = xsd:date)
}"""
_AGENT = "CONSTRUCT { ?agent ?p ?o } WHERE { ?agent ?p ?o }"


def _absolute(value: object, what: str) -> URIRef:
    if not isinstance(value, str):
        raise ArgumentError(f"{what} is a URL (str), not {type(value).__name__}")
    if not _ABSOLUTE.match(value):
        raise InputError(f"{what} {value!r} is not an absolute URL")
    return URIRef(value)


@cache
def _fixed_text() -> bytes:
    return shipped("ontology", "dataset.ttl").read_bytes()


def _fixed(base: str) -> Graph:
    """The site's own description (ontology/dataset.ttl), its IRIs moved from BASE to ``base``."""
    graph = Graph().parse(data=_fixed_text(), format="turtle")
    if base == BASE:
        return graph
    moved = Graph()

    def move(node):
        return URIRef(base + str(node)[len(BASE):]) if isinstance(node, URIRef) and str(node).startswith(BASE) else node

    for s, p, o in graph:
        moved.add((move(s), p, move(o)))
    return moved


def _namespace(iri: str) -> str:
    """The namespace of a term: its IRI up to the last ``#`` or ``/``."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[:cut + 1]


def _count(rows) -> int:
    first = next(iter(rows), None)
    return int(first["n"]) if first and first.get("n") is not None else 0


def include(store: Store, *, base: str = BASE, endpoint: str | None = None,
            dumps: Mapping[str, str] | None = None) -> Graph:
    """:func:`describe` the data in ``store`` and add the description to it, in the named graph
    ``{base}dataset``, so that the dataset, its service and its distributions resolve like every
    other IRI (pages, SPARQL, dumps). Returns the description (its ``void:triples`` counts the data
    before it was added). For a store the caller owns (``serve`` and ``publish`` build their own);
    an endpoint refuses ``load``.

    >>> from bcpgraph.stores import open_store
    >>> store = open_store()
    >>> description = include(store, endpoint="http://127.0.0.1:8000/sparql")
    >>> site = "<https://w3id.org/bcpgraph/dataset>"
    >>> store.ask(f"ASK {{ GRAPH {site} {{ {site} a <http://www.w3.org/ns/dcat#Dataset> }} }}")
    True
    """
    description, copied = _description(store, base=base, endpoint=endpoint, dumps=dumps)
    # What the description repeats of the data (the profiles' titles and sources, their own
    # dataset descriptions, the agents) is in the store already. Stored again, in a graph of its
    # own, it would come twice out of a union default graph that keeps a triple once per graph
    # (Oxigraph's does), and a query would answer some rows twice.
    store.load(description - copied, graph=base + "dataset")
    return description


def describe(store: Store, *, base: str = BASE, endpoint: str | None = None,
             dumps: Mapping[str, str] | None = None) -> Graph:
    """VoID and DCAT for the data in ``store``: the site's dataset ``{base}dataset`` and what it
    is made of.

    ``endpoint`` is the URL of the SPARQL endpoint to announce (``void:sparqlEndpoint`` and a
    ``dcat:DataService``); ``dumps`` maps a format name (see :data:`bcpgraph.formats.RDF_FORMATS`)
    to the URL of that dump (a ``dcat:Distribution`` each, and ``void:dataDump``). URLs are
    absolute. The store is only read.
    """
    return _description(store, base=base, endpoint=endpoint, dumps=dumps)[0]


def _description(store: Store, *, base: str, endpoint: str | None,
                 dumps: Mapping[str, str] | None) -> tuple[Graph, Graph]:
    """:func:`describe`'s graph, and the part of it copied from the data in ``store``."""
    if not isinstance(store, Store) or isinstance(store, Graph):
        raise ArgumentError(f"store is a bcpgraph Store (see bcpgraph.stores.open_store), not {type(store).__name__}")
    if not isinstance(base, str) or not _ABSOLUTE.match(base):
        raise ArgumentError(f"base is an absolute IRI (str), not {base!r}")
    service = _absolute(endpoint, "endpoint") if endpoint is not None else None
    if dumps is not None and not isinstance(dumps, Mapping):
        raise ArgumentError(f"dumps maps format names to URLs, not {type(dumps).__name__}")
    downloads = {}
    for name, url in (dumps or {}).items():
        if name not in RDF_FORMATS:
            raise InputError(f"dumps: unknown format {name!r}; use {', '.join(RDF_FORMATS)}")
        downloads[name] = _absolute(url, f"dumps[{name!r}]")

    graph = bind_prefixes(Graph())
    graph.bind("foaf", FOAF)
    site = URIRef(base + "dataset")
    graph += _fixed(base)
    graph.add((site, VOID.triples, Literal(_count(store.select(_COUNT)), datatype=XSD.integer)))
    graph.add((site, VOID.uriSpace, Literal(base)))
    for row in store.select(_EXAMPLES):
        graph.add((site, VOID.exampleResource, URIRef(str(row["iri"]))))
    terms = {str(row["t"]) for row in store.select(_TERMS) if isinstance(row.get("t"), URIRef)}
    for namespace in sorted({_namespace(t) for t in terms} - {""}):
        graph.add((site, VOID.vocabulary, URIRef(namespace)))
    last = next(iter(store.select(_MODIFIED)), {}).get("last")
    if last is not None:
        graph.add((site, DCTERMS.modified, last))

    # Where the data comes from: the profiles, and their own source documents as the data has them.
    sources = store.construct(_SOURCES)
    graph += sources
    copied = Graph() + sources
    for profile in sorted(set(sources.subjects(RDF.type, None))):
        graph.add((site, DCTERMS.source, profile))
        graph.add((site, PROV.wasDerivedFrom, profile))

    # Each dataset description in the data (a profile's, a shared vocabulary's) is a subset.
    subsets = store.construct(_SUBSETS)
    graph += subsets
    copied += subsets
    triples_in = {str(row["g"]): int(row["n"]) for row in store.select(_PER_GRAPH) if row.get("g") is not None}
    for subset in sorted(set(subsets.subjects(RDF.type, VOID.Dataset)) - {site}):
        graph.add((site, VOID.subset, subset))
        root = subsets.value(subset, VOID.rootResource)
        if root is not None and str(root) in triples_in:   # a profile's dataset is its named graph
            graph.add((subset, VOID.triples, Literal(triples_in[str(root)], datatype=XSD.integer)))

    # The publisher and creator as the data names them.
    agents = {o for p in (DCTERMS.publisher, DCTERMS.creator) for o in graph.objects(site, p) if isinstance(o, URIRef)}
    for agent in sorted(agents):
        about = store.construct(_AGENT.replace("?agent", agent.n3()))
        graph += about
        copied += about

    licence = graph.value(site, DCTERMS.license)
    if service is not None:
        node = URIRef(base + "dataset/service")
        graph.add((site, VOID.sparqlEndpoint, service))
        graph.add((node, RDF.type, DCAT.DataService))
        graph.add((node, DCTERMS.title, Literal("SPARQL-endpoint van bcpgraph", lang="nl")))
        graph.add((node, DCTERMS.title, Literal("bcpgraph SPARQL endpoint", lang="en")))
        graph.add((node, DCAT.endpointURL, service))
        graph.add((node, DCAT.servesDataset, site))
        graph.add((node, DCTERMS.conformsTo, _SPARQL_PROTOCOL))
        if licence is not None:
            graph.add((node, DCTERMS.license, licence))
    for name, url in downloads.items():
        fmt = RDF_FORMATS[name]
        node = URIRef(base + f"dataset/distribution/{name}")
        graph.add((site, DCAT.distribution, node))
        graph.add((site, VOID.dataDump, url))
        graph.add((site, VOID.feature, URIRef(fmt.w3c)))
        graph.add((node, RDF.type, DCAT.Distribution))
        graph.add((node, DCTERMS.title, Literal(f"bcpgraph-dump in {fmt.label}", lang="nl")))
        graph.add((node, DCTERMS.title, Literal(f"bcpgraph dump in {fmt.label}", lang="en")))
        graph.add((node, DCAT.downloadURL, url))
        graph.add((node, DCAT.accessURL, url))
        graph.add((node, DCAT.mediaType, URIRef(_MEDIA_TYPES + fmt.media_type)))
        graph.add((node, DCTERMS.format, URIRef(fmt.w3c)))
        if licence is not None:
            graph.add((node, DCTERMS.license, licence))
    return graph, copied


def _check_format(fmt: object) -> str:
    if not isinstance(fmt, str):
        raise ArgumentError(f"fmt is a format name (str), not {type(fmt).__name__}")
    if fmt not in RDF_FORMATS:
        raise InputError(f"unknown format {fmt!r}; use one of {', '.join(RDF_FORMATS)}")
    return fmt


_ALL = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def _dataset(store: Store) -> Dataset:
    """The store's data with its named graphs: each profile in the graph named by its IRI, the
    rest (ontology, competency scheme, vocabularies) in the default graph."""
    dataset = bind_prefixes(Dataset())
    named = store.graphs()
    placed: set = set()
    for name in named:
        part = store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {URIRef(name).n3()} {{ ?s ?p ?o }} }}")
        dataset.graph(URIRef(name)).__iadd__(part)
        placed.update(part)
    default = dataset.graph(DATASET_DEFAULT_GRAPH_ID)
    for triple in store.construct(_ALL):
        if triple not in placed:
            default.add(triple)
    return dataset


def dump(store: Store, fmt: str) -> bytes:
    """Everything ``store`` holds, in the RDF format ``fmt`` (a name of
    :data:`bcpgraph.formats.RDF_FORMATS`), as bytes. TriG and N-Quads keep one named graph per
    profile (the ontology, competency scheme and vocabularies in the default graph); the other
    formats hold the union of all graphs. JSON-LD is compacted with :func:`context`. The store
    writes its data itself (its ``dump``: Oxigraph and rdflib write every quad, whatever the answer
    limit; an endpoint its union from one CONSTRUCT); a store without ``dump`` is read by queries.

    >>> from bcpgraph.stores import open_store
    >>> dump(open_store(), "trig").count(b"bcpid:contactcenter-medewerker-2010 {")
    1
    """
    name = _check_format(fmt)
    if not isinstance(store, Store) or isinstance(store, Graph):
        raise ArgumentError(f"store is a bcpgraph Store (see bcpgraph.stores.open_store), not {type(store).__name__}")
    if not callable(getattr(store, "dump", None)):  # a store of the caller's own, without dump
        return _dump_by_queries(store, name)
    if name != "jsonld":
        return store.dump(name)
    graph = bind_prefixes(Graph())
    graph.parse(data=store.dump("ntriples"), format="nt")
    return serialize(graph, name, context=context())


def _dump_by_queries(store: Store, name: str) -> bytes:
    """``dump`` for a store that only answers queries (within its answer limit)."""
    if RDF_FORMATS[name].dataset:
        if store.backend == "endpoint":
            raise InputError(f"{name} keeps a named graph per profile, read from local data only; "
                             "from an endpoint, dump its union as turtle, ntriples or jsonld")
        return serialize(_dataset(store), name)
    graph = bind_prefixes(Graph())
    graph += store.construct(_ALL)
    return serialize(graph, name, context=context() if name == "jsonld" else None)


def write_dumps(store: Store, folder: str | Path, *, formats: Sequence[str] = DUMP_FORMATS,
                force: bool = False) -> dict[str, Path]:
    """Write one dump per format to ``folder`` (``bcpgraph.ttl``, ``bcpgraph.nt``,
    ``bcpgraph.trig``, ``bcpgraph.jsonld``, ...), each atomically; return format name → path.

    Nothing is written when a file is there already and ``force`` is not given
    (:class:`~bcpgraph.output.OutputExists`), or when a format is unknown.
    """
    if isinstance(formats, str) or not isinstance(formats, Sequence):
        raise ArgumentError(f"formats is a list of format names, not {type(formats).__name__}")
    if not isinstance(folder, (str, Path)):
        raise ArgumentError(f"folder is a path (str or pathlib.Path), not {type(folder).__name__}")
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder")
    paths = {_check_format(name): folder / f"{DUMP_NAME}{RDF_FORMATS[name].extension}" for name in formats}
    if not force:
        for path in paths.values():
            if path.exists() or path.is_symlink():
                raise OutputExists(path)
    return {name: write_atomic(path, dump(store, name), force=force) for name, path in paths.items()}


@cache
def _context_text() -> str:
    return shipped("ontology", "context.jsonld").read_text(encoding="utf-8")


def context() -> dict:
    """bcpgraph's JSON-LD context (a new dict on each call): prefixes, short names for the
    ontology's classes and properties, language maps for texts in Dutch and English. It is what
    ``serialize(graph, "jsonld", context=context())`` compacts with; the document as shipped is
    :func:`context_document` (served at ``/context.jsonld``).

    >>> ctx = context()
    >>> ctx["bcp"], ctx["WorkProcess"], ctx["prefLabel"]["@container"]
    ('https://w3id.org/bcpgraph/def/', 'bcp:WorkProcess', '@language')
    """
    return json.loads(_context_text())["@context"]


def context_document() -> bytes:
    """The JSON-LD context document as shipped (``ontology/context.jsonld``), ``{"@context": ...}``."""
    return _context_text().encode("utf-8")

