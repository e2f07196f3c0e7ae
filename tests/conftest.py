"""Shared fixtures: the loaded graph, running the CLI (in process, or as a subprocess where the
process boundary is what a test is about), and one real SPARQL server (Oxigraph)."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

import bcpgraph

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def graph():
    """Ontology + scheme + shipped profile, loaded once (tests must not change it)."""
    return bcpgraph.load()


def run_cli(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    """``python -m bcpgraph ARGS`` as a user would run it; returns the finished process."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "bcpgraph", *args], capture_output=True, text=True,
        cwd=cwd or ROOT, env=env, input=stdin, timeout=300,
    )


@dataclass(frozen=True)
class Done:
    """What ``bcpgraph ARGS`` did, like :class:`subprocess.CompletedProcess`: ``stdout`` and
    ``stderr`` as text (newlines translated, as ``text=True`` does), ``stdout_bytes`` and
    ``stderr_bytes`` as written."""

    args: tuple[str, ...]
    returncode: int
    stdout_bytes: bytes
    stderr_bytes: bytes

    @property
    def stdout(self) -> str:
        return _text(self.stdout_bytes)

    @property
    def stderr(self) -> str:
        return _text(self.stderr_bytes)


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")


def run_in_process(*args: str, cwd: Path | None = None, stdin: str | None = None) -> Done:
    """``bcpgraph ARGS`` run by :func:`bcpgraph.cli.main` in this process, with its own standard
    streams (not terminals) and working folder."""
    from bcpgraph.cli import main

    out, err = io.BytesIO(), io.BytesIO()
    streams = [io.TextIOWrapper(b, encoding="utf-8", newline="", write_through=True) for b in (out, err)]
    old = sys.stdin, sys.stdout, sys.stderr
    sys.stdin = io.StringIO(stdin or "")
    sys.stdout, sys.stderr = streams
    try:
        with contextlib.chdir(cwd or ROOT):
            code = main(list(args))
    finally:
        for stream in streams:
            stream.flush()
        sys.stdin, sys.stdout, sys.stderr = old
    return Done(tuple(args), code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli():
    """Run ``bcpgraph ARGS`` in process (fast); use :func:`run_cli` where the process matters."""
    return run_in_process


#: The profiles pushed to the Oxigraph server beside the shipped profile (each in its own graph).
PUSHED_PROFILES = sorted((ROOT / "tests" / "profiles").glob("*.ttl"))
#: Every file whose triples the Oxigraph server holds, each in a named graph of its own: the
#: ontology, the competency scheme, the shared vocabularies, the shipped profile and the fixtures.
OXIGRAPH_FILES = [ROOT / "ontology" / "bcpgraph.ttl", ROOT / "ontology" / "competenties.ttl",
                  *sorted((ROOT / "vocabularies").glob("*.ttl")), ROOT / "data" / "contactcenter.ttl",
                  *PUSHED_PROFILES]


#: Talks to 127.0.0.1 directly, whatever proxy the environment names.
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (now)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """The base URL of ONE real Oxigraph server for the whole session (the ``oxigraph`` executable
    of the test extras, ``serve --union-default-graph`` on 127.0.0.1), filled with ``bcpgraph
    push``: the shipped data and :data:`PUSHED_PROFILES`. Tests must not change what it holds."""
    from bcpgraph.stores.push import push

    exe = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    port = free_port()
    where = tmp_path_factory.mktemp("oxigraph")
    log = (where / "log").open("wb")  # a file, not a pipe: a full pipe would stop the server
    server = subprocess.Popen([exe, "serve", "--location", str(where / "store"), "--bind", f"127.0.0.1:{port}",
                               "--union-default-graph"], stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):  # up to ~20 s
            if server.poll() is not None:
                pytest.fail(f"oxigraph did not start: {(where / 'log').read_text(errors='replace')}")
            try:
                DIRECT.open(f"{base}/query?query=ASK%7B%7D", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("oxigraph did not answer within 20 s")
        push(f"{base}/store", *PUSHED_PROFILES, shipped=True, timeout=30)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@pytest.fixture(scope="session")
def endpoint(oxigraph_server):
    """The query URL of the session's Oxigraph server (see :func:`oxigraph_server`)."""
    return f"{oxigraph_server}/query"


@pytest.fixture(scope="session")
def served():
    """What the Oxigraph server holds, as a local rdflib dataset (loaded by rdflib, not pushed)."""
    from bcpgraph.graph import load_dataset

    return load_dataset(*PUSHED_PROFILES, shipped=True)


@dataclass
class Served:
    """A running ``bcpgraph serve`` (see :func:`start_server`): its base URL, its process and the
    file its log (stderr) goes to."""

    url: str
    process: subprocess.Popen
    log: Path

    def stop(self, sig: int = 15) -> int:
        """Send ``sig`` (SIGTERM) and wait for the exit code (killed after 20 s)."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def start_server(where: Path, *args: str) -> Served:
    """``python -m bcpgraph serve --port 0 ARGS`` on 127.0.0.1, waited for until it answers."""
    import select

    log = where / "serve.log"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_PROXY": "127.0.0.1,localhost"}
    process = subprocess.Popen([sys.executable, "-m", "bcpgraph", "serve", "--port", "0", *args], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=log.open("wb"), env=env)
    ready, _, _ = select.select([process.stdout], [], [], 60)
    line = process.stdout.readline().decode("utf-8") if ready else ""
    if not line.startswith("bcpgraph serve: http://"):
        process.kill()
        process.wait()
        pytest.fail(f"bcpgraph serve did not start: {line!r} {log.read_text(errors='replace')}")
    url = line.split()[2].rstrip("/")
    served = Served(url, process, log)
    for _ in range(200):  # up to ~20 s
        try:
            DIRECT.open(f"{url}/sparql?query=ASK%7B%7D", timeout=2).close()
            return served
        except OSError:
            time.sleep(0.1)
    served.stop()
    pytest.fail(f"bcpgraph serve did not answer within 20 s: {log.read_text(errors='replace')}")


#: What the session's bcpgraph server holds: the shipped profile and the test profiles (as the
#: Oxigraph server, so the ``served`` dataset is the independent answer for both).
SERVED_ARGS = ("--data", *map(str, PUSHED_PROFILES), "--with-shipped")


@pytest.fixture(scope="session")
def bcp_server(tmp_path_factory):
    """ONE real ``bcpgraph serve`` per test process (xdist worker) for the session, on a free
    port of 127.0.0.1, holding the shipped data and :data:`PUSHED_PROFILES`."""
    served = start_server(tmp_path_factory.mktemp("serve"), *SERVED_ARGS)
    yield served
    served.stop()


@pytest.fixture(scope="session")
def short_server(tmp_path_factory):
    """A second server with ``--timeout 2`` (two workers), for the tests of runaway queries."""
    served = start_server(tmp_path_factory.mktemp("serve-short"), "--timeout", "2", "--workers", "2")
    yield served
    served.stop()


@pytest.fixture
def listener():
    """A port on 127.0.0.1 that listens, to see whether anything connects to it (see
    :func:`connections`)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        sock.setblocking(False)
        yield sock


def connections(sock: socket.socket) -> int:
    """How many connections reached the ``listener`` (after a moment: anything sent on our behalf
    would have connected by now)."""
    time.sleep(0.3)
    seen = 0
    while True:
        try:
            sock.accept()[0].close()
            seen += 1
        except BlockingIOError:
            return seen
