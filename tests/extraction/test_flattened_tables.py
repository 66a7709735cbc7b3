"""Responsibility tables whose columns were flattened into running text: a row's service
label fused with its first cell, and a two-column header read as two successive frames.

Short programmes written for the test, run through the whole pipeline as plain text.
"""

import pytest

from extraction.model import Role, ServiceKey, TargetGroup
from extraction.pipeline import extract_bytes

pytestmark = pytest.mark.model

TABLE = """Siilinjärven kunnan kotoutumisohjelma

Monikielinen yhteiskuntaorientaatio (KotoL 25 §)

Kunta järjestää yhteiskuntaorientaation työvoiman ulkopuolisille.

Liite: Vastuutaulukko

Palvelu: Työnhakijoiden palvelut tuottava taho:

Muiden kotoutuja-asiakkaiden palvelut tuottava taho

Muu ohjaus ja neuvonta Työvoimaviranomainen neuvoo työnhakuun liittyvissä asioissa.
"""


@pytest.fixture(scope="module")
def facts(nlp):
    return extract_bytes(TABLE.encode(), "taulukko.txt").facts


def test_a_fused_row_label_names_the_service(facts) -> None:
    advice = [f for f in facts if f.organisation.key == "kuopio" and f.role == Role.PROVIDER]
    assert {f.service for f in advice} == {ServiceKey.GUIDANCE_AND_COUNSELLING}


def test_a_flattened_two_group_header_frames_neither_group(facts) -> None:
    advice = [f for f in facts if f.organisation.key == "kuopio" and f.role == Role.PROVIDER]
    assert {f.target_group for f in advice} == {TargetGroup.JOBSEEKERS}


JOINT = """Kotoutumisohjelma – Kuopion seudun kunnat

Ohjelma on Siilinjärven kunnan ja Kuopion kaupungin yhteinen kotoutumisohjelma.

Liite: Vastuutaulukko

Kuopion kaupunki

Alkuvaiheessa ostopalveluna.

Kotoutumiskoulutus Koulutusta tarjotaan kaikille työllisyysalueen työnhakijoille.

Kunta järjestää kotoutumiskoulutusta työvoiman ulkopuolisille.
"""


def test_a_fused_row_label_ends_a_municipality_label_s_scope(nlp) -> None:
    facts = extract_bytes(JOINT.encode(), "yhteinen.txt").facts
    training = {f.municipality for f in facts if f.service == ServiceKey.INTEGRATION_TRAINING
                and "Kunta järjestää" in f.provenance.quote}
    assert training == {"297", "749"}
