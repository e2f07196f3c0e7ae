"""What a worker process does with a request: run it on the store and the :class:`Site` it holds,
and serialise the answer (bytes go back to the server, which only sends them).

A request is a small dict (``{"op": "sparql", "text": ..., "results": "json", "graph": "turtle"}``);
:meth:`Work.__call__` never raises: every error becomes an :class:`~bcpgraph.web.protocol.Answer`
with its status and a message (and, for an unexpected one, a line for the server's log).

>>> from bcpgraph.stores import open_store
>>> work = Work(open_store(), None, endpoint="http://127.0.0.1:8000/sparql")
>>> answer = work({"op": "sparql", "text": "ASK { ?wp a bcp:WorkProcess }", "results": "csv", "graph": None})
>>> answer.status, answer.body
(200, b'_askResult\\r\\ntrue\\r\\n')
>>> work({"op": "sparql", "text": "DROP ALL", "results": "json", "graph": "turtle"}).status
400
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Graph

from .. import dataset, formats
from ..errors import InputError
from ..limits import TimeoutExceeded
from ..namespaces import BASE, PREFIXES
from ..results import Rows
from ..stores import Store
from .protocol import Answer, media_type

__all__ = ["Work", "DUMP_FORMATS", "SITE_PAGES", "dump_files", "context", "context_bytes"]

#: The dumps served at /dumps/bcpgraph.EXT, by format name.
DUMP_FORMATS = ("turtle", "ntriples", "trig", "jsonld")


#: The pages of :class:`~bcpgraph.web.pages.Site` that take a language last (and other arguments
#: before it) and that the server routes, when the Site has them.
SITE_PAGES = ("query_page", "queries_page", "compare_page", "named_query_page", "not_found")


def dump_files() -> dict[str, str]:
    """File name → format of the dumps.

    >>> dump_files()["bcpgraph.nt"]
    'ntriples'
    """
    return {f"bcpgraph{formats.RDF_FORMATS[name].extension}": name for name in DUMP_FORMATS}


def context() -> dict:
    """The JSON-LD context served at /context.jsonld (:func:`bcpgraph.dataset.context`)."""
    return dataset.context()


class Work:
    """The operations of a worker, over ``store`` and ``site`` (a :class:`bcpgraph.web.pages.Site`
    or ``None``). ``endpoint`` is the server's SPARQL URL (for the dataset description); ``dumps``
    the URL of each dump by format name; ``description`` the dataset description already made
    (:func:`bcpgraph.dataset.include`), else it is made on each request for it."""

    def __init__(self, store: Store, site, *, endpoint: str, dumps: dict[str, str] | None = None,
                 base: str = BASE, description: Graph | None = None):
        self.store, self.site, self.endpoint, self.dumps, self.base = store, site, endpoint, dumps or {}, base
        self.description = description
        self._ops: dict[str, Callable[..., Answer]] = {
            "sparql": self.sparql, "named": self.named, "page": self.page, "describe": self.describe,
            "void": self.void, "dump": self.dump, "site": self.site_page,
            "picture": self.picture,
        }

    def __call__(self, request: dict) -> Answer:
        """The answer to ``request``; never raises."""
        try:
            op = self._ops[request["op"]]
            args = {k: v for k, v in request.items() if k != "op"}
            return op(**args)
        except TimeoutExceeded as exc:
            return Answer.text(503, str(exc))
        except InputError as exc:
            return Answer.text(400, str(exc))
        except MemoryError:
            return Answer.text(503, "the request needs more memory than the server has; ask for less",
                               log="out of memory")
        except Exception as exc:  # the last resort: a message for the client, one line for the log
            return Answer.text(500, "internal error (logged on the server)",
                               log=f"internal error: {type(exc).__name__}: {exc}")

    # -- SPARQL -------------------------------------------------------------------------------

    def sparql(self, text: str, results: str | None, graph: str | None) -> Answer:
        """Run ``text``; a SELECT/ASK answer in the result format ``results``, a graph in the RDF
        format ``graph`` (``None``: the client accepts no such format, 406)."""
        answer = self.store.run(text)
        return self._serialize(answer, results, graph)

    def named(self, name: str, params: dict[str, str], results: str) -> Answer:
        """The named query ``name`` with ``params`` (bound as RDF terms by :func:`bcpgraph.query.query`)."""
        from ..query import query

        return self._serialize(query(name, params, graph=self.store), results, None)

    def _serialize(self, answer: Rows | Graph, results: str | None, graph: str | None) -> Answer:
        if isinstance(answer, Rows):
            if results is None:
                types = ", ".join(f.media_type for f in formats.RESULT_FORMATS.values())
                return Answer.text(406, f"the answer is a SPARQL results table (SELECT/ASK): accept one of {types}")
            return Answer(200, media_type(results), answer.serialize(results, compact=True).encode("utf-8"))
        if graph is None:
            return Answer.text(406, "the answer is a graph (CONSTRUCT/DESCRIBE): accept one of "
                                    + ", ".join(formats.RDF_FORMATS[n].media_type
                                                for n in ("turtle", "jsonld", "ntriples", "rdfxml")))
        return Answer(200, media_type(graph), self._graph_bytes(answer, graph))

    def _graph_bytes(self, graph: Graph, name: str) -> bytes:
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace)
        return formats.serialize(graph, name, context=context() if name == "jsonld" else None)

    # -- resources ----------------------------------------------------------------------------

    def page(self, path: str, lang: str) -> Answer:
        """The HTML page of ``base + path`` (404: the not-found page)."""
        body = self.site.page(path, lang)
        if body is None:
            return self.not_found(lang)
        return Answer(200, "text/html; charset=utf-8", body)

    def not_found(self, lang: str) -> Answer:
        made = getattr(self.site, "not_found", None)
        if made is not None:
            return Answer(404, "text/html; charset=utf-8", made(lang))
        title = "Niet gevonden" if lang == "nl" else "Not found"
        return Answer(404, "text/html; charset=utf-8",
                      f'<!doctype html><html lang="{lang}"><meta charset="utf-8"><title>{title}</title>'
                      f"<h1>{title}</h1><p><a href=\"/\">bcpgraph</a></p></html>\n".encode())

    def describe(self, path: str, format: str) -> Answer:
        """The triples describing ``base + path`` in the RDF format ``format``."""
        graph = self.site.describe(path)
        if graph is None:
            return Answer.text(404, f"no resource {self.base}{path}")
        return Answer(200, media_type(format), self._graph_bytes(graph, format))

    def site_page(self, method: str, lang: str, args: list | None = None) -> Answer:
        """A page the Site makes by ``method`` (``query_page``, ``compare_page``, …) with ``args``;
        ``None`` from it means 404."""
        made = getattr(self.site, method, None) if method in SITE_PAGES else None
        if made is None:
            return self.not_found(lang)
        body = made(*(args or ()), lang)
        if body is None:
            return self.not_found(lang)
        return Answer(200, "text/html; charset=utf-8", body)

    # -- the dataset --------------------------------------------------------------------------

    def void(self, format: str) -> Answer:
        """The dataset description (VoID/DCAT) with this server's endpoint and dumps."""
        graph = self.description
        if graph is None:
            graph = dataset.describe(self.store, base=self.base, endpoint=self.endpoint, dumps=self.dumps)
        return Answer(200, media_type(format), self._graph_bytes(graph, format))

    def dump(self, format: str) -> Answer:
        """The whole dataset in ``format`` (:func:`bcpgraph.dataset.dump`)."""
        return Answer(200, media_type(format), dataset.dump(self.store, format))

    def picture(self, path: str, lang: str) -> Answer:
        """The career graph of the profile at ``path`` minus ``/loopbaan``, as SVG (404: none)."""
        body = self.site.picture(path, lang)
        if body is None:
            return self.not_found(lang)
        return Answer(200, "image/svg+xml", body)


def context_bytes() -> bytes:
    """The JSON-LD context as served."""
    return dataset.context_document()
