"""Queries on a SPARQL 1.1 endpoint: read-only, bounded in time and size, every failure a clear
:class:`~bcpgraph.errors.InputError` naming the server.

- **Reading never writes.** The text is parsed with rdflib's SPARQL parser before anything is
  sent; only SELECT, ASK, CONSTRUCT and DESCRIBE go out, always as the ``query`` parameter of the
  SPARQL 1.1 Protocol's query operation. An update is refused, and so is text that is not SPARQL.
- **What is sent is what was given**, with bcpgraph's PREFIX lines in front (the query's own
  PREFIX lines come after them and win, as on the local graph).
- **Everything ends.** Connecting may take :data:`~bcpgraph.limits.CONNECT_TIMEOUT` seconds; the
  whole exchange, retries included, ends at the deadline (``timeout``, default
  :data:`~bcpgraph.limits.QUERY_TIMEOUT`), even with a server that sends a byte now and then;
  answers larger than ``max_bytes`` (default :data:`~bcpgraph.limits.MAX_ANSWER_BYTES`) are
  refused. Connection resets and HTTP 502/503/504 are retried twice at most, after a short pause,
  within the deadline; nothing else is retried.
- **Only what bcpgraph can read safely** is asked for and read: SPARQL JSON results, Turtle and
  N-Triples. RDF/XML (entities) and HTML are refused.

The request (the ``query`` parameter, GET or a form-encoded POST, the headers) is the one
SPARQLWrapper builds (``SPARQLWrapper._createRequest``), with the query form set from rdflib's
parse rather than guessed from keywords, and content negotiation only (no ``format`` / ``output``
parameters). It is sent by a small transport of bcpgraph's own on :mod:`http.client` (the
``_query`` of a SPARQLWrapper subclass), because what SPARQLWrapper sends through urllib cannot
keep these promises: urllib gives no hold on the socket, so nothing can close it at the
deadline (its one timeout applies to each read: a server that sends a byte a second never times
out); it reads answers and error pages whole (no size cap); it follows redirects to ftp; and
SPARQLWrapper turns HTTP errors into its own exceptions, hiding the status a retry depends on.

>>> RemoteStore("notaurl")
Traceback (most recent call last):
bcpgraph.errors.InputError: endpoint 'notaurl' is not an http(s) URL with a host, such as http://localhost:7878/query
>>> RemoteStore("http://127.0.0.1:9/query").run("DROP ALL")  # doctest: +ELLIPSIS
Traceback (most recent call last):
bcpgraph.errors.InputError: http://127.0.0.1:9/query: updates are never sent: bcpgraph only reads ...
"""

from __future__ import annotations

import http.client
import json
import math
import re
import socket
import ssl
import threading
import time
from dataclasses import dataclass
import urllib.request
from urllib.parse import SplitResult, parse_qsl, quote, urlencode, urljoin, urlsplit

from rdflib import Graph, URIRef
from rdflib.term import Node
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

from .. import __version__, limits
from ..errors import ArgumentError, InputError
from . import StoreBase, is_update
from ..catalogue import Shipped
from ..limits import TimeoutExceeded, time_limit
from ..results import Rows, term_from_json
from ..safetext import for_terminal

__all__ = ["RemoteStore"]

#: Queries longer than this (characters, bcpgraph's prefixes included) are POSTed, form-encoded;
#: shorter ones go in the URL of a GET.
POST_OVER = 2000
#: Transient failures (connection reset, HTTP 502/503/504) are retried this often at most …
RETRIES = 2
#: … after this pause, doubled each time, as long as the deadline leaves room.
BACKOFF = 0.5
#: Redirects followed at most (to http and https URLs only).
MAX_REDIRECTS = 5

_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
          "DescribeQuery": "DESCRIBE"}
_ACCEPT = {"SELECT": "application/sparql-results+json", "ASK": "application/sparql-results+json",
           "CONSTRUCT": "text/turtle, application/n-triples;q=0.9",
           "DESCRIBE": "text/turtle, application/n-triples;q=0.9"}
_JSON_TYPES = {"application/sparql-results+json", "application/json", "text/json"}
_RDF_TYPES = {"text/turtle": "turtle", "application/x-turtle": "turtle", "application/turtle": "turtle",
              "application/n-triples": "nt", "text/n-triples": "nt"}
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_TRANSIENT_STATUS = {502, 503, 504}
_REDIRECT_STATUS = {301, 302, 303, 307, 308}
_CHUNK = 64 * 1024
#: Bytes of an error page read (its first ~500 characters are shown).
_ERROR_BYTES = 8 * 1024
_SHOWN = 500


@dataclass(frozen=True)
class _Answer:
    status: int
    reason: str
    media_type: str  # lower case, without parameters; "" when the server sent none
    body: bytes
    location: str | None = None


class _Transient(Exception):
    """A failure worth one more try (the connection was reset)."""


class RemoteStore(StoreBase):
    """A SPARQL 1.1 query endpoint at ``url`` (http or https); read-only.

    ``timeout``: seconds for each query, from reading its text to the parsed answer (default
    :data:`~bcpgraph.limits.QUERY_TIMEOUT`); ``max_bytes``: the largest answer read (default
    :data:`~bcpgraph.limits.MAX_ANSWER_BYTES`).
    """

    def __init__(self, url: str, *, timeout: float | None = None, max_bytes: int | None = None):
        if not isinstance(url, str):
            raise ArgumentError(f"endpoint is a URL string, not {type(url).__name__}")
        if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float))
                                    or math.isnan(timeout) or timeout < 0):
            raise InputError(f"timeout: {timeout!r} is not a number of seconds ≥ 0")
        if max_bytes is not None and (isinstance(max_bytes, bool) or not isinstance(max_bytes, int)
                                      or max_bytes <= 0):
            raise InputError(f"max_bytes: {max_bytes!r} is not a number of bytes > 0")
        self._parts = _check_url(url)
        self.url = url
        self.timeout = timeout
        self.max_bytes = max_bytes

    backend = "endpoint"

    def graphs(self) -> list[str]:
        """The IRIs of the server's named graphs that hold triples, sorted."""
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(str(g) for g in rows.column("g") if isinstance(g, URIRef))

    def __len__(self) -> int:
        """The triples in the server's default graph (all of them, with a union default graph)."""
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(rows[0]["n"]) if len(rows) else 0

    def load(self, source, graph: str | None = None) -> int:
        """Refused: bcpgraph only reads from an endpoint (``bcpgraph push`` writes to a server)."""
        raise InputError(f"{self.url}: an endpoint is read-only here; to upload data to a server use "
                         "bcpgraph push (bcpgraph.stores.push.push)")

    def dump(self, name: str) -> bytes:
        """The union of the endpoint's graphs in the RDF format ``name`` (a name of
        :data:`bcpgraph.formats.RDF_FORMATS`), from one CONSTRUCT within the answer limit; TriG
        and N-Quads (a graph per profile) are refused: an endpoint does not say which graphs
        it holds."""
        from ..formats import RDF_FORMATS, serialize
        from ..graph import bind_prefixes

        if RDF_FORMATS[name].dataset:
            raise InputError(f"{name} keeps a named graph per profile, read from local data only; "
                             "from an endpoint, dump its union as turtle, ntriples or jsonld")
        graph = bind_prefixes(Graph())
        graph += self.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        return serialize(graph, name)

    def run(self, text: str) -> Rows | Graph:
        """The answer to the query ``text``: :class:`~bcpgraph.results.Rows` for SELECT and ASK,
        a Graph for CONSTRUCT and DESCRIBE.

        Raises :class:`~bcpgraph.errors.InputError` (naming the server) for an update, a syntax
        error or text over :data:`~bcpgraph.limits.MAX_QUERY_CHARS` (all before anything is
        sent), a server that cannot be reached or answers with an error, an answer too large or
        not in a format bcpgraph reads; :class:`~bcpgraph.limits.TimeoutExceeded` when the
        deadline passes.
        """
        seconds = self.timeout or limits.QUERY_TIMEOUT
        deadline = time.monotonic() + seconds
        if not isinstance(text, str):
            raise ArgumentError(f"a SPARQL query is a string, not {type(text).__name__}")
        if len(text) > limits.MAX_QUERY_CHARS:
            raise InputError(f"{self.url}: the query is {len(text):,} characters long, more than the "
                             f"{limits.MAX_QUERY_CHARS:,} accepted; query for less, or in parts")
        from ..binding import prologue  # binding imports stores: import here, when it is loaded

        sent = prologue() + text
        if isinstance(text, Shipped):  # bcpgraph's own query: its form is known (see Shipped)
            form = text.form
        else:
            with time_limit(seconds, f"reading the query for {self.url}"):
                form = self._form(sent, lines=sent.count("\n") - text.count("\n"))
        answer = _Client(self, sent, form, deadline, seconds).query().response
        with time_limit(max(deadline - time.monotonic(), 1e-3), f"reading the answer from {self.url}"):
            if form in ("CONSTRUCT", "DESCRIBE"):
                return self._graph(answer)
            return self._rows(answer, form)

    # -- the query ---------------------------------------------------------------------------

    def _form(self, text: str, *, lines: int = 0) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE, from rdflib's parse of ``text``; an update or text
        that is not SPARQL raises InputError. ``lines`` were put in front of the user's text (a
        syntax error's line number counts the user's lines)."""
        from rdflib.plugins.sparql.algebra import translateQuery  # 0.2 s to import: only for the user's text
        from rdflib.plugins.sparql.parser import parseQuery

        try:
            parsed = parseQuery(text)
            translateQuery(parsed)  # resolves prefixed names: an unknown prefix is an error here
        except InputError:  # TimeoutExceeded
            raise
        except Exception as exc:
            if is_update(text):
                raise InputError(f"{self.url}: updates are never sent: bcpgraph only reads "
                                 "(use SELECT, ASK, CONSTRUCT or DESCRIBE)") from None
            raise InputError(f"{self.url}: SPARQL syntax error, nothing sent: {_syntax(exc, lines)}") from None
        return _FORMS[parsed[1].name]

    # -- the exchange ------------------------------------------------------------------------

    def _fetch(self, request: urllib.request.Request, deadline: float, seconds: float) -> _Answer:
        """The server's final answer (after redirects and retries) to ``request``."""
        method, body = request.get_method(), request.data
        headers = {name: value for name, value in request.header_items() if name != "Host"}
        parts, tries, redirects = urlsplit(request.full_url), 0, 0
        ours = {name for name, _ in parse_qsl(parts.query, keep_blank_values=True)} if method == "GET" else set()
        while True:
            try:
                answer = self._once(parts, method, body, headers, deadline, seconds)
            except _Transient as exc:
                if tries < RETRIES and _pause(tries, deadline):
                    tries += 1
                    continue
                raise InputError(f"{self.url}: the server closed the connection without answering ({exc})") \
                    from None
            if answer.status in _TRANSIENT_STATUS and tries < RETRIES and _pause(tries, deadline):
                tries += 1
                continue
            if answer.status in _REDIRECT_STATUS and answer.location:
                target = urljoin(parts.geturl(), answer.location)
                if redirects >= MAX_REDIRECTS:
                    raise InputError(f"{self.url}: more than {MAX_REDIRECTS} redirects; give the endpoint's "
                                     "final URL")
                problem = _url_problem(target)
                if problem:
                    raise InputError(f"{self.url}: redirected to {for_terminal(target)!r}, which {problem}; "
                                     "not followed")
                moved = urlsplit(target)
                # a redirect that keeps the query in its Location: it is sent once, as before
                kept = [(k, v) for k, v in parse_qsl(moved.query, keep_blank_values=True)
                        if k != "query" and k not in ours]
                if method == "GET":
                    kept += parse_qsl(parts.query, keep_blank_values=True)
                parts = moved._replace(query=urlencode(kept))
                redirects += 1
                continue
            return answer

    def _once(self, parts: SplitResult, method: str, body: bytes | None, headers: dict[str, str],
              deadline: float, seconds: float) -> _Answer:
        """One request and its answer; the connection is closed afterwards."""
        left = deadline - time.monotonic()
        if left <= 0:
            raise self._timeout(seconds)
        connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        connection = connection_class(parts.hostname, parts.port, timeout=min(limits.CONNECT_TIMEOUT, left))
        # non-ASCII in the endpoint's path or query percent-encoded (http.client sends ASCII only)
        target = quote(parts.path or "/", safe="/%:@!$&'()*+,;=~") + (
            f"?{quote(parts.query, safe='/%:@!$&()*+,;=?~')}" if parts.query else "")
        try:
            connection.connect()
        except socket.gaierror as exc:
            raise InputError(f"{self.url}: cannot find the server {parts.hostname!r} ({exc.strerror})") from None
        except UnicodeError:  # a host name IDNA cannot encode
            raise InputError(f"{self.url}: cannot find the server {parts.hostname!r} (not a valid host name)") \
                from None
        except ConnectionRefusedError:
            raise InputError(f"{self.url}: cannot reach the server: connection refused "
                             "(is it running, is the port right?)") from None
        except TimeoutError:
            raise InputError(f"{self.url}: cannot reach the server: it did not accept the connection within "
                             f"{min(limits.CONNECT_TIMEOUT, left):g} s") from None
        except ssl.SSLCertVerificationError as exc:
            raise InputError(f"{self.url}: the server's TLS certificate is not trusted "
                             f"({exc.verify_message})") from None
        except OSError as exc:
            raise InputError(f"{self.url}: cannot reach the server ({exc.strerror or exc})") from None
        # From here the deadline rules: the socket waits at most until then for each read, and
        # a watchdog shuts the socket at the deadline, which also stops a server that sends a
        # byte now and then (http.client reads the status line and headers in many small reads).
        watchdog = _Watchdog(connection.sock, deadline - time.monotonic())
        try:
            connection.sock.settimeout(max(deadline - time.monotonic(), 1e-3))
            watchdog.start()
            connection.request(method, target, body=body, headers=headers)
            response = connection.getresponse()
            status = response.status
            limit = (self.max_bytes or limits.MAX_ANSWER_BYTES) if 200 <= status < 300 else _ERROR_BYTES
            length = response.getheader("Content-Length", "")
            if 200 <= status < 300 and length.strip().isdigit() and int(length) > limit:
                raise self._too_large(limit)
            data = self._read(response, limit, deadline, seconds, truncate=not 200 <= status < 300)
            if watchdog.fired:  # the shut socket looked like the end of the answer
                raise self._timeout(seconds)
            media_type = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
            return _Answer(status, response.reason, media_type, data, response.getheader("Location"))
        except InputError:
            raise
        except ValueError as exc:  # http.client refuses what it cannot send
            raise InputError(f"{self.url}: cannot send the request ({_short(exc)})") from None
        except (TimeoutError, OSError, http.client.HTTPException) as exc:
            if watchdog.fired or time.monotonic() >= deadline or isinstance(exc, TimeoutError):
                raise self._timeout(seconds) from None
            if isinstance(exc, (ConnectionResetError, BrokenPipeError)):  # RemoteDisconnected too
                raise _Transient(str(exc) or type(exc).__name__) from None
            if isinstance(exc, http.client.IncompleteRead):
                raise InputError(f"{self.url}: the answer broke off ({exc})") from None
            if isinstance(exc, http.client.HTTPException):
                raise InputError(f"{self.url}: the server does not answer in HTTP ({_short(exc)}); "
                                 "is it a SPARQL endpoint?") from None
            raise InputError(f"{self.url}: the connection failed ({exc.strerror or exc})") from None
        finally:
            watchdog.cancel()
            connection.close()

    def _read(self, response: http.client.HTTPResponse, limit: int, deadline: float, seconds: float, *,
              truncate: bool) -> bytes:
        """The body, read in chunks with an eye on the clock; more than ``limit`` bytes is an
        error (or, with ``truncate``, cut off there)."""
        chunks, size = [], 0
        while True:
            if time.monotonic() >= deadline:
                raise self._timeout(seconds)
            chunk = response.read1(min(_CHUNK, limit + 1 - size))  # what has arrived, not a full chunk
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                if truncate:
                    return b"".join(chunks)[:limit]
                raise self._too_large(limit)

    def _timeout(self, seconds: float) -> TimeoutExceeded:
        return TimeoutExceeded(f"{self.url}: no complete answer within {seconds:g} s (timeout); "
                               "allow more time or ask for less")

    def _too_large(self, limit: int) -> InputError:
        return InputError(f"the answer from {self.url} is larger than {_size(limit)}; ask for less (LIMIT)")

    # -- the answer --------------------------------------------------------------------------

    def _check(self, answer: _Answer, expected: str) -> None:
        """Raise InputError unless ``answer`` is a success; ``expected`` names what was asked for."""
        if 200 <= answer.status < 300 and _looks_like_html(answer):
            raise InputError(f"{self.url} answered an HTML page, not {expected} — is {self.url} the query "
                             "endpoint?")
        if 200 <= answer.status < 300:
            return
        shown = _error_text(answer)
        hint = ""
        if answer.status in (404, 405) or _looks_like_html(answer) and answer.status < 500:
            hint = f" — is {self.url} the query endpoint?"
        elif answer.status in (401, 403):
            hint = " — the endpoint needs access rights bcpgraph does not have"
        elif answer.status in _REDIRECT_STATUS:
            hint = " — a redirect without a Location"
        raise InputError(f"{self.url} answered HTTP {answer.status} {for_terminal(answer.reason)}"
                         + (f": {shown}" if shown else "") + hint)

    def _rows(self, answer: _Answer, form: str) -> Rows:
        self._check(answer, "SPARQL results")
        if answer.media_type and answer.media_type not in _JSON_TYPES:
            raise InputError(f"{self.url} answered {for_terminal(answer.media_type)}, not SPARQL JSON results "
                             "(application/sparql-results+json)")
        try:
            data = json.loads(answer.body)
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
            raise InputError(f"{self.url} answered something that is not JSON, not SPARQL results: "
                             f"{_start(answer.body)}") from None
        try:
            return _rows_from_json(data, form)
        except ValueError as exc:
            raise InputError(f"{self.url} answered JSON that is not SPARQL results ({exc})") from None

    def _graph(self, answer: _Answer) -> Graph:
        self._check(answer, "RDF")
        syntax = _RDF_TYPES.get(answer.media_type)
        if syntax is None:
            what = for_terminal(answer.media_type) or "no Content-Type"
            raise InputError(f"{self.url} answered {what}, not Turtle or N-Triples (bcpgraph never reads "
                             "RDF/XML from a server)")
        try:
            return Graph().parse(data=answer.body.decode("utf-8"), format=syntax)
        except InputError:  # TimeoutExceeded
            raise
        except Exception as exc:  # rdflib's parsers raise many kinds
            raise InputError(f"{self.url} answered {answer.media_type} that does not parse: {_short(exc)}") \
                from None


class _Client(SPARQLWrapper):
    """The request SPARQLWrapper builds for one query, sent by :meth:`RemoteStore._fetch`."""

    def __init__(self, store: RemoteStore, text: str, form: str, deadline: float, seconds: float):
        parts = urlsplit(store.url)
        super().__init__(parts._replace(query="").geturl(), agent=f"bcpgraph/{__version__}")
        for name, value in parse_qsl(parts.query, keep_blank_values=True):  # the endpoint's own parameters
            self.addParameter(name, value)
        self.setOnlyConneg(True)  # Accept only, no format/output/results parameters
        self.setReturnFormat(JSON if form in ("SELECT", "ASK") else TURTLE)
        self.queryString, self.queryType = text, form  # from rdflib's parse, not guessed from keywords
        if len(text) > POST_OVER:
            self.setMethod(POST)  # form-encoded (URLENCODED, SPARQLWrapper's default for POST)
        self.addCustomHttpHeader("Accept", _ACCEPT[form])
        self._store, self._deadline, self._seconds = store, deadline, seconds

    def _query(self) -> tuple[_Answer, str]:
        return self._store._fetch(self._createRequest(), self._deadline, self._seconds), self.returnFormat


class _Watchdog:
    """Shuts ``sock`` down after ``seconds``, so that a blocked read returns."""

    def __init__(self, sock: socket.socket, seconds: float):
        self.fired = False
        self._sock = sock
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True

    def _fire(self) -> None:
        self.fired = True
        try:
            # the plain socket's shutdown, also under TLS: SSLSocket.shutdown would drop its TLS
            # state under the feet of the thread reading from it
            socket.socket.shutdown(self._sock, socket.SHUT_RDWR)
        except OSError:  # already closed
            pass

    def start(self) -> None:
        self._timer.start()

    def cancel(self) -> None:
        self._timer.cancel()


def _check_url(url: str) -> SplitResult:
    """``url`` split, if it is an http(s) URL with a host and nothing bcpgraph would not send."""
    problem = _url_problem(url)
    if problem:
        raise InputError(f"endpoint {for_terminal(_without_password(url))!r} {problem}")
    return urlsplit(url)


def _without_password(url: str) -> str:
    """
    >>> _without_password("http://me:secret@example.org/sparql")
    'http://me:***@example.org/sparql'
    """
    try:
        password = urlsplit(url).password
    except ValueError:
        return url
    return url.replace(f":{password}@", ":***@", 1) if password else url


def _url_problem(url: str) -> str | None:
    """What makes ``url`` unusable as an endpoint, or None."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "has no valid port"
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return "is not an http(s) URL with a host, such as http://localhost:7878/query"
    if re.search(r"[\x00-\x20\x7f-\x9f]", url):
        return "contains spaces or control characters"
    if parts.username is not None or parts.password is not None:
        return "contains a user name or password, which bcpgraph does not send"
    return None


def _syntax(exc: Exception, lines: int) -> str:
    """rdflib's syntax error on one line, its position counted in the user's text.

    >>> _syntax(Exception("Expected SelectQuery, found 'x'  (at char 1182), (line:24, col:8)"), 23)
    "Expected SelectQuery, found 'x' (line 1, column 8)"
    """
    text = " ".join(str(exc).split()) or type(exc).__name__
    text = re.sub(r"\s*\(at char \d+\), \(line:(\d+), col:(\d+)\)",
                  lambda m: f" (line {int(m[1]) - lines}, column {m[2]})", text)
    return for_terminal(text if len(text) <= _SHOWN else text[:_SHOWN - 1] + "…")


def _pause(tries: int, deadline: float) -> bool:
    """Wait before try ``tries + 2``; False (no wait) if the deadline leaves no room for it."""
    wait = BACKOFF * 2**tries
    if time.monotonic() + wait >= deadline:
        return False
    time.sleep(wait)
    return True


def _rows_from_json(data: object, form: str) -> Rows:
    """Rows from the SPARQL 1.1 Query Results JSON Format; ValueError says what does not fit."""
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    if form == "ASK":
        if not isinstance(data.get("boolean"), bool):
            raise ValueError('no "boolean" true or false for an ASK query')
        return Rows((), [], boolean=data["boolean"])
    head, results = data.get("head"), data.get("results")
    if not isinstance(head, dict) or not isinstance(head.get("vars"), list) \
            or not all(isinstance(v, str) for v in head["vars"]):
        raise ValueError('no "head" with a list of "vars"')
    if not isinstance(results, dict) or not isinstance(results.get("bindings"), list):
        raise ValueError('no "results" with a list of "bindings"')
    rows = []
    terms: dict[tuple, Node] = {}  # each distinct term checked and made once (rdflib's Literal is slow to make)
    for number, binding in enumerate(results["bindings"], 1):
        if not isinstance(binding, dict):
            raise ValueError(f"binding {number} is not an object")
        row = {}
        for name, value in binding.items():
            try:
                key = (value["type"], value["value"], value.get("xml:lang"), value.get("datatype"))
                row[name] = terms[key]
                continue
            except (KeyError, TypeError, AttributeError):  # not seen yet, or not a term at all
                pass
            if not isinstance(value, dict) or not isinstance(value.get("value"), str) \
                    or value.get("type") not in ("uri", "bnode", "literal", "typed-literal") \
                    or not all(isinstance(value.get(k, ""), str) for k in ("xml:lang", "datatype")):
                raise ValueError(f"binding {number}: {for_terminal(str(name))!r} is not an RDF term bcpgraph reads")
            row[name] = terms[key] = term_from_json(value)
        rows.append(row)
    return Rows(tuple(head["vars"]), rows)


def _looks_like_html(answer: _Answer) -> bool:
    if answer.media_type in _HTML_TYPES:
        return True
    return bool(re.match(rb"\s*(<!doctype\s+html|<html)", answer.body[:200], re.IGNORECASE))


def _error_text(answer: _Answer) -> str:
    """The first ~500 characters of an error page's text, on one line, safe for a terminal."""
    text = answer.body.decode("utf-8", errors="replace")
    if _looks_like_html(answer):
        text = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>|<[^>]*>", " ", text)
    text = " ".join(text.split())
    if len(text) > _SHOWN:
        text = text[:_SHOWN - 1] + "…"
    return for_terminal(text)


def _start(body: bytes) -> str:
    text = " ".join(body[:80].decode("utf-8", errors="replace").split())
    return repr(for_terminal(text)) + ("…" if len(body) > 80 else "") if text else "an empty answer"


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return for_terminal(text if len(text) <= 300 else text[:299] + "…")


def _size(n: int) -> str:
    """
    >>> _size(64 * 1024 * 1024), _size(1000)
    ('64 MB', '1,000 bytes')
    """
    return f"{n / 2**20:g} MB" if n >= 2**20 else f"{n:,} bytes"
