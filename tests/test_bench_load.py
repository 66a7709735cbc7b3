"""The benchmark's load generator: the sides it compares take turns and are counted alike."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bench.common import percentile
from bench.load import Target, get, run_alternating, run_block
from bench.server import RunningServer


@contextmanager
def http_server(delay_s: float, busy: bool = False) -> Iterator[tuple[str, int, list[float]]]:
    """A keep-alive HTTP/1.1 server answering every GET after `delay_s` (asleep, or `busy`
    computing); it notes when."""
    seen: list[float] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # head and body are two writes

        def do_GET(self) -> None:
            seen.append(time.perf_counter())
            if busy:
                until = time.thread_time() + delay_s
                while time.thread_time() < until:
                    pass
            else:
                time.sleep(delay_s)
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield "127.0.0.1", server.server_address[1], seen
    finally:
        server.shutdown()
        server.server_close()


def test_one_client_alternates_request_by_request() -> None:
    with http_server(0.02) as (h1, p1, seen_slow), http_server(0.0) as (h2, p2, seen_fast):
        slow, fast = run_alternating([Target(h1, p1, [get("/")]), Target(h2, p2, [get("/")])],
                                     duration_s=0.6)
    assert slow.errors == fast.errors == 0
    assert abs(slow.ops - fast.ops) <= 1 and slow.ops >= 10
    assert percentile(sorted(slow.latencies_ms), 50) >= 20 > percentile(sorted(fast.latencies_ms), 50)
    # Each side's throughput counts only the time spent on it, not the other side's turns.
    assert slow.throughput < 50 < fast.throughput
    # Turns: each turn sends one request to each server (which goes first rotates).
    merged = [side for _, side in sorted([(t, "slow") for t in seen_slow]
                                         + [(t, "fast") for t in seen_fast])]
    turns = [set(merged[i:i + 2]) for i in range(0, len(merged) - 1, 2)]
    assert turns and all(t == {"slow", "fast"} for t in turns)
    assert merged[0] != merged[2]  # the first turn's first server goes second next time


def test_several_clients_take_turns_in_slices_until_each_side_ran_its_time() -> None:
    """Two sides of one speed interleave slice by slice."""
    with http_server(0.005) as (h1, p1, seen_a), http_server(0.005) as (h2, p2, seen_b):
        sides = {"a": (RunningServer("a", h1, p1, 0, Path("a.log")), [get("/")]),
                 "b": (RunningServer("b", h2, p2, 0, Path("b.log")), [get("/")])}
        results = run_block(sides, clients=4, duration_s=0.3, slice_s=0.1)
    for name in ("a", "b"):
        assert results[name].elapsed_s >= 0.3 and results[name].ops > 0
        assert results[name].clients == 4
    # At least three slices each, and b ran between a's first and last request.
    assert len(seen_b) > 0 and min(seen_a) < min(seen_b) < max(seen_a)


def test_a_side_with_one_long_slice_sits_out_the_other_sides_turns() -> None:
    with http_server(0.4) as (h1, p1, seen_slow), http_server(0.0) as (h2, p2, _):
        sides = {"slow": (RunningServer("slow", h1, p1, 0, Path("s.log")), [get("/")]),
                 "fast": (RunningServer("fast", h2, p2, 0, Path("f.log")), [get("/")])}
        results = run_block(sides, clients=2, duration_s=0.3, slice_s=0.05)
    assert len(seen_slow) == 2  # one slice: each client's one 0.4 s request
    assert results["slow"].ops == 2 and results["fast"].elapsed_s >= 0.3
