"""What a programme denies, and what it implies without a sentence of its own.

"Kunta ei järjestä omaa kotoutumiskoulutusta" denies the municipality a role and is kept
as an exclusion (a statement to show, not a gap); a final test the text puts inside
integration training is held by the training's bodies; a municipality's own staff
providing a service for non-jobseekers make the municipality responsible when nobody else
is named, as the employment area offering its jobseekers one does; a member buying under
its own label is the buyer.
"""

import pytest

from extraction.model import Role, ServiceKey, TargetGroup
from extraction.pipeline import extract_bytes
from tests.extraction.helpers import relations_in

pytestmark = pytest.mark.model

SMALL = """Rääkkylän kunnan kotoutumisohjelma

Kotoutumiskoulutus

Kunta ei järjestä omaa kotoutumiskoulutusta; koulutukseen ohjataan työllisyysalueen kautta.
Muille kuin työnhakijoille kotoutumiskoulutuksen järjestää Pohjois-Karjalan kansanopisto.

Kielitaidon päättötestaus

Päättötestaus on osa kotoutumiskoulutusta, ja sen toteuttaa koulutuksen järjestäjä.

Monikielinen yhteiskuntaorientaatio

Monikielinen yhteiskuntaorientaatio ei sisälly tähän kotoutumisohjelmaan.

Ohjaus ja neuvonta

Kunnan kotoutumiskoordinaattori antaa ohjausta ja neuvontaa kaikille maahanmuuttajille.
"""


@pytest.fixture(scope="module")
def small(nlp):
    return extract_bytes(SMALL.encode(), "raakkyla.txt")


def test_a_negated_verb_gives_no_role(nlp, gazetteer) -> None:
    assert not relations_in("Kunta ei järjestä omaa kotoutumiskoulutusta.", "707", nlp, gazetteer)
    assert relations_in("Kunta järjestää oman kotoutumiskoulutuksen.", "707", nlp, gazetteer)


def test_denials_and_left_out_services_are_exclusions(small) -> None:
    found = {(e.service, e.organisation.key if e.organisation else None) for e in small.exclusions}
    assert found == {(ServiceKey.INTEGRATION_TRAINING, "707"), (ServiceKey.CIVIC_ORIENTATION, None)}
    training = next(e for e in small.exclusions if e.service == ServiceKey.INTEGRATION_TRAINING)
    assert training.provenance.quote.startswith("Kunta ei järjestä")
    assert not any(f.service == ServiceKey.INTEGRATION_TRAINING and f.organisation.key == "707"
                   for f in small.facts)


def test_a_test_inside_the_training_is_held_by_the_training_s_bodies(small) -> None:
    test = {(f.organisation.name, f.target_group, f.confidence) for f in small.facts
            if f.service == ServiceKey.FINAL_LANGUAGE_TEST}
    assert test == {("Pohjois-Karjalan kansanopisto", TargetGroup.OTHERS, 0.7)}
    quote = next(f.provenance.quote for f in small.facts if f.service == ServiceKey.FINAL_LANGUAGE_TEST)
    assert quote.startswith("Päättötestaus on osa kotoutumiskoulutusta")


def test_own_staff_providing_make_the_municipality_responsible(small) -> None:
    guidance = {(f.role, f.organisation.key) for f in small.facts
                if f.service == ServiceKey.GUIDANCE_AND_COUNSELLING}
    assert guidance == {(Role.PROVIDER, "707"), (Role.RESPONSIBLE, "707")}


def test_the_employment_area_offering_its_jobseekers_a_service_is_in_charge_of_it(nlp) -> None:
    """The other side of the 3 § division: what the employment area offers its jobseekers it
    arranges, so the 13 § check does not report the service as having no one in charge."""
    text = ("Laukaan kunnan kotoutumisohjelma\n\nMuu koulutus ja palvelut\n\n"
            "Työnhakijoille työllisyysalue tarjoaa kielitaitoa edistäviä työvoimapalveluja.\n")
    facts = extract_bytes(text.encode(), "laukaa.txt").facts
    other = {(f.role, f.organisation.name, f.target_group, f.confidence) for f in facts
             if f.service == ServiceKey.OTHER_TRAINING_AND_SERVICES}
    area = "Pohjoisen Keski-Suomen työllisyysalue"
    assert other == {(Role.PROVIDER, area, TargetGroup.JOBSEEKERS, 0.9),
                     (Role.RESPONSIBLE, area, TargetGroup.JOBSEEKERS, 0.7)}


def test_a_member_buying_under_its_own_label_is_the_buyer(nlp) -> None:
    text = """Tampereen ja Lempäälän yhteinen kotoutumisohjelma

Tampereen kaupunki ja Lempäälän kunta

Muu koulutus ja palvelut

Lempäälä: paikat ostetaan Tampereen seudun työväenopiston lukutaitoryhmistä.
"""
    facts = extract_bytes(text.encode(), "tampere.txt").facts
    assert {(f.municipality, f.role, f.organisation.name) for f in facts} == {
        ("418", Role.RESPONSIBLE, "Lempäälä"), ("418", Role.PROVIDER, "Tampereen seudun työväenopisto")}


def test_swedish_denial(nlp) -> None:
    text = """Pargas stads integrationsprogram

Integrationsutbildning

Pargas stad ordnar inte egen integrationsutbildning. Utbildningen ordnas av Axxell.
"""
    result = extract_bytes(text.encode(), "pargas.txt")
    assert [(e.service, e.organisation.key) for e in result.exclusions] == [
        (ServiceKey.INTEGRATION_TRAINING, "445")]
    assert {f.organisation.name for f in result.facts} == {"Axxell"}


def test_a_service_left_out_of_a_named_municipality_s_programme(nlp) -> None:
    text = """Havulahden kunnan kotoutumisohjelma

Perheen kotoutumissuunnitelma

Perheen kotoutumissuunnitelma ei sisälly Havulahden kotoutumisohjelmaan.
"""
    from tests.extraction.helpers import EXAMPLES_REFERENCE

    result = extract_bytes(text.encode(), "havulahti.txt", reference_dirs=(EXAMPLES_REFERENCE,))
    assert [(e.service, e.organisation) for e in result.exclusions] == [
        (ServiceKey.FAMILY_INTEGRATION_PLAN, None)]


def test_labour_market_training_is_the_employment_area_s(tmp_path, nlp) -> None:
    """Integration training given as labour market training: the employment area is in
    charge of its jobseekers' training (a defaulted reading), unless the text names who is."""
    from extraction.model import OrgKind, Role, ServiceKey, TargetGroup
    from tests.extraction.helpers import facts_of_text

    text = """Kivijoen kaupungin kotoutumisohjelma 2025

Kotoutumiskoulutus

Työnhakijat opiskelevat työvoimakoulutuksena järjestettävässä kotoutumiskoulutuksessa.
"""
    facts = [f for f in facts_of_text(tmp_path, text) if f.service == ServiceKey.INTEGRATION_TRAINING]
    assert [(f.role, f.target_group, f.organisation.kind, f.confidence) for f in facts] == [
        (Role.RESPONSIBLE, TargetGroup.JOBSEEKERS, OrgKind.EMPLOYMENT_AREA, 0.7)]
    named = text.replace("Työnhakijat opiskelevat",
                         "Työnhakijoiden koulutuksen järjestää Kivijoen kaupunki.\nHe opiskelevat")
    facts = [f for f in facts_of_text(tmp_path, named) if f.service == ServiceKey.INTEGRATION_TRAINING]
    assert not any(f.organisation.kind == OrgKind.EMPLOYMENT_AREA for f in facts)
