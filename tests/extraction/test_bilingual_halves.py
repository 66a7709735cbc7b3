"""A bilingual city programme in two halves, Finnish first and Swedish after it, each in its
own wording (the Swedish half no translation of the Finnish), read through the whole
pipeline as plain text: services listed with one line per target group ("työnhakijat: X"),
a Swedish clause that gaps its verb for the second group, a trainer named by its role
("kouluttajana toimii X"), a provider's Finnish name kept in the Swedish text, and the
institution where a city has the training given."""

import pytest

from extraction.model import Role, ServiceKey, TargetGroup
from extraction.pipeline import extract_bytes

pytestmark = pytest.mark.model

KOKKOLA = "272"
AREA = "Keski-Pohjanmaan työllisyysalue"
TRAINER = "Keski-Pohjanmaan koulutusyhtymä"

FINNISH = """KOKKOLAN KAUPUNGIN KOTOUTUMISOHJELMA 2025–2029
KARLEBY STADS INTEGRATIONSPROGRAM 2025–2029

OSA I: SUOMEKSI

1 Johdanto

Ohjelma on valmisteltu yhdessä Keski-Pohjanmaan hyvinvointialueen (Soite) ja Keski-Pohjanmaan
työllisyysalueen kanssa.

2 Alkuvaiheen palvelut ja vastuut

Osaamisen ja palvelutarpeen arviointi
• työnhakijat: Keski-Pohjanmaan työllisyysalue
• muut: kaupungin maahanmuuttajapalvelut, tarvittaessa yhdessä Soiten kanssa

Kotoutumissuunnitelma
Työnhakijat: työllisyysalue
Muut: maahanmuuttajapalvelut

Yhteiskuntaorientaatio
Orientaation järjestää kaupunki kaikille uusille asukkaille. Kurssit hankitaan Keski-Pohjanmaan
koulutusyhtymältä (KPEDU).

Kotoutumiskoulutus
Työnhakijoille kotoutumiskoulutus on työvoimakoulutusta, jonka hankkii työllisyysalue;
kouluttajana toimii KPEDU. Muille kuin työnhakijoille kaupunki tarjoaa koulutusta omaehtoisena
opiskeluna Kokkolan suomenkielisessä työväenopistossa.
"""

SWEDISH = """KARLEBY STADS INTEGRATIONSPROGRAM 2025–2029

1 Inledning

Programmet har tagits fram tillsammans med Mellersta Österbottens välfärdsområde och
sysselsättningsområdet.

2 Tjänsterna i det inledande skedet

Kartläggning av kompetens och servicebehov: sysselsättningsområdet ansvarar för arbetssökande,
stadens invandrarservice för övriga.

Integrationsplan: för arbetssökande sysselsättningsområdet, för övriga invandrarservicen.

Samhällsorientering: staden ordnar orienteringen för alla nya invånare och köper kurserna av
Keski-Pohjanmaan koulutusyhtymä.

Integrationsutbildning: för övriga erbjuder staden frivilliga studier vid Karleby svenska
arbetarinstitut.

Rådgivning och handledning: stadens integrationspunkt Kompassi ger råd åt alla invandrare.
"""


def _who(text: str, name: str) -> set[tuple[ServiceKey, TargetGroup, Role, str]]:
    return {(f.service, f.target_group, f.role, f.organisation.name)
            for f in extract_bytes(text.encode(), name).facts
            if f.municipality == KOKKOLA and f.confidence >= 0.5 and f.role != Role.PARTNER}


@pytest.fixture(scope="module")
def finnish(nlp) -> set[tuple]:
    return _who(FINNISH, "kokkola.txt")


@pytest.fixture(scope="module")
def swedish(nlp) -> set[tuple]:
    return _who(SWEDISH, "karleby.txt")


@pytest.mark.parametrize("service", [ServiceKey.ASSESSMENT, ServiceKey.INTEGRATION_PLAN])
def test_one_line_per_group_under_a_service_names_who_does_it(finnish, service) -> None:
    """"työnhakijat: Keski-Pohjanmaan työllisyysalue" under the service's heading, as a list
    item or as a plain line (which is no heading though short): each group's body."""
    assert (service, TargetGroup.JOBSEEKERS, Role.RESPONSIBLE, AREA) in finnish
    assert (service, TargetGroup.OTHERS, Role.RESPONSIBLE, "Kokkola") in finnish


def test_a_trainer_named_by_its_role_and_the_seller_of_courses_provide(finnish) -> None:
    assert (ServiceKey.CIVIC_ORIENTATION, TargetGroup.ALL, Role.PROVIDER, TRAINER) in finnish
    assert (ServiceKey.INTEGRATION_TRAINING, TargetGroup.JOBSEEKERS, Role.PROVIDER, TRAINER) in finnish


def test_where_the_city_offers_the_training_provides_it(finnish, swedish) -> None:
    assert (ServiceKey.INTEGRATION_TRAINING, TargetGroup.OTHERS, Role.PROVIDER,
            "Kokkolan suomenkielinen työväenopisto") in finnish
    assert (ServiceKey.INTEGRATION_TRAINING, TargetGroup.OTHERS, Role.PROVIDER,
            "Karleby svenska arbetarinstitut") in swedish


def test_a_gapped_swedish_clause_gives_the_second_group_its_body(swedish) -> None:
    """"sysselsättningsområdet ansvarar för arbetssökande, stadens invandrarservice för övriga"."""
    assert (ServiceKey.ASSESSMENT, TargetGroup.OTHERS, Role.RESPONSIBLE, "Kokkola") in swedish
    assert (ServiceKey.ASSESSMENT, TargetGroup.JOBSEEKERS, Role.RESPONSIBLE, AREA) in swedish


def test_the_definite_unit_is_the_city_s(swedish) -> None:
    """"för övriga invandrarservicen": the city's immigrant services, not no one."""
    assert (ServiceKey.INTEGRATION_PLAN, TargetGroup.OTHERS, Role.RESPONSIBLE, "Kokkola") in swedish


def test_a_finnish_name_in_swedish_text_is_read_whole(swedish) -> None:
    assert (ServiceKey.CIVIC_ORIENTATION, TargetGroup.ALL, Role.PROVIDER, TRAINER) in swedish
    assert not {fact for fact in swedish if fact[3] == "Keski-Pohjanmaan"}


def test_a_table_in_both_languages_is_read_once(nlp) -> None:
    """Every cell in Finnish, then " / " and the Swedish translation, the header too: the
    columns keep their groups and roles, each body is read once (not "Staden" beside the
    town, not "Sysselsättningsområdet" as a body of its own)."""
    from tests.extraction.helpers import tables_docx

    rows = [("Palvelu / Tjänst", "Työnhakijat / Arbetssökande", "Muut / Övriga", "Yhteistyö / Samarbete"),
            ("Kotoutumissuunnitelma / Integrationsplan", "Työllisyysalue / Sysselsättningsområdet",
             "Maahanmuuttajapalvelut / Invandrarservicen", "Kela / FPA"),
            ("Monikielinen yhteiskuntaorientaatio / Flerspråkig samhällsorientering", "Kaupunki / Staden",
             "Kaupunki / Staden", "–")]
    data = tables_docx("Raaseporin kaupungin kotoutumisohjelma / Raseborgs stads integrationsprogram",
                       [("Vastuut / Ansvar", rows)])
    facts = {(f.service, f.target_group, f.role, f.organisation.name)
             for f in extract_bytes(data, "raasepori.docx").facts if f.confidence >= 0.5}
    plan, orientation = ServiceKey.INTEGRATION_PLAN, ServiceKey.CIVIC_ORIENTATION
    assert facts == {
        (plan, TargetGroup.JOBSEEKERS, Role.RESPONSIBLE, "Hanko-Inkoo-Raaseporin työllisyysalue"),
        (plan, TargetGroup.OTHERS, Role.RESPONSIBLE, "Raasepori"),
        (plan, TargetGroup.ALL, Role.PARTNER, "Kansaneläkelaitos"),
        (orientation, TargetGroup.JOBSEEKERS, Role.RESPONSIBLE, "Raasepori"),
        (orientation, TargetGroup.OTHERS, Role.RESPONSIBLE, "Raasepori")}


def test_a_unit_s_own_name_is_the_unit_s(swedish) -> None:
    """"stadens integrationspunkt Kompassi": the town's unit, not a body called "Kompassi"."""
    assert (ServiceKey.GUIDANCE_AND_COUNSELLING, TargetGroup.ALL, Role.PROVIDER, "Kokkola") in swedish
    assert not {fact for fact in swedish if fact[3] == "Kompassi"}
