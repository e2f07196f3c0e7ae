"""Profile against profile: :func:`compare` two profiles, :func:`profile_similarity` of all.

A profile is a ``bcp:Profile``; its werkprocessen are those reachable by
``bcp:coreTask/bcp:workProcess``, and its competencies, knowledge items and skills are those its
werkprocessen link to (``bcp:competency``, ``bcp:knowledge``, ``bcp:skill``).

Matching rules:

- **Competencies, knowledge, skills** are shared concepts (the national scheme, the shared
  vocabularies): the same IRI is the same item.
- **Kerntaken** belong to one profile each (their IRIs never coincide), so two kerntaken are "the
  same" when their *normalised Dutch title* is the same: lower case, accents stripped, every run
  of punctuation, dashes and spaces one space (``"Bouwt relaties op en onderhoudt ze"``). Their
  numbers play no part (a new version renumbers them).
- **Two versions of one occupation** (two profiles with the same ``bcp:occupation``) also get a
  ``versions`` part: kerntaken and werkprocessen are matched across the versions by title, never
  by number — first the pairs with the same normalised title, then, greedily from the most
  similar pair down, pairs whose titles are at least :data:`REWORDED` similar (difflib's ratio
  on the normalised titles; ties broken by the numbers in A, then B). A matched pair with another
  title is *reworded*, with another number *renumbered*; what is left in A was *removed*, in B
  *added*. For matched werkprocessen the competency links added and removed are listed too.

Jaccard similarity: ``|shared| / |A ∪ B|``; two empty sets are identical (1.0).

>>> import bcpgraph
>>> answer = compare("contactcenter-medewerker-2010", "contactcenter-medewerker-2010")
>>> answer["dimensions"]["competencies"]["jaccard"], answer["adds"]
(1.0, [])
"""

from __future__ import annotations

import difflib
import html
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache, partial
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from . import limits
from .analysis.networks import Triples, ask_rows, ask_triples, profile_iris
from .binding import is_iri
from .errors import ArgumentError, InputError
from .gcpause import gc_paused
from .labels import label
from .namespaces import BCP
from .stores import Store, store_for

__all__ = ["compare", "profile_similarity", "find_profile", "to_text", "to_markdown", "to_html", "to_json",
           "similarity_records", "similarity_heatmap", "DIMENSIONS", "REWORDED"]

#: The dimensions compared, in the order they are shown.
DIMENSIONS = ("kerntaken", "competencies", "knowledge", "skills")
#: How similar (difflib ratio of normalised titles) two titles must be to count as one reworded.
REWORDED = 0.6
_PROPERTY = {"competencies": BCP.competency, "knowledge": BCP.knowledge, "skills": BCP.skill}

Item = dict[str, Any]


def normalise(title: str) -> str:
    """A title as compared: lower case, no accents, punctuation and spaces as one space.

    >>> normalise("  Handelt telefonische klantvragen en –verzoeken af")
    'handelt telefonische klantvragen en verzoeken af'
    >>> normalise("Creëren en innoveren") == normalise("creeren  en innoveren")
    True
    """
    text = unicodedata.normalize("NFKD", title)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def jaccard(a: Iterable, b: Iterable) -> float:
    """``|a ∩ b| / |a ∪ b|``, rounded to 4 places; 1.0 for two empty sets.

    >>> jaccard({1, 2, 3}, {2, 3, 4}), jaccard(set(), set()), jaccard({1}, set())
    (0.5, 1.0, 0.0)
    """
    a, b = set(a), set(b)
    union = a | b
    return round(len(a & b) / len(union), 4) if union else 1.0


def _dutch(graph: Triples, node: URIRef) -> str:
    """The Dutch title of a part (the source's language), else any label."""
    for value in graph.objects(node, SKOS.prefLabel):  # sorted by Triples
        if isinstance(value, Literal) and value.language == "nl":
            return str(value)
    return label(graph, node, "nl")


def _notation(graph: Triples, node: URIRef) -> str:
    return str(graph.value(node, SKOS.notation) or "")


def _number_key(notation: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in notation.split(".")) if notation else (10**9,)


def _item(graph: Triples, node: URIRef, lang: str, *, notation: bool = False) -> Item:
    item: Item = {"iri": str(node), "label": label(graph, node, lang)}
    if notation:
        item["notation"] = _notation(graph, node)
    return item


def profiles(graph: Graph | Store | None = None, *, endpoint: str | None = None,
             timeout: float | None = None) -> list[URIRef]:
    """The profiles in ``graph`` (``bcp:Profile`` IRIs), sorted."""
    return [URIRef(p) for p in profile_iris(store_for(graph, endpoint, timeout=timeout))]


def _names(graph: Triples, profile: URIRef) -> set[str]:
    """Every name a profile answers to: its IRI, the IRI's last part, its titles and labels."""
    names = {str(profile), str(profile).rstrip("/").rsplit("/", 1)[-1]}
    for predicate in (DCTERMS.title, SKOS.prefLabel):
        names.update(str(v) for v in graph.objects(profile, predicate) if isinstance(v, Literal))
    return {normalise(n) if not n.startswith("http") else n for n in names}


def find_profile(graph: Graph | Store | None, name: str, *, endpoint: str | None = None,
                 timeout: float | None = None) -> URIRef:
    """The profile ``name`` means: its IRI, the last part of its IRI
    (``contactcenter-medewerker-2010``), or a title or label in any language (case, accents and
    punctuation do not matter). Unknown or ambiguous names raise :class:`InputError`.

    >>> import bcpgraph
    >>> str(find_profile(bcpgraph.load(), "Contactcenter-medewerker-2010"))
    'https://w3id.org/bcpgraph/id/bcp/contactcenter-medewerker-2010'
    """
    if not isinstance(name, str):
        raise ArgumentError(f"a profile is named by an IRI, a label or a file path (str), not {type(name).__name__}")
    return _lookup(store_for(graph, endpoint, timeout=timeout), name)


def _lookup(store: Store, name: str, every: Callable[[], Triples] | None = None) -> URIRef:
    """:func:`find_profile` on ``store``: a profile's IRI is checked by itself (one small query,
    whatever the number of profiles); any other name among the names of every profile (the
    answer of all-profiles, or of ``every`` when given, so that two names share one reading)."""
    key = name.strip().strip("<>") if isinstance(name, str) else ""
    if key.startswith(("http://", "https://")) and is_iri(key):
        iri = URIRef(key)
        if (iri, RDF.type, BCP.Profile) in ask_triples(store, "profile", profile=iri):
            return iri
    return _find(every() if every else ask_triples(store, "all-profiles"), name)


def _find(graph: Triples, name: str) -> URIRef:
    """:func:`find_profile` among the profiles of ``graph`` (the answer of all-profiles)."""
    if not isinstance(name, str):
        raise ArgumentError(f"a profile is named by an IRI, a label or a file path (str), not {type(name).__name__}")
    found = sorted(p for p in graph.subjects(RDF.type, BCP.Profile) if isinstance(p, URIRef))
    key = name.strip().strip("<>")
    exact = [p for p in found if str(p) == key]
    if exact:
        return exact[0]
    wanted = normalise(key)
    matches = [p for p in found if wanted and wanted in _names(graph, p)]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise InputError(f"profile {name!r} is ambiguous: " + ", ".join(str(p) for p in matches))
    if not found:
        raise InputError(f"profile {name!r}: no profile found in the data")
    slugs = {p: str(p).rstrip("/").rsplit("/", 1)[-1] for p in found}
    close = []
    for p in found:  # the closest of a profile's names, or of the words in them
        words = {w for n in _names(graph, p) if not n.startswith("http") for w in [n, *n.replace("-", " ").split()]}
        score = max(difflib.SequenceMatcher(None, wanted, w).ratio() for w in words)
        if score >= 0.6:
            close.append((-score, slugs[p]))
    hint = "; did you mean " + " or ".join(repr(s) for _, s in sorted(close)[:3]) + "?" if close else ""
    raise InputError(f"no profile {name!r}{hint} (profiles: {', '.join(slugs.values())})")


def _is_file(name: object) -> bool:
    """Whether ``name`` names a file (a path object, or text that is not an IRI and names one)."""
    if isinstance(name, os.PathLike):
        return True
    if not isinstance(name, str) or name.startswith(("http:", "https:")):
        return False
    try:
        return Path(name).is_file()
    except (OSError, ValueError):  # a name too long, a NUL character: not a file, maybe a label
        return False


def _resolve(store: Store, name: str, every: Callable[[], Triples]) -> URIRef:
    """A profile named by a file (its one profile) or as :func:`find_profile` names it in ``store``."""
    from .graph import read_rdf

    if _is_file(name):
        own = read_rdf(name)
        found = profiles(own)
        if len(found) != 1:
            raise InputError(f"{name}: holds {len(found)} profiles; name one of them by IRI or label"
                             if found else f"{name}: no profile found in the file")
        return found[0]
    return _lookup(store, name, every)


def _facts(graph: Triples, profile: URIRef, lang: str) -> dict[str, Any]:
    """The kerntaken, werkprocessen and what they need, of one profile."""
    kerntaken, werkprocessen = [], []
    for kt in sorted(graph.objects(profile, BCP.coreTask), key=lambda n: (_number_key(_notation(graph, n)), str(n))):
        kerntaken.append(kt)
        wps = sorted(graph.objects(kt, BCP.workProcess), key=lambda n: (_number_key(_notation(graph, n)), str(n)))
        werkprocessen.extend((kt, wp) for wp in wps)
    needs: dict[str, dict[URIRef, list[URIRef]]] = {d: {} for d in _PROPERTY}
    for _, wp in werkprocessen:
        for dim, prop in _PROPERTY.items():
            for concept in graph.objects(wp, prop):
                if isinstance(concept, URIRef):
                    needs[dim].setdefault(concept, []).append(wp)
    return {"kerntaken": kerntaken, "werkprocessen": [wp for _, wp in werkprocessen], "needs": needs}


def _concept_key(graph: Triples, lang: str):
    def key(node: URIRef) -> tuple:
        notation = _notation(graph, node)
        return (int(notation) if notation.isdigit() else 10**9, label(graph, node, lang).lower(), str(node))
    return key


def _dimension(graph: Triples, a: dict, b: dict, dim: str, lang: str) -> dict[str, Any]:
    na, nb = a["needs"][dim], b["needs"][dim]
    key = _concept_key(graph, lang)

    def entry(node: URIRef) -> Item:
        item = _item(graph, node, lang)
        if dim == "competencies":
            item["werkprocessen"] = {side: [_item(graph, wp, lang, notation=True) for wp in needs.get(node, [])]
                                     for side, needs in (("a", na), ("b", nb)) if node in needs}
        return item

    return {"shared": [entry(n) for n in sorted(set(na) & set(nb), key=key)],
            "only_a": [entry(n) for n in sorted(set(na) - set(nb), key=key)],
            "only_b": [entry(n) for n in sorted(set(nb) - set(na), key=key)],
            "jaccard": jaccard(na, nb)}


def _kerntaken(graph: Triples, a: dict, b: dict, lang: str) -> dict[str, Any]:
    ta = {normalise(_dutch(graph, kt)): kt for kt in a["kerntaken"]}
    tb = {normalise(_dutch(graph, kt)): kt for kt in b["kerntaken"]}

    def entry(kt: URIRef, other: URIRef | None = None) -> Item:
        item = _item(graph, kt, lang, notation=True)
        if other is not None:
            item["b"] = _item(graph, other, lang, notation=True)
        return item

    return {"shared": [entry(ta[t], tb[t]) for t in ta if t in tb],
            "only_a": [entry(ta[t]) for t in ta if t not in tb],
            "only_b": [entry(tb[t]) for t in tb if t not in ta],
            "jaccard": jaccard(ta, tb)}


def match_titles(a: list[tuple[str, str]], b: list[tuple[str, str]], *,
                 threshold: float = REWORDED) -> list[tuple[int, int, float]]:
    """Pairs ``(i, j, similarity)`` matching items of ``a`` and ``b`` given as ``(number, title)``:
    equal normalised titles first, then the most similar remaining pairs at or above
    ``threshold``. Numbers only break ties.

    >>> match_titles([("1", "Voert het verkoopgesprek"), ("2", "Signaleert klachten")],
    ...              [("1", "Voert het verkoopgesprek en sluit af"), ("2", "Maakt deeg")])
    [(0, 0, 0.8)]
    """
    na, nb = [normalise(t) for _, t in a], [normalise(t) for _, t in b]
    pairs, used_a, used_b = [], set(), set()
    for i, t in enumerate(na):
        for j, u in enumerate(nb):
            if t == u and j not in used_b and i not in used_a:
                pairs.append((i, j, 1.0))
                used_a.add(i)
                used_b.add(j)
    candidates = []
    for i, t in enumerate(na):
        for j, u in enumerate(nb):
            if i not in used_a and j not in used_b:
                ratio = round(difflib.SequenceMatcher(None, t, u).ratio(), 4)
                if ratio >= threshold:
                    candidates.append((-ratio, _number_key(a[i][0]), _number_key(b[j][0]), i, j, ratio))
    for _, _, _, i, j, ratio in sorted(candidates):
        if i not in used_a and j not in used_b:
            pairs.append((i, j, ratio))
            used_a.add(i)
            used_b.add(j)
    return sorted(pairs)


def _versions(graph: Triples, a: dict, b: dict, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for part in ("kerntaken", "werkprocessen"):
        xs, ys = a[part], b[part]
        pairs = match_titles([(_notation(graph, x), _dutch(graph, x)) for x in xs],
                             [(_notation(graph, y), _dutch(graph, y)) for y in ys])
        matched = []
        for i, j, ratio in pairs:
            x, y = xs[i], ys[j]
            pair: Item = {"a": _item(graph, x, lang, notation=True), "b": _item(graph, y, lang, notation=True),
                          "similarity": ratio,
                          "reworded": normalise(_dutch(graph, x)) != normalise(_dutch(graph, y)),
                          "renumbered": _notation(graph, x) != _notation(graph, y)}
            if part == "werkprocessen":
                ca, cb = set(graph.objects(x, BCP.competency)), set(graph.objects(y, BCP.competency))
                key = _concept_key(graph, lang)
                pair["competencies_added"] = [_item(graph, c, lang) for c in sorted(cb - ca, key=key)]
                pair["competencies_removed"] = [_item(graph, c, lang) for c in sorted(ca - cb, key=key)]
            matched.append(pair)
        done_a, done_b = {i for i, _, _ in pairs}, {j for _, j, _ in pairs}
        out[part] = {
            "matched": matched,
            "added": [_item(graph, y, lang, notation=True) for j, y in enumerate(ys) if j not in done_b],
            "removed": [_item(graph, x, lang, notation=True) for i, x in enumerate(xs) if i not in done_a],
            "reworded": [{"a": m["a"], "b": m["b"]} for m in matched if m["reworded"]],
            "renumbered": [{"a": m["a"], "b": m["b"]} for m in matched if m["renumbered"]],
        }
    return out


def compare(a: str | os.PathLike, b: str | os.PathLike, *, graph: Graph | Store | None = None,
            lang: str = "nl", endpoint: str | None = None, timeout: float | None = None) -> dict[str, Any]:
    """Compare profile ``a`` with profile ``b``; each is named by IRI, label, the last part of its
    IRI, or a file that holds it (the file is read beside ``graph``, by default the shipped data;
    a file goes with local data only, not with an endpoint).

    ``graph`` is an rdflib Graph, a :class:`~bcpgraph.stores.Store` or None for the shipped data
    (or ``endpoint``, a SPARQL endpoint's URL). Returns ``{"a": {"iri", "label"}, "b": {...},
    "dimensions": {dim: {"shared", "only_a", "only_b", "jaccard"}}, "adds": [...]}`` with the
    dimensions ``kerntaken``, ``competencies`` (each item with the ``werkprocessen`` that need it,
    per side ``a``/``b``), ``knowledge`` and ``skills``; ``adds`` lists what ``b`` needs that ``a``
    lacks (competencies, knowledge, skills, each item with its ``kind``). Two versions of one
    occupation (the same ``bcp:occupation``, not the same profile) also get ``versions`` (see the
    module docstring). A graph, when given, is not changed.
    """
    from .graph import load

    if lang not in ("nl", "en"):
        raise InputError(f"parameter lang: {lang!r} is not nl or en")
    files = [n for n in (a, b) if _is_file(n)]
    if files:
        from .graph import read_rdf
        from .stores.local import LocalStore

        if endpoint is not None or getattr(graph, "backend", None) == "endpoint":
            raise InputError(f"{files[0]}: a profile file is compared beside local data only, not on an endpoint "
                             "or server (load the file there first, then name the profile)")
        if graph is None:
            base = load()
        elif isinstance(graph, Graph):
            base = graph
        elif isinstance(graph, LocalStore):
            base = graph.graph
        else:  # another local store (embedded Oxigraph): its triples, copied, so that it is not changed
            base = graph.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        merged = Graph()
        for triple in base.triples((None, None, None)):  # a Dataset's union, or a graph's triples
            merged.add(triple)
        for file in dict.fromkeys(str(f) for f in files):
            read_rdf(file, merged)
        store = store_for(merged, timeout=timeout)
    else:
        store = store_for(graph, endpoint, timeout=timeout)
    every = cache(partial(ask_triples, store, "all-profiles"))  # read once, if a name is not an IRI
    pa, pb = _resolve(store, a, every), _resolve(store, b, every)
    graph = Triples()
    for profile in dict.fromkeys((pa, pb)):
        for name in ("profile", "profile-kerntaken", "profile-werkprocessen", "profile-items"):
            graph.extend(ask_rows(store, name, profile=profile))
    fa, fb = _facts(graph, pa, lang), _facts(graph, pb, lang)
    dimensions = {"competencies": _dimension(graph, fa, fb, "competencies", lang),
                  "knowledge": _dimension(graph, fa, fb, "knowledge", lang),
                  "skills": _dimension(graph, fa, fb, "skills", lang),
                  "kerntaken": _kerntaken(graph, fa, fb, lang)}
    adds = []
    for dim, kind in (("competencies", "competency"), ("knowledge", "knowledge"), ("skills", "skill")):
        for item in dimensions[dim]["only_b"]:
            adds.append({**item, "kind": kind})
    answer: dict[str, Any] = {"a": _profile_item(graph, pa, lang), "b": _profile_item(graph, pb, lang),
                              "dimensions": dimensions, "adds": adds}
    occupation_a, occupation_b = graph.value(pa, BCP.occupation), graph.value(pb, BCP.occupation)
    if pa != pb and occupation_a is not None and occupation_a == occupation_b:
        graph.extend(ask_rows(store, "profile-details", profile=pa))  # the occupation's labels
        answer["versions"] = {"occupation": _item(graph, occupation_a, lang), **_versions(graph, fa, fb, lang)}
    return answer


def _profile_item(graph: Triples, profile: URIRef, lang: str) -> Item:
    titles = [v for v in graph.objects(profile, DCTERMS.title) if isinstance(v, Literal)]
    chosen = sorted(str(t) for t in titles if t.language == lang) or sorted(str(t) for t in titles)
    return {"iri": str(profile), "label": chosen[0] if chosen else label(graph, profile, lang)}


# ------------------------------------------------------------------ formats of a comparison

WORDS = {
    "nl": {"title": "Vergelijking", "with": "met", "shared": "gedeeld", "only_a": "alleen A", "only_b": "alleen B",
           "jaccard": "Jaccard", "adds": "Wat B vraagt en A mist (van A naar B)", "none": "(niets)",
           "kerntaken": "Kerntaken", "competencies": "Competenties", "knowledge": "Kennis", "skills": "Vaardigheden",
           "versions": "Versies van één beroep", "werkprocessen": "Werkprocessen", "added": "toegevoegd",
           "removed": "verwijderd", "reworded": "anders verwoord", "renumbered": "vernummerd",
           "links": "competentiekoppelingen", "competency": "competentie", "knowledge_item": "kennis",
           "skill": "vaardigheid", "dimension": "dimensie"},
    "en": {"title": "Comparison", "with": "with", "shared": "shared", "only_a": "only A", "only_b": "only B",
           "jaccard": "Jaccard", "adds": "What B needs that A lacks (moving from A to B)", "none": "(none)",
           "kerntaken": "Kerntaken", "competencies": "Competencies", "knowledge": "Knowledge", "skills": "Skills",
           "versions": "Versions of one occupation", "werkprocessen": "Werkprocessen", "added": "added",
           "removed": "removed", "reworded": "reworded", "renumbered": "renumbered",
           "links": "competency links", "competency": "competency", "knowledge_item": "knowledge",
           "skill": "skill", "dimension": "dimension"},
}


_KIND_WORD = {"competency": "competency", "knowledge": "knowledge_item", "skill": "skill"}


def _wps(item: Item) -> str:
    parts = [f"{side.upper()}: {', '.join(w['notation'] for w in wps)}"
             for side, wps in item.get("werkprocessen", {}).items()]
    return f" ({'; '.join(parts)})" if parts else ""


def _lines(answer: dict, lang: str) -> list[tuple[int, str, list[str]]]:
    """The comparison as (level, heading, bullet lines): one outline for text and Markdown."""
    w = WORDS[lang]
    out = []
    for dim in DIMENSIONS:
        d = answer["dimensions"][dim]
        out.append((2, f"{w[dim]} — {w['jaccard']} {d['jaccard']:.2f}", []))
        for part in ("shared", "only_a", "only_b"):
            rows = [f"{i['label']}{_wps(i)}" for i in d[part]]
            out.append((3, f"{w[part]} ({len(d[part])})", rows or [w["none"]]))
    out.append((2, w["adds"], [f"{w[_KIND_WORD[i['kind']]]}: {i['label']}{_wps(i)}" for i in answer["adds"]]
                or [w["none"]]))
    versions = answer.get("versions")
    if versions:
        out.append((2, f"{w['versions']}: {versions['occupation']['label']}", []))
        for part in ("kerntaken", "werkprocessen"):
            v = versions[part]
            rows = [f"{w['added']}: {i['notation']} {i['label']}" for i in v["added"]]
            rows += [f"{w['removed']}: {i['notation']} {i['label']}" for i in v["removed"]]
            rows += [f"{w['reworded']}: {p['a']['notation']} {p['a']['label']} → "
                     f"{p['b']['notation']} {p['b']['label']}" for p in v["reworded"]]
            rows += [f"{w['renumbered']}: {p['a']['notation']} → {p['b']['notation']} {p['b']['label']}"
                     for p in v["renumbered"]]
            for m in v["matched"]:
                for key, word in (("competencies_added", "added"), ("competencies_removed", "removed")):
                    for c in m.get(key, []):
                        rows.append(f"{w['links']} {w[word]}: {m['b']['notation']} {c['label']}")
            out.append((3, w[part], rows or [w["none"]]))
    return out


def to_text(answer: dict, *, lang: str = "nl") -> str:
    """The comparison as plain text."""
    w = WORDS[lang]
    head = f"{w['title']}: A = {answer['a']['label']} {w['with']} B = {answer['b']['label']}"
    lines = [head, "=" * len(head)]
    for level, heading, rows in _lines(answer, lang):
        lines.append(("" if level == 3 else "\n") + ("  " if level == 3 else "") + heading)
        lines.extend(("    " if level == 3 else "  ") + r for r in rows)
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>#|!])", r"\\\1", text)


def to_markdown(answer: dict, *, lang: str = "nl") -> str:
    """The comparison as Markdown (text from the data escaped)."""
    w = WORDS[lang]
    lines = [f"# {w['title']}: A = {_md(answer['a']['label'])} {w['with']} B = {_md(answer['b']['label'])}", ""]
    lines += [f"| {w['dimension']} | {w['shared']} | {w['only_a']} | {w['only_b']} | {w['jaccard']} |",
              "|---|---:|---:|---:|---:|"]
    for dim in DIMENSIONS:
        d = answer["dimensions"][dim]
        counts = " | ".join(str(len(d[part])) for part in ("shared", "only_a", "only_b"))
        lines.append(f"| {w[dim]} | {counts} | {d['jaccard']:.2f} |")
    for level, heading, rows in _lines(answer, lang):
        lines += ["", "#" * level + " " + _md(heading), ""] + [f"- {_md(r)}" for r in rows]
    return "\n".join(lines) + "\n"


def to_html(answer: dict, *, lang: str = "nl") -> str:
    """The comparison as one self-contained HTML page (text from the data escaped)."""
    w = WORDS[lang]
    e = html.escape
    title = f"{w['title']}: A = {answer['a']['label']} {w['with']} B = {answer['b']['label']}"
    body = [f"<h1>{e(title)}</h1>", "<table>",
            f"<tr><th>{e(w['dimension'])}</th><th>{e(w['shared'])}</th><th>{e(w['only_a'])}</th>"
            f"<th>{e(w['only_b'])}</th><th>{e(w['jaccard'])}</th></tr>"]
    for dim in DIMENSIONS:
        d = answer["dimensions"][dim]
        body.append(f"<tr><td>{e(w[dim])}</td><td>{len(d['shared'])}</td><td>{len(d['only_a'])}</td>"
                    f"<td>{len(d['only_b'])}</td><td>{d['jaccard']:.2f}</td></tr>")
    body.append("</table>")
    for level, heading, rows in _lines(answer, lang):
        body.append(f"<h{level}>{e(heading)}</h{level}>")
        if rows:
            body.append("<ul>" + "".join(f"<li>{e(r)}</li>" for r in rows) + "</ul>")
    style = ("body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse}"
             "td,th{border:1px solid #999;padding:.2em .6em}td{text-align:right}td:first-child{text-align:left}")
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n<title>{e(title)}</title>\n'
            f"<style>{style}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n")


def to_json(answer: dict) -> str:
    """The comparison as JSON (the structure :func:`compare` returns)."""
    return json.dumps(answer, indent=2, ensure_ascii=False) + "\n"


# ------------------------------------------------------------------ similarity of all profiles


def _average_linkage_order(sim) -> list[int]:
    """Leaf order of average-linkage clustering on the similarities ``sim`` (an n × n array or
    nested list; most similar clusters merged first; ties, within 1e-12, go to the first pair in
    row order: the clusters with the smallest first index). Deterministic.

    Clusters keep the place of their first member, so a cluster is its first member's row and
    column of a symmetric matrix; the similarity of a merged cluster to the others follows from
    its two parts (Lance–Williams: the mean weighted by size), and each row remembers its largest
    value, so a merge costs O(n) and the whole clustering O(n²) work in numpy, not O(n⁴) in
    Python. Rows, not columns, are read: the matrix is symmetric, and a row is contiguous.

    The first pair in row order within 1e-12 of the largest is found as (x, y): x the first row
    whose largest value is that close, y the first such column in it. No column before x can
    hold one, or its row would come first; values closer than 1e-12 are equal up to rounding, as
    means of Jaccard values rounded to 4 places are, for clusters of fewer than about 5,000.

    >>> _average_linkage_order([[1, .1, .9], [.1, 1, .2], [.9, .2, 1]])
    [0, 2, 1]
    """
    import numpy as np

    n = len(sim)
    if n == 0:
        return []
    full = np.array(sim, dtype=float).reshape(n, n)
    full[np.diag_indices(n)] = -np.inf  # -inf: no pair (a cluster with itself, or one merged away)
    rowmax = full.max(axis=1)
    alive = np.ones(n, bool)
    size = np.ones(n)
    members = [[i] for i in range(n)]
    for _ in range(n - 1):
        top = rowmax.max() - 1e-12
        x = int(np.argmax(rowmax >= top))
        y = int(np.argmax(full[x] >= top))
        to_x, to_y = full[x], full[y]
        # Rows whose largest value was at column x or y must look again; the others may only grow.
        stale = ((to_x == rowmax) | (to_y == rowmax)) & alive
        merged = (size[x] * to_x + size[y] * to_y) / (size[x] + size[y])
        merged[[x, y]] = -np.inf
        full[x] = merged
        full[:, x] = merged
        full[y] = -np.inf
        full[:, y] = -np.inf
        alive[y] = False
        size[x] += size[y]
        members[x] += members[y]
        members[y] = []
        np.maximum(rowmax, merged, out=rowmax)
        stale[x], stale[y] = True, False
        again = np.flatnonzero(stale)
        rowmax[again] = full[again].max(axis=1)
        rowmax[y] = -np.inf
    return members[0]


def _jaccard_matrix(sets: list[set[str]]):
    """:func:`jaccard` of every pair of ``sets`` (an n × n numpy array), with the same rounding."""
    import numpy as np

    n = len(sets)
    index = {item: k for k, item in enumerate(sorted(set().union(*sets)))}
    member = np.zeros((n, len(index)))  # floats: the product below is BLAS's, exact for counts
    for i, found in enumerate(sets):
        member[i, [index[item] for item in found]] = 1
    shared = np.rint(member @ member.T).astype(np.int64)
    sizes = np.rint(member.sum(axis=1)).astype(np.int64)
    union = sizes[:, None] + sizes[None, :] - shared
    if not n:
        return np.zeros((0, 0))
    # Each (shared, union) pair that occurs is rounded once, in Python (as jaccard() rounds), and
    # looked up for every pair of sets: counts are small, so a table indexed by code is cheaper
    # than sorting the n² codes.
    width = int(union.max(initial=0)) + 1
    codes = shared * width + union
    present = np.zeros(int(codes.max()) + 1, dtype=bool)
    present[codes.ravel()] = True
    table = np.zeros(present.size)
    for c in np.flatnonzero(present).tolist():
        table[c] = round((c // width) / (c % width), 4) if c % width else 1.0
    return table[codes]


@gc_paused()
def profile_similarity(graph: Graph | Store | None = None, *, lang: str = "nl",
                       max_profiles: int = limits.MAX_SIMILARITY_NODES, endpoint: str | None = None,
                       timeout: float | None = None) -> dict[str, Any]:
    """All-pairs Jaccard similarity of the profiles in ``graph`` per dimension (competencies,
    knowledge, skills), as matrices in one order: average-linkage clustering on the mean of the
    three similarities, starting from the profiles sorted by IRI. More than ``max_profiles``
    profiles raise :class:`InputError`. Two queries, whatever the number of profiles.

    Returns ``{"profiles": [{"iri", "label"}, ...], "dimensions": {dim: [[float]]}}``.

    >>> import bcpgraph
    >>> answer = profile_similarity(bcpgraph.load())
    >>> [p["label"] for p in answer["profiles"]], answer["dimensions"]["skills"]
    (['Beroepscompetentieprofiel Contactcenter medewerker'], [[1.0]])
    """
    store = store_for(graph, endpoint, timeout=timeout)
    names = ask_triples(store, "all-profiles")
    found = sorted(p for p in names.subjects(RDF.type, BCP.Profile) if isinstance(p, URIRef))
    if len(found) > max_profiles:
        raise InputError(f"{len(found)} profiles are more than max_profiles={max_profiles} compared all-pairs")
    dims = {"competencies": BCP.competency, "knowledge": BCP.knowledge, "skills": BCP.skill}
    needs: dict[tuple[Any, Any], set[str]] = {}
    for row in ask_rows(store, "profile-needs"):
        needs[(row["profile"], row["link"])] = set(str(row["items"]).split())
    matrices = {d: _jaccard_matrix([needs.get((p, link), set()) for p in found]) for d, link in dims.items()}
    mean = (matrices["competencies"] + matrices["knowledge"] + matrices["skills"]) / len(dims)
    order = _average_linkage_order(mean)
    return {"profiles": [_profile_item(names, found[i], lang) for i in order],
            "dimensions": {d: m[order][:, order].tolist() if order else [] for d, m in matrices.items()}}


def similarity_records(answer: dict) -> list[dict[str, Any]]:
    """Each pair of profiles (in the answer's order, A before B) with its three similarities."""
    ps = answer["profiles"]
    return [{"a": ps[i]["label"], "b": ps[j]["label"], "a_iri": ps[i]["iri"], "b_iri": ps[j]["iri"],
             **{d: m[i][j] for d, m in answer["dimensions"].items()}}
            for i in range(len(ps)) for j in range(i + 1, len(ps))]


def similarity_heatmap(answer: dict, *, format: str = "png", lang: str = "nl") -> bytes:
    """A heatmap per dimension: :func:`bcpgraph.plot.similarity_heatmap` (all drawing is there)."""
    from .plot import similarity_heatmap as heatmap

    return heatmap(answer, format=format, lang=lang)
