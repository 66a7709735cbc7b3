"""A web page that gives each service's bodies as a definition list (<dl>: the group or the
role as the term, the body as its description), written for the test in the layout of the
held-out web-page kind."""

import pytest

from extraction.model import ServiceKey
from extraction.pipeline import extract_bytes
from extraction.readers import read_html
from tests.extraction.helpers import who_answers

PAGE = """<!DOCTYPE html><html lang="fi"><head><meta charset="utf-8"><title>Kotoutumisohjelma</title></head>
<body><main><h1>Raahen kaupungin kotoutumisohjelma</h1>
<p>Kotoutumisohjelma kuvaa, miten kotoutumisen alkuvaiheen palvelut järjestetään Raahessa.</p>
<h2>Osaamisen ja kotoutumisen palvelutarpeen arviointi</h2>
<dl><dt>Työnhakijat</dt><dd>Raahen seudun työllisyysalue</dd>
<dt>Muut</dt><dd>Raahen kaupungin maahanmuuttopalvelut</dd>
<dt>Yhteistyössä</dt><dd>Pohjois-Pohjanmaan hyvinvointialue</dd><dd>Kela</dd></dl>
<h2>Yhteiskuntaorientaatio</h2>
<dl><dt>Vastuu</dt><dd>Raahen kaupunki</dd><dt>Toteutus:</dt><dd>Raahen seudun kansalaisopisto</dd></dl>
</main></body></html>"""


def test_a_term_and_its_descriptions_are_one_labelled_line() -> None:
    texts = [line.text for line in read_html(PAGE.encode(), "raahe.html").lines]
    assert "Yhteistyössä: Pohjois-Pohjanmaan hyvinvointialue; Kela" in texts
    assert "Toteutus: Raahen seudun kansalaisopisto" in texts
    assert "Kela" not in texts


@pytest.mark.model
def test_the_bodies_of_a_definition_list_answer_who(nlp) -> None:
    facts = extract_bytes(PAGE.encode(), "raahe.html").facts
    assert who_answers(facts, ServiceKey.ASSESSMENT) == {
        ("jobseekers", "Raahen työllisyysalue"), ("others", "Raahe")}
    assert who_answers(facts, ServiceKey.CIVIC_ORIENTATION) == {
        ("all", "Raahe"), ("all", "Raahen seudun kansalaisopisto")}
    partners = {f.organisation.name for f in facts
                if f.service == ServiceKey.ASSESSMENT and f.role.value == "partner"}
    assert partners == {"Pohjois-Pohjanmaan hyvinvointialue", "Kansaneläkelaitos"}


def test_a_question_term_stays_a_line_of_its_own() -> None:
    page = "<html><body><dl><dt>Kuka tekee?</dt><dd>Työnhakijat: työllisyysalue.</dd></dl></body></html>"
    texts = [line.text for line in read_html(page.encode(), "q.html").lines]
    assert texts == ["Kuka tekee?", "Työnhakijat: työllisyysalue."]


CARDS = """<!DOCTYPE html><html lang="fi"><head><meta charset="utf-8"><title>Kotoutumisohjelma</title></head>
<body><main><h1>Kotoutumisohjelma – palvelut uusille mikkeliläisille</h1>
<p>Sivu on Mikkelin kaupungin kotoutumisohjelman kuvaus.</p>
<section class="card"><h3>Osaamisen ja kotoutumisen palvelutarpeen arviointi</h3>
<p class="facts"><strong>Kuka?</strong> Työnhakijat: Mikkelin seudun työllisyysalue · muut: Mikkelin kaupunki
<strong>Kenelle?</strong> Alle kolme vuotta Suomessa asuneille <strong>Yhteistyössä:</strong> Kela</p>
<p>Arvioinnissa käydään läpi koulutuksesi ja tavoitteesi.</p></section>
</main></body></html>"""


def test_a_card_s_bold_labels_each_open_a_line_of_their_own() -> None:
    texts = [line.text for line in read_html(CARDS.encode(), "mikkeli.html").lines]
    assert "Yhteistyössä: Kela" in texts
    assert "Kenelle? Alle kolme vuotta Suomessa asuneille" in texts


@pytest.mark.model
def test_a_card_s_question_field_names_who_and_its_cooperation_field_partners(nlp) -> None:
    facts = extract_bytes(CARDS.encode(), "mikkeli.html").facts
    assert who_answers(facts, ServiceKey.ASSESSMENT) == {
        ("jobseekers", "Mikkelin seudun työllisyysalue"), ("others", "Mikkeli")}
    partners = {f.organisation.name for f in facts if f.role.value == "partner"}
    assert partners == {"Kansaneläkelaitos"}
