"""Each 13 § shape against a hand-written conforming and non-conforming Turtle example.

The examples in data/valid and data/invalid are loaded into a store next to the ontology
graph and validated with `graph.validate.validate`, so the pre-filtering CONSTRUCT is
exercised too. Each file's comment says what it expects.
"""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from shapes13_support import DATA, store_from_turtle

from graph.validate import SECTION_13, shapes_graph, shapes_text, validate

KGS = "https://w3id.org/kotograph/ns/service/"
S998 = "https://w3id.org/kotograph/id/municipality/998/service/"

SHAPES = (
    "MinimumContentShape", "ResponsibleBodyShape", "ResponsibleTargetGroupShape",
    "ServiceCooperationShape", "CooperationPartnersShape", "ContactPointShape",
    "ExcludedRequiredServiceShape",
)

# file stem → (shape, expected results as (severity, municipality, value, target group))
EXAMPLES = {
    "minimum-content": ("MinimumContentShape", {
        ("Violation", "998", KGS + "civic-orientation", None),
        ("Violation", "998", KGS + "final-language-test", None),
    }),
    "responsible-body": ("ResponsibleBodyShape", {
        ("Violation", "998", S998 + "assessment", None),
    }),
    "responsible-target-group": ("ResponsibleTargetGroupShape", {
        ("Warning", "998", S998 + "assessment", "others"),
        ("Warning", "998", S998 + "integration-plan", "jobseekers"),
    }),
    "service-cooperation": ("ServiceCooperationShape", {
        ("Warning", "998", S998 + "integration-plan", None),
        ("Warning", "998", S998 + "other-municipal-services", None),
    }),
    "cooperation-partners": ("CooperationPartnersShape", {
        ("Warning", "998", None, None),
    }),
    "contact-point": ("ContactPointShape", {
        ("Warning", "998", None, None),
    }),
    "excluded-service": ("ExcludedRequiredServiceShape", {
        ("Violation", "998", S998 + "civic-orientation", None),
    }),
}


def _results(stem: str, folder: str, shape: str) -> set[tuple]:
    report = validate(store_from_turtle(DATA / folder / f"{stem}.ttl"))
    return {(f.severity, f.municipality_code, f.value_node, f.target_group)
            for f in report.findings if f.shape == shape}


def test_every_shape_has_a_valid_and_an_invalid_example() -> None:
    assert {shape for shape, _ in EXAMPLES.values()} == set(SHAPES)
    for stem in EXAMPLES:
        assert (DATA / "valid" / f"{stem}.ttl").is_file()
        assert (DATA / "invalid" / f"{stem}.ttl").is_file()


@pytest.mark.parametrize("stem", sorted(EXAMPLES))
def test_valid_example_conforms_to_its_shape(stem: str) -> None:
    shape, _ = EXAMPLES[stem]
    assert _results(stem, "valid", shape) == set()


@pytest.mark.parametrize("stem", sorted(EXAMPLES))
def test_invalid_example_gives_exactly_the_expected_results(stem: str) -> None:
    shape, expected = EXAMPLES[stem]
    assert _results(stem, "invalid", shape) == expected


def test_an_excluded_service_is_reported_as_excluded_only() -> None:
    """Not also as a service without a responsible body or cooperation (13 § 3 mom.)."""
    report = validate(store_from_turtle(DATA / "invalid" / "excluded-service.ttl"))
    about = [f for f in report.findings if f.value_node == S998 + "civic-orientation"]
    assert [f.shape for f in about] == ["ExcludedRequiredServiceShape"]
    assert about[0].section["fi"] == "681/2023 13 § 1 mom. 3 k."
    assert "civic-orientation" in [i.key for i in report.municipalities[0].missing]


def test_complete_example_has_no_result_at_all() -> None:
    report = validate(store_from_turtle(DATA / "valid" / "complete.ttl"))
    assert report.conforms
    assert report.findings == []
    (m,) = report.municipalities
    assert (m.code, m.name, m.name_sv) == ("998", "Rantala", "Strandby")
    assert len(m.covered) == 9 and m.missing == []


def test_invalid_examples_carry_section_iri_and_three_languages() -> None:
    for stem in EXAMPLES:
        report = validate(store_from_turtle(DATA / "invalid" / f"{stem}.ttl"))
        results = list(report.graph.subjects(RDF.type, SH.ValidationResult))
        assert results, stem
        for r in results:
            assert (r, RDFS.seeAlso, SECTION_13) in report.graph
            langs = {m.language for m in report.graph.objects(r, SH.resultMessage)}
            assert langs == {"fi", "sv", "en"}, stem


# --------------------------------------------------------------------------------------
# The shapes file itself
# --------------------------------------------------------------------------------------


def test_shapes_file_parses_and_declares_the_six_shapes() -> None:
    g = Graph().parse(data=shapes_text(), format="turtle")
    ns = "https://w3id.org/kotograph/shapes/13#"
    assert {str(s)[len(ns):] for s in g.subjects(RDF.type, SH.NodeShape)} == set(SHAPES)


def test_every_shape_and_constraint_names_section_13() -> None:
    g = shapes_graph()
    for shape in g.subjects(RDF.type, SH.NodeShape):
        assert (shape, RDFS.seeAlso, SECTION_13) in g, shape
        assert (shape, SH.targetObjectsOf, URIRef("https://w3id.org/kotograph/ns#covers")) in g
        for constraint in g.objects(shape, SH.sparql):
            assert (constraint, RDFS.seeAlso, SECTION_13) in g, constraint


def test_every_constraint_has_a_message_in_fi_sv_en_naming_the_law() -> None:
    g = shapes_graph()
    constraints = list(g.subjects(RDF.type, SH.SPARQLConstraint))
    assert len(constraints) == len(SHAPES)
    for c in constraints:
        messages = {m.language: str(m) for m in g.objects(c, SH.message)
                    if isinstance(m, Literal)}
        assert set(messages) == {"fi", "sv", "en"}, c
        for lang, text in messages.items():
            assert "681/2023" in text and ("13 §" in text or "section 13" in text), (c, lang)
            assert "{?municipalityName" in text, (c, lang)
        if str(c).endswith(("Service", "ResponsibleBody", "TargetGroup")):
            assert all("{?serviceLabel" in t for t in messages.values()), c


def test_required_services_come_from_the_ontology_not_the_shapes() -> None:
    text = shapes_text()
    assert "kg:requiredBy13 true" in text
    for key in ("assessment", "civic-orientation", "final-language-test"):
        assert f"kgs:{key}" not in text


def test_every_kotograph_term_in_the_shapes_is_defined_in_the_ontology() -> None:
    from graph.namespaces import ontology_graph

    onto = ontology_graph()
    used = {t for triple in shapes_graph() for t in triple
            if isinstance(t, URIRef) and str(t).startswith("https://w3id.org/kotograph/ns")}
    for query in shapes_graph().objects(None, SH.select):
        for prefix, ns in (("kg:", "https://w3id.org/kotograph/ns#"),
                           ("kgr:", "https://w3id.org/kotograph/ns/role/"),
                           ("kgt:", "https://w3id.org/kotograph/ns/target-group/")):
            used |= {URIRef(ns + name) for name in re.findall(rf"\b{prefix}([\w-]+)", str(query))}
    undefined = sorted(t for t in used if (t, None, None) not in onto)
    assert not undefined


def test_pyshacl_gets_each_query_on_one_line_meaning_the_same() -> None:
    """pySHACL's checks of a query's text cost time in its lines times its length, for
    every focus node: it gets the queries on one line, comment lines left out, and they
    must still say the same (the same SPARQL algebra as the file's)."""
    from rdflib.plugins.sparql import prepareQuery

    from graph.validate import _shapes_copy

    namespaces = {str(d.value(SH.prefix)): str(d.value(SH.namespace))
                  for d in (shapes_graph().resource(n) for n in shapes_graph().objects(None, SH.declare))}
    given = {c: str(q) for c, q in _shapes_copy().subject_objects(SH.select)}
    written = {c: str(q) for c, q in shapes_graph().subject_objects(SH.select)}
    assert given.keys() == written.keys() and len(given) == len(SHAPES)
    assert any("#" in q for q in written.values())  # the file's queries do carry comments
    for constraint, query in given.items():
        assert "\n" not in query and "#" not in query, constraint
        assert (prepareQuery(query, initNs=namespaces).algebra
                == prepareQuery(written[constraint], initNs=namespaces).algebra), constraint


def test_the_data_graph_size_follows_every_write() -> None:
    """pySHACL asks for the data graph's size for every result; the size is kept between
    writes, and each kind of write must forget it."""
    from rdflib import Graph as RdfGraph
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    from graph.validate import _DataStore

    g = RdfGraph(store=_DataStore(), identifier=DATASET_DEFAULT_GRAPH_ID)
    a, b, c = (URIRef(f"https://example.org/{x}") for x in "abc")
    assert len(g) == 0 and not g
    g.add((a, RDFS.label, Literal("a")))
    assert len(g) == 1
    g.addN([(b, RDFS.label, Literal("b"), g), (c, RDFS.label, Literal("c"), g)])
    assert len(g) == 3
    g.remove((a, None, None))
    assert len(g) == 2
    g.update("INSERT DATA { <https://example.org/d> <https://example.org/p> 1 }")
    assert len(g) == 3
    g.update("DELETE WHERE { ?s ?p ?o }")
    assert len(g) == 0 and not g
