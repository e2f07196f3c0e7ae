"""Time bcpgraph's main operations and write the figures as JSON, for comparison across runs.

    python benchmarks/run.py                 # writes benchmarks/results/<date>-<commit>.json
    python benchmarks/run.py --repeat 10 -o results.json

Each figure is the median and the minimum of ``--repeat`` wall-clock runs, in milliseconds,
with the machine, Python and library versions alongside. Tests never time anything; this does.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
from datetime import datetime, UTC
from importlib.metadata import version
from pathlib import Path

import bcpgraph
from bcpgraph import analysis, matrix, plot

HERE = Path(__file__).resolve().parent


def timed(func, repeat: int) -> dict[str, float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        runs.append((time.perf_counter() - start) * 1000)
    return {"median_ms": round(statistics.median(runs), 2), "min_ms": round(min(runs), 2), "runs": repeat}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args()

    graph = bcpgraph.load()
    figures: dict[str, dict[str, float]] = {
        "load": timed(bcpgraph.load, args.repeat),
        "validate": timed(lambda: bcpgraph.validate(graph), max(1, args.repeat // 2)),
    }
    examples = {"bcp:Competency": "Analyseren", "bcp:WorkProcess": "1.3", "bcp:CoreTask": "2",
                "bcp:Role": "junior accountmanager", "string": "klant"}
    for name, named in bcpgraph.queries().items():
        params = {p.name: examples[p.cls or p.kind] for p in named.params if p.required}
        figures[f"query:{name}"] = timed(lambda n=name, p=params: bcpgraph.query(n, graph=graph, **p), args.repeat)
    net = analysis.competency_network(graph)
    figures["analysis:competency_network"] = timed(lambda: analysis.competency_network(graph), args.repeat)
    figures["analysis:similarity"] = timed(lambda: analysis.similarity(net), args.repeat)
    careers = analysis.career_network(graph)
    figures["analysis:career_network"] = timed(lambda: analysis.career_network(graph), args.repeat)
    figures["matrix:competency_matrix"] = timed(lambda: matrix.competency_matrix(graph), args.repeat)
    figures["matrix:to_png"] = timed(lambda: plot.matrix_png(matrix.competency_matrix(graph)), max(1, args.repeat // 2))
    del careers

    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True,
                                text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    now = datetime.now(UTC)
    doc = {
        "when": now.isoformat(timespec="seconds"),
        "commit": commit,
        "machine": {"python": sys.version.split()[0], "platform": platform.platform(),
                    "processor": platform.machine()},
        "versions": {p: version(p) for p in ("rdflib", "pyshacl", "networkx", "matplotlib")},
        "triples": len(graph),
        "figures": figures,
    }
    out = args.output or HERE / "results" / f"{now:%Y-%m-%d}-{commit}.json"
    out.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    width = max(map(len, figures))
    for name, f in figures.items():
        print(f"{name.ljust(width)}  median {f['median_ms']:9.2f} ms   min {f['min_ms']:9.2f} ms")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
