"""A paragraph that opens with a member municipality as the organisation it speaks of
("Kuopion kaupungilla …") is scoped to that member, and its bare "työllisyyspalvelu" is
that municipality's unit (alone the word names the employment area's services)."""

import pytest

from extraction.model import OrgKind, ServiceKey
from extraction.pipeline import extract_bytes

pytestmark = pytest.mark.model

JOINT = """Kotoutumisohjelma – Kuopion seudun kunnat

Ohjelma on Siilinjärven kunnan ja Kuopion kaupungin yhteinen kotoutumisohjelma.

Ohjaus ja neuvonta (KotoL 10 §)

Kuopion kaupungilla vastuu palveluista on työllisyyspalvelulla. Työllisyyspalvelu antaa
ohjausta ja neuvontaa kaikille maahanmuuttaneille.

Työvoimaviranomainen vastaa työnhakijoiden ohjauksesta ja neuvonnasta.
"""


@pytest.fixture(scope="module")
def facts(nlp):
    return extract_bytes(JOINT.encode(), "yhteinen.txt").facts


def test_the_framed_unit_is_the_municipality_s(facts) -> None:
    unit = [f for f in facts if "Työllisyyspalvelu antaa" in f.provenance.quote]
    assert unit and all(f.organisation.kind == OrgKind.MUNICIPAL_UNIT
                        and f.organisation.parent_key == "297" for f in unit)


def test_the_framed_paragraph_is_scoped_to_its_municipality(facts) -> None:
    unit = [f for f in facts if "Työllisyyspalvelu antaa" in f.provenance.quote]
    assert {f.municipality for f in unit} == {"297"}


def test_an_unframed_paragraph_keeps_every_member(facts) -> None:
    area = [f for f in facts if f.service == ServiceKey.GUIDANCE_AND_COUNSELLING
            and f.organisation.kind == OrgKind.EMPLOYMENT_AREA]
    assert {f.municipality for f in area} == {"297", "749"}
