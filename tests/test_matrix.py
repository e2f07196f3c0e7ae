"""The competentiematrix (bcpgraph.matrix) against the seed, and its five renderings.

Counts come from the seed through :mod:`seedtext`; the national order of the 25 competencies from
the competency scheme read with plain rdflib.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser

import matplotlib.image
import numpy as np
import pytest
import seedtext
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS
from seedtext import norm

import bcpgraph
from bcpgraph.matrix import (
    Matrix, competency_matrix, to_csv, to_html, to_markdown, wrap,
)
from bcpgraph.namespaces import BCP, COMPETENCY_SCHEME
from bcpgraph.plot import matrix_png as to_png
from bcpgraph.plot import matrix_svg as to_svg

if seedtext.seed_path() is None:
    pytest.skip("seed text not found (set BCPGRAPH_SEED)", allow_module_level=True)

SEED = seedtext.read()
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def m(graph) -> Matrix:
    return competency_matrix(graph)


@pytest.fixture(scope="module")
def svg(m) -> bytes:
    return to_svg(m)


@pytest.fixture(scope="module")
def png(m) -> bytes:
    return to_png(m)


def national(graph: Graph) -> list[tuple[str, str, set[str]]]:
    """(notation, prefLabel@nl, all normalised @nl labels) of the 25, in national order."""
    out = []
    for c in graph.subjects(SKOS.inScheme, COMPETENCY_SCHEME):
        labels = {norm(v) for p in (SKOS.prefLabel, SKOS.altLabel) for v in graph.objects(c, p)
                  if isinstance(v, Literal) and v.language == "nl"}
        pref = next(str(v) for v in graph.objects(c, SKOS.prefLabel) if v.language == "nl")
        out.append((str(graph.value(c, SKOS.notation)), pref, labels))
    return sorted(out, key=lambda x: int(x[0]))


def seed_column_totals(graph: Graph) -> list[int]:
    counts = Counter(norm(c) for wp in SEED.work_processes for c in wp.competencies)
    return [sum(n for name, n in counts.items() if name in labels)
            for _, _, labels in national(graph)]


# ------------------------------------------------------------------ the matrix itself


def test_matrix_is_7_werkprocessen_by_25_competencies_with_47_links(m):
    assert (len(m.rows), len(m.columns)) == (7, 25)
    assert len(m.cells) == 7 and all(len(row) == 25 for row in m.cells)
    assert sum(cell for row in m.cells for cell in row) == m.total == 47


def test_rows_are_the_seed_werkprocessen_in_order(m):
    assert [n for n, _ in m.rows] == [wp.number for wp in SEED.work_processes]
    assert [norm(t) for _, t in m.rows] == [norm(wp.title) for wp in SEED.work_processes]
    assert m.row_totals == tuple(len(wp.competencies) for wp in SEED.work_processes)
    assert m.row_groups == tuple(wp.core_task for wp in SEED.work_processes)
    assert [n for n, _ in m.groups] == [t.number for t in SEED.core_tasks]


def test_columns_are_the_national_25_in_national_order(m, graph):
    assert m.columns == tuple((n, label) for n, label, _ in national(graph))
    assert [n for n, _ in m.columns] == [str(i) for i in range(1, 26)]


def test_column_totals_equal_the_seed_counts(m, graph):
    assert list(m.column_totals) == seed_column_totals(graph)
    assert sum(1 for t in m.column_totals if t) == 14  # DOMAIN.md: 14 of the 25 used


def test_cells_follow_the_seed_lists(m, graph):
    labels = [lab for _, _, lab in national(graph)]
    for wp, row in zip(SEED.work_processes, m.cells, strict=True):
        wanted = {norm(c) for c in wp.competencies}
        assert row == tuple(bool(wanted & names) for names in labels)


def test_matrix_agrees_with_the_sparql_query(m, graph):
    rows = bcpgraph.query("competency-matrix", graph=graph)
    needed = {(str(r["werkprocesNotation"]), str(r["notation"])) for r in rows
              if r["needed"].toPython()}
    ours = {(wp, comp) for (wp, _), row in zip(m.rows, m.cells, strict=True)
            for (comp, _), cell in zip(m.columns, row, strict=True) if cell}
    assert ours == needed


def test_matrix_is_frozen(m):
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.rows = ()  # type: ignore[misc]


def test_english_matrix(graph):
    en = competency_matrix(graph, lang="en")
    assert en.title == "Competency matrix – Contact centre employee"
    assert en.columns[18] == ("19", "Delivering quality")
    assert en.cells == competency_matrix(graph).cells


def test_matrix_of_one_profile_by_iri(graph, m):
    profile = next(graph.subjects(RDF.type, BCP.Profile))
    assert competency_matrix(graph, profile=str(profile)).cells == m.cells
    assert competency_matrix(graph, profile="https://example.org/none").rows == ()


# ------------------------------------------------------------------ empty and one-row matrices


def one_werkproces() -> Graph:
    g = Graph()
    wp = URIRef("https://w3id.org/bcpgraph/id/bcp/x/werkproces/1.1")
    g.add((wp, RDF.type, BCP.WorkProcess))
    g.add((wp, SKOS.notation, Literal("1.1")))
    g.add((wp, SKOS.prefLabel, Literal("Doet <iets> & meer", lang="nl")))
    return g


@pytest.mark.parametrize("make", [Graph, one_werkproces])
def test_small_graphs_render_everywhere(make):
    small = competency_matrix(make())
    assert small.column_totals == () and small.total == 0
    assert to_csv(small).count("\r\n") == 1 + len(small.rows)
    assert "Totaal" in to_markdown(small)
    assert to_html(small).rstrip().endswith("</html>")
    ET.fromstring(to_svg(small))
    assert to_png(small).startswith(PNG_SIGNATURE)


def test_html_escapes_text():
    page = to_html(competency_matrix(one_werkproces()))
    assert "Doet &lt;iets&gt; &amp; meer" in page and "<iets>" not in page


# ------------------------------------------------------------------ text renderings


def test_csv_has_a_row_per_werkproces_and_a_column_per_competency(m):
    rows = list(csv.reader(io.StringIO(to_csv(m))))
    assert len(rows) == 8 and all(len(r) == 27 for r in rows)
    assert [norm(r[1]) for r in rows[1:]] == [norm(wp.title) for wp in SEED.work_processes]
    assert rows[0][2:] == [f"{n} {label}" for n, label in m.columns]
    assert sum(int(v) for r in rows[1:] for v in r[2:]) == 47


def test_markdown_has_every_title_marks_and_totals(m, graph):
    text = to_markdown(m)
    for wp in SEED.work_processes:
        assert norm(wp.title) in norm(text)
    assert text.count("✓") == 47 + 1  # the marks, and the legend
    total_row = next(line for line in text.splitlines() if line.startswith("| **Totaal**"))
    cells = [c.strip() for c in total_row.strip("|").split("|")]
    assert [int(c) for c in cells[1:-1]] == seed_column_totals(graph)
    for _, label, _ in national(graph):
        assert label in text


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.stack: list[str] = []
        self.footer: list[str] = []
        self.title = ""

    def handle_starttag(self, tag, attrs):
        if tag not in ("meta", "br"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1:]}>"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)
        if "tfoot" in self.stack and data.strip():
            self.footer.append(data.strip())
        if self.stack and self.stack[-1] == "title":
            self.title += data


def test_html_is_a_balanced_page_with_titles_marks_and_totals(m, graph):
    parser = _Text()
    parser.feed(to_html(m))
    parser.close()
    assert parser.stack == []
    assert parser.title == "Competentiematrix – Contactcenter medewerker"
    text = norm(" ".join(parser.text))
    for wp in SEED.work_processes:
        assert norm(wp.title) in text
    assert "".join(parser.text).count("✓") == 47 + 1
    assert [int(v) for v in parser.footer[1:-1]] == seed_column_totals(graph)
    assert parser.footer[-1] == "47"


# ------------------------------------------------------------------ pictures


def test_svg_parses_and_holds_the_labels(svg):
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert sum(1 for _ in root.iter()) > 300
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "Kwaliteit leveren" in texts and "1.1" in texts and "47" in texts
    assert texts.count("✓") >= 47


def test_svg_and_png_are_the_same_bytes_every_time(graph, svg, png):
    again = competency_matrix(graph)
    assert to_svg(again) == svg
    assert to_png(again) == png
    assert b"<dc:date>" not in svg


def test_png_decodes_to_a_picture_with_content(png):
    assert png.startswith(PNG_SIGNATURE)
    image = matplotlib.image.imread(io.BytesIO(png), format="png")
    height, width = image.shape[:2]
    assert width > 1000 and height > 1000
    rgb = image[..., :3]
    assert rgb.std() > 0.05  # not blank
    blue = (rgb[..., 2] > 0.5) & (rgb[..., 0] < 0.3)  # the filled cells
    assert blue.mean() > 0.01
    packed = (rgb * 255).astype(np.uint32) @ np.array([1 << 16, 1 << 8, 1], dtype=np.uint32)
    assert len(np.unique(packed)) > 50  # text is anti-aliased: many shades


def test_wrap_breaks_long_titles_without_losing_words():
    title = "Verzamelt klant-, product- en/of marktinformatie"
    lines = wrap(title, 16, lines=10)
    assert " ".join(lines).replace("/ ", "/") == title
    assert all(len(line) <= 16 for line in lines)
