"""Reading RDF safely, and :func:`load`: the shipped ontology, competency scheme, vocabularies and profile."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from .errors import ArgumentError, InputError
from .namespaces import PREFIXES
from .resources import DEFAULT_DATA, ONTOLOGY_FILES, SHAPES_FILE, VOCABULARY_FILES
from .resources import shipped as shipped_file

__all__ = ["load", "read_rdf", "ontology", "vocabularies", "shapes", "bind_prefixes", "FORMATS"]

#: File endings bcpgraph reads, and the rdflib parser for each.
FORMATS = {
    ".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".ntriples": "nt", ".n3": "n3",
    ".trig": "trig", ".nq": "nquads", ".jsonld": "json-ld", ".json": "json-ld",
    ".rdf": "xml", ".owl": "xml", ".xml": "xml",
}
_XML_DECLARATIONS = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_BOM = b"\xef\xbb\xbf"
#: Characters an IRI may not hold (RFC 3987): space and other whitespace, <>"{}|^` and backslash.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def bind_prefixes(graph: Graph) -> Graph:
    """Bind bcpgraph's prefixes on ``graph`` (returned for chaining)."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def _local_contexts_only(node: object, where: str) -> None:
    """Refuse JSON-LD that would make rdflib fetch a context from the network or disk."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                contexts = value if isinstance(value, list) else [value]
                for ctx in contexts:
                    if isinstance(ctx, str):
                        raise InputError(
                            f"{where}: remote JSON-LD context {ctx!r} is not fetched; "
                            "inline the context in the document"
                        )
                    if isinstance(ctx, dict) and "@import" in ctx:
                        raise InputError(f"{where}: JSON-LD @import is not fetched; inline it")
            _local_contexts_only(value, where)
    elif isinstance(node, list):
        for item in node:
            _local_contexts_only(item, where)


def read_rdf(path: str | Path, graph: Graph | None = None) -> Graph:
    """Parse one RDF file into ``graph`` (a new one by default), without touching the network.

    The format follows the file ending (see :data:`FORMATS`; anything else is read as Turtle).
    JSON-LD may be compacted (an object) or expanded (an array, as rdflib writes it); a context
    it would have to fetch (a URL, ``@import``) is refused. RDF/XML with DOCTYPE or ENTITY
    declarations is refused. A UTF-8 byte-order mark and CRLF line ends are read like the same
    file without them. An IRI with a space (or another character IRIs may not hold), which
    rdflib's Turtle parser lets through, is a syntax error.
    Problems raise :class:`~bcpgraph.errors.InputError` naming the file and, where the parser
    says it, the line.
    """
    path = Path(path)
    graph = Graph() if graph is None else graph
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    fmt = FORMATS.get(path.suffix.lower(), "turtle")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    raw = raw.removeprefix(_BOM)
    target, graph = graph, Graph()
    try:
        if fmt == "json-ld":
            try:
                text = raw.decode("utf-8")
                document = json.loads(text)
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                line = getattr(exc, "lineno", None)
                raise InputError(f"{path}:{line or 1}: not valid JSON ({exc})") from None
            if not isinstance(document, (dict, list)):
                raise InputError(f"{path}: JSON-LD is a JSON object or array, not {type(document).__name__}")
            _local_contexts_only(document, str(path))
            # The text checked is the text parsed: compacted (an object) or expanded (an array).
            graph.parse(data=text, format="json-ld", publicID=path.resolve().as_uri())
        else:
            if fmt == "xml" and _XML_DECLARATIONS.search(raw):
                raise InputError(f"{path}: RDF/XML with a DOCTYPE or ENTITY declaration is refused")
            graph.parse(data=raw, format=fmt, publicID=path.resolve().as_uri())
    except InputError:
        raise
    except BadSyntax as exc:
        raise InputError(f"{path}:{exc.lines + 1}: syntax error: {exc._why}") from None
    except Exception as exc:  # rdflib's parsers raise many kinds; none may escape as a traceback
        line = getattr(exc, "lineno", None) or getattr(exc, "line", None)
        if not isinstance(line, int):
            invalid = re.match(r"Invalid line:\s*(.+)", str(exc))   # the N-Triples/N-Quads parser
            line = _line_of(raw, invalid.group(1).strip()) if invalid else None
        where = f"{path}:{line}" if isinstance(line, int) else str(path)
        raise InputError(f"{where}: cannot parse as {fmt}: {exc}") from None
    _refuse_bad_iris(graph, raw, path)
    target += graph
    for prefix, namespace in graph.namespaces():   # the file's prefixes, where the target has none
        target.bind(prefix, namespace, override=False)
    return target


def _line_of(raw: bytes, text: str) -> int | None:
    """The number of the first line of ``raw`` that holds ``text``, or None."""
    for number, line in enumerate(raw.decode("utf-8", errors="replace").splitlines(), start=1):
        if text in line:
            return number
    return None


def _refuse_bad_iris(graph: Graph, raw: bytes, path: Path) -> None:
    """Raise InputError for the first IRI holding a character IRIs may not hold, with its line.

    >>> g = Graph().parse(data='<http://x/a b> <http://x/p> "x" .', format="turtle")
    >>> _refuse_bad_iris(g, b'<http://x/a b> <http://x/p> "x" .', Path("my.ttl"))
    Traceback (most recent call last):
    bcpgraph.errors.InputError: my.ttl:1: syntax error: IRI <http://x/a b> holds a space, which IRIs may not hold
    """
    bad = sorted({str(term) for triple in graph for term in triple
                  if isinstance(term, URIRef) and _NOT_IN_IRI.search(str(term))})
    if not bad:
        return
    iri = bad[0]
    char = _NOT_IN_IRI.search(iri).group(0)
    name = "a space" if char == " " else f"the character {char!r}"
    # The file may write the IRI relative to a base or a prefix: look for the part after the last
    # slash or hash before the bad character, as written.
    cut = _NOT_IN_IRI.search(iri).start()
    start = max(iri.rfind("/", 0, cut), iri.rfind("#", 0, cut)) + 1
    line = _line_of(raw, iri) or _line_of(raw, iri[start:])
    where = f"{path}:{line}" if line else str(path)
    raise InputError(f"{where}: syntax error: IRI <{iri}> holds {name}, which IRIs may not hold")


@cache
def _parsed(folder: str, name: str) -> Graph:
    """A shipped file, parsed once per process (callers get copies, never this graph)."""
    return Graph().parse(data=shipped_file(folder, name).read_bytes(), format="turtle")


def _shipped_graph(folder: str, names: tuple[str, ...], graph: Graph | None = None) -> Graph:
    graph = bind_prefixes(Graph()) if graph is None else graph
    for name in names:
        graph += _parsed(folder, name)
    return graph


def vocabularies() -> Graph:
    """The shared vocabularies (``vocabularies/*.ttl``): knowledge items, skills, occupations and
    roles, organisations, documents, legislation and places that profiles share.

    >>> from bcpgraph.namespaces import BCP
    >>> from rdflib.namespace import RDF
    >>> len(set(vocabularies().subjects(RDF.type, BCP.KnowledgeItem)))
    6
    """
    return _shipped_graph("vocabularies", VOCABULARY_FILES)


def ontology() -> Graph:
    """The bcpgraph ontology, the national competency scheme and the shared vocabularies: all that
    a profile refers to, and no profile."""
    return _shipped_graph("vocabularies", VOCABULARY_FILES, _shipped_graph("ontology", ONTOLOGY_FILES))


def shapes() -> Graph:
    """The SHACL shapes graph."""
    return _shipped_graph("ontology", (SHAPES_FILE,))


def load(*files: str | Path, shipped: bool = False) -> Graph:
    """Ontology, competency scheme, shared vocabularies and profile data in one graph.

    The ontology, the national competency scheme and the shared vocabularies are always loaded.
    With no files the shipped profile (BCP Contactcenter medewerker 2010) is loaded; with file
    paths, those profiles instead, and the shipped profile beside them when ``shipped`` is true.
    Anything but a path raises :class:`~bcpgraph.errors.ArgumentError` (a TypeError).

    >>> g = load()
    >>> from bcpgraph.namespaces import BCP
    >>> from rdflib.namespace import RDF
    >>> len(set(g.subjects(RDF.type, BCP.WorkProcess)))
    7
    >>> len(load(shipped=True)) == len(g)
    True
    """
    for file in files:
        if not isinstance(file, (str, Path)):
            raise ArgumentError(f"load: files are paths (str or pathlib.Path), not {type(file).__name__}")
    if not isinstance(shipped, bool):
        raise ArgumentError(f"load: shipped is True or False, not {type(shipped).__name__}")
    graph = ontology()
    if shipped or not files:
        _shipped_graph("data", (DEFAULT_DATA,), graph)
    for file in files:
        read_rdf(file, graph)
    return graph
