"""The competentiematrix: which werkproces needs which of the 25 national competencies.

:func:`competency_matrix` reads the graph into a :class:`Matrix` (plain tuples, no RDF); the
renderers turn a matrix into text or a picture and do no I/O:

- :func:`to_csv`, :func:`to_markdown`, :func:`to_html` return ``str``;
- pictures of it (SVG, PNG) are drawn in :mod:`bcpgraph.plot` (:func:`~bcpgraph.plot.matrix_svg`,
  :func:`~bcpgraph.plot.matrix_png`), where all drawing is.

>>> from bcpgraph.analysis import example_graph
>>> m = competency_matrix(example_graph())
>>> [n for n, _ in m.rows], [n for n, _ in m.columns]
(['1.1', '1.2', '2.1'], ['10', '18', '19', '20', '24'])
>>> m.column_totals, m.total
((1, 2, 1, 0, 1), 5)
>>> print(to_markdown(m).splitlines()[2])
| Werkproces | 10 | 18 | 19 | 20 | 24 | Totaal |
"""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from .analysis.algorithms import notation_key
from .analysis.networks import Triples, ask_rows, ask_triples
from .analysis.networks import notation as _notation
from .errors import InputError
from .labels import compact, label
from .namespaces import BCP, COMPETENCY_SCHEME
from .safetext import for_xml
from .stores import Store, store_for

__all__ = ["Matrix", "competency_matrix", "profiles", "to_csv", "to_markdown", "to_html",
           "wrap", "MATRIX_FORMATS"]

#: Formats the renderers produce, by name (for a CLI option).
MATRIX_FORMATS = ("csv", "markdown", "html", "svg", "png")

_TEXT = {
    "nl": {"title": "Competentiematrix", "werkproces": "Werkproces", "competency": "Competentie",
           "total": "Totaal", "notation": "nummer", "kerntaak": "Kerntaak",
           "legend": "✓ = de competentie is nodig in het werkproces",
           "summary": "{rows} werkprocessen × {cols} competenties · {links} koppelingen · "
                      "{used} van de {cols} competenties komen voor",
           "competencies": "Competenties", "unused": "niet gebruikt",
           "empty": "geen werkprocessen"},
    "en": {"title": "Competency matrix", "werkproces": "Work process", "competency": "Competency",
           "total": "Total", "notation": "number", "kerntaak": "Core task",
           "legend": "✓ = the work process needs the competency",
           "summary": "{rows} work processes × {cols} competencies · {links} links · "
                      "{used} of the {cols} competencies used",
           "competencies": "Competencies", "unused": "not used",
           "empty": "no work processes"},
}


def _text(lang: str) -> dict[str, str]:
    return _TEXT.get(lang, _TEXT["en"])


@dataclass(frozen=True)
class Matrix:
    """Werkprocessen × competencies.

    ``rows`` are the werkprocessen as (notation, label) in notation order, ``columns`` the
    competencies as (notation, label) in national order, ``cells[i][j]`` whether werkproces
    ``i`` needs competency ``j``. ``row_ids``/``column_ids`` hold the IRIs; ``groups`` the
    kerntaken as (notation, label) and ``row_groups`` the kerntaak notation of each row;
    ``profile`` the IRI of the profile ("" for a graph without one).
    """

    rows: tuple[tuple[str, str], ...]
    columns: tuple[tuple[str, str], ...]
    cells: tuple[tuple[bool, ...], ...]
    title: str = ""
    lang: str = "nl"
    row_ids: tuple[str, ...] = ()
    column_ids: tuple[str, ...] = ()
    groups: tuple[tuple[str, str], ...] = ()
    row_groups: tuple[str, ...] = ()
    profile: str = ""

    @property
    def column_totals(self) -> tuple[int, ...]:
        """For each competency, how many werkprocessen need it."""
        return tuple(sum(row[j] for row in self.cells) for j in range(len(self.columns)))

    @property
    def row_totals(self) -> tuple[int, ...]:
        """For each werkproces, how many competencies it needs."""
        return tuple(sum(row) for row in self.cells)

    @property
    def total(self) -> int:
        """The number of werkproces–competency links."""
        return sum(self.row_totals)


def _ordered(graph: Triples, nodes: set, lang: str) -> list[tuple[Any, str, str]]:
    found = [(node, _notation(graph, node), label(graph, node, lang)) for node in nodes]
    return sorted(found, key=lambda x: (notation_key(x[1]), x[2], str(x[0])))


def competency_matrix(graph: Graph | Store | None = None, *, lang: str = "nl", profile: str | None = None,
                      endpoint: str | None = None, timeout: float | None = None) -> Matrix:
    """The competentiematrix of the werkprocessen in ``graph`` (or of one ``profile`` IRI).

    ``graph`` is an rdflib Graph, a :class:`~bcpgraph.stores.Store` or None for the shipped data
    (or ``endpoint``, a SPARQL endpoint's URL). A matrix is per profile: a graph of several profiles
    needs ``profile`` (an :class:`~bcpgraph.errors.InputError` names them otherwise); see
    :func:`profiles`. Columns are every concept of the national competency scheme in national
    order (used or not), followed by any other competency a werkproces links to.

    >>> from bcpgraph.analysis import example_graph
    >>> m = competency_matrix(example_graph(), lang="en")
    >>> m.title, m.rows[0]
    ('Competency matrix – agent', ('1.1', 'Handles customer questions'))
    >>> m.cells[0]
    (False, True, True, False, False)
    >>> competency_matrix(Graph()).rows
    ()
    """
    text = _text(lang)
    store = store_for(graph, endpoint, timeout=timeout)
    if profile is not None:  # not every profile read to find one (0.3 s at 1,000 profiles)
        found = [URIRef(profile)]
    elif len(found := [URIRef(p) for p in profiles(store)]) > 1:
        raise InputError(f"the graph holds {len(found)} profiles ("
                         + ", ".join(compact(p) for p in found)
                         + "); a matrix is per profile: give parameter profile")
    if profile is not None:
        graph = ask_triples(store, "profile", "profile-werkprocessen", "profile-kerntaken", "profile-items",
                            "profile-details", "national-scheme", profile=URIRef(profile))
        core_tasks = set(graph.objects(URIRef(profile), BCP.coreTask))
        wps = {wp for ct in core_tasks for wp in graph.objects(ct, BCP.workProcess)}
    else:
        graph = ask_triples(store, "all-werkprocessen", "all-kerntaken", "national-scheme")
        if found:
            graph.extend(ask_rows(store, "profile", profile=found[0]))
            graph.extend(ask_rows(store, "profile-details", profile=found[0]))
        wps = set(graph.subjects(RDF.type, BCP.WorkProcess)) | set(graph.subjects(BCP.competency))
        core_tasks = set(graph.subjects(RDF.type, BCP.CoreTask)) | set(
            graph.subjects(BCP.workProcess))
    national = set(graph.subjects(SKOS.inScheme, COMPETENCY_SCHEME))
    linked = {c for wp in wps for c in graph.objects(wp, BCP.competency)}
    rows = _ordered(graph, wps, lang)
    columns = _ordered(graph, national, lang) + _ordered(graph, linked - national, lang)
    links = {(wp, c) for wp in wps for c in graph.objects(wp, BCP.competency)}
    cells = tuple(tuple((wp, c) in links for c, _, _ in columns) for wp, _, _ in rows)
    groups = _ordered(graph, core_tasks, lang)
    group_of = {wp: _notation(graph, ct) for ct, _, _ in groups
                for wp in graph.objects(ct, BCP.workProcess)}
    title = text["title"]
    if len(found) == 1:
        occupation = graph.value(found[0], BCP.occupation)
        name = label(graph, occupation if occupation is not None else found[0], lang)
        title = f"{title} – {name}"
    return Matrix(
        rows=tuple((n, lab) for _, n, lab in rows),
        columns=tuple((n, lab) for _, n, lab in columns),
        cells=cells, title=title, lang=lang,
        row_ids=tuple(str(wp) for wp, _, _ in rows),
        column_ids=tuple(str(c) for c, _, _ in columns),
        groups=tuple((n, lab) for _, n, lab in groups),
        row_groups=tuple(group_of.get(wp, "") for wp, _, _ in rows),
        profile=str(found[0]) if len(found) == 1 else "",
    )


def profiles(graph: Graph | Store | None = None, *, endpoint: str | None = None,
             timeout: float | None = None) -> list[str]:
    """The IRIs of the bcp:Profile resources in ``graph``, sorted: one matrix each.

    >>> from bcpgraph.analysis import example_graph
    >>> profiles(example_graph())
    ['https://w3id.org/bcpgraph/id/bcp/voorbeeld']
    """
    from .analysis.networks import profile_iris

    return profile_iris(store_for(graph, endpoint, timeout=timeout))


# ------------------------------------------------------------------ text renderers


def to_csv(m: Matrix) -> str:
    """One row per werkproces: notation, title, then 1/0 for each competency ("nr label").

    >>> from bcpgraph.analysis import example_graph
    >>> print(to_csv(competency_matrix(example_graph())).splitlines()[1])
    1.1,Handelt klantvragen af,0,1,1,0,0
    """
    text = _text(m.lang)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([text["notation"], text["werkproces"].lower(),
                     *(f"{n} {lab}".strip() for n, lab in m.columns)])
    for (notation, title), cells in zip(m.rows, m.cells, strict=True):
        writer.writerow([notation, title, *("1" if c else "0" for c in cells)])
    return out.getvalue()


def _md(text: str) -> str:
    return " ".join(str(text).split()).replace("\\", "\\\\").replace("|", "\\|")


def to_markdown(m: Matrix) -> str:
    """A Markdown table with ✓ marks and totals; columns by number, with a legend below.

    >>> from bcpgraph.analysis import example_graph
    >>> print(to_markdown(competency_matrix(example_graph())).splitlines()[4])
    | 1.1 Handelt klantvragen af |  | ✓ | ✓ |  |  | 2 |
    """
    text = _text(m.lang)
    out = [f"## {_md(m.title)}", ""]
    out.append("| " + " | ".join([text["werkproces"], *(_md(n) for n, _ in m.columns),
                                  text["total"]]) + " |")
    out.append("|" + "|".join([" --- ", *(" :-: " for _ in m.columns), " --: "]) + "|")
    for (notation, title), cells, total in zip(m.rows, m.cells, m.row_totals, strict=True):
        out.append("| " + " | ".join([_md(f"{notation} {title}".strip()),
                                      *("✓" if c else "" for c in cells), str(total)]) + " |")
    out.append("| " + " | ".join([f"**{text['total']}**", *(str(t) for t in m.column_totals),
                                  f"**{m.total}**"]) + " |")
    out += ["", f"{text['legend']}.", "", f"**{text['competencies']}:**", ""]
    for (notation, title), total in zip(m.columns, m.column_totals, strict=True):
        unused = f" ({text['unused']})" if total == 0 else ""
        out.append(f"- {_md(notation)} {_md(title)}{unused}")
    return "\n".join(out) + "\n"


_CSS = """
body { font-family: "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1f2933;
       margin: 2rem; }
h1 { font-size: 1.4rem; margin-bottom: .2rem; }
p.summary { color: #52606d; margin-top: 0; }
table { border-collapse: collapse; font-size: .85rem; }
th, td { border: 1px solid #d9dee3; padding: .25rem .4rem; }
thead th { background: #f5f7fa; vertical-align: bottom; }
thead th.competency { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap;
                      font-weight: normal; text-align: left; max-height: 22rem; }
thead th.competency b { font-weight: 600; }
th.werkproces { text-align: left; font-weight: normal; white-space: nowrap; }
th.werkproces b { display: inline-block; min-width: 2.2rem; }
tr.kerntaak th { background: #e9eef5; text-align: left; font-weight: 600; }
td.mark { text-align: center; width: 1.6rem; }
td.yes { background: #1b6ca8; color: #fff; font-weight: 700; }
.unused { color: #9aa5b1; }
td.unused, th.competency.unused { background: #fafbfc; }
td.total, th.total { text-align: right; font-weight: 600; background: #f5f7fa; }
tfoot th, tfoot td { background: #f5f7fa; font-weight: 600; text-align: center; }
tfoot th { text-align: left; }
p.legend { color: #52606d; font-size: .85rem; }
"""


def to_html(m: Matrix) -> str:
    """A standalone HTML page: the matrix as a table with ✓ marks, row and column totals.

    >>> from bcpgraph.analysis import example_graph
    >>> page = to_html(competency_matrix(example_graph()))
    >>> page.startswith("<!DOCTYPE html>"), "&quot;klant&quot;" in page, page.count("✓</td>")
    (True, True, 5)
    """
    text = _text(m.lang)

    def e(value: str, quote: bool = True) -> str:  # escaped, and no character XML forbids
        return html.escape(for_xml(str(value)), quote)

    totals = m.column_totals
    head = ['<th scope="col">' + e(text["werkproces"]) + "</th>"]
    for (notation, title), total in zip(m.columns, totals, strict=True):
        cls = "competency unused" if total == 0 else "competency"
        head.append(f'<th scope="col" class="{cls}" title="{e(title)}"><b>{e(notation)}</b> '
                    f"{e(title)}</th>")
    head.append(f'<th scope="col" class="total">{e(text["total"])}</th>')
    group_names = dict(m.groups)
    body: list[str] = []
    current = None
    for i, ((notation, title), cells) in enumerate(zip(m.rows, m.cells, strict=True)):
        group = m.row_groups[i] if i < len(m.row_groups) else ""
        if group and group != current:
            if current is not None:
                body.append("</tbody>")
            body.append("<tbody>")
            name = f"{text['kerntaak']} {group}" + (f": {group_names[group]}"
                                                    if group_names.get(group) else "")
            body.append(f'<tr class="kerntaak"><th scope="rowgroup" colspan="{len(m.columns) + 2}">'
                        f"{e(name)}</th></tr>")
            current = group
        elif current is None and i == 0:
            body.append("<tbody>")
            current = ""
        row = [f'<th scope="row" class="werkproces"><b>{e(notation)}</b> {e(title)}</th>']
        for (cnot, ctitle), cell, total in zip(m.columns, cells, totals, strict=True):
            tip = e(f"{notation} × {cnot} {ctitle}", quote=True)
            if cell:
                row.append(f'<td class="mark yes" title="{tip}">✓</td>')
            else:
                row.append(f'<td class="mark{" unused" if total == 0 else ""}"></td>')
        row.append(f'<td class="total">{sum(cells)}</td>')
        body.append("<tr>" + "".join(row) + "</tr>")
    if m.rows:
        body.append("</tbody>")
    foot = [f'<th scope="row">{e(text["total"])}</th>']
    foot += [f'<td class="unused">{t}</td>' if t == 0 else f"<td>{t}</td>" for t in totals]
    foot.append(f'<td class="total">{m.total}</td>')
    summary = text["summary"].format(rows=len(m.rows), cols=len(m.columns), links=m.total,
                                     used=sum(1 for t in totals if t))
    return "\n".join([
        "<!DOCTYPE html>",
        f'<html lang="{e(m.lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(m.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{e(m.title)}</h1>",
        f'<p class="summary">{e(summary)}</p>',
        "<table>",
        f"<caption hidden>{e(m.title)}</caption>",
        "<thead><tr>" + "".join(head) + "</tr></thead>",
        *body,
        "<tfoot><tr>" + "".join(foot) + "</tr></tfoot>",
        "</table>",
        f'<p class="legend">{e(text["legend"])}</p>',
        "</body>",
        "</html>",
    ]) + "\n"


# ------------------------------------------------------------------ text for pictures


def wrap(text: str, width: int, *, lines: int = 4) -> list[str]:
    """``text`` in lines of at most ``width`` characters where it can, breaking at spaces and,
    in a word too long for a line, after a "/" or a hyphen; at most ``lines`` lines (an ellipsis
    marks text left out).

    >>> wrap("Handelt schriftelijke/elektronische klantvragen en -verzoeken af", 17, lines=5)
    ['Handelt', 'schriftelijke/', 'elektronische', 'klantvragen en', '-verzoeken af']
    >>> wrap("Beantwoordt e-mails", 16)
    ['Beantwoordt', 'e-mails']
    >>> wrap("a b c d e f", 3, lines=2)
    ['a b', 'c d…']
    """
    pieces: list[tuple[str, str]] = []
    for word in text.split():
        parts = re.split(r"(?<=\w[/-])(?=\w)", word) if len(word) > width else [word]
        for k, part in enumerate(parts):
            pieces.append(("" if k else " ", part))
    out: list[str] = []
    current = ""
    for joiner, piece in pieces:
        candidate = current + joiner + piece if current else piece
        if current and len(candidate) > width:
            out.append(current)
            current = piece
        else:
            current = candidate
    if current:
        out.append(current)
    if len(out) > lines:
        out = out[:lines]
        out[-1] += "…"
    return out
