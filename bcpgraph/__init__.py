"""bcpgraph: Dutch vocational competency profiles (BCPs) as a validated RDF knowledge graph.

>>> import bcpgraph
>>> graph = bcpgraph.load()
>>> bcpgraph.validate(graph).conforms
True

The names below are imported on first use (PEP 562), so that ``import bcpgraph`` and a command
that only queries do not pay for SHACL validation or the analyses.
"""

from __future__ import annotations

import sys
import types
from importlib import import_module
from typing import TYPE_CHECKING

from .errors import BcpgraphError, DataError, InputError

__version__ = "0.1.0"

__all__ = [
    "load", "validate", "query", "sparql", "queries", "compare", "open_store",
    "ValidationReport", "ValidationResult", "BcpgraphError", "InputError", "DataError",
]

#: Where each lazily imported name lives.
_LAZY = {
    "load": ".graph", "query": ".query", "sparql": ".query", "queries": ".query", "compare": ".compare",
    "open_store": ".stores", "validate": ".validation", "ValidationReport": ".validation",
    "ValidationResult": ".validation",
}

if TYPE_CHECKING:  # pragma: no cover
    from .compare import compare
    from .graph import load
    from .query import queries, query, sparql
    from .stores import open_store
    from .validation import ValidationReport, ValidationResult, validate


def __getattr__(name: str):
    where = _LAZY.get(name)
    if where is None:
        raise AttributeError(f"module 'bcpgraph' has no attribute {name!r}")
    value = getattr(import_module(where, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _Package(types.ModuleType):
    """Keeps ``bcpgraph.query`` and ``bcpgraph.compare`` the functions:
    importing the submodule of the same name would otherwise set the attribute to the module
    (as the eager imports of this file used to, the function wins)."""

    def __setattr__(self, name: str, value: object) -> None:
        if isinstance(value, types.ModuleType) and name in _LAZY and value.__name__ == f"{__name__}.{name}":
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
