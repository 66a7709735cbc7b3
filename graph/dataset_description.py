"""The dataset description: VoID and DCAT-AP 3 in one graph.

Served at `/.well-known/void` (VoID 4.1, the well-known location) and `/catalog` (DCAT-AP
3.0): a `dcat:Catalog` holding one dataset that is both `void:Dataset` and `dcat:Dataset`,
with its licence, publisher, update date (the newest ingest), size, SPARQL endpoint (a
`dcat:DataService`) and the dumps as `dcat:Distribution`s with byte size and SHA-256
checksum (`spdx:checksum`, as DCAT-AP recommends).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, VOID, XSD

from graph.dumps import DumpFile
from graph.namespaces import CPSV, CV, ELI, ID, ORG, PROV, SKOS

SPDX = Namespace("http://spdx.org/rdf/terms#")
IANA = "http://www.iana.org/assignments/media-types/"
EU_LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
EU_THEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
EU_FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
EU_COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")

DATASET = ID["dataset"]
CPSV_AP_3_2 = URIRef("https://semiceu.github.io/CPSV-AP/releases/3.2.0/")
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
_FILE_TYPES = {"application/n-quads": EU_FILE_TYPE["NQUADS"], "application/trig": EU_FILE_TYPE["TRIG"]}

TITLES = {"fi": "Kuntien kotoutumisohjelmat tietograafina",
          "sv": "Kommunernas integrationsprogram som kunskapsgraf",
          "en": "Finnish municipal integration programmes as a knowledge graph"}
DESCRIPTIONS = {
    "fi": "Kuntien kotoutumisohjelmien (laki kotoutumisen edistämisestä 681/2023, 13 §) palvelut, "
          "vastuutahot, palveluntuottajat ja yhteistyötahot kohderyhmittäin; jokainen tieto "
          "lainauksineen lähdeasiakirjasta.",
    "sv": "Tjänsterna i kommunernas integrationsprogram (lag om främjande av integration 681/2023, "
          "13 §) med ansvariga, producenter och samarbetsparter per målgrupp; varje uppgift med "
          "citat ur källdokumentet.",
    "en": "The services of Finnish municipal integration programmes (Act 681/2023, section 13) "
          "with their responsible bodies, providers and partners per target group; every fact "
          "with its quotation from the source document.",
}


@dataclass(frozen=True, slots=True)
class Publication:
    """What the deployment says of itself: where it is and who publishes under which licence."""

    base_url: str  # the public base, e.g. https://kotograph.example.fi
    publisher_name: str
    publisher_url: str | None
    license: str
    modified: str | None  # ISO 8601: the newest ingest
    quads: int


def _add_texts(g: Graph, node: URIRef, predicate: URIRef, texts: dict[str, str]) -> None:
    for lang, text in texts.items():
        g.add((node, predicate, Literal(text, lang=lang)))


def _distribution(g: Graph, pub: Publication, dump: DumpFile) -> URIRef:
    url = URIRef(f"{pub.base_url}/dumps/{dump.name}")
    node = ID[f"dataset/distribution/{dump.name}"]
    g.add((node, RDF.type, DCAT.Distribution))
    g.add((node, DCTERMS.title, Literal(f"{dump.name} ({dump.media_type}, gzip)", lang="en")))
    g.add((node, DCAT.accessURL, url))
    g.add((node, DCAT.downloadURL, url))
    g.add((node, DCAT.mediaType, URIRef(IANA + dump.media_type)))
    g.add((node, DCAT.compressFormat, URIRef(IANA + "application/gzip")))
    if dump.media_type in _FILE_TYPES:
        g.add((node, DCTERMS.format, _FILE_TYPES[dump.media_type]))
    g.add((node, DCAT.byteSize, Literal(dump.bytes, datatype=XSD.nonNegativeInteger)))
    g.add((node, DCTERMS.modified, Literal(dump.modified, datatype=XSD.dateTime)))
    g.add((node, DCTERMS.license, URIRef(pub.license)))
    checksum = BNode()
    g.add((node, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((checksum, SPDX.checksumValue, Literal(dump.sha256, datatype=XSD.hexBinary)))
    return node


def build_dataset_description(pub: Publication, dumps: Sequence[DumpFile]) -> Graph:
    """The catalog, the dataset, its SPARQL service and its dumps."""
    g = Graph()
    for prefix, ns in (("dcat", DCAT), ("dct", DCTERMS), ("void", VOID), ("foaf", FOAF),
                       ("spdx", SPDX), ("xsd", XSD)):
        g.bind(prefix, ns)
    catalog, service = URIRef(f"{pub.base_url}/catalog"), URIRef(f"{pub.base_url}/sparql#service")
    publisher = URIRef(pub.publisher_url) if pub.publisher_url else ID["dataset/publisher"]
    license_doc = URIRef(pub.license)
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(pub.publisher_name)))
    g.add((license_doc, RDF.type, DCTERMS.LicenseDocument))

    g.add((catalog, RDF.type, DCAT.Catalog))
    _add_texts(g, catalog, DCTERMS.title, {lang: f"kotograph: {t}" for lang, t in TITLES.items()})
    _add_texts(g, catalog, DCTERMS.description, DESCRIPTIONS)
    g.add((catalog, DCTERMS.publisher, publisher))
    g.add((catalog, DCTERMS.license, license_doc))
    g.add((catalog, FOAF.homepage, URIRef(f"{pub.base_url}/")))
    g.add((catalog, DCAT.dataset, DATASET))
    g.add((catalog, DCAT.service, service))
    for lang in ("FIN", "SWE", "ENG"):
        g.add((catalog, DCTERMS.language, EU_LANGUAGE[lang]))

    for t in (DCAT.Dataset, VOID.Dataset):
        g.add((DATASET, RDF.type, t))
    _add_texts(g, DATASET, DCTERMS.title, TITLES)
    _add_texts(g, DATASET, DCTERMS.description, DESCRIPTIONS)
    g.add((DATASET, DCTERMS.publisher, publisher))
    g.add((DATASET, DCTERMS.license, license_doc))
    if pub.modified:
        g.add((DATASET, DCTERMS.modified, Literal(pub.modified, datatype=XSD.dateTime)))
    g.add((DATASET, DCTERMS.conformsTo, CPSV_AP_3_2))
    g.add((DATASET, DCTERMS.spatial, EU_COUNTRY["FIN"]))
    g.add((DATASET, DCAT.theme, EU_THEME["SOCI"]))
    g.add((DATASET, DCAT.theme, EU_THEME["GOVE"]))
    for word in ("kotoutumisohjelma", "integrationsprogram", "integration programme", "CPSV-AP"):
        g.add((DATASET, DCAT.keyword, Literal(word)))
    g.add((DATASET, VOID.sparqlEndpoint, URIRef(f"{pub.base_url}/sparql")))
    g.add((DATASET, VOID.uriSpace, Literal(str(ID))))
    g.add((DATASET, VOID.triples, Literal(pub.quads, datatype=XSD.integer)))
    for vocabulary in (CPSV, CV, ELI, ORG, PROV, SKOS, DCTERMS):
        g.add((DATASET, VOID.vocabulary, URIRef(str(vocabulary))))
    for dump in dumps:
        g.add((DATASET, VOID.dataDump, URIRef(f"{pub.base_url}/dumps/{dump.name}")))
        g.add((DATASET, DCAT.distribution, _distribution(g, pub, dump)))

    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCTERMS.title, Literal("kotograph SPARQL 1.1 endpoint", lang="en")))
    g.add((service, DCAT.endpointURL, URIRef(f"{pub.base_url}/sparql")))
    g.add((service, DCAT.endpointDescription, URIRef(f"{pub.base_url}/sparql")))
    g.add((service, DCAT.servesDataset, DATASET))
    g.add((service, DCTERMS.conformsTo, SPARQL_PROTOCOL))
    g.add((service, DCTERMS.license, license_doc))
    g.add((service, DCTERMS.publisher, publisher))
    return g


__all__ = ["DATASET", "Publication", "build_dataset_description"]
