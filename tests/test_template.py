"""The spreadsheet template: written empty and filled (`bcpgraph template`), read back
(`bcpgraph import FILE.xlsx`). Workbooks are read and filled here with openpyxl directly, an
independent reader of what bcpgraph writes. The new occupation below is a fictional test fixture."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SKOS

from bcpgraph.errors import InputError
from bcpgraph.graph import read_rdf
from bcpgraph.importer.template import read_template, template_bytes, write_template
from bcpgraph.namespaces import BCP, BCPID, COMP, DOCUMENT, KENNIS, ORGANISATIE, REGELGEVING, SCHEMA
from bcpgraph.validation import validate
from conftest import ROOT
from test_generate import stated_outside

SHIPPED = ROOT / "data" / "contactcenter.ttl"
#: The national set of 25, in order, as /work/shared/DOMAIN.md lists them.
NATIONAL = [
    "Beslissen en activiteiten initiëren", "Aansturen", "Begeleiden", "Aandacht en begrip tonen",
    "Samenwerken en overleggen", "Ethisch en integer handelen", "Relaties bouwen en netwerken",
    "Overtuigen en beïnvloeden", "Presenteren", "Formuleren en rapporteren", "Vakdeskundigheid toepassen",
    "Materialen en middelen inzetten", "Analyseren", "Onderzoeken", "Creëren en innoveren", "Leren",
    "Plannen en organiseren", 'Op de behoeften en verwachtingen van de "klant" richten', "Kwaliteit leveren",
    "Instructies en procedures opvolgen", "Omgaan met verandering en aanpassen", "Met druk en tegenslag omgaan",
    "Gedrevenheid en ambitie tonen", "Ondernemend en commercieel handelen", "Bedrijfsmatig handelen",
]
PART_SHEETS = ["Profiel", "Vaststelling", "Beschrijving", "Functiebenamingen", "Beroepshouding", "Loopbaan",
               "Kerntaken", "Werkprocessen", "Resultaten", "Kennis", "Vaardigheden", "Bronnen", "Regelgeving",
               "Organisaties", "Sectorraad", "Competentiematrix"]


def key(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text)).casefold()
    return "".join(c for c in text if c.isalnum())


@pytest.fixture(scope="module")
def empty(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "leeg.xlsx"
    write_template(path)
    return path


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "contactcenter.xlsx"
    write_template(path, read_rdf(SHIPPED))
    return path


def validations(ws) -> dict[str, str]:
    """Column letter → the drop-down's formula, for the list validations of a sheet."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        if dv.type == "list":
            for rng in dv.sqref.ranges:
                out[re.sub(r"\d", "", str(rng).split(":")[0])] = dv.formula1
    return out


def list_values(wb, formula: str) -> list[str]:
    sheet, cells = formula.lstrip("=").split("!")
    first, last = cells.replace("$", "").split(":")
    return [c.value for row in wb[sheet][first:last] for c in row if c.value is not None]


# ------------------------------------------------------------------ the empty template


def test_empty_template_has_a_sheet_per_part_and_instructions_in_dutch_and_english(empty):
    wb = load_workbook(empty)
    for name in PART_SHEETS + ["Instructies", "Overig"]:
        assert name in wb.sheetnames, name
    text = [(a, b) for a, b in wb["Instructies"].iter_rows(min_row=2, values_only=True)]
    assert any("Competentiematrix" in a and "x" in a for a, _ in text)  # Dutch
    assert any("competency" in b.casefold() and "x" in b for _, b in text)  # English
    assert wb["Instructies"]["A1"].value == "Nederlands" and wb["Instructies"]["B1"].value == "English"
    for name in PART_SHEETS:
        assert wb[name].max_row == 2, name  # header rows only: Dutch, then English


def test_matrix_has_the_25_national_competencies_as_columns(empty):
    ws = load_workbook(empty)["Competentiematrix"]
    header = [c.value for c in ws[1]][2:]
    assert len(header) == 25
    assert [key(re.sub(r"^\d+ ", "", h)) for h in header] == [key(n) for n in NATIONAL]


def test_drop_down_lists_on_the_closed_columns(empty):
    wb = load_workbook(empty)
    careers = validations(wb["Loopbaan"])
    heads = [c.value for c in wb["Loopbaan"][1]]
    direction = careers[chr(ord("A") + heads.index("Richting"))]
    ontology = Graph().parse(ROOT / "ontology" / "bcpgraph.ttl")
    expected = {str(label) for d in ontology.subjects(RDF.type, BCP.CareerDirection)
                for label in ontology.objects(d, SKOS.prefLabel) if label.language == "nl"}
    assert set(list_values(wb, direction)) == expected and len(expected) == 3
    lists = {col[0].value: [c.value for c in col[1:] if c.value] for col in wb["Lijsten"].iter_cols()}
    assert [key(c) for c in lists["competency"]] == [key(n) for n in NATIONAL]
    assert wb["Lijsten"].sheet_state == "hidden"
    knowledge = list_values(wb, validations(wb["Kennis"])["C"])
    assert "producten en diensten van de organisatie" in knowledge  # from vocabularies/kennis.ttl
    skills = list_values(wb, validations(wb["Vaardigheden"])["C"])
    assert "gesprekstechnieken" in skills
    heads = [c.value for c in wb["Organisaties"][1]]
    orgs = list_values(wb, validations(wb["Organisaties"])[chr(ord("A") + heads.index("Organisatie"))])
    assert "Kenniscentrum ECABO" in orgs or any("ECABO" in o for o in orgs)
    heads = [c.value for c in wb["Profiel"][1]]
    assert chr(ord("A") + heads.index("Beroep")) in validations(wb["Profiel"])
    # werkproces numbers are picked from the Werkprocessen sheet where a row names its werkproces
    assert "Werkprocessen!" in validations(wb["Resultaten"])["B"]
    assert "Werkprocessen!" in validations(wb["Competentiematrix"])["A"]


def test_template_bytes_are_deterministic():
    assert template_bytes() == template_bytes()


# ------------------------------------------------------------------ the shipped profile, filled and back


def test_filled_template_round_trips_the_shipped_profile(filled):
    original = read_rdf(SHIPPED)
    back = read_template(filled)
    assert len(back) == len(original)
    assert isomorphic(back, original)


@pytest.mark.parametrize("name", ["teamleider-fictional.ttl", "contactcenter-2013-fictional.ttl",
                                  "bakker-fictional.ttl"])
def test_other_profiles_round_trip_too(name, tmp_path):
    original = read_rdf(ROOT / "tests" / "profiles" / name)
    path = write_template(tmp_path / "p.xlsx", original)
    assert isomorphic(read_template(path), original)


def test_a_triple_added_on_overig_comes_back(filled, tmp_path):
    wb = load_workbook(filled)
    ws = wb["Overig"]
    row = ws.max_row + 1
    for column, value in enumerate(["werkproces/1.1", "skos:note", None, "=een notitie, geen formule", "nl"], 1):
        ws.cell(row=row, column=column, value=value).data_type = "s"
    wb.save(tmp_path / "extra.xlsx")
    back = read_template(tmp_path / "extra.xlsx")
    assert (BCPID["contactcenter-medewerker-2010/werkproces/1.1"], SKOS.note,
            Literal("=een notitie, geen formule", lang="nl")) in back


def test_filled_template_shows_the_matrix_as_printed(filled):
    """Werkproces 1.3 needs six competencies in the seed, in this order (its competency list)."""
    ws = load_workbook(filled)["Competentiematrix"]
    header = [key(re.sub(r"^\d+ ", "", c.value)) for c in ws[1][2:]]
    row = next(r for r in ws.iter_rows(min_row=3, values_only=True) if r[0] == "1.3")
    ticked = {header[i]: v for i, v in enumerate(row[2:]) if v is not None}
    assert ticked == {key("Overtuigen en beïnvloeden"): 1, key("Analyseren"): 2,
                      key('Op de behoeften en verwachtingen van de "klant" richten'): 3,
                      key("Kwaliteit leveren"): 4, key("Instructies en procedures opvolgen"): 5,
                      key("Met druk en tegenslag omgaan"): 6}


def test_cli_template_and_import_round_trip(cli, tmp_path):
    xlsx, ttl = tmp_path / "cc.xlsx", tmp_path / "cc.ttl"
    done = cli("template", "--from", "contactcenter-medewerker-2010", "-o", str(xlsx))
    assert done.returncode == 0, done.stderr
    again = cli("template", "--from", "contactcenter-medewerker-2010", "-o", str(xlsx))
    assert again.returncode == 2 and "--force" in again.stderr
    done = cli("import", str(xlsx), "-o", str(ttl))
    assert done.returncode == 0, done.stderr
    assert isomorphic(read_rdf(ttl), read_rdf(SHIPPED))
    first = ttl.read_bytes()
    assert cli("import", str(xlsx), "-o", str(ttl), "--force").returncode == 0
    assert ttl.read_bytes() == first


def test_cli_template_from_a_file_and_unknown_profile(cli, tmp_path):
    done = cli("template", "--from", str(SHIPPED), "-o", str(tmp_path / "a.xlsx"))
    assert done.returncode == 0, done.stderr
    done = cli("template", "--from", "geen-profiel", "-o", str(tmp_path / "b.xlsx"))
    assert done.returncode == 2 and "--from geen-profiel" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "b.xlsx").exists()
    done = cli("template", "-o", str(tmp_path / "c.txt"))
    assert done.returncode == 2 and ".xlsx" in done.stderr


# ------------------------------------------------------------------ a new occupation, filled in by hand

FIETSENMAKER = {  # fictional test fixture: not a real BCP
    "Profiel": [[None, "Beroepscompetentieprofiel Fietsenmaker (fictief testprofiel)", None,
                 "Beroepscompetentieprofiel Fietsenmaker (fictief testprofiel)", None, 2026, "Fietsenmaker"]],
    "Vaststelling": [[None, "Vaststelling door de Sectorraad Tweewielers (fictief)", None, "2026-03-01",
                      "Sectorraad Tweewielers (fictief)", "Amersfoort"]],
    "Functiebenamingen": [[None, 1, "Fietsenmaker"], [None, 2, "Rijwielhersteller"]],
    "Beroepshouding": [[None, 1, "nauwkeurig werken"]],
    "Kerntaken": [[None, "1", "Herstelt fietsen"]],
    "Werkprocessen": [[None, "1", "1.1", "Stelt een diagnose", None, "De fietsenmaker zoekt de oorzaak."],
                      [None, "1", "1.2", "Voert reparaties uit", None, "De fietsenmaker repareert de fiets."]],
    "Resultaten": [[None, "1.1", 1, "De oorzaak is gevonden."], [None, "1.2", 1, "De fiets rijdt weer."]],
    "Kennis": [["1.1", 1, "onderdelen van fietsen"], ["1.2", 1, "onderdelen van fietsen"],
               ["1.2", 2, "producten en diensten van de organisatie"]],
    "Vaardigheden": [["1.2", 1, "gereedschap gebruiken"]],
    "Bronnen": [[None, 2, "Brancheschets tweewielers 2025 (fictief)"], [None, 1, "Fietsmonitor 2024 (fictief)"]],
    "Regelgeving": [[None, 1, "Wet bescherming persoonsgegevens"]],
    "Organisaties": [[None, "Sectorraad Tweewielers (fictief)", "vastgesteld door"]],
    "Sectorraad": [[None, 1, "Sectorraad Tweewielers (fictief)", "Kenniscentrum ECABO", "namens het onderwijs"]],
}
MATRIX = {"1.1": {"Analyseren": "x", "Vakdeskundigheid toepassen": "x"},
          "1.2": {"Kwaliteit leveren": 2, "Materialen en middelen inzetten": 1}}


def fill(template: Path, target: Path, sheets: dict, matrix: dict) -> Path:
    wb = load_workbook(template)
    for name, rows in sheets.items():
        for r, cells in enumerate(rows, start=3):
            for c, value in enumerate(cells, start=1):
                wb[name].cell(row=r, column=c, value=value)
    ws = wb["Competentiematrix"]
    header = {key(re.sub(r"^\d+ ", "", c.value)): c.column for c in ws[1][2:]}
    for r, (number, ticks) in enumerate(matrix.items(), start=3):
        ws.cell(row=r, column=1, value=number)
        for name, value in ticks.items():
            ws.cell(row=r, column=header[key(name)], value=value)
    wb.save(target)
    return target


def roles(graph: Graph) -> dict[str, str]:
    return {str(o): str(graph.value(o, SKOS.prefLabel)) for o in graph.objects(None, BCP.fromRole)}


def test_a_new_occupation_filled_in_imports_and_validates(empty, tmp_path, cli):
    path = fill(empty, tmp_path / "fietsenmaker.xlsx", FIETSENMAKER, MATRIX)
    out = tmp_path / "fietsenmaker.ttl"
    done = cli("import", str(path), "-o", str(out))
    assert done.returncode == 0, done.stderr
    g = read_rdf(out)
    profile = BCPID["fietsenmaker-2026"]
    assert (profile, RDF.type, BCP.Profile) in g
    wp = {str(g.value(w, SKOS.notation)): w for w in g.subjects(RDF.type, BCP.WorkProcess)}
    assert sorted(wp) == ["1.1", "1.2"]
    # x: national order; numbers: the order given
    assert list(Collection(g, g.value(wp["1.1"], BCP.competencyList))) == [
        COMP["vakdeskundigheid-toepassen"], COMP["analyseren"]]
    assert list(Collection(g, g.value(wp["1.2"], BCP.competencyList))) == [
        COMP["materialen-en-middelen-inzetten"], COMP["kwaliteit-leveren"]]
    shared = KENNIS["producten-en-diensten-van-de-organisatie"]
    assert list(Collection(g, g.value(wp["1.2"], BCP.knowledgeList)))[1] == shared
    assert (shared, SKOS.prefLabel, None) not in g  # a shared term is referred to, not redefined
    new = KENNIS["onderdelen-van-fietsen"]
    assert (new, SKOS.inScheme, None) in g and (new, SKOS.editorialNote, None) in g
    report = validate(str(out))
    assert report.conforms, [v.message for v in report.violations]


def test_a_filled_template_states_per_profile_facts_on_the_profiles_own_nodes(empty, tmp_path):
    g = read_template(fill(empty, tmp_path / "fietsenmaker.xlsx", FIETSENMAKER, MATRIX))
    profile = BCPID["fietsenmaker-2026"]
    assert stated_outside(g, profile) == []
    # sources and legislation: the direct link, and a citation of the profile with the position given
    sources = {int(g.value(c, SCHEMA.position)): g.value(c, BCP.cites) for c in g.objects(profile, BCP.sourceCitation)}
    assert sources == {1: DOCUMENT["fietsmonitor-2024-fictief"], 2: DOCUMENT["brancheschets-tweewielers-2025-fictief"]}
    assert set(g.objects(profile, URIRef("http://purl.org/dc/terms/source"))) == set(sources.values())
    (citation,) = g.objects(profile, BCP.legislationCitation)
    assert str(citation) == str(profile) + "/regelgeving/1"
    assert (profile, BCP.legislation, g.value(citation, BCP.cites)) in g
    assert g.value(citation, BCP.cites) == REGELGEVING["wet-bescherming-persoonsgegevens"]
    # a council seat: on the adoption, in the profile's namespace
    (seat,) = g.objects(URIRef(str(profile) + "/vaststelling"), BCP.councilSeat)
    assert str(seat) == str(profile) + "/vaststelling/zetel/1"
    assert g.value(seat, URIRef("http://www.w3.org/ns/org#member")) == ORGANISATIE["ecabo"]
    assert not set(g.subject_objects(BCP.canProgressTo))


def test_compare_works_on_the_imported_profiles(empty, filled, tmp_path, cli):
    new = tmp_path / "fietsenmaker.ttl"
    assert cli("import", str(fill(empty, tmp_path / "f.xlsx", FIETSENMAKER, MATRIX)), "-o", str(new)).returncode == 0
    cc = tmp_path / "cc.ttl"
    assert cli("import", str(filled), "-o", str(cc)).returncode == 0
    done = cli("compare", "contactcenter-medewerker-2010", "fietsenmaker-2026", "--data", str(cc), str(new),
               "--format", "json")
    assert done.returncode == 0, done.stderr
    assert "Analyseren".casefold() in done.stdout.casefold()


# ------------------------------------------------------------------ mistakes, with sheet, row and column


def mistakes_of(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        read_template(path)
    return str(caught.value)


def test_unknown_competency_is_reported_with_a_suggestion(empty, tmp_path):
    path = fill(empty, tmp_path / "fout.xlsx", FIETSENMAKER, MATRIX)
    wb = load_workbook(path)
    ws = wb["Competentiematrix"]
    column = next(c for c in ws[1] if c.value and c.value.endswith("Analyseren"))
    column.value = "13 Analyzeren"
    wb.save(path)
    text = mistakes_of(path)
    assert f"sheet Competentiematrix, row 1, column {column.column_letter}: unknown competency 'Analyzeren'" in text
    assert "did you mean 'Analyseren'?" in text


def test_missing_required_cell_wrong_number_and_ticks_for_a_missing_werkproces(empty, tmp_path):
    sheets = {**FIETSENMAKER,
              "Werkprocessen": [[None, "1", "2.1", "Stelt een diagnose", None, "Zoekt de oorzaak."],  # wrong number
                                [None, "1", "1.2", None, None, "Repareert."]],  # no name
              "Resultaten": [[None, "1.2", 1, "De fiets rijdt weer."]]}
    matrix = {**MATRIX, "1.7": {"Leren": "x"}}
    path = fill(empty, tmp_path / "fouten.xlsx", sheets, matrix)
    text = mistakes_of(path)
    assert "sheet Werkprocessen, row 3, column C: werkproces number '2.1' does not fit kerntaak 1" in text
    assert "sheet Werkprocessen, row 4, column D: Naam (nl) (Name (nl)) is required" in text
    assert "sheet Competentiematrix, row 5, column A: ticked cells for werkproces '1.7'" in text
    assert "sheet Kennis, row 3, column A: no werkproces '1.1'" in text  # 1.1 is now 2.1


def test_result_for_an_unknown_werkproces_and_a_bad_tick(empty, tmp_path):
    sheets = {**FIETSENMAKER, "Resultaten": [[None, "1.3", 1, "Bestaat niet."]]}
    path = fill(empty, tmp_path / "fout2.xlsx", sheets, {"1.1": {"Leren": "ja"}})
    text = mistakes_of(path)
    assert "sheet Resultaten, row 3, column B: no werkproces '1.3'" in text
    assert re.search(r"sheet Competentiematrix, row 3, column [A-Z]+: a ticked cell holds x or a number", text)


def test_cli_exit_codes_for_mistakes_and_for_a_profile_that_fails_validation(empty, tmp_path, cli):
    bad = fill(empty, tmp_path / "bad.xlsx", {**FIETSENMAKER, "Resultaten": [[None, "9.9", 1, "x"]]}, MATRIX)
    done = cli("import", str(bad), "-o", str(tmp_path / "bad.ttl"))
    assert done.returncode == 2 and "sheet Resultaten, row 3, column B" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "bad.ttl").exists()
    # no ticks at all: a werkproces without competencies fails validation (exit 1)
    invalid = fill(empty, tmp_path / "invalid.xlsx", FIETSENMAKER, {})
    done = cli("import", str(invalid), "-o", str(tmp_path / "invalid.ttl"))
    assert done.returncode == 1, done.stderr
    (tmp_path / "junk.xlsx").write_bytes(b"not a workbook")
    done = cli("import", str(tmp_path / "junk.xlsx"), "-o", str(tmp_path / "junk.ttl"))
    assert done.returncode == 2 and "not an .xlsx workbook" in done.stderr
