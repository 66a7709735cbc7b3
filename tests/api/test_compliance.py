"""Compliance that reads right: required and optional services apart, exclusions shown as
such, approval and document date on the municipality page, counts that agree with cells."""

from __future__ import annotations

from dataclasses import replace

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from extraction.model import Approval, Exclusion, Role, ServiceKey, TargetGroup
from graph.ingest import ensure_base_graphs, write_document
from graph.store import OxigraphStore
from tests.factories import prov, sample_extraction

BAD = ("missing", "described_none", "excluded")


@pytest.fixture(scope="module")
def client() -> TestClient:
    """Pieksämäki's programme with one of each: a service not described, one without a
    responsible body, one with a body for one target group, the family plan (21 §, optional)
    without one, other municipal services left out explicitly, civic orientation left out."""
    ex = sample_extraction(services=tuple(k for k in ServiceKey
                                          if k is not ServiceKey.FINAL_LANGUAGE_TEST))
    ex.facts = [f for f in ex.facts if not (
        (f.service is ServiceKey.INTEGRATION_PLAN and f.role is Role.RESPONSIBLE)
        or (f.service is ServiceKey.ASSESSMENT and f.target_group is TargetGroup.OTHERS)
        or (f.service is ServiceKey.FAMILY_INTEGRATION_PLAN and f.role is Role.RESPONSIBLE)
        or f.service in (ServiceKey.OTHER_MUNICIPAL_SERVICES, ServiceKey.CIVIC_ORIENTATION))]
    ex.exclusions = [Exclusion("593", key, None, prov(f"Palvelu {key.value} ei sisälly ohjelmaan.", page=4))
                     for key in (ServiceKey.OTHER_MUNICIPAL_SERVICES, ServiceKey.CIVIC_ORIENTATION)]
    ex = replace(ex, document_date="2024-12-01", approvals=[
        Approval("Pieksämäen kaupunginhallitus", "2024-11-18",
                 prov("Kaupunginhallitus hyväksyi 18.11.2024.", 1))])
    store = OxigraphStore(None)
    ensure_base_graphs(store)
    write_document(store, ex)
    return TestClient(create_app(Settings(store_backend="memory"), store))


def row(client: TestClient) -> dict:
    return client.get("/api/v1/matrix", params={"municipality": "593"}).json()["municipalities"][0]


def test_each_cell_reads_as_the_law_asks(client: TestClient) -> None:
    cells = {k: c["status"] for k, c in row(client)["cells"].items()}
    assert cells["final-language-test"] == "missing"  # required, not described
    assert cells["integration-plan"] == "described_none"
    assert cells["assessment"] == "described_partial"
    assert cells["family-integration-plan"] == "described_none"  # optional: no finding
    assert cells["other-municipal-services"] == "excluded"  # optional, left out: fine
    assert cells["civic-orientation"] == "excluded"  # required, left out: a violation


def test_counts_agree_with_the_cells(client: TestClient) -> None:
    r = row(client)
    cells = r["cells"]
    assert r["violations"] == sum(c["findings"]["violations"] for c in cells.values()) \
        + r["programme_findings"]["violations"]
    assert r["warnings"] == sum(c["findings"]["warnings"] for c in cells.values()) \
        + r["programme_findings"]["warnings"]
    required = {s["key"] for s in client.get("/api/v1/matrix").json()["services"] if s["required"]}
    for key, c in cells.items():
        if key in required and c["status"] in BAD:
            assert c["findings"]["violations"] >= 1, key
        if key in required and c["status"] == "described_partial":
            assert c["findings"]["warnings"] >= 1, key
        if key not in required or c["status"] == "described_both":
            assert c["findings"]["violations"] == 0, key
    assert cells["civic-orientation"]["findings"]["violations"] == 1
    report = client.get("/api/v1/validation", params={"municipality": "593"}).json()
    violations = report["municipalities"][0]
    shapes = {(f["shape"], f["service"]) for f in violations["findings"] if f["severity"] == "Violation"}
    assert ("ExcludedRequiredServiceShape", "civic-orientation") in shapes
    assert ("ResponsibleBodyShape", "civic-orientation") not in shapes


def test_matrix_page_groups_required_and_optional_services(client: TestClient) -> None:
    page = BeautifulSoup(client.get("/", params={"municipality": "593", "lang": "fi"}).text, "html.parser")
    groups = [th.get_text(strip=True) for th in page.select("tr.groups th.group")]
    assert groups == ["13 §:n vähimmäissisältö", "Muut palvelut (eivät pakollisia)"]
    optional = [th.get_text(strip=True) for th in page.select("th.svc.optional")]
    assert optional == ["Perheen kotoutumissuunnitelma",
                        "Muut kunnan vastuulla olevat kotoutumista edistävät palvelut"]
    cell = page.select_one("tr.programme-ingested td.cell.excluded")
    assert "rajattu ohjelman ulkopuolelle" in cell.get_text()


def test_municipality_page_shows_approval_document_date_and_exclusions(client: TestClient) -> None:
    page = BeautifulSoup(client.get("/municipality/593", params={"lang": "fi"}).text, "html.parser")
    facts = {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
             for dt in page.select("dl.facts dt")}
    assert facts["Hyväksytty"] == "Pieksämäen kaupunginhallitus, 18.11.2024"
    assert facts["Asiakirjan päiväys"].startswith("1.12.2024")
    section = page.select_one("#s-civic-orientation").find_parent("section")
    assert "rajattu ohjelman ulkopuolelle" in section.get_text()
    assert "vaaditaan (13 §)" in section.select_one("h2").get_text()
    family = page.select_one("#s-family-integration-plan").find_parent("section")
    assert "ei vaadita" in family.select_one("h2").get_text()
    sv = BeautifulSoup(client.get("/municipality/593", params={"lang": "sv"}).text, "html.parser")
    assert "Godkänt" in sv.select_one("dl.facts").get_text()
