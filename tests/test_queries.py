"""The named SPARQL queries (``queries/*.rq``).

- Every file: a header with summary and description, parameters that are variables of the query,
  a name that says what it is about, standard SPARQL 1.1 with its own PREFIX declarations.
- Every query runs with its defaults and writes every result format (W3C JSON, XML, CSV, TSV and
  the text table).
- Answers on the shipped profile are checked against values read from the seed text by
  :mod:`seedtext` (and, for the national list of 25 competencies, from DOMAIN.md), never against
  earlier query output.
- Parameters: IRIs, prefixed names, the last segment of an IRI, Dutch and English labels in any
  case; ambiguous and unknown values, languages without labels, huge numbers, control characters,
  overlong values and unknown parameter names are refused with InputError naming the parameter;
  wrong Python types with ArgumentError.
- Values cannot change the query: quotes, braces, ``} DROP ALL {``, SERVICE, newlines, triple
  quotes and backslashes stay data; the graph is unchanged and nothing reaches the network.
- Each file runs unchanged (its parameters line holding the defaults) on plain rdflib and gives
  bcpgraph's answer; the same on a real SPARQL 1.1 server is tests/test_endpoint.py's business.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
import socket
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
import seedtext
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from seedtext import norm, role_key, variant_key

import bcpgraph
from bcpgraph import InputError
from bcpgraph.catalogue import values_lines
from bcpgraph.errors import ArgumentError
from bcpgraph.query import resolve
from bcpgraph.results import Rows
from bcpgraph.stores import store_for

ROOT = Path(__file__).resolve().parent.parent
QUERY_DIR = ROOT / "queries"
BCP = "https://w3id.org/bcpgraph/def/"
COMP = "https://w3id.org/bcpgraph/id/competentie/"
PROFILE = URIRef("https://w3id.org/bcpgraph/id/bcp/contactcenter-medewerker-2010")
FORMATS = ("table", "csv", "tsv", "json", "xml")
SPARQL_RESULTS = "{http://www.w3.org/2005/sparql-results#}"

#: The queries the project promises; more may exist.
REQUIRED = {
    "shared-competencies", "competencies-by-kerntaak", "werkprocessen-for-competency",
    "werkproces", "shared-knowledge-and-skills", "competency-matrix", "unused-competencies",
    "career-transitions", "job-titles", "legislation", "trends", "provenance", "search",
}
#: A sensible value for every parameter name any query declares (a new parameter needs one).
SAMPLE = {
    "competency": "Analyseren", "werkproces": "1.3", "kerntaak": "1",
    "profile": "BCP Contactcenter medewerker 2010", "from": "(junior) Accountmanager",
    "to": "Regiomanager", "direction": "bcp:outside", "category": "bcp:labourMarket",
    "kind": "skill", "min": "2", "interpretations": "true", "lang": "en", "text": "klacht",
}

NAMES = sorted(p.stem for p in QUERY_DIR.glob("*.rq"))

needs_seed = pytest.mark.skipif(seedtext.seed_path() is None,
                                reason="seed text not found (set BCPGRAPH_SEED)")
SEED = seedtext.read() if seedtext.seed_path() is not None else None


# ------------------------------------------------------------------ helpers


def run(graph: Graph, name: str, **params: str) -> Rows:
    return bcpgraph.query(name, graph=graph, **params)


def required_params(name: str) -> dict[str, str]:
    """The sample values of the parameters ``name`` requires."""
    return {p.name: SAMPLE[p.name] for p in bcpgraph.queries()[name].params if p.required}


def body(text: str) -> str:
    """Query text without string literals, IRIs and comments (to look at variables and calls)."""
    text = re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', text)
    text = re.sub(r"<[^\s<>\"{}|^`\\]*>", "<>", text)
    return "\n".join(line.split("#")[0] for line in text.splitlines())


def wp_key(notation: str) -> tuple[int, ...]:
    return tuple(int(part) for part in str(notation).split("."))


def texts(rows, var: str) -> list[str]:
    return [norm(row[var]) for row in rows if row.get(var) is not None]


def graph_state(graph: Graph) -> set:
    return set(graph)


def domain_competencies() -> dict[int, str]:
    """The national 25 competencies {number: name} as DOMAIN.md lists them (not from the graph)."""
    candidates = []
    if seedtext.seed_path() is not None:
        candidates.append(seedtext.seed_path().parent.parent / "DOMAIN.md")
    candidates += [ROOT.parent / "shared" / "DOMAIN.md", Path("/work/shared/DOMAIN.md")]
    for path in candidates:
        if path.is_file():
            text = " ".join(path.read_text(encoding="utf-8").split())
            part = text.split("(position = notation):", 1)[1].split("This is the shared", 1)[0]
            found = {}
            for item in part.split("·"):
                match = re.fullmatch(r"(\d+) (.+?)\.?", item.strip())
                found[int(match.group(1))] = norm(match.group(2))
            assert sorted(found) == list(range(1, 26)), found
            return found
    pytest.skip("DOMAIN.md (the national list of 25 competencies) not found")


def national(name: str, names: list[str]) -> str:
    """The national name a seed spelling stands for.

    "Met druk en tegenslagen omgaan" (seed) -> "Met druk en tegenslag omgaan" (national).
    """
    if norm(name) in names:
        return norm(name)
    close = difflib.get_close_matches(norm(name), names, n=2, cutoff=0.85)
    assert len(close) == 1, f"seed competency {name!r} matches {close} in the national list"
    return close[0]


def seed_competency_counts() -> Counter:
    names = list(domain_competencies().values())
    return Counter(national(c, names) for wp in SEED.work_processes for c in set(wp.competencies))


# ------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def answers(graph):
    """Each named query run once with its defaults (and sample values for required parameters)."""
    return {name: run(graph, name, **required_params(name)) for name in NAMES}


@pytest.fixture(scope="module")
def klacht(graph):
    """search for "klacht", run once for the tests that look at it."""
    return run(graph, "search", text="klacht")


@pytest.fixture
def no_network(monkeypatch):
    """Refuse (and record) every attempt to open a network connection."""
    attempts: list[tuple] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access is disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


# ------------------------------------------------------------------ the files


def test_the_promised_queries_exist():
    assert REQUIRED <= set(NAMES), f"missing: {sorted(REQUIRED - set(NAMES))}"
    assert set(bcpgraph.queries()) == set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_header_has_summary_description_and_well_formed_params(name):
    query = bcpgraph.queries()[name]
    assert len(query.summary) > 10, f"{name}.rq: no '#+ summary:'"
    assert len(query.description) > len(query.summary) / 2, f"{name}.rq: no '#+ description:'"
    kinds = {"resource", "string", "integer", "boolean", "language"}
    for p in query.params:
        assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", p.name), f"{p.name!r} is not a variable name"
        assert p.kind in kinds, f"{name}.rq: {p.name} has unknown kind {p.kind!r}"
        assert (p.cls is not None) == (p.kind == "resource"), f"{name}.rq: {p.name} class"
        assert p.description, f"{name}.rq: {p.name} has no description"
    names = [p.name for p in query.params]
    assert len(names) == len(set(names)), f"{name}.rq declares a parameter twice"


@pytest.mark.parametrize("name", NAMES)
def test_header_points_to_the_parameters_line(name):
    """Someone opening the file in another tool learns which line to edit."""
    text = bcpgraph.queries()[name].text
    header = [line for line in text.splitlines() if line.startswith("#+ values:")]
    assert len(header) == 1 and '"# parameters"' in header[0]
    assert all(text.splitlines()[at].rstrip().endswith("# parameters") for at in values_lines(text))


@pytest.mark.parametrize("name", NAMES)
def test_every_query_has_the_lang_parameter(name):
    lang = bcpgraph.queries()[name].param("lang")
    assert (lang.kind, lang.default) == ("language", "nl")


@pytest.mark.parametrize("name", [n for n in NAMES if n.startswith("career-")])
def test_career_queries_leave_out_interpretations_by_default(name):
    p = bcpgraph.queries()[name].param("interpretations")
    assert (p.kind, p.default) == ("boolean", "false")


@pytest.mark.parametrize("name", NAMES)
def test_declared_params_are_variables_of_the_query(name):
    query = bcpgraph.queries()[name]
    lines = query.text.splitlines()
    for at in reversed(values_lines(query.text)):
        del lines[at]
    used = set(re.findall(r"[?$]([A-Za-z_][A-Za-z0-9_]*)", body("\n".join(lines))))
    for p in query.params:
        assert p.name in used, f"{name}.rq declares {p.name!r} but never uses ?{p.name}"


@pytest.mark.parametrize("name", NAMES)
def test_file_name_says_what_the_query_is_about(name):
    """The words of the file name open the summary, in order ("werkprocessen-for-competency" ->
    "Werkprocessen for a competency: ...")."""
    query = bcpgraph.queries()[name]
    head = query.summary.split(":")[0].lower()
    position = 0
    for word in name.split("-"):
        found = head.find(word, position)
        assert found >= 0, f"{name}.rq: summary {query.summary!r} does not name {word!r}"
        position = found + len(word)


@pytest.mark.parametrize("name", NAMES)
def test_query_parses_on_its_own_prefixes(name):
    """Parsed and translated without bcpgraph's prefixes: every file declares what it uses."""
    text = bcpgraph.queries()[name].text
    algebra = translateQuery(parseQuery(text))
    assert algebra.algebra.name == "SelectQuery"


@pytest.mark.parametrize("name", NAMES)
def test_query_uses_only_standard_sparql_functions(name):
    """No engine-specific extension functions: the only prefixed calls are XSD casts."""
    text = body(bcpgraph.queries()[name].text)
    calls = re.findall(r"(?<![?$\w])([A-Za-z][\w-]*):([\w-]*)\s*\(", text)
    assert all(prefix == "xsd" for prefix, _ in calls), f"{name}.rq calls {calls}"
    assert not re.search(r"(?<![?$\w])(SERVICE|FROM)\b", text, re.I)


# ------------------------------------------------------------------ running, every format


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", NAMES)
def test_runs_with_defaults_in_every_format(answers, name, fmt):
    rows = answers[name]
    assert len(rows) > 0, f"{name} has no answer on the shipped profile"
    text = rows.serialize(fmt)
    if fmt == "json":
        doc = json.loads(text)
        assert doc["head"]["vars"] == list(rows.vars)
        assert len(doc["results"]["bindings"]) == len(rows)
        for binding in doc["results"]["bindings"]:
            assert set(binding) <= set(rows.vars)
            for value in binding.values():
                assert value["type"] in ("uri", "literal", "bnode") and "value" in value
                assert not ("xml:lang" in value and "datatype" in value)
        # The text is the one json.dumps writes for the W3C structure, built here from the terms.
        def term(node):
            kind = "uri" if isinstance(node, URIRef) else "bnode" if isinstance(node, BNode) else "literal"
            out = {"type": kind, "value": str(node)}
            if kind == "literal" and node.language:
                out["xml:lang"] = node.language
            elif kind == "literal" and node.datatype:
                out["datatype"] = str(node.datatype)
            return out
        expected = {"head": {"vars": list(rows.vars)},
                    "results": {"bindings": [{k: term(v) for k, v in row.items() if v is not None} for row in rows]}}
        assert text == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"
        compact = json.dumps(expected, ensure_ascii=False, separators=(",", ":")) + "\n"
        assert rows.serialize(fmt, compact=True) == compact  # what bcpgraph serve sends
    elif fmt == "xml":
        root = ET.fromstring(text.encode("utf-8"))
        assert root.tag == SPARQL_RESULTS + "sparql"
        head = [v.get("name") for v in root.find(SPARQL_RESULTS + "head")]
        assert head == list(rows.vars)
        assert len(root.find(SPARQL_RESULTS + "results")) == len(rows)
    elif fmt == "csv":
        table = list(csv.reader(io.StringIO(text)))
        assert table[0] == list(rows.vars)
        assert len(table) == len(rows) + 1
    elif fmt == "tsv":
        lines = text.rstrip("\n").split("\n")
        assert lines[0] == "\t".join("?" + v for v in rows.vars)
        assert len(lines) == len(rows) + 1
    else:
        assert text.rstrip().endswith(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")


@pytest.mark.parametrize("name", NAMES)
def test_runs_with_every_parameter_given(graph, name):
    query = bcpgraph.queries()[name]
    missing = [p.name for p in query.params if p.name not in SAMPLE]
    assert not missing, f"add a sample value for {missing} to SAMPLE"
    rows = run(graph, name, **{p.name: SAMPLE[p.name] for p in query.params})
    assert len(rows) > 0, f"{name}: the sample values find nothing"
    english = [v for row in rows for v in row.values() if isinstance(v, Literal) and v.language]
    assert english and all(v.language == "en" for v in english if name != "search")


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", NAMES)
def test_labels_come_in_the_requested_language(graph, answers, name, lang):
    rows = answers[name] if lang == "nl" else run(graph, name, lang=lang, **required_params(name))
    assert len(rows) > 0
    for row in rows:
        for var, value in row.items():
            if name == "search" and var == "label":
                continue  # the matching name, in whichever language matched
            if isinstance(value, Literal) and value.language:
                assert value.language == lang, f"{name}: ?{var} = {value!r}"


WITH_PROFILE = [n for n in NAMES if any(p.name == "profile" for p in bcpgraph.queries()[n].params)]


@pytest.mark.parametrize("name", WITH_PROFILE)
def test_profile_parameter_on_a_one_profile_graph_changes_nothing(graph, answers, name):
    given = run(graph, name, profile=str(PROFILE), **required_params(name))
    assert list(given) == list(answers[name])


@pytest.mark.parametrize("name", ["shared-competencies", "competencies-by-kerntaak",
                                  "shared-knowledge-and-skills"])
def test_werkproces_lists_are_sorted(answers, name):
    for row in answers[name]:
        numbers = str(row["werkprocessen"]).split(", ")
        assert numbers == sorted(numbers, key=wp_key), row


# ------------------------------------------------------------------ answers against the seed


@needs_seed
def test_shared_competencies_counts_are_the_seeds(answers):
    expected = seed_competency_counts()
    rows = answers["shared-competencies"]
    assert {norm(r["label"]): int(r["count"]) for r in rows} == dict(expected)
    counts = [int(r["count"]) for r in rows]
    assert counts == sorted(counts, reverse=True)
    assert sum(counts) == sum(len(set(wp.competencies)) for wp in SEED.work_processes)


@needs_seed
def test_shared_competencies_lists_the_seeds_werkprocessen(answers):
    names = list(domain_competencies().values())
    expected: dict[str, set[str]] = {}
    for wp in SEED.work_processes:
        for c in wp.competencies:
            expected.setdefault(national(c, names), set()).add(wp.number)
    got = {norm(r["label"]): set(str(r["werkprocessen"]).split(", "))
           for r in answers["shared-competencies"]}
    assert got == expected


@needs_seed
def test_shared_competencies_ties_ordered_by_national_number(answers):
    numbers = {name: number for number, name in domain_competencies().items()}
    rows = [(-int(r["count"]), numbers[norm(r["label"])]) for r in answers["shared-competencies"]]
    assert rows == sorted(rows)


@needs_seed
def test_shared_competencies_min_and_kerntaak(graph):
    counts = seed_competency_counts()
    rows = run(graph, "shared-competencies", min="5")
    assert {norm(r["label"]) for r in rows} == {c for c, n in counts.items() if n >= 5}
    names = list(domain_competencies().values())
    in_two = Counter(national(c, names) for wp in SEED.work_processes if wp.core_task == "2"
                     for c in set(wp.competencies))
    rows = run(graph, "shared-competencies", kerntaak="2")
    assert {norm(r["label"]): int(r["count"]) for r in rows} == dict(in_two)


@needs_seed
def test_competencies_by_kerntaak_counts_per_kerntaak(answers):
    names = list(domain_competencies().values())
    expected = Counter()
    totals = Counter(wp.core_task for wp in SEED.work_processes)
    for wp in SEED.work_processes:
        for c in set(wp.competencies):
            expected[(wp.core_task, national(c, names))] += 1
    rows = answers["competencies-by-kerntaak"]
    got = {(str(r["kerntaakNotation"]), norm(r["label"])): int(r["count"]) for r in rows}
    assert got == dict(expected)
    assert all(int(r["total"]) == totals[str(r["kerntaakNotation"])] for r in rows)
    titles = {t.number: norm(t.title) for t in SEED.core_tasks}
    assert all(norm(r["kerntaakLabel"]) == titles[str(r["kerntaakNotation"])] for r in rows)


@needs_seed
@pytest.mark.parametrize("value", ["Analyseren", "Analysing"])
def test_werkprocessen_for_analyseren_are_the_seeds(graph, value):
    expected = {wp.number: norm(wp.title) for wp in SEED.work_processes
                if "Analyseren" in {norm(c) for c in wp.competencies}}
    rows = run(graph, "werkprocessen-for-competency", competency=value)
    assert {str(r["notation"]): norm(r["label"]) for r in rows} == expected
    assert [str(r["notation"]) for r in rows] == sorted(expected, key=wp_key)
    assert all(str(r["kerntaakNotation"]) == str(r["notation"]).split(".")[0] for r in rows)


@needs_seed
def test_werkproces_1_3_matches_the_seed(graph):
    seed = SEED.work_process("1.3")
    rows = list(run(graph, "werkproces", werkproces="1.3"))
    by = lambda aspect: [r for r in rows if str(r["aspect"]) == aspect]  # noqa: E731
    (title,) = by("werkproces")
    assert (str(title["notation"]), norm(title["label"])) == ("1.3", norm(seed.title))
    (kerntaak,) = by("kerntaak")
    assert str(kerntaak["notation"]) == seed.core_task
    (description,) = by("description")
    assert norm(description["label"]) == norm(seed.description)
    names = list(domain_competencies().values())
    competencies = sorted(national(c, names) for c in seed.competencies)
    assert sorted(texts(by("competency"), "label")) == competencies
    assert texts(by("result"), "label") == [norm(r) for r in seed.results]
    assert [int(r["position"]) for r in by("result")] == list(range(1, len(seed.results) + 1))
    assert sorted(texts(by("knowledge"), "label")) == sorted(norm(k) for k in seed.knowledge)
    assert sorted(texts(by("skill"), "label")) == sorted(norm(s) for s in seed.skills)
    facts = len(seed.competencies) + len(seed.results) + len(seed.knowledge) + len(seed.skills)
    assert len(rows) == 3 + facts


@needs_seed
def test_werkproces_rows_come_in_aspect_order(graph):
    aspects = [str(r["aspect"]) for r in run(graph, "werkproces", werkproces="2.3")]
    order = ["werkproces", "kerntaak", "description", "competency", "result", "knowledge", "skill"]
    assert aspects == sorted(aspects, key=order.index)
    assert set(aspects) == set(order)


@needs_seed
@pytest.mark.parametrize("kind", ["knowledge", "skills"])
def test_shared_knowledge_and_skills_counts_are_the_seeds(answers, kind):
    expected = Counter(variant_key(item) for wp in SEED.work_processes
                       for item in {variant_key(i): i for i in getattr(wp, kind)}.values())
    label = "knowledge" if kind == "knowledge" else "skill"
    rows = [r for r in answers["shared-knowledge-and-skills"] if str(r["kind"]) == label]
    assert {variant_key(r["label"]): int(r["count"]) for r in rows} == dict(expected)
    all_counts = [int(r["count"]) for r in answers["shared-knowledge-and-skills"]]
    assert all_counts == sorted(all_counts, reverse=True)


def test_shared_knowledge_and_skills_kind_parameter(graph, answers):
    rows = run(graph, "shared-knowledge-and-skills", kind="knowledge")
    assert {str(r["kind"]) for r in rows} == {"knowledge"}
    every = answers["shared-knowledge-and-skills"]
    assert len(rows) == sum(str(r["kind"]) == "knowledge" for r in every)


@needs_seed
def test_competency_matrix_has_every_werkproces_and_all_25(answers):
    national_numbers = domain_competencies()
    rows = answers["competency-matrix"]
    cells = Counter((str(r["werkprocesNotation"]), int(r["notation"])) for r in rows)
    assert set(cells.values()) == {1}
    assert set(cells) == {(wp.number, n) for wp in SEED.work_processes for n in national_numbers}
    names = list(national_numbers.values())
    needed = {(wp.number, national(c, names))
              for wp in SEED.work_processes for c in wp.competencies}
    got = {(str(r["werkprocesNotation"]), norm(r["label"]))
           for r in rows if r["needed"].toPython() is True}
    assert got == needed
    assert all(norm(r["label"]) == national_numbers[int(r["notation"])] for r in rows)


@needs_seed
def test_unused_competencies_are_the_25_minus_the_seeds(answers):
    numbers = domain_competencies()
    used = set(seed_competency_counts())
    expected = [(n, name) for n, name in sorted(numbers.items()) if name not in used]
    rows = answers["unused-competencies"]
    assert [(int(r["notation"]), norm(r["label"])) for r in rows] == expected
    assert len(rows) == 25 - len(used) == 11


@needs_seed
def test_job_titles_are_the_seeds_seven_in_order(answers):
    assert texts(answers["job-titles"], "label") == [norm(t) for t in SEED.job_titles]
    assert len(SEED.job_titles) == 7


@needs_seed
def test_legislation_is_the_seeds_five_in_order(answers):
    assert texts(answers["legislation"], "label") == [norm(t) for t in SEED.legislation]
    assert len(SEED.legislation) == 5


@needs_seed
def test_attitudes_kerntaken_results_and_sources_follow_the_seed(answers):
    assert texts(answers["attitudes"], "label") == [norm(a) for a in SEED.attitudes]
    kerntaken = answers["kerntaken"]
    assert [(str(r["werkprocesNotation"]), norm(r["werkprocesLabel"])) for r in kerntaken] == [
        (wp.number, norm(wp.title)) for wp in SEED.work_processes]
    assert {(str(r["kerntaakNotation"]), norm(r["kerntaakLabel"])) for r in kerntaken} == {
        (t.number, norm(t.title)) for t in SEED.core_tasks}
    results = [(str(r["werkprocesNotation"]), norm(r["label"])) for r in answers["results"]]
    assert results == [(wp.number, norm(res)) for wp in SEED.work_processes for res in wp.results]
    assert [int(r["position"]) for r in answers["sources"]] == list(range(1, len(SEED.sources) + 1))


@needs_seed
def test_provenance_has_the_adoption_date_place_and_body(answers):
    rows = answers["provenance"]
    adoption = SEED.adoption
    dates = [r["item"] for r in rows if str(r["role"]) == "adoption-date"]
    assert dates == [Literal(adoption.date.isoformat(), datatype=XSD.date)]
    assert str(dates[0]) == "2010-09-30"
    places = [r for r in rows if str(r["role"]) == "adoption-place"]
    assert texts(places, "label") == [norm(adoption.place)]
    assert norm(adoption.body) in texts([r for r in rows if str(r["role"]) == "adopter"], "label")
    roles = {str(r["role"]) for r in rows}
    assert {"developer", "coordinator", "commissioner", "consulted", "adopter", "source"} <= roles
    assert len([r for r in rows if str(r["role"]) == "source"]) == len(SEED.sources)


def test_provenance_names_no_persons(answers):
    assert all(isinstance(r["item"], URIRef) or str(r["role"]) == "adoption-date"
               for r in answers["provenance"])


@needs_seed
def test_search_klacht_finds_werkproces_1_3(klacht):
    rows = klacht
    hits = [r for r in rows if str(r["resource"]).endswith("/werkproces/1.3")]
    assert hits, [str(r["resource"]) for r in rows]
    assert norm(hits[0]["label"]) == norm(SEED.work_process("1.3").title)
    assert hits[0]["type"] == URIRef(BCP + "WorkProcess")
    assert str(hits[0]["language"]) == "nl"


def test_search_is_case_insensitive_and_bilingual(graph, klacht):
    lower = klacht
    upper = run(graph, "search", text="KLACHT")
    assert {r["resource"] for r in upper} == {r["resource"] for r in lower}
    english = run(graph, "search", text="COMPLAINT")
    assert {str(r["language"]) for r in english} == {"en"}
    assert any(str(r["resource"]).endswith("/werkproces/1.3") for r in english)


def test_search_returns_named_resources_only(graph):
    rows = run(graph, "search", text="consulted")
    assert rows and all(isinstance(r["resource"], URIRef) for r in rows)


@needs_seed
def test_career_transitions_default_are_the_stated_steps(graph, answers):
    rows = answers["career-transitions"]
    assert len(rows) == len(SEED.career_steps)
    assert all(r["interpretation"].toPython() is False for r in rows)
    interpretations = set(graph.subjects(RDF.type, URIRef(BCP + "Interpretation")))
    assert interpretations, "the shipped data has an interpretation to leave out"
    assert not {r["transition"] for r in rows} & interpretations
    seed_pairs = Counter((role_key(s.from_role), role_key(s.to_role) if s.to_role else None)
                         for s in SEED.career_steps)
    got = Counter((role_key(r["fromLabel"]), role_key(r["toLabel"]) if r.get("toLabel") else None)
                  for r in rows)
    assert got == seed_pairs


@needs_seed
def test_career_transitions_with_interpretations_show_the_ladder_step(graph):
    rows = run(graph, "career-transitions", interpretations="true")
    assert len(rows) == len(SEED.career_steps) + len(SEED.ladder_steps)
    ladder = {(role_key(r["fromLabel"]), role_key(r["toLabel"])) for r in rows
              if r["interpretation"].toPython() is True}
    assert ladder == {(role_key(a), role_key(b)) for a, b in SEED.ladder_steps}
    assert ("senior accountmanager", "regiomanager") in ladder


@needs_seed
@pytest.mark.parametrize("start", ["(junior) Accountmanager", "junior accountmanager",
                                   "functie:junior-accountmanager", "JUNIOR ACCOUNT MANAGER"])
def test_career_transitions_from_junior_accountmanager_reach_regiomanager(graph, start):
    rows = run(graph, "career-transitions", **{"from": start})
    expected = {role_key(s.to_role) for s in SEED.career_steps
                if role_key(s.from_role) == "junior accountmanager" and s.to_role}
    assert {role_key(r["toLabel"]) for r in rows} == expected
    assert "regiomanager" in expected


@needs_seed
def test_career_transitions_from_the_occupation_cover_all_stated_steps(graph):
    rows = run(graph, "career-transitions", **{"from": "Contactcenter medewerker"})
    assert len(rows) == len(SEED.career_steps)


@needs_seed
def test_career_routes_are_the_closure_of_the_seeds_steps(answers):
    steps = {(role_key(s.from_role), role_key(s.to_role)) for s in SEED.career_steps if s.to_role}
    closure = set(steps)
    while True:
        more = {(a, d) for a, b in closure for c, d in steps if b == c} - closure
        if not more:
            break
        closure |= more
    rows = answers["career-routes"]
    assert {(role_key(r["fromLabel"]), role_key(r["toLabel"])) for r in rows} == closure


def test_career_routes_to_regiomanager_and_interpretations(graph):
    to = run(graph, "career-routes", to="regiomanager")
    assert {role_key(r["fromLabel"]) for r in to} == {"contactcenter medewerker",
                                                       "junior accountmanager"}
    with_ladder = run(graph, "career-routes", to="regiomanager", interpretations="true")
    extra = [r for r in with_ladder if r["interpretation"].toPython() is True]
    assert [role_key(r["fromLabel"]) for r in extra] == ["senior accountmanager"]


def test_trends_come_in_the_profiles_order(answers):
    everything = answers["trends"]
    assert [int(r["position"]) for r in everything] == list(range(1, len(everything) + 1))


# ------------------------------------------------------------------ parameter values


COMPETENCY_SPELLINGS = [
    COMP + "analyseren", f"<{COMP}analyseren>", "comp:analyseren", "Analyseren", "ANALYSEREN",
    "analyseren", "Analysing", "analysing",
]


@pytest.mark.parametrize("value", COMPETENCY_SPELLINGS)
def test_competency_given_as_iri_prefixed_name_or_label(graph, value):
    assert resolve(value, "bcp:Competency", store=store_for(graph)) == URIRef(COMP + "analyseren")


def test_competency_given_by_label_through_the_named_query(graph):
    rows = run(graph, "werkprocessen-for-competency", competency="ANALYSING")
    reference = run(graph, "werkprocessen-for-competency", competency=COMP + "analyseren")
    assert list(rows) == list(reference) and len(rows) > 0


def test_seed_spelling_variant_resolves_to_the_national_competency(graph):
    rows = run(graph, "werkprocessen-for-competency", competency="Met druk en tegenslagen omgaan")
    assert [str(r["notation"]) for r in rows] == ["1.3"]


@pytest.mark.parametrize("value", ["1.3", "Signaleert en behandelt klachten",
                                   "identifies and handles complaints"])
def test_werkproces_given_by_number_or_title(graph, value):
    rows = run(graph, "werkproces", werkproces=value)
    assert str(next(r for r in rows if str(r["aspect"]) == "werkproces")["notation"]) == "1.3"


def test_ambiguous_label_in_the_data_lists_the_candidates(graph):
    """Two results of different werkprocessen share this text: the label names two resources."""
    label = "Correcte rapportage aan collega’s over het klantcontact."
    with pytest.raises(InputError) as err:
        resolve(label.upper(), "bcp:Result")
    message = str(err.value)
    assert "ambiguous" in message
    assert "werkproces/1.1/resultaat/4" in message and "werkproces/1.2/resultaat/3" in message


def test_ambiguous_label_through_a_named_query(graph):
    tiny = Graph()
    for triple in graph.triples((None, None, None)):
        if triple[0] != URIRef(COMP + "onderzoeken") or triple[1] != SKOS.prefLabel:
            tiny.add(triple)
    tiny.add((URIRef(COMP + "onderzoeken"), SKOS.prefLabel, Literal("Analyseren", lang="nl")))
    with pytest.raises(InputError) as err:
        bcpgraph.query("werkprocessen-for-competency", graph=tiny, competency="analyseren")
    assert "ambiguous" in str(err.value)
    assert "comp:analyseren" in str(err.value) and "comp:onderzoeken" in str(err.value)


def test_unknown_label_says_so_and_suggests(graph):
    with pytest.raises(InputError) as err:
        run(graph, "werkprocessen-for-competency", competency="Analyseeren")
    message = str(err.value)
    assert "no bcp:Competency called 'Analyseeren'" in message
    assert "Analyseren" in message.split("did you mean", 1)[-1]


def test_malformed_iri_names_the_parameter(graph):
    with pytest.raises(InputError, match="^parameter competency: 'http://e/a b' is not a valid IRI$"):
        run(graph, "werkprocessen-for-competency", competency="http://e/a b")


def test_iri_of_the_wrong_class_is_refused(graph):
    with pytest.raises(InputError, match="is not a bcp:Competency"):
        run(graph, "werkprocessen-for-competency", competency="functie:coach")


def test_unknown_parameter_name_is_refused(graph):
    with pytest.raises(InputError) as err:
        run(graph, "werkprocessen-for-competency", competency="Analyseren", competence="x")
    assert "competence" in str(err.value) and "competency" in str(err.value)


def test_unknown_query_name_suggests(graph):
    with pytest.raises(InputError, match="shared-competencies"):
        run(graph, "shared-competency")


def test_missing_required_parameter(graph):
    with pytest.raises(InputError, match="required"):
        run(graph, "werkprocessen-for-competency")


@pytest.mark.parametrize("param, value", [("min", "two"), ("min", "1.5"), ("lang", "nl en"),
                                          ("lang", 'nl"'), ("interpretations", "perhaps")])
def test_malformed_values_are_refused(graph, param, value):
    name = "career-transitions" if param == "interpretations" else "shared-competencies"
    with pytest.raises(InputError):
        run(graph, name, **{param: value})


# ------------------------------------------------------------------ injection


NASTY = [
    '"}', "'}", "} DROP ALL {", '" } DROP ALL { "', "x\" . } DELETE WHERE { ?s ?p ?o } #",
    'SERVICE <http://127.0.0.1:9/> {}', '"} SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } {"',
    "line one\nline two", 'a\n"""', '"""', "\\", 'back\\"slash', 'two\nlines \\"', "\\u0022",
    "'''", "#", "?s ?p ?o", "<http://127.0.0.1:9/>", ") } } #", "\r\n}",
]


def substring_hits(graph: Graph, text: str) -> set[tuple[URIRef, Literal]]:
    """What search must find, computed in Python from the triples."""
    names = (SKOS.prefLabel, SKOS.altLabel, RDFS.label, DCTERMS.title)
    return {(s, o) for p in names for s, o in graph.subject_objects(p)
            if isinstance(s, URIRef) and isinstance(o, Literal) and o.language in ("nl", "en")
            and text.lower() in str(o).lower()}


ODD_VALUES = NASTY + ['say "hi" } DROP ALL { ', 'a """ b \\ c', "\\U0001F600", "\\\\u0041", "ends in \\"]


@pytest.mark.parametrize("value", ODD_VALUES)
def test_search_values_stay_data(no_network, value):
    """The value reaches the engine exactly as given (a bound literal, not query text): on a small
    graph with a label made of it and one without, search finds that label only and changes nothing."""
    tiny = Graph()
    odd, plain = URIRef("https://w3id.org/bcpgraph/id/kennis/odd"), URIRef("https://w3id.org/bcpgraph/id/kennis/plain")
    tiny.add((odd, SKOS.prefLabel, Literal(f"before {value} after", lang="nl")))
    tiny.add((plain, SKOS.prefLabel, Literal("nothing to see", lang="nl")))
    before = set(tiny)
    rows = bcpgraph.query("search", graph=tiny, text=value)
    assert [r["resource"] for r in rows] == [odd]
    assert str(rows[0]["label"]) == f"before {value} after"
    assert set(tiny) == before
    assert no_network == []


def test_search_values_leave_the_shipped_graph_unchanged(graph, no_network):
    before = graph_state(graph)
    for value in ['x" . } DELETE WHERE { ?s ?p ?o } #']:
        assert substring_hits(graph, value) == set()
        assert len(run(graph, "search", text=value)) == 0
    assert graph_state(graph) == before
    assert no_network == []


@pytest.mark.parametrize("text", ["klacht", "’", '"klant"', "2009"])
def test_search_finds_what_a_substring_scan_finds(graph, klacht, text):
    rows = klacht if text == "klacht" else run(graph, "search", text=text)
    assert rows
    assert {(r["resource"], r["label"]) for r in rows} == substring_hits(graph, text)


@pytest.mark.parametrize("value", ['" } DROP ALL { "', 'x" . } DELETE WHERE { ?s ?p ?o } #', "\\u0022",
                                   '"} SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } {"', 'a\n"""',
                                   "<http://127.0.0.1:9/>"])
def test_resource_values_stay_data(graph, no_network, value):
    before = graph_state(graph)
    with pytest.raises(InputError):
        run(graph, "werkprocessen-for-competency", competency=value)
    assert graph_state(graph) == before
    assert no_network == []


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s a bcp:WorkProcess . "
    "OPTIONAL { SERVICE SILENT <http://127.0.0.1:9/> { ?s ?p ?o } } }",
    "SELECT * WHERE { ?s a bcp:WorkProcess "
    "FILTER EXISTS { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } } }",
    "ASK { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
])
def test_sparql_refuses_service(graph, no_network, text):
    before = graph_state(graph)
    with pytest.raises(InputError, match="SERVICE"):
        bcpgraph.sparql(text, graph=graph)
    assert graph_state(graph) == before
    assert no_network == []


@pytest.mark.parametrize("text", [
    "SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://127.0.0.1:9/data.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "ASK FROM <file:///etc/passwd> { ?s ?p ?o }",
])
def test_sparql_refuses_from(graph, no_network, text):
    with pytest.raises(InputError, match="FROM"):
        bcpgraph.sparql(text, graph=graph)
    assert no_network == []


@pytest.mark.parametrize("text", [
    "DROP ALL", "CLEAR DEFAULT",
    "INSERT DATA { <http://e/s> <http://e/p> <http://e/o> }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/x.ttl>",
    "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
])
def test_sparql_rejects_updates(graph, no_network, text):
    before = graph_state(graph)
    with pytest.raises(InputError):
        bcpgraph.sparql(text, graph=graph)
    assert graph_state(graph) == before
    assert no_network == []


def test_sparql_knows_bcpgraphs_prefixes(graph):
    rows = bcpgraph.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?wp a bcp:WorkProcess }", graph=graph)
    assert rows.column("n")[0].toPython() == 7


# ------------------------------------------------------------------ the parameters line: each file runs anywhere


def file_rows(graph: Graph, name: str) -> list[dict]:
    """The file's text run unchanged by plain rdflib: no bcpgraph prefixes, no bindings."""
    result = graph.query((QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8"))
    return [{str(k): v for k, v in row.asdict().items()} for row in result]


def as_sets(name: str, rows) -> list[tuple]:
    """Rows as tuples, each GROUP_CONCAT list (whose order SPARQL leaves open) as a set."""
    lists = dict(bcpgraph.queries()[name].lists)
    return [tuple(sorted((k, frozenset(str(v).split(lists[k])) if k in lists else v) for k, v in row.items()))
            for row in rows]


@pytest.mark.parametrize("name", [n for n in NAMES if not required_params(n)])
def test_file_runs_unchanged_with_its_defaults(graph, answers, name):
    assert as_sets(name, file_rows(graph, name)) == as_sets(name, answers[name])


@pytest.mark.parametrize("name", [n for n in NAMES if required_params(n)])
def test_file_with_a_required_parameter_undef_gives_the_unrestricted_answer(graph, answers, name):
    everything = set(as_sets(name, file_rows(graph, name)))
    sample = set(as_sets(name, answers[name]))
    assert sample and sample <= everything
    assert len(everything) > len(sample) or name == "werkprocessen-for-competency"


HEADER = "#+ summary: x\n#+ param: a | integer | 1 | A\n#+ param: b | string | (none) | B\n\n"
BODY = "SELECT * WHERE {{\n  {}\n  ?s ?p ?b FILTER (?a > 0)\n}}\n"


@pytest.mark.parametrize("lines, problem", [
    (["VALUES (?b ?a) { (UNDEF 1) }  # parameters"], "in this order"),
    (["VALUES (?a) { (1) }  # parameters"], "the header declares"),
    (["VALUES (?a ?b) { (2 UNDEF) }  # parameters"], "default in the header is"),
    (['VALUES (?a ?b) { ("1" UNDEF) }  # parameters'], "default in the header is"),
    (['VALUES (?a ?b) { (1 "x") }  # parameters'], "default in the header is UNDEF"),
    (["VALUES (?a ?b) { (1 UNDEF) }"], "found none"),
    (["VALUES (?a ?b) { (1 UNDEF) }  # parameters", "VALUES (?a ?b) { (2 UNDEF) }  # parameters"],
     "line 7: the parameters line is repeated with other values than on line 6"),
])
def test_catalogue_refuses_a_wrong_parameters_line(lines, problem):
    from bcpgraph.catalogue import _parse_header

    good = _parse_header("x", HEADER + BODY.format("VALUES (?a ?b) { (1 UNDEF) }  # parameters"))
    assert [p.name for p in good.params] == ["a", "b"]
    with pytest.raises(ValueError, match=problem):
        _parse_header("x", HEADER + BODY.format("\n  ".join(lines)))


def test_bcpgraph_replaces_only_the_parameters_line(graph):
    named = bcpgraph.queries()["shared-knowledge-and-skills"]
    from bcpgraph.binding import bind

    bound = bind(named.text, {"kind": Literal("skill"), "min": None, "kerntaak": None, "profile": None,
                              "lang": Literal("en")})
    before, after = named.text.splitlines(), bound.splitlines()
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert changed == values_lines(named.text) and len(changed) == 1
    expected = 'VALUES (?kind ?min ?kerntaak ?profile ?lang) { ("skill" UNDEF UNDEF UNDEF "en") }'
    assert after[changed[0]].strip() == expected


def test_bcpgraph_replaces_every_copy_of_the_parameters_line(graph):
    """werkproces repeats its parameters line in each branch of its UNION and in the group after
    it: each copy gets the values, so no part answers for every werkproces."""
    named = bcpgraph.queries()["werkproces"]
    from bcpgraph.binding import bind

    iri = URIRef(str(PROFILE) + "/werkproces/1.1")
    bound = bind(named.text, {"werkproces": iri, "profile": None, "lang": Literal("en")})
    before, after = named.text.splitlines(), bound.splitlines()
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert changed == values_lines(named.text) and len(changed) == bound.count("} UNION {") + 2
    assert {after[i].strip() for i in changed} == {f'VALUES (?werkproces ?profile ?lang) {{ ({iri.n3()} UNDEF "en") }}'}


def test_a_parameters_line_that_opens_a_branch_keeps_its_brace():
    """The page queries open each branch with its parameters line (``UNION { VALUES ...``): the
    brace stays, and the answer is the resource's."""
    from bcpgraph.binding import bind

    text = ("SELECT ?o WHERE {\n  { VALUES (?r) { (UNDEF) }  # parameters\n    ?r <http://e/p> ?o }\n"
            "  UNION { VALUES (?r) { (UNDEF) }  # parameters\n    ?o <http://e/q> ?r }\n}")
    bound = bind(text, {"r": URIRef("http://e/x")})
    assert bound.splitlines()[1] == "  { VALUES (?r) { (<http://e/x>) }"
    assert bound.splitlines()[3] == "  UNION { VALUES (?r) { (<http://e/x>) }"
    graph = Graph()
    for s, p, o in [("x", "p", "a"), ("y", "p", "b"), ("c", "q", "x"), ("d", "q", "y")]:
        graph.add((URIRef("http://e/" + s), URIRef("http://e/" + p), URIRef("http://e/" + o)))
    assert sorted(str(row[0]) for row in graph.query(bound)) == ["http://e/a", "http://e/c"]


# ------------------------------------------------------------------ parameter kinds and the library API


def label_languages(graph: Graph) -> list[str]:
    return sorted({o.language for p in (SKOS.prefLabel, RDFS.label) for o in graph.objects(None, p)
                   if isinstance(o, Literal) and o.language})


def test_a_language_without_labels_is_refused(graph):
    with pytest.raises(InputError) as err:
        run(graph, "job-titles", lang="de")
    assert str(err.value) == (f"parameter lang: no labels in language 'de' here "
                              f"(languages: {', '.join(label_languages(graph))})")
    assert label_languages(graph) == ["en", "nl"]


@pytest.mark.parametrize("category", ["labourMarket", "bcp:labourMarket", "labour market", BCP + "labourMarket"])
def test_trends_category_by_name_iri_or_last_segment(graph, answers, category):
    rows = run(graph, "trends", category=category)
    assert rows and {r["category"] for r in rows} == {URIRef(BCP + "labourMarket")}
    assert len(rows) < len(answers["trends"])


def test_a_last_segment_naming_several_resources_is_ambiguous():
    tiny = Graph()
    for folder in ("a", "b"):
        tiny.add((URIRef(f"https://w3id.org/bcpgraph/id/{folder}/same"), RDF.type, URIRef(BCP + "Competency")))
    with pytest.raises(InputError, match="ambiguous"):
        resolve("same", "bcp:Competency", store=store_for(tiny))


@pytest.mark.parametrize("value, problem", [
    ("9" * 5000, "parameter min: whole numbers from"), ("0" * 5000 + "1", None), ("1000000001", "whole numbers"),
    ("-1000000001", "whole numbers"), ("1000000000", None),
])
def test_integers_are_bounded(graph, value, problem):
    if problem is None:
        assert isinstance(run(graph, "shared-competencies", min=value), Rows)
    else:
        with pytest.raises(InputError, match=problem):
            run(graph, "shared-competencies", min=value)


@pytest.mark.parametrize("value, problem", [
    ("\x1b[31mred", "control character U\\+001B"), ("nul\x00", "control character U\\+0000"),
    ("x" * 10_001, "10,001 characters long"),
])
def test_values_with_control_characters_or_too_long_are_refused(graph, value, problem):
    with pytest.raises(InputError, match=f"parameter text: .*{problem}"):
        run(graph, "search", text=value)


@pytest.mark.parametrize("params", [{"graph": "x"}, {"endpoint": "x"}, {"timeout": "1"}])
def test_unknown_parameter_names_in_a_mapping_are_refused(params):
    with pytest.raises(InputError) as err:
        bcpgraph.query("search", {"text": "klacht", **params})
    assert str(err.value).startswith(f"query search: no parameter {next(iter(params))!r}")
    assert str(err.value).endswith("(parameters: text, lang)")


def test_messages_name_parameters_not_flags(graph):
    for call in (lambda: run(graph, "job-titles", lang="de"), lambda: run(graph, "shared-competencies", min="x"),
                 lambda: run(graph, "search"), lambda: run(graph, "search", text="\x07")):
        with pytest.raises(InputError) as err:
            call()
        assert "parameter " in str(err.value) and "--" not in str(err.value)


def test_parameters_as_a_mapping_keywords_or_from_underscore(graph):
    expected = run(graph, "career-routes", **{"from": "junior accountmanager"})
    assert len(expected) > 0
    assert list(bcpgraph.query("career-routes", {"from": "junior accountmanager"}, graph=graph)) == list(expected)
    assert list(bcpgraph.query("career-routes", graph=graph, from_="junior accountmanager")) == list(expected)
    with pytest.raises(InputError, match="parameter from is given twice"):
        bcpgraph.query("career-routes", {"from": "coach"}, graph=graph, from_="coach")


@pytest.mark.parametrize("call", [
    lambda: bcpgraph.query(None), lambda: bcpgraph.query("job-titles", graph="x"),
    lambda: bcpgraph.query("job-titles", ["lang", "en"]), lambda: bcpgraph.query("shared-competencies", min=2),
    lambda: bcpgraph.query("job-titles", {1: "en"}), lambda: bcpgraph.sparql(None),
], ids=["name", "graph", "params", "value", "key", "sparql"])
def test_wrong_argument_types_raise_argument_error(call):
    with pytest.raises(ArgumentError):
        call()


def test_rows_index_and_slice(answers):
    rows = answers["job-titles"]
    every = list(rows)
    assert rows[0] == every[0] and rows[-1] == every[-1]
    part = rows[1:3]
    assert isinstance(part, Rows) and part.vars == rows.vars and list(part) == every[1:3]
    with pytest.raises(IndexError):
        rows[len(every)]


def test_timeout_is_accepted(graph):
    assert bcpgraph.sparql("ASK { ?s ?p ?o }", graph=graph, timeout=30).boolean is True
    assert len(bcpgraph.query("job-titles", graph=graph, timeout=30)) == 7


# ------------------------------------------------------------------ deterministic lists


def test_werkproces_lists_sorted_by_number_not_as_text():
    """1.2 before 1.10 (as text "1.10" < "1.2")."""
    tiny = Graph()
    kerntaak, competency = URIRef("https://e/kt"), URIRef("https://e/c")
    tiny.add((URIRef("https://e/profile"), URIRef(BCP + "coreTask"), kerntaak))
    tiny.add((competency, SKOS.notation, Literal("1")))
    for number in ("1.10", "1.2", "1.9"):
        wp = URIRef(f"https://e/wp{number}")
        tiny.add((kerntaak, URIRef(BCP + "workProcess"), wp))
        tiny.add((wp, SKOS.notation, Literal(number)))
        tiny.add((wp, URIRef(BCP + "competency"), competency))
    (row,) = bcpgraph.query("shared-competencies", graph=tiny)
    assert str(row["werkprocessen"]) == "1.2, 1.9, 1.10"


def test_organisation_roles_in_alphabetical_order(answers):
    lists = [str(r["roles"]).split("; ") for r in answers["organisations"] if str(r["roles"])]
    assert any(len(roles) > 1 for roles in lists)
    assert all(roles == sorted(roles, key=str.lower) for roles in lists)


@pytest.mark.parametrize("name", [n for n in NAMES if bcpgraph.queries()[n].lists])
def test_list_lines_name_group_concat_columns(answers, name):
    query = bcpgraph.queries()[name]
    def concatenated(var: str, separator: str) -> bool:
        pattern = rf'GROUP_CONCAT\((?:(?!AS ).)*SEPARATOR\s*=\s*"{re.escape(separator)}"\)\s*AS\s*\?{var}\)'
        return re.search(pattern, query.text, re.S) is not None

    for var, separator in query.lists:
        assert var in answers[name].vars
        # a GROUP_CONCAT, or lists of GROUP_CONCATs joined with the same separator
        joined = re.search(rf'BIND\s*\(((?:(?!AS ).)*)\)\s*AS\s*\?{var}\)', query.text, re.S)
        parts = re.findall(rf'CONCAT\(\?(\w+),\s*"{re.escape(separator)}",\s*\?(\w+)\)', joined[1]) if joined else []
        assert concatenated(var, separator) or (parts and all(concatenated(v, separator) for v in parts[0])), \
            f"{name}.rq: ?{var} is no GROUP_CONCAT with {separator!r}"


def test_werkproces_rows_are_not_repeated_when_profile_files_describe_the_same_term(tmp_path):
    """Generated profiles define their synthetic knowledge items and skills in every file that uses
    them; Oxigraph keeps one copy of such a triple per profile graph, which repeated the rows of
    `werkproces` (issue 9). The answer on Oxigraph is rdflib's, which keeps one copy."""
    from bcpgraph.generate import write_corpus
    from bcpgraph.stores import open_store

    files = write_corpus(tmp_path / "corpus", 12, seed=1)
    # generate now writes the synthetic terms once (files[0]); describe them again in every profile
    # file, as the files this test is about did
    vocabulary, files = files[0].read_text(encoding="utf-8"), files[1:]
    for path in files:
        path.write_text(path.read_text(encoding="utf-8") + "\n" + vocabulary, encoding="utf-8")
    shared = {}
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith(("kennis:synthetic-", "vaardigheid:synthetic-")):
                shared.setdefault(line.strip(), set()).add(path)
    assert any(len(paths) > 1 for paths in shared.values())  # the case this test is about occurs
    werkproces = "https://w3id.org/bcpgraph/id/bcp/synthetic-s1-0001/werkproces/1.1"
    answers = {backend: bcpgraph.query("werkproces", {"werkproces": werkproces},
                                       graph=open_store(*files, backend=backend))
               for backend in ("rdflib", "oxigraph")}
    rows = [tuple(sorted(row.items())) for row in answers["oxigraph"]]
    assert len(rows) == len(set(rows))
    assert rows == [tuple(sorted(row.items())) for row in answers["rdflib"]]


# ------------------------------------------------------------------ many profiles: a profile given restricts


@pytest.fixture(scope="module", params=["rdflib", "oxigraph"])
def many(request):
    """The shipped profile and the fixtures of tests/profiles/ in one store, on each local engine."""
    from bcpgraph.stores import open_store
    from conftest import PUSHED_PROFILES

    return open_store(*PUSHED_PROFILES, shipped=True, backend=request.param)


@pytest.mark.parametrize("name, params", [
    ("competencies-by-kerntaak", {}), ("shared-competencies", {}), ("shared-competencies", {"min": "2"}),
    ("shared-knowledge-and-skills", {}), ("shared-knowledge-and-skills", {"kind": "skill", "min": "2"}),
    ("competency-matrix", {}), ("unused-competencies", {}), ("kerntaken", {}), ("results", {}),
])
def test_a_profile_given_gives_that_profiles_rows_of_the_whole_answer_in_the_same_order(many, name, params):
    """The parameters sit inside the subquery that finds the links (so that a profile given is used
    there, not after every profile's links are found): the answer for one profile is still exactly
    its rows of the answer for all, in the same order, with the other parameters applied."""
    everything = bcpgraph.query(name, params, graph=many)
    profiles = sorted({str(row["profile"]) for row in everything})
    assert len(profiles) >= 2, profiles  # the store holds several profiles with rows here
    for profile in profiles:
        one = bcpgraph.query(name, {**params, "profile": profile}, graph=many)
        assert list(one) == [row for row in everything if str(row["profile"]) == profile], profile


def test_a_kerntaak_given_restricts_competencies_by_kerntaak(many):
    everything = bcpgraph.query("competencies-by-kerntaak", {"profile": str(PROFILE)}, graph=many)
    first = everything[0]["kerntaak"]
    one = bcpgraph.query("competencies-by-kerntaak", {"profile": str(PROFILE), "kerntaak": str(first)}, graph=many)
    assert list(one) == [row for row in everything if row["kerntaak"] == first]


def test_search_reads_each_name_property(graph):
    """One pattern per name property (not one path): a match through each of skos:prefLabel,
    skos:altLabel, rdfs:label and dcterms:title is found, each name once."""
    found = run(graph, "search", text="a")
    matched = {(row["resource"], row["label"]) for row in found}
    assert len(matched) == len(found)
    for prop in (SKOS.prefLabel, SKOS.altLabel, RDFS.label, DCTERMS.title):
        names = {(s, o) for s, o in graph.subject_objects(prop)
                 if isinstance(s, URIRef) and isinstance(o, Literal) and o.language in ("nl", "en")
                 and "a" in str(o).lower()}
        assert names and names <= matched, prop


def _shipped_texts() -> dict[str, str]:
    """Every query text bcpgraph marks as its own (see catalogue.Shipped), by where it comes from."""
    from bcpgraph import binding
    from bcpgraph.catalogue import Shipped, analysis_query

    found = {f"queries/{q.name}.rq": q.text for q in bcpgraph.queries().values()}
    for path in sorted((ROOT / "bcpgraph" / "analysis" / "sparql").glob("*.rq")):
        found[f"analysis/sparql/{path.name}"] = analysis_query(path.stem).text
    found.update({f"binding.{k}": v for k, v in vars(binding).items() if isinstance(v, Shipped)})
    return found


def test_every_shipped_query_has_the_form_rdflib_reads_and_is_no_update():
    """A server store sends bcpgraph's own queries without parsing them again: the form each one
    declares must be the one rdflib reads, and none may be an update."""
    from bcpgraph.binding import bind
    from bcpgraph.catalogue import VALUES_MARK, Shipped
    from bcpgraph.stores import is_update

    texts = _shipped_texts()
    assert len(texts) >= 19 + 14 + 8
    forms = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
             "DescribeQuery": "DESCRIBE"}
    for where, text in texts.items():
        assert isinstance(text, Shipped), where
        assert text.form == forms[parseQuery(text)[1].name], where
        assert not is_update(text), where
        if VALUES_MARK in text:
            bound = bind(text, {"x": Literal('"} DROP ALL {')})
            assert isinstance(bound, Shipped) and bound.form == text.form, where
    # anything else stays plain text, which a server store parses before sending
    assert type(bind("SELECT ?x WHERE { VALUES (?x) { (UNDEF) }  # parameters\n}", {"x": None})) is str
    assert type(texts["queries/job-titles.rq"].replace("SELECT", "DROP ALL #")) is str
