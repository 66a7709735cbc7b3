"""Matrix products for the spaCy models: numpy's BLAS, on one thread.

thinc multiplies with its bundled BLIS by default; on the CPUs we run on numpy's OpenBLAS
computes the same float32 products about twice as fast (tok2vec, morphologizer and the
parser's feature layer are mostly matrix products), with identical parses on the corpus.
OpenBLAS would start one thread per core: extraction stays single-threaded, since the
CLI already runs one process per core (`--jobs`), and extra threads would only compete
with those processes.
"""

from __future__ import annotations

import ctypes
from pathlib import Path

from spacy.language import Language
from thinc.api import NumpyOps

# Names of OpenBLAS's thread setter: numpy's wheels (scipy-openblas, 64-bit ints), plain.
THREAD_SETTERS = ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads_64_",
                  "openblas_set_num_threads64_", "openblas_set_num_threads")
MAPS = Path("/proc/self/maps")


def _loaded_openblas() -> list[str]:
    """Paths of the OpenBLAS libraries this process has loaded (Linux; else none)."""
    try:
        maps = MAPS.read_text()
    except OSError:
        return []
    paths = {line.split(maxsplit=5)[-1] for line in maps.splitlines()
             if "openblas" in line.lower() and len(line.split(maxsplit=5)) == 6}
    return sorted(paths)


def single_thread() -> bool:
    """Limit every loaded OpenBLAS (numpy's, loaded with spaCy) to one thread; False when
    none could be told."""
    done = False
    for path in _loaded_openblas():
        try:
            library = ctypes.CDLL(path)
        except OSError:
            continue
        for name in THREAD_SETTERS:
            setter = getattr(library, name, None)
            if setter is not None:
                setter(1)
                done = True
                break
    return done


def use_numpy_blas(nlp: Language) -> None:
    """Every model of the pipeline multiplies through numpy (one BLAS thread), not BLIS.

    Left as it is when OpenBLAS cannot be limited to one thread.
    """
    if not single_thread():
        return
    ops = NumpyOps(use_blis=False)
    for _name, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops
