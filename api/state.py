"""What the request handlers share: settings, the store, the admin token, caches."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Annotated, Any, Generic, TypeVar

from cachetools import LRUCache
from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from api.extract_worker import ExtractionWorker
from api.metrics import RequestMetrics
from api.settings import Settings
from graph.isolation import default_children
from graph.matrix_data import MatrixData
from graph.matrix_data import updated as updated_matrix_data
from graph.queries import documents
from graph.revalidate import Stamps, read_stamps, revalidate
from graph.sparql_limits import SparqlLimits
from graph.store import Store
from graph.validate import ValidationReport

T = TypeVar("T")
MISSING: Any = object()
log = logging.getLogger("kotograph.warm")


@lru_cache(maxsize=64)
def wants_fresh(cache_control: str | None) -> bool:
    """`Cache-Control: no-cache` (or `no-store`) from the client: compute the answer again.

    RFC 9111 lets a client refuse stored responses; kotograph applies it to the answers it
    keeps per store state (SPARQL results, REST answers, the matrix). The SHACL report is
    recomputed only when the store changes (seconds of pySHACL at national scale).
    """
    if not cache_control:
        return False
    directives = {d.split("=", 1)[0].strip().lower() for d in cache_control.split(",")}
    return bool(directives & {"no-cache", "no-store"})


def store_state(store: Store) -> Hashable:
    """What identifies the store's content: its write counter, or else its graph names.

    Document graphs are named by content hash, so for an external store (others may
    write, no counter) the sorted graph names stand for its content; that costs a query.
    """
    version = store.content_version()
    return ("version", version) if version is not None else tuple(store.graph_names())


@dataclass(slots=True)
class StampsCache:
    """The store's stamps (`graph.revalidate`, ~25 ms of queries at national scale) read
    once per store state: the SHACL report and the matrix's data follow the same changes."""

    _done: tuple[Hashable, Stamps] | None = None  # (store state, stamps)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, store: Store, key: Hashable) -> Stamps:
        """The stamps read after the store had state `key` (a write meanwhile: newer ones)."""
        with self._lock:
            if self._done is None or self._done[0] != key:
                self._done = (key, read_stamps(store, self._done[1] if self._done else None))
            return self._done[1]


@dataclass(slots=True)
class KeptCurrent(Generic[T]):
    """What the pages read of the whole store, kept current: after a change only what the
    municipalities of the changed documents show is read again (`update`: graph.revalidate's
    for the SHACL report, graph.matrix_data's for the matrix). One lock keeps concurrent
    requests from reading twice."""

    update: Callable[..., tuple[T, Stamps]]
    stamps: StampsCache = field(default_factory=StampsCache)
    _done: tuple[Hashable, T, Stamps] | None = None  # (store state, what was read, stamps)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, store: Store) -> T:
        key = store_state(store)  # before the stamps: a write meanwhile changes it again
        with self._lock:
            done = self._done
            if done is None or done[0] != key:
                value, stamps = self.update(store, *(done[1:] if done else (None, None)),
                                            now=self.stamps.get(store, key))
                self._done = done = (key, value, stamps)
            return done[1]

    def ready(self, store: Store) -> T | None:
        """What the store is like now, if it has been read (without waiting: a page can be
        shown while pySHACL still runs)."""
        done, key = self._done, store_state(store)
        return done[1] if done is not None and done[0] == key else None

    def start(self, store: Store) -> None:
        """Read in a background thread unless a reading is already running."""
        if not self._lock.locked():
            threading.Thread(target=self.get, args=(store,), name="kept-current", daemon=True).start()


@dataclass(slots=True)
class StoreStateCache:
    """Answers that depend only on the store's content, kept until it changes (`store_state`).

    A `cachetools.LRUCache` of at most `max_entries`: keys come from request parameters,
    which clients can vary without end. The lock is ours (cachetools caches are not
    thread-safe); `compute` runs outside it.
    """

    max_entries: int = 16_384  # all who answers of the country (308 × 11 × 3) fit
    _key: Hashable = None
    _values: LRUCache = field(init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._values = LRUCache(maxsize=self.max_entries)

    def get(self, store: Store, key: Hashable, compute: Callable[[], T], fresh: bool = False) -> T:
        """The kept answer, or `compute()` kept; `fresh` computes (and keeps) it anew."""
        state = store_state(store)
        with self._lock:
            if state != self._key:
                self._values.clear()
                self._key = state
            value = MISSING if fresh else self._values.get(key, MISSING)
        if value is not MISSING:
            return value
        value = compute()
        with self._lock:
            if state == self._key:
                self._values[key] = value
        return value

    def peek(self, store: Store, key: Hashable) -> Any:
        """The kept answer without touching the store (so safe on the event loop), or
        `MISSING`; always `MISSING` for a store that does not count its writes."""
        version = store.content_version()
        if version is None:
            return MISSING
        with self._lock:
            if self._key != ("version", version):
                return MISSING
            return self._values.get(key, MISSING)


@dataclass(slots=True)
class ResultCache:
    """Serialised answers of the embedded store (SPARQL results, REST responses), least
    recently used out first.

    Keyed by the store's write counter with everything else that shapes the bytes, so a
    write makes every older entry unreachable (they age out); an external store, which has
    no counter, is never cached. A `cachetools.LRUCache` bounded by the bytes held (its
    `getsizeof`); an answer larger than an eighth of the budget is not kept.
    """

    max_bytes: int
    _entries: LRUCache = field(init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._entries = LRUCache(maxsize=max(self.max_bytes, 1), getsizeof=lambda entry: entry[1])

    def get(self, key: Hashable) -> Any:
        """The kept value, or None."""
        with self._lock:
            hit = self._entries.get(key)
        return None if hit is None else hit[0]

    def put(self, key: Hashable, value: Any, size: int) -> None:
        """Keep `value`, which holds `size` bytes of answer."""
        if size > self.max_bytes // 8:
            return
        with self._lock:
            self._entries[key] = (value, size)


@dataclass(slots=True)
class Warmer:
    """Recomputes what pages need whenever the store has changed, before anyone asks.

    A daemon thread watches the store's write counter. Each job runs, in order, once the
    counter has stayed the same for the job's quiet time: the SHACL report and the matrix
    at once (only what changed is validated and read again), the dumps of the whole store
    when the writes of a batch have stopped. Jobs keep their results in the store-state caches, so
    the first view after an ingest is served from memory. An external store, which has no
    counter, is warmed once at start.
    """

    store: Store
    jobs: list[tuple[float, Callable[[], object]]]  # (quiet seconds, job)
    interval_s: float = 0.1
    warm: bool = False  # every job has run for the store as it is now
    _stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self._run, name="kotograph-warmer", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        done: list[Any] = [MISSING] * len(self.jobs)  # the version each job last ran for
        seen, since = MISSING, time.monotonic()
        while not self._stop.is_set():
            version = self.store.content_version()
            if version != seen:
                seen, since = version, time.monotonic()
            for n, (quiet_s, job) in enumerate(self.jobs):
                if done[n] != version and time.monotonic() - since >= quiet_s:
                    self._do(job)
                    done[n] = version
                    break  # look at the counter again before the next job
            self.warm = all(d == version for d in done)
            self._stop.wait(self.interval_s)

    def _do(self, job: Callable[[], object]) -> None:
        try:
            job()
        except Exception:  # a page shows the same failure; the warmer must live on
            log.exception("warming %r failed", job)


@dataclass(slots=True)
class AppState:
    settings: Settings
    store: Store
    admin_token: str | None = None
    stamps: StampsCache = field(default_factory=StampsCache)
    validation: KeptCurrent[ValidationReport] = field(init=False)
    matrix_data: KeptCurrent[MatrixData] = field(init=False)
    metrics: RequestMetrics = field(default_factory=RequestMetrics)
    cache: StoreStateCache = field(default_factory=StoreStateCache)
    warmer: Warmer | None = None  # a server's; None in an app without one (tests)
    results: ResultCache = field(init=False)
    queries: ThreadPoolExecutor = field(init=False)  # /sparql's store calls, first come first served
    limits: SparqlLimits = field(init=False)
    extractor: ExtractionWorker = field(init=False)  # uploads: one document at a time

    def __post_init__(self) -> None:
        self.validation = KeptCurrent(revalidate, self.stamps)
        self.matrix_data = KeptCurrent(updated_matrix_data, self.stamps)
        self.metrics.watch_store(self.store, documents)
        self.limits = self.settings.sparql_limits()
        self.extractor = ExtractionWorker(self.settings.extra_reference,
                                          self.settings.ingest_limits())
        self.results = ResultCache(self.settings.result_cache_mb * 1024 * 1024)
        # As many threads as the embedded store evaluates queries at once: more would only
        # wait for it, out of order (graph.isolation).
        self.queries = ThreadPoolExecutor(default_children(), thread_name_prefix="kotograph-query")

    async def cached(self, key: Hashable, compute: Callable[[], T], fresh: bool = False) -> T:
        """An answer derived from the store: a kept one straight from memory, otherwise
        computed (and kept) in a worker thread, since computing it queries the store."""
        hit = MISSING if fresh else self.cache.peek(self.store, key)
        if hit is not MISSING:
            return hit
        return await run_in_threadpool(self.cache.get, self.store, key, compute, fresh)


async def get_state(request: Request) -> AppState:
    """Async on purpose: FastAPI runs a plain `def` dependency in a worker thread, a thread
    hop per request that costs more than a small SPARQL query."""
    return request.app.state.kg


StateDep = Annotated[AppState, Depends(get_state)]
