"""A sub-heading that names one outside body alone presents what it offers: the body
provides the section's service. A name heading the sentence under it defines as an
organisation ("Pallo" / "Kivijokelainen salibandyseura, jonka …") names that body."""

import pytest

from extraction.model import Role, ServiceKey
from tests.extraction.helpers import facts_of_text

pytestmark = pytest.mark.model

TEXT = """Kivijoen kaupungin kotoutumisohjelma

Muut kunnan palvelut

Kivijoen kansanopisto

Kivijoen kansanopisto on kuntalaisia lähellä oleva oppimisen ja kohtaamisen paikka.

Pallo

Kivijokelainen salibandyseura, jonka arvopohjaan kuuluvat ilo ja yhteistyö.

Kivijoen kaupunki

Kaupungin kirjasto on avoinna kaikille.
"""


def _providers(facts) -> set[str]:
    return {f.organisation.name for f in facts if f.role == Role.PROVIDER
            and f.service == ServiceKey.OTHER_MUNICIPAL_SERVICES}


def test_a_body_presented_under_its_own_heading_provides(tmp_path, nlp) -> None:
    assert {"Kivijoen kansanopisto", "Pallo"} <= _providers(facts_of_text(tmp_path, TEXT))


def test_the_programmes_own_municipality_is_not_presented(tmp_path, nlp) -> None:
    assert "Kivijoki" not in _providers(facts_of_text(tmp_path, TEXT))


def test_a_name_heading_without_a_definition_is_no_body(tmp_path, nlp) -> None:
    text = TEXT.replace("Kivijokelainen salibandyseura, jonka", "Pelissä on mukana kaikki, joiden")
    assert "Pallo" not in _providers(facts_of_text(tmp_path, text))


PARTNERS = """Kivijoen kaupungin kotoutumisohjelma

Muut kunnan palvelut

Kaupunki vastaa palveluista.

C) Yhteistyö

Kivijoen kansanopisto

Kivijoen kansanopisto on kuntalaisia lähellä oleva oppimisen ja kohtaamisen paikka.
"""


def test_a_body_under_a_cooperation_part_is_not_presented_as_provider(tmp_path, nlp) -> None:
    assert "Kivijoen kansanopisto" not in _providers(facts_of_text(tmp_path, PARTNERS))


def test_a_sentence_stating_the_bodys_role_overrides_the_heading(tmp_path, nlp) -> None:
    text = TEXT.replace("Kivijoen kansanopisto on kuntalaisia lähellä oleva oppimisen ja kohtaamisen paikka.",
                        "Kivijoen kansanopisto osallistuu tarvittaessa palveluiden suunnitteluun.")
    assert "Kivijoen kansanopisto" not in _providers(facts_of_text(tmp_path, text))
