"""The servers the query and REST benchmarks compare, on the same data and the same CPUs.

    kotograph serve   (.venv/bin/kotograph --store DIR serve --port P)   → /sparql, /api/v1, /
    oxigraph serve    (--location DIR2 --union-default-graph)            → /query  (baseline)
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bench import dataset as ds
from bench.common import ROOT, cpu_split, free_port, tool
from bench.load import fetch, get, sparql_get
from bench.server import RunningServer, run_server

WHO_MUNICIPALITY = "Pieksämäki"  # a real municipality of the synthetic scale-up
WHO_SERVICE = "assessment"
# Oxigraph's server as its package ships it: glibc's malloc, whatever this shell preloads.
AS_SHIPPED = {"LD_PRELOAD": ""}


@dataclass(slots=True)
class Stack:
    data: ds.Dataset
    captured: dict[str, list[str]]
    kotograph: RunningServer
    oxigraph: RunningServer
    server_cpus: set[int] | None
    client_cpus: set[int] | None
    checks: dict[str, object] = field(default_factory=dict)
    server_env: dict[str, str] = field(default_factory=dict)
    # Copies of both stores as the servers found them, for servers started later on the same
    # data (bench.allocators): a store is locked by the server that has it open.
    spare_stores: dict[str, Path] = field(default_factory=dict)


def wait_until_warm(server: RunningServer, timeout_s: float = 900.0) -> float:
    """Seconds until kotograph's `/health` says its pages are computed for the store as it
    is (`warm`), so no background recomputation overlaps a measurement."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout_s:
        r = fetch(server.host, server.port, get("/health"))
        if r.status == 200 and json.loads(r.body).get("warm") is not False:
            break
        time.sleep(0.2)
    return time.perf_counter() - t0


def rows_of(body: bytes) -> list[str]:
    """The bindings of a JSON result as sorted canonical strings (to compare two servers)."""
    data = json.loads(body)
    if "boolean" in data:
        return [str(data["boolean"])]
    return sorted(json.dumps({k: v.get("value") for k, v in sorted(b.items())}, ensure_ascii=False)
                  for b in data["results"]["bindings"])


def compare(stack: Stack, query: str) -> dict[str, object]:
    """Ask both servers; same rows? (the benchmark is void if the answers differ)."""
    out: dict[str, object] = {}
    answers = {}
    for name, server, path in (("kotograph", stack.kotograph, "/sparql"),
                               ("oxigraph", stack.oxigraph, "/query")):
        r = fetch(server.host, server.port, sparql_get(path, query))
        if r.status != 200:
            out[f"{name}_error"] = f"HTTP {r.status}: {r.body[:300]!r}"
            continue
        answers[name] = rows_of(r.body)
        out[f"{name}_rows"] = len(answers[name])
    out["identical"] = len(answers) == 2 and answers["kotograph"] == answers["oxigraph"]
    return out


@contextlib.contextmanager
def stack(*, workdir: Path | None = None, include_examples: bool = True,
          synthetic: int | None = None, pin: bool = True, spares: bool = False,
          first_page_timeout_s: float = 900.0,
          log: Callable[[str], None] = print) -> Iterator[Stack]:
    """Build the dataset, start both servers, pin this process (the load generator) to its
    CPU, and stop everything afterwards. `spares`: also copy both stores before the servers
    open them (`Stack.spare_stores`, for bench.allocators)."""
    with contextlib.ExitStack() as stack_:
        if workdir is None:
            workdir = Path(stack_.enter_context(tempfile.TemporaryDirectory(prefix="kotograph-bench-")))
        data = ds.build(workdir, include_examples=include_examples, synthetic=synthetic,
                        log=log)

        def layout() -> None:  # after both servers stopped (ExitStack unwinds last-in first)
            log("dataset: measuring the stores' physical layouts in-process")
            try:
                data.info["layout"] = ds.store_layout(data.kotograph_store, data.oxigraph_store,
                                                      workdir)
            except Exception as exc:  # informational only
                data.info["layout"] = {"error": repr(exc)}

        stack_.callback(layout)
        captured = ds.capture_queries(data.reference_env, WHO_MUNICIPALITY, WHO_SERVICE)
        spare_stores: dict[str, Path] = {}
        if spares:
            for name, store in (("kotograph", data.kotograph_store), ("oxigraph", data.oxigraph_store)):
                spare_stores[name] = workdir / f"spare-{store.name}"
                shutil.rmtree(spare_stores[name], ignore_errors=True)
                shutil.copytree(store, spare_stores[name])
        client_cpus, server_cpus = cpu_split(pin)
        kport, oport = free_port(), free_port()
        env = {**data.reference_env, "KOTOGRAPH_STORE_BACKEND": "oxigraph"}
        log(f"servers: kotograph on :{kport}, oxigraph on :{oport}"
            + (f" (servers on CPUs {sorted(server_cpus)}, load generator on {sorted(client_cpus)})"
               if server_cpus else " (no CPU pinning)"))
        kotograph = stack_.enter_context(run_server(
            "kotograph serve",
            [tool("kotograph"), "--store", str(data.kotograph_store), "serve",
             "--host", "127.0.0.1", "--port", str(kport)],
            port=kport, ready_path="/api/v1/services", log=workdir / "kotograph.log", env=env,
            cwd=ROOT, cpus=server_cpus))
        oxigraph = stack_.enter_context(run_server(
            "oxigraph serve",
            [tool("oxigraph"), "serve", "--location", str(data.oxigraph_store),
             "--union-default-graph", "--bind", f"127.0.0.1:{oport}"],
            port=oport, ready_path="/", log=workdir / "oxigraph.log", env=AS_SHIPPED,
            cpus=server_cpus))
        previous = os.sched_getaffinity(0)
        if client_cpus:
            os.sched_setaffinity(0, client_cpus)
            stack_.callback(os.sched_setaffinity, 0, previous)
        st = Stack(data, captured, kotograph, oxigraph, server_cpus, client_cpus, server_env=env,
                   spare_stores=spare_stores)
        st.checks["kotograph_allocator"] = json.loads(
            fetch(kotograph.host, kotograph.port, get("/health")).body).get("allocator")
        # The first page request after start, then the SHACL report the server computes in the
        # background at start (the validation API waits for it), so nothing of the sort runs
        # during the measurements.
        t0 = time.perf_counter()
        try:
            first = fetch(kotograph.host, kotograph.port, get("/", accept="text/html"),
                          timeout_s=first_page_timeout_s)
            st.checks["home_first_request_status"] = first.status
            st.checks["home_first_request_s"] = time.perf_counter() - t0
            fetch(kotograph.host, kotograph.port, get("/api/v1/validation"), timeout_s=first_page_timeout_s)
        except TimeoutError:
            st.checks["home_first_request_status"] = f"no answer in {first_page_timeout_s:.0f} s"
        st.checks.setdefault("home_first_request_s", time.perf_counter() - t0)
        st.checks["validation_ready_s"] = time.perf_counter() - t0
        st.checks["warm_s"] = st.checks["validation_ready_s"] + wait_until_warm(kotograph)
        log(f"servers: first `/` after start answered in {st.checks['home_first_request_s']:.2f} s "
            f"(status {st.checks['home_first_request_status']}); SHACL report ready after "
            f"{st.checks['validation_ready_s']:.1f} s, pages computed after {st.checks['warm_s']:.1f} s")
        count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        st.checks["quad_count"] = compare(st, count)
        # Did kotograph rewrite its ontology/reference graphs at start (same quads, new digest)?
        digests = ("SELECT ?g ?d WHERE { GRAPH ?g { ?g <https://w3id.org/kotograph/ns#contentDigest> "
                   "?d } }")
        st.checks["base_graph_digests"] = compare(st, digests)
        if not st.checks["quad_count"].get("identical"):
            log(f"WARNING: the two servers do not hold the same data: {st.checks['quad_count']}")
        yield st
