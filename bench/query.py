"""SPARQL benchmark: kotograph's `/sparql` against Oxigraph's own server, same data, same CPUs.

Baseline: `oxigraph serve --union-default-graph` over a store loaded (`oxigraph load`) from
the N-Quads dump of kotograph's store, i.e. the same engine without kotograph's Python
layer (FastAPI, protocol handling, pyoxigraph bindings). The same SPARQL 1.1 Protocol GET
request goes to both. For each query and 1, 8, 32 clients: p50/p99 latency and throughput,
the servers taking turns request by request (one client) or in half-second slices.

    python -m bench.query [--duration 3] [--repeats 5] [--clients 1,8,32] [--no-examples]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.common import RESULTS_DIR, process_cpu_s, ratio, write_json
from bench.load import LoadResult, Request, Target, no_cache, run_alternating, run_load, sparql_get
from bench.queries import ANALYTIC
from bench.server import RunningServer
from bench.stack import WHO_MUNICIPALITY, WHO_SERVICE, Stack, compare, stack

TARGET_LATENCY_RATIO = 1.3
TARGET_THROUGHPUT_RATIO = 0.7
def reordered_who(who: str) -> str | None:
    """The who-query with its OPTIONAL lines moved after the required patterns, or None
    when there is nothing to move (informational: the fix proposed in BENCHMARKS.md)."""
    lines = who.splitlines()
    optional = [i for i, line in enumerate(lines) if line.strip().startswith("OPTIONAL")]
    if not optional:
        return None
    required_after = [i for i, line in enumerate(lines)
                      if i > optional[-1] and line.strip().startswith("?")]
    if not required_after:
        return None
    moved = [lines[i] for i in optional]
    rest = [line for i, line in enumerate(lines) if i not in set(optional)]
    insert_at = rest.index(lines[required_after[-1]]) + 1
    return "\n".join(rest[:insert_at] + moved + rest[insert_at:])


def queries(st: Stack) -> dict[str, tuple[str, str]]:
    who = st.captured["responsibilities"][-1]
    out = {"who": (f"who is responsible: the SPARQL graph.queries.responsibilities sends "
                   f"({WHO_MUNICIPALITY}, {WHO_SERVICE})", who), **ANALYTIC}
    out["ask-floor"] = ("informational: `ASK {}`, i.e. each server's fixed cost per request "
                        "(HTTP, protocol handling, serialisation) with no data to read", "ASK {}")
    fixed = reordered_who(who)
    if fixed:
        out["who-reordered"] = ("informational, NOT what kotograph sends: the who-query with its "
                                "OPTIONALs after the required patterns (proposed fix)", fixed)
    return out


SLICE_S = 0.5  # seconds per turn of a side when several clients load it


def merge_runs(results: Sequence[LoadResult]) -> LoadResult:
    """Several runs of one side as one: all their operations, all their running time."""
    cpu = [r.server_cpu_s for r in results]
    return LoadResult(
        clients=results[0].clients, ops=sum(r.ops for r in results),
        errors=sum(r.errors for r in results), elapsed_s=sum(r.elapsed_s for r in results),
        latencies_ms=[x for r in results for x in r.latencies_ms],
        first_error=next((r.first_error for r in results if r.first_error), None),
        response_bytes=results[-1].response_bytes,
        server_cpu_s=None if None in cpu else sum(cpu))  # type: ignore[arg-type]


def _slice(srv: RunningServer, op: Sequence[Request], clients: int, slice_s: float,
           max_ops: int) -> LoadResult:
    """One side's turn, with the CPU time its server spent meanwhile (each server is its
    own process and only its side's requests reach it during the turn)."""
    before = process_cpu_s(srv.pid)
    result = run_load(srv.host, srv.port, op, clients=clients, duration_s=slice_s, max_ops=max_ops)
    after = process_cpu_s(srv.pid)
    if before is not None and after is not None:
        result.server_cpu_s = after - before
    return result


def run_block(sides: dict[str, tuple[RunningServer, Sequence[Request]]], clients: int,
           duration_s: float, max_ops: int, slice_s: float) -> dict[str, LoadResult]:
    """One block: every side runs about `duration_s`, the sides taking turns.

    One client: turn by turn, one operation each (`run_alternating`). More clients: slices
    of `slice_s` (a slice lasts until each client's last operation is answered, so a slow
    query's slice is longer), rotating which side goes first; a side that has run
    `duration_s` sits out the remaining turns (a slow query's one long slice is enough,
    while the answers kept for it take many short ones)."""
    if clients == 1:
        results = run_alternating([Target(srv.host, srv.port, op) for srv, op in sides.values()],
                                  duration_s=duration_s * len(sides), max_ops=max_ops)
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
                parts[name].append(_slice(srv, op, clients, slice_s, max_ops))
        turn += 1
    return {name: merge_runs(runs) for name, runs in parts.items()}


def compare_ops(st: Stack, kotograph_op: Sequence[Request], oxigraph_op: Sequence[Request], *,
                clients: int, duration_s: float, repeats: int, max_ops: int,
                slice_s: float = SLICE_S) -> dict[str, object]:
    """kotograph and Oxigraph's server under the same load, interleaved finely.

    kotograph runs twice: as clients meet it (a repeated request is answered from the
    answers it keeps per store state) and with `Cache-Control: no-cache` (evaluated every
    time: the cost of the first request after each ingest, or of always-new questions).

    The sides take turns (see `run_block`) for `repeats` blocks of about `duration_s` each: a
    shared virtual machine changes speed from second to second (a pure-Python loop here
    took 184 to 279 ms from one repetition to the next, the machine otherwise idle), so
    sides measured seconds apart meet different machines. A side's p50 and p99 are over
    all its operations, its throughput is its operations over the time it ran; each
    block's own ratios show the spread that is left.
    """
    sides = {"kotograph": (st.kotograph, kotograph_op),
             "kotograph_fresh": (st.kotograph, no_cache(kotograph_op)),
             "oxigraph": (st.oxigraph, oxigraph_op)}
    blocks: dict[str, list[LoadResult]] = {name: [] for name in sides}
    for _ in range(repeats):
        for name, result in run_block(sides, clients, duration_s, max_ops, slice_s).items():
            blocks[name].append(result)
    out: dict[str, object] = {"clients": clients}
    for name, results in blocks.items():
        pooled = merge_runs(results).summary()
        out[name] = {key: pooled[key] for key in ("p50_ms", "p99_ms", "throughput", "ops",
                                                  "errors", "first_error", "response_bytes",
                                                  "server_cpu_ms_per_op")}
        out[name]["runs"] = [r.summary() for r in results]
    o = out["oxigraph"]
    for side, prefix in (("kotograph", ""), ("kotograph_fresh", "fresh_")):
        k = out[side]
        if k["server_cpu_ms_per_op"] is not None and o["server_cpu_ms_per_op"] is not None:
            out[f"{prefix}cpu_ratio"] = ratio(k["server_cpu_ms_per_op"], o["server_cpu_ms_per_op"])
        for key, label in (("p50_ms", "p50"), ("p99_ms", "p99"), ("throughput", "throughput")):
            out[f"{prefix}{label}_ratio"] = ratio(k[key], o[key])
            out[f"{prefix}{label}_ratio_blocks"] = [
                ratio(kr[key], orr[key]) for kr, orr in zip(k["runs"], o["runs"], strict=True)]
    return out


def warm_up(st: Stack, kotograph_op: Sequence[Request], oxigraph_op: Sequence[Request],
            seconds: float) -> None:
    """One client for `seconds` (at least one operation) on each side; numbers discarded."""
    if seconds > 0:
        for server, op in ((st.kotograph, kotograph_op), (st.oxigraph, oxigraph_op)):
            run_load(server.host, server.port, op, clients=1, duration_s=seconds)


def calibrate(st: Stack, clients: Sequence[int], duration_s: float) -> dict[str, object]:
    """What the load generator itself can drive: `ASK {}` against Oxigraph's server."""
    op = [sparql_get("/query", "ASK {}")]
    out = {}
    for c in clients:
        res = run_load(st.oxigraph.host, st.oxigraph.port, op, clients=c, duration_s=duration_s,
                       warmup_s=min(duration_s, 0.5))
        s = res.summary()
        out[str(c)] = {"throughput": s["throughput"], "p50_ms": s["p50_ms"], "p99_ms": s["p99_ms"]}
    return out


def measure(st: Stack, *, clients: Sequence[int] = (1, 8, 32), duration_s: float = 3.0,
            repeats: int = 5, warmup_s: float = 1.0, max_ops: int = 50_000,
            log: Callable[[str], None] = print) -> dict[str, object]:
    results: dict[str, object] = {}
    ceiling = calibrate(st, clients, min(duration_s, 2.0))
    log("query: load generator ceiling (ASK {} on oxigraph serve): "
        + ", ".join(f"c={c} {v['throughput']:.0f}/s" for c, v in ceiling.items()))
    for name, (description, text) in queries(st).items():
        check = compare(st, text)
        if not check.get("identical"):
            log(f"WARNING: {name}: the servers' answers differ: {check}")
        entry: dict[str, object] = {"description": description, "sparql": text, "check": check,
                                    "configs": []}
        op_k, op_o = [sparql_get("/sparql", text)], [sparql_get("/query", text)]
        warm_up(st, op_k, op_o, warmup_s)
        for c in clients:
            r = compare_ops(st, op_k, op_o, clients=c, duration_s=duration_s, repeats=repeats,
                            max_ops=max_ops)
            k, o = r["kotograph"], r["oxigraph"]
            r["meets_latency_target"] = (r["p50_ratio"] <= TARGET_LATENCY_RATIO
                                         and r["p99_ratio"] <= TARGET_LATENCY_RATIO)
            r["meets_throughput_target"] = r["throughput_ratio"] >= TARGET_THROUGHPUT_RATIO
            r["fresh_meets_latency_target"] = (r["fresh_p50_ratio"] <= TARGET_LATENCY_RATIO
                                               and r["fresh_p99_ratio"] <= TARGET_LATENCY_RATIO)
            r["fresh_meets_throughput_target"] = r["fresh_throughput_ratio"] >= TARGET_THROUGHPUT_RATIO
            f = r["kotograph_fresh"]
            log(f"query {name:<18} c={c:<3} kotograph p50 {k['p50_ms']:8.2f} ms p99 {k['p99_ms']:8.2f} ms "
                f"{k['throughput']:7.1f}/s | oxigraph p50 {o['p50_ms']:8.2f} ms p99 {o['p99_ms']:8.2f} ms "
                f"{o['throughput']:7.1f}/s | ratios p50 {r['p50_ratio']:.2f} p99 {r['p99_ratio']:.2f} "
                f"thr {r['throughput_ratio']:.2f} | no-cache p50 {f['p50_ms']:8.2f} ms "
                f"p99 {f['p99_ms']:8.2f} ms {f['throughput']:7.1f}/s ratios p50 {r['fresh_p50_ratio']:.2f} "
                f"p99 {r['fresh_p99_ratio']:.2f} thr {r['fresh_throughput_ratio']:.2f}"
                + (f" cpu/op {r['fresh_cpu_ratio']:.2f}" if "fresh_cpu_ratio" in r else "")
                + (f" | ERRORS k={k['errors']} o={o['errors']}: {k['first_error'] or o['first_error']}"
                   if k["errors"] or o["errors"] else ""))
            entry["configs"].append(r)
        results[name] = entry
    return {"queries": results, "duration_s": duration_s, "repeats": repeats, "warmup_s": warmup_s,
            "slice_s": SLICE_S,
            "max_ops": max_ops, "clients": list(clients), "client_ceiling": ceiling,
            "target_latency_ratio": TARGET_LATENCY_RATIO,
            "target_throughput_ratio": TARGET_THROUGHPUT_RATIO}


def measure_with_allocator_control(st: Stack, *, clients: Sequence[int] = (1, 8, 32),
                                   **common: Any) -> dict[str, object]:
    """`measure`, then the who-query on the four server/allocator combinations
    (bench.allocators; the stack must have been started with `spares`)."""
    from bench import allocators  # it builds on this module's blocks

    out = measure(st, clients=clients, **common)
    out["allocators"] = allocators.measure(st, queries(st)["who"][1], **common)
    return out


def add_common_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--duration", type=float, default=3.0, help="seconds per measured run")
    p.add_argument("--repeats", type=int, default=5, help="measured runs per configuration")
    p.add_argument("--warmup", type=float, default=1.0, help="warm-up seconds per configuration")
    p.add_argument("--max-ops", type=int, default=50_000, help="operations per run at most")
    p.add_argument("--no-examples", action="store_true", help="synthetic data only (no NLP)")
    p.add_argument("--no-pin", action="store_true", help="do not pin servers and client to CPUs")
    p.add_argument("--workdir", type=Path, help="keep stores and server logs here")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_args(p)
    p.add_argument("--clients", default="1,8,32")
    p.add_argument("--json", type=Path, default=RESULTS_DIR / "query.json")
    args = p.parse_args(argv)
    return run_on_stack(args, lambda st: measure_with_allocator_control(
        st, clients=[int(c) for c in args.clients.split(",")], duration_s=args.duration,
        repeats=args.repeats, warmup_s=args.warmup, max_ops=args.max_ops), spares=True)


def run_on_stack(args: argparse.Namespace, run: Callable[[Stack], dict[str, object]],
                 spares: bool = False) -> int:
    """Start the servers as the common options say, run one benchmark, write its JSON."""
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
    with stack(workdir=args.workdir, include_examples=not args.no_examples,
               pin=not args.no_pin, spares=spares) as st:
        result = run(st)
        result["dataset"] = st.data.info
        result["checks"] = st.checks
    write_json(args.json, result)
    print(f"results: {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
