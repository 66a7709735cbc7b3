"""Run the embedded store's work on SPARQL text from outside where it can do no harm.

Oxigraph evaluates `SERVICE` and `LOAD` by opening connections itself, cannot cancel a
running query, and parses recursively (a few thousand nested groups overflow a thread's
stack). pyoxigraph 0.5 exposes neither the parsed algebra, nor a switch for its HTTP
client, nor a cancellation token, so the limits are put around it instead:

* `deny_network()` installs a seccomp filter on the calling thread: `socket()` for any
  family but AF_UNIX (and io_uring, which can open sockets without `socket()`) fails with
  EACCES. The kernel enforces it, so no spelling of `SERVICE`, `LOAD` or an IRI escape
  can get past it; Oxigraph reports the failure as a PermissionError.
* `SnapshotWorkers` evaluates in forked children: each holds a snapshot of the store as it
  was when forked and serves queries while the store is unchanged, without network
  (above), on a large stack, and is killed when a query's time is up. A query that runs
  too long stops using the CPU when its client gets the 503, and one that crashes the
  parser takes only its child with it.
* `NetlessThread` runs calls (the store's writes) on one thread with the same filter and
  stack; writes cannot be forked (the child's copy would not be the store).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import pickle
import queue
import resource
import select
import signal
import socket
import threading
import weakref
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from dataclasses import dataclass
from multiprocessing.connection import Connection, Pipe
from typing import TypeVar

import pyseccomp

T = TypeVar("T")

# A recursive-descent parse costs up to ~3 KB of stack per nesting level (measured on
# pyoxigraph 0.5.13: 3,000 nested groups overflow the default 8 MB); the query limits of
# `graph.sparql_limits` keep any accepted text well inside this.
STACK_BYTES = 256 * 1024 * 1024
IDLE_S = 60.0  # a child left idle this long leaves


class OutboundRefused(PermissionError):
    """The store tried to open a network connection (SERVICE, LOAD) and was refused."""


class IsolatedTimeout(TimeoutError):
    """The child ran past its time and was killed."""


class IsolatedCrash(RuntimeError):
    """The child died without an answer (a signal, or the memory limit)."""


def deny_network() -> None:
    """From now on the calling thread, and what it starts, cannot open network sockets."""
    rules = pyseccomp.SyscallFilter(pyseccomp.ALLOW)
    refuse = pyseccomp.ERRNO(errno.EACCES)
    rules.add_rule(refuse, "socket", pyseccomp.Arg(0, pyseccomp.NE, socket.AF_UNIX))
    rules.add_rule(refuse, "io_uring_setup")
    rules.load()


def _poller(conn: Connection) -> select.poll:
    """Waits for `conn` to become readable (`Connection.poll` builds a selector each time,
    which cost each request more than the rest of its hand-over)."""
    poller = select.poll()
    poller.register(conn.fileno(), select.POLLIN)
    return poller


def _readable(poller: select.poll, timeout_s: float | None) -> bool:
    """Whether there is something to read (or the other end hung up) within `timeout_s`."""
    return bool(poller.poll(None if timeout_s is None else timeout_s * 1000))


def _serve(evaluate: Callable[..., bytes], conn: Connection) -> None:
    """In a forked child: no network, then requests answered one by one on a large stack,
    until the parent hangs up or leaves the child idle. Never returns."""
    status = 1
    try:
        deny_network()
        poller = _poller(conn)

        def loop() -> None:
            while _readable(poller, IDLE_S):
                try:
                    request = pickle.loads(conn.recv_bytes())
                except (EOFError, OSError):  # the parent hung up
                    return
                # Should the parent be gone, the kernel ends a runaway query all the same
                # (SIGXCPU at the soft limit; only the soft one may go up again).
                used = resource.getrusage(resource.RUSAGE_SELF)
                cpu = int(used.ru_utime + used.ru_stime) + int(request[0] or 3600) + 2
                if hard != resource.RLIM_INFINITY:
                    cpu = min(cpu, hard)
                resource.setrlimit(resource.RLIMIT_CPU, (cpu, hard))
                try:
                    answer = b"K" + evaluate(*request[1:])
                except BaseException as exc:
                    answer = b"E" + json.dumps({"type": type(exc).__name__,
                                                "message": str(exc)}).encode()
                conn.send_bytes(answer)

        hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
        threading.stack_size(STACK_BYTES)
        worker = threading.Thread(target=loop)
        worker.start()
        worker.join()
        status = 0
    finally:
        os._exit(status)


@dataclass(eq=False)
class _Child:
    pid: int
    conn: Connection
    version: Hashable
    poller: select.poll

    def kill(self) -> None:
        self.conn.close()
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)

    def status(self) -> str:
        """How the child ended, for the error message (it has ended)."""
        self.conn.close()
        try:
            _, code = os.waitpid(self.pid, 0)
        except ChildProcessError:
            return "unknown"
        return f"signal {os.WTERMSIG(code)}" if os.WIFSIGNALED(code) else \
            f"exit status {os.WEXITSTATUS(code)}"


def default_children() -> int:
    """Twice the CPUs this process may run on: evaluation is CPU-bound, so more children
    only time-slice the same cores (measured on one core: 8 made the slowest 1 % of
    requests at 8 clients twice as slow as 2 did, at the same throughput)."""
    return 2 * len(os.sched_getaffinity(0))


class SnapshotWorkers:
    """Forked children that run `evaluate` on the store as it was when they were forked.

    A child serves request after request while the store's version is the one it was
    forked at (forking costs milliseconds, a small query less than one); a child of an
    older version is retired, and so is one that ran past its time or died. At most `size`
    children evaluate at once (further callers wait their turn, first come first served),
    and as many wait between requests, so a steady load never forks.
    """

    def __init__(self, evaluate: Callable[..., bytes], size: int | None = None) -> None:
        self.evaluate = evaluate
        self.size = size or default_children()
        self._slots = threading.Semaphore(self.size)
        self._waiting: list[_Child] = []  # changed in place: the finalizer holds it
        self._lock = threading.Lock()
        weakref.finalize(self, _kill_all, self._waiting)  # a store dropped without close()

    def _fork(self, version: Hashable) -> _Child:
        parent, child = Pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child leaves through os._exit
            parent.close()
            _serve(self.evaluate, child)
        child.close()
        return _Child(pid, parent, version, _poller(parent))

    def _take(self, version: Hashable) -> _Child:
        stale = []
        with self._lock:
            found = None
            for waiting in self._waiting:
                if found is None and waiting.version == version:
                    found = waiting
                elif waiting.version != version:
                    stale.append(waiting)
            self._waiting[:] = [w for w in self._waiting if w is not found and w not in stale]
        for old in stale:
            old.kill()
        return found or self._fork(version)

    def _give_back(self, child: _Child) -> None:
        with self._lock:
            if len(self._waiting) < self.size:
                self._waiting.append(child)
                return
        child.kill()

    def run(self, version: Hashable, timeout_s: float | None, *request: object) -> bytes:
        """`evaluate(*request)` in a child of `version`: its bytes, or the exception it
        raised as SyntaxError, OutboundRefused, IsolatedTimeout or RuntimeError; a child
        that died is IsolatedCrash."""
        with self._slots:
            return self._run(version, timeout_s, *request)

    def _run(self, version: Hashable, timeout_s: float | None, *request: object) -> bytes:
        child = self._take(version)
        payload = pickle.dumps((timeout_s, *request))
        try:
            try:
                child.conn.send_bytes(payload)
            except OSError:  # it had left while idle: one more try with a new one
                child.kill()
                child = self._fork(version)
                child.conn.send_bytes(payload)
            data = child.conn.recv_bytes() if _readable(child.poller, timeout_s) else None
        except (EOFError, OSError):
            raise IsolatedCrash(f"the query process ended without an answer "
                                f"({child.status()})") from None
        except BaseException:
            child.kill()
            raise
        if data is None:
            child.kill()
            raise IsolatedTimeout(f"stopped after {timeout_s:g} s")
        self._give_back(child)
        if data[:1] == b"K":
            return data[1:]
        error = json.loads(data[1:] or b"{}")
        raise _rebuild(error.get("type", ""), error.get("message", "the query process failed"))

    def close(self) -> None:
        with self._lock:
            waiting = list(self._waiting)
            self._waiting.clear()
        _kill_all(waiting)


def _kill_all(children: list[_Child]) -> None:
    for child in list(children):
        child.kill()


_REBUILT: dict[str, type[Exception]] = {
    "SyntaxError": SyntaxError, "QuerySyntaxError": SyntaxError,
    "PermissionError": OutboundRefused, "OutboundRefused": OutboundRefused,
    "OutboundNotAllowed": OutboundRefused, "QueryTimeout": IsolatedTimeout,
}


def _rebuild(kind: str, message: str) -> Exception:
    """The child's exception, as one of the few kinds the caller tells apart."""
    return _REBUILT.get(kind, RuntimeError)(message)


class NetlessThread:
    """One thread, started on first use, without network and on a large stack."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def call(self, fn: Callable[[], T]) -> T:
        if threading.current_thread() is self._thread:
            return fn()
        future: Future = Future()
        self._jobs.put((fn, future))
        self._start()
        return future.result()

    def _start(self) -> None:
        with self._lock:
            if self._thread is not None:
                return
            previous = threading.stack_size(STACK_BYTES)
            try:
                self._thread = threading.Thread(target=self._work, name=self.name, daemon=True)
                self._thread.start()
            finally:
                threading.stack_size(previous)

    def _work(self) -> None:
        deny_network()
        while True:
            fn, future = self._jobs.get()
            try:
                future.set_result(fn())
            except BaseException as exc:
                future.set_exception(exc)
            del fn, future  # a job may hold the store, whose lock its closing must release


__all__ = ["IsolatedCrash", "IsolatedTimeout", "NetlessThread", "OutboundRefused",
           "SnapshotWorkers", "deny_network"]
