"""Operational endpoints: `/health` for load balancers and tests, `/metrics` for operators."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse

from api.state import StateDep

router = APIRouter(tags=["operations"])


@router.get("/health")
def health(state: StateDep) -> dict[str, object]:
    """The store answers; how much it holds; whether the pages are computed for it yet
    (`warm`: false while the server recomputes the SHACL report and matrix after a change);
    the memory allocator the process runs on (api.allocator)."""
    return {"status": "ok", "triples": state.store.count(), "graphs": len(state.store.graph_names()),
            "warm": state.warmer.warm if state.warmer is not None else None,
            "allocator": state.allocator}


@router.get("/metrics", response_class=PlainTextResponse)
def metrics(state: StateDep) -> str:
    """Request counts and latencies, store size, last ingest (Prometheus text format)."""
    from graph import queries

    docs = queries.documents(state.store)
    last = max((d["ingested_at"] for d in docs), default=None)
    lines = state.metrics.render()
    lines += ["# TYPE kotograph_store_triples gauge", f"kotograph_store_triples {state.store.count()}",
              "# TYPE kotograph_documents gauge", f"kotograph_documents {len(docs)}"]
    if last:
        lines.append(f'kotograph_last_ingest_info{{at="{last}"}} 1')
    return "\n".join(lines) + "\n"
