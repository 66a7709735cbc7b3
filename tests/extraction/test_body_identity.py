"""Who a body is and whether it acts now.

A paragraph that opens with a member municipality as the organisation it speaks of
("Kuopion kaupungilla …") is scoped to that member, and its bare "työllisyyspalvelu" is that
municipality's unit (alone the word names the employment area's services). An institution
named as a municipality's own is its unit; a simple-past pilot is no provider.
"""

import pytest

from extraction.model import OrgKind, Role, ServiceKey
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


OWNED = """Kuopion kaupungin kotoutumisohjelma

Muu koulutus ja palvelut

Kuopion kaupungin aikuislukio järjestää nuorille TUVA-koulutusta.

Suomen kielen kursseja antavat seuraavat toimijat: Kuopion aikuislukio, Kuopion kesäyliopisto.

Pilotointi toteutettiin Kuopion kesäyliopiston toimesta.
"""


@pytest.fixture(scope="module")
def owned(nlp):
    return extract_bytes(OWNED.encode(), "kuopio.txt").facts


def test_an_institution_the_city_owns_is_its_unit_also_by_its_short_name(owned) -> None:
    school = [f for f in owned if "aikuislukio" in f.organisation.key]
    assert {f.organisation.key for f in school} == {"297/aikuislukio"}
    assert {f.role for f in school} == {Role.RESPONSIBLE, Role.PROVIDER}


def test_a_finished_pilot_names_no_provider(owned) -> None:
    assert not any("Pilotointi" in f.provenance.quote for f in owned)
    assert any(f.organisation.name == "Kuopion kesäyliopisto" for f in owned)


def test_a_place_named_institution_is_no_unit(nlp, gazetteer) -> None:
    from extraction.mentions import find_mentions

    sent = next(nlp("Yhteistyötä tehdään Kuopion seurakunnan kanssa.").sents)
    assert not any(m.kind == "unit" for m in find_mentions(sent, gazetteer))
    sent = next(nlp("Kuopion kaupungin aikuislukio järjestää koulutusta.").sents)
    assert [m.unit for m in find_mentions(sent, gazetteer) if m.kind == "unit"] == ["aikuislukio"]


TABLE = """Kuopion kaupungin kotoutumisohjelma

Kotoutumiskoulutus (KotoL 26 §)

Kuopion kaupungin maahanmuutto-ohjaaja vastaa asiakkaiden ohjauksesta.

Kotoutumiskoulutusta tarjotaan kaikille työllisyysalueen työnhakijoille.

Maahanmuutto-ohjaaja ohjaa kotoutuja-asiakasta osallistumaan kotoutumiskoulutukseen.
"""


def test_a_bare_title_works_for_its_named_employer(nlp) -> None:
    facts = extract_bytes(TABLE.encode(), "kuopio.txt").facts
    referral = [f for f in facts if "ohjaa kotoutuja" in f.provenance.quote]
    assert {(f.role, f.organisation.key) for f in referral} == {(Role.PROVIDER, "297")}
