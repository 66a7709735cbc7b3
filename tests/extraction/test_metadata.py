"""Programme metadata: title, coordinating body, contact points, drafting partners, approvals.

The examples are checked against examples/expected.json; the corpus PDFs
(../shared/corpus/pdf; the test fails when it is absent) against what their text says.
"""

from __future__ import annotations

from functools import lru_cache

import pytest

from extraction import metadata
from extraction.model import DocumentExtraction, OrgKind
from tests.extraction.test_examples import STEMS, _aliases, _expected, _extract
from tests.helpers.material import shared_path


# -- pure helpers (no model) ------------------------------------------------------------
def test_contact_fields_title_before_name() -> None:
    fields = metadata.contact_fields(
        "Kotoutumiskoordinaattori Laura Mäkisalo Järvelän kunta, hyvinvointipalvelut "
        "laura.makisalo@jarvela.example puh. 040 612 3480")
    assert fields == metadata.ContactFields(
        "kotoutumiskoordinaattori", "Laura Mäkisalo", "laura.makisalo@jarvela.example",
        "040 612 3480")


def test_contact_fields_swedish_title() -> None:
    fields = metadata.contact_fields("Integrationskoordinator Johanna Sjöberg Strandby stad")
    assert (fields.title, fields.name) == ("integrationskoordinator", "Johanna Sjöberg")


def test_approval_clauses_keep_each_body_its_date() -> None:
    text = ("Hyvinvointilautakunta käsitteli ohjelmaluonnoksen 22.10.2024 § 58. "
            "Kunnanhallitus hyväksyi kotoutumisohjelman 18.11.2024 § 211.")
    dates = [metadata.iso_date(text[end:clause_end])
             for _start, end, clause_end in metadata.approval_clauses(text)]
    assert dates == ["2024-10-22", "2024-11-18"]


# -- examples against expected.json ------------------------------------------------------
def _org_id(org) -> str:
    """The canonical id expected.json uses (a unit counts as its municipality)."""
    if org.kind in (OrgKind.MUNICIPALITY, OrgKind.MUNICIPAL_UNIT):
        return f"municipality:{org.parent_key or org.key}"
    if org.kind == OrgKind.EMPLOYMENT_AREA:
        return f"employment-area:{org.key}"
    if org.kind == OrgKind.WELFARE_AREA:
        return f"welfare-area:{org.key}"
    if org.kind == OrgKind.KELA:
        return "kela"
    from extraction.gazetteer import slug

    return _aliases().get(f"name:{slug(org.name)}", f"name:{slug(org.name)}")


def _bare(org_id: str) -> str:
    """An id without the legal form ("…-setlementti-ry" and "…-setlementti" are one body)."""
    for form in ("-ry", "-rf", "-oy", "-ab"):
        org_id = org_id.removesuffix(form)
    return org_id


def _expected_id(name: str) -> str:
    from extraction.gazetteer import slug

    return _aliases().get(f"name:{slug(name)}", f"name:{slug(name)}")


@pytest.mark.model
@pytest.mark.parametrize("stem", STEMS)
def test_example_title(stem: str, nlp) -> None:
    assert _extract(stem).title == _expected()["documents"][stem]["title"]


@pytest.mark.model
@pytest.mark.parametrize("stem", STEMS)
def test_example_coordinator(stem: str, nlp) -> None:
    expected = _expected_id(_expected()["documents"][stem]["coordinator"]["organisation"])
    assert [_org_id(org) for org, _prov in _extract(stem).coordinators] == [expected]


@pytest.mark.model
@pytest.mark.parametrize("stem", STEMS)
def test_example_contact_points(stem: str, nlp) -> None:
    expected = {(c["municipality"], c["email"], c["phone"], c["name"], c["title"].lower())
                for c in _expected()["documents"][stem]["contact_points"]}
    found = {(c.municipality, c.email, c.phone, c.name, (c.title or "").lower())
             for c in _extract(stem).contact_points}
    assert found == expected


@pytest.mark.model
@pytest.mark.parametrize("stem", STEMS)
def test_example_drafting_partners(stem: str, nlp) -> None:
    expected = {_bare(_expected_id(n)) for n in _expected()["documents"][stem]["drafting_partners"]}
    found = {_bare(_org_id(org)) for org, _prov in _extract(stem).drafting_partners}
    # Known gaps: "Järvelän Monikulttuurinen yhdistys ry" is read as "yhdistys ry", and
    # Swedish-only institution names ("Strandby yrkesinstitut") are not all recognised.
    assert len(found - expected) <= 1, found - expected
    assert len(expected - found) <= 2, expected - found


@pytest.mark.model
@pytest.mark.parametrize("stem", STEMS)
def test_example_approvals(stem: str, nlp) -> None:
    expected = {(a["body"], a["date"]) for a in _expected()["documents"][stem]["approvals"]}
    # in a joint programme the body keeps its municipality ("Havulahden kunnanhallitus")
    found = {(a.body.split()[-1], a.date) for a in _extract(stem).approvals}
    assert found == expected


# -- corpus PDFs --------------------------------------------------------------------------
@lru_cache(maxsize=4)
def _corpus(stem: str) -> DocumentExtraction:
    from extraction.pipeline import extract_file

    return extract_file(shared_path("corpus", "pdf", f"{stem}.pdf"))


P000, P001, P002 = "000_877bcb84de0e2fbb", "001_e2e2fabac0873238", "002_d77fd843a353bca4"


@pytest.mark.model
def test_corpus_titles(nlp) -> None:
    # 000 names no title: not a subsection heading ("1.1 … koordinoiva taho")
    assert _corpus(P000).title == "Kotoutumisohjelma: Pieksämäki"
    # 001 names itself in its text ("Tässä … kotoutumisohjelmassa kuvataan")
    assert _corpus(P001).title == (
        "Kuopion kaupungin, Lapinlahden, Tuusniemen ja Kaavin kuntien kotoutumisohjelma")
    assert _corpus(P002).title == (
        "Kotoutumisohjelma: Kemi, Keminmaa, Simo, Tervola, Tornio, Ylitornio")


@pytest.mark.model
def test_corpus_coordinators(nlp) -> None:
    coordinators = [(o.parent_key or o.key, o.unit) for o, _p in _corpus(P000).coordinators]
    assert coordinators == [("593", "kotoutumispalvelu")]
    assert [o.key for o, _p in _corpus(P001).coordinators] == ["297"]
    assert _corpus(P002).coordinators == []  # the document names none


@pytest.mark.model
def test_corpus_contact_points(nlp) -> None:
    (contact,) = _corpus(P000).contact_points
    assert (contact.municipality, contact.title, contact.name, contact.email, contact.phone) == (
        "593", "kotoutumiskoordinaattori", "Eija Inkinen", "eija.inkinen@pieksamaki.fi",
        "040 651 4930")
    assert _corpus(P001).contact_points == [] and _corpus(P002).contact_points == []


@pytest.mark.model
def test_corpus_drafting_partners(nlp) -> None:
    keys = {o.key for o, _p in _corpus(P000).drafting_partners}
    assert {"keski-savo", "etela-savo", "pieksamaen-seurakunta"} <= keys and "593" not in keys
    assert {o.key for o, _p in _corpus(P001).drafting_partners} == {"pohjois-savo", "kuopio"}
    assert _corpus(P002).drafting_partners == []


@pytest.mark.model
def test_corpus_approvals(nlp) -> None:
    assert {(a.body, a.date) for a in _corpus(P000).approvals} == {
        ("kunnanhallitus", None), ("kunnanvaltuusto", None)}
    assert {(a.body, a.date) for a in _corpus(P001).approvals} == {
        ("kaupunginhallitus", "2024-11-25")}
    assert _corpus(P002).approvals == []


# -- joint programmes: one member's bodies ------------------------------------------------
@pytest.mark.model
def test_member_body_stays_with_its_municipality(nlp) -> None:
    facts = _corpus(P001).facts
    kuopio_elsewhere = {(f.municipality, f.service.value, f.target_group.value) for f in facts
                        if f.municipality != "297" and f.role.value != "partner"
                        and (f.organisation.key == "297" or f.organisation.parent_key == "297")}
    # "Kuopion kaupunki järjestää perusopetukseen valmistavaa opetusta": Kuopio's own
    assert not any(s == "other-training-and-services" for _m, s, _g in kuopio_elsewhere)
    assert not any(f.organisation.key == "kuopion-aikuislukio" and f.municipality != "297"
                   for f in facts)
    # the members agreed that Kuopio arranges the municipal share of the individual services
    assert ("204", "assessment", "others") in kuopio_elsewhere


@pytest.mark.model
def test_slot_holds_under_member_labels(nlp) -> None:
    # "Yhteistyötahot kunnittain:" / "Kemi:" / "Ammattiopisto Lappia, Kivalo-opisto, …"
    partners = {(f.municipality, f.organisation.key) for f in _corpus(P002).facts
                if f.service.value == "integration-training" and f.role.value == "partner"}
    assert {("240", "kivalo-opisto"), ("241", "kivalo-opisto")} <= partners
    # "Kemin lyseo lukio": the town names the school and is no partner itself
    assert not any(f.organisation.key == "240" and f.role.value == "partner"
                   and "lyseo" in f.provenance.quote for f in _corpus(P002).facts)


@pytest.mark.model
def test_common_noun_of_reference_table_is_a_bare_head(nlp) -> None:
    # "- Seurakunta järjestää …" is the document's one named parish
    keys = {f.organisation.key for f in _corpus(P000).facts if f.organisation.kind == OrgKind.PARISH}
    assert "pieksamaen-seurakunta" in keys and "seurakunta" not in keys
