"""The spreadsheet template (``.xlsx``) for writing a profile without Turtle: write it empty or
filled from a profile, and read it back as a profile graph.

Sheets: instructions (Dutch and English), one sheet per part of a profile, the competentiematrix
(werkprocessen × the 25 national competencies, ticked as the printed BCPs do), ``Overig`` with
every triple no other sheet models (subject, predicate, object), and a hidden ``Lijsten`` sheet
that feeds the drop-down lists. A filled template of a profile reads back as the same graph
(isomorphic): what the sheets model is read from them, the rest from ``Overig``.

Cells that name a shared term (competency, knowledge item, skill, role, organisation, ...) hold its
Dutch label (as in the drop-down list) or a prefixed IRI (``kennis:…``); a label that is not in the
shared vocabularies makes a new term (Dutch label only). IDs are paths under the profile's IRI
(``werkproces/1.1``), prefixed or ``<full>`` IRIs, or ``_:label`` for a node without IRI; an empty
ID is made from the row (number, position or label).

>>> wb = template_workbook()
>>> wb.sheetnames[:3]
['Instructies', 'Profiel', 'Vaststelling']
>>> len(wb["Competentiematrix"][1]) - 2
25
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, SKOS, XSD

from ..errors import InputError, suggest
from ..graph import bind_prefixes
from ..namespaces import (BCP, BCPID, BEROEP, COMPETENCY_SCHEME, DOCUMENT, FUNCTIE, KENNIS, ORGANISATIE, PLAATS,
                          PREFIXES, REGELGEVING, SCHEMA, VAARDIGHEID)
from .build import NEW_TERM_NOTE
from .text import norm, slug, variant_key

__all__ = ["template_workbook", "write_template", "read_template", "SHEETS"]

KENNIS_SCHEME = URIRef("https://w3id.org/bcpgraph/id/kennis")
SKILL_SCHEME = URIRef("https://w3id.org/bcpgraph/id/vaardigheden")
#: A template is a few hundred kilobytes; larger files are refused before they are opened.
MAX_TEMPLATE_BYTES = 20_000_000
MAX_UNPACKED_BYTES = 200_000_000
MATRIX, EXTRA, LISTS, INSTRUCTIONS = "Competentiematrix", "Overig", "Lijsten", "Instructies"
_FIXED_TIME = dt.datetime(2000, 1, 1)


@dataclass(frozen=True)
class Vocab:
    """A closed or open list of shared terms: members of ``classes``; new ones (open lists only)
    are minted in ``namespace`` with ``types`` (and ``scheme``)."""

    classes: tuple[URIRef, ...]
    closed: bool = False
    namespace: object = None
    types: tuple[URIRef, ...] = ()
    scheme: URIRef | None = None


VOCABS: dict[str, Vocab] = {
    "competency": Vocab((), closed=True),
    "knowledge": Vocab((BCP.KnowledgeItem,), namespace=KENNIS, types=(SKOS.Concept, BCP.KnowledgeItem),
                       scheme=KENNIS_SCHEME),
    "skill": Vocab((BCP.Skill,), namespace=VAARDIGHEID, types=(SKOS.Concept, BCP.Skill), scheme=SKILL_SCHEME),
    "occupation": Vocab((BCP.Occupation,), namespace=BEROEP, types=(BCP.Occupation,)),
    "role": Vocab((BCP.Occupation, BCP.Role), namespace=FUNCTIE, types=(BCP.Role,)),
    "organisation": Vocab((BCP.Organisation,), namespace=ORGANISATIE, types=(BCP.Organisation,)),
    "document": Vocab((BCP.SourceDocument,), namespace=DOCUMENT, types=(BCP.SourceDocument,)),
    "legislation": Vocab((BCP.Legislation,), namespace=REGELGEVING, types=(BCP.Legislation,)),
    "place": Vocab((BCP.Place,), namespace=PLAATS, types=(BCP.Place,)),
    "direction": Vocab((BCP.CareerDirection,), closed=True),
    "orgrole": Vocab((BCP.OrganisationRole,), closed=True),
    "constituency": Vocab((BCP.Constituency,), closed=True),
}


@dataclass(frozen=True)
class Column:
    """One column: ``kind`` says what a cell holds — ``nl``/``en`` (text in that language),
    ``int``, ``plain`` (untagged text), ``gyear``, ``date``, ``bool``, ``ref`` (a node: ID,
    prefixed IRI, or a term of ``vocab``), ``parent`` (the number of the row's kerntaak or
    werkproces)."""

    nl: str
    en: str
    predicate: URIRef | None
    kind: str
    vocab: str | None = None
    required: bool = False


@dataclass(frozen=True)
class Sheet:
    """Rows of one kind of resource: those linked by ``link`` from the profile (or from the row's
    parent, see the ``parent`` column, or from the one node of the sheet ``owner``), or else all of
    ``types`` in the profile. ``direct``: the profile also links, by this property, to the shared
    term a row cites (``bcp:cites``), as ``dcterms:source`` beside a source citation."""

    name: str
    en: str
    types: tuple[URIRef, ...]
    link: URIRef | None
    id_pattern: str
    columns: tuple[Column, ...]
    parent_sheet: str | None = None
    own_types: bool = True  # the sheet's rows say rdf:type
    owner: str | None = None
    direct: URIRef | None = None


def _c(nl, en, predicate, kind, vocab=None, required=False) -> Column:
    return Column(nl, en, predicate, kind, vocab, required)


_LABEL = (_c("Naam (nl)", "Name (nl)", SKOS.prefLabel, "nl", required=True),
          _c("Naam (en)", "Name (en)", SKOS.prefLabel, "en"))
_NAME = (_c("Naam (nl)", "Name (nl)", SKOS.prefLabel, "nl"), _LABEL[1])  # optional
_SECTION = _c("Sectie", "Section", BCP.seedSection, "ref")
_POSITION = _c("Positie", "Position", SCHEMA.position, "int")

SHEETS: tuple[Sheet, ...] = (
    Sheet("Profiel", "Profile and adoption", (BCP.Profile,), None, "", (
        *_NAME,
        _c("Titel (nl)", "Title (nl)", DCTERMS.title, "nl"), _c("Titel (en)", "Title (en)", DCTERMS.title, "en"),
        _c("Jaar", "Year", DCTERMS.date, "gyear"),
        _c("Beroep", "Occupation", BCP.occupation, "ref", "occupation", required=True),
        _c("Taal", "Language", DCTERMS.language, "plain"),
    )),
    Sheet("Vaststelling", "Adoption", (BCP.Adoption,), BCP.adoption, "vaststelling", (
        *_LABEL, _c("Datum", "Date", BCP.adoptionDate, "date", required=True),
        _c("Vastgesteld door", "Adopted by", PROV.wasAssociatedWith, "ref", "organisation", required=True),
        _c("Plaats", "Place", PROV.atLocation, "ref", "place"), _SECTION,
    )),
    Sheet("Beschrijving", "Description", (BCP.Profile,), None, "", (
        _c("Beroepsbeschrijving (nl)", "Role description (nl)", BCP.roleDescription, "nl"),
        _c("Beroepsbeschrijving (en)", "Role description (en)", BCP.roleDescription, "en"),
        _c("Wettelijke eisen?", "Legal requirements?", BCP.legalRequirementsApply, "bool"),
    ), own_types=False),
    Sheet("Functiebenamingen", "Job titles", (BCP.JobTitle,), BCP.jobTitle, "functiebenaming/{slug}",
          (_POSITION, *_LABEL, _SECTION)),
    Sheet("Beroepshouding", "Attitudes", (BCP.Attitude,), BCP.attitude, "beroepshouding/{position}",
          (_POSITION, *_LABEL, _SECTION)),
    Sheet("Loopbaan", "Careers", (BCP.CareerTransition,), BCP.careerTransition, "loopbaanstap/{position}", (
        _POSITION,
        _c("Van functie", "From role", BCP.fromRole, "ref", "role", required=True),
        _c("Richting", "Direction", BCP.careerDirection, "ref", "direction", required=True),
        _c("Naar functie", "To role", BCP.toRole, "ref", "role"),
        *_LABEL,
        _c("Omschrijving (nl)", "Description (nl)", DCTERMS.description, "nl"),
        _c("Omschrijving (en)", "Description (en)", DCTERMS.description, "en"), _SECTION,
    )),
    Sheet("Kerntaken", "Core tasks", (BCP.CoreTask,), BCP.coreTask, "kerntaak/{number}", (
        _c("Nummer", "Number", SKOS.notation, "plain", required=True), *_LABEL, _SECTION,
    )),
    Sheet("Werkprocessen", "Work processes", (BCP.WorkProcess,), BCP.workProcess, "werkproces/{number}", (
        _c("Kerntaak", "Core task", BCP.workProcess, "parent", required=True),
        _c("Nummer", "Number", SKOS.notation, "plain", required=True), *_LABEL,
        _c("Beschrijving (nl)", "Description (nl)", DCTERMS.description, "nl"),
        _c("Beschrijving (en)", "Description (en)", DCTERMS.description, "en"), _SECTION,
    ), parent_sheet="Kerntaken"),
    Sheet("Resultaten", "Results", (BCP.Result,), BCP.result, "werkproces/{parent}/resultaat/{position}", (
        _c("Werkproces", "Work process", BCP.result, "parent", required=True), _POSITION, *_LABEL, _SECTION,
    ), parent_sheet="Werkprocessen"),
    Sheet("Bronnen", "Sources", (BCP.SourceCitation,), BCP.sourceCitation, "bron/{position}", (
        _POSITION, _c("Document", "Document", BCP.cites, "ref", "document", required=True), _SECTION,
    ), direct=DCTERMS.source),
    Sheet("Regelgeving", "Legislation", (BCP.LegislationCitation,), BCP.legislationCitation, "regelgeving/{position}", (
        _POSITION, _c("Regeling", "Regulation", BCP.cites, "ref", "legislation", required=True), _SECTION,
    ), direct=BCP.legislation),
    Sheet("Organisaties", "Organisations", (PROV.Attribution,), PROV.qualifiedAttribution, "", (
        _c("Organisatie", "Organisation", PROV.agent, "ref", "organisation", required=True),
        _c("Rol", "Role", PROV.hadRole, "ref", "orgrole", required=True), *_NAME, _SECTION,
    )),
    Sheet("Sectorraad", "Sector council", (ORG.Membership,), BCP.councilSeat, "vaststelling/zetel/{position}", (
        _POSITION,
        _c("Raad", "Council", ORG.organization, "ref", "organisation", required=True),
        _c("Lid", "Member", ORG.member, "ref", "organisation", required=True),
        _c("Namens", "On behalf of", ORG.role, "ref", "constituency", required=True), *_NAME, _SECTION,
    ), owner="Vaststelling"),
)
#: Link sheets: werkproces → knowledge items / skills, in the order of the profile's lists.
LINKS = {"Kennis": ("Knowledge", BCP.knowledge, BCP.knowledgeList, "knowledge"),
         "Vaardigheden": ("Skills", BCP.skill, BCP.skillList, "skill")}
_SINGULAR = {"Kerntaken": "kerntaak", "Werkprocessen": "werkproces"}
#: Sheets whose one row is the profile itself (the resource sheet for the profile's ID is "Profiel").
_PROFILE_SHEETS = ("Profiel", "Beschrijving")

INSTRUCTIONS_TEXT = (
    ("Sjabloon voor een beroepscompetentieprofiel (bcpgraph)",
     "Template for a vocational competency profile (bcpgraph)"),
    ("Vul per tabblad één rij per onderdeel in, vanaf rij 3; rij 1 (Nederlands) en rij 2 (Engels) zijn de kop "
     "(niet wijzigen).",
     "Fill in one row per item on each sheet, from row 3 on; rows 1 (Dutch) and 2 (English) are the header "
     "(do not change them)."),
    ("Profiel: één rij (naam, jaar, beroep). Vaststelling: wie het profiel vaststelde, wanneer en waar.",
     "Profile: one row (name, year, occupation). Adoption: who adopted the profile, when and where."),
    ("Kerntaken en Werkprocessen: nummer 1, 2, … en 1.1, 1.2, …; een werkproces noemt het nummer van zijn kerntaak.",
     "Core tasks and work processes: numbers 1, 2, … and 1.1, 1.2, …; a work process names its core task's number."),
    ("Competentiematrix: zet per werkproces een x (of het volgnummer, 1, 2, …) bij elke competentie die het vraagt.",
     "Competency matrix: per work process, put an x (or its place in the list, 1, 2, …) under each competency "
     "it needs."),
    ("Kennis en Vaardigheden: één rij per werkproces en item; kies uit de lijst of typ een nieuw item.",
     "Knowledge and Skills: one row per work process and item; pick from the list or type a new item."),
    ("Bronnen en Regelgeving: één rij per document of regeling, met de plaats in de lijst van het profiel. "
     "Sectorraad: één rij per zetel bij de vaststelling.",
     "Sources and Legislation: one row per document or regulation, with its place in the profile's list. "
     "Sector council: one row per seat at the adoption."),
    ("Keuzelijsten: competenties, richtingen en rollen zijn gesloten lijsten; kennis, vaardigheden, functies en "
     "organisaties mogen nieuw zijn.",
     "Drop-down lists: competencies, directions and roles are closed lists; knowledge, skills, roles and "
     "organisations may be new."),
    ("Kolom ID mag leeg blijven: bcpgraph maakt het ID uit nummer, positie of naam. Naam (en) mag leeg blijven.",
     "The ID column may stay empty: bcpgraph makes it from number, position or name. Name (en) may stay empty."),
    ("Overig: alles wat geen ander tabblad heeft, als subject, predicaat en object (voor gevorderden).",
     "Other (Overig): everything no other sheet holds, as subject, predicate and object (for advanced users)."),
    ("Inlezen: bcpgraph import BESTAND.xlsx -o profiel.ttl (fouten noemen tabblad, rij en kolom).",
     "Read it back: bcpgraph import FILE.xlsx -o profile.ttl (mistakes are reported with sheet, row and column)."),
)


# ------------------------------------------------------------------ terms in cells


def _ns_for(iri: str) -> tuple[str, str] | None:
    best = None
    for prefix, ns in PREFIXES.items():
        if iri.startswith(str(ns)) and (best is None or len(str(ns)) > len(str(PREFIXES[best]))):
            best = prefix
    if best is None:
        return None
    local = iri[len(str(PREFIXES[best])):]
    return (best, local) if local and re.fullmatch(r"[\w.\-/]+", local) else None


class _Context:
    """Shared state of one read or write: the profile base, node labels, vocabularies."""

    def __init__(self, vocabulary: Graph, base: str | None = None):
        self.vocabulary = vocabulary
        self.base = base
        self.bnodes: dict[str, BNode] = {}
        self.labels: dict[BNode, str] = {}
        self.tables: dict[str, dict[str, URIRef]] = {}
        self.names: dict[str, dict[URIRef, str]] = {}
        for name, vocab in VOCABS.items():
            if name == "competency":
                members = set(vocabulary.subjects(SKOS.inScheme, COMPETENCY_SCHEME))
            else:
                members = {m for cls in vocab.classes for m in vocabulary.subjects(RDF.type, cls)}
            table: dict[str, list[URIRef]] = {}
            for term in members:
                for label in vocabulary.objects(term, SKOS.prefLabel):
                    if getattr(label, "language", None) == "nl":
                        table.setdefault(variant_key(str(label)), []).append(term)
            names = {}
            for term in members:
                for label in sorted(str(x) for x in vocabulary.objects(term, SKOS.prefLabel)
                                    if getattr(x, "language", None) == "nl"):
                    if table.get(variant_key(label)) == [term]:
                        names[term] = label
                        break
            self.tables[name] = {k: v[0] for k, v in table.items() if len(v) == 1}
            self.names[name] = names

    def choices(self, vocab: str) -> list[str]:
        """The Dutch labels of a vocabulary, for its drop-down list (competencies in national order)."""
        names = self.names[vocab]
        if vocab == "competency":
            return [names[t] for t in sorted(names, key=lambda t: int(self.vocabulary.value(t, SKOS.notation)))]
        return sorted(names.values(), key=str.casefold)

    def node_text(self, node) -> str:
        """A node as a cell: a path under the profile, a prefixed name, <IRI> or _:label."""
        if isinstance(node, BNode):
            if node not in self.labels:
                label = f"b{len(self.labels) + 1}"
                self.labels[node] = label
                self.bnodes[label] = node
            return "_:" + self.labels[node]
        text = str(node)
        if self.base and text.startswith(self.base) and len(text) > len(self.base):
            return text[len(self.base):]
        if (pair := _ns_for(text)) is not None:
            return f"{pair[0]}:{pair[1]}"
        return f"<{text}>"

    def term_text(self, node, vocab: str | None) -> str:
        if vocab and node in self.names[vocab]:
            return self.names[vocab][node]
        return self.node_text(node)


def _as_text(value) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class _Mistakes(list):
    def add(self, sheet: str, row: int, column: int | None, text: str) -> None:
        from openpyxl.utils import get_column_letter
        where = f"sheet {sheet}, row {row}" + (f", column {get_column_letter(column)}" if column else "")
        self.append(f"{where}: {text}")


class _Reader:
    """Cells → triples. ``bnodes`` maps ``_:label`` to nodes: fresh ones on reading, the profile's
    own when the writer checks what its sheets will give back."""

    def __init__(self, ctx: _Context, mistakes: _Mistakes, *, source: str, lists: dict | None = None):
        self.ctx, self.mistakes, self.source = ctx, mistakes, source
        self.g = bind_prefixes(Graph())
        self.lists = lists  # writer: (subject, predicate) → the profile's own list head
        self.new_terms: set[URIRef] = set()
        self.sections: dict[str, URIRef] = {}

    def bnode(self, label: str) -> BNode:
        if label not in self.ctx.bnodes:
            self.ctx.bnodes[label] = BNode(f"t{len(self.ctx.bnodes) + 1}")
        return self.ctx.bnodes[label]

    def node(self, text: str, where: tuple) -> URIRef | BNode | None:
        """A node cell: _:label, <IRI>, prefix:local, or a path under the profile."""
        text = text.strip()
        if text.startswith("_:") and re.fullmatch(r"_:[\w\-]+", text):
            return self.bnode(text[2:])
        if text.startswith("<") and text.endswith(">") and not re.search(r"[\s<>\"{}|\\^`]", text[1:-1]):
            return URIRef(text[1:-1])
        if m := re.fullmatch(r"([a-z][\w\-]*):([\w.\-/]+)", text):
            if m.group(1) in PREFIXES:
                return URIRef(str(PREFIXES[m.group(1)]) + m.group(2))
            self.mistakes.add(*where, f"unknown prefix {m.group(1)!r}{suggest(m.group(1), list(PREFIXES))}")
            return None
        if self.ctx.base and re.fullmatch(r"[\w.\-/]+", text) and not text.startswith("/"):
            return URIRef(self.ctx.base + text)
        self.mistakes.add(*where, f"not an ID: {text!r} (a path such as werkproces/1.1, a prefixed IRI such as "
                                  "kennis:…, <IRI> or _:label)")
        return None

    def term(self, text: str, vocab: str, where: tuple) -> URIRef | BNode | None:
        """A shared term: its Dutch label, or a node cell; an unknown label is a new term (open lists)."""
        found = self.ctx.tables[vocab].get(variant_key(text))
        if found is not None:
            return found
        if re.fullmatch(r"_:\S+|<\S+>|[a-z][\w\-]*:[\w.\-/]+", text.strip()):
            return self.node(text, where)
        spec = VOCABS[vocab]
        if spec.closed:
            what = {"competency": "competency", "direction": "career direction", "orgrole": "organisation role",
                    "constituency": "constituency"}[vocab]
            self.mistakes.add(*where, f"unknown {what} {text!r}{suggest(text, self.ctx.choices(vocab))}")
            return None
        term = spec.namespace[slug(text)]
        if term not in self.new_terms and (term, None, None) not in self.ctx.vocabulary:
            self.new_terms.add(term)
            for cls in spec.types:
                self.g.add((term, RDF.type, cls))
            self.g.add((term, SKOS.prefLabel, Literal(norm(text), lang="nl")))
            if spec.scheme is not None:
                self.g.add((term, SKOS.inScheme, spec.scheme))
            if vocab == "document":
                self.g.add((term, DCTERMS.title, Literal(norm(text), lang="nl")))
            self.g.add((term, SKOS.editorialNote, NEW_TERM_NOTE))
        return term

    def literal(self, value, kind: str, where: tuple) -> Literal | None:
        text = _as_text(value)
        if kind in ("nl", "en"):
            return Literal(text, lang=kind)
        if kind == "plain":
            return Literal(text)
        if kind == "int":
            if re.fullmatch(r"-?\d+", text.strip()):
                return Literal(int(text))
            self.mistakes.add(*where, f"not a whole number: {text!r}")
        elif kind == "gyear":
            if re.fullmatch(r"\d{4}", text.strip()):
                return Literal(text.strip(), datatype=XSD.gYear)
            self.mistakes.add(*where, f"not a year: {text!r} (four digits, such as 2010)")
        elif kind == "date":
            try:
                return Literal(dt.date.fromisoformat(text.strip()[:10]).isoformat(), datatype=XSD.date)
            except ValueError:
                self.mistakes.add(*where, f"not a date: {text!r} (such as 2010-09-30)")
        elif kind == "bool":
            word = text.strip().casefold()
            if word in ("ja", "yes", "true", "waar", "1"):
                return Literal(True)
            if word in ("nee", "no", "false", "onwaar", "0"):
                return Literal(False)
            self.mistakes.add(*where, f"not ja/nee (yes/no): {text!r}")
        return None

    def add_list(self, subject, predicate, items: list) -> None:
        own = self.lists.get((subject, predicate)) if self.lists is not None else None
        if own is not None:  # the writer: the profile's own list nodes, where they hold these items
            from rdflib.collection import Collection
            if list(Collection(self.ctx.vocabulary, own)) == items:
                self.g.add((subject, predicate, own))
                node = own
                while node != RDF.nil:
                    for p, o in self.ctx.vocabulary.predicate_objects(node):
                        self.g.add((node, p, o))
                    node = self.ctx.vocabulary.value(node, RDF.rest)
                return
        head = node = self.bnode(f"lijst-{len(self.ctx.bnodes) + 1}")
        self.g.add((subject, predicate, head))
        for i, item in enumerate(items):
            self.g.add((node, RDF.first, item))
            nxt = RDF.nil if i == len(items) - 1 else self.bnode(f"lijst-{len(self.ctx.bnodes) + 1}")
            self.g.add((node, RDF.rest, nxt))
            node = nxt

    def section(self, sheet: Sheet) -> URIRef:
        """The section a row without one points at: its sheet, as a section of the profile."""
        key = slug(sheet.name)
        if key not in self.sections:
            node = URIRef(f"{self.ctx.base}sectie/sjabloon-{key}")
            self.sections[key] = node
            self.g.add((node, RDF.type, BCP.DocumentSection))
            self.g.add((node, SKOS.prefLabel, Literal(f"Sjabloon, tabblad {sheet.name}", lang="nl")))
            self.g.add((node, SKOS.prefLabel, Literal(f"Template, sheet {sheet.en}", lang="en")))
            self.g.add((node, SCHEMA.position, Literal(len(self.sections))))
            self.g.add((node, DCTERMS.isPartOf, URIRef(self.ctx.base[:-1])))
        return self.sections[key]


# ------------------------------------------------------------------ rows


def _profile_of(graph: Graph) -> URIRef:
    profiles = sorted(s for s in graph.subjects(RDF.type, BCP.Profile) if isinstance(s, URIRef))
    if len(profiles) != 1:
        raise InputError(f"a template holds one profile; the graph holds {len(profiles)}")
    return profiles[0]


def _members(graph: Graph, profile: URIRef, sheet: Sheet, nodes: dict[str, list]) -> list:
    if sheet.name in _PROFILE_SHEETS:
        return [profile]
    if sheet.parent_sheet:
        return [(parent, m) for parent in nodes[sheet.parent_sheet] for m in graph.objects(parent, sheet.link)]
    if sheet.owner:
        return [m for owner in nodes[sheet.owner][:1] for m in graph.objects(owner, sheet.link)]
    if sheet.link is not None:
        return list(graph.objects(profile, sheet.link))
    return [m for t in sheet.types for m in graph.subjects(RDF.type, t)]


def _value(graph: Graph, node, column: Column):
    """The one value of ``column`` for ``node`` that the column can hold (others go to Overig)."""
    values = sorted(graph.objects(node, column.predicate), key=lambda v: (type(v).__name__, str(v)))
    for v in values:
        if column.kind in ("nl", "en"):
            if isinstance(v, Literal) and v.language == column.kind and v.datatype is None:
                return v
        elif column.kind == "plain":
            if isinstance(v, Literal) and v.language is None and v.datatype is None:
                return v
        elif column.kind == "int":
            if isinstance(v, Literal) and v.datatype == XSD.integer and str(int(v)) == str(v):
                return v
        elif column.kind == "gyear":
            if isinstance(v, Literal) and v.datatype == XSD.gYear and re.fullmatch(r"\d{4}", str(v)):
                return v
        elif column.kind == "date":
            if isinstance(v, Literal) and v.datatype == XSD.date and re.fullmatch(r"\d{4}-\d\d-\d\d", str(v)):
                return v
        elif column.kind == "bool":
            if isinstance(v, Literal) and v.datatype == XSD.boolean and str(v) in ("true", "false"):
                return v
        elif column.kind == "ref" and not isinstance(v, Literal):
            return v
    return None


def _cell_of(ctx: _Context, v, column: Column):
    if v is None:
        return None
    if column.kind == "int":
        return int(v)
    if column.kind == "bool":
        return "ja" if v.toPython() else "nee"
    if column.kind == "ref":
        return ctx.term_text(v, column.vocab)
    return str(v)


def _sort_key(graph: Graph, node) -> tuple:
    pos = graph.value(node, SCHEMA.position)
    notation = graph.value(node, SKOS.notation)
    num = [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", str(notation))] if notation else []
    labels = sorted(str(x) for x in graph.objects(node, SKOS.prefLabel))
    return (int(pos) if pos is not None and str(pos).isdigit() else 10**9, num, labels,
            str(node) if isinstance(node, URIRef) else "")


def sheet_rows(graph: Graph, ctx: _Context) -> dict[str, list[list]]:
    """Every sheet's rows (without header) for the profile in ``graph``."""
    profile = _profile_of(graph)
    rows: dict[str, list[list]] = {}
    nodes: dict[str, list] = {}
    for sheet in SHEETS:
        found = _members(graph, profile, sheet, nodes)
        if sheet.parent_sheet:
            found = sorted(set(found), key=lambda pm: (_sort_key(graph, pm[0]), _sort_key(graph, pm[1])))
        else:
            found = sorted(set(found), key=lambda m: _sort_key(graph, m))
        if sheet.own_types and sheet.name not in _PROFILE_SHEETS:
            found = [f for f in found if all((f[1] if sheet.parent_sheet else f, RDF.type, t) in graph
                                             for t in sheet.types)]
        nodes[sheet.name] = [f[1] if sheet.parent_sheet else f for f in found]
        out = []
        for item in found:
            parent, node = item if sheet.parent_sheet else (None, item)
            row = [ctx.node_text(node)]
            for column in sheet.columns:
                if column.kind == "parent":
                    row.append(str(graph.value(parent, SKOS.notation) or ctx.node_text(parent)))
                else:
                    row.append(_cell_of(ctx, _value(graph, node, column), column))
            out.append(row)
        rows[sheet.name] = out
    work = nodes["Werkprocessen"]
    for name, (_en, predicate, list_predicate, vocab) in LINKS.items():
        out = []
        for wp in work:
            listed = _list(graph, wp, list_predicate)
            items = listed + sorted(set(graph.objects(wp, predicate)) - set(listed), key=str)
            for i, item in enumerate(items):
                if (wp, predicate, item) in graph:
                    out.append([str(graph.value(wp, SKOS.notation)), i + 1 if i < len(listed) else None,
                                ctx.term_text(item, vocab)])
        rows[name] = out
    comps = _competencies(ctx)
    matrix = []
    for wp in work:
        listed = _list(graph, wp, BCP.competencyList)
        name = _value(graph, wp, _LABEL[0])
        row = [str(graph.value(wp, SKOS.notation)), None if name is None else str(name)]
        for comp in comps:
            row.append(listed.index(comp) + 1 if comp in listed and (wp, BCP.competency, comp) in graph
                       else "x" if (wp, BCP.competency, comp) in graph else None)
        matrix.append(row)
    rows[MATRIX] = matrix
    return rows


def _list(graph: Graph, node, predicate) -> list:
    from rdflib.collection import Collection
    heads = list(graph.objects(node, predicate))
    if len(heads) != 1:
        return []
    items = list(Collection(graph, heads[0]))
    return items if len(set(items)) == len(items) else []


def _competencies(ctx: _Context) -> list[URIRef]:
    comps = [ctx.tables["competency"][variant_key(label)] for label in ctx.choices("competency")]
    return comps


# ------------------------------------------------------------------ rows → graph


def _rows_to_graph(rows: dict[str, list[list]], reader: _Reader, *, headers: dict[str, list] | None = None) -> None:
    """The triples the sheets model. ``rows[sheet]`` are (row number, cells) after the header."""
    ctx, mistakes = reader.ctx, reader.mistakes
    g = reader.g
    profile = URIRef(ctx.base[:-1])
    by_number: dict[str, dict[str, object]] = {"Kerntaken": {}, "Werkprocessen": {}}
    made: dict[str, list] = {}
    for sheet in SHEETS:
        for number, cells in rows.get(sheet.name, []):
            cells = list(cells) + [None] * (len(sheet.columns) + 1 - len(cells))
            values = {}
            for i, column in enumerate(sheet.columns, start=2):
                raw = cells[i - 1]
                if raw is None or (isinstance(raw, str) and not raw.strip()):
                    if column.required and reader.lists is None:  # the writer: what the profile lacks stays empty
                        mistakes.add(sheet.name, number, i, f"{column.nl} ({column.en}) is required")
                    continue
                values[column] = raw
            parent = None
            pcol = next((c for c in sheet.columns if c.kind == "parent"), None)
            if pcol is not None and pcol in values:
                key = _as_text(values[pcol]).strip()
                parent = by_number[sheet.parent_sheet].get(key)
                if parent is None:
                    i = sheet.columns.index(pcol) + 2
                    known = sorted(by_number[sheet.parent_sheet])
                    mistakes.add(sheet.name, number, i, f"no {_SINGULAR[sheet.parent_sheet]} {key!r} on sheet "
                                                        f"{sheet.parent_sheet} (there: {', '.join(known) or 'none'})"
                                                        f"{suggest(key, known)}")
            # the node
            if sheet.name in _PROFILE_SHEETS:
                node = profile
            elif cells[0] is not None and str(cells[0]).strip():
                node = reader.node(str(cells[0]), (sheet.name, number, 1))
            elif sheet.id_pattern:
                fields = {"slug": slug(_as_text(values.get(sheet.columns[1], values.get(sheet.columns[0], "")))),
                          "position": _as_text(values.get(_POSITION, number - 2)),
                          "number": _as_text(values.get(next((c for c in sheet.columns
                                                              if c.predicate == SKOS.notation), _POSITION), "")),
                          "parent": _as_text(values.get(pcol, "")) if pcol else ""}
                if sheet.name in ("Functiebenamingen",):
                    fields["slug"] = slug(_as_text(values.get(_LABEL[0], "")))
                node = URIRef(ctx.base + sheet.id_pattern.format(**fields))
            else:
                node = reader.bnode(f"{slug(sheet.name)}-{number}")
            if node is None:
                continue
            if sheet.name in by_number and SKOS.notation in {c.predicate for c in values}:
                key = _as_text(values[next(c for c in values if c.predicate == SKOS.notation)]).strip()
                if sheet.name == "Werkprocessen" and pcol in values:
                    ct = _as_text(values[pcol]).strip()
                    if not re.fullmatch(r"\d+\.\d+", key) or key.split(".")[0] != ct:
                        i = sheet.columns.index(next(c for c in values if c.predicate == SKOS.notation)) + 2
                        mistakes.add(sheet.name, number, i, f"werkproces number {key!r} does not fit kerntaak "
                                                            f"{ct} (it is {ct}.1, {ct}.2, …)")
                if key in by_number[sheet.name]:
                    mistakes.add(sheet.name, number, None, f"number {key!r} twice")
                by_number[sheet.name][key] = node
            if sheet.own_types and sheet.name != "Beschrijving":
                for t in sheet.types:
                    g.add((node, RDF.type, t))
            made.setdefault(sheet.name, []).append(node)
            if sheet.parent_sheet and parent is not None:
                g.add((parent, sheet.link, node))
            elif sheet.owner is not None:
                if made.get(sheet.owner):
                    g.add((made[sheet.owner][0], sheet.link, node))
                elif reader.lists is None:
                    mistakes.add(sheet.name, number, None, f"a row here belongs to the one row of sheet {sheet.owner}, "
                                                           "which is empty")
            elif sheet.link is not None and not sheet.parent_sheet and sheet.name != "Profiel":
                g.add((profile, sheet.link, node))
            has_section = False
            for i, column in enumerate(sheet.columns, start=2):
                if column not in values or column.kind == "parent":
                    continue
                where = (sheet.name, number, i)
                raw = values[column]
                if column.kind == "ref":
                    text = _as_text(raw).strip()
                    obj = reader.term(text, column.vocab, where) if column.vocab else reader.node(text, where)
                else:
                    obj = reader.literal(raw, column.kind, where)
                if obj is not None:
                    g.add((node, column.predicate, obj))
                    has_section |= column.predicate == BCP.seedSection
            if sheet.direct is not None and (obj := g.value(node, BCP.cites)) is not None:
                g.add((profile, sheet.direct, obj))
            given_id = cells[0] is not None and str(cells[0]).strip()
            if not has_section and _SECTION in sheet.columns and reader.lists is None and not given_id:
                g.add((node, BCP.seedSection, reader.section(sheet)))
    work = by_number["Werkprocessen"]
    for name, (_en, predicate, list_predicate, vocab) in LINKS.items():
        listed: dict = {}
        for number, cells in rows.get(name, []):
            cells = list(cells) + [None] * 3
            if all(c is None or not str(c).strip() for c in cells[:3]):
                continue
            key = _as_text(cells[0]).strip() if cells[0] is not None else ""
            wp = work.get(key)
            if wp is None:
                mistakes.add(name, number, 1, f"no werkproces {key!r} on sheet Werkprocessen"
                                              f"{suggest(key, sorted(work))}" if key else "Werkproces is required")
                continue
            if cells[2] is None or not str(cells[2]).strip():
                mistakes.add(name, number, 3, f"{name} item is required")
                continue
            term = reader.term(_as_text(cells[2]).strip(), vocab, (name, number, 3))
            if term is None:
                continue
            g.add((wp, predicate, term))
            position = None
            if cells[1] is not None and str(cells[1]).strip():
                lit = reader.literal(cells[1], "int", (name, number, 2))
                position = int(lit) if lit is not None else None
            listed.setdefault(wp, []).append((position, number, term))
        for wp, entries in listed.items():
            ordered = [t for _p, _n, t in sorted(e for e in entries if e[0] is not None)] or \
                      [t for _p, _n, t in entries]
            reader.add_list(wp, list_predicate, list(dict.fromkeys(ordered)))
    # the matrix
    comps = _competencies(ctx)
    header = (headers or {}).get(MATRIX)
    columns = comps
    if header is not None:
        columns = []
        for i, title in enumerate(header[2:], start=3):
            if title is None or not str(title).strip():
                columns.append(None)
                continue
            text = re.sub(r"^\d+\s*", "", str(title)).strip()
            columns.append(reader.term(text, "competency", (MATRIX, 1, i)))
    for number, cells in rows.get(MATRIX, []):
        cells = list(cells)
        ticks = [(i, c) for i, c in enumerate(cells[2:], start=3)
                 if c is not None and str(c).strip() and i - 3 < len(columns)]
        if not ticks:
            continue
        key = _as_text(cells[0]).strip() if cells[0] is not None else ""
        wp = work.get(key)
        if wp is None:
            mistakes.add(MATRIX, number, 1, f"ticked cells for werkproces {key!r}, which is not on sheet "
                                            f"Werkprocessen{suggest(key, sorted(work))}")
            continue
        numbered, plain = [], []
        for i, c in ticks:
            comp = columns[i - 3]
            if comp is None:
                continue
            text = _as_text(c).strip().casefold()
            if text == "x":
                plain.append(comp)
            elif re.fullmatch(r"\d+", text):
                numbered.append((int(text), comp))
            else:
                mistakes.add(MATRIX, number, i, f"a ticked cell holds x or a number (its place in the list), "
                                                f"not {_as_text(c)!r}")
                continue
            g.add((wp, BCP.competency, comp))
        ordered = [comp for _n, comp in sorted(numbered, key=lambda nc: nc[0])] or \
                  [comp for comp in comps if comp in plain]
        if ordered:
            reader.add_list(wp, BCP.competencyList, ordered)


# ------------------------------------------------------------------ Overig (extra triples)

EXTRA_HEADER = ["Subject", "Predicaat", "Object (ID)", "Object (tekst)", "Taal", "Datatype"]


def _extra_rows(graph: Graph, covered: Graph, ctx: _Context) -> list[list]:
    rest = [t for t in graph if t not in covered]

    def sign(node) -> str:  # a blank node's stable name: its label from a sheet, or what it says
        if not isinstance(node, BNode):
            return str(node)
        if node in ctx.labels:
            return ctx.labels[node]
        return "~" + repr(sorted((str(p), str(o)) for p, o in graph.predicate_objects(node)
                                 if not isinstance(o, BNode)))

    def key(t):
        s, p, o = t
        return (isinstance(s, BNode), sign(s), str(p), sign(o), repr(o))
    rows = []
    for s, p, o in sorted(rest, key=key):
        if isinstance(o, Literal):
            rows.append([ctx.node_text(s), ctx.node_text(p), None, str(o), o.language,
                         ctx.node_text(o.datatype) if o.datatype else None])
        else:
            rows.append([ctx.node_text(s), ctx.node_text(p), ctx.node_text(o), None, None, None])
    return rows


def _read_extra(rows: list, reader: _Reader) -> None:
    for number, cells in rows:
        cells = list(cells) + [None] * 6
        if all(c is None or not str(c).strip() for c in cells[:6]):
            continue
        where = lambda i, number=number: (EXTRA, number, i)  # noqa: E731
        if cells[0] is None or cells[1] is None:
            reader.mistakes.add(EXTRA, number, 1 if cells[0] is None else 2, "subject and predicate are required")
            continue
        s = reader.node(_as_text(cells[0]), where(1))
        p = reader.node(_as_text(cells[1]), where(2))
        if (cells[2] is None) == (cells[3] is None):
            reader.mistakes.add(EXTRA, number, 3, "give an object: an ID (column C) or a text (column D), not both")
            continue
        if cells[2] is not None:
            o = reader.node(_as_text(cells[2]), where(3))
        else:
            datatype = reader.node(_as_text(cells[5]), where(6)) if cells[5] else None
            lang = _as_text(cells[4]).strip() if cells[4] else None
            o = Literal(_as_text(cells[3]), lang=lang or None, datatype=None if lang else datatype)
        if None not in (s, p, o):
            reader.g.add((s, p, o))


# ------------------------------------------------------------------ workbook


def _put(ws, row: int, col: int, value) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text begins with


def template_workbook(graph: Graph | None = None, *, vocabulary: Graph | None = None):
    """The template as an openpyxl workbook: empty, or filled with the one profile in ``graph``
    (its triples only; shared terms are looked up in ``vocabulary``, default the shipped ones)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..graph import ontology
    shipped = vocabulary if vocabulary is not None else ontology()
    base = str(_profile_of(graph)) + "/" if graph is not None else None
    ctx = _Context(shipped, base)
    rows = sheet_rows(graph, ctx) if graph is not None else {}
    wb = Workbook()
    wb.properties.created = wb.properties.modified = _FIXED_TIME
    wb.properties.creator = "bcpgraph"
    ws = wb.active
    ws.title = INSTRUCTIONS
    _put(ws, 1, 1, "Nederlands")
    _put(ws, 1, 2, "English")
    for i, (nl, en) in enumerate(INSTRUCTIONS_TEXT, start=2):
        _put(ws, i, 1, nl)
        _put(ws, i, 2, en)
    ws.column_dimensions["A"].width = ws.column_dimensions["B"].width = 90
    bold = Font(bold=True)
    lists = wb.create_sheet(LISTS)
    ranges = {}
    for col, name in enumerate(VOCABS, start=1):
        _put(lists, 1, col, name)
        choices = ctx.choices(name)
        for r, label in enumerate(choices, start=2):
            _put(lists, r, col, label)
        from openpyxl.utils import get_column_letter
        letter = get_column_letter(col)
        ranges[name] = f"{LISTS}!${letter}$2:${letter}${max(2, len(choices) + 1)}"
    lists.sheet_state = "hidden"

    def sheet(name: str, header: list[str], subtitle: list[str], body: list[list], closed: dict[int, str]):
        ws = wb.create_sheet(name, len(wb.sheetnames) - 1)
        for c, (nl, en) in enumerate(zip(header, subtitle, strict=True), start=1):
            _put(ws, 1, c, nl)
            ws.cell(row=1, column=c).font = bold
            ws.cell(row=1, column=c).comment = None
            ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width = 18 if len(header) > 10 else 28
            _put(ws, 2, c, en)
            ws.cell(row=2, column=c).font = Font(italic=True)
        for r, cells in enumerate(body, start=3):
            for c, value in enumerate(cells, start=1):
                if value is not None:
                    _put(ws, r, c, value)
                    if isinstance(value, str) and "\n" in value:
                        ws.cell(row=r, column=c).alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A3"
        for c, vocab in closed.items():
            strict = VOCABS[vocab].closed if vocab in VOCABS else True
            dv = DataValidation(type="list", formula1=f"={ranges[vocab]}", allow_blank=True,
                                showErrorMessage=strict, errorStyle="stop" if strict else "warning")
            dv.error = "Kies uit de lijst / pick from the list"
            ws.add_data_validation(dv)
            letter = ws.cell(row=1, column=c).column_letter
            dv.add(f"{letter}3:{letter}1000")
        return ws

    # the numbers of kerntaken and werkprocessen (column B, C of their sheets): drop-downs where they are named
    ranges["Kerntaken"] = "Kerntaken!$B$3:$B$200"
    ranges["Werkprocessen"] = "Werkprocessen!$C$3:$C$500"
    for s in SHEETS:
        closed = {i: c.vocab for i, c in enumerate(s.columns, start=2) if c.vocab}
        closed.update({i: s.parent_sheet for i, c in enumerate(s.columns, start=2) if c.kind == "parent"})
        header = ["ID", *(c.nl for c in s.columns)]
        subtitle = ["ID", *(c.en for c in s.columns)]
        sheet(s.name, header, subtitle, rows.get(s.name, []), closed)
    for name, (en, *_rest, vocab) in LINKS.items():
        sheet(name, ["Werkproces", "Positie", name], ["Work process", "Position", en], rows.get(name, []),
              {1: "Werkprocessen", 3: vocab})
    names = ctx.choices("competency")
    ws = sheet(MATRIX, ["Werkproces", "Naam", *(f"{i} {n}" for i, n in enumerate(names, start=1))],
               ["Work process", "Name", *(f"{i}" for i in range(1, 26))], rows.get(MATRIX, []), {1: "Werkprocessen"})
    dv = DataValidation(type="custom", formula1='=OR(C3="x",C3="X",ISNUMBER(C3))', allow_blank=True,
                        showErrorMessage=True)
    dv.error = "x of een volgnummer / x or a number"
    ws.add_data_validation(dv)
    dv.add("C3:AA200")
    sheet(EXTRA, EXTRA_HEADER, ["Subject", "Predicate", "Object (ID)", "Object (text)", "Language", "Datatype"],
          [], {})
    if graph is not None:
        covered = _covered(graph, rows, ctx)
        extra = _extra_rows(graph, covered, ctx)
        ws = wb[EXTRA]
        for r, cells in enumerate(extra, start=3):
            for c, value in enumerate(cells, start=1):
                if value is not None:
                    _put(ws, r, c, value)
    return wb


def _numbered(body: list[list]) -> list[tuple[int, list]]:
    return [(r, cells) for r, cells in enumerate(body, start=3)]


def _covered(graph: Graph, rows: dict[str, list[list]], ctx: _Context) -> Graph:
    """What the sheets give back, read with the profile's own blank nodes and lists; checked to be
    part of ``graph`` (what is not goes nowhere, and the round trip would lose it)."""
    lists = {}
    for s, p, o in graph:
        if p in (BCP.competencyList, BCP.knowledgeList, BCP.skillList):
            lists[(s, p)] = o
    probe = Graph()
    probe += graph  # the list walk reads the profile's own nodes
    ctx.vocabulary, shipped = probe + ctx.vocabulary, ctx.vocabulary
    try:
        reader = _Reader(ctx, _Mistakes(), source="", lists=lists)
        _rows_to_graph({k: _numbered(v) for k, v in rows.items()}, reader)
    finally:
        ctx.vocabulary = shipped
    if reader.mistakes:
        raise InputError("the profile cannot be written as a template: " + "; ".join(reader.mistakes[:5]))
    extra = [t for t in reader.g if t not in graph]
    if extra:
        raise InputError(f"the profile cannot be written as a template: a sheet would add {extra[0]}")
    return reader.g


def _deterministic(data: bytes) -> bytes:
    """The same xlsx bytes for the same workbook: zip entries with a fixed time."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", body)
            dst.writestr(fixed, body)
    return out.getvalue()


def template_bytes(graph: Graph | None = None, *, vocabulary: Graph | None = None) -> bytes:
    """The template (see :func:`template_workbook`) as ``.xlsx`` bytes, the same for the same input."""
    wb = template_workbook(graph, vocabulary=vocabulary)
    buffer = io.BytesIO()
    wb.save(buffer)
    return _deterministic(buffer.getvalue())


def write_template(path: str | Path, graph: Graph | None = None, *, force: bool = False,
                   vocabulary: Graph | None = None) -> Path:
    """Write the template (empty, or filled with the profile in ``graph``) to ``path``, atomically;
    no overwrite without ``force``."""
    from ..output import write_atomic
    return write_atomic(path, template_bytes(graph, vocabulary=vocabulary), force=force)


# ------------------------------------------------------------------ reading


def _open(path: Path):
    from openpyxl import load_workbook
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: not readable (permission denied)") from None
    if size > MAX_TEMPLATE_BYTES:
        raise InputError(f"{path}: {size} bytes; a template is at most {MAX_TEMPLATE_BYTES} bytes")
    try:
        with zipfile.ZipFile(path) as archive:  # a small file may unpack to a huge one
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        unpacked = 0  # openpyxl says what is wrong below
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError(f"{path}: unpacks to {unpacked} bytes; a template is at most {MAX_UNPACKED_BYTES}")
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except PermissionError:
        raise InputError(f"{path}: not readable (permission denied)") from None
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise InputError(f"{path}: not an .xlsx workbook ({type(exc).__name__}: {exc})") from None


def read_template(path: str | Path, *, vocabulary: Graph | None = None) -> Graph:
    """The profile graph a filled template at ``path`` holds. Mistakes raise
    :class:`~bcpgraph.errors.InputError` naming each sheet, row and column."""
    from ..graph import ontology
    path = Path(path)
    wb = _open(path)
    try:
        expected = [s.name for s in SHEETS] + list(LINKS) + [MATRIX, EXTRA]
        missing = [n for n in expected if n not in wb.sheetnames]
        if missing:
            raise InputError(f"{path}: not a bcpgraph template: no sheet {', '.join(missing)} "
                             "(bcpgraph template -o FILE.xlsx writes one)")
        data: dict[str, list] = {}
        headers: dict[str, list] = {}
        for name in expected:
            rows = list(wb[name].iter_rows(values_only=True))
            headers[name] = list(rows[0]) if rows else []
            data[name] = [(r, list(cells)) for r, cells in enumerate(rows[2:], start=3)
                          if any(c is not None and str(c).strip() for c in cells)]
    finally:
        wb.close()
    mistakes = _Mistakes()
    for s in SHEETS:
        want = ["ID", *(c.nl for c in s.columns)]
        got = [str(h).strip() if h is not None else "" for h in headers[s.name][:len(want)]]
        for i, (w, g) in enumerate(zip(want, got + [""] * len(want), strict=False), start=1):
            if w != g:
                mistakes.add(s.name, 1, i, f"header {g!r}; the template has {w!r} here")
                break
    profile_rows = data["Profiel"]
    if len(profile_rows) != 1:
        raise InputError(f"{path}: sheet Profiel holds {len(profile_rows)} profiles; fill in exactly one row")
    row_number, cells = profile_rows[0]
    vocab = vocabulary if vocabulary is not None else ontology()
    ctx = _Context(vocab)
    if cells[0] is not None and str(cells[0]).strip():
        probe = _Reader(ctx, mistakes, source=path.name).node(str(cells[0]), ("Profiel", row_number, 1))
        if probe is None or not isinstance(probe, URIRef):
            raise InputError(f"{path}: " + "\n".join(mistakes or [f"sheet Profiel, row {row_number}, column A: "
                                                                  "the profile's ID is an IRI"]))
        profile = probe
    else:
        occupation = _as_text(cells[6]) if len(cells) > 6 and cells[6] else ""
        year = _as_text(cells[5]) if len(cells) > 5 and cells[5] else ""
        if not occupation.strip() or not year.strip():
            raise InputError(f"{path}: sheet Profiel, row {row_number}: give the occupation and the year "
                             "(or the profile's ID)")
        profile = BCPID[f"{slug(occupation)}-{year.strip()}"]
    ctx.base = str(profile) + "/"
    reader = _Reader(ctx, mistakes, source=path.name)
    _rows_to_graph(data, reader, headers=headers)
    _read_extra(data[EXTRA], reader)
    if mistakes:
        raise InputError(f"{path}: " + f"\n{path}: ".join(mistakes))
    return reader.g


def profile_graph(profile: str | Path | None = None, *, data: Iterable[str | Path] = ()) -> Graph:
    """The triples of one profile, to fill a template with: the profile file ``profile``, or the
    profile it names (IRI, prefixed name, title, last part of its IRI) among ``data`` (files or
    directories; default the shipped profile); ``None``: the shipped profile.

    >>> g = profile_graph("contactcenter-medewerker-2010")
    >>> str(_profile_of(g))
    'https://w3id.org/bcpgraph/id/bcp/contactcenter-medewerker-2010'
    """
    from ..binding import resolve
    from ..graph import load_dataset, read_rdf
    from ..stores import store_for

    if profile is not None and not isinstance(profile, (str, Path)):
        from ..errors import ArgumentError
        raise ArgumentError(f"template: profile is a str or pathlib.Path, not {type(profile).__name__}")
    if profile is not None and Path(profile).is_file():
        graph = read_rdf(profile)
        _profile_of(graph)
        return graph
    dataset = load_dataset(*data)
    if profile is None:
        from ..graph import named_graphs
        graphs = [g for g in named_graphs(dataset) if (g.identifier, RDF.type, BCP.Profile) in g]
        if len(graphs) != 1:
            raise InputError(f"the data holds {len(graphs)} profiles; name the one to write")
        iri = graphs[0].identifier
    else:
        iri = resolve(str(profile), "bcp:Profile", store=store_for(dataset), param="profile")
    graph = bind_prefixes(Graph())
    for triple in dataset.graph(iri).triples((None, None, None)):
        graph.add(triple)
    if (iri, RDF.type, BCP.Profile) not in graph:
        raise InputError(f"profile {iri} shares its file with other profiles; give that profile's own file")
    return graph


def template_turtle(path: str | Path, *, vocabulary: Graph | None = None) -> str:
    """The profile a filled template holds, as Turtle (the same bytes for the same workbook)."""
    graph = read_template(path, vocabulary=vocabulary)
    header = (f"# Profile read by `bcpgraph import` from the spreadsheet template {Path(path).name}.\n"
              "# New terms (not yet in the shared vocabularies) carry a skos:editorialNote saying so.\n\n")
    return header + graph.serialize(format="turtle")
