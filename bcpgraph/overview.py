"""A summary of each profile in a graph: what it is, who adopted it, what it holds.

Profiles are read a hundred at a time, with a few SPARQL queries that start from them (a VALUES
row each, see :mod:`bcpgraph.analysis.networks`): a summary of one profile costs the same beside
one profile or thousands, and a summary of thousands needs a few queries per hundred, not per
profile (what counts on a server).
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SDO, SKOS

from .analysis.networks import Triples, ask_rows, ask_triples, profile_iris
from .errors import InputError
from .labels import compact, label
from .limits import MAX_PATH_LENGTH, MAX_PATHS
from .namespaces import BCP
from .stores import Store, store_for

__all__ = ["overview", "career_target", "to_text", "summary", "summary_text", "summary_json", "WORDS"]


def _count(graph: Triples, subject: URIRef, predicate: URIRef) -> int:
    return len(set(graph.objects(subject, predicate)))


def _notation_key(graph: Triples, node: URIRef) -> tuple[int, ...]:
    text = str(graph.value(node, SKOS.notation) or "0")
    return tuple(int(p) if p.isdigit() else 0 for p in text.split("."))


def _scheme_size(graph: Triples, used: set, competencies: Triples) -> int:
    """How many competencies the scheme(s) of the ``used`` competencies hold (all bcp:Competency
    concepts in the graph when they name no scheme); ``competencies`` holds each bcp:Competency
    and its schemes."""
    schemes = {s for c in used for s in graph.objects(c, SKOS.inScheme)}
    if schemes:
        return len({c for s in schemes for c in competencies.subjects(SKOS.inScheme, s)
                    if (c, RDF.type, BCP.Competency) in competencies})
    return len(set(competencies.subjects(RDF.type, BCP.Competency)))


def _competencies(store: Store) -> Triples:
    found = Triples()
    for row in ask_rows(store, "all-competencies"):
        found.add(row["competency"], RDF.type, BCP.Competency)
        if row.get("scheme") is not None:
            found.add(row["competency"], SKOS.inScheme, row["scheme"])
    return found


#: Profiles read together, in one query per kind of triples (a VALUES row each): at 1,000
#: profiles on a server, asking for each profile in turn took 68 s.
BATCH = 100


def _batches(profiles: list[URIRef]) -> list[list[URIRef]]:
    return [profiles[i:i + BATCH] for i in range(0, len(profiles), BATCH)]


def _profile_triples(store: Store, profiles: list[URIRef]) -> Triples:
    """What :func:`overview` reads about ``profiles``, together: each profile's triples are its own
    (a profile says things about its own resources only), so one answer serves them all."""
    return ask_triples(store, "profile", "profile-kerntaken", "profile-werkprocessen", "profile-items",
                       "profile-details", "profile-steps", profile=profiles)


def career_target(graph: Graph | Store | Triples | None, profile: str | URIRef) -> str | None:
    """The role of the profile's first vertical career step (bcp:verticalWithin, lowest
    schema:position, then IRI) that names one; None if it has none. Interpretations are left out.

    >>> from bcpgraph import load
    >>> career_target(load(), "https://w3id.org/bcpgraph/id/bcp/contactcenter-medewerker-2010")
    'https://w3id.org/bcpgraph/id/functie/senior-agent'
    """
    if not isinstance(graph, Triples):
        graph = ask_triples(store_for(graph), "profile", "profile-steps", profile=URIRef(profile))
    steps = []
    for step in graph.objects(URIRef(profile), BCP.careerTransition):
        target = graph.value(step, BCP.toRole)
        if ((step, BCP.careerDirection, BCP.verticalWithin) in graph and isinstance(target, URIRef)
                and (step, RDF.type, BCP.Interpretation) not in graph):
            position = graph.value(step, SDO.position)
            order = int(position) if position is not None and str(position).isdigit() else 1 << 30
            steps.append((order, str(step), str(target)))
    return min(steps)[2] if steps else None


def overview(graph: Graph | Store | None = None, *, lang: str = "nl", profile: str | URIRef | None = None,
             endpoint: str | None = None, timeout: float | None = None) -> list[dict[str, object]]:
    """One summary dict per bcp:Profile in ``graph`` (plain values, ready for JSON); with
    ``profile`` (an IRI), for that profile only. ``graph`` is an rdflib Graph, a
    :class:`~bcpgraph.stores.Store` or None for the shipped data (or ``endpoint``, a URL).

    ``career_target`` is the IRI of the role of the profile's first vertical career step
    (:func:`career_target`), or None.

    ``competencies_used`` of ``competencies_in_scheme`` says how much of the competency scheme
    the profile needs.

    >>> from bcpgraph import load
    >>> [(p["werkprocessen"], p["competencies_in_scheme"]) for p in overview(load())]
    [(7, 25)]
    """
    out = []
    store = store_for(graph, endpoint, timeout=timeout)
    chosen = [URIRef(p) for p in profile_iris(store)] if profile is None else [URIRef(profile)]
    competencies = _competencies(store) if chosen else Triples()
    for batch in _batches(chosen):
        graph = _profile_triples(store, batch)
        for profile in batch:
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
                "competencies_in_scheme": _scheme_size(graph, {c for _, c in links}, competencies),
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


#: The words of the overview and the career-path table, in each language.
WORDS = {
    "nl": {
        "occupation": "beroep", "adopted": "vastgesteld", "by": "door", "in": "in",
        "job_titles": "functiebenamingen", "contents": "inhoud", "kerntaken": "kerntaken",
        "werkprocessen": "werkprocessen", "of": "van de", "competencies": "competenties",
        "links": "koppelingen", "results": "resultaten", "knowledge_items": "kennisitems",
        "skills": "vaardigheden", "attitudes": "beroepshoudingen", "legislation": "wet- en regelgeving",
        "sources": "bronnen", "career_transitions": "loopbaanstappen", "kerntaak": "kerntaak",
        "validation": "Validatie", "conforms": "voldoet aan de bcpgraph-shapes",
        "not_conforms": "voldoet NIET aan de bcpgraph-shapes",
        "not_validated": "niet uitgevoerd (de gegevens staan op een endpoint)", "violations": "overtredingen",
        "warnings": "waarschuwingen", "shared": "Welke competenties komen in meerdere werkprocessen terug?",
        "paths": "Loopbaanpaden van {a} naar {b}:", "no_path": "(geen pad)", "shortest": "(* kortste)",
        "no_paths_for": "Loopbaanpaden naar {b}: niet te bepalen ({why})",
        "no_target": "Loopbaanpaden: het profiel noemt geen verticale loopbaanstap (geef --to ROL)",
        "truncated": "(lijst ingekort: hoogstens {n} paden van hoogstens {k} stappen; meer met "
                     "--max-paths en --max-length)",
        "columns": {"competency": "competentie", "notation": "nummer", "label": "naam", "count": "aantal",
                    "werkprocessen": "werkprocessen", "profile": "profiel"},
    },
    "en": {
        "occupation": "occupation", "adopted": "adopted", "by": "by", "in": "in",
        "job_titles": "job titles", "contents": "contents", "kerntaken": "kerntaken",
        "werkprocessen": "werkprocessen", "of": "of", "competencies": "competencies",
        "links": "links", "results": "results", "knowledge_items": "knowledge items",
        "skills": "skills", "attitudes": "attitudes", "legislation": "legislation items",
        "sources": "sources", "career_transitions": "career transitions", "kerntaak": "kerntaak",
        "validation": "Validation", "conforms": "conforms to the bcpgraph shapes",
        "not_conforms": "does NOT conform to the bcpgraph shapes",
        "not_validated": "not run (the data is on an endpoint)", "violations": "violations",
        "warnings": "warnings", "shared": "Which competencies recur across werkprocessen?",
        "paths": "Career paths from {a} to {b}:", "no_path": "(no path)", "shortest": "(* shortest)",
        "no_paths_for": "Career paths to {b}: cannot tell ({why})",
        "no_target": "Career paths: the profile names no vertical career step (give --to ROLE)",
        "truncated": "(list cut: at most {n} paths of at most {k} steps; more with --max-paths and "
                     "--max-length)",
        "columns": {},
    },
}


def to_text(profiles: list[dict], lang: str = "nl") -> str:
    """The summaries of :func:`overview` as text: a block per profile (title, occupation,
    adoption, job titles, counts, then the kerntaken and their werkprocessen)."""
    w = WORDS[lang]
    heads = [w[k] + ":" for k in ("occupation", "adopted", "job_titles", "contents")]
    width = max(len(h) for h in heads) + 2
    out = []
    for p in profiles:
        out.append(f"{p['title']}")
        out.append("=" * len(str(p["title"])))
        out.append(f"{heads[0]:{width}}{p['occupation']}")
        a = p["adoption"]
        if a:
            out.append(f"{heads[1]:{width}}{a['date']} {w['by']} {a['by']} {w['in']} {a['place']}")
        out.append(f"{heads[2]:{width}}{', '.join(p['job_titles'])}")
        scheme = p.get("competencies_in_scheme")
        of = f" {w['of']} {scheme}" if scheme else ""
        out.append(f"{heads[3]:{width}}{len(p['kerntaken'])} {w['kerntaken']}, {p['werkprocessen']} "
                   f"{w['werkprocessen']}, {p['competencies_used']}{of} {w['competencies']} in "
                   f"{p['competency_links']} {w['links']}, {p['results']} {w['results']}, "
                   f"{p['knowledge_items']} {w['knowledge_items']}, {p['skills']} {w['skills']}")
        out.append(f"{'':{width}}{p['attitudes']} {w['attitudes']}, {p['legislation']} {w['legislation']}, "
                   f"{p['sources']} {w['sources']}, {p['career_transitions']} {w['career_transitions']}")
        for kt in p["kerntaken"]:
            out.append(f"  {w['kerntaak']} {kt['notation']}  {kt['label']}")
            for wp in kt["werkprocessen"]:
                out.append(f"    {wp['notation']}  {wp['label']}")
        out.append("")
    return "\n".join(out)


def summary(graph: Graph | Store | None = None, *, lang: str = "nl", profile: str | URIRef | None = None,
            to: str | None = None, max_paths: int = MAX_PATHS, max_length: int = MAX_PATH_LENGTH,
            endpoint: str | None = None, timeout: float | None = None) -> dict[str, object]:
    """What ``bcpgraph overview`` answers besides validation, as data: ``profiles`` (the
    :func:`overview` of each profile, or of ``profile``, an IRI), ``shared_competencies`` (the
    named query's :class:`~bcpgraph.results.Rows`, at least 2 werkprocessen) and
    ``career_paths`` (per profile, the :func:`~bcpgraph.analysis.career_answer` to ``to`` or to
    the role of its first vertical career step; ``to`` is None where it names none, ``error``
    says why no paths could be found).

    >>> doc = summary()
    >>> [p["werkprocessen"] for p in doc["profiles"]], len(doc["shared_competencies"]) > 0
    ([7], True)
    >>> [(c["from"]["label"], c["to"]["label"]) for c in doc["career_paths"]]
    [('Contactcenter medewerker', 'senior agent')]
    """
    from .analysis import career_answer
    from .analysis.careers import PROFILE_CAREERS, network_from
    from .query import query

    store = store_for(graph, endpoint, timeout=timeout)
    profiles = overview(store, lang=lang, profile=profile)
    one = {"profile": str(profile)} if profile is not None else {}
    shared = query("shared-competencies", graph=store, lang=lang, min="2", timeout=timeout, **one)
    paths = []
    wanted = [URIRef(p["profile"]) for p in profiles if to or p["career_target"]]
    read: dict[URIRef, Triples] = {}
    for batch in _batches(wanted):
        read.update(dict.fromkeys(batch, ask_triples(store, *PROFILE_CAREERS, profile=batch)))
    for p in profiles:
        target = to or p["career_target"]
        if target is None:
            paths.append({"profile": p["profile"], "to": None, "error": None})
            continue
        network = network_from(read[URIRef(p["profile"])], lang=lang, profile=p["profile"])
        try:
            answer = career_answer(network, target, max_paths=max_paths, max_length=max_length)
        except InputError as exc:  # no such role, no single occupation: the overview still stands
            answer = {"to": target, "error": str(exc).removeprefix("to: ").removeprefix("from: ")}
        paths.append({"profile": p["profile"], **answer})
    return {"profiles": profiles, "shared_competencies": shared, "career_paths": paths}


def summary_json(doc: dict, validation=None) -> str:
    """A :func:`summary` (and the :class:`~bcpgraph.validation.ValidationReport`, or None where
    nothing was validated) as the JSON document of ``bcpgraph overview --format json``."""
    import json

    out = {"validation": validation.to_dict() if validation is not None else None,
           "profiles": doc["profiles"],
           "shared_competencies": json.loads(doc["shared_competencies"].serialize("json")),
           "career_paths": doc["career_paths"]}
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"


def summary_text(doc: dict, validation=None, lang: str = "nl") -> str:
    """A :func:`summary` (and its validation report, or None) as the text ``bcpgraph overview``
    prints: the profiles, the verdict, the shared competencies as a table, the career paths."""
    from .analysis import paths_text
    from .results import Rows

    w = WORDS[lang]
    text = [to_text(doc["profiles"], lang)]
    if validation is not None:
        verdict = w["conforms"] if validation.conforms else w["not_conforms"]
        text.append(f"{w['validation']}: {verdict} ({len(validation.violations)} {w['violations']}, "
                    f"{len(validation.warnings)} {w['warnings']})\n")
    else:
        text.append(f"{w['validation']}: {w['not_validated']}\n")
    text.append(w["shared"] + "\n")
    shared, columns = doc["shared_competencies"], w["columns"]
    shown = Rows(tuple(columns.get(v, v) for v in shared.vars),
                 [{columns.get(k, k): v for k, v in row.items()} for row in shared])
    text.append(shown.serialize("table") + "\n")
    all_paths = doc["career_paths"]
    for paths in all_paths:
        if len(all_paths) > 1:
            text.append(f"[{compact(URIRef(paths['profile']))}]")
        if paths["to"] is None:
            text.append(w["no_target"] + "\n")
        elif "error" in paths:
            text.append(w["no_paths_for"].format(b=paths["to"], why=paths["error"]) + "\n")
        else:
            text.append(w["paths"].format(a=paths["from"]["label"], b=paths["to"]["label"]) + "\n")
            text.append(paths_text(paths, lang))
    return "\n".join(text)
