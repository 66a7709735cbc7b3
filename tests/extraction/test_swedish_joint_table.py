"""A Swedish joint programme of three municipalities: a common responsibility table (groups as
columns, "Hemkommunen" for each member's own part) and a chapter of prose per member, which
names other towns as sellers and venues. Built as DOCX for the test in the layout of that
held-out kind."""

import io

import pytest

from extraction.model import Role, ServiceKey, TargetGroup
from extraction.pipeline import extract_bytes
from tests.extraction.helpers import tables_docx, who_answers

pytestmark = pytest.mark.model

KORSHOLM, VORA, MALAX, VASA = "499", "946", "475", "905"
HEADER = ("Tjänst", "Arbetssökande", "Övriga invandrare", "Samarbetspartner")
ROWS = [HEADER,
        ("Kartläggning av kompetens och servicebehov (14 §)", "Österbottens sysselsättningsområde",
         "Hemkommunen", "Österbottens välfärdsområde"),
        ("Integrationsplan (16 §)", "Sysselsättningsområdet", "Hemkommunen", "FPA"),
        ("Flerspråkig samhällsorientering (25 §)", "Hemkommunen", "Hemkommunen", "Vasa arbetarinstitut")]
MEMBERS = (("2.1 Korsholm", "Korsholms kommun har en integrationskoordinator som gör kartläggningen och "
            "integrationsplanen för övriga invandrare."),
           ("2.2 Vörå", "Vörå köper kartläggningen och integrationsplanen för övriga av Korsholms kommun."),
           ("2.3 Malax", "Integrationsutbildningen för övriga köps av Vasa stad."))


def _programme() -> bytes:
    import docx

    data = tables_docx("Gemensamt integrationsprogram för Korsholm, Vörå och Malax 2025–2028",
                       [("1 Ansvarsfördelning", ROWS)],
                       opening="Programmet gäller kommunerna Korsholm, Vörå och Malax. Tabellen nedan "
                               "visar ansvarsfördelningen; kommunernas egna lösningar beskrivs i kapitel 2.")
    document = docx.Document(io.BytesIO(data))
    document.add_heading("2 Kommunernas egna lösningar", 2)
    for heading, text in MEMBERS:
        document.add_heading(heading, 3)
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def extraction(nlp):
    return extract_bytes(_programme(), "korsholm.docx")


def _who(extraction, code: str, service: ServiceKey) -> set[tuple[Role, str]]:
    return who_answers(extraction.facts, service, code, {TargetGroup.OTHERS})


def test_the_members_are_the_ones_the_programme_says_it_is_for(extraction) -> None:
    """Vasa sells a service and lends its adult education centre's name: no member."""
    assert {m.code for m in extraction.municipalities} == {KORSHOLM, VORA, MALAX}


def test_a_member_s_purchase_from_another_member_and_from_a_town_outside(extraction) -> None:
    assert _who(extraction, VORA, ServiceKey.ASSESSMENT) == {
        (Role.RESPONSIBLE, "Vöyri"), (Role.PROVIDER, "Mustasaari")}
    assert _who(extraction, MALAX, ServiceKey.INTEGRATION_TRAINING) == {
        (Role.RESPONSIBLE, "Maalahti"), (Role.PROVIDER, "Vaasa")}


def test_hemkommunen_in_the_common_table_is_each_member(extraction) -> None:
    for code, name in ((KORSHOLM, "Mustasaari"), (MALAX, "Maalahti")):
        assert _who(extraction, code, ServiceKey.CIVIC_ORIENTATION) == {(Role.RESPONSIBLE, name)}
