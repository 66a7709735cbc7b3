"""Ingest benchmark: pages/s of the whole extraction pipeline against bare pdfminer.

Baseline (the floor): `pdfminer.high_level.extract_text` on the same PDFs, which does the
same layout analysis (default LAParams) the pipeline's reader does; everything above the
floor is kotograph's own cost (structure, spaCy, gazetteer, relation rules).

The pipeline runs in a fresh process (the spaCy model load is measured once, as a real
process pays it); there the floor and the pipeline alternate file by file, so load from
other work on the machine hits both sides. The floor also runs alone in its own fresh
process, whose peak RSS (getrusage ru_maxrss) is the memory baseline. Passes over all PDFs
are repeated; the figures are medians over the passes.

    python -m bench.ingest [--repeats 3] [--json var/bench/ingest.json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import CORPUS_PDF, EXAMPLES, EXAMPLES_REFERENCE, RESULTS_DIR, median, ratio, write_json

TARGET_COST_RATIO = 3.0


def pdf_files() -> list[Path]:
    corpus = sorted(CORPUS_PDF.glob("*.pdf")) if CORPUS_PDF.is_dir() else []
    return corpus + sorted(EXAMPLES.glob("*.pdf"))


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _passes(files: list[Path], repeats: int, one: Callable[[Path], object]) -> dict[str, object]:
    per_pass, per_file, errors = [], {f.name: [] for f in files}, {}
    for _ in range(repeats):
        total = 0.0
        for f in files:
            t0 = time.perf_counter()
            try:
                one(f)
            except Exception as exc:  # a refused document still cost its time
                errors[f.name] = f"{type(exc).__name__}: {exc}"[:200]
            dt = time.perf_counter() - t0
            per_file[f.name].append(dt)
            total += dt
        per_pass.append(total)
    return {"pass_seconds": per_pass, "file_seconds": {k: median(v) for k, v in per_file.items()},
            "errors": errors}


def _interleaved(files: list[Path], repeats: int, floor: Callable[[Path], object],
                 pipe: Callable[[Path], object]) -> tuple[dict[str, object], dict[str, object]]:
    """Both sides file by file, alternating, so that other load on the machine hits both."""
    sides = {"floor": floor, "pipeline": pipe}
    per_pass = {k: [] for k in sides}
    per_file = {k: {f.name: [] for f in files} for k in sides}
    errors: dict[str, dict[str, str]] = {k: {} for k in sides}
    for rep in range(repeats):
        totals = dict.fromkeys(sides, 0.0)
        for f in files:
            for key in (sides if rep % 2 == 0 else reversed(list(sides))):
                t0 = time.perf_counter()
                try:
                    sides[key](f)
                except Exception as exc:  # a refused document still cost its time
                    errors[key][f.name] = f"{type(exc).__name__}: {exc}"[:200]
                dt = time.perf_counter() - t0
                per_file[key][f.name].append(dt)
                totals[key] += dt
        for key in sides:
            per_pass[key].append(totals[key])
    out = tuple({"pass_seconds": per_pass[k],
                 "file_seconds": {n: median(v) for n, v in per_file[k].items()},
                 "errors": errors[k]} for k in sides)
    return out[0], out[1]


def child_floor(files: list[Path], repeats: int) -> dict[str, object]:
    from pdfminer.high_level import extract_text
    from pdfminer.pdfpage import PDFPage

    pages = {}
    for f in files:
        with f.open("rb") as fh:
            pages[f.name] = sum(1 for _ in PDFPage.get_pages(fh))
    extract_text(str(files[0]))  # import-time and first-call costs stay out of the passes
    out = _passes(files, repeats, lambda f: extract_text(str(f)))
    return {**out, "pages": pages, "peak_rss_mib": _peak_rss_mib()}


_READ = "read (pdfminer layout, readers.read_document)"
_STRUCTURE = "structure (structure.build_structure)"
_GATE = "NLP: tokenize, choose blocks to parse, parse (gate.process)"
_SPACY = "spaCy nlp.pipe"
_RULES = "rules (pipeline._Run.execute)"
_OTHER = "other (hashing, language detection, result assembly)"


def _breakdown(files: list[Path], extract: Callable[[Path], object]) -> dict[str, object]:
    """Seconds per stage of one pass, by timing wrappers around the pipeline's own steps
    (no profiler, whose overhead would inflate the pure-Python stages), and seconds per
    spaCy component on the same texts. Best effort: an "error" entry if the pipeline's
    shape changed."""
    try:
        return _breakdown_unsafe(files, extract)
    except Exception as exc:
        return {"error": f"{type(exc).__name__}: {exc}"[:300]}


def _breakdown_unsafe(files: list[Path], extract: Callable[[Path], object]) -> dict[str, object]:
    from extraction import pipeline
    from extraction.nlp import BATCH_SIZE

    acc: dict[str, float] = {}
    texts: list[str] = []
    blocks = [0]

    def timed(fn: Callable, key: str) -> Callable:
        acc[key] = 0.0

        def wrapper(*a, **k):
            t0 = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                acc[key] += time.perf_counter() - t0
        return wrapper

    nlp = pipeline.get_nlp()
    acc[_SPACY] = 0.0

    class TimedNlp:
        def pipe(self, items, **kw):
            items = list(items)
            texts.extend(i.text if hasattr(i, "text") else (i[0] if isinstance(i, tuple) else i)
                         for i in items)
            t0 = time.perf_counter()
            docs = list(nlp.pipe(items, **kw))
            acc[_SPACY] += time.perf_counter() - t0
            return iter(docs)

        def __getattr__(self, name: str):
            return getattr(nlp, name)

    saved = {n: getattr(pipeline, n) for n in ("read_document", "build_structure", "get_nlp")}
    saved_execute = pipeline._Run.execute
    gate = getattr(pipeline, "gate", None)
    saved_gate = getattr(gate, "process", None)
    try:
        pipeline.read_document = timed(saved["read_document"], _READ)
        pipeline.build_structure = timed(saved["build_structure"], _STRUCTURE)
        pipeline.get_nlp = lambda: TimedNlp()
        if saved_gate is not None:
            timed_gate = timed(saved_gate, _GATE)

            def counting_gate(nlp_, items, *a, **k):
                items = list(items)
                blocks[0] += len(items)
                return timed_gate(nlp_, items, *a, **k)
            gate.process = counting_gate
        pipeline._Run.execute = timed(saved_execute, _RULES)
        t0 = time.perf_counter()
        for f in files:
            with contextlib.suppress(Exception):
                extract(f)
        total = time.perf_counter() - t0
    finally:
        for n, fn in saved.items():
            setattr(pipeline, n, fn)
        pipeline._Run.execute = saved_execute
        if saved_gate is not None:
            gate.process = saved_gate
    top = [k for k in acc if k != _SPACY or _GATE not in acc]  # nlp.pipe runs inside the gate
    acc[_OTHER] = total - sum(acc[k] for k in top)
    components = {}
    t0 = time.perf_counter()
    docs = [nlp.make_doc(t) for t in texts]
    components["tokenizer"] = time.perf_counter() - t0
    for name, proc in nlp.pipeline:
        t0 = time.perf_counter()
        docs = list(proc.pipe(docs, batch_size=BATCH_SIZE)) if hasattr(proc, "pipe") else [
            proc(d) for d in docs]
        components[name] = time.perf_counter() - t0
    return {"pass_seconds": total, "stages": acc, "nested": {_SPACY: _GATE} if _GATE in acc else {},
            "spacy_components": components, "spacy_texts": len(texts),
            "spacy_chars": sum(map(len, texts)), "blocks": blocks[0] or None}


def child_pipeline(files: list[Path], repeats: int) -> dict[str, object]:
    t0 = time.perf_counter()
    from extraction.nlp import get_nlp
    from extraction.pipeline import extract_file

    import_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    get_nlp()
    model_s = time.perf_counter() - t0
    refs = (EXAMPLES_REFERENCE,)

    def extract(f: Path) -> object:
        return extract_file(f, reference_dirs=refs)

    from pdfminer.high_level import extract_text

    t0 = time.perf_counter()
    first = _passes(files, 1, extract)  # gazetteer, Voikko and other lazy caches fill here
    first_s = time.perf_counter() - t0
    floor, out = _interleaved(files, repeats, lambda f: extract_text(str(f)), extract)
    facts = {}
    for f in files:
        try:
            facts[f.name] = len(extract(f).facts)
        except Exception:
            facts[f.name] = None
    breakdown = _breakdown(files, extract)
    return {**out, "floor": floor, "import_seconds": import_s, "model_load_seconds": model_s,
            "first_pass_seconds": first_s, "first_pass_errors": first["errors"], "facts": facts,
            "breakdown": breakdown, "peak_rss_mib": _peak_rss_mib()}


def _run_child(kind: str, repeats: int) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-m", "bench.ingest", "--child", kind, "--repeats", str(repeats)],
        capture_output=True, text=True, timeout=3600, cwd=Path(__file__).resolve().parent.parent,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"ingest child {kind!r} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run(repeats: int = 3, log: Callable[[str], None] = print) -> dict[str, object]:
    files = pdf_files()
    if not files:
        raise RuntimeError(f"no PDFs in {CORPUS_PDF} or {EXAMPLES}")
    log(f"ingest: {len(files)} PDFs; floor (pdfminer extract_text) alone in a fresh process")
    floor = _run_child("floor", repeats)
    log("ingest: extraction pipeline (extract_file), alternating with the floor, in a fresh process")
    pipe = _run_child("pipeline", repeats)
    pages = sum(floor["pages"].values())
    same = pipe["floor"]  # the floor measured interleaved with the pipeline, file by file
    floor_s, pipe_s = median(same["pass_seconds"]), median(pipe["pass_seconds"])
    per_file = []
    for f in files:
        a, b = same["file_seconds"][f.name], pipe["file_seconds"][f.name]
        per_file.append({"file": f.name, "source": "corpus" if f.parent == CORPUS_PDF else "examples",
                         "pages": floor["pages"][f.name], "floor_s": a, "pipeline_s": b,
                         "ratio": ratio(b, a), "facts": pipe["facts"].get(f.name),
                         "error": pipe["errors"].get(f.name)})
    cost = ratio(pipe_s, floor_s)
    return {
        "files": len(files), "pages": pages, "repeats": repeats,
        "floor": {"pass_seconds": same["pass_seconds"], "median_pass_s": floor_s,
                  "pages_per_s": pages / floor_s, "peak_rss_mib": floor["peak_rss_mib"],
                  "own_process_pass_seconds": floor["pass_seconds"]},
        "pipeline": {"pass_seconds": pipe["pass_seconds"], "median_pass_s": pipe_s,
                     "pages_per_s": pages / pipe_s, "peak_rss_mib": pipe["peak_rss_mib"],
                     "import_seconds": pipe["import_seconds"],
                     "model_load_seconds": pipe["model_load_seconds"],
                     "first_pass_seconds": pipe["first_pass_seconds"],
                     "breakdown": pipe["breakdown"]},
        "cost_ratio": cost, "target_cost_ratio": TARGET_COST_RATIO,
        "meets_target": cost <= TARGET_COST_RATIO,
        "rss_ratio": ratio(pipe["peak_rss_mib"], floor["peak_rss_mib"]),
        "per_file": per_file,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--json", type=Path, default=RESULTS_DIR / "ingest.json")
    p.add_argument("--child", choices=("floor", "pipeline"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        fn = child_floor if args.child == "floor" else child_pipeline
        print(json.dumps(fn(pdf_files(), args.repeats)))
        return 0
    result = run(args.repeats)
    write_json(args.json, result)
    f, q = result["floor"], result["pipeline"]
    print(f"{result['pages']} pages in {result['files']} PDFs: pipeline {q['pages_per_s']:.1f} pages/s, "
          f"pdfminer floor {f['pages_per_s']:.1f} pages/s → cost ratio {result['cost_ratio']:.2f}× "
          f"(target ≤ {TARGET_COST_RATIO}×); model load {q['model_load_seconds']:.2f} s; "
          f"peak RSS {q['peak_rss_mib']:.0f} MiB vs {f['peak_rss_mib']:.0f} MiB")
    print(f"results: {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
