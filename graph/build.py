"""DocumentExtraction → RDF: one named graph per programme document.

Services are CPSV-AP public services (one `kg:ServiceOffer` per municipality and
statutory service), responsibilities are `cv:Participation`s with a role and a target
group, and every participation points to the `kg:Evidence` (document, page, span,
quoted sentence, rule) it was read from.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from decimal import Decimal

from rdflib import Graph, Literal, URIRef

from extraction.model import (
    DocumentExtraction,
    Exclusion,
    Fact,
    Organisation,
    OrgKind,
    Provenance,
    ServiceKey,
)
from graph import iris
from graph.namespaces import (
    CPSV,
    CV,
    DCTERMS,
    ELI,
    FINLAND,
    FOAF,
    JHS_KUNTA,
    KG,
    ORG,
    ORG_KIND,
    PROV,
    RDF,
    ROLE,
    SERVICE,
    SKOS,
    TARGET_GROUP,
    XSD,
    ontology_graph,
)
from graph.xml_text import xml_safe_literals

PUBLIC_KINDS = frozenset({
    OrgKind.MUNICIPALITY, OrgKind.MUNICIPAL_UNIT, OrgKind.EMPLOYMENT_AUTHORITY,
    OrgKind.EMPLOYMENT_AREA, OrgKind.WELFARE_AREA, OrgKind.KELA,
    OrgKind.REGIONAL_STATE_AUTHORITY,
})
_REFERENCE_KINDS = frozenset({OrgKind.MUNICIPALITY, OrgKind.WELFARE_AREA, OrgKind.EMPLOYMENT_AREA})

_ROLE_LABELS = {"responsible": "Vastuutaho", "provider": "Palveluntuottaja", "partner": "Yhteistyötaho"}
_GROUP_LABELS = {"jobseekers": "työnhakijat", "others": "muut", "all": "kaikki"}


def service_label(key: ServiceKey | str, lang: str = "fi") -> str:
    """The service's preferred label from the ontology's SKOS scheme."""
    for label in ontology_graph().objects(SERVICE[str(key)], SKOS.prefLabel):
        if isinstance(label, Literal) and label.language == lang:
            return str(label)
    return str(key)


def service_legal_resources(key: ServiceKey | str) -> list[URIRef]:
    return sorted(o for o in ontology_graph().objects(SERVICE[str(key)], CV.hasLegalResource)
                  if isinstance(o, URIRef))


def _add_evidence(g: Graph, doc: URIRef, sha: str, prov: Provenance,
                  confidence: float | None = None, node: URIRef | None = None) -> URIRef:
    ev = node or iris.evidence_iri(sha, prov.page, prov.start, prov.end)
    g.add((ev, RDF.type, KG.Evidence))
    g.add((ev, KG.quote, Literal(prov.quote)))
    g.add((ev, KG.page, Literal(prov.page, datatype=XSD.integer)))
    g.add((ev, KG.charStart, Literal(prov.start, datatype=XSD.integer)))
    g.add((ev, KG.charEnd, Literal(prov.end, datatype=XSD.integer)))
    g.add((ev, KG.rule, Literal(prov.rule)))
    if confidence is not None:
        g.add((ev, KG.confidence, Literal(Decimal(str(round(confidence, 2))), datatype=XSD.decimal)))
    g.add((ev, PROV.wasDerivedFrom, doc))
    return ev


def _add_organisation(g: Graph, org: Organisation) -> URIRef:
    """Describe an organisation the reference graph does not already describe."""
    node = iris.organisation_iri(org)
    if org.kind in _REFERENCE_KINDS and "/" not in org.key and org.identifier:
        return node  # described in the reference graph
    g.add((node, RDF.type, FOAF.Agent))
    g.add((node, RDF.type, ORG.Organization))
    names = {"fi": org.name, "sv": org.name_sv}
    for lang, name in names.items():
        if name:
            label = Literal(f"{name}, {org.unit}" if org.unit else name, lang=lang)
            g.add((node, SKOS.prefLabel, label))
            g.add((node, DCTERMS.title, label))  # CPSV-AP: every agent has a title
    g.add((node, KG.organisationKind, ORG_KIND[org.kind.value]))
    # Exactly one identifier (CPSV-AP), the same in every document that names the body:
    # its IRI's path. A parent's official code is not the unit's identifier.
    g.add((node, DCTERMS.identifier, Literal(iris.local_id(node))))
    if org.kind in PUBLIC_KINDS:
        g.add((node, RDF.type, CV.PublicOrganisation))
        if not (org.unit and org.parent_key and org.parent_key.isdigit()):
            g.add((node, DCTERMS.spatial, FINLAND))  # a unit gets its municipality below
    if org.unit and org.parent_key:
        parent_kind = OrgKind.MUNICIPALITY if org.parent_key.isdigit() else OrgKind.OTHER
        parent = iris.organisation_iri(Organisation(org.parent_key, org.name, parent_kind))
        g.add((node, RDF.type, ORG.OrganizationalUnit))
        g.add((node, ORG.unitOf, parent))
        g.add((node, KG.unitName, Literal(org.unit)))
        if org.parent_key.isdigit():
            g.add((node, DCTERMS.spatial, JHS_KUNTA[org.parent_key]))
    return node


def _add_legal_resource(g: Graph, node: URIRef, label: str) -> None:
    g.add((node, RDF.type, ELI.LegalResource))
    g.add((node, ELI.id_local, Literal(label)))


def _legal_label(ref) -> str:
    parts = [ref.statute]
    if ref.section:
        parts.append(f"{ref.section} §")
    if ref.subsection:
        parts.append(f"{ref.subsection} mom.")
    if ref.point:
        parts.append(f"{ref.point} k.")
    return " ".join(parts)


def _add_document(g: Graph, ex: DocumentExtraction, ingested_at: datetime, ingested_by: str | None) -> URIRef:
    doc = iris.document_iri(ex.sha256)
    g.add((doc, RDF.type, KG.ProgrammeDocument))
    g.add((doc, KG.sha256, Literal(ex.sha256)))
    g.add((doc, KG.sourceName, Literal(ex.source_name)))
    g.add((doc, DCTERMS.format, Literal(ex.media_type)))
    g.add((doc, DCTERMS.language, Literal(ex.language)))
    g.add((doc, KG.pageCount, Literal(ex.page_count, datatype=XSD.integer)))
    g.add((doc, KG.ingestedAt, Literal(ingested_at.isoformat(), datatype=XSD.dateTime)))
    if ingested_by:
        g.add((doc, KG.ingestedBy, Literal(ingested_by)))
    g.add((doc, DCTERMS.title, Literal(ex.title or ex.source_name, lang=ex.language)))
    if ex.document_date:
        g.add((doc, KG.documentDate, Literal(ex.document_date, datatype=XSD.date)))
    for m in ex.municipalities:
        g.add((doc, KG.covers, iris.municipality_iri(m.code)))
    for org, prov in ex.coordinators:
        g.add((doc, KG.coordinator, _add_organisation(g, org)))
        g.add((doc, KG.evidence, _add_evidence(g, doc, ex.sha256, prov)))
    for org, _prov in ex.drafting_partners:
        g.add((doc, KG.draftingPartner, _add_organisation(g, org)))
    for n, approval in enumerate(ex.approvals):
        node = URIRef(f"{doc}/approval/{n + 1}")
        g.add((doc, KG.approval, node))
        g.add((node, RDF.type, KG.Approval))
        g.add((node, KG.approvedBy, Literal(approval.body)))
        if approval.date:
            g.add((node, DCTERMS.date, Literal(approval.date, datatype=XSD.date)))
        g.add((node, KG.evidence, _add_evidence(g, doc, ex.sha256, approval.provenance)))
    for ref, _prov in ex.legal_refs:  # the citing sentence is kept on the service citing it
        node = iris.legal_iri(iris.section_of(ref))
        _add_legal_resource(g, node, _legal_label(iris.section_of(ref)))
        g.add((doc, DCTERMS.references, node))
    return doc


def _add_contact_points(g: Graph, ex: DocumentExtraction, doc: URIRef) -> None:
    for n, cp in enumerate(ex.contact_points):
        node = URIRef(f"{doc}/contact-point/{n + 1}")
        g.add((node, RDF.type, CV.ContactPoint))
        if cp.email:
            g.add((node, CV.email, Literal(cp.email)))
        if cp.phone:
            g.add((node, CV.telephone, Literal(cp.phone)))
        if cp.title:
            g.add((node, DCTERMS.title, Literal(cp.title, lang=ex.language)))
        if cp.name:
            g.add((node, FOAF.name, Literal(cp.name)))
        if cp.organisation:
            g.add((node, DCTERMS.publisher, _add_organisation(g, cp.organisation)))
        if cp.provenance:
            g.add((node, KG.evidence, _add_evidence(g, doc, ex.sha256, cp.provenance)))
        g.add((doc, CV.contactPoint, node))
        targets = [cp.municipality] if cp.municipality else [m.code for m in ex.municipalities]
        for code in targets:
            g.add((node, KG.municipality, iris.municipality_iri(code)))


def _service_offer(g: Graph, code: str, key: ServiceKey, doc: URIRef, name: str) -> URIRef:
    """The CPSV-AP public service 'service S in municipality M' (shared across documents)."""
    node = iris.service_offer_iri(code, key.value)
    if (node, RDF.type, KG.ServiceOffer) in g:
        return node
    municipality = iris.municipality_iri(code)
    g.add((node, RDF.type, KG.ServiceOffer))
    g.add((node, RDF.type, CPSV.PublicService))
    g.add((node, DCTERMS.identifier, Literal(f"{code}/{key.value}")))
    g.add((node, DCTERMS.title, Literal(f"{service_label(key)} – {name}", lang="fi")))
    g.add((node, KG.serviceType, SERVICE[key.value]))
    g.add((node, KG.municipality, municipality))
    g.add((node, CV.hasCompetentAuthority, municipality))
    g.add((node, DCTERMS.spatial, JHS_KUNTA[code]))
    g.add((node, KG.describedIn, doc))
    for law in service_legal_resources(key):
        g.add((node, CV.hasLegalResource, law))
    return node


def _add_fact(g: Graph, ex: DocumentExtraction, doc: URIRef, offer: URIRef, fact: Fact) -> None:
    org = _add_organisation(g, fact.organisation)
    part = iris.participation_iri(
        fact.municipality, fact.service.value, fact.role.value, fact.target_group.value, str(org)
    )
    g.add((offer, CV.hasParticipation, part))
    g.add((part, RDF.type, CV.Participation))
    g.add((part, DCTERMS.identifier, Literal(iris.local_id(part))))
    label = (f"{_ROLE_LABELS[fact.role.value]} ({_GROUP_LABELS[fact.target_group.value]}): "
             f"{fact.organisation.name}" + (f", {fact.organisation.unit}"
                                            if fact.organisation.unit else ""))
    g.add((part, DCTERMS.description, Literal(label, lang="fi")))
    g.add((part, CV.role, ROLE[fact.role.value]))
    g.add((part, KG.targetGroup, TARGET_GROUP[fact.target_group.value]))
    g.add((part, CV.hasParticipant, org))
    g.add((part, KG.municipality, iris.municipality_iri(fact.municipality)))
    g.add((part, PROV.wasDerivedFrom, doc))
    g.add((part, KG.evidence, _add_evidence(g, doc, ex.sha256, fact.provenance, fact.confidence)))


def _add_exclusion(g: Graph, ex: DocumentExtraction, doc: URIRef, offer: URIRef,
                   exclusion: Exclusion) -> None:
    org = _add_organisation(g, exclusion.organisation) if exclusion.organisation else None
    node = iris.exclusion_iri(exclusion.municipality, exclusion.service.value, str(org) if org else None)
    g.add((offer, KG.exclusion, node))
    g.add((node, RDF.type, KG.Exclusion))
    g.add((node, KG.municipality, iris.municipality_iri(exclusion.municipality)))
    if org is not None:
        g.add((node, KG.notArrangedBy, org))
    g.add((node, PROV.wasDerivedFrom, doc))
    g.add((node, KG.evidence, _add_evidence(g, doc, ex.sha256, exclusion.provenance)))


def build_document_graph(
    ex: DocumentExtraction, ingested_at: datetime | None = None, ingested_by: str | None = None
) -> Graph:
    """The RDF of one document; IRIs depend only on content, so re-ingest is idempotent."""
    # rdflib's store without named graphs: one graph needs none, and adding a triple costs
    # a quarter less (the document's graph is most of what writing it costs in Python).
    g = Graph(store="SimpleMemory")
    # Microseconds: the registry orders versions without a date by when they came in, and
    # two can come in within one second.
    doc = _add_document(g, ex, ingested_at or datetime.now(UTC), ingested_by)
    _add_contact_points(g, ex, doc)
    names = {m.code: m.name_fi for m in ex.municipalities}
    descriptions: dict[tuple[str, ServiceKey], list[str]] = defaultdict(list)
    for sd in ex.services:
        for code in sd.municipalities:
            offer = _service_offer(g, code, sd.service, doc, names.get(code, code))
            descriptions[(code, sd.service)].append(sd.text)
            for ref in sd.legal_refs:
                node = iris.legal_iri(iris.section_of(ref))
                _add_legal_resource(g, node, _legal_label(iris.section_of(ref)))
                g.add((offer, CV.hasLegalResource, node))
            g.add((offer, KG.evidence, _add_evidence(g, doc, ex.sha256, sd.provenance)))
    for fact in ex.facts:
        offer = _service_offer(g, fact.municipality, fact.service, doc,
                               names.get(fact.municipality, fact.municipality))
        _add_fact(g, ex, doc, offer, fact)
    for exclusion in ex.exclusions:
        offer = _service_offer(g, exclusion.municipality, exclusion.service, doc,
                               names.get(exclusion.municipality, exclusion.municipality))
        _add_exclusion(g, ex, doc, offer, exclusion)
    for (code, key), texts in descriptions.items():
        text = "\n\n".join(dict.fromkeys(t.strip() for t in texts if t.strip()))
        g.add((iris.service_offer_iri(code, key.value), DCTERMS.description,
               Literal(text or service_label(key), lang=ex.language)))
    # CPSV-AP requires a description on every service: fall back to the service's label.
    for offer in set(g.subjects(RDF.type, KG.ServiceOffer)):
        if (offer, DCTERMS.description, None) not in g:
            key = next(g.objects(offer, KG.serviceType)).rsplit("/", 1)[-1]
            g.add((offer, DCTERMS.description, Literal(service_label(key), lang="fi")))
    return xml_safe_literals(g)
