"""``bcpgraph publish``: the static site, published once for the module through the CLI (in
process), then read as a static host and a browser would read it."""

from __future__ import annotations

import warnings
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from bcpgraph.errors import InputError
from bcpgraph.namespaces import BASE, BCP
from bcpgraph.stores import StoreBase, open_store
from bcpgraph.web.publish import publish

from conftest import run_in_process
from seedtext import norm, read

ROOT = Path(__file__).resolve().parent.parent
TEAMLEIDER = ROOT / "tests" / "profiles" / "teamleider-fictional.ttl"
PROFILE = "id/bcp/contactcenter-medewerker-2010"
HOST = "https://static.example.net/bcpgraph"


class Refs(HTMLParser):
    """The hrefs and srcs of an HTML file, its scripts and anything inline."""

    def __init__(self, text: str):
        super().__init__()
        self.refs: list[str] = []
        self.inline: list[str] = []
        self.switch: dict[str, str] = {}
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src"):
            if attrs.get(name) is not None:
                self.refs.append(attrs[name])
        if tag == "a" and attrs.get("hreflang"):
            self.switch[attrs["hreflang"]] = attrs.get("href", "")
        if tag == "script" and not attrs.get("src"):
            self.inline.append("script")
        if tag == "style" or "style" in attrs or any(n.startswith("on") for n in attrs):
            self.inline.append(tag)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The site of the shipped profile and the fictional teamleider, written with --force over a
    folder that held an older file."""
    out = tmp_path_factory.mktemp("publish") / "site"
    out.mkdir()
    (out / "old.html").write_text("an older site")
    # --timeout bounds each page: the whole site (about 20 s here) may take longer.
    done = run_in_process("publish", str(out), "--force", "--host", HOST, "--timeout", "8",
                          "--data", str(TEAMLEIDER), "--with-shipped")
    assert done.returncode == 0, done.stderr
    return out


def test_a_page_over_its_time_limit_stops_the_site_and_leaves_nothing(tmp_path):
    """Ten profiles took 62 s to publish, and --timeout bounded the whole run (60 s by default):
    publishing failed. The limit is now each page's; past it, the page is named."""
    from bcpgraph.limits import TimeoutExceeded
    from bcpgraph.stores import open_store
    from bcpgraph.web.publish import publish

    with pytest.raises(TimeoutExceeded, match="did not finish within 0.001 s"):
        publish(open_store(), tmp_path / "site", page_timeout=0.001)
    assert list(tmp_path.iterdir()) == []


def test_the_old_content_is_replaced(site):
    assert not (site / "old.html").exists()
    assert not [p for p in site.parent.iterdir() if p.name != "site"], "temporary folders left behind"


def test_every_page_in_both_languages_with_turtle_and_jsonld(site):
    seed = read()
    for wp in seed.work_processes:
        stem = site / PROFILE / "werkproces" / wp.number
        for ending in (".html", ".en.html", ".ttl", ".jsonld"):
            assert Path(f"{stem}{ending}").is_file(), f"{stem}{ending}"
    for name in ("index.html", "index.en.html", "def.html", "def.en.html", "sparql.html", "sparql.en.html",
                 "queries.html",
                 "compare.html", "compare.en.html", "404.html", "void.ttl", "void.jsonld", "context.jsonld",
                 "static/style.css", "static/query.js", f"{PROFILE}/loopbaan.svg", f"{PROFILE}/loopbaan.en.svg",
                 "def/WorkProcess.html", "id/bcp/teamleider-contactcenter-testfixture.html",
                 "compare/contactcenter-medewerker-2010/teamleider-contactcenter-testfixture.html"):
        assert (site / name).is_file(), name
    for ending in ("ttl", "nt", "trig", "jsonld"):
        assert (site / "dumps" / f"bcpgraph.{ending}").stat().st_size > 0
    for name in ("attitudes", "job-titles"):
        assert (site / "queries" / f"{name}.rq").is_file()


def test_the_resource_files_hold_the_resource(site):
    seed = read()
    wp = seed.work_process("2.3")
    iri = URIRef(BASE + PROFILE + "/werkproces/2.3")
    for name, fmt in (("2.3.ttl", "turtle"), ("2.3.jsonld", "json-ld")):
        graph = Graph().parse(site / PROFILE / "werkproces" / name, format=fmt)
        assert len(set(graph.objects(iri, BCP.competency))) == len(wp.competencies)
        assert len(set(graph.objects(iri, BCP.result))) == len(wp.results)
        assert norm(wp.title) in {norm(str(v)) for v in graph.objects(iri, SKOS.prefLabel)}


def test_every_link_resolves_to_a_file_inside_the_site(site):
    root = site.resolve()
    broken, absolute, count = [], [], 0
    for page in site.rglob("*.html"):
        for ref in Refs(page.read_text(encoding="utf-8")).refs:
            parts = urlsplit(ref)
            if parts.scheme in ("http", "https"):
                continue
            assert not parts.scheme, ref
            if ref.startswith("/"):
                absolute.append((page, ref))
                continue
            count += 1
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_file() or root not in target.parents:
                broken.append((str(page.relative_to(site)), ref))
    assert count > 1000
    assert not absolute, absolute[:5]
    assert not broken, broken[:10]


def test_no_inline_script_or_style_in_any_page(site):
    for page in site.rglob("*.html"):
        assert not Refs(page.read_text(encoding="utf-8")).inline, page


def test_dutch_and_english_files_link_each_other(site):
    nl = Refs((site / PROFILE / "werkproces" / "2.3.html").read_text(encoding="utf-8"))
    en = Refs((site / PROFILE / "werkproces" / "2.3.en.html").read_text(encoding="utf-8"))
    assert nl.switch["en"] == "2.3.en.html" and en.switch["nl"] == "2.3.html"
    home = Refs((site / "index.html").read_text(encoding="utf-8"))
    assert home.switch["en"] == "index.en.html" and f"{PROFILE}.html" in home.refs


def test_the_query_page_says_there_is_no_endpoint(site):
    text = (site / "sparql.html").read_text(encoding="utf-8")
    assert 'data-endpoint=""' in text and 'id="static-note"' in text
    assert 'id="query"' in text and 'id="run"' in text and 'id="results"' in text


def test_w3id_htaccess_negotiates_to_the_host(site):
    rules = (site / "w3id" / ".htaccess").read_text(encoding="utf-8")
    assert "RewriteEngine on" in rules
    assert f"RewriteRule ^(.+)$ {HOST}/$1.ttl [R=303,L]" in rules
    assert f"RewriteRule ^(.+)$ {HOST}/$1.jsonld [R=303,L]" in rules
    assert f"RewriteRule ^(.+)$ {HOST}/$1.html [R=303,L]" in rules
    assert "RewriteCond %{HTTP_ACCEPT} text/turtle" in rules
    assert "RewriteCond %{HTTP_ACCEPT} application/ld\\+json" in rules
    assert f"RewriteRule ^$ {HOST}/index.html [R=303,L]" in rules


def test_a_non_empty_folder_is_refused_without_force(site):
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    done = run_in_process("publish", str(site))
    assert done.returncode == 2
    assert str(site) in done.stderr and "--force" in done.stderr and "Traceback" not in done.stderr
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before


def test_a_bad_host_is_refused_before_anything_is_written(tmp_path):
    done = run_in_process("publish", str(tmp_path / "out"), "--host", "javascript:alert(1)")
    assert done.returncode == 2 and "host" in done.stderr
    assert not (tmp_path / "out").exists() and not list(tmp_path.iterdir())


class FailsHalfWay(StoreBase):
    """A store that answers like the real one, then fails (as a server going away would)."""

    backend = "oxigraph"

    def __init__(self, after: int):
        self.real, self.left = open_store(), after

    def run(self, text):
        self.left -= 1
        if self.left < 0:
            raise InputError("the store went away")
        return self.real.run(text)

    def graphs(self):
        return self.real.graphs()

    def load(self, source, graph=None):  # publish adds the dataset description
        return self.real.load(source, graph)

    def __len__(self):
        return len(self.real)


def test_a_failure_half_way_leaves_the_old_site_untouched(tmp_path):
    old = tmp_path / "site"
    old.mkdir()
    (old / "index.html").write_text("the good old site")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(InputError, match="went away"):
            publish(FailsHalfWay(after=60), old, force=True)
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no half-built folder left
    assert [p.name for p in old.iterdir()] == ["index.html"]
    assert (old / "index.html").read_text() == "the good old site"
