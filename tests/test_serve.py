"""``bcpgraph serve`` as a client sees it: the real server (started once per test process by the
``bcp_server`` fixture, on 127.0.0.1) answers the SPARQL 1.1 Protocol to SPARQLWrapper in every
result format, serves each resource in every format by Accept, ending and ``?format=``, the
named queries at their URLs, the dataset description, dumps and the JSON-LD context.

Expected values come from the seed text (:mod:`seedtext`) or from the same query run in this
process by rdflib over the same files (``served``), never from the server's own answers.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import re
from urllib.parse import quote, urlencode, urlsplit

import pytest
import seedtext
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SKOS

import bcpgraph
from bcpgraph.catalogue import queries

SEED = seedtext.read() if seedtext.seed_path() is not None else None
needs_seed = pytest.mark.skipif(SEED is None, reason="seed text not found (set BCPGRAPH_SEED)")

PROFILE = "https://w3id.org/bcpgraph/id/bcp/contactcenter-medewerker-2010"
WP = f"{PROFILE}/werkproces/2.3"
WP_PATH = "/id/bcp/contactcenter-medewerker-2010/werkproces/2.3"
#: The werkprocessen of the shipped profile with their Dutch titles.
WP_TITLES = f"""SELECT ?wp ?title WHERE {{
  GRAPH <{PROFILE}> {{ ?wp a bcp:WorkProcess ; skos:prefLabel ?title FILTER(LANG(?title) = "nl") }}
}}"""
WP_GRAPH = f"""CONSTRUCT {{ ?wp a bcp:WorkProcess ; skos:prefLabel ?title ; skos:notation ?n }}
WHERE {{ GRAPH <{PROFILE}> {{ ?wp a bcp:WorkProcess ; skos:prefLabel ?title ; skos:notation ?n }} }}"""


def fetch(url: str, path: str, *, method: str = "GET", headers: dict | None = None,
          body: bytes | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
    """One request, sent as written (http.client does not clean the path up)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def _wrapper(server, fmt: str, *, method: str = "GET"):
    from SPARQLWrapper import POST, SPARQLWrapper

    client = SPARQLWrapper(f"{server.url}/sparql")
    client.setReturnFormat(fmt)
    if method == "POST":
        client.setMethod(POST)
    return client


@pytest.fixture(scope="module")
def expected_titles(served) -> dict[str, str]:
    """IRI → Dutch title of each werkproces of the shipped profile, by rdflib in this process."""
    rows = bcpgraph.sparql(WP_TITLES, graph=served)
    return {str(r["wp"]): str(r["title"]) for r in rows}


# -- SPARQL 1.1 Protocol: SELECT/ASK in every result format -----------------------------------


def test_select_json_with_sparqlwrapper(bcp_server, expected_titles):
    from SPARQLWrapper import JSON

    client = _wrapper(bcp_server, JSON)
    client.setQuery(WP_TITLES)
    answer = client.queryAndConvert()
    assert answer["head"]["vars"] == ["wp", "title"]
    got = {b["wp"]["value"]: b["title"]["value"] for b in answer["results"]["bindings"]}
    assert got == expected_titles
    assert all(b["title"]["xml:lang"] == "nl" for b in answer["results"]["bindings"])


@needs_seed
def test_select_answers_the_seed_s_werkprocessen(bcp_server):
    from SPARQLWrapper import JSON

    client = _wrapper(bcp_server, JSON)
    client.setQuery(WP_TITLES)
    got = {b["wp"]["value"].rsplit("/", 1)[1]: b["title"]["value"]
           for b in client.queryAndConvert()["results"]["bindings"]}
    assert {n: seedtext.norm(t) for n, t in got.items()} == \
        {wp.number: seedtext.norm(wp.title) for wp in SEED.work_processes}


def test_select_xml_with_sparqlwrapper(bcp_server, expected_titles):
    from SPARQLWrapper import XML

    client = _wrapper(bcp_server, XML)
    client.setQuery(WP_TITLES)
    document = client.queryAndConvert()  # a DOM
    got = {}
    for result in document.getElementsByTagName("result"):
        values = {b.getAttribute("name"): b.firstChild.firstChild.data for b in result.getElementsByTagName("binding")}
        got[values["wp"]] = values["title"]
    assert got == expected_titles


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_select_csv_with_sparqlwrapper(bcp_server, expected_titles, method):
    from SPARQLWrapper import CSV

    client = _wrapper(bcp_server, CSV, method=method)
    client.setQuery(WP_TITLES)
    rows = list(csv.reader(io.StringIO(client.queryAndConvert().decode("utf-8"))))
    assert rows[0] == ["wp", "title"]
    assert dict(rows[1:]) == expected_titles


def test_select_tsv_with_sparqlwrapper(bcp_server, expected_titles):
    from SPARQLWrapper import TSV

    client = _wrapper(bcp_server, TSV)
    client.setQuery(WP_TITLES)
    lines = client.queryAndConvert().decode("utf-8").splitlines()
    assert lines[0] == "?wp\t?title"
    got = dict(line.split("\t") for line in lines[1:])
    assert got == {f"<{k}>": Literal(v, lang="nl").n3() for k, v in expected_titles.items()}


def test_ask_with_sparqlwrapper(bcp_server):
    from SPARQLWrapper import JSON

    client = _wrapper(bcp_server, JSON)
    client.setQuery(f"ASK {{ <{WP}> a bcp:WorkProcess }}")
    assert client.queryAndConvert()["boolean"] is True
    client.setQuery("ASK { <https://w3id.org/bcpgraph/id/nothing> ?p ?o }")
    assert client.queryAndConvert()["boolean"] is False


def test_post_direct_and_form_give_the_same_answer(bcp_server, served):
    text = "SELECT (COUNT(?wp) AS ?n) WHERE { ?wp a bcp:WorkProcess }"
    expected = f"n\r\n{bcpgraph.sparql(text, graph=served)[0]['n']}\r\n".encode()
    accept = {"Accept": "text/csv"}
    direct = fetch(bcp_server.url, "/sparql", method="POST", body=text.encode(),
                   headers={**accept, "Content-Type": "application/sparql-query"})
    form = fetch(bcp_server.url, "/sparql", method="POST", body=f"query={quote(text)}".encode(),
                 headers={**accept, "Content-Type": "application/x-www-form-urlencoded"})
    get = fetch(bcp_server.url, f"/sparql?query={quote(text)}", headers=accept)
    assert direct[0] == form[0] == get[0] == 200
    assert direct[2] == form[2] == get[2] == expected
    assert direct[1]["Content-Type"].startswith("text/csv")


# -- CONSTRUCT/DESCRIBE in every graph format ---------------------------------------------------


@pytest.fixture(scope="module")
def expected_graph(served) -> Graph:
    return bcpgraph.sparql(WP_GRAPH, graph=served)


def test_construct_turtle_with_sparqlwrapper(bcp_server, expected_graph):
    from SPARQLWrapper import TURTLE

    client = _wrapper(bcp_server, TURTLE)
    client.setQuery(WP_GRAPH)
    data = client.queryAndConvert()
    assert client.query().response.headers["Content-Type"].startswith("text/turtle")
    assert isomorphic(Graph().parse(data=data, format="turtle"), expected_graph)


def test_construct_jsonld_with_sparqlwrapper(bcp_server, expected_graph):
    from SPARQLWrapper import JSONLD

    client = _wrapper(bcp_server, JSONLD)
    client.setQuery(WP_GRAPH)
    result = client.query()
    assert result.response.headers["Content-Type"] == "application/ld+json"
    graph = Graph().parse(data=result.response.read(), format="json-ld")
    assert isomorphic(graph, expected_graph)


def test_construct_ntriples_with_sparqlwrapper(bcp_server, expected_graph):
    from SPARQLWrapper import N3

    client = _wrapper(bcp_server, N3)
    client.addCustomHttpHeader("Accept", "application/n-triples")
    client.setQuery(WP_GRAPH)
    result = client.query()
    assert result.response.headers["Content-Type"] == "application/n-triples"
    assert isomorphic(Graph().parse(data=result.response.read(), format="nt"), expected_graph)


def test_construct_rdfxml_with_sparqlwrapper(bcp_server, expected_graph):
    from SPARQLWrapper import RDFXML

    client = _wrapper(bcp_server, RDFXML)
    client.setQuery(WP_GRAPH)
    result = client.query()
    assert result.response.headers["Content-Type"] == "application/rdf+xml"
    assert isomorphic(Graph().parse(data=result.response.read(), format="xml"), expected_graph)


def test_describe(bcp_server):
    status, headers, body = fetch(bcp_server.url, f"/sparql?query={quote(f'DESCRIBE <{WP}>')}",
                                  headers={"Accept": "text/turtle"})
    assert status == 200
    graph = Graph().parse(data=body, format="turtle")
    assert (URIRef(WP), RDF.type, URIRef("https://w3id.org/bcpgraph/def/WorkProcess")) in graph


def test_nothing_acceptable_is_406(bcp_server):
    status, _, body = fetch(bcp_server.url, f"/sparql?query={quote('ASK {}')}", headers={"Accept": "image/png"})
    assert status == 406
    assert b"application/sparql-results+json" in body
    # a table asked for as a graph format, and a graph asked for as a table format
    assert fetch(bcp_server.url, f"/sparql?query={quote('ASK {}')}", headers={"Accept": "text/turtle"})[0] == 406
    assert fetch(bcp_server.url, f"/sparql?query={quote(WP_GRAPH)}", headers={"Accept": "text/csv"})[0] == 406


def test_malformed_query_is_400_with_the_parser_s_message(bcp_server):
    status, headers, body = fetch(bcp_server.url, f"/sparql?query={quote('SELECT ?x WHERE { ?x ?p }')}")
    assert status == 400
    assert headers["Content-Type"].startswith("text/plain")
    assert b"syntax error" in body.lower() and b"line 1" in body


def test_dataset_parameters_are_refused(bcp_server):
    for name in ("default-graph-uri", "named-graph-uri"):
        status, _, body = fetch(bcp_server.url, f"/sparql?query={quote('ASK {}')}&{name}=http%3A%2F%2F127.0.0.1%2Fg")
        assert status == 400 and name.encode() in body


def test_service_description(bcp_server):
    status, headers, body = fetch(bcp_server.url, "/sparql", headers={"Accept": "text/turtle"})
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=body, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    service = URIRef(f"{bcp_server.url}/sparql")
    assert (service, RDF.type, URIRef(sd + "Service")) in graph
    assert (service, URIRef(sd + "resultFormat"), URIRef("http://www.w3.org/ns/formats/SPARQL_Results_CSV")) in graph
    status, headers, body = fetch(bcp_server.url, "/sparql", headers={"Accept": "application/ld+json"})
    assert status == 200 and len(Graph().parse(data=body, format="json-ld")) == len(graph)


# -- resources: content negotiation ---------------------------------------------------------------

#: format name → (Accept, ending, ?format= value, rdflib parser)
RDF_WAYS = {
    "turtle": ("text/turtle", ".ttl", "ttl", "turtle"),
    "jsonld": ("application/ld+json", ".jsonld", "jsonld", "json-ld"),
    "ntriples": ("application/n-triples", ".nt", "nt", "nt"),
    "rdfxml": ("application/rdf+xml", ".rdf", "rdf", "xml"),
}


@pytest.fixture(scope="module")
def wp_titles(served) -> set[Literal]:
    return {o for o in served.objects(URIRef(WP), SKOS.prefLabel)}


@pytest.mark.parametrize("name", list(RDF_WAYS))
@pytest.mark.parametrize("way", ["accept", "ending", "param"])
def test_resource_in_every_rdf_format(bcp_server, wp_titles, name, way):
    accept, ending, param, parser = RDF_WAYS[name]
    path, headers = {"accept": (WP_PATH, {"Accept": accept}),
                     "ending": (WP_PATH + ending, {"Accept": "text/html"}),
                     "param": (f"{WP_PATH}?format={param}", {"Accept": "text/html"})}[way]
    status, response, body = fetch(bcp_server.url, path, headers=headers)
    assert status == 200
    assert response["Content-Type"].split(";")[0] == accept
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Accept" in response["Vary"]
    graph = Graph().parse(data=body, format=parser)
    assert set(graph.objects(URIRef(WP), SKOS.prefLabel)) == wp_titles
    assert len(wp_titles) == 2  # Dutch and English


@needs_seed
def test_resource_carries_the_seed_title(bcp_server):
    body = fetch(bcp_server.url, WP_PATH + ".nt")[2].decode("utf-8")
    title = next(wp.title for wp in SEED.work_processes if wp.number == "2.3")
    assert seedtext.norm(title) in seedtext.norm(body)


@pytest.mark.parametrize("how", [{"Accept": "text/html"}, {"Accept": "*/*"}, {}])
def test_resource_page_is_html_by_default(bcp_server, how):
    status, headers, body = fetch(bcp_server.url, WP_PATH, headers=how)
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert re.search(rb"<html[^>]*\blang=[\"']nl[\"']", body)
    assert fetch(bcp_server.url, WP_PATH + ".html", headers={"Accept": "text/turtle"})[1]["Content-Type"] == \
        "text/html; charset=utf-8"


@pytest.mark.parametrize("how", [("?lang=en", {}), ("", {"Accept-Language": "en-GB,en;q=0.9,nl;q=0.5"})])
def test_english_pages(bcp_server, how):
    query, headers = how
    status, response, body = fetch(bcp_server.url, WP_PATH + query, headers={"Accept": "text/html", **headers})
    assert status == 200
    assert re.search(rb"<html[^>]*\blang=[\"']en[\"']", body)
    assert "Accept-Language" in response["Vary"]


def test_unknown_lang_and_format_are_400(bcp_server):
    assert fetch(bcp_server.url, WP_PATH + "?lang=fr")[0] == 400
    status, _, body = fetch(bcp_server.url, WP_PATH + "?format=png")
    assert status == 400 and b"ttl" in body


def test_home_page(bcp_server):
    status, headers, body = fetch(bcp_server.url, "/", headers={"Accept": "text/html"})
    assert status == 200 and headers["Content-Type"].startswith("text/html")


def test_unknown_resource_is_404_in_each_format(bcp_server):
    assert fetch(bcp_server.url, "/id/nothing-here", headers={"Accept": "text/html"})[0] == 404
    assert fetch(bcp_server.url, "/id/nothing-here.ttl")[0] == 404


def test_an_unchanged_resource_is_not_sent_again(bcp_server):
    status, headers, _ = fetch(bcp_server.url, WP_PATH + ".ttl")
    tag = headers["ETag"]
    status, again, body = fetch(bcp_server.url, WP_PATH + ".ttl", headers={"If-None-Match": tag})
    assert status == 304 and body == b"" and again["ETag"] == tag


# -- named queries --------------------------------------------------------------------------------


def test_query_list(bcp_server):
    status, headers, body = fetch(bcp_server.url, "/queries", headers={"Accept": "application/json"})
    assert status == 200
    listing = json.loads(body)["queries"]
    assert [q["name"] for q in listing] == sorted(queries())
    werkproces = next(q for q in listing if q["name"] == "werkproces")
    assert {p["name"] for p in werkproces["parameters"]} == {p.name for p in queries()["werkproces"].params}
    assert werkproces["url"] == f"{bcp_server.url}/queries/werkproces"


@needs_seed
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_named_query_with_a_parameter(bcp_server, fmt):
    status, headers, body = fetch(bcp_server.url, f"/queries/job-titles?profile=contactcenter-medewerker-2010"
                                                  f"&format={fmt}")
    assert status == 200
    if fmt == "json":
        labels = [b["label"]["value"] for b in json.loads(body)["results"]["bindings"]]
    else:
        rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
        labels = [r["label"] for r in rows]
    assert sorted(map(seedtext.norm, labels)) == sorted(map(seedtext.norm, SEED.job_titles))


def test_named_query_by_accept_header(bcp_server):
    path = "/queries/werkproces?werkproces=2.3&profile=contactcenter-medewerker-2010"
    status, headers, body = fetch(bcp_server.url, path, headers={"Accept": "text/tab-separated-values"})
    assert status == 200 and headers["Content-Type"].startswith("text/tab-separated-values")
    assert headers["Access-Control-Allow-Origin"] == "*"


def test_named_query_errors(bcp_server):
    status, _, body = fetch(bcp_server.url, "/queries/no-such-query")
    assert status == 404 and b"/queries" in body
    status, _, body = fetch(bcp_server.url, "/queries/job-titles?colour=red")
    assert status == 400 and b"colour" in body
    status, _, body = fetch(bcp_server.url, "/queries/shared-competencies?min=many")
    assert status == 400 and b"min" in body
    status, _, body = fetch(bcp_server.url, "/queries/job-titles?lang=en&lang=nl")
    assert status == 400 and b"lang" in body


def test_a_parameter_value_is_bound_not_pasted(bcp_server):
    """A value that would close the query's text if pasted is only an unknown label."""
    value = quote('x" } } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o } #')
    status, _, body = fetch(bcp_server.url, f"/queries/werkprocessen-for-competency?competency={value}")
    assert status == 400 and b"competency" in body


# -- the dataset ----------------------------------------------------------------------------------


def test_void(bcp_server):
    status, headers, body = fetch(bcp_server.url, "/.well-known/void", headers={"Accept": "text/turtle"})
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=body, format="turtle")
    assert (None, RDF.type, URIRef("http://rdfs.org/ns/void#Dataset")) in graph
    status, headers, body = fetch(bcp_server.url, "/.well-known/void", headers={"Accept": "application/n-triples"})
    assert status == 200 and isomorphic(Graph().parse(data=body, format="nt"), graph)


def test_the_dataset_its_service_and_dumps_resolve_like_every_iri(bcp_server):
    """The IRIs the dataset description names are pages and RDF on this server, and say what the
    description at /.well-known/void says (endpoint and dump URLs of this server)."""
    _, _, body = fetch(bcp_server.url, "/.well-known/void", headers={"Accept": "text/turtle"})
    void = Graph().parse(data=body, format="turtle")
    site = URIRef("https://w3id.org/bcpgraph/dataset")
    status, headers, body = fetch(bcp_server.url, "/dataset.ttl")
    assert status == 200
    described = Graph().parse(data=body, format="turtle")
    for p in (URIRef("http://rdfs.org/ns/void#sparqlEndpoint"), URIRef("http://rdfs.org/ns/void#dataDump")):
        assert set(described.objects(site, p)) == set(void.objects(site, p)) != set()
    assert URIRef(f"{bcp_server.url}/sparql") in set(described.objects(site, URIRef("http://rdfs.org/ns/void#sparqlEndpoint")))
    for path in ("/dataset", "/dataset/service", "/project"):
        status, headers, _ = fetch(bcp_server.url, path, headers={"Accept": "text/html"})
        assert status == 200 and headers["Content-Type"].startswith("text/html"), path
    for dump in described.objects(site, URIRef("http://rdfs.org/ns/void#dataDump")):
        assert fetch(bcp_server.url, urlsplit(str(dump)).path)[0] == 200, dump


def test_the_career_picture_of_a_profile_page_is_served(bcp_server):
    status, _, body = fetch(bcp_server.url, "/id/bcp/contactcenter-medewerker-2010", headers={"Accept": "text/html"})
    pictures = re.findall(r'<img[^>]+src="([^"]+\.svg[^"]*)"', body.decode("utf-8"))
    assert pictures, "the profile page shows the career graph"
    for src in pictures:
        status, headers, svg = fetch(bcp_server.url, src.replace("&amp;", "&"))
        assert status == 200 and headers["Content-Type"] == "image/svg+xml" and b"<svg" in svg
        assert b"<script" not in svg
    assert fetch(bcp_server.url, "/id/bcp/no-such-profile/loopbaan.svg")[0] == 404


@pytest.mark.parametrize("name, parser", [("bcpgraph.ttl", "turtle"), ("bcpgraph.nt", "nt"),
                                          ("bcpgraph.jsonld", "json-ld")])
def test_dumps(bcp_server, served, name, parser):
    status, headers, body = fetch(bcp_server.url, f"/dumps/{name}")
    assert status == 200
    graph = Graph().parse(data=body, format=parser)
    assert (URIRef(WP), RDF.type, URIRef("https://w3id.org/bcpgraph/def/WorkProcess")) in graph
    assert set(graph.objects(URIRef(WP), SKOS.prefLabel)) == set(served.objects(URIRef(WP), SKOS.prefLabel))


def test_unknown_dump_is_404(bcp_server):
    assert fetch(bcp_server.url, "/dumps/bcpgraph.exe")[0] == 404


def test_jsonld_context(bcp_server):
    status, headers, body = fetch(bcp_server.url, "/context.jsonld")
    assert status == 200 and headers["Content-Type"] == "application/ld+json"
    assert "@context" in json.loads(body)


def test_static_files_are_served_as_shipped(bcp_server):
    """Every file of bcpgraph/web/static/ at /static/NAME, byte for byte (and nothing else)."""
    from bcpgraph.web.app import static_files

    for name, (content, kind) in static_files().items():
        status, headers, body = fetch(bcp_server.url, f"/static/{name}")
        assert status == 200 and body == content and headers["Content-Type"] == kind
    assert fetch(bcp_server.url, "/static/no-such-file.css")[0] == 404


def test_every_link_of_the_served_site_resolves(bcp_server):
    """A crawl from the home page, as a person clicking every link (the Dutch pages, and the
    English ones the home page links to; pictures, dumps, the query pages) finds none that fails."""
    from html.parser import HTMLParser

    class Links(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found: list[str] = []

        def handle_starttag(self, tag, attrs):
            for name, value in attrs:
                if name in ("href", "src") and value:
                    self.found.append(value)

    seen, queue, broken = {"/"}, ["/"], []
    while queue and len(seen) < 5000:
        path = queue.pop()
        status, headers, body = fetch(bcp_server.url, path, headers={"Accept": "text/html"})
        if status in (301, 302, 303, 307, 308) and headers["Location"].startswith("/"):
            if headers["Location"] not in seen:
                seen.add(headers["Location"])
                queue.append(headers["Location"])
            continue
        if status != 200:
            broken.append((path, status))
            continue
        if not headers["Content-Type"].startswith("text/html"):
            continue
        parser = Links()
        parser.feed(body.decode("utf-8"))
        for link in parser.found:
            parts = urlsplit(link.replace("&amp;", "&"))
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue  # links out (w3id IRIs, ESCO) and in-page anchors
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if "lang=en" in parts.query and path != "/":
                continue  # the English pages are the same templates: followed from the home page only
            if target not in seen:
                seen.add(target)
                queue.append(target)
    assert len(seen) > 300, "the crawl reaches every resource of the shipped profile"
    assert not broken, broken[:20]


def test_a_person_following_a_named_query_link_gets_a_table_of_the_same_answer(bcp_server):
    """A browser (Accept text/html first) gets the answer of /queries/NAME as a table with the
    data's IRIs linked to their pages; a client asking for JSON gets the same rows."""
    path = "/queries/werkprocessen-for-competency?competency=analyseren"
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    status, headers, body = fetch(bcp_server.url, path, headers={"Accept": browser})
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    linked = set(re.findall(r'<a href="(/id/bcp/[^"?]+/werkproces/[^"?]+)"', body.decode("utf-8")))
    status, _, body = fetch(bcp_server.url, path, headers={"Accept": "application/sparql-results+json"})
    rows = json.loads(body)["results"]["bindings"]
    werkprocessen = {urlsplit(r["werkproces"]["value"]).path.removeprefix("/bcpgraph") for r in rows}
    assert werkprocessen and linked == werkprocessen
    status, _, _ = fetch(bcp_server.url, "/queries/werkprocessen-for-competency?competency=no-such-thing",
                         headers={"Accept": browser})
    assert status == 400


def test_json_answers_are_compact_and_the_answer_of_the_library(bcp_server):
    """/sparql sends SPARQL JSON without indentation (an answer of the whole corpus is a third
    smaller), with the rows the library gives for the same query on the same files."""
    from bcpgraph.stores import open_store

    from conftest import PUSHED_PROFILES

    text = "SELECT ?t ?label WHERE { ?t a bcp:JobTitle ; skos:prefLabel ?label } ORDER BY ?t ?label"
    status, _, body = fetch(bcp_server.url, "/sparql?" + urlencode({"query": text}),
                            headers={"Accept": "application/sparql-results+json"})
    assert status == 200
    doc = json.loads(body)
    assert body.decode("utf-8") == json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"
    local = open_store(*PUSHED_PROFILES, shipped=True).run(text)
    assert doc == json.loads(local.serialize("json")) and len(local) > 5
