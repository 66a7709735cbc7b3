"""Ingest orchestration shared by the CLI and the upload API: extract, then write atomically."""

from __future__ import annotations

import queue
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from starlette.concurrency import run_in_threadpool

from api.errors import ApiError
from api.extract_worker import ExtractionWorker, IngestLimits
from api.state import AppState
from extraction.errors import DocumentError
from extraction.model import DocumentExtraction
from graph.ingest import IngestSummary, ensure_base_graphs, write_document
from graph.store import OxigraphStore, Store


def keep_original(documents_dir: Path, sha256: str, suffix: str, data: bytes) -> Path:
    """Keep the original so the UI can open it at the page a fact was read from."""
    documents_dir.mkdir(parents=True, exist_ok=True)
    target = documents_dir / f"{sha256[:16]}{suffix.lower()}"
    if not target.exists():
        tmp = target.with_suffix(target.suffix + ".part")
        tmp.write_bytes(data)
        tmp.replace(target)
    return target


def _extract(worker: ExtractionWorker, path: Path) -> DocumentExtraction | str:
    """One file's extraction in `worker`, or the error message naming the file."""
    try:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DocumentError(path.name, f"cannot read the file ({exc.strerror or exc})") from exc
        return worker.extract(data, path.name)
    except DocumentError as exc:
        return str(exc)


def extract_many(
    paths: list[Path], reference_dirs: tuple[Path, ...], jobs: int = 1,
    limits: IngestLimits | None = None,
) -> Iterator[tuple[Path, DocumentExtraction | str]]:
    """Extract files in `jobs` worker processes (each loads the model once), each document
    under the memory and time limits (`api.extract_worker`).

    Extraction is the CPU-heavy part; results come back in completion order so the single
    writer can store each document as soon as it is ready. A document that fails, however
    it fails, is its message; the others go on.
    """
    count = max(1, min(jobs, len(paths)))
    workers = [ExtractionWorker(reference_dirs, limits) for _ in range(count)]
    idle: queue.SimpleQueue[ExtractionWorker] = queue.SimpleQueue()
    for worker in workers:
        idle.put(worker)

    def one(path: Path) -> tuple[Path, DocumentExtraction | str]:
        worker = idle.get()
        try:
            return path, _extract(worker, path)
        finally:
            idle.put(worker)

    try:
        with ThreadPoolExecutor(len(workers)) as threads:
            for future in as_completed([threads.submit(one, path) for path in paths]):
                yield future.result()
    finally:
        for worker in workers:
            worker.close()


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


def finish_batch(store: Store) -> None:
    """Compact the embedded store after a batch of writes (`OxigraphStore.optimize`); an
    external store looks after its own layout."""
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
        extraction = state.extractor.extract(data, name)
        prepare_store(state.store, refs)
        summary = write_document(state.store, extraction, ingested_by)
        keep_original(state.settings.originals_dir(), extraction.sha256, Path(name).suffix, data)
        return summary

    try:
        summary = await run_in_threadpool(work)
    except DocumentError as exc:
        raise ApiError(422, "Document not ingested", str(exc), source=name) from exc
    return summary.as_dict()
