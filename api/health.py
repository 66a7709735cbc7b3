"""Operational endpoints: `/health` for load balancers and tests, `/metrics` for operators."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api.metrics import CONTENT_TYPE
from api.state import StateDep

router = APIRouter(tags=["operations"])


@router.get("/health")
def health(state: StateDep) -> dict[str, object]:
    """The store answers; how much it holds; whether the pages are computed for it yet
    (`warm`: false while the server recomputes the SHACL report and matrix after a change)."""
    return {"status": "ok", "triples": state.store.count(), "graphs": len(state.store.graph_names()),
            "warm": state.warmer.warm if state.warmer is not None else None}


@router.get("/metrics", response_class=Response,
            responses={200: {"content": {CONTENT_TYPE: {}}}})
def metrics(state: StateDep) -> Response:
    """Request counts and latencies, store size, last ingest, process figures (Prometheus
    text format, written by prometheus_client)."""
    return Response(state.metrics.render(), media_type=CONTENT_TYPE)
