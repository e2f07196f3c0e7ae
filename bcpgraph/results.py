r"""Query answers as rows, written in the W3C SPARQL 1.1 results formats (JSON, CSV, TSV, XML).

The same code writes answers from rdflib and from a remote endpoint, so both look alike.

>>> from rdflib import Literal, URIRef
>>> rows = Rows(("x", "n"), [{"x": URIRef("http://e/a"), "n": Literal(2)}])
>>> rows.serialize("csv").splitlines()
['x,n', 'http://e/a,2']
>>> rows.serialize("tsv").splitlines()
['?x\t?n', '<http://e/a>\t2']
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, overload
from xml.sax.saxutils import escape

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from .errors import InputError
from .labels import compact
from .safetext import REPLACEMENT, for_terminal, for_xml

__all__ = ["Rows", "LazyBindings", "RESULT_FORMATS", "term_from_json"]

RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml")
_SHORT_NUMBERS = {XSD.integer, XSD.decimal, XSD.double, XSD.boolean}
# A lone surrogate (rdflib reads "\\uD800" in Turtle as one) cannot be written as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")
#: A string as JSON text, as ``json.dumps(text, ensure_ascii=False)`` writes it.
_json_string = json.encoder.encode_basestring


def _without_surrogates(text: str, replace: Callable[[re.Match], str]) -> str:
    r"""``text`` with each lone surrogate replaced (found by the UTF-8 encoder first: a scan of
    the whole answer by the regular expression costs more than the encoder).

    >>> _without_surrogates("a\ud800b", lambda m: "?")
    'a?b'
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub(replace, text)
    return text


def _x(text: object) -> str:
    """Text for XML content and attributes: forbidden characters replaced, ``<&"`` escaped."""
    return escape(for_xml(str(text)), {'"': "&quot;", "\r": "&#13;"})


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def _memo(render: Callable[[Node], str]) -> Callable[[Node], str]:
    """``render`` remembered by the identity of the term, for one writing: the rows of an
    Oxigraph answer share one object per distinct term, so each is rendered once."""
    seen: dict[int, tuple[Node, str]] = {}
    get = seen.get

    def cached(term: Node) -> str:
        entry = get(id(term))
        if entry is not None and entry[0] is term:
            return entry[1]
        text = render(term)
        seen[id(term)] = (term, text)  # the term is held: its id is not reused meanwhile
        return text
    return cached


class _JsonLayout:
    r"""Where ``json.dumps(..., ensure_ascii=False)`` puts its spaces: ``indent=2``, or none
    (``separators=(",", ":")``). Strings go through the encoder json.dumps itself uses for one (a
    tenth of the cost of calling json.dumps for each).

    >>> pretty, compact = _JsonLayout(indent=True), _JsonLayout(indent=False)
    >>> text = pretty.object([('"a"', pretty.array(["1", '"é"'], 1)), ('"b"', pretty.array([], 1))], 0)
    >>> text == json.dumps({"a": [1, "é"], "b": []}, indent=2, ensure_ascii=False)
    True
    >>> compact.object([('"a"', compact.array(["1"], 1)), ('"c"', compact.object([], 1))], 0)
    '{"a":[1],"c":{}}'
    """

    def __init__(self, *, indent: bool):
        self.colon = ": " if indent else ":"
        self._breaks = ["\n" + "  " * depth if indent else "" for depth in range(8)]

    def array(self, items: Sequence[str], depth: int) -> str:
        """A list of written values, at ``depth`` (json.dumps writes an empty one as ``[]``)."""
        if not items:
            return "[]"
        inner = self._breaks[depth + 1]
        # one join: an answer's rows are written into the text once, not copied at each "+"
        return "".join(("[", inner, ("," + inner).join(items), self._breaks[depth], "]"))

    def object(self, members: Sequence[tuple[str, str]], depth: int) -> str:
        """An object of written keys and values, at ``depth`` (an empty one is ``{}``)."""
        if not members:
            return "{}"
        pieces = ["{"]
        for key, value in members:
            pieces += (self.prefix(key, depth), value, ",")
        pieces[-1] = self._breaks[depth] + "}"
        return "".join(pieces)

    def prefix(self, key: str, depth: int) -> str:
        """What comes before the value of member ``key`` (written) of an object at ``depth``."""
        return self._breaks[depth + 1] + key + self.colon

    def close(self, depth: int) -> str:
        """What ends a non-empty object or list at ``depth``."""
        return self._breaks[depth]

    def term(self, term: Node) -> str:
        """A bound value as written inside a binding (depth 4)."""
        return "{" + ",".join(self.prefix(_json_string(k), 4) + _json_string(v)
                              for k, v in _json_term(term).items()) + self._breaks[4] + "}"


def term_from_json(value: dict[str, str]) -> Node:
    """The rdflib term for one binding of the SPARQL JSON results format."""
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    return Literal(value["value"], lang=value.get("xml:lang"), datatype=value.get("datatype"))


def _xml_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{_x(term)}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{_x(term)}</bnode>"
    attrs = ""
    if term.language:
        attrs = f' xml:lang="{_x(term.language)}"'
    elif term.datatype:
        attrs = f' datatype="{_x(term.datatype)}"'
    return f"<literal{attrs}>{_x(term)}</literal>"


def _tsv_term(term: Node) -> str:
    if isinstance(term, Literal) and term.datatype in _SHORT_NUMBERS and not term.language:
        if term.datatype != XSD.boolean or str(term) in ("true", "false"):
            return str(term)
    text = term.n3()
    return text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class LazyBindings(Sequence):
    """The rows of an answer as a store gave them (``raw``), each turned into a dict of rdflib
    terms by ``convert`` when it is first read, then kept: an answer of many rows costs little
    until it is read, and a row read twice is converted once.

    >>> rows = LazyBindings([1, 2, 3], lambda n: {"n": Literal(n)})
    >>> len(rows), rows[-1]["n"].toPython(), [r["n"].toPython() for r in rows[1:]]
    (3, 3, [2, 3])
    >>> rows == [{"n": Literal(1)}, {"n": Literal(2)}, {"n": Literal(3)}]
    True
    """

    __slots__ = ("_raw", "_convert", "_rows")

    def __init__(self, raw: Sequence[Any], convert: Callable[[Any], dict[str, Node]]):
        self._raw = raw
        self._convert = convert
        self._rows: list[dict[str, Node] | None] = [None] * len(raw)

    def __len__(self) -> int:
        return len(self._raw)

    @overload
    def __getitem__(self, index: int) -> dict[str, Node]: ...

    @overload
    def __getitem__(self, index: slice) -> LazyBindings: ...

    def __getitem__(self, index: int | slice) -> dict[str, Node] | LazyBindings:
        if isinstance(index, slice):
            part = LazyBindings(self._raw[index], self._convert)
            part._rows = self._rows[index]
            return part
        row = self._rows[index]
        if row is None:
            row = self._rows[index] = self._convert(self._raw[index])
        return row

    def __iter__(self) -> Iterator[dict[str, Node]]:
        rows, raw, convert = self._rows, self._raw, self._convert
        for index, row in enumerate(rows):
            if row is None:
                row = rows[index] = convert(raw[index])
            yield row

    def map(self, change: Callable[[dict[str, Node]], dict[str, Node]]) -> LazyBindings:
        """These rows, each passed through ``change`` when it is read."""
        convert = self._convert
        return LazyBindings(self._raw, lambda raw: change(convert(raw)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, (str, bytes)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # rows change as they are read: a list's manners

    def __repr__(self) -> str:
        return f"<{len(self)} rows>"


@dataclass(frozen=True)
class Rows:
    """A SELECT answer (``vars`` and one dict per row) or, for ASK, ``boolean``."""

    vars: tuple[str, ...]
    bindings: Sequence[dict[str, Node]]
    boolean: bool | None = None

    def __iter__(self) -> Iterator[dict[str, Node]]:
        return iter(self.bindings)

    def __len__(self) -> int:
        return len(self.bindings)

    @overload
    def __getitem__(self, index: int) -> dict[str, Node]: ...

    @overload
    def __getitem__(self, index: slice) -> Rows: ...

    def __getitem__(self, index: int | slice) -> dict[str, Node] | Rows:
        """One row (``rows[0]``, ``rows[-1]``) or, for a slice, the rows as :class:`Rows`.

        >>> rows = Rows(("n",), [{"n": Literal(i)} for i in range(3)])
        >>> rows[-1]["n"].toPython(), len(rows[1:]), rows[:1].vars
        (2, 2, ('n',))
        """
        if isinstance(index, slice):
            part = self.bindings[index] if isinstance(self.bindings, LazyBindings) else list(self.bindings)[index]
            return Rows(self.vars, part, self.boolean)
        return self.bindings[index]

    def map(self, change: Callable[[dict[str, Node]], dict[str, Node]]) -> Rows:
        """These rows with each row passed through ``change`` (a new dict; the row given must
        not be changed), when it is read.

        >>> rows = Rows(("n",), [{"n": Literal(1)}]).map(lambda row: {"n": Literal(row["n"].toPython() + 1)})
        >>> rows[0]["n"].toPython()
        2
        """
        bindings = self.bindings if isinstance(self.bindings, LazyBindings) else LazyBindings(self.bindings, dict)
        return Rows(self.vars, bindings.map(change), self.boolean)

    def column(self, var: str) -> list[Node | None]:
        """The values of one variable, in row order."""
        return [row.get(var) for row in self.bindings]

    def serialize(self, format: str = "json", *, compact: bool = False) -> str:
        """The answer as text: ``json``, ``csv``, ``tsv``, ``xml`` (W3C formats) or ``table``.
        JSON is indented for people; ``compact`` writes it without spaces, for programs (what
        ``bcpgraph serve`` sends: about two thirds of the bytes, written in half the time).

        >>> rows = Rows(("x",), [{"x": URIRef("http://e/a")}])
        >>> rows.serialize("json", compact=True)
        '{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"uri","value":"http://e/a"}}]}}\\n'
        """
        writer = {
            "json": partial(self._json, indent=not compact), "csv": self._csv, "tsv": self._tsv,
            "xml": self._xml, "table": self._table,
        }.get(format)
        if writer is None:
            raise InputError(f"unknown result format {format!r}; use one of {', '.join(RESULT_FORMATS)}")
        return _without_surrogates(writer(), lambda m: REPLACEMENT)

    def _json(self, *, indent: bool = True) -> str:
        """As ``json.dumps(doc, ensure_ascii=False)`` writes it with ``indent=2``, or compact
        (``separators=(",", ":")``), a term's text once."""
        if self.boolean is not None:
            doc = {"head": {}, "boolean": self.boolean}
            return (json.dumps(doc, indent=2) if indent else json.dumps(doc, separators=(",", ":"))) + "\n"
        layout = _JsonLayout(indent=indent)
        term_text, end = _memo(layout.term), layout.close(3) + "}"
        keyed = {var: layout.prefix(_json_string(var), 3) for var in self.vars}
        rows = []
        for row in self.bindings:  # written out, not through object(): the loop over every row
            cells = [(keyed.get(k) or layout.prefix(_json_string(k), 3)) + term_text(v)
                     for k, v in row.items() if v is not None]
            rows.append("{" + ",".join(cells) + end if cells else "{}")
        head = layout.object([('"vars"', layout.array([_json_string(v) for v in self.vars], 2))], 1)
        results = layout.object([('"bindings"', layout.array(rows, 2))], 1)
        text = layout.object([('"head"', head), ('"results"', results)], 0) + "\n"
        # Lone surrogates occur only inside JSON strings, where an escape keeps them.
        return _without_surrogates(text, lambda m: f"\\u{ord(m.group()):04x}")

    def _csv(self) -> str:
        if self.boolean is not None:
            return f"_askResult\r\n{str(self.boolean).lower()}\r\n"
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(self.vars)
        for row in self.bindings:
            writer.writerow(["" if row.get(v) is None else str(row[v]) for v in self.vars])
        return out.getvalue()

    def _tsv(self) -> str:
        if self.boolean is not None:
            return f"?_askResult\n{str(self.boolean).lower()}\n"
        lines = ["\t".join("?" + v for v in self.vars)]
        term_text, names = _memo(_tsv_term), self.vars
        for row in self.bindings:
            lines.append("\t".join("" if (term := row.get(v)) is None else term_text(term) for v in names))
        return "\n".join(lines) + "\n"

    def _xml(self) -> str:
        out = ['<?xml version="1.0" encoding="UTF-8"?>',
               '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "  <head>"]
        out += [f'    <variable name="{_x(v)}"/>' for v in self.vars]
        out.append("  </head>")
        if self.boolean is not None:
            out.append(f"  <boolean>{str(self.boolean).lower()}</boolean>")
        else:
            out.append("  <results>")
            inner, names = _memo(_xml_term), [(var, f'      <binding name="{_x(var)}">') for var in self.vars]
            for row in self.bindings:
                out.append("    <result>")
                for var, opening in names:
                    term = row.get(var)
                    if term is not None:
                        out.append(f"{opening}{inner(term)}</binding>")
                out.append("    </result>")
            out.append("  </results>")
        out.append("</sparql>")
        return "\n".join(out) + "\n"

    def _table(self, width: int = 70) -> str:
        if self.boolean is not None:
            return f"{str(self.boolean).lower()}\n"

        def text(term: Node) -> str:
            shown = " ".join(for_terminal(compact(term)).split())
            return shown if len(shown) <= width else shown[: width - 1] + "…"

        cell, names = _memo(text), self.vars
        rows = [["" if (term := row.get(v)) is None else cell(term) for v in names] for row in self.bindings]
        widths = [max([len(v)] + [len(r[i]) for r in rows]) for i, v in enumerate(self.vars)]
        line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()  # noqa: E731
        out = [line(self.vars), line(["-" * w for w in widths])] + [line(r) for r in rows]
        out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
        return "\n".join(out) + "\n"
