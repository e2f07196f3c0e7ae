"""Many files validated apart, in parallel, and merged into the report of their union.

Validating N files one pySHACL call each (in a process pool) gives the results of one call over
the union of the files only where no file changes what the shapes see of another file's nodes.
What a shape reads is worked out from the shapes graph (:func:`.plan._plan`):

- the focus node's own triples along the paths of the shape (forward and inverse);
- of other nodes (values, the steps of longer paths): their types (sh:class, through
  rdfs:subClassOf), rdf:first / rdf:rest, labels, and the paths of shapes applied to them;
- SPARQL-based constraints: any triple whose predicate the query names. These shapes are
  validated once, over the ontology plus every file's triples with those predicates (and
  labels): exactly the triples the query can match, so the answer is the union's.

A file's own nodes (IRIs no other file names, its blank nodes) are then seen whole in its own
call. The shared terms (everything in the ontology, competency scheme and vocabularies, and in
the files given without a profile: vocabularies too, read once before the workers fork) are
where files meet: each call sees the ontology's triples about a shared term plus the file's
own. That is the union's view only if every file says the same about it, for every predicate
a shape reads there. Where that does not hold (or an IRI outside the shared terms is named by
two files, or a file adds rdfs:subClassOf, or the shapes use what is not analysed here:
sh:closed, SPARQL targets, SPARQL in nested shapes), the files are validated together, in one
pySHACL call, as before: the results are the same either way, only the time differs.

Speed, same results: each worker validates a batch of files in one call (the shared terms the
shapes can reach, not the whole ontology, beside them), with pySHACL's reading of the shapes
made once before the fork; the label shapes are checked in Python (bcpgraph.validation.labels,
used only while the shapes are those it implements); the SPARQL-based shapes run over the
projection with their focus nodes shared out over the cores, their queries joined from $this.

The workers are forked: they inherit what the parent set in :data:`_SHARED` and :data:`_PROJECTED`
(never pickled); the functions they run are this module's own.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from ..errors import BcpgraphError
from ..graph import ontology, read_rdf
from ..labels import compact, label
from ..namespaces import BCP
from . import labels as label_shapes
from .checks import _CHECK_WORDS, _no_profile, _undefined_terms
from .engine import _label_check, _shapes_graph, _validate
from .plan import _LABEL_PREDICATES, _Plan, _plan
from .report import ValidationReport, ValidationResult, _report_graph

def _superclasses(graph: Graph) -> dict[Node, set[Node]]:
    """Each class with itself and all its superclasses (rdfs:subClassOf*) in ``graph``."""
    closure: dict[Node, set[Node]] = {}
    for cls in set(graph.subjects(RDFS.subClassOf, None)) | set(graph.objects(RDFS.subClassOf, None)):
        closure[cls] = set(graph.transitive_objects(cls, RDFS.subClassOf))
    return closure


def _reach(onto: Graph, start: set[Node], follow: frozenset[URIRef], inverse: frozenset[URIRef]) -> set[Node]:
    """The terms of the ontology a validation starting at ``start`` can read: along the predicates
    shapes read (``follow``), and back along those they read backwards (``inverse``)."""
    seen: set[Node] = set()
    todo = list(start)
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        todo.extend(o for p, o in onto.predicate_objects(node)
                    if p in follow and isinstance(o, (URIRef, BNode)) and o not in seen)
        for predicate in inverse:
            todo.extend(x for x in onto.subjects(predicate, node) if x not in seen)
    return seen


@dataclass
class _Shared:
    """What every worker of the pool needs (set before the pool forks, so never pickled)."""

    graph: Graph
    nodes: frozenset[Node]
    plan: _Plan
    sparql_types: frozenset[Node] | None
    in_predicates: frozenset[URIRef]
    lang: str


_SHARED: _Shared | None = None
#: Files validated in one pySHACL call by a worker (at most): fewer calls, each over more data.
BATCH = 8


def _workers(files: int) -> int:
    """Processes for ``files`` files: one per core (at most one per file)."""
    return min(files, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops them; stopped (SIGTERM), they just end: no
    traceback from each of them (whatever handlers they inherited from the parent)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGALRM, signal.SIG_IGN)


def _one_batch(paths: list[str]) -> list[dict] | BcpgraphError:
    """Worker: read the files, validate them in one call beside what the shapes can read of the
    shared terms, and say of each file what it adds to shared terms."""
    shared = _SHARED
    plan, nodes, onto = shared.plan, shared.nodes, shared.graph
    parts = []
    for path in paths:
        try:
            parts.append((path, read_rdf(path)))
        except BcpgraphError as exc:
            return exc
    # Of the shared terms, what the shapes can read of them as values of the files' own nodes
    # (their types, classes, lists): the results about shared terms themselves are made once,
    # in _merge, so here they need not be right, only the files' own.
    reach = _reach(onto, {n for _, data in parts for t in data for n in (t[0], t[2]) if n in nodes},
                   plan.value_reads, frozenset(plan.value_inverse))
    graph = Graph()
    for subject in reach:
        for _, p, o in onto.triples((subject, None, None)):
            if p in plan.value_reads:
                graph.add((subject, p, o))
    for p in plan.value_inverse:
        for s, o in onto.subject_objects(p):
            if o in reach:
                graph.add((s, p, o))
    for _, data in parts:
        graph += data
    report = _validate(graph, shared.lang, use_shapes=plan.use_local, merged=True, skip=nodes)
    answers = [_facts(path, data, shared) for path, data in parts]
    owner = {s: a["path"] for a in answers for s in a["subjects"]}
    for answer in answers:
        answer["results"] = []
    by_path = {a["path"]: a for a in answers}
    for r in report.results:
        if r.focus not in nodes:
            # a node of no file (a value only) is not a file's own: kept by the first file of the batch
            path = owner.get(r.focus)
            by_path[path or paths[0]]["results"].append(replace(r, file=path))
    return answers


def _facts(path: str, data: Graph, shared: _Shared) -> dict:
    """What ``data`` (the file ``path``) adds to the shared terms, and the checks made in Python."""
    plan, nodes, onto = shared.plan, shared.nodes, shared.graph
    words = _CHECK_WORDS.get(shared.lang, _CHECK_WORDS["en"])
    out: dict[tuple[Node, Node], set[Node]] = {}
    into: dict[tuple[Node, Node], set[Node]] = {}
    subjects = set(data.subjects())
    refs: set[str] = set()
    projected = Graph()
    subclass = False
    for triple in data:
        if triple in onto:
            continue
        s, p, o = triple
        if p == RDFS.subClassOf:
            subclass = True
        if s in nodes:
            out.setdefault((s, p), set()).add(o)
        if (o in nodes or o not in subjects) and p in shared.in_predicates:
            into.setdefault((o, p), set()).add(s)
        if isinstance(o, URIRef) and o not in nodes and o not in subjects and p != RDF.type:
            refs.add(str(o))
        if (p in plan.sparql_predicates and p != RDF.type) or (
                p == RDF.type and (shared.sparql_types is None or o in shared.sparql_types)):
            projected.add(triple)
    for node in {n for t in projected for n in (t[0], t[2]) if isinstance(n, (URIRef, BNode))}:
        for p in _LABEL_PREDICATES:
            for o in data.objects(node, p):
                projected.add((node, p, o))
    terms = _undefined_terms(data, shared.lang, words, first=True)
    for term, (first, result) in terms.items():
        if result.focus in nodes:  # named as in the union: with the shared labels and the file's
            labels = Graph()
            labels += onto.triples((result.focus, None, None))
            labels += data.triples((result.focus, None, None))
            terms[term] = (first, replace(result, focus_label=label(labels, result.focus, shared.lang)))
    return {
        "path": path,
        "profile": (None, RDF.type, BCP.Profile) in data,
        "terms": terms,
        "out": {key: frozenset(values) for key, values in out.items()},
        "into": {key: frozenset(values) for key, values in into.items()},
        "own": {str(s) for s in subjects if isinstance(s, URIRef) and s not in nodes},
        "refs": refs,
        "subclass": subclass,
        "projected": projected,
        "subjects": subjects,
    }


_PROFILE_TYPE = (f"<{RDF.type}>", f"<{BCP.Profile}>")


def _may_hold_profile(path: Path) -> bool:
    """False when ``path`` surely holds no bcp:Profile (a vocabulary), at a glance: no "Profile" in its
    text (nor an escape that could spell it), or a Turtle-family file without the triple (read by
    Oxigraph, which stops at the first one). True may be wrong: the worker that reads the file says."""
    try:
        raw = path.read_bytes()
    except OSError:
        return True  # read_rdf names the problem
    if b"Profile" not in raw and b"\\u" not in raw and b"\\U" not in raw and b"&#" not in raw:
        return False
    formats = {".ttl": "TURTLE", ".nt": "N_TRIPLES", ".trig": "TRIG", ".nq": "N_QUADS"}
    if path.suffix.lower() not in formats:
        return True
    try:
        import pyoxigraph

        for quad in pyoxigraph.parse(raw, format=getattr(pyoxigraph.RdfFormat, formats[path.suffix.lower()])):
            if (str(quad.predicate), str(quad.object)) == _PROFILE_TYPE:
                return True
    except (SyntaxError, ValueError, OSError):
        return True  # read_rdf names the problem
    return False


def _validate_apart(files: list[Path], lang: str, vocabulary: Sequence[Path] | None = None
                    ) -> ValidationReport | None:
    """Validate the profile files apart, in a process pool, beside the shared context (the ontology
    and the files without a profile: vocabularies), and merge; None when the files must be validated
    together (see the module docstring)."""
    global _SHARED
    plan = _plan()
    if plan.unsupported:
        return None
    if vocabulary is None:
        vocabulary = [f for f in files if not _may_hold_profile(f)]
    vocabularies = [(str(f), read_rdf(f)) for f in vocabulary]
    # what the glance took for a vocabulary and holds a profile after all is a profile file
    vocabularies = [(name, g) for name, g in vocabularies if (None, RDF.type, BCP.Profile) not in g]
    shared_names = {name for name, _ in vocabularies}
    profiles = [str(f) for f in files if str(f) not in shared_names]
    if len(profiles) < 2:
        return None
    onto = Graph()
    onto += ontology()
    for _, g in vocabularies:
        onto += g
    nodes = frozenset(n for t in onto for n in (t[0], t[2]) if isinstance(n, (URIRef, BNode)))
    closure = _superclasses(onto)
    sparql_types = None
    if plan.sparql_types is not None:
        wanted = set(plan.sparql_types) | {c for top in plan.sparql for c in plan.targets[top][SH.targetClass]}
        sparql_types = frozenset(c for c, supers in closure.items() if supers & wanted) | frozenset(wanted)
    in_predicates = frozenset(plan.value_inverse | {p for ps in plan.focus_inverse.values() for p in ps} |
                              {p for top in plan.local for p in plan.targets[top][SH.targetObjectsOf]})
    _SHARED = _Shared(onto, nodes, plan, sparql_types, in_predicates, lang)
    _shapes_graph(tuple(s for s in plan.use_local if _label_check() is None or s not in label_shapes.SHAPES))
    workers = _workers(len(profiles))
    size = max(1, min(BATCH, -(-len(profiles) // (workers * 2))))
    batches = [profiles[i:i + size] for i in range(0, len(profiles), size)]
    # parsed before the fork: the workers inherit the parsed graphs and pySHACL's reading of the shapes
    try:
        done = _in_pool(_one_batch, batches, workers)
    finally:
        _SHARED = None
    answers = []
    for answer in done:
        if isinstance(answer, BcpgraphError):
            raise answer
        answers += answer
    missed = [Path(a["path"]) for a in answers if not a["profile"]]
    if missed:  # vocabularies the glance did not recognise: again, with them as shared context
        return _validate_apart(files, lang, [*map(Path, shared_names), *missed])
    if _apart_is_exact(answers, plan, onto, closure):
        return None
    return _merge(answers, plan, onto, lang, vocabularies)


def _in_pool(work: Callable, tasks: list, workers: int) -> list:
    """``work`` over ``tasks`` in a pool of ``workers`` forked processes (each task one call)."""
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_ignore_interrupts)
    try:
        return pool.map(work, tasks, chunksize=1)
    finally:
        # On a timeout or Ctrl-C as well: the workers are stopped before the exception goes on
        # (the alarm and Ctrl-C wait until they are, and then are raised as usual).
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGINT})
        try:
            pool.terminate()
            pool.join()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


_PROJECTED: tuple[Graph, str] | None = None
#: Focus nodes of the SPARQL-based shapes below which they are validated in one process.
SPARQL_SPLIT = 400


def _sparql_chunk(task: tuple[URIRef, list[Node]]) -> list[ValidationResult]:
    """Worker: the SPARQL-based shape ``task[0]`` on the focus nodes ``task[1]`` of the projection."""
    graph, lang = _PROJECTED
    shape, focus = task
    return list(_validate(graph, lang, use_shapes=[shape], merged=True, focus=focus).results)


def _sparql_apart(projected: Graph, plan: _Plan, lang: str) -> list[ValidationResult]:
    """The SPARQL-based shapes over ``projected`` (what their queries can match in the union), their
    focus nodes shared out over the cores: a SPARQL constraint is evaluated for each focus node on
    its own, so the results are those of one call."""
    global _PROJECTED
    tasks: list[tuple[URIRef, list[Node]]] = []
    whole: list[URIRef] = []
    for top in plan.sparql:
        foci = sorted(label_shapes.focus_nodes(projected, plan.targets[top]))
        if not foci:
            continue
        if any(isinstance(f, BNode) for f in foci):  # pySHACL takes focus nodes as IRIs only
            whole.append(top)
        else:
            size = max(SPARQL_SPLIT // 16, -(-len(foci) // (_workers(len(foci)) * 4)))
            tasks += [(top, foci[i:i + size]) for i in range(0, len(foci), size)]
    results = list(_validate(projected, lang, use_shapes=whole, merged=True).results) if whole else []
    workers = _workers(len(tasks))
    if workers < 2 or sum(len(foci) for _, foci in tasks) < SPARQL_SPLIT:
        for task in tasks:
            _PROJECTED = (projected, lang)
            results += _sparql_chunk(task)
        _PROJECTED = None
        return results
    _PROJECTED = (projected, lang)
    try:
        for found in _in_pool(_sparql_chunk, tasks, workers):
            results += found
    finally:
        _PROJECTED = None
    return results


def _apart_is_exact(answers: list[dict], plan: _Plan, onto: Graph, closure: dict[Node, set[Node]]) -> str:
    """Why the files, each seen beside the ontology, do not show the shapes what their union shows
    them; "" when they do."""
    for answer in answers:
        if answer["subclass"]:
            return f"{answer['path']} adds rdfs:subClassOf"
    owner: dict[str, str] = {}
    for answer in answers:
        for iri in answer["own"]:
            if owner.setdefault(iri, answer["path"]) != answer["path"]:
                return f"{owner[iri]} and {answer['path']} both describe <{iri}>"
    for answer in answers:
        for iri in answer["refs"]:
            if iri in owner:
                return f"{answer['path']} refers to <{iri}>, which {owner[iri]} describes"
    every = len(answers)
    out: dict[tuple[Node, Node], list[frozenset]] = {}
    into: dict[tuple[Node, Node], list[frozenset]] = {}
    for answer in answers:
        for key, values in answer["out"].items():
            out.setdefault(key, []).append(values)
        for key, values in answer["into"].items():
            into.setdefault(key, []).append(values)

    def same_everywhere(sets: list[frozenset]) -> bool:
        return len(sets) == every and all(s == sets[0] for s in sets)

    def types(node: Node) -> set[Node]:
        found = set(onto.objects(node, RDF.type)) | {o for s in out.get((node, RDF.type), []) for o in s}
        return {c for t in found for c in closure.get(t, {t})}

    def targeted(node: Node, top: URIRef) -> bool:
        targets = plan.targets[top]
        return (node in targets[SH.targetNode] or bool(types(node) & targets[SH.targetClass])
                or any((node, p, None) in onto or (node, p) in out for p in targets[SH.targetSubjectsOf])
                or any((None, p, node) in onto or (node, p) in into for p in targets[SH.targetObjectsOf]))

    for (node, predicate), sets in out.items():
        if not same_everywhere(sets) and (predicate in plan.value or any(
                predicate in plan.focus[top] and targeted(node, top) for top in plan.local)):
            return f"the files differ on {compact(node)} {compact(predicate)}"
    for (node, predicate), sets in into.items():
        if not same_everywhere(sets) and (predicate in plan.value_inverse or any(
                predicate in plan.focus_inverse[top] and targeted(node, top) for top in plan.local)):
            return f"the files differ on what is {compact(predicate)} {compact(node)}"
    return ""


def _merge(answers: list[dict], plan: _Plan, onto: Graph, lang: str,
           vocabularies: Sequence[tuple[str, Graph]] = ()) -> ValidationReport | None:
    """The report of the union from the reports of the profile files and the shared context
    ``onto`` (the ontology and the ``vocabularies``), validated once (None if the files disagree on
    a shared term)."""
    words = _CHECK_WORDS.get(lang, _CHECK_WORDS["en"])
    # A result of a shared term comes from each file that shows it; one result may also come
    # twice from one file (two constraints of a shape, same message): kept as often as one file has it.
    seen: dict[tuple, ValidationResult] = {}
    times: dict[tuple, int] = {}
    for answer in answers:
        counted: dict[tuple, int] = {}
        for r in answer["results"]:
            key = (r.severity, r.focus, r.path, r.source_shape, r.value, r.message)
            counted[key] = counted.get(key, 0) + 1
            if key in seen:
                if seen[key].focus_label != r.focus_label:
                    return None
                if r.file and r.file not in (seen[key].file or "").split(", "):
                    seen[key] = replace(seen[key], file=", ".join(filter(None, (seen[key].file, r.file))))
            else:
                seen[key] = r
        for key, count in counted.items():
            times[key] = max(times.get(key, 0), count)
    results = [r for key, r in seen.items() for _ in range(times[key])]
    # The shared terms are validated once, beside what the files add to them (the same in every
    # file, where a shape reads it: see _apart_is_exact).
    nodes = {n for t in onto for n in (t[0], t[2]) if isinstance(n, (URIRef, BNode))}
    rest = Graph()
    rest += onto
    for answer in answers:
        for (node, predicate), objects in answer["out"].items():
            for obj in objects:
                rest.add((node, predicate, obj))
        for (node, predicate), subjects in answer["into"].items():
            for subject in subjects:
                rest.add((subject, predicate, node))
    results += [r for r in _validate(rest, lang, use_shapes=plan.use_local, merged=True).results
                if r.focus in nodes]
    if plan.sparql:
        projected = Graph()
        projected += onto
        for answer in answers:
            projected += answer["projected"]
        results += _sparql_apart(projected, plan, lang)
    results += [_no_profile(a["path"], words) for a in answers if not a["profile"]]
    results += [_no_profile(name, words) for name, g in vocabularies if not len(g)]
    first: dict[Node, tuple] = {}
    terms = [answer["terms"] for answer in answers]
    for _, g in vocabularies:
        found = _undefined_terms(g, lang, words, first=True)
        terms.append({term: (triple, replace(r, focus_label=label(rest, r.focus, lang)))
                      for term, (triple, r) in found.items()})
    for found_in_file in terms:
        for term, found in found_in_file.items():
            if term not in first or found[0] < first[term][0]:
                first[term] = found
    results += [found[1] for _, found in sorted(first.items())]
    by_subject: dict[Node, list[str]] = {}
    for path, subjects in [*((a["path"], a["subjects"]) for a in answers),
                           *((name, set(g.subjects())) for name, g in vocabularies)]:
        for subject in subjects:
            by_subject.setdefault(subject, []).append(path)
    results = [r if r.file or r.focus not in by_subject else replace(r, file=", ".join(by_subject[r.focus]))
               for r in results]
    results.sort(key=ValidationResult._key)
    return ValidationReport(results=tuple(results), graph=_report_graph(results))
