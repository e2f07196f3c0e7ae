"""The two checks that cannot be said in SHACL, made in Python and reported as violations beside
the shapes' results: every file (or graph) given holds a profile, or is a vocabulary beside files
that do (``bcpsh:ProfilePresentCheck``), and every term in bcpgraph's namespace
(``https://w3id.org/bcpgraph/def/``) that the data uses is one the ontology defines
(``bcpsh:DefinedTermCheck``, with the closest term suggested).
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Sequence
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from ..graph import ontology
from ..labels import compact, label
from ..namespaces import BCP, BCPSH
from .report import ValidationResult

__all__ = ["PROFILE_PRESENT", "DEFINED_TERM"]

#: The checks made in Python, named like shapes (they are not in shapes.ttl).
PROFILE_PRESENT = BCPSH.ProfilePresentCheck
DEFINED_TERM = BCPSH.DefinedTermCheck
_CHECK_WORDS = {
    "nl": {"no_profile": "geen profiel gevonden in {where} (geen bcp:Profile)", "the_data": "de gegevens",
           "unknown": "onbekende term {term}: de ontologie definieert hem niet", "mean": "; bedoelt u {close}?"},
    "en": {"no_profile": "no profile found in {where} (no bcp:Profile)", "the_data": "the data",
           "unknown": "unknown term {term}: the ontology does not define it", "mean": "; did you mean {close}?"},
}


def _lacks_profile(part: Graph, parts: Sequence[tuple[Graph, str]]) -> bool:
    """Whether ``part`` is an input that should have held a profile: it holds none, and it is empty,
    or no input holds one. (A file that states something, without a profile, beside files with
    one is a vocabulary: the terms the profiles share.)"""
    if (None, RDF.type, BCP.Profile) in part:
        return False
    return not len(part) or not any((None, RDF.type, BCP.Profile) in other for other, _ in parts)


def _no_profile(name: str, words: dict[str, str]) -> ValidationResult:
    """The violation for an input (a file, or the graph when ``name`` is empty) without a profile."""
    where = name or words["the_data"]
    focus = URIRef(Path(name).resolve().as_uri()) if name else BNode()
    return ValidationResult(severity="Violation", focus=focus, focus_label=where, path="rdf:type",
                            message=words["no_profile"].format(where=where), source_shape=PROFILE_PRESENT,
                            value=BCP.Profile, file=name or None)


def _undefined_terms(data: Graph, lang: str, words: dict[str, str], *,
                     first: bool = False) -> list[ValidationResult] | dict[URIRef, tuple[tuple, ValidationResult]]:
    """A violation for every IRI in bcpgraph's ``def/`` namespace that ``data`` uses and the
    ontology does not define, naming a subject that uses it and the closest defined term.
    (With ``first``: for each such IRI, the first triple in sorted order that uses it, and the
    violation.)

    >>> from rdflib import Graph, URIRef
    >>> g = Graph().add((URIRef("https://w3id.org/bcpgraph/id/bcp/x"), RDF.type, BCP.Profiel))
    >>> [r.message for r in _undefined_terms(g, "en", _CHECK_WORDS["en"])]
    ['unknown term bcp:Profiel: the ontology does not define it; did you mean bcp:Profile?']
    """
    defined, names = _defined_terms()

    def unknown(term: Node) -> bool:
        return (isinstance(term, URIRef) and term.startswith(BCP) and str(term) != str(BCP)
                and str(term) not in defined and not term.startswith(BCPSH))

    used: dict[URIRef, tuple[Node, Node, Node]] = {}
    # only the triples that use an unknown term are sorted (the first of them is named)
    for triple in sorted(t for t in data if unknown(t[0]) or unknown(t[1]) or unknown(t[2])):
        for term in triple:
            if unknown(term):
                used.setdefault(term, triple)
    results = {}
    for term, (subject, predicate, obj) in sorted(used.items()):
        close = difflib.get_close_matches(str(term)[len(str(BCP)):], names, n=1, cutoff=0.6)
        message = words["unknown"].format(term=compact(term))
        if close:
            message += words["mean"].format(close=compact(BCP[close[0]]))
        results[term] = ((subject, predicate, obj), ValidationResult(
            severity="Violation", focus=subject, focus_label=label(data, subject, lang), path=compact(predicate),
            message=message, source_shape=DEFINED_TERM, value=term))
    return results if first else [result for _, result in results.values()]


@functools.cache
def _defined_terms() -> tuple[frozenset[str], list[str]]:
    """The IRIs the ontology uses, and the local names of those in bcpgraph's namespace (sorted)."""
    defined = frozenset(str(term) for triple in ontology() for term in triple if isinstance(term, URIRef))
    names = sorted(term[len(str(BCP)):] for term in defined if term.startswith(str(BCP)) and len(term) > len(str(BCP)))
    return defined, names
