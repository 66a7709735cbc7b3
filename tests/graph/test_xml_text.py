"""The literal normaliser (graph.xml_text), by property, and through the store to the
SPARQL XML results that SPARQLWrapper and rdflib parse by default."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from graph.store import OxigraphStore
from graph.xml_text import xml_safe_literals, xml_text


def _xml_allowed(c: str) -> bool:
    """XML 1.0's Char, less the carriage return (line breaks are kept as line feeds)."""
    return (c in "\t\n" or "\u0020" <= c <= "\ud7ff" or "\ue000" <= c <= "\ufffd"
            or "\U00010000" <= c <= "\U0010ffff")


XML_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs",)).filter(_xml_allowed)


@given(st.text())
def test_only_what_xml_can_hold_is_left(text: str) -> None:
    out = xml_text(text)
    assert all(_xml_allowed(c) for c in out)
    assert xml_text(out) == out
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    assert out == "".join(c for c in lines if _xml_allowed(c))


@given(st.text(alphabet=XML_CHARS))
def test_text_xml_can_hold_is_unchanged(text: str) -> None:
    assert xml_text(text) == text


STORE = OxigraphStore(None)


@settings(deadline=None, max_examples=60)
@given(st.text(min_size=1))
def test_every_literal_survives_the_xml_results(text: str) -> None:
    g = Graph()
    g.add((URIRef("http://e/s"), URIRef("http://e/p"), Literal(text, lang="fi")))
    store = STORE
    store.update("DROP SILENT GRAPH <http://e/g> ; INSERT DATA { GRAPH <http://e/g> { "
                 + xml_safe_literals(g).serialize(format="nt") + " } }")
    body = store.raw_query("SELECT ?o WHERE { ?s ?p ?o }", "application/sparql-results+xml").body
    literal = ET.fromstring(body).find(".//{http://www.w3.org/2005/sparql-results#}literal")
    assert literal is not None and (literal.text or "") == xml_text(text)
    assert literal.get("{http://www.w3.org/XML/1998/namespace}lang") == "fi"
