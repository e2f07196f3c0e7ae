"""Worker processes that answer the server's requests, so that every request ends on time.

rdflib and pyoxigraph cannot be interrupted and a thread cannot be killed, so queries and pages
run in a small pool of worker processes; the server (one asyncio process) sends each request
over a socket to an idle worker and awaits the answer without blocking. When the deadline
passes, the client gets a 503 and THAT worker is killed (SIGKILL) and replaced, while the others
go on answering. Requests wait for an idle worker for a bounded time (then 503), and only so many
may wait.

How workers start, with the data parsed once: the server loads the store (and its Site) in its
main thread, before the event loop or any other thread exists, and then forks one **zygote**: a
single-threaded process that holds the loaded store and does nothing but fork workers on request
(each fork is a few milliseconds and shares the store's memory copy-on-write). The server itself
never forks again once it runs threads; the zygote never runs any. A worker comes back to the
server as two file descriptors passed over a Unix socket: its socket and a pidfd (Linux), by
which the server kills exactly that process, never a reused pid.

Nothing is left behind: workers and the zygote ignore SIGINT (a Ctrl-C goes to the server) and
die with their parent (``PR_SET_PDEATHSIG`` on Linux); a worker ends when its socket closes, and
the zygote kills the workers it forked when the server's socket to it closes.

A frame on a socket: two 32-bit lengths (header, body), a JSON header, the body bytes.
"""

from __future__ import annotations

import asyncio
import ctypes
import gc
import json
import os
import select
import signal
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from .protocol import Answer

__all__ = ["WorkerPool", "Busy", "Unfinished", "single_threaded"]

_FRAME = struct.Struct("!II")
_PR_SET_PDEATHSIG = 1


class Busy(Exception):
    """No worker became free in time (or too many requests wait already)."""


class Unfinished(Exception):
    """The work did not finish: it took too long (``timeout``) or its worker died."""

    def __init__(self, message: str, *, timeout: bool):
        super().__init__(message)
        self.timeout = timeout


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent ends (nothing elsewhere)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass


def single_threaded(wait: float = 2.0) -> bool:
    """True once this process runs one thread only (waiting up to ``wait`` s for threads that are
    ending); on systems without ``/proc`` the Python threads are counted."""

    def count() -> int:
        try:
            return len(os.listdir("/proc/self/task"))
        except OSError:
            return threading.active_count()

    deadline = time.monotonic() + wait
    while count() > 1:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


# -- frames (blocking side: zygote and workers) ----------------------------------------------


def _recv_exactly(sock: socket.socket, size: int) -> bytes | None:
    buffer = bytearray(size)
    view, got = memoryview(buffer), 0
    while got < size:
        n = sock.recv_into(view[got:])
        if n == 0:
            return None
        got += n
    return bytes(buffer)


def _encode(header: dict, body: bytes = b"") -> bytes:
    head = json.dumps(header, ensure_ascii=False).encode("utf-8")
    return _FRAME.pack(len(head), len(body)) + head + body


def _answer_frame(answer: Answer) -> bytes:
    return _encode({"status": answer.status, "type": answer.media_type, "headers": answer.headers,
                    "log": answer.log}, answer.body)


def _worker_main(sock: socket.socket, work: Callable[[dict], Answer]) -> None:
    """A worker: answer each request on ``sock`` until it closes; then exit."""
    code = 0
    try:
        while True:
            sizes = _recv_exactly(sock, _FRAME.size)
            if sizes is None:
                break
            head_size, body_size = _FRAME.unpack(sizes)
            raw = _recv_exactly(sock, head_size + body_size)
            if raw is None:
                break
            answer = work(json.loads(raw[:head_size]))
            sock.sendall(_answer_frame(answer))
    except BaseException:  # the server went away mid-answer, or worse: end quietly
        code = 1
    finally:
        os._exit(code)


def _zygote_main(control: socket.socket, work: Callable[[dict], Answer]) -> None:
    """The zygote: fork a worker for each byte read from ``control`` and pass its socket and
    pidfd back; reap workers; at EOF kill the workers still running and exit."""
    children: set[int] = set()
    gc.freeze()  # what is loaded stays put: the workers' copies of its pages stay shared

    def reap() -> None:
        for pid in list(children):
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done = pid
            if done:
                children.discard(pid)

    try:
        while True:
            ready, _, _ = select.select([control], [], [], 1.0)
            reap()
            if not ready:
                continue
            if not control.recv(1):
                break
            ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
            pid = os.fork()
            if pid == 0:  # the worker
                control.close()
                ours.close()
                _die_with_parent()
                _worker_main(theirs, work)
            theirs.close()
            children.add(pid)
            fds = [ours.fileno()]
            pidfd = None
            if hasattr(os, "pidfd_open"):
                try:
                    pidfd = os.pidfd_open(pid)  # not reaped yet: this is our child
                    fds.append(pidfd)
                except OSError:
                    pidfd = None
            socket.send_fds(control, [struct.pack("!i", pid)], fds)
            ours.close()
            if pidfd is not None:
                os.close(pidfd)
    except BaseException:
        pass
    finally:
        deadline = time.monotonic() + 1.0
        while children and time.monotonic() < deadline:  # their sockets closed: they end by themselves
            reap()
            time.sleep(0.02)
        for pid in children:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        for pid in children:
            try:
                os.waitpid(pid, 0)
            except OSError:
                pass
        os._exit(0)


# -- the server's side -------------------------------------------------------------------------


@dataclass(eq=False)
class _Worker:
    pid: int
    sock: socket.socket
    pidfd: int | None

    released: bool = False

    def kill(self) -> None:
        """SIGKILL this worker (by its pidfd: never another process that got its pid) and let it go."""
        if not self.released:
            try:
                if self.pidfd is not None:
                    signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
                else:
                    os.kill(self.pid, signal.SIGKILL)
            except OSError:  # already gone
                pass
        self.release()

    def release(self) -> None:
        """Close the socket (the worker ends when it reads EOF) and the pidfd."""
        self.released = True
        self.sock.close()
        if self.pidfd is not None:
            try:
                os.close(self.pidfd)
            except OSError:
                pass
            self.pidfd = None

    async def ask(self, request: dict) -> Answer:
        loop = asyncio.get_running_loop()
        await loop.sock_sendall(self.sock, _encode(request))
        sizes = await self._read(loop, _FRAME.size)
        head_size, body_size = _FRAME.unpack(sizes)
        raw = await self._read(loop, head_size + body_size)
        header = json.loads(raw[:head_size])
        return Answer(header["status"], header["type"], raw[head_size:],
                      tuple(tuple(h) for h in header["headers"]), header["log"])

    async def _read(self, loop: asyncio.AbstractEventLoop, size: int) -> bytes:
        buffer = bytearray(size)
        view, got = memoryview(buffer), 0
        while got < size:
            n = await loop.sock_recv_into(self.sock, view[got:])
            if n == 0:
                raise ConnectionError("the worker closed its socket")
            got += n
        return bytes(buffer)


class WorkerPool:
    """``workers`` processes running ``work`` (a callable: request dict → :class:`Answer`, built
    with the loaded store before the pool starts, in a process that runs no other thread).

    :meth:`submit` (async) answers a request within ``timeout`` seconds or raises
    :class:`Unfinished` (the worker is killed and replaced); it waits at most ``queue_wait``
    seconds (default ``timeout``) for an idle worker, and refuses with :class:`Busy` when
    ``max_waiting`` requests wait already. ``close_fds`` are closed in the zygote (a listening
    socket the workers must not hold).
    """

    def __init__(self, work: Callable[[dict], Answer], *, workers: int = 2, timeout: float = 10.0,
                 queue_wait: float | None = None, max_waiting: int = 256, close_fds: tuple[int, ...] = ()):
        if workers < 1:
            raise ValueError("workers: at least 1")
        self.size, self.timeout = workers, timeout
        self.queue_wait = timeout if queue_wait is None else queue_wait
        self.max_waiting = max_waiting
        self.replaced = 0
        self._waiting = 0
        self._lock = threading.Lock()  # one conversation with the zygote at a time
        self._workers: set[_Worker] = set()
        self._idle: asyncio.Queue[_Worker] | None = None
        self._pending: list[_Worker] = []
        self._tasks: set[asyncio.Future] = set()
        self._closed = False
        if not single_threaded():
            raise RuntimeError("the worker pool must start before any other thread (it forks)")
        control, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the zygote: it holds what ``work`` holds (the store), and nothing else runs
            try:
                control.close()
                for fd in close_fds:
                    try:
                        os.close(fd)
                    except OSError:
                        pass
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                _die_with_parent()
            finally:
                _zygote_main(theirs, work)
        theirs.close()
        self._zygote_pid, self._control = pid, control
        try:
            for _ in range(workers):
                self._pending.append(self._spawn())
        except BaseException:
            self.close()
            raise

    def _spawn(self) -> _Worker:
        """A new worker from the zygote (blocking; in a thread once the event loop runs)."""
        with self._lock:
            self._control.sendall(b"s")
            data, fds, _flags, _addr = socket.recv_fds(self._control, 4, 2)
        if len(data) != 4 or not fds:
            for fd in fds:
                os.close(fd)
            raise ConnectionError("the zygote that starts workers has ended")
        (pid,) = struct.unpack("!i", data)
        sock = socket.socket(fileno=fds[0])
        sock.setblocking(False)
        worker = _Worker(pid, sock, fds[1] if len(fds) > 1 else None)
        self._workers.add(worker)
        return worker

    def _queue(self) -> asyncio.Queue[_Worker]:
        if self._idle is None:
            self._idle = asyncio.Queue()
            for worker in self._pending:
                self._idle.put_nowait(worker)
            self._pending.clear()
        return self._idle

    @property
    def alive(self) -> int:
        """Workers running now."""
        return len(self._workers)

    async def submit(self, request: dict) -> Answer:
        """The answer of a worker to ``request`` (see the class). A worker found dead (killed
        from outside, crashed) is replaced and the request tried once more on another: every
        request only reads, so trying again is safe."""
        for attempt in (1, 2):
            worker = await self._idle_worker()
            try:
                async with asyncio.timeout(self.timeout):
                    answer = await worker.ask(request)
            except TimeoutError:
                self._replace(worker)
                raise Unfinished(f"the request did not finish within {self.timeout:g} s (the server's timeout); "
                                 "its work was stopped: ask for less", timeout=True) from None
            except (OSError, ValueError, KeyError, struct.error) as exc:
                self._replace(worker)
                if attempt == 2:
                    raise Unfinished(f"the worker answering the request ended ({type(exc).__name__})",
                                     timeout=False) from None
                continue
            except BaseException:  # cancelled (the client went away): the worker's answer is lost
                self._replace(worker)
                raise
            self._queue().put_nowait(worker)
            return answer
        raise AssertionError("unreachable")  # pragma: no cover

    async def _idle_worker(self) -> _Worker:
        idle = self._queue()
        if self._waiting >= self.max_waiting and idle.empty():
            raise Busy(f"{self._waiting} requests are waiting already")
        self._waiting += 1
        try:
            async with asyncio.timeout(self.queue_wait):
                return await idle.get()
        except TimeoutError:
            raise Busy(f"no worker became free within {self.queue_wait:g} s") from None
        finally:
            self._waiting -= 1

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and start another in its place (in the background)."""
        worker.kill()
        self._workers.discard(worker)
        if self._closed:
            return
        self.replaced += 1
        loop = asyncio.get_running_loop()
        task = loop.run_in_executor(None, self._spawn)
        self._tasks.add(task)

        def done(future: asyncio.Future) -> None:
            self._tasks.discard(future)
            if future.cancelled():
                return
            if future.exception() is not None:
                import logging

                logging.getLogger("bcpgraph.serve").error("could not start a worker: %s", future.exception())
                return
            if self._closed:
                future.result().kill()
            else:
                self._queue().put_nowait(future.result())
        task.add_done_callback(done)

    def close(self) -> None:
        """Stop every worker and the zygote, and wait for the zygote (which reaps the workers)."""
        if self._closed:
            return
        self._closed = True
        for worker in list(self._workers):
            worker.sock.close()  # it ends when it reads EOF
        self._control.close()  # the zygote waits 1 s for them, kills the rest and ends
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            done, _ = os.waitpid(self._zygote_pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.02)
        else:
            for worker in list(self._workers):
                worker.kill()
            os.kill(self._zygote_pid, signal.SIGKILL)
            os.waitpid(self._zygote_pid, 0)
        for worker in list(self._workers):
            worker.release()
        self._workers.clear()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
