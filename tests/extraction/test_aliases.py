"""Short names a programme defines for bodies stand for those bodies wherever it uses them."""

import pytest

from extraction.aliases import definitions
from extraction.model import Role, ServiceKey
from extraction.pipeline import extract_bytes


@pytest.mark.parametrize(("text", "short", "long"), [
    ("POHA | Pohjois-Pohjanmaan hyvinvointialue", "POHA", "Pohjois-Pohjanmaan hyvinvointialue"),
    ("HVA = Päijät-Hämeen hyvinvointialue, LKO = Lahden kansanopisto", "LKO", "Lahden kansanopisto"),
    ("Palvelut järjestää Pirkanmaan hyvinvointialue (Pirha).", "Pirha",
     "Palvelut järjestää Pirkanmaan hyvinvointialue"),
    ("Kurssit pitää Kpedu (Keski-Pohjanmaan koulutusyhtymä).", "Kpedu", "Keski-Pohjanmaan koulutusyhtymä"),
    ("Sosiaalipalvelut järjestää Pohjois-Karjalan hyvinvointialue (Siun sote).", "Siun sote",
     "Sosiaalipalvelut järjestää Pohjois-Karjalan hyvinvointialue"),
    ("Hämeenlinnan kaupungin maahanmuuttajapalvelut, jäljempänä Mamu", "Mamu",
     "Hämeenlinnan kaupungin maahanmuuttajapalvelut"),
])
def test_definitions(text: str, short: str, long: str) -> None:
    assert {d.short: d.long for d in definitions([text])}[short] == long


def test_laws_and_plain_brackets_define_nothing() -> None:
    assert not definitions(["Laki kotoutumisen edistämisestä (681/2023) ja KotoL (laki)"])


PROGRAMME = """Rääkkylän kunnan kotoutumisohjelma

Sosiaali- ja terveyspalvelut järjestää Pohjois-Karjalan hyvinvointialue (Siun sote).

Ohjaus ja neuvonta (KotoL 10 §)

Kunnan kotoutumiskoordinaattori antaa ohjausta ja neuvontaa kaikille maahanmuuttajille.
Etuusasioissa ohjaus tehdään yhteistyössä Kelan ja Siun soten sosiaalityön kanssa.
"""


@pytest.mark.model
def test_a_short_name_in_another_case_names_the_defined_body(nlp) -> None:
    facts = extract_bytes(PROGRAMME.encode(), "raakkyla.txt").facts
    partners = {f.organisation.name for f in facts
                if f.service == ServiceKey.GUIDANCE_AND_COUNSELLING and f.role == Role.PARTNER}
    assert partners == {"Kansaneläkelaitos", "Pohjois-Karjalan hyvinvointialue"}
