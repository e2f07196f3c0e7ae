"""The ASGI application behind ``bcpgraph serve`` (Starlette): thin routes over
:mod:`bcpgraph.web.protocol` (reading requests, choosing formats) and a worker pool
(:mod:`bcpgraph.web.workers`) that runs every query and page.

URL layout: ``/`` home · ``/X`` the IRI ``BASE + X`` (HTML, ``.ttl``/``.jsonld``/``.nt``/``.rdf``/
``.html`` or ``?format=``; ``?lang=en``) · ``/sparql`` SPARQL 1.1 Protocol (service description,
query page for browsers) · ``/queries``, ``/queries/{name}?param=value`` · ``/.well-known/void`` ·
``/dumps/bcpgraph.{ttl,nt,trig,jsonld}`` · ``/context.jsonld`` · ``/static/NAME`` · ``/compare?a=&b=``.

Every response carries a Content-Security-Policy that allows only this server ('self', no inline
script), ``X-Content-Type-Options: nosniff`` and a ``Referrer-Policy``; every answer that is
data (SPARQL, named queries, RDF) allows any origin (CORS, read-only data); an error is one
line in the log and never a traceback.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import mimetypes
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from importlib.resources import files
from typing import Protocol

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ..catalogue import queries
from ..formats import negotiate, serialize
from ..namespaces import BASE
from ..safetext import for_terminal
from .protocol import (GRAPH_OFFER, MAX_BODY_BYTES, RESULT_OFFER, Answer, Refused, choose_format, choose_lang,
                       hinted_format, media_type, resource_path, service_description, sparql_query, url_fields)
from .work import context_bytes, dump_files

__all__ = ["create_app", "Submit", "SECURITY_HEADERS", "static_files"]

log = logging.getLogger("bcpgraph.serve")

#: Sent with every response.
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                 b"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
                                 b"frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),
)
_CORS = (("Access-Control-Allow-Origin", "*"),)
_PREFLIGHT = {"Access-Control-Allow-Origin": "*", "Access-Control-Max-Age": "86400",
              "Access-Control-Allow-Headers": "Accept, Accept-Language, Content-Type"}
#: Seconds a request body may take to arrive (a client that trickles it is cut off).
BODY_SECONDS = 30
#: How long clients and caches may keep what does not change while the server runs (seconds).
_MAX_AGE = 300


class Submit(Protocol):
    """Runs a request dict in a worker: :meth:`bcpgraph.web.workers.WorkerPool.submit`."""

    async def submit(self, request: dict) -> Answer: ...


def static_files() -> dict[str, tuple[bytes, str]]:
    """Every file shipped in ``bcpgraph/web/static/`` (read through importlib.resources), by its
    name relative to that folder (``css/site.css``), with its media type. The server serves only
    names in this listing: no path is ever built from a request."""
    found: dict[str, tuple[bytes, str]] = {}
    root = files("bcpgraph.web") / "static"
    if not root.is_dir():
        return found
    stack = [("", root)]
    while stack:
        prefix, folder = stack.pop()
        for item in folder.iterdir():
            if item.name.startswith(".") or item.name == "__pycache__":
                continue
            name = prefix + item.name
            if item.is_dir():
                stack.append((name + "/", item))
            else:
                kind = mimetypes.guess_type(item.name)[0] or "application/octet-stream"
                if kind.startswith("text/") or kind in ("application/javascript", "image/svg+xml"):
                    kind += "; charset=utf-8"
                found[name] = (item.read_bytes(), kind)
    return found


class _Cache:
    """Answers that cannot change while the server runs (pages, descriptions, dumps), least
    recently used first out, at most ``budget`` bytes."""

    def __init__(self, budget: int):
        self.budget, self.used = budget, 0
        self.items: OrderedDict[tuple, tuple[Answer, str]] = OrderedDict()

    def get(self, key: tuple) -> tuple[Answer, str] | None:
        found = self.items.get(key)
        if found is not None:
            self.items.move_to_end(key)
        return found

    def put(self, key: tuple, answer: Answer) -> str:
        tag = '"' + hashlib.blake2b(answer.body, digest_size=12).hexdigest() + '"'
        size = len(answer.body) + 200
        if answer.status == 200 and size <= self.budget // 4:
            self.items[key] = (answer, tag)
            self.used += size
            while self.used > self.budget:
                _, (old, _) = self.items.popitem(last=False)
                self.used -= len(old.body) + 200
        return tag


def create_app(pool: Submit, *, endpoint: str, base: str = BASE, triples: int | None = None,
               site_pages: frozenset[str] = frozenset(), cache_bytes: int = 64 * 1024 * 1024) -> Starlette:
    """The application: requests go to ``pool`` (see :class:`Submit`). ``endpoint`` is the
    absolute URL of ``/sparql`` (the service description and the dataset description name it);
    ``triples`` the size of the data; ``site_pages`` the pages the Site makes
    (:data:`bcpgraph.web.work.SITE_PAGES`)."""
    cache = _Cache(cache_bytes)
    statics = static_files()
    dumps = dump_files()
    catalogue = queries()
    described: dict[str, bytes] = {}
    root = endpoint.rsplit("/sparql", 1)[0]

    def respond(request: Request, answer: Answer, *, cors: bool = True, vary: str | None = None,
                tag: str | None = None) -> Response:
        headers = dict(answer.headers)
        if cors and not answer.media_type.startswith("text/html"):
            headers.update(_CORS)
        if vary:
            headers["Vary"] = vary
        if tag is not None:
            headers["ETag"] = tag
            headers["Cache-Control"] = f"public, max-age={_MAX_AGE}"
            if answer.status == 200 and tag in request.headers.get("if-none-match", ""):
                return Response(status_code=304, headers=headers)
        if answer.status >= 400:
            _log_error(request, answer)
        return Response(answer.body, answer.status, headers=headers, media_type=answer.media_type)

    async def run(request: Request, work: dict, *, cached: bool = False, vary: str | None = None,
                  html: bool = False) -> Response:
        key = (json.dumps(work, sort_keys=True),) if cached else None  # args may hold lists and dicts
        if key is not None and (hit := cache.get(key)) is not None:
            return respond(request, hit[0], vary=vary, tag=hit[1])
        answer = await _submit(pool, work, html=html)
        tag = cache.put(key, answer) if key is not None and answer.status == 200 else None
        return respond(request, answer, vary=vary, tag=tag)

    async def refused(request: Request, exc: Refused) -> Response:
        return respond(request, Answer.text(exc.status, exc.message))

    def preflight(methods: str) -> Response:
        return Response(status_code=204, headers={**_PREFLIGHT, "Access-Control-Allow-Methods": methods,
                                                  "Allow": methods})

    # -- routes -----------------------------------------------------------------------------

    async def sparql(request: Request) -> Response:
        if request.method == "OPTIONS":
            return preflight("GET, HEAD, POST, OPTIONS")
        try:
            params = url_fields(request.scope["query_string"])
            body = await _body(request) if request.method == "POST" else b""
            text = sparql_query(request.method, request.headers.get("content-type"), params, body)
            accept = request.headers.get("accept")
            hints = [v for k, v in params if k == "format"]
            if text is None:
                given = _given(params, "format")
                offered = GRAPH_OFFER + (("html",) if "query_page" in site_pages else ())
                name = choose_format(offered, accept=accept, given=given)
                if name == "html":
                    lang = choose_lang(_given(params, "lang"), request.headers.get("accept-language"))
                    return await run(request, {"op": "site", "method": "query_page", "lang": lang}, cached=True,
                                     vary="Accept, Accept-Language", html=True)
                if name not in described:
                    graph = service_description(endpoint, triples=triples)
                    described[name] = serialize(graph, name)
                return respond(request, Answer(200, media_type(name), described[name]), vary="Accept")
            results = hinted_format(RESULT_OFFER, accept=accept, hints=hints)
            graph = hinted_format(GRAPH_OFFER, accept=accept, hints=hints)
            if results is None and graph is None:
                choose_format(RESULT_OFFER + GRAPH_OFFER, accept=accept)  # raises 406
        except Refused as exc:
            return await refused(request, exc)
        return await run(request, {"op": "sparql", "text": text, "results": results, "graph": graph}, vary="Accept")

    async def query_list(request: Request) -> Response:
        if request.method == "OPTIONS":
            return preflight("GET, HEAD, OPTIONS")
        try:
            params = url_fields(request.scope["query_string"])
            given = _given(params, "format")
            # JSON, unless the client prefers HTML and the Site makes the page
            offered = ("json", "html") if "queries_page" in site_pages else ("json",)
            name = choose_format(offered, accept=None, given=given) if given else \
                negotiate(request.headers.get("accept"), offered)
            if name == "html":
                lang = choose_lang(_given(params, "lang"), request.headers.get("accept-language"))
                return await run(request, {"op": "site", "method": "queries_page", "lang": lang}, cached=True,
                                 vary="Accept, Accept-Language", html=True)
        except Refused as exc:
            return await refused(request, exc)
        listing = [{
            "name": q.name, "summary": q.summary, "description": q.description,
            "url": f"{root}/queries/{q.name}",
            "parameters": [{"name": p.name, "kind": p.kind, "class": p.cls, "required": p.required,
                            "default": None if p.required else p.default, "description": p.description}
                           for p in q.params],
        } for q in catalogue.values()]
        body = (json.dumps({"queries": listing}, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        return respond(request, Answer(200, "application/json", body), vary="Accept")

    async def named(request: Request) -> Response:
        if request.method == "OPTIONS":
            return preflight("GET, HEAD, OPTIONS")
        name = request.path_params["name"]
        try:
            if name not in catalogue:
                raise Refused(404, f"no query named {name!r}; the named queries are listed at /queries")
            fields = url_fields(request.scope["query_string"])
            params: dict[str, str] = {}
            for key, value in fields:
                if key == "format":
                    continue
                if key in params:
                    raise Refused(400, f"query {name}: parameter {key} is given twice")
                params[key] = value
            given = _given(fields, "format")
            # a person (a browser preferring HTML) gets a table; a client the result format it asks for
            accept = request.headers.get("accept") or ""
            if given is None and "named_query_page" in site_pages and "text/html" in accept and \
                    negotiate(accept, ("html", *RESULT_OFFER)) == "html":
                lang = choose_lang(params.pop("lang", None), request.headers.get("accept-language"))
                return await run(request, {"op": "site", "method": "named_query_page", "lang": lang,
                                           "args": [name, params]}, cached=True, vary="Accept, Accept-Language",
                                 html=True)
            results = choose_format(RESULT_OFFER, accept=request.headers.get("accept"), given=given)
        except Refused as exc:
            return await refused(request, exc)
        return await run(request, {"op": "named", "name": name, "params": params, "results": results},
                         vary="Accept")

    async def void(request: Request) -> Response:
        if request.method == "OPTIONS":
            return preflight("GET, HEAD, OPTIONS")
        accept = request.headers.get("accept") or ""
        if "text/html" in accept and negotiate(accept, ("html", *GRAPH_OFFER)) == "html":
            # a person: the page of the dataset, whose IRI the description is about
            return RedirectResponse("/dataset" + ("?" + request.url.query if request.url.query else ""), 303)
        try:
            fmt = choose_format(GRAPH_OFFER, accept=request.headers.get("accept"),
                                given=_given(url_fields(request.scope["query_string"]), "format"))
        except Refused as exc:
            return await refused(request, exc)
        return await run(request, {"op": "void", "format": fmt}, cached=True, vary="Accept")

    async def dump(request: Request) -> Response:
        if request.method == "OPTIONS":
            return preflight("GET, HEAD, OPTIONS")
        fmt = dumps.get(request.path_params["file"])
        if fmt is None:
            names = ", ".join(f"/dumps/{n}" for n in dumps)
            return respond(request, Answer.text(404, f"no such dump; the dumps are {names}"))
        return await run(request, {"op": "dump", "format": fmt}, cached=True)

    async def context(request: Request) -> Response:
        if request.method == "OPTIONS":
            return preflight("GET, HEAD, OPTIONS")
        key = ("context",)
        hit = cache.get(key)
        if hit is None:
            answer = Answer(200, "application/ld+json", context_bytes())
            hit = (answer, cache.put(key, answer))
        return respond(request, hit[0], tag=hit[1])

    async def static(request: Request) -> Response:
        found = statics.get(request.path_params["name"])
        if found is None:
            return respond(request, Answer.text(404, "no such file"))
        key = ("static", request.path_params["name"])
        hit = cache.get(key)
        if hit is None:
            answer = Answer(200, found[1], found[0])
            hit = (answer, cache.put(key, answer))
        return respond(request, hit[0], cors=False, tag=hit[1])

    async def compare(request: Request) -> Response:
        try:
            fields = url_fields(request.scope["query_string"])
            lang = choose_lang(_given(fields, "lang"), request.headers.get("accept-language"))
            a, b = _given(fields, "a"), _given(fields, "b")
            if bool(a) != bool(b):  # neither: the page to choose two
                raise Refused(400, "compare needs two profiles: /compare?a=PROFILE&b=PROFILE")
            a, b = a or None, b or None
        except Refused as exc:
            return await refused(request, exc)
        return await run(request, {"op": "site", "method": "compare_page", "lang": lang, "args": [a, b]},
                         cached=True, vary="Accept-Language", html=True)

    async def resource(request: Request) -> Response:
        if request.method == "OPTIONS":
            return preflight("GET, HEAD, OPTIONS")
        try:
            fields = url_fields(request.scope["query_string"])
            raw = request.scope.get("raw_path") or request.scope["path"].encode("utf-8")
            if raw.endswith(b"/loopbaan.svg"):  # a profile's career graph, drawn
                path, _ = resource_path(raw.decode("latin-1")[: -len(".svg")], given_format="html", accept=None)
                lang = choose_lang(_given(fields, "lang"), request.headers.get("accept-language"))
                return await run(request, {"op": "picture", "path": path, "lang": lang}, cached=True,
                                 vary="Accept-Language", html=True)
            path, fmt = resource_path(raw.decode("latin-1"), given_format=_given(fields, "format"),
                                      accept=request.headers.get("accept"))
            if fmt == "html":
                lang = choose_lang(_given(fields, "lang"), request.headers.get("accept-language"))
                work = {"op": "page", "path": path, "lang": lang}
            else:
                work = {"op": "describe", "path": path, "format": fmt}
        except Refused as exc:
            return await refused(request, exc)
        return await run(request, work, cached=True, vary="Accept, Accept-Language", html=fmt == "html")

    routes = [
        Route("/sparql", sparql, methods=["GET", "POST", "OPTIONS"]),
        Route("/queries", query_list, methods=["GET", "OPTIONS"]),
        Route("/queries/{name}", named, methods=["GET", "OPTIONS"]),
        Route("/.well-known/void", void, methods=["GET", "OPTIONS"]),
        Route("/dumps/{file}", dump, methods=["GET", "OPTIONS"]),
        Route("/context.jsonld", context, methods=["GET", "OPTIONS"]),
        Route("/static/{name:path}", static, methods=["GET"]),
        Route("/compare", compare, methods=["GET"]),
        Route("/{path:path}", resource, methods=["GET", "OPTIONS"]),
    ]
    app = Starlette(routes=routes)
    return _Guard(app)


def _given(fields, name: str) -> str | None:
    values = [v for k, v in fields if k == name]
    if len(values) > 1:
        raise Refused(400, f"parameter {name} is given {len(values)} times; give it once")
    return values[0] if values else None


async def _body(request: Request) -> bytes:
    """The request's body, at most :data:`MAX_BODY_BYTES` (else 413)."""
    length = request.headers.get("content-length")
    too_long = Refused(413, f"the request body is longer than the {MAX_BODY_BYTES:,} bytes accepted")
    if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
        raise too_long
    chunks, size = [], 0
    try:
        async with asyncio.timeout(BODY_SECONDS):
            async for chunk in request.stream():
                size += len(chunk)
                if size > MAX_BODY_BYTES:
                    raise too_long
                chunks.append(chunk)
    except TimeoutError:
        raise Refused(408, f"the request body did not arrive within {BODY_SECONDS} s") from None
    return b"".join(chunks)


async def _submit(pool: Submit, work: dict, *, html: bool) -> Answer:
    from .workers import Busy, Unfinished

    try:
        return await pool.submit(work)
    except Busy as exc:
        answer = Answer.text(503, f"the server is busy ({exc}); try again shortly")
        return Answer(answer.status, answer.media_type, answer.body, (("Retry-After", "2"),), log=str(exc))
    except Unfinished as exc:
        return Answer.text(503, str(exc), log=str(exc))


def _log_error(request: Request, answer: Answer) -> None:
    """One line per error: status, method, path, and the cause."""
    path = for_terminal(request.url.path)[:200]
    cause = answer.log or answer.body[:200].decode("utf-8", "replace").splitlines()[0] if answer.body else ""
    level = logging.ERROR if answer.status >= 500 else logging.INFO
    log.log(level, "%s %s %s: %s", answer.status, request.method, path, for_terminal(cause or "")[:300])


class _Guard:
    """The outermost layer: security headers on every response, and an unexpected error
    answered with a 500 and logged as one line (never a traceback)."""

    def __init__(self, app: Callable[..., Awaitable[None]]):
        self.app = app

    async def __call__(self, scope: Mapping, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def guarded_send(message: dict) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = {**message, "headers": [*message.get("headers", ()), *SECURITY_HEADERS]}
            await send(message)

        try:
            await self.app(scope, receive, guarded_send)
        except Exception as exc:
            log.error("500 %s %s: internal error: %s: %s", scope.get("method"),
                      for_terminal(scope.get("path", ""))[:200], type(exc).__name__, for_terminal(str(exc))[:300])
            if not started:
                body = b"internal error (logged on the server)\n"
                await send({"type": "http.response.start", "status": 500,
                            "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                        (b"content-length", str(len(body)).encode()), *SECURITY_HEADERS]})
                await send({"type": "http.response.body", "body": body})

