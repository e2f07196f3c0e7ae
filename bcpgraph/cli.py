"""The ``bcpgraph`` command: parse options, call the library, format the answer.

Exit codes: 0 ok · 1 the data fails a check · 2 unusable input or usage (also a timeout, a server
that cannot be used, an internal error) · 130 interrupted (Ctrl-C) · 143 terminated (SIGTERM).
No traceback is shown unless ``BCPGRAPH_DEBUG=1``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from rdflib import Graph, URIRef

from . import __version__, limits
from .errors import BcpgraphError, InputError, suggest
from .formats import RDF_FORMATS
from .graph import load, load_dataset
from .labels import compact
from .limits import TimeoutExceeded, time_limit
from .namespaces import PREFIXES
from .output import OutputExists, output_format, write_atomic
from .query import named_query, queries, query, sparql
from .results import RESULT_FORMATS, Rows
from .safetext import for_terminal
from .stores import Store
from .validation.text import REPORT_WORDS, report_text

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143
#: What ``--timeout 0`` (no limit) passes to the library, whose own default would apply to None.
NO_LIMIT = 365 * 24 * 3600.0
#: CONSTRUCT/DESCRIBE answers and exports: every RDF format of bcpgraph.formats.
GRAPH_FORMATS = tuple(RDF_FORMATS)
COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}
FORMAT_HELP = "output format (default {}, or what the -o file name ends in)"


class Terminated(BaseException):
    """SIGTERM, raised where the program is so that clean-up (temporary files) runs."""


def command(name: str):
    def register(func):
        COMMANDS[name] = func
        return func
    return register


def for_stream(stream: TextIO, text: str) -> str:
    r"""``text`` as it may go to ``stream``: control sequences from data never reach a terminal.

    >>> import io
    >>> for_stream(io.StringIO(), "\x1b[2J")
    '\x1b[2J'
    >>> class Terminal(io.StringIO):
    ...     def isatty(self):
    ...         return True
    >>> for_stream(Terminal(), "\x1b[2J")
    '�[2J'
    """
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    return for_terminal(text) if tty else text


def _say(text: str) -> None:
    print(for_stream(sys.stderr, text), file=sys.stderr)


def _load(files: Sequence[str], with_shipped: bool, *, dataset: bool = False) -> Graph:
    """--data FILE|DIR... (and the shipped profile too with --with-shipped); with ``dataset``, a
    Dataset whose named graphs SPARQL GRAPH can see."""
    return (load_dataset if dataset else load)(*files, shipped=with_shipped)


def _endpoint(args: argparse.Namespace) -> str | None:
    """--endpoint URL, else $BCPGRAPH_ENDPOINT, unless --data names local data (which wins)."""
    given = getattr(args, "endpoint", None)
    if given:
        if getattr(args, "data", None):
            raise InputError("--endpoint and --data: give one of them (the data is either there or here)")
        return given
    if getattr(args, "data", None) or not hasattr(args, "endpoint"):
        return None
    return os.environ.get("BCPGRAPH_ENDPOINT") or None


def _store(args: argparse.Namespace) -> Store:
    """Where the command's data is: --endpoint URL (or $BCPGRAPH_ENDPOINT), --data FILE|DIR
    (+ --with-shipped), or by default the shipped profile."""
    from .stores import store_for

    endpoint = _endpoint(args)
    if endpoint:
        if getattr(args, "with_shipped", False):
            raise InputError("--with-shipped: the shipped profile is local data; it does not go with --endpoint")
        return store_for(None, endpoint, timeout=_timeout(args))
    from .stores import open_store

    data = getattr(args, "data", None)
    return open_store(*(data or ()), shipped=bool(data) and getattr(args, "with_shipped", False),
                      timeout=_timeout(args))


def _where(args: argparse.Namespace) -> dict:
    """``graph=`` / ``endpoint=`` for a library call: the endpoint's URL as such, else the store."""
    endpoint = _endpoint(args)
    return {"graph": None, "endpoint": endpoint} if endpoint else {"graph": _store(args)}


def _graph(args: argparse.Namespace, *, dataset: bool = False) -> Graph:
    """The local graph (commands that need one: export, validate): --data files, or the shipped
    profile; with ``dataset``, a Dataset with named graphs."""
    if _endpoint(args):
        raise InputError("--endpoint: this command works on local data only; use --data FILE")
    if getattr(args, "data", None):
        return _load(args.data, getattr(args, "with_shipped", False), dataset=dataset)
    return load_dataset() if dataset else load()


def _profiles(args: argparse.Namespace, store: Store) -> list[str]:
    """The profiles to answer for: --profile NAME (resolved in ``store``), or every profile in it."""
    from .binding import resolve
    from .matrix import profiles

    given = getattr(args, "profile", None)
    if given is not None:
        try:
            return [str(resolve(given, "bcp:Profile", store=store, param="profile"))]
        except InputError as exc:
            raise InputError(f"--profile: {exc}") from None
    return profiles(store)


def _timeout(args: argparse.Namespace) -> float:
    """The timeout for library calls: --timeout, with 0 (no limit) as a limit never reached."""
    return args.timeout or NO_LIMIT


def _format(args: argparse.Namespace, offered: Sequence[str], default: str) -> str:
    """--format, or the format the -o file name asks for (they must agree), or ``default``."""
    try:
        return output_format(getattr(args, "output", None), getattr(args, "format", None), offered,
                             default=default)
    except InputError as exc:
        raise InputError(f"-o/--format: {exc}") from None


def _emit(args: argparse.Namespace, payload: str | bytes) -> None:
    """Write to -o FILE (atomically, --force to replace) or to standard output."""
    target = getattr(args, "output", None)
    if target and target != "-":
        path = write_atomic(target, payload, force=args.force)
        _say(f"wrote {path}")
    elif isinstance(payload, bytes):
        if sys.stdout.isatty():
            raise InputError("-o: a picture (png, svg) is not written to a terminal; give -o FILE "
                             "or redirect standard output")
        sys.stdout.flush()
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(for_stream(sys.stdout, payload))
        sys.stdout.flush()


# ------------------------------------------------------------------ validate and overview


@command("validate")
def cmd_validate(args: argparse.Namespace) -> int:
    from .validation import validate

    fmt = _format(args, ("text", "json"), "text")
    if _endpoint(args):
        raise InputError("--endpoint: validate checks local files against the shapes (SHACL reads the whole "
                         "graph); export the data from the server and validate the file")
    args.files = [*args.files, *args.data]
    source = ", ".join(args.files) if args.files else REPORT_WORDS[args.lang]["shipped"]
    if args.files and args.with_shipped:
        source += f" + {REPORT_WORDS[args.lang]['shipped']}"
    # The file names go to validate, so that a file without a profile is named in its report.
    report = validate(list(args.files) or None, lang=args.lang, timeout=_timeout(args),
                      shipped=bool(args.files) and args.with_shipped)
    if fmt == "json":
        _emit(args, json.dumps({"source": source, **report.to_dict()}, indent=2, ensure_ascii=False) + "\n")
    else:
        _emit(args, report_text(report, source, args.lang))
    return EXIT_OK if report.conforms else EXIT_DATA


@command("overview")
def cmd_overview(args: argparse.Namespace) -> int:
    """The main job: validate, summarise, and answer the two signature questions."""
    from .overview import summary, summary_json, summary_text
    from .validation import validate

    fmt = _format(args, ("text", "json"), "text")
    store = _store(args)
    chosen = _profiles(args, store)
    if _endpoint(args):
        report = None  # SHACL validation reads a whole local graph, not an endpoint
    else:
        report = validate(list(args.data or ()) or None, lang=args.lang, timeout=_timeout(args),
                          shipped=bool(args.data) and args.with_shipped)
    doc = summary(store, lang=args.lang, profile=chosen[0] if args.profile else None, to=args.to,
                  max_paths=args.max_paths, max_length=args.max_length, timeout=_timeout(args))
    _emit(args, summary_json(doc, report) if fmt == "json" else summary_text(doc, report, args.lang))
    return EXIT_OK if report is None or report.conforms else EXIT_DATA


# ------------------------------------------------------------------ queries


@command("queries")
def cmd_queries(args: argparse.Namespace) -> int:
    fmt = _format(args, ("text", "json"), "text")
    found = queries()
    if fmt == "json":
        doc = [{"name": q.name, "summary": q.summary, "description": q.description,
                "params": [{"name": p.name, "kind": p.kind, "class": p.cls, "default": p.default,
                            "description": p.description} for p in q.params]}
               for q in found.values()]
        _emit(args, json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    width = max(len(n) for n in found)
    lines = []
    for q in found.values():
        lines.append(f"{q.name.ljust(width)}  {q.summary}")
        for p in q.params:
            default = "required" if p.required else f"default {p.default}" if p.default else "optional"
            kind = f"{p.kind} {p.cls}" if p.cls else p.kind
            lines.append(f"{'':{width}}    --param {p.name}=…  ({kind}, {default}) {p.description}")
    _emit(args, "\n".join(lines) + "\n")
    return EXIT_OK


def _params(pairs: Sequence[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--param {pair!r}: write it as NAME=VALUE")
        params[key.strip()] = value
    return params


@command("query")
def cmd_query(args: argparse.Namespace) -> int:
    fmt = _format(args, RESULT_FORMATS, "table")
    named_query(args.name)  # unknown names fail before any data is loaded
    params = _params(args.param)
    if args.lang is not None:
        if "lang" in params and params["lang"] != args.lang:
            raise InputError(f"--lang {args.lang} and --param lang={params['lang']} disagree; give one")
        params["lang"] = args.lang
    rows = query(args.name, params, **_where(args), timeout=_timeout(args))
    _emit(args, rows.serialize(fmt))
    return EXIT_OK


def _read_query(name: str) -> str:
    path = Path(name)
    try:
        info = path.stat()
        if path.is_dir():
            raise InputError(f"{path}: is a directory, not a query file")
        if not path.is_file():  # a FIFO or a device would block or never end
            raise InputError(f"{path}: not a regular file; save the query in a file")
        if info.st_size > 4 * limits.MAX_QUERY_CHARS:
            raise InputError(f"{path}: {info.st_size:,} bytes, more than a query may be "
                             f"({limits.MAX_QUERY_CHARS:,} characters)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{path}, line {line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); "
                         "save the query as UTF-8") from None


def graph_text(graph: Graph, fmt: str) -> bytes:
    """A CONSTRUCT or DESCRIBE answer in the RDF format ``fmt`` (see :data:`bcpgraph.formats.RDF_FORMATS`;
    JSON-LD compacted with bcpgraph's context; TriG and N-Quads: the answer in the default graph)."""
    from .dataset import context
    from .formats import serialize

    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=False)
    return serialize(graph, fmt, context=context() if fmt == "jsonld" else None)


@command("sparql")
def cmd_sparql(args: argparse.Namespace) -> int:
    if (args.query is None) == (args.file is None):
        raise InputError("give a QUERY or -f FILE (one of them)")
    _format(args, RESULT_FORMATS + GRAPH_FORMATS, "table")  # a bad -o/--format fails before the query runs
    text = _read_query(args.file) if args.file else args.query
    result = sparql(text, **_where(args), timeout=_timeout(args))
    if isinstance(result, Rows):
        if args.format in GRAPH_FORMATS:
            raise InputError(f"--format {args.format}: a SELECT or ASK answer is a table; "
                             f"use {', '.join(RESULT_FORMATS)}")
        _emit(args, result.serialize(_format(args, RESULT_FORMATS, "table")))
    else:
        if args.format in RESULT_FORMATS:
            raise InputError(f"--format {args.format}: a CONSTRUCT or DESCRIBE answer is a graph; "
                             f"use {', '.join(GRAPH_FORMATS)}")
        _emit(args, graph_text(result, _format(args, GRAPH_FORMATS, "turtle")))
    return EXIT_OK


@command("shared-competencies")
def cmd_shared(args: argparse.Namespace) -> int:
    fmt = _format(args, RESULT_FORMATS, "table")
    params = {"lang": args.lang, "min": str(args.min)}
    if args.profile is not None:
        params["profile"] = args.profile
    rows = query("shared-competencies", **_where(args), timeout=_timeout(args),
                 **params)
    _emit(args, rows.serialize(fmt))
    return EXIT_OK


# ------------------------------------------------------------------ analyses


@command("career-paths")
def cmd_career_paths(args: argparse.Namespace) -> int:
    from .analysis import career_answer, career_network, paths_text
    from .overview import WORDS

    fmt = _format(args, ("table", "json"), "table")
    store = _store(args)
    chosen = _profiles(args, store)
    # One profile (given or the only one): its own career steps; several: every step in the graph.
    profile = chosen[0] if len(chosen) == 1 else None
    network = career_network(store, lang=args.lang, interpretations=args.interpretations, profile=profile)
    try:
        answer = career_answer(network, args.to, source=args.source, max_paths=args.max_paths,
                               max_length=args.max_length)
    except InputError as exc:  # "to: …" or "from: …": the option's name
        message = str(exc)
        raise InputError(f"--{message}" if message.startswith(("to:", "from:")) else message) from None
    if fmt == "json":
        doc = {k: answer[k] for k in ("from", "to", "shortest", "paths", "truncated")}
        doc["profile"] = profile
        _emit(args, json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    else:
        head = WORDS[args.lang]["paths"].format(a=answer["from"]["label"], b=answer["to"]["label"])
        _emit(args, head + "\n" + paths_text(answer, args.lang))
    return EXIT_OK


@command("similarity")
def cmd_similarity(args: argparse.Namespace) -> int:
    from .analysis import competency_network, knowledge_network, records_text, similarity

    if args.profiles:
        return _profile_similarity(args)
    fmt = _format(args, ("table", "csv", "json"), "table")
    graph = _store(args)
    build = competency_network if args.by == "competencies" else knowledge_network
    records = [r for profile in _profiles(args, graph) or [None]
               for r in similarity(build(graph, lang=args.lang, profile=profile))]
    if fmt == "table":
        records = [{"a": r["a_label"], "b": r["b_label"], "jaccard": r["jaccard"],
                    "shared": len(r["shared"]) if isinstance(r["shared"], list) else r["shared"],
                    "profile": compact(URIRef(r["a_profile"])) if r["a_profile"] else ""}
                   for r in records]
    _emit(args, records_text(records, fmt))
    return EXIT_OK


@command("centrality")
def cmd_centrality(args: argparse.Namespace) -> int:
    from .analysis import centrality, competency_network, records_text

    fmt = _format(args, ("table", "csv", "json"), "table")
    graph = _store(args)
    records = [r for profile in _profiles(args, graph) or [None]
               for r in centrality(competency_network(graph, lang=args.lang, profile=profile))]
    _emit(args, records_text(records, fmt))
    return EXIT_OK


@command("matrix")
def cmd_matrix(args: argparse.Namespace) -> int:
    from . import matrix

    fmt = _format(args, ("csv", "md", "html", "svg", "png"), "md")
    graph = _store(args)
    chosen = _profiles(args, graph) or [None]
    if len(chosen) > 1 and fmt in ("svg", "png"):
        raise InputError(f"--profile: the graph holds {len(chosen)} profiles and a picture shows one "
                         f"matrix; give --profile ({', '.join(compact(URIRef(p)) for p in chosen)})")
    from .plot import matrix_png, matrix_svg

    render = {"csv": matrix.to_csv, "md": matrix.to_markdown, "html": matrix.to_html,
              "svg": matrix_svg, "png": matrix_png}[fmt]
    parts = [render(matrix.competency_matrix(graph, lang=args.lang, profile=p)) for p in chosen]
    if len(parts) == 1:
        _emit(args, parts[0])
    elif fmt == "md":
        _emit(args, "\n".join(parts))
    else:  # csv, html: a heading line naming each profile before its table
        mark = "# " if fmt == "csv" else "<!-- profile: "
        end = "" if fmt == "csv" else " -->"
        _emit(args, "\n".join(f"{mark}{p}{end}\n{part}" for p, part in zip(chosen, parts, strict=True)))
    return EXIT_OK


@command("plot")
def cmd_plot(args: argparse.Namespace) -> int:
    from .analysis import career_network
    from .plot import plot_career

    fmt = _format(args, ("svg", "png"), "svg")
    graph = _store(args)
    chosen = _profiles(args, graph)
    network = career_network(graph, lang=args.lang, interpretations=args.interpretations,
                             profile=chosen[0] if args.profile else None)
    _emit(args, plot_career(network, format=fmt))
    return EXIT_OK


@command("network")
def cmd_network(args: argparse.Namespace) -> int:
    from .analysis import career_network, competency_network, knowledge_network, write_network

    if args.output == "-":
        raise InputError("-o: a network is written to a file (FILE.graphml or FILE.gexf), not to standard output")
    fmt = _format(args, ("graphml", "gexf"), "graphml")
    graph = _store(args)
    build = {"competencies": competency_network, "knowledge-and-skills": knowledge_network,
             "careers": career_network}[args.kind]
    profile = _profiles(args, graph)[0] if args.profile else None
    path = write_network(build(graph, lang=args.lang, profile=profile), args.output, fmt, force=args.force)
    _say(f"wrote {path}")
    return EXIT_OK


@command("export")
def cmd_export(args: argparse.Namespace) -> int:
    """The data as a dump in the format the file name ends in (or --format, which must agree):
    TriG or N-Quads with one named graph per profile, or the union as Turtle, N-Triples, JSON-LD
    or RDF/XML."""
    from .dataset import dump

    if args.output == "-":
        raise InputError(f"-o: an export is written to a file ({', '.join(f.extension for f in RDF_FORMATS.values())})")
    fmt = _format(args, GRAPH_FORMATS, "trig")
    if not args.force and os.path.lexists(args.output):  # before the data is read; written atomically below
        raise OutputExists(Path(args.output))
    path = write_atomic(args.output, dump(_store(args), fmt), force=args.force)
    _say(f"wrote {path}")
    return EXIT_OK


@command("publish")
def cmd_publish(args: argparse.Namespace) -> int:
    """The static site: every page in Dutch and English, per-resource Turtle and JSON-LD, dumps,
    VoID, the ontology documentation and the w3id.org redirect rules."""
    from .web.publish import DEFAULT_HOST, publish

    try:
        out = publish(_store(args), args.outdir, host=args.host, force=args.force, page_timeout=args.timeout or None)
    except InputError as exc:
        if str(exc).endswith("without force"):
            raise InputError(f"{exc} (--force)") from None
        raise
    _say(f"wrote the site to {out}/ (open {out}/index.html); w3id.org rules in {out}/w3id/.htaccess"
         + ("" if args.host else f" point at {DEFAULT_HOST}: give --host URL"))
    return EXIT_OK


@command("compare")
def cmd_compare(args: argparse.Namespace) -> int:
    """Two profiles side by side: what they share, what each has alone, what moving A → B adds."""
    from .compare import compare, to_html, to_json, to_markdown, to_text

    fmt = _format(args, ("text", "md", "html", "json"), "text")
    answer = compare(args.a, args.b, graph=_store(args), lang=args.lang)
    render = {"text": to_text, "md": to_markdown, "html": to_html}
    _emit(args, to_json(answer) if fmt == "json" else render[fmt](answer, lang=args.lang))
    return EXIT_OK


@command("import")
def cmd_import(args: argparse.Namespace) -> int:
    """A BCP document (.txt or .pdf) in, a validated profile (Turtle) and a review report out; or,
    with --compare, precision and recall of the import against a curated profile."""
    from .importer import compare_import, compare_table, import_document, is_template, review_json, review_text

    if args.compare:
        if args.review:
            raise InputError("--review: not with --compare (the comparison writes no profile)")
        fmt = _format(args, ("table", "json"), "table")
        answer = compare_import(args.compare, args.file)
        _emit(args, json.dumps(answer, indent=2, ensure_ascii=False) + "\n" if fmt == "json"
              else compare_table(answer))
        return EXIT_OK
    if args.format:
        raise InputError("--format: only with --compare (the profile is written as Turtle)")
    if not args.output or args.output == "-":
        raise InputError("-o: give the profile file to write (-o PROFILE.ttl)")
    if Path(args.output).suffix.lower() != ".ttl":
        raise InputError(f"-o {args.output}: the profile is written as Turtle; give a name ending in .ttl")
    if not args.force:  # refuse before any work, and before writing either file
        for target in (args.output, args.review):
            if target and os.path.lexists(target):
                raise OutputExists(Path(target))
    source = Path(args.file).name
    if is_template(args.file):  # a filled spreadsheet template: its mistakes stop the import
        if args.review:
            raise InputError("--review: only for a BCP document (a template's mistakes stop the import)")
        from .importer.template import template_turtle
        write_atomic(args.output, template_turtle(args.file), force=args.force)
        _say(f"wrote {args.output}")
    else:
        imported = import_document(args.file)
        write_atomic(args.output, imported.turtle(), force=args.force)
        _say(f"wrote {args.output}")
        if args.review:
            write_atomic(args.review, review_json(imported.review, source), force=args.force)
            _say(f"wrote {args.review}")
        sys.stderr.write(for_stream(sys.stderr, review_text(imported.review, source)))
    from .validation import validate

    report = validate(args.output, lang=args.lang, timeout=_timeout(args))
    if not report.conforms:
        sys.stderr.write(for_stream(sys.stderr, report_text(report, args.output, args.lang)))
        return EXIT_DATA
    _say(f"{args.output}: {REPORT_WORDS[args.lang]['conforms']} "
         f"({REPORT_WORDS[args.lang]['counts'].format(v=0, w=len(report.warnings))})")
    return EXIT_OK


@command("template")
def cmd_template(args: argparse.Namespace) -> int:
    """The spreadsheet template (.xlsx) for a new profile, or filled with a profile (--from)."""
    from .importer.template import profile_graph, write_template

    if not args.output or args.output == "-":
        raise InputError("-o: give the workbook to write (-o FILE.xlsx)")
    if Path(args.output).suffix.lower() != ".xlsx":
        raise InputError(f"-o {args.output}: the template is an Excel workbook; give a name ending in .xlsx")
    if args.data and args.source is None:
        raise InputError("--data: only with --from (the profile to fill the template with)")
    if not args.force and os.path.lexists(args.output):
        raise OutputExists(Path(args.output))
    graph = None
    if args.source is not None:
        try:
            graph = profile_graph(args.source, data=args.data or ())
        except InputError as exc:
            raise InputError(f"--from {args.source}: {exc}") from None
    write_template(args.output, graph, force=args.force)
    _say(f"wrote {args.output}" + ("" if graph is None else f" (filled with {args.source})"))
    return EXIT_OK


def _profile_similarity(args: argparse.Namespace) -> int:
    """``similarity --profiles``: all pairs of the loaded profiles, per dimension, and a heatmap."""
    from .analysis import records_text
    from .compare import profile_similarity, similarity_records
    from .plot import similarity_heatmap

    fmt = _format(args, ("table", "csv", "json", "svg", "png"), "table")
    answer = profile_similarity(_store(args), lang=args.lang)
    if fmt in ("svg", "png"):
        _emit(args, similarity_heatmap(answer, format=fmt, lang=args.lang))
    elif fmt == "json":
        _emit(args, json.dumps(answer, indent=2, ensure_ascii=False) + "\n")
    else:
        records = similarity_records(answer)
        if fmt == "table":
            records = [{k: v for k, v in r.items() if not k.endswith("_iri")} for r in records]
        _emit(args, records_text(records, fmt))
    return EXIT_OK


@command("push")
def cmd_push(args: argparse.Namespace) -> int:
    """Write the ontology, vocabularies and profiles to a server (the one command that writes to one)."""
    from .stores.push import push, summary

    if args.with_shipped and not args.data:
        raise InputError("--with-shipped goes with --data (without --data the shipped profile is pushed)")
    try:
        written = push(args.store, *(args.data or ()), shipped=args.with_shipped, timeout=args.request_timeout or None)
    except TimeoutExceeded as exc:
        raise InputError(f"{exc} (--timeout {args.request_timeout:g})") from None
    print(for_stream(sys.stdout, summary(written)))
    return EXIT_OK


# ------------------------------------------------------------------ generate and bench


def _progress_bar(stream: TextIO) -> Callable[[str, int, int], None] | None:
    """A one-line progress bar on ``stream`` when it is a terminal; None (nothing shown) otherwise."""
    try:
        if not stream.isatty():
            return None
    except (AttributeError, ValueError):
        return None

    def show(label: str, done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        line = f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label}"[:120]
        stream.write(for_terminal(line).ljust(121) if done < total else "\r" + " " * 121 + "\r")
        stream.flush()
    return show


@command("generate")
def cmd_generate(args: argparse.Namespace) -> int:
    """Write a synthetic corpus: --profiles N profiles from --seed S into the folder -o DIR."""
    from .generate import write_corpus

    bar = _progress_bar(sys.stderr)
    try:
        paths = write_corpus(args.output, args.profiles, args.seed, force=args.force,
                             progress=(lambda done, total: bar("profiles", done, total)) if bar else None)
    except InputError as exc:
        message = str(exc).replace("parameter profiles:", "--profiles:").replace("parameter seed:", "--seed:")
        message = message.replace("(with force,", "(with --force,")
        raise InputError(message) from None
    _say(f"wrote {len(paths) - 1} synthetic profiles (seed {args.seed}) and their shared terms, "
         f"{paths[0].name}, to {args.output}")
    return EXIT_OK


@command("bench")
def cmd_bench(args: argparse.Namespace) -> int:
    """Time the steps on each backend and the hand-written baselines; JSON or a table."""
    from .bench import bench, to_table

    backends = [b for b in args.backends.split(",")]
    try:
        answer = bench(args.profiles, backends=backends, runs=args.runs, seed=args.seed, data=args.data,
                       endpoint=args.endpoint, step_timeout=args.step_timeout or NO_LIMIT,
                       load_timeout=(args.load_timeout or NO_LIMIT) if args.load_timeout is not None else None,
                       progress=_progress_bar(sys.stderr))
    except InputError as exc:
        message = str(exc)
        for name in ("profiles", "backends", "runs", "seed", "endpoint", "data"):
            message = message.replace(f"parameter {name}:", f"--{name}:")
        raise InputError(message) from None
    if args.json or (args.output and args.output.endswith(".json")):
        _emit(args, json.dumps(answer, indent=2, ensure_ascii=False) + "\n")
    else:
        _emit(args, to_table(answer))
    return EXIT_OK


@command("serve")
def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the data: SPARQL endpoint, pages, dumps, until Ctrl-C or SIGTERM (then exit 0)."""
    from .web.server import Settings, serve

    settings = Settings(host=args.host, port=args.port, timeout=args.serve_timeout, workers=args.workers,
                        data=tuple(args.data or ()), with_shipped=args.with_shipped, public_url=args.public_url)
    if args.with_shipped and not args.data:
        raise InputError("--with-shipped goes with --data (without --data the shipped profile is served)")
    try:
        serve(settings, say=lambda text: print(for_stream(sys.stdout, text), flush=True))
    except InputError as exc:
        message = str(exc)
        for name in ("port", "timeout", "workers", "host", "public-url"):
            if message.startswith(f"{name} "):
                message = f"--{message}"
        raise InputError(message) from None
    except (KeyboardInterrupt, Terminated):
        pass
    _say("bcpgraph serve: stopped")
    return EXIT_OK


# ------------------------------------------------------------------ parser


class _Parser(argparse.ArgumentParser):
    """argparse, with its messages (which may echo what was typed) made safe for a terminal."""

    def _print_message(self, message: str, file: TextIO | None = None) -> None:
        if message:
            file = file or sys.stderr
            file.write(for_stream(file, message))


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds ≥ 0 (0 = no limit)")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number from 0 to 65535")
    return value


def _positive_seconds(text: str) -> float:
    value = _seconds(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r}: a server always stops requests; give seconds > 0")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number ≥ 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="bcpgraph",
        description="Dutch vocational competency profiles (BCPs) as a validated RDF knowledge graph.",
        epilog="Exit codes: 0 ok, 1 the data fails a check, 2 unusable input, usage, a timeout or a "
               "server that cannot be used; 130 interrupted, 143 terminated (SIGTERM).",
    )
    parser.add_argument("--version", action="version", version=f"bcpgraph {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help: str, *, data=True, lang=True, output=True, endpoint=True, timeout=True,
            profile=False):
        p = sub.add_parser(name, help=help, description=help)
        if data:
            p.add_argument("--data", nargs="+", metavar="FILE|DIR",
                           help="profile files to use instead of the shipped profile (a directory: "
                                "the RDF files in it, by ending, not recursive)")
            p.add_argument("--with-shipped", action="store_true",
                           help="with --data: load the shipped profile beside the files")
        if profile:
            p.add_argument("--profile", metavar="NAME",
                           help="only this profile (IRI, prefixed name, title or last part of its IRI); "
                                "default: each profile in the graph, one after the other")
        if endpoint:
            p.add_argument("--endpoint", metavar="URL",
                           help="run on this SPARQL 1.1 endpoint instead of local data (default: "
                                "$BCPGRAPH_ENDPOINT, unless --data is given)")
        if lang:
            p.add_argument("--lang", choices=("nl", "en"), default="nl", help="label language (default nl)")
        if output:
            p.add_argument("-o", "--output", metavar="FILE",
                           help="write to FILE (the format follows its ending) instead of standard output")
            p.add_argument("--force", action="store_true", help="replace FILE if it exists")
        if timeout:
            p.add_argument("--timeout", type=_seconds, default=limits.QUERY_TIMEOUT, metavar="SECONDS",
                           help=f"stop after SECONDS (default {limits.QUERY_TIMEOUT:g}; 0 = no limit)")
        return p

    def paths_limits(p: argparse.ArgumentParser) -> None:
        p.add_argument("--max-paths", type=_positive, default=limits.MAX_PATHS, metavar="N",
                       help=f"list at most N career paths (default {limits.MAX_PATHS})")
        p.add_argument("--max-length", type=_positive, default=limits.MAX_PATH_LENGTH, metavar="N",
                       help=f"only paths of at most N steps (default {limits.MAX_PATH_LENGTH})")

    p = add("validate", "check profiles against the bcpgraph SHACL shapes", data=False)
    p.add_argument("files", nargs="*", metavar="FILE|DIR", help="profile files (default: the shipped profile)")
    p.add_argument("--data", nargs="+", metavar="FILE|DIR", default=[],
                   help="the same as FILE (as the other commands take their data)")
    p.add_argument("--with-shipped", action="store_true", help="with FILE: validate the shipped profile too")
    p.add_argument("--format", choices=("text", "json"), help=FORMAT_HELP.format("text"))

    p = add("overview", "validate the profile, summarise it and answer the signature questions", profile=True)
    p.add_argument("--to", metavar="ROLE",
                   help="career target (default: the role of each profile's first vertical career step)")
    paths_limits(p)
    p.add_argument("--format", choices=("text", "json"), help=FORMAT_HELP.format("text"))

    p = add("queries", "list the named queries", data=False, lang=False, timeout=False, endpoint=False)
    p.add_argument("--format", choices=("text", "json"), help=FORMAT_HELP.format("text"))

    p = add("query", "run a named query", lang=False, endpoint=True)
    p.add_argument("name", metavar="NAME", help="query name (see 'bcpgraph queries')")
    p.add_argument("--param", "-p", action="append", default=[], metavar="NAME=VALUE",
                   help="a query parameter (repeatable)")
    p.add_argument("--lang", choices=("nl", "en"), help="label language (the query's lang parameter; default nl)")
    p.add_argument("--format", choices=RESULT_FORMATS, help=FORMAT_HELP.format("table"))

    p = add("sparql", "run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE)", lang=False, endpoint=True)
    p.add_argument("query", nargs="?", metavar="QUERY")
    p.add_argument("-f", "--file", metavar="FILE", help="read the query from FILE (UTF-8)")
    p.add_argument("--format", choices=RESULT_FORMATS + GRAPH_FORMATS,
                   help="table, csv, tsv, json, xml for SELECT/ASK (default table); turtle, ntriples, "
                        "jsonld, rdfxml, trig, nquads for CONSTRUCT/DESCRIBE (default turtle)")

    p = add("shared-competencies", "competencies needed by several werkprocessen", endpoint=True, profile=True)
    p.add_argument("--min", type=int, default=1, metavar="N", help="only those needed by at least N")
    p.add_argument("--format", choices=RESULT_FORMATS, help=FORMAT_HELP.format("table"))

    p = add("career-paths", "career routes between two roles", profile=True)
    p.add_argument("--to", required=True, metavar="ROLE", help="target role (IRI or label)")
    p.add_argument("--from", dest="source", metavar="ROLE", help="start role (default: the occupation)")
    p.add_argument("--interpretations", action="store_true", help="include interpreted career steps")
    paths_limits(p)
    p.add_argument("--format", choices=("table", "json"), help=FORMAT_HELP.format("table"))

    p = add("similarity", "Jaccard similarity of werkprocessen", profile=True)
    p.add_argument("--by", choices=("competencies", "knowledge-and-skills"), default="competencies")
    p.add_argument("--profiles", action="store_true",
                   help="compare the loaded profiles instead (competencies, knowledge, skills); also svg, png")
    p.add_argument("--format", choices=("table", "csv", "json", "svg", "png"), help=FORMAT_HELP.format("table"))

    p = add("centrality", "competency centrality in the werkproces–competency network", profile=True)
    p.add_argument("--format", choices=("table", "csv", "json"), help=FORMAT_HELP.format("table"))

    p = add("matrix", "the competentiematrix: werkprocessen × the national competencies", profile=True)
    p.add_argument("--format", choices=("csv", "md", "html", "svg", "png"), help=FORMAT_HELP.format("md"))

    p = add("plot", "draw a graph as a picture", output=False, profile=True)
    p.add_argument("what", choices=("career",), help="what to draw")
    p.add_argument("-o", "--output", required=True, metavar="FILE.svg|FILE.png")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.add_argument("--interpretations", action="store_true", help="include interpreted career steps")

    p = add("network", "export a network for Gephi or Cytoscape (GraphML, GEXF)", output=False, profile=True)
    p.add_argument("kind", choices=("competencies", "knowledge-and-skills", "careers"))
    p.add_argument("-o", "--output", required=True, metavar="FILE.graphml|FILE.gexf")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")

    p = add("export", "write the loaded data as a dump (TriG/N-Quads with a named graph per profile, "
                      "or Turtle, N-Triples, JSON-LD, RDF/XML)", lang=False, output=False)
    p.add_argument("-o", "--output", required=True, metavar="FILE.trig|.nq|.ttl|.nt|.jsonld|.rdf")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.add_argument("--format", choices=GRAPH_FORMATS,
                   help="the format (default: what the file name ends in; the two must agree)")

    p = add("push", "upload ontology, vocabularies and profiles to a server (SPARQL 1.1 Graph Store Protocol), "
                    "one named graph each, replaced whole", lang=False, output=False, timeout=False, endpoint=False)
    p.add_argument("--store", required=True, metavar="URL",
                   help="the server's Graph Store Protocol URL (Oxigraph: http://localhost:7878/store)")
    p.add_argument("--timeout", dest="request_timeout", type=_seconds, default=limits.QUERY_TIMEOUT,
                   metavar="SECONDS", help=f"for each request (default {limits.QUERY_TIMEOUT:g}; 0 = the default)")

    p = add("compare", "compare two profiles: shared and unique parts, Jaccard, what moving from A to B adds")
    p.add_argument("a", metavar="A", help="profile A: IRI, label, last part of its IRI, or a file holding it")
    p.add_argument("b", metavar="B", help="profile B (the same kinds of name)")
    p.add_argument("--format", choices=("text", "md", "html", "json"), help=FORMAT_HELP.format("text"))

    p = add("publish", "write the static site: pages in Dutch and English, Turtle and JSON-LD per resource, dumps, "
                       "VoID, ontology docs and w3id.org redirect rules", lang=False, output=False, endpoint=False,
            timeout=False)
    p.add_argument("--timeout", type=_seconds, default=limits.QUERY_TIMEOUT, metavar="SECONDS",
                   help=f"stop when one page (with its Turtle and JSON-LD) takes longer than SECONDS (default "
                        f"{limits.QUERY_TIMEOUT:g}; 0 = no limit); the whole site takes as long as its pages, "
                        "about 40 ms a resource")
    p.set_defaults(whole_limit=False)  # --timeout bounds each page, not the run
    p.add_argument("outdir", metavar="OUTDIR", help="the folder to write (built beside it, then swapped in)")
    p.add_argument("--force", action="store_true", help="replace OUTDIR if it is not empty")
    p.add_argument("--host", metavar="URL",
                   help="where the site will be served, for the w3id.org redirects in w3id/.htaccess "
                        "(default: a placeholder to replace)")

    p = add("import", "import a BCP document (.txt or .pdf, the ECABO format of the seed) as a profile, "
                      "or measure an import against a curated profile (--compare)", data=False, endpoint=False)
    p.add_argument("file", metavar="FILE", help="the BCP document: text extracted from the PDF (.txt) or the PDF")
    p.add_argument("--review", metavar="REPORT.json",
                   help="also write what could not be placed as JSON (it always goes to stderr as text)")
    p.add_argument("--compare", metavar="CURATED.ttl",
                   help="do not write a profile: print precision and recall per kind of link against CURATED")
    p.add_argument("--format", choices=("table", "json"), help="with --compare: " + FORMAT_HELP.format("table"))

    p = add("generate", "write N synthetic profiles (a test corpus) into a folder, reproducibly from a seed",
            data=False, lang=False, output=False, timeout=False, endpoint=False)
    p.add_argument("--profiles", type=_profile_count, required=True, metavar="N", help="how many profiles")
    p.add_argument("--seed", type=_seed, default=0, metavar="S", help="random seed (default 0): the same N and "
                   "seed give the same files")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="the folder to write NAME.ttl files and "
                   "their shared terms (synthetic-vocabulary.ttl) into (made if missing; refused if not empty)")
    p.add_argument("--force", action="store_true", help="write into a folder that is not empty")

    p = add("bench", "time load, validate, every named query and the analyses per store, beside hand-written "
                     "baselines", data=False, lang=False, timeout=False, endpoint=False)
    p.add_argument("--profiles", type=_profile_count, default=10, metavar="N",
                   help="generate N synthetic profiles to time on (default 10)")
    p.add_argument("--data", nargs="+", metavar="FILE|DIR", help="time on these files instead of generated ones")
    p.add_argument("--backends", default=",".join(_bench_defaults()), metavar="B,B,...",
                   help="comma-separated: rdflib, oxigraph, endpoint, baseline-rdflib, baseline-pyoxigraph, "
                        "baseline-pyshacl (default: all but endpoint)")
    p.add_argument("--endpoint", metavar="URL", help="the SPARQL endpoint of the backend 'endpoint' (only read)")
    p.add_argument("--runs", type=_positive, default=3, metavar="R",
                   help="runs per step, the median reported (default 3; fewer for a step that takes long)")
    p.add_argument("--seed", type=_seed, default=0, metavar="S", help="seed of the generated profiles (default 0)")
    p.add_argument("--step-timeout", type=_seconds, default=60.0, metavar="SECONDS",
                   help="stop a step after SECONDS and show it as '> SECONDS' (default 60; 0 = no limit)")
    p.add_argument("--load-timeout", type=_seconds, metavar="SECONDS",
                   help="the limit of the load steps (default 900, or --step-timeout if longer; 0 = no limit)")
    p.add_argument("--json", action="store_true", help="JSON instead of a table")

    p = add("serve", "serve the data on the web: SPARQL 1.1 endpoint, named queries, a page and RDF for every IRI, "
                     "dumps and the dataset description", lang=False, output=False, timeout=False, endpoint=False)
    p.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1; 0.0.0.0: all)")
    p.add_argument("--port", type=_port, default=8000, metavar="N", help="the port (default 8000; 0: any free port)")
    p.add_argument("--timeout", dest="serve_timeout", type=_positive_seconds, default=10.0, metavar="SECONDS",
                   help="stop a request (its query or page) after SECONDS and answer 503 (default 10)")
    p.add_argument("--workers", type=_positive, default=2, metavar="N",
                   help="worker processes that run queries and pages (default 2)")
    p.add_argument("--public-url", metavar="URL",
                   help="the URL the server is reached at, for the links it announces (default http://HOST:PORT)")

    p = add("template", "write the spreadsheet template (.xlsx) for a new profile, or one filled with a profile "
                        "(--from); bcpgraph import reads it back", data=False, lang=False, endpoint=False)
    p.add_argument("--from", dest="source", metavar="PROFILE",
                   help="fill it with this profile: a profile file, or a profile's IRI, title or last part of "
                        "its IRI among --data (default data: the shipped profile)")
    p.add_argument("--data", nargs="+", metavar="FILE|DIR", help="with --from NAME: where to find the profile")
    return parser


def _profile_count(text: str) -> int:
    from .generate import MAX_PROFILES

    value = _positive(text)
    if value > MAX_PROFILES:
        raise argparse.ArgumentTypeError(f"{text!r} is more than {MAX_PROFILES:,} profiles")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number ≥ 0")
    return value


def _bench_defaults() -> tuple[str, ...]:
    from .bench import DEFAULT_BACKENDS

    return DEFAULT_BACKENDS


def _on_sigterm(signum, frame):
    raise Terminated


@contextmanager
def sigterm_raises() -> Iterator[None]:
    """In the block, SIGTERM raises :class:`Terminated` (so that ``finally`` clauses run and no
    temporary file survives); the previous handler comes back after it. Main thread only."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run(args: argparse.Namespace) -> int:
    """The command, under its time limit; errors become a message on stderr and an exit code."""
    name = args.command
    timeout = getattr(args, "timeout", None)  # None: the command takes none; 0: no limit
    # publish sets whole_limit=False: its --timeout bounds each page, not the whole run
    whole = timeout if timeout and getattr(args, "whole_limit", True) else None
    try:
        with time_limit(whole, "the command"):
            return COMMANDS[name](args)
    except OutputExists as exc:
        _say(f"bcpgraph {name}: {exc.path}: {exc.what}; use --force to replace it")
        return EXIT_USAGE
    except TimeoutExceeded as exc:
        _say(f"bcpgraph {name}: {exc} (--timeout {timeout:g}; --timeout 0 for no limit)" if timeout
             else f"bcpgraph {name}: {exc}")
        return EXIT_USAGE
    except BcpgraphError as exc:
        _say(f"bcpgraph {name}: {exc}")
        return exc.exit_code
    except BrokenPipeError:  # the reader went away (| head): not an error
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return EXIT_OK
    except KeyboardInterrupt:
        _say(f"bcpgraph {name}: interrupted")
        return EXIT_INTERRUPTED
    except Terminated:
        _say(f"bcpgraph {name}: terminated")
        return EXIT_TERMINATED
    except MemoryError:
        _say(f"bcpgraph {name}: ran out of memory; ask for less")
        return EXIT_USAGE
    except Exception as exc:  # the last resort: one line, no traceback
        if os.environ.get("BCPGRAPH_DEBUG") == "1":
            traceback.print_exc()
        _say(f"bcpgraph {name}: internal error: {type(exc).__name__}: {exc} (please report this)")
        return EXIT_USAGE


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``bcpgraph`` with ``argv`` (default: the command line); return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if argv and not argv[0].startswith("-") and argv[0] not in COMMANDS:
        _say(f"bcpgraph: unknown command {argv[0]!r}{suggest(argv[0], list(COMMANDS))}\n"
             f"commands: {', '.join(COMMANDS)}")
        return EXIT_USAGE
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: usage errors exit 2, --help/--version exit 0
        return int(exc.code or 0)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    with sigterm_raises():
        return _run(args)
