"""A Swedish joint programme with a common part and a prose part per member (three towns of
one employment area), read through the whole pipeline as plain text: common services for
"alla tre kommuner", a member that buys what it lacks from another, a short word for the
service the sentence before named, the body at which a passive's service is given."""

import pytest

from extraction.model import Role, ServiceKey, TargetGroup
from extraction.pipeline import extract_bytes
from extraction.services import services_in_text

pytestmark = pytest.mark.model

NARPES, KASKO, KORSNAS = "545", "231", "280"

JOINT = """Gemensamt integrationsprogram för Närpes, Kaskö och Korsnäs 2025–2028

Programmet har godkänts av stadsfullmäktige i Närpes, stadsfullmäktige i Kaskö och
kommunfullmäktige i Korsnäs.

1 Gemensamma tjänster

Den flerspråkiga samhällsorienteringen ordnas gemensamt. Närpes stad ansvarar för
orienteringen för alla tre kommuner och köper den av Folkhälsan i Österbotten.

Integrationsutbildning för övriga invandrare ordnas som frivilliga studier vid Närpes vuxeninstitut.

2 Tjänsterna i respektive kommun

2.1 Närpes

I Närpes gör stadens integrationskoordinator bedömningen av kompetens och servicebehov för
övriga invandrare samt integrationsplanen.

2.2 Kaskö

Bedömningen och integrationsplanen för övriga invandrare köps av Närpes stad.

2.3 Korsnäs

Handledning och rådgivning ges av kommunkansliet.
"""


@pytest.fixture(scope="module")
def facts(nlp):
    return extract_bytes(JOINT.encode(), "sydost.txt").facts


def _who(facts, service: ServiceKey, code: str) -> set[tuple[Role, str]]:
    return {(f.role, f.organisation.name) for f in facts
            if f.service == service and f.municipality == code and f.confidence >= 0.5
            and f.target_group in (TargetGroup.OTHERS, TargetGroup.ALL)}


def test_a_service_for_all_members_is_each_member_s(facts) -> None:
    """"Närpes stad ansvarar för orienteringen för alla tre kommuner": the short word
    "orienteringen" is the civic orientation the sentence before named, for every member."""
    for code in (NARPES, KASKO, KORSNAS):
        assert _who(facts, ServiceKey.CIVIC_ORIENTATION, code) == {
            (Role.RESPONSIBLE, "Närpiö"), (Role.PROVIDER, "Folkhälsan")}


def test_where_an_agentless_passive_s_service_is_given_provides_it(facts) -> None:
    assert (Role.PROVIDER, "Närpes vuxeninstitut") in _who(facts, ServiceKey.INTEGRATION_TRAINING, NARPES)


def test_the_definite_assessment_is_the_assessment() -> None:
    assert ServiceKey.ASSESSMENT in services_in_text("gör bedömningen av kompetens och servicebehov", "sv")


def test_a_member_s_agentless_purchase_is_its_own(facts) -> None:
    for service in (ServiceKey.ASSESSMENT, ServiceKey.INTEGRATION_PLAN):
        assert _who(facts, service, KASKO) == {(Role.RESPONSIBLE, "Kaskinen"), (Role.PROVIDER, "Närpiö")}


def test_the_municipal_office_is_the_municipality_s(facts) -> None:
    assert (Role.PROVIDER, "Korsnäs") in _who(facts, ServiceKey.GUIDANCE_AND_COUNSELLING, KORSNAS)
