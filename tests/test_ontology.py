"""The ontology is the single source of IRIs: code and ontology must agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Literal

from extraction.model import OrgKind, Role, ServiceKey, TargetGroup
from graph.namespaces import CV, KG, ORG_KIND, ROLE, SERVICE, SKOS, TARGET_GROUP, ontology_graph

ROOT = Path(__file__).resolve().parent.parent


def test_every_kg_term_in_python_code_is_defined() -> None:
    defined = {str(s) for s in ontology_graph().subjects()}
    used = set()
    for path in [*ROOT.glob("graph/*.py"), *ROOT.glob("api/*.py")]:
        used |= set(re.findall(r"\bKG\.([A-Za-z_][A-Za-z0-9_]*)", path.read_text("utf-8")))
    assert used, "the code uses kg: terms"
    missing = sorted(t for t in used if f"{KG}{t}" not in defined)
    assert not missing


@pytest.mark.parametrize(("enum", "namespace"), [
    (ServiceKey, SERVICE), (TargetGroup, TARGET_GROUP), (Role, ROLE), (OrgKind, ORG_KIND),
])
def test_every_public_key_is_a_concept_with_three_languages(enum, namespace) -> None:
    g = ontology_graph()
    for member in enum:
        concept = namespace[member.value]
        assert g.value(concept, KG.key) == Literal(member.value)
        langs = {label.language for label in g.objects(concept, SKOS.prefLabel)}
        assert {"fi", "sv", "en"} <= langs, member


def test_every_service_names_its_law_section() -> None:
    g = ontology_graph()
    for key in ServiceKey:
        sections = [str(o) for o in g.objects(SERVICE[key.value], CV.hasLegalResource)]
        assert sections and all(s.startswith("http://data.finlex.fi/eli/sd/2023/681/") for s in sections)


def test_every_own_term_is_labelled_and_defined_in_three_languages() -> None:
    """Each term under the kotograph namespaces has a label in fi, sv and en, and a
    definition or comment, where it has one, in all three too."""
    from rdflib.namespace import RDFS

    g = ontology_graph()
    own = {s for s in g.subjects() if str(s).startswith(str(KG)[:-1]) and str(s) != str(KG)[:-1]}
    assert len(own) > 60
    for term in own:
        labels = {x.language for p in (RDFS.label, SKOS.prefLabel) for x in g.objects(term, p)}
        assert labels >= {"fi", "sv", "en"}, term
        notes = {x.language for p in (SKOS.definition, RDFS.comment) for x in g.objects(term, p)}
        assert not notes or notes >= {"fi", "sv", "en"}, term
