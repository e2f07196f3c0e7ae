"""HTTP requests read and answered as the server does it, as plain functions (no sockets): the
SPARQL 1.1 Protocol, format and language choice, safe paths, the service description.

The routes of :mod:`bcpgraph.web.app` call these; so do the tests, in process.

>>> sparql_query("GET", None, [("query", "ASK {}")], b"")
'ASK {}'
>>> sparql_query("POST", "application/sparql-update", [], b"DROP ALL")
Traceback (most recent call last):
bcpgraph.web.protocol.Refused: 403: this endpoint only reads: SPARQL Update is refused
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, VOID

from .. import limits
from ..formats import ALL_FORMATS, RDF_FORMATS, RESULT_FORMATS, by_extension, negotiate, weighted

__all__ = ["Refused", "Answer", "sparql_query", "choose_format", "hinted_format", "choose_lang", "resource_path",
           "service_description", "media_type", "form_fields", "url_fields",
           "RESULT_OFFER", "GRAPH_OFFER", "RESOURCE_OFFER", "LANGS", "MAX_BODY_BYTES", "MAX_FIELDS"]

#: Formats of SELECT/ASK answers and of graphs (CONSTRUCT/DESCRIBE, resources), first = default.
RESULT_OFFER = ("json", "xml", "csv", "tsv")
GRAPH_OFFER = ("turtle", "jsonld", "ntriples", "rdfxml")
#: What a resource is offered as: a page for people first (a browser's */* gets HTML).
RESOURCE_OFFER = ("html", *GRAPH_OFFER)
LANGS = ("nl", "en")
#: Bytes of a request body read at most: a query of MAX_QUERY_CHARS characters, percent-encoded.
MAX_BODY_BYTES = 4 * limits.MAX_QUERY_CHARS
#: Form fields and URL parameters read at most.
MAX_FIELDS = 100

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
_FORMATS_NS = Namespace("http://www.w3.org/ns/formats/")
#: The W3C's names for the formats (https://www.w3.org/ns/formats/), for the service description.
_W3C_FORMAT = {"json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
               "tsv": "SPARQL_Results_TSV", "turtle": "Turtle", "jsonld": "JSON-LD", "ntriples": "N-Triples",
               "rdfxml": "RDF_XML"}
# A path that can be the end of an IRI: RFC 3987's unreserved, sub-delims, ':' '@' '/' and
# percent-escapes (as sent: the server never decodes them into the IRI), no empty, '.' or '..'
# segment. Anything else is no resource of ours.
_PATH = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})+(?:/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|"
                   r"%[0-9A-Fa-f]{2})+)*")


class Refused(Exception):
    """A request the server does not answer: ``status`` (4xx/5xx) and a message for the client."""

    def __init__(self, status: int, message: str):
        super().__init__(f"{status}: {message}")
        self.status, self.message = status, message


def _fields(text: str, where: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_FIELDS, errors="strict")
    except ValueError as exc:
        raise Refused(400, f"{where}: {exc}") from None


def form_fields(body: bytes) -> list[tuple[str, str]]:
    """The fields of an ``application/x-www-form-urlencoded`` body (UTF-8).

    >>> form_fields(b"query=SELECT+%3Fs&x=")
    [('query', 'SELECT ?s'), ('x', '')]
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400, "the form is not UTF-8") from None
    return _fields(text, "the form")


def url_fields(query_string: bytes | str) -> list[tuple[str, str]]:
    """The parameters of a URL's query string (UTF-8, percent-encoded).

    >>> url_fields(b"lang=en&format=ttl")
    [('lang', 'en'), ('format', 'ttl')]
    """
    if isinstance(query_string, bytes):
        query_string = query_string.decode("latin-1")
    return _fields(query_string, "the URL's parameters")


def _one(fields: Sequence[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in fields if k == name]
    if len(values) > 1:
        raise Refused(400, f"parameter {name} is given {len(values)} times; give it once")
    return values[0] if values else None


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def sparql_query(method: str, content_type: str | None, params: Sequence[tuple[str, str]], body: bytes) -> str | None:
    """The query text of a SPARQL 1.1 Protocol request (``params``: the URL's parameters), or
    ``None`` for a GET without a query (the service description). Raises :class:`Refused`:
    400 for a request that is not a query request, 403 for an update, 413 for a query over
    :data:`~bcpgraph.limits.MAX_QUERY_CHARS`, 415 for another body type.

    Datasets named in the request (``default-graph-uri``, ``named-graph-uri``) are refused: the
    server answers over its own data and fetches nothing.

    >>> sparql_query("POST", "application/sparql-query; charset=utf-8", [], b"ASK {}")
    'ASK {}'
    >>> sparql_query("POST", "application/x-www-form-urlencoded", [], b"query=ASK+%7B%7D")
    'ASK {}'
    >>> sparql_query("GET", None, [("query", "ASK {}"), ("default-graph-uri", "http://e/g")], b"")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    bcpgraph.web.protocol.Refused: 400: default-graph-uri is not supported: ...
    """
    media = _media_type(content_type)
    fields = list(params)
    if method == "POST":
        if media == "application/sparql-update":
            raise Refused(403, "this endpoint only reads: SPARQL Update is refused")
        if media == "application/x-www-form-urlencoded":
            fields += form_fields(body)
        elif media == "application/sparql-query":
            if any(k == "query" for k, _ in fields):
                raise Refused(400, "a query in the body and in the URL: give one")
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                raise Refused(400, "the query is not UTF-8") from None
            fields.append(("query", text))
        else:
            raise Refused(415, "POST a query as application/sparql-query or as a form "
                               "(application/x-www-form-urlencoded) with the field query")
    elif method not in ("GET", "HEAD"):
        raise Refused(405, f"{method} is not a SPARQL Protocol method (GET or POST)")
    if any(k in ("update", "using-graph-uri", "using-named-graph-uri") for k, _ in fields):
        raise Refused(403, "this endpoint only reads: SPARQL Update is refused")
    for name in ("default-graph-uri", "named-graph-uri"):
        if any(k == name for k, _ in fields):
            raise Refused(400, f"{name} is not supported: queries run over this server's data "
                               "(no dataset is fetched)")
    text = _one(fields, "query")
    if text is None:
        if method == "POST":
            raise Refused(400, "the request holds no query (the field query)")
        return None
    if len(text) > limits.MAX_QUERY_CHARS:
        raise Refused(413, f"the query is {len(text):,} characters long, more than the "
                           f"{limits.MAX_QUERY_CHARS:,} accepted")
    if not text.strip():
        raise Refused(400, "the query is empty")
    return text


def _squeeze(text: str) -> str:
    return re.sub(r"[-+_ .]", "", text.strip().lower())


def _by_name(value: str, offered: Sequence[str]) -> str | None:
    """The format in ``offered`` that ``value`` names: its name, its ending or its media type
    (``json-ld``, ``rdf+xml`` as some clients write them too)."""
    value = value.strip().lower()
    for name in offered:
        fmt = ALL_FORMATS.get(name) or RESULT_FORMATS[name]
        if value in fmt.media_types or _squeeze(value) in (_squeeze(name), _squeeze(fmt.extension)):
            return name
    return None


def hinted_format(offered: Sequence[str], *, accept: str | None, hints: Sequence[str]) -> str | None:
    """The format for one kind of answer on the SPARQL endpoint, or ``None`` (nothing acceptable):
    the first ``format`` parameter that names one of ``offered`` (clients such as SPARQLWrapper
    send several, some for other servers), else the ``Accept`` header.

    >>> hinted_format(RESULT_OFFER, accept="application/xml", hints=["tsv", "text/tab-separated-values"])
    'tsv'
    >>> hinted_format(GRAPH_OFFER, accept="text/turtle", hints=["tsv"])
    'turtle'
    """
    for hint in hints:
        name = _by_name(hint, offered)
        if name is not None:
            return name
    return negotiate(accept, offered)


def choose_format(offered: Sequence[str], *, accept: str | None, given: str | None = None) -> str:
    """The format to answer in: ``given`` (a ``format`` parameter: a name such as ``turtle`` or an
    ending such as ``ttl``) wins over the ``Accept`` header. Raises :class:`Refused` (400 for an
    unknown ``given``, 406 when the header accepts nothing offered).

    >>> choose_format(GRAPH_OFFER, accept="text/html", given="nt")
    'ntriples'
    >>> choose_format(RESULT_OFFER, accept="text/csv;q=0.5, application/sparql-results+xml")
    'xml'
    """
    if given is not None:
        name = _by_name(given, offered)
        if name is None:
            endings = ", ".join(sorted({(ALL_FORMATS.get(n) or RESULT_FORMATS[n]).extension[1:] for n in offered}))
            raise Refused(400, f"format {given!r} is not offered here; use one of {endings}")
        return name
    name = negotiate(accept, offered)
    if name is None:
        types = ", ".join((ALL_FORMATS.get(n) or RESULT_FORMATS[n]).media_type for n in offered)
        raise Refused(406, f"none of the accepted media types is offered here; offered: {types}")
    return name


def choose_lang(given: str | None, accept_language: str | None) -> str:
    """``nl`` or ``en``: the ``lang`` parameter, else the first of them that ``Accept-Language``
    names (by quality), else Dutch.

    >>> choose_lang(None, "en-GB,en;q=0.9,nl;q=0.8"), choose_lang(None, "fr"), choose_lang("en", "nl")
    ('en', 'nl', 'en')
    """
    if given is not None:
        if given not in LANGS:
            raise Refused(400, f"lang {given!r}: use nl or en")
        return given
    best, best_q = "nl", 0.0
    for quality, _, tag in weighted(accept_language or ""):
        primary = tag.split("-")[0]
        if primary in LANGS and quality > best_q:
            best, best_q = primary, quality
    return best


def resource_path(raw_path: str, *, given_format: str | None, accept: str | None) -> tuple[str, str]:
    """``(path, format)`` for a resource request: ``raw_path`` is the path as sent (with its
    percent-escapes, which the IRI keeps); an ending in :data:`RESOURCE_OFFER` (``.ttl``) is cut
    off and chooses the format, else ``given_format``, else ``Accept``. A path that cannot end an
    IRI of ours (``..``, empty segments, characters outside IRIs) raises ``Refused(404)``.

    >>> resource_path("/id/bcp/x/werkproces/2.3.ttl", given_format=None, accept="text/html")
    ('id/bcp/x/werkproces/2.3', 'turtle')
    >>> resource_path("/id/bcp/x/werkproces/2.3", given_format=None, accept=None)
    ('id/bcp/x/werkproces/2.3', 'html')
    >>> resource_path("/static/%2e%2e/x/../y", given_format=None, accept=None)
    Traceback (most recent call last):
    bcpgraph.web.protocol.Refused: 404: no such resource
    """
    path = raw_path[1:] if raw_path.startswith("/") else raw_path
    if path and (not _PATH.fullmatch(path) or any(_dots(segment) for segment in path.split("/"))):
        raise Refused(404, "no such resource")
    fmt = by_extension(path, RESOURCE_OFFER)
    if fmt is not None and len(path) > len(fmt.extension):
        return path[: -len(fmt.extension)], fmt.name
    return path, choose_format(RESOURCE_OFFER, accept=accept, given=given_format)


def _dots(segment: str) -> bool:
    """``.`` or ``..``, percent-encoded or not."""
    return segment.lower().replace("%2e", ".") in (".", "..")


def service_description(endpoint: str, *, triples: int | None = None) -> Graph:
    """The SPARQL 1.1 Service Description of the endpoint at ``endpoint`` (its absolute URL).

    >>> g = service_description("http://127.0.0.1:8000/sparql", triples=10)
    >>> (URIRef("http://127.0.0.1:8000/sparql"), RDF.type, SD.Service) in g
    True
    """
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("void", VOID)
    service = URIRef(endpoint)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for name in (*RESULT_OFFER, *GRAPH_OFFER):
        graph.add((service, SD.resultFormat, _FORMATS_NS[_W3C_FORMAT[name]]))
    dataset, default = BNode(), BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    if triples is not None:
        graph.add((default, VOID.triples, Literal(triples)))
    return graph


def media_type(name: str) -> str:
    """The ``Content-Type`` for the format ``name`` (text types say UTF-8).

    >>> media_type("turtle"), media_type("json")
    ('text/turtle; charset=utf-8', 'application/sparql-results+json')
    """
    fmt = ALL_FORMATS.get(name) or RESULT_FORMATS.get(name) or RDF_FORMATS[name]
    return f"{fmt.media_type}; charset=utf-8" if fmt.media_type.startswith("text/") else fmt.media_type


@dataclass(frozen=True)
class Answer:
    """What the server sends: ``status``, ``media_type`` (the full Content-Type), ``body`` and
    extra headers. ``log`` is a line for the server's log (an error's cause), never sent."""

    status: int
    media_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()
    log: str | None = None

    @classmethod
    def text(cls, status: int, message: str, *, log: str | None = None) -> Answer:
        """A plain-text answer (errors of the endpoint: SPARQL clients show the body)."""
        return cls(status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode("utf-8"), log=log)
