"""Run the benchmarks and write BENCHMARKS.md (what `make bench` does).

    python -m bench.run                       # everything
    python -m bench.run --only ingest         # a subset: ingest, query, rest, growth (comma-separated)
    python -m bench.run --quick               # shorter runs, for trying the harness

Sections not run this time are kept from the previous results (var/bench/results.json),
each with the date of the run it comes from.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from bench import growth as growth_bench
from bench import ingest as ingest_bench
from bench import query as query_bench
from bench import rest as rest_bench
from bench.common import RESULTS_DIR, ROOT, machine_info, now_iso, versions, write_json
from bench.report import render
from bench.stack import stack

SECTIONS = ("ingest", "query", "rest", "growth")


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--only", default=",".join(SECTIONS), help="comma-separated: " + ",".join(SECTIONS))
    p.add_argument("--quick", action="store_true", help="1 s runs, 2 repeats (not for publishing)")
    p.add_argument("--duration", type=float, help="seconds per measured run (default 3)")
    p.add_argument("--repeats", type=int, help="measured runs per configuration (default 3; 5 for "
                   "query and rest, whose ratios sit within a few per cent of their targets)")
    p.add_argument("--warmup", type=float, default=1.0)
    p.add_argument("--max-ops", type=int, default=50_000)
    p.add_argument("--clients", default="1,8,32", help="client counts of the query benchmark")
    p.add_argument("--no-examples", action="store_true", help="query data without the examples")
    p.add_argument("--no-pin", action="store_true", help="do not pin servers and client to CPUs")
    p.add_argument("--workdir", type=Path, help="keep stores and server logs here")
    p.add_argument("--wait-quiet", type=float, default=0.0, metavar="SECONDS",
                   help="first wait up to SECONDS for the 1-minute load average to fall below 0.5")
    p.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    p.add_argument("--json", type=Path, default=RESULTS_DIR / "results.json")
    args = p.parse_args(argv)
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = sorted(set(only) - set(SECTIONS))
    if unknown:
        p.error(f"unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    duration = args.duration or (1.0 if args.quick else 3.0)
    repeats = args.repeats or (2 if args.quick else 3)
    # Two identical servers measured 7 % apart in p50 and 16 % in p99 over 3 runs each:
    # the median of 5 is steadier where a ratio sits near its target.
    load_repeats = args.repeats or (2 if args.quick else 5)

    if args.wait_quiet > 0:
        deadline = time.monotonic() + args.wait_quiet
        while os.getloadavg()[0] >= 0.5 and time.monotonic() < deadline:
            time.sleep(5)
        _log(f"load average {os.getloadavg()[0]:.2f}; starting")

    previous: dict = {}
    if args.json.exists():
        try:
            previous = json.loads(args.json.read_text("utf-8"))
        except ValueError:
            previous = {}
    started = now_iso()
    meta = {"date": started, "machine": machine_info(), "versions": versions(),
            "loadavg_start": os.getloadavg(), "command": "python -m bench.run " + " ".join(
                argv if argv is not None else sys.argv[1:]),
            "quick": args.quick, "pinned": not args.no_pin}
    results: dict[str, object] = {"meta": meta}
    for section in SECTIONS:
        if section not in only and section in previous:
            results[section] = previous[section]
            results[section].setdefault("run_date", previous.get("meta", {}).get("date"))

    if "ingest" in only:
        _log("== ingest benchmark")
        results["ingest"] = ingest_bench.run(repeats=repeats, log=_log)
        results["ingest"]["run_date"] = started
    if "query" in only or "rest" in only:
        if args.workdir:
            args.workdir.mkdir(parents=True, exist_ok=True)
        with stack(workdir=args.workdir, include_examples=not args.no_examples,
                   pin=not args.no_pin, spares="query" in only, log=_log) as st:
            common = {"duration_s": duration, "repeats": load_repeats, "warmup_s": args.warmup,
                      "max_ops": args.max_ops, "log": _log}
            context = {"dataset": st.data.info, "checks": st.checks,
                       "server_cpus": sorted(st.server_cpus) if st.server_cpus else None,
                       "client_cpus": sorted(st.client_cpus) if st.client_cpus else None,
                       "run_date": started}
            if "query" in only:
                _log("== query benchmark")
                results["query"] = {**query_bench.measure_with_allocator_control(
                    st, clients=[int(c) for c in args.clients.split(",")], **common), **context}
            if "rest" in only:
                _log("== REST benchmark")
                results["rest"] = {**rest_bench.measure(st, **common), **context}
    if "growth" in only:
        _log("== growth benchmark (10 %, 50 %, 100 % of the synthetic national corpus)")
        results["growth"] = growth_bench.run(
            growth_bench.QUICK_FRACTIONS if args.quick else growth_bench.FRACTIONS, quick=args.quick,
            workdir=args.workdir / "growth" if args.workdir else None, log=_log)
        results["growth"]["run_date"] = started
    meta["loadavg_end"] = os.getloadavg()
    meta["finished"] = now_iso()
    write_json(args.json, results)
    args.output.write_text(render(results), "utf-8")
    _log(f"wrote {args.output} and {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
