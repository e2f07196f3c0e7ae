"""The graph checked against the seed text itself.

Expected values come from :mod:`seedtext`, which reads the seed without any RDF library; the graph
is only ever the thing under test. Labels on both sides go through :func:`seedtext.norm`
(whitespace and quote marks), so a curly ‘klant’ in the seed matches a straight "klant" in the
national competency list, and a line break in a long text does not matter.

The first block of tests checks the reader against facts stated in docs (DOMAIN.md): if one of
those fails, the reader is wrong, not the data.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest
import seedtext
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as rns
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS
from seedtext import norm, role_key, variant_key

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data" / "contactcenter.ttl"
BCP = "https://w3id.org/bcpgraph/def/"
NATIONAL_SCHEME = URIRef("https://w3id.org/bcpgraph/id/competenties")
DIRECTIONS = {URIRef(BCP + "verticalWithin"): "vertical",
              URIRef(BCP + "horizontalWithin"): "horizontal",
              URIRef(BCP + "outside"): "outside"}


def bcp(name: str) -> URIRef:
    return URIRef(BCP + name)


if seedtext.seed_path() is None:
    pytest.skip("seed text not found (set BCPGRAPH_SEED)", allow_module_level=True)

SEED = seedtext.read()
WP_NUMBERS = [wp.number for wp in SEED.work_processes]


# ------------------------------------------------------------------ loading


def load_graph() -> Graph:
    """The merged graph: ``bcpgraph.load()`` when the package offers it, else the files.

    $BCPGRAPH_DATA points the tests at another data file (the ontology files stay the shipped ones).
    """
    override = os.environ.get("BCPGRAPH_DATA")
    data = Path(override) if override else DATA
    if not data.is_file():
        pytest.fail(f"{data} does not exist: there is no graph to check")
    if not override:
        try:
            import bcpgraph
        except ImportError:
            bcpgraph = None
        if callable(getattr(bcpgraph, "load", None)):
            return bcpgraph.load()
    graph = Graph()
    for path in sorted((REPO / "ontology").glob("*.ttl")) + sorted((REPO / "vocabularies").glob("*.ttl")):
        graph.parse(path, format="turtle")
    graph.parse(data, format="turtle")
    return graph


@pytest.fixture(scope="module")
def g() -> Graph:
    return load_graph()


@pytest.fixture(scope="module")
def profile(g: Graph) -> URIRef:
    profiles = set(g.subjects(RDF.type, bcp("Profile")))
    assert len(profiles) == 1, f"expected one bcp:Profile, found {sorted(profiles)}"
    return profiles.pop()


@pytest.fixture(scope="module")
def work_processes(g: Graph) -> dict[str, URIRef]:
    """Graph werkprocessen by their skos:notation."""
    by_number = defaultdict(list)
    for wp in g.subjects(RDF.type, bcp("WorkProcess")):
        for notation in g.objects(wp, SKOS.notation):
            by_number[str(notation)].append(wp)
    doubles = {n: nodes for n, nodes in by_number.items() if len(nodes) > 1}
    assert not doubles, f"werkproces numbers used more than once: {doubles}"
    return {n: nodes[0] for n, nodes in by_number.items()}


# ------------------------------------------------------------------ graph helpers


def nl_labels(g: Graph, node) -> set[str]:
    """skos:prefLabel and skos:altLabel @nl of ``node``, normalised."""
    return {norm(o) for p in (SKOS.prefLabel, SKOS.altLabel) for o in g.objects(node, p)
            if isinstance(o, Literal) and o.language == "nl"}


def pref_nl(g: Graph, node) -> str | None:
    values = [norm(o) for o in g.objects(node, SKOS.prefLabel)
              if isinstance(o, Literal) and o.language == "nl"]
    assert len(values) <= 1, f"{node} has {len(values)} skos:prefLabel @nl: {values}"
    return values[0] if values else None


def nl_texts(g: Graph, node, predicate) -> list[str]:
    return [norm(o) for o in g.objects(node, predicate)
            if isinstance(o, Literal) and o.language == "nl"]


def position(g: Graph, node) -> int | None:
    values = list(g.objects(node, rns.SDO.position))
    integer = rns.XSD.integer
    if len(values) == 1 and isinstance(values[0], Literal) and values[0].datatype == integer:
        return int(values[0])
    return None


def ordered(g: Graph, nodes) -> list:
    """``nodes`` sorted by schema:position, after checking the positions are 1..n integers."""
    nodes = list(nodes)
    positions = {n: position(g, n) for n in nodes}
    assert all(p is not None for p in positions.values()), (
        "every item needs one schema:position xsd:integer: "
        f"{[n for n, p in positions.items() if p is None]}")
    assert sorted(positions.values()) == list(range(1, len(nodes) + 1)), (
        f"positions are not 1..{len(nodes)}: {sorted(positions.values())}")
    return sorted(nodes, key=positions.__getitem__)


def match(g: Graph, items: list[str], nodes) -> dict[str, object]:
    """Map each seed item to the one node in ``nodes`` carrying it as pref- or altLabel @nl.

    Fails, listing the differences, unless every item finds exactly one node and every node is
    found by some item.
    """
    nodes = set(nodes)
    index = defaultdict(set)
    for node in nodes:
        for lab in nl_labels(g, node):
            index[lab].add(node)
    mapping, missing, ambiguous = {}, [], []
    for item in items:
        hits = index.get(norm(item), set())
        if len(hits) == 1:
            mapping[item] = next(iter(hits))
        elif hits:
            ambiguous.append((item, sorted(hits)))
        else:
            missing.append(item)
    extra = {n: sorted(nl_labels(g, n)) for n in nodes - set(mapping.values())}
    assert not (missing or ambiguous or extra), (
        f"\n  in the seed, not in the graph: {missing}"
        f"\n  matching more than one node: {ambiguous}"
        f"\n  in the graph, not in the seed: {extra}")
    return mapping


# ------------------------------------------------------------------ the reader itself


def test_reader_finds_what_the_domain_notes_state():
    assert [t.number for t in SEED.core_tasks] == ["1", "2", "3"]
    assert WP_NUMBERS == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1"]
    links = [c for wp in SEED.work_processes for c in wp.competencies]
    assert (len(links), len(set(map(norm, links)))) == (47, 14)
    assert len(SEED.job_titles) == 7 and "Callcenter agent" in SEED.job_titles
    assert (len(SEED.attitudes), len(SEED.legislation), len(SEED.sources)) == (12, 5, 8)
    assert SEED.adoption.place == "Amersfoort"
    assert SEED.occupation == "Contactcenter medewerker"
    for wp in SEED.work_processes:
        assert wp.description and wp.competencies and wp.knowledge and wp.skills
        assert 2 <= len(wp.results) <= 5


def test_reader_agrees_between_chapter_2_and_chapter_3():
    assert SEED.core_task_titles_ch3 == {t.number: t.title for t in SEED.core_tasks}
    assert {wp.number: wp.title_ch3 for wp in SEED.work_processes} == {
        wp.number: wp.title for wp in SEED.work_processes}


def test_reader_finds_every_name_in_the_colophon():
    text = norm(SEED.text)
    assert len(SEED.persons) == len(re.findall(r"(?<!\w)(?:Mw|Dhr|Mevr)\.", text))
    for person in SEED.persons:
        assert f"{person.title} {person.initials} {person.surname}" in text
        assert person.surname and person.surname[-1].isalpha()


# ------------------------------------------------------------------ kerntaken and werkprocessen


def test_core_tasks_have_the_seed_numbers_and_titles(g, profile):
    tasks = set(g.objects(profile, bcp("coreTask")))
    found = {str(n): pref_nl(g, t) for t in tasks for n in g.objects(t, SKOS.notation)}
    assert len(found) == len(tasks)
    assert found == {t.number: norm(t.title) for t in SEED.core_tasks}
    assert set(g.subjects(RDF.type, bcp("CoreTask"))) == tasks


def test_work_processes_are_exactly_the_seed_ones(work_processes):
    assert sorted(work_processes) == sorted(WP_NUMBERS)


@pytest.mark.parametrize("number", WP_NUMBERS)
def test_work_process_title_and_core_task(g, work_processes, number):
    wp = work_processes[number]
    expected = SEED.work_process(number)
    assert pref_nl(g, wp) == norm(expected.title)
    tasks = list(g.subjects(bcp("workProcess"), wp))
    assert len(tasks) == 1, f"werkproces {number} belongs to {tasks}"
    assert [str(n) for n in g.objects(tasks[0], SKOS.notation)] == [expected.core_task]


@pytest.mark.parametrize("number", WP_NUMBERS)
def test_work_process_description(g, work_processes, number):
    descriptions = nl_texts(g, work_processes[number], DCTERMS.description)
    assert descriptions == [norm(SEED.work_process(number).description)]


# ------------------------------------------------------------------ competencies


@pytest.mark.parametrize("number", WP_NUMBERS)
def test_work_process_competencies(g, work_processes, number):
    linked = set(g.objects(work_processes[number], bcp("competency")))
    match(g, SEED.work_process(number).competencies, linked)
    outside = {c for c in linked if (c, SKOS.inScheme, NATIONAL_SCHEME) not in g}
    assert not outside, f"not in the national set of 25: {outside}"


def test_competency_links_count_and_distinct(g, work_processes):
    links = [c for wp in SEED.work_processes for c in wp.competencies]
    graph_links = [c for wp in work_processes.values() for c in g.objects(wp, bcp("competency"))]
    assert len(graph_links) == len(links)
    assert len(set(graph_links)) == len({norm(c) for c in links})


# ------------------------------------------------------------------ results


@pytest.mark.parametrize("number", WP_NUMBERS)
def test_work_process_results_in_order(g, work_processes, number):
    results = ordered(g, g.objects(work_processes[number], bcp("result")))
    assert all((r, RDF.type, bcp("Result")) in g for r in results)
    assert [pref_nl(g, r) for r in results] == [norm(r) for r in SEED.work_process(number).results]


# ------------------------------------------------------------------ knowledge and skills

KINDS = {"knowledge": bcp("knowledge"), "skills": bcp("skill")}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("number", WP_NUMBERS)
def test_work_process_knowledge_and_skills(g, work_processes, number, kind):
    linked = g.objects(work_processes[number], KINDS[kind])
    match(g, getattr(SEED.work_process(number), kind), linked)


@pytest.mark.parametrize("kind", KINDS)
def test_recurring_items_are_one_concept(g, work_processes, kind):
    """Each item (spelling variants together) is one IRI, used by the werkprocessen listing it."""
    expected: dict[str, set[str]] = defaultdict(set)  # variant key -> werkproces numbers
    spellings: dict[str, set[str]] = defaultdict(set)
    for wp in SEED.work_processes:
        for item in getattr(wp, kind):
            expected[variant_key(item)].add(wp.number)
            spellings[variant_key(item)].add(norm(item))
    linked = {n: set(g.objects(work_processes[n], KINDS[kind])) for n in WP_NUMBERS}
    all_nodes = set().union(*linked.values())
    problems = []
    for key, numbers in expected.items():
        nodes = {n for n in all_nodes if nl_labels(g, n) & spellings[key]}
        users = {n for n, objs in linked.items() if nodes & objs}
        if len(nodes) != 1 or users != numbers:
            problems.append((sorted(spellings[key]), sorted(nodes), sorted(users), sorted(numbers)))
    assert not problems, "\n".join(
        f"{s}: concepts {c}, used by {u}, seed lists it in {e}" for s, c, u, e in problems)
    assert len(all_nodes) == len(expected)


def test_products_and_services_is_one_concept_used_five_times(g, work_processes):
    """The example from the brief, with the count taken from the seed."""
    item = "producten en diensten van de organisatie"
    uses = sum(item in map(norm, wp.knowledge) for wp in SEED.work_processes)
    nodes = {o for wp in work_processes.values() for o in g.objects(wp, bcp("knowledge"))
             if item in nl_labels(g, o)}
    assert len(nodes) == 1
    assert len(set(g.subjects(bcp("knowledge"), nodes.pop()))) == uses == 5


@pytest.mark.parametrize("kind", KINDS)
def test_longer_item_is_narrower_than_its_stem(g, work_processes, kind):
    """An item that is another item plus a qualifier ("... ten aanzien van klachtafhandeling")
    is its own concept with skos:broader the shorter one."""
    items = {norm(i) for wp in SEED.work_processes for i in getattr(wp, kind)}
    pairs = [(long, short) for long in items for short in items
             if long != short and long.startswith(short + " ")]
    nodes = {o for wp in work_processes.values() for o in g.objects(wp, KINDS[kind])}

    def node(label):
        return next(n for n in nodes if label in nl_labels(g, n))

    for long, short in pairs:
        assert node(long) != node(short)
        assert (node(long), SKOS.broader, node(short)) in g, f"{long!r} skos:broader {short!r}"
    if kind == "knowledge":
        assert pairs, "the seed has a narrower knowledge item (1.3, klachtafhandeling)"


# ------------------------------------------------------------------ chapter 1 and the colophon


def test_job_titles(g, profile):
    match(g, SEED.job_titles, g.objects(profile, bcp("jobTitle")))


def test_job_titles_in_seed_order(g, profile):
    titles = ordered(g, g.objects(profile, bcp("jobTitle")))
    assert [pref_nl(g, t) for t in titles] == [norm(t) for t in SEED.job_titles]


def test_attitudes_in_seed_order(g, profile):
    attitudes = ordered(g, g.objects(profile, bcp("attitude")))
    assert [pref_nl(g, a) for a in attitudes] == [norm(a) for a in SEED.attitudes]


def test_legislation(g, profile):
    match(g, SEED.legislation, g.objects(profile, bcp("legislation")))


def _source_names(g: Graph, node) -> set[str]:
    """What may name a source: its titles and labels, its URLs and, for a web IRI, the IRI."""
    names = set()
    for p in (DCTERMS.title, SKOS.prefLabel, SKOS.altLabel, RDFS.label, rns.SDO.name):
        names |= {norm(o) for o in g.objects(node, p)
                  if isinstance(o, Literal) and o.language in (None, "nl")}
    urls = [o for p in (rns.SDO.url, FOAF.homepage, FOAF.page, DCTERMS.identifier)
            for o in g.objects(node, p)]
    if isinstance(node, URIRef) and not str(node).startswith("https://w3id.org/bcpgraph/"):
        urls.append(node)
    names |= {re.sub(r"^https?://|/$", "", str(u)) for u in urls}
    return {n.casefold() for n in names if len(n) >= 5}


def test_sources(g, profile):
    """The 8 "Brondocumenten/bronnen", in seed order: the profile's source citations from that
    section, position 1..8, each citing a SourceDocument named by a title (or URL) that the seed
    entry at that place starts with (the entry adds publisher and date); the direct links
    (dcterms:source) are the cited documents."""
    citations = sorted(g.objects(profile, bcp("sourceCitation")),
                       key=lambda c: int(g.value(c, rns.SDO.position)))
    assert [int(g.value(c, rns.SDO.position)) for c in citations] == list(range(1, len(SEED.sources) + 1))
    assert all(str(g.value(c, bcp("seedSection"))).endswith("/sectie/brondocumenten") for c in citations)
    documents = [g.value(c, bcp("cites")) for c in citations]
    assert all((d, RDF.type, bcp("SourceDocument")) in g for d in documents)
    assert set(documents) == set(g.objects(profile, rns.DCTERMS.source))
    entries = [norm(e).casefold() for e in SEED.sources]
    for document, entry in zip(documents, entries, strict=True):
        assert any(entry.startswith(n) for n in _source_names(g, document)), (document, entry)
        others = [e for e in entries if e != entry and any(e.startswith(n) for n in _source_names(g, document))]
        assert not others, (document, others)


def test_adoption(g, profile):
    adoptions = list(g.objects(profile, bcp("adoption")))
    assert len(adoptions) == 1
    adoption = adoptions[0]
    dates = list(g.objects(adoption, bcp("adoptionDate")))
    assert len(dates) == 1 and dates[0].datatype == rns.XSD.date
    assert dates[0].toPython() == SEED.adoption.date
    places = list(g.objects(adoption, PROV.atLocation))
    assert [norm(SEED.adoption.place) in nl_labels(g, p) for p in places] == [True]
    bodies = list(g.objects(adoption, PROV.wasAssociatedWith))
    assert [norm(SEED.adoption.body) in nl_labels(g, b) for b in bodies] == [True]


# ------------------------------------------------------------------ privacy


def _fold(text: str) -> str:
    """Casefolded, accents stripped, whitespace normalised: 'Hofsté' and 'hofste' meet."""
    text = unicodedata.normalize("NFKD", norm(text).casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _fold(text)).strip("-")


def _words(text: str) -> str:
    """A regex for the words of ``text`` (folded), any whitespace between them, no boundaries."""
    return r"\s+".join(map(re.escape, _fold(text).split()))


def _whole(core: str) -> re.Pattern:
    return re.compile(r"(?<!\w)" + core + r"(?!\w)")


def _name_patterns() -> list[tuple[str, re.Pattern, re.Pattern]]:
    """Per person: (name, pattern for folded literals, pattern for lower-case IRIs).

    A surname is searched on its own (whole words, particles included: "de Ruijter") unless the
    seed uses it for something else as well: in an organisation ("Philipse Business School",
    "Roland de Haas Consult B.V.") or as a word ("zeer wenselijk"). Those are searched only with
    the initials ("H. Philipse", "R.J. de Haas", "R Zeer"); in IRIs as slugs ("r-j-de-haas").
    """
    residual = norm(SEED.text)
    for p in SEED.persons:
        residual = residual.replace(f"{p.title} {p.initials} {p.surname}", " ")
    residual = _fold(residual)
    out = []
    for p in SEED.persons:
        surname, slug = _words(p.surname), re.escape(_slug(p.surname))
        if _whole(surname).search(residual):
            letters = [c.lower() for c in p.initials if c.isalpha()]
            surname = r"\.?\s*".join(letters) + r"\.?\s*" + surname
            slug = "-?".join(letters) + "-?" + slug
        out.append((p.name, _whole(surname),
                    re.compile(r"(?<![a-z0-9])" + slug + r"(?![a-z0-9])")))
    return out


def test_name_patterns_catch_names_and_spare_organisations():
    patterns = {name: (text, iri) for name, text, iri in _name_patterns()}
    assert patterns["W. de Ruijter"][0].search(_fold("Dhr. W. de Ruijter (FNV Bondgenoten)"))
    assert patterns["W. de Ruijter"][1].search("https://example.org/persoon/de-ruijter")
    assert patterns["H. Philipse"][0].search(_fold("H. Philipse"))
    assert not patterns["H. Philipse"][0].search(_fold("Philipse Business School"))
    assert not patterns["R.J. de Haas"][0].search(_fold("Roland de Haas Consult B.V."))
    assert not patterns["R. Zeer"][0].search(_fold("zeer wenselijk"))
    assert not patterns["J.E. Hofsté"][1].search("https://w3id.org/bcpgraph/id/organisatie/sparq")


def test_no_personal_names_in_the_graph(g):
    literals = {_fold(o) for o in g.objects() if isinstance(o, Literal)}
    iris = {str(n).lower() for t in g for n in t if isinstance(n, URIRef)}
    leaks = []
    for name, text, iri in _name_patterns():
        leaks += [(name, lit[:80]) for lit in literals if text.search(lit)]
        leaks += [(name, i) for i in iris if iri.search(i)]
    assert not leaks, leaks


# ------------------------------------------------------------------ languages


# A Dutch spelling variant of a name (skos:altLabel, skos:hiddenLabel) is no text to translate:
# the English name is the node's skos:prefLabel @en, and inventing an English variant for each
# Dutch spelling would skew label look-ups.
VARIANT_LABELS = {SKOS.altLabel, SKOS.hiddenLabel}


def test_every_dutch_literal_has_an_english_counterpart(g):
    missing = sorted({(str(s), str(p)) for s, p, o in g
                      if isinstance(o, Literal) and o.language == "nl" and p not in VARIANT_LABELS
                      and not any(isinstance(x, Literal) and x.language == "en"
                                  for x in g.objects(s, p))})
    assert not missing, f"{len(missing)} subject/predicate pairs, @nl without @en: {missing[:20]}"
    unnamed = sorted({str(s) for s, p, o in g if p in VARIANT_LABELS and o.language == "nl"
                      and not any(x.language == "en" for x in g.objects(s, SKOS.prefLabel))})
    assert not unnamed, f"Dutch variants on nodes without an English name: {unnamed}"


def test_seed_spellings_of_national_competencies_have_no_invented_english(g):
    """"Met druk en tegenslagen omgaan" (1.3) is a Dutch altLabel of the national "Met druk en
    tegenslag omgaan"; in English the concept has its national name and nothing else."""
    national = Graph().parse(REPO / "ontology" / "competenties.ttl")
    variants = {norm(c) for wp in SEED.work_processes for c in wp.competencies}
    concepts = set(national.subjects(SKOS.inScheme, NATIONAL_SCHEME))
    spelled = {c for c in concepts if nl_labels(g, c) & variants and pref_nl(g, c) not in variants}
    assert spelled, "the seed spells some national competencies its own way"
    for c in concepts:
        english = {o for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
                   for o in g.objects(c, p) if o.language == "en"}
        assert english == {o for o in national.objects(c, SKOS.prefLabel) if o.language == "en"}, c


def test_english_texts_use_straight_quotes(g):
    """The data header's typography rule for @en: straight ASCII quotes only."""
    curly = sorted({str(o)[:60] for o in g.objects() if isinstance(o, Literal) and o.language == "en"
                    and re.search("[\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f]", o)})
    assert not curly, curly


#: void:uriSpace (in the vocabularies' headers) is an IRI prefix, not text in a language.
UNTAGGED_OK = {SKOS.notation, DCTERMS.language, rns.VOID.uriSpace}


def test_plain_strings_are_codes_or_web_addresses():
    """Text in a language carries a tag. Untagged strings in the data are codes (notation,
    language) or the title of a web site that is its own address: that title equals its
    schema:url host."""
    g = Graph().parse(os.environ.get("BCPGRAPH_DATA") or DATA, format="turtle")
    for path in sorted((REPO / "vocabularies").glob("*.ttl")):   # the shared terms the profile names
        g.parse(path, format="turtle")
    plain = [(s, p, o) for s, p, o in g if isinstance(o, Literal) and o.language is None
             and o.datatype in (None, rns.XSD.string) and p not in UNTAGGED_OK]
    assert plain, "the three web sites among the sources have plain titles"
    for s, p, o in plain:
        assert p == DCTERMS.title and (s, RDF.type, rns.SDO.WebSite) in g, (s, p, o)
        hosts = {re.sub(r"^https?://|/$", "", str(u)) for u in g.objects(s, rns.SDO.url)}
        assert hosts == {str(o)}, (s, o, hosts)
        assert isinstance(g.value(s, rns.SDO.url), URIRef)


# ------------------------------------------------------------------ careers


def _role_keys(g: Graph, node) -> set[str]:
    return {role_key(lab) for lab in nl_labels(g, node)}


def _transitions(g: Graph, *, interpretation: bool) -> list[dict]:
    out = []
    for t in g.subjects(RDF.type, bcp("CareerTransition")):
        if ((t, RDF.type, bcp("Interpretation")) in g) != interpretation:
            continue
        froms = list(g.objects(t, bcp("fromRole")))
        tos = list(g.objects(t, bcp("toRole")))
        out.append({
            "node": t,
            "direction": {DIRECTIONS.get(d) for d in g.objects(t, bcp("careerDirection"))},
            "from": froms, "to": tos,
            "from_keys": set().union(*(_role_keys(g, r) for r in froms)),
            "to_keys": set().union(*(_role_keys(g, r) for r in tos)),
            "description": " ".join(x.casefold() for x in nl_texts(g, t, DCTERMS.description)),
        })
    return out


def _fits(step: seedtext.CareerStep, t: dict) -> bool:
    if t["direction"] != {step.direction} or role_key(step.from_role) not in t["from_keys"]:
        return False
    if step.to_role is None:
        return not t["to"] and norm(step.phrase).casefold() in t["description"]
    return len(t["to"]) == 1 and role_key(step.to_role) in t["to_keys"]


def test_stated_career_transitions_are_those_of_section_1_3(g):
    graph_steps = _transitions(g, interpretation=False)
    unmatched = list(range(len(graph_steps)))
    missing = []
    for step in SEED.career_steps:
        hit = next((i for i in unmatched if _fits(step, graph_steps[i])), None)
        if hit is None:
            missing.append(step)
        else:
            unmatched.remove(hit)
    extra = [(graph_steps[i]["node"], graph_steps[i]["from_keys"], graph_steps[i]["to_keys"],
              graph_steps[i]["direction"]) for i in unmatched]
    assert not missing and not extra, f"\n  not in the graph: {missing}\n  not in 1.3: {extra}"


def _links(transition: dict, key: tuple[str, str]) -> bool:
    return key[0] in transition["from_keys"] and key[1] in transition["to_keys"]


def test_ladder_step_is_only_an_interpretation(g):
    """"De (junior) Accountmanager kan doorgroeien naar de functie van (senior) Accountmanager en
    Regiomanager": senior -> regiomanager is only the ladder reading, so it is a
    bcp:Interpretation with notes, never a stated step nor a bcp:canProgressTo shortcut."""
    assert [tuple(map(role_key, s)) for s in SEED.ladder_steps] == [
        ("senior accountmanager", "regiomanager")]
    interpretations = _transitions(g, interpretation=True)
    stated = _transitions(g, interpretation=False)
    for source, target in SEED.ladder_steps:
        key = (role_key(source), role_key(target))
        found = [t for t in interpretations if _links(t, key)]
        assert len(found) == 1, f"{key} as bcp:Interpretation: {len(found)} found"
        notes = {o.language for o in g.objects(found[0]["node"], bcp("interpretationNote"))}
        assert {"nl", "en"} <= notes
        assert not [t for t in stated if _links(t, key)], f"{key} is stated; the seed does not"
        for a in found[0]["from"]:
            for b in found[0]["to"]:
                assert (a, bcp("canProgressTo"), b) not in g, f"{key} has the shortcut triple"
    assert len(interpretations) == len(SEED.ladder_steps)


def test_no_career_shortcuts_only_the_profiles_transitions(g):
    """A profile's career steps are its bcp:CareerTransition nodes; bcp:canProgressTo (deprecated:
    on a shared role it cannot say whose step it is) is not in the data. Every step of the seed
    that names a target role is one stated transition."""
    assert not set(g.subject_objects(bcp("canProgressTo")))
    stated = {(t["from"][0], t["to"][0]) for t in _transitions(g, interpretation=False)
              if len(t["from"]) == 1 and len(t["to"]) == 1}
    assert len(stated) == sum(step.to_role is not None for step in SEED.career_steps)


# ------------------------------------------------------------------ order within a werkproces

LISTS = {"competencies": (bcp("competency"), bcp("competencyList")),
         "knowledge": (bcp("knowledge"), bcp("knowledgeList")),
         "skills": (bcp("skill"), bcp("skillList"))}


@pytest.mark.parametrize("kind", LISTS)
@pytest.mark.parametrize("number", WP_NUMBERS)
def test_work_process_lists_keep_the_seed_order(g, work_processes, number, kind):
    """bcp:competencyList / knowledgeList / skillList hold the plain links in the seed's order
    (for competencies not the national order)."""
    wp = work_processes[number]
    links, list_property = LISTS[kind]
    heads = list(g.objects(wp, list_property))
    assert len(heads) == 1, f"{number}: {len(heads)} {list_property}"
    members = list(g.items(heads[0]))
    assert set(members) == set(g.objects(wp, links)) and len(members) == len(set(members))
    expected = [norm(i) for i in getattr(SEED.work_process(number), kind)]
    assert [next(iter(nl_labels(g, m) & set(expected)), None) for m in members] == expected


def test_seed_order_of_competencies_is_not_the_national_order(g, work_processes):
    """Why the lists exist: in 1.1 the seed lists Analyseren (national 13) after Kwaliteit
    leveren (19); sorting by notation would lose that."""
    out_of_order = []
    for number in WP_NUMBERS:
        head = g.value(work_processes[number], bcp("competencyList"))
        notations = [int(g.value(c, SKOS.notation)) for c in g.items(head)]
        if notations != sorted(notations):
            out_of_order.append(number)
    assert "1.1" in out_of_order


# ------------------------------------------------------------------ labels that look-ups use


def test_role_labels_keep_the_seeds_qualifier(g):
    """"(junior) Accountmanager" may be found as "junior accountmanager", never as a plain
    "accountmanager" (which "(senior) Accountmanager" covers just as well)."""
    for role in set(g.subjects(RDF.type, bcp("Role"))):
        for lang in ("nl", "en"):
            pref = [o for o in g.objects(role, SKOS.prefLabel) if o.language == lang]
            words = set(role_key(pref[0]).split()) if pref else set()
            for alt in g.objects(role, SKOS.altLabel):
                if alt.language == lang:
                    assert words <= set(role_key(alt).split()), (role, str(alt))
    keys = defaultdict(set)
    for role in set(g.subjects(RDF.type, bcp("Role"))):
        for lab in g.objects(role, SKOS.altLabel):
            keys[(role_key(lab), lab.language)].add(role)
        for lab in g.objects(role, SKOS.prefLabel):
            keys[(role_key(lab), lab.language)].add(role)
    assert {k: v for k, v in keys.items() if len(v) > 1} == {}


# ------------------------------------------------------------------ colophon: consulted experts


def _attributions(g: Graph, profile, role) -> dict:
    return {g.value(a, PROV.agent): a for a in g.objects(profile, PROV.qualifiedAttribution)
            if (a, PROV.hadRole, role) in g}


CHAIR = "Onafhankelijk voorzitter comité van deskundigen"
COUNT_WORDS = {2: "twee", 3: "drie", 4: "vier"}


def test_consulted_organisations_once_each_with_recurrences_noted(g, profile):
    """The "Werkzaam bij / organisatie" column: every organisation once (bcp:consulted), and an
    organisation with several experts says how many, as the MBO Raad's three delegates do."""
    column = [norm(e) for e in SEED.consulted]
    assert norm(CHAIR) in column
    organisations = [e for e in column if e != norm(CHAIR)]
    consulted = _attributions(g, profile, bcp("consulted"))
    found = {}
    for entry in dict.fromkeys(organisations):
        hits = [o for o in consulted if entry in nl_labels(g, o)
                or any(entry == f"{pref_nl(g, o)} ({norm(a)})" for a in g.objects(o, SKOS.altLabel))]
        assert len(hits) == 1, (entry, hits)
        found[entry] = hits[0]
    assert set(found.values()) == set(consulted)
    for entry, organisation in found.items():
        count = organisations.count(entry)
        notes = " ".join(nl_texts(g, consulted[organisation], SKOS.note))
        if count > 1:
            assert COUNT_WORDS[count] in notes.split(), (entry, count, notes)
        else:
            assert not notes, (entry, notes)


def test_committee_has_an_independent_chair_post_without_a_person(g, profile):
    ORG = rns.Namespace("http://www.w3.org/ns/org#")
    developer = _attributions(g, profile, bcp("developer"))
    assert len(developer) == 1
    committee = next(iter(developer))
    posts = [p for p in g.subjects(ORG.postIn, committee)]
    assert len(posts) == 1 and (committee, ORG.hasPost, posts[0]) in g
    assert (posts[0], RDF.type, ORG.Post) in g
    assert pref_nl(g, posts[0]) == norm(CHAIR)
    assert (posts[0], ORG.role, bcp("independentChair")) in g
    assert not list(g.objects(posts[0], ORG.heldBy))


# ------------------------------------------------------------------ section 1.4: who said what


def test_benchmark_figure_sources_as_the_seed_lists_them(g):
    """"(Bronnen: Nationaal Contact Center Benchmark Onderzoek, 2007, WGGC / VCN)": the study and
    both organisations are sources of the figure; 2007 dates the study; nobody is its publisher."""
    found = re.search(r"\(Bronnen: ([^,]+), (\d{4}), ([^)]+)\)", norm(SEED.text))
    study_title, year, names = found.group(1), found.group(2), found.group(3)
    figures = [f for f in g.subjects(RDF.type, bcp("Figure"))
               if any(study_title in t for t in nl_texts(g, f, DCTERMS.description))]
    assert len(figures) == 1
    figure = figures[0]
    assert not list(g.objects(figure, DCTERMS.date))
    sources = set(g.objects(figure, DCTERMS.source))
    studies = [s for s in sources if study_title in nl_texts(g, s, DCTERMS.title)]
    assert len(studies) == 1
    assert [str(d) for d in g.objects(studies[0], DCTERMS.date)] == [year]
    assert not list(g.objects(studies[0], DCTERMS.publisher))
    organisations = sources - set(studies)
    for name in (n.strip() for n in names.split("/")):
        assert [o for o in organisations if name in nl_labels(g, o)], name
    assert all((o, RDF.type, bcp("Organisation")) in g for o in organisations)
    assert len(organisations) == len(names.split("/"))


def test_ddma_code_is_ddmas(g, profile):
    """"DDMA: Zelfregulering Gedragscodes": the organisation before the colon made the code."""
    prefixed = [item for item in SEED.legislation if ":" in item]
    assert prefixed
    items = match(g, SEED.legislation, g.objects(profile, bcp("legislation")))
    for item in prefixed:
        creators = list(g.objects(items[item], DCTERMS.creator))
        assert len(creators) == 1 and item.split(":")[0] in nl_labels(g, creators[0]), creators
        assert (creators[0], RDF.type, bcp("Organisation")) in g


def test_no_organisational_structure_the_seed_does_not_state(g):
    """The sector council "supports the ECABO board"; the seed never makes it a unit of ECABO."""
    ORG = rns.Namespace("http://www.w3.org/ns/org#")
    for p in (ORG.unitOf, ORG.hasUnit, ORG.subOrganizationOf, ORG.hasSubOrganization):
        assert not list(g.subject_objects(p)), p
