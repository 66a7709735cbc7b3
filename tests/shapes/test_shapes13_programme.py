"""13 § validation of programmes built with graph.build, as an ingested PDF would be."""

from __future__ import annotations

import asyncio
import json

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, SH
from shapes13_support import (
    REQUIRED,
    ProgrammeBuilder,
    base_store,
    reference_data,
    store_with,
    without_service,
)

from extraction.model import ServiceKey
from extraction.reference_data import MunicipalityRecord
from graph.build import service_label
from graph.ingest import write_document
from graph.namespaces import KG, ONTOLOGY_GRAPH, SERVICE, ontology_text
from graph.validate import (
    SECTION_13,
    report_json,
    report_text,
    report_turtle,
    validate,
)

POINTS = {  # 13 § 1 mom. point of each required service
    ServiceKey.ASSESSMENT: 1, ServiceKey.MULTISECTOR_ASSESSMENT: 1,
    ServiceKey.INTEGRATION_PLAN: 2, ServiceKey.MULTISECTOR_INTEGRATION_PLAN: 2,
    ServiceKey.CIVIC_ORIENTATION: 3, ServiceKey.INTEGRATION_TRAINING: 4,
    ServiceKey.OTHER_TRAINING_AND_SERVICES: 4, ServiceKey.GUIDANCE_AND_COUNSELLING: 5,
    ServiceKey.FINAL_LANGUAGE_TEST: 6,
}


@pytest.fixture
def two_municipalities() -> ProgrammeBuilder:
    return ProgrammeBuilder([("993", "Järvelä", "Järvelä"), ("998", "Rantala", "Strandby")],
                            name="seutu")


def test_full_programme_conforms_without_any_finding(jarvela: ProgrammeBuilder) -> None:
    report = validate(store_with(jarvela.build()))
    assert report.conforms
    assert report.findings == []
    assert len(list(report.graph.subjects(RDF.type, SH.ValidationResult))) == 0
    (m,) = report.municipalities
    assert (m.code, m.name) == ("993", "Järvelä")
    assert [i.key for i in m.covered] == [k.value for k in REQUIRED]
    assert m.missing == []


def test_required_items_follow_13_1(jarvela: ProgrammeBuilder) -> None:
    report = validate(store_with(jarvela.build()))
    assert [(i.key, i.point) for i in report.required] == [(k.value, POINTS[k]) for k in REQUIRED]
    for item in report.required:
        assert item.section_iri == str(SECTION_13)
        assert item.provision_iri == f"{SECTION_13}#m1k{item.point}"
        assert item.section["fi"] == f"681/2023 13 § 1 mom. {item.point} k."
        assert str(SECTION_13) in item.legal_resources
        assert set(item.labels) == {"fi", "sv", "en"}


@pytest.mark.parametrize("key", REQUIRED, ids=lambda k: k.value)
def test_deleting_one_service_section_gives_exactly_one_violation(
    jarvela: ProgrammeBuilder, key: ServiceKey
) -> None:
    report = validate(store_with(without_service(jarvela.build(), key)))
    assert not report.conforms
    (m,) = report.municipalities
    assert [i.key for i in m.missing] == [key.value]
    assert len(m.covered) == 8
    (f,) = m.findings  # nothing else: no warnings, no other violation
    assert (f.severity, f.shape, f.service_key, f.municipality_code) == (
        "Violation", "MinimumContentShape", key.value, "993")
    assert f.value_node == str(SERVICE[key.value])
    assert f.section_iri == str(SECTION_13)
    assert f.provision_iri == f"{SECTION_13}#m1k{POINTS[key]}"
    assert f.section["fi"] == f"681/2023 13 § 1 mom. {POINTS[key]} k."
    for lang in ("fi", "sv", "en"):
        assert service_label(key, lang) in f.messages[lang]
        assert "Järvelä" in f.messages[lang]
    assert f"13 § 1 mom. {POINTS[key]} k." in f.messages["fi"]
    assert f"13 § 1 mom. {POINTS[key]} punkten" in f.messages["sv"]
    assert f"section 13(1), point {POINTS[key]}" in f.messages["en"]


def test_report_graph_results_carry_section_iri_and_tagged_messages(
    two_municipalities: ProgrammeBuilder,
) -> None:
    ex = without_service(two_municipalities.build(), ServiceKey.CIVIC_ORIENTATION)
    report = validate(store_with(ex))
    results = list(report.graph.subjects(RDF.type, SH.ValidationResult))
    assert len(results) == 2
    for r in results:
        assert (r, RDFS.seeAlso, SECTION_13) in report.graph
        messages = {m.language: str(m) for m in report.graph.objects(r, SH.resultMessage)}
        assert set(messages) == {"fi", "sv", "en"}
        assert "Monikielinen yhteiskuntaorientaatio" in messages["fi"]
        assert "Flerspråkig samhällsorientering" in messages["sv"]
        assert "Multilingual civic orientation" in messages["en"]
    rantala = report.municipality("998")
    assert rantala is not None
    (f,) = rantala.findings
    assert f.messages["sv"].startswith("Strandby:")  # the Swedish name in Swedish
    assert f.messages["fi"].startswith("Rantala:")


def test_responsibility_and_cooperation_findings(jarvela: ProgrammeBuilder) -> None:
    ex = jarvela.build()
    plan, test_ = ServiceKey.INTEGRATION_PLAN, ServiceKey.FINAL_LANGUAGE_TEST
    ex.facts = [
        f for f in ex.facts
        if not (f.service is plan and f.role.value == "responsible" and f.target_group.value == "others")
        and not (f.service is test_ and f.role.value in ("responsible", "partner"))
    ]
    ex.drafting_partners = []
    ex.contact_points = []
    report = validate(store_with(ex))
    got = {(f.severity, f.shape, f.service_key, f.target_group) for f in report.findings}
    assert got == {
        ("Warning", "ResponsibleTargetGroupShape", "integration-plan", "others"),
        ("Violation", "ResponsibleBodyShape", "final-language-test", None),
        ("Warning", "ServiceCooperationShape", "final-language-test", None),
        ("Warning", "ContactPointShape", None, None),
    }  # partners remain: the other services still name theirs
    assert [f.severity for f in report.findings[:1]] == ["Violation"]  # violations first
    warning = next(f for f in report.findings if f.target_group)
    assert "Muut kuin työnhakijat" in warning.messages["fi"]
    assert "Andra än arbetssökande" in warning.messages["sv"]
    assert "Others (not jobseekers)" in warning.messages["en"]
    assert warning.provision_iri == f"{SECTION_13}#m3"


def test_no_partner_anywhere_is_a_warning(jarvela: ProgrammeBuilder) -> None:
    ex = jarvela.build()
    ex.facts = [f for f in ex.facts if f.role.value != "partner"]
    ex.drafting_partners = []
    report = validate(store_with(ex))
    shapes = [f.shape for f in report.findings]
    assert shapes.count("ServiceCooperationShape") == 9
    assert shapes.count("CooperationPartnersShape") == 1
    assert report.conforms  # warnings only


def test_validate_one_municipality(two_municipalities: ProgrammeBuilder,
                                   jarvela: ProgrammeBuilder) -> None:
    broken = ProgrammeBuilder([("998", "Rantala", "Strandby")], name="rantala")
    store = store_with(jarvela.build(), without_service(broken.build(), ServiceKey.ASSESSMENT))
    only = validate(store, "998")
    assert [m.code for m in only.municipalities] == ["998"]
    assert [i.key for i in only.municipalities[0].missing] == ["assessment"]
    assert validate(store, "993").conforms
    assert validate(store, "993").findings == []
    everything = validate(store)
    assert [m.code for m in everything.municipalities] == ["993", "998"]
    nobody = validate(store, "091")  # not covered by any programme
    assert nobody.municipalities == [] and nobody.conforms
    with pytest.raises(ValueError):
        validate(store, "99> } DROP ALL")


def test_two_documents_for_one_municipality_complement_each_other() -> None:
    part1 = ProgrammeBuilder([("993", "Järvelä", "Järvelä")], name="osa1")
    part2 = ProgrammeBuilder([("993", "Järvelä", "Järvelä")], name="osa2")
    ex1 = part1.build()
    ex2 = part2.build()
    half = set(REQUIRED[:4])
    ex1.services = [s for s in ex1.services if s.service in half]
    ex1.facts = [f for f in ex1.facts if f.service in half]
    ex2.services = [s for s in ex2.services if s.service not in half]
    ex2.facts = [f for f in ex2.facts if f.service not in half]
    ex2.drafting_partners, ex2.contact_points = [], []
    report = validate(store_with(ex1, ex2))
    assert report.conforms and report.findings == []


def test_required_services_are_read_from_the_ontology(jarvela: ProgrammeBuilder) -> None:
    """Mark guidance not required in the store's ontology: its absence is then no finding."""
    onto = Graph().parse(data=ontology_text(), format="turtle")
    guidance = SERVICE["guidance-and-counselling"]
    onto.remove((guidance, KG.requiredBy13, None))
    onto.add((guidance, KG.requiredBy13, Literal(False)))
    store = base_store(reference_data())
    store.replace_graphs({str(ONTOLOGY_GRAPH): onto.serialize(format="nt")})
    write_document(store, without_service(jarvela.build(), ServiceKey.GUIDANCE_AND_COUNSELLING))
    report = validate(store)
    assert len(report.required) == 8
    assert report.findings == []


def test_municipality_without_reference_labels_is_named_by_code() -> None:
    lonely = ProgrammeBuilder([("990", "Tuntematon", "Okänd")], name="tuntematon")
    report = validate(store_with(without_service(lonely.build(), ServiceKey.ASSESSMENT)))
    (m,) = report.municipalities
    assert m.code == "990"
    (f,) = m.findings
    assert all(msg.startswith("990:") for msg in f.messages.values())


# --------------------------------------------------------------------------------------
# Renderers
# --------------------------------------------------------------------------------------


def test_renderers(two_municipalities: ProgrammeBuilder) -> None:
    ex = without_service(two_municipalities.build(), ServiceKey.FINAL_LANGUAGE_TEST)
    ex.contact_points = []
    report = validate(store_with(ex))

    text_fi = report_text(report, "fi")
    assert "Järvelä (993)" in text_fi and "Rantala (998)" in text_fi
    assert "Kielitaidon päättötestaus (681/2023 13 § 1 mom. 6 k.)" in text_fi
    assert "VIRHE:" in text_fi and "VAROITUS:" in text_fi
    text_sv = report_text(report, "sv")
    assert "Strandby (998)" in text_sv and "Slutbedömning av språkkunskaperna" in text_sv
    assert "VIOLATION:" in report_text(report, "en")

    data = report_json(report, "en")
    json.dumps(data)  # plain data only
    assert data["conforms"] is False and data["section_iri"] == str(SECTION_13)
    by_code = {m["code"]: m for m in data["municipalities"]}
    assert by_code["998"]["name"] == "Rantala"
    assert report_json(report, "sv")["municipalities"][1]["name"] == "Strandby"
    assert [i["key"] for i in by_code["993"]["missing"]] == ["final-language-test"]
    assert by_code["993"]["missing"][0]["section"] == "Act 681/2023, section 13(1)(6)"
    assert (by_code["993"]["violations"], by_code["993"]["warnings"]) == (1, 1)
    violation = by_code["993"]["findings"][0]
    assert violation["severity"] == "Violation" and violation["service"] == "final-language-test"
    assert "Final language test" in violation["message"]
    assert violation["section_iri"] == str(SECTION_13)

    ttl = report_turtle(report)
    g = Graph().parse(data=ttl, format="turtle")
    assert len(list(g.subjects(RDF.type, SH.ValidationResult))) == 4
    assert {m.language for m in g.objects(None, SH.resultMessage)} == {"fi", "sv", "en"}
    assert len(list(g.subjects(RDFS.seeAlso, SECTION_13))) == 4

    with pytest.raises(ValueError):
        report_text(report, "de")
    with pytest.raises(ValueError):
        report_json(report, "de")


# --------------------------------------------------------------------------------------
# Event loop and performance
# --------------------------------------------------------------------------------------


def test_validate_refuses_to_block_an_event_loop(jarvela: ProgrammeBuilder) -> None:
    store = store_with(jarvela.build())

    async def on_the_loop() -> None:
        validate(store)

    async def in_a_thread() -> bool:
        return (await asyncio.to_thread(validate, store)).conforms

    with pytest.raises(RuntimeError, match="worker thread"):
        asyncio.run(on_the_loop())
    assert asyncio.run(in_a_thread())


def test_many_municipalities_each_get_their_own_findings() -> None:
    """100 municipalities × 9 services in ten joint documents: every municipality is
    reported, and exactly the ones whose document lacks a service get its violation.
    (Its speed is measured by tests/shapes/bench_validate_13.py, not asserted here.)"""
    ref = reference_data()
    codes = [f"{n:03d}" for n in range(100, 200)]
    for code in codes:
        ref.municipalities[code] = MunicipalityRecord(code, f"Kunta {code}", f"Kommun {code}",
                                                      "99", "jarviseutu", "jarvela", True)
    store = base_store(ref)
    for i in range(0, len(codes), 10):
        chunk = [(c, f"Kunta {c}", f"Kommun {c}") for c in codes[i:i + 10]]
        ex = ProgrammeBuilder(chunk, name=f"doc{i}").build()
        if i % 20 == 0:
            ex = without_service(ex, ServiceKey.CIVIC_ORIENTATION)
        write_document(store, ex)
    report = validate(store)
    assert len(report.municipalities) == 100
    assert len(report.findings) == 50


def test_concurrent_validations_agree_and_leave_the_shapes_alone(
    two_municipalities: ProgrammeBuilder,
) -> None:
    """The API runs validations in a thread pool: shared caches must not interfere."""
    from concurrent.futures import ThreadPoolExecutor

    from graph.validate import shapes_graph

    size = len(shapes_graph())
    ex = without_service(two_municipalities.build(), ServiceKey.INTEGRATION_TRAINING)
    ex.drafting_partners = []
    store = store_with(ex)
    expected = json.dumps(report_json(validate(store), "fi"), sort_keys=True)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: report_json(validate(store), "fi"), range(8)))
    assert all(json.dumps(r, sort_keys=True) == expected for r in results)
    assert len(shapes_graph()) == size
