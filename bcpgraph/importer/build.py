"""Build a profile graph from a read :class:`~bcpgraph.importer.text.Document`.

IRIs follow the shared patterns (README, "Validating your own profile"): the profile is
``bcp/<occupation>-<year>``, its parts sit under it (``kerntaak/1``, ``werkproces/1.1``,
``werkproces/1.1/resultaat/1``, ``functiebenaming/<slug>``, ``beroepshouding/1``,
``loopbaanstap/1``, ``bron/1``, ``regelgeving/1``, ``sectie/<section>``). Shared terms are looked
up in the shipped vocabularies and competency scheme by their Dutch labels (prefLabel, altLabel,
hiddenLabel) under :func:`~bcpgraph.importer.text.variant_key` (case, accents, quotes, spaces and
punctuation do not count). A competency must be one of the 25 national ones (a close spelling,
difflib ratio ≥ 0.85, is accepted); any other knowledge item, skill, role, organisation,
legislation or source document becomes a new term in the output, under the shared IRI pattern,
with its Dutch label only: English labels are not invented.

The output states facts about the profile's own resources only (its IRI, the IRIs under it, blank
nodes). Where the document names a shared term, the section says so (``<sectie/3.1> bcp:mentions
kennis:…``); the order of sources and legislation is kept on citation nodes (``<bron/1> a
bcp:SourceCitation ; bcp:cites document:… ; schema:position 1``, and ``<regelgeving/1>``, a
``bcp:LegislationCitation``) beside the direct links ``dcterms:source`` and ``bcp:legislation``;
a career step is the profile's ``bcp:CareerTransition`` only (no ``bcp:canProgressTo``). A new term
is defined (types, scheme, Dutch label, a note that it is new) the same way in every import that
makes it, and nothing else is said of it. The document's wording of a known term, where no label
of the vocabularies has it, is not written on the shared term: the review reports it, to be added
to the vocabulary as a ``skos:altLabel``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from ..graph import bind_prefixes
from ..namespaces import (BCP, BCPID, BEROEP, COMP, COMPETENCY_SCHEME, DOCUMENT, FUNCTIE, KENNIS, ORGANISATIE,
                          PLAATS, REGELGEVING, SCHEMA, VAARDIGHEID)
from .text import Document, Item, Leftover, norm, role_key, slug, variant_key

__all__ = ["build", "Vocabulary"]

KENNIS_SCHEME = URIRef("https://w3id.org/bcpgraph/id/kennis")
SKILL_SCHEME = URIRef("https://w3id.org/bcpgraph/id/vaardigheden")
_LABELS = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
_DIRECTIONS = {"horizontal": BCP.horizontalWithin, "vertical": BCP.verticalWithin, "outside": BCP.outside}
_DIRECTION_WORDS = {"horizontal": "Horizontaal", "vertical": "Verticaal", "outside": "Buiten"}
#: Section names for the sections the reader finds by a heading without its own words.
_SECTION_NAMES = {"inleiding": "Inleiding", "colofon": "Colofon", "brondocumenten": "Brondocumenten/bronnen"}
#: The note on a term an import defines because the vocabularies do not have it yet: the same in
#: every file that defines the term (see the module docstring).
NEW_TERM_NOTE = Literal("Nieuwe term uit een import door bcpgraph; nog niet in de gedeelde vocabulaires.",
                        lang="nl")
_SPELLING = ("another spelling of {term}, not in the shared vocabularies (not written in the profile: add it "
             "there as a skos:altLabel)")
#: What the importer does not model (yet): these parts of a section go to the review report.
_NOT_IMPORTED = {
    "inleiding": "not imported: the standard introduction",
    "sectorraad": "not imported: the sector council's members (organisations not linked by the importer)",
    "1.2": "not imported: work environment, role, complexity, requirements and languages (only the attitudes "
           "are read)",
    "1.4": "not imported: trends and figures (only the legislation list is read)",
}


class Vocabulary:
    """Label → IRI tables over the shipped vocabularies and competency scheme (Dutch labels)."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self.tables: dict[str, dict[str, URIRef]] = {}
        self.labels: dict[URIRef, set[str]] = {}
        kinds = {"competency": BCP.Competency, "knowledge": BCP.KnowledgeItem, "skill": BCP.Skill,
                 "role": BCP.Role, "occupation": BCP.Occupation, "organisation": BCP.Organisation,
                 "legislation": BCP.Legislation, "document": BCP.SourceDocument, "place": BCP.Place}
        for kind, cls in kinds.items():
            table: dict[str, URIRef] = {}
            members = set(graph.subjects(RDF.type, cls))
            if kind == "competency":
                members |= set(graph.subjects(SKOS.inScheme, COMPETENCY_SCHEME))
            for term in sorted(members):
                predicates = _LABELS + ((DCTERMS.title,) if kind == "document" else ())
                for predicate in predicates:
                    for label in graph.objects(term, predicate):
                        if getattr(label, "language", None) not in ("nl", None):
                            continue
                        self.labels.setdefault(term, set()).add(norm(str(label)))
                        key = role_key(str(label)) if kind in ("role", "occupation") else variant_key(str(label))
                        table.setdefault(key, term)
            self.tables[kind] = table

    def find(self, kind: str, text: str) -> URIRef | None:
        key = role_key(text) if kind in ("role", "occupation") else variant_key(text)
        return self.tables[kind].get(key)

    def close_competency(self, text: str) -> URIRef | None:
        """The national competency spelled closest to ``text`` (ratio ≥ 0.85, clearly best)."""
        key = variant_key(text)
        scored = sorted(((difflib.SequenceMatcher(None, key, k).ratio(), k) for k in self.tables["competency"]),
                        reverse=True)
        if scored and scored[0][0] >= 0.85 and (len(scored) == 1 or scored[0][0] - scored[1][0] >= 0.05):
            return self.tables["competency"][scored[0][1]]
        return None

    def document(self, text: str) -> URIRef | None:
        """A known source document for a list entry: its label exactly, or a label that begins the
        entry ("Monitor … 2009-2010, ECABO") when every number after it is in the document's
        labels or IRI (so "…, oktober 2012" is not the 2009 edition)."""
        found = self.find("document", text)
        if found is not None:
            return found
        key = variant_key(text)
        best = None
        for label_key, term in self.tables["document"].items():
            if len(label_key) >= 10 and key.startswith(label_key) and (best is None or len(label_key) > len(best[0])):
                rest = key[len(label_key):]
                issued = [str(d) for d in self.graph.objects(term, DCTERMS.issued)]
                known = " ".join([str(term), *self.labels.get(term, ()), *issued])
                if all(n in known for n in re.findall(r"\d+", rest)):
                    best = (label_key, term)
        return best[1] if best else None


def _lit(text: str) -> Literal:
    return Literal(norm(text), lang="nl")


class _Builder:
    def __init__(self, doc: Document, vocab: Vocabulary, source_name: str):
        self.doc, self.vocab = doc, vocab
        self.g = bind_prefixes(Graph())
        self.leftovers: list[Leftover] = list(doc.leftovers)
        self.profile = BCPID[f"{slug(doc.occupation)}-{doc.year}"]
        self.base = str(self.profile) + "/"
        self.source_name = source_name
        self.new_terms: set[URIRef] = set()
        self.spellings: set[tuple[URIRef, str]] = set()

    def local(self, path: str) -> URIRef:
        return URIRef(self.base + path)

    def section(self, key: str) -> URIRef:
        return self.local(f"sectie/{key}")

    def add(self, s, p, o) -> None:
        self.g.add((s, p, o))

    # -------------------------------------------------------------- shared terms

    def term(self, kind: str, text: str, section: str | None, *, namespace, classes: Iterable[URIRef],
             scheme: URIRef | None = None, found: URIRef | None = None, label: str | None = None,
             line: int = 0) -> URIRef:
        """The shared term for ``text``: found in the vocabularies (a wording they do not have goes
        to the review) or a new one defined here; ``section`` (if given) mentions it."""
        if found is None:
            found = self.vocab.find(kind, text) if kind != "document" else self.vocab.document(text)
        label = norm(label if label is not None else text)
        if found is not None:
            if label not in self.vocab.labels.get(found, set()) and kind in ("competency", "knowledge", "skill") \
                    and (found, label) not in self.spellings:  # reported where first met
                self.spellings.add((found, label))
                self.leftovers.append(Leftover(section or "", line, label, _SPELLING.format(
                    term=self.g.namespace_manager.normalizeUri(found))))
        else:
            found = namespace[slug(label)]
            if found not in self.new_terms and (found, None, None) not in self.vocab.graph:
                self.new_terms.add(found)
                for cls in classes:
                    self.add(found, RDF.type, cls)
                self.add(found, SKOS.prefLabel, _lit(label))
                if scheme is not None:
                    self.add(found, SKOS.inScheme, scheme)
                if kind == "document":
                    self.add(found, DCTERMS.title, _lit(label))
                self.add(found, SKOS.editorialNote, NEW_TERM_NOTE)
        if section is not None:
            self.add(self.section(section), BCP.mentions, found)
        return found

    def organisation(self, item: Item, section: str) -> URIRef:
        found = self.vocab.find("organisation", item.text)
        if found is None and (m := re.fullmatch(r"(.+?) \(([^()]+)\)", norm(item.text))):
            found = self.vocab.find("organisation", m.group(1)) or self.vocab.find("organisation", m.group(2))
        return self.term("organisation", item.text, section, namespace=ORGANISATIE, classes=(BCP.Organisation,),
                         found=found)

    def role(self, text: str) -> URIRef:
        if role_key(text) == role_key(self.doc.occupation):
            return self.occupation
        label = re.sub(r"^(?:een|de|het) ", "", norm(text))
        return self.term("role", text, "1.3", namespace=FUNCTIE, classes=(BCP.Role,), label=label)

    # -------------------------------------------------------------- the parts

    def sections(self) -> None:
        order = sorted(self.doc.sections.items(), key=lambda kv: kv[1][1])
        for position, (key, (heading, _line)) in enumerate(order, start=1):
            node = self.section(key)
            self.add(node, RDF.type, BCP.DocumentSection)
            if key[0].isdigit():
                self.add(node, SKOS.notation, Literal(key))
                name = heading[len(key):].strip()
            else:
                name = _SECTION_NAMES.get(key, heading)
            self.add(node, SKOS.prefLabel, _lit(name))
            self.add(node, SCHEMA.position, Literal(position))
            self.add(node, DCTERMS.isPartOf, self.profile)
            if key in _NOT_IMPORTED:
                self.leftovers.append(Leftover(key, _line, heading, _NOT_IMPORTED[key]))

    def profile_node(self) -> None:
        p, doc = self.profile, self.doc
        title = f"Beroepscompetentieprofiel {doc.occupation}"
        self.add(p, RDF.type, BCP.Profile)
        self.add(p, SKOS.prefLabel, _lit(title))
        self.add(p, DCTERMS.title, _lit(title))
        self.add(p, SKOS.altLabel, _lit(f"BCP {doc.occupation} {doc.year}"))
        self.add(p, DCTERMS.language, Literal("nl"))
        self.add(p, DCTERMS.date, Literal(doc.year, datatype=XSD.gYear))
        self.add(p, SKOS.editorialNote, Literal(
            f"Geïmporteerd door bcpgraph import uit {self.source_name}; Engelse namen zijn niet toegevoegd.",
            lang="nl"))
        self.occupation = self.vocab.find("occupation", doc.occupation)
        if self.occupation is None:
            self.occupation = BEROEP[slug(doc.occupation)]
            self.add(self.occupation, RDF.type, BCP.Occupation)
            self.add(self.occupation, SKOS.prefLabel, _lit(doc.occupation))
        self.add(p, BCP.occupation, self.occupation)
        self.add(self.section("1" if "1" in doc.sections else "2"), BCP.mentions, self.occupation)

    def colophon(self) -> None:
        doc, p = self.doc, self.profile
        roles = [(doc.coordinator, BCP.coordinator, "onder regie van"),
                 (doc.commissioner, BCP.commissioner, "in opdracht van"),
                 (doc.adoption_body, BCP.adopter, "vastgesteld door")]
        for item, role, words in roles:
            if item is None:
                continue
            org = self.organisation(item, "colofon")
            node = self.local(f"toeschrijving/{str(role).rsplit('/', 1)[-1]}")
            self.add(p, PROV.qualifiedAttribution, node)
            self.add(node, RDF.type, PROV.Attribution)
            self.add(node, PROV.agent, org)
            self.add(node, PROV.hadRole, role)
            self.add(node, SKOS.prefLabel, _lit(f"{words}: {item.text}"))
            self.add(node, BCP.seedSection, self.section("colofon"))
        if doc.adoption_body is None or doc.adoption_date is None:
            self.leftovers.append(Leftover("colofon", 0, "", "no adoption found ('Vastgesteld door:' and 'Op:' "
                                                             "with a date)"))
            return
        node = self.local("vaststelling")
        self.add(p, BCP.adoption, node)
        self.add(node, RDF.type, BCP.Adoption)
        self.add(node, SKOS.prefLabel, _lit(f"Vaststelling door de {doc.adoption_body.text}"))
        self.add(node, BCP.adoptionDate, Literal(doc.adoption_date.isoformat(), datatype=XSD.date))
        self.add(node, PROV.wasAssociatedWith, self.organisation(doc.adoption_body, "colofon"))
        if doc.adoption_place is not None:
            place = self.term("place", doc.adoption_place.text, "colofon", namespace=PLAATS, classes=(BCP.Place,))
            self.add(node, PROV.atLocation, place)
        self.add(node, BCP.seedSection, self.section("colofon"))

    def chapter_one(self) -> None:
        doc, p = self.doc, self.profile
        seen: set[URIRef] = set()
        for position, item in enumerate(doc.job_titles, start=1):
            node = self.local(f"functiebenaming/{slug(item.text)}")
            if node in seen:
                continue
            seen.add(node)
            self.add(p, BCP.jobTitle, node)
            self.add(node, RDF.type, BCP.JobTitle)
            self.add(node, SCHEMA.position, Literal(position))
            self.add(node, SKOS.prefLabel, _lit(item.text))
            self.add(node, BCP.seedSection, self.section("1.1"))
        for position, item in enumerate(doc.attitudes, start=1):
            node = self.local(f"beroepshouding/{position}")
            self.add(p, BCP.attitude, node)
            self.add(node, RDF.type, BCP.Attitude)
            self.add(node, SCHEMA.position, Literal(position))
            self.add(node, SKOS.prefLabel, _lit(item.text))
            self.add(node, BCP.seedSection, self.section("1.2"))
        for position, step in enumerate(doc.careers, start=1):
            node = self.local(f"loopbaanstap/{position}")
            source = self.occupation if step.from_role == doc.occupation else self.role(step.from_role)
            self.add(p, BCP.careerTransition, node)
            self.add(node, RDF.type, BCP.CareerTransition)
            self.add(node, SCHEMA.position, Literal(position))
            self.add(node, BCP.fromRole, source)
            self.add(node, BCP.careerDirection, _DIRECTIONS[step.direction])
            self.add(node, DCTERMS.description, _lit(step.sentence))
            self.add(node, BCP.seedSection, self.section("1.3"))
            if step.to_role is None:
                self.add(node, SKOS.prefLabel, _lit(f"{_DIRECTION_WORDS[step.direction]}: {step.phrase}"))
                continue
            target = self.role(step.to_role)
            self.add(node, BCP.toRole, target)
            from_label = step.from_role if source != self.occupation else doc.occupation
            label = f"Van {from_label} naar {norm(step.to_role)}"
            if step.interpretation:
                self.add(node, RDF.type, BCP.Interpretation)
                self.add(node, SKOS.prefLabel, _lit(label + " (ladderlezing)"))
                self.add(node, BCP.interpretationNote, _lit(
                    "Ladderlezing, door bcpgraph import afgeleid: de zin noemt letterlijk alleen stappen vanuit "
                    "de eerste functie; deze stap staat er niet letterlijk."))
            else:
                self.add(node, SKOS.prefLabel, _lit(label))
        self.citations(doc.legislation, "1.4", "regelgeving", BCP.legislation, BCP.legislationCitation,
                       BCP.LegislationCitation, kind="legislation", namespace=REGELGEVING, cls=BCP.Legislation)
        self.citations(doc.sources, "brondocumenten", "bron", DCTERMS.source, BCP.sourceCitation,
                       BCP.SourceCitation, kind="document", namespace=DOCUMENT, cls=BCP.SourceDocument)

    def citations(self, items: list[Item], section: str, path: str, link: URIRef, citation_link: URIRef,
                  citation_class: URIRef, *, kind: str, namespace, cls: URIRef) -> None:
        """A list of shared terms in the document's order: the section mentions each, the profile
        links to it, and a citation node ``<path/N>`` of the profile holds it and its position."""
        cited: list[URIRef] = []
        for item in items:
            term = self.term(kind, item.text, section, namespace=namespace, classes=(cls,), line=item.line)
            if term not in cited:
                cited.append(term)
        for position, term in enumerate(cited, start=1):
            node = self.local(f"{path}/{position}")
            self.add(self.profile, link, term)
            self.add(self.profile, citation_link, node)
            self.add(node, RDF.type, citation_class)
            self.add(node, BCP.cites, term)
            self.add(node, SCHEMA.position, Literal(position))
            self.add(node, BCP.seedSection, self.section(section))

    def core_tasks(self) -> None:
        doc, p = self.doc, self.profile
        section_of = {}
        for key in doc.sections:
            if re.match(r"3\.(\d+)$", key):
                heading = doc.sections[key][0]
                if n := re.match(r"^3\.\d+ Kerntaak (\d+)", heading):
                    section_of[n.group(1)] = key
        for ct in doc.core_tasks:
            node = self.local(f"kerntaak/{ct.number}")
            self.add(p, BCP.coreTask, node)
            self.add(node, RDF.type, BCP.CoreTask)
            self.add(node, SKOS.notation, Literal(ct.number))
            self.add(node, SKOS.prefLabel, _lit(ct.title))
            self.add(node, BCP.seedSection, self.section(section_of.get(ct.number, "2")))
        for wp in doc.work_processes:
            self.work_process(wp, section_of.get(wp.core_task, "2"))

    def work_process(self, wp, section: str) -> None:
        node = self.local(f"werkproces/{wp.number}")
        core = self.local(f"kerntaak/{wp.core_task}")
        if (core, RDF.type, BCP.CoreTask) not in self.g:
            self.leftovers.append(Leftover(section, wp.line, f"{wp.number} {wp.title}",
                                           f"werkproces without kerntaak {wp.core_task}"))
        self.add(core, BCP.workProcess, node)
        self.add(node, RDF.type, BCP.WorkProcess)
        self.add(node, SKOS.notation, Literal(wp.number))
        self.add(node, SKOS.prefLabel, _lit(wp.title))
        self.add(node, BCP.seedSection, self.section(section))
        if wp.description:
            self.add(node, DCTERMS.description, _lit(wp.description))
        missing = [name for name, value in (("description", wp.description), ("competencies", wp.competencies),
                                            ("results", wp.results)) if not value]
        if missing:
            self.leftovers.append(Leftover(section, wp.line, f"{wp.number} {wp.title}",
                                           f"werkproces without {', '.join(missing)} in chapter 3"))
        competencies = []
        for item in wp.competencies:
            found = self.vocab.find("competency", item.text) or self.vocab.close_competency(item.text)
            if found is None:
                self.leftovers.append(Leftover(section, item.line, item.text,
                                               f"werkproces {wp.number}: not one of the 25 national competencies"))
                continue
            competencies.append(self.term("competency", item.text, section, namespace=COMP, classes=(),
                                          found=found, line=item.line))
        knowledge = [self.term("knowledge", i.text, section, namespace=KENNIS,
                               classes=(SKOS.Concept, BCP.KnowledgeItem), scheme=KENNIS_SCHEME, line=i.line)
                     for i in wp.knowledge]
        skills = [self.term("skill", i.text, section, namespace=VAARDIGHEID, classes=(SKOS.Concept, BCP.Skill),
                            scheme=SKILL_SCHEME, line=i.line) for i in wp.skills]
        for predicate, list_predicate, terms in ((BCP.competency, BCP.competencyList, competencies),
                                                 (BCP.knowledge, BCP.knowledgeList, knowledge),
                                                 (BCP.skill, BCP.skillList, skills)):
            terms = list(dict.fromkeys(terms))
            for term in terms:
                self.add(node, predicate, term)
            if terms:
                head = BNode(f"{slug(wp.number)}-{str(list_predicate).rsplit('/', 1)[-1]}")
                Collection(self.g, head, terms)
                self.add(node, list_predicate, head)
        for position, item in enumerate(wp.results, start=1):
            result = self.local(f"werkproces/{wp.number}/resultaat/{position}")
            self.add(node, BCP.result, result)
            self.add(result, RDF.type, BCP.Result)
            self.add(result, SCHEMA.position, Literal(position))
            self.add(result, SKOS.prefLabel, _lit(item.text))
            self.add(result, BCP.seedSection, self.section(section))


def build(doc: Document, vocabulary: Vocabulary, *, source_name: str) -> tuple[Graph, list[Leftover]]:
    """The profile graph for ``doc`` and what could not be placed (see the module docstring)."""
    b = _Builder(doc, vocabulary, source_name)
    b.sections()
    b.profile_node()
    b.colophon()
    b.core_tasks()
    b.chapter_one()
    leftovers = sorted(set(b.leftovers), key=lambda x: (x.line, x.section, x.text, x.reason))
    return b.g, leftovers
