"""`make bench`: every benchmark, once, and BENCHMARKS.md written from that one run.

    python -m bench.run            # about 15 minutes on two cores
    python -m bench.run --quick    # a tenth of the corpus, short measurements: for trying

1. the national corpus ingested into a fresh store (`bench.national`), and its copy for
   Oxigraph's server;
2. one programme through `kotograph ingest`, with and without a server (`bench.ingest`);
3. `kotograph serve` and `oxigraph serve` on those stores, same allocator, same CPU:
   start-up, `/sparql` against `/query` (`bench.sparql`), the matrix page and the findings
   after an ingest (`bench.pages`).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench import ingest, national, pages, sparql
from bench.common import (
    CLIENT_CPUS,
    RESULTS_DIR,
    ROOT,
    SERVER_CPUS,
    allocator_of,
    free_port,
    machine_info,
    mimalloc,
    now_iso,
    tool,
    versions,
    write_json,
)
from bench.report import render
from bench.server import RunningServer, run_server


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@contextlib.contextmanager
def servers(nat: dict[str, Any], workdir: Path) -> Iterator[tuple[RunningServer, RunningServer]]:
    """kotograph (as `make serve` runs it) and Oxigraph's server on the same allocator, both
    on the server CPUs; this process, the load generator, on the other."""
    env = {"LD_PRELOAD": mimalloc() or "", "KOTOGRAPH_EXTRA_REFERENCE": "[]"}
    kport, oport = free_port(), free_port()
    with contextlib.ExitStack() as stack:
        kotograph = stack.enter_context(run_server(
            "kotograph serve", [tool("kotograph"), "--store", nat["store"], "serve", "--port",
                                str(kport)], port=kport, ready_path="/health",
            log=workdir / "kotograph.log", env=env, cpus=SERVER_CPUS))
        oxigraph = stack.enter_context(run_server(
            "oxigraph serve", [tool("oxigraph"), "serve", "--location", nat["oxigraph_store"],
                               "--union-default-graph", "--bind", f"127.0.0.1:{oport}"],
            port=oport, log=workdir / "oxigraph.log", env=env, cpus=SERVER_CPUS))
        previous = os.sched_getaffinity(0)
        os.sched_setaffinity(0, CLIENT_CPUS)
        stack.callback(os.sched_setaffinity, 0, previous)
        yield kotograph, oxigraph


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="a tenth of the corpus, short runs")
    p.add_argument("--workdir", type=Path, default=RESULTS_DIR / "work")
    p.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    args = p.parse_args(argv)
    started, t0 = now_iso(), time.perf_counter()
    fraction, rounds, duration_s, blocks = (0.1, 1, 1.0, 1) if args.quick else (1.0, 3, 3.0, 3)
    args.workdir.mkdir(parents=True, exist_ok=True)
    load_start = os.getloadavg()
    folder, manifest = national.corpus(args.workdir, fraction, _log)
    r: dict[str, Any] = {"national": national.build(args.workdir, folder, _log)}
    _log("== ingest: one programme, with and without a server")
    r["ingest"] = ingest.measure(args.workdir / "ingest", folder, rounds, _log)

    from graph.store import OxigraphStore

    opened = OxigraphStore(Path(r["national"]["store"]))
    try:
        sent = sparql.captured(opened)
    finally:
        opened.close()
    docs = manifest["documents"]
    changed = [next(d for d in docs if len(d["municipalities"]) == 1),
               max(docs, key=lambda d: len(d["municipalities"]))]
    with servers(r["national"], args.workdir) as (kotograph, oxigraph):
        log_path = args.workdir / "kotograph.log"
        r["pages"] = {"start": pages.start(kotograph, log_path)}
        pages.warm(kotograph)
        allocators = {"kotograph": allocator_of(kotograph.pid), "oxigraph": allocator_of(oxigraph.pid)}
        _log(f"== sparql ({allocators})")
        r["sparql"] = sparql.measure(kotograph, oxigraph, sent, clients=(1, 8),
                                     duration_s=duration_s, blocks=blocks, log=_log)
        _log("== pages")
        r["pages"]["matrix"] = pages.matrix(kotograph, log_path, 3 if args.quick else 7)
        r["pages"]["after_ingest"] = [
            pages.after_ingest(kotograph, log_path, Path(r["national"]["store"]), doc,
                               manifest["omissions"], args.workdir, _log) for doc in changed]
        r["pages"]["matrix_after_ingest"] = [
            pages.page_after_ingest(kotograph, log_path, Path(r["national"]["store"]), doc,
                                    manifest["omissions"], args.workdir, _log) for doc in changed]
    r["meta"] = {"date": started, "elapsed_s": time.perf_counter() - t0, "quick": args.quick,
                 "load_start": load_start, "load_end": os.getloadavg(), "machine": machine_info(),
                 "versions": versions(), "allocators": allocators, "blocks": blocks,
                 "duration_s": duration_s,
                 "command": "python -m bench.run " + " ".join(argv if argv is not None else sys.argv[1:])}
    write_json(RESULTS_DIR / "results.json", r)
    args.output.write_text(render(r), "utf-8")
    _log(f"wrote {args.output} in {r['meta']['elapsed_s'] / 60:.1f} minutes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
