"""An explicit exclusion is kept in the graph with its quote, and reads as a statement,
not a gap: a service left out of the programme is not "without a responsible body"; a
body that declines a service leaves the question who arranges it open."""

from __future__ import annotations

from dataclasses import replace

import pytest

from extraction.model import Exclusion, ServiceKey
from graph.ingest import ensure_base_graphs, write_document
from graph.store import OxigraphStore
from graph.validate import validate
from tests.factories import CITY, prov, sample_extraction

LEFT_OUT = "Monikielinen yhteiskuntaorientaatio ei sisälly tähän kotoutumisohjelmaan."
DECLINED = "Kaupunki ei järjestä omaa kotoutumiskoulutusta."


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    s = OxigraphStore(None)
    ensure_base_graphs(s)
    extraction = sample_extraction(services=(ServiceKey.ASSESSMENT,))
    write_document(s, replace(extraction, exclusions=[
        Exclusion("593", ServiceKey.CIVIC_ORIENTATION, None, prov(LEFT_OUT, start=900, rule="excluded")),
        Exclusion("593", ServiceKey.INTEGRATION_TRAINING, CITY, prov(DECLINED, start=1000, rule="denied")),
    ]))
    return s


def test_exclusions_are_in_the_graph_with_their_quote(store: OxigraphStore) -> None:
    rows = store.select("""
        PREFIX kg: <https://w3id.org/kotograph/ns#>
        SELECT ?service ?body ?quote WHERE {
          ?offer kg:exclusion ?x ; kg:serviceType ?service .
          ?x a kg:Exclusion ; kg:evidence/kg:quote ?quote .
          OPTIONAL { ?x kg:notArrangedBy ?body }
        }""")
    found = {(str(r["service"]).rsplit("/", 1)[-1], r.get("body") is not None, str(r["quote"])) for r in rows}
    assert found == {("civic-orientation", False, LEFT_OUT), ("integration-training", True, DECLINED)}


def test_a_service_left_out_is_no_missing_responsible_but_a_declined_one_is(store: OxigraphStore) -> None:
    report = validate(store, "593")
    no_responsible = {f.service_key for f in report.findings if f.shape == "ResponsibleBodyShape"}
    assert ServiceKey.CIVIC_ORIENTATION.value not in no_responsible
    assert ServiceKey.INTEGRATION_TRAINING.value in no_responsible
    missing = {f.service_key for f in report.findings if f.shape == "MinimumContentShape"}
    assert not missing & {ServiceKey.CIVIC_ORIENTATION.value, ServiceKey.INTEGRATION_TRAINING.value}


def test_the_who_answer_carries_the_exclusions(store: OxigraphStore) -> None:
    from graph.queries import who

    training = who(store, "593", "integration-training")
    assert [(e["organisation"]["name"], e["evidence"]["quote"]) for e in training["exclusions"]] == [
        ("Pieksämäki", DECLINED)]
    orientation = who(store, "593", "civic-orientation")
    found = [(e["organisation"], e["evidence"]["quote"]) for e in orientation["exclusions"]]
    assert found == [(None, LEFT_OUT)]
    assert who(store, "593", "assessment")["exclusions"] == []
