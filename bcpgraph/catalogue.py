"""The catalogue of named SPARQL queries: the shipped ``queries/*.rq`` files and their headers.

Each ``.rq`` file opens with a header::

    #+ summary: One line saying what the query answers
    #+ description: Longer text; continuation lines start with "#+   ".
    #+ param: competency | resource bcp:Competency | (none) | The competency to look at

A parameter line reads ``name | kind | default | description``. Kinds: ``resource CLASS`` (an IRI,
a prefixed name, or a Dutch or English label or notation of an instance of CLASS), ``string``,
``integer``, ``boolean`` and ``language``. Default ``(none)`` leaves the variable unbound,
``(required)`` makes the parameter mandatory. How values reach the query text is
:mod:`bcpgraph.binding`'s business.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .errors import InputError, suggest
from .resources import shipped

__all__ = ["NamedQuery", "Param", "queries", "named_query", "REQUIRED", "UNBOUND"]

REQUIRED = "(required)"
UNBOUND = "(none)"


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

    def param(self, name: str) -> Param:
        """The declared parameter ``name`` (``_`` and ``-`` alike); unknown names raise InputError."""
        wanted = name.replace("_", "-")
        for p in self.params:
            if p.name.replace("_", "-") == wanted:
                return p
        hint = suggest(name, [p.name for p in self.params])
        known = ", ".join(p.name for p in self.params) or "none"
        raise InputError(f"query {self.name}: no parameter {name!r}{hint} (parameters: {known})")


def _parse_header(name: str, text: str) -> NamedQuery:
    fields: dict[str, list[str]] = {"summary": [], "description": []}
    params: list[Param] = []
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
        if key == "param":
            parts = [p.strip() for p in value.split("|")]
            if len(parts) != 4:
                raise ValueError(f"{name}.rq: param line needs 'name | kind | default | description'")
            pname, kind, default, description = parts
            kind, _, cls = kind.partition(" ")
            params.append(Param(pname, kind, cls or None, None if default == UNBOUND else default,
                                description))
            current = None
        elif key in fields:
            fields[key].append(value)
            current = key
    return NamedQuery(name, " ".join(fields["summary"]), " ".join(fields["description"]),
                      tuple(params), text)


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
        from .errors import ArgumentError

        raise ArgumentError(f"a query name is a string, not {type(name).__name__}")
    found = queries()
    if name not in found:
        raise InputError(f"no query named {name!r}{suggest(name, list(found))} (see 'bcpgraph queries')")
    return found[name]
