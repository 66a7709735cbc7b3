"""Programmes, not files: format copies counted once, newer versions supersede, the history
stays, and what changed between versions (graph.programmes, graph.history)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from extraction.model import Fact, Organisation, OrgKind, Role, ServiceKey, TargetGroup
from graph import history, queries
from graph.ingest import ensure_base_graphs, write_document
from graph.store import OxigraphStore
from tests.factories import EMPLOYMENT, PIEKSAMAKI, approved_extraction, prov, sample_extraction

DOC = "https://w3id.org/kotograph/id/document/"
KELA = Organisation("kela", "Kansaneläkelaitos", OrgKind.KELA)


approved = approved_extraction


@pytest.fixture
def store() -> OxigraphStore:
    s = OxigraphStore(None)
    ensure_base_graphs(s)
    return s


def statuses(store: OxigraphStore) -> dict[str, str]:
    return {d["source"]: d["version_status"] for d in queries.documents(store)}


def test_a_copy_in_another_format_is_counted_once(store: OxigraphStore) -> None:
    """Same municipalities, title and approvals: the HTML is the PDF's copy, every fact once."""
    write_document(store, approved("a" * 64, "2024-11-18"))
    html = replace(approved("b" * 64, "2024-11-18", name="pieksamaki.html"), media_type="text/html")
    summary = write_document(store, html)
    assert summary.version_status == "format-copy" and summary.copy_of == DOC + "a" * 16
    assert statuses(store) == {"pieksamaki.pdf": "current", "pieksamaki.html": "format-copy"}
    results = queries.who(store, "593", "assessment")["results"]
    quotes = [r["evidence"]["quote"] for r in results]
    assert len(quotes) == len(set(quotes)) == 3
    assert {r["evidence"]["document"] for r in results} == {"pieksamaki.pdf"}
    counts = next(m for m in queries.municipalities(store) if m["code"] == "593")
    assert (counts["documents"], counts["versions"]) == (2, 1)


def test_without_approvals_a_copy_is_known_by_its_text(store: OxigraphStore) -> None:
    write_document(store, sample_extraction(sha="a" * 64))
    write_document(store, replace(sample_extraction(sha="b" * 64, name="pieksamaki.docx"),
                                  media_type="application/vnd.openxmlformats-officedocument."
                                             "wordprocessingml.document"))
    assert statuses(store) == {"pieksamaki.pdf": "current", "pieksamaki.docx": "format-copy"}
    # Another sentence in one of them: another version, not a copy.
    changed = sample_extraction(sha="c" * 64, name="pieksamaki-2.pdf")
    changed.facts[0] = replace(changed.facts[0], provenance=prov("Arvioinnin tekee Kela.", start=5000),
                               organisation=KELA)
    write_document(store, changed)
    assert statuses(store)["pieksamaki-2.pdf"] == "current"
    assert statuses(store)["pieksamaki.pdf"] == "superseded"


def test_the_newer_approval_wins_whatever_the_ingest_order(store: OxigraphStore) -> None:
    """Last year's programme ingested after this year's stays the older version."""
    write_document(store, approved("b" * 64, "2025-11-17", name="ohjelma-2026.pdf",
                                   services=(ServiceKey.ASSESSMENT,)))
    summary = write_document(store, approved("a" * 64, "2024-11-18", name="ohjelma-2025.pdf"))
    assert summary.version_status == "superseded" and summary.supersedes == []
    assert statuses(store) == {"ohjelma-2026.pdf": "current", "ohjelma-2025.pdf": "superseded"}
    m = queries.resolve_municipality(store, "593")
    versions = queries.document_versions(store, m)
    assert [(d["source"], d["current"], d["version_date_basis"]) for d in versions] == [
        ("ohjelma-2026.pdf", True, "approval"), ("ohjelma-2025.pdf", False, "approval")]
    assert queries.who(store, "593", "civic-orientation")["status"] == "not-described"


def test_reingesting_an_old_version_does_not_make_it_new(store: OxigraphStore) -> None:
    write_document(store, sample_extraction(sha="a" * 64, services=(ServiceKey.ASSESSMENT,)))
    write_document(store, sample_extraction(sha="b" * 64, services=(ServiceKey.INTEGRATION_PLAN,)))
    write_document(store, sample_extraction(sha="a" * 64, services=(ServiceKey.ASSESSMENT,)))
    assert queries.who(store, "593", "integration-plan")["results"]
    assert queries.who(store, "593", "assessment")["status"] == "not-described"


def test_a_joint_programme_and_an_own_one_both_stand(store: OxigraphStore) -> None:
    joint = sample_extraction(sha="a" * 64, name="seutu.pdf", services=(ServiceKey.ASSESSMENT,))
    joint = replace(joint, title="Seudun kotoutumisohjelma")
    own = sample_extraction(sha="b" * 64, name="oma.pdf", services=(ServiceKey.INTEGRATION_PLAN,))
    write_document(store, joint)
    write_document(store, own)
    assert set(statuses(store).values()) == {"current"}
    assert queries.who(store, "593", "assessment")["results"]
    assert queries.who(store, "593", "integration-plan")["results"]


def test_what_changed_between_versions(store: OxigraphStore) -> None:
    old = approved("a" * 64, "2024-11-18", services=(ServiceKey.ASSESSMENT, ServiceKey.CIVIC_ORIENTATION))
    new = approved("b" * 64, "2025-11-17", services=(ServiceKey.ASSESSMENT, ServiceKey.INTEGRATION_PLAN))
    # In the new version Kela, not the employment area, assesses jobseekers.
    new.facts = [replace(f, organisation=KELA, provenance=prov("Työnhakijat arvioi Kela.", start=9000))
                 if (f.service, f.target_group) == (ServiceKey.ASSESSMENT, TargetGroup.JOBSEEKERS) else f
                 for f in new.facts]
    new.facts.append(Fact("593", ServiceKey.ASSESSMENT, Role.PARTNER, TargetGroup.ALL, EMPLOYMENT,
                          prov("Yhteistyössä työllisyysalueen kanssa.", start=9100)))
    write_document(store, old)
    write_document(store, new)
    m = queries.resolve_municipality(store, PIEKSAMAKI.code)
    (entry,) = history.changes(store, m)
    assert (entry["from"], entry["to"]) == (DOC + "a" * 16, DOC + "b" * 16)
    found = {(c["kind"], c["service"], c.get("target_group"), c.get("role")) for c in entry["changes"]}
    assert found == {
        ("service-added", "integration-plan", None, None),
        ("service-removed", "civic-orientation", None, None),
        ("changed", "assessment", "jobseekers", "responsible"),
        ("added", "assessment", "all", "partner"),
        # the integration plan's and civic orientation's bodies came and went with them
        ("added", "integration-plan", "jobseekers", "responsible"),
        ("added", "integration-plan", "others", "responsible"),
        ("added", "integration-plan", "all", "partner"),
        ("removed", "civic-orientation", "jobseekers", "responsible"),
        ("removed", "civic-orientation", "others", "responsible"),
        ("removed", "civic-orientation", "all", "partner"),
    }
    changed = next(c for c in entry["changes"] if c["kind"] == "changed")
    assert changed["before"] == ["https://w3id.org/kotograph/id/employment-area/keski-savo"]
    assert changed["after"] == ["https://w3id.org/kotograph/id/organisation/kela"]
    assert changed["evidence"]["quote"] == "Työnhakijat arvioi Kela."
    # SPARQL gives the same added and removed bodies.
    rows = store.select(queries.prefixes("kg", "cv", "skos", "prov") + history.CHANGES_QUERY)
    sparql = {(r["change"], r["service"], r["targetGroup"], r["role"]) for r in rows}
    assert ("removed", "assessment", "jobseekers", "responsible") in sparql
    assert ("added", "assessment", "jobseekers", "responsible") in sparql
    assert {k for k, *_ in sparql} == {"added", "removed"}
    rest = {(k, s, g, r) for k, s, g, r in found if k in ("added", "removed")}
    assert rest <= sparql


def test_a_document_without_a_place_in_the_registry_is_repaired(store: OxigraphStore) -> None:
    """Two writers of two processes may race; the warmer's repair gives every document its place."""
    from graph.ingest import repair_programmes
    from graph.namespaces import PROGRAMMES_GRAPH

    write_document(store, sample_extraction())
    store.update(f"DROP GRAPH <{PROGRAMMES_GRAPH}>")
    assert queries.who(store, "593", "assessment")["status"] == "no-programme"
    assert repair_programmes(store) is True and repair_programmes(store) is False
    assert queries.who(store, "593", "assessment")["status"] == "described"
