"""Every shipped Turtle file survives a trip through JSON-LD and N-Triples unchanged.

"Unchanged" means isomorphic (rdflib.compare), so blank nodes may be renamed but nothing else:
a literal that loses its datatype or language, an IRI resolved against the wrong base, or a list
that comes back different fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data" / "contactcenter.ttl"
# rdflib's own JSON-LD parser still uses ConjunctiveGraph internally; that is not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

FILES = sorted({*REPO.glob("ontology/*.ttl"), *REPO.glob("vocabularies/*.ttl"), *REPO.glob("data/*.ttl"), DATA})


def _context(graph: Graph) -> dict[str, str]:
    """The graph's own prefixes as an inline JSON-LD context (so nothing is fetched)."""
    return {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix}


def _trip(graph: Graph, fmt: str, **options) -> Graph:
    text = graph.serialize(format=fmt, **options)
    if fmt == "json-ld":
        json.loads(text)  # well-formed JSON, whatever rdflib makes of it
    return Graph().parse(data=text, format=fmt)


def _explain(a: Graph, b: Graph) -> str:
    _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
    lines = [f"{len(a)} vs {len(b)} triples"]
    lines += [f"  lost:  {t}" for t in sorted(only_a)[:10]]
    lines += [f"  added: {t}" for t in sorted(only_b)[:10]]
    return "\n".join(lines)


TRIPS = {
    "json-ld": ("json-ld", {}),
    "json-ld-compact": ("json-ld", {"auto_compact": True}),
    "n-triples": ("nt", {}),
}


@pytest.mark.parametrize("trip", TRIPS)
@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_turtle_round_trips(path: Path, trip: str):
    if not path.is_file():
        pytest.fail(f"{path} does not exist")
    original = Graph().parse(path, format="turtle")
    assert len(original) > 0
    fmt, options = TRIPS[trip]
    if trip == "json-ld-compact":
        options = {**options, "context": _context(original)}
    back = _trip(original, fmt, **options)
    assert isomorphic(original, back), _explain(original, back)


@pytest.mark.parametrize("compact", [False, True], ids=["expanded", "compacted"])
def test_bcpgraph_reads_back_the_json_ld_rdflib_writes(tmp_path, compact):
    """rdflib writes expanded JSON-LD (a top-level array); bcpgraph.load must read it, as it
    reads compacted JSON-LD with an inline context."""
    import bcpgraph
    from bcpgraph.graph import read_rdf

    shipped = bcpgraph.load()
    options = {"auto_compact": True, "context": _context(shipped)} if compact else {}
    text = shipped.serialize(format="json-ld", **options)
    assert isinstance(json.loads(text), dict if compact else list)
    path = tmp_path / "profile.jsonld"
    path.write_text(text, encoding="utf-8")
    back = read_rdf(path)  # what bcpgraph.load and bcpgraph.validate do with a .jsonld file
    assert isomorphic(shipped, back), _explain(shipped, back)
