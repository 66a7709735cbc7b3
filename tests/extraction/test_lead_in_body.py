"""A lead-in naming one body ("Kela:") makes it the doer of the agentless passives under it
(sentences naming some organisation are parsed, so the partner here makes it one)."""

import pytest

from extraction.model import Role, ServiceKey, TargetGroup
from extraction.pipeline import extract_bytes
from tests.extraction.helpers import facts_of_text

pytestmark = pytest.mark.model

TEXT = """Kivijoen kaupungin kotoutumisohjelma

Ohjaus ja neuvonta

Kela:

Ohjausta ja neuvontaa annetaan itse yhteistyössä kunnan kanssa.
"""


def test_body_lead_in_does_the_passive(tmp_path, nlp) -> None:
    facts = facts_of_text(tmp_path, TEXT)
    assert any(f.role == Role.PROVIDER and f.organisation.key == "kela"
               and f.service == ServiceKey.GUIDANCE_AND_COUNSELLING for f in facts)


def test_group_lead_in_names_no_body(tmp_path, nlp) -> None:
    facts = facts_of_text(tmp_path, TEXT.replace("Kela:", "Työnhakijat:"))
    assert not any(f.organisation.key == "kela" for f in facts)


def test_passive_with_its_own_agent_takes_no_lead_in(nlp, gazetteer) -> None:
    from extraction.mentions import find_mentions
    from extraction.relations import agentless_passives

    sent = next(nlp("Ohjausta annetaan kunnan toimesta.").sents)
    assert agentless_passives(sent, find_mentions(sent, gazetteer)) == []
    sent = next(nlp("Koulutus hankitaan ostopalveluna yhteistyössä kunnan kanssa.").sents)
    assert [role for role, _group, _rule in agentless_passives(sent, find_mentions(sent, gazetteer))] == [
        Role.RESPONSIBLE]


AREA = """Kivijoen kaupungin kotoutumisohjelma

Kotoutumiskoulutus

Kivijoen seudun työllisyysalue:

Kotoutumiskoulutukset hankitaan ostopalveluna. Alkavan yrittäjän palvelut tuotetaan itse
yhteistyössä kuntien elinkeinopalvelujen kanssa.
"""


def test_a_sentence_naming_no_body_under_a_body_lead_in_is_that_body_s(tmp_path, nlp) -> None:
    facts = facts_of_text(tmp_path, AREA)
    assert any(f.role == Role.RESPONSIBLE and f.organisation.key == "kivijoen-seutu"
               and f.service == ServiceKey.INTEGRATION_TRAINING
               and f.target_group == TargetGroup.JOBSEEKERS for f in facts)


def test_entrepreneurship_services_are_other_training_with_the_members_as_partners(
        tmp_path, nlp) -> None:
    facts = facts_of_text(tmp_path, AREA)
    start_up = {(f.role, f.organisation.key) for f in facts if "yrittäjän" in f.provenance.quote}
    assert {f.service for f in facts if "yrittäjän" in f.provenance.quote} == {
        ServiceKey.OTHER_TRAINING_AND_SERVICES}
    # the area produces for its jobseekers, so it is in charge too (3 §, a defaulted reading)
    assert start_up == {(Role.PROVIDER, "kivijoen-seutu"), (Role.RESPONSIBLE, "kivijoen-seutu"),
                        (Role.PARTNER, "995")}


LIST = """Kemin kotoutumisohjelma

Ohjaus ja neuvonta (KotoL 10 §)

Vastuut ohjauksessa ja neuvonnassa:

• Kunta: omat peruspalvelut ja kotoutumista edistävät palvelut

• Kela: etuudet eri elämäntilanteissa

• Maahanmuuttovirasto: oleskeluluvat
"""


def test_each_body_labelled_item_of_a_responsibility_list_is_responsible(nlp) -> None:
    facts = extract_bytes(LIST.encode(), "kemi.txt").facts
    by_body = {f.organisation.name: f for f in facts}
    assert set(by_body) == {"Kemi", "Kansaneläkelaitos", "Maahanmuuttovirasto"}
    assert {f.role for f in facts} == {Role.RESPONSIBLE}
    assert by_body["Kansaneläkelaitos"].provenance.quote == "Kela: etuudet eri elämäntilanteissa"


def test_a_request_sent_to_a_body_does_not_list_it_under_the_slot(nlp) -> None:
    text = LIST.replace("• Maahanmuuttovirasto: oleskeluluvat", (
        "Kemin kaupunki järjestää ohjauksen. Lapin hyvinvointialueelle toimitetaan pyyntö,"
        " jonka kautta valitaan työntekijä."))
    facts = extract_bytes(text.encode(), "kemi.txt").facts
    assert not any(f.organisation.name == "Lapin hyvinvointialue" and f.role != Role.PARTNER
                   for f in facts)


def test_the_law_s_duty_restated_of_a_generic_body_is_no_answer(nlp) -> None:
    text = ("Kemin kotoutumisohjelma\n\nKotoutumissuunnitelma (KotoL 16 §)\n\n"
            "Kunnan on laadittava kotoutumissuunnitelma viipymättä.\n")
    facts = extract_bytes(text.encode(), "kemi.txt").facts
    assert facts and all(f.confidence < 0.5 for f in facts)


BUYER = """
Kivijoen kaupunki toimii hankintayksikkönä koulutushankinnoissa.
"""
BARE = AREA.replace("Kivijoen seudun työllisyysalue:", "Työllisyysalue:") + BUYER


def test_the_noun_a_programme_calls_a_body_by_is_a_lead_in_too(tmp_path, nlp) -> None:
    """"Työllisyysalue:" alone is the municipality's employment area: its passives are the
    area's, for the jobseekers it serves."""
    facts = facts_of_text(tmp_path, BARE)
    assert {(f.role, f.organisation.key, f.target_group) for f in facts
            if f.service == ServiceKey.INTEGRATION_TRAINING and "hankitaan" in f.provenance.quote} == {
        (Role.RESPONSIBLE, "kivijoen-seutu", TargetGroup.JOBSEEKERS)}


def test_a_body_with_a_clause_of_its_own_under_a_lead_in_is_not_the_lead_in_s(tmp_path, nlp) -> None:
    """Only the block a body label opens is that body's part: a later paragraph's own
    subject ("Kivijoen kaupunki toimii …") is no provider by the lead-in."""
    for text in (AREA + BUYER, BARE):
        facts = facts_of_text(tmp_path, text)
        assert not [f for f in facts if "hankintayksikkönä" in f.provenance.quote]
