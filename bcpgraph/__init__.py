"""bcpgraph: Dutch vocational competency profiles (BCPs) as a validated RDF knowledge graph.

>>> import bcpgraph
>>> graph = bcpgraph.load()
>>> bcpgraph.validate(graph).conforms
True
"""

from __future__ import annotations

from .compare import compare
from .errors import BcpgraphError, DataError, InputError
from .graph import load
from .query import queries, query, sparql
from .validate import ValidationReport, ValidationResult, validate

__version__ = "0.1.0"

__all__ = [
    "load", "validate", "query", "sparql", "queries", "compare",
    "ValidationReport", "ValidationResult", "BcpgraphError", "InputError", "DataError",
]
