"""Growth curve (issue #7 "National scale"): how each cost grows from 10 % to 100 % of the country.

The synthetic national corpus of bench/corpus.py (one seed; ~134 programme PDFs for the 292
mainland municipalities) is generated once and cached under the work directory, keyed by a
digest of its generator. Fraction F is the documents of `corpus.selected_areas(seed, F)`
(a smaller fraction is a subset of a larger one, so every point holds the same documents
as the one before it plus more). For each fraction, in this order:

1. ingest through the product path, `kotograph ingest --jobs 2 --json DIR` into a fresh
   on-disk store: wall time, pages/s, CPU use, peak memory. Baseline: pdfminer
   `extract_text` over the same PDFs in a fresh process with a spawn `Pool(2)` — the floor,
   run just before and just after the ingest (their mean), so other load hits both sides.
2. store: quads, named graphs, bytes on disk (SST files and write-ahead log apart).
3. queries in-process (pyoxigraph through `OxigraphStore`): the who-query (the SPARQL
   `graph.queries.responsibilities` sends) and the coverage query of bench/queries.py.
4. SHACL: `graph.validate.validate` over the whole store (what `kotograph validate` and the
   home page run) and for one municipality, with the number of results.
5. UI: `kotograph serve` on the store. The first `GET /` (it does not wait for the SHACL
   report the server starts computing: counts show "…"), then how long until that report is
   ready (`GET /api/v1/validation` waits for it); cold renders of the matrix (`Cache-Control:
   no-cache`: computed again, the SHACL report kept), cached renders, and `GET
   /api/v1/municipalities`, server time from the request log.
   Baseline: the SPARQL the matrix runs, replayed in-process on the same store.
6. re-ingest of one changed document (same file name, one sentence added) into the store.
   Baseline: the same file into a fresh empty store, once per run.

Growth ratios are against the smallest fraction of the same run. Peak memory: `ru_maxrss`
from `os.wait4` on the CLI process (the largest single process of its tree: the writer or
one extraction worker), and the summed RSS of the live tree sampled from /proc.

    python -m bench.growth [--fractions 0.1,0.5,1.0] [--quick] [--workdir DIR] [--json FILE]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import hashlib
import json
import math
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from bench.common import (
    RESULTS_DIR,
    ROOT,
    free_port,
    machine_info,
    median,
    now_iso,
    ratio,
    tool,
    versions,
    write_json,
)

FRACTIONS = (0.1, 0.5, 1.0)
QUICK_FRACTIONS = (0.05, 0.1, 0.2)
SEED = 1
JOBS = 2
WORKDIR = RESULTS_DIR / "growth"
PLOT = ROOT / "bench" / "growth.png"
WHO_SERVICE = "assessment"
TARGET_REINGEST_S = 30.0  # "seconds, not a rebuild"
# ... and not growing with the store: at most this multiple of the same document into an
# empty store (a rebuild would grow with the national corpus).
TARGET_REINGEST_VS_FRESH = 1.5
ONE_DOCUMENT_TIMEOUT_S = 300.0  # a one-document ingest takes seconds; a hang must not stall the run
# Cold matrix renders: each variant is a separate entry of the per-store matrix cache.
COLD_RENDERS = 5  # matrix views computed again (`Cache-Control: no-cache`)
ADDED_SENTENCE = "Ohjelma päivitetään vuosittain kunnanhallituksen käsittelyssä."
Log = Callable[[str], None]


# --------------------------------------------------------------------------------------
# Corpus and fractions
# --------------------------------------------------------------------------------------


def _generator_digest(seed: int) -> str:
    """What the corpus depends on; a change regenerates it."""
    h = hashlib.sha256(str(seed).encode())
    sources = [ROOT / "bench" / "corpus.py", ROOT / "examples" / "render_pdfs.py",
               *sorted((ROOT / "ontology" / "reference").glob("*.csv"))]
    for path in sources:
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


def national_corpus(workdir: Path, seed: int, log: Log) -> tuple[Path, dict[str, Any], float | None]:
    """The full generated corpus (cached): its folder, manifest and generation seconds (None
    when it came from the cache)."""
    from bench import corpus

    folder = workdir / f"corpus-seed{seed}-{_generator_digest(seed)}"
    manifest = folder / "manifest.json"
    generated_s = None
    if not manifest.exists():
        for stale in workdir.glob(f"corpus-seed{seed}-*"):
            shutil.rmtree(stale)
        log(f"growth: generating the national corpus (seed {seed}) into {folder}")
        tmp = folder.with_name(folder.name + ".part")
        shutil.rmtree(tmp, ignore_errors=True)
        t0 = time.perf_counter()
        corpus.generate(tmp, seed, 1.0, fmt="pdf", workers=JOBS, progress=sys.stderr.isatty())
        generated_s = time.perf_counter() - t0
        tmp.rename(folder)
    else:
        log(f"growth: national corpus from the cache {folder}")
    return folder, json.loads(manifest.read_text("utf-8")), generated_s


def subset(manifest: dict[str, Any], seed: int, fraction: float) -> list[dict[str, Any]]:
    """The manifest's documents of the employment areas `corpus.selected_areas` picks."""
    from bench import corpus

    keys = {a.key for a in corpus.selected_areas(seed, fraction)}
    return [d for d in manifest["documents"] if d["employment_area"] in keys]


def _link_files(files: Sequence[Path], folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for f in files:
        try:
            os.link(f, folder / f.name)
        except OSError:
            shutil.copy2(f, folder / f.name)


def changed_document(seed: int, omissions: float, doc: dict[str, Any], folder: Path) -> tuple[Path, str]:
    """`doc` with one sentence added to its first paragraph, rendered to PDF under the same
    file name (so ingesting it replaces the original's graph). Returns (path, the change)."""
    from bench import corpus

    md = folder / "md"
    shutil.rmtree(folder, ignore_errors=True)
    corpus.generate(md, seed, omissions=omissions, fmt="md", areas=[doc["employment_area"]])
    source = (md / doc["file"]).with_suffix(".md").read_text("utf-8")
    lines = source.splitlines()
    at = next(i for i, line in enumerate(lines)
              if len(line) > 40 and not line.startswith(("#", "|", "-")) and line.endswith("."))
    lines[at] = f"{lines[at]} {ADDED_SENTENCE}"
    target = folder / doc["file"]
    digest = corpus.render_file("\n".join(lines) + "\n", str(target), "pdf")
    if digest == doc["sha256"]:
        raise RuntimeError(f"changing {doc['file']} did not change its PDF")
    return target, f"line {at + 1}: added “{ADDED_SENTENCE}”"


# --------------------------------------------------------------------------------------
# Running a command: wall time, CPU, peak memory
# --------------------------------------------------------------------------------------


def _tree_rss_kib(pid: int) -> int:
    """Summed RSS of `pid` and its live descendants (0 once it is gone)."""
    page_kib = os.sysconf("SC_PAGE_SIZE") // 1024
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            total += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * page_kib
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


class _TreeRssSampler(threading.Thread):
    """Peak of the process tree's summed RSS, sampled every `interval` seconds."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        super().__init__(name="rss-sampler", daemon=True)
        self.pid, self.interval, self.peak_kib = pid, interval, 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.peak_kib = max(self.peak_kib, _tree_rss_kib(self.pid))
            self._done.wait(self.interval)

    def stop(self) -> None:
        self._done.set()
        self.join()


@dataclass(slots=True)
class Measured:
    wall_s: float
    cpu_s: float  # user + system of the process and every child it waited for
    max_rss_mib: float  # ru_maxrss: the largest single process of the tree
    tree_rss_mib: float  # sampled peak of the summed RSS of the live tree
    returncode: int
    stdout: str
    stderr: str

    @property
    def cores_busy(self) -> float:
        return self.cpu_s / self.wall_s if self.wall_s else float("nan")

    def summary(self) -> dict[str, float]:
        return {"wall_s": self.wall_s, "cpu_s": self.cpu_s, "cores_busy": self.cores_busy,
                "max_rss_mib": self.max_rss_mib, "tree_rss_mib": self.tree_rss_mib}


def run_measured(argv: Sequence[str], *, env: dict[str, str] | None = None,
                 timeout_s: float = 3600.0) -> Measured:
    """Run `argv` to its end; resource use of it and its whole process tree (os.wait4)."""
    import tempfile

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(list(argv), stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                env={**os.environ, **(env or {})}, cwd=ROOT, start_new_session=True)
        sampler = _TreeRssSampler(proc.pid)
        sampler.start()
        # On timeout the whole tree goes (its own process group), workers included.
        killer = threading.Timer(timeout_s, os.killpg, (proc.pid, signal.SIGKILL))
        killer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
            sampler.stop()
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
        if wall >= timeout_s:
            stderr += f"\n(killed by the benchmark after {timeout_s:.0f} s)"
        return Measured(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                        sampler.peak_kib / 1024, proc.returncode, out.read().decode("utf-8", "replace"),
                        stderr)


# --------------------------------------------------------------------------------------
# 1. Ingest and its floor
# --------------------------------------------------------------------------------------


def _floor_one(path: str) -> int:
    from pdfminer.high_level import extract_text

    return len(extract_text(path))


def floor_child(folder: Path, jobs: int) -> dict[str, object]:
    """pdfminer over every PDF of `folder` in a spawn Pool(`jobs`) (runs in its own process)."""
    files = sorted(str(p) for p in folder.glob("*.pdf"))
    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        chars = sum(pool.map(_floor_one, files, chunksize=1))
    return {"files": len(files), "chars": chars}


def measure_floor(folder: Path, jobs: int) -> dict[str, object]:
    m = run_measured([sys.executable, "-m", "bench.growth", "--floor-child", str(folder),
                      "--jobs", str(jobs)])
    if m.returncode != 0:
        raise RuntimeError(f"pdfminer floor failed:\n{m.stderr[-2000:]}")
    return {**m.summary(), **json.loads(m.stdout.strip().splitlines()[-1])}


_CLI_ENV = {"KOTOGRAPH_EXTRA_REFERENCE": "[]", "KOTOGRAPH_LOG_LEVEL": "info"}


def kotograph_ingest(store: Path, paths: Sequence[Path], jobs: int,
                     timeout_s: float = 1800.0) -> dict[str, object]:
    """`kotograph ingest --json` into `store`: measured, with the CLI's own summaries."""
    load = os.getloadavg()[0]
    m = run_measured([tool("kotograph"), "--store", str(store), "ingest", "--json", "--jobs",
                      str(jobs), *map(str, paths)], env=_CLI_ENV, timeout_s=timeout_s)
    if m.returncode != 0:
        raise RuntimeError(f"kotograph ingest exited with {m.returncode}:\n{m.stderr[-2000:]}")
    docs = json.loads(m.stdout)["ingested"]
    pages = sum(d["pages"] for d in docs)
    return {**m.summary(), "documents": len(docs), "pages": pages, "pages_per_s": pages / m.wall_s,
            "facts": sum(d["facts"] for d in docs), "triples": sum(d["triples"] for d in docs),
            "replaced_graphs": sum(len(d["replaced_graphs"]) for d in docs),
            "loadavg_before": load, "loadavg_after": os.getloadavg()[0]}


def _fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


# --------------------------------------------------------------------------------------
# 2–4. Store, queries, SHACL, the matrix's SPARQL: in-process
# --------------------------------------------------------------------------------------


def disk_usage(folder: Path) -> dict[str, float]:
    """Bytes on disk, SST files and RocksDB's write-ahead log apart (right after an ingest
    the log is most of it, until the next open flushes it)."""
    files = [p for p in folder.rglob("*") if p.is_file()]
    size = {"sst": sum(p.stat().st_size for p in files if p.suffix == ".sst"),
            "log": sum(p.stat().st_size for p in files if p.suffix == ".log")}
    total = sum(p.stat().st_size for p in files)
    return {"disk_mib": total / 2**20, "sst_mib": size["sst"] / 2**20, "wal_mib": size["log"] / 2**20}


def _timed_ms(fn: Callable[[], object], repeats: int) -> list[float]:
    """`repeats` timings (ms) after one unmeasured warm-up call."""
    fn()
    out = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


@contextlib.contextmanager
def opened(path: Path) -> Iterator[Any]:
    """The store in-process; closed (lock released) afterwards so a server can open it."""
    from graph.store import OxigraphStore

    store = OxigraphStore(path)
    try:
        yield store
    finally:
        store.close()
        del store
        gc.collect()


def in_process(path: Path, who_code: str, repeats: int, shacl_repeats: int,
               store_left: dict[str, float] | None = None) -> dict[str, object]:
    """Store size, the two queries, SHACL, and the matrix's SPARQL, on the store in-process."""
    from api.matrix import Filters, build_matrix
    from bench.dataset import RecordingStore
    from bench.queries import ANALYTIC
    from extraction.model import ServiceKey
    from graph import queries
    from graph.validate import validate

    json_media = "application/sparql-results+json"
    out: dict[str, object] = {}
    with opened(path) as store:
        names = store.graph_names()
        out["store"] = {**(store_left or {}), "quads": store.count(), "graphs": len(names),
                        "document_graphs": sum("/graph/document/" in g for g in names),
                        **disk_usage(path)}
        m = queries.find_municipality(store, who_code)
        rec = RecordingStore(store)
        queries.responsibilities(rec, m, ServiceKey(WHO_SERVICE))
        texts = {"who": rec.queries[-1], "coverage": ANALYTIC["coverage"][1]}
        out["queries"] = {name: {"ms": median(_timed_ms(lambda t=text: store.raw_query(t, json_media),
                                                         repeats)),
                                 "rows": len(store.select(text))}
                          for name, text in texts.items()}
        shacl, report = [], None
        for _ in range(shacl_repeats):
            report = validate(store)
            shacl.append(report.timings)
        one = _timed_ms(lambda: validate(store, who_code), max(1, shacl_repeats))
        assert report is not None
        covered = len(report.municipalities)
        total = median(t["total_s"] for t in shacl)
        out["shacl"] = {
            "total_s": total, "runs_s": [t["total_s"] for t in shacl],
            "query_s": median(t["query_s"] for t in shacl), "pyshacl_s": median(t["shacl_s"] for t in shacl),
            "report_s": median(t["report_s"] for t in shacl),
            "data_triples": int(shacl[-1]["data_triples"]), "municipalities": covered,
            "per_municipality_ms": total * 1000 / covered if covered else float("nan"),
            "one_municipality_ms": median(one),
            "results": len(report.findings),
            "violations": sum(f.severity == "Violation" for f in report.findings),
            "warnings": sum(f.severity == "Warning" for f in report.findings),
            "results_by_shape": dict(Counter(f.shape for f in report.findings).most_common()),
            "conforms": report.conforms}
        # The matrix page's SPARQL (the report is cached in the app, so not part of it).
        rec = RecordingStore(store)
        build_matrix(rec, report, Filters(), "fi")
        matrix_sparql = list(rec.queries)
        rec = RecordingStore(store)
        queries.covered_municipalities(rec)
        list_sparql = list(rec.queries)

        def replay(texts_: list[str]) -> Callable[[], None]:
            return lambda: [store.raw_query(t, json_media) for t in texts_]

        out["matrix_baseline"] = {
            "sparql_queries": len(matrix_sparql),
            "sparql_ms": median(_timed_ms(replay(matrix_sparql), repeats)),
            "build_matrix_ms": median(_timed_ms(
                lambda: build_matrix(store, report, Filters(), "fi"), repeats)),
            "municipalities_sparql_ms": median(_timed_ms(replay(list_sparql), repeats))}
    return out


# --------------------------------------------------------------------------------------
# 5. The UI on a real server
# --------------------------------------------------------------------------------------


def serve_and_measure(store: Path, log_path: Path, repeats: int) -> dict[str, object]:
    """Start `kotograph serve` on `store`; the first, cold and cached matrix page and the
    municipality list, client and server (logged `duration_ms`) times."""
    from bench.load import fetch, get, no_cache
    from bench.rest import log_size, server_times
    from bench.server import run_server
    from bench.stack import wait_until_warm

    port = free_port()
    argv = [tool("kotograph"), "--store", str(store), "serve", "--host", "127.0.0.1", "--port", str(port)]
    out: dict[str, object] = {}
    t_start = time.perf_counter()
    with run_server("kotograph serve", argv, port=port, ready_path="/health", log=log_path,
                    env=_CLI_ENV, cwd=ROOT, timeout_s=300) as srv:
        out["ready_s"] = time.perf_counter() - t_start
        offset = log_size(log_path)

        def timed(path: str, params: dict[str, str] | None = None, accept: str = "text/html",
                  fresh: bool = False) -> float:
            request = get(path, params, accept)
            t0 = time.perf_counter()
            r = fetch(srv.host, srv.port, no_cache([request])[0] if fresh else request, timeout_s=900)
            if r.status != 200:
                raise RuntimeError(f"GET {path} {params or ''}: HTTP {r.status} {r.body[:300]!r}")
            return (time.perf_counter() - t0) * 1000

        first_ms = timed("/")  # shows "…" for the counts while SHACL still runs
        # The SHACL report the server computes at start; the validation API waits for it.
        ready_ms = first_ms + timed("/api/v1/validation", accept="application/json")
        wait_until_warm(srv)  # the server's own recomputation must not overlap what follows
        cold_ms = [timed("/", fresh=True) for _ in range(COLD_RENDERS)]
        cached_ms = [timed("/") for _ in range(repeats)]
        list_params = {"limit": "1000"}
        timed("/api/v1/municipalities", list_params, "application/json")
        list_ms = [timed("/api/v1/municipalities", list_params, "application/json") for _ in range(repeats)]
        matrix = json.loads(fetch(srv.host, srv.port, get("/api/v1/matrix")).body)
        time.sleep(0.3)  # the log line follows the response
        server = server_times(log_path, offset, "/")
        api = server_times(log_path, offset, "/api/v1/municipalities")
    n_cold = COLD_RENDERS
    if len(server) != 1 + n_cold + repeats:
        raise RuntimeError(f"expected {1 + n_cold + repeats} logged GET / in {log_path}, found {len(server)}")
    out.update({
        "first_request_s": first_ms / 1000, "first_request_server_s": server[0] / 1000,
        "validation_ready_s": ready_ms / 1000,
        "cold_server_ms": median(server[1:1 + n_cold]), "cold_client_ms": median(cold_ms),
        "cold_server_runs_ms": server[1:1 + n_cold],
        "cached_server_ms": median(server[1 + n_cold:]), "cached_client_ms": median(cached_ms),
        "municipalities_server_ms": median(api[1:]), "municipalities_client_ms": median(list_ms),
        "matrix_rows": len(matrix.get("municipalities", []))})
    return out


# --------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------


def reingest_verdict(point: dict[str, Any], fraction: float) -> bool | None:
    """Seconds, and no more than a fresh single-document ingest: no rebuild (None: not measured
    on the whole corpus)."""
    seconds = _get(point, "reingest.wall_s")
    vs_fresh = point.get("ratios", {}).get("reingest_vs_fresh_single")
    if seconds is None or vs_fresh is None or fraction < 1.0:
        return None
    return seconds <= TARGET_REINGEST_S and vs_fresh <= TARGET_REINGEST_VS_FRESH


def _pct(fraction: float) -> str:
    return f"{fraction * 100:g} %"


def _phase(point: dict[str, Any], name: str, log: Log, fn: Callable[[], dict[str, object]]) -> None:
    """Run one phase; a failure is recorded (and logged) instead of losing the other figures."""
    try:
        point.update(fn())
    except Exception as exc:
        point.setdefault("errors", {})[name] = f"{type(exc).__name__}: {exc}"[:1500]
        log(f"growth: {name} FAILED: {type(exc).__name__}: {str(exc)[:300]}")


def measure_point(fraction: float, docs: list[dict[str, Any]], corpus_dir: Path, workdir: Path,
                  changed: Path, who_code: str, *, ingest_repeats: int, repeats: int,
                  shacl_repeats: int, log: Log) -> dict[str, Any]:
    tag = f"{_pct(fraction)}"
    folder = workdir / f"f{round(fraction * 1000):04d}"
    pdfs = folder / "pdf"
    _link_files([corpus_dir / d["file"] for d in docs], pdfs)
    codes = sorted(c for d in docs for c in d["municipalities"])
    point: dict[str, Any] = {
        "fraction": fraction, "documents": len(docs), "municipalities": len(codes),
        "expected_results": sum(len(m["expected_results"]) for d in docs
                                for m in d["municipalities"].values())}
    store = folder / "store"

    def ingest() -> dict[str, object]:
        floors, runs = [], []
        for rep in range(ingest_repeats):
            log(f"growth {tag}: pdfminer floor over {len(docs)} PDFs, Pool({JOBS}), then kotograph "
                f"ingest --jobs {JOBS} into a fresh store, then the floor again [{rep + 1}/{ingest_repeats}]")
            before = measure_floor(pdfs, JOBS)
            _fresh(folder / "documents")
            runs.append(kotograph_ingest(_fresh(store), [pdfs], JOBS))
            left = disk_usage(store)  # before anything reopens the store and flushes its log
            after = measure_floor(pdfs, JOBS)
            # The floor on both sides of the ingest, so that load from other work hits both.
            floors.append({k: (before[k] + after[k]) / 2 for k in before if isinstance(before[k], float)})
            log(f"growth {tag}: ingest {runs[-1]['wall_s']:.1f} s ({runs[-1]['pages']} pages, "
                f"{runs[-1]['pages_per_s']:.1f} pages/s, {runs[-1]['cores_busy']:.2f} cores busy, "
                f"peak RSS {runs[-1]['max_rss_mib']:.0f} MiB single / {runs[-1]['tree_rss_mib']:.0f} MiB "
                f"tree) vs floor {floors[-1]['wall_s']:.1f} s")
        pick = {k: median(r[k] for r in runs) for k in runs[0] if isinstance(runs[0][k], float)}
        floor = {k: median(f[k] for f in floors) for k in ("wall_s", "cpu_s", "cores_busy",
                                                            "max_rss_mib", "tree_rss_mib")}
        return {"pages": runs[-1]["pages"],
                "store": {"disk_after_ingest_mib": left["disk_mib"], "wal_after_ingest_mib": left["wal_mib"]},
                "ingest": {**runs[-1], **pick, "runs_s": [r["wall_s"] for r in runs]},
                "floor": {**floor, "pages_per_s": runs[-1]["pages"] / floor["wall_s"],
                          "runs_s": [f["wall_s"] for f in floors],
                          "method": "mean of a run just before and one just after each ingest"}}

    _phase(point, "ingest", log, ingest)
    if "ingest" not in point:
        return point
    log(f"growth {tag}: store, who/coverage queries, SHACL, the matrix's SPARQL (in-process)")
    _phase(point, "in-process", log,
           lambda: in_process(store, who_code, repeats, shacl_repeats, point.get("store")))
    if "shacl" in point:
        s = point["shacl"]
        d = point["store"]
        log(f"growth {tag}: {d['quads']} quads, {d['disk_after_ingest_mib']:.0f} MiB "
            f"after ingest, {d['disk_mib']:.0f} MiB reopened; SHACL "
            f"{s['total_s']:.1f} s for {s['municipalities']} municipalities ({s['results']} results; "
            f"manifest expects {point['expected_results']})")
    log(f"growth {tag}: kotograph serve: first, cold and cached GET /, GET /api/v1/municipalities")
    _phase(point, "ui", log, lambda: {"ui": serve_and_measure(store, folder / "serve.log", repeats)})
    if "ui" in point:
        u = point["ui"]
        log(f"growth {tag}: first GET / {u['first_request_s']:.1f} s, SHACL ready after "
            f"{u['validation_ready_s']:.1f} s; matrix server time cold "
            f"{u['cold_server_ms']:.0f} ms, cached {u['cached_server_ms']:.0f} ms; municipalities "
            f"{u['municipalities_server_ms']:.1f} ms")

    def reingest() -> dict[str, object]:
        before = point.get("store", {}).get("graphs")
        r = kotograph_ingest(store, [changed], JOBS, ONE_DOCUMENT_TIMEOUT_S)
        with opened(store) as s:
            after = len(s.graph_names())
        log(f"growth {tag}: re-ingest of one changed document {r['wall_s']:.1f} s "
            f"({r['replaced_graphs']} graph replaced)")
        return {"reingest": {**r, "graphs_before": before, "graphs_after": after}}

    log(f"growth {tag}: re-ingest of one changed document into the store")
    _phase(point, "reingest", log, reingest)
    return point


def _get(point: dict[str, Any], path: str) -> float | None:
    value: Any = point
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return float(value) if isinstance(value, int | float) else None


class Figure(NamedTuple):
    key: str
    label: str
    unit: str
    path: str  # into a point, dotted
    panel: str  # of the plot ("": table only)
    kind: str  # "cost" (kotograph's, lower is better), "baseline", "size" (a count) or "rate"
    size: str = "municipalities"  # what the cost grows with: "municipalities" or "pages"


CURVE = (
    Figure("ingest_s", "ingest wall time, `kotograph ingest --jobs 2`", "s", "ingest.wall_s", "ingest",
           "cost", "pages"),
    Figure("floor_s", "pdfminer floor wall time, Pool(2)", "s", "floor.wall_s", "ingest", "baseline",
           "pages"),
    Figure("reingest_s", "re-ingest of one changed document", "s", "reingest.wall_s", "ingest", "cost",
           "pages"),
    Figure("pages_per_s", "ingest pages/s", "pages/s", "ingest.pages_per_s", "", "rate", "pages"),
    Figure("cores_busy", "ingest: cores busy on average (CPU s ÷ wall s)", "", "ingest.cores_busy", "",
           "rate", "pages"),
    Figure("max_rss", "ingest peak RSS, largest process (ru_maxrss)", "MiB", "ingest.max_rss_mib", "memory",
           "cost", "pages"),
    Figure("tree_rss", "ingest peak RSS, whole process tree (sampled)", "MiB", "ingest.tree_rss_mib",
           "memory", "cost", "pages"),
    Figure("quads", "quads", "", "store.quads", "", "size"),
    Figure("graphs", "named graphs", "", "store.graphs", "", "size"),
    Figure("disk_ingest", "store on disk as ingest leaves it", "MiB", "store.disk_after_ingest_mib", "store",
           "cost"),
    Figure("wal", "of which write-ahead log", "MiB", "store.wal_after_ingest_mib", "store", "size"),
    Figure("disk", "store on disk once reopened (log flushed)", "MiB", "store.disk_mib", "store", "cost"),
    Figure("shacl_s", "SHACL, whole store", "s", "shacl.total_s", "shacl", "cost"),
    Figure("shacl_per_m", "SHACL per municipality", "ms", "shacl.per_municipality_ms", "", "rate"),
    Figure("shacl_one", "SHACL of one municipality (`validate(store, code)`)", "ms",
           "shacl.one_municipality_ms", "", "cost"),
    Figure("shacl_results", "SHACL results", "", "shacl.results", "", "size"),
    Figure("first_s", "first GET / after start (does not wait for SHACL)", "s", "ui.first_request_s", "",
           "cost"),
    Figure("ready_s", "SHACL report ready after start", "s", "ui.validation_ready_s", "", "cost"),
    Figure("cold_ms", "matrix GET /, server time, cold render", "ms", "ui.cold_server_ms", "ui", "cost"),
    Figure("cached_ms", "matrix GET /, server time, cached", "ms", "ui.cached_server_ms", "ui", "cost"),
    Figure("matrix_sparql", "the matrix's SPARQL, in-process (baseline)", "ms", "matrix_baseline.sparql_ms",
           "ui", "baseline"),
    Figure("list_ms", "GET /api/v1/municipalities, server time", "ms", "ui.municipalities_server_ms", "ui",
           "cost"),
    Figure("who_ms", "who-query, in-process", "ms", "queries.who.ms", "queries", "cost"),
    Figure("coverage_ms", "coverage query, in-process", "ms", "queries.coverage.ms", "queries", "cost"),
)


def ratios(point: dict[str, Any], first: dict[str, Any], single_s: float) -> dict[str, float | None]:
    """The same-run baselines of one point (None where a phase failed)."""
    def r(a: float | None, b: float | None) -> float | None:
        return None if a is None or b is None else ratio(a, b)

    def g(path: str) -> float | None:
        return _get(point, path)

    return {
        "ingest_vs_floor": r(g("ingest.wall_s"), g("floor.wall_s")),
        "reingest_vs_full_ingest": r(g("reingest.wall_s"), g("ingest.wall_s")),
        "reingest_vs_fresh_single": r(g("reingest.wall_s"), single_s),
        "matrix_cold_vs_sparql": r(g("ui.cold_server_ms"), g("matrix_baseline.sparql_ms")),
        "matrix_cached_vs_cold": r(g("ui.cached_server_ms"), g("ui.cold_server_ms")),
        "municipalities_vs_sparql": r(g("ui.municipalities_server_ms"),
                                      g("matrix_baseline.municipalities_sparql_ms")),
        "shacl_vs_smallest": r(g("shacl.total_s"), _get(first, "shacl.total_s")),
    }


def curve(points: list[dict[str, Any]]) -> list[dict[str, object]]:
    """Each figure across the points; growth = last ÷ first; exponent b of cost ∝ size^b, where
    size is what the figure grows with (pages for ingest, municipalities for the rest)."""
    out = []
    for f in CURVE:
        n = [p.get(f.size) or 0 for p in points]
        values = [_get(p, f.path) for p in points]
        first, last = values[0], values[-1]
        growth = ratio(last, first) if first is not None and last is not None else None
        exponent = (math.log(growth) / math.log(n[-1] / n[0])
                    if growth and growth > 0 and n[0] and n[-1] > n[0] else None)
        out.append({**f._asdict(), "values": values, "sizes": n, "growth": growth, "exponent": exponent})
    return out


def run(fractions: Sequence[float] = FRACTIONS, *, quick: bool = False, seed: int = SEED,
        workdir: Path | None = None, plot: Path | None = PLOT, log: Log = print) -> dict[str, Any]:
    """The whole growth benchmark; returns the results section (and writes the plot)."""
    started = time.perf_counter()
    workdir = (workdir or WORKDIR).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    fractions = sorted(fractions)
    repeats = 3 if quick else 7
    corpus_dir, manifest, generated_s = national_corpus(workdir, seed, log)
    subsets = {f: subset(manifest, seed, f) for f in fractions}
    smallest = subsets[fractions[0]]
    one = min((d for d in smallest if not d["joint"]), key=lambda d: d["file"], default=smallest[0])
    who_code = min(c for d in smallest for c in d["municipalities"])
    changed, change = changed_document(seed, manifest["omissions"], one, workdir / "changed")
    log(f"growth: fresh one-document ingest of the changed {one['file']} (the re-ingest baseline)")
    fresh = workdir / "one-document"
    _fresh(fresh / "documents")
    single = kotograph_ingest(_fresh(fresh / "store"), [changed], JOBS, ONE_DOCUMENT_TIMEOUT_S)
    log(f"growth: one document into a fresh store {single['wall_s']:.1f} s")
    points = []
    for f in fractions:
        log(f"== growth {_pct(f)}: {len(subsets[f])} documents, "
            f"{sum(len(d['municipalities']) for d in subsets[f])} municipalities")
        point = measure_point(f, subsets[f], corpus_dir, workdir, changed, who_code,
                              ingest_repeats=1 if quick or f > fractions[0] else 2,
                              repeats=repeats, shacl_repeats=1 if quick or f > fractions[0] else 2,
                              log=log)
        points.append(point)
    for point in points:
        point["ratios"] = ratios(point, points[0], single["wall_s"])
    result: dict[str, Any] = {
        "seed": seed, "jobs": JOBS, "quick": quick, "repeats": repeats,
        "corpus": {"documents": len(manifest["documents"]),
                   "municipalities": sum(len(d["municipalities"]) for d in manifest["documents"]),
                   "generated_s": generated_s, "omissions": manifest["omissions"]},
        "one_document": {"file": one["file"], "municipalities": sorted(one["municipalities"]),
                         "change": change, "fresh_ingest": single},
        "who_municipality": who_code, "who_service": WHO_SERVICE,
        "target_reingest_s": TARGET_REINGEST_S, "target_reingest_vs_fresh": TARGET_REINGEST_VS_FRESH,
        "points": points, "curve": curve(points),
        "rss_method": "ru_maxrss from os.wait4 on the CLI process (largest single process of its tree); "
                      "summed RSS of the live process tree sampled every 0.2 s from /proc",
        "loadavg": os.getloadavg(),
    }
    result["meets_reingest_target"] = reingest_verdict(points[-1], fractions[-1])
    result["seconds"] = time.perf_counter() - started
    if plot is not None:
        try:
            draw(result, plot)
            result["plot"] = str(plot.relative_to(ROOT)) if plot.is_relative_to(ROOT) else str(plot)
            log(f"growth: wrote {plot}")
        except Exception as exc:  # the numbers matter more than the picture
            result["plot_error"] = f"{type(exc).__name__}: {exc}"
            log(f"growth: plot FAILED: {exc}")
    log(f"growth: done in {result['seconds']:.0f} s")
    return result


# --------------------------------------------------------------------------------------
# The plot
# --------------------------------------------------------------------------------------

PANELS = (("ingest", "ingest (s)"), ("memory", "ingest peak RSS (MiB)"),
          ("store", "store on disk (MiB)"), ("shacl", "SHACL, whole store (s)"),
          ("ui", "matrix page (ms)"), ("queries", "queries in-process (ms)"))


def draw(result: dict[str, Any], path: Path) -> None:
    """One PNG, one small panel per cost, against what it grows with (pages or municipalities);
    the dashed line is linear growth from the first point."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    points = result["points"]
    fig, axes = plt.subplots(2, 3, figsize=(12, 6.8), constrained_layout=True)
    for ax, (panel, title) in zip(axes.flat, PANELS, strict=True):
        size = "municipalities"
        for i, c in enumerate(e for e in result["curve"] if e["panel"] == panel):
            size = c["size"]
            pairs = [(xi, v) for xi, v in zip(c["sizes"], c["values"], strict=True) if v is not None]
            if not pairs:
                continue
            xs, ys = zip(*pairs, strict=True)
            ax.plot(xs, ys, marker="o", label=c["label"].replace("`", "")[:48])
            if i == 0 and len(xs) > 1 and panel != "memory":  # memory is per process, not per page
                ax.plot([xs[0], xs[-1]], [ys[0], ys[0] * xs[-1] / xs[0]], "--", color="grey",
                        linewidth=0.8, label="linear from the first point")
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("pages ingested" if size == "pages" else "municipalities covered", fontsize=8)
        ax.set_ylim(bottom=0)
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=6.5, loc="upper left")
    pct = ", ".join(f"{p['fraction'] * 100:g} % = {p['municipalities']}" for p in points)
    fig.suptitle(f"kotograph: cost vs share of the synthetic national corpus ({pct} municipalities)",
                 fontsize=11)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--fractions", help="comma-separated shares of the corpus (default 0.1,0.5,1.0; "
                   "--quick: 0.05,0.1,0.2)")
    p.add_argument("--quick", action="store_true", help="small fractions, fewer repeats (not for publishing)")
    p.add_argument("--seed", type=int, default=SEED)
    p.add_argument("--workdir", type=Path, default=WORKDIR, help="corpus cache, stores and server logs")
    p.add_argument("--plot", type=Path, default=RESULTS_DIR / "growth.png",
                   help="(bench.run writes bench/growth.png, the one BENCHMARKS.md shows)")
    p.add_argument("--json", type=Path, default=RESULTS_DIR / "growth.json")
    p.add_argument("--floor-child", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--jobs", type=int, default=JOBS, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.floor_child:
        print(json.dumps(floor_child(args.floor_child, args.jobs)))
        return 0
    fractions = ([float(x) for x in args.fractions.split(",")] if args.fractions
                 else list(QUICK_FRACTIONS if args.quick else FRACTIONS))

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    result = run(fractions, quick=args.quick, seed=args.seed, workdir=args.workdir, plot=args.plot, log=log)
    write_json(args.json, {"date": now_iso(), "machine": machine_info(), "versions": versions(), **result})
    for c in result["curve"]:
        values = ", ".join("–" if v is None else f"{v:.4g}" for v in c["values"])
        print(f"{c['label']:<60} {values} {c['unit']}  growth {c['growth'] or float('nan'):.2f}×")
    print(f"results: {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

