"""What a user waits for: bcpgraph's commands, each in a new process, on N synthetic profiles,
where the data is read by the command itself or kept by a server.

    python benchmarks/commands.py                       # 1,000 profiles, 3 runs, writes benchmarks/results/
    python benchmarks/commands.py --profiles 100 --runs 1 --modes data,serve

Three ways to reach the same data (generated with ``bcpgraph generate --seed 0``, or ``--corpus DIR``):

- ``data``: ``bcpgraph COMMAND --data DIR``, the embedded Oxigraph store filled by each command;
- ``serve``: ``bcpgraph serve --data DIR`` started once (its start is timed), then each command
  with ``--endpoint http://127.0.0.1:PORT/sparql`` (the store stays in memory);
- ``oxigraph-server``: ``oxigraph serve --union-default-graph`` (PyPI ``oxigraph``, a store on disk)
  filled once by ``bcpgraph push`` (timed), then each command with ``--endpoint``.

Each figure is the median wall-clock time of ``--runs`` runs of the whole command (Python's start,
imports, the query, the answer written to a file), with its exit code; a run past
``--command-timeout`` seconds is stopped. The JSON written names the commit, the machine and its
load average. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODES = ("data", "serve", "oxigraph-server")
#: A profile of the synthetic corpus (seed 0), named by the last part of its IRI, and one of its roles.
PROFILE = "synthetic-s0-0007"
ROLE = "teamleider"
#: (name, arguments after ``bcpgraph``): each reading command, with what a user at this size would ask.
COMMANDS = (
    ("query job-titles", ["query", "job-titles", "--format", "csv"]),
    ("query shared-competencies", ["query", "shared-competencies", "--format", "csv"]),
    ("query search text=klant", ["query", "search", "--param", "text=klant", "--format", "csv"]),
    ("query competency-matrix profile=P", ["query", "competency-matrix", "--param", f"profile={PROFILE}",
                                           "--format", "csv"]),
    ("query werkproces werkproces=1.1 profile=P", ["query", "werkproces", "--param", "werkproces=1.1",
                                                  "--param", f"profile={PROFILE}", "--format", "csv"]),
    ("sparql count profiles", ["sparql", "SELECT (COUNT(?p) AS ?n) WHERE { ?p a bcp:Profile }", "--format", "csv"]),
    ("shared-competencies --profile P", ["shared-competencies", "--profile", PROFILE]),
    ("matrix --profile P", ["matrix", "--profile", PROFILE, "--format", "csv"]),
    ("career-paths --profile P --to teamleider", ["career-paths", "--profile", PROFILE, "--to", ROLE]),
    ("similarity --profiles", ["similarity", "--profiles", "--format", "csv"]),
    ("compare P Q", ["compare", PROFILE, "synthetic-s0-0008", "--format", "json"]),
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _bcpgraph() -> list[str]:
    return [sys.executable, "-m", "bcpgraph"]


def _wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"no answer from {url} within {seconds:g} s")


def _time(args: list[str], env: dict[str, str], out: Path, runs: int, limit: float) -> dict:
    """The median of ``runs`` runs of ``bcpgraph ARGS -o OUT --force``."""
    seconds, codes, problem = [], [], ""
    for _ in range(runs):
        started = time.perf_counter()
        try:
            done = subprocess.run(_bcpgraph() + args + ["-o", str(out), "--force", "--timeout", str(int(limit))],
                                  env=env, capture_output=True, text=True, timeout=limit + 30)
        except subprocess.TimeoutExpired:
            seconds.append(None)
            codes.append(None)
            problem = f"stopped after {limit + 30:g} s"
            break
        seconds.append(time.perf_counter() - started)
        codes.append(done.returncode)
        if done.returncode:
            problem = (done.stderr.strip().splitlines() or ["(no message)"])[-1][:300]
            break
    timed = [s for s in seconds if s is not None]
    return {"seconds": round(statistics.median(timed), 3) if timed and not problem else None,
            "runs": [round(s, 3) for s in timed], "exit": codes[-1], "error": problem or None,
            "bytes": out.stat().st_size if out.exists() and not problem else None}


def run_mode(mode: str, corpus: Path, work: Path, runs: int, limit: float) -> dict:
    """Every command in one mode; the server it needs is started here and stopped after."""
    env = {k: v for k, v in os.environ.items() if k != "BCPGRAPH_ENDPOINT"}
    server, setup = None, {}
    extra: list[str] = []
    try:
        if mode == "data":
            extra = ["--data", str(corpus)]
        elif mode == "serve":
            port = _free_port()
            started = time.perf_counter()
            server = subprocess.Popen(_bcpgraph() + ["serve", "--data", str(corpus), "--port", str(port),
                                                     "--timeout", str(int(limit))],
                                      stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
            line = server.stdout.readline()
            if not line.startswith("bcpgraph serve: http://"):
                raise SystemExit(f"bcpgraph serve did not start: {line!r}")
            setup["start"] = round(time.perf_counter() - started, 3)
            env["BCPGRAPH_ENDPOINT"] = f"http://127.0.0.1:{port}/sparql"
        else:
            exe = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
            port = _free_port()
            server = subprocess.Popen([exe, "serve", "--location", str(work / "oxigraph"), "--bind",
                                       f"127.0.0.1:{port}", "--union-default-graph"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            base = f"http://127.0.0.1:{port}"
            _wait_for(f"{base}/query?query=ASK%7B%7D", 30)
            started = time.perf_counter()
            subprocess.run(_bcpgraph() + ["push", "--store", f"{base}/store", "--data", str(corpus),
                                          "--timeout", "600"], env=env, check=True, stdout=subprocess.DEVNULL)
            setup["push"] = round(time.perf_counter() - started, 3)
            env["BCPGRAPH_ENDPOINT"] = f"{base}/query"
        results = {}
        for name, args in COMMANDS:
            ending = ".json" if "json" in args else ".csv" if "csv" in args else ".txt"
            results[name] = _time(args + extra, env, work / f"out{ending}", runs, limit)
            shown = results[name]["seconds"]
            print(f"  {mode:<16} {name:<44} {shown if shown is not None else results[name]['error']}",
                  file=sys.stderr)
        return {"setup": setup, "commands": results}
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=60)


def table(answer: dict) -> str:
    """The figures as a Markdown table, a column per mode (seconds, the median)."""
    modes = list(answer["modes"])
    lines = ["| command | " + " | ".join(f"`{m}`" for m in modes) + " |",
             "|---|" + "---:|" * len(modes)]
    setups = sorted({k for m in modes for k in answer["modes"][m]["setup"]})
    for key in setups:
        cells = [answer["modes"][m]["setup"].get(key) for m in modes]
        lines.append(f"| *{key} (once)* | " + " | ".join("–" if c is None else f"{c:.2f}" for c in cells) + " |")
    for name, _ in COMMANDS:
        cells = []
        for m in modes:
            r = answer["modes"][m]["commands"].get(name)
            cells.append("–" if r is None else f"{r['seconds']:.2f}" if r["seconds"] is not None
                         else f"exit {r['exit']}")
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=1000)
    parser.add_argument("--corpus", type=Path, help="a corpus bcpgraph generate wrote with --seed 0 (default: "
                                                    "generate one in a temporary folder)")
    parser.add_argument("--modes", default=",".join(MODES), help=f"comma-separated, of {', '.join(MODES)}")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--command-timeout", type=float, default=120.0)
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args()
    modes = [m for m in args.modes.split(",") if m]
    if not modes or any(m not in MODES for m in modes):
        parser.error(f"--modes: choose from {', '.join(MODES)}")
    with tempfile.TemporaryDirectory(prefix="bcpgraph-commands-") as tmp:
        work = Path(tmp)
        corpus = args.corpus
        if corpus is None:
            corpus = work / "corpus"
            subprocess.run(_bcpgraph() + ["generate", "--profiles", str(args.profiles), "--seed", "0", "-o",
                                          str(corpus)], check=True, stdout=subprocess.DEVNULL)
        profiles = len(list(corpus.glob("synthetic-s0-*.ttl")))
        load_before = os.getloadavg()
        results = {mode: run_mode(mode, corpus, work, args.runs, args.command_timeout) for mode in modes}
        load_after = os.getloadavg()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=HERE).stdout.strip() or "unknown"
    sys.path.insert(0, str(HERE.parent))
    from bcpgraph.bench import machine

    answer = {"when": datetime.now(UTC).isoformat(timespec="seconds"), "commit": commit, "profiles": profiles,
              "runs": args.runs, "machine": dict(machine(), load_average_before=[round(x, 2) for x in load_before],
                                                 load_average_after=[round(x, 2) for x in load_after]),
              "modes": results}
    output = args.output or HERE / "results" / f"{datetime.now(UTC):%Y-%m-%d}-{commit}-commands-{profiles}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(answer, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(answer))
    print(f"written: {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
