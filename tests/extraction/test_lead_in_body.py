"""A lead-in naming one body ("Kela:") makes it the doer of the agentless passives under it
(sentences naming some organisation are parsed, so the partner here makes it one)."""

import pytest

from extraction.model import Role, ServiceKey, TargetGroup
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
    assert start_up == {(Role.PROVIDER, "kivijoen-seutu"), (Role.PARTNER, "995")}
