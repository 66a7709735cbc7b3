"""The REST API contract (the foundation issue's `responsibilities` object) and HTML twin."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.ingest import ensure_base_graphs, write_document
from graph.store import OxigraphStore
from tests.factories import sample_extraction


@pytest.fixture
def client() -> TestClient:
    store = OxigraphStore(None)
    ensure_base_graphs(store)
    write_document(store, sample_extraction())
    settings = Settings(store_backend="memory", upload_token="s3cret")
    return TestClient(create_app(settings, store))


def test_responsibilities_contract(client: TestClient) -> None:
    r = client.get("/api/v1/responsibilities",
                   params={"municipality": "Pieksämäki", "service": "assessment",
                           "target_group": "jobseekers"})
    assert r.status_code == 200
    body = r.json()
    assert body["municipality"] == {
        "name": "Pieksämäki", "code": "593",
        "iri": "https://w3id.org/kotograph/id/municipality/593",
    }
    assert body["service"]["key"] == "assessment"
    assert body["service"]["iri"].endswith("/service/assessment")
    assert {r["target_group"] for r in body["results"]} <= {"jobseekers", "all"}
    first = body["results"][0]
    assert set(first) == {"role", "target_group", "organisation", "evidence"}
    assert set(first["organisation"]) == {"name", "unit", "kind", "iri"}
    assert set(first["evidence"]) == {"document", "page", "quote"}
    assert first["role"] == "responsible"
    assert first["organisation"]["kind"] == "employment-area"


@pytest.mark.parametrize("name", ["593", "PIEKSÄMÄKI", "pieksämäki"])
def test_municipality_by_code_or_any_case(client: TestClient, name: str) -> None:
    r = client.get("/api/v1/responsibilities", params={"municipality": name, "service": "assessment"})
    assert r.status_code == 200
    assert r.json()["municipality"]["code"] == "593"


@pytest.mark.parametrize(("params", "listed"), [
    ({"municipality": "Atlantis", "service": "assessment"}, "Pieksämäki (593)"),
    ({"municipality": "593", "service": "astrology"}, "final-language-test"),
])
def test_unknown_values_are_404_problems_listing_valid_values(
    client: TestClient, params: dict, listed: str
) -> None:
    r = client.get("/api/v1/responsibilities", params=params)
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/problem+json")
    assert listed in r.json()["valid_values"]


def test_services_list_every_statutory_service(client: TestClient) -> None:
    keys = [s["key"] for s in client.get("/api/v1/services").json()]
    assert "multisector-integration-plan" in keys and len(keys) == 11


def test_upload_needs_a_token(client: TestClient) -> None:
    assert client.post("/api/v1/documents", content=b"x").status_code == 401
    r = client.post("/api/v1/documents", content=b"x", headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 403


def test_home_page_lists_municipalities_and_links_its_json_twin(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert "/api/v1/municipalities" in r.headers["link"]
    soup = BeautifulSoup(r.text, "html.parser")
    link = soup.find("a", href="/municipality/593")
    assert link is not None and link.text == "Pieksämäki"
    page = BeautifulSoup(client.get("/municipality/593").text, "html.parser")
    assert "Keski-Savon työllisyysalue" in page.get_text()
