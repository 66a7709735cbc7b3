"""Request counts and latencies, store size and the last ingest, with `prometheus_client`.

Each app has its own `CollectorRegistry` (no process-wide registry: two apps in one process,
as in the tests, count apart). The store's figures are read when `/metrics` is scraped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

from prometheus_client import CollectorRegistry, Counter, ProcessCollector, Summary, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from graph.store import Store

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class StoreCollector(Collector):
    """Triples, documents and the last ingest time, asked of the store at scrape time."""

    def __init__(self, store: Store, documents: Callable[[Store], list[dict]]) -> None:
        self.store = store
        self.documents = documents

    def collect(self) -> Iterator[Metric]:
        docs = self.documents(self.store)
        yield GaugeMetricFamily("kotograph_store_triples", "Triples in the store", self.store.count())
        yield GaugeMetricFamily("kotograph_documents", "Programme documents in the store", len(docs))
        last = max((d["ingested_at"] for d in docs if d.get("ingested_at")), default=None)
        if last:
            yield GaugeMetricFamily("kotograph_last_ingest_timestamp_seconds",
                                    "When the newest document was ingested (Unix time)",
                                    datetime.fromisoformat(last).timestamp())


class RequestMetrics:
    """Request counts and latency sums per route template, method and status."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        labels = ("method", "route", "status")
        self._requests = Counter("kotograph_requests", "HTTP requests answered", labels,
                                 registry=self.registry)
        self._seconds = Summary("kotograph_request_seconds", "Time to answer a request", labels,
                                registry=self.registry)
        ProcessCollector(registry=self.registry)  # start time, CPU, memory, open files

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        key = (method, route, str(status))
        self._requests.labels(*key).inc()
        self._seconds.labels(*key).observe(seconds)

    def watch_store(self, store: Store, documents: Callable[[Store], list[dict]]) -> None:
        """Report the store's size and last ingest with every scrape."""
        self.registry.register(StoreCollector(store, documents))

    def render(self) -> bytes:
        """The Prometheus text exposition format."""
        return generate_latest(self.registry)
