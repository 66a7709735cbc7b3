"""kotograph on an external store gives what it gives on the embedded one.

The same documents are ingested into the embedded Oxigraph store, into `oxigraph serve` and
into OpenLink Virtuoso (each a real server started for the module); then the stores'
contents, every REST answer, the SHACL report and the linked-data descriptions are compared.
Known deviations of a store are listed in tests/test_w3c_protocol.py (KNOWN_DEVIATIONS)
and docs/deployment.md; none touches these answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph
from rdflib.compare import isomorphic

from api.app import create_app
from api.settings import Settings
from extraction.model import ServiceKey
from graph.ingest import ensure_base_graphs, write_document
from graph.store import OxigraphStore, SparqlStore, Store
from graph.validate import report_json, report_text, report_turtle, validate
from tests.factories import sample_extraction
from tests.helpers.server import free_port, run_server
from tests.helpers.virtuoso import run_virtuoso
from tests.test_w3c_protocol import oxigraph_binary

pytestmark = pytest.mark.server

INGESTED_AT = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
REST = ["/api/v1/municipalities", "/api/v1/services", "/api/v1/documents",
        "/api/v1/responsibilities?municipality=593&service=assessment",
        "/api/v1/responsibilities?municipality=Pieksämäki&service=civic-orientation&target_group=others",
        "/api/v1/municipalities/593", "/api/v1/matrix", "/api/v1/validation",
        "/api/v1/organisations/employment-area/keski-savo",
        "/api/v1/search?q=kotoutumis"]
LINKED = ["/id/municipality/593", "/id/municipality/593/service/assessment",
          "/id/organisation/593/kotoutumispalvelut", "/ns/service/assessment"]


def _ingest(store: Store) -> Store:
    """The ontology, the reference data, two documents, and a newer version of one."""
    ensure_base_graphs(store)
    for extraction in (sample_extraction(sha="a" * 64),
                       sample_extraction(sha="b" * 64, name="toinen.pdf"),
                       sample_extraction(sha="c" * 64, services=(ServiceKey.ASSESSMENT,))):
        write_document(store, extraction, ingested_at=INGESTED_AT)
    return store


@contextmanager
def _oxigraph_server() -> Iterator[Store]:
    port = free_port()
    with run_server([oxigraph_binary() or "oxigraph", "serve", "--bind", f"127.0.0.1:{port}",
                     "--union-default-graph"], port, ready_path="/query") as base:
        yield SparqlStore(f"{base}/query", f"{base}/update", timeout_s=30)


@contextmanager
def _virtuoso() -> Iterator[Store]:
    with run_virtuoso() as base:
        yield SparqlStore(f"{base}/sparql", graph_store_url=f"{base}/sparql-graph-crud", timeout_s=30)


@pytest.fixture(scope="module")
def embedded() -> Store:
    return _ingest(OxigraphStore(None))


@pytest.fixture(scope="module", params=["oxigraph-server", "virtuoso"])
def external(request: pytest.FixtureRequest) -> Iterator[Store]:
    with {"oxigraph-server": _oxigraph_server, "virtuoso": _virtuoso}[request.param]() as store:
        yield _ingest(store)


def _quads(store: Store) -> set:
    return set(ox.parse(store.dump("application/n-quads"), format=ox.RdfFormat.N_QUADS))


def test_the_stores_hold_the_same_quads(embedded: Store, external: Store) -> None:
    assert _quads(external) == _quads(embedded)
    assert external.count() == embedded.count()
    assert external.graph_names() == embedded.graph_names()
    # ontology, reference, three documents (the third a newer version of the first, which
    # stays in the history) and the programme registry
    assert len(embedded.graph_names()) == 6


def test_every_rest_answer_is_the_same(embedded: Store, external: Store) -> None:
    settings = Settings(store_backend="memory", result_cache_mb=0)
    clients = [TestClient(create_app(settings, store)) for store in (embedded, external)]
    for url in REST:
        answers = [c.get(url, headers={"accept": "application/json"}) for c in clients]
        assert answers[0].status_code == 200, (url, answers[0].text[:300])
        assert answers[1].status_code == 200, (url, answers[1].text[:300])
        assert answers[1].json() == answers[0].json(), url


def test_the_linked_data_descriptions_are_the_same(embedded: Store, external: Store) -> None:
    settings = Settings(store_backend="memory", result_cache_mb=0)
    clients = [TestClient(create_app(settings, store)) for store in (embedded, external)]
    for url in LINKED:
        graphs = [Graph().parse(data=c.get(url, headers={"accept": "text/turtle"}).text,
                                format="turtle") for c in clients]
        assert len(graphs[0]) > 5 and isomorphic(graphs[0], graphs[1]), url


def test_the_shacl_report_is_the_same(embedded: Store, external: Store) -> None:
    mine, theirs = validate(embedded), validate(external)
    assert report_json(theirs, "fi") == report_json(mine, "fi")
    assert report_text(theirs, "sv") == report_text(mine, "sv")
    assert isomorphic(Graph().parse(data=report_turtle(theirs), format="turtle"),
                      Graph().parse(data=report_turtle(mine), format="turtle"))
