"""A city programme told as the client's path ("Vaihe 2: …"): services in the order the
client meets them, the city's own unit by its name ("Kotoutumispiste"), short sentences that
lean on the one before ("Sen toteuttaa …", "… muille.").

Written for the test in that layout; run through the whole pipeline as plain text.
"""

import pytest

from tests.extraction.helpers import facts_of_text

pytestmark = pytest.mark.model

PATH = """Kotkan kaupungin kotoutumisohjelma 2025–2028

Vaihe 2: Osaamisen ja kotoutumisen palvelutarpeen arviointi

Työllisyysalue tekee arvioinnin työnhakijoille. Kotoutumispiste tekee arvioinnin muille,
esimerkiksi kotona lastaan hoitaville vanhemmille. Tarvittaessa mukana on Kymenlaakson
hyvinvointialueen sosiaalityö.

Vaihe 4: Yhteiskuntaorientaatio ja kotoutumiskoulutus

Yhteiskuntaorientaatio järjestetään kaikille uusille asiakkaille. Sen toteuttaa Ekami
ostopalveluna. Kotoutumiskoulutusta järjestää työnhakijoille työllisyysalue.
"""


@pytest.fixture(scope="module")
def facts(tmp_path_factory, nlp):
    return facts_of_text(tmp_path_factory.mktemp("path"), PATH)


def _read(facts) -> set[tuple[str, str, str, str]]:
    return {(f.service.value, f.target_group.value, f.role.value, f.organisation.kind.value) for f in facts}


def test_the_city_s_unit_for_the_others_after_a_jobseekers_sentence(facts) -> None:
    assert {r for r in _read(facts) if r[0] == "assessment"} == {
        ("assessment", "jobseekers", "responsible", "employment-area"),
        ("assessment", "others", "responsible", "municipal-unit"),
        ("assessment", "all", "partner", "welfare-area"),
    }


def test_a_pronoun_speaks_of_the_service_the_sentence_before_named(facts) -> None:
    ekami = {f.service.value for f in facts if f.organisation.name == "Ekami"}
    assert ekami == {"civic-orientation"}
