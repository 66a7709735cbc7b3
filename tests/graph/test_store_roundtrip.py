"""A programme written to a store answers the who-question; re-ingest replaces it."""

from __future__ import annotations

from dataclasses import replace

import pytest
from rdflib import Graph

from extraction.model import Organisation, OrgKind, Role, ServiceKey, TargetGroup
from graph import queries
from graph.build import build_document_graph
from graph.ingest import ensure_base_graphs, write_document
from graph.namespaces import CPSV, CV, KG, RDF
from graph.store import OxigraphStore, StoreError, replace_graphs_update
from tests.factories import fact, sample_extraction


@pytest.fixture
def store() -> OxigraphStore:
    s = OxigraphStore(None)
    ensure_base_graphs(s)
    return s


def test_who_answers_with_evidence(store: OxigraphStore) -> None:
    write_document(store, sample_extraction())
    answer = queries.who(store, "pieksämäki", "assessment", TargetGroup.JOBSEEKERS)
    assert answer["municipality"]["code"] == "593"
    results = answer["results"]
    responsible = [r for r in results if r["role"] == "responsible"]
    assert [r["organisation"]["name"] for r in responsible] == ["Keski-Savon työllisyysalue"]
    assert responsible[0]["evidence"]["document"] == "pieksamaki.pdf"
    assert "Keski-Savon" in responsible[0]["evidence"]["quote"]
    # A partner stated for all target groups also answers for jobseekers.
    assert any(r["role"] == "partner" and r["target_group"] == "all" for r in results)
    # The others' responsible body is a unit of the city.
    others = queries.who(store, "593", "assessment", TargetGroup.OTHERS)["results"]
    unit = next(r for r in others if r["role"] == "responsible")["organisation"]
    assert (unit["name"], unit["unit"]) == ("Pieksämäen kaupunki", "kotoutumispalvelut")


def test_swedish_name_and_unknown_values(store: OxigraphStore) -> None:
    write_document(store, sample_extraction())
    assert queries.find_municipality(store, "PIEKSÄMÄKI").code == "593"
    assert queries.find_municipality(store, "Helsingfors").code == "091"
    with pytest.raises(queries.UnknownValue) as exc:
        queries.who(store, "Atlantis", "assessment")
    assert "Pieksämäki (593)" in exc.value.valid
    with pytest.raises(queries.UnknownValue) as exc:
        queries.who(store, "593", "astrology")
    assert "civic-orientation" in exc.value.valid


def test_a_newer_version_supersedes_and_the_older_stays_in_the_history(store: OxigraphStore) -> None:
    """The same file name with other content is a new version of the programme: its facts
    answer, the older version's do not, and both documents stay listed."""
    write_document(store, sample_extraction(sha="a" * 64))
    summary = write_document(
        store, sample_extraction(sha="b" * 64, services=(ServiceKey.ASSESSMENT,))
    )
    assert summary.replaced == [] and summary.version_status == "current"
    assert summary.supersedes == ["https://w3id.org/kotograph/id/document/aaaaaaaaaaaaaaaa"]
    docs = {d["sha256"][0]: d["version_status"] for d in queries.documents(store)}
    assert docs == {"a": "superseded", "b": "current"}
    answer = queries.who(store, "593", "civic-orientation")
    assert answer["results"] == [] and answer["status"] == "not-described"
    assert queries.who(store, "593", "assessment")["results"]


def test_reingest_of_the_same_content_replaces_its_graph(store: OxigraphStore) -> None:
    write_document(store, sample_extraction(sha="a" * 64))
    summary = write_document(store, sample_extraction(sha="a" * 64))
    assert summary.replaced == [] and len(queries.documents(store)) == 1
    assert store.graph_names().count("https://w3id.org/kotograph/id/graph/document/aaaaaaaaaaaaaaaa") == 1


def test_same_content_twice_is_idempotent(store: OxigraphStore) -> None:
    write_document(store, sample_extraction())
    before = store.count()
    write_document(store, sample_extraction())
    assert store.count() == before


def test_failed_write_leaves_the_store_as_it_was(store: OxigraphStore) -> None:
    write_document(store, sample_extraction())
    before = store.dump("application/n-quads")
    # The swap drops every graph and inserts a new one, then fails at run time (DROP of a
    # graph that does not exist): the transaction must leave nothing of it behind.
    swap = replace_graphs_update({"http://example.org/new": "<http://a> <http://b> <http://c> ."},
                                 drop=store.graph_names())
    with pytest.raises(StoreError):
        store.update(swap + " ;\nDROP GRAPH <http://example.org/never-existed>")
    assert store.dump("application/n-quads") == before


def test_graph_uses_cpsv_participations() -> None:
    g: Graph = build_document_graph(sample_extraction())
    offers = set(g.subjects(RDF.type, KG.ServiceOffer))
    assert len(offers) == len(ServiceKey)
    assert offers <= set(g.subjects(RDF.type, CPSV.PublicService))
    for offer in offers:
        roles = {g.value(p, CV.role) for p in g.objects(offer, CV.hasParticipation)}
        assert {str(r).rsplit("/", 1)[1] for r in roles} == {Role.RESPONSIBLE, Role.PARTNER}


def test_base_graphs_are_written_once_across_processes(tmp_path) -> None:
    """The reference graphs' digest must not depend on the process (hash seeds)."""
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from graph.store import OxigraphStore; "
            "from graph.ingest import ensure_base_graphs; "
            "s = OxigraphStore(Path(sys.argv[1])); print(len(ensure_base_graphs(s))); s.close()")
    runs = [subprocess.run([sys.executable, "-c", code, str(tmp_path / "store")], capture_output=True,
                           text=True, check=True, env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout.strip()
            for seed in ("1", "2")]
    assert runs == ["2", "0"]


def test_reference_bodies_are_described_once_however_many_documents_name_them(
        store: OxigraphStore) -> None:
    """A body of the reference data (Kela) named by many programmes keeps one label: each
    copy in a document graph would be read once per document by every label lookup."""
    kela = Organisation("kela", "Kansaneläkelaitos", OrgKind.KELA)
    for n in range(3):
        ex = sample_extraction(sha=f"{n}" * 64, name=f"ohjelma-{n}.pdf", services=(ServiceKey.ASSESSMENT,))
        write_document(store, replace(ex, facts=[*ex.facts, fact(
            ServiceKey.ASSESSMENT, Role.PARTNER, TargetGroup.ALL, kela, "Yhteistyössä Kelan kanssa.")]))
    rows = store.select('SELECT ?name WHERE { <https://w3id.org/kotograph/id/organisation/kela> '
                        '<http://www.w3.org/2004/02/skos/core#prefLabel> ?name FILTER(LANG(?name) = "fi") }')
    assert rows == [{"name": "Kansaneläkelaitos"}]
    partners = [r for r in queries.who(store, "593", "assessment")["results"] if r["role"] == "partner"]
    assert "Kansaneläkelaitos" in {r["organisation"]["name"] for r in partners}
