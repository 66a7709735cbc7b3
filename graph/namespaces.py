"""All IRIs the Python code uses, read from the Turtle ontology.

ontology/kotograph.ttl is the single source of truth: `KG` is a closed namespace whose
terms are the ones the ontology defines, so a typo or an undefined term fails at once.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD, ClosedNamespace

KG_IRI = "https://w3id.org/kotograph/ns#"
SERVICE_SCHEME_IRI = "https://w3id.org/kotograph/ns/service/"
TARGET_GROUP_SCHEME_IRI = "https://w3id.org/kotograph/ns/target-group/"
ROLE_SCHEME_IRI = "https://w3id.org/kotograph/ns/role/"
ORG_KIND_SCHEME_IRI = "https://w3id.org/kotograph/ns/organisation-kind/"
STATUS_SCHEME_IRI = "https://w3id.org/kotograph/ns/status/"
REVIEW_ACTION_SCHEME_IRI = "https://w3id.org/kotograph/ns/review/"
ID = Namespace("https://w3id.org/kotograph/id/")

CPSV = Namespace("http://purl.org/vocab/cpsv#")
CV = Namespace("http://data.europa.eu/m8g/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
FINLEX = Namespace("http://data.finlex.fi/eli/sd/")
JHS_KUNTA = Namespace("http://uri.suomi.fi/codelist/jhs/kunta_1_20250101/code/")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
EU_COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")
FINLAND = EU_COUNTRY["FIN"]  # dct:spatial of national bodies (CPSV-AP wants a dct:Location)

ONTOLOGY_GRAPH = ID["graph/ontology"]
REFERENCE_GRAPH = ID["graph/reference"]
# Derived from the document graphs on every write: programmes, versions, each municipality's
# current document and status (graph.programmes).
PROGRAMMES_GRAPH = ID["graph/programmes"]
# The supervisors' reviews, apart from every extracted fact (graph.reviews).
REVIEWS_GRAPH = ID["graph/reviews"]

PREFIXES: dict[str, str] = {
    "kg": KG_IRI,
    "kgs": SERVICE_SCHEME_IRI,
    "kgt": TARGET_GROUP_SCHEME_IRI,
    "kgr": ROLE_SCHEME_IRI,
    "kgo": ORG_KIND_SCHEME_IRI,
    "kgst": STATUS_SCHEME_IRI,
    "kgrv": REVIEW_ACTION_SCHEME_IRI,
    "id": str(ID),
    "cpsv": str(CPSV),
    "cv": str(CV),
    "eli": str(ELI),
    "org": str(ORG),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "rdfs": str(RDFS),
    "rdf": str(RDF),
    "owl": str(OWL),
    "xsd": str(XSD),
}


def ontology_text() -> str:
    """The ontology Turtle as shipped with the package."""
    return files("ontology").joinpath("kotograph.ttl").read_text(encoding="utf-8")


@cache
def ontology_graph() -> Graph:
    return Graph().parse(data=ontology_text(), format="turtle")


def _defined_terms(prefix: str) -> list[str]:
    """Local names of every subject in the ontology that lives under `prefix`."""
    return sorted(
        {str(s)[len(prefix) :] for s in ontology_graph().subjects() if str(s).startswith(prefix)}
        - {""}
    )


KG = ClosedNamespace(KG_IRI, _defined_terms(KG_IRI))
SERVICE = ClosedNamespace(SERVICE_SCHEME_IRI, _defined_terms(SERVICE_SCHEME_IRI))
TARGET_GROUP = ClosedNamespace(TARGET_GROUP_SCHEME_IRI, _defined_terms(TARGET_GROUP_SCHEME_IRI))
ROLE = ClosedNamespace(ROLE_SCHEME_IRI, _defined_terms(ROLE_SCHEME_IRI))
ORG_KIND = ClosedNamespace(ORG_KIND_SCHEME_IRI, _defined_terms(ORG_KIND_SCHEME_IRI))
STATUS = ClosedNamespace(STATUS_SCHEME_IRI, _defined_terms(STATUS_SCHEME_IRI))
REVIEW_ACTION = ClosedNamespace(REVIEW_ACTION_SCHEME_IRI, _defined_terms(REVIEW_ACTION_SCHEME_IRI))

__all__ = [
    "CPSV", "CV", "DCTERMS", "ELI", "EU_COUNTRY", "FINLAND", "FINLEX", "FOAF", "ID", "JHS_KUNTA", "KG",
    "ORG", "ORG_KIND",
    "OWL", "PREFIXES", "PROGRAMMES_GRAPH", "PROV", "RDF", "RDFS", "REVIEWS_GRAPH", "REVIEW_ACTION", "ROLE",
    "SD", "SERVICE", "SKOS", "STATUS", "TARGET_GROUP", "XSD",
]
