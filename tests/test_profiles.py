"""Every answer knows its profile: with a second profile loaded beside the shipped one, the answers
for the contact-centre profile are exactly what they are with that profile alone.

The second profile is ``tests/profiles/per-profile-fixture.ttl``, a FICTIONAL TEST FIXTURE that
reuses the numbers 1.1, 1.2 and 2.1, some of the same competencies, knowledge, skills and the role
teamleider, so that anything merging werkprocessen by number shows. Its facts below are counted by
hand from that file (see its header).
"""

from __future__ import annotations

import json

import pytest

import bcpgraph
from bcpgraph.analysis import (career_network, career_paths, centrality, competency_network,
                               knowledge_network, shared_competencies, similarity)
from bcpgraph.matrix import competency_matrix
from bcpgraph.overview import overview
from conftest import ROOT

CC = "https://w3id.org/bcpgraph/id/bcp/contactcenter-medewerker-2010"
FICT = "https://w3id.org/bcpgraph/id/bcp/fictief-klantenservice-medewerker-2099"
SHIPPED = str(ROOT / "data" / "contactcenter.ttl")
FIXTURE = str(ROOT / "tests" / "profiles" / "per-profile-fixture.ttl")
BOTH = ("--data", SHIPPED, FIXTURE)
KWALITEIT = "https://w3id.org/bcpgraph/id/competentie/kwaliteit-leveren"
TEAMLEIDER = "https://w3id.org/bcpgraph/id/functie/teamleider"

#: Named queries that are not about one profile: search looks up names of anything in the graph
#: (shared vocabularies and ontology terms included), a look-up rather than an answer about a profile.
NOT_PER_PROFILE = {"search"}

#: Values for the required parameters, the same in both graphs. "1.1" names a werkproces of each
#: profile: with profile given, it names the contact-centre one.
REQUIRED = {"competency": "Analyseren", "werkproces": "1.1", "text": "klant"}


@pytest.fixture(scope="module")
def both():
    """The shipped profile and the fictional fixture in one graph."""
    return bcpgraph.load(SHIPPED, FIXTURE)


def _answer(name: str, graph) -> tuple:
    q = bcpgraph.queries()[name]
    params = {p.name: REQUIRED[p.name] for p in q.params if p.required}
    if any(p.name == "profile" for p in q.params):
        params["profile"] = CC
    for lang in ("nl", "en"):
        params["lang"] = lang
        rows = bcpgraph.query(name, params, graph=graph)
        yield rows.vars, [dict(r) for r in rows]


def test_every_query_but_the_shared_ones_takes_a_profile_and_answers_with_it():
    found = bcpgraph.queries()
    per_profile = {n for n, q in found.items() if any(p.name == "profile" for p in q.params)}
    assert per_profile == set(found) - NOT_PER_PROFILE
    for name in per_profile:
        assert "profile" in bcpgraph.query(name, {**{p.name: REQUIRED[p.name] for p in found[name].params
                                                      if p.required}}).vars, name


@pytest.mark.parametrize("name", sorted(set(bcpgraph.queries()) - NOT_PER_PROFILE))
def test_contact_centre_answers_do_not_change_beside_another_profile(name, graph, both):
    alone, beside = list(_answer(name, graph)), list(_answer(name, both))
    assert alone == beside
    assert any(rows for _, rows in alone) or name == "unused-competencies"
    assert all(str(r["profile"]) == CC for _, rows in beside for r in rows)


def test_shared_competencies_count_per_profile_not_per_number(both):
    rows = [r for r in bcpgraph.query("shared-competencies", graph=both) if str(r["competency"]) == KWALITEIT]
    by_profile = {str(r["profile"]): (int(r["count"]), str(r["werkprocessen"])) for r in rows}
    alone = bcpgraph.query("shared-competencies", profile=CC)
    [cc] = [(int(r["count"]), str(r["werkprocessen"])) for r in alone if str(r["competency"]) == KWALITEIT]
    assert by_profile == {CC: cc, FICT: (2, "1.1, 1.2")}     # the fixture: 1.1 and 1.2 need it


@pytest.mark.parametrize("interpretations", ["false", "true"])
def test_career_routes_follow_only_the_profiles_own_steps(graph, both, interpretations):
    alone = bcpgraph.query("career-routes", graph=graph, interpretations=interpretations)
    beside = bcpgraph.query("career-routes", graph=both, profile=CC, interpretations=interpretations)
    assert list(alone) == list(beside)
    # The fixture's one step (header): its own role to teamleider, and no contact-centre routes.
    fict = bcpgraph.query("career-routes", graph=both, profile=FICT, interpretations=interpretations)
    assert [(str(r["from"]), str(r["to"]), str(r["profile"])) for r in fict] == [
        ("https://w3id.org/bcpgraph/id/beroep/fictief-klantenservice-medewerker", TEAMLEIDER, FICT)]
    assert not bcpgraph.query("career-routes", graph=both, profile=FICT, **{"from": "teamleider"})


def test_organisations_per_profile(graph, both):
    alone = [dict(r) for r in bcpgraph.query("organisations", graph=graph)]
    assert alone == [dict(r) for r in bcpgraph.query("organisations", graph=both, profile=CC)]
    fict = {str(r["organisation"]): str(r["roles"])
            for r in bcpgraph.query("organisations", graph=both, profile=FICT, lang="en")}
    # The fixture's one attribution: ECABO developed it (not the contact-centre profile's roles).
    assert fict["https://w3id.org/bcpgraph/id/organisatie/ecabo"] == "developed by"
    assert "https://w3id.org/bcpgraph/id/organisatie/achmea" not in fict     # consulted for the other


def test_a_number_names_the_werkproces_of_the_given_profile(graph, both):
    for profile, expected in ((CC, f"{CC}/werkproces/1.1"), (FICT, f"{FICT}/werkproces/1.1"),
                              ("contactcenter-medewerker-2010", f"{CC}/werkproces/1.1")):
        rows = bcpgraph.query("werkproces", graph=both, werkproces="1.1", profile=profile)
        assert {str(r["item"]) for r in rows if str(r["aspect"]) == "werkproces"} == {expected}
        assert {str(r["profile"]) for r in rows} == {expected.split("/werkproces/")[0]}
    assert ([dict(r) for r in bcpgraph.query("werkproces", graph=graph, werkproces="1.1", profile=CC)]
            == [dict(r) for r in bcpgraph.query("werkproces", graph=both, werkproces="1.1", profile=CC)])


def test_without_profile_a_shared_number_stays_ambiguous(both):
    with pytest.raises(bcpgraph.InputError) as err:
        bcpgraph.query("werkproces", graph=both, werkproces="1.1")
    message = str(err.value)
    assert "ambiguous" in message and "werkproces" in message
    assert "contactcenter-medewerker-2010/werkproces/1.1" in message
    assert "fictief-klantenservice-medewerker-2099/werkproces/1.1" in message


def test_another_profiles_werkproces_is_an_error_naming_it(both):
    # 1.3 is the contact centre's only (the fixture has 1.1, 1.2 and 2.1): not the fixture's.
    for value in ("1.3", f"{CC}/werkproces/1.3"):
        with pytest.raises(bcpgraph.InputError, match=r"werkproces.*contactcenter-medewerker-2010.*not of profile"):
            bcpgraph.query("werkproces", graph=both, werkproces=value, profile=FICT)


def test_cli_a_number_with_profile_is_not_ambiguous(cli):
    done = cli("query", "werkproces", "-p", "werkproces=1.1", "-p", f"profile={FICT}", *BOTH, "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert f"{FICT}/werkproces/1.1" in done.stdout and f"{CC}/werkproces" not in done.stdout
    done = cli("query", "werkproces", "-p", "werkproces=1.1", *BOTH)
    assert done.returncode == 2 and "ambiguous" in done.stderr and "Traceback" not in done.stderr


def test_unused_competencies_per_profile(both):
    rows = bcpgraph.query("unused-competencies", graph=both, profile=FICT)
    national = len(bcpgraph.query("competency-matrix", graph=both, profile=FICT)) // 3   # 3 werkprocessen
    used = {KWALITEIT, "https://w3id.org/bcpgraph/id/competentie/analyseren",
            "https://w3id.org/bcpgraph/id/competentie/samenwerken-en-overleggen"}   # the fixture's header
    assert len(rows) == national - 3 and not used & {str(r["competency"]) for r in rows}
    assert {str(r["profile"]) for r in rows} == {FICT}


# ------------------------------------------------------------------ analyses


@pytest.mark.parametrize("build", [competency_network, knowledge_network])
def test_analyses_for_the_contact_centre_do_not_change(build, graph, both):
    alone, beside = build(graph), build(both, profile=CC)
    assert shared_competencies(alone) == shared_competencies(beside)
    assert similarity(alone) == similarity(beside)
    assert centrality(alone) == centrality(beside)


def test_analysis_rows_name_their_profile(both):
    net = competency_network(both)
    rows = [r for r in shared_competencies(net) if r["competency"] == KWALITEIT]
    assert {(r["profile"], tuple(r["werkprocessen"])) for r in rows if r["profile"] == FICT} == {(FICT, ("1.1", "1.2"))}
    pairs = similarity(competency_network(both, profile=FICT))
    # Three werkprocessen, three pairs; 1.1 {19, 13} and 1.2 {19}: 1/2 (by hand).
    assert len(pairs) == 3 and {(r["a_profile"], r["b_profile"]) for r in pairs} == {(FICT, FICT)}
    assert (pairs[0]["a_notation"], pairs[0]["b_notation"], pairs[0]["jaccard"]) == ("1.1", "1.2", 0.5)
    assert {r["profile"] for r in centrality(competency_network(both, profile=FICT))} == {FICT}


def test_matrix_per_profile(graph, both):
    assert competency_matrix(graph) == competency_matrix(both, profile=CC)
    fict = competency_matrix(both, profile=FICT, lang="en")
    assert fict.profile == FICT and [n for n, _ in fict.rows] == ["1.1", "1.2", "2.1"]
    assert fict.groups == (("1", "Helps customers (fictional)"), ("2", "Works together (fictional)"))
    assert "Fictional customer service agent" in fict.title
    with pytest.raises(bcpgraph.InputError, match="2 profiles"):
        competency_matrix(both)


def test_career_paths_and_overview_do_not_change(graph, both):
    alone, beside = career_network(graph, profile=CC), career_network(both, profile=CC)
    start = "https://w3id.org/bcpgraph/id/beroep/contactcenter-medewerker"
    assert career_paths(alone, start, TEAMLEIDER) == career_paths(beside, start, TEAMLEIDER)
    assert set(alone.nodes) == set(beside.nodes) and set(alone.edges) == set(beside.edges)
    assert overview(graph) == overview(both, profile=CC)
    [fict] = overview(both, profile=FICT)
    assert (fict["werkprocessen"], fict["career_target"]) == (3, TEAMLEIDER)


# ------------------------------------------------------------------ the command line


@pytest.mark.parametrize("command", [
    ("shared-competencies",), ("shared-competencies", "--min", "3", "--format", "csv"),
    ("similarity", "--format", "csv"), ("similarity", "--by", "knowledge-and-skills", "--format", "json"),
    ("centrality", "--format", "json"), ("matrix",), ("matrix", "--format", "csv"),
    ("matrix", "--format", "html"), ("career-paths", "--to", "teamleider", "--format", "json"),
    ("career-paths", "--to", "regiomanager", "--interpretations"),
    ("query", "kerntaken", "-p", "profile=contactcenter-medewerker-2010"),
])
def test_cli_answers_for_the_contact_centre_do_not_change(cli, command):
    plain = cli(*command)
    named = cli(*command, "--profile", CC) if command[0] != "query" else plain
    beside = cli(*command, *BOTH, *(("--profile", CC) if command[0] != "query" else ()))
    assert plain.returncode == named.returncode == beside.returncode == 0, beside.stderr
    assert plain.stdout == named.stdout == beside.stdout


def test_cli_overview_of_the_contact_centre_does_not_change(cli):
    plain = json.loads(cli("overview", "--format", "json").stdout)
    beside = json.loads(cli("overview", "--format", "json", "--profile", "contactcenter-medewerker-2010", *BOTH).stdout)
    for key in ("profiles", "shared_competencies", "career_paths"):
        assert plain[key] == beside[key], key


def test_cli_with_several_profiles_answers_each(cli, tmp_path):
    done = cli("matrix", *BOTH, "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("## Competency matrix") == 2 and "Fictional customer service agent" in done.stdout
    done = cli("matrix", *BOTH, "-o", str(tmp_path / "m.png"))
    assert done.returncode == 2 and "--profile" in done.stderr and not (tmp_path / "m.png").exists()
    done = cli("matrix", *BOTH, "--profile", FICT, "-o", str(tmp_path / "m.png"))
    assert done.returncode == 0 and (tmp_path / "m.png").read_bytes().startswith(b"\x89PNG")
    done = cli("overview", *BOTH, "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "Fictional customer service agent → team leader" in done.stdout
    similar = json.loads(cli("similarity", *BOTH, "--format", "json").stdout)
    assert all(r["a_profile"] == r["b_profile"] for r in similar)   # pairs within a profile
    assert {r["a_profile"] for r in similar} == {CC, FICT}


def test_cli_with_shipped_adds_the_shipped_profile(cli):
    given = cli("shared-competencies", "--data", SHIPPED, FIXTURE)
    added = cli("shared-competencies", "--data", FIXTURE, "--with-shipped")
    assert added.returncode == 0, added.stderr
    assert added.stdout == given.stdout and "fictief-klantenservice" in added.stdout


def test_cli_unknown_profile_is_a_usage_error(cli):
    done = cli("centrality", *BOTH, "--profile", "astronaut")
    assert done.returncode == 2 and "--profile" in done.stderr and "Traceback" not in done.stderr


def test_validate_with_shipped_checks_both(cli):
    done = cli("validate", FIXTURE, "--with-shipped", "--lang", "en")
    assert done.returncode == 0, done.stdout
    assert "per-profile-fixture.ttl + shipped profile: conforms" in done.stdout
