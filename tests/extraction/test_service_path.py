"""A city programme told as the client's path ("Vaihe 2: …"): services in the order the
client meets them, the city's own unit by its name ("Kotoutumispiste"), short sentences that
lean on the one before ("Sen toteuttaa …", "… muille.").

Written for the test in that layout; run through the whole pipeline as plain text.
"""

import pytest

from tests.extraction.helpers import facts_of_text, who_answers

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


# The same kind, as a city's web page: each step's "Kuka tekee?" answered in a definition list.
WEB_PATH = """<!DOCTYPE html><html lang="fi"><head><meta charset="utf-8"><title>Kotoutumisohjelma</title>
</head><body><main><h1>Joensuun kaupungin kotoutumisohjelma 2025–2028</h1>
<p>Ohjelma on kuvattu asiakkaan polkuna: vaihe vaiheelta siitä, kun henkilö muuttaa kaupunkiin.</p>
<h2>Vaihe 2: Osaamisen ja kotoutumisen palvelutarpeen arviointi</h2>
<dl><dt>Kuka tekee?</dt><dd>Työnhakijat: työllisyysalueen kotoutumisasiantuntija. Muut: Kotoutumispalveluiden
ohjaaja.</dd></dl>
<h2>Vaihe 3: Kotoutumissuunnitelma</h2>
<dl><dt>Kuka tekee?</dt><dd>Sama taho, joka teki arvioinnin.</dd></dl>
<h2>Vaihe 5: Kotoutumiskoulutus</h2>
<ul><li>Työnhakijoille työllisyysalue hankkii koulutuksen työvoimakoulutuksena.</li>
<li>Muille kaupunki järjestää omaehtoista opiskelua Joensuun seudun kansalaisopistossa.</li></ul>
</main></body></html>"""


@pytest.fixture(scope="module")
def web_facts(nlp):
    from extraction.pipeline import extract_bytes

    return extract_bytes(WEB_PATH.encode(), "joensuu.html").facts



def test_a_service_by_the_same_body_as_another_has_its_bodies(web_facts) -> None:
    """"Kuka tekee? Sama taho, joka teki arvioinnin." under the plan's step."""
    assert who_answers(web_facts, "integration-plan") == who_answers(web_facts, "assessment") == {
        ("jobseekers", "Pohjois-Karjalan työllisyysalue"), ("others", "Joensuu")}


def test_where_the_city_has_the_studies_given_provides_them(web_facts) -> None:
    assert ("others", "Joensuun seudun kansalaisopisto") in who_answers(web_facts, "integration-training")


BROCHURE = """Tervetuloa Kajaaniin – kotoutumisohjelman palvelut

Alkukartoitus ja suunnitelma

Jos olet työtön työnhakija, arvioinnin tekee Kainuu-Koillismaan työllisyysalue. Jos et ole
työnhakija, arvioinnin tekee Kajaanin kaupungin maahanmuuttajapalveluiden ohjaaja. Arvioinnin
jälkeen samat tahot laativat kanssasi kotoutumissuunnitelman.

Monialainen arviointi ja suunnitelma

Jos tarvitset sekä kaupungin että hyvinvointialueen palveluja, arvioinnin ja suunnitelman
tekevät maahanmuuttajapalvelut ja Kainuun hyvinvointialueen sosiaalityö yhdessä.
"""


@pytest.fixture(scope="module")
def brochure_facts(nlp):
    from extraction.pipeline import extract_bytes

    return extract_bytes(BROCHURE.encode(), "kajaani.txt").facts


def test_a_heading_s_bare_plan_beside_the_assessment_is_the_integration_plan(brochure_facts) -> None:
    """"Alkukartoitus ja suunnitelma": a sentence on the assessment's bodies is the
    assessment's alone; "samat tahot laativat … kotoutumissuunnitelman" gives the plan them."""
    assert who_answers(brochure_facts, "assessment") == who_answers(brochure_facts, "integration-plan") == {
        ("jobseekers", "Kainuu-Koillismaan työllisyysalue"), ("others", "Kajaani")}
    assert who_answers(brochure_facts, "multisector-integration-plan") == {
        ("all", "Kajaani"), ("all", "Kainuun hyvinvointialue")}
