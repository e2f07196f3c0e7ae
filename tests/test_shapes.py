"""The SHACL shapes (ontology/shapes.ttl), tested with data: tests/shapes/valid and invalid.

- Every ``tests/shapes/valid/*.ttl`` conforms, without violations or warnings.
- Every ``tests/shapes/invalid/*.ttl`` is the valid minimal profile with one defect. Its header
  names the shape that must catch it and the severity::

      # expect-shape: bcpsh:WorkProcessCompetencyShape
      # expect-severity: Violation

  The defect must be reported by that shape with that severity, and by no other shape (so each
  fixture really holds a single defect). ``conforms`` is False for a violation, True for a
  warning.
- Every shape that can be a result's ``sh:sourceShape`` is named by at least one fixture and has
  a message in Dutch and English; a shape that only groups property shapes, or a helper used
  through ``sh:node``, is never a source shape and has no message (it would never be shown).
  Every shape is a named IRI with a label in Dutch and English.

Fixtures hold only the profile data: :func:`bcpgraph.validate` adds the shipped ontology and
competency scheme itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH

import bcpgraph

REPO = Path(__file__).resolve().parent.parent
SHAPES_FILE = REPO / "ontology" / "shapes.ttl"
FIXTURES = Path(__file__).resolve().parent / "shapes"
VALID = sorted((FIXTURES / "valid").glob("*.ttl"))
INVALID = sorted((FIXTURES / "invalid").glob("*.ttl"))

BCPSH = "https://w3id.org/bcpgraph/def/shapes/"
SHAPES_ONTOLOGY = URIRef("https://w3id.org/bcpgraph/def/shapes")
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")

# Predicates of a shape that are not constraint parameters: a shape with nothing else only
# groups property shapes (sh:property) and is never itself a result's sh:sourceShape.
_NOT_CONSTRAINTS = {
    RDF.type, RDFS.label, RDFS.comment, SH.name, SH.description, SH.message, SH.severity,
    SH.deactivated, SH.order, SH.group, SH.path, SH.property,
    SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
}
_HEADER = re.compile(r"^#\s*expect-(shape|severity):\s*(\S+)\s*$", re.MULTILINE)


def _shapes_graph() -> Graph:
    return Graph().parse(SHAPES_FILE)


def _named_shapes(shapes: Graph) -> set[URIRef]:
    found = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    return {s for s in found if isinstance(s, URIRef)}


_TARGETS = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf}


def _constraint_shapes(shapes: Graph) -> set[URIRef]:
    """Named shapes with a constraint of their own (these can be a result's source shape)."""
    return {s for s in _named_shapes(shapes) if set(shapes.predicates(s)) - _NOT_CONSTRAINTS}


def _helper_shapes(shapes: Graph) -> set[URIRef]:
    """Named shapes without targets that no shape holds as sh:property: used only inside a
    logical constraint (sh:and, sh:or ...), they are never a result's source shape."""
    return {s for s in _named_shapes(shapes)
            if not set(shapes.predicates(s)) & _TARGETS and (None, SH.property, s) not in shapes
            and (None, RDF.first, s) in shapes}


def _source_shapes(shapes: Graph) -> set[URIRef]:
    """The shapes that can appear as a result's sh:sourceShape."""
    return _constraint_shapes(shapes) - _helper_shapes(shapes)


def _expectation(path: Path) -> tuple[URIRef, str]:
    header = dict(_HEADER.findall(path.read_text(encoding="utf-8")))
    assert "shape" in header and "severity" in header, f"{path.name}: no expect-shape/expect-severity header"
    prefix, _, local = header["shape"].partition(":")
    assert prefix == "bcpsh", f"{path.name}: expect-shape must be a bcpsh: name"
    assert header["severity"] in {"Violation", "Warning", "Info"}, f"{path.name}: unknown severity"
    return URIRef(BCPSH + local), header["severity"]


def _data(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def _describe(report) -> str:
    return "\n".join(
        f"  {r.severity} {r.source_shape} on {r.focus_label or r.focus}: {r.message}" for r in report.results
    ) or "  (no results)"


# ---------------------------------------------------------------- data-driven


def test_there_are_fixtures():
    assert VALID, "no tests/shapes/valid/*.ttl"
    assert INVALID, "no tests/shapes/invalid/*.ttl"


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_fixture_conforms(path: Path):
    report = bcpgraph.validate(_data(path))
    assert report.conforms, f"{path.name} should conform:\n{_describe(report)}"
    assert not report.results, f"{path.name} should raise nothing, not even warnings:\n{_describe(report)}"


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_raises_its_shape(path: Path):
    shape, severity = _expectation(path)
    report = bcpgraph.validate(_data(path))
    hits = [r for r in report.results if r.source_shape == shape]
    assert hits, f"{path.name}: expected a result from {shape}, got:\n{_describe(report)}"
    assert {r.severity for r in hits} == {severity}, f"{path.name}:\n{_describe(report)}"
    assert all(r.message for r in hits), f"{path.name}: result without a message"
    others = {r.source_shape for r in report.results} - {shape}
    assert not others, f"{path.name} holds more than one defect:\n{_describe(report)}"
    assert report.conforms is (severity != "Violation")


def test_shipped_ontology_scheme_and_vocabularies_alone_raise_nothing_but_the_missing_profile():
    """The ontology's own terms (classes, bcp:necessary, the 25 competencies) and the shared
    vocabularies are mixed into the data graph when validating; they must not produce results of
    their own. An empty graph holds no profile, and that is all the report says."""
    report = bcpgraph.validate(Graph())
    assert [r.source_shape for r in report.results] == [URIRef(BCPSH + "ProfilePresentCheck")], _describe(report)


# ---------------------------------------------------------------- the shapes file itself


def test_every_constraint_shape_has_an_invalid_fixture():
    shapes = _shapes_graph()
    expected = {_expectation(p)[0] for p in INVALID}
    missing = sorted(_source_shapes(shapes) - expected)
    assert not missing, f"shapes without an invalid fixture: {missing}"


def test_every_grouping_shape_groups_covered_property_shapes():
    shapes = _shapes_graph()
    expected = {_expectation(p)[0] for p in INVALID}
    for shape in _named_shapes(shapes) - _constraint_shapes(shapes) - _helper_shapes(shapes):
        members = set(shapes.objects(shape, SH.property))
        assert members, f"{shape} has neither constraints nor property shapes"
        assert members <= expected, f"{shape}: property shapes without fixture: {sorted(members - expected)}"


def test_fixtures_name_existing_shapes():
    named = _named_shapes(_shapes_graph())
    for path in INVALID:
        shape, _ = _expectation(path)
        assert shape in named, f"{path.name}: {shape} is not a shape in shapes.ttl"


def _langs(shapes: Graph, shape, predicate) -> list[str]:
    return sorted(o.language for o in shapes.objects(shape, predicate) if isinstance(o, Literal))


def test_every_shape_has_a_dutch_and_english_label():
    shapes = _shapes_graph()
    for shape in _named_shapes(shapes):
        assert _langs(shapes, shape, RDFS.label) == ["en", "nl"], shape
    assert _helper_shapes(shapes) == {URIRef(BCPSH + "RdfListShape")}


def test_messages_exactly_where_they_can_be_shown():
    """A source shape has one message in Dutch and one in English; a grouping or helper shape has
    none, since no result ever carries it."""
    shapes = _shapes_graph()
    sources = _source_shapes(shapes)
    assert len(sources) > 40 and (URIRef(BCPSH + "PrefLabelEnShape") in sources)
    for shape in sources:
        assert _langs(shapes, shape, SH.message) == ["en", "nl"], shape
    silent = _named_shapes(shapes) - sources
    assert URIRef(BCPSH + "ProfileShape") in silent and URIRef(BCPSH + "RdfListShape") in silent
    for shape in silent:
        assert not _langs(shapes, shape, SH.message), f"{shape}: a message that is never shown"


def test_every_property_shape_is_named_and_has_a_name():
    """Property shapes of named shapes are named (so a result says which rule failed); blank
    property shapes occur only inside helpers (sh:or, sh:not, sh:node) and are never reported."""
    shapes = _shapes_graph()
    named = _named_shapes(shapes)
    anonymous = [(s, o) for s, o in shapes.subject_objects(SH.property)
                 if s in named - _helper_shapes(shapes) and isinstance(o, BNode)]
    assert not anonymous, f"property shapes must be named IRIs: {anonymous}"
    targeted = [s for s in shapes.subjects(SH.path, None) if set(shapes.predicates(s)) & _TARGETS]
    assert all(isinstance(s, URIRef) for s in targeted)
    for shape in (s for s in shapes.subjects(SH.path, None) if isinstance(s, URIRef)):
        assert str(shape).startswith(BCPSH), shape
        langs = {o.language for o in shapes.objects(shape, SH.name)}
        assert {"nl", "en"} <= langs, f"{shape}: sh:name lacks nl or en"


def test_shapes_header():
    shapes = _shapes_graph()
    assert (SHAPES_ONTOLOGY, RDF.type, OWL.Ontology) in shapes
    assert (SHAPES_ONTOLOGY, DCTERMS.license, CC_BY) in shapes
    assert str(shapes.value(SHAPES_ONTOLOGY, OWL.versionInfo)) == "0.2.0"
    assert {o.language for o in shapes.objects(SHAPES_ONTOLOGY, RDFS.label)} >= {"nl", "en"}


def test_messages_use_only_this_and_value_placeholders():
    """pySHACL drops the language tag of a filled-in SPARQL message, so a reader fills in
    sh:message@lang itself; it knows the focus node and the value, nothing else."""
    shapes = _shapes_graph()
    for shape, message in shapes.subject_objects(SH.message):
        placeholders = set(re.findall(r"\{[$?]\w+\}", str(message)))
        assert placeholders <= {"{$this}", "{?value}"}, f"{shape}: {sorted(placeholders)}"
