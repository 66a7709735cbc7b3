"""Statements about a service that do not arrange it, and whose staff a bare title is.

Making an agreement, fitting services together and having done an assessment say who
cooperates or who did something, not who arranges the service; a member named in the
genitive of the clients served scopes the clause to it; a compound title the text once
gives an employer kind ("kunnan kotoutumiskoordinaattori") stands for that kind of body;
a flattened table's row label that names the programme's monitoring is no service row.
"""

import pytest

from extraction.model import Role, ServiceKey, TargetGroup
from extraction.pipeline import extract_bytes
from tests.extraction.helpers import relations_in

pytestmark = pytest.mark.model

AGREEMENT = """Oulun ja Muhoksen yhteinen kotoutumisohjelma

Oulu ja Muhos

Osaamisen ja kotoutumisen palvelutarpeen arviointi (KotoL 14 §)

Muhos on tehnyt työllisyysalueen kanssa KotoL 8 §:n mukaisen sopimuksen, jonka perusteella
työllisyysalue tekee palvelutarpeen arvioinnit myös Muhoksen muille kuin työnhakija-asiakkaille.
"""


def test_an_agreement_scopes_to_the_member_whose_clients_it_serves(nlp) -> None:
    facts = extract_bytes(AGREEMENT.encode(), "oulu.txt").facts
    who = {(f.municipality, f.organisation.kind.value, f.target_group) for f in facts
           if f.service == ServiceKey.ASSESSMENT and f.role != Role.PARTNER}
    assert who == {("494", "employment-area", TargetGroup.OTHERS)}


def test_fitting_plans_together_is_cooperation(nlp, gazetteer) -> None:
    text = "Kotoutumisohjaaja huolehtii siitä, että perheen suunnitelmat sovitetaan yhteen."
    assert {role for role, _, _ in relations_in(text, "109", nlp, gazetteer)} == {Role.PARTNER}


def test_who_did_the_assessment_is_not_who_arranges(nlp, gazetteer) -> None:
    text = "Suunnitelman laatii arvioinnin tehnyt työntekijä."
    assert not relations_in("Arvioinnin tehnyt työntekijä.", "564", nlp, gazetteer)
    assert relations_in(text, "564", nlp, gazetteer)  # the finite verb still names its doer


TITLES = """Kempeleen kotoutumisohjelma

Osaamisen ja kotoutumisen palvelutarpeen arviointi (KotoL 14 §)

Muiden kuin työnhakijoiden arvioinnin tekee kunnan kotoutumiskoordinaattori.

Kotoutumissuunnitelma (KotoL 16 §)

Kunta ja Pohjois-Pohjanmaan hyvinvointialue vastaavat yhdessä muiden kuin työnhakijoiden
monialaisesta arvioinnista.
Kotoutumiskoordinaattori laatii muiden kuin työnhakijoiden suunnitelmat.
"""


def test_a_bare_title_is_staff_of_the_kind_the_text_gave_it(nlp) -> None:
    facts = extract_bytes(TITLES.encode(), "kempele.txt").facts
    plan = {f.organisation.key for f in facts if f.service == ServiceKey.INTEGRATION_PLAN
            and f.role == Role.RESPONSIBLE and f.target_group == TargetGroup.OTHERS}
    assert plan == {"244"}


TABLE = """Kuopion ja Kaavin yhteinen kotoutumisohjelma

Liite 1: Vastuutaulukko

Työnhakijoiden palvelut tuottava taho

Muiden kotoutuja-asiakkaiden palvelut tuottava taho (Kuopio ja Kaavi)

Monikielinen yhteiskuntaorientaatio

Kuopion työllisyysalue

Kuopion kaupunki

Kunnan kotoutumisohjelman seuranta ja päivittäminen

Kuopion kaupungin hyvinvointiryhmä

Muiden kotoutuja-asiakkaiden palvelut tuottava taho (Kuopio ja Kaavi)
"""


def test_a_monitoring_row_and_a_repeated_column_header_name_nobody(nlp) -> None:
    facts = extract_bytes(TABLE.encode(), "kuopio.txt").facts
    assert {(f.organisation.name, f.target_group) for f in facts} == {
        ("Kuopion seudun työllisyysalue", TargetGroup.JOBSEEKERS), ("Kuopio", TargetGroup.OTHERS)}
    assert {f.service for f in facts} == {ServiceKey.CIVIC_ORIENTATION}
