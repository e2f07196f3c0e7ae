"""``bcpgraph serve`` in public: each safety promise probed against the real server on 127.0.0.1.

Read-only (updates refused, data unchanged); SERVICE, LOAD and FROM never reach the network (a
listener on 127.0.0.1 sees no connection); no remote JSON-LD context fetched; answers, queries,
bodies and headers capped; no path traversal; CORS for data, a Content-Security-Policy on pages;
a runaway query stopped at ``--timeout`` while another client is answered, its worker replaced;
errors logged as one line, never a traceback; a clean stop on SIGTERM and SIGINT; a port in use
and bad data refused with exit 2.
"""

from __future__ import annotations

import json
import os
import re
import signal
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import connections, run_cli, start_server
from test_serve import fetch

from bcpgraph import limits

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _count(server) -> bytes:
    status, _, body = fetch(server.url, f"/sparql?query={quote(COUNT)}", headers={"Accept": "text/csv"})
    assert status == 200
    return body


def _parents() -> dict[int, int]:
    """Process id → parent's id, from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parents


def _descendants(pid: int) -> set[int]:
    """The processes below ``pid`` (children, grandchildren)."""
    parents = _parents()
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def _children(pid: int) -> set[int]:
    return {child for child, parent in _parents().items() if parent == pid and _alive(child)}


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


# -- read-only -------------------------------------------------------------------------------------


def test_updates_are_refused_and_the_data_is_unchanged(bcp_server):
    before = _count(bcp_server)
    drop = "DROP ALL"
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    status, _, body = fetch(bcp_server.url, "/sparql", method="POST", body=f"update={quote(drop)}".encode(),
                            headers=form)
    assert status == 403 and b"only reads" in body
    status, _, _ = fetch(bcp_server.url, "/sparql", method="POST", body=drop.encode(),
                         headers={"Content-Type": "application/sparql-update"})
    assert status == 403
    for update in (drop, "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
                   "DELETE WHERE { ?s ?p ?o }", "CLEAR DEFAULT"):
        status, _, body = fetch(bcp_server.url, f"/sparql?query={quote(update)}")
        assert status == 400 and b"update" in body.lower()
        status, _, _ = fetch(bcp_server.url, "/sparql", method="POST", body=f"query={quote(update)}".encode(),
                             headers=form)
        assert status == 400
    assert fetch(bcp_server.url, "/sparql", method="PUT", body=b"x")[0] == 405
    assert fetch(bcp_server.url, "/sparql", method="DELETE")[0] == 405
    assert _count(bcp_server) == before


# -- nothing reaches the network --------------------------------------------------------------------


def test_service_load_and_from_never_connect(bcp_server, listener):
    target = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    for text in (f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
                 f"SELECT * WHERE {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }}",
                 f"SELECT * FROM <{target}> WHERE {{ ?s ?p ?o }}",
                 f"SELECT * FROM NAMED <{target}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
                 f"LOAD <{target}>"):
        status, _, body = fetch(bcp_server.url, f"/sparql?query={quote(text)}")
        assert 400 <= status < 500, text
    status, _, _ = fetch(bcp_server.url, "/sparql", method="POST", body=f"update={quote(f'LOAD <{target}>')}".encode(),
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403
    status, _, _ = fetch(bcp_server.url, f"/sparql?query={quote('ASK {}')}&default-graph-uri={quote(target)}")
    assert status == 400
    assert connections(listener) == 0


def test_no_remote_jsonld_context_is_fetched(tmp_path, listener):
    context = f"http://127.0.0.1:{listener.getsockname()[1]}/context.jsonld"
    data = tmp_path / "profile.jsonld"
    data.write_text(json.dumps({"@context": context, "@id": "https://w3id.org/bcpgraph/id/x", "label": "x"}))
    done = run_cli("serve", "--port", "0", "--data", str(data))
    assert done.returncode == 2
    assert "context" in done.stderr and str(data) in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""  # refused before any port opened
    assert connections(listener) == 0


def test_jsonld_answers_carry_their_context_inline(bcp_server):
    status, _, body = fetch(bcp_server.url, "/id/bcp/contactcenter-medewerker-2010/werkproces/2.3.jsonld")
    assert status == 200
    document = json.loads(body)
    contexts = document.get("@context", {}) if isinstance(document, dict) else {}
    assert not isinstance(contexts, str)  # never a URL a client would have to fetch


# -- caps -------------------------------------------------------------------------------------------


def test_answer_rows_are_capped(monkeypatch):
    """The worker's answer stops at limits.MAX_ANSWER_VALUES (lowered here: the real cap is millions)."""
    from bcpgraph.stores import open_store
    from bcpgraph.web.work import Work

    monkeypatch.setattr(limits, "MAX_ANSWER_VALUES", 100)
    work = Work(open_store(), None, endpoint="http://127.0.0.1/sparql")
    answer = work({"op": "sparql", "text": "SELECT * WHERE { ?s ?p ?o }", "results": "json", "graph": None})
    assert answer.status == 400 and b"more than" in answer.body
    answer = work({"op": "sparql", "text": "SELECT * WHERE { ?s ?p ?o } LIMIT 10", "results": "json", "graph": None})
    assert answer.status == 200


def test_too_long_query_and_body_are_413(bcp_server):
    from bcpgraph.web.protocol import MAX_BODY_BYTES

    long_query = "ASK {}" + " " * limits.MAX_QUERY_CHARS
    status, _, body = fetch(bcp_server.url, "/sparql", method="POST", body=long_query.encode(),
                            headers={"Content-Type": "application/sparql-query"})
    assert status == 413 and b"characters" in body
    status, _, _ = fetch(bcp_server.url, "/sparql", method="POST", body=b"query=" + b"+" * (MAX_BODY_BYTES + 1),
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 413
    _count(bcp_server)  # still serving


def _refused(server, path: str, headers: dict) -> bool:
    """A 4xx, or the connection closed on us before the request was read (also a refusal)."""
    try:
        status, _, _ = fetch(server.url, path, headers=headers)
    except (ConnectionResetError, BrokenPipeError):
        return True
    return 400 <= status < 500


def test_oversized_headers_are_refused(bcp_server):
    assert _refused(bcp_server, "/", {"X-Padding": "x" * 200_000})
    assert _refused(bcp_server, "/sparql?query=" + quote("ASK {}" + " " * 100_000), {})
    _count(bcp_server)  # still serving


def test_a_post_of_another_type_is_415(bcp_server):
    status, _, _ = fetch(bcp_server.url, "/sparql", method="POST", body=b"{}",
                         headers={"Content-Type": "application/json"})
    assert status == 415


# -- no path traversal ----------------------------------------------------------------------------

TRAVERSALS = [
    "/static/../pyproject.toml", "/static/%2e%2e/pyproject.toml", "/static/..%2Fpyproject.toml",
    "/static/%2e%2e%2f%2e%2e%2fpyproject.toml", "/static/..%5c..%5cpyproject.toml", "//etc/passwd",
    "/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/static//etc/passwd", "/static/%2fetc%2fpasswd",
    "/static/....//....//pyproject.toml", "/dumps/..%2F..%2Fpyproject.toml", "/static/%00", "/..;/pyproject.toml",
    "/id/bcp/%2e%2e/%2e%2e/pyproject.toml", "/static/%252e%252e/pyproject.toml",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_path_traversal(bcp_server, path):
    status, _, body = fetch(bcp_server.url, path, headers={"Accept": "text/html"})
    assert status in (400, 404)
    assert b"[build-system]" not in body and b"root:" not in body


def test_resource_iris_cannot_inject_sparql(bcp_server):
    status, _, _ = fetch(bcp_server.url, "/x%3E%20%3Fp%20%3Fo%20%7D%20%7B.ttl")  # x> ?p ?o } {
    assert status == 404
    status, _, _ = fetch(bcp_server.url, "/x>{}.ttl")
    assert status in (400, 404)


# -- CORS and the headers of pages ------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/sparql", "/queries/job-titles", "/id/bcp/contactcenter-medewerker-2010"])
def test_cors_preflight(bcp_server, path):
    status, headers, _ = fetch(bcp_server.url, path, method="OPTIONS",
                               headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET",
                                        "Access-Control-Request-Headers": "Accept"})
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in headers["Access-Control-Allow-Methods"]
    assert "accept" in headers["Access-Control-Allow-Headers"].lower()
    if path == "/sparql":
        assert "POST" in headers["Access-Control-Allow-Methods"]
        assert "content-type" in headers["Access-Control-Allow-Headers"].lower()


@pytest.mark.parametrize("path", ["/sparql?query=ASK%7B%7D", "/queries/job-titles",
                                  "/id/bcp/contactcenter-medewerker-2010.ttl", "/.well-known/void"])
def test_data_answers_allow_any_origin(bcp_server, path):
    status, headers, _ = fetch(bcp_server.url, path, headers={"Origin": "https://example.org"})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in headers


def test_pages_carry_a_content_security_policy(bcp_server):
    status, headers, _ = fetch(bcp_server.url, "/id/bcp/contactcenter-medewerker-2010", headers={"Accept": "text/html"})
    assert status == 200
    policy = dict(part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'self'" and policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"]
    assert "Access-Control-Allow-Origin" not in headers
    assert "server" not in {k.lower() for k in headers}  # no version advertised
    _, headers, _ = fetch(bcp_server.url, "/nothing-here", headers={"Accept": "text/html"})
    assert headers["X-Content-Type-Options"] == "nosniff" and "Content-Security-Policy" in headers


# -- timeouts that stop queries -----------------------------------------------------------------------


def test_runaway_query_is_stopped_while_another_client_is_answered(short_server):
    server_pid = short_server.process.pid
    before = _descendants(server_pid)
    got: dict = {}

    def runaway() -> None:
        got["answer"] = fetch(short_server.url, f"/sparql?query={quote(RUNAWAY)}", headers={"Accept": "text/csv"})

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)
    status, _, body = fetch(short_server.url, f"/sparql?query={quote('ASK { ?s ?p ?o }')}",
                            headers={"Accept": "text/csv"})
    assert status == 200 and body.endswith(b"true\r\n")
    assert "answer" not in got  # answered while the runaway query still ran
    thread.join(timeout=60)
    status, headers, body = got["answer"]
    assert status == 503
    assert headers["Content-Type"].startswith("text/plain")
    assert b"did not finish within 2 s" in body
    # its worker was killed and replaced: every worker answers again
    for _ in range(6):
        assert fetch(short_server.url, f"/sparql?query={quote('ASK {}')}")[0] == 200
    for _ in range(100):
        after = _descendants(server_pid)
        if len({p for p in after if _alive(p)}) == len(before):
            break
        time.sleep(0.1)
    alive = {p for p in after if _alive(p)}
    assert len(alive) == len(before) == 3  # the zygote and two workers
    assert alive != before  # one of them is new


def test_a_worker_killed_from_outside_is_replaced_unnoticed(short_server):
    """A worker that dies on its own (the OOM killer, a crash) costs no client an error: the
    request goes to another worker and the dead one is replaced."""
    (zygote,) = _children(short_server.process.pid)
    workers = sorted(_children(zygote))
    assert len(workers) == 2
    os.kill(workers[-1], signal.SIGKILL)
    for _ in range(6):
        assert fetch(short_server.url, f"/sparql?query={quote('ASK {}')}")[0] == 200
    for _ in range(100):
        alive = {p for p in _descendants(short_server.process.pid) if _alive(p)}
        if len(alive) == 3 and workers[-1] not in alive:
            break
        time.sleep(0.1)
    assert len(alive) == 3 and workers[-1] not in alive


def test_a_page_is_stopped_too(short_server):
    """Pages run in workers under the same deadline: a huge DESCRIBE-like answer is a 503 at worst,
    never a hung server."""
    status, _, _ = fetch(short_server.url, "/id/bcp/contactcenter-medewerker-2010", headers={"Accept": "text/html"})
    assert status == 200


# -- starting and stopping ---------------------------------------------------------------------------


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_stops_cleanly_leaving_no_process(tmp_path, sig):
    served = start_server(tmp_path, "--workers", "2")
    children = _descendants(served.process.pid)
    assert len(children) == 3
    assert served.stop(sig) == 0
    for _ in range(50):
        if not any(_alive(p) for p in children):
            break
        time.sleep(0.1)
    assert not any(_alive(p) for p in children)
    log = served.log.read_text()
    assert "Traceback" not in log and "stopped" in log


def test_a_port_in_use_is_exit_2(bcp_server):
    port = bcp_server.url.rsplit(":", 1)[1]
    done = run_cli("serve", "--port", port)
    assert done.returncode == 2
    assert f"port {port}" in done.stderr and "in use" in done.stderr
    assert "Traceback" not in done.stderr


def test_bad_data_is_exit_2(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix : <http://e/> .\n:a :b :c ;\n:d .\n")
    done = run_cli("serve", "--port", "0", "--data", str(broken))
    assert done.returncode == 2 and f"{broken}:" in done.stderr and "Traceback" not in done.stderr
    done = run_cli("serve", "--port", "0", "--data", str(tmp_path / "missing.ttl"))
    assert done.returncode == 2 and "missing.ttl" in done.stderr
    done = run_cli("serve", "--timeout", "0")
    assert done.returncode == 2 and "--timeout" in done.stderr
    done = run_cli("serve", "--port", "0", "--public-url", "javascript:alert(1)")
    assert done.returncode == 2 and "--public-url" in done.stderr


# -- errors in the log: one line each, never a traceback -----------------------------------------------


def test_errors_are_logged_as_one_line_without_traceback(bcp_server):
    fetch(bcp_server.url, f"/sparql?query={quote('SELECT nonsense')}")
    fetch(bcp_server.url, "/sparql", method="POST", body=b"query=%ff", headers={"Content-Type":
                                                                                 "application/x-www-form-urlencoded"})
    for _ in range(50):
        log = bcp_server.log.read_text(encoding="utf-8", errors="replace")
        if "400 POST /sparql" in log:
            break
        time.sleep(0.1)
    assert "Traceback" not in log
    lines = log.splitlines()
    assert any(re.search(r" 400 GET /sparql: SPARQL syntax error", line) for line in lines)
    assert all(re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", line) for line in lines)  # one line per entry

