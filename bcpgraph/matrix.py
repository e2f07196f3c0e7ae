"""The competentiematrix: which werkproces needs which of the 25 national competencies.

:func:`competency_matrix` reads the graph into a :class:`Matrix` (plain tuples, no RDF); the
renderers turn a matrix into text or a picture and do no I/O:

- :func:`to_csv`, :func:`to_markdown`, :func:`to_html` return ``str``;
- :func:`to_svg`, :func:`to_png` return ``bytes`` (a matplotlib heatmap, byte-for-byte stable).

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

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from .analysis import notation_key
from .errors import InputError
from .labels import compact, label
from .namespaces import BCP, COMPETENCY_SCHEME
from .plot import figure_bytes
from .safetext import for_matplotlib, for_xml

__all__ = ["Matrix", "competency_matrix", "profiles", "to_csv", "to_markdown", "to_html", "to_svg", "to_png",
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


def _notation(graph: Graph, node: Any) -> str:
    values = sorted(str(v) for v in graph.objects(node, SKOS.notation) if isinstance(v, Literal))
    return values[0] if values else ""


def _ordered(graph: Graph, nodes: set, lang: str) -> list[tuple[Any, str, str]]:
    found = [(node, _notation(graph, node), label(graph, node, lang)) for node in nodes]
    return sorted(found, key=lambda x: (notation_key(x[1]), x[2], str(x[0])))


def competency_matrix(graph: Graph, *, lang: str = "nl", profile: str | None = None) -> Matrix:
    """The competentiematrix of the werkprocessen in ``graph`` (or of one ``profile`` IRI).

    A matrix is per profile: a graph of several profiles needs ``profile`` (an
    :class:`~bcpgraph.errors.InputError` names them otherwise); see :func:`profiles`.
    Columns are every concept of the national competency scheme in national order (used or
    not), followed by any other competency a werkproces links to.

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
    profiles = sorted(graph.subjects(RDF.type, BCP.Profile))
    if profile is not None:
        profiles = [URIRef(profile)]
    elif len(profiles) > 1:
        raise InputError(f"the graph holds {len(profiles)} profiles ("
                         + ", ".join(compact(p) for p in profiles)
                         + "); a matrix is per profile: give parameter profile")
    wps: set = set()
    core_tasks: set = set()
    if profile is not None:
        for ct in graph.objects(URIRef(profile), BCP.coreTask):
            core_tasks.add(ct)
            wps.update(graph.objects(ct, BCP.workProcess))
    else:
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
    if len(profiles) == 1:
        occupation = graph.value(profiles[0], BCP.occupation)
        name = label(graph, occupation if occupation is not None else profiles[0], lang)
        title = f"{title} – {name}"
    return Matrix(
        rows=tuple((n, lab) for _, n, lab in rows),
        columns=tuple((n, lab) for _, n, lab in columns),
        cells=cells, title=title, lang=lang,
        row_ids=tuple(str(wp) for wp, _, _ in rows),
        column_ids=tuple(str(c) for c, _, _ in columns),
        groups=tuple((n, lab) for _, n, lab in groups),
        row_groups=tuple(group_of.get(wp, "") for wp, _, _ in rows),
        profile=str(profiles[0]) if len(profiles) == 1 else "",
    )


def profiles(graph: Graph) -> list[str]:
    """The IRIs of the bcp:Profile resources in ``graph``, sorted: one matrix each.

    >>> from bcpgraph.analysis import example_graph
    >>> profiles(example_graph())
    ['https://w3id.org/bcpgraph/id/bcp/voorbeeld']
    """
    return sorted(str(p) for p in graph.subjects(RDF.type, BCP.Profile) if isinstance(p, URIRef))


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


# ------------------------------------------------------------------ pictures

_INK, _MUTED, _FAINT = "#1f2933", "#6b7785", "#97a1ac"
_YES, _EMPTY, _EMPTY_UNUSED = "#1b6ca8", "#e6ebf0", "#f5f6f8"
_ROW = 21.6  # points per row of the heatmap (0.3 inch)


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


def _figure(m: Matrix):
    """The heatmap as a matplotlib Figure: competencies down, werkprocessen across."""
    from matplotlib.collections import PatchCollection
    from matplotlib.colors import LinearSegmentedColormap
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch, Rectangle
    from matplotlib.transforms import offset_copy

    text = _text(m.lang)
    n_wp, n_comp = len(m.rows), len(m.columns)
    totals, row_totals = m.column_totals, m.row_totals
    most = max(totals, default=0) or 1
    shade = LinearSegmentedColormap.from_list("bcp", ["#d6e6f4", _YES])

    # x position of each werkproces column: a little extra room between kerntaken.
    groups = list(m.row_groups) + [""] * (n_wp - len(m.row_groups))
    xs: list[float] = []
    for j in range(n_wp):
        gap = 0.3 if j and groups[j] != groups[j - 1] else 0.0
        xs.append((xs[-1] + 1 + gap) if xs else 0.0)
    right = (xs[-1] if xs else -0.5)
    total_x = right + 1.3

    # Heights above the grid, in rows: werkproces titles, numbers, kerntaken.
    line = 6.8 * 1.2 / _ROW
    titles = [wrap(for_matplotlib(t), 16, lines=5) for _, t in m.rows]
    title_lines = max((len(t) for t in titles), default=1)
    number_y = -0.7 - title_lines * line - 0.15
    bar_y = number_y - 0.75
    group_names = dict(m.groups)
    spans: list[tuple[str, int, int]] = []
    for j, group in enumerate(groups):
        if spans and spans[-1][0] == group:
            spans[-1] = (group, spans[-1][1], j)
        else:
            spans.append((group, j, j))
    group_text = {}
    for group, first, last in spans:
        if group:
            name = for_matplotlib(group_names.get(group, ""))
            group_text[group] = [for_matplotlib(f"{text['kerntaak']} {group}"),
                                 *wrap(name, 17 * (last - first + 1), lines=4)]
    group_lines = max((len(v) for v in group_text.values()), default=0)
    top = (bar_y - 0.15 - group_lines * 7.2 * 1.2 / _ROW - 0.2) if group_lines else number_y - 0.6

    height_rows = n_comp + 1.6 - top
    width = 4.3 + 0.92 * (total_x + 1.2)
    height = 1.0 + 0.3 * height_rows
    fig = Figure(figsize=(width, height), dpi=150, layout="constrained")
    ax = fig.add_subplot()
    total_y = n_comp + 0.35
    columns = list(zip(*m.cells, strict=True)) if m.rows else [()] * n_comp

    patches = []
    for i, (needed, count) in enumerate(zip(columns, totals, strict=True)):
        for x, cell in zip(xs, needed, strict=True):
            colour = _YES if cell else (_EMPTY if count else _EMPTY_UNUSED)
            patches.append(FancyBboxPatch((x - 0.44, i - 0.39), 0.88, 0.78, facecolor=colour,
                                        edgecolor="none", mutation_aspect=0.35,
                                        boxstyle="round,pad=0,rounding_size=0.1"))
            if cell:
                ax.text(x, i + 0.02, "✓", ha="center", va="center", color="white", fontsize=9,
                        fontweight="bold")
        colour = shade(count / most) if count else _EMPTY_UNUSED
        patches.append(Rectangle((total_x - 0.4, i - 0.42), 0.8, 0.84, facecolor=colour,
                               edgecolor="none"))
        ax.text(total_x, i, str(count) if count else "–", ha="center", va="center",
                fontsize=8.5, fontweight="bold",
                color=(("white" if count / most > 0.5 else _INK) if count else _FAINT))
    for x, count in zip(xs, row_totals, strict=True):
        patches.append(Rectangle((x - 0.44, total_y - 0.42), 0.88, 0.84, facecolor="#eef2f6",
                               edgecolor="none"))
        ax.text(x, total_y, str(count), ha="center", va="center", fontsize=8.5,
                fontweight="bold", color=_INK)
    ax.add_collection(PatchCollection(patches, match_original=True, zorder=1))
    ax.text(total_x, total_y, str(m.total), ha="center", va="center", fontsize=9.5,
            fontweight="bold", color=_INK)
    ax.text(total_x, -0.7, text["total"], ha="center", va="bottom", fontsize=7.5,
            fontweight="bold", color=_INK)

    for x, (notation, _), lines in zip(xs, m.rows, titles, strict=True):
        ax.text(x, -0.7, "\n".join(lines), ha="center", va="bottom", fontsize=6.8, color=_INK,
                linespacing=1.2)
        ax.text(x, number_y, for_matplotlib(notation), ha="center", va="bottom", fontsize=10,
                fontweight="bold", color=_YES)
    for group, first, last in spans:
        if not group:
            continue
        ax.plot([xs[first] - 0.44, xs[last] + 0.44], [bar_y, bar_y], color=_MUTED, lw=1.1,
                solid_capstyle="butt")
        ax.text((xs[first] + xs[last]) / 2, bar_y - 0.15, "\n".join(group_text[group]),
                ha="center", va="bottom", fontsize=7.2, color=_MUTED, linespacing=1.2)

    # Competencies down the left: the label as tick label, the national number next to the grid.
    ax.set_yticks([*range(n_comp), total_y], [for_matplotlib(lab) for _, lab in m.columns] + [text["total"]],
                  fontsize=8.3)
    ticks = ax.get_yticklabels()
    for tick, count in zip(ticks, [*totals, 1], strict=True):
        tick.set_color(_INK if count else _FAINT)
    ticks[-1].set_fontweight("bold")
    numbers = offset_copy(ax.get_yaxis_transform(), fig=fig, x=-3, units="points")
    for i, ((notation, _), count) in enumerate(zip(m.columns, totals, strict=True)):
        ax.text(0, i, for_matplotlib(notation), transform=numbers, ha="right", va="center", fontsize=7.5,
                color=_MUTED if count else _FAINT)
    ax.tick_params(axis="y", length=0, pad=20)
    ax.set_xticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlim(-0.5, total_x + 0.45)
    ax.set_ylim(total_y + 0.55, top)
    fig.suptitle(for_matplotlib(m.title or text["title"]), x=0.015, ha="left", fontsize=14, fontweight="bold",
                 color=_INK)
    summary = text["summary"].format(rows=n_wp, cols=n_comp, links=m.total,
                                     used=sum(1 for t in totals if t))
    fig.supxlabel(f"{summary}\n{text['legend']}", x=0.015, ha="left", fontsize=8,
                  color=_MUTED, linespacing=1.4)
    if not m.rows:
        ax.text(total_x / 2, n_comp / 2, text["empty"], ha="center", va="center", fontsize=10,
                color=_MUTED)
    return fig


def to_svg(m: Matrix) -> bytes:
    """The matrix as an SVG heatmap (text kept as text, so it can be searched and selected).

    >>> from bcpgraph.analysis import example_graph
    >>> svg = to_svg(competency_matrix(example_graph()))
    >>> svg.startswith(b"<?xml"), b"Kwaliteit leveren" in svg
    (True, True)
    """
    return figure_bytes(_figure(m), "svg")


def to_png(m: Matrix) -> bytes:
    """The matrix as a PNG heatmap (150 dpi).

    >>> from bcpgraph.analysis import example_graph
    >>> to_png(competency_matrix(example_graph()))[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    return figure_bytes(_figure(m), "png")
