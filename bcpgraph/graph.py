"""Reading RDF safely, and :func:`load`: the shipped ontology, competency scheme, vocabularies and profile."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF
from rdflib.plugins.parsers.notation3 import BadSyntax

from .errors import ArgumentError, InputError
from .formats import RDF_FORMATS
from .namespaces import BCP, PREFIXES
from .output import write_atomic
from .resources import DEFAULT_DATA, ONTOLOGY_FILES, SHAPES_FILE, VOCABULARY_FILES
from .resources import shipped as shipped_file

__all__ = ["load", "load_dataset", "named_graphs", "read_rdf", "rdf_files", "write_dataset", "ontology",
           "vocabularies", "shapes", "bind_prefixes", "FORMATS", "DATASET_FORMATS"]

#: File endings bcpgraph reads, and the rdflib parser for each: those of
#: :data:`bcpgraph.formats.RDF_FORMATS`, and other endings the same formats are found with.
FORMATS = {
    **{fmt.extension: fmt.rdflib for fmt in RDF_FORMATS.values()},
    ".turtle": "turtle", ".ntriples": "nt", ".n3": "n3", ".json": "json-ld", ".owl": "xml", ".xml": "xml",
}
#: File endings that hold named graphs (a dataset), and the rdflib format for each.
DATASET_FORMATS = {fmt.extension: fmt.rdflib for fmt in RDF_FORMATS.values() if fmt.dataset}
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

    TriG and N-Quads keep their named graphs when ``graph`` is a :class:`~rdflib.Dataset`
    (see :func:`load_dataset`); read into a plain graph, the triples of all their graphs are
    merged into it (nothing is dropped).

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
    target, graph = graph, (Dataset() if fmt in ("trig", "nquads") else Graph())
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
    _merge(target, graph)
    for prefix, namespace in graph.namespaces():   # the file's prefixes, where the target has none
        target.bind(prefix, namespace, override=False)
    return target


def _merge(target: Graph, parsed: Graph) -> None:
    """Add what was parsed to ``target``: named graphs stay named in a dataset, a file of one
    profile goes to the graph named by the profile's IRI in a dataset; a plain graph gets all triples."""
    if isinstance(target, Dataset):
        if isinstance(parsed, Dataset):
            for context in named_graphs(parsed):
                if len(context):
                    target.graph(context.identifier).__iadd__(context)
        else:
            target.graph(profile_graph_id(parsed)).__iadd__(parsed)
    elif isinstance(parsed, Dataset):
        for context in named_graphs(parsed):
            target += context
    else:
        target += parsed


def named_graphs(dataset: Dataset) -> list[Graph]:
    """The graphs of ``dataset`` that hold triples, the default graph among them (as rdflib lists them)."""
    listing = dataset.graphs() if hasattr(dataset, "graphs") else dataset.contexts()  # rdflib 7.2+ / older
    return [graph for graph in listing if len(graph)]


def profile_graph_id(graph: Graph) -> URIRef:
    """The name of the graph ``graph``'s triples go to in a dataset: the IRI of its profile when it
    holds exactly one ``bcp:Profile``, else the default graph.

    >>> str(profile_graph_id(Graph()))
    'urn:x-rdflib:default'
    """
    profiles = {s for s in graph.subjects(RDF.type, BCP.Profile) if isinstance(s, URIRef)}
    return next(iter(profiles)) if len(profiles) == 1 else DATASET_DEFAULT_GRAPH_ID


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


def rdf_files(path: str | Path) -> list[Path]:
    """``path`` itself, or for a directory the RDF files in it (by ending, see :data:`FORMATS`;
    sorted; not recursive). A directory without RDF files raises InputError.

    >>> [p.name for p in rdf_files(shipped_file("ontology"))][:2]
    ['bcpgraph.ttl', 'competenties.ttl']
    """
    path = Path(path)
    if not path.is_dir():
        return [path]
    found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in FORMATS)
    if not found:
        raise InputError(f"{path}: a directory with no RDF files in it (endings: {', '.join(sorted(FORMATS))})")
    return found


def _check_load_arguments(name: str, files: tuple, shipped: object) -> list[Path]:
    for file in files:
        if not isinstance(file, (str, Path)):
            raise ArgumentError(f"{name}: files are paths (str or pathlib.Path), not {type(file).__name__}")
    if not isinstance(shipped, bool):
        raise ArgumentError(f"{name}: shipped is True or False, not {type(shipped).__name__}")
    return [found for file in files for found in rdf_files(file)]


def load_dataset(*files: str | Path, shipped: bool = False) -> Dataset:
    """What :func:`load` loads, as a dataset with named graphs (``default_union``: queries and
    ``triples`` see all graphs together; SPARQL ``GRAPH`` sees each).

    The ontology, competency scheme and shared vocabularies are in the default graph. A profile
    file (Turtle, N-Triples, JSON-LD, RDF/XML) holding exactly one ``bcp:Profile`` goes to the graph
    named by that profile's IRI (other files to the default graph); TriG and N-Quads keep their own
    graphs. A directory means the RDF files in it (:func:`rdf_files`).

    >>> ds = load_dataset()
    >>> sorted(str(g.identifier) for g in named_graphs(ds))  # doctest: +NORMALIZE_WHITESPACE
    ['https://w3id.org/bcpgraph/id/bcp/contactcenter-medewerker-2010', 'urn:x-rdflib:default']
    >>> len(set(ds.triples((None, None, None)))) == len(load())
    True
    """
    paths = _check_load_arguments("load_dataset", files, shipped)
    dataset = bind_prefixes(Dataset(default_union=True))
    dataset.graph(DATASET_DEFAULT_GRAPH_ID).__iadd__(ontology())
    if shipped or not files:
        profile = _shipped_graph("data", (DEFAULT_DATA,))
        dataset.graph(profile_graph_id(profile)).__iadd__(profile)
    for path in paths:
        read_rdf(path, dataset)
    return dataset


def write_dataset(dataset: Graph, path: str | Path, *, force: bool = False) -> Path:
    """Write ``dataset`` with its named graphs to ``path`` as TriG (``.trig``) or N-Quads (``.nq``),
    atomically (see :func:`bcpgraph.output.write_atomic`); return ``path``.

    >>> import tempfile, pathlib
    >>> out = write_dataset(load_dataset(), pathlib.Path(tempfile.mkdtemp()) / "all.trig")
    >>> back = read_rdf(out, Dataset())
    >>> sorted(map(len, named_graphs(back))) == sorted(map(len, named_graphs(load_dataset())))
    True
    """
    if not isinstance(dataset, Graph):
        raise ArgumentError(f"write_dataset: dataset is an rdflib Dataset or Graph, not {type(dataset).__name__}")
    if not isinstance(path, (str, Path)):
        raise ArgumentError(f"write_dataset: path is a str or pathlib.Path, not {type(path).__name__}")
    fmt = DATASET_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise InputError(f"{path}: a dataset is written as TriG (.trig) or N-Quads (.nq)")
    if not isinstance(dataset, Dataset):  # a plain graph: its triples in the default graph
        plain, dataset = dataset, bind_prefixes(Dataset())
        dataset.graph(DATASET_DEFAULT_GRAPH_ID).__iadd__(plain)
    return write_atomic(path, dataset.serialize(format=fmt), force=force)


def load(*files: str | Path, shipped: bool = False) -> Graph:
    """Ontology, competency scheme, shared vocabularies and profile data in one graph.

    The ontology, the national competency scheme and the shared vocabularies are always loaded.
    With no files the shipped profile (BCP Contactcenter medewerker 2010) is loaded; with file
    paths (a directory means the RDF files in it, see :func:`rdf_files`), those profiles instead,
    and the shipped profile beside them when ``shipped`` is true. TriG and N-Quads are merged into
    the one graph; :func:`load_dataset` keeps each graph apart.
    Anything but a path raises :class:`~bcpgraph.errors.ArgumentError` (a TypeError).

    >>> g = load()
    >>> from bcpgraph.namespaces import BCP
    >>> from rdflib.namespace import RDF
    >>> len(set(g.subjects(RDF.type, BCP.WorkProcess)))
    7
    >>> len(load(shipped=True)) == len(g)
    True
    """
    paths = _check_load_arguments("load", files, shipped)
    graph = ontology()
    if shipped or not files:
        _shipped_graph("data", (DEFAULT_DATA,), graph)
    for path in paths:
        read_rdf(path, graph)
    return graph
