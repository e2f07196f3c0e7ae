"""bcpgraph bench: the JSON has the documented shape, every named query is a step, every backend
asked for is either timed or skipped with a reason; bad input is a usage error. No times asserted."""

from __future__ import annotations

import doctest
import importlib.util
import json
import re
from pathlib import Path

import pytest
from rdflib import Graph

import bcpgraph
from bcpgraph.bench import BACKENDS, bench, to_table
from bcpgraph.errors import InputError
from bcpgraph.generate import write_corpus

ROOT = Path(__file__).resolve().parent.parent
ALL = "rdflib,oxigraph,baseline-rdflib,baseline-pyoxigraph,baseline-pyshacl"


@pytest.fixture(scope="module")
def answer(tmp_path_factory):
    from tests.conftest import run_in_process

    out = tmp_path_factory.mktemp("bench") / "bench.json"
    done = run_in_process("bench", "--profiles", "2", "--runs", "1", "--seed", "4", "--backends", ALL,
                          "--json", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "\r" not in done.stderr  # no progress bar when standard error is not a terminal
    return json.loads(out.read_text(encoding="utf-8"))


def test_the_documented_shape(answer):
    assert answer["profiles"] == 2
    assert {"cpu", "cores", "memory_gb", "python", "os", "packages"} <= set(answer["machine"])
    assert answer["machine"]["cores"] >= 1
    assert answer["results"]
    for row in answer["results"]:
        assert set(row) == {"backend", "step", "seconds", "runs", "peak_mb"}
        assert row["backend"] in BACKENDS
        assert row["seconds"] > 0 and row["runs"] >= 1 and row["peak_mb"] >= 0


def test_the_triples_are_those_loaded(answer, tmp_path):
    files = write_corpus(tmp_path / "same", 2, seed=4)  # the same seed gives the same profiles
    expected = len(bcpgraph.load(*files))
    assert answer["triples"] == expected
    assert expected > 2 * len(Graph().parse(files[0]))  # ontology and vocabularies with the two profiles


def test_every_named_query_is_a_step_of_rdflib_and_both_baselines(answer):
    for backend in ("rdflib", "baseline-rdflib", "baseline-pyoxigraph"):
        steps = {r["step"] for r in answer["results"] if r["backend"] == backend}
        assert {f"query:{name}" for name in bcpgraph.queries()} <= steps, backend
        assert "load" in steps
    steps = {r["step"] for r in answer["results"] if r["backend"] == "rdflib"}
    assert {"validate", "similarity", "career-paths", "compare"} <= steps
    assert {r["step"] for r in answer["results"] if r["backend"] == "baseline-pyshacl"} == {"validate"}


def test_every_backend_asked_for_is_timed_or_skipped_with_a_reason(answer):
    for backend in ALL.split(","):
        timed = [r for r in answer["results"] if r["backend"] == backend]
        skipped = [s for s in answer["skipped"] if s["backend"] == backend]
        assert timed or skipped, backend
        for s in skipped:
            assert s["reason"]


def test_validation_agrees_with_one_pyshacl_call(answer):
    assert answer["validation"]["bcpgraph"]["violations"] == 0
    assert answer["validation"]["same_violations"] is True


def test_validation_is_compared_when_the_default_store_comes_first():
    """Oxigraph's steps run in a child process; its validation must still reach the comparison
    (it did not: a 1,000-profile run ended in an internal error after half an hour)."""
    answer = bench(1, backends=["oxigraph", "baseline-pyshacl"], runs=1, seed=4)
    assert {r["step"] for r in answer["results"] if r["backend"] == "oxigraph"} >= {"load", "validate"}
    assert answer["validation"]["bcpgraph"]["violations"] == 0
    assert answer["validation"]["same_violations"] is True


def test_a_table_without_json(cli):
    done = cli("bench", "--profiles", "1", "--runs", "1", "--backends", "baseline-rdflib")
    assert done.returncode == 0, done.stderr
    assert "query:search" in done.stdout and "seconds" in done.stdout


def test_a_step_over_its_time_limit_is_reported_not_waited_for():
    answer = bench(1, backends=["baseline-pyshacl"], runs=1, step_timeout=0.05)
    assert answer["results"] == []
    assert answer["skipped"][0]["step"] == "validate"
    assert "timeout" in answer["skipped"][0]["reason"]
    table = to_table(answer)
    row = next(line for line in table.splitlines() if line.startswith("baseline-pyshacl"))
    assert row.split()[:3] == ["baseline-pyshacl", "validate", ">"] and "0.05" in row  # "> limit", in its place
    assert "skipped: baseline-pyshacl validate" not in table


def _scaling():
    spec = importlib.util.spec_from_file_location("scaling", ROOT / "benchmarks" / "scaling.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmarks_md_is_what_scaling_writes_from_its_json_and_the_notes():
    """Regenerating BENCHMARKS.md from the JSON it names keeps every hand-written finding (the notes,
    the paragraph about what was re-measured since and the † marks it sets, the commands of a merged run)."""
    scaling = _scaling()
    written = (ROOT / "BENCHMARKS.md").read_text(encoding="utf-8")
    source = re.search(r"from `(benchmarks/results/[^`]+\.json)`", written).group(1)
    doc = json.loads((ROOT / source).read_text(encoding="utf-8"))
    doc["file"] = source
    assert scaling.render(doc) == written
    notes = (ROOT / "benchmarks" / "notes.md").read_text(encoding="utf-8")
    kept, _, _ = scaling.since_run(notes, doc["commit"])
    assert kept in written


def test_the_examples_in_scaling_py_hold():
    failures, tried = doctest.testmod(_scaling())
    assert tried > 0 and failures == 0


def test_marks_about_one_run_are_left_out_of_another():
    scaling = _scaling()
    written = (ROOT / "BENCHMARKS.md").read_text(encoding="utf-8")
    source = re.search(r"from `(benchmarks/results/[^`]+\.json)`", written).group(1)
    doc = {**json.loads((ROOT / source).read_text(encoding="utf-8")), "commit": "0000000"}
    later = scaling.render(doc)
    tables = later.split("## Notes")[0]
    assert "†" not in tables and "Re-measured" not in tables
    assert "## Notes" in later


@pytest.mark.parametrize("args, name", [(["--profiles", "0"], "--profiles"),
                                        (["--backends", "nosuch"], "--backends"),
                                        (["--backends", "rdflib,oxigrap"], "--backends"),
                                        (["--runs", "0"], "--runs"),
                                        (["--backends", "endpoint"], "--endpoint")])
def test_bad_input_is_a_usage_error_naming_the_option(cli, args, name):
    done = cli("bench", *args)
    assert done.returncode == 2
    assert name in done.stderr
    assert "Traceback" not in done.stderr


def test_the_library_names_parameters():
    with pytest.raises(InputError, match="parameter backends: unknown backend 'nosuch'"):
        bench(1, backends=["nosuch"])
    with pytest.raises(InputError, match="parameter profiles"):
        bench(0)


def test_an_endpoint_is_read_not_written(endpoint):
    shipped = str(Path(bcpgraph.__file__).resolve().parent.parent / "data" / "contactcenter.ttl")
    answer = bench(data=[shipped], backends=["endpoint"], endpoint=endpoint, runs=1)
    steps = {r["step"] for r in answer["results"]}
    assert {f"query:{name}" for name in bcpgraph.queries()} <= steps
    reasons = {s["step"]: s["reason"] for s in answer["skipped"]}
    assert "load" in reasons and "validate" in reasons
    assert answer["profiles"] == 1


def test_data_that_is_not_there_is_named(cli, tmp_path):
    done = cli("bench", "--data", str(tmp_path / "missing.ttl"), "--backends", "baseline-rdflib")
    assert done.returncode == 2
    assert "--data" in done.stderr and "missing.ttl" in done.stderr
