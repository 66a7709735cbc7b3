"""Run the embedded store's work on SPARQL text from outside where it can do no harm.

Oxigraph evaluates `SERVICE` and `LOAD` by opening connections itself, cannot cancel a
running query, and parses recursively (a few thousand nested groups overflow a thread's
stack). pyoxigraph 0.5 exposes neither the parsed algebra, nor a switch for its HTTP
client, nor a cancellation token, so the limits are put around it instead:

* `deny_network()` installs a seccomp filter on the calling thread: `socket()` for any
  family but AF_UNIX (and io_uring, which can open sockets without `socket()`) fails with
  EACCES. The kernel enforces it, so no spelling of `SERVICE`, `LOAD` or an IRI escape
  can get past it; Oxigraph reports the failure as a PermissionError.
* `run_isolated(fn)` runs `fn` in a forked child: a snapshot of the store at that moment,
  without network (above), on a large stack, killed when its time is up. A query that
  runs too long stops using the CPU when its client gets the 503, and one that crashes
  the parser takes only the child with it.
* `NetlessThread` runs calls (the store's writes) on one thread with the same filter and
  stack; writes cannot be forked (the child's copy would not be the store).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import queue
import resource
import select
import signal
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

import pyseccomp

T = TypeVar("T")

# A recursive-descent parse costs up to ~3 KB of stack per nesting level (measured on
# pyoxigraph 0.5.13: 3,000 nested groups overflow the default 8 MB); the query limits of
# `graph.sparql_limits` keep any accepted text well inside this.
STACK_BYTES = 256 * 1024 * 1024


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


def _child(fn: Callable[[], bytes], write_fd: int, cpu_s: int | None) -> None:
    """In the forked child: no network, a CPU limit, `fn` on a large stack; never returns."""
    status = 1
    try:
        if cpu_s:  # a backstop should the parent be gone: the kernel ends the child
            resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
        deny_network()
        outcome: list[bytes] = []

        def work() -> None:
            try:
                outcome.append(b"K" + fn())
            except BaseException as exc:
                outcome.append(b"E" + json.dumps({"type": type(exc).__name__,
                                                   "message": str(exc)}).encode())

        threading.stack_size(STACK_BYTES)
        worker = threading.Thread(target=work)
        worker.start()
        worker.join()
        view = memoryview(outcome[0] if outcome else b"E{}")
        while view:
            view = view[os.write(write_fd, view):]
        status = 0
    finally:
        os._exit(status)


def _reap(pid: int, kill: bool) -> int:
    if kill:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return os.waitpid(pid, 0)[1]


def run_isolated(fn: Callable[[], bytes], timeout_s: float | None) -> bytes:
    """`fn()` in a forked child without network; its bytes, or the exception it raised.

    The exception comes back as `SyntaxError`, `OutboundRefused` (a PermissionError in the
    child: it tried to connect) or `RuntimeError` with the child's message.
    """
    read_fd, write_fd = os.pipe()
    cpu_s = int(timeout_s) + 2 if timeout_s else None
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child leaves through os._exit
        os.close(read_fd)
        _child(fn, write_fd, cpu_s)
    os.close(write_fd)
    deadline = None if timeout_s is None else time.monotonic() + timeout_s
    chunks: list[bytes] = []
    killed = finished = False
    try:
        while True:
            wait = None if deadline is None else deadline - time.monotonic()
            if wait is not None and wait <= 0:
                killed = True
                break
            ready, _, _ = select.select([read_fd], [], [], wait)
            if ready:
                chunk = os.read(read_fd, 1 << 20)
                if not chunk:
                    finished = True
                    break
                chunks.append(chunk)
    finally:
        os.close(read_fd)
        status = _reap(pid, kill=not finished)
    if killed:
        raise IsolatedTimeout(f"stopped after {timeout_s:g} s")
    data = b"".join(chunks)
    if not data:
        how = (f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status)
               else f"exit status {os.WEXITSTATUS(status)}")
        raise IsolatedCrash(f"the query process ended without an answer ({how})")
    if data[:1] == b"K":
        return data[1:]
    error = json.loads(data[1:] or b"{}")
    raise _rebuild(error.get("type", ""), error.get("message", "the query process failed"))


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


__all__ = ["IsolatedCrash", "IsolatedTimeout", "NetlessThread", "OutboundRefused",
           "deny_network", "run_isolated"]
