"""After a change, validating only the municipalities whose documents changed gives the report
a validation of the whole store gives."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

from rdflib.compare import to_isomorphic

from extraction.model import DocumentExtraction, ServiceKey
from graph import iris, programmes, reviews
from graph.ingest import ensure_base_graphs, write_document
from graph.namespaces import CV, KG, ROLE, TARGET_GROUP
from graph.revalidate import changed_municipalities, read_stamps, revalidate
from graph.store import OxigraphStore
from graph.validate import ValidationReport, report_json, validate

EXAMPLES_REFERENCE = Path(__file__).resolve().parents[2] / "examples" / "reference"


def assert_same_report(got: ValidationReport, expected: ValidationReport) -> None:
    for lang in ("fi", "sv", "en"):
        assert report_json(got, lang) == report_json(expected, lang)
    assert to_isomorphic(got.graph) == to_isomorphic(expected.graph)


def joint(first: DocumentExtraction, second: DocumentExtraction) -> DocumentExtraction:
    """One programme for the municipalities of both documents, saying what both say."""
    return dataclasses.replace(
        first, source_name="yhteinen-kotoutumisohjelma.pdf", sha256="c" * 64,
        municipalities=[*first.municipalities, *second.municipalities],
        services=[*first.services, *second.services], facts=[*first.facts, *second.facts],
        contact_points=first.contact_points)


def without(doc: DocumentExtraction, service: ServiceKey, sha: str) -> DocumentExtraction:
    """A version of `doc` (approved a year later) that leaves `service` out and names no
    contact point."""
    approvals = [dataclasses.replace(a, date=a.date.replace("2025", "2026")) for a in doc.approvals]
    return dataclasses.replace(
        doc, sha256=sha, contact_points=[], approvals=approvals,
        services=[s for s in doc.services if s.service is not service],
        facts=[f for f in doc.facts if f.service is not service])


def test_changed_documents_revalidate_their_municipalities_only(
        store: OxigraphStore, documents: list[DocumentExtraction]) -> None:
    report, stamps = revalidate(store, None, None)
    assert_same_report(report, validate(store))
    a, b, c, d, e, f = documents
    code = {doc.source_name: doc.municipalities[0].code for doc in documents}
    write_document(store, without(a, ServiceKey.ASSESSMENT, "a" * 64))  # a new version of a
    store.replace_graphs({}, drop=[str(iris.document_graph_iri(d.sha256))])  # d removed, and
    programmes.refresh(store, force=True)  # the registry rebuilt without it
    write_document(store, joint(e, f))  # e's municipality again, and a new one
    later = datetime(2030, 1, 1, tzinfo=UTC)
    write_document(store, without(c, ServiceKey.CIVIC_ORIENTATION, c.sha256), ingested_at=later)

    changed = changed_municipalities(stamps, read_stamps(store))
    assert changed == {code[x.source_name] for x in (a, c, d, e, f)}
    assert code[b.source_name] not in changed
    updated, stamps = revalidate(store, report, stamps)
    assert_same_report(updated, validate(store))
    assert code[d.source_name] not in {m.code for m in updated.municipalities}
    assert updated.municipality(code[a.source_name]).missing  # the assessment left out
    assert revalidate(store, updated, stamps)[0] is updated  # nothing changed since


def reject_assessment_body(store: OxigraphStore, code: str) -> None:
    """A supervisor rejects the body responsible for the others' assessment in `code`."""
    offer = iris.service_offer_iri(code, ServiceKey.ASSESSMENT.value)
    (fact,) = store.select(f"SELECT ?p WHERE {{ <{offer}> <{CV.hasParticipation}> ?p . ?p <{CV.role}> "
                           f"<{ROLE.responsible}> ; <{KG.targetGroup}> <{TARGET_GROUP.others}> }}")
    reviews.record(store, reviews.NewReview("reject", code, "Tarkastaja", note="väärä taho",
                                            participation=fact["p"]))


def test_a_review_revalidates_its_municipality(store: OxigraphStore,
                                               documents: list[DocumentExtraction]) -> None:
    report, stamps = revalidate(store, None, None)
    code = documents[1].municipalities[0].code
    reject_assessment_body(store, code)
    assert changed_municipalities(stamps, read_stamps(store)) == {code}
    updated, _ = revalidate(store, report, stamps)
    assert_same_report(updated, validate(store))
    assert updated.municipality(code).count("Warning") > report.municipality(code).count("Warning")


def test_a_changed_reference_graph_validates_everything_again(store: OxigraphStore) -> None:
    report, stamps = revalidate(store, None, None)
    ensure_base_graphs(store, (EXAMPLES_REFERENCE,))
    assert changed_municipalities(stamps, read_stamps(store)) is None
    assert_same_report(revalidate(store, report, stamps)[0], validate(store))


def test_findings_read_the_current_version_only(documents: list[DocumentExtraction]) -> None:
    """Older versions of a programme stay in the store, with the same offer and
    participation IRIs as the current one: the findings are the current version's alone."""
    older = documents[0]
    current = without(older, ServiceKey.ASSESSMENT, "a" * 64)
    stores = []
    for versions in ((older, current), (current,)):
        store = OxigraphStore(None)
        ensure_base_graphs(store)
        for doc in versions:
            write_document(store, doc)
        stores.append(store)
    with_history, alone = (validate(s) for s in stores)
    assert_same_report(with_history, alone)
    assert with_history.municipality(older.municipalities[0].code).missing  # the assessment
