"""Every page a person reads, rendered from a Store: HTML in Dutch and English, and the
descriptions a Turtle or JSON-LD request for a resource gets.

All data comes through SPARQL on the store (Oxigraph, rdflib or an endpoint), a few whole queries
per page (``bcpgraph/web/sparql/*.rq``, the resource bound as an RDF term, never pasted); Python
sorts. Templates are Jinja2 (``bcpgraph/web/templates/``, autoescaped); CSS and the query page's
script are files (``bcpgraph/web/static/``): no inline script or style, nothing from a CDN.

Contract used by the server (:mod:`bcpgraph.web.app`) and ``publish``:

- ``Site(store, *, base=BASE, links="server"|"static", endpoint=None)``
- ``Site.page(path, lang="nl"|"en") -> bytes | None``: the HTML page for the resource
  ``base + path`` (``path`` without leading slash and without format extension; ``""`` is the
  home page, ``"def"`` the ontology documentation), or ``None`` when there is no such resource.
- ``Site.describe(path) -> Graph | None``: the triples that describe ``base + path`` (its own
  triples, its blank nodes closed, and the labels of the IRIs it points at), or ``None``.
- ``Site.paths() -> list[str]``: every path the site has a resource page for ("" first), read
  once per Site; ``Site.prepare()`` reads it at once (the server does, before forking workers).
- ``Site.picture(path, lang) -> bytes | None``: the career graph of a profile as SVG, at
  ``{profile path}/loopbaan`` (served as ``/{profile path}/loopbaan.svg``), else None.
- ``Site.compare_page(a, b, lang) -> bytes | None``: two profiles side by side (IRIs or the last
  part of their IRIs); with neither, the page to choose two; None when a name is unknown.
- ``Site.query_page(lang) -> bytes`` (``/sparql`` for browsers), ``Site.queries_page(lang) -> bytes``
  (``/queries`` for browsers), ``Site.not_found(lang) -> bytes``.

With ``links="server"`` links are absolute paths (``/id/bcp/…``, English pages ``?lang=en``);
with ``links="static"`` they are relative links to files (``….html``, ``….en.html``), as
``bcpgraph publish`` writes them.

>>> from bcpgraph.stores import open_store
>>> site = Site(open_store())
>>> b"Voert het verkoopgesprek" in site.page("id/bcp/contactcenter-medewerker-2010/werkproces/2.3", "nl")
True
>>> site.page("id/bcp/nothing-here", "nl") is None, site.describe("id/bcp/nothing-here") is None
(True, True)
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import cached_property
from importlib.resources import files
from typing import Any, Literal
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from rdflib import Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SKOS, VOID
from rdflib.term import Node

from ..binding import bind
from ..errors import ArgumentError, InputError
from ..namespaces import BASE, BCP, PREFIXES
from ..stores import Store
from .view import Link, Text, View
from .words import LANGS, OTHER, WORDS

__all__ = ["Site", "static_file", "STATIC_FILES", "file_name", "MAX_INCOMING", "MAX_INCOMING_CONTEXT",
           "MAX_COMPARE_PAIRS"]

#: The static files every page may use (under ``/static/``).
STATIC_FILES = ("style.css", "query.js", "favicon.svg")
#: At most this many links to one resource (triples ``?s ?p resource``) are fetched for its page.
MAX_INCOMING = 20_000
#: At most this many triples about the resources that point at one (their types and names, their
#: kerntaak and profile): about 11 a link, so the whole context of 5,000 links; a page with more
#: says that it shows less.
MAX_INCOMING_CONTEXT = 60_000
#: The static site pre-renders the comparison of every pair of profiles up to this many profiles.
MAX_COMPARE_PAIRS = 12
#: A path the site answers for: IRI characters only (no spaces, quotes, angle brackets, ``..``).
_PATH = re.compile(r"[\w.~:@!$&*+,;=%/-]*")

_SUMMARY = (RDF.type, SKOS.prefLabel, RDFS.label, DCTERMS.title, SKOS.notation)


def _query(name: str) -> str:
    return (files("bcpgraph.web") / "sparql" / f"{name}.rq").read_text(encoding="utf-8")


def static_file(name: str) -> bytes | None:
    """The bytes of the static file ``name`` (``style.css``, ``query.js``), or None.

    >>> static_file("style.css")[:2] != b"", static_file("../pages.py")
    (True, None)
    """
    if name not in STATIC_FILES:
        return None
    return (files("bcpgraph.web") / "static" / name).read_bytes()


def file_name(path: str, lang: str, ext: str = ".html") -> str:
    """The file of the page ``path`` in ``lang`` on the static site.

    >>> file_name("", "nl"), file_name("", "en"), file_name("id/bcp/x/werkproces/2.3", "en")
    ('index.html', 'index.en.html', 'id/bcp/x/werkproces/2.3.en.html')
    """
    stem = path or "index"
    return f"{stem}.en{ext}" if lang == "en" else f"{stem}{ext}"


def _check_lang(lang: object) -> str:
    if not isinstance(lang, str):
        raise ArgumentError(f"parameter lang is a string, not {type(lang).__name__}")
    if lang not in LANGS:
        raise InputError(f"parameter lang: {lang!r} is not nl or en")
    return lang


class Site:
    """The pages of the data in ``store`` (see the module docstring)."""

    def __init__(self, store: Store, *, base: str = BASE, links: Literal["server", "static"] = "server",
                 endpoint: str | None = None):
        if not isinstance(store, Store):
            raise ArgumentError(f"store is a bcpgraph Store (see bcpgraph.open_store), not {type(store).__name__}")
        if links not in ("server", "static"):
            raise InputError(f"parameter links: {links!r} is not server or static")
        self.store, self.base, self.links, self.endpoint = store, base, links, endpoint
        self.env = Environment(loader=PackageLoader("bcpgraph.web", "templates"),
                               autoescape=select_autoescape(default=True, default_for_string=True),
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        self._last: tuple[URIRef, tuple[Graph, Graph, bool] | None] | None = None

    # ------------------------------------------------------------------ paths and links

    def _iri(self, path: object) -> URIRef | None:
        if not isinstance(path, str):
            raise ArgumentError(f"path is a string, not {type(path).__name__}")
        if not _PATH.fullmatch(path) or any(part in (".", "..") for part in path.split("/")):
            return None
        return URIRef(self.base + path)

    @cached_property
    def _paths(self) -> tuple[str, ...]:
        rows = self.store.select(bind(
            "SELECT DISTINCT ?s WHERE {\n  VALUES (?base) { (UNDEF) }  # parameters\n"
            "  ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), STR(?base)))\n}",
            {"base": RDFLiteral(self.base)}))
        found = {str(r["s"])[len(self.base):] for r in rows}
        return ("", *sorted(p for p in found if p and self._iri(p) is not None))

    @cached_property
    def _pages(self) -> frozenset[str]:
        return frozenset(self._paths)

    def paths(self) -> list[str]:
        """Every path under the base that is the subject of a triple ("" for the home page first).
        Read once per Site (every link checks it): a Site shows its store as it was then."""
        return list(self._paths)

    def prepare(self) -> Site:
        """Read now what every page needs (the paths that have pages: 3.5 s at 1,000 profiles), so
        that worker processes forked afterwards share it rather than each reading it for its
        first page. Returns the Site."""
        self._pages  # noqa: B018 - computed and kept
        return self

    def _url(self, target: str, here: str) -> str:
        """The link from the page at file ``here`` to ``target`` (a file of the static site; on
        the server, a path from the root)."""
        if self.links == "server":
            return "/" + quote(target, safe="/:@!$&*+,;=-._~")
        return quote(posixpath.relpath(target, posixpath.dirname(here) or "."), safe="/:@!$&*+,;=-._~")

    def href(self, path: str, lang: str, here: str, *, switch: bool = False) -> str | None:
        """The link to the page of ``base + path`` in ``lang`` from the page whose file is ``here``
        (None when the static site has no such page). On the server, English pages carry
        ``?lang=en``; Dutch ones carry ``?lang=nl`` only when ``switch`` (the language switch must
        win over the browser's Accept-Language)."""
        if path not in self._pages:  # an IRI the data only points at (a namespace, a version IRI)
            return None
        if self.links == "server":
            page = "/" + quote(path, safe="/:@!$&*+,;=-._~")
            return page + ("?lang=en" if lang == "en" else "?lang=nl" if switch else "")
        return self._url(file_name(path, lang), here)

    def _special(self, name: str, lang: str, here: str, *, switch: bool = False) -> str:
        """Links to the pages that are no resources: ``home``, ``sparql``, ``compare``."""
        if self.links == "server":
            url = {"home": "/", "sparql": "/sparql", "compare": "/compare", "queries": "/queries"}[name]
            if lang == "en":
                return url + "?lang=en"
            return url + "?lang=nl" if switch else url
        stem = {"home": "index", "sparql": "sparql", "compare": "compare", "queries": "queries"}[name]
        return self._url(f"{stem}.en.html" if lang == "en" else f"{stem}.html", here)

    def _files(self, here: str) -> dict[str, str]:
        """Links to the site's files (not pages) from ``here``."""
        if self.links == "server":
            names = {"void": ".well-known/void", "context": "context.jsonld"}
        else:
            names = {"void": "void.ttl", "context": "context.jsonld"}
        out = {key: self._url(name, here) for key, name in names.items()}
        out.update({f"static_{n.split('.')[0]}": self._url(f"static/{n}", here) for n in STATIC_FILES})
        for ext in ("ttl", "nt", "trig", "jsonld"):
            out[f"dump_{ext}"] = self._url(f"dumps/bcpgraph.{ext}", here)
        return out

    def _render(self, template: str, lang: str, here: str, *, title: str, switch: str,
                formats: dict[str, str] | None = None, **values: Any) -> bytes:
        words = WORDS[lang]
        page = self.env.get_template(template).render(
            lang=lang, other=OTHER[lang], w=words, title=title, switch=switch, formats=formats or {},
            home=self._special("home", lang, here), sparql=self._special("sparql", lang, here),
            compare_url=self._special("compare", lang, here), ontology=self.href("def", lang, here),
            queries_url=self._special("queries", lang, here),
            files=self._files(here), **values)
        return page.encode("utf-8")

    def _view(self, graph: Graph, lang: str, here: str) -> View:
        return View(graph, lang, href=lambda path: self.href(path, lang, here), base=self.base)

    def _formats(self, path: str, here: str) -> dict[str, str]:
        """The resource's Turtle and JSON-LD (``/X.ttl`` on the server, ``X.ttl`` files)."""
        return {"Turtle": self._url(path + ".ttl", here), "JSON-LD": self._url(path + ".jsonld", here)}

    # ------------------------------------------------------------------ data

    def _construct(self, name: str, iri: URIRef, *, limit: int | None = None) -> Graph:
        text = bind(_query(name), {"resource": iri})
        if limit is not None:
            text += f"\nLIMIT {int(limit)}\n"
        return self.store.construct(text)

    def describe(self, path: str) -> Graph | None:
        """The triples a Turtle/JSON-LD request for ``base + path`` gets (see the module
        docstring), or None when the store holds no triple about it."""
        iri = self._iri(path)
        if iri is None or not path:
            return None
        fetched = self._fetch(iri)
        if fetched is None:
            return None
        graph = Graph()
        graph += fetched[0]
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace, override=True)
        return graph

    def _fetch(self, iri: URIRef) -> tuple[Graph, Graph, bool] | None:
        """The description of ``iri``, the triples its page shows (the description, the context
        and the incoming links), and whether the incoming links were cut off; None when the
        store holds no triple about it. The last answer is kept: ``publish`` asks for the page
        in two languages and the description of each resource in a row."""
        last = self._last
        if last is not None and last[0] == iri:
            return last[1]
        described = self._construct("describe", iri)
        if (iri, None, None) not in described:
            self._last = (iri, None)
            return None
        graph = Graph()
        graph += described
        graph += self._construct("context", iri)
        # The links first, on their own: bounded together with what is shown about their
        # subjects, the links could be pushed out of the answer by the names of a few of them (a
        # competency needed by 1,432 werkprocessen then read as needed by none).
        links = self._construct("incoming-links", iri, limit=MAX_INCOMING)
        graph += links
        context = self._construct("incoming-context", iri, limit=MAX_INCOMING_CONTEXT)
        graph += context
        found = (described, graph, len(links) >= MAX_INCOMING or len(context) >= MAX_INCOMING_CONTEXT)
        self._last = (iri, found)
        return found

    # ------------------------------------------------------------------ pages

    def page(self, path: str, lang: str = "nl") -> bytes | None:
        """The HTML page of ``base + path`` in ``lang``, or None when there is no such resource."""
        lang = _check_lang(lang)
        iri = self._iri(path)
        if iri is None:
            return None
        here = file_name(path, lang)
        if path == "":
            return self._home(lang, here)
        fetched = self._fetch(iri)
        if fetched is None:
            return None
        _, graph, truncated = fetched
        view = self._view(graph, lang, here)
        types = set(graph.objects(iri, RDF.type))
        context: dict[str, Any] = {
            "iri": str(iri), "heading": view.label(iri), "notation": graph.value(iri, SKOS.notation),
            "types": view.values(iri, RDF.type), "rows": view.rows(iri), "incoming": view.incoming(iri),
            "truncated": truncated, "description": view.text(iri, DCTERMS.description)
            or view.text(iri, SKOS.definition), "parents": self._parents(view, iri),
        }
        template = "resource.html"
        if BCP.Profile in types:
            template = "profile.html"
            context.update(self._profile(view, iri, lang, here))
        elif BCP.CoreTask in types:
            template = "kerntaak.html"
            context["werkprocessen"] = self._numbered(view, graph.objects(iri, BCP.workProcess))
        elif BCP.WorkProcess in types:
            template = "werkproces.html"
            context["sections"] = [
                (WORDS[lang]["competencies"], self._ordered(view, iri, BCP.competency, BCP.competencyList)),
                (WORDS[lang]["results"], view.values(iri, BCP.result)),
                (WORDS[lang]["knowledge"], self._ordered(view, iri, BCP.knowledge, BCP.knowledgeList)),
                (WORDS[lang]["skills"], self._ordered(view, iri, BCP.skill, BCP.skillList)),
            ]
        elif types & {BCP.Competency, BCP.KnowledgeItem, BCP.Skill}:
            template = "concept.html"
            predicate = BCP.competency if BCP.Competency in types else (
                BCP.knowledge if BCP.KnowledgeItem in types else BCP.skill)
            context["needed_by"] = self._needed_by(view, iri, predicate)
        if path == "def":
            template = "ontology.html"
            context.update(self._ontology(lang, here))
        return self._render(template, lang, here, title=context["heading"].value,
                            switch=self.href(path, OTHER[lang], here, switch=True) or "",
                            formats=self._formats(path, here), **context)

    def _parents(self, view: View, iri: URIRef) -> list[Link]:
        """The profile and kerntaak a kerntaak or werkproces belongs to (for the breadcrumb)."""
        graph, out, node = view.graph, [], iri
        for predicate in (BCP.workProcess, BCP.coreTask):
            parents = sorted(s for s in graph.subjects(predicate, node) if isinstance(s, URIRef))
            if parents:
                node = parents[0]
                out.insert(0, view.link(node))
        return out

    def _numbered(self, view: View, nodes) -> list[tuple[str, Link]]:
        return [(str(view.graph.value(n, SKOS.notation) or ""), view.link(n))
                for n in view.sorted(n for n in nodes if isinstance(n, URIRef))]

    def _ordered(self, view: View, iri: URIRef, predicate: URIRef, listed: URIRef) -> list:
        """The values of ``predicate`` in the order of the source's list ``listed`` where there is
        one, then any not in it, sorted."""
        in_list = []
        for head in view.graph.objects(iri, listed):
            in_list = [m for m in (view.members(head) or []) if m is not None]
            break
        rest = [n for n in view.sorted(view.graph.objects(iri, predicate)) if n not in in_list]
        return [view.value(n) for n in dict.fromkeys([*in_list, *rest])]

    def _needed_by(self, view: View, iri: URIRef, predicate: URIRef) -> list[dict[str, Any]]:
        """The werkprocessen pointing at ``iri`` with ``predicate``, grouped by profile."""
        graph = view.graph
        groups: dict[Node | None, list] = {}
        for wp in graph.subjects(predicate, iri):
            if not isinstance(wp, URIRef):
                continue
            kerntaak = min((s for s in graph.subjects(BCP.workProcess, wp) if isinstance(s, URIRef)), default=None)
            profile = None if kerntaak is None else min(
                (s for s in graph.subjects(BCP.coreTask, kerntaak) if isinstance(s, URIRef)), default=None)
            groups.setdefault(profile, []).append(wp)
        out = []
        for profile in sorted(groups, key=lambda p: ("" if p is None else view.label(p).value.casefold(), str(p))):
            out.append({"profile": None if profile is None else view.link(profile),
                        "werkprocessen": self._numbered(view, groups[profile])})
        return out

    def _profile(self, view: View, iri: URIRef, lang: str, here: str) -> dict[str, Any]:
        w = WORDS[lang]
        graph = view.graph

        def values(*predicates: URIRef) -> list:
            return [v for p in predicates for v in view.values(iri, p, one_language=True)]

        def rows(*predicates: URIRef) -> list:
            return [(view.link(p), view.values(iri, p, one_language=True)) for p in predicates
                    if (iri, p, None) in graph]

        sections = [
            (w["metadata"], rows(DCTERMS.title, DCTERMS.date, BCP.occupation, BCP.adoption)),
            (w["organisations"], [(None, self._attributions(view, iri))]),
            (w["sources"], [(view.link(DCTERMS.source), view.cited(iri, DCTERMS.source, BCP.sourceCitation))]
                           + rows(DCTERMS.references)),
            (w["job_titles"], [(None, values(BCP.jobTitle))]),
            (w["description"], rows(BCP.workEnvironment, BCP.roleDescription, BCP.contactDirection, BCP.workArea,
                                    BCP.complexityFactor, BCP.attitude, BCP.legalRequirementsApply, BCP.requirement)),
            (w["career"], [(None, values(BCP.careerTransition))]),
            (w["trends"], rows(BCP.trend, BCP.figure)),
            (w["legislation"], [(None, view.cited(iri, BCP.legislation, BCP.legislationCitation))]),
        ]
        kerntaken = [{"notation": notation, "link": link,
                      "werkprocessen": self._numbered(view, graph.objects(URIRef(link.iri), BCP.workProcess))}
                     for notation, link in self._numbered(view, graph.objects(iri, BCP.coreTask))]
        path = str(iri)[len(self.base):]
        picture = self._url(file_name(f"{path}/loopbaan", lang, ".svg"), here) if self.links == "static" else \
            self._url(f"{path}/loopbaan.svg", here) + ("?lang=en" if lang == "en" else "")
        others = [p for p in self._profiles() if p != str(iri)]
        compare = []
        if self.links == "server":
            compare = [(self._url("compare", here) + "?" + _query_string(a=path, b=p[len(self.base):], lang=lang),
                        p) for p in others]
        elif len(self._profiles()) <= MAX_COMPARE_PAIRS:
            compare = [(self._url(file_name(f"compare/{_slug(str(iri))}/{_slug(p)}", lang), here), p) for p in others]
        return {"sections": [(h, rows) for h, rows in sections if any(v for _, v in rows)],
                "kerntaken": kerntaken, "picture": picture,
                "compare_links": [(url, view.link(URIRef(p)).text) for url, p in compare]}

    def _attributions(self, view: View, iri: URIRef) -> list:
        """The organisations of a profile as "role: organisation" lines (developer, coordinator,
        commissioner, adopter first, then the others), each a blank node shown in place."""
        graph = view.graph
        order = {BCP.developer: 0, BCP.coordinator: 1, BCP.commissioner: 2, BCP.adopter: 3}
        out = []
        for node in graph.objects(iri, PROV.qualifiedAttribution):
            role, agent = graph.value(node, PROV.hadRole), graph.value(node, PROV.agent)
            if role is None or agent is None:
                out.append(((9, "", ""), view.value(node)))
                continue
            item = Role(view.link(role) if isinstance(role, URIRef) else view.value(role),
                        view.link(agent) if isinstance(agent, URIRef) else view.value(agent))
            out.append(((order.get(role, 5), view.label(role).value, view.label(agent).value.casefold()), item))
        return [item for _, item in sorted(out, key=lambda pair: pair[0])]

    # ------------------------------------------------------------------ home, ontology

    def _home(self, lang: str, here: str) -> bytes:
        graph = self.store.construct(_query("home"))
        view = self._view(graph, lang, here)
        datasets = []
        for d in sorted({*graph.subjects(RDF.type, DCAT.Dataset), *graph.subjects(RDF.type, VOID.Dataset)}):
            datasets.append({
                "link": view.link(d) if isinstance(d, URIRef) else None,
                "title": view.text(d, DCTERMS.title) or view.label(d),
                "description": view.text(d, DCTERMS.description),
                "licence": view.values(d, DCTERMS.license),
                "publisher": view.values(d, DCTERMS.publisher),
                "rights": view.text(d, DCTERMS.rights),
            })
        profiles = [(view.link(p), graph.value(p, DCTERMS.date))
                    for p in view.sorted(graph.subjects(RDF.type, BCP.Profile)) if isinstance(p, URIRef)]
        names = sorted(_named_queries())
        return self._render("home.html", lang, here, title="bcpgraph", switch=self._special("home", OTHER[lang], here,
                                                                                          switch=True),
                            datasets=datasets, profiles=profiles, queries=self._query_links(names, here))

    def _ontology(self, lang: str, here: str) -> dict[str, Any]:
        graph = self.store.construct(bind(_query("ontology"), {"namespace": RDFLiteral(str(BCP))}))
        view = self._view(graph, lang, here)

        def term(node: URIRef) -> dict[str, Any]:
            return {"link": view.link(node), "definition": view.text(node, SKOS.definition)
                    or view.text(node, RDFS.comment),
                    "domain": view.values(node, RDFS.domain), "range": view.values(node, RDFS.range),
                    "super": view.values(node, RDFS.subClassOf) + view.values(node, RDFS.subPropertyOf)}

        classes = {*graph.subjects(RDF.type, OWL.Class), *graph.subjects(RDF.type, RDFS.Class)}
        properties = {p for k in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
                      for p in graph.subjects(RDF.type, k)}
        schemes = []
        for scheme in view.sorted(graph.subjects(RDF.type, SKOS.ConceptScheme)):
            concepts = [c for c in graph.subjects(SKOS.inScheme, scheme) if (c, RDF.type, BCP.Competency) in graph]
            schemes.append({"link": view.link(scheme), "definition": view.text(scheme, SKOS.definition),
                            "concepts": self._numbered(view, concepts)})
        return {"classes": [term(c) for c in view.sorted(c for c in classes if isinstance(c, URIRef))],
                "properties": [term(p) for p in view.sorted(p for p in properties if isinstance(p, URIRef))],
                "schemes": schemes}

    # ------------------------------------------------------------------ picture

    def picture(self, path: str, lang: str = "nl") -> bytes | None:
        """The career graph of the profile at ``path`` minus its last part ``loopbaan``, as SVG
        (drawn by :func:`bcpgraph.plot.plot_career`), or None when that is no profile."""
        from ..analysis.careers import career_network
        from ..plot import plot_career

        lang = _check_lang(lang)
        if not isinstance(path, str) or not path.endswith("/loopbaan"):
            return None
        profile = self._iri(path[: -len("/loopbaan")])
        if profile is None or str(profile) not in self._profiles():
            return None
        return plot_career(career_network(self.store, lang=lang, profile=str(profile)), format="svg")

    # ------------------------------------------------------------------ compare

    def _profiles(self) -> list[str]:
        from ..analysis.networks import profile_iris

        return profile_iris(self.store)

    def _find(self, name: str) -> str | None:
        profiles = self._profiles()
        if name in profiles:
            return name
        found = [p for p in profiles if p.rstrip("/").rsplit("/", 1)[-1] == name or p == self.base + name]
        return found[0] if len(found) == 1 else None

    def compare_page(self, a: str | None, b: str | None, lang: str = "nl") -> bytes | None:
        """Profiles ``a`` and ``b`` (IRIs, paths under the base or the last part of their IRIs)
        side by side (:func:`bcpgraph.compare.compare`); with neither or one, the page to choose
        two; None when a name is no profile in the data. A name never names a file."""
        from ..compare import compare

        lang = _check_lang(lang)
        for name in (a, b):
            if name is not None and not isinstance(name, str):
                raise ArgumentError(f"a profile is named by a string, not {type(name).__name__}")
        pa = None if not a else self._find(a)
        pb = None if not b else self._find(b)
        if (a and pa is None) or (b and pb is None):
            return None
        profiles = self._profiles()
        labels = self._view(self.store.construct(_query("home")), lang, "compare.html")
        if pa is None or pb is None:
            here = file_name("compare", lang)
            pairs = []
            if self.links == "server" or len(profiles) <= MAX_COMPARE_PAIRS:
                for x in profiles:
                    for y in profiles:
                        if x != y:
                            pairs.append((self._compare_url(x, y, lang, here), labels.label(URIRef(x)),
                                          labels.label(URIRef(y))))
            choices = [(p, labels.label(URIRef(p))) for p in profiles]
            return self._render("compare_index.html", lang, here, title=WORDS[lang]["compare"],
                                switch=self._special("compare", OTHER[lang], here, switch=True),
                                pairs=pairs, choices=choices, chosen=pa or "", server=self.links == "server")
        here = file_name(f"compare/{_slug(pa)}/{_slug(pb)}", lang) if self.links == "static" else "compare.html"
        answer = compare(pa, pb, graph=self.store, lang=lang)
        view = self._view(Graph(), lang, here)

        def item(entry: dict) -> Link:
            return Link(entry["iri"], Text(entry["label"]), view.link(URIRef(entry["iri"])).href)

        dims = []
        for dim in ("kerntaken", "competencies", "knowledge", "skills"):
            d = answer["dimensions"][dim]
            dims.append({"name": dim, "word": _compare_word(dim, lang), "jaccard": d["jaccard"],
                         "parts": [(part, [(item(e), _werkprocessen(e)) for e in d[part]])
                                   for part in ("shared", "only_a", "only_b")]})
        versions = None
        if answer.get("versions"):
            v = answer["versions"]
            versions = {"occupation": item(v["occupation"]), "parts": [
                (part, {"added": [item(i) for i in v[part]["added"]],
                        "removed": [item(i) for i in v[part]["removed"]],
                        "reworded": [(item(p["a"]), item(p["b"])) for p in v[part]["reworded"]],
                        "renumbered": [(item(p["a"]), item(p["b"])) for p in v[part]["renumbered"]]})
                for part in ("kerntaken", "werkprocessen")]}
        from ..compare import WORDS as CW

        return self._render("compare.html", lang, here, title=f"{CW[lang]['title']}: {answer['a']['label']} — "
                                                             f"{answer['b']['label']}",
                            switch=self._compare_url(pa, pb, OTHER[lang], here, switch=True),
                            a=item(answer["a"]), b=item(answer["b"]), dims=dims,
                            adds=[(item(e), e["kind"]) for e in answer["adds"]], versions=versions, cw=CW[lang])

    def _compare_url(self, a: str, b: str, lang: str, here: str, *, switch: bool = False) -> str:
        if self.links == "server":
            params = {"a": a[len(self.base):] if a.startswith(self.base) else a,
                      "b": b[len(self.base):] if b.startswith(self.base) else b}
            if lang == "en" or switch:
                params["lang"] = lang
            return "/compare?" + _query_string(**params)
        return self._url(file_name(f"compare/{_slug(a)}/{_slug(b)}", lang), here)

    def compare_paths(self) -> list[tuple[str, str]]:
        """The pairs of profiles the static site has a comparison page for (each file at
        ``compare/{a}/{b}.html``, a and b the last parts of the IRIs): every ordered pair up to
        :data:`MAX_COMPARE_PAIRS` profiles, none beyond."""
        profiles = self._profiles()
        if len(profiles) > MAX_COMPARE_PAIRS:
            return []
        return [(a, b) for a in profiles for b in profiles if a != b]

    # ------------------------------------------------------------------ query page, 404

    def _query_links(self, names: list[str], here: str) -> list[tuple[str, str]]:
        if self.links == "server":
            return [(n, self._url(f"queries/{n}", here)) for n in names]
        return [(n, self._url(f"queries/{n}.rq", here)) for n in names]

    def query_page(self, lang: str = "nl") -> bytes:
        """The SPARQL query page: a text area, the named queries as examples, a results table
        filled by ``static/query.js`` (posting to ``/sparql``, or to ``endpoint`` when given;
        a static site without an endpoint says that queries cannot run there)."""
        lang = _check_lang(lang)
        here = file_name("sparql", lang)
        named = _named_queries()
        endpoint = self.endpoint or ("/sparql" if self.links == "server" else "")
        examples = [{"name": n, "summary": q.summary, "text": q.text} for n, q in sorted(named.items())]
        return self._render("query.html", lang, here, title=WORDS[lang]["query_title"],
                            switch=self._special("sparql", OTHER[lang], here, switch=True),
                            endpoint=endpoint, examples=examples, queries=self._query_links(sorted(named), here),
                            page_root=self._url(".", here) if self.links == "static" else "/",
                            page_suffix=".html" if self.links == "static" else "",
                            base=self.base)

    def queries_page(self, lang: str = "nl") -> bytes:
        """The named queries for people (``/queries`` on the server, ``queries.html`` on the static
        site): each with its summary, description and parameters, linked to ``/queries/{name}``
        (static site: ``queries/{name}.rq``)."""
        lang = _check_lang(lang)
        here = file_name("queries", lang)
        named = _named_queries()
        links = dict(self._query_links(sorted(named), here))
        listing = [{"name": n, "url": links[n], "summary": q.summary, "description": q.description,
                    "params": [(p.name, p.kind, p.default, p.description) for p in q.params]}
                   for n, q in sorted(named.items())]
        return self._render("queries.html", lang, here, title=WORDS[lang]["named_queries"],
                            switch=self._special("queries", OTHER[lang], here, switch=True), listing=listing)

    def named_query_page(self, name: str, params: dict[str, str], lang: str = "nl") -> bytes | None:
        """The answer of the named query ``name`` with ``params`` (bound as RDF terms by
        :func:`bcpgraph.query.query`) as a table for people, IRIs of the data linked to their
        pages, with links to the same answer as CSV and JSON (server only: ``/queries/{name}``);
        None when there is no such query. A bad parameter raises InputError."""
        from urllib.parse import urlencode

        from ..query import query
        from ..results import Rows

        lang = _check_lang(lang)
        named = _named_queries()
        if name not in named:
            return None
        here = file_name(f"queries/{name}", lang)
        asked = dict(params)
        if "lang" not in asked and any(p.name == "lang" for p in named[name].params):
            asked["lang"] = lang
        fields = [{"name": p.name, "value": params.get(p.name, ""), "required": p.required,
                   "description": p.description} for p in named[name].params if p.name != "lang"]
        missing = [f["name"] for f in fields if f["required"] and not f["value"]]
        rows = Rows((), []) if missing else query(name, asked, graph=self.store)

        def cell(term: Any) -> dict[str, Any]:
            if isinstance(term, URIRef) and str(term).startswith(self.base):
                return {"text": _compact(str(term)), "href": self.href(str(term)[len(self.base):], lang, here)}
            return {"text": "" if term is None else str(term), "href": None}

        table = [[cell(row.get(var)) for var in rows.vars] for row in rows]
        downloads = [(label, self._url(f"queries/{name}", here) + "?" + urlencode(
            sorted({**params, "format": fmt}.items()))) for label, fmt in (("CSV", "csv"), ("JSON", "json"))]
        return self._render("named_query.html", lang, here, title=name,
                            switch=self._url(f"queries/{name}", here) + "?" + urlencode(
                                sorted({**params, "lang": OTHER[lang]}.items())),
                            name=name, summary=named[name].summary, given=sorted(params.items()),
                            columns=rows.vars, rows=table, downloads=[] if missing else downloads,
                            fields=fields if self.links == "server" else [], missing=missing)

    def not_found(self, lang: str = "nl") -> bytes:
        """The page for an address with no resource (to send with status 404)."""
        lang = _check_lang(lang)
        here = file_name("404", lang)
        return self._render("not_found.html", lang, here, title=WORDS[lang]["not_found"],
                            switch=self._special("home", OTHER[lang], here, switch=True))


@dataclass
class Role:
    """An organisation in a role (a qualified attribution), for the profile page."""

    role: Any
    agent: Any
    kind: str = "role"


def _compact(iri: str) -> str:
    """``prefix:rest`` for an IRI in one of bcpgraph's namespaces (the longest that fits)."""
    best = max((ns for ns in PREFIXES.values() if iri.startswith(str(ns))), key=lambda ns: len(str(ns)), default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{iri[len(str(best)):]}"


def _named_queries() -> dict:
    from ..catalogue import queries

    return queries()


def _slug(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _query_string(**params: str) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


def _compare_word(dim: str, lang: str) -> str:
    from ..compare import WORDS as CW

    return CW[lang][dim]


def _werkprocessen(entry: dict) -> list[tuple[str, str]]:
    """``(side, "1.1, 2.3")`` for the werkprocessen a compared competency has on each side."""
    return [(side.upper(), ", ".join(w["notation"] for w in wps))
            for side, wps in entry.get("werkprocessen", {}).items()]
