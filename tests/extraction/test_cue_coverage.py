"""Common ways of saying who does what, in Swedish and Finnish, each under a service heading
of a one-municipality programme: the cue verbs and predicates a programme written by someone
else is likely to use (written for the test, not taken from any development document)."""

import pytest

from extraction.model import Role, ServiceKey, TargetGroup
from extraction.pipeline import extract_bytes
from extraction.services import services_in_text
from extraction.targets import header_target_of
from tests.extraction.helpers import tables_docx, who_answers

pytestmark = pytest.mark.model

SV_HEAD = "Närpes stad\nIntegrationsprogram 2025–2028\n\nSamhällsorientering\n\n"
FI_HEAD = "Närpiön kaupunki\nKotoutumisohjelma 2025–2028\n\nYhteiskuntaorientaatio\n\n"
TOWN = "Närpiö"
ORIENTATION = ServiceKey.CIVIC_ORIENTATION


def _facts(text: str, name: str = "probe.txt"):
    return extract_bytes(text.encode(), name).facts


def _who(head: str, sentence: str) -> set[str]:
    return {name for _role, name in who_answers(_facts(head + sentence + "\n"), ORIENTATION, "545")}


def _partners(head: str, sentence: str) -> set[str]:
    return {f.organisation.name for f in _facts(head + sentence + "\n")
            if f.role == Role.PARTNER and f.service == ORIENTATION}


@pytest.mark.parametrize(("sentence", "body"), [
    ("Orienteringen utförs av Folkhälsan.", "Folkhälsan"),
    ("Folkhälsan förverkligar orienteringen.", "Folkhälsan"),
    ("Orienteringen handhas av staden.", TOWN),
    ("Staden sörjer för orienteringen.", TOWN),
    ("Staden tar hand om orienteringen.", TOWN),
    ("Staden arrangerar orienteringen på flera språk.", TOWN),
    ("Orienteringen köps från Folkhälsan.", "Folkhälsan"),
    ("Orienteringen anskaffas från Folkhälsan.", "Folkhälsan"),
    ("Staden är ansvarig för orienteringen.", TOWN),
    ("Ansvarig för orienteringen är staden.", TOWN),
    ("Huvudansvaret för orienteringen har staden.", TOWN),
    ("Orienteringen är stadens ansvar.", TOWN),
    ("Ansvaret för orienteringen ligger hos staden.", TOWN),
    ("Folkhälsan fungerar som utförare.", "Folkhälsan"),
    ("Folkhälsan är serviceproducent.", "Folkhälsan"),
])
def test_a_swedish_statement_of_who_does_it(nlp, sentence: str, body: str) -> None:
    assert body in _who(SV_HEAD, sentence)


@pytest.mark.parametrize(("sentence", "bodies"), [
    ("FPA är med i orienteringen.", {"Kansaneläkelaitos"}),
    ("Samarbetspartner är FPA och Folkhälsan.", {"Kansaneläkelaitos", "Folkhälsan"}),
    ("Församlingen och Röda korset deltar i arbetet.", {"seurakunta", "Suomen Punainen Risti"}),
    ("Röda korsets frivilliga deltar i orienteringen.", {"Suomen Punainen Risti"}),
])
def test_a_swedish_statement_of_who_takes_part(nlp, sentence: str, bodies: set[str]) -> None:
    assert _partners(SV_HEAD, sentence) == bodies


def test_a_purchase_from_clients_home_town_names_no_seller(nlp) -> None:
    """"för studerande från Kronoby": where the clients come from, not whom the town buys from."""
    assert _who(SV_HEAD, "Staden köper platser i orienteringen för studerande från Kronoby.") == {TOWN}


def test_the_programme_s_own_title_is_no_body(nlp) -> None:
    """A cover page's "Integrationsprogram" alone on its line presents nobody's service."""
    text = ("Närpes stad\nIntegrationsprogram\n\nSamhällsorientering\n"
            "Staden upprättar en plan för orienteringen.\n")
    assert who_answers(_facts(text), ORIENTATION, "545") == {(Role.RESPONSIBLE, TOWN)}


def test_a_swedish_agent_described_then_named_after_a_colon(nlp) -> None:
    text = ("Närpes stad\nIntegrationsprogram 2025–2028\n\nIntegrationsplan\n\nPlanen upprättas av den som "
            "gjort bedömningen: sysselsättningsområdet för arbetssökande och staden för övriga.\n")
    assert who_answers(_facts(text), ServiceKey.INTEGRATION_PLAN) == {
        ("jobseekers", "Pohjanmaan työllisyysalue"), ("others", TOWN)}


@pytest.mark.parametrize("sentence", [
    "Övriga studerar svenska vid Närpes medborgarinstitut.",
    "Övriga kan studera svenska vid Närpes medborgarinstitut.",
])
def test_the_school_clients_study_at_gives_the_training(nlp, sentence: str) -> None:
    text = "Närpes stad\nIntegrationsprogram 2025–2028\n\nIntegrationsutbildning\n\n" + sentence + "\n"
    assert ("others", "Närpes medborgarinstitut") in who_answers(
        _facts(text), ServiceKey.INTEGRATION_TRAINING)


def test_students_counted_at_a_school_are_background(nlp) -> None:
    text = ("Närpes stad\nIntegrationsprogram 2025–2028\n\nIntegrationsutbildning\n\nStaden ordnar "
            "integrationsutbildningen. 400 utländska studenter studerar vid Yrkesakademin i Österbotten.\n")
    assert who_answers(_facts(text), ServiceKey.INTEGRATION_TRAINING) == {("all", TOWN)}


@pytest.mark.parametrize(("sentence", "body"), [
    ("Yhteiskuntaorientaation toteuttaa Moniheli ry.", "Moniheli ry"),
    ("Kaupunki on vastuussa yhteiskuntaorientaatiosta.", TOWN),
    ("Yhteiskuntaorientaatio kuuluu kaupungin vastuulle.", TOWN),
    ("Yhteiskuntaorientaation toteuttaa kansalaisopisto.", TOWN),
])
def test_a_finnish_statement_of_who_does_it(nlp, sentence: str, body: str) -> None:
    assert body in _who(FI_HEAD, sentence)


@pytest.mark.parametrize("sentence", [
    "Kela on yhteistyökumppani yhteiskuntaorientaatiossa.",
    "Kela ja Moniheli ry ovat yhteistyökumppaneita.",
])
def test_a_finnish_slot_noun_predicates_its_subject(nlp, sentence: str) -> None:
    assert "Kansaneläkelaitos" in _partners(FI_HEAD, sentence)


def test_where_bodies_take_part_in_the_implementation_they_are_partners(nlp) -> None:
    """"toteutuksessa ovat mukana X": taking part, not producing it."""
    sentence = "Orientaation toteutuksessa ovat mukana Kela ja Suomen Punainen Risti."
    assert _partners(FI_HEAD, sentence) == {"Kansaneläkelaitos", "Suomen Punainen Risti"}
    assert _who(FI_HEAD, sentence) == set()


SV_MAPPING = "Närpes stad\nIntegrationsprogram 2025–2028\n\nInledande kartläggning\n\n"
FI_MAPPING = "Närpiön kaupunki\nKotoutumisohjelma 2025–2028\n\nAlkukartoitus\n\n"


def _groups(head: str, sentence: str) -> set[tuple[str, str]]:
    return who_answers(_facts(head + sentence + "\n"), ServiceKey.ASSESSMENT)


@pytest.mark.parametrize(("head", "sentence"), [
    (SV_MAPPING, "För icke-arbetssökande görs kartläggningen av staden."),
    (SV_MAPPING, "För dem som inte är kunder hos arbetskraftsmyndigheten görs kartläggningen av staden."),
    (FI_MAPPING, "Ei-työnhakijoiden alkukartoituksen tekee kaupunki."),
    (FI_MAPPING, "Kaupunki tekee alkukartoituksen maahanmuuttajille, jotka eivät ole "
                 "työllisyyspalveluiden asiakkaita."),
])
def test_those_who_are_not_jobseekers_are_the_others(nlp, head: str, sentence: str) -> None:
    assert _groups(head, sentence) == {("others", TOWN)}


def test_the_body_for_everyone_else_after_annars(nlp) -> None:
    sentence = ("Kartläggningen görs av sysselsättningsområdet om invandraren är arbetssökande, "
                "annars av staden.")
    assert _groups(SV_MAPPING, sentence) == {("jobseekers", "Pohjanmaan työllisyysalue"), ("others", TOWN)}


@pytest.mark.parametrize(("text", "language", "service"), [
    ("Familjespecifik integrationsplan", "sv", ServiceKey.FAMILY_INTEGRATION_PLAN),
    ("Kompetensbedömning", "sv", ServiceKey.ASSESSMENT),
    ("Bedömning av servicebehovet", "sv", ServiceKey.ASSESSMENT),
    ("Andra kommunala tjänster", "sv", ServiceKey.OTHER_MUNICIPAL_SERVICES),
    ("Osaamisen kartoitus", "fi", ServiceKey.ASSESSMENT),
    ("Muu koulutus ja muut palvelut", "fi", ServiceKey.OTHER_TRAINING_AND_SERVICES),
    ("Kunnan muut palvelut", "fi", ServiceKey.OTHER_MUNICIPAL_SERVICES),
])
def test_a_service_s_other_usual_name(text: str, language: str, service: ServiceKey) -> None:
    assert services_in_text(text, language) == [service]


@pytest.mark.parametrize(("header", "language", "group"), [
    ("TE-asiakkaat", "fi", TargetGroup.JOBSEEKERS),
    ("Työllisyyspalveluiden asiakkaat", "fi", TargetGroup.JOBSEEKERS),
    ("Kunnan asiakkaat", "fi", TargetGroup.OTHERS),
    ("Muut kuntalaiset", "fi", TargetGroup.OTHERS),
    ("Sysselsättningsområdets kunder", "sv", TargetGroup.JOBSEEKERS),
    ("Kommunens kunder", "sv", TargetGroup.OTHERS),
    ("Kaikki", "fi", TargetGroup.ALL),
])
def test_a_column_headed_by_whose_clients_they_are(header: str, language: str, group: TargetGroup) -> None:
    assert header_target_of(header, language) == group


def test_a_table_with_client_columns_splits_the_groups(nlp) -> None:
    data = tables_docx("Pyhäjärven kaupungin kotoutumisohjelma 2025–2028", [("Vastuunjako", [
        ("Palvelu", "TE-asiakkaat", "Kunnan asiakkaat", "Yhteistyö"),
        ("Osaamisen ja kotoutumisen palvelutarpeen arviointi", "Oulun seudun työllisyysalue",
         "Pyhäjärven kaupunki", "Pohjois-Pohjanmaan hyvinvointialue"),
    ])], opening="Kotoutumisohjelma koskee Pyhäjärven kaupunkia.")
    facts = extract_bytes(data, "pyhajarvi.docx").facts
    assert who_answers(facts, ServiceKey.ASSESSMENT) == {
        ("jobseekers", "Oulun työllisyysalue"), ("others", "Pyhäjärvi")}


GUIDANCE_HEAD = "Raahen kaupunki\nKotoutumisohjelma 2025–2028\n\nOhjaus ja neuvonta\n\n"


def _guidance(sentence: str) -> set[tuple[str, str]]:
    return who_answers(_facts(GUIDANCE_HEAD + sentence + "\n"), ServiceKey.GUIDANCE_AND_COUNSELLING)


@pytest.mark.parametrize(("sentence", "answer"), [
    ("Kotoutumiskoordinaattori ohjaa asiakkaita arjen asioissa.", ("all", "Raahe")),
    ("Työnhakijoita ohjaa työllisyysalue.", ("jobseekers", "Raahen työllisyysalue")),
    ("Maahanmuuttajat saavat ohjausta kaupungin kotoutumiskoordinaattorilta.", ("all", "Raahe")),
])
def test_who_guides_the_clients_gives_guidance(nlp, sentence: str, answer: tuple[str, str]) -> None:
    assert answer in _guidance(sentence)


@pytest.mark.parametrize("sentence", [
    "Kela ohjaa asiakkaat työllisyysalueelle.",
    "Maahanmuuttopalvelut ohjaavat kotoutujat järjestöjen toiminnan pariin.",
    "Ohjausryhmä ohjaa ohjelman toteutusta.",
])
def test_referring_or_steering_is_no_guidance_given(nlp, sentence: str) -> None:
    assert _guidance(sentence) == set()


def test_whom_the_municipality_invites_takes_part(nlp) -> None:
    sentence = "Kommunen bjuder in FPA och välfärdsområdet att presentera sina tjänster."
    assert _partners("Malax kommun\nIntegrationsprogram 2025–2028\n\nSamhällsorientering\n\n", sentence) == {
        "Kansaneläkelaitos", "Pohjanmaan hyvinvointialue"}


def test_a_final_test_held_with_the_training_has_the_training_s_bodies(nlp) -> None:
    text = ("Malax kommun\nIntegrationsprogram 2025–2028\n\nIntegrationsutbildning\n\n"
            "Integrationsutbildningen för övriga ordnas av Malax medborgarinstitut.\n\nSlutprov\n\n"
            "Slutprovet i språkkunskaper ordnas i samband med integrationsutbildningen av den som "
            "genomför utbildningen.\n")
    assert ("others", "Malax medborgarinstitut") in who_answers(_facts(text), ServiceKey.FINAL_LANGUAGE_TEST)
