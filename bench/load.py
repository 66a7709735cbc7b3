"""A small closed-loop HTTP/1.1 load generator (asyncio, keep-alive, 127.0.0.1 only).

Each of `clients` connections sends one operation (one or more requests, back to back),
waits for the full response body, and sends the next: latency is per operation, from the
first byte written to the last byte read. A run stops after `duration_s` or `max_ops`
operations, whichever comes first; a warm-up run whose numbers are discarded goes first.

`run_block` compares servers under the same load: they take turns (operation by operation
at one client, in half-second slices with more), so a machine whose speed drifts from
second to second (a shared virtual machine) slows every side alike.

It speaks raw HTTP/1.1 over asyncio streams rather than using an HTTP client library so
that the client's own cost per request stays small (tens of microseconds) next to what
it measures; Content-Length and chunked bodies are both read.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from bench.common import percentile


@dataclass(frozen=True, slots=True)
class Request:
    method: str
    target: str  # path and query string
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""

    def encode(self, host: str) -> bytes:
        lines = [f"{self.method} {self.target} HTTP/1.1", f"Host: {host}",
                 "User-Agent: kotograph-bench", "Connection: keep-alive"]
        lines += [f"{k}: {v}" for k, v in self.headers]
        if self.body or self.method in ("POST", "PUT"):
            lines.append(f"Content-Length: {len(self.body)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + self.body


def get(path: str, params: dict[str, str] | None = None,
        accept: str = "application/json") -> Request:
    target = path + ("?" + urlencode(params) if params else "")
    return Request("GET", target, (("Accept", accept),))


def sparql_get(path: str, query: str,
               accept: str = "application/sparql-results+json") -> Request:
    """A SPARQL 1.1 Protocol query via GET (the same request shape for every endpoint)."""
    return get(path, {"query": query}, accept)


def no_cache(op: Sequence[Request]) -> list[Request]:
    """The same requests with `Cache-Control: no-cache`: kotograph evaluates them afresh
    instead of answering from the answers it keeps per store state."""
    return [replace(r, headers=(*r.headers, ("Cache-Control", "no-cache"))) for r in op]


@dataclass(slots=True)
class Response:
    status: int
    body: bytes
    close: bool


class BadResponse(RuntimeError):
    pass


async def read_response(reader: asyncio.StreamReader) -> Response:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    try:
        status = int(lines[0].split(" ", 2)[1])
    except (IndexError, ValueError):
        raise BadResponse(f"bad status line {lines[0]!r}") from None
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    close = headers.get("connection", "").lower() == "close"
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif "chunked" in headers.get("transfer-encoding", "").lower():
        parts = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0].strip(), 16)
            if size == 0:
                while (await reader.readuntil(b"\r\n")) != b"\r\n":  # trailers
                    pass
                break
            parts.append(await reader.readexactly(size))
            await reader.readexactly(2)
        body = b"".join(parts)
    elif status in (204, 304) or status < 200:
        body = b""
    else:
        body = await reader.read()
        close = True
    return Response(status, body, close)


@dataclass(slots=True)
class LoadResult:
    """One run of one configuration. Latencies in milliseconds."""

    clients: int
    ops: int
    errors: int
    elapsed_s: float
    latencies_ms: list[float] = field(repr=False)
    first_error: str | None = None
    response_bytes: int = 0

    @property
    def throughput(self) -> float:
        return self.ops / self.elapsed_s if self.elapsed_s else 0.0

    def summary(self) -> dict[str, float | int | str | None]:
        lat = sorted(self.latencies_ms)
        return {
            "clients": self.clients, "ops": self.ops, "errors": self.errors,
            "elapsed_s": round(self.elapsed_s, 3), "throughput": self.throughput,
            "p50_ms": percentile(lat, 50), "p90_ms": percentile(lat, 90),
            "p99_ms": percentile(lat, 99), "max_ms": lat[-1] if lat else float("nan"),
            "mean_ms": sum(lat) / len(lat) if lat else float("nan"),
            "response_bytes": self.response_bytes, "first_error": self.first_error,
        }


async def _run(host: str, port: int, op: Sequence[Request], clients: int, duration_s: float,
               max_ops: int, timeout_s: float) -> LoadResult:
    payloads = [r.encode(f"{host}:{port}") for r in op]
    latencies: list[float] = []
    state = {"started": 0, "errors": 0, "first_error": None, "bytes": 0}
    deadline = time.perf_counter() + duration_s

    async def one_client() -> None:
        reader = writer = None
        try:
            while time.perf_counter() < deadline and state["started"] < max_ops:
                state["started"] += 1
                if writer is None:
                    reader, writer = await asyncio.open_connection(host, port)
                t0 = time.perf_counter()
                ok = True
                for payload in payloads:
                    writer.write(payload)
                    response = await asyncio.wait_for(read_response(reader), timeout_s)
                    if response.status != 200:
                        ok = False
                        if state["first_error"] is None:
                            state["first_error"] = f"{response.status}: {response.body[:300]!r}"
                    state["bytes"] = len(response.body)
                    if response.close:
                        writer.close()
                        reader = writer = None
                        if payload is not payloads[-1]:
                            reader, writer = await asyncio.open_connection(host, port)
                elapsed = (time.perf_counter() - t0) * 1000
                if ok:
                    latencies.append(elapsed)
                else:
                    state["errors"] += 1
        except (TimeoutError, OSError, asyncio.IncompleteReadError, BadResponse) as exc:
            state["errors"] += 1
            if state["first_error"] is None:
                state["first_error"] = f"{type(exc).__name__}: {exc}"
        finally:
            if writer is not None:
                writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(one_client() for _ in range(clients)))
    elapsed = time.perf_counter() - started
    return LoadResult(clients, len(latencies), state["errors"], elapsed, latencies,
                      state["first_error"], state["bytes"])


@dataclass(frozen=True, slots=True)
class Target:
    """One side of an alternating run: a server and the operation it is sent."""

    host: str
    port: int
    op: Sequence[Request]


async def _send_op(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                   payloads: Sequence[bytes], timeout_s: float) -> tuple[str | None, int]:
    """One operation on an open keep-alive connection: its first error, if any, and the
    size of its last response body."""
    error, size = None, 0
    for payload in payloads:
        writer.write(payload)
        response = await asyncio.wait_for(read_response(reader), timeout_s)
        if response.status != 200 and error is None:
            error = f"{response.status}: {response.body[:300]!r}"
        if response.close:
            raise BadResponse("the server closed a keep-alive connection")
        size = len(response.body)
    return error, size


async def _alternate(targets: Sequence[Target], duration_s: float, max_ops: int,
                     timeout_s: float) -> list[LoadResult]:
    conns = [await asyncio.open_connection(t.host, t.port) for t in targets]
    payloads = [[r.encode(f"{t.host}:{t.port}") for r in t.op] for t in targets]
    latencies: list[list[float]] = [[] for _ in targets]
    busy = [0.0] * len(targets)
    errors = [0] * len(targets)
    sizes = [0] * len(targets)
    first: list[str | None] = [None] * len(targets)
    deadline = time.perf_counter() + duration_s
    turn = 0
    try:
        while time.perf_counter() < deadline and turn < max_ops:
            for k in range(len(targets)):
                i = (turn + k) % len(targets)  # rotate who goes first
                reader, writer = conns[i]
                t0 = time.perf_counter()
                error, sizes[i] = await _send_op(reader, writer, payloads[i], timeout_s)
                elapsed = time.perf_counter() - t0
                busy[i] += elapsed
                if error is None:
                    latencies[i].append(elapsed * 1000)
                else:
                    errors[i] += 1
                    first[i] = first[i] or error
            turn += 1
    finally:
        for _, writer in conns:
            writer.close()
    return [LoadResult(1, len(latencies[i]), errors[i], busy[i], latencies[i], first[i], sizes[i])
            for i in range(len(targets))]


def run_alternating(targets: Sequence[Target], *, duration_s: float, max_ops: int = 1_000_000,
                    timeout_s: float = 120.0) -> list[LoadResult]:
    """One client per target, the targets taking turns operation by operation for
    `duration_s` in all. A target's throughput is its operations over the time it spent
    answering them (one client: the inverse of its mean latency)."""
    for t in targets:
        _local_only(t.host)
    return asyncio.run(_alternate(targets, duration_s, max_ops, timeout_s))


def _local_only(host: str) -> None:
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError("the load generator only targets the local machine")


def run_load(host: str, port: int, op: Sequence[Request], *, clients: int, duration_s: float,
             max_ops: int = 1_000_000, warmup_s: float = 0.0, timeout_s: float = 120.0) -> LoadResult:
    """Warm up for `warmup_s` (discarded), then measure one bounded run."""
    _local_only(host)
    if warmup_s > 0:
        asyncio.run(_run(host, port, op, clients, warmup_s, max_ops, timeout_s))
    return asyncio.run(_run(host, port, op, clients, duration_s, max_ops, timeout_s))


def fetch(host: str, port: int, request: Request, timeout_s: float = 60.0) -> Response:
    """One request on a fresh connection (for checks and captures)."""

    async def go() -> Response:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            writer.write(request.encode(f"{host}:{port}"))
            return await asyncio.wait_for(read_response(reader), timeout_s)
        finally:
            writer.close()

    return asyncio.run(go())


SLICE_S = 0.5  # seconds per turn of a side when several clients load it


def merge_runs(results: Sequence[LoadResult]) -> LoadResult:
    """Several runs of one side as one: all their operations, all their running time."""
    return LoadResult(
        clients=results[0].clients, ops=sum(r.ops for r in results),
        errors=sum(r.errors for r in results), elapsed_s=sum(r.elapsed_s for r in results),
        latencies_ms=[x for r in results for x in r.latencies_ms],
        first_error=next((r.first_error for r in results if r.first_error), None),
        response_bytes=results[-1].response_bytes)


def run_block(sides: dict[str, tuple[Any, Sequence[Request]]], clients: int, duration_s: float,
              slice_s: float = SLICE_S) -> dict[str, LoadResult]:
    """Every side (a server with host and port, and its operation) runs about
    `duration_s`, the sides taking turns: at one client operation by operation
    (`run_alternating`), with more in slices of `slice_s` (a slice lasts until each client's
    last operation is answered), rotating which side goes first. A side that has run
    `duration_s` sits out the remaining turns."""
    if clients == 1:
        results = run_alternating([Target(srv.host, srv.port, op) for srv, op in sides.values()],
                                  duration_s=duration_s * len(sides))
        return dict(zip(sides, results, strict=True))
    names = list(sides)
    parts: dict[str, list[LoadResult]] = {name: [] for name in names}

    def ran(name: str) -> float:
        return sum(r.elapsed_s for r in parts[name])

    turn = 0
    while any(ran(n) < duration_s for n in names):
        for name in names[turn % len(names):] + names[:turn % len(names)]:
            if ran(name) < duration_s:
                srv, op = sides[name]
                parts[name].append(run_load(srv.host, srv.port, op, clients=clients,
                                            duration_s=slice_s))
        turn += 1
    return {name: merge_runs(runs) for name, runs in parts.items()}
