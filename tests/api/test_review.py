"""The supervisor's review over REST and SPARQL: who may review, what each action does to
the facts, the findings and the exports, and that reviews survive a re-ingest."""

from __future__ import annotations

from dataclasses import replace

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from extraction.model import ServiceKey, TargetGroup
from graph.ingest import ensure_base_graphs, write_document
from graph.store import OxigraphStore
from tests.factories import approved_extraction, prov

TOKEN = {"Authorization": "Bearer sala-1234"}
SPARQL_JSON = {"Accept": "application/sparql-results+json"}
KESKI_SAVO = "https://w3id.org/kotograph/id/employment-area/keski-savo"
KELA = "https://w3id.org/kotograph/id/organisation/kela"


version = approved_extraction


@pytest.fixture
def store() -> OxigraphStore:
    s = OxigraphStore(None)
    ensure_base_graphs(s)
    write_document(s, version("a" * 64, "2024-11-18"))
    return s


@pytest.fixture
def client(store: OxigraphStore) -> TestClient:
    return TestClient(create_app(Settings(store_backend="memory", supervisors={"maija": "sala-1234"}), store))


def who(client: TestClient, service: str = "assessment", group: str = "all") -> list[dict]:
    return client.get("/api/v1/responsibilities", params={"municipality": "593", "service": service,
                                                          "target_group": group}).json()["results"]


def fact(client: TestClient, group: str = "jobseekers", service: str = "assessment") -> dict:
    return next(r for r in who(client, service) if r["role"] == "responsible" and r["target_group"] == group)


def review(client: TestClient, **body) -> dict:
    r = client.post("/api/v1/reviews", json={"municipality": "593", **body}, headers=TOKEN)
    assert r.status_code == 201, r.text
    return r.json()


def test_only_supervisors_review(client: TestClient) -> None:
    body = {"action": "confirm", "municipality": "593", "participation": fact(client)["participation"]}
    assert client.post("/api/v1/reviews", json=body).status_code == 401
    bad = client.post("/api/v1/reviews", json=body, headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 403 and "WWW-Authenticate" in bad.headers
    assert client.get("/api/v1/municipalities/593/reviews").json()["reviews"] == []  # readers read
    refused = client.post("/api/v1/reviews", headers=TOKEN, json={**body, "participation": KELA})
    assert refused.status_code == 422 and "not a fact" in refused.json()["detail"]
    assert client.post("/api/v1/reviews", headers=TOKEN,
                       json={"action": "resolve", "municipality": "593", "shape": "ContactPointShape"}
                       ).status_code == 422  # a resolution needs its note


def test_confirm_marks_the_fact_in_the_answer_the_matrix_and_the_export(client: TestClient) -> None:
    target = fact(client)
    review(client, action="confirm", participation=target["participation"], note="Tarkistettu asiakirjasta")
    confirmed = fact(client)
    assert confirmed["review"]["action"] == "confirm" and confirmed["review"]["by"] == "maija"
    assert confirmed["review"]["state"] == "applied"
    cell = client.get("/api/v1/matrix", params={"municipality": "593"}).json()["municipalities"][0]
    assert cell["cells"]["assessment"]["reviewed"] is True
    assert cell["cells"]["integration-plan"]["reviewed"] is False
    rows = client.get("/api/v1/facts", params={"municipality": "593", "format": "csv"}).content
    line = next(r for r in rows.decode("utf-8-sig").splitlines() if "Tarkistettu asiakirjasta" in r)
    assert ";Vahvistettu;" in line


def test_reject_takes_the_fact_out_and_feeds_the_findings(client: TestClient) -> None:
    before = client.get("/api/v1/validation", params={"municipality": "593"}).json()["municipalities"][0]
    assert before["warnings"] == 0
    review(client, action="reject", participation=fact(client)["participation"], note="Lause koskee muita")
    assert not [r for r in who(client, group="jobseekers") if r["role"] == "responsible"]
    after = client.get("/api/v1/validation", params={"municipality": "593"}).json()["municipalities"][0]
    missing = [f for f in after["findings"] if f["shape"] == "ResponsibleTargetGroupShape"]
    assert [(f["service"], f["target_group"]) for f in missing] == [("assessment", "jobseekers")]
    row = client.get("/api/v1/matrix", params={"municipality": "593"}).json()["municipalities"][0]
    assert row["cells"]["assessment"]["status"] == "described_partial" and row["warnings"] == 1
    page = BeautifulSoup(client.get("/municipality/593", params={"lang": "fi"}).text, "html.parser")
    struck = page.select_one("#s-assessment").find_parent("section").select_one("tr.rejected del")
    assert struck.get_text(strip=True) == "Keski-Savon työllisyysalue"


def test_correct_replaces_the_body_and_add_states_a_missing_fact(client: TestClient) -> None:
    target = fact(client)
    review(client, action="correct", participation=target["participation"], organisation=KELA,
           note="Arvioinnin tekee Kela")
    corrected = fact(client)
    assert corrected["organisation"]["name"] == "Kansaneläkelaitos"
    assert corrected["review"]["action"] == "correct"
    assert corrected["evidence"]["quote"] == target["evidence"]["quote"]
    quote = "Palvelu civic-orientation tehdään yhteistyössä Etelä-Savon hyvinvointialueen kanssa."
    review(client, action="add", service="civic-orientation", role="provider", target_group="others",
           organisation_name="Pieksämäen kansalaisopisto", quote=quote, page=3, note="Puuttui")
    added = [r for r in who(client, "civic-orientation") if r["role"] == "provider"]
    assert [(r["organisation"]["name"], r["evidence"]["quote"], r["review"]["action"]) for r in added] == [
        ("Pieksämäen kansalaisopisto", quote, "add")]


def test_resolving_a_finding_keeps_it_listed_but_not_counted(client: TestClient,
                                                             store: OxigraphStore) -> None:
    write_document(store, replace(version("b" * 64, "2025-11-17"), contact_points=[]))
    finding = next(f for f in client.get("/api/v1/validation", params={"municipality": "593"}).json()
                   ["municipalities"][0]["findings"] if f["shape"] == "ContactPointShape")
    assert finding["resolved"] is None
    review(client, action="resolve", shape="ContactPointShape", note="Yhteystiedot kunnan verkkosivulla")
    m = client.get("/api/v1/validation", params={"municipality": "593"}).json()["municipalities"][0]
    resolved = next(f for f in m["findings"] if f["shape"] == "ContactPointShape")
    assert resolved["resolved"]["note"] == "Yhteystiedot kunnan verkkosivulla" and m["warnings"] == 0
    csv = client.get("/api/v1/findings", params={"municipality": "593", "format": "csv"}).content
    assert ";Kuitattu;Yhteystiedot kunnan verkkosivulla" in csv.decode("utf-8-sig")


def test_reviews_survive_a_reingest_and_a_newer_version_and_are_flagged_when_the_quote_is_gone(
        client: TestClient, store: OxigraphStore) -> None:
    target = fact(client)
    review(client, action="reject", participation=target["participation"], note="Väärä taho")
    write_document(store, version("a" * 64, "2024-11-18"))  # the same file again
    assert all(r["participation"] != target["participation"] for r in who(client))
    write_document(store, version("b" * 64, "2025-11-17"))  # a newer version, same sentence
    assert all(r["participation"] != target["participation"] for r in who(client))
    # The newest version says it in other words: the review no longer applies, and says so.
    newer = version("c" * 64, "2026-11-16")
    newer.facts[0] = replace(newer.facts[0], provenance=prov("Työnhakijat arvioi Keski-Savon työllisyysalue.",
                                                             start=9000))
    write_document(store, newer)
    assert fact(client)["participation"] == target["participation"]
    states = client.get("/api/v1/municipalities/593/reviews").json()["reviews"]
    assert [s["state"] for s in states] == ["quote-gone"]
    page = BeautifulSoup(client.get("/municipality/593", params={"lang": "fi"}).text, "html.parser")
    assert page.select_one("section.reviews p.notice") is not None
    assert page.select_one("section.reviews tr.quote-gone") is not None


def test_a_later_review_supersedes_an_earlier_one(client: TestClient) -> None:
    target = fact(client)["participation"]
    review(client, action="reject", participation=target, note="Ensin hylätty")
    review(client, action="confirm", participation=target, note="Sittenkin oikein")
    assert fact(client)["review"]["note"] == "Sittenkin oikein"
    listed = client.get("/api/v1/municipalities/593/reviews").json()["reviews"]
    states = {r["note"]: r["state"] for r in listed}
    assert states == {"Ensin hylätty": "superseded", "Sittenkin oikein": "applied"}


def test_reviews_are_prov_o_in_their_own_graph(client: TestClient) -> None:
    target = fact(client)
    review(client, action="correct", participation=target["participation"], organisation=KELA, note="Kela")
    query = """PREFIX kg: <https://w3id.org/kotograph/ns#>
      PREFIX prov: <http://www.w3.org/ns/prov#>
      PREFIX foaf: <http://xmlns.com/foaf/0.1/>
      PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
      PREFIX cv: <http://data.europa.eu/m8g/>
      SELECT ?g ?who ?when ?why ?old ?new ?org WHERE { GRAPH ?g {
        ?r a kg:Review , prov:Activity ; prov:wasAssociatedWith/foaf:name ?who ; prov:endedAtTime ?when ;
           rdfs:comment ?why ; prov:invalidated ?old ; prov:generated ?new .
        ?new prov:wasGeneratedBy ?r ; cv:hasParticipant ?org } }"""
    (row,) = client.get("/sparql", params={"query": query}, headers=SPARQL_JSON).json()["results"]["bindings"]
    assert row["g"]["value"] == "https://w3id.org/kotograph/id/graph/reviews"
    assert (row["who"]["value"], row["why"]["value"]) == ("maija", "Kela")
    assert row["old"]["value"] == target["participation"] and row["org"]["value"] == KELA


def test_login_session_and_forms(client: TestClient) -> None:
    assert client.post("/login", data={"name": "maija", "password": "wrong"},
                       follow_redirects=False).headers["location"].startswith("/login?failed=1")
    r = client.post("/login", data={"name": "maija", "password": "sala-1234", "next": "/municipality/593"},
                    follow_redirects=False)
    assert r.status_code == 303 and "httponly" in r.headers["set-cookie"].lower()
    assert "samesite=strict" in r.headers["set-cookie"].lower()
    page = BeautifulSoup(client.get("/municipality/593", params={"lang": "fi"}).text, "html.parser")
    form = page.select_one("form input[name=action][value=confirm]").find_parent("form")
    fields = {i["name"]: i.get("value", "") for i in form.select("input")}
    forged = {**fields, "csrf": "x", "note": "väärennetty"}
    assert client.post(form["action"], data=forged, follow_redirects=False).status_code == 403
    sent = client.post(form["action"], data={**fields, "note": "Lomakkeella"}, follow_redirects=False)
    assert sent.status_code == 303 and sent.headers["location"].startswith("/municipality/593?lang=fi")
    assert any((r["review"] or {}).get("note") == "Lomakkeella" for r in who(client))
    client.post("/logout")
    page = BeautifulSoup(client.get("/municipality/593").text, "html.parser")
    assert page.select("form input[name=action]") == [] and page.select_one("a[href^='/login']")


@pytest.mark.parametrize("group", [TargetGroup.JOBSEEKERS.value, TargetGroup.OTHERS.value])
def test_an_added_fact_answers_for_its_target_group_only(client: TestClient, group: str) -> None:
    quote = "Palvelu civic-orientation tehdään yhteistyössä Etelä-Savon hyvinvointialueen kanssa."
    review(client, action="add", service=ServiceKey.CIVIC_ORIENTATION.value, role="provider",
           target_group="jobseekers", organisation=KELA, quote=quote)
    providers = [r for r in who(client, "civic-orientation", group) if r["role"] == "provider"]
    assert bool(providers) is (group == "jobseekers")
