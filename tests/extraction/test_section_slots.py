"""Section slots: a "Yhteistyö" sub-heading (the programme's own municipality is the one
cooperating) and a heading announcing offered services over a list of local services."""

import pytest

from extraction.model import Role
from tests.extraction.helpers import facts_of_text

pytestmark = pytest.mark.model

TEXT = """Kivijoen kaupungin kotoutumisohjelma

Ohjaus ja neuvonta

Kaupunki vastaa ohjauksesta ja neuvonnasta.

Yhteistyö

Kaupungin eri toimialojen välinen yhteistyö tukee neuvontaa. Kivijoen seurakunta ja Kela
ovat mukana neuvonnassa.
"""


def test_own_municipality_is_no_partner_under_cooperation(tmp_path, nlp) -> None:
    facts = facts_of_text(tmp_path, TEXT)
    partners = {f.organisation.key for f in facts if f.role == Role.PARTNER}
    assert partners == {"kivijoen-seurakunta", "kela"}
    assert any(f.role == Role.RESPONSIBLE and f.organisation.key == "995" for f in facts)


OFFER = """Kivijoen kaupungin kotoutumisohjelma

Ohjaus ja neuvonta

Kaupungissa on tarjolla myös muita palveluita

• Kielikahvila, Kivijoen seurakunnan vapaaehtoisten kanssa harjoitellaan suomea.

• Lukupiiri on Kivijoen kansalaisopiston kohtaamispaikka kaikille.
"""


def test_list_under_an_offer_heading_names_providers(tmp_path, nlp) -> None:
    facts = facts_of_text(tmp_path, OFFER)
    providers = {f.organisation.key for f in facts if f.role == Role.PROVIDER}
    assert "kivijoen-kansalaisopisto" in providers
    # "… seurakunnan vapaaehtoisten kanssa": a body the text names with "kanssa" cooperates
    assert any(f.role == Role.PARTNER and f.organisation.key == "kivijoen-seurakunta" for f in facts)


RESPONSIBLE = """Kivijoen kaupungin kotoutumisohjelma

Kotoutumissuunnitelma

Vastuutaho

Kaupungin kotoutumiskoordinaattori vastaa palvelusta tarvittaessa Järviseudun hyvinvointialueen
sosionomin kanssa.
"""


def test_under_a_responsible_slot_the_subjects_partner_stays_a_partner(tmp_path, nlp) -> None:
    facts = facts_of_text(tmp_path, RESPONSIBLE)
    welfare = {f.role for f in facts if f.organisation.key == "jarviseutu"}
    assert welfare == {Role.PARTNER}


FIELDS = """Oulun, Kempeleen ja Muhoksen yhteinen kotoutumisohjelma

Oulu, Kempele ja Muhos

Kotoutumiskoulutus (KotoL 26–27 §)

• Toteuttaja: Oulun aikuiskoulutuskeskus ja Oulun seudun ammattiopisto (työllisyysalueen
puitejärjestely); kielikahvilat (kirjasto, SPR:n Oulun osasto).
• Kunnittaiset erot: Oulu ja Kempele: Oulun työväenopisto; Muhos: Oulun seudun ammattiopisto.
"""


def test_a_bracket_after_a_body_explains_it_and_after_a_noun_lists_bodies(tmp_path, nlp) -> None:
    facts = facts_of_text(tmp_path, FIELDS)
    providers = {f.organisation.name for f in facts if f.role == Role.PROVIDER}
    assert "Oulun työllisyysalue" not in providers
    assert "Suomen Punainen Risti, Oulun osasto" in providers


def test_a_member_label_says_whom_another_member_s_body_serves(tmp_path, nlp) -> None:
    facts = facts_of_text(tmp_path, FIELDS)
    served = {f.municipality for f in facts if f.organisation.name == "Oulun työväenopisto"}
    assert served == {"564", "244"}


def test_strategy_style_fields_give_roles(tmp_path, nlp) -> None:
    text = """Kivijoen kaupungin kotoutumisohjelma

Toimenpide 1.1 Ohjaus ja neuvonta monella kielellä
Vastuu: Kivijoen kaupungin maahanmuuttajapalvelut
Toteutus: Kivijoen seurakunta
Yhteistyö: Kela
"""
    roles = {(f.role, f.organisation.key) for f in facts_of_text(tmp_path, text)
             if f.service.value == "guidance-and-counselling"}
    assert {r for r, _k in roles} == {Role.RESPONSIBLE, Role.PROVIDER, Role.PARTNER}
    assert (Role.PARTNER, "kela") in roles


def test_a_group_label_ends_the_group_run_on_from_the_item_before(tmp_path, nlp) -> None:
    text = """Kivijoen kaupungin kotoutumisohjelma

Kotoutumiskoulutus

• Vastuutaho: työnhakijat: Järvelän työllisyysalue, koulutus järjestetään työvoimakoulutuksena;
muut: asuinkunta, joka varmistaa koulutuksen saatavuuden.
"""
    facts = facts_of_text(tmp_path, text)
    responsible = {(f.organisation.kind.value, f.target_group.value) for f in facts
                   if f.role == Role.RESPONSIBLE}
    assert responsible == {("employment-area", "jobseekers"), ("municipality", "others")}


BRACKETED = """Lohjan kaupungin kotoutumisohjelma

Kotoutumissuunnitelma

Vastuu: työllisyysalue (työnhakijat), kaupunki (muut)

Kotoutumiskoulutus

Ansvarig: sysselsättningsområdet (arbetssökande), staden (övriga)
"""


@pytest.mark.parametrize("service", ["integration-plan", "integration-training"])
def test_a_bracket_after_a_listed_body_gives_its_group(tmp_path, nlp, service) -> None:
    """"työllisyysalue (työnhakijat), kaupunki (muut)": each body for the group in its
    bracket; "(muut)" does not make "kaupunki" a non-referring "muut kaupungit"."""
    facts = facts_of_text(tmp_path, BRACKETED)
    got = {(f.target_group.value, f.organisation.kind.value) for f in facts if f.service.value == service}
    assert got == {("jobseekers", "employment-area"), ("others", "municipality")}


def test_a_second_label_after_a_sentence_end_in_one_box(tmp_path, nlp) -> None:
    """A brochure's box: "Vastuutaho: …(muut). Yhteistyö: hyvinvointialue." — the text before
    "Yhteistyö:" is a sentence, not one long label, and the welfare area cooperates."""
    text = ("Raahen kaupungin kotoutumisohjelma\n\nKotoutumissuunnitelma\n\n"
            "Vastuutaho: työllisyysalue (työnhakijat), Raahen kaupunki (muut). Yhteistyö: hyvinvointialue.\n")
    facts = facts_of_text(tmp_path, text)
    assert {(f.target_group.value, f.role.value, f.organisation.kind.value) for f in facts} == {
        ("jobseekers", "responsible", "employment-area"), ("others", "responsible", "municipality"),
        ("all", "partner", "welfare-area")}
