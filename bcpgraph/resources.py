"""The one door to the files bcpgraph ships: ontology, shapes, shared vocabularies, data and named queries.

In an installed wheel they live in ``bcpgraph/_shipped/``; in a source checkout (or an editable
install) they are the top-level ``ontology/``, ``vocabularies/``, ``data/`` and ``queries/`` folders. Every reader in
the package goes through :func:`shipped`.

>>> shipped("ontology", "bcpgraph.ttl").name
'bcpgraph.ttl'
>>> sorted(p.name for p in shipped("ontology").iterdir() if p.name.endswith(".ttl"))[:2]
['bcpgraph.ttl', 'competenties.ttl']
>>> "kennis.ttl" in VOCABULARY_FILES
True
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

__all__ = ["shipped", "ONTOLOGY_FILES", "VOCABULARY_FILES", "SHAPES_FILE", "DEFAULT_DATA"]

ONTOLOGY_FILES = ("bcpgraph.ttl", "competenties.ttl")
#: The shared vocabularies (``vocabularies/``): terms that profiles share, loaded with the ontology.
VOCABULARY_FILES = ("kennis.ttl", "vaardigheden.ttl", "functies.ttl", "organisaties.ttl", "documenten.ttl",
                    "regelgeving.ttl", "plaatsen.ttl")
SHAPES_FILE = "shapes.ttl"
DEFAULT_DATA = "contactcenter.ttl"


def _root() -> Traversable:
    installed = files("bcpgraph") / "_shipped"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent


def shipped(folder: str, name: str | None = None) -> Traversable:
    """The shipped folder ``folder`` (``ontology``, ``vocabularies``, ``data`` or ``queries``), or a file in it."""
    if folder not in {"ontology", "vocabularies", "data", "queries"}:
        raise ValueError(f"no shipped folder {folder!r}")
    place = _root() / folder
    return place if name is None else place / name
