"""Extraction of untrusted documents in a separate process with memory and time limits.

A document is whatever someone downloaded or uploaded: a reader that blows up (a bomb the
readers' own limits miss, a parser that runs away) must not take the server or a batch
with it. `ExtractionWorker` keeps one spawned process that loads the language model once
and extracts one document at a time under `RLIMIT_AS` (`KOTOGRAPH_INGEST_MEMORY_MB`); a
document that takes longer than `KOTOGRAPH_INGEST_TIMEOUT_S` has its process killed, and
the next document gets a new one. Either way the caller gets a `DocumentError` naming the
file and the limit, and nothing has been written.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import resource
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from extraction import readers
from extraction.errors import DocumentError
from extraction.model import DocumentExtraction
from extraction.readers import ReaderLimits


@dataclass(frozen=True, slots=True)
class IngestLimits:
    """Memory (address space) and wall time one document's extraction may use, and what
    the readers accept."""

    memory_mb: int = 2048
    timeout_s: float = 300.0
    readers: ReaderLimits = field(default_factory=ReaderLimits)


MEMORY_EXIT = 75


# A few words through the whole pipeline, so that the model, the gazetteer and Voikko are
# loaded before the first document arrives.
WARM_UP = ("Kotoutumisohjelma\n\nOsaamisen ja kotoutumisen palvelutarpeen arviointi\n\n"
           "Muiden kuin työnhakijoiden osalta arvioinnista vastaa kunta yhteistyössä "
           "hyvinvointialueen kanssa.\n")


def _serve(conn: Connection, limits: IngestLimits, reference_dirs: tuple[str, ...]) -> None:
    """The worker process: warm up, then extract each (data, name) received; answer with
    the result."""
    limit = limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    readers.LIMITS = limits.readers  # this process only reads documents
    from extraction.pipeline import extract_bytes  # after the limit: the model loads under it

    with contextlib.suppress(Exception):  # only a head start: documents report their failures
        extract_bytes(WARM_UP.encode(), "warm-up.txt", reference_dirs=reference_dirs)
    # The model, the gazetteer and Voikko stay for the process's life: out of the
    # collector's full passes, which otherwise walk them all (0.1–0.2 s) every few documents.
    gc.freeze()

    while True:
        try:
            data, name = conn.recv()
        except EOFError:
            return
        try:
            conn.send(("ok", extract_bytes(data, name, reference_dirs=reference_dirs)))
        except DocumentError as exc:
            conn.send(("document", (exc.source, exc.problem, exc.hint)))
        except MemoryError:
            # Out at once: answering would need memory, and what ran out may have left the
            # process in any state. The parent reads the exit as the memory limit.
            os._exit(MEMORY_EXIT)
        except Exception as exc:  # a reader's own failure: reported with the file's name
            conn.send(("failed", f"{type(exc).__name__}: {exc}"))


class ExtractionWorker:
    """One extraction process, started on first use; one document at a time."""

    def __init__(self, reference_dirs: Sequence[Path], limits: IngestLimits | None = None):
        self.reference_dirs = tuple(str(Path(d).resolve()) for d in reference_dirs)
        self.limits = limits or IngestLimits()
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None
        self._lock = threading.Lock()

    def _start(self) -> Connection:
        if self._process is None or not self._process.is_alive() or self._conn is None:
            self._stop()
            context = multiprocessing.get_context("spawn")  # no copy of a server's threads
            parent, child = context.Pipe()
            process = context.Process(
                target=_serve, args=(child, self.limits, self.reference_dirs),
                name="kotograph-extract", daemon=True)
            try:
                process.start()
            finally:
                child.close()
            self._process, self._conn = process, parent
        return self._conn

    def _stop(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._process is not None:
            if self._process.is_alive():
                self._process.kill()
            self._process.join()
            self._process = None

    def start(self) -> None:
        """Start the process now (it loads the model while the caller goes on)."""
        with self._lock:
            self._start()

    def extract(self, data: bytes, name: str) -> DocumentExtraction:
        """The document's extraction, or a DocumentError naming `name` and what failed."""
        with self._lock:
            conn = self._start()
            conn.send((data, name))
            if not conn.poll(self.limits.timeout_s):
                self._stop()
                raise DocumentError(name, f"reading it took longer than the limit of "
                                    f"{self.limits.timeout_s:g} s (KOTOGRAPH_INGEST_TIMEOUT_S)")
            try:
                kind, payload = conn.recv()
            except (EOFError, OSError):  # the process died: an allocation failed in C code
                kind, payload = "died", None
            if kind in ("memory", "died"):
                process = self._process
                self._stop()
                how = "" if kind == "memory" else (
                    f" (the reading process ended with exit code {process.exitcode})"
                    if process is not None else "")
                raise DocumentError(name, f"reading it needed more memory than the limit of "
                                    f"{self.limits.memory_mb} MB (KOTOGRAPH_INGEST_MEMORY_MB){how}")
        if kind == "ok":
            return payload
        if kind == "document":
            raise DocumentError(*payload)
        raise DocumentError(name, f"the file could not be read ({payload})")

    def close(self) -> None:
        with self._lock:
            self._stop()

    def __enter__(self) -> ExtractionWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["ExtractionWorker", "IngestLimits"]
