"""Worker threads for blocking store calls, with a cheaper hop than anyio's.

Store queries never run on the event loop, so every evaluated SPARQL request crosses to a
worker thread and back. `anyio.to_thread.run_sync` plus its cancel scope costs the event
loop ~40-50 µs per crossing (capacity limiter, cancel scopes, one queue per worker); the
hop here costs ~20 µs: a job goes into one FIFO queue, an idle thread runs it, and the
result comes back through `call_soon_threadsafe`. pyoxigraph releases the GIL while it
evaluates, so the threads run queries in parallel on several cores. FIFO order keeps the
latency tail even when more requests arrive than there are threads.

The threads run as SCHED_BATCH (Linux): a woken store thread needs the GIL, which the
event loop that woke it still holds, so preempting the loop only bounces between the two.
Measured at one client on one core: 8.6 → 3.9 context switches per evaluated request, p50
-2 %, p99 -5 to -13 % (BENCHMARKS.md has the end-to-end figures).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import queue
import threading
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

T = TypeVar("T")


def _settle(future: asyncio.Future, result: Any, error: BaseException | None) -> None:
    """On the loop: hand a finished job's outcome to its waiter (unless it gave up)."""
    if future.done():  # timed out or the client went away: the answer has no one to go to
        return
    if error is None:
        future.set_result(result)
    else:
        future.set_exception(error)


def _wait_for_the_loop() -> None:
    """Mark the calling thread SCHED_BATCH: it no longer preempts the thread that woke it.

    Only this thread: on Linux the scheduling policy is per thread (pid 0 is the caller).
    Where the policy does not exist (not Linux) or is refused, nothing changes."""
    policy = getattr(os, "SCHED_BATCH", None)
    if policy is not None:
        with contextlib.suppress(OSError):
            os.sched_setscheduler(0, policy, os.sched_param(0))


def _expire(future: asyncio.Future) -> None:
    if not future.done():
        future.set_exception(TimeoutError())


class StoreThreads:
    """`size` daemon threads, started at the first call, serving one FIFO queue."""

    def __init__(self, size: int, name: str = "kotograph-store") -> None:
        self.size = size
        self.name = name
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._started = False
        self._lock = threading.Lock()
        self._spares = 0  # threads started to stand in for ones held by abandoned calls

    @staticmethod
    def default_size() -> int:
        """Twice the CPUs this process may run on. pyoxigraph evaluates without the GIL, so
        more threads than that only time-slice the same cores: measured on one core, 8
        threads made the slowest 1 % of requests at 8 clients twice as slow as 2 threads
        did (21.7 vs 10.8 ms) at about the same throughput."""
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        return 2 * (cpus or 1)

    async def run(self, fn: Callable[..., T], *args: Any, timeout_s: float | None = None) -> T:
        """`fn(*args)` in a worker thread. After `timeout_s` the caller gets TimeoutError and
        the job is abandoned (a running store call cannot be interrupted; it finishes alone)."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._jobs.put((loop, future, partial(fn, *args) if args else fn))
        self._ensure_started()
        if timeout_s is None:
            return await future
        timer = loop.call_later(timeout_s, _expire, future)  # cheaper than asyncio.wait_for
        try:
            return await future
        except TimeoutError:
            self._stand_in()
            raise
        finally:
            timer.cancel()

    def _stand_in(self) -> None:
        """A timed-out call keeps its thread until the store returns: start another, so a
        few runaway queries cannot take every thread; the first thread to finish an
        abandoned call leaves again."""
        with self._lock:
            self._spares += 1
            index = self.size + self._spares
        threading.Thread(target=self._work, name=f"{self.name}-{index}", daemon=True).start()

    def _ensure_started(self) -> None:
        """All threads at once on first use: an app that never queries starts none, and no
        job pays for bookkeeping of idle threads."""
        if self._started:
            return
        with self._lock:
            if self._started:
                return
            for index in range(1, self.size + 1):
                threading.Thread(target=self._work, name=f"{self.name}-{index}", daemon=True).start()
            self._started = True

    def _work(self) -> None:
        _wait_for_the_loop()
        while True:
            loop, future, fn = self._jobs.get()
            if future.done():  # its waiter gave up before it started
                continue
            try:
                outcome = (fn(), None)
            except BaseException as exc:  # the waiter re-raises it
                outcome = (None, exc)
            if future.done() and self._leave():  # abandoned: a stand-in took our place
                return
            # RuntimeError: the loop has closed (server stopped), nobody waits.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(_settle, future, *outcome)

    def _leave(self) -> bool:
        with self._lock:
            if self._spares == 0:
                return False
            self._spares -= 1
            return True


__all__ = ["StoreThreads"]
