"""Load on ``bcpgraph serve``: concurrent clients on loopback, queries per second and latency.

    python benchmarks/load.py                    # starts a server, 16 clients, writes benchmarks/results/
    python benchmarks/load.py --url http://127.0.0.1:8000 --clients 16 --seconds 10

Three scenarios, one after the other, each for ``--seconds`` (and at most ``--max-requests``
requests): a resource page (werkproces 2.3 as HTML), a simple SELECT on /sparql, and a named query
(/queries/job-titles). Each client is a thread with one kept-alive connection (http.client).
The JSON written has requests per second, p50 and p99 latency in milliseconds, errors (any
answer but 200, or a failed connection) and the machine (cores, load average before and after:
the clients run on the same machine as the server). Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlsplit

HERE = Path(__file__).resolve().parent
WERKPROCES = "/id/bcp/contactcenter-medewerker-2010/werkproces/2.3"
SELECT = "SELECT ?wp ?label WHERE { ?wp a bcp:WorkProcess ; skos:prefLabel ?label FILTER(LANG(?label) = 'nl') }"
SCENARIOS = {
    "page": (WERKPROCES, "text/html"),
    "select": ("/sparql?query=" + quote(SELECT), "application/sparql-results+json"),
    "named-query": ("/queries/job-titles?lang=en", "application/sparql-results+json"),
}


def _client(host: str, port: int, path: str, accept: str, deadline: float, budget: list[int],
            lock: threading.Lock, latencies: list[float], errors: list[str]) -> None:
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        while time.monotonic() < deadline:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            start = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Accept": accept})
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    errors.append(f"HTTP {response.status}")
            except (OSError, http.client.HTTPException) as exc:
                errors.append(type(exc).__name__)
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=30)
                continue
            latencies.append(time.perf_counter() - start)
    finally:
        connection.close()


def run(url: str, path: str, accept: str, *, clients: int, seconds: float, max_requests: int) -> dict:
    """One scenario: ``clients`` threads for ``seconds`` (at most ``max_requests`` in all)."""
    parts = urlsplit(url)
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("load.py only sends traffic to this machine (127.0.0.1)")
    latencies: list[float] = []
    errors: list[str] = []
    budget, lock = [max_requests], threading.Lock()
    # warm up: one request per client path (caches, connections)
    _client(parts.hostname, parts.port or 80, path, accept, time.monotonic() + 5, [3], lock, [], [])
    started = time.monotonic()
    threads = [threading.Thread(target=_client, args=(parts.hostname, parts.port or 80, path, accept,
                                                      started + seconds, budget, lock, latencies, errors))
               for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    ordered = sorted(latencies)

    def pct(p: float) -> float | None:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 2) if ordered else None

    return {"path": path, "accept": accept, "clients": clients, "seconds": round(elapsed, 2),
            "requests": len(latencies), "qps": round(len(latencies) / elapsed, 1), "p50_ms": pct(0.50),
            "p99_ms": pct(0.99), "mean_ms": round(statistics.fmean(ordered) * 1000, 2) if ordered else None,
            "errors": len(errors), "error_kinds": sorted(set(errors))[:5]}


def _start_server(workers: int) -> tuple[subprocess.Popen, str]:
    server = subprocess.Popen([sys.executable, "-m", "bcpgraph", "serve", "--port", "0", "--workers", str(workers)],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = server.stdout.readline()
    if not line.startswith("bcpgraph serve: http://"):
        server.kill()
        raise SystemExit(f"the server did not start: {line!r}")
    return server, line.split()[2].rstrip("/")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running server (default: start one on a free port)")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0, help="per scenario (default 10)")
    parser.add_argument("--max-requests", type=int, default=100_000, help="per scenario, at most")
    parser.add_argument("--workers", type=int, default=2, help="of the server started here (default 2)")
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args()

    server = None
    url = args.url
    if url is None:
        server, url = _start_server(args.workers)
    try:
        load_before = os.getloadavg()
        results = {name: run(url, path, accept, clients=args.clients, seconds=args.seconds,
                             max_requests=args.max_requests)
                   for name, (path, accept) in SCENARIOS.items()}
        load_after = os.getloadavg()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=HERE).stdout.strip() or "unknown"
    answer = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"), "commit": commit, "url": url,
        "server_workers": args.workers if server is not None else None,
        "machine": {"cores": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                    "load_average_before": [round(x, 2) for x in load_before],
                    "load_average_after": [round(x, 2) for x in load_after]},
        "scenarios": results,
    }
    output = args.output or HERE / "results" / f"{datetime.now(UTC):%Y-%m-%d}-{commit}-load.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(answer, indent=2) + "\n", encoding="utf-8")
    print(f"{'scenario':<12} {'q/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}  (clients {args.clients}, "
          f"cores {os.cpu_count()}, load {load_before[0]:.2f} → {load_after[0]:.2f})")
    for name, r in results.items():
        print(f"{name:<12} {r['qps']:>8} {r['p50_ms']!s:>8} {r['p99_ms']!s:>8} {r['errors']:>7}")
    print(f"written: {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
