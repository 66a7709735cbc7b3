"""Ingest orchestration shared by the CLI and the upload API: extract, then write atomically."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from starlette.concurrency import run_in_threadpool

from api.errors import ApiError
from api.state import AppState
from extraction.errors import DocumentError
from extraction.model import DocumentExtraction
from extraction.pipeline import extract_bytes, extract_file
from graph.ingest import IngestSummary, ensure_base_graphs, write_document
from graph.store import OxigraphStore, Store

SUPPORTED_SUFFIXES = frozenset({".pdf", ".docx", ".html", ".htm", ".txt"})


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given, and the supported files inside folders (sorted, recursive)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*")
                              if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
        else:
            yield path


def keep_original(documents_dir: Path, sha256: str, suffix: str, data: bytes) -> Path:
    """Keep the original so the UI can open it at the page a fact was read from."""
    documents_dir.mkdir(parents=True, exist_ok=True)
    target = documents_dir / f"{sha256[:16]}{suffix.lower()}"
    if not target.exists():
        tmp = target.with_suffix(target.suffix + ".part")
        tmp.write_bytes(data)
        tmp.replace(target)
    return target


def _extract(path: Path, reference_dirs: tuple[Path, ...]) -> DocumentExtraction | str:
    """Extraction in a worker: the result, or the error message (picklable either way)."""
    try:
        if not path.is_file():
            raise DocumentError(str(path), "file not found")
        return extract_file(path, reference_dirs=reference_dirs)
    except DocumentError as exc:
        return str(exc)


def extract_many(
    paths: list[Path], reference_dirs: tuple[Path, ...], jobs: int = 1
) -> Iterator[tuple[Path, DocumentExtraction | str]]:
    """Extract files, in `jobs` processes when more than one (each loads the model once).

    Extraction is the CPU-heavy part; results come back in completion order so the single
    writer can store each document as soon as it is ready.
    """
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            yield path, _extract(path, reference_dirs)
        return
    context = multiprocessing.get_context("spawn")  # no forked copies of store handles
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = {pool.submit(_extract, path, reference_dirs): path for path in paths}
        for future in as_completed(futures):
            yield futures[future], future.result()


def store_extraction(store: Store, path: Path, extraction: DocumentExtraction,
                     reference_dirs: tuple[Path, ...], documents_dir: Path | None = None,
                     ingested_by: str | None = None) -> IngestSummary:
    """Write one extracted document (atomically) and keep its original."""
    prepare_store(store, reference_dirs)
    summary = write_document(store, extraction, ingested_by)
    if documents_dir is not None:
        keep_original(documents_dir, extraction.sha256, path.suffix, path.read_bytes())
    return summary


def find_original(documents_dir: Path, doc_id: str) -> Path | None:
    """The kept original of a document (id = first 16 hex digits of its hash), if any."""
    if not doc_id.isalnum() or not documents_dir.is_dir():
        return None
    found = next(iter(sorted(documents_dir.glob(f"{doc_id}.*"))), None)
    return None if found is None or found.suffix == ".part" else found


def ingest_path(store: Store, path: Path, reference_dirs: tuple[Path, ...],
                documents_dir: Path | None = None, ingested_by: str | None = None) -> IngestSummary:
    """Extract one file and replace its graph; raises DocumentError before any write."""
    if not path.is_file():
        raise DocumentError(str(path), "file not found")
    extraction = extract_file(path, reference_dirs=reference_dirs)
    return store_extraction(store, path, extraction, reference_dirs, documents_dir, ingested_by)


def finish_batch(store: Store) -> None:
    """Compact the embedded store after a batch of writes.

    Replaced graphs leave tombstones that slow every later read (analytic queries ran
    1.26× as long before compaction at national scale, BENCHMARKS.md); an external store
    looks after its own layout.
    """
    if isinstance(store, OxigraphStore):
        store.optimize()


def prepare_store(store: Store, reference_dirs: tuple[Path, ...]) -> None:
    """Ontology and reference graphs in place (cheap when they already are)."""
    ensure_base_graphs(store, tuple(d.resolve() for d in reference_dirs))


async def ingest_upload(state: AppState, data: bytes, name: str,
                        ingested_by: str = "REST API") -> dict[str, object]:
    """The upload API's ingest: bad documents are a 422 naming the file and the problem."""
    refs = tuple(state.settings.extra_reference)

    def work() -> IngestSummary:
        extraction = extract_bytes(data, name, reference_dirs=refs)
        prepare_store(state.store, refs)
        summary = write_document(state.store, extraction, ingested_by)
        keep_original(state.settings.originals_dir(), extraction.sha256, Path(name).suffix, data)
        return summary

    try:
        summary = await run_in_threadpool(work)
    except DocumentError as exc:
        raise ApiError(422, "Document not ingested", str(exc), source=name) from exc
    return summary.as_dict()
