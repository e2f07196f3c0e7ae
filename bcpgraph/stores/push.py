"""Upload the ontology, the vocabularies and profiles to a SPARQL server, through the SPARQL 1.1
Graph Store Protocol: ``PUT STORE?graph=IRI`` with the graph as N-Triples, which replaces that
graph whole.

- each shipped ontology and vocabulary file goes to a named graph of its own,
  ``https://w3id.org/bcpgraph/graph/<folder>/<name>`` (so a server whose default graph is the
  union of its graphs sees everything, and pushing again replaces, never doubles);
- each profile goes to the named graph named by its IRI (a TriG or N-Quads file: each of its
  named graphs);
- a file that holds no single profile (the terms profiles share, such as the
  ``synthetic-vocabulary.ttl`` that ``bcpgraph generate`` writes) goes to a graph named after the
  file, ``https://w3id.org/bcpgraph/graph/file/<file name>``, so that pushing the file again
  replaces it; two such files of the same name in one push are refused;
- this is the one place where bcpgraph writes to a server, and only to the URL given.

Transient failures (connection reset, HTTP 502/503/504) are retried twice after a short pause;
every other failure is an :class:`~bcpgraph.errors.InputError` naming the server and, for an
HTTP error, what it answered.

>>> push("http://127.0.0.1:9/store", "no-such-file.ttl")
Traceback (most recent call last):
bcpgraph.errors.InputError: no-such-file.ttl: no such file
"""

from __future__ import annotations

import http.client
import math
import os
import socket
import ssl
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from .. import __version__, limits
from ..errors import ArgumentError, InputError
from ..safetext import for_terminal

__all__ = ["push", "summary", "Pushed", "GRAPHS", "file_graph"]

#: Where the shipped ontology and vocabulary graphs are named.
GRAPHS = "https://w3id.org/bcpgraph/graph/"
#: Transient failures are retried this often at most, after BACKOFF seconds (doubled each time).
RETRIES = 2
BACKOFF = 0.5
_TRANSIENT = {502, 503, 504}
_SHOWN = 500


@dataclass(frozen=True)
class Pushed:
    """One graph written: its IRI and the triples sent."""

    graph: str
    triples: int


def _graphs(files: tuple, shipped: bool) -> list[tuple[str, bytes, int]]:
    """(graph IRI, N-Triples, triples) for everything to push, in order."""
    import pyoxigraph as ox

    from ..graph import _check_load_arguments
    from ..resources import ONTOLOGY_FILES, VOCABULARY_FILES
    from .oxigraph import OxigraphStore, _parsed, _shipped_quads

    paths = _check_load_arguments("push", files, shipped)
    out = []
    for folder, names in (("ontology", ONTOLOGY_FILES), ("vocabularies", VOCABULARY_FILES)):
        for name in names:
            triples = [q.triple for q in _parsed(folder, name)]
            iri = f"{GRAPHS}{folder}/{name.rsplit('.', 1)[0]}"
            out.append((iri, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), len(triples)))
    stores = []
    if shipped or not files:
        store = OxigraphStore()
        quads = [q for q in _shipped_quads(True) if not isinstance(q.graph_name, ox.DefaultGraph)]
        store._store.extend(quads)
        stores.append(("the shipped profile", store))
    for path in paths:
        store = OxigraphStore()
        store.load(path)
        stores.append((str(path), store))
    named: dict[str, str] = {}
    for where, store in stores:
        inner = store._store
        loose = [q.triple for q in inner.quads_for_pattern(None, None, None, ox.DefaultGraph())]
        if loose:  # no single profile: the file's own graph
            iri = file_graph(where)
            if iri in named:
                raise InputError(f"{where}: holds no single bcp:Profile, so it goes to the graph <{iri}>, "
                                 f"named after the file, as {named[iri]} does; rename one of them")
            named[iri] = where
            out.append((iri, ox.serialize(loose, format=ox.RdfFormat.N_TRIPLES), len(loose)))
        for iri in store.graphs():
            triples = [q.triple for q in inner.quads_for_pattern(None, None, None, ox.NamedNode(iri))]
            out.append((iri, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), len(triples)))
    return out


def file_graph(path: str | os.PathLike) -> str:
    """The graph a file that holds no single profile is pushed to, named after the file.

    >>> file_graph("corpus/synthetic-vocabulary.ttl")
    'https://w3id.org/bcpgraph/graph/file/synthetic-vocabulary'
    >>> file_graph("mijn termen.trig")
    'https://w3id.org/bcpgraph/graph/file/mijn%20termen'
    """
    return f"{GRAPHS}file/{quote(Path(path).stem, safe='')}"


def push(store_url: str, *files: str | os.PathLike, shipped: bool = False,
         timeout: float | None = None) -> list[Pushed]:
    """Write the ontology, competency scheme and vocabularies and the profiles in ``files`` (a
    directory means its RDF files; with no files, or with ``shipped``, the shipped profile) to the
    Graph Store Protocol service at ``store_url``, each graph replaced whole. ``timeout``: seconds
    for each request (default :data:`~bcpgraph.limits.QUERY_TIMEOUT`). Returns what was written.
    """
    from .remote import _check_url

    if not isinstance(store_url, str):
        raise ArgumentError(f"push: the store is a URL string, not {type(store_url).__name__}")
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float))
                                or math.isnan(timeout) or timeout <= 0):
        raise InputError(f"timeout: {timeout!r} is not a number of seconds > 0")
    graphs = _graphs(files, shipped)  # every file read before anything is written
    parts = _check_url(store_url)
    written = []
    for iri, body, count in graphs:
        _put(parts, store_url, iri, body, timeout or limits.QUERY_TIMEOUT)
        written.append(Pushed(iri, count))
    return written


def _put(parts, url: str, graph: str, body: bytes, seconds: float) -> None:
    """PUT ``body`` as the graph ``graph``, retrying transient failures."""
    target = quote(parts.path or "/", safe="/%:@!$&'()*+,;=~")
    target += ("?" + quote(parts.query, safe="/%:@!$&()*+,;=?~") + "&" if parts.query else "?") + \
        urlencode({"graph": graph})
    tries = 0
    while True:
        try:
            status, reason, text = _once(parts, url, target, body, seconds)
        except _Reset as exc:
            if tries < RETRIES:
                time.sleep(BACKOFF * 2**tries)
                tries += 1
                continue
            raise InputError(f"{url}: the server closed the connection without answering ({exc})") from None
        if status in _TRANSIENT and tries < RETRIES:
            time.sleep(BACKOFF * 2**tries)
            tries += 1
            continue
        if 200 <= status < 300:
            return
        hint = ""
        if status in (401, 403):
            hint = " — the server wants access rights bcpgraph does not send (see the README on push)"
        elif status in (404, 405):
            hint = f" — is {url} the server's Graph Store Protocol URL (such as http://localhost:7878/store)?"
        raise InputError(f"{url} refused graph <{graph}>: HTTP {status} {for_terminal(reason)}"
                         + (f": {text}" if text else "") + hint)


class _Reset(Exception):
    pass


def _once(parts, url: str, target: str, body: bytes, seconds: float) -> tuple[int, str, str]:
    from .remote import _Watchdog

    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = connection_class(parts.hostname, parts.port, timeout=min(limits.CONNECT_TIMEOUT, seconds))
    try:
        connection.connect()
    except socket.gaierror as exc:
        raise InputError(f"{url}: cannot find the server {parts.hostname!r} ({exc.strerror})") from None
    except ConnectionRefusedError:
        raise InputError(f"{url}: cannot reach the server: connection refused (is it running, is the port right?)") \
            from None
    except TimeoutError:
        raise InputError(f"{url}: cannot reach the server: it did not accept the connection in time") from None
    except ssl.SSLCertVerificationError as exc:
        raise InputError(f"{url}: the server's TLS certificate is not trusted ({exc.verify_message})") from None
    except OSError as exc:
        raise InputError(f"{url}: cannot reach the server ({exc.strerror or exc})") from None
    watchdog = _Watchdog(connection.sock, seconds)
    try:
        connection.sock.settimeout(seconds)
        watchdog.start()
        connection.request("PUT", target, body=body, headers={
            "Content-Type": "application/n-triples", "User-Agent": f"bcpgraph/{__version__}"})
        response = connection.getresponse()
        text = response.read(8 * 1024).decode("utf-8", errors="replace")
        if watchdog.fired:
            raise TimeoutError
        text = " ".join(text.split())
        return response.status, response.reason, for_terminal(text[:_SHOWN])
    except (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected) as exc:
        if watchdog.fired:
            raise _timeout(url, seconds) from None
        raise _Reset(str(exc) or type(exc).__name__) from None
    except (TimeoutError, OSError, http.client.HTTPException) as exc:
        if watchdog.fired or isinstance(exc, TimeoutError):
            raise _timeout(url, seconds) from None
        raise InputError(f"{url}: the exchange failed ({exc})") from None
    finally:
        watchdog.cancel()
        connection.close()


def _timeout(url: str, seconds: float) -> InputError:
    from ..limits import TimeoutExceeded

    return TimeoutExceeded(f"{url}: no answer within {seconds:g} s (timeout); allow more time")


def summary(written: list[Pushed]) -> str:
    """What was written, one graph a line, and the total.

    >>> print(summary([Pushed("http://e/g", 3)]))
    http://e/g  3 triples
    1 graph, 3 triples
    """
    lines = [f"{p.graph}  {p.triples:,} triples" for p in written]
    total = sum(p.triples for p in written)
    lines.append(f"{len(written):,} graph{'s' if len(written) != 1 else ''}, {total:,} triples")
    return "\n".join(lines)

