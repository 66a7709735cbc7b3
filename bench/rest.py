"""REST benchmark: the who-question and the home page, against the raw SPARQL they cost.

* `GET /api/v1/responsibilities?municipality=…&service=…` with 1 and 32 concurrent
  clients (target: p99 < 20 ms at 32). Baseline: the SPARQL queries that route sends to
  its store (captured in-process), sent one after the other to `oxigraph serve` on the same
  data: the cost of the same answer without kotograph's layer.
* `GET /` (the home page): the first request after start (measured by bench.stack, which
  waits for it before any measurement), then the steady state with one client, client
  latency and the server's own time (the `duration_ms` kotograph logs per request).
  Baseline: the page's SPARQL queries replayed one after the other against `oxigraph serve`.

kotograph is measured twice (see `bench.query.compare_ops`): as clients meet it, answering
repeats from the answers it keeps per store state, and with `Cache-Control: no-cache`,
computing every answer (what the first request after an ingest costs).

    python -m bench.rest [--duration 3] [--repeats 3] [--no-examples]
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import RESULTS_DIR, percentile, ratio
from bench.load import fetch, get, no_cache, run_load, sparql_get
from bench.query import SLICE_S, add_common_args, compare_ops, run_on_stack, warm_up
from bench.stack import WHO_MUNICIPALITY, WHO_SERVICE, Stack, rows_of

TARGET_P99_MS = 20.0
_LOG_LINE = re.compile(r"path=(\S+) status=(\d+) duration_ms=([\d.]+)")


def server_times(log: Path, offset: int, path: str) -> list[float]:
    """Server-side durations (ms) kotograph logged for `path` after byte `offset`."""
    try:
        with log.open("rb") as fh:
            fh.seek(offset)
            text = fh.read().decode("utf-8", "replace")
    except OSError:
        return []
    return [float(m.group(3)) for m in _LOG_LINE.finditer(text)
            if m.group(1) == path and m.group(2) == "200"]


def log_size(log: Path) -> int:
    try:
        return log.stat().st_size
    except OSError:
        return 0


def _per_query(st: Stack, texts: list[str], repeats: int = 3) -> list[dict[str, object]]:
    """Each query alone on oxigraph serve: best time of `repeats` and the rows it returns."""
    out = []
    for text in texts:
        best, rows, distinct = float("inf"), None, None
        for _ in range(repeats):
            t0 = time.perf_counter()
            r = fetch(st.oxigraph.host, st.oxigraph.port, sparql_get("/query", text))
            best = min(best, (time.perf_counter() - t0) * 1000)
            if r.status == 200:
                got = rows_of(r.body)
                rows, distinct = len(got), len(set(got))
            else:
                rows = f"HTTP {r.status}"
        select = text[text.find("SELECT"):] if "SELECT" in text else text
        out.append({"query": " ".join(select.split())[:160], "rows": rows, "distinct_rows": distinct,
                    "best_ms": best})
    return out


def measure(st: Stack, *, duration_s: float = 3.0, repeats: int = 3, warmup_s: float = 1.0,
            max_ops: int = 50_000, log: Callable[[str], None] = print) -> dict[str, object]:
    out: dict[str, object] = {"target_p99_ms": TARGET_P99_MS, "duration_s": duration_s,
                              "repeats": repeats, "max_ops": max_ops, "slice_s": SLICE_S,
                              "captured_by": st.captured.get("captured_by")}
    # -- who ------------------------------------------------------------------------------
    params = {"municipality": WHO_MUNICIPALITY, "service": WHO_SERVICE}
    op_k = [get("/api/v1/responsibilities", params)]
    op_o = [sparql_get("/query", q) for q in st.captured["rest_who"]]
    first = fetch(st.kotograph.host, st.kotograph.port, op_k[0])
    out["who"] = {"request": op_k[0].target, "sparql_per_request": len(op_o),
                  "sparql": st.captured["rest_who"], "status": first.status,
                  "response_bytes": len(first.body), "configs": []}
    warm_up(st, op_k, op_o, warmup_s)
    for c in (1, 32):
        offset = log_size(st.kotograph.log)
        r = compare_ops(st, op_k, op_o, clients=c, duration_s=duration_s, repeats=repeats,
                        max_ops=max_ops)
        server = sorted(server_times(st.kotograph.log, offset, "/api/v1/responsibilities"))
        r["kotograph_server_p50_ms"] = percentile(server, 50)  # both kotograph sides together
        r["kotograph_server_p99_ms"] = percentile(server, 99)
        r["meets_p99_target"] = r["kotograph"]["p99_ms"] < TARGET_P99_MS
        r["fresh_meets_p99_target"] = r["kotograph_fresh"]["p99_ms"] < TARGET_P99_MS
        k, f, o = r["kotograph"], r["kotograph_fresh"], r["oxigraph"]
        log(f"rest who c={c:<3} kotograph p50 {k['p50_ms']:8.2f} ms p99 {k['p99_ms']:8.2f} ms "
            f"{k['throughput']:7.1f}/s | no-cache p50 {f['p50_ms']:8.2f} ms p99 {f['p99_ms']:8.2f} ms "
            f"{f['throughput']:7.1f}/s | raw SPARQL on oxigraph p50 {o['p50_ms']:8.2f} ms "
            f"p99 {o['p99_ms']:8.2f} ms {o['throughput']:7.1f}/s"
            + (f" | ERRORS k={k['errors']}: {k['first_error']}" if k["errors"] else ""))
        out["who"]["configs"].append(r)
    # -- home page ------------------------------------------------------------------------
    home_k = [get("/", accept="text/html")]
    home_o = [sparql_get("/query", q) for q in st.captured["home"]]
    cold_s = st.checks.get("home_first_request_s")
    cold_status = st.checks.get("home_first_request_status")
    out["home"] = {"sparql_per_request": len(home_o), "sparql": st.captured["home"],
                   "first_request_s": cold_s, "first_request_status": cold_status,
                   "validation_ready_s": st.checks.get("validation_ready_s")}
    out["home"]["per_query"] = _per_query(st, st.captured["home"])
    if cold_status != 200:
        out["home"]["skipped"] = "the first request did not succeed; steady state not measured"
        return out
    warm_up(st, home_k, home_o, warmup_s)
    r = compare_ops(st, home_k, home_o, clients=1, duration_s=duration_s, repeats=repeats,
                    max_ops=max_ops)
    # Server time per kotograph side, each in a run of its own (both log the same path).
    for side, op in (("kotograph", home_k), ("kotograph_fresh", no_cache(home_k))):
        offset = log_size(st.kotograph.log)
        run_load(st.kotograph.host, st.kotograph.port, op, clients=1, duration_s=duration_s,
                 max_ops=max_ops)
        server = sorted(server_times(st.kotograph.log, offset, "/"))
        r[side].update({"server_p50_ms": percentile(server, 50), "server_p99_ms": percentile(server, 99),
                        "server_samples": len(server)})
        r[side]["server_p50_ratio"] = ratio(r[side]["server_p50_ms"], r["oxigraph"]["p50_ms"])
    r["response_bytes"] = r["kotograph"]["response_bytes"]
    out["home"]["steady"] = r
    k, f = r["kotograph"], r["kotograph_fresh"]
    log(f"rest home c=1: kotograph p50 {k['p50_ms']:.1f} ms (server {k['server_p50_ms']:.1f} ms), "
        f"no-cache p50 {f['p50_ms']:.1f} ms (server {f['server_p50_ms']:.1f} ms) | page's SPARQL on "
        f"oxigraph p50 {r['oxigraph']['p50_ms']:.1f} ms")
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_args(p)
    p.add_argument("--json", type=Path, default=RESULTS_DIR / "rest.json")
    args = p.parse_args(argv)
    return run_on_stack(args, lambda st: measure(
        st, duration_s=args.duration, repeats=args.repeats, warmup_s=args.warmup,
        max_ops=args.max_ops))


if __name__ == "__main__":
    raise SystemExit(main())
