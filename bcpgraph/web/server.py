"""``bcpgraph serve``: load the data, open the port, start the workers, run uvicorn.

The order matters: the data is loaded (a syntax error ends the command before any port opens),
then the port is bound (a port in use ends it too), then the worker pool forks from this
still single-threaded process (see :mod:`bcpgraph.web.workers`), and only then does uvicorn start
its event loop, on the socket bound here.
"""

from __future__ import annotations

import errno
import logging
import re
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import InputError

__all__ = ["serve", "Settings", "DEFAULT_PORT", "DEFAULT_TIMEOUT", "DEFAULT_WORKERS", "MAX_HEADER_BYTES"]

DEFAULT_PORT = 8000
#: Seconds a request may take before its worker is killed (``--timeout``).
DEFAULT_TIMEOUT = 10.0
#: Worker processes (``--workers``): one per core of a small machine.
DEFAULT_WORKERS = 2
#: Bytes of a request line and headers read at most (uvicorn/h11; more is refused with 400). A
#: GET query fits in it; longer queries are POSTed (the body may hold MAX_BODY_BYTES).
MAX_HEADER_BYTES = 64 * 1024
#: Connections served at once (more are answered 503 at once by uvicorn).
MAX_CONNECTIONS = 512
#: Seconds an idle kept-alive connection stays open.
KEEP_ALIVE = 5


@dataclass(frozen=True)
class Settings:
    """What ``serve`` was asked for."""

    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    timeout: float = DEFAULT_TIMEOUT
    workers: int = DEFAULT_WORKERS
    data: tuple[str, ...] = ()
    with_shipped: bool = False
    public_url: str | None = None


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port``; a port in use or a host that is not there raises
    InputError."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise InputError(f"host {host!r}: {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise InputError(f"port {port} on {host} is in use (another server?); choose another port") from None
        if exc.errno == errno.EACCES:
            raise InputError(f"port {port} on {host}: not allowed (ports below 1024 need privileges)") from None
        raise InputError(f"cannot listen on {host} port {port}: {exc.strerror}") from None
    sock.set_inheritable(False)
    return sock


def _url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def serve(settings: Settings, *, say: Callable[[str], None] = print) -> None:
    """Serve the data of ``settings`` until SIGINT or SIGTERM (then return after a clean stop:
    uvicorn raises the signal again once it has stopped, which the caller handles)."""
    import uvicorn

    check_settings(settings)
    from ..dataset import include
    from ..stores import open_store
    from .app import create_app
    from .pages import Site
    from .work import SITE_PAGES, Work, dump_files
    from .workers import WorkerPool

    # A store whose own limit never ends a query first: the server's deadline kills the worker.
    store = open_store(*settings.data, shipped=settings.with_shipped or not settings.data,
                       timeout=365 * 24 * 3600.0)
    triples = len(store)
    listener = _bind(settings.host, settings.port)
    pool = None
    try:
        port = listener.getsockname()[1]
        root = (settings.public_url or _url(settings.host, port)).rstrip("/")
        endpoint = f"{root}/sparql"
        dumps = {fmt: f"{root}/dumps/{name}" for name, fmt in dump_files().items()}
        # the dataset description is data too: /dataset, its service and distributions resolve
        description = include(store, endpoint=endpoint, dumps=dumps)
        # The pages' shared reading happens here, once, not in each worker on its first page.
        site = Site(store, links="server", endpoint=endpoint).prepare()
        work = Work(store, site, endpoint=endpoint, dumps=dumps, description=description)
        pages = frozenset(name for name in SITE_PAGES if callable(getattr(site, name, None)))
        pool = WorkerPool(work, workers=settings.workers, timeout=settings.timeout, close_fds=(listener.fileno(),))
        del store, site, work  # the workers hold them
        app = create_app(pool, endpoint=endpoint, triples=triples, site_pages=pages)
        _logging()
        config = uvicorn.Config(
            app, http="h11", loop="asyncio", lifespan="off", access_log=False, server_header=False,
            log_config=None, h11_max_incomplete_event_size=MAX_HEADER_BYTES, limit_concurrency=MAX_CONNECTIONS,
            timeout_keep_alive=KEEP_ALIVE, timeout_graceful_shutdown=max(1, int(settings.timeout) + 1),
        )
        server = uvicorn.Server(config)
        say(f"bcpgraph serve: {_url(settings.host, port)}/ (SPARQL endpoint {_url(settings.host, port)}/sparql; "
            f"{triples:,} triples, {settings.workers} worker{'s' if settings.workers != 1 else ''}, "
            f"timeout {settings.timeout:g} s; Ctrl-C stops)")
        server.run(sockets=[listener])
    finally:
        if pool is not None:
            pool.close()
        listener.close()


def _logging() -> None:
    """One line per event on stderr: bcpgraph's errors, and uvicorn's own warnings."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    for name, level in (("bcpgraph.serve", logging.INFO), ("uvicorn.error", logging.WARNING),
                        ("uvicorn", logging.WARNING)):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False


def check_settings(settings: Settings) -> None:
    """Refuse settings that cannot work, naming the parameter."""
    if not 0 <= settings.port <= 65535:
        raise InputError(f"port {settings.port}: a number from 0 to 65535 (0: any free port)")
    if not settings.timeout > 0:
        raise InputError("timeout: a public server always stops queries; give a number of seconds > 0")
    if settings.workers < 1 or settings.workers > 64:
        raise InputError(f"workers {settings.workers}: from 1 to 64")
    if settings.public_url is not None and not re.fullmatch(r"https?://[^\s/?#<>\"]+(/[^\s?#<>\"]*)?",
                                                            settings.public_url):
        raise InputError(f"public-url {settings.public_url!r}: an http:// or https:// URL without query or fragment")
