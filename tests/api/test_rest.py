"""The REST API contract (the foundation issue's `responsibilities` object) and HTML twin."""

from __future__ import annotations

import dataclasses
import time

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from api.app import create_app
from api.i18n import counted, translator
from api.matrix import Filters
from api.settings import Settings
from api.state import MISSING
from api.views import page_warmer
from extraction.model import Organisation, OrgKind, ServiceKey, TargetGroup
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


@pytest.fixture
def three_documents() -> TestClient:
    store = OxigraphStore(None)
    ensure_base_graphs(store)
    for n in range(3):
        write_document(store, sample_extraction(sha=str(n) * 64, name=f"doc{n}.pdf"))
    return TestClient(create_app(Settings(store_backend="memory"), store))


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
    assert set(first) == {"role", "target_group", "organisation", "evidence", "confidence", "participation",
                          "review"}
    assert first["participation"].startswith(body["municipality"]["iri"] + "/service/assessment/")
    assert first["review"] is None
    assert set(first["organisation"]) == {"name", "unit", "kind", "iri"}
    assert set(first["evidence"]) == {"document", "page", "quote"}
    assert first["role"] == "responsible"
    assert first["organisation"]["kind"] == "employment-area"


def test_hedged_statements_are_left_out_unless_asked_for() -> None:
    """A plan or a restatement of the law is not an answer by default; `min_confidence=0` shows it."""
    extraction = sample_extraction(services=(ServiceKey.ASSESSMENT,))
    hedged = dataclasses.replace(extraction.facts[0], confidence=0.3)
    extraction = dataclasses.replace(extraction, facts=[hedged, *extraction.facts[1:]])
    store = OxigraphStore(None)
    ensure_base_graphs(store)
    write_document(store, extraction)
    client = TestClient(create_app(Settings(store_backend="memory"), store))
    params = {"municipality": "593", "service": "assessment", "target_group": "jobseekers"}
    default = client.get("/api/v1/responsibilities", params=params).json()["results"]
    everything = client.get("/api/v1/responsibilities",
                            params={**params, "min_confidence": 0}).json()["results"]
    kinds = {r["organisation"]["kind"] for r in default if r["role"] == "responsible"}
    assert "employment-area" not in kinds
    assert [r["confidence"] for r in everything if r["organisation"]["kind"] == "employment-area"] == [0.3]
    assert client.get("/api/v1/responsibilities",
                      params={**params, "min_confidence": 2}).status_code == 422


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
    assert "/api/v1/matrix" in r.headers["link"]
    soup = BeautifulSoup(r.text, "html.parser")
    link = soup.find("a", href="/municipality/593")
    assert link is not None and link.text == "Pieksämäki"
    page = BeautifulSoup(client.get("/municipality/593").text, "html.parser")
    assert "Keski-Savon työllisyysalue" in page.get_text()


def test_matrix_json_csv_and_xlsx_share_the_cells(client: TestClient) -> None:
    data = client.get("/api/v1/matrix").json()
    row = next(r for r in data["municipalities"] if r["code"] == "593")
    cell = row["cells"]["assessment"]
    assert cell["status"] == "described_both" and cell["symbol"] == "✓"
    assert "Keski-Savon työllisyysalue" in cell["jobseekers"]
    csv_bytes = client.get("/api/v1/matrix", params={"format": "csv", "welfare_area": "etela-savo"}).content
    assert csv_bytes.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs to read UTF-8
    header, *rows = csv_bytes.decode("utf-8-sig").splitlines()
    assert header.startswith("Kuntanumero;Kunta;Ohjelman tila;Elinvoimakeskus;Hyvinvointialue")
    first = next(r for r in rows if r.startswith("593;"))
    assert first.startswith("593;Pieksämäki;Ohjelma tallennettu;Itä-Suomen elinvoimakeskus;")
    assert "✓ kuvattu, vastuutaho molemmille kohderyhmille" in first
    xlsx = client.get("/api/v1/matrix", params={"format": "xlsx"})
    assert xlsx.content[:2] == b"PK"  # a zip container


def test_matrix_filters_by_area(client: TestClient) -> None:
    facets = client.get("/api/v1/matrix").json()["facets"]
    assert {"key": "etela-savo", "name": "Etelä-Savon hyvinvointialue"} in facets["welfare_area"]
    assert {"key": "lappi", "name": "Lapin elinvoimakeskus"} in facets["elinvoimakeskus"]
    lappi = client.get("/api/v1/matrix", params={"welfare_area": "lappi"}).json()["municipalities"]
    assert len(lappi) == 21 and {r["status"] for r in lappi} == {"no-programme"}
    kept = client.get("/api/v1/matrix", params={"welfare_area": "etela-savo",
                                                "status": "programme-ingested"}).json()
    assert [r["code"] for r in kept["municipalities"]] == ["593"]


def test_municipality_detail_has_services_contacts_and_validation(client: TestClient) -> None:
    d = client.get("/api/v1/municipalities/Pieksämäki").json()
    assert d["municipality"]["code"] == "593"
    assert len(d["services"]) == 11
    assert d["contact_points"][0]["email"] == "eija@example.fi"
    assert d["validation"]["code"] == "593"


def test_compare_needs_two_to_five(client: TestClient) -> None:
    # items of control characters only: the engines disagree on which are space (Python's
    # strip and Rust's \s take \x1c-\x1f and \x85, JSON Schema's \s does not), so the
    # schema let through what the handler refused (400)
    for given in ("593", "1,2,3,4,5,6", "\r\x13,\x0b\x1f,\x0b\x1f"):
        r = client.get("/api/v1/compare", params={"municipalities": given})
        assert r.status_code == 422
        assert r.headers["content-type"].startswith("application/problem+json")


def test_organisation_lists_its_roles(client: TestClient) -> None:
    d = client.get("/api/v1/organisations/employment-area/keski-savo").json()
    assert d["name"] == "Keski-Savon työllisyysalue"
    assert {r["service"] for r in d["roles"]} >= {"assessment", "civic-orientation"}
    assert client.get("/api/v1/organisations/organisation/nobody").status_code == 404


def test_search_matches_inflected_forms(client: TestClient) -> None:
    # The quotes say "hyvinvointialueen"; the query is the nominative.
    results = client.get("/api/v1/search", params={"q": "hyvinvointialue"}).json()["results"]
    assert results and all("hyvinvointialue" in r["quote"].lower() for r in results)


def test_pages_render_in_three_languages(client: TestClient) -> None:
    for lang, heading in (("fi", "Kuntien kotoutumisohjelmat"), ("sv", "Kommunernas integrationsprogram"),
                          ("en", "Municipal integration programmes")):
        r = client.get("/", params={"lang": lang})
        assert BeautifulSoup(r.text, "html.parser").h1.text == heading
        assert BeautifulSoup(r.text, "html.parser").html["lang"] == lang
    # The switch is remembered in a cookie.
    client.get("/", params={"lang": "sv"})
    assert BeautifulSoup(client.get("/").text, "html.parser").html["lang"] == "sv"


def test_responsibilities_as_jsonld_load_as_rdf(client: TestClient) -> None:
    from rdflib import Graph, URIRef

    from graph.namespaces import CV, ROLE, SKOS

    r = client.get("/api/v1/responsibilities", params={"municipality": "593", "service": "assessment"},
                   headers={"Accept": "application/ld+json"})
    assert r.headers["content-type"].startswith("application/ld+json")
    g = Graph().parse(data=r.text, format="json-ld")
    offer = URIRef("https://w3id.org/kotograph/id/municipality/593/service/assessment")
    participations = list(g.objects(offer, CV.hasParticipation))
    assert participations
    assert {g.value(p, CV.role) for p in participations} >= {ROLE.responsible}
    org = URIRef("https://w3id.org/kotograph/id/employment-area/keski-savo")
    assert str(g.value(org, SKOS.prefLabel)) == "Keski-Savon työllisyysalue"


def test_etag_revalidation_gives_304(client: TestClient) -> None:
    first = client.get("/api/v1/services")
    etag = first.headers["etag"]
    again = client.get("/api/v1/services", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert client.get("/api/v1/services", headers={"If-None-Match": 'W/"other"'}).status_code == 200


def test_a_repeated_request_is_answered_from_the_kept_response(
    client: TestClient, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The route runs once per store state; `no-cache` runs it again."""
    from api import rest

    calls: list[ServiceKey] = []
    info = rest.queries.service_info
    monkeypatch.setattr(rest.queries, "service_info", lambda key: calls.append(key) or info(key))
    first = client.get("/api/v1/services")
    again = client.get("/api/v1/services")
    assert len(calls) == len(ServiceKey)
    assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
    fresh = client.get("/api/v1/services", headers={"Cache-Control": "no-cache"})
    assert len(calls) == 2 * len(ServiceKey) and fresh.content == first.content


def test_kept_responses_are_told_apart_by_accept_and_host(three_documents: TestClient) -> None:
    c = three_documents
    params = {"municipality": "593", "service": "assessment"}
    for accept in ("application/json", "application/ld+json", "application/json"):
        r = c.get("/api/v1/responsibilities", params=params, headers={"Accept": accept})
        assert r.headers["content-type"].startswith(accept)
    for host in ("a.example", "b.example"):
        r = c.get("/api/v1/documents", params={"limit": 2}, headers={"Host": host})
        assert r.headers["link"].startswith(f"<http://{host}/")


@pytest.mark.parametrize("path", ["/api/v1/services", "/api/v1/matrix?format=csv", "/", "/documents"])
def test_head_answers_as_get_without_the_content(client: TestClient, path: str) -> None:
    """RFC 9110: every resource with GET takes HEAD (the `Allow` header says so too)."""
    client.get("/api/v1/validation")  # the page shows the counts, not "…", in both answers
    got = client.get(path)
    head = client.head(path)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    for name in ("content-length", "content-encoding"):
        assert head.headers.get(name) == got.headers.get(name)
    assert "HEAD" in client.options(path).headers["allow"]


def test_head_requests_are_counted_as_head(client: TestClient) -> None:
    client.head("/api/v1/services")
    text = client.get("/metrics").text
    assert 'kotograph_requests_total{method="HEAD",route="/api/v1/services",status="200"} 1' in text


def test_lists_are_paged_with_link_headers(three_documents: TestClient) -> None:
    c = three_documents
    first = c.get("/api/v1/documents", params={"limit": 2})
    assert first.headers["x-total-count"] == "3" and len(first.json()) == 2
    assert 'rel="next"' in first.headers["link"]
    nxt = first.headers["link"].split(">")[0].lstrip("<")
    second = c.get(nxt)
    assert [d["source"] for d in second.json()] == ["doc2.pdf"]
    assert 'rel="prev"' in second.headers["link"]


def test_health_and_metrics(client: TestClient) -> None:
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["triples"] > 1000
    client.get("/api/v1/services")
    text = client.get("/metrics").text
    assert 'kotograph_requests_total{method="GET",route="/api/v1/services",status="200"} 1' in text
    assert "kotograph_documents 1" in text


def test_answers_follow_a_reingest() -> None:
    """Answers are kept per store state: a document written after a question changes the answer."""
    store = OxigraphStore(None)
    ensure_base_graphs(store)
    write_document(store, sample_extraction(services=(ServiceKey.ASSESSMENT,)))
    client = TestClient(create_app(Settings(store_backend="memory"), store))
    params = {"municipality": "593", "service": "integration-plan"}
    assert client.get("/api/v1/responsibilities", params=params).json()["results"] == []
    write_document(store, sample_extraction(sha="b" * 64, name="toinen.pdf",
                                            services=(ServiceKey.INTEGRATION_PLAN,)))
    results = client.get("/api/v1/responsibilities", params=params).json()["results"]
    assert {r["evidence"]["document"] for r in results} == {"toinen.pdf"}


def test_pages_are_recomputed_in_the_background_after_an_ingest() -> None:
    """The first matrix view after an ingest is served from memory: a server's warmer has
    already computed it (and the SHACL report it shows)."""
    store = OxigraphStore(None)
    ensure_base_graphs(store)
    app = create_app(Settings(store_backend="memory"), store)
    state = app.state.kg
    warmer = page_warmer(state)
    warmer.interval_s = 0.05
    key = ("matrix", Filters(), "fi")
    warmer.start()
    try:
        write_document(store, sample_extraction())
        deadline = time.monotonic() + 30
        while state.cache.peek(store, key) is MISSING and time.monotonic() < deadline:
            time.sleep(0.05)
        kept = state.cache.peek(store, key)
        while not warmer.warm and time.monotonic() < deadline:
            time.sleep(0.05)
        health = TestClient(app).get("/health").json()
    finally:
        warmer.stop()
    assert kept is not MISSING
    ingested = [m["code"] for m in kept["municipalities"] if m["status"] == "programme-ingested"]
    assert ingested == ["593"] and len(kept["municipalities"]) == 308
    assert health["warm"] is True


def test_matrix_page_does_not_wait_for_the_shacl_report() -> None:
    """While SHACL still runs, the page lists the municipalities with "…" for the counts and
    says so; the JSON export waits for the counts."""
    store = OxigraphStore(None)
    ensure_base_graphs(store)
    write_document(store, sample_extraction())
    app = create_app(Settings(store_backend="memory"), store)
    validation = app.state.kg.validation
    client = TestClient(app)
    with validation._lock:  # as while a validation runs in the background
        page = BeautifulSoup(client.get("/").text, "html.parser")
    assert page.select_one("p.notice[role=status]") is not None
    row = page.select_one("table.matrix tbody tr.programme-ingested")
    assert "Pieksämäki" in row.get_text() and [td.get_text() for td in row.select("td.num")] == ["…", "…"]
    counts = client.get("/api/v1/matrix", params={"status": "programme-ingested"}).json()["municipalities"][0]
    assert isinstance(counts["violations"], int)
    page = BeautifulSoup(client.get("/").text, "html.parser")
    assert page.select_one("p.notice") is None


def test_validation_narrows_to_one_municipality_in_every_format() -> None:
    """`municipality=` gives that municipality's report alone, as JSON, text and Turtle."""
    from rdflib import RDF, Graph, URIRef
    from rdflib.namespace import SH

    from extraction.reference_data import load_reference
    from tests.factories import synthetic_extractions

    store = OxigraphStore(None)
    ensure_base_graphs(store)
    write_document(store, sample_extraction())
    other = synthetic_extractions(load_reference())[0]
    write_document(store, other)
    c = TestClient(create_app(Settings(store_backend="memory"), store))
    whole = c.get("/api/v1/validation").json()["municipalities"]
    assert {m["code"] for m in whole} == {"593", other.municipalities[0].code}
    for m in whole:
        one = c.get("/api/v1/validation", params={"municipality": m["code"]}).json()
        assert one["municipalities"] == [m]
        assert one["conforms"] is m["conforms"]
        text = c.get("/api/v1/validation", params={"municipality": m["code"], "format": "text"}).text
        assert all((f"({n['code']})" in text) is (n is m) for n in whole)
        ttl = c.get("/api/v1/validation", params={"municipality": m["code"], "format": "turtle"}).text
        g = Graph().parse(data=ttl, format="turtle")
        assert set(g.objects(None, SH.focusNode)) <= {URIRef(m["iri"])}
        results = set(g.subjects(RDF.type, SH.ValidationResult))
        assert results == set(g.objects(None, SH.result))
        assert len(results) == m["violations"] + m["warnings"] + m.get("infos", 0)
        assert next(g.objects(None, SH.conforms)).toPython() is m["conforms"]
    assert sorted(m["conforms"] for m in whole) == [False, True]  # one report each way


def test_responses_are_gzipped_for_clients_that_ask(client: TestClient) -> None:
    """Pages, REST answers (kept per encoding) and SPARQL results."""
    # The matrix page shows its counts once the SHACL report is ready, which can happen
    # between the plain and the packed request: let the report be ready first.
    assert client.get("/api/v1/validation").status_code == 200
    construct = "/sparql?query=CONSTRUCT+WHERE+%7B+%3Fs+%3Fp+%3Fo+%7D&format=ttl"
    for path in ("/", "/api/v1/services", "/api/v1/services", "/api/v1/matrix?format=csv", construct):
        plain = client.get(path, headers={"Accept-Encoding": "identity"})
        packed = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert "content-encoding" not in plain.headers
        assert packed.headers["content-encoding"] == "gzip"
        assert int(packed.headers["content-length"]) < len(plain.content)
        assert packed.content == plain.content  # httpx decodes it
        assert "Accept-Encoding" in packed.headers["vary"]
    xlsx = client.get("/api/v1/matrix?format=xlsx", headers={"Accept-Encoding": "gzip"})
    assert len(xlsx.content) > 1024 and "content-encoding" not in xlsx.headers  # a zip already


def test_matrix_page_cells_say_what_the_json_twin_says_with_names_escaped() -> None:
    """Each cell of the page (its status, its text, who is responsible for whom) is the JSON
    twin's cell; a body's name with markup in it is text on the page, never markup."""
    hostile = Organisation("593/kotoutumistiimi", 'Tiimi <img src=x onerror=alert(1)> & "muut"',
                           OrgKind.MUNICIPAL_UNIT, unit="kotoutumistiimi", parent_key="593")
    extraction = sample_extraction(services=tuple(k for k in ServiceKey if k != ServiceKey.CIVIC_ORIENTATION))
    extraction.facts = [dataclasses.replace(f, organisation=hostile)
                        if f.target_group == TargetGroup.OTHERS and f.service == ServiceKey.ASSESSMENT else f
                        for f in extraction.facts]
    store = OxigraphStore(None)
    ensure_base_graphs(store)
    write_document(store, extraction)
    client = TestClient(create_app(Settings(store_backend="memory"), store))
    client.get("/api/v1/validation")  # the page then shows the counts too
    data = client.get("/api/v1/matrix", params={"municipality": "593"}).json()
    html = client.get("/", params={"municipality": "593"}).text
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt; &amp; &#34;muut&#34;" in html
    row = BeautifulSoup(html, "html.parser").select_one("table.matrix tbody tr.programme-ingested")
    services = sorted(data["services"], key=lambda s: not s["required"])
    cells = row.select("td.cell")
    assert len(cells) == len(services)
    status_text = translator("fi")
    for td, service in zip(cells, services, strict=True):
        expected = data["municipalities"][0]["cells"][service["key"]]
        assert td["class"] == ["cell", expected["status"]]
        assert td.select_one("span[aria-hidden]").get_text() == expected["symbol"]
        assert td.select_one("span.sr").get_text() == status_text(expected["status"])
        assert td["title"] == f"{service['label']}: {status_text(expected['status'])}"
        counts = expected["findings"]
        assert [f.get_text() for f in td.select("span.flag")] == [
            counted(n, noun, "fi") for n, noun in ((counts["violations"], "violation"),
                                                   (counts["warnings"], "warning")) if n]
        who = [div.get_text(" ", strip=True).split(" ", 1)[1] for div in td.select("div.who")]
        assert who == ["; ".join(names) for names in (expected["jobseekers"], expected["others"]) if names]
    assert 'Tiimi <img src=x onerror=alert(1)> & "muut"' in cells[0].get_text()
    assert row.select("td.cell.missing span.flag.bad")  # a required service left out
