"""The answer caches of `api.state`: bounded by entries or by bytes, least recently used out."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.state import MISSING, ResultCache, StoreStateCache
from extraction.reference_data import load_reference
from graph.ingest import ensure_base_graphs, write_document
from graph.store import OxigraphStore
from tests.api.conftest import AppFactory
from tests.factories import synthetic_extractions


def test_result_cache_is_bounded_by_bytes_least_recently_used_out() -> None:
    cache = ResultCache(max_bytes=800)
    for n in range(8):
        cache.put(n, f"answer {n}", 100)
    assert cache.get(0) == "answer 0"  # 0 is now the most recently used
    cache.put("new", "answer new", 100)  # 900 bytes > 800: the least recently used goes
    assert cache.get(1) is None
    assert cache.get(0) == "answer 0" and cache.get("new") == "answer new"
    cache.put("big", "too big", 101)  # over an eighth of the budget: not kept
    assert cache.get("big") is None
    assert ResultCache(max_bytes=0).get("x") is None


def test_store_state_cache_forgets_everything_when_the_store_changes() -> None:
    store = OxigraphStore(None)
    cache = StoreStateCache(max_entries=2)
    calls: list[str] = []

    def compute(value: str):
        return lambda: calls.append(value) or value

    assert cache.get(store, "a", compute("a")) == "a"
    assert cache.get(store, "a", compute("again")) == "a"
    assert cache.peek(store, "a") == "a"
    cache.get(store, "b", compute("b"))
    cache.get(store, "c", compute("c"))  # two entries at most: "a" goes
    assert cache.peek(store, "a") is MISSING
    store.update("INSERT DATA { <http://x/s> <http://x/p> 1 }")
    assert cache.peek(store, "c") is MISSING
    assert cache.get(store, "c", compute("c2")) == "c2"
    assert calls == ["a", "b", "c", "c2"]


def test_the_matrix_after_a_write_is_the_one_computed_from_scratch(make_app: AppFactory) -> None:
    """The server keeps the matrix's data across writes and reads only what changed again:
    the matrix after an ingest shows the new programme, as a recomputation does."""
    store = OxigraphStore(None)
    ensure_base_graphs(store)
    first, second = synthetic_extractions(load_reference())[:2]
    write_document(store, first)
    client = TestClient(make_app(store))
    code = second.municipalities[0].code

    def statuses(matrix: dict) -> dict[str, str]:
        return {r["code"]: r["status"] for r in matrix["municipalities"]}

    assert statuses(client.get("/api/v1/matrix").json())[code] == "no-programme"
    write_document(store, second)
    kept = client.get("/api/v1/matrix", params={"lang": "sv"}).json()
    assert statuses(kept)[code] == "programme-ingested"
    assert kept == client.get("/api/v1/matrix", params={"lang": "sv"},
                              headers={"Cache-Control": "no-cache"}).json()
