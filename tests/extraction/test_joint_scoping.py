"""Joint programmes: per-municipality labels, paragraphs and bodies of one region.

Short programmes written for the test, run through the whole pipeline as plain text.
"""

import pytest

from extraction.model import Role, TargetGroup
from extraction.pipeline import extract_bytes
from extraction.scope import is_label_text, label_prefix_words
from tests.extraction.helpers import facts_of_text

JOINT = """Kotoutumisohjelma – Kuopion seudun kunnat

Ohjelma on Siilinjärven kunnan ja Kuopion kaupungin yhteinen kotoutumisohjelma.

Kotoutumiskoulutus (KotoL 26 §)

Kunta Siilinjärvi:
Kuopion työllisyysalue järjestää kotoutumiskoulutuksen työnhakijoille. Yhteistyötä tehdään Kelan kanssa.

Kaupunki Kuopio:
Kuopion työllisyysalue järjestää kotoutumiskoulutuksen työnhakijoille. Koulutukseen osallistuu
Suomen Punaisen Ristin Kuopion osasto.
"""

REGION = """Porin kaupungin kotoutumisohjelma

Monialainen kotoutumissuunnitelma (KotoL 17 §)

Vastuu työnhakijoiden monialaisesta kotoutumissuunnitelmasta on Satakunnan työllisyysalueella ja
Satakunnan hyvinvointialueella.
"""

SINGLE = """Siilinjärven kunnan kotoutumisohjelma

Monikielinen yhteiskuntaorientaatio (KotoL 25 §)

Kuopion työllisyysalue järjestää yhteiskuntaorientaation työnhakijoille.

Orientaation toteuttaa Savon ammattiopisto.
"""

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def joint(nlp):
    return extract_bytes(JOINT.encode(), "yhteinen.txt").facts


def _who(facts, code, role=None):
    return {(f.service.value, f.target_group.value, f.organisation.kind.value, f.organisation.key)
            for f in facts if f.municipality == code and (role is None or f.role == role)}


def test_a_label_may_name_the_municipality_with_its_kind() -> None:
    assert is_label_text("Kunta Siilinjärvi: Vastuu on kunnalla.", "Siilinjärvi")
    assert is_label_text("Kaupunki Kuopio:", "Kuopio")
    assert not is_label_text("Kunnan Siilinjärvi:", "Siilinjärvi")
    assert label_prefix_words("Kunta") == 1 and label_prefix_words("Siilinjärvi") == 0


def test_cooperation_under_a_label_is_that_municipality_s(joint) -> None:
    assert ("integration-training", "all", "kela", "kela") in _who(joint, "749", Role.PARTNER)
    assert not any(key == "kela" for *_rest, key in _who(joint, "297", Role.PARTNER))
    kuopio_partners = {key for *_rest, key in _who(joint, "297", Role.PARTNER)}
    assert "suomen-punainen-risti-kuopion-osasto" in kuopio_partners
    assert "suomen-punainen-risti-kuopion-osasto" not in {
        key for *_rest, key in _who(joint, "749", Role.PARTNER)}


def test_an_employment_and_a_welfare_area_of_one_region_are_both_kept(nlp) -> None:
    facts = extract_bytes(REGION.encode(), "alue.txt").facts
    plan = {(kind, key) for service, group, kind, key in _who(facts, "609", Role.RESPONSIBLE)
            if service == "multisector-integration-plan" and group == "jobseekers"}
    assert plan == {("employment-area", "satakunta"), ("welfare-area", "satakunta")}


def test_a_paragraph_that_names_no_group_continues_the_previous_one(nlp) -> None:
    facts = extract_bytes(SINGLE.encode(), "yksi.txt").facts
    providers = {(f.target_group, f.organisation.name) for f in facts if f.role == Role.PROVIDER}
    assert providers == {(TargetGroup.JOBSEEKERS, "Savon ammattiopisto")}


def test_a_municipality_named_as_a_partner_is_not_covered(nlp) -> None:
    text = """Integrationsprogram 2025

Samhällsorientering

Pargas stad ordnar samhällsorienteringen för sina invånare.

Med Kimitoöns kommun (Kemiönsaaren kunta) har staden inlett diskussioner om samarbete.
Ett gemensamt program med Kimitoöns kommun kan bli aktuellt.
"""
    covered = extract_bytes(text.encode(), "pargas.txt").municipalities
    assert [m.name_sv for m in covered] == ["Pargas"]


def test_a_numbered_chapter_named_after_a_member_speaks_for_it(nlp) -> None:
    text = """Etelä-Savon kuntien yhteinen kotoutumisohjelma

Ohjelma koskee Juvan kuntaa ja Mäntyharjun kuntaa.

2 Juva

Juvan kunnassa arvioinnit tekee kunnan kotoutumiskoordinaattori. Monikielisen
yhteiskuntaorientaation kunta hankkii ostopalveluna Juvan kansalaisopistolta.

3 Mäntyharju

Palvelutarpeen arviointi: muille kuin työnhakijoille Mäntyharjun kunnan sosiaalitoimi.
"""
    facts = extract_bytes(text.encode(), "etela-savo.txt").facts
    orientation = {f.municipality for f in facts if f.service.value == "civic-orientation"}
    assert orientation == {"178"}


def test_a_page_without_pages_covers_what_its_opening_names(nlp) -> None:
    """A web page is one "page": a municipality named far down (a lead municipality, a
    neighbour) is not covered as if it stood on a cover page."""
    filler = "<p>" + "Kotoutumisen alkuvaiheen palvelut kuvataan tässä ohjelmassa tarkasti. " * 60 + "</p>"
    html = ("<html><body><h1>Kotoutumisohjelma 2025</h1>"
            "<p>Tämä on Rääkkylän kunnan kotoutumisohjelma.</p>" + filler
            + "<h2>Kotoutumiskoulutus</h2><p>Työnhakijoiden koulutuksen järjestää Pohjois-Karjalan "
            "työllisyysalue, jonka vastuukuntana on Joensuun kaupunki.</p></body></html>")
    covered = extract_bytes(html.encode(), "raakkyla.html").municipalities
    assert [m.code for m in covered] == ["707"]


def test_a_member_buying_from_another_buys_for_itself(nlp) -> None:
    text = """Tampereen seudun kotoutumisohjelma

Ohjelma koskee Tampereen kaupunkia ja Kangasalan kaupunkia.

Osaamisen ja kotoutumisen palvelutarpeen arviointi

Kangasala ostaa Tampereen kaupungin maahanmuuttajapalveluilta muiden kuin työnhakijoiden arvioinnit.
"""
    facts = extract_bytes(text.encode(), "tampere.txt").facts
    buyer = {f.municipality for f in facts if f.role == Role.RESPONSIBLE and f.organisation.key == "211"}
    assert buyer == {"211"}


def test_a_member_chapter_names_a_service_by_its_short_word(tmp_path, nlp) -> None:
    """Under a member's own chapter, outside any service section, "arvioinnin" can only be
    the assessment; outside a member's chapter the short word alone names nothing."""
    from tests.extraction.helpers import facts_of_text

    text = """Kivijoen ja Järvelän yhteinen kotoutumisohjelma 2025

Ohjelma koskee Kivijoen kaupunkia ja Järvelän kuntaa.

Yleistä

Arvioinnin merkitys kasvaa, kun asiakkaita on paljon.

2 Kivijoki

Kivijoella muiden kuin työnhakijoiden arvioinnin tekee kaupungin maahanmuuttopalvelut.
"""
    facts = facts_of_text(tmp_path, text)
    assessment = [f for f in facts if f.service.value == "assessment"]
    assert {(f.municipality, f.target_group.value) for f in assessment} == {("995", "others")}


def test_a_list_of_members_under_the_title_covers_them(nlp) -> None:
    from extraction.pipeline import extract_bytes

    text = """Kympin työllisyysalueen kuntien yhteinen kotoutumisohjelma 2025

Alajärvi, Alavus, Evijärvi, Kauhava ja Lapua

Osaamisen ja kotoutumisen palvelutarpeen arviointi

Muiden kuin työnhakijoiden arvioinnista vastaa asiakkaan kotikunta.
"""
    result = extract_bytes(text.encode(), "kymppi.txt")
    assert {m.code for m in result.municipalities} == {"005", "010", "052", "233", "408"}


GROUP_SERVICES = """Ylä-Savon kuntien yhteinen kotoutumisohjelma

Iisalmi ja Vieremä

2 Iisalmi

Iisalmen kaupungin maahanmuuttopalvelut tekee palvelutarpeen arvioinnin muille kuin työnhakijoille.

3 Vieremä

Vieremällä muiden kuin työnhakijoiden palvelut hoidetaan ostopalveluna Iisalmen kaupungilta.
"""


def test_a_member_s_statement_on_a_group_s_services_covers_every_service(tmp_path, nlp) -> None:
    """"muiden kuin työnhakijoiden palvelut": every service of the programme, for the others."""
    facts = [f for f in facts_of_text(tmp_path, GROUP_SERVICES) if f.municipality == "925"]
    assert {f.service.value for f in facts} >= {"assessment", "integration-plan", "civic-orientation",
                                                 "integration-training", "guidance-and-counselling"}
    assert {(f.target_group.value, f.role.value, f.organisation.name) for f in facts} == {
        ("others", "provider", "Iisalmi")}


@pytest.mark.parametrize("opening", [
    "Ohjelma koskee Hyrynsalmea, Kajaania, Kuhmoa, Paltamoa, Puolankaa, Ristijärveä, Sotkamoa ja "
    "Suomussalmea.",
    "Ohjelma koskee seuraavia kuntia: Hyrynsalmi, Kajaani, Kuhmo, Paltamo, Puolanka, Ristijärvi, Sotkamo ja "
    "Suomussalmi.",
])
def test_an_opening_sentence_that_says_whom_the_programme_is_for_covers_them(nlp, opening: str) -> None:
    text = (f"Kainuun kuntien yhteinen kotoutumisohjelma 2025–2028\n\n{opening}\n\n"
            "Kotoutumissuunnitelma\n\nSuunnitelman laatii työnhakijoille työllisyysalue.\n")
    covered = {m.name_fi for m in extract_bytes(text.encode(), "kainuu.txt").municipalities}
    assert covered == {"Hyrynsalmi", "Kajaani", "Kuhmo", "Paltamo", "Puolanka", "Ristijärvi", "Sotkamo",
                       "Suomussalmi"}
