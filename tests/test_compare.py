"""bcpgraph compare and profile similarity, on the FICTIONAL test fixtures in tests/profiles/.

Every expected set below is written from a reading of the files by hand (the fixture files and,
for the contact-centre profile, data/contactcenter.ttl, whose count of competencies is checked
against the seed text), never copied from the output. Jaccard values are worked out as fractions.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import seedtext

import bcpgraph
from bcpgraph.errors import ArgumentError
from bcpgraph.compare import (
    compare,
    find_profile,
    profile_similarity,
    similarity_heatmap,
    to_html,
    to_markdown,
    to_text,
)

ROOT = Path(__file__).resolve().parent.parent
PROFILES = ROOT / "tests" / "profiles"
SHIPPED = ROOT / "data" / "contactcenter.ttl"
TEAMLEIDER = PROFILES / "teamleider-fictional.ttl"
BAKKER = PROFILES / "bakker-fictional.ttl"
V2013 = PROFILES / "contactcenter-2013-fictional.ttl"

ID = "https://w3id.org/bcpgraph/id/"
CC = ID + "bcp/contactcenter-medewerker-2010"
CC13 = ID + "bcp/contactcenter-medewerker-2013-testfixture"
TL = ID + "bcp/teamleider-contactcenter-testfixture"
BK = ID + "bcp/bakker-testfixture"


def comp(*slugs: str) -> set[str]:
    return {ID + "competentie/" + s for s in slugs}


def kennis(*slugs: str) -> set[str]:
    return {ID + "kennis/" + s for s in slugs}


def vaardigheid(*slugs: str) -> set[str]:
    return {ID + "vaardigheid/" + s for s in slugs}


KLANT = "op-de-behoeften-en-verwachtingen-van-de-klant-richten"
WET = "wet-en-regelgeving-en-organisatiespecifieke-afspraken-en-protocollen"
BEGRIPPEN = "voor-het-beroep-relevante-begrippen-en-termen-die-gebruikt-worden-in-een-contactcenter"
TAAL = "mondelinge-en-schriftelijke-taalbeheersing-nederlands-en-een-moderne-vreemde-taal"
SCHRIFT = "schriftelijke-taalbeheersing-nederlands-en-een-moderne-vreemde-taal"
GELIJKTIJDIG = ("tijdens-klantgesprekken-gelijktijdig-handelingen-via-computer-en-telefoonsystemen-en-andere-"
                "hulpmiddelen-verrichten")

# The contact-centre profile (2010), read from data/contactcenter.ttl.
CC_COMPETENCIES = comp("samenwerken-en-overleggen", "ethisch-en-integer-handelen", "relaties-bouwen-en-netwerken",
                       "overtuigen-en-beinvloeden", "presenteren", "formuleren-en-rapporteren",
                       "vakdeskundigheid-toepassen", "analyseren", "onderzoeken", KLANT, "kwaliteit-leveren",
                       "instructies-en-procedures-opvolgen", "ondernemend-en-commercieel-handelen",
                       "met-druk-en-tegenslag-omgaan")
CC_KNOWLEDGE = kennis("producten-en-diensten-van-de-organisatie", BEGRIPPEN, WET,
                      WET + "-ten-aanzien-van-klachtafhandeling", "ontwikkelingen-in-de-branche-vakgebied",
                      "stappen-in-het-verkoopproces-gesprek")
CC_SKILLS = vaardigheid("gespreksstructuren-toepassen", "gesprekstechnieken", TAAL, "omgangsvormen",
                        "relatiebeheersystemen-gebruiken", GELIJKTIJDIG, SCHRIFT,
                        "scriptgebonden-en-open-script-gesprekken-voeren", "telefoon-en-emailetiquette-toepassen",
                        "berekeningen-schattingen-maken", "met-koop-en-weerstandssignalen-omgaan",
                        "verkoopsystemen-gebruiken", "verkooptechnieken-en-argumenten", "luister-en-schrijfvaardigheid")
CC_KERNTAKEN = {"Bouwt relaties op en onderhoudt ze", "Voert het verkooptraject uit",
                "Verzamelt informatie t.b.v. verkoop en service"}

# The teamleider fixture.
TL_COMPETENCIES = comp("aansturen", "plannen-en-organiseren", "kwaliteit-leveren", "begeleiden",
                       "aandacht-en-begrip-tonen", "formuleren-en-rapporteren", KLANT, "met-druk-en-tegenslag-omgaan",
                       "beslissen-en-activiteiten-initieren", "analyseren")
TL_KNOWLEDGE = kennis("producten-en-diensten-van-de-organisatie", "coachingsmethoden-testfixture", WET, BEGRIPPEN)
TL_SKILLS = vaardigheid("relatiebeheersystemen-gebruiken", "gesprekstechnieken", "omgangsvormen",
                        "rapportages-opstellen-testfixture")

# The bakker fixture.
BK_COMPETENCIES = comp("instructies-en-procedures-opvolgen", "materialen-en-middelen-inzetten", "kwaliteit-leveren",
                       "plannen-en-organiseren")
BK_KNOWLEDGE = kennis("grondstoffen-testfixture", "hygieneregels-testfixture")
BK_SKILLS = vaardigheid("deeg-bereiden-testfixture")

# The 2013 fixture: the edits its header lists.
CC13_COMPETENCIES = ((CC_COMPETENCIES - comp("met-druk-en-tegenslag-omgaan"))
                     | comp("leren", "omgaan-met-verandering-en-aanpassen"))
CC13_KNOWLEDGE = CC_KNOWLEDGE - kennis(WET + "-ten-aanzien-van-klachtafhandeling")
CC13_SKILLS = CC_SKILLS | vaardigheid("sociale-media-gebruiken-testfixture")


@pytest.fixture(scope="module")
def many():
    """The shipped profile and the three fixtures in one graph (tests must not change it)."""
    return bcpgraph.load(SHIPPED, TEAMLEIDER, BAKKER, V2013)


def iris(items: list[dict]) -> set[str]:
    return {i["iri"] for i in items}


def test_the_contact_centre_competencies_written_here_are_the_seeds_fourteen():
    seed = seedtext.read()
    used = {seedtext.variant_key(c.replace("tegenslagen", "tegenslag"))
            for wp in seed.work_processes for c in wp.competencies}
    assert len(used) == len(CC_COMPETENCIES) == 14


@pytest.mark.parametrize("a, b, sets_a, sets_b, kerntaken_b", [
    (CC, TL, (CC_COMPETENCIES, CC_KNOWLEDGE, CC_SKILLS), (TL_COMPETENCIES, TL_KNOWLEDGE, TL_SKILLS),
     {"Verzorgt de dagelijkse leiding van een team", "Bouwt relaties op en onderhoudt ze"}),
    (CC, BK, (CC_COMPETENCIES, CC_KNOWLEDGE, CC_SKILLS), (BK_COMPETENCIES, BK_KNOWLEDGE, BK_SKILLS),
     {"Bereidt brood en banket"}),
    (TL, BK, (TL_COMPETENCIES, TL_KNOWLEDGE, TL_SKILLS), (BK_COMPETENCIES, BK_KNOWLEDGE, BK_SKILLS),
     {"Bereidt brood en banket"}),
    (CC, CC13, (CC_COMPETENCIES, CC_KNOWLEDGE, CC_SKILLS), (CC13_COMPETENCIES, CC13_KNOWLEDGE, CC13_SKILLS),
     CC_KERNTAKEN),
])
def test_shared_and_unique_sets_follow_the_files(many, a, b, sets_a, sets_b, kerntaken_b):
    answer = compare(a, b, graph=many)
    for dim, x, y in zip(("competencies", "knowledge", "skills"), sets_a, sets_b, strict=True):
        d = answer["dimensions"][dim]
        assert iris(d["shared"]) == x & y, dim
        assert iris(d["only_a"]) == x - y, dim
        assert iris(d["only_b"]) == y - x, dim
        assert d["jaccard"] == pytest.approx(len(x & y) / len(x | y), abs=1e-4), dim
    assert [i["kind"] for i in answer["adds"]].count("competency") == len(sets_b[0] - sets_a[0])
    assert iris(answer["adds"]) == (sets_b[0] - sets_a[0]) | (sets_b[1] - sets_a[1]) | (sets_b[2] - sets_a[2])


def test_jaccard_values_worked_out_by_hand(many):
    cc_tl = compare(CC, TL, graph=many)["dimensions"]
    # competencies: 5 shared of 14 + 10 - 5 = 19; knowledge 3 of 6 + 4 - 3 = 7; skills 3 of 14 + 4 - 3 = 15;
    # kerntaken: "Bouwt relaties op en onderhoudt ze" of 3 + 2 - 1 = 4.
    assert [cc_tl[d]["jaccard"] for d in ("competencies", "knowledge", "skills", "kerntaken")] == \
        pytest.approx([5 / 19, 3 / 7, 3 / 15, 1 / 4], abs=1e-4)
    cc_13 = compare(CC, CC13, graph=many)["dimensions"]
    # 13 of 16 competencies, 5 of 6 knowledge items, 14 of 15 skills, the 3 kerntaken (renumbered).
    assert [cc_13[d]["jaccard"] for d in ("competencies", "knowledge", "skills", "kerntaken")] == \
        pytest.approx([13 / 16, 5 / 6, 14 / 15, 1.0], abs=1e-4)


def test_kerntaken_of_two_occupations_are_shared_by_title(many):
    d = compare(CC, TL, graph=many)["dimensions"]["kerntaken"]
    assert [(k["iri"], k["b"]["iri"]) for k in d["shared"]] == [(CC + "/kerntaak/1", TL + "/kerntaak/2")]
    assert {k["label"] for k in d["only_a"]} == CC_KERNTAKEN - {"Bouwt relaties op en onderhoudt ze"}
    assert {k["label"] for k in d["only_b"]} == {"Verzorgt de dagelijkse leiding van een team"}


def test_competencies_carry_the_werkprocessen_that_need_them_on_each_side(many):
    d = compare(CC, TL, graph=many)["dimensions"]["competencies"]
    formuleren = next(i for i in d["shared"] if i["iri"].endswith("/formuleren-en-rapporteren"))
    # data/contactcenter.ttl: 1.1, 1.2 and 3.1; the teamleider fixture: 1.2 and 2.2.
    assert [w["notation"] for w in formuleren["werkprocessen"]["a"]] == ["1.1", "1.2", "3.1"]
    assert [w["notation"] for w in formuleren["werkprocessen"]["b"]] == ["1.2", "2.2"]
    aansturen = next(i for i in d["only_b"] if i["iri"].endswith("/aansturen"))
    assert set(aansturen["werkprocessen"]) == {"b"}
    assert [w["iri"] for w in aansturen["werkprocessen"]["b"]] == [TL + "/werkproces/1.1"]


def test_what_moving_from_medewerker_to_teamleider_adds(many):
    adds = compare(CC, TL, graph=many, lang="en")["adds"]
    assert [(i["kind"], i["iri"]) for i in adds] == [
        ("competency", ID + "competentie/beslissen-en-activiteiten-initieren"),  # national order: 1, 2, 3, 4, 17
        ("competency", ID + "competentie/aansturen"),
        ("competency", ID + "competentie/begeleiden"),
        ("competency", ID + "competentie/aandacht-en-begrip-tonen"),
        ("competency", ID + "competentie/plannen-en-organiseren"),
        ("knowledge", ID + "kennis/coachingsmethoden-testfixture"),
        ("skill", ID + "vaardigheid/rapportages-opstellen-testfixture"),
    ]
    assert adds[1]["label"] == "Directing others"  # ontology/competenties.ttl, @en
    assert compare(TL, CC, graph=many)["adds"] != adds


def test_two_versions_diff_as_designed(many):
    v = compare(CC, CC13, graph=many)["versions"]
    assert v["occupation"]["iri"] == ID + "beroep/contactcenter-medewerker"
    kt = v["kerntaken"]
    assert kt["added"] == [] and kt["removed"] == [] and kt["reworded"] == []
    assert {(p["a"]["notation"], p["b"]["notation"]) for p in kt["renumbered"]} == {("1", "3"), ("3", "1")}
    wp = v["werkprocessen"]
    assert [(i["notation"], i["label"]) for i in wp["added"]] == [("3.3", "Handelt klantvragen via sociale media af")]
    assert [(i["notation"], i["label"]) for i in wp["removed"]] == [("1.3", "Signaleert en behandelt klachten")]
    assert [(p["a"]["label"], p["b"]["label"]) for p in wp["reworded"]] == [
        ("Voert het verkoopgesprek", "Voert het verkoopgesprek en sluit de verkoop af")]
    assert {(p["a"]["notation"], p["b"]["notation"]) for p in wp["renumbered"]} == {
        ("1.1", "3.1"), ("1.2", "3.2"), ("3.1", "1.1")}
    assert len(wp["matched"]) == 6
    links = {(m["a"]["notation"], m["b"]["notation"]): (iris(m["competencies_added"]), iris(m["competencies_removed"]))
             for m in wp["matched"] if m["competencies_added"] or m["competencies_removed"]}
    assert links == {("1.1", "3.1"): (comp("omgaan-met-verandering-en-aanpassen"), comp("presenteren"))}


def test_profiles_of_other_occupations_have_no_versions_part(many):
    assert "versions" not in compare(CC, TL, graph=many)
    assert "versions" not in compare(CC, CC, graph=many)


def test_the_same_profile_twice_is_identical(many):
    answer = compare(CC, CC, graph=many)
    for d in answer["dimensions"].values():
        assert d["jaccard"] == 1.0 and d["only_a"] == [] and d["only_b"] == []
    assert iris(answer["dimensions"]["competencies"]["shared"]) == CC_COMPETENCIES
    assert answer["adds"] == []


def test_profiles_are_named_by_iri_label_slug_or_file(many):
    by_iri = compare(CC, TL, graph=many)
    assert compare("contactcenter-medewerker-2010", "teamleider-contactcenter-testfixture", graph=many) == by_iri
    assert compare("beroepscompetentieprofiel contactcenter MEDEWERKER",
                   "Vocational competency profile Contact centre team leader (FICTIONAL TEST FIXTURE)",
                   graph=many) == by_iri
    # A file is read beside the shipped data (graph=None); the API's answer is the same.
    assert bcpgraph.compare("contactcenter-medewerker-2010", str(TEAMLEIDER)) == by_iri
    assert bcpgraph.compare(CC, TEAMLEIDER)["b"]["iri"] == TL


def test_a_file_is_read_beside_a_given_graph_without_changing_it():
    graph = bcpgraph.load(SHIPPED)
    size = len(graph)
    assert compare(CC, str(BAKKER), graph=graph)["b"]["iri"] == BK
    assert len(graph) == size


def test_unknown_and_ambiguous_names(many):
    with pytest.raises(bcpgraph.InputError, match=r"no profile 'bakkr'; did you mean 'bakker-testfixture'"):
        compare(CC, "bakkr", graph=many)
    with pytest.raises(bcpgraph.InputError, match="no profile found in the file"):
        compare(CC, str(ROOT / "ontology" / "competenties.ttl"), graph=many)
    with pytest.raises(ArgumentError):
        compare(CC, 42, graph=many)
    with pytest.raises(bcpgraph.InputError, match="no profile"):
        compare(CC, "a\x00b" + "x" * 5000, graph=many)


def test_a_profile_is_found_by_its_iri_and_an_iri_of_something_else_is_no_profile(many):
    """An IRI is looked up by itself (not among every profile's names): a profile's IRI, in
    angle brackets too, is that profile; a werkproces's IRI, or an IRI nobody uses, is none."""
    assert str(find_profile(many, f"<{BK}>")) == BK
    assert compare(f" {CC} ", BK, graph=many)["b"]["iri"] == BK
    for iri in (CC + "/werkproces/1.1", ID + "bcp/nobody"):
        with pytest.raises(bcpgraph.InputError, match="no profile"):
            compare(CC, iri, graph=many)


def test_profile_similarity_refuses_too_many_profiles(many):
    with pytest.raises(bcpgraph.InputError, match="max_profiles=3"):
        profile_similarity(many, max_profiles=3)


# ------------------------------------------------------------------ formats


def test_json_shape_key_by_key(many, cli):
    done = cli("compare", CC, str(TEAMLEIDER), "--format", "json")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert set(doc) == {"a", "b", "dimensions", "adds"}
    assert doc["a"] == {"iri": CC, "label": "Beroepscompetentieprofiel Contactcenter medewerker"}
    assert set(doc["b"]) == {"iri", "label"} and doc["b"]["iri"] == TL
    assert list(doc["dimensions"]) == ["competencies", "knowledge", "skills", "kerntaken"]
    for dim, d in doc["dimensions"].items():
        assert set(d) == {"shared", "only_a", "only_b", "jaccard"}, dim
        assert isinstance(d["jaccard"], float)
        for item in d["shared"] + d["only_a"] + d["only_b"]:
            assert {"iri", "label"} <= set(item), dim
            assert isinstance(item["iri"], str) and isinstance(item["label"], str)
    for item in doc["adds"]:
        assert {"iri", "label", "kind"} <= set(item)
    assert doc == json.loads(json.dumps(compare(CC, str(TEAMLEIDER))))


def test_json_of_two_versions_has_a_versions_key(cli, tmp_path):
    done = cli("compare", CC, str(V2013), "-o", str(tmp_path / "diff.json"))
    assert done.returncode == 0, done.stderr
    doc = json.loads((tmp_path / "diff.json").read_text(encoding="utf-8"))
    assert set(doc) == {"a", "b", "dimensions", "adds", "versions"}
    assert set(doc["versions"]) == {"occupation", "kerntaken", "werkprocessen"}
    for part in ("kerntaken", "werkprocessen"):
        assert set(doc["versions"][part]) == {"matched", "added", "removed", "reworded", "renumbered"}


def test_text_and_markdown_say_what_moving_adds(many):
    answer = compare(CC, TL, graph=many, lang="en")
    text = to_text(answer, lang="en")
    assert "What B needs that A lacks" in text and "competency: Directing others" in text
    md = to_markdown(answer, lang="en")
    assert md.startswith("# Comparison: A = ")
    assert "| Competencies | 5 | 9 | 5 | 0.26 |" in md  # shared, only A, only B, 5/19


def _hostile(tmp_path: Path) -> Path:
    """The bakker fixture with a title that is markup."""
    text = BAKKER.read_text(encoding="utf-8").replace(
        "Vocational competency profile Baker (FICTIONAL TEST FIXTURE)", "<script>alert(1)</script> & *co* | x")
    path = tmp_path / "hostile.ttl"
    path.write_text(text, encoding="utf-8")
    return path


def test_html_is_escaped_and_self_contained(cli, tmp_path):
    done = cli("compare", CC, str(_hostile(tmp_path)), "--lang", "en", "-o", str(tmp_path / "c.html"))
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "c.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; *co*" in page
    assert page.startswith("<!DOCTYPE html>") and "http" not in page.split("<body>")[0]


def test_markdown_escapes_data(tmp_path):
    md = to_markdown(compare(CC, str(_hostile(tmp_path)), lang="en"), lang="en")
    assert r"\<script\>alert(1)\</script\> & \*co\* \| x" in md


def test_html_of_the_version_diff_lists_the_edits(many):
    page = to_html(compare(CC, CC13, graph=many), lang="nl")
    assert "verwijderd: 1.3 Signaleert en behandelt klachten" in page
    assert "toegevoegd: 3.3 Handelt klantvragen via sociale media af" in page


# ------------------------------------------------------------------ CLI


def test_cli_unknown_profile_exits_2_with_suggestions(cli):
    done = cli("compare", "contactcenter-medewerker-2010", "contactcenter-medewerkr")
    assert done.returncode == 2
    assert "did you mean 'contactcenter-medewerker-2010'" in done.stderr and "Traceback" not in done.stderr


def test_cli_same_profile_twice_is_fine(cli):
    done = cli("compare", CC, "contactcenter-medewerker-2010", "--format", "json")
    assert done.returncode == 0
    assert {d["jaccard"] for d in json.loads(done.stdout)["dimensions"].values()} == {1.0}


def test_cli_compare_with_data_and_output_rules(cli, tmp_path):
    args = ("compare", "bakker-testfixture", "teamleider-contactcenter-testfixture",
            "--data", str(SHIPPED), str(BAKKER), str(TEAMLEIDER))
    assert cli(*args, "-o", str(tmp_path / "c.md")).returncode == 0
    assert (tmp_path / "c.md").read_text(encoding="utf-8").startswith("# Vergelijking")
    assert cli(*args, "-o", str(tmp_path / "c.md")).returncode == 2  # exists, no --force
    assert cli(*args, "-o", str(tmp_path / "c.png")).returncode == 2  # not a format of compare
    assert cli(*args).stdout.startswith("Vergelijking: A = Beroepscompetentieprofiel Bakker")


# ------------------------------------------------------------------ profile similarity


def test_profile_similarity_matrix(many):
    answer = profile_similarity(many)
    order = [p["iri"] for p in answer["profiles"]]
    # Sorted by IRI (BK, CC, CC13, TL); average linkage joins CC and CC13 first, then TL to them.
    assert order == [BK, CC, CC13, TL]
    hand = {  # (competencies, knowledge, skills), from the sets above
        (CC, TL): (5 / 19, 3 / 7, 3 / 15), (CC, BK): (2 / 16, 0, 0), (TL, BK): (2 / 12, 0, 0),
        (CC, CC13): (13 / 16, 5 / 6, 14 / 15), (CC13, TL): (4 / 21, 3 / 6, 3 / 16), (CC13, BK): (2 / 17, 0, 0),
    }
    for d, dim in enumerate(("competencies", "knowledge", "skills")):
        m = answer["dimensions"][dim]
        for i in range(4):
            assert m[i][i] == 1.0
            for j in range(4):
                assert m[i][j] == m[j][i]
        for (x, y), values in hand.items():
            assert m[order.index(x)][order.index(y)] == pytest.approx(values[d], abs=1e-4), (dim, x, y)


def test_profile_similarity_of_one_and_of_none(graph):
    one = profile_similarity(graph)
    assert [p["iri"] for p in one["profiles"]] == [CC] and one["dimensions"]["competencies"] == [[1.0]]
    from bcpgraph.graph import ontology

    assert profile_similarity(ontology()) == {"profiles": [], "dimensions": {"competencies": [], "knowledge": [],
                                                                             "skills": []}}


def test_heatmap_bytes_are_deterministic(many):
    answer = profile_similarity(many)
    png = similarity_heatmap(answer, format="png")
    assert png.startswith(b"\x89PNG") and png == similarity_heatmap(answer, format="png")
    svg = similarity_heatmap(answer, format="svg", lang="en")
    assert svg == similarity_heatmap(answer, format="svg", lang="en")
    assert b"Competencies" in svg and b"Teamleider contactcenter (FICTIEVE TESTFIXTURE)" in svg


def test_cli_similarity_profiles(cli, tmp_path):
    data = ("--data", str(SHIPPED), str(TEAMLEIDER), str(BAKKER), str(V2013))
    done = cli("similarity", "--profiles", *data, "--format", "csv")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "a,b,a_iri,b_iri,competencies,knowledge,skills" and len(lines) == 1 + 6
    assert cli("similarity", "--profiles", *data, "-o", str(tmp_path / "h.svg")).returncode == 0
    assert (tmp_path / "h.svg").read_bytes().startswith(b"<?xml")
    doc = json.loads(cli("similarity", "--profiles", *data, "--format", "json").stdout)
    assert [p["iri"] for p in doc["profiles"]] == [BK, CC, CC13, TL]
    assert cli("similarity", "--profiles", *data, "--format", "table").stdout.startswith("a ")
    # werkproces similarity keeps its formats
    assert cli("similarity", "--format", "png", "-o", str(tmp_path / "x.png")).returncode == 2


def _naive_order(sim: list[list[float]]) -> list[int]:
    """Average linkage as written from its definition: every pair of clusters, every time."""
    clusters = [[i] for i in range(len(sim))]
    while len(clusters) > 1:
        best = None
        for x in range(len(clusters)):
            for y in range(x + 1, len(clusters)):
                pairs = [sim[i][j] for i in clusters[x] for j in clusters[y]]
                avg = sum(pairs) / len(pairs)
                if best is None or avg > best[0] + 1e-12:
                    best = (avg, x, y)
        _, x, y = best
        merged = clusters[x] + clusters[y]
        clusters = [c for k, c in enumerate(clusters) if k not in (x, y)]
        clusters.insert(x, merged)
    return clusters[0] if clusters else []


@pytest.mark.parametrize("seed", range(4))
def test_average_linkage_breaks_ties_as_the_definition_does(seed):
    """Similarities from a handful of values, so that many pairs tie at every merge: the
    vectorised clustering merges the same pairs, in the same order, as the definition's scan."""
    import random

    from bcpgraph.compare import _average_linkage_order

    rnd = random.Random(seed)
    for _ in range(40):
        n = rnd.randint(1, 14)
        sim = [[1.0] * n for _ in range(n)]
        for i in range(n):
            for j in range(i + 1, n):
                sim[i][j] = sim[j][i] = rnd.choice((0.0, 0.25, 0.5, 0.5, 1.0))
        assert _average_linkage_order(sim) == _naive_order(sim), sim


def test_profile_similarity_of_many_profiles_is_the_pairwise_computation():
    """25 variants of the shipped profile, each without a random part of its links: the vectorised
    answer is the one of comparing every pair of sets and clustering from the definition."""
    import random

    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, SKOS

    from bcpgraph.namespaces import BCP

    base = Graph().parse(SHIPPED)
    links = {BCP.competency: "competencies", BCP.knowledge: "knowledge", BCP.skill: "skills"}
    rnd = random.Random(9)
    graph = bcpgraph.load()
    graph.remove((None, None, None))
    graph += bcpgraph.graph.ontology()
    for n in range(25):
        def renamed(term, n=n):
            return URIRef(str(term).replace(CC, f"{CC}-v{n}")) if isinstance(term, URIRef) else term
        for s, p, o in base:
            if p in links and rnd.random() < 0.4:
                continue
            if p == SKOS.prefLabel and s == URIRef(CC) and isinstance(o, Literal):
                o = Literal(f"{o} {n}", lang=o.language)
            graph.add((renamed(s), p, renamed(o)))
    found = sorted(p for p in graph.subjects(RDF.type, BCP.Profile))
    needs = {p: {dim: {str(i) for kt in graph.objects(p, BCP.coreTask) for wp in graph.objects(kt, BCP.workProcess)
                       for i in graph.objects(wp, link) if isinstance(i, URIRef)} for link, dim in links.items()}
             for p in found}

    def jac(a: set, b: set) -> float:
        return round(len(a & b) / len(a | b), 4) if a | b else 1.0

    dims = ("competencies", "knowledge", "skills")
    matrices = {d: [[jac(needs[x][d], needs[y][d]) for y in found] for x in found] for d in dims}
    mean = [[sum(matrices[d][i][j] for d in dims) / 3 for j in range(len(found))] for i in range(len(found))]
    order = _naive_order(mean)
    answer = profile_similarity(graph)
    assert [p["iri"] for p in answer["profiles"]] == [str(found[i]) for i in order]
    assert answer["dimensions"] == {d: [[matrices[d][i][j] for j in order] for i in order] for d in dims}
