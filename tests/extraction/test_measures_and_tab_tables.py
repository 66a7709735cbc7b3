"""Two layouts seen in independently written programmes, each in a short programme written
for the test: a strategy-style plain text whose services sit in numbered measures
("Toimenpide 1.2 …" with "Vastuu:" and "Mittari:" fields), and a Swedish joint programme
whose responsibility table was copied as tab-separated text, with a legend of abbreviations
and one column per member ("Övriga – Lovisa")."""

import pytest

from extraction.model import ServiceKey
from extraction.pipeline import extract_bytes
from extraction.readers import read_text
from tests.extraction.helpers import who_answers

WIDTH = 92


def _wrapped(paragraph: str) -> str:
    """A paragraph wrapped by hand at a fixed width, as a text export wraps it."""
    lines, line = [], ""
    for word in paragraph.split():
        if line and len(line) + 1 + len(word) > WIDTH:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


BACKGROUND = _wrapped(
    "Ohjelma kokoaa kotoutumisen alkuvaiheen palvelut ja niiden tavoitteet yhteen. Vuonna 2024 "
    "kaupunkiin muutti ulkomailta noin 700 ihmistä, ja palveluihin jonotettiin keskimäärin kuusi "
    "viikkoa. Ohjelman tavoitteet ja toimenpiteet on laadittu yhdessä asukkaiden, järjestöjen ja "
    "viranomaisten kanssa, ja niiden toteutumista seurataan vuosittain kaupunginhallituksessa.")

MEASURES = "\n\n".join([
    "JOENSUUN KAUPUNGIN KOTOUTUMISOHJELMA 2025–2028",
    BACKGROUND,
    "TAVOITE 1. Palvelut alkavat nopeasti",
    "Toimenpide 1.1 Arviointi viivytyksettä kaikille uusille kaupunkilaisille\n" + _wrapped(
        "Osaamisen ja kotoutumisen palvelutarpeen arviointi tehdään kolmen viikon kuluessa yhteydenotosta. "
        "Työnhakijoiden arvioinnin tekee Pohjois-Karjalan työllisyysalue ja muiden arvioinnin kaupungin "
        "kotoutumispalvelut.") + "\nVastuu: työllisyysalue (työnhakijat); kotoutumispalvelut (muut)\n"
    "Mittari: läpimenoaika; arvioitujen määrä",
    "Toimenpide 1.2 Yhteinen tiimi vaativiin tilanteisiin\n" + _wrapped(
        "Monialainen osaamisen ja kotoutumisen palvelutarpeen arviointi tehdään tiimissä, jossa "
        "työskentelevät kaupungin kotoutumisohjaajat ja Siun soten sosiaalityöntekijät.")
    + "\nVastuu: kotoutumispalvelut ja Siun sote\nMittari: tapaamiset; asiakasmäärä",
    "Toimenpide 1.3 Kieltä ja työelämävalmiuksia vahvistavat muut palvelut\n" + _wrapped(
        "Lukutaitokoulutusta järjestää Joensuun seudun kansalaisopisto.")
    + "\nVastuu: kotoutumispalvelut\nMittari: osallistujat; keskeyttäneet",
    "Toimenpide 1.4 Rekrytointitapahtumat\n" + _wrapped(
        "Rekrytointitapahtumia järjestetään kahdesti vuodessa.")
    + "\nVastuu: Business Joensuu Oy\nMittari: työllistyneet",
]) + "\n"


def test_a_hand_wrapped_measure_title_is_a_heading_and_a_field_list_is_not() -> None:
    from extraction.structure import build_structure

    blocks = build_structure(read_text(MEASURES.encode(), "joensuu.txt")).blocks
    headings = [b.text for b in blocks if b.kind == "heading"]
    assert "Toimenpide 1.1 Arviointi viivytyksettä kaikille uusille kaupunkilaisille" in headings
    assert not [h for h in headings if h.startswith("Mittari")]


@pytest.mark.model
def test_each_measure_frames_its_own_service(nlp) -> None:
    facts = extract_bytes(MEASURES.encode(), "joensuu.txt").facts
    assert who_answers(facts, ServiceKey.ASSESSMENT) >= {
        ("jobseekers", "Pohjois-Karjalan työllisyysalue"), ("others", "Joensuu")}
    # "Yhteinen tiimi …" names no service: the measure is about what its text opens with,
    # not a sub-heading of the assessment's measure before it
    welfare_area = ("all", "Pohjois-Karjalan hyvinvointialue")  # "Siun sote"
    assert welfare_area in who_answers(facts, ServiceKey.MULTISECTOR_ASSESSMENT)
    assert welfare_area not in who_answers(facts, ServiceKey.ASSESSMENT)
    assert ("all", "Joensuun seudun kansalaisopisto") in who_answers(
        facts, ServiceKey.OTHER_TRAINING_AND_SERVICES)
    # the measure after it, outside the programme's services, adds nothing to them
    assert not [f for f in facts if "Business Joensuu" in f.organisation.name]


TABLE = "\n".join([
    "INTEGRATIONSPROGRAM FÖR LOVISA OCH LAPPTRÄSK 2025–2027",
    "",
    "Programmet gäller kommunerna Lovisa och Lappträsk.",
    "",
    "3 ANSVARSTABELL",
    "",
    "Förkortningar:",
    "SSO = Borgå sysselsättningsområde (arbetskraftsmyndigheten)",
    "IT = Lovisa stads integrationstjänster",
    "LMI = Lovisa medborgarinstitut (Loviisan kansalaisopisto), en enhet inom Lovisa stad",
    "",
    "Tjänst\tArbetssökande\tÖvriga – Lovisa\tÖvriga – Lappträsk\tSamarbete",
    "Kartläggning av kompetens och integrationsbehov\tSSO\tIT\tIT (köptjänst)\t",
    "Integrationsutbildning\tSSO\tLMI\tLMI (köptjänst)\tFPA",
    "",
]) + "\n"


def test_tab_separated_cells_are_a_table_row() -> None:
    texts = [line.text for line in read_text(TABLE.encode(), "lovisa.txt").lines]
    assert "Kartläggning av kompetens och integrationsbehov | SSO | IT | IT (köptjänst) | –" in texts


@pytest.mark.model
def test_a_member_column_and_the_legend_name_the_bodies(nlp) -> None:
    facts = extract_bytes(TABLE.encode(), "lovisa.txt").facts
    lovisa, lapptrask = "434", "407"
    assessment = ServiceKey.ASSESSMENT
    # the legend's "SSO" is the employment area, in the jobseekers' column for both members
    assert any(name == "Porvoon työllisyysalue" for _role, name in who_answers(facts, assessment, lovisa))
    # "Övriga – Lovisa" is Lovisa's column only: Lappträsk's own column says it buys
    assert who_answers(facts, assessment, lapptrask, groups={"others"}) == {
        ("responsible", "Lapinjärvi"), ("provider", "Loviisa")}
    assert ("provider", "Loviisa") not in who_answers(facts, assessment, lovisa, groups={"others"})


PATH_PAGE = """<!DOCTYPE html><html lang="fi"><head><meta charset="utf-8"><title>Kotoutumisohjelma</title>
</head><body><main><h1>Kotoutumisohjelma – palvelupolkusi Iisalmessa</h1>
<p>Kaupungin kotoutumisen alkuvaiheen palveluista vastaa Kotoutumispalvelut Majakka, joka kuuluu
kaupungin sivistyspalveluihin.</p>
<h2>1. Alkukartoitus</h2>
<h3>Kuka tekee?</h3>
<p>Jos olet ilmoittautunut työnhakijaksi, alkukartoituksen tekee Ylä-Savon työllisyysalueen asiantuntija.</p>
<p>Jos et ole työnhakija, alkukartoituksen tekee Majakan kotoutumisohjaaja.</p>
<h2>5. Yhteiskuntaorientaatio</h2>
<p>Muille kuin työnhakijoille orientaation järjestää Majakka. Ryhmät kokoontuvat kirjastossa.</p>
<h2>7. Muut opinnot ja tie työelämään</h2>
<h3>Mitä on tarjolla?</h3>
<p>Lukutaitokoulutusta järjestää Ylä-Savon kansalaisopisto.</p>
</main></body></html>"""


@pytest.mark.model
def test_a_unit_named_once_is_that_unit_by_its_name_alone(nlp) -> None:
    facts = extract_bytes(PATH_PAGE.encode(), "iisalmi.html").facts
    # "Kotoutumispalvelut Majakka" … "orientaation järjestää Majakka": the town's unit
    assert who_answers(facts, ServiceKey.ASSESSMENT) == {
        ("jobseekers", "Ylä-Savon työllisyysalue"), ("others", "Iisalmi")}
    assert who_answers(facts, ServiceKey.CIVIC_ORIENTATION) == {("others", "Iisalmi")}
    # "Muut opinnot …" heads the other training and services
    assert ("all", "Ylä-Savon kansalaisopisto") in who_answers(facts, ServiceKey.OTHER_TRAINING_AND_SERVICES)


BESIDES = """VAASAN KAUPUNGIN KOTOUTUMISOHJELMA

4.4 Monialainen kotoutumissuunnitelma

Muiden kuin työnhakijoiden suunnitelman laativat kotoutumispalvelut ja hyvinvointialueen
sosiaalityö yhdessä asiakkaan kanssa.

4.9 Muu koulutus ja palvelut

Kotoutumiskoulutuksen lisäksi Vaasa-opisto järjestää suomen kielen kursseja eri tasoilla.
"""


@pytest.mark.model
def test_a_predicate_taken_for_a_participle_and_a_sentence_that_speaks_besides_a_service(nlp) -> None:
    facts = extract_bytes(BESIDES.encode(), "vaasa.txt").facts
    # "… suunnitelman laativat kotoutumispalvelut ja …": the parser hangs "laativat" on the
    # noun after it as an attribute; the sentence has no other verb, so it is the predicate
    assert who_answers(facts, ServiceKey.MULTISECTOR_INTEGRATION_PLAN) == {
        ("others", "Vaasa"), ("others", "Pohjanmaan hyvinvointialue")}
    # "Kotoutumiskoulutuksen lisäksi …" is what comes besides the training, not its title
    assert ("all", "Vaasan kaupungin Vaasa-opisto") not in who_answers(facts, ServiceKey.INTEGRATION_TRAINING)
    assert who_answers(facts, ServiceKey.INTEGRATION_TRAINING) == set()
    assert who_answers(facts, ServiceKey.OTHER_TRAINING_AND_SERVICES)


PARTNERS = """KOKKOLAN KAUPUNGIN KOTOUTUMISOHJELMA

Perheen kotoutumissuunnitelma

Perheen kotoutumissuunnitelman laatii kaupungin perheohjaaja. Suunnitelman laatimiseen kutsutaan
tarvittaessa mukaan Keski-Pohjanmaan koulutusyhtymä Kpedun opinto-ohjaaja.

Kotoutumiskoulutus

Muille kuin työnhakijoille kotoutumiskoulutusta järjestää Kokkolan suomenkielinen työväenopisto.
Ryhmien ajaksi lapsille on tarjolla lastenhoito, jonka järjestää MLL:n Kokkolan yhdistys.
"""


@pytest.mark.model
def test_an_invited_one_and_the_childcare_are_partners(nlp) -> None:
    facts = extract_bytes(PARTNERS.encode(), "kokkola.txt").facts

    def partners(service: ServiceKey) -> set[str]:
        return {f.organisation.name for f in facts if f.service == service and f.role.value == "partner"}

    # "kutsutaan mukaan … opinto-ohjaaja": the parser took the invited one for a subject
    assert "Keski-Pohjanmaan koulutusyhtymä Kpedu" in partners(ServiceKey.FAMILY_INTEGRATION_PLAN)
    # the childcare during the training is an auxiliary service: its body cooperates
    assert "MLL:n Kokkolan yhdistys" in partners(ServiceKey.INTEGRATION_TRAINING)
    assert ("others", "MLL:n Kokkolan yhdistys") not in who_answers(facts, ServiceKey.INTEGRATION_TRAINING)


@pytest.mark.model
def test_a_table_whose_columns_are_roles_frames_each_cell_by_its_column_and_its_lines_groups(nlp) -> None:
    from tests.extraction.helpers import tables_docx

    data = tables_docx("Integrationsprogram för Larsmo kommun", [
        ("Kartläggning av kompetens och integrationsbehov", [
            ("Ansvarig", "Samarbetspartner"),
            ("Arbetssökande: Jakobstadsregionens sysselsättningsområde\nÖvriga: Larsmo kommun",
             "Folkpensionsanstalten"),
        ]),
    ], opening="Programmet beskriver integrationstjänsterna i Larsmo kommun.")
    facts = extract_bytes(data, "larsmo.docx").facts
    assert who_answers(facts, ServiceKey.ASSESSMENT) == {
        ("jobseekers", "Pietarsaaren työllisyysalue"), ("others", "Luoto")}
    partners = {f.organisation.name for f in facts if f.role.value == "partner"}
    assert partners == {"Kansaneläkelaitos"}
