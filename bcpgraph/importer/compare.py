"""Precision and recall of an imported profile against a curated one, per kind of link.

How links are matched. A link is a pair (or a step) written as keys that mean the same on both
sides:

- a **werkproces** is its number (``skos:notation``, "1.1"): both graphs number them from the text;
- a **shared term** (competency, knowledge item, skill, occupation, role, legislation, source
  document: anything the shipped vocabularies or competency scheme define) is its IRI — the importer
  finds these IRIs by label, as a curator does by hand;
- **anything else** — results, job titles, attitudes, and terms a profile defines itself — is its
  Dutch ``skos:prefLabel`` under :func:`~bcpgraph.importer.text.variant_key` (case, accents,
  quotes, spaces and punctuation do not count), since the two graphs need not mint the same IRIs;
- a **career step** is (from role, to role or nothing, direction, whether it is a
  ``bcp:Interpretation``).

English labels are not compared: the importer does not write them.
Precision = matched / imported, recall = matched / curated (1.0 when the side is empty).
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from ..errors import InputError
from ..namespaces import BCP
from .text import variant_key

__all__ = ["KINDS", "links", "compare_graphs", "compare_table"]

#: The kinds of link, in the order they are reported.
KINDS = ("werkproces-competency", "werkproces-knowledge", "werkproces-skill", "results", "job titles",
         "attitudes", "career steps", "legislation", "sources")


def _label(graph: Graph, node) -> str:
    labels = sorted(str(o) for o in graph.objects(node, SKOS.prefLabel) if getattr(o, "language", None) == "nl")
    return labels[0] if labels else str(node)


def _profile(graph: Graph, name: str) -> URIRef:
    found = sorted(set(graph.subjects(RDF.type, BCP.Profile)))
    if len(found) != 1:
        raise InputError(f"{name}: holds {len(found)} profiles; the comparison takes a file with one")
    return found[0]


def links(graph: Graph, shared: set, *, name: str = "graph") -> dict[str, dict[tuple, str]]:
    """Every link of the one profile in ``graph``, per kind: key → a readable form of the link.
    ``shared`` holds the terms of the shipped vocabularies (matched by IRI)."""
    profile = _profile(graph, name)

    def key(term) -> str:
        return str(term) if term in shared else "label:" + variant_key(_label(graph, term))

    out: dict[str, dict[tuple, str]] = {kind: {} for kind in KINDS}
    core_tasks = list(graph.objects(profile, BCP.coreTask))
    work_processes = {wp for ct in core_tasks for wp in graph.objects(ct, BCP.workProcess)}
    for wp in work_processes:
        number = str(graph.value(wp, SKOS.notation))
        for kind, predicate in (("werkproces-competency", BCP.competency), ("werkproces-knowledge", BCP.knowledge),
                                ("werkproces-skill", BCP.skill)):
            for term in graph.objects(wp, predicate):
                out[kind][(number, key(term))] = f"{number} – {_label(graph, term)}"
        for result in graph.objects(wp, BCP.result):
            label = _label(graph, result)
            out["results"][(number, variant_key(label))] = f"{number} – {label}"
    for kind, predicate in (("job titles", BCP.jobTitle), ("attitudes", BCP.attitude)):
        for node in graph.objects(profile, predicate):
            label = _label(graph, node)
            out[kind][(variant_key(label),)] = label
    for step in graph.objects(profile, BCP.careerTransition):
        source, target = graph.value(step, BCP.fromRole), graph.value(step, BCP.toRole)
        direction = graph.value(step, BCP.careerDirection)
        interpretation = (step, RDF.type, BCP.Interpretation) in graph
        k = (key(source), key(target) if target is not None else "", str(direction), interpretation)
        words = f"{_label(graph, source)} → {_label(graph, target) if target is not None else '(no role)'}"
        out["career steps"][k] = f"{words} ({str(direction).rsplit('/', 1)[-1]}{', interpretation' * interpretation})"
    for kind, predicate in (("legislation", BCP.legislation), ("sources", DCTERMS.source)):
        for node in graph.objects(profile, predicate):
            out[kind][(key(node),)] = _label(graph, node)
    return out


def _ratio(a: int, b: int) -> float:
    return 1.0 if b == 0 else a / b


def compare_graphs(curated: Graph, imported: Graph, shared: set, *, curated_name: str = "curated",
                   imported_name: str = "imported") -> dict:
    """Per kind: counts, precision, recall, and the links missing from or extra in the import."""
    a = links(curated, shared, name=curated_name)
    b = links(imported, shared, name=imported_name)
    kinds = {}
    for kind in KINDS:
        matched = a[kind].keys() & b[kind].keys()
        kinds[kind] = {
            "curated": len(a[kind]), "imported": len(b[kind]), "matched": len(matched),
            "precision": round(_ratio(len(matched), len(b[kind])), 4),
            "recall": round(_ratio(len(matched), len(a[kind])), 4),
            "missing": sorted(a[kind][k] for k in a[kind].keys() - matched),
            "extra": sorted(b[kind][k] for k in b[kind].keys() - matched),
        }
    return {"curated": curated_name, "document": imported_name, "kinds": kinds}


def compare_table(answer: dict) -> str:
    """The comparison as a text table, then the links missing or extra (if any).

    >>> print(compare_table({"curated": "c.ttl", "document": "d.txt", "kinds": {"results": {
    ...     "curated": 2, "imported": 1, "matched": 1, "precision": 1.0, "recall": 0.5,
    ...     "missing": ["1.1 – Iets."], "extra": []}}}), end="")
    kind                   curated  imported  matched  precision  recall
    results                      2         1        1     1.0000  0.5000
    <BLANKLINE>
    missing from d.txt (in c.ttl):
      results: 1.1 – Iets.
    """
    rows = [f"{'kind':<22} {'curated':>7} {'imported':>9} {'matched':>8} {'precision':>10} {'recall':>7}"]
    for kind, r in answer["kinds"].items():
        rows.append(f"{kind:<22} {r['curated']:>7} {r['imported']:>9} {r['matched']:>8} "
                    f"{r['precision']:>10.4f} {r['recall']:>7.4f}")
    for what, field in (("missing from {d} (in {c})", "missing"), ("extra in {d} (not in {c})", "extra")):
        found = [(kind, x) for kind, r in answer["kinds"].items() for x in r[field]]
        if found:
            rows += ["", what.format(d=answer["document"], c=answer["curated"]) + ":"]
            rows += [f"  {kind}: {x}" for kind, x in found]
    return "\n".join(rows) + "\n"
