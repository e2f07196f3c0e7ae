"""The RDF and SPARQL result formats bcpgraph reads, writes and serves: one table.

Every place that turns a format name, a file ending or a media type into another (``export``,
``sparql -o``, the dumps, content negotiation in ``serve``, the files ``publish`` writes) asks
this table, so a format means the same everywhere.

>>> RDF_FORMATS["ntriples"].extension, RDF_FORMATS["ntriples"].media_type
('.nt', 'application/n-triples')
>>> negotiate("text/html;q=0.9, text/turtle", ("html", "turtle", "jsonld"))
'turtle'
>>> negotiate("*/*", ("html", "turtle"))
'html'
>>> negotiate("image/png", ("html", "turtle")) is None
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

__all__ = ["Format", "RDF_FORMATS", "RESULT_FORMATS", "PAGE_FORMATS", "ALL_FORMATS",
           "by_extension", "negotiate", "serialize", "weighted"]


@dataclass(frozen=True)
class Format:
    """A format: its bcpgraph name, the file ending it is written with, its media type (first
    one is what we send), other media types it is known by, and rdflib's name for it."""

    name: str
    extension: str
    media_type: str
    aliases: tuple[str, ...] = ()
    rdflib: str | None = None
    dataset: bool = False  # holds named graphs (TriG, N-Quads)
    label: str = ""  # its name for people ("N-Triples")
    w3c: str | None = None  # its IRI in http://www.w3.org/ns/formats/ (DCAT dcterms:format, void:feature)

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)


_W3C = "http://www.w3.org/ns/formats/"

#: Graph and dataset formats (CONSTRUCT/DESCRIBE answers, resources, dumps).
RDF_FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("turtle", ".ttl", "text/turtle", ("application/x-turtle",), "turtle",
           label="Turtle", w3c=_W3C + "Turtle"),
    Format("ntriples", ".nt", "application/n-triples", ("text/plain",), "nt",
           label="N-Triples", w3c=_W3C + "N-Triples"),
    Format("jsonld", ".jsonld", "application/ld+json", ("application/json",), "json-ld",
           label="JSON-LD", w3c=_W3C + "JSON-LD"),
    Format("rdfxml", ".rdf", "application/rdf+xml", ("application/xml", "text/xml"), "xml",
           label="RDF/XML", w3c=_W3C + "RDF_XML"),
    Format("trig", ".trig", "application/trig", (), "trig", dataset=True, label="TriG", w3c=_W3C + "TriG"),
    Format("nquads", ".nq", "application/n-quads", (), "nquads", dataset=True,
           label="N-Quads", w3c=_W3C + "N-Quads"),
)}

#: SPARQL SELECT/ASK answer formats (see :mod:`bcpgraph.results`).
RESULT_FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("json", ".srj", "application/sparql-results+json", ("application/json",)),
    Format("xml", ".srx", "application/sparql-results+xml", ("application/xml", "text/xml")),
    Format("csv", ".csv", "text/csv"),
    Format("tsv", ".tsv", "text/tab-separated-values"),
)}

#: Pages for people.
PAGE_FORMATS: dict[str, Format] = {"html": Format("html", ".html", "text/html", ("application/xhtml+xml",))}

ALL_FORMATS: dict[str, Format] = {**PAGE_FORMATS, **RDF_FORMATS}


def by_extension(name: str, offered: Sequence[str] | None = None) -> Format | None:
    """The graph or page format a file name or URL path ending asks for, or ``None``.

    >>> by_extension("werkproces/2.3.ttl").name
    'turtle'
    >>> by_extension("2.3") is None  # a werkproces number is not an ending
    True
    """
    for fmt in ALL_FORMATS.values():
        if name.lower().endswith(fmt.extension) and (offered is None or fmt.name in offered):
            return fmt
    return None


def weighted(header: str) -> list[tuple[float, int, str]]:
    """``(quality, position, value)`` for each part of an HTTP header with ``q`` weights
    (``Accept``, ``Accept-Language``); values lower-cased, a bad weight counts as 0.

    >>> weighted("en-GB,en;q=0.9,nl;q=x")
    [(1.0, 0, 'en-gb'), (0.9, 1, 'en'), (0.0, 2, 'nl')]
    """
    ranges = []
    for position, part in enumerate(header.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        if media:
            ranges.append((quality, position, media.lower()))
    return ranges


def negotiate(accept: str | None, offered: Sequence[str]) -> str | None:
    """The name of the format in ``offered`` (in order of preference) that an HTTP ``Accept``
    header likes best, or ``None`` when it accepts none of them. No header means the first.

    Exact media types beat ``type/*``, which beats ``*/*``; then quality; then the order of
    ``offered``.

    >>> negotiate(None, ("turtle", "jsonld"))
    'turtle'
    >>> negotiate("application/ld+json", ("html", "turtle", "jsonld"))
    'jsonld'
    >>> negotiate("application/sparql-results+xml", ("json", "xml", "csv", "tsv"))
    'xml'
    """
    if not accept or not accept.strip():
        return offered[0] if offered else None
    ranges = weighted(accept)
    best: tuple[float, int, int, str] | None = None
    for rank, name in enumerate(offered):
        fmt = ALL_FORMATS.get(name) or RESULT_FORMATS[name]
        for quality, _position, media in ranges:
            if media == "*/*":
                specificity = 0
            elif media.endswith("/*") and any(m.startswith(media[:-1]) for m in fmt.media_types):
                specificity = 1
            elif media in fmt.media_types:
                # an alias (application/json for JSON-LD) counts less than the format's own type
                specificity = 3 if media == fmt.media_type else 2
            else:
                continue
            if quality <= 0:
                continue
            key = (quality, specificity, -rank, name)
            if best is None or key[:3] > best[:3]:
                best = key
    return best[3] if best else None


def serialize(graph: Graph, name: str, *, context: dict | None = None) -> bytes:
    """``graph`` in the RDF format ``name`` (see :data:`RDF_FORMATS`), as UTF-8 bytes. A JSON-LD
    ``context`` given as a mapping compacts the output; nothing is ever fetched.

    >>> from rdflib import URIRef, Literal
    >>> g = Graph(); _ = g.add((URIRef("https://w3id.org/bcpgraph/x"), URIRef("http://ex/p"), Literal("a")))
    >>> serialize(g, "ntriples")
    b'<https://w3id.org/bcpgraph/x> <http://ex/p> "a" .\\n'
    >>> serialize(g, "nquads").split() == serialize(g, "ntriples").split()  # a plain graph: the default graph
    True
    """
    fmt = RDF_FORMATS[name]
    if fmt.dataset and not isinstance(graph, Dataset):  # a plain graph: its triples in the default graph
        plain, graph = graph, Dataset()
        for prefix, namespace in plain.namespaces():
            graph.bind(prefix, namespace, override=False)
        graph.graph(DATASET_DEFAULT_GRAPH_ID).__iadd__(plain)
    if fmt.name == "jsonld" and context is not None:
        text = graph.serialize(format="json-ld", context=context, auto_compact=True)
    else:
        text = graph.serialize(format=fmt.rdflib)
    return text.encode("utf-8")
