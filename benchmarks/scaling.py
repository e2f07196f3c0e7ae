"""How each step grows from 1 to 5,000 profiles: ``bcpgraph bench`` at each size, into one JSON file
and BENCHMARKS.md.

    python benchmarks/scaling.py                       # all sizes, JSON + BENCHMARKS.md
    python benchmarks/scaling.py --sizes 1,10,100      # fewer sizes
    python benchmarks/scaling.py --render benchmarks/results/2026-11-29-abc1234-scaling.json

Each size runs ``python -m bcpgraph bench --json`` in a fresh process (so that memory figures
start clean), on synthetic profiles generated from ``--seed``. Above ``--rdflib-max`` profiles (1,000)
the rdflib-based backends (rdflib, baseline-rdflib, baseline-pyshacl) are not run: they would take
hours; the JSON and BENCHMARKS.md say so. A step is stopped after ``--step-timeout`` seconds (60;
loading after ``--load-timeout``, 900): BENCHMARKS.md shows it as "> 60" and the ratios it takes part
in as lower bounds, so that rdflib at 1,000 profiles takes about an hour, not a day. The cold start
of ``bcpgraph query shared-competencies`` on the shipped data is timed as its own process.

Writes ``benchmarks/results/DATE-COMMIT-scaling.json`` and ``BENCHMARKS.md`` (``--markdown``).
Tests never time anything; this does.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SIZES = (1, 10, 100, 1000, 5000)
BACKENDS = ("rdflib", "oxigraph", "baseline-rdflib", "baseline-pyoxigraph", "baseline-pyshacl")
RDFLIB_BACKENDS = ("rdflib", "baseline-rdflib", "baseline-pyshacl")
#: The targets of issue 9, at this many profiles.
TARGET_SIZE = 1000


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def run_size(size: int, backends: list[str], args: argparse.Namespace) -> dict:
    """``bcpgraph bench`` at ``size`` profiles in its own process; its JSON answer."""
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "bench.json"
        command = [sys.executable, "-m", "bcpgraph", "bench", "--profiles", str(size), "--seed", str(args.seed),
                   "--runs", str(args.runs), "--step-timeout", str(args.step_timeout),
                   "--load-timeout", str(args.load_timeout), "--backends",
                   ",".join(backends), "--json", "-o", str(out)]
        print(f"[{datetime.now(UTC):%H:%M:%S}] {size} profiles: {' '.join(command[2:])}", file=sys.stderr, flush=True)
        try:
            done = subprocess.run(command, cwd=ROOT, timeout=args.size_timeout)
        except subprocess.TimeoutExpired:
            return {"profiles": size, "error": f"bcpgraph bench stopped after {args.size_timeout:g} s (--size-timeout)"}
        if done.returncode != 0 or not out.exists():
            return {"profiles": size, "error": f"bcpgraph bench ended with exit code {done.returncode}"}
        return json.loads(out.read_text(encoding="utf-8"))


def cold_query(runs: int) -> dict:
    """Wall-clock seconds of ``bcpgraph query shared-competencies`` as a new process, on the shipped data."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bcpgraph", "query", "shared-competencies"], cwd=ROOT,
                       capture_output=True, check=True)
        times.append(time.perf_counter() - began)
    return {"command": "bcpgraph query shared-competencies", "seconds": round(statistics.median(times), 4),
            "runs": runs}


# ------------------------------------------------------------------ BENCHMARKS.md


def _seconds(value: float | None) -> str:
    if value is None:
        return "–"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value * 1000:.1f} ms"


def _index(doc: dict) -> dict[tuple[int, str, str], dict]:
    return {(size["profiles"], r["backend"], r["step"]): r for size in doc["sizes"] for r in size.get("results", [])}


def _time(index, size, backend, step) -> float | None:
    row = index.get((size, backend, step))
    return row["seconds"] if row else None


def _stopped(doc: dict) -> dict[tuple[int, str, str], float]:
    """The steps stopped by their time limit, with the limit (a lower bound of their time)."""
    out = {}
    for size in doc["sizes"]:
        for s in size.get("skipped", []):
            found = re.match(r"timeout: stopped after ([0-9.]+) s", s["reason"])
            if found:
                out[(size["profiles"], s["backend"], s["step"])] = float(found.group(1))
    return out


def _compared_sizes(doc: dict) -> str:
    """The sizes at which bcpgraph's and pySHACL's violations were compared and found the same.

    >>> same = {"same_violations": True}
    >>> _compared_sizes({"sizes": [{"profiles": 1, "validation": same}, {"profiles": 1000}]})
    '1 profile'
    >>> _compared_sizes({"sizes": [{"profiles": n, "validation": same} for n in (1, 10, 100)]})
    '1, 10 and 100 profiles'
    """
    sizes = [f"{s['profiles']:,}" for s in doc["sizes"] if s.get("validation", {}).get("same_violations")]
    if sizes == ["1"]:
        return "1 profile"
    return (", ".join(sizes[:-1]) + " and " + sizes[-1] if len(sizes) > 1 else "".join(sizes) or "no size") + \
        " profiles"


def _default_backend(doc: dict) -> str:
    backends = {r["backend"] for size in doc["sizes"] for r in size.get("results", [])}
    return "oxigraph" if "oxigraph" in backends else "rdflib"


def targets(doc: dict, size: int = TARGET_SIZE) -> list[tuple[str, str, str]]:
    """The issue's targets at ``size`` profiles: (target, measured, verdict)."""
    index = _index(doc)
    default = _default_backend(doc)
    here = next((s for s in doc["sizes"] if s.get("profiles") == size), None)
    out: list[tuple[str, str, str]] = []
    if here is None or "results" not in here:
        reason = here.get("error", "not run") if here else "not run"
        return [("all targets", f"no run at {size:,} profiles", f"not measured ({reason})")]
    steps = sorted({r["step"] for r in here["results"] if r["step"].startswith("query:")})

    stopped = _stopped(doc)

    def ratio_target(what: str, num: str, den: str, goal: float, *, at_most: bool) -> None:
        ratios = []  # (ratio, step, is a lower bound)
        for step in steps:
            a, b = _time(index, size, num, step), _time(index, size, den, step)
            if a is None and not at_most and (size, num, step) in stopped:
                a = stopped[(size, num, step)]  # stopped: its time is at least the limit
                if b is not None:
                    ratios.append((a / b, step, True))
                continue
            if a is not None and b is not None:
                ratios.append((a / b, step, False))
        if not ratios or den != default and num != default:
            out.append((what, "–", f"not measured ({num} or {den} did not run at {size:,} profiles)"))
            return
        worst = max(ratios) if at_most else min(ratios)
        missing = len(steps) - len(ratios)
        bound = "≥ " if worst[2] else ""
        measured = f"worst {worst[1][6:]}: {bound}{worst[0]:.2f}×"
        if any(r[2] for r in ratios):
            measured += f" ({sum(r[2] for r in ratios)} rdflib queries stopped at their limit: ratios are lower bounds)"
        if missing:
            measured += f" ({missing} queries not measured)"
        met = worst[0] <= goal if at_most else worst[0] >= goal
        if met:
            verdict = "met" if not missing else "met where measured"
        elif at_most:
            verdict = f"missed by {worst[0] / goal:.2f}×"
        else:
            verdict = f"missed: {goal / worst[0]:.1f}× short" if not worst[2] else "not shown (lower bound too low)"
        out.append((what, measured, verdict))

    if default == "oxigraph":
        ratio_target("every named query on the default store (oxigraph) ≥ 20× faster than rdflib (median)",
                     "rdflib", default, 20.0, at_most=False)
    else:
        out.append(("every named query on the default store ≥ 20× faster than rdflib (median)", "–",
                    "not measured (no Oxigraph store on this commit: bcpgraph.stores.open_store is missing)"))
    if default == "oxigraph":
        ratio_target("every named query on the default store within 1.3× of raw pyoxigraph",
                     default, "baseline-pyoxigraph", 1.3, at_most=True)
    else:
        out.append(("every named query on the default store within 1.3× of raw pyoxigraph", "–",
                    "not measured (no Oxigraph store on this commit)"))
    load = _time(index, size, default, "load")
    if load and here.get("triples"):
        rate = here["triples"] / load
        out.append(("loading ≥ 400,000 triples/s", f"{rate:,.0f} triples/s ({here['triples']:,} in {_seconds(load)})",
                    "met" if rate >= 400_000 else f"missed: {400_000 / rate:.1f}× too slow"))
    else:
        out.append(("loading ≥ 400,000 triples/s", "–", "not measured"))
    ours = next((_time(index, size, b, "validate") for b in ("rdflib", "oxigraph", "endpoint")
                 if _time(index, size, b, "validate")), None)
    theirs = _time(index, size, "baseline-pyshacl", "validate")
    same = here.get("validation", {}).get("same_violations")
    if ours and theirs:
        gain = theirs / ours
        verdict = "met" if gain >= 5 and same else f"missed: {gain:.1f}× (needs 5×)" if gain < 5 else "missed: " \
            "the violations differ"
        out.append(("validating all profiles ≥ 5× faster than one pyshacl call, same violations",
                    f"{_seconds(ours)} vs {_seconds(theirs)}: {gain:.1f}×; same violations: {same}", verdict))
    elif ours and (size, "baseline-pyshacl", "validate") in stopped:
        # pySHACL stopped at its limit: the gain is at least limit / ours; its violations are unknown
        limit = stopped[(size, "baseline-pyshacl", "validate")]
        gain = limit / ours
        out.append(("validating all profiles ≥ 5× faster than one pyshacl call, same violations",
                    f"{_seconds(ours)} vs > {_seconds(limit)} (pyshacl stopped): ≥ {gain:.1f}×; violations not "
                    "compared at this size (pyshacl gave none)",
                    f"5× shown (a lower bound); the violations are compared at {_compared_sizes(doc)}"
                    if gain >= 5 else "not shown (lower bound too low)"))
    else:
        skipped = [s["reason"] for s in here.get("skipped", []) if s["step"] == "validate"]
        out.append(("validating all profiles ≥ 5× faster than one pyshacl call, same violations",
                    f"bcpgraph {_seconds(ours)}, pyshacl {_seconds(theirs)}",
                    "not measured" + (f" ({'; '.join(skipped)})" if skipped else "")))
    sim = _time(index, size, default, "similarity")
    out.append(("all-pairs profile similarity < 1 s", _seconds(sim),
                "not measured" if sim is None else "met" if sim < 1 else f"missed by {sim:.2f} s / 1 s = {sim:.1f}×"))
    cold = doc.get("cold_query")
    out.append(("cold `bcpgraph query shared-competencies` on the shipped data < 0.5 s",
                _seconds(cold["seconds"]) if cold else "–",
                "not measured" if not cold else "met" if cold["seconds"] < 0.5
                else f"missed: {cold['seconds']:.2f} s ({cold['seconds'] / 0.5:.1f}×)"))
    return out


def _per_profile(doc: dict) -> str:
    """How many triples a generated profile has, from the triples loaded at two sizes."""
    known = sorted((s["profiles"], s["triples"]) for s in doc["sizes"] if s.get("triples"))
    if len(known) < 2:
        return ""
    (n1, t1), (n2, t2) = known[0], known[-1]
    each = (t2 - t1) / (n2 - n1)
    return (f"a profile is about {each:,.0f} triples (the shipped profile: 1,658), the ontology, competency "
            f"scheme and vocabularies {t1 - n1 * each:,.0f}, so {n2:,} profiles are {t2:,} triples.")


#: A block of notes.md about the tables of one run: ``<!-- since-run COMMIT: STEP STEP ... -->``, a
#: paragraph, ``<!-- /since-run -->``. Rendered from that run's JSON, the paragraph goes under the
#: targets and the steps named are marked † in the tables (their figures are from before a change
#: the paragraph describes); rendered from any other run, the block is left out (its figures are new).
_SINCE_RUN = re.compile(r"<!-- since-run (\w+): ([^>]*?) -->\n(.*?)\n<!-- /since-run -->\n*", re.DOTALL)


def since_run(notes: str, commit: str) -> tuple[str, str, set[str]]:
    r"""``notes`` without its since-run blocks, the paragraph of the block about ``commit`` and the
    steps it marks.

    >>> since_run("<!-- since-run abc: query:x -->\nChanged.\n<!-- /since-run -->\nFindings.", "abc")
    ('Findings.', 'Changed.', {'query:x'})
    >>> since_run("<!-- since-run abc: query:x -->\nChanged.\n<!-- /since-run -->\nFindings.", "def")
    ('Findings.', '', set())
    """
    paragraph, marked = "", set()
    for found in _SINCE_RUN.finditer(notes):
        if found.group(1) == commit:
            paragraph, marked = found.group(3).strip(), set(found.group(2).split())
    return _SINCE_RUN.sub("", notes).strip(), paragraph, marked


def render(doc: dict) -> str:
    """BENCHMARKS.md for the scaling document ``doc`` (with the findings of benchmarks/notes.md)."""
    machine = doc["machine"]
    sizes = [s["profiles"] for s in doc["sizes"]]
    index = _index(doc)
    notes_file = HERE / "notes.md"
    notes, since, marked = since_run(notes_file.read_text(encoding="utf-8") if notes_file.exists() else "",
                                     doc["commit"])
    backends = [b for b in BACKENDS if any(k[1] == b for k in [*index, *_stopped(doc)])]
    lines = [
        "# Benchmarks",
        "",
        "How bcpgraph's steps grow from 1 to 5,000 synthetic profiles (`bcpgraph generate`), per store, beside "
        "what a user would write by hand. Written by `benchmarks/scaling.py` from "
        f"`{doc.get('file', 'benchmarks/results/…-scaling.json')}` (commit {doc['commit']}, {doc['when']}).",
        "",
        "## Machine",
        "",
        f"- CPU: {machine['cpu']}, {machine['cores']} cores; memory {machine.get('memory_gb')} GB",
        f"- Python {machine['python']} on {machine['os']}",
        "- " + ", ".join(f"{k} {v}" for k, v in machine["packages"].items() if v),
        f"- peak memory (`peak_mb` in the JSON): {machine.get('peak_mb', '?')}",
        "",
        "## Reproduce",
        "",
        # A JSON file merged from several runs says how in "commands" and "commands_note".
        doc.get("commands_note", "The figures below came from the second command:"),
        "",
        "```bash",
        "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]'",
        *doc.get("commands", [
            f".venv/bin/python benchmarks/scaling.py --sizes {','.join(map(str, sizes))} --runs {doc['runs']} "
            f"--step-timeout {doc['step_timeout']:g} --load-timeout {doc.get('load_timeout', doc['step_timeout']):g} "
            f"--rdflib-max {doc['rdflib_max']}"]),
        "# the full run with the defaults (1 to 5,000 profiles, rdflib up to 1,000, 60 s a step, 900 s a load):",
        "#   .venv/bin/python benchmarks/scaling.py",
        "# one size, as a table:  .venv/bin/bcpgraph bench --profiles 100",
        "```",
        "",
        f"Profiles are generated with seed {doc['seed']}; {_per_profile(doc)} Each figure is the median of "
        f"up to {doc['runs']} runs (a step that takes over 30 s in all is not repeated); a step is stopped after "
        f"{doc['step_timeout']:g} s. `validate` does not depend on the store and is timed once (on the first "
        "bcpgraph backend).",
        "",
        "Backends: `rdflib` and `oxigraph` are bcpgraph's library calls on that store; `baseline-rdflib` is "
        "`Graph.parse` of every file and `Graph.query` with the same query text; `baseline-pyoxigraph` is "
        "`pyoxigraph.Store.load` of every file (one named graph each) and `Store.query(text, "
        "use_default_graph_as_union=True)`; `baseline-pyshacl` is one `pyshacl.validate` call over the union.",
        "",
    ]
    for size in doc["sizes"]:
        if "error" in size:
            lines += [f"- {size['profiles']:,} profiles: {size['error']}"]
    if any("error" in s for s in doc["sizes"]):
        lines.append("")
    lines += [f"## Targets at {TARGET_SIZE:,} profiles", "", "| target | measured | verdict |", "|---|---|---|"]
    lines += [f"| {t} | {m} | **{v}** |" for t, m, v in targets(doc)]
    lines += [""]
    if since:
        lines += [since, ""]
    stopped = _stopped(doc)
    for backend in backends:
        steps = []
        for key in [*index, *stopped]:
            if key[1] == backend and key[2] not in steps:
                steps.append(key[2])
        lines += [f"## {backend}", "", "Median seconds (ms below 1 s) per step and number of profiles:", "",
                  "| step | " + " | ".join(f"{s:,}" for s in sizes) + " |", "|---|" + "---:|" * len(sizes)]
        for step in steps:
            cells = [_seconds(_time(index, s, backend, step)) if (s, backend, step) not in stopped
                     else f"> {stopped[(s, backend, step)]:g} (stopped)" for s in sizes]
            lines.append(f"| {step}{' †' if step in marked else ''} | " + " | ".join(cells) + " |")
        peaks = [max((r["peak_mb"] for k, r in index.items() if k[0] == s and k[1] == backend), default=None)
                 for s in sizes]
        lines.append("| *peak MB (largest step)* | " + " | ".join("–" if p is None else f"{p:,.0f}" for p in peaks)
                     + " |")
        lines.append("")
    lines += ["## Ratios", "",
              "Per named query, at each size: rdflib ÷ oxigraph (the gain of the default store), oxigraph ÷ "
              "baseline-pyoxigraph (bcpgraph's overhead on Oxigraph; asked for together, the two time each query in "
              "turn, both stores loaded), rdflib ÷ baseline-rdflib (bcpgraph's "
              "overhead on rdflib), rdflib ÷ baseline-pyoxigraph (what raw Oxigraph gains over bcpgraph on rdflib). "
              "Median over the named queries measured on both; worst in brackets (for a gain the smallest, for an "
              "overhead the largest).", "",
              "| ratio | " + " | ".join(f"{s:,}" for s in sizes) + " |", "|---|" + "---:|" * len(sizes)]
    for label, num, den, worst in (("rdflib ÷ oxigraph", "rdflib", "oxigraph", min),
                                   ("oxigraph ÷ baseline-pyoxigraph", "oxigraph", "baseline-pyoxigraph", max),
                                   ("rdflib ÷ baseline-rdflib", "rdflib", "baseline-rdflib", max),
                                   ("rdflib ÷ baseline-pyoxigraph", "rdflib", "baseline-pyoxigraph", min)):
        cells = []
        for s in sizes:
            ratios = [(_time(index, s, num, k[2]) / r["seconds"], k[2]) for k, r in index.items()
                      if k[0] == s and k[1] == den and k[2].startswith("query:") and _time(index, s, num, k[2])]
            cells.append("–" if not ratios else
                         f"{statistics.median(r for r, _ in ratios):.2f}× ({worst(ratios)[0]:.2f}×)")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += [""]
    if notes:
        lines += ["## Notes", "", notes, ""]
    skipped = [(size["profiles"], s) for size in doc["sizes"] for s in size.get("skipped", [])]
    if skipped or doc.get("not_run"):
        lines += ["## Not measured", ""]
        lines += [f"- {n:,} profiles, {b}: {why}" for n, b, why in doc.get("not_run", [])]
        lines += [f"- {n:,} profiles, {s['backend']} {s['step']}: {s['reason']}" for n, s in skipped]
        lines += [""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="numbers of profiles (default %(default)s)")
    parser.add_argument("--backends", default=",".join(BACKENDS), help="default %(default)s")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--step-timeout", type=float, default=60.0,
                        help="seconds per step; a step stopped there shows as '> 60' and its ratios as lower bounds "
                             "(default %(default)s)")
    parser.add_argument("--load-timeout", type=float, default=900.0,
                        help="seconds for a load step (default %(default)s)")
    parser.add_argument("--rdflib-max", type=int, default=1000,
                        help="run the rdflib-based backends up to this many profiles (default %(default)s)")
    parser.add_argument("--baseline-rdflib-max", type=int,
                        help="run baseline-rdflib up to this many profiles (default: --rdflib-max)")
    parser.add_argument("--size-timeout", type=float, default=4 * 3600.0,
                        help="seconds for all of one size (default %(default)s)")
    parser.add_argument("-o", "--output", type=Path, help="the JSON file (default benchmarks/results/DATE-COMMIT-"
                        "scaling.json)")
    parser.add_argument("--markdown", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--render", type=Path, metavar="JSON", help="only write BENCHMARKS.md from this JSON file")
    args = parser.parse_args()

    if args.render:
        doc = json.loads(args.render.read_text(encoding="utf-8"))
        doc["file"] = str(args.render.resolve().relative_to(ROOT)) if args.render.resolve().is_relative_to(ROOT) \
            else str(args.render)
        args.markdown.write_text(render(doc), encoding="utf-8")
        print(f"wrote {args.markdown}")
        return 0
    now = datetime.now(UTC)
    commit = _commit()
    backends = [b for b in args.backends.split(",") if b]
    doc = {"when": now.isoformat(timespec="seconds"), "commit": commit, "seed": args.seed, "runs": args.runs,
           "step_timeout": args.step_timeout, "load_timeout": args.load_timeout, "rdflib_max": args.rdflib_max,
           "sizes": [], "not_run": []}
    if args.baseline_rdflib_max is not None:
        doc["baseline_rdflib_max"] = args.baseline_rdflib_max
    out = args.output or HERE / "results" / f"{now:%Y-%m-%d}-{commit}-scaling.json"
    doc["cold_query"] = cold_query(max(args.runs, 3))  # first, on a machine not yet warm from the sizes
    for size in (int(s) for s in args.sizes.split(",")):
        chosen = [b for b in backends if size <= args.rdflib_max or b not in RDFLIB_BACKENDS]
        if args.baseline_rdflib_max is not None and size > args.baseline_rdflib_max and "baseline-rdflib" in chosen:
            chosen.remove("baseline-rdflib")
            doc["not_run"].append((size, "baseline-rdflib", f"not run above {args.baseline_rdflib_max:,} profiles "
                                                           "(--baseline-rdflib-max): the rdflib backend stands for it"))
        for b in backends:
            if b not in chosen and not any(n[:2] == (size, b) for n in doc["not_run"]):
                doc["not_run"].append((size, b, f"not run above {args.rdflib_max:,} profiles (--rdflib-max): "
                                                "rdflib would take hours here"))
        doc["sizes"].append(run_size(size, chosen, args))
        doc["machine"] = next((s["machine"] for s in doc["sizes"] if "machine" in s), {})
        # after every size: a run stopped half-way keeps what it measured
        out.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    doc["file"] = str(out.resolve().relative_to(ROOT)) if out.resolve().is_relative_to(ROOT) else str(out)
    args.markdown.write_text(render(doc), encoding="utf-8")
    print(f"wrote {out} and {args.markdown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
