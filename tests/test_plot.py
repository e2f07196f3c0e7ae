"""The career picture (bcpgraph.plot): valid SVG and PNG, stable bytes, the layered layout."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import matplotlib.image
import networkx as nx
import pytest
import seedtext
from rdflib import Graph

from bcpgraph.analysis import career_network, example_graph
from bcpgraph.errors import InputError
from bcpgraph.namespaces import BEROEP, FUNCTIE
from bcpgraph.plot import career_layers, plot_career

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG = "{http://www.w3.org/2000/svg}"
OCCUPATION = str(BEROEP["contactcenter-medewerker"])


@pytest.fixture(scope="module")
def careers(graph):
    return career_network(graph)


@pytest.fixture(scope="module")
def svg(careers) -> bytes:
    return plot_career(careers, format="svg")


def svg_text(data: bytes) -> str:
    root = ET.fromstring(data)
    assert root.tag == f"{SVG}svg"
    return " ".join(t.text or "" for t in root.iter(f"{SVG}text"))


def test_svg_parses_and_names_every_role(careers, svg):
    text = svg_text(svg)
    for _, label in careers.nodes(data="label"):
        for word in label.split():
            assert word in text
    assert "Loopbaanperspectief – Contactcenter medewerker" in text
    assert sum(1 for _ in ET.fromstring(svg).iter()) > 100


def test_svg_names_the_steps_without_a_role(svg):
    if seedtext.seed_path() is None:
        pytest.skip("seed text not found (set BCPGRAPH_SEED)")
    text = seedtext.norm(svg_text(svg))
    for step in seedtext.read().career_steps:
        if step.to_role is None:
            assert step.phrase in text


def test_interpretation_edges_are_dashed_and_only_when_asked(graph, svg):
    assert b"stroke-dasharray" not in svg
    ladder = plot_career(career_network(graph, interpretations=True), format="svg")
    assert b"stroke-dasharray" in ladder
    assert "interpretatie" in svg_text(ladder)


def test_png_decodes_to_a_picture_with_content(careers):
    png = plot_career(careers, format="png")
    assert png.startswith(PNG_SIGNATURE)
    image = matplotlib.image.imread(io.BytesIO(png), format="png")
    assert image.shape[0] > 400 and image.shape[1] > 800
    rgb = image[..., :3]
    assert rgb.std() > 0.05
    orange = (rgb[..., 0] > 0.7) & (rgb[..., 1] > 0.35) & (rgb[..., 1] < 0.55) & (rgb[..., 2] < 0.3)
    blue = (rgb[..., 2] > 0.55) & (rgb[..., 0] < 0.3)
    assert orange.sum() > 500 and blue.sum() > 500  # outside and vertical edges both drawn


def test_the_same_network_gives_the_same_bytes(graph, careers, svg):
    again = career_network(graph)
    assert plot_career(again, format="svg") == svg
    assert plot_career(again, format="png") == plot_career(careers, format="png")


def test_a_title_can_be_given(careers):
    assert "Doorgroeien & meer" in svg_text(plot_career(careers, title="Doorgroeien & meer"))


def test_english_network_gives_an_english_picture(graph):
    text = svg_text(plot_career(career_network(graph, lang="en")))
    assert "Career perspective – Contact centre employee" in text
    assert "team leader" in text


def test_layers_count_stated_steps_from_the_occupation(graph, careers):
    layers = career_layers(careers)
    assert layers[OCCUPATION] == 0
    assert layers[str(FUNCTIE.teamleider)] == layers[str(FUNCTIE["junior-accountmanager"])] == 1
    assert layers[str(FUNCTIE.regiomanager)] == layers[str(FUNCTIE["senior-accountmanager"])] == 2
    # The ladder reading (senior -> regiomanager) does not move the regiomanager a column on.
    assert career_layers(career_network(graph, interpretations=True)) == layers


def test_layers_of_the_example_ignore_the_interpretation_shortcut():
    layers = career_layers(career_network(example_graph(), interpretations=True))
    assert sorted(layers.values()) == [0, 1, 2]


@pytest.mark.parametrize("network", [
    career_network(Graph()),
    nx.DiGraph([(str(FUNCTIE.a), str(FUNCTIE.b))]),
], ids=["empty", "two-roles-without-labels"])
@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_small_networks_still_give_a_picture(network, fmt):
    data = plot_career(network, format=fmt)
    if fmt == "svg":
        ET.fromstring(data)
    else:
        assert data.startswith(PNG_SIGNATURE)
        assert matplotlib.image.imread(io.BytesIO(data), format="png")[..., :3].std() > 0.01


def test_one_occupation_alone_is_drawn():
    network = nx.DiGraph()
    network.add_node(OCCUPATION, label="Contactcenter medewerker", kind="occupation")
    assert "Contactcenter medewerker" in svg_text(plot_career(network))


def test_unknown_format_is_refused(careers):
    with pytest.raises(InputError, match="unknown picture format 'pdf'"):
        plot_career(careers, format="pdf")
