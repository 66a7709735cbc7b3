"""Reference data (municipalities, welfare areas, employment areas, regions, bodies) as RDF.

Lets a query go from a municipality to its welfare and employment area, and gives every
municipality and area its labels in Finnish and Swedish.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from extraction.reference_data import ReferenceData
from graph import iris
from graph.build import PUBLIC_KINDS
from graph.namespaces import CV, DCTERMS, FINLAND, FOAF, JHS_KUNTA, KG, ORG, ORG_KIND, RDF, SKOS, XSD


def _labels(g: Graph, node, fi: str, sv: str, *, agent: bool = False) -> None:
    """Labels in Finnish and Swedish; an agent's are its `dct:title`s too (CPSV-AP)."""
    for lang, name in (("fi", fi), ("sv", sv)):
        if name:
            g.add((node, SKOS.prefLabel, Literal(name, lang=lang)))
            if agent:
                g.add((node, DCTERMS.title, Literal(name, lang=lang)))


def _public_organisation(g: Graph, node: URIRef, cls: URIRef, kind: str, identifier: str,
                         name_fi: str, name_sv: str, fictional: bool) -> None:
    """What municipalities and areas share: types, identifier, kind, labels, fictionality."""
    for t in (cls, CV.PublicOrganisation, FOAF.Agent):
        g.add((node, RDF.type, t))
    g.add((node, DCTERMS.identifier, Literal(identifier)))
    g.add((node, KG.organisationKind, ORG_KIND[kind]))
    _labels(g, node, name_fi, name_sv, agent=True)
    if fictional:
        g.add((node, KG.fictional, Literal(True)))


def build_reference_graph(ref: ReferenceData) -> Graph:
    g = Graph()
    g.add((FINLAND, RDF.type, DCTERMS.Location))
    g.add((FINLAND, SKOS.prefLabel, Literal("Suomi", lang="fi")))
    for r in ref.regions.values():
        node = iris.region_iri(r.code)
        g.add((node, RDF.type, KG.Region))
        g.add((node, RDF.type, DCTERMS.Location))
        g.add((node, DCTERMS.identifier, Literal(r.code)))
        _labels(g, node, r.name_fi, r.name_sv)
    for w in ref.welfare_areas.values():
        node = iris.welfare_area_iri(w.key)
        _public_organisation(g, node, KG.WelfareArea, "welfare-area", w.code or w.key, w.name_fi,
                             w.name_sv, w.fictional)
        g.add((node, KG.key, Literal(w.key)))
        g.add((node, DCTERMS.spatial, iris.region_iri(w.region_code)))
        for alias in w.aliases:
            g.add((node, SKOS.altLabel, Literal(alias)))
    for e in ref.employment_areas.values():
        node = iris.employment_area_iri(e.key)
        _public_organisation(g, node, KG.EmploymentArea, "employment-area", e.key, e.name_fi,
                             e.name_sv, e.fictional)
        g.add((node, KG.key, Literal(e.key)))
        if e.lead_municipality:
            g.add((node, KG.leadMunicipality, iris.municipality_iri(e.lead_municipality)))
    for e in ref.elinvoimakeskukset.values():
        node = iris.elinvoimakeskus_iri(e.key)
        body = ref.public_bodies.get(f"elinvoimakeskus-{e.key}")
        if body is None:  # not among the public bodies (a fictional one): described here
            _public_organisation(g, node, KG.Elinvoimakeskus, "regional-state-authority",
                                 iris.local_id(node), e.name_fi, e.name_sv, e.fictional)
        else:  # the public body's node: the names it lacks, and that it is an elinvoimakeskus
            g.add((node, RDF.type, KG.Elinvoimakeskus))
            _labels(g, node, "" if body.name_fi else e.name_fi, "" if body.name_sv else e.name_sv,
                    agent=True)
        if e.name_en and not (body and body.name_en):
            g.add((node, SKOS.prefLabel, Literal(e.name_en, lang="en")))
        for code in e.region_codes:
            g.add((node, DCTERMS.spatial, iris.region_iri(code)))
    for m in ref.municipalities.values():
        node = iris.municipality_iri(m.code)
        _public_organisation(g, node, KG.Municipality, "municipality", m.code, m.name_fi,
                             m.name_sv, m.fictional)
        g.add((node, DCTERMS.spatial, JHS_KUNTA[m.code]))
        g.add((JHS_KUNTA[m.code], RDF.type, DCTERMS.Location))
        g.add((node, SKOS.exactMatch, JHS_KUNTA[m.code]))
        if m.region_code:
            g.add((node, KG.region, iris.region_iri(m.region_code)))
            centre = ref.elinvoimakeskus_of(m.region_code)
            if centre is not None:
                g.add((node, KG.elinvoimakeskus, iris.elinvoimakeskus_iri(centre.key)))
            region = ref.regions.get(m.region_code)
            if region is not None and region.outside_act_scope:
                g.add((node, KG.outsideActScope, Literal(True, datatype=XSD.boolean)))
        if m.welfare_area:
            g.add((node, KG.welfareArea, iris.welfare_area_iri(m.welfare_area)))
        if m.employment_area:
            area = iris.employment_area_iri(m.employment_area)
            g.add((node, KG.employmentArea, area))
            g.add((area, DCTERMS.spatial, JHS_KUNTA[m.code]))  # an area covers its municipalities
    for b in ref.public_bodies.values():
        node = iris.ID[f"organisation/{iris.slug(b.key)}"]
        for t in (FOAF.Agent, ORG.Organization):
            g.add((node, RDF.type, t))
        if b.kind in PUBLIC_KINDS:
            g.add((node, RDF.type, CV.PublicOrganisation))
            g.add((node, DCTERMS.spatial, FINLAND))
        g.add((node, KG.key, Literal(b.key)))
        g.add((node, DCTERMS.identifier, Literal(iris.local_id(node))))
        g.add((node, KG.organisationKind, ORG_KIND[b.kind.value]))
        _labels(g, node, b.name_fi, b.name_sv, agent=True)
        if b.name_en:
            g.add((node, SKOS.prefLabel, Literal(b.name_en, lang="en")))
            g.add((node, DCTERMS.title, Literal(b.name_en, lang="en")))
        for alias in b.aliases:
            g.add((node, SKOS.altLabel, Literal(alias)))
    return g
