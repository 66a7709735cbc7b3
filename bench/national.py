"""The national synthetic corpus, ingested as a user ingests it: the store every other part
of the benchmark reads, and what ingesting a whole country costs.

* the corpus: `eval.corpus` seed 1, programme PDFs for the 292 mainland municipalities
  (joint programmes and single ones, three layouts), generated once into var/bench;
* `kotograph ingest --jobs 2` into a fresh store, no server running: wall time, CPU, peak
  RSS, against pdfminer over the same PDFs in a spawn Pool(2), once just before and once
  just after (their mean, so other load on the machine meets both);
* that store's N-Quads dump loaded with `oxigraph load` into a second store: the baseline
  server's data, the same quads;
* SHACL over the whole store (`graph.validate.validate`), what a server computes at start.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import ROOT, median, ratio, run, tool

SEED = 1
JOBS = 2
ADDED_SENTENCE = "Ohjelma päivitetään vuosittain kunnanhallituksen käsittelyssä."
Log = Callable[[str], None]


def corpus(workdir: Path, fraction: float, log: Log) -> tuple[Path, dict[str, Any]]:
    """The generated corpus (cached by everything it depends on) and its manifest."""
    from eval import corpus as generator

    digest = hashlib.sha256(f"{SEED} {fraction}".encode())
    for source in (ROOT / "eval" / "corpus.py", ROOT / "examples" / "render_pdfs.py",
                   *sorted((ROOT / "ontology" / "reference").glob("*.csv"))):
        digest.update(source.read_bytes())
    folder = workdir / f"corpus-{digest.hexdigest()[:12]}"
    if not (folder / "manifest.json").exists():
        for stale in workdir.glob("corpus-*"):
            shutil.rmtree(stale)
        log(f"national: generating the corpus (seed {SEED}, {fraction:.0%}) into {folder}")
        part = folder.with_name(folder.name + ".part")
        shutil.rmtree(part, ignore_errors=True)
        generator.generate(part, SEED, fraction, fmt="pdf", workers=JOBS)
        part.rename(folder)
    return folder, json.loads((folder / "manifest.json").read_text("utf-8"))


def changed_copy(doc: dict[str, Any], omissions: float, folder: Path,
                 sentence: str = ADDED_SENTENCE) -> Path:
    """The manifest's document `doc` with `sentence` added to its first paragraph,
    rendered to PDF under the same file name (ingesting it replaces the original)."""
    from eval import corpus as generator

    shutil.rmtree(folder, ignore_errors=True)
    generator.generate(folder / "md", SEED, omissions=omissions, fmt="md",
                       areas=[doc["employment_area"]])
    lines = (folder / "md" / doc["file"]).with_suffix(".md").read_text("utf-8").splitlines()
    at = next(i for i, line in enumerate(lines)
              if len(line) > 40 and not line.startswith(("#", "|", "-")) and line.endswith("."))
    lines[at] = f"{lines[at]} {sentence}"
    target = folder / doc["file"]
    if generator.render_file("\n".join(lines) + "\n", str(target), "pdf") == doc["sha256"]:
        raise RuntimeError(f"changing {doc['file']} did not change its PDF")
    return target


def _pdfminer(path: str) -> int:
    from pdfminer.high_level import extract_text

    return len(extract_text(path))


def pdfminer_pool(folder: Path) -> None:
    """pdfminer over every PDF of `folder` in a spawn Pool(2) (`python -m bench.national`)."""
    files = sorted(str(p) for p in folder.glob("*.pdf"))
    with multiprocessing.get_context("spawn").Pool(JOBS) as pool:
        pool.map(_pdfminer, files, chunksize=1)


def _floor(folder: Path) -> float:
    return run([sys.executable, "-m", "bench.national", str(folder)]).wall_s


def build(workdir: Path, folder: Path, log: Log) -> dict[str, Any]:
    """Ingest the corpus in `folder` into a fresh store, load the baseline's copy; the
    figures and the stores' paths."""
    store = workdir / "store"
    for old in (store, workdir / "documents", workdir / "oxigraph", workdir / "dump.nq"):
        shutil.rmtree(old, ignore_errors=True) if old.is_dir() else old.unlink(missing_ok=True)
    log(f"national: kotograph ingest --jobs {JOBS} of {folder}")
    floors = [_floor(folder)]
    ingest = run([tool("kotograph"), "--store", str(store), "ingest", "--json", "--jobs", str(JOBS),
                  str(folder)], env={"KOTOGRAPH_EXTRA_REFERENCE": "[]"})
    floors.append(_floor(folder))
    docs = json.loads(ingest.stdout)["ingested"]
    pages = sum(d["pages"] for d in docs)
    run([tool("kotograph"), "--store", str(store), "export", "--format", "nquads",
         "-o", str(workdir / "dump.nq")])
    run([tool("oxigraph"), "load", "--location", str(workdir / "oxigraph"),
         "--file", str(workdir / "dump.nq")])
    from graph.store import OxigraphStore
    from graph.validate import validate

    opened = OxigraphStore(store)
    try:
        quads, graphs = opened.count(), len(opened.graph_names())
        t0 = time.perf_counter()
        report = validate(opened)
        shacl_s = time.perf_counter() - t0
    finally:
        opened.close()
    log(f"national: {pages} pages in {ingest.wall_s:.1f} s (pdfminer {median(floors):.1f} s), "
        f"{quads} quads; SHACL over the store {shacl_s:.1f} s")
    return {
        "corpus": str(folder), "store": str(store), "oxigraph_store": str(workdir / "oxigraph"),
        "documents": len(docs), "pages": pages, "quads": quads, "graphs": graphs,
        "municipalities": len({m["code"] for d in docs for m in d["municipalities"]}),
        "ingest_s": ingest.wall_s, "ingest_cpu_s": ingest.cpu_s,
        "ingest_peak_rss_mib": ingest.peak_rss_mib, "pdfminer_s": floors,
        "ingest_ratio": ratio(ingest.wall_s, sum(floors) / len(floors)),
        "shacl_s": shacl_s, "shacl_results": len(report.findings),
    }


if __name__ == "__main__":
    pdfminer_pool(Path(sys.argv[1]))
