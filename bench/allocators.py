"""Allocator control: how much of the `no-cache` ratio is the memory allocator.

`kotograph serve` runs on mimalloc (api.allocator); `oxigraph serve` as its package ships runs
on glibc's malloc. So that a ratio against the shipped server is not read as kotograph doing
less work, this measures one query evaluated every time on all four combinations, the same
data, the same CPUs, the four sides taking turns (bench.query's blocks):

    kotograph on mimalloc (as served)     kotograph on glibc (KOTOGRAPH_ALLOCATOR=system)
    oxigraph serve as shipped (glibc)     oxigraph serve with mimalloc preloaded

The two extra servers run on copies of the stores taken before the main servers opened them
(`Stack.spare_stores`) and only during this measurement.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from api.allocator import LIBRARIES, mapped_allocator
from bench.common import ROOT, free_port, ratio, tool
from bench.load import fetch, get, no_cache, run_load, sparql_get
from bench.query import SLICE_S, merge_runs, run_block
from bench.server import RunningServer, run_server
from bench.stack import AS_SHIPPED, Stack, wait_until_warm

MIMALLOC = LIBRARIES["mimalloc"][1]


def memory_mib(pid: int) -> dict[str, float | None]:
    """Peak and current resident memory of a process (VmHWM, VmRSS), MiB."""
    out: dict[str, float | None] = {"peak_rss_mib": None, "rss_mib": None}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                out["peak_rss_mib" if key == "VmHWM" else "rss_mib"] = int(value.split()[0]) / 1024
    return out


def _extra_servers(st: Stack, stack_: contextlib.ExitStack) -> tuple[RunningServer, RunningServer]:
    """kotograph on glibc and oxigraph on mimalloc, on the spare stores, warmed like the
    main ones (first page, SHACL report, computed pages) before any measurement."""
    workdir = st.spare_stores["kotograph"].parent
    kport, oport = free_port(), free_port()
    k_sys = stack_.enter_context(run_server(
        "kotograph serve (system allocator)",
        [tool("kotograph"), "--store", str(st.spare_stores["kotograph"]), "serve",
         "--host", "127.0.0.1", "--port", str(kport)],
        port=kport, ready_path="/api/v1/services", log=workdir / "kotograph-system.log",
        env={**st.server_env, "KOTOGRAPH_ALLOCATOR": "system"}, cwd=ROOT, cpus=st.server_cpus))
    o_mi = stack_.enter_context(run_server(
        "oxigraph serve (mimalloc)",
        [tool("oxigraph"), "serve", "--location", str(st.spare_stores["oxigraph"]),
         "--union-default-graph", "--bind", f"127.0.0.1:{oport}"],
        port=oport, ready_path="/", log=workdir / "oxigraph-mimalloc.log",
        env={**AS_SHIPPED, "LD_PRELOAD": MIMALLOC}, cpus=st.server_cpus))
    fetch(k_sys.host, k_sys.port, get("/", accept="text/html"), timeout_s=900)
    fetch(k_sys.host, k_sys.port, get("/api/v1/validation"), timeout_s=900)
    wait_until_warm(k_sys)
    return k_sys, o_mi


def measure(st: Stack, query: str, *, clients: int = 8, duration_s: float = 3.0,
            repeats: int = 5, warmup_s: float = 1.0, max_ops: int = 50_000,
            log: Callable[[str], None] = print) -> dict[str, object]:
    op_k, op_o = no_cache([sparql_get("/sparql", query)]), [sparql_get("/query", query)]
    with contextlib.ExitStack() as stack_:
        k_sys, o_mi = _extra_servers(st, stack_)
        sides = {"kotograph_mimalloc": (st.kotograph, op_k), "kotograph_system": (k_sys, op_k),
                 "oxigraph": (st.oxigraph, op_o), "oxigraph_mimalloc": (o_mi, op_o)}
        for srv, op in sides.values():
            run_load(srv.host, srv.port, op, clients=1, duration_s=warmup_s)
        blocks = [run_block(sides, clients, duration_s, max_ops, SLICE_S) for _ in range(repeats)]
        out: dict[str, object] = {"clients": clients, "sparql": query}
        for name, (srv, _) in sides.items():
            pooled = merge_runs([b[name] for b in blocks]).summary()
            out[name] = {**{k: pooled[k] for k in ("p50_ms", "p99_ms", "throughput", "ops",
                                                   "errors", "server_cpu_ms_per_op")},
                         "allocator": mapped_allocator(Path(f"/proc/{srv.pid}/maps")),
                         **memory_mib(srv.pid)}
    base = out["oxigraph"]
    for name in sides:
        side = out[name]
        side["cpu_ratio"] = ratio(side["server_cpu_ms_per_op"], base["server_cpu_ms_per_op"])
        side["p50_ratio"] = ratio(side["p50_ms"], base["p50_ms"])
    out["same_allocator_cpu_ratio"] = {
        "glibc": out["kotograph_system"]["cpu_ratio"],
        "mimalloc": ratio(out["kotograph_mimalloc"]["server_cpu_ms_per_op"],
                          out["oxigraph_mimalloc"]["server_cpu_ms_per_op"])}
    log("allocators: " + " | ".join(
        f"{n} {out[n]['allocator']} cpu/op {out[n]['server_cpu_ms_per_op']:.3f} ms "
        f"p50 {out[n]['p50_ms']:.2f} ms" for n in sides))
    return out
