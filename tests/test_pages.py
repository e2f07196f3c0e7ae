"""The pages people read (bcpgraph.web.pages.Site), rendered in process from real stores.

Expected texts come from the seed (tests/seedtext.py) or from the fixture files read with rdflib,
never from the pages themselves.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from bcpgraph.catalogue import queries
from bcpgraph.errors import InputError
from bcpgraph.namespaces import BASE, BCP
from bcpgraph.stores import open_store, store_for
from bcpgraph.web.pages import Site

from seedtext import norm, read

ROOT = Path(__file__).resolve().parent.parent
TEAMLEIDER = ROOT / "tests" / "profiles" / "teamleider-fictional.ttl"
PROFILE = "id/bcp/contactcenter-medewerker-2010"
WP23 = f"{PROFILE}/werkproces/2.3"


class Page(HTMLParser):
    """An HTML page as a user's tools see it: its text, its links (href, text, attributes),
    scripts, styles and elements by id."""

    def __init__(self, data: bytes):
        super().__init__()
        self.links: list[dict] = []
        self.texts: list[str] = []
        self.scripts: list[dict] = []
        self.inline_styles: list[str] = []
        self.handlers: list[str] = []
        self.ids: dict[str, str] = {}
        self.images: list[str] = []
        self._link: dict | None = None
        self._tags: list[str] = []
        self.feed(data.decode("utf-8"))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._tags.append(tag)
        for name in attrs:
            if name.startswith("on"):
                self.handlers.append(name)
        if "style" in attrs or tag == "style":
            self.inline_styles.append(tag)
        if "id" in attrs:
            self.ids[attrs["id"]] = tag
        if tag == "script":
            self.scripts.append(attrs)
        if tag == "img":
            self.images.append(attrs.get("src", ""))
        if tag == "a":
            self._link = {"attrs": attrs, "href": attrs.get("href"), "text": ""}
            self.links.append(self._link)

    def handle_endtag(self, tag):
        if tag == "a":
            self._link = None

    def handle_data(self, data):
        self.texts.append(data)
        if self._link is not None:
            self._link["text"] += data

    @property
    def text(self) -> str:
        return norm(" ".join(self.texts))

    def link(self, text: str) -> dict:
        """The first link whose text is ``text`` (compared as :func:`norm` does)."""
        found = [a for a in self.links if norm(a["text"]) == norm(text)]
        assert found, f"no link with text {text!r}"
        return found[0]


@pytest.fixture(scope="module")
def seed():
    return read()


@pytest.fixture(scope="module")
def site():
    return Site(open_store())


@pytest.fixture(scope="module")
def two():
    """The shipped profile and the fictional teamleider profile, on links like the server's."""
    return Site(open_store(TEAMLEIDER, shipped=True))


def follow(site: Site, href: str) -> bytes:
    """The page a server link (``/path?lang=xx``) leads to, asked of the site as a server would."""
    parts = urlsplit(href)
    lang = parse_qs(parts.query).get("lang", ["nl"])[0]
    page = site.page(parts.path.lstrip("/"), lang)
    assert page is not None, href
    return page


def test_werkproces_2_3_shows_what_the_seed_says(site, seed):
    wp = seed.work_process("2.3")
    page = Page(site.page(WP23, "nl"))
    text = page.text
    assert norm(wp.title) in text
    assert norm(wp.description) in text
    for item in [*wp.competencies, *wp.results, *wp.knowledge, *wp.skills]:
        assert norm(item) in text, item
    # the competencies are links, in the seed's order
    competency_links = [norm(a["text"]) for a in page.links if "/id/competentie/" in (a["href"] or "")]
    firsts = list(dict.fromkeys(competency_links))[: len(wp.competencies)]
    assert [c.casefold() for c in firsts] == [norm(c).casefold() for c in wp.competencies]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_werkproces_has_a_page_with_its_title_and_results(site, seed, lang):
    for wp in seed.work_processes:
        page = site.page(f"{PROFILE}/werkproces/{wp.number}", lang)
        assert page is not None, wp.number
        text = Page(page).text
        if lang == "nl":
            assert norm(wp.title) in text
            for result in wp.results:
                assert norm(result) in text
        assert f'lang="{lang}"' in page.decode()


def test_a_person_clicks_from_home_to_werkproces_2_3_by_link_text(site, seed):
    home = Page(site.page("", "nl"))
    profile_link = next(a for a in home.links if norm(seed.occupation).casefold() in norm(a["text"]).casefold())
    profile = Page(follow(site, profile_link["href"]))
    kerntaak_2 = next(t for t in seed.core_tasks if t.number == "2")
    kerntaak = Page(follow(site, profile.link(kerntaak_2.title)["href"]))
    wp = seed.work_process("2.3")
    werkproces = Page(follow(site, kerntaak.link(wp.title)["href"]))
    for competency in wp.competencies:
        assert norm(competency) in werkproces.text


def test_the_competency_page_lists_the_werkprocessen_of_every_profile(two, seed):
    fixture = Graph().parse(TEAMLEIDER)
    competency = "Kwaliteit leveren"
    iri = URIRef(BASE + "id/competentie/kwaliteit-leveren")
    expected_seed = {wp.title for wp in seed.work_processes if competency in wp.competencies}
    expected_fixture = {str(fixture.value(wp, SKOS.prefLabel)) for wp in fixture.subjects(BCP.competency, iri)
                        if fixture.value(wp, SKOS.prefLabel) is not None}
    expected_fixture = {str(v) for wp in fixture.subjects(BCP.competency, iri)
                        for v in fixture.objects(wp, SKOS.prefLabel) if v.language == "nl"}
    assert expected_seed and expected_fixture
    page = Page(two.page("id/competentie/kwaliteit-leveren", "nl"))
    texts = {norm(a["text"]) for a in page.links}
    for title in expected_seed | expected_fixture:
        assert norm(title) in texts, title
    # grouped by profile: one heading per profile, each with its link
    profiles = [str(v) for p in fixture.subjects(RDF.type, BCP.Profile) for v in fixture.objects(p, SKOS.prefLabel)
                if v.language == "nl"]
    for title in profiles:
        assert norm(title) in texts


def test_knowledge_and_skill_pages_list_the_werkprocessen_that_need_them(site, seed):
    wp = seed.work_process("2.3")
    page = site.page(WP23, "nl")
    links = Page(page).links
    for word, kind in ((wp.knowledge[0], "/id/kennis/"), (wp.skills[0], "/id/vaardigheid/")):
        href = next(a["href"] for a in links if norm(a["text"]) == norm(word) and kind in a["href"])
        item = Page(follow(site, href))
        needing = {w.title for w in seed.work_processes if word in (*w.knowledge, *w.skills)}
        for title in needing:
            assert norm(title) in {norm(a["text"]) for a in item.links}


@pytest.mark.parametrize("path", ["", PROFILE, WP23, "def", "id/competentie/kwaliteit-leveren"])
def test_dutch_and_english_pages_link_each_other(site, path):
    nl, en = Page(site.page(path, "nl")), Page(site.page(path, "en"))
    to_en = [a for a in nl.links if a["attrs"].get("hreflang") == "en"]
    to_nl = [a for a in en.links if a["attrs"].get("hreflang") == "nl"]
    assert to_en and to_nl
    assert urlsplit(to_en[0]["href"]).path == "/" + path and "lang=en" in to_en[0]["href"]
    assert urlsplit(to_nl[0]["href"]).path == "/" + path and "lang=nl" in to_nl[0]["href"]
    # pages in English link to English pages
    pages = [a for a in en.links if (a["href"] or "").startswith("/id/") and a["attrs"].get("hreflang") != "nl"
             and not a["href"].endswith((".ttl", ".jsonld"))]
    assert pages and all("lang=en" in a["href"] for a in pages)


def test_static_links_are_relative_files(seed):
    site = Site(open_store(), links="static")
    page = Page(site.page(WP23, "en"))
    assert page.link("Nederlands")["href"] == "2.3.html"
    kerntaak = next(a for a in page.links if a["href"] and a["href"].endswith("kerntaak/2.en.html"))
    assert kerntaak["href"] == "../kerntaak/2.en.html"
    assert not [a for a in page.links if (a["href"] or "").startswith("/")]


def test_labels_in_the_page_language_with_the_other_as_a_marked_fallback():
    graph = Graph()
    thing = URIRef(BASE + "id/test/thing")
    graph.add((thing, SKOS.prefLabel, Literal("alleen Nederlands", lang="nl")))
    graph.add((thing, SKOS.note, Literal("<script>alert(1)</script>", lang="en")))
    site = Site(store_for(graph))
    en = site.page("id/test/thing", "en").decode()
    assert '<span lang="nl"' in en and "alleen Nederlands" in en
    assert "<script>alert" not in en and "&lt;script&gt;alert(1)&lt;/script&gt;" in en


def test_english_pages_show_the_english_translations(site, seed):
    en = Page(site.page(WP23, "en")).text
    nl = Page(site.page(WP23, "nl")).text
    assert norm(seed.work_process("2.3").title) in nl
    assert "Conducts the sales conversation" in en  # the @en translation in the data


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_inline_script_or_style_anywhere(two, lang):
    pages = [two.page(p, lang) for p in ("", PROFILE, WP23, "def", "def/WorkProcess", "id/competentie/aansturen",
                                         "dataset/contactcenter")]
    pages += [two.query_page(lang), two.queries_page(lang), two.not_found(lang), two.compare_page(None, None, lang),
              two.compare_page("contactcenter-medewerker-2010", "teamleider-contactcenter-testfixture", lang)]
    for data in pages:
        page = Page(data)
        assert all(s.get("src") for s in page.scripts), "a script without src"
        assert not page.inline_styles and not page.handlers
        assert b"https://cdn" not in data and b"//cdn." not in data


def test_the_profile_page_has_its_parts_and_the_career_picture(site, seed):
    page = Page(site.page(PROFILE, "nl"))
    links = {norm(a["text"]) for a in page.links}
    for title in seed.job_titles:
        assert norm(title) in page.text
    for task in seed.core_tasks:
        assert norm(task.title) in links
    for wp in seed.work_processes:
        assert norm(wp.title) in links
    assert page.images == [f"/{PROFILE}/loopbaan.svg"]
    svg = site.picture(f"{PROFILE}/loopbaan", "nl")
    assert svg.lstrip().startswith(b"<?xml") and b"<svg" in svg
    assert site.picture(f"{WP23}/loopbaan", "nl") is None and site.picture(PROFILE, "nl") is None


def test_home_names_the_dataset_links_each_profile_and_the_services(two):
    page = Page(two.page("", "en"))
    hrefs = {urlsplit(a["href"]).path for a in page.links}
    assert {"/sparql", "/def", "/compare", "/.well-known/void", "/dumps/bcpgraph.ttl", "/context.jsonld"} <= hrefs
    assert f"/{PROFILE}" in hrefs and "/id/bcp/teamleider-contactcenter-testfixture" in hrefs
    assert "creativecommons.org/licenses/by/4.0" in " ".join(a["href"] for a in page.links)


def test_describe_is_the_resource_with_its_blank_nodes_closed_and_labels(site, seed):
    graph = site.describe(WP23)
    wp = URIRef(BASE + WP23)
    assert len(set(graph.objects(wp, BCP.competency))) == len(seed.work_process("2.3").competencies)
    objects = {o for _, _, o in graph if not isinstance(o, (URIRef, Literal))}
    subjects = {s for s, _, _ in graph}
    assert objects and objects <= subjects  # every blank node it points at is described
    for competency in graph.objects(wp, BCP.competency):
        assert graph.value(competency, SKOS.prefLabel) is not None
    profile = site.describe(PROFILE)
    attributions = list(profile.objects(URIRef(BASE + PROFILE), URIRef("http://www.w3.org/ns/prov#qualifiedAttribution")))
    assert attributions and all((a, None, None) in profile for a in attributions)
    assert site.describe("id/bcp/nothing") is None and site.describe("") is None


@pytest.mark.parametrize("path", ["../etc/passwd", "id/bcp/../../x", "id/<script>", "id/a b", 'id/"x', "id/x>y"])
def test_paths_that_are_no_iri_are_not_found(site, path):
    assert site.page(path, "nl") is None and site.describe(path) is None


def test_unknown_language_is_refused(site):
    with pytest.raises(InputError, match="lang"):
        site.page(WP23, "de")


def test_blank_nodes_are_shown_inline_never_linked(site):
    for path in (PROFILE, WP23):
        page = Page(site.page(path, "nl"))
        assert not [a for a in page.links if "genid" in (a["href"] or "") or "_:" in (a["href"] or "")]


def test_the_compare_view(two):
    page = Page(two.compare_page("contactcenter-medewerker-2010", "teamleider-contactcenter-testfixture", "nl"))
    fixture = Graph().parse(TEAMLEIDER)
    shipped = Graph().parse(ROOT / "data" / "contactcenter.ttl")
    shared = {c for c in fixture.objects(None, BCP.competency)} & {c for c in shipped.objects(None, BCP.competency)}
    assert shared
    links = {a["href"] for a in page.links}
    for competency in shared:
        assert "/" + str(competency)[len(BASE):] in links
    choose = two.compare_page(None, None, "en").decode()
    assert '<select name="a">' in choose and '<select name="b">' in choose
    assert two.compare_page("no-such-profile", "contactcenter-medewerker-2010", "nl") is None
    assert two.compare_page(str(TEAMLEIDER), "contactcenter-medewerker-2010", "nl") is None  # never a file


def test_the_query_page(site):
    page = Page(site.query_page("nl"))
    assert page.ids["query"] == "textarea" and page.ids["run"] == "button" and page.ids["results"] == "table"
    assert [s["src"] for s in page.scripts] == ["/static/query.js"]
    names = set(queries())
    hrefs = {a["href"] for a in page.links}
    assert {f"/queries/{n}" for n in names} <= hrefs
    for name in names:
        assert f"example-{name}" in page.ids
    data = site.query_page("en").decode()
    assert 'data-endpoint="/sparql"' in data
    static = Site(open_store(), links="static").query_page("nl").decode()
    assert 'data-endpoint=""' in static and 'id="static-note"' in static
    elsewhere = Site(open_store(), links="static", endpoint="https://example.org/sparql").query_page("nl").decode()
    assert 'data-endpoint="https://example.org/sparql"' in elsewhere


def test_the_ontology_documentation(site):
    ontology = Graph().parse(ROOT / "ontology" / "bcpgraph.ttl")
    scheme = Graph().parse(ROOT / "ontology" / "competenties.ttl")
    page = Page(site.page("def", "en"))
    texts = {norm(a["text"]) for a in page.links}
    for cls in ontology.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")):
        label = next(str(v) for v in ontology.objects(cls, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
                     if v.language == "en")
        assert norm(label) in texts
    competencies = {str(c) for c in scheme.subjects(RDF.type, BCP.Competency)}
    linked = {BASE + a["href"].split("?")[0].lstrip("/") for a in page.links if "/id/competentie/" in a["href"]}
    assert len(competencies) == 25 and competencies <= linked
    term = Page(site.page("def/WorkProcess", "nl"))
    assert "werkproces" in term.text


def test_a_generic_page_has_properties_and_incoming_links(site):
    fixture = Graph().parse(ROOT / "data" / "contactcenter.ttl")
    teamleider = URIRef(BASE + "id/functie/teamleider")
    steps = set(fixture.subjects(BCP.toRole, teamleider))
    assert steps
    page = Page(site.page("id/functie/teamleider", "nl"))
    assert "teamleider" in page.text.casefold()
    hrefs = {urlsplit(a["href"]).path for a in page.links}
    for step in steps:  # the career steps that point at it
        assert "/" + str(step)[len(BASE):] in hrefs


def test_not_found_page(site):
    page = Page(site.not_found("en"))
    assert "Not found" in page.text and page.link("Home")


def test_the_named_queries_page(site):
    page = Page(site.queries_page("en"))
    for name, named in queries().items():
        assert page.link(name)["href"] == f"/queries/{name}"
        assert norm(named.summary) in page.text


def test_a_prepared_site_has_read_its_pages_and_shows_the_store_as_it_was():
    """The server prepares its Site before forking workers, so no worker reads every path for its
    first page; a Site then shows its store as it was (and hands out copies of its paths)."""
    store = open_store()
    site = Site(store).prepare()
    paths = site.paths()
    assert paths[0] == "" and "id/bcp/contactcenter-medewerker-2010/werkproces/2.3" in paths
    paths.clear()
    store.load(TEAMLEIDER)
    assert site.paths() == Site(open_store()).paths()
    assert "id/bcp/teamleider-contactcenter-testfixture" in Site(store).paths()
    assert site.href("id/bcp/teamleider-contactcenter-testfixture", "nl", "") is None


def test_a_page_lists_every_link_even_when_what_it_shows_about_them_is_cut(monkeypatch):
    """At 1,000 profiles a competency's page said that no werkproces needed it: its 1,432 links and
    the names of their werkprocessen came in one bounded answer, and the names came first."""
    import bcpgraph.web.pages as pages
    from bcpgraph.web.words import WORDS

    competency = URIRef("https://w3id.org/bcpgraph/id/competentie/kwaliteit-leveren")
    needing = {str(s)[len(BASE):] for s in Graph().parse(ROOT / "data" / "contactcenter.ttl")
               .subjects(BCP.competency, competency)}
    assert len(needing) == 7
    full = Site(open_store()).page("id/competentie/kwaliteit-leveren", "en").decode()
    assert WORDS["en"]["incoming_truncated"] not in full
    monkeypatch.setattr(pages, "MAX_INCOMING_CONTEXT", 5)  # far less than 11 a link
    cut = Site(open_store()).page("id/competentie/kwaliteit-leveren", "en").decode()
    for html in (full, cut):
        assert all(f'href="/{path}?lang=en"' in html for path in needing)
        assert WORDS["en"]["needed_by_none"] not in html
    assert WORDS["en"]["incoming_truncated"] in cut
