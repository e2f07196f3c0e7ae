"""`bcpgraph validate` and `bcpgraph.validate()`: reports, exit codes, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

import bcpgraph
from bcpgraph.namespaces import BCP

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "shapes" / "valid" / "minimal-profile.ttl"
INVALID = ROOT / "tests" / "shapes" / "invalid"


def test_shipped_profile_conforms_without_warnings(graph):
    report = bcpgraph.validate(graph)
    assert report.conforms
    assert report.results == ()


def test_validate_defaults_to_the_shipped_profile():
    assert bcpgraph.validate().conforms


def test_report_names_label_path_message_and_severity():
    data = Graph().parse(MINIMAL)
    wp = next(data.subjects(BCP.competency, None))
    data.remove((wp, BCP.competency, None))
    report = bcpgraph.validate(data, lang="en")
    assert not report.conforms
    [problem] = [r for r in report.violations if r.path == "bcp:competency"]
    assert problem.focus == wp
    english = [str(v) for v in data.objects(wp, SKOS.prefLabel) if v.language == "en"]
    assert english, "the minimal profile names its werkprocessen in English"
    assert problem.focus_label == english[0]
    assert "competenc" in problem.message.lower()
    assert problem.severity == "Violation"


def test_messages_follow_the_language():
    data = Graph().parse(MINIMAL)
    wp = next(data.subjects(BCP.competency, None))
    data.remove((wp, BCP.competency, None))
    en = bcpgraph.validate(data, lang="en").violations[0].message
    nl = bcpgraph.validate(data, lang="nl").violations[0].message
    assert en != nl and en and nl


def test_missing_english_label_is_only_a_warning():
    data = Graph().parse(MINIMAL)
    kt = next(data.subjects(BCP.workProcess, None))
    for lit in list(data.objects(kt, SKOS.prefLabel)):
        if isinstance(lit, Literal) and lit.language == "en":
            data.remove((kt, SKOS.prefLabel, lit))
    report = bcpgraph.validate(data)
    assert report.conforms
    assert [r.severity for r in report.results] == ["Warning"]


def test_cli_accepts_the_shipped_profile(cli):
    done = cli("validate")
    assert done.returncode == 0, done.stderr
    assert "voldoet (0 overtredingen, 0 waarschuwingen)" in done.stdout  # Dutch by default


def test_cli_rejects_a_broken_profile_with_exit_1(cli):
    bad = INVALID / "work-process-without-competency.ttl"
    done = cli("validate", str(bad), "--lang", "en")
    assert done.returncode == 1
    assert "VIOLATION" in done.stdout and "path:" in done.stdout and "message:" in done.stdout
    assert "does NOT conform" in done.stdout


def test_cli_json_report(cli):
    done = cli("validate", str(next(INVALID.glob("*.ttl"))), "--format", "json")
    doc = json.loads(done.stdout)
    assert doc["conforms"] is False and doc["violations"] >= 1
    assert {"severity", "focus", "focus_label", "path", "message"} <= set(doc["results"][0])


@pytest.mark.parametrize(
    "content, suffix, expected",
    [
        ('@prefix : <http://x/> .\n:a :b :c .\n:a :b "open .\n', ".ttl", ":3:"),
        ("<http://x/a> <http://x/b> .\n", ".nt", "bad.nt"),
        ('{"@context": "http://127.0.0.1:9/ctx.jsonld", "@id": "http://x/a"}', ".jsonld", "remote JSON-LD context"),
        ('{"@id": "http://x/a",\n "oops"}', ".jsonld", ":2:"),
        ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "x">]><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
         ".rdf", "DOCTYPE"),
    ],
)
def test_unusable_input_exits_2_with_file_and_line(cli, tmp_path, content, suffix, expected):
    bad = tmp_path / f"bad{suffix}"
    bad.write_text(content, encoding="utf-8")
    done = cli("validate", str(bad))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert str(bad) in done.stderr and expected in done.stderr


def test_missing_file_exits_2(cli, tmp_path):
    done = cli("validate", str(tmp_path / "nope.ttl"))
    assert done.returncode == 2
    assert "no such file" in done.stderr and "Traceback" not in done.stderr


def test_a_valid_profile_of_your_own_validates(cli):
    done = cli("validate", str(MINIMAL))
    assert done.returncode == 0, done.stdout + done.stderr


def test_load_of_user_files_uses_the_shipped_ontology():
    g = bcpgraph.load(MINIMAL)
    assert (URIRef("https://w3id.org/bcpgraph/def/WorkProcess"), None, None) in g


def test_cli_report_frame_follows_the_language(cli):
    """`--lang nl` once printed Dutch messages inside an English frame ("does NOT conform")."""
    bad = str(INVALID / "work-process-without-competency.ttl")
    nl, en = cli("validate", bad, "--lang", "nl"), cli("validate", bad, "--lang", "en")
    assert nl.returncode == en.returncode == 1
    assert "OVERTREDING" in nl.stdout and "melding:" in nl.stdout and "voldoet NIET" in nl.stdout
    assert "VIOLATION" not in nl.stdout and "does NOT conform" not in nl.stdout
    assert "VIOLATION" in en.stdout and "does NOT conform" in en.stdout and "OVERTREDING" not in en.stdout
