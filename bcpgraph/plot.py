"""Pictures of networks: the career graph, and the one way bcpgraph turns a figure into bytes.

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
from .safetext import for_matplotlib

__all__ = ["plot_career", "career_layers", "figure_bytes", "PICTURE_FORMATS", "DIRECTION_STYLE"]

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
    from .matrix import wrap

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
