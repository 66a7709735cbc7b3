"""A paragraph that opens with a service's bare name closed by a full stop ("Kielitaidon
päättötestaus. Kotoutumiskoulutukseen sisältyvä …") names its section's service; a short
clause that names a service is no such title ("… orientaatiosta vastaa TyöHäme.")."""

import pytest

from extraction.model import Role, ServiceKey, TargetGroup
from extraction.pipeline import extract_bytes

pytestmark = pytest.mark.model

TEXT = """Hämeenlinnan kaupungin kotoutumisohjelma

Palvelut

Monikielinen yhteiskuntaorientaatio. Muille kuin työnhakijoille orientaatiota järjestää
Hämeenlinnan kaupunki.

Työnhakijoiden yhteiskuntaorientaatiosta vastaa TyöHämeen työllisyysalue. Se sisältyy
kotoutumiskoulutukseen.
"""


@pytest.fixture(scope="module")
def facts(nlp):
    return extract_bytes(TEXT.encode(), "hameenlinna.txt").facts


def test_a_run_in_title_names_the_service_of_what_follows(facts) -> None:
    others = {(f.service, f.organisation.key) for f in facts if f.target_group == TargetGroup.OTHERS}
    assert (ServiceKey.CIVIC_ORIENTATION, "109") in others


def test_a_short_clause_naming_a_service_is_no_title(facts) -> None:
    jobseekers = {(f.service, f.role, f.organisation.kind.value) for f in facts
                  if f.target_group == TargetGroup.JOBSEEKERS}
    assert (ServiceKey.CIVIC_ORIENTATION, Role.RESPONSIBLE, "employment-area") in jobseekers
