"""Providers known by a one-word brand ("Sedu", "Gradia") that no head noun marks: a lone
capitalised word the lexicon does not know is a body where the parse puts it in a body's
place, and only there; a document's own definition of a short name wins over the guess."""

import pytest

from extraction.model import Role
from tests.extraction.helpers import facts_of_text

pytestmark = pytest.mark.model

TEXT = """Kivijoen kaupungin kotoutumisohjelma

Kotoutumiskoulutus

Työnhakijoiden kotoutumiskoulutuksen järjestää työllisyysalue. Koulutuksen toteuttaa Sedu.

Muiden kuin työnhakijoiden kotoutumiskoulutuksen Kivijoen kaupunki ostaa Luksialta.

Muu koulutus

Omaehtoista opiskelua tarjoavat Kivijoen kansalaisopisto ja Gradia. Yhteyshenkilö on Maija Virtanen.
"""


def _providers(facts) -> set[str]:
    return {f.organisation.name for f in facts if f.role == Role.PROVIDER}


def test_a_lone_unknown_name_in_a_bodys_place_is_a_body(tmp_path, nlp) -> None:
    facts = facts_of_text(tmp_path, TEXT)
    providers = _providers(facts)
    assert {"Sedu", "Luksia", "Gradia"} <= providers  # subject, seller, conjunct of a body
    assert not any("Virtanen" in f.organisation.name or "Maija" in f.organisation.name for f in facts)


def test_a_defined_short_name_is_not_guessed(tmp_path, nlp) -> None:
    text = ("Kivijoen kaupungin kotoutumisohjelma\n\nOhjaus ja neuvonta\n\n"
            "Sosiaalipalvelut järjestää Pohjois-Karjalan hyvinvointialue (Siun sote).\n\n"
            "Ohjausta antaa myös Siun sote.\n")
    facts = facts_of_text(tmp_path, text)
    assert "Siun" not in {f.organisation.name for f in facts}
    assert any(f.role == Role.PROVIDER and f.organisation.name == "Pohjois-Karjalan hyvinvointialue"
               for f in facts)


def test_known_words_and_longer_names_are_left_alone(nlp) -> None:
    from extraction.org_names import unknown_names

    sent = next(nlp("Koulutuksen toteuttaa Sedu.").sents)
    assert unknown_names(sent, set(), set(), lambda w: False) == [(sent.end - 2, "Sedu")]
    assert unknown_names(sent, set(), set(), lambda w: True) == []  # the lexicon knows it
    sent = next(nlp("Koulutuksen toteuttaa Maija Virtanen.").sents)
    assert unknown_names(sent, set(), set(), lambda w: False) == []  # a person's name


def test_unknown_names_listed_under_a_slot(tmp_path, nlp) -> None:
    text = ("Kivijoen kaupungin kotoutumisohjelma\n\nKotoutumiskoulutus\n\nVastuu: Kivijoen kaupunki\n\n"
            "Toteutus: Sedu\n\nMonikielinen yhteiskuntaorientaatio\n\nVastuu: Kivijoen kaupunki\n\n"
            "Toteutus: Ekami ja Kivijoen kansalaisopisto\n")
    facts = facts_of_text(tmp_path, text)
    providers = {(f.service.value, f.organisation.name) for f in facts if f.role == Role.PROVIDER}
    assert ("integration-training", "Sedu") in providers  # alone in its list
    assert ("civic-orientation", "Ekami") in providers  # first of a list, a body after it


def test_a_brand_after_an_institution_head_is_one_name(nlp, gazetteer) -> None:
    from extraction.mentions import find_mentions

    sent = next(nlp("Kunnat ostavat orientaation Seinäjoen koulutuskuntayhtymä Sedulta.").sents)
    names = [m.org.name for m in find_mentions(sent, gazetteer) if m.org is not None]
    assert "Seinäjoen koulutuskuntayhtymä Sedu" in names and "Sedu" not in names


CELLS = """Hirvensalmen kunnan kotoutumisohjelma

Yhteiskuntaorientaatio

Tuottaja: ostetaan Ekamilta

Kotoutumiskoulutus

Palvelu ostetaan Kemi-Tornionlaakson koulutuskuntayhtymä Lappialta
"""


def test_a_seller_in_a_cell_without_a_full_stop(tmp_path, nlp) -> None:
    """Without a full stop the tagger may call "Ekamilta" an adjective: still the seller. After
    an institution's head the word ends the longer name, and is not a name of its own."""
    facts = facts_of_text(tmp_path, CELLS)
    providers = {(f.service.value, f.organisation.name) for f in facts if f.role == Role.PROVIDER}
    assert ("civic-orientation", "Ekami") in providers
    assert ("integration-training", "Lappia") not in providers
