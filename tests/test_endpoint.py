"""Talking to SPARQL endpoints: a real external SPARQL 1.1 server (Oxigraph, filled by ``bcpgraph
push``) answers as the local graph does (every named query: tests/test_parity.py); reading never
writes; what is sent is what was given; and a server that hangs, drips, floods or answers
nonsense ends in a clear InputError naming it, within its timeout.

The misbehaving servers are real HTTP servers on 127.0.0.1, written with the standard library.
"""

from __future__ import annotations

import http.server
import json
import re
import shutil
import socket
import ssl
import subprocess
import threading
import time
import uuid
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic

import bcpgraph
from bcpgraph import limits
from bcpgraph.binding import prologue
from bcpgraph.errors import InputError
from bcpgraph.limits import TimeoutExceeded
from bcpgraph.stores.remote import RemoteStore
from conftest import DIRECT, OXIGRAPH_FILES, connections, free_port

UPDATES = [
    "DROP ALL",
    "CLEAR DEFAULT",
    "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "# only a comment before it\nDROP ALL",
    "PREFIX ex: <http://example.org/>\nCLEAR ALL",
    "CREATE GRAPH <http://example.org/g>",
    "ADD DEFAULT TO <http://example.org/g>",
    "DROP ALL ; INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }",
]


# -- the real server ---------------------------------------------------------------------------

def _count(endpoint: str) -> int:
    """Triples the server holds in its named graphs (each file pushed is one), asked without bcpgraph."""
    text = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    request = DIRECT.open(f"{endpoint}?query={quote(text)}", timeout=10)
    with request as answer:
        return int(json.load(answer)["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def triples(endpoint) -> int:
    """What the server holds at the start: every triple of the pushed files (each in a graph of its
    own), counted by rdflib."""
    count = sum(len(Graph().parse(f, format="turtle")) for f in OXIGRAPH_FILES)
    assert _count(endpoint) == count > 0
    return count


@pytest.mark.parametrize("name", ["job-titles", "career-transitions", "results", "provenance"])
def test_remote_store_agrees_with_sparqlwrapper(name, endpoint):
    """A second, independent client (SPARQLWrapper) sent the same bound text gets the same rows."""
    from SPARQLWrapper import JSON, SELECT, SPARQLWrapper

    from bcpgraph.catalogue import named_query
    from bcpgraph.results import term_from_json

    ours = bcpgraph.query(name, endpoint=endpoint)
    client = SPARQLWrapper(endpoint)
    client.setQuery(named_query(name).text)  # the file as shipped, with its defaults
    client.queryType = SELECT  # it guesses from keywords, comments included (bcpgraph sets it from its parse)
    client.setReturnFormat(JSON)
    answer = client.queryAndConvert()
    theirs = [{k: term_from_json(v) for k, v in b.items()} for b in answer["results"]["bindings"]]
    assert list(ours.vars) == answer["head"]["vars"]
    assert len(ours) == len(theirs) > 0
    assert sorted(map(repr, (sorted(r.items()) for r in ours))) == \
        sorted(map(repr, (sorted(r.items()) for r in theirs)))


def test_labels_resolve_on_the_endpoint_too(endpoint):
    rows = bcpgraph.query("werkprocessen-for-competency", endpoint=endpoint, competency="ANALYSING")
    assert len(rows) > 0


#: The werkprocessen of the shipped profile (its graph on the server): 7, as the seed text has.
SHIPPED_WP = "SELECT (COUNT(?wp) AS ?n) WHERE { GRAPH bcpid:contactcenter-medewerker-2010 { ?wp a bcp:WorkProcess } }"


def test_ad_hoc_sparql_on_the_endpoint(endpoint):
    rows = bcpgraph.sparql(SHIPPED_WP, endpoint=endpoint)
    assert int(rows.column("n")[0]) == 7


def test_a_query_with_its_own_prefixes_still_has_the_built_in_ones(endpoint):
    text = "PREFIX ex: <http://example.org/>\n" + SHIPPED_WP
    assert int(bcpgraph.sparql(text, endpoint=endpoint).column("n")[0]) == 7


def test_a_query_s_own_prefix_wins_over_the_built_in_one(endpoint, graph):
    mine = "PREFIX skos: <http://example.org/not-skos#>\nASK { ?x skos:prefLabel ?label }"
    assert bcpgraph.sparql(mine, endpoint=endpoint).boolean is False
    assert bcpgraph.sparql(mine, graph=graph).boolean is False
    assert bcpgraph.sparql("ASK { ?x skos:prefLabel ?label }", endpoint=endpoint).boolean is True


def test_construct_on_the_endpoint_is_the_local_graph(endpoint, served):
    text = ("CONSTRUCT { ?wp a bcp:WorkProcess ; skos:prefLabel ?l } "
            "WHERE { ?wp a bcp:WorkProcess ; skos:prefLabel ?l }")
    remote = bcpgraph.sparql(text, endpoint=endpoint)
    assert len(remote) > 7
    assert isomorphic(remote, bcpgraph.sparql(text, graph=served))


def test_describe_on_the_endpoint(endpoint):
    answer = bcpgraph.sparql("DESCRIBE ?wp WHERE { ?wp a bcp:WorkProcess ; skos:notation '1.1' }", endpoint=endpoint)
    assert isinstance(answer, Graph) and len(answer) > 0


def test_cli_against_the_endpoint(endpoint, cli):
    done = cli("query", "job-titles", "--endpoint", endpoint, "--format", "csv", "-p",
               "profile=bcpid:contactcenter-medewerker-2010")
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.strip().splitlines()) == 1 + 7


def test_unknown_label_on_the_endpoint(endpoint):
    with pytest.raises(InputError, match="no bcp:Competency"):
        bcpgraph.query("werkprocessen-for-competency", endpoint=endpoint, competency="Toveren")


# -- reading never writes ----------------------------------------------------------------------

@pytest.mark.parametrize("update", UPDATES)
@pytest.mark.parametrize("where", ["query", "update"])
def test_an_update_is_never_sent(update, where, endpoint, triples):
    url = endpoint.rsplit("/", 1)[0] + "/" + where
    with pytest.raises(InputError, match="updates are never sent") as raised:
        bcpgraph.sparql(update, endpoint=url)
    assert url in str(raised.value)
    assert _count(endpoint) == triples


def test_an_update_through_the_cli_is_never_sent(endpoint, triples, cli):
    done = cli("sparql", "--endpoint", endpoint, "DROP ALL")
    assert done.returncode == 2
    assert "updates are never sent" in done.stderr and endpoint in done.stderr
    assert "Traceback" not in done.stderr
    assert _count(endpoint) == triples


def test_load_reaches_nothing(endpoint, triples, listener, cli):
    load = f"LOAD <http://127.0.0.1:{listener.getsockname()[1]}/x>"
    with pytest.raises(InputError, match="updates are never sent"):
        bcpgraph.sparql(load, endpoint=endpoint)
    done = cli("sparql", "--endpoint", endpoint, load)
    assert done.returncode == 2 and "updates are never sent" in done.stderr
    time.sleep(0.2)  # a connection Oxigraph made would be waiting by now
    assert connections(listener) == 0
    assert _count(endpoint) == triples


# -- misbehaving servers -----------------------------------------------------------------------

_GOOD = json.dumps({"head": {"vars": ["n"]},
                    "results": {"bindings": [{"n": {"type": "literal", "value": "1"}}]}}).encode()


class _Fake(http.server.BaseHTTPRequestHandler):
    """Behaves as the first segment of the path says; records (method, path, query) received."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        self._answer(urlsplit(self.path).query)

    def do_POST(self):
        self._answer(self.rfile.read(int(self.headers.get("Content-Length", 0))).decode())

    def _answer(self, form: str) -> None:
        path = urlsplit(self.path).path
        self.server.received.append((self.command, path, parse_qs(form).get("query", [])))
        getattr(self, "_" + path.split("/")[1].replace("-", "_"))(path)

    def _send(self, status: int, media_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _drip(self, data: bytes, pause: float = 0.05) -> None:
        for byte in data[:400]:  # at most 400 × pause seconds
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:
                return
            time.sleep(pause)
        self.close_connection = True

    def _record(self, path):
        self._send(200, "application/sparql-results+json", _GOOD)

    def _html(self, path):
        self._send(200, "text/html; charset=utf-8", b"<!DOCTYPE html><html><body>Query editor</body></html>")

    def _garbage(self, path):
        self._send(200, "application/sparql-results+json", b"\x00\xff{{ not json at all")

    def _not_http(self, path):
        self.wfile.write(b"SSH-2.0-OpenSSH_9.6\r\n\r\n")
        self.close_connection = True

    def _shape(self, path):
        self._send(200, "application/sparql-results+json", b'{"head": {"vars": ["n"]}, "results": {"bindings": 3}}')

    def _repeated(self, path):  # a term read before, then the same fields with a number as its value
        good = {"type": "literal", "value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
        bad = dict(good, value=1)
        self._send(200, "application/sparql-results+json", json.dumps(
            {"head": {"vars": ["n"]}, "results": {"bindings": [{"n": good}, {"n": good}, {"n": bad}]}}).encode())

    def _flaky(self, path):  # 503 the first time a path is asked for, then a good answer
        if sum(1 for _, p, _ in self.server.received if p == path) == 1:
            self._send(503, "text/plain", b"busy, try again")
        else:
            self._record(path)

    def _reset(self, path):  # closed without an answer the first time, then a good answer
        if sum(1 for _, p, _ in self.server.received if p == path) == 1:
            self.close_connection = True
        else:
            self._record(path)

    def _busy(self, path):
        self._send(503, "text/plain", b"busy, try again")

    def _bad(self, path):
        self._send(400, "text/plain", b"Parse error: unexpected 'FOO' at line 3 \x1b[2J(cleared your screen)")

    def _flood(self, path):
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.close_connection = True  # no length: the answer ends when the connection does
        chunk = b"[" * 65536
        for _ in range(200):  # at most 12.8 MB
            try:
                self.wfile.write(chunk)
            except OSError:
                return

    def _drip_head(self, path):
        self._drip(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nX-Slow: "
                   + b"a" * 400)

    def _drip_body(self, path):
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", "400")
        self.end_headers()
        self.wfile.flush()
        self._drip(b" " * 400)

    def _bad_turtle(self, path):
        self._send(200, "text/turtle", b"this is not turtle at all")

    def _rdfxml(self, path):
        self._send(200, "application/rdf+xml",
                   b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><r>&e;</r>')

    def _redirect(self, path):
        self.send_response(303)
        self.send_header("Location", "/record/after-redirect")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _redirect_keep(self, path):  # as http → https redirects do: the query string kept
        self.send_response(301)
        self.send_header("Location", f"/record{path}?{urlsplit(self.path).query}")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _redirect_ftp(self, path):
        self.send_response(302)
        self.send_header("Location", "ftp://127.0.0.1/x")
        self.send_header("Content-Length", "0")
        self.end_headers()


def _serve(server):
    """Run ``server`` in a thread for a fixture (``server.received`` lists what it was sent)."""
    server.daemon_threads = True
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def fake():
    """Base URL of the misbehaving server; ``fake.received`` lists what it was sent."""
    yield from _serve(http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Fake))


@pytest.fixture(scope="module")
def tls_fake(tmp_path_factory):
    """The misbehaving server behind TLS, with a self-signed certificate for 127.0.0.1;
    ``tls_fake.certificate`` is its file."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    where = tmp_path_factory.mktemp("tls")
    certificate, key = where / "cert.pem", where / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key),
                    "-out", str(certificate)], check=True, capture_output=True, timeout=60)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate, key)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Fake)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.certificate = certificate
    yield from _serve(server)


def _url(fake, behaviour: str) -> str:
    """A fresh path for ``behaviour`` (so that what it received can be told apart)."""
    scheme = "https" if hasattr(fake, "certificate") else "http"
    return f"{scheme}://127.0.0.1:{fake.server_address[1]}/{behaviour}/{uuid.uuid4().hex}"


def _received(fake, url: str) -> list[tuple]:
    return [r for r in fake.received if r[1] == urlsplit(url).path]


@pytest.fixture(scope="module")
def silent():
    """A server that accepts connections (the kernel does) and never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/query"


SELECT = "SELECT ?n WHERE { ?s ?p ?n }"


def _fails(url: str, match: str, text: str = SELECT, **options) -> InputError:
    with pytest.raises(InputError, match=match) as raised:
        RemoteStore(url, **options).run(text)
    assert url in str(raised.value)
    return raised.value


def test_a_silent_server_times_out(silent):
    started = time.monotonic()
    error = _fails(silent, "within 1 s", timeout=1)
    assert isinstance(error, TimeoutExceeded)
    assert time.monotonic() - started < 4


@pytest.mark.parametrize("behaviour", ["drip-head", "drip-body"])
def test_a_server_sending_a_byte_now_and_then_times_out(fake, behaviour):
    started = time.monotonic()
    error = _fails(_url(fake, behaviour), "within 1 s", timeout=1)
    assert isinstance(error, TimeoutExceeded)
    assert time.monotonic() - started < 4  # the server would drip for 20 s


def test_a_flood_is_cut_off(fake):
    _fails(_url(fake, "flood"), r"larger than 10,000 bytes; ask for less \(LIMIT\)", timeout=5, max_bytes=10_000)


def test_an_answer_announced_larger_than_the_cap(fake):
    _fails(_url(fake, "record"), "larger than 50 bytes", timeout=5, max_bytes=50)


def test_an_html_page(fake):
    _fails(_url(fake, "html"), "answered an HTML page, not SPARQL results — is .* the query endpoint", timeout=2)


def test_an_html_page_from_oxigraph_s_front_page(endpoint):
    front = endpoint.rsplit("/", 1)[0] + "/"
    with pytest.raises(InputError, match=f"answered .* is {front} the query endpoint"):
        RemoteStore(front).run(SELECT)
    with pytest.raises(InputError, match=f"answered .* is {front} the query endpoint"):
        bcpgraph.sparql(SELECT, endpoint=front)  # as a POST, should the text grow long


def test_garbage(fake):
    _fails(_url(fake, "garbage"), "not JSON", timeout=2)


def test_not_http_at_all(fake):
    _fails(_url(fake, "not-http"), "does not answer in HTTP", timeout=2)


def test_json_of_the_wrong_shape(fake):
    _fails(_url(fake, "shape"), "JSON that is not SPARQL results", timeout=2)
    _fails(_url(fake, "record"), "JSON that is not SPARQL results", "ASK { ?s ?p ?o }", timeout=2)


def test_a_term_is_checked_where_it_differs_from_one_read_before(fake):
    _fails(_url(fake, "repeated"), "JSON that is not SPARQL results.*binding 3: 'n' is not an RDF term", timeout=2)


def test_a_construct_answer_that_does_not_parse(fake):
    _fails(_url(fake, "bad-turtle"), "text/turtle that does not parse", "CONSTRUCT WHERE { ?s ?p ?o }", timeout=2)


def test_rdf_xml_is_never_read(fake):
    _fails(_url(fake, "rdfxml"), "never reads RDF/XML", "CONSTRUCT WHERE { ?s ?p ?o }", timeout=2)


def test_503_once_is_retried(fake):
    url = _url(fake, "flaky")
    rows = RemoteStore(url, timeout=5).run(SELECT)
    assert rows.column("n") == [Literal("1")]
    assert len(_received(fake, url)) == 2


def test_a_reset_connection_is_retried(fake):
    url = _url(fake, "reset")
    assert RemoteStore(url, timeout=5).run(SELECT).column("n") == [Literal("1")]
    assert len(_received(fake, url)) == 2


def test_503_is_retried_twice_at_most(fake):
    url = _url(fake, "busy")
    _fails(url, "HTTP 503 .*busy, try again", timeout=5)
    assert len(_received(fake, url)) == 3


def test_400_shows_the_server_s_message_safely_and_is_not_retried(fake):
    url = _url(fake, "bad")
    error = _fails(url, "HTTP 400 Bad Request: Parse error: unexpected 'FOO' at line 3", timeout=2)
    assert "\x1b" not in str(error)
    assert len(_received(fake, url)) == 1


def test_a_redirect_is_followed(fake):
    assert RemoteStore(_url(fake, "redirect"), timeout=2).run(SELECT).column("n") == [Literal("1")]


def test_a_redirect_keeping_the_query_sends_it_once(fake):
    url = _url(fake, "redirect-keep")
    assert RemoteStore(url, timeout=2).run(SELECT).column("n") == [Literal("1")]
    assert _received(fake, "/record" + urlsplit(url).path) == [("GET", "/record" + urlsplit(url).path,
                                                                  [prologue() + SELECT])]


def test_a_redirect_away_from_http_is_not_followed(fake):
    _fails(_url(fake, "redirect-ftp"), "redirected to 'ftp://127.0.0.1/x'.*not followed", timeout=2)


def test_an_untrusted_certificate(tls_fake):
    _fails(_url(tls_fake, "record"), "TLS certificate is not trusted", timeout=5)


def test_tls_answers_and_timeouts(tls_fake, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_fake.certificate))
    assert RemoteStore(_url(tls_fake, "record"), timeout=5).run(SELECT).column("n") == [Literal("1")]
    started = time.monotonic()
    _fails(_url(tls_fake, "drip-head"), "within 1 s", timeout=1)
    assert time.monotonic() - started < 4  # the server would drip for 20 s


def test_unreachable_endpoint_is_a_clear_error(cli):
    url = f"http://127.0.0.1:{free_port()}/query"
    done = cli("query", "job-titles", "--endpoint", url)
    assert done.returncode == 2
    assert "cannot reach" in done.stderr and url in done.stderr
    assert "Traceback" not in done.stderr


# -- what is sent is what was given ------------------------------------------------------------

def test_comments_and_hashes_in_literals_arrive_unchanged(fake):
    url = _url(fake, "record")
    text = '# a comment line: add, drop\nSELECT ?n WHERE {\n  ?s ?p "a # b" # and a comment\n}'
    RemoteStore(url, timeout=2).run(text)
    assert _received(fake, url) == [("GET", urlsplit(url).path, [prologue() + text])]


def test_a_long_query_is_posted_unchanged(fake):
    url = _url(fake, "record")
    text = "SELECT ?n WHERE { ?s ?p ?n FILTER (?n != '" + "x" * 3000 + "') }"
    RemoteStore(url, timeout=2).run(text)
    assert _received(fake, url) == [("POST", urlsplit(url).path, [prologue() + text])]


@pytest.mark.parametrize("text, match", [
    ("DROP ALL", "updates are never sent"),
    ("SELECT ?x WHERE { ?x ?p }", "syntax error"),
    ("SELECT ?x WHERE { ?x nope:p ?o }", "syntax error.*nope"),
    ("", "syntax error"),
    (SELECT + "#" * limits.MAX_QUERY_CHARS, "characters long"),
])
def test_refused_text_is_not_sent(fake, text, match):
    url = _url(fake, "record")
    _fails(url, match, text, timeout=2)
    assert _received(fake, url) == []


# -- endpoints that are not URLs ---------------------------------------------------------------

@pytest.mark.parametrize("url", ["notaurl", "ftp://x", "http://", "http://127.0.0.1:port/", "http://a b/"])
def test_not_an_endpoint_url(url, cli):
    with pytest.raises(InputError, match=re.escape(repr(url))):
        bcpgraph.sparql(SELECT, endpoint=url)
    done = cli("sparql", "--endpoint", url, SELECT)
    assert done.returncode == 2 and url in done.stderr
    assert "Traceback" not in done.stderr


def test_a_password_in_the_url_is_refused_and_not_shown():
    with pytest.raises(InputError, match="user name or password") as raised:
        bcpgraph.sparql(SELECT, endpoint="http://me:secret@127.0.0.1/query")
    assert "secret" not in str(raised.value) and "127.0.0.1/query" in str(raised.value)
