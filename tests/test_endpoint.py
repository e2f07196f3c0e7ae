"""Every named query gives the same answer on a real external SPARQL 1.1 server (Oxigraph)
as on the local rdflib graph — through SPARQLWrapper, with parameters bound the same way."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from rdflib import BNode, Literal

import bcpgraph
from bcpgraph.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
FILES = [ROOT / "ontology" / "bcpgraph.ttl", ROOT / "ontology" / "competenties.ttl",
         ROOT / "data" / "contactcenter.ttl"]
#: A value for each required parameter, by the class or kind it takes.
EXAMPLES = {"bcp:Competency": "Analyseren", "bcp:WorkProcess": "1.3", "bcp:CoreTask": "2",
            "bcp:Role": "junior accountmanager", "string": "klant"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    exe = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    port = _free_port()
    server = subprocess.Popen([exe, "serve", "--location", str(tmp_path_factory.mktemp("store")),
                               "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        for f in FILES:
            request = urllib.request.Request(f"{base}/store?default", data=f.read_bytes(), method="POST",
                                             headers={"Content-Type": "text/turtle"})
            urllib.request.urlopen(request, timeout=30)
        yield f"{base}/query"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _normal(rows) -> list[tuple]:
    """Rows as comparable tuples; GROUP_CONCAT lists compared as sets, blank nodes as '_'."""
    out = []
    for row in rows:
        cells = []
        for var in rows.vars:
            term = row.get(var)
            if isinstance(term, BNode):
                cells.append("_")
            elif isinstance(term, Literal) and term.datatype is None and not term.language:
                # GROUP_CONCAT order is left to the engine by SPARQL 1.1
                cells.append(tuple(sorted(re.split(r"[;,] ", str(term)))))
            else:
                cells.append(None if term is None else (str(term), getattr(term, "language", None)))
        out.append(tuple(cells))
    return sorted(out, key=repr)


def _params(named) -> dict[str, str]:
    return {p.name: EXAMPLES[p.cls or p.kind] for p in named.params if p.required}


@pytest.mark.parametrize("name", sorted(bcpgraph.queries()))
def test_named_query_same_on_oxigraph_and_rdflib(name, endpoint, graph):
    named = bcpgraph.queries()[name]
    local = bcpgraph.query(name, graph=graph, **_params(named))
    remote = bcpgraph.query(name, endpoint=endpoint, **_params(named))
    assert remote.vars == local.vars
    assert _normal(remote) == _normal(local)


def test_labels_resolve_on_the_endpoint_too(endpoint):
    rows = bcpgraph.query("werkprocessen-for-competency", endpoint=endpoint, competency="ANALYSING")
    assert len(rows) > 0


def test_ad_hoc_sparql_on_the_endpoint(endpoint):
    rows = bcpgraph.sparql("SELECT (COUNT(?wp) AS ?n) WHERE { ?wp a bcp:WorkProcess }", endpoint=endpoint)
    assert int(rows.column("n")[0]) == 7


def test_cli_against_the_endpoint(endpoint, cli):
    done = cli("query", "job-titles", "--endpoint", endpoint, "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.strip().splitlines()) == 1 + 7


def test_unreachable_endpoint_is_a_clear_error(cli):
    done = cli("query", "job-titles", "--endpoint", f"http://127.0.0.1:{_free_port()}/query")
    assert done.returncode == 2
    assert "cannot reach" in done.stderr or "refused" in done.stderr
    assert "Traceback" not in done.stderr


def test_unknown_label_on_the_endpoint(endpoint):
    with pytest.raises(InputError, match="no bcp:Competency"):
        bcpgraph.query("werkprocessen-for-competency", endpoint=endpoint, competency="Toveren")
