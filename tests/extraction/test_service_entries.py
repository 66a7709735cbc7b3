"""A list of "Service: who" entries (a single programme's own list, no role word): each
entry is read as the service's responsible body, not as a heading; a title that only
numbers a service ("Toimenpide 2: Kotoutumissuunnitelma") stays a heading."""

import pytest

from extraction.model import Role, ServiceKey
from tests.extraction.helpers import facts_of_text

pytestmark = pytest.mark.model

TEXT = """Kivijoen kaupungin kotoutumisohjelma 2025

Kivijoen kaupunki järjestää kotoutumisen palvelut yhteistyössä Järvelän työllisyysalueen kanssa.

Palvelut ja vastuut

Kotoutumissuunnitelma: Kivijoen kaupunki, sivistystoimi

Monikielinen yhteiskuntaorientaatio: ostetaan Järvelän kansalaisopistolta

Toimenpide 3: Kotoutumiskoulutus

Koulutuksen tuottaa Järvelän kansalaisopisto.
"""


def test_service_entries_name_the_responsible_body(tmp_path, nlp) -> None:
    facts = facts_of_text(tmp_path, TEXT)
    got = {(f.service, f.role, f.organisation.name) for f in facts}
    assert any(s == ServiceKey.INTEGRATION_PLAN and r == Role.RESPONSIBLE and "Kivijoki" in n
               for s, r, n in got)
    # an entry whose value is a clause keeps its verb's reading
    assert (ServiceKey.CIVIC_ORIENTATION, Role.PROVIDER, "Järvelän kansalaisopisto") in got
    assert not any(s == ServiceKey.CIVIC_ORIENTATION and r == Role.RESPONSIBLE
                   and "kansalaisopisto" in n for s, r, n in got)
    # a numbered title naming a service is still the heading of the text under it
    assert (ServiceKey.INTEGRATION_TRAINING, Role.PROVIDER, "Järvelän kansalaisopisto") in got


def test_swedish_service_entries(nlp) -> None:
    from extraction.pipeline import extract_bytes

    text = """Integrationsprogram för Kimitoöns kommun 2025

Tjänster och ansvar

Integrationsplan: Kimitoöns kommun

Handledning och rådgivning: kommunens integrationskoordinator
"""
    facts = extract_bytes(text.encode(), "kimito.txt").facts
    assert {(f.service, f.role, f.organisation.name) for f in facts} == {
        (ServiceKey.INTEGRATION_PLAN, Role.RESPONSIBLE, "Kemiönsaari"),
        (ServiceKey.GUIDANCE_AND_COUNSELLING, Role.RESPONSIBLE, "Kemiönsaari")}
