"""The matrix kept current across writes (only the changed municipalities read again) shows
what a matrix read from scratch shows, after ingest, re-ingest, delete and review."""

from __future__ import annotations

from datetime import UTC, datetime

from api.matrix import Filters, build_matrix
from extraction.model import DocumentExtraction, ServiceKey
from graph import iris, programmes, reviews
from graph.ingest import ensure_base_graphs, write_document
from graph.matrix_data import MatrixData, matrix_data, updated
from graph.revalidate import Stamps, read_stamps
from graph.store import OxigraphStore
from graph.validate import validate
from tests.graph.test_revalidate import EXAMPLES_REFERENCE, joint, reject_assessment_body, without


def assert_current(store: OxigraphStore, kept: MatrixData | None,
                   stamps: Stamps | None) -> tuple[MatrixData, Stamps]:
    """`updated` brings `kept` to the store as it is now: the same matrix, in every
    language and with the 13 § counts, as one read from scratch. The stamps it is given
    were read from the earlier ones: the same as stamps read from scratch."""
    now = read_stamps(store, stamps)
    assert now == read_stamps(store)
    data, stamps = updated(store, kept, stamps, now)
    scratch, report = matrix_data(store), validate(store)
    assert data.index == scratch.index
    for lang in ("fi", "sv", "en"):
        for filters in (Filters(), Filters(sort="compliance")):
            assert build_matrix(data, report, filters, lang) == build_matrix(scratch, report, filters, lang)
    assert data.coverage.names == scratch.coverage.names
    return data, stamps


def cells(data: MatrixData, code: str) -> dict[str, dict[str, list[str]]]:
    return data.coverage.cells.get(code, {})


def test_after_ingest_reingest_and_delete_the_kept_matrix_is_the_fresh_one(
        store: OxigraphStore, documents: list[DocumentExtraction]) -> None:
    data, stamps = assert_current(store, None, None)
    a, b, c, d, e, f = documents
    code = {doc.source_name: doc.municipalities[0].code for doc in documents}
    assert ServiceKey.ASSESSMENT.value in cells(data, code[a.source_name])

    write_document(store, without(a, ServiceKey.ASSESSMENT, "a" * 64))  # a new version of a
    kept_b = data.coverage.cells[code[b.source_name]]
    data, stamps = assert_current(store, data, stamps)
    assert ServiceKey.ASSESSMENT.value not in cells(data, code[a.source_name])
    assert data.coverage.cells[code[b.source_name]] is kept_b  # b was not read again

    write_document(store, joint(e, f))  # e's municipality again, and a new one
    data, stamps = assert_current(store, data, stamps)
    assert cells(data, code[f.source_name])
    later = datetime(2030, 1, 1, tzinfo=UTC)  # c ingested again, as a version without orientation
    write_document(store, without(c, ServiceKey.CIVIC_ORIENTATION, c.sha256), ingested_at=later)
    data, stamps = assert_current(store, data, stamps)

    store.replace_graphs({}, drop=[str(iris.document_graph_iri(d.sha256))])  # d removed, and
    programmes.refresh(store, force=True)  # the registry rebuilt without it
    data, stamps = assert_current(store, data, stamps)
    row = next(r for r in data.index if r["code"] == code[d.source_name])
    assert row["status"] == "no-programme" and not cells(data, code[d.source_name])
    assert updated(store, data, stamps)[0] is data  # nothing changed since


def test_reviews_change_the_kept_matrix_as_a_fresh_one(
        store: OxigraphStore, documents: list[DocumentExtraction]) -> None:
    data, stamps = assert_current(store, None, None)
    code = documents[1].municipalities[0].code
    reject_assessment_body(store, code)
    data, stamps = assert_current(store, data, stamps)
    assert (code, ServiceKey.ASSESSMENT.value) in data.coverage.reviewed
    # a body the graph did not know, added as responsible (the review's own fact)
    reviews.record(store, reviews.NewReview(
        "add", code, "Tarkastaja", service=ServiceKey.CIVIC_ORIENTATION.value, role="responsible",
        target_group="others", organisation_name="Kotoutumisyhdistys ry",
        quote=documents[1].facts[0].provenance.quote))
    data, stamps = assert_current(store, data, stamps)
    added = cells(data, code)[ServiceKey.CIVIC_ORIENTATION.value]["responsible:others"]
    assert any(org.endswith("/kotoutumisyhdistys-ry") for org in added)


def test_a_changed_reference_graph_reads_everything_again(store: OxigraphStore) -> None:
    data, stamps = assert_current(store, None, None)
    ensure_base_graphs(store, (EXAMPLES_REFERENCE,))
    assert_current(store, data, stamps)
