"""One programme through `kotograph ingest` as the user runs it, against pdfminer alone on
the same file in its own process (the floor: reading the PDF is the least any extractor
does; a fresh `python -c "extract_text(file)"`, start-up included).

* with a server: `kotograph serve` owns the store and has loaded the model (its extraction
  process starts with the server); `kotograph ingest FILE` hands the file to it;
* without one: `kotograph ingest FILE` starts an extraction process of its own, which loads
  the model, and writes the store itself.

Whole commands, as the user waits for them (a table on the terminal). Per file the three
take turns for `rounds` rounds after one unmeasured round (so other load on the machine
meets all three); the median of each is compared. Beside them, as information, the same two
kinds of work inside one warm process (`python -m bench.ingest FILE…`): the extraction
pipeline against pdfminer, which is what is left of the ratio once no process starts.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import EXAMPLES, ROOT, free_port, median, mimalloc, ratio, run, tool
from bench.server import run_server

TARGET = 3.0
FLOOR = "import sys; from pdfminer.high_level import extract_text; extract_text(sys.argv[1])"
# The real programmes of the development material beside the checkout (../shared), if any.
REAL_CORPUS = Path(os.environ.get("KOTOGRAPH_BENCH_CORPUS", ROOT.parent / "shared" / "corpus" / "pdf"))
ENV = {"KOTOGRAPH_EXTRA_REFERENCE": json.dumps([str(EXAMPLES / "reference")])}


def programmes(national: Path) -> list[tuple[Path, str]]:
    """The files measured and where they come from: an example, a national one, and the
    real programmes when their folder is at hand (they are not part of the checkout)."""
    files = [(EXAMPLES / "jarvela-kotoutumisohjelma.pdf", "examples"),
             (sorted(national.glob("*.pdf"))[0], "national corpus")]
    return files + [(p, "real") for p in sorted(REAL_CORPUS.glob("*.pdf"))]


def warm(paths: list[str], rounds: int = 3) -> dict[str, dict[str, float]]:
    """In this process, after a first pass: per file, the medians of pdfminer's
    `extract_text` and of the whole pipeline (`extract_bytes`), taking turns."""
    import time

    from pdfminer.high_level import extract_text

    from extraction.pipeline import extract_bytes

    refs = json.loads(ENV["KOTOGRAPH_EXTRA_REFERENCE"])
    out = {}
    for path in paths:
        data = Path(path).read_bytes()
        times: dict[str, list[float]] = {"pdfminer": [], "pipeline": []}
        for n in range(rounds + 1):
            t0 = time.perf_counter()
            extract_text(path)
            t1 = time.perf_counter()
            pages = extract_bytes(data, Path(path).name, reference_dirs=refs).page_count
            if n:
                times["pdfminer"].append(t1 - t0)
                times["pipeline"].append(time.perf_counter() - t1)
        out[Path(path).name] = {"pages": pages, **{k: median(v) for k, v in times.items()}}
    return out


def measure(workdir: Path, national: Path, rounds: int, log: Callable[[str], None]) -> dict[str, Any]:
    for old in ("served", "plain"):
        shutil.rmtree(workdir / old, ignore_errors=True)
    served, plain = workdir / "served" / "store", workdir / "plain" / "store"
    port = free_port()
    preload = {"LD_PRELOAD": mimalloc()} if mimalloc() else {}
    rows = []
    with run_server("kotograph serve", [tool("kotograph"), "--store", str(served), "serve",
                                        "--port", str(port)],
                    port=port, ready_path="/health", log=workdir / "served.log",
                    env={**ENV, **preload}):
        for path, source in programmes(national):
            sides: dict[str, list[float]] = {"pdfminer": [], "served": [], "plain": []}
            commands = {
                "pdfminer": [sys.executable, "-c", FLOOR, str(path)],
                "served": [tool("kotograph"), "--store", str(served), "ingest", str(path)],
                "plain": [tool("kotograph"), "--store", str(plain), "ingest", str(path)],
            }
            for n in range(rounds + 1):
                for side, argv in commands.items():
                    done = run(argv, env=ENV)
                    if n:  # the first round warms caches and the server's model
                        sides[side].append(done.wall_s)
            row = {"file": path.name, "source": source,
                   **{f"{side}_s": median(times) for side, times in sides.items()},
                   "runs": sides}
            row["served_ratio"] = ratio(row["served_s"], row["pdfminer_s"])
            row["plain_ratio"] = ratio(row["plain_s"], row["pdfminer_s"])
            log(f"ingest {path.name}: pdfminer {row['pdfminer_s']:.2f} s, with a server "
                f"{row['served_s']:.2f} s ({row['served_ratio']:.2f}x), without "
                f"{row['plain_s']:.2f} s ({row['plain_ratio']:.2f}x)")
            rows.append(row)
    inside = json.loads(run([sys.executable, "-m", "bench.ingest",
                             *(str(p) for p, _ in programmes(national))], env=ENV).stdout)
    for row in rows:
        row.update(pages=inside[row["file"]]["pages"], warm_pdfminer_s=inside[row["file"]]["pdfminer"],
                   warm_pipeline_s=inside[row["file"]]["pipeline"])
        row["warm_ratio"] = ratio(row["warm_pipeline_s"], row["warm_pdfminer_s"])
    return {"files": rows, "rounds": rounds, "target": TARGET}


if __name__ == "__main__":
    print(json.dumps(warm(sys.argv[1:])))
