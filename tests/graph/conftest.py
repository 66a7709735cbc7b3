"""Fixtures shared by the incremental tests (13 § report, matrix data): five synthetic
programmes written into a fresh store, and a sixth to ingest later."""

from __future__ import annotations

import pytest

from extraction.model import DocumentExtraction
from extraction.reference_data import load_reference
from graph.ingest import ensure_base_graphs, write_document
from graph.store import OxigraphStore
from tests.factories import synthetic_extractions


@pytest.fixture
def documents() -> list[DocumentExtraction]:
    return synthetic_extractions(load_reference())[:6]


@pytest.fixture
def store(documents: list[DocumentExtraction]) -> OxigraphStore:
    store = OxigraphStore(None)
    ensure_base_graphs(store)
    for doc in documents[:5]:
        write_document(store, doc)
    return store
