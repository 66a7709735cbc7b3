"""What the request handlers share: settings, the store, the admin token, caches."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request

from api.metrics import RequestMetrics
from api.settings import Settings
from graph.store import Store
from graph.validate import ValidationReport, validate

T = TypeVar("T")


@dataclass(slots=True)
class ValidationCache:
    """The SHACL report of the whole store, recomputed only when the set of graphs changes.

    Document graphs are named by content hash, so the sorted graph names identify the
    store's content; one lock keeps concurrent requests from validating twice.
    """

    _key: tuple[str, ...] | None = None
    _report: ValidationReport | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, store: Store) -> ValidationReport:
        key = tuple(store.graph_names())
        with self._lock:
            if self._report is None or key != self._key:
                self._report = validate(store)
                self._key = key
            return self._report

    def warm(self, store: Store) -> None:
        """Validate in the background so the first page view does not wait for pySHACL."""
        threading.Thread(target=self.get, args=(store,), name="validation-warmup", daemon=True).start()


@dataclass(slots=True)
class StoreStateCache:
    """Answers that depend only on the store's content, kept until the set of graphs changes.

    Document graphs are named by content hash, so an ingest (or any re-ingest) changes the
    graph names and empties the cache; reads in between cost one `graph_names()` call.
    """

    _key: tuple[str, ...] | None = None
    _values: dict[Hashable, Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, store: Store, key: Hashable, compute: Callable[[], T]) -> T:
        state = tuple(store.graph_names())
        with self._lock:
            if state != self._key:
                self._values.clear()
                self._key = state
            if key in self._values:
                return self._values[key]
        value = compute()
        with self._lock:
            if state == self._key:
                self._values[key] = value
        return value


@dataclass(slots=True)
class AppState:
    settings: Settings
    store: Store
    admin_token: str | None = None
    validation: ValidationCache = field(default_factory=ValidationCache)
    metrics: RequestMetrics = field(default_factory=RequestMetrics)
    cache: StoreStateCache = field(default_factory=StoreStateCache)


def get_state(request: Request) -> AppState:
    return request.app.state.kg


StateDep = Annotated[AppState, Depends(get_state)]
