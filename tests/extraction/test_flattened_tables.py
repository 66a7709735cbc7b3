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
