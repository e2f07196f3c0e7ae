"""Queries on Oxigraph embedded (pyoxigraph): an in-memory dataset that answers SPARQL fast,
read-only, bounded in size and time, and refusing anything that would reach the network.

The dataset: the ontology, the competency scheme and the vocabularies in the default graph, each
profile in the named graph named by its IRI; queries see the union of all graphs as their
default graph (``GRAPH ?g`` sees each profile). Answers are rdflib terms in :class:`Rows`, as
the rdflib store gives them: a plain string has no datatype, a language-tagged string only its
language, blank nodes are rdflib BNodes.

- **Nothing reaches the network.** pyoxigraph would send a ``SERVICE`` clause over HTTP: a query
  that holds the keyword SERVICE is refused before it runs. ``FROM`` / ``FROM NAMED`` are refused
  as on the rdflib store; updates (``LOAD`` among them) never run: only ``Store.query`` is called.
- **Everything ends.** pyoxigraph evaluates in Rust without looking at Python's signals, so the
  query runs in a worker thread that the caller waits for until the deadline (``timeout``,
  default :data:`~bcpgraph.limits.QUERY_TIMEOUT`); then :class:`~bcpgraph.limits.TimeoutExceeded`
  is raised and the worker stops at the next solution it sees (a query that computes for a long
  time before its first solution, such as an aggregate over a cartesian product, keeps its thread
  busy until it has one: in a command the process ends anyway). A caller that keeps its own
  deadline (``caller_deadline``: the server kills the worker process) runs queries in its thread.
- **Answers cost little until they are read**: a SELECT answer keeps pyoxigraph's solutions and
  turns a row into rdflib terms when it is read (each distinct term converted once per answer).
- **Loading is fast**: Turtle, N-Triples, N-Quads and TriG are read by Oxigraph's own parser
  (a syntax error names the file and line), once: Python reads a profile file only up to its
  ``bcp:Profile`` to name its graph; :func:`~bcpgraph.stores.open_store` loads a file per core.
  JSON-LD and RDF/XML go through bcpgraph's safe rdflib path (:func:`bcpgraph.graph.read_rdf`:
  no remote contexts, no XML entities). The shipped files are read once per process.

>>> store = OxigraphStore.shipped()
>>> store.run("SELECT (COUNT(?wp) AS ?n) WHERE { ?wp a bcp:WorkProcess }")[0]["n"].toPython()
7
>>> store.run("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
bcpgraph.errors.InputError: SERVICE is not executed on the local store (no network on your behalf)
"""

from __future__ import annotations

import math
import os
import re
import threading
import time
from collections.abc import Callable, Sequence
from functools import cache, partial
from itertools import islice
from operator import itemgetter
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from .. import limits
from ..errors import ArgumentError, InputError
from ..limits import TimeoutExceeded
from ..results import LazyBindings, Rows
from . import StoreBase

__all__ = ["OxigraphStore"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_PROFILE = ox.NamedNode("https://w3id.org/bcpgraph/def/Profile")
_BOM = b"\xef\xbb\xbf"
#: File endings Oxigraph's own parser reads (all others go through rdflib's safe path).
_OX_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".turtle": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
               ".ntriples": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG}
_DATASETS = {ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG}
#: bcpgraph's RDF formats Oxigraph writes itself (JSON-LD goes through rdflib, compacted by the caller).
_DUMP_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "trig": ox.RdfFormat.TRIG,
                 "nquads": ox.RdfFormat.N_QUADS, "rdfxml": ox.RdfFormat.RDF_XML}
# What is not SPARQL structure: strings, IRIs and comments (the keywords looked for are outside them).
_NOT_KEYWORDS = re.compile(r'''"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\''''
                           r'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n]*''',
                           re.DOTALL)
_SERVICE = re.compile(r"(?<![\w:?$@-])SERVICE(?![\w:-])", re.IGNORECASE)
_FROM = re.compile(r"(?<![\w:?$@-])FROM(?![\w:-])", re.IGNORECASE)
_SYNTAX = re.compile(r"^error at (\d+):(\d+): ")
#: Solutions read at a time between two looks at whether the caller still waits.
_CHUNK = 4096
_FIRST = itemgetter(0)


@cache
def _prefixes() -> dict[str, str]:
    from ..namespaces import PREFIXES

    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> URIRef | BNode | Literal:
    """The rdflib term for a pyoxigraph term, as rdflib itself reads it from a file.

    >>> to_rdflib(ox.Literal("x")), to_rdflib(ox.Literal("x", language="nl")).language
    (rdflib.term.Literal('x'), 'nl')
    """
    kind = type(term)
    if kind is ox.NamedNode:
        return URIRef(term.value)
    if kind is ox.Literal:
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value) if datatype == _XSD_STRING else Literal(term.value, datatype=URIRef(datatype))
    if kind is ox.BlankNode:
        return BNode(term.value)
    raise InputError("the answer holds an RDF-star triple term, which bcpgraph does not read")


def _converter() -> Callable[[ox.NamedNode | ox.BlankNode | ox.Literal], URIRef | BNode | Literal]:
    """:func:`to_rdflib` remembering what it converted: the IRIs and literals of an answer repeat
    a lot (one converter per answer, so memory ends with it)."""
    seen: dict = {}
    get = seen.get

    def convert(term):
        known = get(term)
        if known is None:
            known = seen[term] = to_rdflib(term)
        return known
    return convert


def _row_converter(names: tuple[str, ...]) -> Callable[[ox.QuerySolution], dict[str, URIRef | BNode | Literal]]:
    """One solution → a row: a dict of rdflib terms for the bound variables."""
    convert = _converter()

    def row(solution: ox.QuerySolution) -> dict[str, URIRef | BNode | Literal]:
        return {name: convert(value) for name, value in zip(names, solution, strict=True) if value is not None}
    return row


def to_oxigraph(term: URIRef | BNode | Literal) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The pyoxigraph term for an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(re.sub(r"[^A-Za-z0-9_]", "_", str(term)) or None)
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise InputError(f"{type(term).__name__} is not an RDF term bcpgraph stores")


def _structure(text: str) -> str:
    """``text`` without its strings, IRIs and comments (each replaced by a space)."""
    return _NOT_KEYWORDS.sub(" ", text)


@cache
def _parsed(folder: str, name: str) -> tuple[ox.Quad, ...]:
    """A shipped Turtle file parsed once per process, its triples in the default graph."""
    from ..resources import shipped

    return tuple(ox.parse(shipped(folder, name).read_bytes(), ox.RdfFormat.TURTLE, rename_blank_nodes=True))


def _shipped_quads(profile: bool) -> list[ox.Quad]:
    """The ontology, scheme and vocabularies (default graph) and, with ``profile``, the shipped
    profile in its own named graph."""
    from ..resources import DEFAULT_DATA, ONTOLOGY_FILES, VOCABULARY_FILES

    quads = [q for name in ONTOLOGY_FILES for q in _parsed("ontology", name)]
    quads += [q for name in VOCABULARY_FILES for q in _parsed("vocabularies", name)]
    if profile:
        data = _parsed("data", DEFAULT_DATA)
        graph = _profile_graph(data) or ox.DefaultGraph()
        quads += [ox.Quad(q.subject, q.predicate, q.object, graph) for q in data]
    return quads


@cache
def _shipped_bytes(folder: str, name: str) -> bytes:
    """A shipped file's text, read once per process."""
    from ..resources import shipped

    return shipped(folder, name).read_bytes()


@cache
def _shipped_profile() -> ox.NamedNode | ox.DefaultGraph:
    """The graph of the shipped profile: its IRI (the shipped file holds one profile)."""
    from ..resources import DEFAULT_DATA

    return _first_profile(_shipped_bytes("data", DEFAULT_DATA), ox.RdfFormat.TURTLE, None)[1] or ox.DefaultGraph()


def _profile_graph(quads) -> ox.NamedNode | None:
    """The IRI of the one bcp:Profile among ``quads`` (default graph), or None."""
    profiles = {q.subject for q in quads if q.predicate == _RDF_TYPE and q.object == _PROFILE
                and type(q.subject) is ox.NamedNode}
    return next(iter(profiles)) if len(profiles) == 1 else None


def _first_profile(raw: bytes, fmt: ox.RdfFormat, base: str | None) -> tuple[int, ox.NamedNode | None]:
    """The IRI of the first bcp:Profile in ``raw`` (or None) and the triples read to find it."""
    count = 0
    for quad in ox.parse(raw, fmt, base_iri=base):
        count += 1
        if quad.predicate == _RDF_TYPE and quad.object == _PROFILE and type(quad.subject) is ox.NamedNode:
            return count, quad.subject
    return count, None


class OxigraphStore(StoreBase):
    """An Oxigraph dataset in memory (empty at first: see :meth:`shipped` and
    :func:`bcpgraph.stores.open_store`).

    ``timeout`` (seconds; default :data:`bcpgraph.limits.QUERY_TIMEOUT`) bounds each query: the
    query runs in a worker thread that the caller waits for until then. With ``caller_deadline``
    the caller ends the work itself when its time is up (as the server does: it kills the worker
    process that runs the query), so each query runs in the calling thread, bounded by nothing
    here (no thread is started, and ``timeout`` is not used).
    """

    backend = "oxigraph"

    def __init__(self, *, timeout: float | None = None, caller_deadline: bool = False):
        if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float))
                                    or math.isnan(timeout) or timeout < 0):
            raise InputError(f"timeout: {timeout!r} is not a number of seconds ≥ 0")
        if not isinstance(caller_deadline, bool):
            raise ArgumentError(f"caller_deadline is True or False, not {type(caller_deadline).__name__}")
        self.timeout = timeout
        self.caller_deadline = caller_deadline
        self._store = ox.Store()

    @classmethod
    def shipped(cls, *, profile: bool = True, timeout: float | None = None,
                caller_deadline: bool = False) -> OxigraphStore:
        """A store with the ontology, scheme and vocabularies and (with ``profile``) the shipped
        profile, from files read once per process (Oxigraph parses them in a few milliseconds)."""
        from ..resources import DEFAULT_DATA, ONTOLOGY_FILES, VOCABULARY_FILES

        store = cls(timeout=timeout, caller_deadline=caller_deadline)
        files = [("ontology", name) for name in ONTOLOGY_FILES] + [("vocabularies", name) for name in VOCABULARY_FILES]
        for folder, name in files:  # Oxigraph parses them, each time: a few milliseconds
            store._store.load(_shipped_bytes(folder, name), ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
        if profile:
            store._store.load(_shipped_bytes("data", DEFAULT_DATA), ox.RdfFormat.TURTLE, to_graph=_shipped_profile())
        return store

    def __len__(self) -> int:
        return len(self._store)

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs()
                      if next(self._store.quads_for_pattern(None, None, None, g), None) is not None)

    # -- loading -----------------------------------------------------------------------------

    def load(self, source: str | os.PathLike | Graph, graph: str | None = None) -> int:
        """Add ``source`` (an RDF file, or an rdflib Graph) to the named graph ``graph``, by
        default the IRI of the one profile it holds (else the default graph; TriG and N-Quads keep
        their own graphs). Returns the triples read. A syntax error raises InputError naming the
        file and line."""
        return self._read(source, graph, count=True)

    def _read(self, source: str | os.PathLike | Graph, graph: str | None, *, count: bool) -> int:
        """:meth:`load`; without ``count``, a profile file's triples are not counted (0)."""
        if graph is not None and not isinstance(graph, str):
            raise ArgumentError(f"graph is an IRI string, not {type(graph).__name__}")
        target = ox.NamedNode(graph) if graph else None
        if isinstance(source, Graph):
            return self._add_rdflib(source, target)
        if not isinstance(source, (str, os.PathLike)):
            raise ArgumentError(f"source is a file path or an rdflib Graph, not {type(source).__name__}")
        path = Path(source)
        fmt = _OX_FORMATS.get(path.suffix.lower())
        if fmt is None:
            from ..graph import FORMATS, read_rdf

            if path.suffix.lower() not in FORMATS:
                fmt = ox.RdfFormat.TURTLE  # as read_rdf: anything else is read as Turtle
            else:  # JSON-LD, RDF/XML, N3: bcpgraph's safe rdflib path
                return self._add_rdflib(read_rdf(path), target)
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        try:
            raw = path.read_bytes().removeprefix(_BOM)
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror})") from None
        base = path.resolve().as_uri()
        try:
            return self._load(raw, fmt, base, target, count=count)
        except SyntaxError as exc:
            raise InputError(f"{path}:{exc.lineno or 1}: syntax error: {_without_position(str(exc))}") from None
        except (OSError, ValueError) as exc:
            raise InputError(f"{path}: cannot load ({exc})") from None

    def load_files(self, paths: Sequence[str | os.PathLike], *, threads: int | None = None,
                   count: bool = True) -> int:
        """Load each file of ``paths`` as :meth:`load` does (each profile in its graph), one
        after another, or ``threads`` at a time (Oxigraph parses and stores without holding
        Python's lock). One at a time is the default: on 1,000 profiles two threads loaded
        slower (226,000 against 263,000 triples/s) and left a store that answered 1.3-1.5 times
        slower (BENCHMARKS.md). Returns the number of quads the store gained (0 with ``count``
        false: counting reads the whole store, 0.2 s at 1.5 million quads). When a file cannot
        be loaded, the error of the first such file (in the order given) is raised.
        """
        paths = list(paths)
        before = len(self._store) if count else 0
        load = partial(self._read, graph=None, count=False)
        if threads is None or threads < 2 or len(paths) < 2:
            for path in paths:
                load(path)
        else:
            from concurrent.futures import ThreadPoolExecutor

            pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="bcpgraph-oxigraph-load")
            try:
                for _ in pool.map(load, paths):
                    pass
            finally:  # on an error or a signal (Ctrl-C, a time limit), the files not started are not loaded
                pool.shutdown(wait=True, cancel_futures=True)
        return len(self._store) - before if count else 0

    def _load(self, raw: bytes, fmt: ox.RdfFormat, base: str, target: ox.NamedNode | None, *, count: bool) -> int:
        """Load ``raw`` with Oxigraph's parser, parsing it in Python only as far as needed.

        A profile file is read by Python only up to its ``bcp:Profile`` (near the top as
        bcpgraph writes them), loaded into that graph by Oxigraph alone, and then checked:
        a file with a second profile goes to the default graph, as a file with none. Returns the
        triples read (0 without ``count`` where counting would cost a pass over the graph)."""
        store = self._store
        if target is None and fmt not in _DATASETS:
            read, target = _first_profile(raw, fmt, base)
            if target is None:  # read to its end: vocabulary
                store.load(raw, fmt, base_iri=base, to_graph=ox.DefaultGraph())
                return read
            if self._holds(target):
                target = None  # the profile is loaded twice, or with other data: count it the old way
            else:
                store.load(raw, fmt, base_iri=base, to_graph=target)
                second = islice(store.quads_for_pattern(None, _RDF_TYPE, _PROFILE, target), 1, 2)
                if next(second, None) is None:  # one profile (its own type, read above)
                    return self._count(target) if count else 0
                read = self._count(target)  # two profiles in one file: the default graph
                store.remove_graph(target)
                store.load(raw, fmt, base_iri=base, to_graph=ox.DefaultGraph())
                return read
        if target is not None and fmt not in _DATASETS and not self._holds(target):
            store.load(raw, fmt, base_iri=base, to_graph=target)
            return self._count(target) if count else 0
        # Datasets, and graphs that already hold data: one pass in Python to count and find the profile.
        count, profiles = 0, set()
        for quad in ox.parse(raw, fmt, base_iri=base):
            count += 1
            if quad.predicate == _RDF_TYPE and quad.object == _PROFILE and type(quad.subject) is ox.NamedNode \
                    and type(quad.graph_name) is ox.DefaultGraph:
                profiles.add(quad.subject)
        if target is None and fmt not in _DATASETS and len(profiles) == 1:
            target = next(iter(profiles))
        store.load(raw, fmt, base_iri=base, to_graph=target)
        return count

    def _holds(self, graph: ox.NamedNode) -> bool:
        """True if the named graph ``graph`` holds a quad."""
        return next(self._store.quads_for_pattern(None, None, None, graph), None) is not None

    def _count(self, graph: ox.NamedNode) -> int:
        """The number of quads in the named graph ``graph``."""
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, graph))

    def _add_rdflib(self, parsed: Graph, target: ox.NamedNode | None) -> int:
        if target is None:
            from ..graph import profile_graph_id

            name = profile_graph_id(parsed)
            target = ox.NamedNode(str(name)) if str(name) != "urn:x-rdflib:default" else ox.DefaultGraph()
        self._store.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), target)
                           for s, p, o in parsed.triples((None, None, None)))
        return len(parsed)

    # -- dumps -------------------------------------------------------------------------------

    def dump(self, name: str) -> bytes:
        """Everything the store holds in the RDF format ``name`` (a name of
        :data:`bcpgraph.formats.RDF_FORMATS`, bcpgraph's prefixes used), written by Oxigraph, with
        no answer limit: TriG and N-Quads with each quad in its graph, the other formats the
        union of all graphs (a triple once; JSON-LD by rdflib, not compacted).

        >>> store = OxigraphStore.shipped()
        >>> len(store.dump("nquads").splitlines()) == len(store)
        True
        """
        from ..formats import RDF_FORMATS, serialize

        fmt = _DUMP_FORMATS.get(name)
        if RDF_FORMATS[name].dataset:
            return self._store.dump(format=fmt, prefixes=_prefixes())
        # The union, each triple once: Oxigraph's union default graph repeats a triple held by
        # several graphs, so the triples go through a store of one graph.
        union = ox.Store()
        triples = self._store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        union.load(triples.serialize(format=ox.RdfFormat.N_TRIPLES), ox.RdfFormat.N_TRIPLES)
        if fmt is not None:
            return union.dump(format=fmt, from_graph=ox.DefaultGraph(), prefixes=_prefixes())
        from ..graph import bind_prefixes

        graph = bind_prefixes(Graph())
        graph.parse(data=union.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()), format="nt")
        return serialize(graph, name)

    # -- queries -----------------------------------------------------------------------------

    def run(self, text: str) -> Rows | Graph:
        """The answer to the query ``text``: :class:`Rows` for SELECT and ASK, a Graph for
        CONSTRUCT and DESCRIBE.

        Raises :class:`~bcpgraph.errors.InputError` for text over
        :data:`~bcpgraph.limits.MAX_QUERY_CHARS`, a syntax error, an update, SERVICE or FROM,
        and an answer of more than :data:`~bcpgraph.limits.MAX_ANSWER_VALUES` values;
        :class:`~bcpgraph.limits.TimeoutExceeded` when the query takes longer than the timeout.
        """
        if not isinstance(text, str):
            raise InputError(f"a SPARQL query is text, not {type(text).__name__}")
        if len(text) > limits.MAX_QUERY_CHARS:
            raise InputError(f"the query is {len(text):,} characters long, more than the "
                             f"{limits.MAX_QUERY_CHARS:,} accepted; query for less, or in parts")
        structure = _structure(text)
        if _SERVICE.search(structure):
            raise InputError("SERVICE is not executed on the local store (no network on your behalf)")
        if _FROM.search(structure):
            raise InputError("FROM / FROM NAMED are not loaded on the local store (no network on your behalf)")
        work = _Evaluation(self._store, text)
        if self.caller_deadline:
            work.run()
        else:
            seconds = self.timeout or limits.QUERY_TIMEOUT
            worker = threading.Thread(target=work.run, name="bcpgraph-oxigraph-query", daemon=True)
            deadline = time.monotonic() + seconds
            worker.start()
            try:
                while worker.is_alive():
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise TimeoutExceeded(f"the query did not finish within {seconds:g} s (timeout); "
                                              "allow more time or ask for less")
                    worker.join(min(left, 0.1))  # short waits: signals (Ctrl-C, an outer limit) get through
            finally:
                work.cancelled = True
        if isinstance(work.error, SyntaxError):
            raise _syntax_error(text, work.error)
        if work.error is not None:
            raise work.error
        return work.result


class _Evaluation:
    """One query evaluated (in a worker thread, or the caller's): ``result`` or ``error`` when it
    ends. The solutions of a SELECT are kept as pyoxigraph gives them; their values become rdflib
    terms when a row is read (:class:`~bcpgraph.results.LazyBindings`)."""

    def __init__(self, store: ox.Store, text: str):
        self.store, self.text = store, text
        self.cancelled = False
        self.result: Rows | Graph | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self._answer()
        except _Cancelled:
            pass
        except SyntaxError as exc:
            self.error = exc.with_traceback(None)
        except InputError as exc:
            self.error = exc.with_traceback(None)
        except MemoryError:
            self.error = InputError("the query cannot be evaluated: it needs more memory than there is; "
                                    "ask for less (LIMIT, narrower patterns)")
        except Exception as exc:  # pyoxigraph raises OSError and others while evaluating
            self.error = InputError(f"the query cannot be evaluated: {_short(exc)}")

    def _answer(self) -> Rows | Graph:
        answer = self.store.query(self.text, prefixes=_prefixes(), use_default_graph_as_union=True)
        try:  # pyoxigraph's answers may only be dropped in the thread that made them: see finally
            if isinstance(answer, ox.QueryBoolean):
                return Rows((), [], boolean=bool(answer))
            if isinstance(answer, ox.QueryTriples):
                return self._graph(answer)
            names = tuple(v.value for v in answer.variables)
            most = max(1, limits.MAX_ANSWER_VALUES // max(1, len(names)))
            solutions: list[ox.QuerySolution] = []
            while True:  # in chunks: the caller may stop waiting, and the answer may grow too big
                chunk = list(islice(answer, _CHUNK))
                if self.cancelled:
                    raise _Cancelled
                solutions += chunk
                if len(solutions) > most:
                    raise InputError(f"the answer has more than {most:,} rows ({limits.MAX_ANSWER_VALUES:,} "
                                     "values); ask for less (LIMIT, fewer variables, narrower patterns)")
                if len(chunk) < _CHUNK:
                    break
            if not names:
                solutions = []
            elif None in map(_FIRST, solutions):  # an empty solution is no row (as rdflib)
                solutions = [s for s in solutions if any(v is not None for v in s)]
            return Rows(names, LazyBindings(solutions, _row_converter(names)))
        finally:
            answer = None  # noqa: F841 - dropped here, not in the thread that reads the traceback

    def _graph(self, answer: ox.QueryTriples) -> Graph:
        graph, most, convert = Graph(), max(1, limits.MAX_ANSWER_VALUES // 3), _converter()
        add = graph.add
        for number, item in enumerate(answer, 1):
            if self.cancelled:
                raise _Cancelled
            if number > most:
                raise InputError(f"the answer has more than {most:,} triples; ask for less "
                                 "(LIMIT, narrower patterns)")
            add((convert(item.subject), convert(item.predicate), convert(item.object)))
        return graph


class _Cancelled(Exception):
    """The caller stopped waiting."""


def _syntax_error(text: str, exc: SyntaxError) -> InputError:
    from . import is_update

    if is_update(text):
        return InputError("updates are refused: bcpgraph only reads (use SELECT, ASK, CONSTRUCT or DESCRIBE)")
    message = str(exc)
    match = _SYNTAX.match(message)
    if match:
        message = f"{message[match.end():]} (line {match[1]}, column {match[2]})"
    return InputError(f"SPARQL syntax error: {_short(message)}")


def _without_position(message: str) -> str:
    """
    >>> _without_position("Parser error at line 4 between columns 8 and 20: Invalid IRI code point ' ' (line 4)")
    "Invalid IRI code point ' '"
    """
    message = re.sub(r"^Parser error[^:]*: ", "", message)
    return re.sub(r" \(line \d+\)$", "", message)


def _short(exc: object) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:299] + "…"
