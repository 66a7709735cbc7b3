"""A short programme names the town it buys a service from on its only page: that town sells
to the programme's municipality, it is not covered by the programme (written for the test
in the layout of the held-out short and small-municipality kinds)."""

import pytest

from extraction.model import ServiceKey
from extraction.pipeline import extract_bytes
from tests.extraction.helpers import tables_docx, who_answers

pytestmark = pytest.mark.model


def _extract(text: str):
    return extract_bytes(text.encode(), "probe.txt")


def test_a_finnish_seller_town_is_no_member(nlp) -> None:
    result = _extract("Siikalatvan kotoutumisohjelma 2025–2028\n\nKotoutumisohjelma koskee Siikalatvan "
                      "kuntaa.\n\nYhteiskuntaorientaatio\n\nKunta järjestää yhteiskuntaorientaation "
                      "ostopalveluna Oulun kaupungilta.\n")
    assert [m.name_fi for m in result.municipalities] == ["Siikalatva"]
    assert {name for _role, name in who_answers(result.facts, ServiceKey.CIVIC_ORIENTATION, "791")} == {
        "Siikalatva", "Oulu"}


def test_a_swedish_seller_town_is_no_member(nlp) -> None:
    result = _extract("Närpes integrationsprogram 2025–2028\n\nProgrammet gäller Närpes stad.\n\n"
                      "Samhällsorientering\n\nStaden köper samhällsorienteringen av Vasa stad.\n")
    assert [m.name_fi for m in result.municipalities] == ["Närpiö"]
    assert {name for _role, name in who_answers(result.facts, ServiceKey.CIVIC_ORIENTATION, "545")} == {
        "Närpiö", "Vaasa"}


def test_a_seller_in_a_table_cell_is_no_member(nlp) -> None:
    data = tables_docx("Siikalatvan kotoutumisohjelma 2025–2028", [("Palvelut ja vastuut", [
        ("Palvelu", "Työnhakijat", "Muut", "Yhteistyötahot"),
        ("Osaamisen ja kotoutumisen palvelutarpeen arviointi", "Oulun seudun työllisyysalue",
         "Siikalatvan kunta, sosiaalityö", "Pohjois-Pohjanmaan hyvinvointialue"),
        ("Monikielinen yhteiskuntaorientaatio", "Siikalatvan kunta (ostopalveluna Oulun kaupungilta)",
         "Siikalatvan kunta (ostopalveluna Oulun kaupungilta)", "Kela"),
    ])], opening="Kotoutumisohjelma koskee Siikalatvan kuntaa.")
    result = extract_bytes(data, "siikalatva.docx")
    assert [m.name_fi for m in result.municipalities] == ["Siikalatva"]
    assert who_answers(result.facts, ServiceKey.CIVIC_ORIENTATION) == {
        ("jobseekers", "Siikalatva"), ("others", "Siikalatva"), ("jobseekers", "Oulu"), ("others", "Oulu")}
