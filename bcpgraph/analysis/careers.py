"""Careers: the career network of roles and transitions, finding a role by name, career paths.

>>> from bcpgraph.analysis import example_graph
>>> net = career_network(example_graph())
>>> [iri.rsplit("/", 1)[1] for iri in career_paths(net, "functie:agent", "functie:manager")["shortest"]]
['agent', 'teamleider', 'manager']
"""

from __future__ import annotations

import difflib
import re
from typing import Any

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS
from rdflib.term import Node

from .. import limits, namespaces
from ..errors import InputError
from ..gcpause import gc_paused
from ..labels import compact, label, sorted_terms
from ..limits import MAX_PATH_LENGTH, MAX_PATHS
from ..namespaces import BCP, PREFIXES
from ..stores import Store, store_for
from .algorithms import _count
from .networks import OCCUPATION, ROLE, Triples, ask_triples

__all__ = ["NodeError", "DIRECTIONS", "career_network", "occupations", "find_node", "career_paths",
           "career_answer", "paths_text"]

#: bcp:careerDirection values and the short names used on career edges.
DIRECTIONS: dict[URIRef, str] = {
    BCP.verticalWithin: "vertical",
    BCP.horizontalWithin: "horizontal",
    BCP.outside: "outside",
}

_POSITION = namespaces.SCHEMA.position
# Terms read for every role and step (rdflib builds a term on each namespace attribute, 1-3 µs).
_TYPE, _NAME_PREDICATES = RDF.type, (SKOS.prefLabel, SKOS.altLabel)
_OCCUPATION, _FROM, _TO = BCP.Occupation, BCP.fromRole, BCP.toRole
_INTERPRETATION, _DIRECTION = BCP.Interpretation, BCP.careerDirection


class NodeError(InputError, ValueError):
    """A name that names no node of a network, or more than one (the CLI exits with 2)."""


NodeError.__module__ = "bcpgraph.analysis"  # where users import it from


def _names(graph: Graph | Triples, node: Node) -> tuple[str, ...]:
    """Every skos:prefLabel and skos:altLabel of ``node``, in any language, sorted."""
    found = {str(v) for p in _NAME_PREDICATES for v in graph.objects(node, p)
             if isinstance(v, Literal)}
    return tuple(sorted(found))


def _fold(text: str) -> str:
    return " ".join(str(text).split()).casefold()


@gc_paused()
def career_network(graph: Graph | Store | None = None, *, lang: str = "nl", interpretations: bool = False,
                   profile: str | None = None, endpoint: str | None = None,
                   timeout: float | None = None) -> nx.DiGraph:
    """Roles joined by the bcp:CareerTransition resources of the graph (an rdflib Graph, a
    :class:`~bcpgraph.stores.Store`, None for the shipped data, or ``endpoint``).

    Nodes: every bcp:Role and bcp:Occupation, and every role a transition names, with
    ``label``, ``kind`` ("occupation" or "role") and ``alt_labels`` (all its other labels, any
    language). Edges run fromRole -> toRole with ``direction`` ("vertical", "horizontal",
    "outside"), ``direction_label``, ``interpretation`` (bool), ``transition`` (its IRI),
    ``label`` and ``position`` (its schema:position, 0 if none). Transitions without a toRole
    name no role and are left out; so are bcp:Interpretation transitions unless
    ``interpretations=True``. Where a stated transition and an interpretation join the same
    roles, the edge is the stated one. The labels of the transitions naming no role are kept,
    in order, in ``network.graph["without_role"]``. With ``profile`` (an IRI), only the
    transitions that profile names (bcp:careerTransition) and the roles they join, and its
    occupation; ``network.graph["profile"]`` is that IRI ("" for the whole graph), and
    ``network.graph["occupations"]`` the occupations careers start from: the profile's own (its
    steps may lead to other occupations), else every occupation in the graph.

    >>> from bcpgraph.analysis import example_graph
    >>> net = career_network(example_graph())
    >>> [(net.nodes[a]["label"], net.nodes[b]["label"], d)
    ...  for a, b, d in net.edges(data="direction")]
    [('agent', 'teamleider', 'vertical'), ('teamleider', 'manager', 'vertical')]
    >>> career_network(example_graph(), interpretations=True).number_of_edges()
    3
    """
    store = store_for(graph, endpoint, timeout=timeout)
    if profile is None:
        graph = ask_triples(store, "all-careers")
    else:
        graph = ask_triples(store, *PROFILE_CAREERS, profile=URIRef(profile))
    return network_from(graph, lang=lang, interpretations=interpretations, profile=profile)


#: The analysis queries a profile's career network is read with (its own triples, its career
#: steps, the roles they join). Given several profiles at once, their answer holds each one's.
PROFILE_CAREERS = ("profile", "profile-steps", "profile-roles")


@gc_paused()
def network_from(graph: Triples, *, lang: str = "nl", interpretations: bool = False,
                 profile: str | None = None) -> nx.DiGraph:
    """:func:`career_network` from the triples it reads: the answer of ``all-careers``, or of
    :data:`PROFILE_CAREERS` for ``profile`` (also when they were asked for several profiles
    together: a profile's network only follows its own steps)."""
    network = nx.DiGraph(name="careers", lang=lang, interpretations=interpretations,
                         profile=str(profile) if profile is not None else "")

    def add_role(role: Node) -> str:
        key = str(role)
        if key not in network:
            kind = OCCUPATION if (role, _TYPE, _OCCUPATION) in graph else ROLE
            own = label(graph, role, lang)
            network.add_node(key, kind=kind, label=own,
                             alt_labels=tuple(n for n in _names(graph, role) if n != own))
        return key

    if profile is None:
        roles = {*graph.subjects(RDF.type, BCP.Occupation), *graph.subjects(RDF.type, BCP.Role)}
        steps = set(graph.subjects(RDF.type, BCP.CareerTransition))
    else:
        roles = set(graph.objects(URIRef(profile), BCP.occupation))
        steps = {s for s in graph.objects(URIRef(profile), BCP.careerTransition)
                 if (s, RDF.type, BCP.CareerTransition) in graph}
    for role in sorted_terms(r for r in roles if isinstance(r, URIRef)):
        add_role(role)
    # where careers start: a profile's own occupation (its steps may reach others), else every one
    starts = network if profile is None else [str(r) for r in roles]
    network.graph["occupations"] = tuple(sorted(n for n in starts if n in network
                                                and network.nodes[n]["kind"] == OCCUPATION))
    transitions, open_ended = [], []
    for step in sorted_terms(steps):
        source, target = graph.value(step, _FROM), graph.value(step, _TO)
        interpretation = (step, _TYPE, _INTERPRETATION) in graph
        if interpretation and not interpretations:
            continue
        given = graph.value(step, _POSITION)
        order = int(given) if isinstance(given, Literal) and str(given).isdigit() else 0
        if isinstance(source, URIRef) and isinstance(target, URIRef):
            transitions.append((interpretation, order, str(step), step, source, target))
        else:
            open_ended.append((order, str(step), label(graph, step, lang)))
    network.graph["without_role"] = tuple(text for _, _, text in sorted(open_ended))
    for interpretation, position, _, step, source, target in sorted(transitions):
        a, b = add_role(source), add_role(target)
        if network.has_edge(a, b):
            continue  # a stated transition (sorted first) wins over an interpretation
        direction = graph.value(step, _DIRECTION)
        network.add_edge(
            a, b,
            direction=DIRECTIONS.get(direction) or (compact(direction) if direction else ""),
            direction_label=label(graph, direction, lang) if direction is not None else "",
            interpretation=interpretation, transition=str(step), label=label(graph, step, lang),
            position=position)
    return network


def occupations(network: nx.Graph) -> list[str]:
    """The occupations in a career network (nodes of ``kind`` "occupation"): where careers start.

    >>> from bcpgraph.analysis import example_graph
    >>> [iri.rsplit("/", 1)[1] for iri in occupations(career_network(example_graph()))]
    ['agent']
    """
    return sorted(n for n, kind in network.nodes(data="kind") if kind == "occupation")


def _expand(text: str) -> str:
    """An IRI for ``<iri>`` or a prefixed name with one of bcpgraph's prefixes, else ``text``."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    prefix, colon, local = text.partition(":")
    if colon and prefix in PREFIXES and not local.startswith("//"):
        return str(PREFIXES[prefix]) + local
    return text


def _display(network: nx.Graph, node: str) -> str:
    return f"{network.nodes[node].get('label', node)} ({compact(URIRef(node))})"


def find_node(network: nx.Graph, text: str) -> str:
    """The node that ``text`` names: its IRI, a prefixed name, or a label (case-insensitive).

    Labels are ``label`` and ``alt_labels``; failing those, the last part of the IRI. Raises
    :class:`NodeError` (a ValueError) listing the candidates when the text names several nodes,
    or with suggestions when it names none.

    >>> from bcpgraph.analysis import example_graph
    >>> net = career_network(example_graph())
    >>> find_node(net, "TEAM LEADER")
    'https://w3id.org/bcpgraph/id/functie/teamleider'
    >>> find_node(net, "functie:manager")
    'https://w3id.org/bcpgraph/id/functie/manager'
    >>> find_node(net, "teamlieder")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    bcpgraph.analysis.NodeError: no node called 'teamlieder'; did you mean 'teamleider' or ...?
    """
    iri = _expand(text)
    if iri in network:
        return iri
    wanted = _fold(text)
    names: dict[str, set[str]] = {}
    for node, data in network.nodes(data=True):
        for name in (data.get("label", ""), *data.get("alt_labels", ())):
            if name:
                names.setdefault(name, set()).add(node)
    found = {n for name, nodes in names.items() if _fold(name) == wanted for n in nodes}
    if not found:
        found = {n for n in network if _fold(re.split(r"[/#]", str(n))[-1]) == wanted}
    if len(found) == 1:
        return found.pop()
    if found:
        listing = "; ".join(_display(network, n) for n in sorted(found))
        raise NodeError(f"{text!r} is ambiguous, it names {len(found)} nodes: {listing}")
    by_fold = {_fold(name): name for name in sorted(names)}
    close = difflib.get_close_matches(wanted, list(by_fold), n=3, cutoff=0.6)
    hint = "; did you mean " + " or ".join(repr(by_fold[c]) for c in close) + "?" if close else ""
    raise NodeError(f"no node called {text!r}{hint}")


class _OutOfBudget(Exception):
    """The bounded search for a longer path gave up."""


def _distances_to(network: nx.DiGraph, target: str) -> dict[str, int]:
    """Steps from each node to ``target`` (only nodes that can reach it)."""
    return dict(nx.single_target_shortest_path_length(network, target))


def _first_shortest(network: nx.DiGraph, source: str, target: str, to_target: dict[str, int]) -> list[str]:
    """The shortest path that comes first in node order (the smallest list of IRIs)."""
    if source not in to_target:
        return []
    path = [source]
    while path[-1] != target:
        here = path[-1]
        path.append(min(n for n in network.successors(here) if to_target.get(n) == to_target[here] - 1))
    return path


def _paths_of_length(network: nx.DiGraph, source: str, target: str, steps: int,
                     to_target: dict[str, int], budget: list[int] | None = None):
    """Every simple path of exactly ``steps`` steps, in node order, depth first; a node is only
    entered when the target can still be reached in the steps left. ``budget`` (one count, in a
    list) bounds the nodes entered, raising :class:`_OutOfBudget` when spent."""
    path, seen = [source], {source}
    branches = [iter(sorted(network.successors(source)))]
    while branches:
        following = next(branches[-1], None)
        if following is None:
            branches.pop()
            seen.discard(path.pop())
            continue
        left = steps - len(path)  # steps left after moving to ``following``
        if following in seen or to_target.get(following, left + 1) > left:
            continue
        if budget is not None:
            budget[0] -= 1
            if budget[0] < 0:
                raise _OutOfBudget
        if following == target:
            if left == 0:
                yield [*path, following]
            continue
        path.append(following)
        seen.add(following)
        branches.append(iter(sorted(network.successors(following))))


def career_paths(network: nx.DiGraph, source: str, target: str, *, max_paths: int = MAX_PATHS,
                 max_length: int = MAX_PATH_LENGTH) -> dict[str, Any]:
    """Routes from ``source`` to ``target`` (IRIs or prefixed names) in a career network.

    ``shortest`` is a shortest path (the first in node order when there are several), whatever
    the limits. ``all`` holds simple paths of at most ``max_length`` steps, shortest first, then
    in node order, at most ``max_paths`` of them (defaults :data:`bcpgraph.limits.MAX_PATHS` and
    :data:`~bcpgraph.limits.MAX_PATH_LENGTH`: the number of simple paths grows exponentially,
    13 roles that all lead to each other have billions). The search takes at most
    :data:`~bcpgraph.limits.MAX_PATH_SEARCH` steps and then gives the paths found so far.
    ``truncated`` is True when paths were left out: more than ``max_paths``, longer than
    ``max_length`` (found by a bounded search; where that search cannot tell, True), or not
    reached within the search's steps. No route gives empty lists; an unknown node raises
    :class:`NodeError` naming it (use :func:`find_node` to turn a label into a node); a limit
    that is not a whole number ≥ 1 raises :class:`~bcpgraph.errors.InputError`.

    >>> from bcpgraph.analysis import example_graph
    >>> net = career_network(example_graph())
    >>> paths = career_paths(net, "functie:agent", "functie:manager")
    >>> [iri.rsplit("/", 1)[1] for iri in paths["shortest"]], len(paths["all"]), paths["truncated"]
    (['agent', 'teamleider', 'manager'], 1, False)
    >>> career_paths(net, "functie:manager", "functie:agent")
    {'shortest': [], 'all': [], 'truncated': False}
    >>> career_paths(net, "functie:agent", "functie:manager", max_length=1)["truncated"]
    True
    """
    max_paths, max_length = _count(max_paths, "max_paths"), _count(max_length, "max_length")
    ends = [_expand(source), _expand(target)]
    unknown = [given for given, node in zip((source, target), ends, strict=True)
               if node not in network]
    if unknown:
        raise NodeError("not in the career network: " + ", ".join(repr(u) for u in unknown))
    a, b = ends
    if a == b:
        return {"shortest": [a], "all": [[a]], "truncated": False}
    to_target = _distances_to(network, b)
    shortest = _first_shortest(network, a, b, to_target)
    if not shortest:
        return {"shortest": [], "all": [], "truncated": False}
    found: list[list[str]] = []
    longest = min(max_length, network.number_of_nodes() - 1)
    budget = [limits.MAX_PATH_SEARCH]
    try:
        for steps in range(len(shortest) - 1, longest + 1):
            for path in _paths_of_length(network, a, b, steps, to_target, budget):
                if len(found) == max_paths:
                    return {"shortest": shortest, "all": found, "truncated": True}
                found.append(path)
    except _OutOfBudget:  # the shortest paths found so far, in order
        return {"shortest": shortest, "all": found, "truncated": True}
    budget = [10_000]  # is there a path longer than max_length? a bounded look
    try:
        longer = any(next(_paths_of_length(network, a, b, steps, to_target, budget), None)
                     for steps in range(longest + 1, network.number_of_nodes()))
    except _OutOfBudget:
        longer = True
    return {"shortest": shortest, "all": found, "truncated": longer}




def career_answer(network: nx.DiGraph, target: str, *, source: str | None = None,
                  max_paths: int = MAX_PATHS, max_length: int = MAX_PATH_LENGTH) -> dict[str, Any]:
    """Career paths to the role ``target`` from ``source`` (default: the network's one
    occupation, ``network.graph["occupations"]``: for a profile's network, the profile's own),
    both found by :func:`find_node`, as plain records: ``from``, ``to``,
    ``shortest`` (nodes as ``{"iri", "label"}``), ``paths`` (lists of those), ``truncated``,
    ``max_paths`` and ``max_length``. A name that names no role, or no single occupation to
    start from, raises :class:`NodeError` whose message starts with the parameter (``from:`` or
    ``to:``).

    >>> from bcpgraph.analysis import example_graph
    >>> answer = career_answer(career_network(example_graph()), "manager")
    >>> [n["label"] for n in answer["shortest"]], answer["truncated"]
    (['agent', 'teamleider', 'manager'], False)
    """
    def role(param: str, text: str) -> str:
        try:
            return find_node(network, text)
        except NodeError as exc:
            raise NodeError(f"{param}: {exc}") from None

    if source is None:
        starts = network.graph.get("occupations")
        if starts is None:  # a network built elsewhere
            starts = occupations(network)
        if len(starts) != 1:
            raise NodeError("from: the graph has no single occupation; name the start role")
        start = starts[0]
    else:
        start = role("from", source)
    end = role("to", target)
    found = career_paths(network, start, end, max_paths=max_paths, max_length=max_length)

    def node(n: str) -> dict[str, str]:
        return {"iri": n, "label": network.nodes[n].get("label", n)}

    return {
        "from": node(start), "to": node(end),
        "shortest": [node(n) for n in found["shortest"]],
        "paths": [[node(n) for n in path] for path in found["all"]],
        "truncated": bool(found.get("truncated", False)),
        "max_paths": max_paths, "max_length": max_length,
    }


#: The words of :func:`paths_text`, in each language.
PATH_WORDS = {
    "nl": {"no_path": "(geen pad)", "shortest": "(* kortste)",
           "truncated": "(lijst ingekort: hoogstens {n} paden van hoogstens {k} stappen; meer met "
                        "--max-paths en --max-length)"},
    "en": {"no_path": "(no path)", "shortest": "(* shortest)",
           "truncated": "(list cut: at most {n} paths of at most {k} steps; more with --max-paths and "
                        "--max-length)"},
}


def paths_text(answer: dict[str, Any], lang: str = "nl") -> str:
    """The paths of a :func:`career_answer` as lines of text, the shortest marked ``*``.

    >>> from bcpgraph.analysis import example_graph
    >>> print(paths_text(career_answer(career_network(example_graph()), "manager"), "en"), end="")
     * agent → teamleider → manager
      (* shortest)
    """
    w = PATH_WORDS[lang]
    lines = []
    shortest = [n["iri"] for n in answer["shortest"]]
    for path in answer["paths"]:
        mark = "*" if [n["iri"] for n in path] == shortest else " "
        lines.append(f" {mark} " + " → ".join(n["label"] for n in path))
    if shortest and not any([n["iri"] for n in p] == shortest for p in answer["paths"]):
        lines.append(" * " + " → ".join(n["label"] for n in answer["shortest"]))
    if not lines:
        lines.append("  " + w["no_path"])
    else:
        lines.append("  " + w["shortest"])
    if answer["truncated"]:
        lines.append("  " + w["truncated"].format(n=answer["max_paths"], k=answer["max_length"]))
    return "\n".join(lines) + "\n"
