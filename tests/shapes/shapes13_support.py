"""Test support for the 13 § shapes: a small reference table and programme documents.

Programmes are built from `extraction.model` data classes and go through the real
`graph.build` and `graph.ingest` into an in-memory Oxigraph store, so the tests see the
same RDF an ingested PDF would give.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, Literal

from extraction.model import (
    ContactPoint,
    DocumentExtraction,
    Fact,
    Municipality,
    Organisation,
    OrgKind,
    Provenance,
    Role,
    ServiceDescription,
    ServiceKey,
    TargetGroup,
)
from extraction.reference_data import (
    EmploymentAreaRecord,
    MunicipalityRecord,
    ReferenceData,
    RegionRecord,
    WelfareAreaRecord,
)
from graph import programmes
from graph.ingest import write_document
from graph.namespaces import CV, KG, ONTOLOGY_GRAPH, PROV, RDF, REFERENCE_GRAPH, XSD, ontology_text
from graph.reference import build_reference_graph
from graph.store import OxigraphStore

DATA = Path(__file__).parent / "data"

REQUIRED = (
    ServiceKey.ASSESSMENT, ServiceKey.MULTISECTOR_ASSESSMENT, ServiceKey.INTEGRATION_PLAN,
    ServiceKey.MULTISECTOR_INTEGRATION_PLAN, ServiceKey.CIVIC_ORIENTATION,
    ServiceKey.INTEGRATION_TRAINING, ServiceKey.OTHER_TRAINING_AND_SERVICES,
    ServiceKey.GUIDANCE_AND_COUNSELLING, ServiceKey.FINAL_LANGUAGE_TEST,
)
# Services whose responsible body the sample programme states once for everybody.
FOR_ALL = frozenset({ServiceKey.GUIDANCE_AND_COUNSELLING, ServiceKey.CIVIC_ORIENTATION})


def reference_data() -> ReferenceData:
    """Two fictional municipalities, one with a Swedish name that differs."""
    ref = ReferenceData()
    ref.regions["99"] = RegionRecord("99", "Järviseutu", "Sjöbygden", True)
    ref.welfare_areas["jarviseutu"] = WelfareAreaRecord(
        "jarviseutu", "99", "Järviseudun hyvinvointialue", "Välfärdsområdet Järviseutu", "99", True)
    ref.employment_areas["jarvela"] = EmploymentAreaRecord(
        "jarvela", "Järvelän työllisyysalue", "Järvelä sysselsättningsområde", "993", True)
    ref.municipalities["993"] = MunicipalityRecord(
        "993", "Järvelä", "Järvelä", "99", "jarviseutu", "jarvela", True)
    ref.municipalities["998"] = MunicipalityRecord(
        "998", "Rantala", "Strandby", "99", "jarviseutu", "jarvela", True)
    return ref


def municipality_org(code: str, name: str) -> Organisation:
    return Organisation(code, name, OrgKind.MUNICIPALITY, identifier=code)


def unit(code: str, name: str, unit_name: str) -> Organisation:
    return Organisation(f"{code}/{unit_name}", name, OrgKind.MUNICIPAL_UNIT, unit=unit_name,
                        parent_key=code)


EMPLOYMENT_AREA = Organisation("jarvela", "Järvelän työllisyysalue", OrgKind.EMPLOYMENT_AREA,
                               identifier="jarvela")
WELFARE_AREA = Organisation("jarviseutu", "Järviseudun hyvinvointialue", OrgKind.WELFARE_AREA,
                            identifier="99")
NGO = Organisation("jarvelan-monikulttuuriyhdistys", "Järvelän monikulttuuriyhdistys ry",
                   OrgKind.NGO)
KELA = Organisation("kela", "Kansaneläkelaitos", OrgKind.KELA, name_sv="Folkpensionsanstalten")


class ProgrammeBuilder:
    """A complete programme for the given municipalities, which tests then take apart."""

    def __init__(self, municipalities: Iterable[tuple[str, str, str]], name: str = "ohjelma") -> None:
        self.municipalities = [Municipality(c, fi, sv) for c, fi, sv in municipalities]
        self.name = name
        self._offset = 0

    def _prov(self, quote: str) -> Provenance:
        self._offset += 100
        return Provenance(page=1 + self._offset // 1000, start=self._offset,
                          end=self._offset + len(quote), quote=quote, rule="test")

    def services(self, keys: Iterable[ServiceKey] = REQUIRED) -> list[ServiceDescription]:
        codes = tuple(m.code for m in self.municipalities)
        return [ServiceDescription(k, codes, k.value, f"Kuvaus: {k.value}.", (),
                                   self._prov(f"Palvelu {k.value}.")) for k in keys]

    def facts(self, keys: Iterable[ServiceKey] = REQUIRED) -> list[Fact]:
        out: list[Fact] = []
        for m in self.municipalities:
            own = unit(m.code, f"{m.name_fi}n kunta", "maahanmuuttopalvelut")
            for k in keys:
                if k in FOR_ALL:
                    out.append(Fact(m.code, k, Role.RESPONSIBLE, TargetGroup.ALL, own,
                                    self._prov(f"{own.name} vastaa palvelusta {k.value}.")))
                else:
                    out.append(Fact(m.code, k, Role.RESPONSIBLE, TargetGroup.JOBSEEKERS,
                                    EMPLOYMENT_AREA,
                                    self._prov(f"Työllisyysalue vastaa palvelusta {k.value}.")))
                    out.append(Fact(m.code, k, Role.RESPONSIBLE, TargetGroup.OTHERS, own,
                                    self._prov(f"Kunta vastaa palvelusta {k.value}.")))
                partner = (WELFARE_AREA if "multisector" in k.value
                           else KELA if k is ServiceKey.GUIDANCE_AND_COUNSELLING else NGO)
                out.append(Fact(m.code, k, Role.PARTNER, TargetGroup.ALL, partner,
                                self._prov(f"{partner.name} on yhteistyökumppani ({k.value}).")))
        return out

    def build(self) -> DocumentExtraction:
        self._offset = 0
        sha = hashlib.sha256(self.name.encode()).hexdigest()
        ex = DocumentExtraction(
            source_name=f"{self.name}.pdf", sha256=sha, media_type="application/pdf",
            language="fi", title=f"Kotoutumisohjelma {self.name}", page_count=20,
            municipalities=list(self.municipalities),
        )
        ex.services = self.services()
        ex.facts = self.facts()
        ex.coordinators = [(unit(self.municipalities[0].code,
                                 f"{self.municipalities[0].name_fi}n kunta", "kotoutumispalvelut"),
                            self._prov("Ohjelmaa koordinoivat kotoutumispalvelut."))]
        ex.drafting_partners = [(WELFARE_AREA, self._prov("Ohjelma laadittiin yhdessä.")),
                                (EMPLOYMENT_AREA, self._prov("Työllisyysalue osallistui."))]
        ex.contact_points = [ContactPoint(
            municipality=None, title="Kotoutumiskoordinaattori", name="Maija Meikäläinen",
            email="kotoutuminen@example.fi", phone="+358 40 123 4567",
            provenance=self._prov("Yhteyshenkilö: Maija Meikäläinen."))]
        return ex


def without_service(ex: DocumentExtraction, key: ServiceKey) -> DocumentExtraction:
    """The same document with the section describing `key` (and its facts) deleted."""
    ex.services = [s for s in ex.services if s.service is not key]
    ex.facts = [f for f in ex.facts if f.service is not key]
    return ex


def base_store(reference: ReferenceData | None = None) -> OxigraphStore:
    """An in-memory store holding the ontology graph and a reference graph."""
    store = OxigraphStore(None)
    onto = Graph().parse(data=ontology_text(), format="turtle")
    graphs = {str(ONTOLOGY_GRAPH): onto.serialize(format="nt")}
    if reference is not None:
        graphs[str(REFERENCE_GRAPH)] = build_reference_graph(reference).serialize(format="nt")
    store.replace_graphs(graphs)
    return store


def store_with(*documents: DocumentExtraction, reference: ReferenceData | None = None) -> OxigraphStore:
    store = base_store(reference or reference_data())
    for ex in documents:
        write_document(store, ex)
    return store


def store_from_turtle(path: Path) -> OxigraphStore:
    """A store with the ontology graph and one hand-written Turtle file as a document graph.

    The files hold what the shapes look at; the links `graph.build` writes besides (what
    each offer and fact was read from, when the document came in) are added here, and
    the programme registry is built, so that validation reads the file as the current
    programme of its municipalities."""
    store = base_store()
    g = Graph().parse(path, format="turtle")
    for doc in set(g.subjects(RDF.type, KG.ProgrammeDocument)):
        g.add((doc, KG.sourceName, Literal(f"{path.stem}.ttl")))
        g.add((doc, KG.ingestedAt, Literal("2025-01-01T00:00:00+00:00", datatype=XSD.dateTime)))
        for offer in set(g.subjects(RDF.type, KG.ServiceOffer)):
            if (doc, KG.covers, g.value(offer, KG.municipality)) in g:
                g.add((offer, KG.describedIn, doc))
                for p in [*g.objects(offer, CV.hasParticipation), *g.objects(offer, KG.exclusion)]:
                    g.add((p, PROV.wasDerivedFrom, doc))
    store.replace_graphs({f"https://w3id.org/kotograph/id/graph/test/{path.stem}": g.serialize(format="nt")})
    programmes.refresh(store, force=True)
    return store
