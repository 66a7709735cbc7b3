"""Tables in plain text (`extraction.text_tables`): aligned with spaces, as `pdftotext
-layout` or a hand-typed matrix lays them out, or drawn with " | " and a rule under the
header; a wrapped cell's rest on a line of its own; a column that only numbers the rows."""

import pytest

from extraction.model import ServiceKey
from extraction.pipeline import extract_bytes
from extraction.text_tables import table_lines
from tests.extraction.helpers import who_answers

ALIGNED = [
    "Nro  Palvelu                             Iisalmi         Kiuruvesi",
    "1    Palvelutarpeen arviointi (14 §)     kunta           osto: Iisalmen kaupunki",
    "11   Muut kunnan palvelut (13 § 2 mom.)  kunta (vapaa-   suunn. 2026",
    "                                         aikapalvelut)",
]
PIPED = [
    "Nro | Palvelu                  | Iisalmi           | Kiuruvesi",
    "----+--------------------------+-------------------+-----------------",
    "9   | Muu koulutus ja palvelut | kunta (IKO,       | kunta; yht.",
    "    |                          | kirjasto)         | Kiuruveden srk",
]


def test_an_aligned_table_is_cut_at_its_header_s_columns() -> None:
    assert table_lines(ALIGNED) == [
        "Palvelu | Iisalmi | Kiuruvesi",
        "Palvelutarpeen arviointi (14 §) | kunta | osto: Iisalmen kaupunki",
        "Muut kunnan palvelut (13 § 2 mom.) | kunta (vapaa- aikapalvelut) | suunn. 2026",
    ]


def test_a_drawn_table_loses_its_rule_and_its_row_numbers_and_keeps_wrapped_cells_whole() -> None:
    assert table_lines(PIPED) == [
        "Palvelu | Iisalmi | Kiuruvesi",
        "Muu koulutus ja palvelut | kunta (IKO, kirjasto) | kunta; yht. Kiuruveden srk",
    ]


def test_prose_and_a_two_column_legend_stay_lines() -> None:
    legend = ["  kunta           sarakkeen kunta järjestää ja tuottaa palvelun itse",
              "Ohjelma koskee Iisalmea ja Kiuruvettä.  Se on voimassa 2025–2027."]
    assert table_lines(legend) == legend


MATRIX = "\n".join([
    "YLÄ-SAVON KUNTIEN YHTEINEN KOTOUTUMISOHJELMA",
    "",
    "Ohjelma koskee Iisalmea ja Kiuruvettä.",
    "",
    "Taulukko 1. Muut kuin työnhakija-asiakkaat",
    "",
    *ALIGNED[:3], ALIGNED[3],
    "",
]) + "\n"


@pytest.mark.model
def test_a_member_matrix_in_plain_text_answers_who(nlp) -> None:
    facts = extract_bytes(MATRIX.encode(), "ylasavo.txt").facts
    iisalmi, kiuruvesi = "140", "263"
    assert ("responsible", "Iisalmi") in who_answers(facts, ServiceKey.ASSESSMENT, iisalmi)
    assert ("provider", "Iisalmi") in who_answers(facts, ServiceKey.ASSESSMENT, kiuruvesi)
