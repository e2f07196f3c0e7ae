"""Python's cyclic garbage collector, paused while an analysis turns a large answer into objects.

Building the career network of 1,000 profiles makes about a million small objects (rdflib terms,
rows, sets, networkx's dicts), none of them garbage. CPython starts a collection every 700 new
objects, and every so often a full one, which walks every object alive, the answer read so far
included: 0.5 of the network's 1.7 s, 0.1-0.2 of similarity's 0.8-0.9 s
(``benchmarks/notes.md``). While :func:`gc_paused` is in force, no collection starts; what was
made is kept or freed as usual (reference counting frees nearly everything), and the collector
runs again when the last pause ends. A pause started while the collector was already off (by
the user, or another pause) leaves it off.

>>> import gc
>>> with gc_paused():
...     gc.isenabled()
False
>>> gc.isenabled()
True
>>> @gc_paused()
... def build():
...     return gc.isenabled()
>>> build(), gc.isenabled()
(False, True)

An error ends the pause too; a collector the user turned off stays off:

>>> try:
...     with gc_paused():
...         raise ValueError
... except ValueError:
...     gc.isenabled()
True
>>> gc.disable()
>>> with gc_paused():
...     pass
>>> gc.isenabled()
False
>>> gc.enable()
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]

_lock = threading.Lock()
_pauses = 0  # pauses in force, in every thread
_restore = False  # whether the collector was on when the first of them began


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the ``with`` block (or, as ``@gc_paused()``, the
    decorated function); it is enabled again when the last pause in any thread ends, if it was
    enabled when the first began."""
    global _pauses, _restore
    with _lock:
        if _pauses == 0:
            _restore = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _restore:
                gc.enable()
