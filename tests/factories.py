"""Hand-built extraction results, so graph and API tests do not depend on the NLP layer."""

from __future__ import annotations

import hashlib
import random

from extraction.model import (
    Approval,
    ContactPoint,
    DocumentExtraction,
    Fact,
    LegalRef,
    Municipality,
    Organisation,
    OrgKind,
    Provenance,
    Role,
    ServiceDescription,
    ServiceKey,
    TargetGroup,
)
from extraction.reference_data import ReferenceData

PIEKSAMAKI = Municipality("593", "Pieksämäki", "Pieksämäki")
CITY = Organisation("593", "Pieksämäen kaupunki", OrgKind.MUNICIPALITY, identifier="593")
EMPLOYMENT = Organisation("keski-savo", "Keski-Savon työllisyysalue", OrgKind.EMPLOYMENT_AREA,
                          identifier="keski-savo")
WELFARE = Organisation("etela-savo", "Etelä-Savon hyvinvointialue", OrgKind.WELFARE_AREA,
                       identifier="etela-savo")
UNIT = Organisation("593/kotoutumispalvelut", "Pieksämäen kaupunki", OrgKind.MUNICIPAL_UNIT,
                    unit="kotoutumispalvelut", parent_key="593")


def prov(quote: str, page: int = 2, start: int = 0, rule: str = "test") -> Provenance:
    return Provenance(page=page, start=start, end=start + len(quote), quote=quote, rule=rule)


def fact(service: ServiceKey, role: Role, group: TargetGroup, org: Organisation, quote: str,
         code: str = "593", start: int = 0) -> Fact:
    return Fact(code, service, role, group, org, prov(quote, start=start))


def approved_extraction(sha: str, date: str, name: str = "pieksamaki.pdf", **kw) -> DocumentExtraction:
    """`sample_extraction` approved by the city board on `date` (ISO): one version of the
    programme among others."""
    ex = sample_extraction(sha=sha, name=name, **kw)
    ex.approvals = [Approval("Pieksämäen kaupunginhallitus", date,
                             prov(f"Kaupunginhallitus hyväksyi ohjelman {date}.", page=1))]
    return ex


def sample_extraction(sha: str = "a" * 64, name: str = "pieksamaki.pdf",
                      services: tuple[ServiceKey, ...] = tuple(ServiceKey)) -> DocumentExtraction:
    """A programme that describes `services` for Pieksämäki, both target groups each."""
    facts: list[Fact] = []
    descriptions: list[ServiceDescription] = []
    for n, key in enumerate(services):
        q_js = f"Työnhakijoille palvelun {key.value} järjestää Keski-Savon työllisyysalue."
        q_ot = f"Muille palvelun {key.value} järjestää Pieksämäen kaupungin kotoutumispalvelut."
        q_pa = f"Palvelu {key.value} tehdään yhteistyössä Etelä-Savon hyvinvointialueen kanssa."
        facts += [
            fact(key, Role.RESPONSIBLE, TargetGroup.JOBSEEKERS, EMPLOYMENT, q_js, start=n * 300),
            fact(key, Role.RESPONSIBLE, TargetGroup.OTHERS, UNIT, q_ot, start=n * 300 + 100),
            fact(key, Role.PARTNER, TargetGroup.ALL, WELFARE, q_pa, start=n * 300 + 200),
        ]
        descriptions.append(ServiceDescription(
            key, ("593",), f"{n + 2} {key.value}", f"Kuvaus palvelusta {key.value}.",
            (LegalRef("681/2023", "14", chapter=2),), prov(f"Kuvaus {key.value}", start=n * 300),
        ))
    return DocumentExtraction(
        source_name=name, sha256=sha, media_type="application/pdf", language="fi",
        title="Pieksämäen kotoutumisohjelma", page_count=12, municipalities=[PIEKSAMAKI],
        services=descriptions, facts=facts,
        contact_points=[ContactPoint(None, "Kotoutumiskoordinaattori", "Eija Esimerkki",
                                     "eija@example.fi", "040 123 4567", CITY,
                                     prov("Kotoutumiskoordinaattori", page=1))],
        drafting_partners=[(WELFARE, prov("Etelä-Savon hyvinvointialue", page=1))],
    )


# The statutory sections each service description cites (Act 681/2023).
_SECTIONS = {
    ServiceKey.ASSESSMENT: "14", ServiceKey.MULTISECTOR_ASSESSMENT: "14",
    ServiceKey.INTEGRATION_PLAN: "15", ServiceKey.MULTISECTOR_INTEGRATION_PLAN: "16",
    ServiceKey.FAMILY_INTEGRATION_PLAN: "21", ServiceKey.CIVIC_ORIENTATION: "22",
    ServiceKey.INTEGRATION_TRAINING: "23", ServiceKey.FINAL_LANGUAGE_TEST: "24",
    ServiceKey.OTHER_TRAINING_AND_SERVICES: "26", ServiceKey.GUIDANCE_AND_COUNSELLING: "13",
    ServiceKey.OTHER_MUNICIPAL_SERVICES: "13",
}
# Services that some documents leave out (so "missing a required service" has answers).
_SOMETIMES_MISSING = (ServiceKey.MULTISECTOR_ASSESSMENT, ServiceKey.MULTISECTOR_INTEGRATION_PLAN,
                      ServiceKey.FAMILY_INTEGRATION_PLAN, ServiceKey.FINAL_LANGUAGE_TEST,
                      ServiceKey.OTHER_MUNICIPAL_SERVICES, ServiceKey.GUIDANCE_AND_COUNSELLING)
# Services delivered by a regional provider (an educational institution or an NGO).
_PROVIDED = (ServiceKey.CIVIC_ORIENTATION, ServiceKey.INTEGRATION_TRAINING,
             ServiceKey.FINAL_LANGUAGE_TEST)


def _sha(code: str) -> str:
    return hashlib.sha256(f"kotograph-bench synthetic programme {code}".encode()).hexdigest()


def synthetic_extractions(ref: ReferenceData, *, seed: int = 681,
                          fictional: bool = False) -> list[DocumentExtraction]:
    """One programme per real municipality: every service's responsible bodies per target
    group, partners, regional providers, descriptions with legal references, contacts."""
    rng = random.Random(seed)
    docs = []
    for code in sorted(ref.municipalities):
        m = ref.municipalities[code]
        if m.fictional != fictional:
            continue
        ea = ref.employment_areas.get(m.employment_area)
        wa = ref.welfare_areas.get(m.welfare_area)
        region = ref.regions.get(m.region_code)
        employment = (Organisation(ea.key, ea.name_fi, OrgKind.EMPLOYMENT_AREA, identifier=ea.key,
                                   name_sv=ea.name_sv or None) if ea else
                      Organisation("te-palvelut", "TE-palvelut", OrgKind.EMPLOYMENT_AUTHORITY))
        welfare = (Organisation(wa.key, wa.name_fi, OrgKind.WELFARE_AREA, identifier=wa.code or wa.key)
                   if wa else None)
        city = Organisation(code, f"{m.name_fi}n kunta", OrgKind.MUNICIPALITY, identifier=code)
        unit = Organisation(f"{code}/kotoutumispalvelut", f"{m.name_fi}n kunta", OrgKind.MUNICIPAL_UNIT,
                            unit="kotoutumispalvelut", parent_key=code)
        region_name = region.name_fi if region else "Suomi"
        college = Organisation(f"opisto-{m.region_code}", f"{region_name}n kansanopisto",
                               OrgKind.EDUCATIONAL_INSTITUTION)
        ngo = Organisation("spr", "Suomen Punainen Risti", OrgKind.NGO)
        facts: list[Fact] = []
        services: list[ServiceDescription] = []
        offset = 0
        page = 2

        def evidence(quote: str, rule: str, page_: int) -> Provenance:
            nonlocal offset
            p = Provenance(page_, offset, offset + len(quote), quote, rule)
            offset += len(quote) + 1
            return p

        for key in ServiceKey:
            if key in _SOMETIMES_MISSING and rng.random() < 0.12:
                continue
            page += rng.random() < 0.5
            heading = f"{page} {key.value.replace('-', ' ').capitalize()} (KotoL {_SECTIONS[key]} §)"
            text = (f"{m.name_fi}n kunnassa palvelua {key.value} järjestetään kotoutumislain "
                    f"{_SECTIONS[key]} §:n mukaisesti. " * 3).strip()
            services.append(ServiceDescription(
                key, (code,), heading, text, (LegalRef("681/2023", _SECTIONS[key]),),
                evidence(heading, "heading", page)))
            q_js = f"Työnhakijoiden osalta palvelusta {key.value} vastaa {employment.name}."
            facts.append(Fact(code, key, Role.RESPONSIBLE, TargetGroup.JOBSEEKERS, employment,
                              evidence(q_js, "vastuutaho", page)))
            q_ot = f"Muiden maahanmuuttajien osalta palvelusta {key.value} vastaa {m.name_fi}n kunta."
            facts.append(Fact(code, key, Role.RESPONSIBLE, TargetGroup.OTHERS, unit,
                              evidence(q_ot, "vastuutaho", page)))
            if welfare is not None:
                q_pa = f"Yhteistyötä tehdään {welfare.name} kanssa."
                facts.append(Fact(code, key, Role.PARTNER, TargetGroup.ALL, welfare,
                                  evidence(q_pa, "yhteistyo", page)))
            if key in _PROVIDED:
                provider = college if rng.random() < 0.7 else ngo
                q_pr = f"Palvelun {key.value} toteuttaa {provider.name}."
                facts.append(Fact(code, key, Role.PROVIDER, TargetGroup.ALL, provider,
                                  evidence(q_pr, "toteuttaja", page)))
        name = f"{m.name_fi.lower()}-kotoutumisohjelma.pdf"
        docs.append(DocumentExtraction(
            source_name=name, sha256=_sha(code), media_type="application/pdf", language="fi",
            title=f"{m.name_fi}n kotoutumisohjelma 2025–2028", page_count=page + 2,
            municipalities=[Municipality(code, m.name_fi, m.name_sv or None)],
            services=services, facts=facts,
            legal_refs=[(LegalRef("681/2023", "13"), evidence("kotoutumislain 13 §", "legal", 1))],
            contact_points=[ContactPoint(None, "Kotoutumiskoordinaattori", "Etu Sukunimi",
                                         f"kotoutuminen@{code}.example.fi", "040 000 0000", city,
                                         evidence("Kotoutumiskoordinaattori", "contact", 1))],
            coordinators=[(unit, evidence(f"{m.name_fi}n kotoutumispalvelut", "coordinator", 1))],
            drafting_partners=[(o, evidence(o.name, "drafting", 1)) for o in (employment, welfare) if o],
            approvals=[Approval("kunnanvaltuusto", "2025-01-15",
                                evidence("Kunnanvaltuusto hyväksyi ohjelman", "approval", 1))],
        ))
    return docs
