"""What a kotograph IRI says about itself: the triples a linked-data client gets for it.

The description of a resource is its outgoing triples (all graphs) and, up to a limit, the
triples that point at it, so that a client (or a person) can follow links both ways: from a
municipality to its service offers, from an organisation to the participations naming it.
Ontology terms are described from the ontology as shipped (`ontology_graph`), so `/ns/…`
works on any store.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, URIRef

from graph.namespaces import OWL, PREFIXES, RDF, ontology_graph
from graph.sparql_text import iri, prefixes
from graph.store import Store

INBOUND_LIMIT = 500  # a service concept is the object of every municipality's offer


def bound(graph: Graph) -> Graph:
    """`graph` with kotograph's prefixes bound, so Turtle and JSON-LD read well."""
    for name, namespace in PREFIXES.items():
        graph.bind(name, namespace, override=True)
    return graph


def describe(store: Store, resource: str, inbound_limit: int = INBOUND_LIMIT) -> Graph:
    """The outgoing and (up to `inbound_limit`) incoming triples of `resource`; empty when
    the store does not know it or it is not an IRI at all."""
    if not is_iri(resource):
        return Graph()
    node = iri(resource)
    g = Graph()
    for query in (f"CONSTRUCT {{ {node} ?p ?o }} WHERE {{ {node} ?p ?o }}",
                  f"CONSTRUCT {{ ?s ?p {node} }} WHERE {{ SELECT DISTINCT ?s ?p WHERE "
                  f"{{ ?s ?p {node} }} LIMIT {inbound_limit} }}"):
        nt = store.construct(query)
        if nt.strip():
            g.parse(data=nt, format="nt")
    return bound(g)


def is_iri(text: str) -> bool:
    """Whether `text` is an absolute IRI (RFC 3987), as Oxigraph's parser checks it."""
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def describe_term(resource: str) -> Graph:
    """An ontology term (class, property, concept, scheme) as the ontology defines it; the
    whole ontology for the ontology's own IRI."""
    onto = ontology_graph()
    node = URIRef(resource)
    if (node, None, None) not in onto:
        return Graph()
    if (node, RDF.type, OWL.Ontology) in onto:
        return bound(Graph() + onto)
    g = Graph()
    for triple in onto.triples((node, None, None)):
        g.add(triple)
    return bound(g)


def labels(store: Store, resources: list[str]) -> dict[str, str]:
    """A readable name for each IRI that has one (Finnish first), for HTML pages."""
    if not resources:
        return {}
    values = " ".join(iri(r) for r in resources)
    rows = store.select(prefixes("skos", "rdfs", "dct") + f"""
        SELECT ?r ?label WHERE {{ VALUES ?r {{ {values} }}
          {{ ?r skos:prefLabel ?label }} UNION {{ ?r rdfs:label ?label }} UNION {{ ?r dct:title ?label }}
          FILTER(LANG(?label) IN ("fi", "") || LANGMATCHES(LANG(?label), "fi"))
        }}""")
    out: dict[str, str] = {}
    for row in rows:
        out.setdefault(row["r"], row["label"])
    return out


__all__ = ["INBOUND_LIMIT", "bound", "describe", "describe_term", "is_iri", "labels"]
