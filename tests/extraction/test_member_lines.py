"""A joint programme of an employment area: the area's services first, then the members'
own arrangements for those who are not jobseekers as a list after a lead-in, outside any
service chapter. Written for the test in the layout of that held-out kind; plain text."""

import pytest

from extraction.pipeline import extract_bytes

pytestmark = pytest.mark.model

KAJAANI, SOTKAMO, PALTAMO, KUHMO = "205", "765", "578", "290"

PROGRAMME = """Kainuu-Koillismaan työllisyysalueen kuntien yhteinen kotoutumisohjelma 2025–2028

Tämä kotoutumisohjelma koskee Kajaania, Kuhmoa, Sotkamoa, Suomussalmea, Puolankaa, Paltamoa ja
Ristijärveä.

2 Muiden kuin työnhakijoiden palvelut kunnittain

Kunnat vastaavat muiden kuin työnhakijoiden palveluista seuraavasti:
– Kajaani: kaupungin maahanmuuttajapalvelut tekee arvioinnit ja suunnitelmat
– Sotkamo ja Paltamo ostavat arvioinnin ja suunnitelman Kajaanin kaupungilta

Yhteiskuntaorientaation järjestää Kajaanin kaupunki kaikkien kuntien puolesta. Se toteutetaan
Kainuun kansalaisopistossa.
"""


@pytest.fixture(scope="module")
def facts(nlp):
    return extract_bytes(PROGRAMME.encode(), "kainuu.txt").facts


def _who(facts, code: str, service: str) -> set[tuple[str, str]]:
    return {(f.role.value, f.organisation.name) for f in facts if f.municipality == code
            and f.service.value == service and f.role.value != "partner" and f.confidence >= 0.5}


def test_a_member_s_line_after_a_lead_in_speaks_for_that_member(facts) -> None:
    for service in ("assessment", "integration-plan"):
        assert _who(facts, KAJAANI, service) == {("responsible", "Kajaani")}


def test_a_purchase_speaks_for_its_buyers_and_its_seller_provides_for_them(facts) -> None:
    for code, name in ((SOTKAMO, "Sotkamo"), (PALTAMO, "Paltamo")):
        assert _who(facts, code, "assessment") == {("responsible", name), ("provider", "Kajaani")}
    assert _who(facts, KUHMO, "assessment") == set()


def test_a_pronoun_after_the_sentence_naming_a_service_outside_its_chapter(facts) -> None:
    assert ("provider", "Kainuun kansalaisopisto") in _who(facts, KUHMO, "civic-orientation")
