"""Uploading a document through the REST API ingests it; a bad one is a clear 422."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.store import OxigraphStore

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.model


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    settings = Settings(store_backend="memory", upload_token="t0ken", store=tmp_path / "store",
                        extra_reference=[ROOT / "examples" / "reference"])
    return TestClient(create_app(settings, OxigraphStore(None)))


def test_upload_ingests_and_keeps_the_original(client: TestClient, tmp_path: Path) -> None:
    pdf = ROOT / "examples" / "korpimaa-kotoutumisohjelma.pdf"
    r = client.post("/api/v1/documents", content=pdf.read_bytes(),
                    headers={"Authorization": "Bearer t0ken", "X-Filename": pdf.name})
    assert r.status_code == 201, r.text
    summary = r.json()
    assert summary["municipalities"] == [{"code": "997", "name": "Korpimaa"}]
    assert summary["facts"] > 0
    docs = client.get("/api/v1/documents").json()
    assert [d["source"] for d in docs] == [pdf.name]
    original = client.get(f"/documents/{summary['sha256'][:16]}/file")
    assert original.status_code == 200 and original.content == pdf.read_bytes()


def test_bad_upload_is_422_naming_the_file(client: TestClient) -> None:
    r = client.post("/api/v1/documents", content=b"%PDF-1.4 broken",
                    headers={"Authorization": "Bearer t0ken", "X-Filename": "rikki.pdf"})
    assert r.status_code == 422
    body = r.json()
    assert body["source"] == "rikki.pdf" and "rikki.pdf" in body["detail"]
    assert client.get("/api/v1/documents").json() == []


def test_upload_size_limit(tmp_path: Path) -> None:
    settings = Settings(store_backend="memory", upload_token="t0ken", max_upload_bytes=1000,
                        store=tmp_path / "store")
    c = TestClient(create_app(settings, OxigraphStore(None)))
    r = c.post("/api/v1/documents", content=b"x" * 5000, headers={"Authorization": "Bearer t0ken"})
    assert r.status_code == 413


def test_reingest_from_the_kept_original(client: TestClient) -> None:
    pdf = ROOT / "examples" / "korpimaa-kotoutumisohjelma.pdf"
    sha = client.post("/api/v1/documents", content=pdf.read_bytes(),
                      headers={"Authorization": "Bearer t0ken", "X-Filename": pdf.name}).json()["sha256"]
    assert client.post(f"/api/v1/documents/{sha[:16]}/reingest").status_code == 401
    r = client.post(f"/api/v1/documents/{sha[:16]}/reingest", headers={"Authorization": "Bearer t0ken"})
    assert r.status_code == 200 and r.json()["source"] == pdf.name
    docs = client.get("/api/v1/documents").json()
    assert len(docs) == 1 and docs[0]["ingested_by"] == "REST API re-ingest" and docs[0]["facts"] > 0
