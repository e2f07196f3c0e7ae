"""`bcpgraph validate` and `bcpgraph.validate()`: reports, exit codes, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
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


# ------------------------------------------------------------------ validation that cannot be fooled

PROFILE_PRESENT = URIRef("https://w3id.org/bcpgraph/def/shapes/ProfilePresentCheck")
DEFINED_TERM = URIRef("https://w3id.org/bcpgraph/def/shapes/DefinedTermCheck")
MINIMAL_TEXT = MINIMAL.read_text(encoding="utf-8")


@pytest.mark.parametrize("content", [
    "",
    "# only a comment\n",
    "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n",
])
def test_a_file_without_a_profile_does_not_conform(tmp_path, content):
    path = tmp_path / "not-a-profile.ttl"
    path.write_text(content, encoding="utf-8")
    report = bcpgraph.validate(path, lang="en")
    assert not report.conforms
    [problem] = report.violations
    assert problem.source_shape == PROFILE_PRESENT
    assert problem.message.startswith(f"no profile found in {path}")


def test_the_file_without_a_profile_is_named_beside_one_with(tmp_path):
    empty = tmp_path / "empty.ttl"
    empty.write_text("", encoding="utf-8")
    report = bcpgraph.validate([MINIMAL, empty], lang="en")
    assert [r.message for r in report.violations] == [f"no profile found in {empty} (no bcp:Profile)"]


def test_a_graph_without_a_profile_does_not_conform():
    report = bcpgraph.validate(Graph(), lang="nl")
    assert not report.conforms
    assert [r.message for r in report.violations] == ["geen profiel gevonden in de gegevens (geen bcp:Profile)"]


def test_cli_says_no_profile_found_in_the_file_and_exits_1(cli, tmp_path):
    empty = tmp_path / "empty.ttl"
    empty.write_text("", encoding="utf-8")
    done = cli("validate", str(empty), "--lang", "en")
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"no profile found in {empty}" in done.stdout
    assert "Traceback" not in done.stderr


def test_a_misspelt_class_is_named_with_the_closest_term(tmp_path):
    path = tmp_path / "profiel.ttl"
    path.write_text(MINIMAL_TEXT.replace("a bcp:Profile", "a bcp:Profile , bcp:Profiel"), encoding="utf-8")
    assert MINIMAL_TEXT != path.read_text(encoding="utf-8")
    report = bcpgraph.validate(path, lang="en")
    assert not report.conforms
    [problem] = report.violations
    assert problem.source_shape == DEFINED_TERM
    assert problem.value == URIRef("https://w3id.org/bcpgraph/def/Profiel")
    assert "bcp:Profiel" in problem.message and "did you mean bcp:Profile?" in problem.message
    assert problem.path == "rdf:type"


def test_a_profile_typed_only_with_the_misspelt_class_has_no_profile(tmp_path):
    path = tmp_path / "profiel.ttl"
    path.write_text(MINIMAL_TEXT.replace("a bcp:Profile", "a bcp:Profiel"), encoding="utf-8")
    report = bcpgraph.validate(path, lang="en")
    found = {r.source_shape for r in report.violations}
    assert {PROFILE_PRESENT, DEFINED_TERM} <= found


def test_a_misspelt_property_is_named_with_the_closest_term():
    data = Graph().parse(MINIMAL)
    wp = next(data.subjects(BCP.competency, None))
    for competency in list(data.objects(wp, BCP.competency)):
        data.add((wp, BCP.competencey, competency))
    report = bcpgraph.validate(data, lang="nl")
    [problem] = [r for r in report.violations if r.source_shape == DEFINED_TERM]
    assert problem.focus == wp and problem.path == "bcp:competencey"
    assert "bcp:competencey" in problem.message and "bedoelt u bcp:competency?" in problem.message


def test_a_competency_that_is_not_one_of_the_25_is_a_violation():
    data = Graph().parse(MINIMAL)
    wp = next(data.subjects(BCP.competency, None))
    made_up = URIRef("https://w3id.org/bcpgraph/id/competentie/analyseeren")
    data.add((wp, BCP.competency, made_up))
    report = bcpgraph.validate(data, lang="en")
    assert not report.conforms
    assert any(r.focus == wp or r.value == made_up for r in report.violations)


@pytest.mark.parametrize("variant", ["bom", "crlf", "bom+crlf"])
def test_byte_order_mark_and_crlf_validate_like_the_same_file_without(tmp_path, variant):
    text = MINIMAL_TEXT.replace("\n", "\r\n") if "crlf" in variant else MINIMAL_TEXT
    raw = text.encode("utf-8")
    if "bom" in variant:
        raw = b"\xef\xbb\xbf" + raw
    path = tmp_path / "profile.ttl"
    path.write_bytes(raw)
    report = bcpgraph.validate(path)
    assert report.conforms and not report.results
    assert isomorphic(bcpgraph.load(path), bcpgraph.load(MINIMAL))


def test_byte_order_mark_in_a_broken_file_still_gives_the_line(tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL_TEXT.replace("a bcp:Profile ;", "a bcp:Profile ;;;; ]", 1)
                     .encode("utf-8"))
    line = next(n for n, text in enumerate(MINIMAL_TEXT.splitlines(), start=1) if "a bcp:Profile ;" in text)
    with pytest.raises(bcpgraph.InputError, match=rf"broken\.ttl:{line}:"):
        bcpgraph.validate(path)


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")   # rdflib's TriG parser
@pytest.mark.parametrize("suffix", [".ttl", ".trig", ".nt"])
def test_an_iri_with_a_space_is_a_syntax_error_with_its_line(tmp_path, suffix):
    path = tmp_path / f"space{suffix}"
    path.write_text('<http://example.org/a> <http://example.org/b> "x" .\n'
                    '<http://example.org/a b> <http://example.org/b> "y" .\n', encoding="utf-8")
    with pytest.raises(bcpgraph.InputError, match=rf"space\{suffix}:2:"):
        bcpgraph.load(path)


def test_a_relative_iri_with_a_space_in_a_profile_is_refused_with_its_line(cli, tmp_path):
    path = tmp_path / "profile.ttl"
    text = MINIMAL_TEXT.replace("<kerntaak/1>", "<kerntaak/een 1>", 1)
    line = next(n for n, t in enumerate(text.splitlines(), start=1) if "<kerntaak/een 1>" in t)
    path.write_text(text, encoding="utf-8")
    done = cli("validate", str(path))
    assert done.returncode == 2
    assert f"{path}:{line}: syntax error" in done.stderr and "space" in done.stderr
    assert "Traceback" not in done.stderr


def test_validate_with_the_shipped_profile_beside_a_file(tmp_path):
    other = tmp_path / "other.ttl"
    other.write_text(MINIMAL_TEXT.replace("contactcenter-medewerker-2010", "voorbeeld-2030"), encoding="utf-8")
    report = bcpgraph.validate(other, shipped=True)
    assert report.conforms and not report.results, [r.message for r in report.results]
    # The shipped profile does not stand in for a file without one: each file is checked.
    empty = tmp_path / "empty.ttl"
    empty.write_text("", encoding="utf-8")
    assert [r.source_shape for r in bcpgraph.validate(empty, shipped=True).results] == [PROFILE_PRESENT]


def test_the_ontology_namespace_itself_is_no_unknown_term(tmp_path):
    """void:vocabulary bcp: names the vocabulary, not a term it lacks."""
    path = tmp_path / "p.ttl"
    dataset = "<https://w3id.org/bcpgraph/dataset/x> <http://rdfs.org/ns/void#vocabulary> bcp: ."
    path.write_text(f"{MINIMAL_TEXT}\n{dataset}\n", encoding="utf-8")
    assert DEFINED_TERM not in {r.source_shape for r in bcpgraph.validate(path, lang="en").results}
