"""The SPARQL 1.1 Service Description of the `/sparql` endpoint, as an RDF graph.

https://www.w3.org/TR/sparql11-service-description/ — what `GET /sparql` without a query
returns: the endpoint, the languages (Update only when it is enabled), every result format
the endpoint negotiates, the union default graph, and the named graphs of the store.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from graph.formats import ASK_FORMATS, GRAPH_FORMATS, SELECT_FORMATS
from graph.namespaces import SD


def result_format_iris() -> list[str]:
    """W3C format IRIs of every SELECT/ASK/CONSTRUCT/DESCRIBE format the endpoint serves."""
    iris = [f.w3c for f in (*SELECT_FORMATS, *ASK_FORMATS, *GRAPH_FORMATS) if f.w3c]
    return list(dict.fromkeys(iris))


def build_service_description(
    endpoint: str,
    *,
    update_enabled: bool,
    graph_names: Iterable[str] = (),
    title: str = "kotograph SPARQL endpoint",
) -> Graph:
    """The description of the endpoint at `endpoint` (its absolute URL)."""
    g = Graph()
    g.bind("sd", SD)
    g.bind("dct", DCTERMS)
    service = URIRef(f"{endpoint}#service")
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, URIRef(endpoint)))
    g.add((service, DCTERMS.title, Literal(title, lang="en")))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if update_enabled:
        g.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    for iri in result_format_iris():
        g.add((service, SD.resultFormat, URIRef(iri)))

    dataset = BNode()
    default_graph = BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default_graph))
    g.add((default_graph, RDF.type, SD.Graph))
    g.add((default_graph, DCTERMS.description,
           Literal("The union of all named graphs", lang="en")))
    for name in graph_names:
        named = BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(name)))
    return g


__all__ = ["build_service_description", "result_format_iris"]
