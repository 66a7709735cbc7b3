"""Linked data: kotograph IRIs dereference, the dataset describes itself, the dumps are whole.

The dereferencing test is a real client (rdflib, which sends its own Accept header) against
a real server (uvicorn in a subprocess) whose public base is its own address.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pyshacl
import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SKOS, VOID

from api.app import create_app
from api.settings import Settings
from graph.dumps import read_dumps, write_dumps
from graph.ingest import ensure_base_graphs, write_document
from graph.namespaces import CPSV, CV, ID, KG, SERVICE
from graph.store import OxigraphStore
from tests.factories import sample_extraction
from tests.helpers.protocol_app import ADMIN_TOKEN_ENV
from tests.helpers.server import free_port, run_server

ROOT = Path(__file__).resolve().parents[2]
SUBSET = ROOT / "tests" / "data" / "dcat-ap-3" / "dcat-ap-3-subset.ttl"
MUNICIPALITY = ID["municipality/593"]
OFFER = ID["municipality/593/service/assessment"]
ORGANISATION = ID["organisation/593/kotoutumispalvelut"]
FORMATS = {"turtle": "text/turtle", "json-ld": "application/ld+json", "nt": "application/n-triples"}
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _filled(store: OxigraphStore) -> OxigraphStore:
    ensure_base_graphs(store)
    write_document(store, sample_extraction())
    return store


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """uvicorn serving a store on disk that holds the sample programme."""
    folder = tmp_path_factory.mktemp("ld")
    _filled(OxigraphStore(folder / "store")).close()
    port = free_port()
    env = {"KOTOGRAPH_STORE_BACKEND": "oxigraph", "KOTOGRAPH_STORE": str(folder / "store"),
           "KOTOGRAPH_PUBLIC_URL": f"http://127.0.0.1:{port}", ADMIN_TOKEN_ENV: "ld-admin",
           "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    cmd = [sys.executable, "-m", "uvicorn", "--factory", "tests.helpers.protocol_app:create",
           "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    with run_server(cmd, port, env, ready_path="/health", cwd=ROOT) as base:
        yield base


@pytest.mark.server
@pytest.mark.parametrize("rdf_format", sorted(FORMATS))
def test_rdflib_dereferences_a_municipality_a_service_and_an_organisation(
        served: str, rdf_format: str) -> None:
    """The IRI path under the server's base, fetched by rdflib in each of three formats."""
    def fetch(iri: URIRef) -> Graph:
        return Graph().parse(f"{served}/id/{str(iri).removeprefix(str(ID))}", format=rdf_format)

    municipality = fetch(MUNICIPALITY)
    assert (MUNICIPALITY, SKOS.prefLabel, Literal("Pieksämäki", lang="fi")) in municipality
    assert (MUNICIPALITY, RDF.type, KG.Municipality) in municipality
    assert (OFFER, KG.municipality, MUNICIPALITY) in municipality  # the way to its services

    offer = fetch(OFFER)
    assert (OFFER, RDF.type, CPSV.PublicService) in offer
    assert (OFFER, KG.serviceType, SERVICE["assessment"]) in offer
    participations = set(offer.objects(OFFER, CV.hasParticipation))
    assert participations

    organisation = fetch(ORGANISATION)
    assert (ORGANISATION, DCTERMS.title, Literal("Pieksämäen kaupunki, kotoutumispalvelut",
                                                 lang="fi")) in organisation
    assert set(organisation.subjects(CV.hasParticipant, ORGANISATION)) & participations


@pytest.mark.server
def test_the_answer_is_negotiated_and_says_so(served: str) -> None:
    url = f"{served}/id/municipality/593"
    for accept, media in [(None, "text/turtle"), ("application/ld+json", "application/ld+json"),
                          ("application/n-triples", "application/n-triples"),
                          ("application/rdf+xml", "application/rdf+xml"), (BROWSER, "text/html")]:
        r = httpx.get(url, headers={"accept": accept} if accept else {})
        assert r.status_code == 200 and r.headers["content-type"].startswith(media), accept
        assert "Accept" in r.headers["vary"].split(", ")
        assert '?format=jsonld>; rel="alternate"; type="application/ld+json"' in r.headers["link"]
    assert httpx.get(url, params={"format": "nt"}).headers["content-type"] == "application/n-triples"
    assert httpx.get(url, headers={"accept": "image/png"}).status_code == 406
    assert httpx.get(f"{served}/id/municipality/000").status_code == 404
    assert httpx.get(url, params={"format": "docx"}).status_code in (400, 422)
    assert httpx.get(f"{served}/id/%EF%BF%B0").status_code == 404  # not an IRI: nothing known


@pytest.mark.server
def test_a_browser_gets_a_page_with_links_under_this_deployment(served: str) -> None:
    page = BeautifulSoup(httpx.get(f"{served}/id/municipality/593",
                                   headers={"accept": BROWSER}).text, "html.parser")
    assert page.h1.get_text(strip=True) == "Pieksämäki"
    links = {a["href"] for a in page.select("table a")}
    assert "/id/municipality/593/service/assessment" in links  # followable here, not at w3id
    assert "/ns#Municipality" in links


@pytest.mark.server
def test_the_ontology_and_its_concepts_answer_at_the_namespace(served: str) -> None:
    ontology = Graph().parse(f"{served}/ns", format="turtle")
    assert (URIRef("https://w3id.org/kotograph/ns"), RDF.type,
            URIRef("http://www.w3.org/2002/07/owl#Ontology")) in ontology
    assert (KG.ServiceOffer, None, None) in ontology
    concept = Graph().parse(f"{served}/ns/service/assessment", format="json-ld")
    langs = {label.language for label in concept.objects(SERVICE["assessment"], SKOS.prefLabel)}
    assert langs == {"fi", "sv", "en"}
    assert httpx.get(f"{served}/ns/service/astrology").status_code == 404


# --------------------------------------------------------------------------------------
# Dumps and the dataset description (in-process)
# --------------------------------------------------------------------------------------


@pytest.fixture
def app_and_store(tmp_path: Path) -> tuple[TestClient, OxigraphStore, Settings]:
    store = _filled(OxigraphStore(None))
    settings = Settings(store_backend="memory", dumps_dir=tmp_path / "dumps",
                        public_url="https://kotograph.example.fi")
    return TestClient(create_app(settings, store)), store, settings


def _quads(data: bytes, fmt: ox.RdfFormat) -> set:
    return set(ox.parse(data, format=fmt))


def test_each_dump_loads_into_a_fresh_store_and_equals_the_live_graph(app_and_store) -> None:
    client, store, settings = app_and_store
    assert client.get("/dumps/kotograph.nq.gz").status_code == 503  # not written yet
    write_dumps(store, settings.dumps_folder())
    live = _quads(store.dump("application/n-quads"), ox.RdfFormat.N_QUADS)
    sums = dict(line.split()[::-1] for line in client.get("/dumps/SHA256SUMS").text.splitlines())
    for name, fmt in (("kotograph.nq.gz", ox.RdfFormat.N_QUADS), ("kotograph.trig.gz", ox.RdfFormat.TRIG)):
        r = client.get(f"/dumps/{name}")
        assert r.status_code == 200 and r.headers["content-type"] == "application/gzip"
        assert hashlib.sha256(r.content).hexdigest() == sums[name]
        fresh = OxigraphStore(None)
        fresh.update("INSERT DATA { " + "\n".join(
            f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}"
            for q in ox.parse(gzip.decompress(r.content), format=fmt)) + " }")
        assert _quads(fresh.dump("application/n-quads"), ox.RdfFormat.N_QUADS) == live, name
    assert client.get("/dumps/other.gz").status_code == 404


def test_the_dumps_are_the_same_bytes_for_the_same_state(tmp_path: Path) -> None:
    store = _filled(OxigraphStore(None))
    first = [(d.name, d.sha256) for d in write_dumps(store, tmp_path / "a")]
    second = [(d.name, d.sha256) for d in write_dumps(store, tmp_path / "b")]
    assert first == second
    write_document(store, sample_extraction(sha="c" * 64))
    assert [(d.name, d.sha256) for d in write_dumps(store, tmp_path / "a")] != first


@pytest.mark.parametrize("path", ["/.well-known/void", "/catalog"])
def test_void_and_dcat_describe_the_dataset_and_validate(app_and_store, path: str) -> None:
    client, store, settings = app_and_store
    dumps = write_dumps(store, settings.dumps_folder())
    g = Graph().parse(data=client.get(path, headers={"accept": "text/turtle"}).text, format="turtle")
    conforms, _report, text = pyshacl.validate(g, shacl_graph=Graph().parse(SUBSET), inference="none")
    assert conforms, text
    dataset = ID["dataset"]
    base = "https://kotograph.example.fi"
    assert (dataset, RDF.type, VOID.Dataset) in g and (dataset, RDF.type, DCAT.Dataset) in g
    assert (dataset, VOID.sparqlEndpoint, URIRef(f"{base}/sparql")) in g
    assert g.value(dataset, VOID.triples).toPython() == store.count()
    assert (dataset, DCTERMS.license, URIRef(settings.dataset_license)) in g
    assert g.value(dataset, DCTERMS.modified) is not None
    assert g.value(URIRef(f"{base}/catalog"), DCTERMS.publisher) is not None
    for dump in dumps:
        url = URIRef(f"{base}/dumps/{dump.name}")
        assert (dataset, VOID.dataDump, url) in g
        distribution = g.value(predicate=DCAT.downloadURL, object=url)
        assert g.value(distribution, DCAT.byteSize).toPython() == dump.bytes
        checksum = g.value(distribution, URIRef("http://spdx.org/rdf/terms#checksum"))
        assert str(g.value(checksum, URIRef("http://spdx.org/rdf/terms#checksumValue"))) == dump.sha256
    assert read_dumps(settings.dumps_folder()) == dumps


def test_the_dataset_iri_dereferences_to_its_description(app_and_store) -> None:
    client = app_and_store[0]
    r = client.get("/id/dataset", headers={"accept": "application/n-triples"})
    assert r.status_code == 200
    g = Graph().parse(data=r.text, format="nt")
    assert (ID["dataset"], RDF.type, DCAT.Dataset) in g
