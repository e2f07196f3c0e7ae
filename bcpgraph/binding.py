"""Turning parameter values into RDF terms and binding them into query text.

Values are never pasted into query text: each is turned into an RDF term (an IRI checked
character by character, or an escaped literal) and bound through the query's parameters line (a
``VALUES`` line marked ``# parameters``, see :mod:`bcpgraph.catalogue`), which :func:`bind`
replaces — the same text runs on rdflib and on any SPARQL 1.1 endpoint. :func:`term` checks a
value for its parameter's kind; :func:`resolve` turns a label, notation, prefixed name, IRI or the
last segment of an IRI into the IRI of a resource of the graph (asking the store, wherever it is).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from rdflib import Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.term import Node

from .catalogue import VALUES_LINE, Param, Shipped, values_lines
from .errors import InputError, suggest
from .labels import compact
from .namespaces import PREFIXES
from .results import Rows
from .stores import Store, store_for

__all__ = ["bind", "resolve", "term", "default_term", "prologue", "sparql_term", "values_clause",
           "MAX_VALUE_CHARS", "MAX_INTEGER"]

_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")
_LANG = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$")
_PNAME = re.compile(r"^([A-Za-z][\w-]*):([\w./-]*)$")


def prologue() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


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


def values_clause(values: Mapping[str, Node | None] | Sequence[Mapping[str, Node | None]]) -> str:
    """``values`` as a SPARQL VALUES clause: one row (a mapping) or several (mappings with the
    same names, in the same order); ``None`` is ``UNDEF``.

    >>> values_clause({"x": Literal("nl"), "y": None})
    'VALUES (?x ?y) { ("nl" UNDEF) }'
    >>> values_clause([{"x": Literal("a")}, {"x": Literal("b")}])
    'VALUES (?x) { ("a") ("b") }'
    """
    rows = [values] if isinstance(values, Mapping) else list(values)
    if not rows or any(list(row) != list(rows[0]) for row in rows):
        raise ValueError("VALUES rows name the same variables, in the same order, and there is at least one")
    names = " ".join(Variable(k).n3() for k in rows[0])
    terms = " ".join("(" + " ".join("UNDEF" if v is None else sparql_term(v) for v in row.values()) + ")"
                     for row in rows)
    return f"VALUES ({names}) {{ {terms} }}"


def bind(text: str, values: Mapping[str, Node | None] | Sequence[Mapping[str, Node | None]]) -> str:
    r"""``text`` with its parameters line (the VALUES line marked ``# parameters``, each copy of it)
    replaced by ``values`` (one VALUES row, or a sequence of rows: the answer is then that of each
    row together; ``None`` is UNDEF). Values stay data, whatever they hold:

    >>> text = "SELECT ?x WHERE {\n  VALUES (?o) { (UNDEF) }  # parameters\n  ?x ?p ?o\n}"
    >>> print(bind(text, {"o": Literal('a" } DROP ALL #')}))
    SELECT ?x WHERE {
      VALUES (?o) { ("a\" } DROP ALL #") }
      ?x ?p ?o
    }
    """
    lines = text.splitlines()
    clause = values_clause(values)
    for at in values_lines(text):
        lines[at] = VALUES_LINE.match(lines[at]).group("before") + clause  # type: ignore[union-attr]
    bound = "\n".join(lines) + ("\n" if text.endswith("\n") else "")
    # values bound as terms change neither the form of a shipped query nor make it an update
    return Shipped(bound, text.form) if isinstance(text, Shipped) else bound


#: Limits on parameter values: characters, and the size of whole numbers.
MAX_VALUE_CHARS = 10_000
MAX_INTEGER = 10**9
_ALLOWED_CONTROLS = "\t\n\r"

_SKOS_RDFS = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
_RESOLVE = Shipped(_SKOS_RDFS + """SELECT DISTINCT ?item ?label WHERE {
  VALUES (?class ?needle) { (UNDEF UNDEF) }  # parameters
  ?item a/rdfs:subClassOf* ?class .
  { ?item skos:prefLabel|skos:altLabel|rdfs:label|skos:notation ?label }
  FILTER (LCASE(STR(?label)) = LCASE(STR(?needle)))
}""")
_BY_LOCAL_NAME = Shipped(_SKOS_RDFS + """SELECT DISTINCT ?item WHERE {
  VALUES (?class ?needle) { (UNDEF UNDEF) }  # parameters
  ?item a/rdfs:subClassOf* ?class .
  FILTER (isIRI(?item) && (STRENDS(STR(?item), CONCAT("/", STR(?needle)))
                           || STRENDS(STR(?item), CONCAT("#", STR(?needle)))))
}""")
_EXISTS = Shipped(_SKOS_RDFS + """ASK WHERE {
  VALUES (?class ?item) { (UNDEF UNDEF) }  # parameters
  ?item a/rdfs:subClassOf* ?class
}""")
_ALL_LABELS = Shipped(_SKOS_RDFS + """SELECT DISTINCT ?item ?label WHERE {
  VALUES (?class) { (UNDEF) }  # parameters
  ?item a/rdfs:subClassOf* ?class ; skos:prefLabel|skos:altLabel|rdfs:label|skos:notation ?label .
}""")
#: The resources of ?profile: its own (kerntaken, werkprocessen, results, career transitions, ...)
#: and those it names directly. One property path, no UNION: rdflib evaluates a UNION without the
#: VALUES bindings. One query for all candidates: asking for each of them (a number such as "1.1"
#: names a werkproces in every profile) took 0.5 s at 1,000 profiles.
_OF_PROFILE = Shipped("""PREFIX bcp: <https://w3id.org/bcpgraph/def/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT DISTINCT ?item WHERE {
  VALUES (?profile) { (UNDEF) }  # parameters
  ?profile (bcp:coreTask/bcp:workProcess/bcp:result)|(bcp:coreTask/bcp:workProcess)|!rdf:type ?item
}""")
_PROFILES = Shipped("""PREFIX bcp: <https://w3id.org/bcpgraph/def/>
SELECT DISTINCT ?profile WHERE { ?profile a bcp:Profile }""")
_HAS_LANGUAGE = Shipped(_SKOS_RDFS + """ASK WHERE {
  VALUES (?lang) { (UNDEF) }  # parameters
  ?thing skos:prefLabel|rdfs:label ?label .
  FILTER (LANG(?label) = ?lang)
}""")
_LANGUAGES = Shipped(_SKOS_RDFS + """SELECT DISTINCT (LANG(?label) AS ?language) WHERE {
  ?thing skos:prefLabel|rdfs:label ?label .
  FILTER (LANG(?label) != "")
}""")


def is_iri(text: str) -> bool:
    """Whether ``text`` is an absolute IRI that SPARQL can hold between ``<`` and ``>``.

    >>> is_iri("https://w3id.org/bcpgraph/id/bcp/x"), is_iri("https://e/a b"), is_iri("bakker")
    (True, False, False)
    """
    return bool(_IRI.match(text))


def _expand(value: str) -> URIRef | None:
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    match = _PNAME.match(value)
    if match and match.group(1) in PREFIXES:
        value = str(PREFIXES[match.group(1)]) + match.group(2)
    elif not re.match(r"^(https?|urn):", value):
        return None
    if not is_iri(value):
        raise InputError(f"{value!r} is not a valid IRI")
    return URIRef(value)


def _of_profile(store: Store, profile: URIRef, items: list[URIRef]) -> list[URIRef]:
    """Those of ``items`` that are resources of ``profile``: under its IRI + "/", or reached from it."""
    under = str(profile) + "/"
    if all(str(item).startswith(under) for item in items):
        return items
    reached = {row["item"] for row in store.run(bind(_OF_PROFILE, {"profile": profile}))}
    return [item for item in items if str(item).startswith(under) or item in reached]


def _other_profiles(store: Store, profile: URIRef, item: URIRef) -> list[URIRef]:
    """The profiles other than ``profile`` whose IRI + "/" ``item`` is under (their own resources)."""
    result = store.run(_PROFILES)
    found = [row["profile"] for row in result] if isinstance(result, Rows) else []
    return sorted(p for p in found if p != profile and str(item).startswith(str(p) + "/"))


def _keep_to_profile(found: list[URIRef], profile: URIRef | None, store: Store, value: str,
                     param: str, cls: str) -> list[URIRef]:
    """``found`` kept to the resources of ``profile`` where that tells them apart; a single
    resource that is another profile's own (under its IRI) is an error."""
    if profile is None or not found:
        return found
    if len(found) > 1:
        return _of_profile(store, profile, found) or found
    others = [] if _of_profile(store, profile, found) else _other_profiles(store, profile, found[0])
    if others:
        raise InputError(f"parameter {param}: {value!r} names {compact(found[0])}, a {cls} of {compact(others[0])}, "
                         f"not of profile {compact(profile)}")
    return found


def resolve(value: str, cls: str, *, store: Store | None = None, param: str = "value",
            profile: URIRef | None = None) -> URIRef:
    """The IRI of the ``cls`` instance that ``value`` names: an IRI, a prefixed name, a label or
    notation, or the last segment of its IRI (``labourMarket`` for ``bcp:labourMarket``).

    Labels match case-insensitively in Dutch or English (and notations such as "1.1"); the last
    segment of an IRI is tried when no label matches. A value naming several instances raises
    InputError listing the candidates; an unknown one says so. ``store`` is where to look
    (default: the shipped profile). With ``profile`` (the IRI of a bcp:Profile), a value that
    names several instances names the one of that profile (under the profile's IRI + "/", or
    reached from it: its kerntaken, werkprocessen, results and what it names directly), and one
    that names another profile's own resource only is an error.

    >>> str(resolve("1.1", "bcp:WorkProcess", profile=URIRef(
    ...     "https://w3id.org/bcpgraph/id/bcp/contactcenter-medewerker-2010"))).rsplit("/", 2)[1:]
    ['werkproces', '1.1']
    """
    store = store if store is not None else store_for()
    class_iri = _expand(cls)
    run = lambda q, **v: store.run(bind(q, {"class": class_iri, **v}))  # noqa: E731
    try:
        iri = _expand(value)
    except InputError as exc:
        raise InputError(f"parameter {param}: {exc}") from None
    if iri is not None:
        if not run(_EXISTS, item=iri).boolean:
            raise InputError(f"parameter {param}: {compact(iri)} is not a {cls} in this graph")
        return _keep_to_profile([iri], profile, store, value, param, cls)[0]
    found = sorted({row["item"] for row in run(_RESOLVE, needle=Literal(value))})
    if not found:
        found = sorted({row["item"] for row in run(_BY_LOCAL_NAME, needle=Literal(value))})
    found = _keep_to_profile(found, profile, store, value, param, cls)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        listing = "; ".join(compact(f) for f in found)
        raise InputError(f"parameter {param}: {value!r} is ambiguous, it names {len(found)} {cls}: {listing}")
    labels = sorted({str(row["label"]) for row in run(_ALL_LABELS)})
    hint = suggest(value, labels) if labels else ""
    raise InputError(f"parameter {param}: no {cls} called {value!r}{hint}")


def _check_text(param: Param, value: str) -> None:
    if len(value) > MAX_VALUE_CHARS:
        raise InputError(f"parameter {param.name}: the value is {len(value):,} characters long "
                         f"(at most {MAX_VALUE_CHARS:,})")
    for char in value:
        if unicodedata.category(char) == "Cc" and char not in _ALLOWED_CONTROLS:
            raise InputError(f"parameter {param.name}: the value holds the control character U+{ord(char):04X}")


def _integer(param: Param, value: str) -> Literal:
    text = value.strip()
    if not re.fullmatch(r"[+-]?\d+", text):
        raise InputError(f"parameter {param.name}: {value[:40]!r} is not a whole number")
    digits = text.lstrip("+-").lstrip("0")
    if len(digits) > len(str(MAX_INTEGER)) or int(digits or "0") > MAX_INTEGER:
        raise InputError(f"parameter {param.name}: whole numbers from {-MAX_INTEGER:,} to {MAX_INTEGER:,} only"
                         f" (this one has {len(digits):,} digits)")
    number = int(digits or "0")
    return Literal(-number if text.startswith("-") else number, datatype=XSD.integer)


def _language(param: Param, value: str, store: Store | None) -> Literal:
    tag = value.strip().lower()
    if not _LANG.match(tag):
        raise InputError(f"parameter {param.name}: {value[:40]!r} is not a language tag such as nl or en")
    if store is not None and not store.run(bind(_HAS_LANGUAGE, {"lang": Literal(tag)})).boolean:
        result = store.run(_LANGUAGES)
        known = sorted({str(row["language"]) for row in result}) if isinstance(result, Rows) else []
        raise InputError(f"parameter {param.name}: no labels in language {tag!r} here "
                         f"(languages: {', '.join(known) or 'none'})")
    return Literal(tag)


def term(param: Param, value: str, store: Store | None, *, profile: URIRef | None = None) -> Node:
    """``value`` as the RDF term for ``param``; InputError if it is no value of its kind.

    A resource is looked up in ``store`` (among the resources of ``profile`` where a value names
    several, see :func:`resolve`); a language must have labels there (without a store, only its
    form is checked).

    >>> from bcpgraph.catalogue import Param
    >>> term(Param("min", "integer", None, "1", "At least"), "2", None).n3()
    '"2"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    _check_text(param, value)
    if param.kind == "resource":
        if store is None:
            iri = _expand(value)
            if iri is None:
                raise ValueError(f"parameter {param.name}: a default resource is an IRI or prefixed name")
            return iri
        return resolve(value, param.cls or "rdfs:Resource", store=store, param=param.name, profile=profile)
    if param.kind == "integer":
        return _integer(param, value)
    if param.kind == "boolean":
        lowered = value.strip().lower()
        if lowered not in ("true", "false", "yes", "no", "1", "0"):
            raise InputError(f"parameter {param.name}: {value[:40]!r} is not true or false")
        return Literal(lowered in ("true", "yes", "1"))
    if param.kind == "language":
        return _language(param, value, store)
    return Literal(value)


def default_term(param: Param) -> Node | None:
    """The RDF term of ``param``'s default, without asking any store (``None``: no default).

    >>> from bcpgraph.catalogue import Param
    >>> default_term(Param("lang", "language", None, "nl", "Language")).n3()
    '"nl"'
    """
    if param.default is None or param.required:
        return None
    return term(param, param.default, None)
