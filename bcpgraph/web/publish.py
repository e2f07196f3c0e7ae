"""The static site (``bcpgraph publish OUTDIR``): the pages of :class:`~bcpgraph.web.pages.Site`
as files with relative links, for any static host.

Layout of OUTDIR (every IRI ``https://w3id.org/bcpgraph/X`` at ``X``):

- ``index.html`` / ``index.en.html``: the home page (Dutch / English);
- ``X.html`` / ``X.en.html``, ``X.ttl``, ``X.jsonld``: each resource (``def.html``: the ontology
  documentation; ``def/Term.html``: each term);
- ``id/bcp/{profile}/loopbaan.svg`` / ``loopbaan.en.svg``: each profile's career graph;
- ``sparql.html``: the query page (it cannot run queries without an endpoint and says so);
  ``queries.html``: the named queries, each also as ``queries/{name}.rq``;
- ``compare.html``, ``compare/{a}/{b}.html``: the comparison of every pair of profiles
  (up to :data:`~bcpgraph.web.pages.MAX_COMPARE_PAIRS` profiles);
- ``dumps/bcpgraph.{ttl,nt,trig,jsonld}``, ``void.ttl``, ``void.jsonld``, ``context.jsonld``;
- ``static/style.css``, ``static/query.js``; ``404.html``; ``.nojekyll`` (GitHub Pages serves
  files as they are);
- ``w3id/.htaccess``: the redirect rules for the ``https://w3id.org/bcpgraph/`` namespace, to
  copy into the w3id.org repository as ``bcpgraph/.htaccess`` (not for the static host itself).

The site is built in a temporary folder beside OUTDIR and swapped in when complete: a failure
half-way leaves the old site as it was. A non-empty OUTDIR is replaced only with ``force``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..errors import ArgumentError, InputError
from ..formats import RDF_FORMATS, serialize
from ..limits import time_limit
from ..namespaces import BASE, PREFIXES
from ..stores import Store
from .pages import STATIC_FILES, Site, file_name, static_file
from .words import LANGS

__all__ = ["publish", "htaccess", "DEFAULT_HOST", "DUMP_FORMATS"]

#: Where ``.htaccess`` sends w3id.org visitors when no host is given: a placeholder to replace.
DEFAULT_HOST = "https://bcpgraph.example.org"
#: The dumps of the whole dataset (format names of :data:`bcpgraph.formats.RDF_FORMATS`).
DUMP_FORMATS = ("turtle", "ntriples", "trig", "jsonld")


def htaccess(host: str) -> str:
    """The w3id.org redirect rules: ``https://w3id.org/bcpgraph/X`` → ``HOST/X.ttl`` (Accept
    Turtle), ``HOST/X.jsonld`` (Accept JSON-LD), ``HOST/X.en.html`` (Accept-Language English)
    or ``HOST/X.html``; a path with a file ending goes as it is; the namespace itself goes to the
    home page (or the VoID description for RDF clients).

    >>> rules = htaccess("https://example.org/site")
    >>> "RewriteRule ^(.+)$ https://example.org/site/$1.ttl [R=303,L]" in rules
    True
    """
    if not isinstance(host, str) or not host.startswith(("http://", "https://")) or any(
            c in host for c in " \t\n\r\"'<>\\"):
        raise InputError(f"host {host!r}: give an http:// or https:// URL")
    host = host.rstrip("/")
    return f"""# w3id.org redirects for https://w3id.org/bcpgraph/ (written by bcpgraph publish).
# Copy this file into the w3id.org repository as bcpgraph/.htaccess; it sends every IRI to the
# static site at {host}, choosing the file by the Accept header (content negotiation).
Options +FollowSymLinks
RewriteEngine on

# The namespace itself: the dataset description for RDF clients, else the home page.
RewriteCond %{{HTTP_ACCEPT}} text/turtle
RewriteRule ^$ {host}/void.ttl [R=303,L]
RewriteCond %{{HTTP_ACCEPT}} application/ld\\+json
RewriteRule ^$ {host}/void.jsonld [R=303,L]
RewriteCond %{{HTTP:Accept-Language}} ^en [NC]
RewriteRule ^$ {host}/index.en.html [R=303,L]
RewriteRule ^$ {host}/index.html [R=303,L]

# A path that names a file (a format ending) goes as it is.
RewriteRule ^(.+\\.(html|ttl|jsonld|nt|trig|svg|rq|css|js))$ {host}/$1 [R=302,L]

# Every other IRI: Turtle, JSON-LD, or the page (English when the browser prefers it).
RewriteCond %{{HTTP_ACCEPT}} text/turtle
RewriteRule ^(.+)$ {host}/$1.ttl [R=303,L]
RewriteCond %{{HTTP_ACCEPT}} application/ld\\+json
RewriteRule ^(.+)$ {host}/$1.jsonld [R=303,L]
RewriteCond %{{HTTP:Accept-Language}} ^en [NC]
RewriteRule ^(.+)$ {host}/$1.en.html [R=303,L]
RewriteRule ^(.+)$ {host}/$1.html [R=303,L]
"""


def _write(root: Path, name: str, data: bytes | str) -> None:
    """Write ``name`` under ``root`` (the private build folder, swapped in whole at the end)."""
    path = root / name
    if root.resolve() not in path.resolve().parents:
        raise InputError(f"{name}: not a file inside the site")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def _dataset_files(store: Store, root: Path, base: str) -> dict:
    """The dumps, VoID and JSON-LD context through :mod:`bcpgraph.dataset`; returns the JSON-LD
    context (its ``@context`` mapping) the per-resource JSON-LD is compacted with."""
    from .. import dataset

    dumps = {name: f"{base}dumps/bcpgraph{RDF_FORMATS[name].extension}" for name in DUMP_FORMATS}
    # the description is data too: the dataset's IRIs get pages, and the dumps hold it
    void = dataset.include(store, base=base, endpoint=None, dumps=dumps)
    (root / "dumps").mkdir(parents=True, exist_ok=True)
    dataset.write_dumps(store, root / "dumps", formats=DUMP_FORMATS, force=True)
    _write(root, "context.jsonld", dataset.context_document())
    inner = dataset.context()
    for prefix, namespace in PREFIXES.items():
        void.bind(prefix, namespace, override=True)
    _write(root, "void.ttl", serialize(void, "turtle"))
    _write(root, "void.jsonld", serialize(void, "jsonld", context=inner))
    return inner


def _build(store: Store, root: Path, *, host: str, base: str, page_timeout: float | None) -> None:
    def each(what: str):  # one resource's files, a picture, a page: each within page_timeout
        return time_limit(page_timeout, what)

    with each("the dataset description and dumps"):
        context = _dataset_files(store, root, base)
    site = Site(store, base=base, links="static")
    with each("the list of pages"):
        paths = site.paths()
    for path in paths:
        with each(f"the page of /{path}"):
            for lang in LANGS:
                page = site.page(path, lang)
                if page is not None:
                    _write(root, file_name(path, lang), page)
            if not path:
                continue
            graph = site.describe(path)
            if graph is not None:
                _write(root, path + ".ttl", serialize(graph, "turtle"))
                _write(root, path + ".jsonld", serialize(graph, "jsonld", context=context))
    for profile in site._profiles():
        if profile.startswith(base):
            for lang in LANGS:
                with each(f"the career graph of {profile}"):
                    picture = site.picture(profile[len(base):] + "/loopbaan", lang)
                if picture is not None:
                    _write(root, file_name(profile[len(base):] + "/loopbaan", lang, ".svg"), picture)
    for lang in LANGS:
        with each("the query, queries, compare and 404 pages"):
            _write(root, file_name("sparql", lang), site.query_page(lang))
            _write(root, file_name("queries", lang), site.queries_page(lang))
            _write(root, file_name("compare", lang), site.compare_page(None, None, lang) or b"")
            _write(root, file_name("404", lang), site.not_found(lang))
        for a, b in site.compare_paths():
            with each(f"the comparison of {a} and {b}"):
                page = site.compare_page(a, b, lang)
            if page is not None:
                _write(root, file_name(f"compare/{_last(a)}/{_last(b)}", lang), page)
    from ..catalogue import queries

    for name, named in queries().items():
        _write(root, f"queries/{name}.rq", named.text)
    for name in STATIC_FILES:
        _write(root, f"static/{name}", static_file(name) or b"")
    _write(root, ".nojekyll", b"")
    _write(root, "w3id/.htaccess", htaccess(host))


def _last(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def publish(store: Store, outdir: str | os.PathLike, *, host: str | None = None, force: bool = False,
            base: str = BASE, page_timeout: float | None = None) -> Path:
    """Write the static site of the data in ``store`` to ``outdir`` (see the module docstring);
    ``host`` is the URL the site will be served at (for the w3id.org redirects; default
    :data:`DEFAULT_HOST`, a placeholder). Refuses a non-empty ``outdir`` unless ``force``.
    ``page_timeout`` (seconds, None for none) bounds each resource's pages and files, each
    picture and each other page, not the whole site, which grows with the data (about 40 ms a
    resource: 62 s for 10 synthetic profiles); past it, :class:`~bcpgraph.limits.TimeoutExceeded` names
    the page and nothing is written.
    Adds the dataset description to ``store`` (:func:`bcpgraph.dataset.include`), so that its
    IRIs get pages too. Returns ``outdir``.

    >>> import tempfile, pathlib
    >>> from bcpgraph.stores import open_store
    >>> full = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (full / "index.html").write_text("a site")
    >>> publish(open_store(), full)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    bcpgraph.errors.InputError: ...: the folder is not empty; not replaced without force
    """
    if not isinstance(store, Store):
        raise ArgumentError(f"store is a bcpgraph Store (see bcpgraph.open_store), not {type(store).__name__}")
    if not isinstance(outdir, (str, os.PathLike)):
        raise ArgumentError(f"outdir is a path, not {type(outdir).__name__}")
    out = Path(outdir)
    if host is None:
        host = DEFAULT_HOST
    htaccess(host)  # a bad host is refused before anything is written
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise InputError(f"{out}: exists and is not a folder; not replaced")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise InputError(f"{out}: the folder is not empty; not replaced without force")
    parent = out.resolve().parent
    if not parent.is_dir():
        raise InputError(f"{out}: the folder {parent} does not exist")
    try:
        build = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=parent))
    except OSError as exc:
        raise InputError(f"{out}: cannot write in {parent} ({exc.strerror or exc})") from None
    old = None
    try:
        _build(store, build, host=host, base=base, page_timeout=page_timeout)
        build.chmod(0o755)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=parent))
            os.rename(out, old / "site")
        os.rename(build, out)
    except OSError as exc:
        shutil.rmtree(build, ignore_errors=True)
        if old is not None and (old / "site").exists() and not out.exists():
            os.rename(old / "site", out)
        raise InputError(f"{out}: cannot write the site ({exc.strerror or exc})") from None
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    return out
