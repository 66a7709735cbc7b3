"""A joint programme whose core is a responsibility matrix: one column per member
municipality, one row per service, each cell the member's own body (or what it buys and from
whom); a sentence before it restates the 3 § division for the jobseekers.

Written for the test in that layout (a landscape DOCX table); run through the whole pipeline.
"""

import io

import pytest

from extraction.pipeline import extract_bytes

pytestmark = pytest.mark.model

ROWS = [
    ("Palvelu", "Iisalmi", "Sonkajärvi", "Vieremä"),
    ("Osaamisen ja kotoutumisen palvelutarpeen arviointi", "Maahanmuuttopalvelut",
     "Kunnan sosiaalityöntekijä", "Ostopalvelu Iisalmen kaupungilta"),
    ("Kotoutumissuunnitelma", "Maahanmuuttopalvelut", "Kunnan sosiaalityöntekijä",
     "Ostopalvelu Iisalmen kaupungilta"),
    ("Monikielinen yhteiskuntaorientaatio", "Ylä-Savon ammattiopisto (ostopalvelu)",
     "Iisalmen kaupunki", "Iisalmen kaupunki"),
]


@pytest.fixture(scope="module")
def facts(nlp) -> list:
    import docx
    from docx.enum.section import WD_ORIENT

    document = docx.Document()
    document.sections[0].orientation = WD_ORIENT.LANDSCAPE
    document.add_heading("Ylä-Savon kuntien kotoutumisohjelma 2025–2028", 0)
    document.add_paragraph("Ohjelma koskee Iisalmea, Sonkajärveä ja Vieremää. Työnhakijoiden palveluista "
                           "vastaa kaikissa kunnissa Ylä-Savon työllisyysalue.")
    document.add_heading("Vastuumatriisi: muut kuin työnhakijat", 1)
    table = document.add_table(rows=len(ROWS), cols=len(ROWS[0]))
    for r, row in enumerate(ROWS):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    out = io.BytesIO()
    document.save(out)
    return extract_bytes(out.getvalue(), "yla-savo.docx").facts


def _who(facts, code: str, service: str) -> set[tuple[str, str]]:
    return {(f.role.value, f.organisation.name) for f in facts if f.municipality == code
            and f.service.value == service and f.target_group.value == "others" and f.confidence >= 0.5}


def test_each_member_column_gives_that_member_s_own_body(facts) -> None:
    assert _who(facts, "140", "assessment") == {("responsible", "Iisalmi")}
    assert _who(facts, "762", "assessment") == {("responsible", "Sonkajärvi")}


def test_a_cell_bought_from_another_member_names_seller_and_buyer(facts) -> None:
    assert _who(facts, "925", "integration-plan") == {("provider", "Iisalmi"), ("responsible", "Vieremä")}


def test_a_restated_division_for_every_service_is_kept_below_the_answer_threshold(facts) -> None:
    restated = [f for f in facts if f.target_group.value == "jobseekers"]
    assert restated and all(f.confidence < 0.5 for f in restated)
    assert {f.service.value for f in restated} >= {"assessment", "civic-orientation",
                                                   "guidance-and-counselling"}
