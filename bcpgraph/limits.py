"""Every limit bcpgraph enforces, in one place, and :func:`time_limit`, which makes work end.

The README's "Safety" section lists these defaults; the CLI's options (``--timeout`` …) and the
library's keyword arguments override them.
"""

from __future__ import annotations

import math
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import InputError

__all__ = [
    "TimeoutExceeded", "time_limit", "QUERY_TIMEOUT", "CONNECT_TIMEOUT", "MAX_QUERY_CHARS",
    "MAX_ANSWER_BYTES", "MAX_ANSWER_VALUES", "MAX_PATHS", "MAX_PATH_LENGTH", "MAX_PATH_SEARCH",
    "MAX_SIMILARITY_NODES",
]

#: Seconds a command (a query, a validation, an analysis) may take, locally or remotely.
QUERY_TIMEOUT = 60.0
#: Seconds to wait for a SPARQL endpoint to accept the connection.
CONNECT_TIMEOUT = 10.0
#: Characters of SPARQL text accepted (a longer query is refused before it is parsed).
MAX_QUERY_CHARS = 256 * 1024
#: Bytes of an endpoint's answer read at most.
MAX_ANSWER_BYTES = 256 * 1024 * 1024
#: Values (rows × variables) of a local SELECT answer kept at most; a larger answer is refused.
MAX_ANSWER_VALUES = 5_000_000
#: Career paths listed at most, and the most career steps in one path.
MAX_PATHS = 100
MAX_PATH_LENGTH = 10
#: Steps the search for career paths takes at most (then it gives the paths found so far).
MAX_PATH_SEARCH = 200_000
#: Werkprocessen compared pairwise at most by the similarity analysis (it grows quadratically).
MAX_SIMILARITY_NODES = 1000


_AGAIN = 0.25  # seconds between further alarms once a limit has passed


class TimeoutExceeded(InputError):
    """The work did not finish within its time limit (exit 2)."""


@contextmanager
def time_limit(seconds: float | None, what: str = "the work") -> Iterator[None]:
    """Raise :class:`TimeoutExceeded` in the block if it runs longer than ``seconds``.

    ``None`` or ``0`` means no limit. It interrupts pure-Python work (rdflib, pySHACL, networkx)
    with SIGALRM, so it acts in the main thread of a process on a POSIX system; elsewhere the
    block runs without a limit. Limits nest: the one that ends first applies. Once the limit
    has passed, the exception is raised again every quarter second until the block ends, so
    code that catches it by accident cannot run on.

    >>> with time_limit(5):
    ...     sum(range(10))
    45
    >>> with time_limit(0.05, "counting"):  # doctest: +ELLIPSIS
    ...     while True:
    ...         pass
    Traceback (most recent call last):
    bcpgraph.limits.TimeoutExceeded: counting did not finish within 0.05 s ...
    """
    if seconds is not None and (not isinstance(seconds, (int, float)) or math.isnan(seconds)
                                or seconds < 0):
        raise InputError(f"timeout: {seconds!r} is not a number of seconds ≥ 0")
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not seconds or not usable:
        yield
        return
    outer_left, outer_again = signal.getitimer(signal.ITIMER_REAL)
    if outer_left and outer_left <= seconds:
        yield  # an enclosing limit ends first
        return
    started = time.monotonic()

    def expire(signum, frame):
        raise TimeoutExceeded(f"{what} did not finish within {seconds:g} s (timeout); "
                              "allow more time or ask for less")

    previous = signal.signal(signal.SIGALRM, expire)
    # Until the block ends the alarm rings again every _AGAIN s: code that swallows one
    # exception (a broad ``except Exception`` in a library) does not outlive its limit.
    signal.setitimer(signal.ITIMER_REAL, seconds, _AGAIN)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_left:  # give the enclosing limit back what it has left
            signal.setitimer(signal.ITIMER_REAL, max(outer_left - (time.monotonic() - started), 1e-3),
                             outer_again)
