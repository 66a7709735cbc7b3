"""The worker threads that run store calls off the event loop."""

from __future__ import annotations

import asyncio
import os
import threading
import time

import pytest

from api.store_threads import StoreThreads


def test_calls_run_off_the_loop_thread_and_return_their_values() -> None:
    pool = StoreThreads(2)

    async def main() -> tuple[str, int]:
        name = await pool.run(lambda: threading.current_thread().name)
        value = await pool.run(pow, 2, 10)
        return name, value

    name, value = asyncio.run(main())
    assert name.startswith("kotograph-store") and name != threading.current_thread().name
    assert value == 1024


def test_an_error_in_the_call_reaches_the_caller() -> None:
    pool = StoreThreads(1)

    def fail() -> None:
        raise ValueError("bad query")

    async def main() -> None:
        await pool.run(fail)

    with pytest.raises(ValueError, match="bad query"):
        asyncio.run(main())


def test_a_stuck_call_times_out_and_the_others_still_run() -> None:
    pool = StoreThreads(2)
    release = threading.Event()

    async def main() -> int:
        with pytest.raises(TimeoutError):
            await pool.run(release.wait, 5, timeout_s=0.05)
        try:
            return await pool.run(sum, [1, 2, 3], timeout_s=5)  # the second thread serves it
        finally:
            release.set()

    assert asyncio.run(main()) == 6


def test_no_more_threads_than_its_size_even_under_a_burst() -> None:
    pool = StoreThreads(3)
    running, peak, lock = 0, 0, threading.Lock()

    def work() -> None:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.01)
        with lock:
            running -= 1

    async def main() -> None:
        await asyncio.gather(*(pool.run(work) for _ in range(20)))

    asyncio.run(main())
    assert peak == 3
    assert sum(t.name.startswith("kotograph-store") for t in threading.enumerate()) >= 3


def test_a_runaway_call_does_not_take_the_only_thread() -> None:
    """A timed-out call still holds its thread; a stand-in serves the queue meanwhile, and
    the pool shrinks back once the runaway call returns."""
    pool = StoreThreads(1, name="runaway-test")
    release = threading.Event()

    def alive() -> int:
        return sum(t.name.startswith("runaway-test") for t in threading.enumerate())

    async def main() -> tuple[int, int]:
        with pytest.raises(TimeoutError):
            await pool.run(release.wait, 5, timeout_s=0.05)
        try:
            return await pool.run(sum, [4, 5], timeout_s=2), alive()
        finally:
            release.set()

    value, during = asyncio.run(main())
    assert value == 9 and during == 2
    deadline = time.monotonic() + 2
    while alive() > 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert alive() == 1


@pytest.mark.skipif(not hasattr(os, "SCHED_BATCH"), reason="scheduling policies are Linux's")
def test_store_threads_yield_to_the_loop_and_leave_its_thread_alone() -> None:
    pool = StoreThreads(1)
    before = os.sched_getscheduler(0)

    async def main() -> int:
        return await pool.run(os.sched_getscheduler, 0)

    assert asyncio.run(main()) == os.SCHED_BATCH
    assert os.sched_getscheduler(0) == before  # the event loop's thread keeps its policy
