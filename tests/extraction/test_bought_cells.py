"""A responsibility table whose columns are the target groups, and cells that say a service
is bought: the body a purchase word is about is the seller (provider), the town that buys
is in charge; a purchase word followed by a body of its own is that body's, not the one
before it ("Kaupunki (ostopalvelu Ekamilta)": the town buys from Ekami)."""

from __future__ import annotations

import pytest

from extraction.model import Role, ServiceKey, TargetGroup
from extraction.pipeline import extract_bytes
from tests.extraction.helpers import tables_docx

FINNISH = ("Haminan kaupungin kotoutumisohjelma 2025–2028",
           "Ohjelma perustuu lakiin kotoutumisen edistämisestä (681/2023).",
           ("Palvelu", "Työnhakijat", "Muut maahanmuuttajat"),
           ("Osaamisen ja palvelutarpeen arviointi", "Työllisyysalue", "Kaupunki"),
           "Monikielinen yhteiskuntaorientaatio")
SWEDISH = ("Integrationsprogram för Malax kommun 2025–2028",
           "Programmet grundar sig på lagen om främjande av integration (681/2023).",
           ("Tjänst", "Arbetssökande invandrare", "Övriga invandrare"),
           ("Integrationsutbildning", "Sysselsättningsområdet", "Kommunen, frivilliga studier"),
           "Flerspråkig samhällsorientering")


def _programme(cell: str, language: tuple = FINNISH, final_test: str = "") -> bytes:
    title, opening, header, first_row, orientation = language
    rows = [header, first_row, (orientation, cell, cell)]
    if final_test:
        rows.append(("Sluttest av språkkunskaperna", final_test, final_test))
    return tables_docx(title, [("1 " + header[0], rows)], opening)


def _answers(data: bytes, service: ServiceKey = ServiceKey.CIVIC_ORIENTATION) -> set[tuple[Role, str]]:
    facts = extract_bytes(data, "programme.docx").facts
    return {(f.role, f.organisation.name) for f in facts
            if f.service == service and f.target_group == TargetGroup.OTHERS}


def _orientation(cell: str) -> set[tuple[Role, str]]:
    return _answers(_programme(cell))


@pytest.mark.model
@pytest.mark.parametrize(("cell", "seller"), [
    ("Kaupunki (ostopalvelu Ekamilta)", "Ekami"),
    ("Kaupunki, ostopalveluna Ekamilta", "Ekami"),
    ("Kaupunki (ostopalvelu Kymenlaakson opistolta)", "Kymenlaakson opisto"),
    ("Ostopalvelu Kymenlaakson opistolta", "Kymenlaakson opisto"),  # not "Ostopalvelu Kymenlaakson opisto"
    ("Ostopalvelu Ekamilta", "Ekami"),
])
def test_the_seller_provides_and_the_town_that_buys_is_in_charge(nlp, cell: str, seller: str) -> None:
    assert _orientation(cell) == {(Role.RESPONSIBLE, "Hamina"), (Role.PROVIDER, seller)}


@pytest.mark.model
def test_swedish_a_town_that_buys_from_another_is_in_charge(nlp) -> None:
    assert _answers(_programme("Kommunen (köptjänst av Vasa stad)", SWEDISH)) == {
        (Role.RESPONSIBLE, "Maalahti"), (Role.PROVIDER, "Vaasa")}


@pytest.mark.model
def test_swedish_the_training_provider_is_no_name(nlp) -> None:
    """"Utbildningsanordnaren" (the definite agent noun) is whoever gives the integration
    training, not a body called so."""
    data = _programme("Kommunen (köptjänst av Vasa stad)", SWEDISH, final_test="Utbildningsanordnaren")
    test = _answers(data, ServiceKey.FINAL_LANGUAGE_TEST)
    assert test and "Utbildningsanordnaren" not in {name for _role, name in test}
    assert test <= _answers(data, ServiceKey.INTEGRATION_TRAINING)


def _swedish_roles_table() -> bytes:
    rows = [("", "Arbetssökande", "Övriga invandrare"), ("Ansvarar", "Sysselsättningsområdet", "Kommunen"),
            ("Genomförare", "Optima (upphandling)", "Kronoby folkhögskola"), ("Samarbete", "FPA", "–")]
    return tables_docx("Integrationsprogram för Kronoby kommun 2025–2028", [("Integrationsutbildning", rows)],
                       "Kronoby hör till Jakobstadsregionens sysselsättningsområde.")


@pytest.mark.model
def test_swedish_roles_as_rows_and_a_name_with_a_note(nlp) -> None:
    """"Genomförare" names the producers' row; "Optima (upphandling)" is a name listed
    alone with its note."""
    facts = extract_bytes(_swedish_roles_table(), "kronoby.docx").facts
    training = {(f.role, f.target_group, f.organisation.name) for f in facts
                if f.service == ServiceKey.INTEGRATION_TRAINING}
    assert {(Role.PROVIDER, TargetGroup.JOBSEEKERS, "Optima"),
            (Role.PROVIDER, TargetGroup.OTHERS, "Kronoby folkhögskola"),
            (Role.RESPONSIBLE, TargetGroup.OTHERS, "Kruunupyy")} <= training
