"""The exported graph conforms to the whole official CPSV-AP 3.2.0 SHACL file.

Every node shape of `tests/data/cpsv-ap/cpsv-ap-3.2.0-SHACL.ttl`, pySHACL with
`inference="none"`: only the types the graph states count. The graph validated is what a
client gets from the dump (`kotograph export`, `/dumps/…`): every graph of a store that holds
the ontology, the reference data and the documents, merged.

Checked for a synthetic programme (fast, no model) and for each development document
(`../shared/corpus-dev/*` and `../shared/corpus/pdf`, extracted with the real pipeline), one
at a time and all together, since identifiers and labels must stay single-valued when several
documents name the same body.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
from rdflib import Graph
from rdflib.namespace import SH
from shapes13_support import ProgrammeBuilder, store_with

from graph.ingest import ensure_base_graphs, write_document
from graph.store import OxigraphStore
from tests.helpers.material import development_documents

SHAPES = Path(__file__).resolve().parents[1] / "data" / "cpsv-ap" / "cpsv-ap-3.2.0-SHACL.ttl"
_SHAPES_NS = "https://semiceu.github.io/CPSV-AP/releases/3.2.0//shacl/cpsv-ap-SHACL.ttl#"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def exported(store: OxigraphStore) -> Graph:
    """The store's N-Quads dump with its graphs merged, as a client would validate it."""
    quads = ox.parse(store.dump("application/n-quads"), format=ox.RdfFormat.N_QUADS)
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    return Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")


def violations(data: Graph, shapes: Graph) -> Counter[tuple[str, str, str]]:
    """(node shape, path, constraint) → how many focus nodes fail it."""
    _conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                                allow_warnings=True)
    found: Counter[tuple[str, str, str]] = Counter()
    for r in report.subjects(SH.resultSeverity, SH.Violation):
        found[(str(report.value(r, SH.sourceShape)).removeprefix(_SHAPES_NS).split("/")[0],
               str(report.value(r, SH.resultPath)),
               str(report.value(r, SH.sourceConstraintComponent)).rsplit("#", 1)[-1])] += 1
    return found


def test_the_shapes_are_the_whole_official_file(shapes: Graph) -> None:
    """All 30 node shapes of CPSV-AP 3.2.0, not a subset."""
    node_shapes = set(shapes.subjects(None, SH.NodeShape))
    assert len(node_shapes) >= 30
    assert {str(s).removeprefix(_SHAPES_NS) for s in node_shapes} >= {
        "AgentShape", "PublicOrganisationShape", "PublicServiceShape", "ParticipationShape",
        "LegalResourceShape", "ContactPointShape", "LocationShape", "ConceptShape"}


def test_a_synthetic_programme_conforms(shapes: Graph) -> None:
    store = store_with(ProgrammeBuilder([("993", "Järvelä", "Järvelä")], name="cpsv").build())
    assert not violations(exported(store), shapes)


@pytest.fixture(scope="module")
def extractions() -> dict[str, object]:
    from extraction.pipeline import extract_file

    return {doc.slug: extract_file(doc.path) for doc in development_documents()}


@pytest.mark.model
def test_every_development_document_conforms(extractions: dict, shapes: Graph) -> None:
    """Each document alone in a store: no CPSV-AP violation."""
    failing = {}
    for slug, extraction in extractions.items():
        store = OxigraphStore(None)
        ensure_base_graphs(store)
        write_document(store, extraction)
        found = violations(exported(store), shapes)
        if found:
            failing[slug] = dict(found.most_common(5))
    assert len(extractions) == 11
    assert not failing


@pytest.mark.model
def test_all_development_documents_together_conform(extractions: dict, shapes: Graph) -> None:
    """One store with all eleven: bodies named by several documents keep one identifier."""
    store = OxigraphStore(None)
    ensure_base_graphs(store)
    for extraction in extractions.values():
        write_document(store, extraction)
    assert not violations(exported(store), shapes)
