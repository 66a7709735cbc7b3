"""Hand-built extraction results, so graph and API tests do not depend on the NLP layer."""

from __future__ import annotations

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
