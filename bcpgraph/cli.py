"""The ``bcpgraph`` command: parse options, call the library, format the answer.

Exit codes: 0 ok · 1 the data fails a check · 2 unusable input or usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from rdflib import Graph

from . import __version__
from .errors import BcpgraphError, DataError, InputError
from .graph import load
from .labels import compact
from .errors import suggest
from .query import named_query, queries, query, sparql
from .results import RESULT_FORMATS, Rows

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2
COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def command(name: str):
    def register(func):
        COMMANDS[name] = func
        return func
    return register


def _graph(args: argparse.Namespace) -> Graph | None:
    """The graph to work on: --data files, or None for the shipped profile (loaded lazily)."""
    if getattr(args, "endpoint", None):
        return None
    return load(*args.data) if getattr(args, "data", None) else None


def _local(args: argparse.Namespace) -> Graph:
    if getattr(args, "endpoint", None):
        raise InputError("--endpoint: this command works on local data only; use --data FILE")
    return load(*args.data) if args.data else load()


def _emit(args: argparse.Namespace, payload: str | bytes) -> None:
    """Write to -o FILE (atomically, --force to replace) or to standard output."""
    target = getattr(args, "output", None)
    if target and target != "-":
        from .output import write_atomic

        path = write_atomic(target, payload, force=args.force)
        print(f"wrote {path}", file=sys.stderr)
    elif isinstance(payload, bytes):
        if sys.stdout.isatty():
            raise InputError("-o: binary output (png) needs -o FILE")
        sys.stdout.buffer.write(payload)
    else:
        sys.stdout.write(payload)


# ------------------------------------------------------------------ validate and overview


def _validation_text(report, source: str) -> str:
    lines = []
    for r in report.results:
        where = f"{r.focus_label} <{r.focus}>" if r.focus_label != str(r.focus) else f"<{r.focus}>"
        lines.append(f"{r.severity.upper()}: {where}")
        if r.path:
            lines.append(f"  path:    {r.path}")
        if r.value is not None:
            lines.append(f"  value:   {compact(r.value)}")
        lines.append(f"  message: {r.message}")
    verdict = "conforms" if report.conforms else "does NOT conform"
    lines.append(f"{source}: {verdict} ({len(report.violations)} violations, "
                 f"{len(report.warnings)} warnings)")
    return "\n".join(lines) + "\n"


@command("validate")
def cmd_validate(args: argparse.Namespace) -> int:
    from .validate import validate

    source = ", ".join(args.files) if args.files else "shipped profile"
    graph = load(*args.files) if args.files else load()
    report = validate(graph, lang=args.lang)
    if args.format == "json":
        _emit(args, json.dumps({"source": source, **report.to_dict()}, indent=2, ensure_ascii=False) + "\n")
    else:
        _emit(args, _validation_text(report, source))
    return EXIT_OK if report.conforms else EXIT_DATA


def _overview_text(profiles: list[dict], lang: str) -> str:
    out = []
    for p in profiles:
        out.append(f"{p['title']}")
        out.append("=" * len(str(p["title"])))
        out.append(f"occupation:   {p['occupation']}")
        a = p["adoption"]
        if a:
            out.append(f"adopted:      {a['date']} by {a['by']} in {a['place']}")
        out.append(f"job titles:   {', '.join(p['job_titles'])}")
        out.append(f"contents:     {len(p['kerntaken'])} kerntaken, {p['werkprocessen']} werkprocessen, "
                   f"{p['competencies_used']} of 25 competencies in {p['competency_links']} links, "
                   f"{p['results']} results, {p['knowledge_items']} knowledge items, {p['skills']} skills")
        out.append(f"              {p['attitudes']} attitudes, {p['legislation']} legislation items, "
                   f"{p['sources']} sources, {p['career_transitions']} career transitions")
        for kt in p["kerntaken"]:
            out.append(f"  kerntaak {kt['notation']}  {kt['label']}")
            for wp in kt["werkprocessen"]:
                out.append(f"    {wp['notation']}  {wp['label']}")
        out.append("")
    return "\n".join(out)


@command("overview")
def cmd_overview(args: argparse.Namespace) -> int:
    """The main job: validate, summarise, and answer the two signature questions."""
    from .overview import overview
    from .validate import validate

    graph = _local(args)
    report = validate(graph, lang=args.lang)
    profiles = overview(graph, lang=args.lang)
    shared = query("shared-competencies", graph=graph, lang=args.lang, min="2")
    paths = _career_answer(graph, None, args.to, args.lang, interpretations=False)
    if args.format == "json":
        doc = {"validation": report.to_dict(), "profiles": profiles,
               "shared_competencies": json.loads(shared.serialize("json")), "career_paths": paths}
        _emit(args, json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    else:
        text = [_overview_text(profiles, args.lang)]
        verdict = "conforms" if report.conforms else "does NOT conform"
        text.append(f"Validation: {verdict} to the bcpgraph shapes "
                    f"({len(report.violations)} violations, {len(report.warnings)} warnings)\n")
        text.append("Which competencies recur across werkprocessen?\n")
        text.append(shared.serialize("table") + "\n")
        text.append(f"Career paths from {paths['from']['label']} to {paths['to']['label']}:\n")
        text.append(_paths_table(paths))
        _emit(args, "\n".join(text))
    return EXIT_OK if report.conforms else EXIT_DATA


# ------------------------------------------------------------------ queries


@command("queries")
def cmd_queries(args: argparse.Namespace) -> int:
    found = queries()
    if args.format == "json":
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
    named_query(args.name)  # unknown names fail before any data is loaded
    rows = query(args.name, graph=_graph(args), endpoint=args.endpoint, **_params(args.param))
    _emit(args, rows.serialize(args.format))
    return EXIT_OK


@command("sparql")
def cmd_sparql(args: argparse.Namespace) -> int:
    if (args.query is None) == (args.file is None):
        raise InputError("sparql: give a QUERY or -f FILE (one of them)")
    if args.file:
        path = Path(args.file)
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        text = path.read_text(encoding="utf-8")
    else:
        text = args.query
    result = sparql(text, graph=_graph(args), endpoint=args.endpoint)
    if isinstance(result, Rows):
        _emit(args, result.serialize(args.format))
    else:
        _emit(args, result.serialize(format="turtle"))
    return EXIT_OK


@command("shared-competencies")
def cmd_shared(args: argparse.Namespace) -> int:
    params = {"lang": args.lang, "min": str(args.min)}
    rows = query("shared-competencies", graph=_graph(args), endpoint=args.endpoint, **params)
    _emit(args, rows.serialize(args.format))
    return EXIT_OK


# ------------------------------------------------------------------ analyses


def _career_answer(graph: Graph, source: str | None, target: str, lang: str,
                   interpretations: bool) -> dict:
    from .analysis import career_network, career_paths, find_node, occupations

    network = career_network(graph, lang=lang, interpretations=interpretations)

    def role(option: str, text: str) -> str:
        try:
            return find_node(network, text)
        except ValueError as exc:
            raise InputError(f"{option}: {exc}") from None

    if source is None:
        starts = occupations(network)
        if len(starts) != 1:
            raise InputError("--from: the graph has no single occupation; name the start role")
        start = starts[0]
    else:
        start = role("--from", source)
    end = role("--to", target)
    found = career_paths(network, start, end)
    node = lambda n: {"iri": n, "label": network.nodes[n].get("label", n)}  # noqa: E731
    return {
        "from": node(start), "to": node(end),
        "shortest": [node(n) for n in found["shortest"]],
        "paths": [[node(n) for n in path] for path in found["all"]],
    }


def _paths_table(answer: dict) -> str:
    if not answer["paths"]:
        return "  (no path)\n"
    lines = []
    for path in answer["paths"]:
        mark = "*" if [n["iri"] for n in path] == [n["iri"] for n in answer["shortest"]] else " "
        lines.append(f" {mark} " + " → ".join(n["label"] for n in path))
    lines.append("  (* shortest)")
    return "\n".join(lines) + "\n"


@command("career-paths")
def cmd_career_paths(args: argparse.Namespace) -> int:
    answer = _career_answer(_local(args), args.source, args.to, args.lang, args.interpretations)
    if args.format == "json":
        _emit(args, json.dumps(answer["paths"], indent=2, ensure_ascii=False) + "\n")
    else:
        _emit(args, f"Career paths from {answer['from']['label']} to {answer['to']['label']}:\n"
              + _paths_table(answer))
    return EXIT_OK


def _records_output(records: list[dict], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    if not records:
        return "(no rows)\n" if fmt == "table" else ""
    keys = list(records[0])
    if fmt == "csv":
        import csv
        import io

        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=keys, lineterminator="\r\n")
        writer.writeheader()
        for r in records:
            writer.writerow({k: ", ".join(v) if isinstance(v, list) else v for k, v in r.items()})
        return out.getvalue()
    cells = [[f"{r[k]:.3f}" if isinstance(r[k], float) else
              ", ".join(map(str, r[k])) if isinstance(r[k], list) else str(r[k]) for k in keys]
             for r in records]
    widths = [max([len(k)] + [len(c[i]) for c in cells]) for i, k in enumerate(keys)]
    line = lambda cs: "  ".join(c.ljust(w) for c, w in zip(cs, widths, strict=True)).rstrip()  # noqa: E731
    return "\n".join([line(keys), line(["-" * w for w in widths])] + [line(c) for c in cells]) + "\n"


@command("similarity")
def cmd_similarity(args: argparse.Namespace) -> int:
    from .analysis import competency_network, knowledge_network, similarity

    graph = _local(args)
    build = competency_network if args.by == "competencies" else knowledge_network
    records = similarity(build(graph, lang=args.lang))
    if args.format == "table":
        records = [{"a": r["a_label"], "b": r["b_label"], "jaccard": r["jaccard"],
                    "shared": len(r["shared"]) if isinstance(r["shared"], list) else r["shared"]}
                   for r in records]
    _emit(args, _records_output(records, args.format))
    return EXIT_OK


@command("centrality")
def cmd_centrality(args: argparse.Namespace) -> int:
    from .analysis import centrality, competency_network

    _emit(args, _records_output(centrality(competency_network(_local(args), lang=args.lang)), args.format))
    return EXIT_OK


@command("matrix")
def cmd_matrix(args: argparse.Namespace) -> int:
    from . import matrix

    m = matrix.competency_matrix(_local(args), lang=args.lang)
    render = {"csv": matrix.to_csv, "md": matrix.to_markdown, "html": matrix.to_html,
              "svg": matrix.to_svg, "png": matrix.to_png}[args.format]
    _emit(args, render(m))
    return EXIT_OK


@command("plot")
def cmd_plot(args: argparse.Namespace) -> int:
    from .analysis import career_network
    from .plot import plot_career

    fmt = Path(args.output).suffix.lower().lstrip(".")
    if fmt not in ("svg", "png"):
        raise InputError(f"-o {args.output}: the file name must end in .svg or .png")
    network = career_network(_local(args), lang=args.lang, interpretations=args.interpretations)
    _emit(args, plot_career(network, format=fmt))
    return EXIT_OK


@command("network")
def cmd_network(args: argparse.Namespace) -> int:
    from .analysis import career_network, competency_network, knowledge_network, write_network

    fmt = Path(args.output).suffix.lower().lstrip(".")
    if fmt not in ("graphml", "gexf"):
        raise InputError(f"-o {args.output}: the file name must end in .graphml or .gexf")
    graph = _local(args)
    build = {"competencies": competency_network, "knowledge-and-skills": knowledge_network,
             "careers": career_network}[args.kind]
    write_network(build(graph, lang=args.lang), args.output, fmt, force=args.force)
    print(f"wrote {args.output}", file=sys.stderr)
    return EXIT_OK


# ------------------------------------------------------------------ parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bcpgraph",
        description="Dutch vocational competency profiles (BCPs) as a validated RDF knowledge graph.",
        epilog="Exit codes: 0 ok, 1 the data fails a check, 2 unusable input or usage.",
    )
    parser.add_argument("--version", action="version", version=f"bcpgraph {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help: str, *, data=True, lang=True, output=True, endpoint=False):
        p = sub.add_parser(name, help=help, description=help)
        if data:
            p.add_argument("--data", nargs="+", metavar="FILE",
                           help="profile files to use instead of the shipped profile")
        if endpoint:
            p.add_argument("--endpoint", metavar="URL",
                           help="run on this SPARQL 1.1 endpoint instead of the local graph")
        if lang:
            p.add_argument("--lang", choices=("nl", "en"), default="nl", help="label language (default nl)")
        if output:
            p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
            p.add_argument("--force", action="store_true", help="replace FILE if it exists")
        return p

    p = add("validate", "check profiles against the bcpgraph SHACL shapes", data=False)
    p.add_argument("files", nargs="*", metavar="FILE", help="profile files (default: the shipped profile)")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = add("overview", "validate the profile, summarise it and answer the signature questions")
    p.add_argument("--to", default="teamleider", metavar="ROLE", help="career target (default teamleider)")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = add("queries", "list the named queries", data=False, lang=False)
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = add("query", "run a named query", lang=False, endpoint=True)
    p.add_argument("name", metavar="NAME", help="query name (see 'bcpgraph queries')")
    p.add_argument("--param", "-p", action="append", default=[], metavar="NAME=VALUE",
                   help="a query parameter (repeatable)")
    p.add_argument("--format", choices=RESULT_FORMATS, default="table")

    p = add("sparql", "run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE)", lang=False, endpoint=True)
    p.add_argument("query", nargs="?", metavar="QUERY")
    p.add_argument("-f", "--file", metavar="FILE", help="read the query from FILE")
    p.add_argument("--format", choices=RESULT_FORMATS, default="table")

    p = add("shared-competencies", "competencies needed by several werkprocessen", endpoint=True)
    p.add_argument("--min", type=int, default=1, metavar="N", help="only those needed by at least N")
    p.add_argument("--format", choices=RESULT_FORMATS, default="table")

    p = add("career-paths", "career routes between two roles")
    p.add_argument("--to", required=True, metavar="ROLE", help="target role (IRI or label)")
    p.add_argument("--from", dest="source", metavar="ROLE", help="start role (default: the occupation)")
    p.add_argument("--interpretations", action="store_true", help="include interpreted career steps")
    p.add_argument("--format", choices=("table", "json"), default="table")

    p = add("similarity", "Jaccard similarity of werkprocessen")
    p.add_argument("--by", choices=("competencies", "knowledge-and-skills"), default="competencies")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")

    p = add("centrality", "competency centrality in the werkproces–competency network")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")

    p = add("matrix", "the competentiematrix: werkprocessen × the 25 competencies")
    p.add_argument("--format", choices=("csv", "md", "html", "svg", "png"), default="md")

    p = add("plot", "draw a graph as a picture", output=False)
    p.add_argument("what", choices=("career",), help="what to draw")
    p.add_argument("-o", "--output", required=True, metavar="FILE.svg|FILE.png")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.add_argument("--interpretations", action="store_true", help="include interpreted career steps")

    p = add("network", "export a network for Gephi or Cytoscape (GraphML, GEXF)", output=False)
    p.add_argument("kind", choices=("competencies", "knowledge-and-skills", "careers"))
    p.add_argument("-o", "--output", required=True, metavar="FILE.graphml|FILE.gexf")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if argv and not argv[0].startswith("-") and argv[0] not in COMMANDS:
        print(f"bcpgraph: unknown command {argv[0]!r}{suggest(argv[0], list(COMMANDS))}\n"
              f"commands: {', '.join(COMMANDS)}", file=sys.stderr)
        return EXIT_USAGE
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: usage errors exit 2, --help/--version exit 0
        return int(exc.code or 0)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except DataError as exc:
        print(f"bcpgraph: {exc}", file=sys.stderr)
        return EXIT_DATA
    except BcpgraphError as exc:
        print(f"bcpgraph {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
