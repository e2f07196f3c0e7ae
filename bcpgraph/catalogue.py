"""The catalogue of named SPARQL queries: the shipped ``queries/*.rq`` files and their headers.

Each ``.rq`` file opens with a header::

    #+ summary: One line saying what the query answers
    #+ description: Longer text; continuation lines start with "#+   ".
    #+ param: competency | resource bcp:Competency | (required) | The competency to look at
    #+ param: lang | language | nl | Language of the labels (nl or en)
    #+ list: werkprocessen | ", "
    #+ values: the VALUES line marked "# parameters" holds the defaults (UNDEF: none); ...

A parameter line reads ``name | kind | default | description``. Kinds: ``resource CLASS`` (an IRI,
a prefixed name, a Dutch or English label or notation, or the last segment of the IRI of an
instance of CLASS), ``string``, ``integer``, ``boolean`` and ``language``. Default ``(none)``
leaves the variable unbound, ``(required)`` makes the parameter mandatory.

**The parameters line.** The query text carries every declared parameter, in header order, with
its default, as a ``VALUES`` line that ends with the comment ``# parameters``::

    VALUES (?competency ?lang) { (UNDEF "nl") }  # parameters

``UNDEF`` stands for a parameter without a default (required ones too). So each file runs
unchanged in any SPARQL 1.1 tool, with its defaults (a required parameter left ``UNDEF`` gives
the unrestricted answer); to run it with other values there, edit that line. bcpgraph replaces
exactly that line with the caller's values (:func:`bcpgraph.binding.bind`): values are bound as
RDF terms, never pasted into the text. The line sits where every pattern that uses a parameter
can see it (usually first in the WHERE clause: rdflib then pushes the values into the patterns
that follow).

A query whose answer is a UNION may repeat the line, identically, at the head of each branch
instead: a join distributes over a union, so the answer is the same, and an engine that
evaluates a UNION whole before joining it (Oxigraph does) then reads only what the values
select. bcpgraph replaces every copy; in another tool, edit each. The catalogue checks, when it
reads a file, that there is such a line, that its copies are identical, that its variables are
the declared parameters in header order and that its values are the header's defaults.

A ``list`` line names a column that joins several values with GROUP_CONCAT and its separator:
SPARQL leaves the order inside such a list to the engine, so bcpgraph sorts it (numbers by
value: "1.2, 1.10").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .errors import ArgumentError, InputError, suggest
from .resources import shipped

__all__ = ["NamedQuery", "Param", "Shipped", "queries", "named_query", "analysis_query", "values_lines",
           "VALUES_LINE", "REQUIRED", "UNBOUND", "VALUES_MARK"]

REQUIRED = "(required)"
UNBOUND = "(none)"
#: The comment that marks the VALUES line of the parameters.
VALUES_MARK = "# parameters"
#: A parameters line: what comes before VALUES on it (indentation, or the ``{`` or ``UNION {`` that
#: opens a branch) and the VALUES clause.
VALUES_LINE = re.compile(r"^(?P<before>[^#]*?)(?P<values>VALUES\s*\(.*\)\s*\{.*\})\s*" + re.escape(VALUES_MARK)
                         + r"\s*$")


_FORM = re.compile(r"^[ \t]*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.MULTILINE | re.IGNORECASE)


class Shipped(str):
    r"""The text of a query bcpgraph ships (a named query, an analysis's query, or one of the
    templates :mod:`bcpgraph.binding` resolves names with), as it is or with values bound
    into its parameters line by :func:`bcpgraph.binding.bind`; any other change gives a plain
    ``str``. Its ``form`` (SELECT, ASK, CONSTRUCT or DESCRIBE) is read off the text: the first
    line that starts with one of those words (the tests check it against rdflib's parse of every
    shipped query, and that none is an update). A server store sends such text without parsing it
    again with rdflib (about 0.1 s a query, five a command when names are resolved); the user's
    own text is always parsed.

    >>> text = Shipped("PREFIX bcp: <https://w3id.org/bcpgraph/def/>\nASK { ?p a bcp:Profile }")
    >>> text.form, type(text + " "), type(text.strip()) is str
    ('ASK', <class 'str'>, True)
    """

    form: str

    def __new__(cls, text: str, form: str | None = None) -> Shipped:
        if form is None:
            match = _FORM.search(text)
            form = match.group(1).upper() if match else None
        if form not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            raise ArgumentError("a shipped query starts a line with SELECT, ASK, CONSTRUCT or DESCRIBE")
        self = super().__new__(cls, text)
        self.form = form
        return self

    def __reduce__(self):  # a copy or a pickle keeps the form
        return Shipped, (str(self), self.form)


@dataclass(frozen=True)
class Param:
    """One declared parameter of a named query."""

    name: str
    kind: str
    cls: str | None
    default: str | None
    description: str

    @property
    def required(self) -> bool:
        return self.default == REQUIRED


@dataclass(frozen=True)
class NamedQuery:
    """A query from ``queries/NAME.rq`` with its header."""

    name: str
    summary: str
    description: str
    params: tuple[Param, ...]
    text: str
    #: Columns holding GROUP_CONCAT lists, with their separators (sorted by bcpgraph).
    lists: tuple[tuple[str, str], ...] = ()

    def param(self, name: str) -> Param:
        """The declared parameter ``name`` (``_`` and ``-`` alike; a trailing ``_`` as in Python's
        ``from_`` ignored); unknown names raise InputError listing the parameters."""
        if not isinstance(name, str):
            raise ArgumentError(f"a parameter name is a string, not {type(name).__name__}")
        for wanted in (name, name[:-1] if name.endswith("_") else None):
            for p in self.params:
                if wanted and p.name.replace("_", "-") == wanted.replace("_", "-"):
                    return p
        hint = suggest(name, [p.name for p in self.params])
        known = ", ".join(p.name for p in self.params) or "none"
        raise InputError(f"query {self.name}: no parameter {name!r}{hint} (parameters: {known})")


def values_lines(text: str) -> list[int]:
    """The numbers (from 0) of the lines of ``text`` that are the VALUES line of the parameters:
    one, or identical copies at the head of a UNION's branches.

    >>> values_lines('SELECT * WHERE {\\n  VALUES (?x) { (UNDEF) }  # parameters\\n  ?x ?p ?o\\n}')
    [1]
    """
    clauses = {i: m.group("values") for i, line in enumerate(text.splitlines()) if (m := VALUES_LINE.match(line))}
    found = list(clauses)
    if not found:
        raise ValueError(f"needs a line 'VALUES (...) {{ (...) }}  {VALUES_MARK}', found none")
    for i in found[1:]:
        if clauses[i] != clauses[found[0]]:
            raise ValueError(f"line {i + 1}: the parameters line is repeated with other values than on "
                             f"line {found[0] + 1}; its copies must be identical")
    return found


def _check_values(name: str, text: str, params: tuple[Param, ...]) -> None:
    """The parameters line of ``name``.rq names the declared parameters and holds their defaults."""
    import pyoxigraph
    from rdflib import Variable

    from .binding import default_term
    from .stores.oxigraph import to_rdflib

    where = f"{name}.rq"
    try:
        at = values_lines(text)[0]
        clause = VALUES_LINE.match(text.splitlines()[at]).group("values")  # type: ignore[union-attr]
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None
    prefixes = "".join(line + "\n" for line in text.splitlines() if re.match(r"\s*PREFIX\s", line, re.I))
    # Oxigraph reads the line (rdflib's SPARQL parser would double the start-up time of every command).
    answer = pyoxigraph.Store().query(f"{prefixes}SELECT * WHERE {{\n{clause}\n}}")
    rows = list(answer)
    if len(rows) != 1:
        raise ValueError(f"{where}, line {at + 1}: the parameters line holds one row of values")
    names = re.findall(r"[?$](\w+)", clause.split(")")[0])  # as written, in order
    found = [(v, None if rows[0][v] is None else to_rdflib(rows[0][v])) for v in names]
    expected = [(p.name, None if p.default is None or p.required else default_term(p)) for p in params]
    if [v for v, _ in found] != [p.name for p in params]:
        raise ValueError(f"{where}, line {at + 1}: the parameters line binds "
                         f"{' '.join(Variable(v).n3() for v, _ in found)}; the header declares "
                         f"{' '.join(Variable(p.name).n3() for p in params)} (in this order)")
    for (var, value), (_, default) in zip(found, expected, strict=True):
        if value != default or type(value) is not type(default):
            shown = "UNDEF" if default is None else default.n3()
            raise ValueError(f"{where}, line {at + 1}: ?{var} is {'UNDEF' if value is None else value.n3()}, "
                             f"but its default in the header is {shown}")


def _parse_header(name: str, text: str, *, values: bool = True) -> NamedQuery:
    fields: dict[str, list[str]] = {"summary": [], "description": []}
    params: list[Param] = []
    lists: list[tuple[str, str]] = []
    current = None
    for line in text.splitlines():
        if not line.startswith("#+"):
            if line.strip() and not line.startswith("#"):
                break
            continue
        body = line[2:]
        if body.startswith("   ") and current in fields:
            fields[current].append(body.strip())
            continue
        key, _, value = body.strip().partition(":")
        key, value = key.strip(), value.strip()
        current = None
        if key == "param":
            parts = [p.strip() for p in value.split("|")]
            if len(parts) != 4:
                raise ValueError(f"{name}.rq: param line needs 'name | kind | default | description'")
            pname, kind, default, description = parts
            kind, _, cls = kind.partition(" ")
            params.append(Param(pname, kind, cls or None, None if default == UNBOUND else default,
                                description))
        elif key == "list":
            var, sep, separator = (p.strip() for p in value.partition("|"))
            if not sep or not re.fullmatch(r'"[^"]+"', separator):
                raise ValueError(f'{name}.rq: list line needs \'name | "separator"\'')
            lists.append((var, separator[1:-1]))
        elif key in fields:
            fields[key].append(value)
            current = key
    if values or params:
        _check_values(name, text, tuple(params))
    return NamedQuery(name, " ".join(fields["summary"]), " ".join(fields["description"]),
                      tuple(params), Shipped(text), tuple(lists))


@cache
def _shipped_queries() -> tuple[NamedQuery, ...]:
    found = []
    for item in shipped("queries").iterdir():
        if item.name.endswith(".rq"):
            found.append(_parse_header(item.name[:-3], item.read_text(encoding="utf-8")))
    return tuple(sorted(found, key=lambda q: q.name))


def queries() -> dict[str, NamedQuery]:
    """All shipped named queries, by name.

    >>> "job-titles" in queries()
    True
    """
    return {q.name: q for q in _shipped_queries()}


def named_query(name: str) -> NamedQuery:
    """The named query ``name``; an unknown name raises InputError with suggestions."""
    if not isinstance(name, str):
        raise ArgumentError(f"a query name is a string, not {type(name).__name__}")
    found = queries()
    if name not in found:
        raise InputError(f"no query named {name!r}{suggest(name, list(found))} (see 'bcpgraph queries')")
    return found[name]


@cache
def analysis_query(name: str) -> NamedQuery:
    """The query ``name`` the analyses ask (``bcpgraph/analysis/sparql/NAME.rq``, the same header
    as the named queries; one without parameters needs no parameters line). These are not
    listed by :func:`queries`: they return the triples an analysis is built from, a table for a
    program, not an answer for a person.

    >>> analysis_query("profile-werkprocessen").params[0].name
    'profile'
    """
    from importlib.resources import files

    text = (files("bcpgraph.analysis") / "sparql" / f"{name}.rq").read_text(encoding="utf-8")
    return _parse_header(name, text, values=False)
