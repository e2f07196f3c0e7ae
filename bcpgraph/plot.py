"""All of bcpgraph's pictures, and the one way it turns a figure into bytes: the career graph
(:func:`plot_career`), the competentiematrix (:func:`matrix_svg`, :func:`matrix_png`) and the
similarity of profiles (:func:`similarity_heatmap`). matplotlib is imported here and nowhere else.

Figures are built on :class:`matplotlib.figure.Figure` (no pyplot, no global state) and written
with fixed metadata and a fixed SVG hash salt, so the same network always gives the same bytes.

>>> from bcpgraph.analysis import career_network, example_graph
>>> png = plot_career(career_network(example_graph()), format="png")
>>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
True
"""

from __future__ import annotations

import io
from typing import Any

import networkx as nx
from rdflib import URIRef

from .errors import InputError
from .labels import compact
from .matrix import Matrix, wrap
from .matrix import _text as matrix_words
from .safetext import for_matplotlib

__all__ = ["plot_career", "career_layers", "figure_bytes", "matrix_svg", "matrix_png", "similarity_heatmap",
           "PICTURE_FORMATS", "DIRECTION_STYLE"]

#: Formats :func:`figure_bytes` (and so every picture) can be written in.
PICTURE_FORMATS = ("svg", "png")

#: Colour and order of each career direction (edges and the legend).
DIRECTION_STYLE: dict[str, dict[str, Any]] = {
    "vertical": {"color": "#1b6ca8", "rank": 0},
    "horizontal": {"color": "#2f8f5b", "rank": 1},
    "outside": {"color": "#c8702a", "rank": 2},
}
_OTHER = {"color": "#6b7785", "rank": 3}
_INK, _MUTED = "#1f2933", "#6b7785"

_TEXT = {
    "nl": {"title": "Loopbaanperspectief", "interpretation": "interpretatie (niet letterlijk in de "
           "brontekst)", "empty": "Geen loopbaanstappen met een functie", "step": "stap {n}",
           "start": "beroep", "begin": "vertrek", "unnamed": "Ook genoemd, zonder functie"},
    "en": {"title": "Career perspective", "interpretation": "interpretation (not stated literally "
           "in the source)", "empty": "No career transitions to a named role", "step": "step {n}",
           "start": "occupation", "begin": "start", "unnamed": "Also named, without a role"},
}


def figure_bytes(fig: Any, format: str) -> bytes:
    """A matplotlib figure as ``svg`` or ``png`` bytes, the same bytes every time.

    SVG keeps text as text (searchable); its date is left out and its ids come from a fixed
    hash salt. PNG carries no software version.
    """
    import matplotlib

    if format not in PICTURE_FORMATS:
        raise InputError(f"unknown picture format {format!r}; "
                         f"use one of {', '.join(PICTURE_FORMATS)}")
    metadata = {"Date": None, "Creator": "bcpgraph"} if format == "svg" else {"Software": None}
    out = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "bcpgraph", "svg.fonttype": "none",
                                "svg.id": None}):
        fig.savefig(out, format=format, metadata=metadata, facecolor="white")
    return out.getvalue()


def _style(direction: str) -> dict[str, Any]:
    return DIRECTION_STYLE.get(direction, _OTHER)


def career_layers(network: nx.DiGraph) -> dict[str, int]:
    """The column of each role: its number of steps from the occupation (or from a role nobody
    moves to, where the network has no occupation), counting stated steps; interpretations
    count only for roles that stated steps do not reach. Roles out of reach go in a last column.

    >>> from bcpgraph.analysis import career_network, example_graph
    >>> layers = career_layers(career_network(example_graph()))
    >>> sorted((layer, iri.rsplit("/", 1)[1]) for iri, layer in layers.items())
    [(0, 'agent'), (1, 'teamleider'), (2, 'manager')]
    """
    roots = [n for n, kind in network.nodes(data="kind") if kind == "occupation"]
    if not roots:
        roots = [n for n in network if network.in_degree(n) == 0 and network.out_degree(n)]
    stated = network.edge_subgraph(
        (a, b) for a, b, i in network.edges(data="interpretation") if not i).copy()
    stated.add_nodes_from(network)
    layers: dict[str, int] = {}
    # Stated steps decide the columns; interpretations only place what stated steps cannot reach.
    for edges in (stated, network):
        for root in sorted(roots):
            for node, distance in nx.single_source_shortest_path_length(edges, root).items():
                if node not in layers or edges is stated:
                    layers[node] = min(distance, layers.get(node, distance))
    last = max(layers.values(), default=-1) + 1
    for node in network:
        layers.setdefault(node, last)
    return layers


def _positions(network: nx.DiGraph, layers: dict[str, int]) -> dict[str, tuple[float, float]]:
    """Left to right by layer; within a layer by direction, then near the roles one comes from."""
    def incoming(node: str) -> tuple[int, int]:
        edges = [d for _, _, d in network.in_edges(node, data=True) if not d.get("interpretation")]
        edges = edges or [d for _, _, d in network.in_edges(node, data=True)]
        if not edges:
            return (_OTHER["rank"] + 1, 0)
        return min((_style(d.get("direction", ""))["rank"], d.get("position") or 0) for d in edges)

    pos: dict[str, tuple[float, float]] = {}
    for layer in sorted(set(layers.values())):
        nodes = [n for n in network if layers[n] == layer]
        wanted = {}  # the mean height of the roles in earlier columns that lead here
        for node in nodes:
            parents = [pos[p][1] for p in network.predecessors(node) if p in pos]
            wanted[node] = sum(parents) / len(parents) if parents else 0.0
        nodes.sort(key=lambda n: (-round(wanted[n], 6), *incoming(n),
                                  network.nodes[n].get("label", ""), n))
        # Stack them one unit apart, top to bottom, centred on where their parents are.
        centre = sum(wanted.values()) / len(nodes)
        shift = centre + (len(nodes) - 1) / 2
        for i, node in enumerate(nodes):
            pos[node] = (float(layer), shift - i)
    return pos


def _bracket(start: tuple[float, float], end: tuple[float, float], patchA: Any = None,
             patchB: Any = None, shrinkA: float = 0.0, shrinkB: float = 0.0) -> Any:
    """A connection style: out of the right side of box A, down (or up), into the right side of
    box B, with rounded corners; for steps between two roles in the same column.

    Works in display units from the boxes' own extents, so PNG and SVG look alike.
    """
    from matplotlib.path import Path

    if patchA is None or patchB is None:
        return Path([start, end])
    a, b = patchA.get_window_extent(), patchB.get_window_extent()
    ya, yb = (a.y0 + a.y1) / 2, (b.y0 + b.y1) / 2
    xa, xb = a.x1 + shrinkA, b.x1 + shrinkB
    right = max(a.x1, b.x1) + 0.9 * max(a.height, b.height)
    r = min(0.35 * abs(ya - yb), 0.5 * (right - max(xa, xb)), 0.5 * a.height) or 0.0
    down = -1.0 if yb < ya else 1.0
    vertices = [(xa, ya), (right - r, ya), (right, ya), (right, ya + down * r),
                (right, yb - down * r), (right, yb), (right - r, yb), (xb, yb)]
    codes = [Path.MOVETO, Path.LINETO, Path.CURVE3, Path.CURVE3, Path.LINETO, Path.CURVE3,
             Path.CURVE3, Path.LINETO]
    return Path(vertices, codes)


def _wrap(text: str, width: int = 24) -> str:
    """Data text made safe for matplotlib, then wrapped (so the line breaks stay)."""
    return "\n".join(wrap(for_matplotlib(text), width, lines=3))


def plot_career(network: nx.DiGraph, *, format: str = "svg", title: str | None = None) -> bytes:
    """The career network as a picture (``svg`` or ``png`` bytes), drawn left to right.

    The occupation stands on the left; each column holds the roles one more step away.
    Edge colours follow :data:`DIRECTION_STYLE`; interpretation edges are dashed. ``title``
    defaults to "Loopbaanperspectief – <occupation>" (in the network's language). Every text
    from the data is drawn as written (see :func:`bcpgraph.safetext.for_matplotlib`).

    >>> from bcpgraph.analysis import career_network, example_graph
    >>> svg = plot_career(career_network(example_graph(), interpretations=True))
    >>> b"teamleider" in svg and b"stroke-dasharray" in svg
    True
    """
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    if format not in PICTURE_FORMATS:
        raise InputError(f"unknown picture format {format!r}; "
                         f"use one of {', '.join(PICTURE_FORMATS)}")
    text = _TEXT.get(network.graph.get("lang", "nl"), _TEXT["en"])
    occupations = sorted(d.get("label") or compact(URIRef(n)) for n, d in network.nodes(data=True)
                         if d.get("kind") == "occupation")
    if title is None:
        title = text["title"] + (f" – {', '.join(occupations)}" if occupations else "")
    title = for_matplotlib(title)
    drawn = [n for n in network
             if network.degree(n) or network.nodes[n].get("kind") == "occupation"]
    shown = network.subgraph(drawn)
    layers = career_layers(shown)
    pos = _positions(shown, layers)

    n_layers = max(layers.values(), default=0) + 1
    tallest = max((sum(1 for v in layers.values() if v == k) for k in range(n_layers)), default=1)
    ys = [y for _, y in pos.values()] or [0.0]
    fig = Figure(figsize=(2.2 + 3.0 * n_layers, 1.9 + 0.62 * max(tallest, 2)), dpi=150,
                 layout="constrained")
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_xlim(-0.55, n_layers - 0.45)
    ax.set_ylim(min(ys) - 0.7, max(ys) + 0.9)
    fig.suptitle(title, x=0.006, ha="left", fontsize=13, fontweight="bold", color=_INK)

    if not drawn:
        ax.text(0, 0, text["empty"], ha="center", va="center", fontsize=10, color=_MUTED)
        ax.set_xlim(-1, 1)
        ax.set_ylim(-1, 1)
        return figure_bytes(fig, format)

    for layer in range(n_layers):
        if layer == 0:
            heading = text["start"] if occupations else text["begin"]
        else:
            heading = text["step"].format(n=layer)
        ax.text(layer, max(ys) + 0.75, heading.upper(), ha="center", va="center", fontsize=7,
                color=_MUTED, fontweight="bold")

    boxes = {}
    for node in sorted(shown):
        data = shown.nodes[node]
        x, y = pos[node]
        start = data.get("kind") == "occupation"
        into = [d for _, _, d in shown.in_edges(node, data=True)]
        stated = [d for d in into if not d.get("interpretation")] or into
        accent = _style(stated[0].get("direction", ""))["color"] if stated else _MUTED
        wrapped = _wrap(data.get("label") or compact(URIRef(node)))
        size = 9.5 if start else 8.5
        boxes[node] = ax.text(
            x, y, wrapped, ha="center", va="center", zorder=3,
            fontsize=size, fontweight="bold" if start else "normal",
            color="white" if start else _INK, linespacing=1.2,
            bbox={"boxstyle": "round,pad=0.5,rounding_size=0.6",
                  "facecolor": "#1f4e79" if start else "white",
                  "edgecolor": "#1f4e79" if start else accent, "linewidth": 1.4})

    used: dict[str, str] = {}
    dashed = False
    ordered = sorted(shown.edges(data=True),
                     key=lambda e: (bool(e[2].get("interpretation")), e[0], e[1]))
    for a, b, data in ordered:
        style = _style(data.get("direction", ""))
        interpretation = bool(data.get("interpretation"))
        dashed |= interpretation
        used.setdefault(data.get("direction", ""),
                        data.get("direction_label") or data.get("direction", ""))
        if layers[a] == layers[b]:  # a bracket round the right-hand side of the column
            connection = _bracket
        else:
            connection = f"arc3,rad={0.06 if interpretation else 0.0}"
        ax.annotate(
            "", xy=pos[b], xytext=pos[a], zorder=4,
            arrowprops={"arrowstyle": "-|>,head_length=0.55,head_width=0.3",
                        "color": style["color"], "lw": 1.5,
                        "linestyle": (0, (4, 3)) if interpretation else "solid",
                        "alpha": 0.75 if interpretation else 1.0,
                        "shrinkA": 3, "shrinkB": 3,
                        "patchA": boxes[a].get_bbox_patch(), "patchB": boxes[b].get_bbox_patch(),
                        "connectionstyle": connection})

    handles = [Line2D([], [], color=_style(d)["color"], lw=2, label=for_matplotlib(used[d]))
               for d in sorted(used, key=lambda d: (_style(d)["rank"], d)) if used[d]]
    if dashed:
        handles.append(Line2D([], [], color=_MUTED, lw=1.6, linestyle=(0, (4, 3)),
                              label=text["interpretation"]))
    unnamed = network.graph.get("without_role") or ()
    if isinstance(unnamed, str):  # as read back from GraphML/GEXF
        unnamed = tuple(u for u in unnamed.split("; ") if u)
    if unnamed:
        ax.set_title(for_matplotlib(f"{text['unnamed']}: " + "; ".join(unnamed)), loc="left", fontsize=8,
                     color=_MUTED, style="italic", pad=2)
    if handles:
        fig.legend(handles=handles, loc="outside lower left", frameon=False, fontsize=8,
                   ncols=min(len(handles), 2), handlelength=2.6)
    return figure_bytes(fig, format)


# ------------------------------------------------------------------ the competentiematrix


_FAINT = "#97a1ac"
_YES, _EMPTY, _EMPTY_UNUSED = "#1b6ca8", "#e6ebf0", "#f5f6f8"
_ROW = 21.6  # points per row of the heatmap (0.3 inch)


def _matrix_figure(m: Matrix) -> Any:
    """The heatmap as a matplotlib Figure: competencies down, werkprocessen across."""
    from matplotlib.collections import PatchCollection
    from matplotlib.colors import LinearSegmentedColormap
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch, Rectangle
    from matplotlib.transforms import offset_copy

    text = matrix_words(m.lang)
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



def matrix_svg(m: Matrix) -> bytes:
    """The matrix as an SVG heatmap (text kept as text, so it can be searched and selected).

    >>> from bcpgraph.analysis import example_graph
    >>> from bcpgraph.matrix import competency_matrix
    >>> svg = matrix_svg(competency_matrix(example_graph()))
    >>> svg.startswith(b"<?xml"), b"Kwaliteit leveren" in svg
    (True, True)
    """
    return figure_bytes(_matrix_figure(m), "svg")


def matrix_png(m: Matrix) -> bytes:
    """The matrix as a PNG heatmap (150 dpi).

    >>> from bcpgraph.analysis import example_graph
    >>> from bcpgraph.matrix import competency_matrix
    >>> matrix_png(competency_matrix(example_graph()))[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    return figure_bytes(_matrix_figure(m), "png")


# ------------------------------------------------------------------ similarity of profiles


def similarity_heatmap(answer: dict, *, format: str = "png", lang: str = "nl") -> bytes:
    """A heatmap per dimension of :func:`bcpgraph.compare.profile_similarity`'s answer (PNG or
    SVG bytes, the same every time) in the clustered order."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .compare import WORDS

    names = [for_matplotlib(p["label"]) for p in answer["profiles"]]
    n = len(names)
    dims = list(answer["dimensions"])
    size = 1.2 + 0.5 * n
    width = 0.06 * max((len(name) for name in names), default=0)
    fig, axes = plt.subplots(1, len(dims), figsize=(len(dims) * size + width + 1, size + 1), squeeze=False)
    try:
        for ax, dim in zip(axes[0], dims, strict=True):
            m = answer["dimensions"][dim]
            ax.imshow(m if n else [[0.0]], vmin=0.0, vmax=1.0, cmap="Blues")
            ax.set_title(for_matplotlib(WORDS[lang][dim]))
            ax.set_xticks(range(n), [str(i + 1) for i in range(n)], fontsize=7)
            ax.set_yticks(range(n), [f"{name}  {i + 1}" for i, name in enumerate(names)] if ax is axes[0][0]
                          else [str(i + 1) for i in range(n)], fontsize=7)
            for i in range(n):
                for j in range(n):
                    ax.text(j, i, f"{m[i][j]:.2f}", ha="center", va="center", fontsize=7,
                            color="white" if m[i][j] > 0.6 else "black")
        fig.tight_layout()
        return figure_bytes(fig, format)
    finally:
        plt.close(fig)
