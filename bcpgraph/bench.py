"""Time bcpgraph's steps on a synthetic corpus, per store, beside what a user would write by hand.

:func:`bench` generates ``profiles`` synthetic profiles (:mod:`bcpgraph.generate`) or takes the
files given, and times on each backend the steps ``load``, ``validate``, ``query:NAME`` for every
named query, ``similarity`` (all-pairs profile similarity), ``career-paths`` (the career network
and the paths from the first profile's occupation to the role farthest from it) and ``compare``
(the first two profiles). Backends:

- ``rdflib``, ``oxigraph``, ``endpoint``: bcpgraph's library calls on that store (``endpoint``:
  the SPARQL server at ``endpoint``, holding whatever was pushed to it; it is never written to);
- ``baseline-rdflib``: ``rdflib.Graph().parse`` of every file and ``Graph.query`` with the same
  query text bcpgraph runs; ``baseline-pyoxigraph``: ``pyoxigraph.Store().load`` of every file
  (each in a named graph) and ``Store.query(text, use_default_graph_as_union=True)``;
  ``baseline-pyshacl``: one ``pyshacl.validate`` call over the union of data, ontology and
  vocabularies with the shapes.

``validate`` does not depend on the store: it is timed once, on the first bcpgraph backend.
Backends run one after another, except ``oxigraph`` and ``baseline-pyoxigraph`` asked for
together: both are loaded, then each named query is timed on one and then on the other, so that
their ratio (bcpgraph's overhead) is measured on the same machine state.
Each step runs up to ``runs`` times (fewer once a step has taken :data:`STEP_BUDGET` seconds in
all) and reports the median wall-clock seconds, the runs made, and ``peak_mb``: the growth of the
process's resident set during the step (peak minus start, Linux ``/proc/self/clear_refs`` and
``VmHWM``, after a garbage collection and glibc's ``malloc_trim``), which counts Python and native
(Oxigraph) memory alike; where that is not available, the peak of Python allocations
(``tracemalloc``).
A step over ``step_timeout`` seconds is stopped and reported in ``skipped`` with the reason, as is
a backend or step that cannot run (a store not installed, a library call that does not take it).
"""

from __future__ import annotations

import gc
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from .errors import ArgumentError, InputError
from .limits import TimeoutExceeded, time_limit

__all__ = ["bench", "BACKENDS", "DEFAULT_BACKENDS", "LOAD_TIMEOUT", "STEP_BUDGET", "STEP_TIMEOUT", "stopped_after",
           "to_table"]

#: The backends :func:`bench` knows.
BACKENDS = ("rdflib", "oxigraph", "endpoint", "baseline-rdflib", "baseline-pyoxigraph", "baseline-pyshacl")
#: The backends timed when none are named: every local one.
DEFAULT_BACKENDS = ("rdflib", "oxigraph", "baseline-rdflib", "baseline-pyoxigraph", "baseline-pyshacl")
#: Seconds a step may take before it is stopped (per run): at 1,000 profiles most rdflib steps
#: reach it, so that a run with rdflib takes well under an hour, not a day.
STEP_TIMEOUT = 60.0
#: Seconds a load step may take (rdflib parses 1,000 generated profiles in minutes).
LOAD_TIMEOUT = 900.0
#: Seconds of runs of one step after which it is not run again (the runs so far count).
STEP_BUDGET = 30.0
#: Most runs per step, and most profiles.
MAX_RUNS = 100
MAX_PROFILES = 100_000
_OURS = ("rdflib", "oxigraph", "endpoint")
#: Backends whose steps run native code, which SIGALRM cannot interrupt: each step runs in a forked
#: process that is ended when it takes too long.
_NATIVE = ("oxigraph", "baseline-pyoxigraph")
#: Values for required query parameters, by parameter kind or class (the rest: from the data).
_TEXT = "klant"
_COMPETENCY = "https://w3id.org/bcpgraph/id/competentie/analyseren"

Progress = Callable[[str, int, int], None]


# ------------------------------------------------------------------ measuring


def _status(field: str) -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1])  # kB
    except (OSError, ValueError, IndexError):
        return None
    return None


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def _trim() -> None:
    """Give freed memory back to the system (glibc), so that a step's resident-set growth is its own."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def memory_method() -> str:
    """How ``peak_mb`` is measured on this machine: ``"rss"`` or ``"tracemalloc"``."""
    return "rss" if _status("VmHWM") is not None and _reset_peak() else "tracemalloc"


class _Skip(Exception):
    """A step that cannot run, with the reason."""


@dataclass
class _Step:
    seconds: float
    runs: int
    peak_mb: float
    value: Any = None


def _measure(func: Callable[[], Any], *, runs: int, timeout: float, what: str, method: str) -> _Step:
    """Run ``func`` up to ``runs`` times within ``timeout`` each; the median, runs, peak memory
    and the last value. Raises TimeoutExceeded when a run takes longer."""
    import tracemalloc

    times: list[float] = []
    peak = 0.0
    value = None
    for _ in range(runs):
        value = None  # what the previous run made (a loaded store) is not held through this one
        gc.collect()
        _trim()
        if method == "rss":
            start = _status("VmRSS") or 0
            _reset_peak()
        else:
            tracemalloc.start()
        began = time.perf_counter()
        try:
            with time_limit(timeout, what):
                value = func()
        finally:
            elapsed = time.perf_counter() - began
            if method == "rss":
                grown = ((_status("VmHWM") or 0) - start) / 1024
            else:
                grown = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()
        times.append(elapsed)
        peak = max(peak, grown)
        if sum(times) >= STEP_BUDGET:
            break
    return _Step(seconds=statistics.median(times), runs=len(times), peak_mb=max(0.0, peak), value=value)


def _can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform.startswith("linux")


def _measure_apart(func: Callable[[], Any], *, runs: int, timeout: float, what: str, method: str) -> _Step:
    """:func:`_measure` in a forked process (it shares the loaded data), ended when it runs over
    ``timeout`` (plus the budget of repeated runs): native code that does not return to Python
    cannot be stopped otherwise. The value is not returned."""
    import pickle
    import select
    import signal

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: measure, send the figures, leave at once
        code = 0
        try:
            os.close(read)
            try:
                step = _measure(func, runs=runs, timeout=timeout, what=what, method=method)
                payload: tuple = ("ok", step.seconds, step.runs, step.peak_mb)
            except TimeoutExceeded as exc:
                payload = ("timeout", str(exc))
            except BaseException as exc:  # noqa: BLE001 - sent to the parent, which decides
                payload = ("error", type(exc).__name__, str(exc))
            data = pickle.dumps(payload)
            while data:
                data = data[os.write(write, data):]
        except BaseException:  # noqa: BLE001
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    chunks: list[bytes] = []
    deadline = time.monotonic() + min(timeout * runs, timeout + STEP_BUDGET) + 5
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                os.kill(pid, signal.SIGKILL)
                raise TimeoutExceeded(f"{what} did not finish within {timeout:g} s (timeout); its process was ended")
            ready, _, _ = select.select([read], [], [], min(left, 1.0))
            if ready:
                chunk = os.read(read, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        os.close(read)
        os.waitpid(pid, 0)
    if not chunks:
        raise RuntimeError(f"{what}: the measuring process ended without an answer")
    payload = pickle.loads(b"".join(chunks))
    if payload[0] == "timeout":
        raise TimeoutExceeded(payload[1])
    if payload[0] == "error":
        raise RuntimeError(f"{payload[1]}: {payload[2]}")
    return _Step(seconds=payload[1], runs=payload[2], peak_mb=payload[3])


# ------------------------------------------------------------------ the data


@dataclass(frozen=True)
class _Facts:
    """What the steps need to know about the data, read from the files (not timed)."""

    profiles: list[str]
    occupation: str | None
    werkproces: str | None
    kerntaak: str | None


def _facts(files: Sequence[Path]) -> _Facts:
    from rdflib import Graph
    from rdflib.namespace import RDF, SKOS

    from .graph import read_rdf
    from .namespaces import BCP

    def number(graph: Graph, node) -> list[int]:
        return [int(x) if x.isdigit() else 0 for x in str(graph.value(node, SKOS.notation) or "").split(".")]

    profiles: list[str] = []
    occupation = werkproces = kerntaak = None
    for path in files:
        if len(profiles) >= 2:
            break
        match = re.fullmatch(r"(synthetic-s\d+-\d+)\.ttl", path.name)
        if profiles and match:  # a generated profile: its IRI is its file name
            profiles.append("https://w3id.org/bcpgraph/id/bcp/" + match.group(1))
            continue
        graph = read_rdf(path)  # a file that cannot be read is named, with its line
        found = sorted(graph.subjects(RDF.type, BCP.Profile), key=str)
        if found and not profiles:
            first = found[0]
            occupation = graph.value(first, BCP.occupation)
            kts = sorted(graph.objects(first, BCP.coreTask), key=lambda k: number(graph, k))
            if kts:
                kerntaak = kts[0]
                wps = sorted(graph.objects(kts[0], BCP.workProcess), key=lambda w: number(graph, w))
                werkproces = wps[0] if wps else None
        profiles += [str(p) for p in found]
    return _Facts(profiles=profiles, occupation=str(occupation) if occupation else None,
                  werkproces=str(werkproces) if werkproces else None, kerntaak=str(kerntaak) if kerntaak else None)


def _values(named, facts: _Facts) -> dict[str, str]:
    """Values for the required parameters of the named query ``named``."""
    given = {}
    for param in named.params:
        if not param.required:
            continue
        if param.kind != "resource":
            given[param.name] = _TEXT
        elif param.cls == "bcp:Competency":
            given[param.name] = _COMPETENCY
        else:
            value = {"bcp:WorkProcess": facts.werkproces, "bcp:CoreTask": facts.kerntaak, "bcp:Role": facts.occupation,
                     "bcp:Profile": facts.profiles[0] if facts.profiles else None}.get(param.cls)
            if value is None:
                raise _Skip(f"no value for its required parameter {param.name} in the data")
            given[param.name] = value
    return given


def _query_text(named, given: dict[str, str]) -> str:
    """The text bcpgraph runs for ``named`` with ``given`` (IRIs and strings as they are)."""
    from .binding import bind, default_term, term

    values = {p.name: term(p, given[p.name], None) if p.name in given else default_term(p) for p in named.params}
    return bind(named.text, values)


# ------------------------------------------------------------------ backends


def _open(backend: str, files: Sequence[Path], endpoint: str | None, timeout: float):
    """The loaded data of a bcpgraph backend: a Graph or a Store."""
    try:
        from .stores import open_store  # type: ignore[attr-defined]
    except ImportError:
        open_store = None
    if backend == "endpoint":
        from .stores import store_for

        return store_for(endpoint=endpoint, timeout=timeout)
    if open_store is not None:
        try:
            return open_store(*files, backend=backend, timeout=timeout)
        except InputError:
            if backend != "rdflib":
                raise
    if backend == "rdflib":
        from .graph import load

        return load(*files)
    raise _Skip("this bcpgraph has no Oxigraph store (bcpgraph.stores.open_store is missing)")


def _baseline_rdflib(files: Sequence[Path]):
    from rdflib import Graph

    from .resources import ONTOLOGY_FILES, VOCABULARY_FILES
    from .resources import shipped as shipped_file

    graph = Graph()
    for name in ONTOLOGY_FILES:
        graph.parse(data=shipped_file("ontology", name).read_bytes(), format="turtle")
    for name in VOCABULARY_FILES:
        graph.parse(data=shipped_file("vocabularies", name).read_bytes(), format="turtle")
    for path in files:
        graph.parse(path)
    return graph


def _baseline_pyoxigraph(files: Sequence[Path]):
    try:
        import pyoxigraph
    except ImportError:
        raise _Skip("pyoxigraph is not installed") from None
    from .resources import ONTOLOGY_FILES, VOCABULARY_FILES
    from .resources import shipped as shipped_file

    store = pyoxigraph.Store()
    for folder, names in (("ontology", ONTOLOGY_FILES), ("vocabularies", VOCABULARY_FILES)):
        for name in names:
            store.load(shipped_file(folder, name).read_bytes(), format=pyoxigraph.RdfFormat.TURTLE,
                       to_graph=pyoxigraph.DefaultGraph())
    for path in files:
        store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE,
                   to_graph=pyoxigraph.NamedNode(path.resolve().as_uri()))
    return store


def _pyshacl_union(files: Sequence[Path]) -> dict[str, Any]:
    import pyshacl
    from rdflib import Graph
    from rdflib.namespace import RDF, SH

    from .graph import ontology, shapes

    data = ontology()
    for path in files:
        data.parse(path)
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes(), inference="none", inplace=True, advanced=True,
                                    allow_warnings=True)
    assert isinstance(report, Graph)
    found = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        found.add((str(severity).rsplit("#", 1)[-1], str(report.value(result, SH.focusNode)),
                   str(report.value(result, SH.sourceShape))))
    return {"results": found}


def _package(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def machine() -> dict[str, Any]:
    """The machine the figures come from: CPU, cores, memory, Python, OS, package versions."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = None
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemTotal:"):
                    memory = round(int(line.split()[1]) / 2**20, 1)
    except (OSError, ValueError):
        pass
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory_gb": memory, "python": platform.python_version(),
        "os": platform.platform(), "peak_mb": "resident-set growth during the step (Linux VmHWM, after gc and "
        "malloc_trim)"
        if memory_method() == "rss" else "peak Python allocations during the step (tracemalloc)",
        "packages": {p: _package(p) for p in ("bcpgraph", "rdflib", "pyshacl", "pyoxigraph", "networkx")},
    }


# ------------------------------------------------------------------ the benchmark


def _check(profiles, backends, runs, seed, step_timeout, data, endpoint) -> tuple[str, ...]:
    if data is None:
        if isinstance(profiles, bool) or not isinstance(profiles, int):
            raise ArgumentError(f"profiles is a whole number, not {type(profiles).__name__}")
        if not 1 <= profiles <= MAX_PROFILES:
            raise InputError(f"parameter profiles: {profiles} is not a number of profiles from 1 to {MAX_PROFILES:,}")
    if isinstance(runs, bool) or not isinstance(runs, int) or not 1 <= runs <= MAX_RUNS:
        raise InputError(f"parameter runs: {runs!r} is not a whole number from 1 to {MAX_RUNS}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InputError(f"parameter seed: {seed!r} is not a whole number ≥ 0")
    if not isinstance(step_timeout, (int, float)) or not step_timeout > 0:
        raise InputError(f"parameter step_timeout: {step_timeout!r} is not a number of seconds > 0")
    if isinstance(backends, str) or not all(isinstance(b, str) for b in backends):
        raise ArgumentError("backends is a list of backend names")
    chosen = tuple(dict.fromkeys(b.strip() for b in backends if b.strip()))
    unknown = [b for b in chosen if b not in BACKENDS]
    if unknown or not chosen:
        from .errors import suggest

        what = f"unknown backend {unknown[0]!r}{suggest(unknown[0], list(BACKENDS))}" if unknown else "no backend"
        raise InputError(f"parameter backends: {what} (backends: {', '.join(BACKENDS)})")
    if "endpoint" in chosen and not endpoint:
        raise InputError("parameter endpoint: the backend endpoint needs the URL of a SPARQL endpoint")
    return chosen


def bench(profiles: int = 10, *, backends: Sequence[str] = DEFAULT_BACKENDS, runs: int = 3, seed: int = 0,
          data: Sequence[str | os.PathLike] | None = None, endpoint: str | None = None,
          step_timeout: float = STEP_TIMEOUT, load_timeout: float | None = None,
          progress: Progress | None = None) -> dict[str, Any]:
    """Time the steps on each backend (see the module docstring); return
    ``{"profiles", "triples", "machine", "results": [{"backend", "step", "seconds", "runs",
    "peak_mb"}], "skipped": [{"backend", "step", "reason"}], "validation": {...}, "seed", "runs"}``.

    ``data`` (files or folders) is used instead of generating ``profiles`` profiles from ``seed``.
    ``load_timeout`` (default: :data:`LOAD_TIMEOUT` or ``step_timeout`` if that is longer) is the
    limit of the ``load`` steps, without which no other step of the backend runs.
    ``progress(label, done, total)`` is called before each step, if given. Unknown backends, a
    number of profiles or runs out of range raise InputError naming the parameter.
    """
    chosen = _check(profiles, backends, runs, seed, step_timeout, data, endpoint)
    if load_timeout is not None and (not isinstance(load_timeout, (int, float)) or not load_timeout > 0):
        raise InputError(f"parameter load_timeout: {load_timeout!r} is not a number of seconds > 0")
    with tempfile.TemporaryDirectory(prefix="bcpgraph-bench-") as scratch:
        if data is None:
            from .generate import write_corpus

            files = write_corpus(Path(scratch) / "corpus", profiles, seed)
        else:
            from .graph import _check_load_arguments

            files = _check_load_arguments("bench", tuple(data), False)
            for path in files:
                if not path.is_file():
                    raise InputError(f"parameter data: {path}: no such file")
            if not files:
                raise InputError("parameter data: no files given")
        return _bench(files, chosen, runs=runs, seed=seed if data is None else None, endpoint=endpoint,
                      step_timeout=float(step_timeout),
                      load_timeout=float(load_timeout or max(step_timeout, LOAD_TIMEOUT)),
                      progress=progress)


def _bench(files: list[Path], backends: tuple[str, ...], *, runs: int, seed: int | None, endpoint: str | None,
           step_timeout: float, load_timeout: float, progress: Progress | None) -> dict[str, Any]:
    from .query import queries

    facts = _facts(files)
    method = memory_method()
    named = queries()
    results: list[dict[str, Any]] = []
    skipped: list[dict[str, str]] = []
    validation: dict[str, Any] = {}
    triples: int | None = None
    plan = {b: (["load", "validate", *[f"query:{n}" for n in named], "similarity", "career-paths", "compare"]
                if b in _OURS else ["load", *[f"query:{n}" for n in named]] if b != "baseline-pyshacl"
                else ["validate"]) for b in backends}
    order = _order(plan, backends)
    last = {backend: i for i, (backend, _) in enumerate(order)}
    validated_on: str | None = None
    stores: dict[str, Any] = {}
    unloaded: set[str] = set()

    for done, (backend, step) in enumerate(order, 1):
        if progress is not None:
            progress(f"{backend} {step}", done, len(order))

        def skip(reason: str, step: str = step, backend: str = backend) -> None:
            skipped.append({"backend": backend, "step": step, "reason": reason})

        try:
            store = stores.get(backend)
            if step == "load" and backend == "endpoint":  # nothing to load: the server holds the data
                skip("the data is on the server (bcpgraph push puts it there); the bench never writes to it")
                stores[backend] = _open(backend, files, endpoint, step_timeout)
                continue
            if step != "load" and store is None and backend != "baseline-pyshacl":
                if backend not in unloaded:
                    unloaded.add(backend)
                    skip("not run: the data could not be loaded (see load)", "*")
                continue
            limit = step_timeout
            try:
                func = _step_function(backend, step, store, files, facts, named, endpoint, step_timeout, validation,
                                      validated_on)
                # Native steps run in a child process that can be ended; loading and validating
                # return what the next steps need (the store, the report), so they run here.
                apart = step not in ("load", "validate") and backend in _NATIVE and _can_fork()
                measure = _measure_apart if apart else _measure
                limit = load_timeout if step == "load" else step_timeout
                measured = measure(func, runs=runs, timeout=limit, what=f"{backend} {step}", method=method)
            except TimeoutExceeded:
                skip(f"timeout: stopped after {limit:g} s")
                continue
            except _Skip as exc:
                skip(str(exc))
                continue
            except (InputError, ImportError, TypeError, AttributeError, ValueError, KeyError, RuntimeError,
                    OSError, NotImplementedError) as exc:
                skip(f"failed: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}")
                continue
            if step == "load":
                store = stores[backend] = measured.value
                if triples is None:
                    try:
                        triples = len(store)
                    except TypeError:
                        triples = None
            if step == "validate":
                validation["bcpgraph" if backend in _OURS else backend] = measured.value
                validated_on = backend if backend in _OURS else validated_on
            results.append({"backend": backend, "step": step, "seconds": round(measured.seconds, 6),
                            "runs": measured.runs, "peak_mb": round(measured.peak_mb, 1)})
        finally:
            if last[backend] == done - 1 and backend in stores:  # its last step: free it before the next loads
                del stores[backend]
                store = measured = None
                gc.collect()
    found = {side: validation.pop(side)["results"] for side in ("bcpgraph", "baseline-pyshacl") if side in validation}
    for side, results_ in found.items():
        validation[side] = {"violations": sum(1 for r in results_ if r[0] == "Violation"),
                            "warnings": sum(1 for r in results_ if r[0] == "Warning")}
    if len(found) == 2:
        ours, theirs = ({r for r in rs if r[0] == "Violation"} for rs in found.values())
        validation["same_violations"] = ours == theirs
    from .generate import VOCABULARY_FILE  # a generated corpus: its shared terms' file is no profile

    return {"profiles": sum(1 for path in files if path.name != VOCABULARY_FILE), "triples": triples,
            "machine": machine(), "results": results, "skipped": skipped, "validation": validation,
            "seed": seed, "runs": runs}


def _order(plan: dict[str, list[str]], backends: Sequence[str]) -> list[tuple[str, str]]:
    """The (backend, step) pairs in the order they run: each backend's steps in turn, except that
    the native backends asked for together (bcpgraph's Oxigraph store and raw pyoxigraph) are
    loaded one after the other and then time each named query in turn, both stores in memory:
    the ratio of the two is then taken on the same machine state, not minutes apart with another
    store loaded in between (run apart, queries of tens of milliseconds moved by 1.4x).

    >>> plan = {"oxigraph": ["load", "validate", "query:a", "query:b", "similarity"],
    ...         "baseline-pyoxigraph": ["load", "query:a", "query:b"], "rdflib": ["load", "query:a"]}
    >>> _order(plan, ["oxigraph", "rdflib", "baseline-pyoxigraph"])  # doctest: +NORMALIZE_WHITESPACE
    [('oxigraph', 'load'), ('oxigraph', 'validate'), ('baseline-pyoxigraph', 'load'),
     ('oxigraph', 'query:a'), ('baseline-pyoxigraph', 'query:a'), ('oxigraph', 'query:b'),
     ('baseline-pyoxigraph', 'query:b'), ('oxigraph', 'similarity'), ('rdflib', 'load'), ('rdflib', 'query:a')]
    """
    paired = [b for b in backends if b in _NATIVE]
    order: list[tuple[str, str]] = []
    for backend in backends:
        if backend in paired[1:]:
            continue  # runs with the first native backend
        if len(paired) < 2 or backend != paired[0]:
            order += [(backend, step) for step in plan[backend]]
            continue
        queries = list(dict.fromkeys(s for b in paired for s in plan[b] if s.startswith("query:")))
        first = {b: next((i for i, s in enumerate(plan[b]) if s.startswith("query:")), len(plan[b])) for b in paired}
        order += [(b, s) for b in paired for s in plan[b][:first[b]]]
        order += [(b, q) for q in queries for b in paired if q in plan[b]]
        order += [(b, s) for b in paired for s in plan[b][first[b]:] if not s.startswith("query:")]
    return order


def _step_function(backend, step, store, files, facts, named, endpoint, step_timeout, validation, validated_on):
    """The function that does ``step`` on ``backend`` (raises _Skip when it cannot run)."""
    if step == "load":
        if backend == "baseline-rdflib":
            return lambda: _baseline_rdflib(files)
        if backend == "baseline-pyoxigraph":
            return lambda: _baseline_pyoxigraph(files)
        if backend == "oxigraph":
            try:
                from .stores import open_store  # type: ignore[attr-defined]  # noqa: F401
            except ImportError:
                raise _Skip("this bcpgraph has no Oxigraph store yet (bcpgraph.stores.open_store is missing)") from None
        return lambda: _open(backend, files, endpoint, step_timeout)
    if step == "validate":
        if backend == "baseline-pyshacl":
            return lambda: _pyshacl_union(files)
        if validated_on is not None:
            raise _Skip(f"validation does not depend on the store: timed once, on {validated_on}")
        if backend == "endpoint":
            raise _Skip("SHACL validation runs on local files, not on an endpoint")

        def run_validate():
            from .validation import validate

            report = validate([str(f) for f in files], timeout=step_timeout)
            return {"results": {(r.severity, str(r.focus), str(r.source_shape)) for r in report.results}}
        return run_validate
    if step.startswith("query:"):
        name = step.split(":", 1)[1]
        given = _values(named[name], facts)
        if backend == "baseline-rdflib":
            text = _query_text(named[name], given)
            return lambda: list(store.query(text))
        if backend == "baseline-pyoxigraph":
            text = _query_text(named[name], given)
            return lambda: list(store.query(text, use_default_graph_as_union=True))
        from .query import query

        if backend == "endpoint":  # as a user asks a server: by its URL
            return lambda: query(name, given, endpoint=endpoint, timeout=step_timeout)
        return lambda: query(name, given, graph=store, timeout=step_timeout)
    if step == "similarity":
        from .compare import profile_similarity

        return lambda: profile_similarity(store)
    if step == "career-paths":
        from .analysis import career_network, career_paths

        if facts.occupation is None:
            raise _Skip("the first profile names no occupation")
        target = _farthest(career_network(store), facts.occupation)
        if target is None:
            raise _Skip("no career step leads anywhere from the first profile's occupation")
        return lambda: career_paths(career_network(store), facts.occupation, target)
    if step == "compare":
        from .compare import compare

        if not facts.profiles:
            raise _Skip("no profile in the data")
        a, b = facts.profiles[0], facts.profiles[1 if len(facts.profiles) > 1 else 0]
        return lambda: compare(a, b, graph=store)
    raise _Skip(f"unknown step {step}")  # pragma: no cover


def _farthest(network, source: str) -> str | None:
    """The role farthest from ``source`` in the career network (the first by name among ties)."""
    import networkx as nx

    if source not in network:
        return None
    lengths = nx.single_source_shortest_path_length(network, source)
    far = [(-d, node) for node, d in lengths.items() if d > 0]
    return min(far)[1] if far else None


# ------------------------------------------------------------------ a table


def stopped_after(reason: str) -> float | None:
    """The limit a step was stopped at, from its reason in ``skipped`` (None: not stopped by a limit).

    >>> stopped_after("timeout: stopped after 60 s"), stopped_after("pyoxigraph is not installed")
    (60.0, None)
    """
    found = re.match(r"timeout: stopped after ([0-9.]+) s", reason)
    return float(found.group(1)) if found else None


def _step_rank(step: str) -> tuple[int, str]:
    """Steps in the order :func:`bench` runs them."""
    first, _, _ = step.partition(":")
    order = ("load", "validate", "query", "similarity", "career-paths", "compare")
    return (order.index(first) if first in order else len(order), step)


def to_table(answer: dict[str, Any]) -> str:
    """The results as a text table (one row per backend and step; a step stopped at its time limit
    shows as "> limit"), the other skipped steps after it."""
    timed = [(r["backend"], r["step"], f"{r['seconds']:.4f}", str(r["runs"]), f"{r['peak_mb']:.1f}")
             for r in answer["results"]]
    stopped = [(s["backend"], s["step"], f"> {limit:g}", "–", "–") for s in answer["skipped"]
               if (limit := stopped_after(s["reason"])) is not None]
    backends = list(dict.fromkeys(row[0] for row in [*timed, *stopped]))
    rows = [("backend", "step", "seconds", "runs", "peak MB")]
    rows += sorted([*timed, *stopped], key=lambda row: (backends.index(row[0]), _step_rank(row[1])))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = [f"{answer['profiles']} profiles, {answer['triples'] or '?'} triples; "
             f"{answer['machine']['cpu']}, {answer['machine']['cores']} cores"]
    for k, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(w) if i < 2 else cell.rjust(w) for i, (cell, w) in
                               enumerate(zip(row, widths, strict=True))).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    for s in answer["skipped"]:
        if stopped_after(s["reason"]) is None:
            lines.append(f"skipped: {s['backend']} {s['step']}: {s['reason']}")
    if stopped:
        lines.append("> N: stopped after N seconds (the step's time limit)")
    v = answer.get("validation") or {}
    if "same_violations" in v:
        lines.append(f"validation: bcpgraph {v['bcpgraph']['violations']} violations, one pyshacl call "
                     f"{v['baseline-pyshacl']['violations']}; the same: {'yes' if v['same_violations'] else 'NO'}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    sys.exit("use: bcpgraph bench")
