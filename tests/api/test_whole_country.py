"""The whole country: every municipality of the reference data in the API, the matrix and
SPARQL, with "no programme ingested" told apart from "the programme does not describe it",
Åland outside the Act's scope, and filters by elinvoimakeskus area."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from extraction.model import ServiceKey
from graph.ingest import ensure_base_graphs, write_document
from graph.store import OxigraphStore
from tests.factories import sample_extraction

SPARQL_JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def client() -> TestClient:
    """Pieksämäki (593) has a programme that describes every service but the family plan."""
    store = OxigraphStore(None)
    ensure_base_graphs(store)
    services = tuple(k for k in ServiceKey if k is not ServiceKey.FAMILY_INTEGRATION_PLAN)
    write_document(store, sample_extraction(services=services))
    return TestClient(create_app(Settings(store_backend="memory"), store))


def test_every_municipality_is_listed_with_its_status(client: TestClient) -> None:
    r = client.get("/api/v1/municipalities", params={"limit": 1000})
    assert r.headers["x-total-count"] == "308"
    found = {m["code"]: m for m in r.json()}
    assert found["593"]["status"] == "programme-ingested" and found["593"]["facts"] > 0
    assert found["091"]["status"] == "no-programme" and found["091"]["facts"] == 0
    assert found["478"]["status"] == "outside-scope"  # Maarianhamina, Åland
    assert sum(m["status"] == "outside-scope" for m in found.values()) == 16
    assert found["593"]["elinvoimakeskus"] == "ita-suomi"


@pytest.mark.parametrize(("municipality", "service", "status"), [
    ("Helsinki", "assessment", "no-programme"),
    ("Maarianhamina", "assessment", "outside-scope"),
    ("Pieksämäki", "family-integration-plan", "not-described"),
    ("Pieksämäki", "assessment", "described"),
])
def test_an_empty_answer_says_why(client: TestClient, municipality: str, service: str, status: str) -> None:
    body = client.get("/api/v1/responsibilities",
                      params={"municipality": municipality, "service": service}).json()
    assert body["status"] == status
    assert bool(body["results"]) is (status == "described")
    assert (body["document"] == "pieksamaki.pdf") is (municipality == "Pieksämäki")


def test_filter_by_elinvoimakeskus_area_in_list_matrix_and_export(client: TestClient) -> None:
    lappi = client.get("/api/v1/municipalities", params={"elinvoimakeskus": "lappi"}).json()
    assert len(lappi) == 21 and {m["region"] for m in lappi} == {"19"}
    assert {m["status"] for m in lappi} == {"no-programme"}
    matrix = client.get("/api/v1/matrix", params={"elinvoimakeskus": "ita-suomi"}).json()
    rows = {r["code"]: r for r in matrix["municipalities"]}
    assert len(rows) == 43 and rows["593"]["elinvoimakeskus"] == "Itä-Suomen elinvoimakeskus"
    helsinki_like = next(r for r in rows.values() if r["status"] == "no-programme")
    assert {c["status"] for c in helsinki_like["cells"].values()} == {"no_programme"}
    assert helsinki_like["violations"] is None
    csv = client.get("/api/v1/matrix", params={"elinvoimakeskus": "ita-suomi", "format": "csv"})
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 44
    assert any(line.startswith("593;") and ";Ohjelma tallennettu;" in line for line in lines)
    assert sum(";Ei tallennettua ohjelmaa;" in line for line in lines) == 42


def test_matrix_page_shows_uncovered_municipalities_apart(client: TestClient) -> None:
    page = BeautifulSoup(client.get("/", params={"elinvoimakeskus": "ita-suomi"}).text, "html.parser")
    assert page.select_one("caption").get_text(strip=True).endswith("43 kuntaa")
    assert len(page.select("tbody tr.no-programme")) == 42
    blank = page.select_one("tbody tr.no-programme td.cell")
    assert blank.get_text(strip=True) == "ei tallennettua ohjelmaa" and blank["colspan"] == "11"
    assert page.select_one("select[name=elinvoimakeskus] option[selected]").get_text() == \
        "Itä-Suomen elinvoimakeskus"
    sv = BeautifulSoup(client.get("/", params={"elinvoimakeskus": "ita-suomi", "lang": "sv"}).text,
                       "html.parser")
    assert sv.select_one("caption").get_text(strip=True).endswith("43 kommuner")
    assert sv.select_one("select[name=elinvoimakeskus] option[selected]").get_text() == \
        "Livskraftscentralen i Östra Finland"


def test_aland_is_outside_the_scope_not_missing(client: TestClient) -> None:
    page = BeautifulSoup(client.get("/municipality/478", params={"lang": "fi"}).text, "html.parser")
    assert "Lain soveltamisalan ulkopuolella" in page.get_text()
    assert page.select("section.service") == []
    report = client.get("/api/v1/validation").json()
    assert [m["code"] for m in report["municipalities"]] == ["593"]


def test_sparql_gives_every_municipality_its_status(client: TestClient) -> None:
    query = """PREFIX kg: <https://w3id.org/kotograph/ns#>
        PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?code ?status WHERE { ?m a kg:Municipality ; dct:identifier ?code ;
                                        kg:programmeStatus/kg:key ?status }"""
    rows = client.get("/sparql", params={"query": query}, headers=SPARQL_JSON).json()["results"]["bindings"]
    status = {r["code"]["value"]: r["status"]["value"] for r in rows}
    assert len(status) == 308
    assert (status["593"], status["091"], status["478"]) == ("programme-ingested", "no-programme",
                                                              "outside-scope")
    area = """PREFIX kg: <https://w3id.org/kotograph/ns#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT (COUNT(?m) AS ?n) WHERE {
          ?m kg:elinvoimakeskus ?e . ?e skos:prefLabel "Lapin elinvoimakeskus"@fi }"""
    n = client.get("/sparql", params={"query": area}, headers=SPARQL_JSON).json()["results"]["bindings"]
    assert n[0]["n"]["value"] == "21"
