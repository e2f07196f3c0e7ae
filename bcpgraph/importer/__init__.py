"""Import a BCP document (the ECABO/OOCC format of around 2010, as ``.txt`` extracted from the PDF
or the ``.pdf`` itself) as a profile graph, and measure an import against a curated profile.

>>> import tempfile, pathlib
>>> from bcpgraph.importer.text import SAMPLE
>>> path = pathlib.Path(tempfile.mkdtemp()) / "voorbeeld.txt"
>>> _ = path.write_text(SAMPLE, encoding="utf-8")
>>> imported = import_document(path)
>>> str(imported.profile)
'https://w3id.org/bcpgraph/id/bcp/voorbeeldberoep-2011'
>>> any("no adoption" in item.reason for item in imported.review)
True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

from ..errors import ArgumentError, InputError
from ..graph import ontology, read_rdf
from .build import Vocabulary, build
from .compare import KINDS, compare_graphs, compare_table
from .review import review_json, review_text
from .text import Document, Leftover, NotABcp, parse_text

__all__ = ["import_document", "read_document", "compare_import", "Imported", "Leftover", "KINDS",
           "compare_table", "review_text", "review_json", "is_template"]

#: Larger files are refused: a BCP is some tens of pages.
MAX_DOCUMENT_BYTES = 50_000_000


@dataclass(frozen=True)
class Imported:
    """An imported profile: its graph (the profile only), what could not be placed, the reading."""

    graph: Graph
    review: tuple[Leftover, ...]
    document: Document
    source: str

    @property
    def profile(self) -> URIRef:
        return URIRef(f"https://w3id.org/bcpgraph/id/bcp/{self.graph_slug}")

    @property
    def graph_slug(self) -> str:
        from .text import slug
        return f"{slug(self.document.occupation)}-{self.document.year}"

    def turtle(self) -> str:
        """The profile as Turtle, the same bytes for the same document."""
        header = (f"# Profile imported by `bcpgraph import` from {Path(self.source).name}.\n"
                  "# Dutch texts as in the document; English labels are left out on purpose (not invented).\n"
                  "# New terms (not yet in the shared vocabularies) carry a skos:editorialNote saying so.\n\n")
        return header + self.graph.serialize(format="turtle")


def read_document(path: str | Path) -> str:
    """The text of the document at ``path``: a PDF's text layer (``.pdf``), else UTF-8 text."""
    if not isinstance(path, (str, Path)):
        raise ArgumentError(f"import: path is a str or pathlib.Path, not {type(path).__name__}")
    path = Path(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise InputError(f"{path}: not a file")
        if size > MAX_DOCUMENT_BYTES:
            raise InputError(f"{path}: {size} bytes; a BCP document is at most {MAX_DOCUMENT_BYTES} bytes")
        if path.suffix.lower() == ".pdf":
            from .pdf import pdf_text
            return pdf_text(path)
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: not readable (permission denied)") from None
    if data.startswith(b"%PDF"):
        from .pdf import pdf_text
        return pdf_text(path)
    if b"\x00" in data:
        raise InputError(f"{path}: not a text file (it holds NUL bytes); give the .txt or the .pdf of a BCP")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start}); save the text as UTF-8") from None


def import_document(path: str | Path, *, vocabulary: Graph | None = None) -> Imported:
    """Read the BCP document at ``path`` and build its profile graph (see :mod:`.build`).

    A text that is not a BCP raises :class:`~bcpgraph.errors.InputError` saying what is missing;
    nothing is built from it. ``vocabulary`` (default: the shipped ontology, competency scheme and
    vocabularies) is where shared terms are looked up.
    """
    text = read_document(path)
    try:
        doc = parse_text(text)
    except NotABcp as exc:
        raise InputError(f"{path}: not a BCP document in the format bcpgraph imports: {exc}") from None
    vocab = Vocabulary(vocabulary if vocabulary is not None else ontology())
    graph, leftovers = build(doc, vocab, source_name=Path(path).name)
    return Imported(graph=graph, review=tuple(leftovers), document=doc, source=str(path))


def is_template(path: str | Path) -> bool:
    """Whether ``path`` names a spreadsheet template (``.xlsx``, see :mod:`.template`)."""
    return Path(path).suffix.lower() == ".xlsx"


def compare_import(curated: str | Path, document: str | Path) -> dict:
    """Import ``document`` (a BCP document, or a filled template ``.xlsx``) and compare its links
    with the curated profile file ``curated``, per kind (see :mod:`.compare` for how links are matched)."""
    shipped = ontology()
    shared = set(shipped.subjects())
    curated_graph = read_rdf(curated)
    if is_template(document):
        from .template import read_template
        imported_graph = read_template(document, vocabulary=shipped)
    else:
        imported_graph = import_document(document, vocabulary=shipped).graph
    return compare_graphs(curated_graph + shipped, imported_graph + shipped, shared,
                          curated_name=str(curated), imported_name=str(document))


