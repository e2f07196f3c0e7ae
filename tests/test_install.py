"""The package as users get it: the wheel carries the shipped files, load() works anywhere; CI runs
anywhere the seed text is beside the clone."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import bcpgraph

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    return next(out.glob("bcpgraph-*.whl"))


def test_wheel_contains_ontology_vocabularies_data_and_queries(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"bcpgraph/_shipped/ontology/{p.name}" for p in (ROOT / "ontology").glob("*.ttl")}
    expected |= {f"bcpgraph/_shipped/vocabularies/{p.name}" for p in (ROOT / "vocabularies").glob("*.ttl")}
    expected |= {"bcpgraph/_shipped/data/contactcenter.ttl"}
    expected |= {f"bcpgraph/_shipped/queries/{p.name}" for p in (ROOT / "queries").glob("*.rq")}
    assert expected <= names
    assert any(n.endswith("entry_points.txt") for n in names)


def test_installed_wheel_loads_from_any_directory(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = ("import bcpgraph, sys; g = bcpgraph.load(); "
            "print(bcpgraph.__file__); print(len(g)); print(len(bcpgraph.queries()))")
    done = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(site)}, timeout=300)
    assert done.returncode == 0, done.stderr
    where, triples, n_queries = done.stdout.split()
    assert where.startswith(str(site))
    assert int(triples) == len(bcpgraph.load())   # ontology, vocabularies and profile, as in the checkout
    assert int(n_queries) == len(list((ROOT / "queries").glob("*.rq")))


def test_ci_refuses_to_run_without_the_seed_text(tmp_path):
    done = subprocess.run(["bash", str(ROOT / ".ci" / "run")], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path, env={**os.environ, "BCPGRAPH_SEED": str(tmp_path / "missing.txt")})
    assert done.returncode == 1
    assert "seed text" in done.stderr and str(tmp_path / "missing.txt") in done.stderr
    assert not (ROOT / ".ci" / ".venv").exists()


def test_ci_names_no_machine_folder():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "/work" not in script
    assert "shared/seed/" in script and "BCPGRAPH_SEED" in script
