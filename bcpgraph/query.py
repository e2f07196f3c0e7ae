"""Named SPARQL queries (``queries/*.rq``) and ad-hoc SPARQL, on a local graph or an endpoint.

Each ``.rq`` file opens with a header::

    #+ summary: One line saying what the query answers
    #+ description: Longer text; continuation lines start with "#+   ".
    #+ param: competency | resource bcp:Competency | (none) | The competency to look at

A parameter line reads ``name | kind | default | description``. Kinds: ``resource CLASS`` (an IRI,
a prefixed name, or a Dutch or English label or notation of an instance of CLASS), ``string``,
``integer``, ``boolean`` and ``language``. Default ``(none)`` leaves the variable unbound,
``(required)`` makes the parameter mandatory.

Values are never pasted into query text: each is turned into an RDF term (an IRI checked
character by character, or an escaped literal) and bound through a ``VALUES`` block placed at
the start of the query's WHERE clause — the same text runs on rdflib and on any SPARQL 1.1
endpoint.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache

from pyparsing import ParseResults
from rdflib import Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from .errors import InputError
from .graph import load
from .labels import compact
from .namespaces import PREFIXES
from .resources import shipped
from .results import Rows, term_from_json

__all__ = ["NamedQuery", "Param", "queries", "named_query", "query", "sparql", "resolve", "suggest"]

REQUIRED = "(required)"
UNBOUND = "(none)"
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")
_LANG = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$")
_PNAME = re.compile(r"^([A-Za-z][\w-]*):([\w./-]*)$")


@dataclass(frozen=True)
class Param:
    """One declared parameter of a named query."""

    name: str
    kind: str
    cls: str | None
    default: str | None
    description: str

    @property
    def required(self) -> bool:
        return self.default == REQUIRED


@dataclass(frozen=True)
class NamedQuery:
    """A query from ``queries/NAME.rq`` with its header."""

    name: str
    summary: str
    description: str
    params: tuple[Param, ...]
    text: str

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        hint = suggest(name, [p.name for p in self.params])
        known = ", ".join(p.name for p in self.params) or "none"
        raise InputError(f"query {self.name}: no parameter {name!r}{hint} (parameters: {known})")


def suggest(word: str, choices: list[str]) -> str:
    """'; did you mean …?' for the closest ``choices``, or ''.

    >>> suggest("shared-competencys", ["shared-competencies", "job-titles"])
    "; did you mean 'shared-competencies'?"
    """
    close = difflib.get_close_matches(word, choices, n=3, cutoff=0.6)
    return "; did you mean " + " or ".join(repr(c) for c in close) + "?" if close else ""


def _parse_header(name: str, text: str) -> NamedQuery:
    fields: dict[str, list[str]] = {"summary": [], "description": []}
    params: list[Param] = []
    current = None
    for line in text.splitlines():
        if not line.startswith("#+"):
            if line.strip() and not line.startswith("#"):
                break
            continue
        body = line[2:]
        if body.startswith("   ") and current in fields:
            fields[current].append(body.strip())
            continue
        key, _, value = body.strip().partition(":")
        key, value = key.strip(), value.strip()
        if key == "param":
            parts = [p.strip() for p in value.split("|")]
            if len(parts) != 4:
                raise ValueError(f"{name}.rq: param line needs 'name | kind | default | description'")
            pname, kind, default, description = parts
            kind, _, cls = kind.partition(" ")
            params.append(Param(pname, kind, cls or None, None if default == UNBOUND else default,
                                description))
            current = None
        elif key in fields:
            fields[key].append(value)
            current = key
    return NamedQuery(name, " ".join(fields["summary"]), " ".join(fields["description"]),
                      tuple(params), text)


@cache
def _shipped_queries() -> tuple[NamedQuery, ...]:
    found = []
    for item in shipped("queries").iterdir():
        if item.name.endswith(".rq"):
            found.append(_parse_header(item.name[:-3], item.read_text(encoding="utf-8")))
    return tuple(sorted(found, key=lambda q: q.name))


def queries() -> dict[str, NamedQuery]:
    """All shipped named queries, by name."""
    return {q.name: q for q in _shipped_queries()}


def named_query(name: str) -> NamedQuery:
    """The named query ``name``; an unknown name raises InputError with suggestions."""
    found = queries()
    if name not in found:
        raise InputError(f"no query named {name!r}{suggest(name, list(found))} (see 'bcpgraph queries')")
    return found[name]


# ------------------------------------------------------------------ running


class _Target:
    """Where queries run: a local rdflib graph or a remote SPARQL endpoint."""

    def __init__(self, graph: Graph | None, endpoint: str | None):
        if graph is not None and endpoint is not None:
            raise InputError("give either a graph or an endpoint, not both")
        self.endpoint = endpoint
        self.graph = graph

    def local(self) -> Graph:
        if self.graph is None:
            self.graph = load()
        return self.graph

    def run(self, text: str) -> Rows | Graph:
        if self.endpoint:
            return _remote(self.endpoint, text)
        result = self.local().query(_check_local(text))
        if result.type == "ASK":
            return Rows((), [], boolean=bool(result.askAnswer))
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return result.graph
        names = tuple(str(v) for v in result.vars)
        return Rows(names, [{str(k): v for k, v in row.asdict().items()} for row in result])


def _walk(node: object):
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, (list, tuple, ParseResults)):  # parseQuery's top level is a ParseResults
        for value in node:
            yield from _walk(value)


def _check_local(text: str) -> Query:
    """The query ``text`` parsed once, refusing what would make rdflib reach the network:
    SERVICE, FROM / FROM NAMED. The parsed query is what runs, so it is not parsed twice."""
    try:
        parsed = parseQuery(text)
        translated = translateQuery(parsed, initNs={k: str(v) for k, v in PREFIXES.items()})
        algebra = translated.algebra
    except Exception as exc:
        raise InputError(f"SPARQL syntax error: {exc}") from None
    for node in _walk(algebra):
        if node.name == "ServiceGraphPattern":
            raise InputError("SERVICE is not executed on the local graph (no network on your behalf)")
    if any(node.name == "DatasetClause" or "datasetClause" in node and node["datasetClause"]
           for node in _walk(parsed)):
        raise InputError("FROM / FROM NAMED are not loaded on the local graph (no network on your behalf)")
    return translated


def _remote(endpoint: str, text: str) -> Rows | Graph:
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(endpoint)
    # Whole-line comments are dropped: SPARQLWrapper guesses the query type from keywords and
    # takes a word such as "add" in a comment for an update.
    client.setQuery("\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")))
    kind = client.queryType
    client.setReturnFormat(TURTLE if kind in ("CONSTRUCT", "DESCRIBE") else JSON)
    try:
        answer = client.query().convert()
    except SPARQLWrapperException as exc:
        raise InputError(f"{endpoint}: the endpoint refused the query: {exc}") from None
    except OSError as exc:
        raise InputError(f"{endpoint}: cannot reach the endpoint ({exc})") from None
    if kind in ("CONSTRUCT", "DESCRIBE"):
        return Graph().parse(data=answer, format="turtle")
    if "boolean" in answer:
        return Rows((), [], boolean=bool(answer["boolean"]))
    names = tuple(answer["head"]["vars"])
    rows = [{k: term_from_json(v) for k, v in b.items()} for b in answer["results"]["bindings"]]
    return Rows(names, rows)


def _prologue() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def _where_brace(text: str) -> int:
    """Index just after the '{' that opens the outermost WHERE clause of ``text``."""
    i, depth, n = 0, 0, len(text)
    first_brace = None
    while i < n:
        c = text[i]
        if c == "#":
            while i < n and text[i] != "\n":
                i += 1
            continue
        if c in "\"'":
            quote = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else c
            i += len(quote)
            while i < n and not text.startswith(quote, i):
                i += 2 if text[i] == "\\" else 1
            i += len(quote)
            continue
        if c == "<" and re.match(r"<[^\s<>\"{}|\\^`]*>", text[i:]):
            i = text.index(">", i) + 1
            continue
        if depth == 0 and text[i:i + 5].upper() == "WHERE" and not text[i - 1:i].isalnum():
            j = text.index("{", i)
            return j + 1
        if c == "{":
            if depth == 0 and first_brace is None:
                first_brace = i
            depth += 1
        elif c == "}":
            depth -= 1
        i += 1
    if first_brace is None:
        raise ValueError("query has no WHERE clause")
    return first_brace + 1


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}


def _sparql_term(term: Node) -> str:
    r"""``term`` as SPARQL text. A literal is always one short string with every special
    character escaped: rdflib's ``n3()`` writes a value with a newline in triple quotes and then
    leaves a final backslash-quote unescaped, which breaks the query; and a backslash followed by
    ``u`` must not become a ``\uXXXX`` escape.

    >>> print(_sparql_term(Literal('two\nlines \\"')))
    "two\nlines \\\""
    >>> print(_sparql_term(Literal('\\u0022')))
    "\\\U000000750022"
    """
    if not isinstance(term, Literal):
        return term.n3()
    out, previous = [], ""
    for char in str(term):
        if char in "uU" and previous == "\\":
            # A backslash of the value followed by u/U would read as a \uXXXX escape, which
            # SPARQL parsers may expand before parsing (rdflib does): write it as \UXXXXXXXX.
            out.append(f"\\U{ord(char):08X}")
        else:
            out.append(_ESCAPES.get(char, char))
        previous = char
    text = "".join(out)
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype:
        return f'"{text}"^^<{term.datatype}>'
    return f'"{text}"'


def bind(text: str, values: dict[str, Node]) -> str:
    """``text`` with ``values`` bound by a VALUES block at the start of its WHERE clause.

    >>> bind("SELECT ?x WHERE { ?x ?p ?o }", {"o": Literal('a" } DROP ALL #')})
    'SELECT ?x WHERE { VALUES (?o) { ("a\\\\" } DROP ALL #") }\\n ?x ?p ?o }'
    """
    if not values:
        return text
    names = " ".join(Variable(k).n3() for k in values)
    terms = " ".join(_sparql_term(v) for v in values.values())
    at = _where_brace(text)
    return f"{text[:at]} VALUES ({names}) {{ ({terms}) }}\n{text[at:]}"


_RESOLVE = """SELECT DISTINCT ?item ?label WHERE {
  ?item a/rdfs:subClassOf* ?class .
  { ?item skos:prefLabel|skos:altLabel|rdfs:label|skos:notation ?label }
  FILTER (LCASE(STR(?label)) = LCASE(STR(?needle)))
}"""
_EXISTS = "ASK WHERE { ?item a/rdfs:subClassOf* ?class }"
_ALL_LABELS = """SELECT DISTINCT ?item ?label WHERE {
  ?item a/rdfs:subClassOf* ?class ; skos:prefLabel|skos:altLabel|rdfs:label|skos:notation ?label .
}"""


def _expand(value: str) -> URIRef | None:
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    match = _PNAME.match(value)
    if match and match.group(1) in PREFIXES:
        value = str(PREFIXES[match.group(1)]) + match.group(2)
    elif not re.match(r"^(https?|urn):", value):
        return None
    if not _IRI.match(value):
        raise InputError(f"{value!r} is not a valid IRI")
    return URIRef(value)


def resolve(value: str, cls: str, *, target: _Target | None = None, param: str = "value") -> URIRef:
    """The IRI of the ``cls`` instance that ``value`` names: an IRI, prefixed name or label.

    Labels match case-insensitively in Dutch or English (and notations such as "1.1").
    An ambiguous label raises InputError listing the candidates; an unknown one says so.
    """
    target = target or _Target(None, None)
    class_iri = _expand(cls)
    run = lambda q, **v: target.run(bind(_prologue() + q, {"class": class_iri, **v}))  # noqa: E731
    iri = _expand(value)
    if iri is not None:
        if not run(_EXISTS.replace("?item a", f"{iri.n3()} a")).boolean:
            raise InputError(f"--param {param}: {compact(iri)} is not a {cls} in this graph")
        return iri
    rows = run(_RESOLVE, needle=Literal(value))
    found = sorted({row["item"] for row in rows})
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        listing = "; ".join(compact(f) for f in found)
        raise InputError(f"--param {param}: {value!r} is ambiguous, it names {len(found)} {cls}: {listing}")
    labels = sorted({str(row["label"]) for row in run(_ALL_LABELS)})
    hint = suggest(value, labels) if labels else ""
    raise InputError(f"--param {param}: no {cls} called {value!r}{hint}")


def _term(param: Param, value: str, target: _Target) -> Node:
    if param.kind == "resource":
        return resolve(value, param.cls or "rdfs:Resource", target=target, param=param.name)
    if param.kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise InputError(f"--param {param.name}: {value!r} is not a whole number")
        return Literal(int(value), datatype=XSD.integer)
    if param.kind == "boolean":
        lowered = value.strip().lower()
        if lowered not in ("true", "false", "yes", "no", "1", "0"):
            raise InputError(f"--param {param.name}: {value!r} is not true or false")
        return Literal(lowered in ("true", "yes", "1"))
    if param.kind == "language":
        if not _LANG.match(value.strip()):
            raise InputError(f"--param {param.name}: {value!r} is not a language tag such as nl or en")
        return Literal(value.strip().lower())
    return Literal(value)


def query(name: str, *, graph: Graph | None = None, endpoint: str | None = None,
          **params: str) -> Rows:
    """Run the named query ``name`` with ``params`` on ``graph`` (default: :func:`load`) or
    on a SPARQL ``endpoint`` URL.

    >>> rows = query("job-titles")
    >>> len(rows)
    7
    """
    named = named_query(name)
    target = _Target(graph, endpoint)
    given = {k.replace("_", "-"): v for k, v in params.items() if v is not None}
    declared = {p.name.replace("_", "-"): p for p in named.params}
    values: dict[str, Node] = {}
    for key, value in given.items():
        param = declared.get(key) or named.param(key)
        values[param.name] = _term(param, str(value), target)
    for param in named.params:
        if param.name in values:
            continue
        if param.required:
            raise InputError(f"query {name}: parameter {param.name!r} is required ({param.description})")
        if param.default is not None:
            values[param.name] = _term(param, param.default, target)
    result = target.run(bind(named.text, values))
    if not isinstance(result, Rows):
        raise InputError(f"query {name}: named queries must be SELECT or ASK queries")
    return result


def sparql(text: str, *, graph: Graph | None = None, endpoint: str | None = None) -> Rows | Graph:
    """Run SPARQL ``text`` (SELECT, ASK, CONSTRUCT or DESCRIBE). bcpgraph's prefixes are known.

    Locally, SERVICE and FROM are refused: nothing reaches the network on your behalf.

    >>> sparql("SELECT (COUNT(*) AS ?n) WHERE { ?wp a bcp:WorkProcess }").column("n")[0].toPython()
    7
    """
    target = _Target(graph, endpoint)
    if endpoint and not re.search(r"^\s*PREFIX", text, re.I | re.M):
        text = _prologue() + text
    return target.run(text)
