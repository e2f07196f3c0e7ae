"""A summary of each profile in a graph: what it is, who adopted it, what it holds."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SDO, SKOS

from .labels import label
from .namespaces import BCP

__all__ = ["overview", "career_target"]


def _count(graph: Graph, subject: URIRef, predicate: URIRef) -> int:
    return len(set(graph.objects(subject, predicate)))


def _notation_key(graph: Graph, node: URIRef) -> tuple[int, ...]:
    text = str(graph.value(node, SKOS.notation) or "0")
    return tuple(int(p) if p.isdigit() else 0 for p in text.split("."))


def _scheme_size(graph: Graph, used: set) -> int:
    """How many competencies the scheme(s) of the ``used`` competencies hold (all bcp:Competency
    concepts in the graph when they name no scheme)."""
    schemes = {s for c in used for s in graph.objects(c, SKOS.inScheme)}
    if schemes:
        return len({c for s in schemes for c in graph.subjects(SKOS.inScheme, s)
                    if (c, RDF.type, BCP.Competency) in graph})
    return len(set(graph.subjects(RDF.type, BCP.Competency)))


def career_target(graph: Graph, profile: str | URIRef) -> str | None:
    """The role of the profile's first vertical career step (bcp:verticalWithin, lowest
    schema:position, then IRI) that names one; None if it has none. Interpretations are left out.

    >>> from bcpgraph import load
    >>> career_target(load(), "https://w3id.org/bcpgraph/id/bcp/contactcenter-medewerker-2010")
    'https://w3id.org/bcpgraph/id/functie/senior-agent'
    """
    steps = []
    for step in graph.objects(URIRef(profile), BCP.careerTransition):
        target = graph.value(step, BCP.toRole)
        if ((step, BCP.careerDirection, BCP.verticalWithin) in graph and isinstance(target, URIRef)
                and (step, RDF.type, BCP.Interpretation) not in graph):
            position = graph.value(step, SDO.position)
            order = int(position) if position is not None and str(position).isdigit() else 1 << 30
            steps.append((order, str(step), str(target)))
    return min(steps)[2] if steps else None


def overview(graph: Graph, *, lang: str = "nl", profile: str | URIRef | None = None) -> list[dict[str, object]]:
    """One summary dict per bcp:Profile in ``graph`` (plain values, ready for JSON); with
    ``profile`` (an IRI), for that profile only.

    ``career_target`` is the IRI of the role of the profile's first vertical career step
    (:func:`career_target`), or None.

    ``competencies_used`` of ``competencies_in_scheme`` says how much of the competency scheme
    the profile needs.

    >>> from bcpgraph import load
    >>> [(p["werkprocessen"], p["competencies_in_scheme"]) for p in overview(load())]
    [(7, 25)]
    """
    out = []
    chosen = sorted(set(graph.subjects(RDF.type, BCP.Profile))) if profile is None else [URIRef(profile)]
    for profile in chosen:
        core_tasks = sorted(graph.objects(profile, BCP.coreTask), key=lambda n: _notation_key(graph, n))
        processes = [wp for kt in core_tasks for wp in
                     sorted(graph.objects(kt, BCP.workProcess), key=lambda n: _notation_key(graph, n))]
        links = [(wp, c) for wp in processes for c in graph.objects(wp, BCP.competency)]
        adoption = graph.value(profile, BCP.adoption)
        adopted = {}
        if adoption is not None:
            date = graph.value(adoption, BCP.adoptionDate)
            body = graph.value(adoption, PROV.wasAssociatedWith)
            place = graph.value(adoption, PROV.atLocation)
            adopted = {
                "date": None if date is None else str(date),
                "by": None if body is None else label(graph, body, lang),
                "place": None if place is None else label(graph, place, lang),
            }
        occupation = graph.value(profile, BCP.occupation)
        out.append({
            "profile": str(profile),
            "title": label(graph, profile, lang) if graph.value(profile, SKOS.prefLabel)
            else str(graph.value(profile, DCTERMS.title) or profile),
            "occupation": None if occupation is None else label(graph, occupation, lang),
            "adoption": adopted,
            "job_titles": [label(graph, t, lang) for t in sorted(
                graph.objects(profile, BCP.jobTitle),
                key=lambda t: (int(graph.value(t, SDO.position) or 0), str(t)))],
            "kerntaken": [
                {
                    "notation": str(graph.value(kt, SKOS.notation)),
                    "label": label(graph, kt, lang),
                    "werkprocessen": [
                        {"notation": str(graph.value(wp, SKOS.notation)), "label": label(graph, wp, lang)}
                        for wp in sorted(graph.objects(kt, BCP.workProcess),
                                         key=lambda n: _notation_key(graph, n))
                    ],
                }
                for kt in core_tasks
            ],
            "werkprocessen": len(processes),
            "competency_links": len(links),
            "competencies_used": len({c for _, c in links}),
            "competencies_in_scheme": _scheme_size(graph, {c for _, c in links}),
            "results": sum(_count(graph, wp, BCP.result) for wp in processes),
            "knowledge_items": len({k for wp in processes for k in graph.objects(wp, BCP.knowledge)}),
            "skills": len({s for wp in processes for s in graph.objects(wp, BCP.skill)}),
            "attitudes": _count(graph, profile, BCP.attitude),
            "legislation": _count(graph, profile, BCP.legislation),
            "sources": _count(graph, profile, DCTERMS.source),
            "career_transitions": _count(graph, profile, BCP.careerTransition),
            "career_target": career_target(graph, profile),
        })
    return out
