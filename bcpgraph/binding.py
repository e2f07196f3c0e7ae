"""Turning parameter values into RDF terms and binding them into query text.

Values are never pasted into query text: each is turned into an RDF term (an IRI checked
character by character, or an escaped literal) and bound through a ``VALUES`` block placed at
the start of the query's WHERE clause — the same text runs on rdflib and on any SPARQL 1.1
endpoint. :func:`resolve` turns a label, notation, prefixed name or IRI into the IRI of a resource
of the graph (asking the store, wherever it is).
"""

from __future__ import annotations

import re

from rdflib import Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.term import Node

from .catalogue import Param
from .errors import InputError, suggest
from .labels import compact
from .namespaces import PREFIXES
from .stores import Store, store_for

__all__ = ["bind", "resolve", "term", "prologue", "sparql_term"]

_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")
_LANG = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$")
_PNAME = re.compile(r"^([A-Za-z][\w-]*):([\w./-]*)$")


def prologue() -> str:
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


def sparql_term(term: Node) -> str:
    r"""``term`` as SPARQL text. A literal is always one short string with every special
    character escaped: rdflib's ``n3()`` writes a value with a newline in triple quotes and then
    leaves a final backslash-quote unescaped, which breaks the query; and a backslash followed by
    ``u`` must not become a ``\uXXXX`` escape.

    >>> print(sparql_term(Literal('two\nlines \\"')))
    "two\nlines \\\""
    >>> print(sparql_term(Literal('\\u0022')))
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
    terms = " ".join(sparql_term(v) for v in values.values())
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


def resolve(value: str, cls: str, *, store: Store | None = None, param: str = "value") -> URIRef:
    """The IRI of the ``cls`` instance that ``value`` names: an IRI, prefixed name or label.

    Labels match case-insensitively in Dutch or English (and notations such as "1.1").
    An ambiguous label raises InputError listing the candidates; an unknown one says so.
    ``store`` is where to look (default: the shipped profile).
    """
    store = store if store is not None else store_for()
    class_iri = _expand(cls)
    run = lambda q, **v: store.run(bind(prologue() + q, {"class": class_iri, **v}))  # noqa: E731
    iri = _expand(value)
    if iri is not None:
        if not run(_EXISTS, item=iri).boolean:
            raise InputError(f"parameter {param}: {compact(iri)} is not a {cls} in this graph")
        return iri
    rows = run(_RESOLVE, needle=Literal(value))
    found = sorted({row["item"] for row in rows})
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        listing = "; ".join(compact(f) for f in found)
        raise InputError(f"parameter {param}: {value!r} is ambiguous, it names {len(found)} {cls}: {listing}")
    labels = sorted({str(row["label"]) for row in run(_ALL_LABELS)})
    hint = suggest(value, labels) if labels else ""
    raise InputError(f"parameter {param}: no {cls} called {value!r}{hint}")


def term(param: Param, value: str, store: Store) -> Node:
    if param.kind == "resource":
        return resolve(value, param.cls or "rdfs:Resource", store=store, param=param.name)
    if param.kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise InputError(f"parameter {param.name}: {value!r} is not a whole number")
        return Literal(int(value), datatype=XSD.integer)
    if param.kind == "boolean":
        lowered = value.strip().lower()
        if lowered not in ("true", "false", "yes", "no", "1", "0"):
            raise InputError(f"parameter {param.name}: {value!r} is not true or false")
        return Literal(lowered in ("true", "yes", "1"))
    if param.kind == "language":
        if not _LANG.match(value.strip()):
            raise InputError(f"parameter {param.name}: {value!r} is not a language tag such as nl or en")
        return Literal(value.strip().lower())
    return Literal(value)


