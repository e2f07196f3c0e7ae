"""The command line as a user meets it: help, exit codes, suggestions, formats that follow the file
name, files never clobbered, work that always ends, no traceback, a terminal that stays clean."""

from __future__ import annotations

import io
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from bcpgraph.cli import COMMANDS, main
from bcpgraph.namespaces import BCP, PREFIXES
from conftest import PUSHED_PROFILES, ROOT, run_cli

CONSTRUCT = "CONSTRUCT { ?wp skos:prefLabel ?label } WHERE { ?wp a bcp:WorkProcess ; skos:prefLabel ?label }"
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


# ------------------------------------------------------------------ usage


def test_help_lists_every_command(cli):
    done = cli("--help")
    assert done.returncode == 0
    for name in COMMANDS:
        assert name in done.stdout


def test_no_command_prints_usage_and_exits_2(cli):
    done = cli()
    assert done.returncode == 2 and "usage" in done.stdout.lower()


def test_misspelt_command_gets_a_suggestion(cli):
    done = cli("sharedcompetencies")
    assert done.returncode == 2
    assert "did you mean 'shared-competencies'" in done.stderr


def test_misspelt_query_name_gets_a_suggestion(cli):
    done = cli("query", "job-title")
    assert done.returncode == 2
    assert "did you mean 'job-titles'" in done.stderr and "Traceback" not in done.stderr


def test_bad_option_value_exits_2(cli):
    done = cli("query", "job-titles", "--format", "yaml")
    assert done.returncode == 2 and "invalid choice" in done.stderr


def test_bad_param_syntax_exits_2(cli):
    done = cli("query", "job-titles", "--param", "lang")
    assert done.returncode == 2 and "NAME=VALUE" in done.stderr


def test_console_script_is_installed():
    script = shutil.which("bcpgraph") or str(Path(sys.executable).with_name("bcpgraph"))
    done = subprocess.run([script, "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("bcpgraph ")


def test_python_dash_m_runs_the_cli():
    done = run_cli("queries", "--format", "json")
    assert done.returncode == 0
    assert {q["name"] for q in json.loads(done.stdout)} == {p.stem for p in (ROOT / "queries").glob("*.rq")}


# ------------------------------------------------------------------ -o: never destroys


def test_output_file_is_not_overwritten_without_force(cli, tmp_path):
    target = tmp_path / "titles.csv"
    target.write_text("precious", encoding="utf-8")
    done = cli("query", "job-titles", "-o", str(target))
    assert done.returncode == 2 and "--force" in done.stderr
    assert target.read_text(encoding="utf-8") == "precious"
    done = cli("query", "job-titles", "-o", str(target), "--force")
    assert done.returncode == 0
    assert target.read_text(encoding="utf-8").splitlines()[0] == "position,jobTitle,label,profile"
    assert [p.name for p in tmp_path.iterdir()] == ["titles.csv"]  # no temporary file left behind


def test_failed_command_leaves_no_partial_output(cli, tmp_path):
    target = tmp_path / "out.csv"
    done = cli("query", "werkprocessen-for-competency", "--param", "competency=Toveren", "-o", str(target))
    assert done.returncode == 2
    assert os.listdir(tmp_path) == []


def test_dangling_symlink_is_not_replaced_without_force(cli, tmp_path):
    link = tmp_path / "out.csv"
    link.symlink_to(tmp_path / "elsewhere.csv")
    done = cli("query", "job-titles", "-o", str(link))
    assert done.returncode == 2 and "--force" in done.stderr
    assert link.is_symlink() and not (tmp_path / "elsewhere.csv").exists()


def test_symlink_is_followed_with_force(cli, tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "out.csv"
    link.symlink_to(real)
    done = cli("query", "job-titles", "-o", str(link), "--force")
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and real.read_text().startswith("position,jobTitle,label")


def test_dev_null_is_refused_even_with_force(cli):
    done = cli("queries", "-o", "/dev/null", "--format", "text", "--force")
    assert done.returncode == 2 and "character device" in done.stderr
    assert not Path("/dev/null").is_file()


def test_a_directory_and_a_fifo_are_refused(cli, tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    for target in (tmp_path, tmp_path / "pipe.txt"):
        done = cli("queries", "-o", str(target), "--format", "text", "--force")
        assert done.returncode == 2 and "only regular files" in done.stderr


def test_a_missing_folder_is_a_clear_error(cli, tmp_path):
    done = cli("queries", "-o", str(tmp_path / "nope" / "q.txt"))
    assert done.returncode == 2 and "does not exist" in done.stderr


def test_sigterm_ends_the_cli_with_143_and_a_message():
    for wait in (2, 5, 15):  # bounded: Python must have started the CLI before SIGTERM means 143
        child = subprocess.Popen([sys.executable, "-m", "bcpgraph", "sparql", CROSS_JOIN, "--timeout", "0"],
                                 cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(wait)  # loading or joining by now: either must end on SIGTERM
        child.send_signal(signal.SIGTERM)
        out, err = child.communicate(timeout=60)
        if child.returncode != -signal.SIGTERM:  # not killed while Python was still importing
            break
    assert child.returncode == 143
    assert "terminated" in err and "Traceback" not in err


def test_binary_output_goes_to_a_pipe_unchanged(tmp_path):
    done = subprocess.run([sys.executable, "-m", "bcpgraph", "matrix", "--format", "png"],
                          cwd=ROOT, capture_output=True, timeout=300)
    assert done.returncode == 0
    assert done.stdout.startswith(b"\x89PNG\r\n\x1a\n")


# ------------------------------------------------------------------ formats follow the file name


def test_matrix_png_by_file_name(cli, tmp_path):
    done = cli("matrix", "-o", str(tmp_path / "m.png"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "m.png").read_bytes().startswith(b"\x89PNG")


def test_matrix_format_and_file_name_must_agree(cli, tmp_path):
    done = cli("matrix", "-o", str(tmp_path / "m.png"), "--format", "md")
    assert done.returncode == 2
    assert "png" in done.stderr and "md" in done.stderr
    assert os.listdir(tmp_path) == []


def test_unknown_ending_needs_a_format(cli, tmp_path):
    done = cli("matrix", "-o", str(tmp_path / "m.dat"))
    assert done.returncode == 2 and "--format" in done.stderr
    done = cli("matrix", "-o", str(tmp_path / "m.dat"), "--format", "csv")
    assert done.returncode == 0
    assert (tmp_path / "m.dat").read_text().count("\n") > 7


def test_query_json_by_file_name(cli, tmp_path):
    done = cli("query", "job-titles", "-o", str(tmp_path / "out.json"))
    assert done.returncode == 0, done.stderr
    doc = json.loads((tmp_path / "out.json").read_text())
    assert doc["head"]["vars"] == ["position", "jobTitle", "label", "profile"] and len(doc["results"]["bindings"]) == 7


def test_query_format_mismatch_names_both(cli, tmp_path):
    done = cli("query", "job-titles", "-o", str(tmp_path / "out.json"), "--format", "csv")
    assert done.returncode == 2 and "json" in done.stderr and "csv" in done.stderr


def test_sparql_select_by_file_name(cli, tmp_path):
    done = cli("sparql", "SELECT ?wp WHERE { ?wp a bcp:WorkProcess }", "-o", str(tmp_path / "wp.tsv"))
    assert done.returncode == 0, done.stderr
    lines = (tmp_path / "wp.tsv").read_text().splitlines()
    assert lines[0] == "?wp" and len(lines) == 8


@pytest.mark.parametrize(("ending", "rdflib_format"), [
    ("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("rdf", "xml"), ("json", "json-ld"), ("xml", "xml"),
])
def test_construct_in_each_graph_format_parses_back(cli, tmp_path, graph, ending, rdflib_format):
    expected = graph.query(CONSTRUCT, initNs=PREFIXES).graph
    target = tmp_path / f"g.{ending}"
    done = cli("sparql", CONSTRUCT, "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert isomorphic(Graph().parse(target, format=rdflib_format), expected)


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld", "rdfxml"])
def test_construct_to_stdout_in_each_graph_format(cli, graph, fmt):
    expected = graph.query(CONSTRUCT, initNs=PREFIXES).graph
    done = cli("sparql", CONSTRUCT, "--format", fmt)
    assert done.returncode == 0, done.stderr
    parsed = Graph().parse(data=done.stdout, format={"ntriples": "nt", "jsonld": "json-ld",
                                                     "rdfxml": "xml"}.get(fmt, fmt))
    assert isomorphic(parsed, expected)


def test_graph_and_table_formats_are_not_mixed(cli, tmp_path):
    done = cli("sparql", CONSTRUCT, "--format", "csv")
    assert done.returncode == 2 and "graph" in done.stderr and "turtle" in done.stderr
    done = cli("sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--format", "turtle")
    assert done.returncode == 2 and "SELECT" in done.stderr
    done = cli("sparql", CONSTRUCT, "-o", str(tmp_path / "g.csv"))
    assert done.returncode == 2 and os.listdir(tmp_path) == []


# ------------------------------------------------------------------ rough edges


def test_query_lang_is_the_lang_parameter(cli):
    by_option = cli("query", "job-titles", "--lang", "en", "--format", "csv")
    by_param = cli("query", "job-titles", "-p", "lang=en", "--format", "csv")
    assert by_option.returncode == 0 and by_option.stdout == by_param.stdout
    assert by_option.stdout != cli("query", "job-titles", "--format", "csv").stdout
    clash = cli("query", "job-titles", "--lang", "en", "-p", "lang=nl")
    assert clash.returncode == 2 and "--lang" in clash.stderr


@pytest.fixture(scope="module")
def overviews():
    """The overview in each language (in English to a role the profile does not have) and as JSON,
    run once for the tests that read it: each validates the profile, which takes seconds."""
    from conftest import run_in_process

    return {key: run_in_process("overview", *args) for key, args in
            {"nl": ("--lang", "nl"), "en": ("--lang", "en", "--to", "astronaut"),
             "json": ("--format", "json")}.items()}


def test_overview_is_the_main_job(overviews, graph):
    done = overviews["nl"]
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Contactcenter medewerker" in out
    assert "Validatie: voldoet" in out
    assert "Instructies en procedures opvolgen" in out      # recurs in all 7 werkprocessen
    # The default career target is the role of the profile's first vertical career step; the source
    # lists them as "senior agent, teamleider, coach, trainer".
    assert "Contactcenter medewerker → senior agent" in out
    scheme = len(set(graph.subjects(RDF.type, BCP.Competency)))
    assert f"van de {scheme} competenties" in out


def test_overview_headings_follow_the_language(overviews):
    nl, en = overviews["nl"].stdout, overviews["en"].stdout
    for english in ("occupation:", "adopted:", "job titles:", "contents:", "Validation:", "Career paths",
                    "Which competencies", "violations"):
        assert english not in nl and english in en
    for dutch in ("beroep:", "vastgesteld:", "functiebenamingen:", "inhoud:", "Loopbaanpaden", "kortste",
                  "competentie ", "aantal"):
        assert dutch in nl


def test_overview_json(overviews):
    doc = json.loads(overviews["json"].stdout)
    assert doc["validation"]["conforms"] is True
    assert doc["profiles"][0]["werkprocessen"] == 7
    [paths] = doc["career_paths"]
    assert paths["profile"] == doc["profiles"][0]["profile"] == "https://w3id.org/bcpgraph/id/bcp/contactcenter-medewerker-2010"
    assert paths["paths"] and paths["truncated"] is False


def test_overview_with_an_unknown_target_still_answers(overviews):
    done = overviews["en"]
    assert done.returncode == 0, done.stderr
    assert "Validation: conforms" in done.stdout
    assert "Career paths to astronaut: cannot tell (no node called 'astronaut')" in done.stdout


def test_career_paths_json_keeps_the_shortest_mark(cli):
    doc = json.loads(cli("career-paths", "--to", "regiomanager", "--interpretations", "--format", "json").stdout)
    assert set(doc) == {"from", "to", "shortest", "paths", "truncated", "profile"}
    lengths = [len(p) for p in doc["paths"]]
    assert len(doc["shortest"]) == min(lengths) and len(lengths) == 2 and doc["truncated"] is False


def test_career_paths_says_when_the_list_was_cut(cli):
    done = cli("career-paths", "--to", "regiomanager", "--interpretations", "--max-paths", "1", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("→") == 2 and "list cut" in done.stdout and "--max-paths" in done.stdout
    doc = json.loads(cli("career-paths", "--to", "regiomanager", "--interpretations", "--max-paths", "1",
                         "--format", "json").stdout)
    assert doc["truncated"] is True and len(doc["paths"]) == 1
    assert cli("career-paths", "--to", "regiomanager", "--max-paths", "0").returncode == 2


def test_sparql_file_that_is_not_utf8_names_the_file(cli, tmp_path):
    query = tmp_path / "latin1.rq"
    query.write_bytes('SELECT * WHERE { ?s skos:prefLabel "Beïnvloeden" }'.encode("latin-1"))
    done = cli("sparql", "-f", str(query))
    assert done.returncode == 2
    assert str(query) in done.stderr and "UTF-8" in done.stderr and "Traceback" not in done.stderr


# ------------------------------------------------------------------ everything ends, no traceback


def test_timeout_ends_a_runaway_query(cli):
    started = time.monotonic()
    done = cli("sparql", CROSS_JOIN, "--timeout", "0.5")
    assert done.returncode == 2
    assert "--timeout" in done.stderr and "Traceback" not in done.stderr
    assert time.monotonic() - started < 30


@pytest.mark.parametrize("value", ["-1", "nan", "inf", "soon"])
def test_timeout_must_be_seconds(cli, value):
    done = cli("query", "job-titles", "--timeout", value)
    assert done.returncode == 2 and "--timeout" in done.stderr


def test_an_unexpected_error_is_one_line(cli, monkeypatch):
    def broken(args):
        raise RuntimeError("something nobody expected")

    monkeypatch.setitem(COMMANDS, "centrality", broken)
    monkeypatch.delenv("BCPGRAPH_DEBUG", raising=False)
    done = cli("centrality")
    assert done.returncode == 2
    assert done.stderr == ("bcpgraph centrality: internal error: RuntimeError: something nobody expected "
                           "(please report this)\n")
    monkeypatch.setenv("BCPGRAPH_DEBUG", "1")
    assert "Traceback" in cli("centrality").stderr


def _on_a_terminal(argv: list[str]) -> tuple[int, bytes]:
    """Run the CLI in process with standard output and error on a pseudo-terminal; what it showed."""
    controller, terminal = os.openpty()
    old = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = io.TextIOWrapper(os.fdopen(terminal, "wb", closefd=False), encoding="utf-8",
                                               write_through=True)
    try:
        code = main(argv)
    finally:
        sys.stdout.flush()
        sys.stdout, sys.stderr = old
        os.close(terminal)
    shown = b""
    while select.select([controller], [], [], 0.5)[0]:
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    return code, shown


def test_control_sequences_from_data_never_reach_the_terminal():
    code, shown = _on_a_terminal(["sparql", 'SELECT ?x WHERE { BIND("\\u001B]0;owned\\u0007\\u001B[2J" AS ?x) }'])
    assert code == 0 and b"owned" in shown
    assert b"\x1b" not in shown and b"\x07" not in shown
    code, shown = _on_a_terminal(["query", "\x1b[31mjob-titles"])
    assert code == 2 and b"job-titles" in shown and b"\x1b" not in shown


def test_without_a_terminal_data_passes_unchanged(cli):
    done = cli("sparql", 'SELECT ?x WHERE { BIND("\\u001B[2J" AS ?x) }', "--format", "csv")
    assert done.returncode == 0 and "\x1b[2J" in done.stdout


def test_sparql_file_must_be_a_regular_file(cli, tmp_path):
    os.mkfifo(tmp_path / "q.rq")
    for name in (tmp_path / "q.rq", "/dev/zero", tmp_path):
        done = cli("sparql", "-f", str(name))
        assert done.returncode == 2 and str(name) in done.stderr


def test_a_parameter_named_like_a_keyword_is_an_unknown_parameter(cli):
    """`query search --param graph=x` once ended in a TypeError (graph= given twice)."""
    for name in ("graph", "endpoint", "timeout", "params"):
        done = cli("query", "search", "--param", f"{name}=x")
        assert done.returncode == 2
        assert f"no parameter {name!r}" in done.stderr and "internal error" not in done.stderr


def test_export_writes_one_named_graph_per_profile(cli, tmp_path):
    """`export -o all.trig` writes the shipped profile in its own named graph, read back equal."""
    from rdflib import Dataset, Graph, URIRef
    from rdflib.compare import isomorphic

    root = Path(__file__).resolve().parent.parent
    target = tmp_path / "all.trig"
    done = cli("export", "-o", str(target))
    assert done.returncode == 0, done.stderr
    back = Dataset()
    back.parse(target, format="trig")
    profile = URIRef("https://w3id.org/bcpgraph/id/bcp/contactcenter-medewerker-2010")
    expected = Graph().parse(root / "data" / "contactcenter.ttl", format="turtle")
    assert isomorphic(back.graph(profile), expected)
    again = cli("export", "-o", str(target))
    assert again.returncode == 2 and "--force" in again.stderr


def test_export_as_one_graph_by_file_name(cli, tmp_path):
    import bcpgraph
    from rdflib import Graph

    target = tmp_path / "all.nt"
    done = cli("export", "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert len(Graph().parse(target, format="nt")) == len(bcpgraph.load())


def test_validate_takes_data_like_every_command(cli):
    root = Path(__file__).resolve().parent.parent
    fixture = str(root / "tests" / "shapes" / "valid" / "minimal-profile.ttl")
    by_data = cli("validate", "--data", fixture, "--lang", "en")
    by_name = cli("validate", fixture, "--lang", "en")
    assert by_data.returncode == by_name.returncode == 0
    assert by_data.stdout == by_name.stdout and "conforms" in by_data.stdout


# ------------------------------------------------------------------ every reading command on an endpoint


#: The local data the session Oxigraph server holds (tests/conftest.py pushes the same files).
SERVED = ("--data", *map(str, PUSHED_PROFILES), "--with-shipped")


@pytest.mark.parametrize("command", [
    ("matrix",), ("matrix", "--format", "html"), ("similarity",), ("similarity", "--profiles", "--format", "csv"),
    ("centrality", "--format", "json"), ("career-paths", "--from", "contactcenter-medewerker", "--to", "teamleider"),
    ("compare", "contactcenter-medewerker-2010", "contactcenter-medewerker-2010"),
])
def test_analyses_on_an_endpoint_answer_as_on_the_same_local_data(cli, endpoint, command):
    here = cli(*command, *SERVED)
    there = cli(*command, "--endpoint", endpoint)
    assert here.returncode == 0, here.stderr
    assert there.returncode == 0, there.stderr
    assert there.stdout == here.stdout


def test_the_endpoint_can_come_from_the_environment(cli, endpoint, monkeypatch, tmp_path):
    here = cli("network", "careers", "-o", str(tmp_path / "here.graphml"), *SERVED)
    monkeypatch.setenv("BCPGRAPH_ENDPOINT", endpoint)
    there = cli("network", "careers", "-o", str(tmp_path / "there.graphml"))
    assert here.returncode == 0 and there.returncode == 0, there.stderr
    assert (tmp_path / "there.graphml").read_bytes() == (tmp_path / "here.graphml").read_bytes()
    shown = cli("overview", "--format", "json", "--profile", "contactcenter-medewerker-2010")
    assert shown.returncode == 0, shown.stderr
    doc = json.loads(shown.stdout)
    assert doc["validation"] is None and doc["profiles"][0]["werkprocessen"] == 7


def test_data_given_wins_over_the_endpoint_in_the_environment(cli, monkeypatch):
    monkeypatch.setenv("BCPGRAPH_ENDPOINT", "http://127.0.0.1:9/sparql")  # nothing listens there
    done = cli("matrix", "--data", str(ROOT / "data" / "contactcenter.ttl"))
    assert done.returncode == 0, done.stderr
    assert "| Werkproces |" in done.stdout


def test_endpoint_and_data_together_are_refused(cli):
    shipped = str(ROOT / "data" / "contactcenter.ttl")
    done = cli("centrality", "--endpoint", "http://127.0.0.1:9/sparql", "--data", shipped)
    assert done.returncode == 2 and "--endpoint" in done.stderr and "--data" in done.stderr


def test_validate_refuses_an_endpoint_clearly(cli):
    done = cli("validate", "--endpoint", "http://127.0.0.1:9/sparql")
    assert done.returncode == 2 and "--endpoint" in done.stderr and "Traceback" not in done.stderr


def test_export_from_an_endpoint_refuses_named_graphs_clearly(cli, tmp_path):
    done = cli("export", "--endpoint", "http://127.0.0.1:9/sparql", "-o", str(tmp_path / "all.trig"))
    assert done.returncode == 2 and "named graph" in done.stderr and not (tmp_path / "all.trig").exists()


def test_export_from_an_endpoint_is_its_whole_graph(cli, endpoint, tmp_path):
    import bcpgraph

    done = cli("export", "--endpoint", endpoint, "-o", str(tmp_path / "all.nt"))
    assert done.returncode == 0, done.stderr
    assert isomorphic(Graph().parse(tmp_path / "all.nt"), bcpgraph.load(*PUSHED_PROFILES, shipped=True))
